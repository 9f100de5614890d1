"""Entry screens for job placements and training enrolments, and the member search."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from households import services as hsvc
from households.models import Household, PovertyStatus
from targets import services
from targets.models import IndustrialPark, JobPlacement, TrainingEnrolment
from tests.conftest import AN_CITIZEN_ID
from tests.targets.helpers import (
    ENROLMENT_CREATE,
    ENROLMENTS,
    MEMBER_SEARCH,
    PLACEMENT_CREATE,
    PLACEMENTS,
    enrol,
    enrolment_url,
    place,
    placement_url,
    plan_counts,
)
from tests.utils import field_errors, text


@pytest.fixture
def an(hh_kp1):
    """Nguyễn Văn Ân, head of the Khu phố 1 household (poor)."""
    Household.objects.filter(pk=hh_kp1.pk).update(poverty_status=PovertyStatus.POOR)
    return hh_kp1.members.get(full_name="Nguyễn Văn Ân")


@pytest.fixture
def binh(hh_kp2):
    return hh_kp2.members.get()


@pytest.fixture
def sikiko(plan):
    return IndustrialPark.objects.get(name="Khu công nghiệp Sikiko")


def job(**extra):
    data = {"placed_on": "15/03/2024", "kind": "local", "channel": "job_fair", "employer": ""}
    return {**data, **extra}


def course(**extra):
    data = {"occupation": "May công nghiệp", "start_date": "01/03/2024", "centre": "Trung tâm GDNN"}
    return {**data, **extra}


def typed(quarter, **extra):
    return {"worker_name": "Trần Thị Mới", "birth_year": "1999", "quarter": quarter.pk, **extra}


# -- placements ------------------------------------------------------------------------------


def test_create_form_offers_the_member_search(client_for, officer, plan):
    response = client_for(officer).get(PLACEMENT_CREATE)
    assert response.status_code == 200
    body = text(response)
    assert 'hx-get="/chuong-trinh/tim-nguoi/"' in body
    assert 'name="member_id"' in body


def test_create_placement_for_a_registry_member(client_for, officer, plan, an, areas):
    response = client_for(officer).post(
        PLACEMENT_CREATE, job(member_id=an.pk, employer="Công ty TNHH Cao su Tân Khai")
    )
    assert response.status_code == 302
    # Back to the list filtered to the new record, not to every record of the commune.
    assert response["Location"] == f"{PLACEMENTS}?q=Nguy%E1%BB%85n+V%C4%83n+%C3%82n&year=2024"
    placement = JobPlacement.objects.get()
    assert placement.member == an
    assert placement.household_id == an.household_id
    assert (placement.worker_name, placement.birth_year) == ("Nguyễn Văn Ân", 1980)
    assert (placement.commune, placement.quarter) == (areas.commune, areas.kp1)
    assert placement.household_status == PovertyStatus.POOR
    assert placement.placed_on == dt.date(2024, 3, 15)
    assert placement.employer == "Công ty TNHH Cao su Tân Khai"
    assert placement.created_by == officer
    assert placement.history.get().history_user == officer


def test_create_placement_for_a_person_typed_in(client_for, officer, plan, areas, sikiko):
    data = job(kind="industrial_park", industrial_park=sikiko.pk, placed_on="2024-05-02")
    response = client_for(officer).post(
        PLACEMENT_CREATE, {**data, **typed(areas.kp2, worker_name="  Trần   Thị Mới ")}
    )
    assert response.status_code == 302
    placement = JobPlacement.objects.get()
    assert placement.member is None and placement.household is None
    assert (placement.worker_name, placement.birth_year) == ("Trần Thị Mới", 1999)
    assert placement.quarter == areas.kp2
    assert placement.industrial_park == sikiko
    assert placement.household_status == ""


def test_edit_placement(client_for, officer, plan, areas, an, sikiko):
    obj = place(areas.kp2, dt.date(2024, 1, 5), name="Tên Gõ Tay", user=officer)
    client = client_for(officer)
    form = client.get(placement_url(obj))
    assert form.status_code == 200
    assert form.context["form"].initial["worker_name"] == "Tên Gõ Tay"
    response = client.post(
        placement_url(obj), job(member_id=an.pk, kind="industrial_park", industrial_park=sikiko.pk)
    )
    assert response.status_code == 302
    obj.refresh_from_db()
    assert (obj.member, obj.quarter, obj.worker_name) == (an, areas.kp1, "Nguyễn Văn Ân")
    assert obj.industrial_park == sikiko
    assert JobPlacement.objects.count() == 1

    # Another kind: the park is dropped.
    client.post(placement_url(obj), job(member_id=an.pk, industrial_park=sikiko.pk))
    obj.refresh_from_db()
    assert (obj.kind, obj.industrial_park) == ("local", None)
    assert obj.history.latest().history_user == officer


def test_quarter_head_records_for_their_quarter(client_for, quarter_head_kp1, plan, areas, an):
    client = client_for(quarter_head_kp1)
    assert client.post(PLACEMENT_CREATE, job(member_id=an.pk)).status_code == 302
    assert client.post(PLACEMENT_CREATE, job(**typed(areas.kp1))).status_code == 302
    assert set(JobPlacement.objects.values_list("quarter", flat=True)) == {areas.kp1.pk}


def test_quarter_head_cannot_record_for_another_quarter(
    client_for, quarter_head_kp1, plan, areas, binh
):
    client = client_for(quarter_head_kp1)
    before = plan_counts()
    response = client.post(PLACEMENT_CREATE, job(**typed(areas.kp2)))
    assert response.status_code == 200
    assert field_errors(response, "quarter")
    # A member out of scope is not found: a message on the member field, not a 404 page.
    response = client.post(PLACEMENT_CREATE, job(member_id=binh.pk))
    assert response.status_code == 200
    assert field_errors(response, "member_id") == [
        "Không tìm thấy người này trong sổ hộ bạn phụ trách. Hãy tìm và chọn lại."
    ]
    assert plan_counts() == before


# -- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("tomorrow", "Ngày không được ở tương lai."),
        ("15/06/1999", "Ngày không hợp lệ: hãy nhập một ngày từ 01/01/2000 trở đi."),
        ("31/02/2024", "Nhập một ngày hợp lệ."),
    ],
)
def test_placement_date_implausible_or_future(client_for, officer, plan, areas, day, message):
    if day == "tomorrow":
        day = (timezone.localdate() + dt.timedelta(days=1)).strftime("%d/%m/%Y")
    before = plan_counts()
    response = client_for(officer).post(PLACEMENT_CREATE, job(placed_on=day, **typed(areas.kp1)))
    assert response.status_code == 200
    assert field_errors(response, "placed_on") == [message]
    assert message in text(response)
    assert plan_counts() == before


def test_placement_in_a_new_program_period_is_accepted(client_for, officer, plan, areas):
    services.program_copy(
        user=officer, program=plan, name=plan.name, start_year=2026, end_year=2030
    )
    response = client_for(officer).post(
        PLACEMENT_CREATE, job(placed_on="15/01/2026", **typed(areas.kp1))
    )
    assert response.status_code == 302
    assert JobPlacement.objects.get().placed_on == dt.date(2026, 1, 15)


def test_industrial_park_kind_needs_a_park(client_for, officer, plan, an):
    before = plan_counts()
    response = client_for(officer).post(
        PLACEMENT_CREATE, job(member_id=an.pk, kind="industrial_park")
    )
    assert response.status_code == 200
    assert field_errors(response, "industrial_park") == ["Hãy chọn khu công nghiệp."]
    assert plan_counts() == before


def test_no_worker_given(client_for, officer, plan):
    before = plan_counts()
    response = client_for(officer).post(PLACEMENT_CREATE, job())
    assert response.status_code == 200
    assert field_errors(response, "worker_name") == ["Hãy chọn người trong sổ hộ hoặc nhập họ tên."]
    assert field_errors(response, "birth_year") == ["Hãy nhập năm sinh."]
    assert field_errors(response, "quarter") == ["Hãy chọn khu phố / ấp."]
    assert "Hãy chọn người trong sổ hộ hoặc nhập họ tên." in text(response)
    assert plan_counts() == before


def test_name_without_birth_year(client_for, officer, plan, areas):
    response = client_for(officer).post(
        PLACEMENT_CREATE, job(worker_name="Trần Thị Mới", quarter=areas.kp1.pk)
    )
    assert field_errors(response, "birth_year") == ["Hãy nhập năm sinh."]
    assert not JobPlacement.objects.exists()


def test_member_of_another_commune_is_refused(officer, plan, areas, hh_other):
    cuong = hh_other.members.get()
    with pytest.raises(ValidationError) as exc:
        services.placement_save(
            user=officer,
            commune=areas.commune,
            member=cuong,
            placed_on=dt.date(2024, 3, 1),
            kind="local",
            channel="other",
        )
    assert exc.value.message_dict == {"member_id": ["Người này không thuộc xã của chương trình."]}
    assert not JobPlacement.objects.exists()


def test_leader_cannot_save_through_the_service(leader, plan, areas):
    with pytest.raises(services.PermissionDenied):
        services.placement_save(
            user=leader,
            commune=areas.commune,
            worker_name="Ai Đó",
            birth_year=1990,
            quarter=areas.kp1,
            placed_on=dt.date(2024, 3, 1),
            kind="local",
            channel="other",
        )


# -- enrolments ------------------------------------------------------------------------------


def test_create_and_edit_enrolment(client_for, officer, plan, an, areas):
    client = client_for(officer)
    response = client.post(ENROLMENT_CREATE, course(member_id=an.pk, course="Sơ cấp, 3 tháng"))
    assert response.status_code == 302
    assert response["Location"] == f"{ENROLMENTS}?q=Nguy%E1%BB%85n+V%C4%83n+%C3%82n&year=2024"
    enrolment = TrainingEnrolment.objects.get()
    assert (enrolment.member, enrolment.quarter, enrolment.worker_name) == (
        an,
        areas.kp1,
        "Nguyễn Văn Ân",
    )
    assert (enrolment.start_date, enrolment.end_date, enrolment.completed) == (
        dt.date(2024, 3, 1),
        None,
        False,
    )
    assert client.get(enrolment_url(enrolment)).status_code == 200
    response = client.post(
        enrolment_url(enrolment),
        course(member_id=an.pk, end_date="31/05/2024", completed="on", employed_after="on"),
    )
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert (enrolment.end_date, enrolment.completed, enrolment.employed_after) == (
        dt.date(2024, 5, 31),
        True,
        True,
    )
    assert TrainingEnrolment.objects.count() == 1
    assert enrolment.history.count() == 2


def test_enrolment_for_a_person_typed_in(client_for, quarter_head_kp2, plan, areas):
    response = client_for(quarter_head_kp2).post(ENROLMENT_CREATE, course(**typed(areas.kp2)))
    assert response.status_code == 302
    enrolment = TrainingEnrolment.objects.get()
    assert (enrolment.member, enrolment.worker_name, enrolment.quarter) == (
        None,
        "Trần Thị Mới",
        areas.kp2,
    )


def test_trainee_end_date_before_start(client_for, officer, plan, an):
    before = plan_counts()
    response = client_for(officer).post(
        ENROLMENT_CREATE, course(member_id=an.pk, start_date="01/03/2024", end_date="28/02/2024")
    )
    assert response.status_code == 200
    assert field_errors(response, "end_date") == ["Ngày kết thúc không được trước ngày khai giảng."]
    assert plan_counts() == before


def test_enrolment_save_refuses_end_before_start(officer, plan, an, areas):
    with pytest.raises(ValidationError, match="Ngày kết thúc không được trước ngày khai giảng"):
        services.enrolment_save(
            user=officer,
            commune=areas.commune,
            member=an,
            occupation="Hàn",
            start_date=dt.date(2024, 3, 1),
            end_date=dt.date(2024, 2, 1),
        )
    assert not TrainingEnrolment.objects.exists()


def test_enrolment_before_the_program_is_recorded(client_for, officer, plan, an):
    """Issue 8 item 11: a record does not need a program covering its date."""
    response = client_for(officer).post(
        ENROLMENT_CREATE, course(member_id=an.pk, start_date="01/09/2020")
    )
    assert response.status_code == 302
    assert TrainingEnrolment.objects.get().start_date == dt.date(2020, 9, 1)


@pytest.mark.parametrize("day", ["today", "15/01/2026", "15/06/2019"])
def test_placement_outside_every_program_is_recorded(client_for, officer, plan, areas, day):
    """Issue 8 item 11: the plan covers 2021–2025; a 2026 placement (today's default) is
    still a fact about a person and is recorded."""
    if day == "today":
        day = timezone.localdate().strftime("%d/%m/%Y")
    response = client_for(officer).post(PLACEMENT_CREATE, job(placed_on=day, **typed(areas.kp1)))
    assert response.status_code == 302
    assert JobPlacement.objects.count() == 1


def test_placement_with_no_program_at_all_is_recorded(client_for, officer, areas):
    response = client_for(officer).post(
        PLACEMENT_CREATE,
        job(placed_on=timezone.localdate().strftime("%d/%m/%Y"), **typed(areas.kp1)),
    )
    assert response.status_code == 302
    assert JobPlacement.objects.count() == 1


def test_employed_after_needs_completion(client_for, officer, plan, an):
    response = client_for(officer).post(
        ENROLMENT_CREATE, course(member_id=an.pk, employed_after="on")
    )
    assert response.status_code == 200
    assert field_errors(response, "employed_after") == [
        "Chỉ ghi có việc làm sau đào tạo khi đã hoàn thành khóa học."
    ]
    assert not TrainingEnrolment.objects.exists()


def test_enrolment_needs_an_occupation(client_for, officer, plan, an):
    response = client_for(officer).post(ENROLMENT_CREATE, course(member_id=an.pk, occupation=""))
    assert response.status_code == 200
    assert field_errors(response, "occupation")
    assert not TrainingEnrolment.objects.exists()


def test_quarter_head_cannot_edit_another_quarters_enrolment(
    client_for, quarter_head_kp1, plan, areas
):
    obj = enrol(areas.kp2, dt.date(2024, 3, 1))
    response = client_for(quarter_head_kp1).post(enrolment_url(obj), course(**typed(areas.kp1)))
    assert response.status_code == 404
    obj.refresh_from_db()
    assert obj.quarter == areas.kp2


# -- member search ---------------------------------------------------------------------------


def search(client, q):
    response = client.get(MEMBER_SEARCH, {"q": q})
    assert response.status_code == 200
    return {m.full_name for m in response.context["members"]}


@pytest.mark.parametrize(
    "q", ["nguyen van", "Nguyen Van", "NGUYỄN VĂN", "  nguyễn   văn ", "van an", "nguyen van an"]
)
def test_member_search_ignores_diacritics(client_for, officer, households, q):
    assert search(client_for(officer), q) == {"Nguyễn Văn Ân"}


def test_member_search_results_can_be_picked(client_for, officer, households, an):
    body = text(client_for(officer).get(MEMBER_SEARCH, {"q": "nguyen van"}))
    assert f'data-member-pick="{an.pk}"' in body
    assert "KP1-001" in body


def test_member_search_by_citizen_id(client_for, officer, households):
    spaced = f"{AN_CITIZEN_ID[:3]} {AN_CITIZEN_ID[3:6]} {AN_CITIZEN_ID[6:]}"
    assert search(client_for(officer), spaced) == {"Nguyễn Văn Ân"}


def test_member_search_only_in_scope(client_for, persona, households):
    assert search(client_for(persona("officer")), "van cuong") == set()
    assert search(client_for(persona("officer")), "le thi hoa") == {"Lê Thị Hoa"}
    assert search(client_for(persona("quarter_head_kp1")), "dang thi binh") == set()
    assert search(client_for(persona("quarter_head_kp2")), "nguyen van") == set()
    assert search(client_for(persona("quarter_head_kp2")), "dang thi binh") == {"Đặng Thị Bình"}
    assert search(client_for(persona("outsider")), "nguyen van") == set()
    assert search(client_for(persona("outsider")), "van cuong") == {"Phạm Văn Cường"}
    assert search(client_for(persona("admin_user")), "van") == {
        "Nguyễn Văn Ân",
        "Phạm Văn Cường",
    }


def test_member_search_needs_two_letters(client_for, officer, households):
    response = client_for(officer).get(MEMBER_SEARCH, {"q": "n"})
    assert list(response.context["members"]) == []
    assert "Không tìm thấy" not in text(response)
    assert "Không tìm thấy" in text(client_for(officer).get(MEMBER_SEARCH, {"q": "zz"}))


def test_member_search_leaves_out_retired_households(client_for, officer, households, hh_kp2):
    hsvc.household_retire(
        user=officer,
        household=hh_kp2,
        reason=Household.RetiredReason.MOVED_AWAY,
        retired_on=dt.date(2025, 1, 1),
        version=hh_kp2.version,
    )
    assert search(client_for(officer), "dang thi binh") == set()


# -- issue 8 item 11: where the 2026–2030 program is missing, the app says so -----------------


def test_dashboard_says_the_current_year_has_no_program_and_links_to_making_it(
    client_for, officer, leader, plan
):
    from tests.targets.helpers import DASHBOARD, program_url

    year = timezone.localdate().year
    assert year > plan.end_year  # the machine's clock is past the 2021–2025 plan
    page = text(client_for(officer).get(DASHBOARD))
    gap = page.split('id="program-gap"')[1].split("</div>")[0]
    assert f"Chưa có chương trình cho năm {year}" in gap
    assert f'href="{program_url(plan)}#program-copy"' in gap
    leader_page = text(client_for(leader).get(DASHBOARD))
    leader_gap = leader_page.split('id="program-gap"')[1].split("</div>")[0]
    assert "#program-copy" not in leader_gap
    assert "Hãy đề nghị công chức phụ trách tạo chương trình giai đoạn mới." in leader_gap
    # The targets page says it too, and the link lands on the copy form.
    targets = text(client_for(officer).get(program_url(plan)))
    assert 'id="program-gap"' in targets
    assert 'id="program-copy"' in targets
    services.program_copy(
        user=officer, program=plan, name=plan.name, start_year=plan.end_year + 1, end_year=2030
    )
    assert 'id="program-gap"' not in text(client_for(officer).get(DASHBOARD))


def test_after_saving_a_placement_the_list_shows_that_record(client_for, officer, plan, an, areas):
    client = client_for(officer)
    client.post(PLACEMENT_CREATE, job(**typed(areas.kp2, placed_on="10/05/2023")))
    response = client.post(PLACEMENT_CREATE, job(member_id=an.pk), follow=True)
    body = text(response)
    assert "Nguyễn Văn Ân" in body
    assert "Trần Thị Mới" not in body
    assert response.context["page"].count == 1
