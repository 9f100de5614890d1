"""Texts saved with a review read in the reader's language, and no step repeats a status."""

from django.utils import translation

from households.reviews.models import Review
from tests.reviews.helpers import survey
from tests.utils import text


def household_url(household):
    return f"/ho-gia-dinh/{household.pk}/"


def survey_url(review):
    return f"/ra-soat/phieu/{review.pk}/"


def test_classification_reason_reads_in_english(client_for, officer, review_kp1, hh_kp1):
    survey(officer, review_kp1, income=1_000_000, codes=["1", "7", "9"], members=2)
    stored = Review.objects.get(pk=review_kp1.pk).reason
    assert "hộ nghèo" in stored  # saved by a Vietnamese reader
    client = client_for(officer)
    client.cookies["django_language"] = "en"
    timeline = text(client.get(household_url(hh_kp1))).split('id="review-timeline"')[1]
    timeline = timeline.split("</ol>")[0]
    assert stored not in timeline
    with translation.override("en"):
        from households.classification import review_reason

        english = review_reason(Review.objects.select_related("standard").get(pk=review_kp1.pk))
    assert "deprived in 3 indicator(s)" in english
    assert english in timeline.replace("&amp;", "&")


def test_added_to_list_event_reads_in_english_and_is_not_a_step(client_for, officer, review_kp1):
    client = client_for(officer)
    client.cookies["django_language"] = "en"
    body = text(client.get(survey_url(review_kp1)))
    assert "Added to the review list" in body
    assert "Đưa vào danh sách rà soát" not in body
    assert "Survey in progress → Survey in progress" not in body


def test_creation_event_is_not_shown_as_a_no_op_step(client_for, officer, review_kp1):
    body = text(client_for(officer).get(survey_url(review_kp1)))
    assert "Đưa vào danh sách rà soát" in body
    assert "Đang khảo sát → Đang khảo sát" not in body
