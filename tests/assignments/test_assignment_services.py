"""Assign, reassign and end: overlap rules, dates, retired households, the commitment scan."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from assignments import services
from assignments.models import Assignment, SupportLog
from households.models import Household

TODAY = timezone.localdate()
D = dt.timedelta


def pdf(name: str = "cam-ket.pdf", size: int = 100) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n" + b"0" * size, content_type="application/pdf")


def assign(officer, household, person=None, **kwargs):
    kwargs.setdefault("started_on", TODAY - D(days=30))
    return services.assignment_create(
        user=officer, household=household, person=person, organisation=None, **kwargs
    )


def test_assign_with_commitment(officer, hh_kp1, helper):
    a = assign(
        officer,
        hh_kp1,
        helper,
        aim_year=TODAY.year + 1,
        commitment_signed_on=TODAY - D(days=30),
        commitment_text="Cam kết giúp hộ thoát nghèo",
        commitment_file=pdf(),
    )
    assert a.created_by == officer and a.history.first().history_user == officer
    assert a.commitment_file.name.startswith("commitments/") and a.commitment_file.name.endswith(
        ".pdf"
    )
    assert "cam-ket" not in a.commitment_file.name  # the typed name never reaches the disk


def test_same_person_twice_at_the_same_time_is_refused(officer, hh_kp1, helper):
    assign(officer, hh_kp1, helper, ended_on=TODAY)
    with pytest.raises(ValidationError) as err:
        assign(officer, hh_kp1, helper, started_on=TODAY - D(days=5))
    assert "không phân công hai lần cùng lúc" in str(err.value.message_dict["person"])
    # After the first one ended: allowed.
    assign(officer, hh_kp1, helper, started_on=TODAY + D(days=1))
    assert Assignment.objects.filter(person=helper).count() == 2


def test_two_different_helpers_may_help_together(officer, hh_kp1, helper, other_helper):
    assign(officer, hh_kp1, helper)
    assign(officer, hh_kp1, other_helper)
    assert hh_kp1.assignments.count() == 2


def test_end_before_start_is_refused(officer, hh_kp1, helper):
    with pytest.raises(ValidationError) as err:
        assign(officer, hh_kp1, helper, started_on=TODAY, ended_on=TODAY - D(days=1))
    assert err.value.message_dict["ended_on"] == ["Ngày kết thúc phải sau ngày bắt đầu."]
    assert not Assignment.objects.exists()


def test_nobody_chosen_is_refused(officer, hh_kp1):
    with pytest.raises(ValidationError) as err:
        assign(officer, hh_kp1, None)
    assert "person" in err.value.message_dict


def test_retired_household_is_refused(officer, hh_kp1, helper):
    Household.objects.filter(pk=hh_kp1.pk).update(
        status=Household.Status.RETIRED, retired_on=TODAY, retired_reason="moved_away"
    )
    with pytest.raises(ValidationError) as err:
        assign(officer, hh_kp1, helper)
    assert "ra khỏi danh sách" in " ".join(err.value.messages)


def test_helper_of_another_commune_is_refused(officer, hh_other, helper):
    with pytest.raises(ValidationError) as err:
        assign(officer, hh_other, helper)
    assert "person" in err.value.message_dict


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf"), "Chỉ nhận bản scan"),
        (SimpleUploadedFile("x.exe", b"%PDF-1.4 but named .exe"), "Chỉ nhận bản scan"),
        (SimpleUploadedFile("x.png", b"\xff\xd8\xff jpeg named png"), "Chỉ nhận bản scan"),
        (pdf(size=5 * 1024 * 1024), "Tệp quá lớn"),
    ],
)
def test_bad_commitment_files_are_refused(officer, hh_kp1, helper, upload, message):
    with pytest.raises(ValidationError) as err:
        assign(officer, hh_kp1, helper, commitment_file=upload)
    assert message in err.value.message_dict["commitment_file"][0]
    assert not Assignment.objects.exists()


def test_reassign_ends_one_and_starts_another_atomically(officer, hh_kp1, helper, other_helper):
    old = assign(officer, hh_kp1, helper, aim_year=TODAY.year + 1)
    new = services.assignment_reassign(
        user=officer,
        assignment=old,
        person=other_helper,
        organisation=None,
        handed_over_on=TODAY,
    )
    old.refresh_from_db()
    assert old.ended_on == TODAY - D(days=1) and old.end_reason
    assert new.started_on == TODAY and new.person == other_helper and new.aim_year == old.aim_year


def test_a_failed_reassign_leaves_the_old_assignment_running(officer, hh_kp1, helper, other_helper):
    old = assign(officer, hh_kp1, helper)
    assign(officer, hh_kp1, other_helper)  # already helping: the handover would overlap
    with pytest.raises(ValidationError):
        services.assignment_reassign(
            user=officer,
            assignment=old,
            person=other_helper,
            organisation=None,
            handed_over_on=TODAY,
        )
    old.refresh_from_db()
    assert old.ended_on is None
    assert hh_kp1.assignments.count() == 2


def test_end_keeps_logged_days_inside(officer, hh_kp1, helper):
    a = assign(officer, hh_kp1, helper)
    SupportLog.objects.create(
        assignment=a, happened_on=TODAY - D(days=2), kind="visit", recorded_by=officer
    )
    with pytest.raises(ValidationError) as err:
        services.assignment_end(user=officer, assignment=a, ended_on=TODAY - D(days=10))
    assert "nhật ký" in err.value.message_dict["ended_on"][0]
    services.assignment_end(user=officer, assignment=a, ended_on=TODAY - D(days=2))
    a.refresh_from_db()
    assert a.ended_on == TODAY - D(days=2)
    with pytest.raises(ValidationError):
        services.assignment_end(user=officer, assignment=a, ended_on=TODAY)  # already ended


@pytest.mark.parametrize("persona", ["leader", "quarter_head_kp1", "org_member"])
def test_only_officers_assign(persona, request, hh_kp1, helper):
    with pytest.raises(PermissionDenied):
        assign(request.getfixturevalue(persona), hh_kp1, helper)
