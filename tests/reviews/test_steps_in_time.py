"""Steps in time: every date of the procedure is plausible and follows the step before it.

Checked in the services (whatever the caller) and through the screens (a field error,
never a 500: a posting starting on 31/12/9999 used to overflow the working-day count).
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from households.reviews import services as svc
from households.reviews.models import Complaint, Posting, QuarterMeeting, Review, ReviewEvent
from tests.reviews.helpers import MEETING_DAY, POSTING_START, meet, post, survey, to_posted
from tests.utils import field_errors

YEAR_1 = dt.date(1, 1, 1)
YEAR_9999 = dt.date(9999, 12, 31)


@pytest.fixture
def surveyed_kp1(officer, review_kp1):
    return survey(officer, review_kp1, income=1_000_000, codes=["1", "2", "3"])


@pytest.fixture
def agreed_kp1(officer, campaign, areas, surveyed_kp1):
    meet(officer, campaign, areas.kp1)
    return Review.objects.get(pk=surveyed_kp1.pk)


@pytest.fixture
def posted_kp1(officer, campaign, review_kp1):
    to_posted(officer, campaign, [review_kp1])
    return Review.objects.get(pk=review_kp1.pk)


def complaint_on(officer, review, day=dt.date(2026, 11, 13), **extra):
    return svc.complaint_record(
        user=officer,
        review=review,
        received_on=day,
        complainant="Lê Văn Hàng Xóm",
        content="Hộ có xe tải",
        **extra,
    )


# -- bounds ----------------------------------------------------------------------------------


@pytest.mark.parametrize("day", [YEAR_1, dt.date(1999, 12, 31), YEAR_9999])
def test_meeting_date_is_bounded(officer, campaign, areas, surveyed_kp1, day):
    with pytest.raises(ValidationError) as exc:
        meet(officer, campaign, areas.kp1, held_on=day)
    assert list(exc.value.message_dict) == ["held_on"]
    assert not QuarterMeeting.objects.exists()


@pytest.mark.parametrize("day", [YEAR_1, YEAR_9999])
def test_survey_date_is_bounded(officer, review_kp1, day):
    with pytest.raises(ValidationError) as exc:
        survey(officer, review_kp1, income=1_000_000, on=day)
    assert list(exc.value.message_dict) == ["surveyed_on"]
    assert Review.objects.get(pk=review_kp1.pk).status == "draft"


@pytest.mark.parametrize("day", [YEAR_1, YEAR_9999])
def test_complaint_date_is_bounded(officer, posted_kp1, day):
    with pytest.raises(ValidationError) as exc:
        complaint_on(officer, posted_kp1, day)
    assert list(exc.value.message_dict) == ["received_on"]
    assert not Complaint.objects.exists()


@pytest.mark.parametrize("day", [YEAR_1, YEAR_9999])
def test_posting_start_is_bounded(officer, campaign, areas, agreed_kp1, day):
    with pytest.raises(ValidationError) as exc:
        post(officer, campaign, areas.kp1, start=day)
    assert list(exc.value.message_dict) == ["start_date"]
    assert not Posting.objects.exists()


def test_posting_start_of_9999_is_a_field_error_not_a_500(
    client_for, officer, campaign, areas, agreed_kp1
):
    url = f"/ra-soat/{campaign.pk}/khu-pho/{areas.kp1.pk}/niem-yet/"
    response = client_for(officer).post(url, {"start_date": "9999-12-31", "places": "Chợ"})
    assert response.status_code == 200
    assert field_errors(response, "start_date")
    assert not Posting.objects.exists()


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_meeting_screen_refuses_implausible_dates(
    client_for, officer, campaign, areas, surveyed_kp1, day
):
    url = f"/ra-soat/{campaign.pk}/khu-pho/{areas.kp1.pk}/hop-dan/"
    response = client_for(officer).post(
        url,
        {
            "held_on": day,
            "chair": "Hồ Văn Một",
            "secretary": "Lê Thị Hai",
            "fatherland_front_rep": "Trần Văn Ba",
            "attendees": "20",
            "votes_for": "15",
        },
    )
    assert response.status_code == 200
    assert field_errors(response, "held_on")
    assert not QuarterMeeting.objects.exists()


def test_decision_date_is_bounded(officer, campaign, posted_kp1):
    with pytest.raises(ValidationError) as exc:
        svc.decision_prepare(
            user=officer,
            campaign=campaign,
            number="125/QĐ-UBND",
            signed_on=YEAR_9999,
            signer_name="Trương Văn Lãnh Đạo",
        )
    assert list(exc.value.message_dict) == ["signed_on"]


@pytest.mark.parametrize("field", ["submitted_on"])
def test_request_date_is_bounded(officer, hh_kp1, field):
    with pytest.raises(ValidationError) as exc:
        svc.request_submit(
            user=officer, household=hh_kp1, submitted_on=YEAR_1, reason="", answers={}
        )
    assert list(exc.value.message_dict) == [field]


# -- order -----------------------------------------------------------------------------------


def test_posting_cannot_start_before_the_meeting(officer, campaign, areas, agreed_kp1):
    with pytest.raises(ValidationError) as exc:
        post(officer, campaign, areas.kp1, start=MEETING_DAY - dt.timedelta(days=1))
    assert exc.value.message_dict == {
        "start_date": ["Niêm yết phải bắt đầu từ ngày họp dân (10/11/2026) trở đi."]
    }
    assert Review.objects.get(pk=agreed_kp1.pk).status == "agreed"
    post(officer, campaign, areas.kp1, start=MEETING_DAY)


def test_meeting_cannot_precede_the_surveys(officer, campaign, areas, review_kp1):
    survey(officer, review_kp1, income=1_000_000, on=dt.date(2026, 11, 2))
    with pytest.raises(ValidationError) as exc:
        meet(officer, campaign, areas.kp1, held_on=dt.date(2026, 11, 1))
    assert exc.value.message_dict == {
        "held_on": ["Ngày họp không được trước ngày khảo sát phiếu cuối cùng (02/11/2026)."]
    }
    assert not QuarterMeeting.objects.exists()


def test_complaint_cannot_precede_the_meeting(officer, posted_kp1):
    with pytest.raises(ValidationError) as exc:
        complaint_on(officer, posted_kp1, MEETING_DAY - dt.timedelta(days=1))
    assert exc.value.message_dict == {
        "received_on": ["Ngày nhận khiếu nại không được trước ngày họp dân (10/11/2026)."]
    }


def test_complaint_cannot_be_resolved_before_it_was_received(officer, posted_kp1):
    complaint = complaint_on(officer, posted_kp1, POSTING_START)
    with pytest.raises(ValidationError) as exc:
        svc.complaint_resolve(
            user=officer,
            complaint=complaint,
            outcome="rejected",
            resolution="Không có cơ sở",
            resolved_on=POSTING_START - dt.timedelta(days=1),
        )
    assert exc.value.message_dict == {
        "resolved_on": ["Ngày giải quyết không được trước ngày nhận khiếu nại (12/11/2026)."]
    }
    assert Complaint.objects.get().outcome == "pending"


def test_resolution_date_shown_on_the_field(client_for, officer, posted_kp1):
    complaint = complaint_on(officer, posted_kp1, POSTING_START)
    response = client_for(officer).post(
        f"/ra-soat/khieu-nai/{complaint.pk}/",
        {"outcome": "recheck", "resolution": "Khảo sát lại", "resolved_on": "2026-11-01"},
    )
    assert response.status_code == 200
    assert field_errors(response, "resolved_on") == [
        "Ngày giải quyết không được trước ngày nhận khiếu nại (12/11/2026)."
    ]
    assert not ReviewEvent.objects.filter(review=posted_kp1, from_status="posted").exists()
