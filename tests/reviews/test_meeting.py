"""Quarter meeting: at least 50 % of attendees in favour agrees the surveyed reviews."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from households.reviews.models import QuarterMeeting, Review
from tests.reviews.helpers import NEAR_POOR, meet, review_counts, survey


@pytest.fixture
def surveyed_kp1(officer, review_kp1):
    return survey(officer, review_kp1, income=NEAR_POOR["income"], codes=NEAR_POOR["codes"])


@pytest.mark.parametrize(
    ("attendees", "votes", "passed"),
    [(10, 5, True), (10, 6, True), (10, 10, True), (10, 4, False), (9, 4, False), (9, 5, True)],
)
def test_agreement_threshold(attendees, votes, passed):
    assert QuarterMeeting.agreement_reached(attendees=attendees, votes_for=votes) is passed


def test_passed_meeting_agrees_surveyed_reviews(officer, campaign, areas, surveyed_kp1, review_kp2):
    survey(officer, review_kp2, income=1_000_000)  # Khu phố 2: not part of this meeting
    meeting = meet(officer, campaign, areas.kp1, attendees=30, votes_for=20)
    assert meeting.passed is True
    assert meeting.recorded_by == officer
    surveyed_kp1.refresh_from_db()
    assert (surveyed_kp1.status, surveyed_kp1.meeting) == ("agreed", meeting)
    assert surveyed_kp1.events.last().note == "Họp dân ngày 10/11/2026: 20/30 đồng ý"
    review_kp2.refresh_from_db()
    assert (review_kp2.status, review_kp2.meeting) == ("surveyed", None)


def test_exactly_half_passes(officer, campaign, areas, surveyed_kp1):
    meeting = meet(officer, campaign, areas.kp1, attendees=10, votes_for=5)
    assert meeting.passed is True
    surveyed_kp1.refresh_from_db()
    assert surveyed_kp1.status == "agreed"


def test_failed_meeting_is_recorded_and_reviews_stay_surveyed(
    officer, campaign, areas, surveyed_kp1
):
    meeting = meet(officer, campaign, areas.kp1, attendees=10, votes_for=4)
    assert QuarterMeeting.objects.get(pk=meeting.pk).passed is False
    surveyed_kp1.refresh_from_db()
    assert (surveyed_kp1.status, surveyed_kp1.meeting) == ("surveyed", None)
    # A second meeting may then agree.
    second = meet(officer, campaign, areas.kp1, attendees=12, votes_for=9)
    surveyed_kp1.refresh_from_db()
    assert (surveyed_kp1.status, surveyed_kp1.meeting) == ("agreed", second)


def test_drafts_are_not_taken_to_the_meeting(
    officer, campaign, areas, surveyed_kp1, make_household
):
    from households.reviews import services as svc

    draft = svc.campaign_add_household(
        user=officer, campaign=campaign, household=make_household("KP1-009")
    )
    meet(officer, campaign, areas.kp1)
    draft.refresh_from_db()
    assert draft.status == "draft"


@pytest.mark.parametrize(
    ("kwargs", "errors"),
    [
        (
            {"attendees": 10, "votes_for": 11},
            {"votes_for": ["Số người đồng ý (11) không thể lớn hơn số người dự (10)."]},
        ),
        (
            {"attendees": 0, "votes_for": 0},
            {"attendees": ["Cuộc họp phải có ít nhất 1 người dự."]},
        ),
        (
            {"held_on": dt.date(2099, 1, 1)},
            {"held_on": ["Ngày họp không được ở tương lai."]},
        ),
    ],
)
def test_bad_meeting_input_saves_nothing(officer, campaign, areas, surveyed_kp1, kwargs, errors):
    before = review_counts()
    with pytest.raises(ValidationError) as exc:
        meet(officer, campaign, areas.kp1, **kwargs)
    assert exc.value.message_dict == errors
    assert review_counts() == before
    surveyed_kp1.refresh_from_db()
    assert surveyed_kp1.status == "surveyed"


def test_meeting_without_a_chair_is_refused(officer, campaign, areas, surveyed_kp1):
    from households.reviews import services as svc

    with pytest.raises(ValidationError) as exc:
        svc.meeting_record(
            user=officer,
            campaign=campaign,
            quarter=areas.kp1,
            held_on=dt.date(2026, 11, 10),
            chair="  ",
            attendees=10,
            votes_for=8,
        )
    assert exc.value.message_dict == {"chair": ["Hãy ghi người chủ trì."]}
    assert not QuarterMeeting.objects.exists()


def test_meeting_needs_surveyed_reviews(officer, campaign, areas, review_kp1):
    with pytest.raises(ValidationError) as exc:
        meet(officer, campaign, areas.kp1)
    assert exc.value.messages == ["Khu phố chưa có phiếu nào đã khảo sát để đưa ra họp."]
    assert not QuarterMeeting.objects.exists()


@pytest.mark.parametrize("name", ["quarter_head_kp1", "admin_user"])
def test_quarter_head_records_the_meeting_of_their_quarter(
    persona, campaign, areas, surveyed_kp1, name
):
    meeting = meet(persona(name), campaign, areas.kp1)
    assert meeting.passed


@pytest.mark.parametrize("name", ["quarter_head_kp2", "leader", "org_member", "outsider"])
def test_others_do_not_record_the_meeting(persona, campaign, areas, surveyed_kp1, name):
    with pytest.raises(PermissionDenied):
        meet(persona(name), campaign, areas.kp1)
    assert not QuarterMeeting.objects.exists()
    assert Review.objects.get(pk=surveyed_kp1.pk).status == "surveyed"
