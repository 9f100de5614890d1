"""Area services: rename and merge (households move to the successor)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from households import services
from households.models import Area, AreaEvent, Household
from tests.factories import AreaFactory, HouseholdFactory

TODAY = timezone.localdate


def test_rename(areas, admin_user):
    day = dt.date(2025, 7, 1)
    services.area_rename(
        user=admin_user,
        area=areas.kp1,
        name="  Khu phố   Tân Hiệp ",
        effective_date=day,
        legal_basis="NQ 1234/NQ-UBTVQH15",
    )
    areas.kp1.refresh_from_db()
    assert areas.kp1.name == "Khu phố Tân Hiệp"
    event = AreaEvent.objects.get(area=areas.kp1)
    assert event.kind == AreaEvent.Kind.RENAMED
    assert event.effective_date == day
    assert event.legal_basis == "NQ 1234/NQ-UBTVQH15"
    assert event.description == "Đổi tên từ “Khu phố 1” thành “Khu phố Tân Hiệp”."
    assert areas.kp1.history.latest().history_user == admin_user
    assert areas.kp1.history.earliest().name == "Khu phố 1"


@pytest.mark.parametrize(
    ("name", "message"),
    [("   ", "Tên địa bàn không được để trống."), ("Khu phố 1", "Tên mới trùng tên hiện tại.")],
)
def test_rename_with_bad_input(areas, admin_user, name, message):
    with pytest.raises(ValidationError) as exc:
        services.area_rename(user=admin_user, area=areas.kp1, name=name, effective_date=TODAY())
    assert exc.value.message_dict == {"name": [message]}
    assert not AreaEvent.objects.exists()
    areas.kp1.refresh_from_db()
    assert areas.kp1.name == "Khu phố 1"


def test_merge_moves_active_households_to_the_successor(areas, admin_user, hh_kp1, hh_kp2):
    retired = HouseholdFactory(quarter=areas.kp2, code="KP2-009")
    services.household_retire(
        user=None, household=retired, reason="moved_away", retired_on=TODAY(), version=1
    )
    day = dt.date(2025, 7, 1)
    services.area_merge(
        user=admin_user, area=areas.kp2, into=areas.kp1, effective_date=day, legal_basis="QĐ 5"
    )
    hh_kp2.refresh_from_db()
    assert hh_kp2.quarter == areas.kp1
    assert hh_kp2.commune == areas.commune
    assert hh_kp2.version == 2
    assert hh_kp2.history.latest().history_user == admin_user
    retired.refresh_from_db()
    assert retired.quarter == areas.kp2  # past records stay where they were

    areas.kp2.refresh_from_db()
    assert areas.kp2.valid_to == dt.date(2025, 6, 30)
    assert areas.kp2.successor == areas.kp1
    assert areas.kp2.is_active is False
    assert list(areas.kp1.predecessors.all()) == [areas.kp2]

    merged = AreaEvent.objects.get(area=areas.kp2)
    assert (merged.kind, merged.other_area, merged.effective_date) == (
        AreaEvent.Kind.MERGED_INTO,
        areas.kp1,
        day,
    )
    assert merged.description == "Sáp nhập vào Khu phố 1."
    absorbed = AreaEvent.objects.get(area=areas.kp1)
    assert (absorbed.kind, absorbed.other_area) == (AreaEvent.Kind.ABSORBED, areas.kp2)
    assert absorbed.description == "Nhận sáp nhập Khu phố 2."
    assert absorbed.legal_basis == "QĐ 5"


def test_merge_of_communes_moves_the_quarters(areas, admin_user, hh_kp1):
    third = AreaFactory(name="Tân Hiệp", kind=Area.Kind.COMMUNE, parent=areas.province)
    services.area_merge(user=admin_user, area=areas.commune, into=third, effective_date=TODAY())
    areas.kp1.refresh_from_db()
    assert areas.kp1.parent == third
    assert areas.kp1.path == f"{third.path}{areas.kp1.pk:08d}/"
    areas.commune.refresh_from_db()
    assert areas.commune.successor == third


def test_merge_across_communes_moves_the_commune_of_households(areas, admin_user, hh_kp1):
    services.area_merge(
        user=admin_user, area=areas.kp1, into=areas.other_quarter, effective_date=TODAY()
    )
    hh_kp1.refresh_from_db()
    assert hh_kp1.quarter == areas.other_quarter
    assert hh_kp1.commune == areas.other_commune


def test_merge_across_communes_refuses_a_code_clash(areas, admin_user, hh_kp1):
    HouseholdFactory(quarter=areas.other_quarter, code="KP1-001")
    with pytest.raises(ValidationError) as exc:
        services.area_merge(
            user=admin_user, area=areas.kp1, into=areas.other_quarter, effective_date=TODAY()
        )
    assert exc.value.message_dict == {
        "into": ["Có hộ trùng mã giữa hai xã; hãy đổi mã trước khi sáp nhập."]
    }
    hh_kp1.refresh_from_db()
    assert hh_kp1.quarter == areas.kp1
    areas.kp1.refresh_from_db()
    assert areas.kp1.valid_to is None
    assert not AreaEvent.objects.exists()


def test_merge_into_itself_is_refused(areas, admin_user):
    with pytest.raises(ValidationError) as exc:
        services.area_merge(user=admin_user, area=areas.kp1, into=areas.kp1, effective_date=TODAY())
    assert exc.value.message_dict == {"into": ["Không thể sáp nhập một địa bàn vào chính nó."]}


def test_merge_into_another_kind_is_refused(areas, admin_user):
    with pytest.raises(ValidationError) as exc:
        services.area_merge(
            user=admin_user, area=areas.kp1, into=areas.commune, effective_date=TODAY()
        )
    assert exc.value.message_dict == {"into": ["Chỉ sáp nhập vào địa bàn cùng cấp."]}


def test_merge_of_a_retired_area_is_refused(areas, admin_user, hh_kp2):
    services.area_merge(user=admin_user, area=areas.kp2, into=areas.kp1, effective_date=TODAY())
    areas.kp2.refresh_from_db()
    kp3 = AreaFactory(name="Khu phố 3", kind=Area.Kind.QUARTER, parent=areas.commune)
    with pytest.raises(ValidationError) as exc:
        services.area_merge(user=admin_user, area=areas.kp2, into=kp3, effective_date=TODAY())
    assert exc.value.message_dict == {"into": ["Cả hai địa bàn phải đang hoạt động."]}
    assert Household.objects.get(pk=hh_kp2.pk).quarter == areas.kp1
