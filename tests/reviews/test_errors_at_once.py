"""Every field error of a review step shows on the first submit.

A step's form checks its fields; what only the service knows (the step before, a number
already taken) is checked by the same function the service runs (``svc.*_checks``), with
the form's own checks. Each test posts a form with an error the form finds and one only
the service could find, and expects both at once, and nothing saved.
"""

import datetime as dt

import pytest
from django.urls import reverse

from households.reviews.models import Complaint, Decision, Posting, QuarterMeeting, Review
from tests.reviews.helpers import MEETING_DAY, POSTING_START, meet, survey, to_posted
from tests.utils import field_errors


def d(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


@pytest.fixture
def surveyed_kp1(officer, review_kp1):
    return survey(officer, review_kp1, income=1_000_000, codes=["1", "2", "3"])


def test_meeting_shows_order_and_form_errors_together(
    client_for, officer, campaign, areas, surveyed_kp1
):
    url = reverse("reviews:meeting", args=[campaign.pk, areas.kp1.pk])
    response = client_for(officer).post(
        url,
        {
            # Before the last survey (a service-side rule) ...
            "held_on": d(dt.date(2026, 10, 1)),
            # ... with an empty chair and more votes than attendees (the form's).
            "chair": "",
            "secretary": "Thư Ký",
            "fatherland_front_rep": "Mặt Trận",
            "attendees": "10",
            "votes_for": "12",
        },
    )
    assert response.status_code == 200
    assert field_errors(response, "held_on")
    assert field_errors(response, "chair")
    assert field_errors(response, "votes_for")
    assert not QuarterMeeting.objects.exists()


def test_posting_before_meeting_is_a_field_error(
    client_for, officer, campaign, areas, surveyed_kp1
):
    meet(officer, campaign, areas.kp1)
    url = reverse("reviews:posting", args=[campaign.pk, areas.kp1.pk])
    response = client_for(officer).post(
        url, {"start_date": d(MEETING_DAY - dt.timedelta(days=1)), "places": "x" * 1000}
    )
    assert response.status_code == 200
    assert field_errors(response, "start_date")
    assert field_errors(response, "places")
    assert not Posting.objects.exists()


def test_decision_shows_number_format_with_missing_signer(
    client_for, officer, campaign, review_kp1
):
    to_posted(officer, campaign, [review_kp1])
    url = reverse("reviews:decision_prepare", args=[campaign.pk])
    response = client_for(officer).post(
        url,
        {
            "number": "QĐ 12",  # a format only the service knew
            "signed_on": d(POSTING_START),  # within the posting: only the service knew
            "signer_name": "",
            "signer_title": "Chủ tịch",
        },
    )
    assert response.status_code == 200
    assert field_errors(response, "number")
    assert field_errors(response, "signed_on")
    assert field_errors(response, "signer_name")
    assert not Decision.objects.exists()


def test_complaint_resolution_order_with_missing_text(client_for, officer, campaign, review_kp1):
    to_posted(officer, campaign, [review_kp1])
    from households.reviews import services as svc

    complaint = svc.complaint_record(
        user=officer,
        review=Review.objects.get(pk=review_kp1.pk),
        received_on=dt.date(2026, 11, 13),
        complainant="Lê Văn Hàng Xóm",
        content="Hộ có xe tải",
    )
    response = client_for(officer).post(
        reverse("reviews:complaint_resolve", args=[complaint.pk]),
        {"outcome": "rejected", "resolution": "", "resolved_on": d(dt.date(2026, 11, 12))},
    )
    assert response.status_code == 200
    assert field_errors(response, "resolution")
    assert field_errors(response, "resolved_on")
    assert Complaint.objects.get(pk=complaint.pk).outcome == Complaint.Outcome.PENDING


def test_escape_registration_shows_year_taken_with_bad_need(client_for, officer, hh_kp1):
    from households.models import PovertyStatus
    from households.reviews import services as svc
    from households.reviews.models import EscapeRegistration, NeedType

    hh_kp1.poverty_status = PovertyStatus.POOR
    hh_kp1.save(update_fields=["poverty_status"])
    need_type = NeedType.objects.first() or NeedType.objects.create(code="von", name="Vốn")
    svc.escape_register(
        user=officer,
        household=hh_kp1,
        year=2026,
        registered_on=dt.date(2026, 3, 1),
        commitment="",
        needs=[{"need_type": need_type, "quantity": 1, "estimated_cost": 0}],
    )
    response = client_for(officer).post(
        reverse("reviews:escape", args=[hh_kp1.pk]),
        {
            "year": "2026",  # already registered: only the service knew
            "registered_on": d(dt.date(2026, 3, 2)),
            "commitment": "",
            "needs-TOTAL_FORMS": "1",
            "needs-INITIAL_FORMS": "0",
            "needs-MIN_NUM_FORMS": "0",
            "needs-MAX_NUM_FORMS": "20",
            "needs-0-need_type": str(need_type.pk),
            "needs-0-quantity": "0",  # the need's own error
            "needs-0-estimated_cost": "",
            "needs-0-note": "",
        },
    )
    assert response.status_code == 200
    assert field_errors(response, "year")
    assert response.context["formset"].forms[0].errors.get("quantity")
    assert EscapeRegistration.objects.count() == 1
