"""``review_save_survey``: the classification stored, who may edit, bad input."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from households.models import Household
from households.reviews import services as svc
from households.reviews.models import Review
from tests.reviews.helpers import SURVEY_DAY, review_counts, snapshot, survey


def test_per_person_income_is_classified_and_stored(officer, review_kp1):
    review = survey(officer, review_kp1, income=1_400_000, codes=["9", "1", "4"], members=2)
    stored = Review.objects.get(pk=review.pk)
    assert stored.income_mode == "per_person"
    assert (stored.income_input, stored.income_per_person) == (1_400_000, 1_400_000)
    assert stored.result == "poor"
    assert stored.reason == (
        "Thu nhập 1.400.000 đ ≤ 1.500.000 đ và thiếu hụt 3 chỉ số (≥ 3): hộ nghèo."
    )
    assert (stored.basis, stored.score_b) == ("income", 30)
    assert stored.deprived_codes == ["1", "4", "9"]
    assert stored.previous_result == "unclassified"
    assert stored.transition == "newly_poor"
    assert stored.status == "surveyed"
    assert stored.surveyed_on == SURVEY_DAY
    assert stored.version == review_kp1.version + 1
    assert list(stored.events.values_list("from_status", "to_status")) == [
        ("draft", "draft"),
        ("draft", "surveyed"),
    ]
    assert stored.history.first().history_user == officer


@pytest.mark.parametrize(
    ("mode", "value", "members", "per_person", "result"),
    [
        ("household_monthly", 4_500_000, 3, 1_500_000, "near_poor"),
        ("household_monthly", 4_500_003, 3, 1_500_001, "average"),
        ("household_yearly", 54_000_000, 3, 1_500_000, "near_poor"),
        ("household_yearly", 50_000_000, 4, 1_041_666, "near_poor"),
        ("household_yearly", 108_000_036, 4, 2_250_000, "average"),
        ("household_yearly", 108_000_048, 4, 2_250_001, "not_poor"),
    ],
)
def test_household_totals_are_divided_by_members(
    officer, review_kp1, mode, value, members, per_person, result
):
    review = survey(officer, review_kp1, mode=mode, income=value, codes=["1"], members=members)
    stored = Review.objects.get(pk=review.pk)
    assert stored.income_input == value
    assert stored.income_per_person == per_person
    assert stored.members_count == members
    assert stored.result == result


def test_score_a_only(officer, review_kp1):
    review = survey(officer, review_kp1, score_a=140, codes=["1", "2"])
    assert (review.result, review.basis, review.income_per_person) == ("near_poor", "score_a", None)
    assert review.reason == "Điểm A 140 ≤ 140 và thiếu hụt 2 chỉ số (< 3): hộ cận nghèo."


def test_income_and_score_a_given_income_decides(officer, review_kp1):
    review = survey(officer, review_kp1, income=1_600_000, score_a=100, codes=["1", "2", "3"])
    stored = Review.objects.get(pk=review.pk)
    assert (stored.result, stored.basis, stored.score_a) == ("average", "income", 100)
    assert "không dùng điểm A" in stored.reason


def test_urban_review_uses_the_urban_line(officer, review_kp1):
    Review.objects.filter(pk=review_kp1.pk).update(area_type="urban")
    review = survey(officer, review_kp1, income=1_900_000, codes=["1"])
    assert review.result == "near_poor"
    assert "2.000.000 đ" in review.reason


def test_draft_save_keeps_the_draft_and_adds_no_event(officer, review_kp1):
    survey(officer, review_kp1, income=1_000_000, codes=["1"], mark=False)
    stored = Review.objects.get(pk=review_kp1.pk)
    assert (stored.status, stored.result) == ("draft", "near_poor")
    assert stored.events.count() == 1
    # Saved again and marked surveyed later.
    survey(officer, stored, income=1_000_000, codes=["1", "2", "3"])
    stored.refresh_from_db()
    assert (stored.status, stored.result, stored.version) == ("surveyed", "poor", 3)


def test_causes_group_and_surveyor_are_stored(officer, review_kp1):
    from households.models import HouseholdGroup

    group = HouseholdGroup.objects.get(number=2)
    survey(
        officer,
        review_kp1,
        income=1_000_000,
        codes=["1", "2", "3"],
        causes=["no_capital", "illness", "no_capital"],
        group=group,
        surveyor="Nguyễn Khảo Sát",
    )
    stored = Review.objects.get(pk=review_kp1.pk)
    assert stored.causes == ["illness", "no_capital"]
    assert (stored.group, stored.surveyor) == (group, "Nguyễn Khảo Sát")


def test_transition_for_table():
    t = svc.transition_for
    assert t(previous="poor", result="poor", earlier=[]) == "continuing_poor"
    assert t(previous="near_poor", result="poor", earlier=[]) == "near_poor_to_poor"
    assert t(previous="not_poor", result="poor", earlier=["poor"]) == "re_poor"
    assert t(previous="unclassified", result="poor", earlier=[]) == "newly_poor"
    assert t(previous="near_poor", result="near_poor", earlier=[]) == "continuing_near_poor"
    assert t(previous="poor", result="near_poor", earlier=[]) == "poor_to_near_poor"
    assert t(previous="average", result="near_poor", earlier=["near_poor"]) == "re_near_poor"
    assert t(previous="average", result="near_poor", earlier=[]) == "newly_near_poor"
    assert t(previous="poor", result="average", earlier=[]) == "escaped"
    assert t(previous="near_poor", result="not_poor", earlier=[]) == "escaped_near_poverty"
    assert t(previous="not_poor", result="average", earlier=["poor"]) == "unchanged_other"


# -- who may edit ----------------------------------------------------------------


@pytest.mark.parametrize("name", ["officer", "admin_user", "quarter_head_kp1"])
def test_editors_of_a_kp1_draft(persona, review_kp1, name):
    review = survey(persona(name), review_kp1, income=1_000_000, codes=["1"])
    assert review.status == "surveyed"


@pytest.mark.parametrize("name", ["quarter_head_kp2", "leader", "org_member", "outsider"])
def test_others_may_not_edit_a_kp1_draft(persona, review_kp1, name):
    before = snapshot(review_kp1)
    with pytest.raises(PermissionDenied):
        survey(persona(name), review_kp1, income=1_000_000, codes=["1"])
    assert snapshot(review_kp1) == before


def test_quarter_head_edits_own_quarter_only(quarter_head_kp2, review_kp1, review_kp2):
    assert survey(quarter_head_kp2, review_kp2, income=1_000_000).status == "surveyed"
    with pytest.raises(PermissionDenied):
        survey(quarter_head_kp2, review_kp1, income=1_000_000)


@pytest.mark.parametrize("name", ["officer", "quarter_head_kp1"])
def test_a_surveyed_review_is_not_edited(persona, officer, review_kp1, name):
    survey(officer, review_kp1, income=1_000_000, codes=["1"])
    before = snapshot(review_kp1)
    with pytest.raises(ValidationError) as exc:
        survey(persona(name), review_kp1, income=5_000_000)
    assert exc.value.messages == [
        "Phiếu đã qua bước khảo sát; muốn sửa, cán bộ phải trả phiếu về khảo sát lại."
    ]
    assert snapshot(review_kp1) == before


def test_stale_version_is_refused(officer, quarter_head_kp1, review_kp1):
    loaded = Review.objects.get(pk=review_kp1.pk)  # both open the form at version 1
    survey(quarter_head_kp1, review_kp1, income=1_000_000, codes=["1"], mark=False)
    before = snapshot(review_kp1)
    with pytest.raises(ValidationError) as exc:
        svc.review_save_survey(
            user=officer,
            review=loaded,
            version=loaded.version,
            income_mode="per_person",
            income_input=5_000_000,
            score_a=None,
            deprived_codes=[],
            members_count=2,
        )
    assert exc.value.code == "stale"
    assert exc.value.messages == [
        "Phiếu này vừa được người khác cập nhật. Hãy tải lại trang để xem thay đổi."
    ]
    assert snapshot(review_kp1) == before


# -- bad input -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"income": -1}, "income_input", "Thu nhập không được âm."),
        (
            {"income": 1_000_000_001},
            "income_input",
            "Thu nhập bình quân vượt 1.000.000.000 đ mỗi người mỗi tháng: hãy kiểm tra lại.",
        ),
        (
            {"mode": "household_monthly", "income": 2_000_000_002, "members": 2},
            "income_input",
            "Thu nhập bình quân vượt 1.000.000.000 đ mỗi người mỗi tháng: hãy kiểm tra lại.",
        ),
        ({"score_a": 501}, "score_a", "Điểm A phải từ 0 đến 500."),
        ({"score_a": -3}, "score_a", "Điểm A phải từ 0 đến 500."),
        (
            {},
            "income_input",
            "Cần nhập thu nhập bình quân đầu người hoặc điểm A để phân loại.",
        ),
        (
            {"income": 1_000_000, "codes": ["1", "13", "X"]},
            "deprived_codes",
            "Chỉ số không thuộc chuẩn nghèo áp dụng: 13, X.",
        ),
        ({"income": 1_000_000, "members": 51}, "members_count", "Số nhân khẩu phải từ 1 đến 50."),
        (
            {"income": 1_000_000, "causes": ["lazy"]},
            "causes",
            "Nguyên nhân nghèo không hợp lệ.",
        ),
        (
            {"income": 1_000_000, "on": dt.date(2099, 1, 1)},
            "surveyed_on",
            "Ngày khảo sát không được ở tương lai.",
        ),
        ({"income": 1_000_000, "on": None}, "surveyed_on", "Hãy nhập ngày khảo sát."),
    ],
)
def test_bad_input_saves_nothing(officer, review_kp1, kwargs, field, message):
    before, rows = snapshot(review_kp1), review_counts()
    with pytest.raises(ValidationError) as exc:
        survey(officer, review_kp1, **kwargs)
    assert exc.value.message_dict == {field: [message]}
    assert snapshot(review_kp1) == before
    assert review_counts() == rows


def test_zero_members_is_refused(officer, review_kp1):
    before = snapshot(review_kp1)
    with pytest.raises(ValidationError) as exc:
        svc.review_save_survey(
            user=officer,
            review=review_kp1,
            version=review_kp1.version,
            income_mode="household_monthly",
            income_input=3_000_000,
            score_a=None,
            deprived_codes=[],
            members_count=0,
        )
    assert exc.value.message_dict == {"members_count": ["Số nhân khẩu phải từ 1 đến 50."]}
    assert snapshot(review_kp1) == before


def test_score_a_out_of_range_is_refused_even_when_income_decides(officer, review_kp1):
    """The A score is stored with the review: an impossible one must not be kept."""
    before = snapshot(review_kp1)
    with pytest.raises(ValidationError) as exc:
        survey(officer, review_kp1, income=1_000_000, score_a=9_999, codes=["1"])
    assert exc.value.message_dict == {"score_a": ["Điểm A phải từ 0 đến 500."]}
    assert snapshot(review_kp1) == before


def test_score_a_under_the_2027_standard_is_refused(officer, areas, hh_kp1):
    campaign = svc.campaign_create(user=officer, commune=areas.commune, kind="periodic", year=2026)
    review = svc.campaign_add_household(user=officer, campaign=campaign, household=hh_kp1)
    with pytest.raises(ValidationError) as exc:
        survey(officer, review, score_a=100)
    assert exc.value.message_dict == {"score_a": ["Chuẩn nghèo này chưa có ngưỡng điểm A."]}
    # Income works, against the 2027–2030 line.
    review = survey(officer, review, income=2_200_000, codes=["1", "2", "3"])
    assert review.result == "poor"
    assert "2.200.000 đ" in review.reason


def test_household_retired_after_listing_cannot_be_surveyed(officer, review_kp1, hh_kp1):
    Household.objects.filter(pk=hh_kp1.pk).update(
        status="retired", retired_reason="moved_away", retired_on=dt.date(2026, 3, 1)
    )
    before = snapshot(review_kp1)
    with pytest.raises(ValidationError) as exc:
        survey(officer, review_kp1, income=1_000_000)
    assert exc.value.messages == ["Hộ đã ra khỏi danh sách, không thể rà soát."]
    assert snapshot(review_kp1) == before


# -- issue 8 item 13: the surveyor is the person who opens the survey -------------------------


@pytest.mark.parametrize("name", ["officer", "quarter_head_kp1"])
def test_survey_form_prefills_the_current_user_as_surveyor(
    client_for, persona, officer, campaign, hh_kp1, name
):
    from django.urls import reverse

    # The officer adds the household; whoever opens the survey is its surveyor.
    review = svc.campaign_add_household(user=officer, campaign=campaign, household=hh_kp1)
    user = persona(name)
    page = client_for(user).get(reverse("reviews:survey", args=[review.pk]))
    assert page.context["form"].initial["surveyor"] == user.display_name


def test_survey_form_keeps_a_saved_surveyor(client_for, quarter_head_kp1, officer, review_kp1):
    from django.urls import reverse

    survey(officer, review_kp1, income=1_000_000, codes=["1"], surveyor="Nguyễn Khảo Sát")
    page = client_for(quarter_head_kp1).get(reverse("reviews:survey", args=[review_kp1.pk]))
    assert page.context["form"].initial["surveyor"] == "Nguyễn Khảo Sát"
