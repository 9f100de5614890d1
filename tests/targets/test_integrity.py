"""Integrity of the program's records: no lost targets, no overlapping programs, placements
and enrolments only for members still living in the commune, plausible dates."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from households import services as hsvc
from households.models import Member
from targets import services
from targets.models import JobPlacement, Program, TrainingEnrolment, YearlyTarget
from tests.targets.helpers import (
    ENROLMENT_CREATE,
    PLACEMENT_CREATE,
    place,
    placement_url,
    program_url,
    targets_snapshot,
)
from tests.targets.test_program_targets import full_form
from tests.utils import field_errors, messages_of, text

STALE = (
    "Chỉ tiêu của chương trình này vừa được người khác cập nhật, chưa lưu gì. "
    "Số bạn nhập vẫn còn trên biểu mẫu: hãy mở trang trong thẻ mới để xem thay đổi, "
    "rồi lưu lại."
)


# -- finding 7: the targets page is version-checked -------------------------------------------


def test_second_save_from_a_stale_copy_is_refused_and_keeps_the_input(
    client_for, officer, admin_user, plan, ind
):
    first, second = client_for(officer), client_for(admin_user)
    copy_1, copy_2 = full_form(first, plan), full_form(second, plan)
    key_vl, key_dn = f"t-{ind['VL'].pk}-2024", f"t-{ind['DN'].pk}-2025"

    copy_1[key_vl] = "600"
    assert first.post(program_url(plan), copy_1).status_code == 302

    copy_2[key_dn] = "999"  # typed on a copy that still shows VL 2024 = 525
    response = second.post(program_url(plan), copy_2)
    assert response.status_code == 200
    assert response.context["errors"]["__all__"] == STALE
    assert STALE in text(response)
    # The second person's typing is still on the form…
    cells = {c["key"]: c["value"] for row in response.context["table"] for c in row["cells"]}
    assert cells[key_dn] == "999"
    # …and the first person's save was not reverted.
    assert YearlyTarget.objects.get(indicator=ind["VL"], year=2024).value == 600
    assert not YearlyTarget.objects.filter(indicator=ind["DN"], year=2025, value=999).exists()

    # Reloaded, the second person's save goes through.
    fresh = full_form(second, plan)
    fresh[key_dn] = "999"
    assert second.post(program_url(plan), fresh).status_code == 302
    assert YearlyTarget.objects.get(indicator=ind["DN"], year=2025).value == 999
    assert YearlyTarget.objects.get(indicator=ind["VL"], year=2024).value == 600


def test_save_without_a_version_is_refused(client_for, officer, plan, ind):
    client = client_for(officer)
    data = full_form(client, plan)
    del data["version"]
    data[f"t-{ind['VL'].pk}-2024"] = "1"
    before = targets_snapshot(plan)
    response = client.post(program_url(plan), data)
    assert response.status_code == 200
    assert response.context["errors"]["__all__"] == STALE
    assert targets_snapshot(plan) == before


def test_program_targets_save_service_compares_versions(officer, plan, ind):
    services.program_targets_save(
        user=officer, program=plan, version=1, yearly=[(ind["VL"], 2024, D(1))], periods=[]
    )
    assert Program.objects.get(pk=plan.pk).version == 2
    with pytest.raises(ValidationError) as exc:
        services.program_targets_save(
            user=officer, program=plan, version=1, yearly=[(ind["VL"], 2024, D(2))], periods=[]
        )
    assert exc.value.messages == [STALE]
    assert YearlyTarget.objects.get(indicator=ind["VL"], year=2024).value == 1


# -- finding 11: program copy cannot overlap --------------------------------------------------


@pytest.mark.parametrize(("start", "end"), [(2025, 2029), (2019, 2021), (2022, 2023)])
def test_program_copy_cannot_overlap(officer, plan, start, end):
    with pytest.raises(ValidationError) as exc:
        services.program_copy(
            user=officer, program=plan, name="Chương trình mới", start_year=start, end_year=end
        )
    assert exc.value.message_dict == {
        "start_year": [
            f"Giai đoạn {start}–{end} trùng với chương trình “{plan.name}” (2021–2025) của xã: "
            "mỗi năm chỉ thuộc một chương trình."
        ]
    }
    assert Program.objects.count() == 1


def test_database_refuses_overlapping_programs(plan):
    """The backstop for writes that skip the service and the model check."""
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Program.objects.create(commune=plan.commune, name="Khác", start_year=2025, end_year=2027)
    new = Program.objects.create(commune=plan.commune, name="Sau", start_year=2026, end_year=2030)
    with pytest.raises(IntegrityError), transaction.atomic():
        Program.objects.filter(pk=new.pk).update(start_year=2024)
    assert Program.objects.count() == 2


def test_overlap_is_a_model_error_for_the_admin(plan):
    other = Program(commune=plan.commune, name="Khác", start_year=2025, end_year=2027)
    with pytest.raises(ValidationError) as exc:
        other.full_clean()
    assert list(exc.value.message_dict) == ["start_year"]


def test_program_copy_overlap_through_the_page(client_for, officer, plan):
    response = client_for(officer).post(
        f"{program_url(plan)}sao-chep/",
        {"name": "Giảm nghèo 2025–2029", "start_year": "2025", "end_year": "2029"},
    )
    assert response.status_code == 302
    assert any("trùng với chương trình" in m for m in messages_of(response))
    assert Program.objects.count() == 1


# -- finding 10: placements and enrolments need a member still in the commune ------------------


def job(**extra):
    return {"placed_on": "15/03/2024", "kind": "local", "channel": "job_fair", **extra}


def course(**extra):
    return {"occupation": "May công nghiệp", "start_date": "01/03/2024", **extra}


@pytest.fixture
def hoa(hh_kp1):
    return hh_kp1.members.get(full_name="Lê Thị Hoa")


@pytest.mark.parametrize(("url", "data"), [(PLACEMENT_CREATE, job), (ENROLMENT_CREATE, course)])
def test_member_who_left_is_refused(client_for, officer, plan, hoa, url, data):
    hsvc.member_retire(
        user=officer, member=hoa, reason="moved_out", left_on=dt.date(2024, 1, 1), version=1
    )
    response = client_for(officer).post(url, data(member_id=hoa.pk))
    assert response.status_code == 200
    assert field_errors(response, "member_id") == [
        "Lê Thị Hoa đã ra khỏi hộ: hãy chọn một thành viên đang cư trú."
    ]
    assert not JobPlacement.objects.exists() and not TrainingEnrolment.objects.exists()


@pytest.mark.parametrize(("url", "data"), [(PLACEMENT_CREATE, job), (ENROLMENT_CREATE, course)])
def test_member_of_a_retired_household_is_refused(client_for, officer, plan, hh_kp1, url, data):
    hsvc.household_retire(
        user=officer,
        household=hh_kp1,
        reason="moved_away",
        retired_on=dt.date(2024, 1, 1),
        version=hh_kp1.version,
    )
    head = Member.objects.get(pk=hh_kp1.head_id)
    response = client_for(officer).post(url, data(member_id=head.pk))
    assert response.status_code == 200
    assert field_errors(response, "member_id") == [
        "Hộ KP1-001 đã ra khỏi danh sách: không ghi nhận cho thành viên của hộ này."
    ]
    assert not JobPlacement.objects.exists() and not TrainingEnrolment.objects.exists()


def test_service_refuses_a_member_who_left(officer, plan, areas, hoa):
    Member.objects.filter(pk=hoa.pk).update(
        is_active=False, left_on=dt.date(2024, 2, 1), left_reason="moved_out"
    )
    hoa.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.enrolment_save(
            user=officer,
            commune=areas.commune,
            member=hoa,
            occupation="May",
            start_date=dt.date(2024, 3, 1),
        )
    assert list(exc.value.message_dict) == ["member_id"]


def test_editing_a_placement_keeps_a_member_who_left_since(client_for, officer, plan, areas, hoa):
    obj = place(areas.kp1, dt.date(2024, 1, 5), member=hoa, user=officer)
    Member.objects.filter(pk=hoa.pk).update(
        is_active=False, left_on=dt.date(2024, 2, 1), left_reason="moved_out"
    )
    response = client_for(officer).post(placement_url(obj), job(member_id=hoa.pk, employer="X"))
    assert response.status_code == 302
    obj.refresh_from_db()
    assert obj.employer == "X"


@pytest.mark.parametrize("member_id", ["abc", "99999999", "1e3", "-1", "9" * 40])
@pytest.mark.parametrize(("url", "data"), [(PLACEMENT_CREATE, job), (ENROLMENT_CREATE, course)])
def test_invalid_member_id_is_a_field_error(client_for, officer, plan, url, data, member_id):
    response = client_for(officer).post(url, data(member_id=member_id))
    assert response.status_code == 200
    assert field_errors(response, "member_id") == [
        "Không tìm thấy người này trong sổ hộ bạn phụ trách. Hãy tìm và chọn lại."
    ]
    assert "Không tìm thấy người này" in text(response)


# -- finding 9: worker and course dates -----------------------------------------------------


def test_worker_born_in_the_future_is_refused(client_for, officer, plan, areas):
    data = job(worker_name="Trần Thị Mới", birth_year="2030", quarter=areas.kp1.pk)
    response = client_for(officer).post(PLACEMENT_CREATE, data)
    assert response.status_code == 200
    assert field_errors(response, "birth_year")
    assert not JobPlacement.objects.exists()
    with pytest.raises(ValidationError) as exc:
        services.placement_save(
            user=officer,
            commune=areas.commune,
            worker_name="Trần Thị Mới",
            birth_year=2030,
            quarter=areas.kp1,
            placed_on=dt.date(2024, 3, 1),
            kind="local",
            channel="other",
        )
    assert list(exc.value.message_dict) == ["birth_year"]


@pytest.mark.parametrize("end", ["9999-12-31", "0001-01-01"])
def test_enrolment_ending_in_9999_is_refused(client_for, officer, plan, areas, end):
    data = course(worker_name="Trần Thị Mới", birth_year="1999", quarter=areas.kp1.pk, end_date=end)
    response = client_for(officer).post(ENROLMENT_CREATE, data)
    assert response.status_code == 200
    assert field_errors(response, "end_date")
    assert not TrainingEnrolment.objects.exists()


def test_enrolment_end_bounded_by_the_service(officer, plan, areas):
    with pytest.raises(ValidationError) as exc:
        services.enrolment_save(
            user=officer,
            commune=areas.commune,
            worker_name="Trần Thị Mới",
            birth_year=1999,
            quarter=areas.kp1,
            occupation="May",
            start_date=dt.date(2024, 3, 1),
            end_date=dt.date(9999, 12, 31),
        )
    assert list(exc.value.message_dict) == ["end_date"]


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_placement_date_is_bounded(client_for, officer, plan, areas, day):
    data = job(worker_name="Trần Thị Mới", birth_year="1999", quarter=areas.kp1.pk, placed_on=day)
    response = client_for(officer).post(PLACEMENT_CREATE, data)
    assert response.status_code == 200
    assert field_errors(response, "placed_on")
