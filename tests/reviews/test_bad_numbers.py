"""Numbers out of any column's range are form errors in Vietnamese, never a 500."""

import pytest

from households.reviews.models import QuarterMeeting, Review
from tests.reviews.helpers import review_counts, snapshot, survey
from tests.utils import field_errors, text

MEETING = {
    "held_on": "2026-11-10",
    "chair": "Hồ Văn Một",
    "secretary": "Lê Thị Hai",
    "fatherland_front_rep": "Trần Văn Ba",
    "attendees": "30",
    "votes_for": "20",
}


def meeting_url(campaign, quarter):
    return f"/ra-soat/{campaign.pk}/khu-pho/{quarter.pk}/hop-dan/"


@pytest.fixture
def surveyed_kp1(officer, review_kp1):
    return survey(officer, review_kp1, income=1_000_000, codes=["1", "2", "3"])


@pytest.mark.parametrize(
    "overrides",
    [
        {"attendees": str(10**20), "votes_for": str(10**20)},
        {"attendees": "30", "votes_for": str(10**20)},
        {"attendees": "3000000000", "votes_for": "20"},
        {"attendees": "9" * 5000, "votes_for": "20"},
    ],
)
def test_meeting_counts_beyond_the_column_are_form_errors(
    client_for, officer, campaign, areas, surveyed_kp1, overrides
):
    client = client_for(officer)
    client.raise_request_exception = False
    response = client.post(meeting_url(campaign, areas.kp1), {**MEETING, **overrides})
    assert response.status_code == 200
    field = "attendees" if overrides["attendees"] != "30" else "votes_for"
    assert field_errors(response, field)
    assert QuarterMeeting.objects.count() == 0
    assert "Exceeds" not in text(response)


def survey_url(review):
    return f"/ra-soat/phieu/{review.pk}/"


def survey_data(review, **overrides):
    data = {
        "version": review.version,
        "members_count": 2,
        "income_mode": "per_person",
        "income_input": "1400000",
        "deprived": ["1", "4", "9"],
        "surveyor": "Hồ Văn Một",
        "surveyed_on": "2026-11-02",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("value", ["9" * 5000, "1" + "0" * 40, "-" + "9" * 5000])
def test_a_huge_income_gets_a_vietnamese_message(client_for, officer, review_kp1, value):
    before, rows = snapshot(review_kp1), review_counts()
    client = client_for(officer)
    client.raise_request_exception = False
    response = client.post(survey_url(review_kp1), survey_data(review_kp1, income_input=value))
    assert response.status_code == 200
    assert field_errors(response, "income_input")
    page = text(response)
    assert "Exceeds" not in page and "4300" not in page
    assert snapshot(review_kp1) == before
    assert review_counts() == rows


@pytest.mark.parametrize("value", ["9" * 5000, "1" + "0" * 40])
@pytest.mark.parametrize("field", ["income_input", "score_a", "members_count"])
def test_the_live_preview_of_a_huge_number_is_a_vietnamese_message(
    client_for, officer, review_kp1, field, value
):
    client = client_for(officer)
    client.raise_request_exception = False
    response = client.post(
        f"/ra-soat/phieu/{review_kp1.pk}/phan-loai/", survey_data(review_kp1, **{field: value})
    )
    assert response.status_code == 200
    page = text(response)
    assert "Exceeds" not in page and "4300" not in page and "integer" not in page


@pytest.mark.parametrize("typed", ["1.400.000", "1 400 000", "1400000"])
def test_income_in_vietnamese_notation_is_accepted(client_for, officer, review_kp1, typed):
    response = client_for(officer).post(
        survey_url(review_kp1), survey_data(review_kp1, income_input=typed, save_draft="1")
    )
    assert response.status_code == 302
    assert Review.objects.get(pk=review_kp1.pk).income_input == 1_400_000
