"""Registry dates are plausible: birth from 1900, events from 2000, not far in the future."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from households import services
from households.models import AreaEvent, Household, Member
from tannkhai.dates import BIRTH, LONG_PLANNED, PAST, PLANNED, BoundedDateField
from tests.utils import field_errors

YEAR_1 = dt.date(1, 1, 1)
YEAR_9999 = dt.date(9999, 12, 31)


def test_bounds_of_the_date_windows():
    today = timezone.localdate()
    PAST(dt.date(2000, 1, 1))
    PAST(today)
    BIRTH(dt.date(1900, 1, 1))
    PLANNED(today + dt.timedelta(days=60))
    LONG_PLANNED(today + dt.timedelta(days=365 * 4))
    for bounds, day in [
        (PAST, dt.date(1999, 12, 31)),
        (PAST, today + dt.timedelta(days=1)),
        (BIRTH, dt.date(1899, 12, 31)),
        (BIRTH, today + dt.timedelta(days=1)),
        (PLANNED, today + dt.timedelta(days=61)),
        (LONG_PLANNED, YEAR_9999),
        (LONG_PLANNED, YEAR_1),
    ]:
        with pytest.raises(ValidationError):
            bounds(day)


def test_bounded_field_messages_are_vietnamese():
    field = BoundedDateField()
    with pytest.raises(ValidationError) as exc:
        field.clean("0001-01-01")
    assert exc.value.messages == ["Ngày không hợp lệ: hãy nhập một ngày từ 01/01/2000 trở đi."]
    with pytest.raises(ValidationError) as exc:
        field.clean("9999-12-31")
    assert exc.value.messages == ["Ngày không được ở tương lai."]
    planned = BoundedDateField(bounds=PLANNED)
    with pytest.raises(ValidationError) as exc:
        planned.clean("9999-12-31")
    latest = (timezone.localdate() + dt.timedelta(days=60)).strftime("%d/%m/%Y")
    assert exc.value.messages == [
        f"Ngày không hợp lệ: hãy nhập một ngày đến {latest} là muộn nhất."
    ]


@pytest.mark.parametrize("day", [YEAR_1, dt.date(1999, 1, 1), YEAR_9999])
def test_household_retirement_date_is_bounded(officer, hh_kp1, day):
    with pytest.raises(ValidationError) as exc:
        services.household_retire(
            user=officer,
            household=hh_kp1,
            reason="moved_away",
            retired_on=day,
            version=hh_kp1.version,
        )
    assert list(exc.value.message_dict) == ["retired_on"]
    assert Household.objects.get(pk=hh_kp1.pk).is_active


@pytest.mark.parametrize("day", [YEAR_1, YEAR_9999])
def test_member_retirement_date_is_bounded(officer, hh_kp1, day):
    hoa = hh_kp1.members.exclude(pk=hh_kp1.head_id).first()
    with pytest.raises(ValidationError) as exc:
        services.member_retire(
            user=officer, member=hoa, reason="moved_out", left_on=day, version=hoa.version
        )
    assert list(exc.value.message_dict) == ["left_on"]
    assert Member.objects.get(pk=hoa.pk).is_active


def test_member_cannot_leave_before_birth(officer, hh_kp1):
    hoa = hh_kp1.members.exclude(pk=hh_kp1.head_id).first()
    Member.objects.filter(pk=hoa.pk).update(date_of_birth=dt.date(2010, 5, 1))
    hoa.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.member_retire(
            user=officer,
            member=hoa,
            reason="moved_out",
            left_on=dt.date(2009, 1, 1),
            version=hoa.version,
        )
    assert exc.value.message_dict == {
        "left_on": ["Ngày ra khỏi hộ không được trước ngày sinh (01/05/2010)."]
    }


def test_birth_date_before_1900_is_refused_by_the_service(officer, hh_kp1):
    with pytest.raises(ValidationError) as exc:
        services.member_create(
            user=officer,
            household=hh_kp1,
            full_name="Cụ Già",
            sex="male",
            date_of_birth=dt.date(1, 1, 1),
            birth_year=1,
            relation_to_head="other",
        )
    assert "date_of_birth" in exc.value.message_dict


def test_birth_date_before_1900_is_refused_by_the_form(client_for, officer, hh_kp1):
    response = client_for(officer).post(
        f"/ho-gia-dinh/{hh_kp1.pk}/them-thanh-vien/",
        {
            "full_name": "Cụ Già",
            "sex": "male",
            "date_of_birth": "0001-01-01",
            "relation_to_head": "other",
        },
    )
    assert response.status_code == 200
    assert field_errors(response, "date_of_birth") == [
        "Ngày không hợp lệ: hãy nhập một ngày từ 01/01/1900 trở đi."
    ]


@pytest.mark.parametrize("day", [YEAR_1, YEAR_9999])
def test_area_rename_and_merge_dates_are_bounded(admin_user, areas, day):
    with pytest.raises(ValidationError) as exc:
        services.area_rename(
            user=admin_user, area=areas.kp2, name="Khu phố Hai", effective_date=day
        )
    assert list(exc.value.message_dict) == ["effective_date"]
    with pytest.raises(ValidationError) as exc:
        services.area_merge(user=admin_user, area=areas.kp2, into=areas.kp1, effective_date=day)
    assert list(exc.value.message_dict) == ["effective_date"]
    assert not AreaEvent.objects.filter(effective_date=day).exists()


def test_area_rename_screen_refuses_year_9999(client_for, admin_user, areas):
    response = client_for(admin_user).post(
        f"/ho-gia-dinh/dia-ban/{areas.kp2.pk}/doi-ten/",
        {"name": "Khu phố Hai", "effective_date": "9999-12-31"},
    )
    assert response.status_code == 200
    assert field_errors(response, "effective_date")
