"""The chairman's recognition decision: drafting, blockers, approval, certificates."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from households.models import Household
from households.reviews import services as svc
from households.reviews.models import Decision, Review
from tests.reviews.helpers import (
    AVERAGE,
    NEAR_POOR,
    POOR,
    POSTING_END,
    meet,
    post,
    prepare,
    review_counts,
    survey,
    to_posted,
)


@pytest.fixture
def posted(officer, campaign, areas, hh_kp1, hh_kp2, make_household):
    """Four posted reviews: KP1-001 poor, KP1-002 average, KP1-003 near-poor, KP2-001 poor."""
    outcomes = {
        hh_kp1: POOR,
        make_household("KP1-002"): AVERAGE,
        make_household("KP1-003"): NEAR_POOR,
        hh_kp2: POOR,
    }
    for household, outcome in outcomes.items():
        review = svc.campaign_add_household(user=officer, campaign=campaign, household=household)
        survey(officer, review, income=outcome["income"], codes=outcome["codes"])
    for quarter in (areas.kp1, areas.kp2):
        meet(officer, campaign, quarter)
        post(officer, campaign, quarter)
    return {r.household.code: r for r in campaign.reviews.select_related("household")}


def test_prepare_takes_every_posted_review(officer, campaign, posted):
    decision = prepare(officer, campaign, number=" 125/QĐ-UBND ")
    assert decision.number == "125/QĐ-UBND"
    assert decision.status == "draft"
    assert decision.signer_title == "Chủ tịch"
    assert set(decision.reviews.values_list("household__code", flat=True)) == set(posted)
    assert svc.decision_blockers(decision) == []


@pytest.mark.parametrize(
    ("kwargs", "errors"),
    [
        ({"number": "125/UBND"}, {"number": ["Số quyết định có dạng 125/QĐ-UBND."]}),
        ({"number": ""}, {"number": ["Số quyết định có dạng 125/QĐ-UBND."]}),
    ],
)
def test_prepare_input(officer, campaign, posted, kwargs, errors):
    before = review_counts()
    with pytest.raises(ValidationError) as exc:
        prepare(officer, campaign, **kwargs)
    assert exc.value.message_dict == errors
    assert review_counts() == before


def test_prepare_needs_a_signer_and_a_new_number(officer, campaign, posted):
    with pytest.raises(ValidationError) as exc:
        svc.decision_prepare(
            user=officer,
            campaign=campaign,
            number="125/QĐ-UBND",
            signed_on=dt.date(2026, 11, 20),
            signer_name=" ",
        )
    assert exc.value.message_dict == {"signer_name": ["Hãy ghi người ký."]}
    prepare(officer, campaign)
    with pytest.raises(ValidationError) as exc:
        prepare(officer, campaign)
    assert exc.value.message_dict == {"number": ["Số quyết định này đã có."]}


def test_a_draft_dated_within_the_posting_is_refused_not_stuck(officer, campaign, posted):
    """A draft signed before the posting ends could never be signed: refused up front."""
    ends = max(r.posting.end_date for r in campaign.reviews.select_related("posting"))
    before = review_counts()
    with pytest.raises(ValidationError) as exc:
        svc.decision_prepare(
            user=officer,
            campaign=campaign,
            number="125/QĐ-UBND",
            signed_on=ends,
            signer_name="Nguyễn Văn Hùng",
        )
    assert exc.value.message_dict == {
        "signed_on": [
            f"Thời gian niêm yết kết thúc ngày {ends:%d/%m/%Y}: quyết định phải ký sau ngày đó."
        ]
    }
    assert not Decision.objects.exists()
    assert review_counts() == before
    # The day after is fine.
    prepare(officer, campaign)


def test_prepare_needs_posted_reviews(officer, campaign, review_kp1):
    with pytest.raises(ValidationError) as exc:
        prepare(officer, campaign)
    assert exc.value.messages == ["Chưa có phiếu nào đã niêm yết để đưa vào quyết định."]
    assert not Decision.objects.exists()


def test_a_second_draft_takes_only_reviews_without_a_decision(officer, campaign, posted):
    prepare(officer, campaign)
    with pytest.raises(ValidationError):
        prepare(officer, campaign, number="126/QĐ-UBND")


@pytest.mark.parametrize("name", ["quarter_head_kp1", "leader", "org_member", "outsider"])
def test_only_officers_prepare(persona, campaign, posted, name):
    with pytest.raises(PermissionDenied):
        prepare(persona(name), campaign)
    assert not Decision.objects.exists()


@pytest.mark.parametrize(
    ("signed_on", "blocked"),
    [
        (POSTING_END - dt.timedelta(days=3), True),
        (POSTING_END, True),
        (POSTING_END + dt.timedelta(days=1), False),
    ],
)
def test_signing_on_or_before_the_posting_end_is_a_blocker(
    officer, leader, campaign, posted, signed_on, blocked
):
    # prepare refuses such a date up front (see above); the blocker still guards a draft
    # whose date is changed afterwards.
    decision = prepare(officer, campaign)
    Decision.objects.filter(pk=decision.pk).update(signed_on=signed_on)
    decision.refresh_from_db()
    message = "Thời gian niêm yết kết thúc ngày 16/11/2026: quyết định phải ký sau ngày đó."
    assert svc.decision_blockers(decision) == ([message] if blocked else [])
    if blocked:
        with pytest.raises(ValidationError) as exc:
            svc.decision_approve(user=leader, decision=decision)
        assert exc.value.messages == [message]
        assert Decision.objects.get(pk=decision.pk).status == "draft"
        assert not Review.objects.filter(status="recognised").exists()
    else:
        svc.decision_approve(user=leader, decision=decision)


def test_approval_recognises_updates_households_and_issues_certificates(
    officer, leader, campaign, posted
):
    decision = prepare(officer, campaign)
    svc.decision_approve(user=leader, decision=decision)

    decision.refresh_from_db()
    assert (decision.status, decision.approved_by) == ("approved", leader)
    assert decision.approved_at is not None
    rows = {
        r.household.code: (r.status, r.result, r.certificate_number, r.household.poverty_status)
        for r in Review.objects.select_related("household")
    }
    assert rows == {
        "KP1-001": ("recognised", "poor", "2026-0001", "poor"),
        # In the average band is information; on the lists the household is not poor /
        # near-poor (average living standard has its own procedure).
        "KP1-002": ("recognised", "average", "", "not_poor"),
        "KP1-003": ("recognised", "near_poor", "2026-0002", "near_poor"),
        "KP2-001": ("recognised", "poor", "2026-0003", "poor"),
    }
    event = posted["KP1-001"].events.last()
    assert (event.from_status, event.to_status, event.user, event.note) == (
        "posted",
        "recognised",
        leader,
        "Quyết định số 125/QĐ-UBND",
    )
    assert campaign.standard.is_locked


@pytest.mark.parametrize("name", ["leader", "admin_user"])
def test_leader_and_admin_approve(persona, officer, campaign, posted, name):
    decision = prepare(officer, campaign)
    svc.decision_approve(user=persona(name), decision=decision)
    assert Decision.objects.get(pk=decision.pk).status == "approved"


@pytest.mark.parametrize(
    "name", ["officer", "quarter_head_kp1", "quarter_head_kp2", "org_member", "outsider"]
)
def test_others_do_not_approve(persona, officer, campaign, posted, name):
    decision = prepare(officer, campaign)
    before = review_counts()
    with pytest.raises(PermissionDenied):
        svc.decision_approve(user=persona(name), decision=decision)
    assert review_counts() == before
    assert Decision.objects.get(pk=decision.pk).status == "draft"
    assert Household.objects.filter(poverty_status="unclassified").count() == 4


def test_approving_twice_is_refused(officer, leader, campaign, posted):
    decision = prepare(officer, campaign)
    svc.decision_approve(user=leader, decision=decision)
    before = review_counts()
    for obj in (decision, Decision.objects.get(pk=decision.pk)):
        with pytest.raises(ValidationError) as exc:
            svc.decision_approve(user=leader, decision=obj)
        assert exc.value.messages == ["Quyết định đã được ký ban hành."]
    assert review_counts() == before
    assert list(
        Review.objects.order_by("certificate_number").values_list("certificate_number", flat=True)
    ) == ["", "2026-0001", "2026-0002", "2026-0003"]


def test_certificate_numbers_continue_within_the_list_year(
    officer, leader, areas, campaign, posted, make_household
):
    svc.decision_approve(user=leader, decision=prepare(officer, campaign))
    # An ad-hoc review in 2026 sets lists of 2026 too: numbering continues.
    adhoc = svc.campaign_create(
        user=officer, commune=areas.commune, kind="adhoc", year=2026, month=6
    )
    review = svc.campaign_add_household(
        user=officer, campaign=adhoc, household=make_household("KP1-004")
    )
    to_posted(officer, adhoc, [review])
    svc.decision_approve(user=leader, decision=prepare(officer, adhoc, number="7/QĐ-UBND"))
    assert Review.objects.get(pk=review.pk).certificate_number == "2026-0004"


def test_certificate_numbers_restart_for_another_commune(
    officer, leader, outsider, campaign, posted, review_other, other_campaign, areas
):
    from tests.factories import UserFactory

    svc.decision_approve(user=leader, decision=prepare(officer, campaign))
    to_posted(outsider, other_campaign, [review_other])
    other_leader = UserFactory(role="leader", areas=[areas.other_commune])
    svc.decision_approve(user=other_leader, decision=prepare(outsider, other_campaign))
    assert Review.objects.get(pk=review_other.pk).certificate_number == "2026-0001"


def test_a_leader_of_another_commune_does_not_approve(officer, campaign, posted, areas):
    from tests.factories import UserFactory

    other_leader = UserFactory(role="leader", areas=[areas.other_commune])
    decision = prepare(officer, campaign)
    before = review_counts()
    with pytest.raises(PermissionDenied):
        svc.decision_approve(user=other_leader, decision=decision)
    assert review_counts() == before
    assert Decision.objects.get(pk=decision.pk).status == "draft"


# -- issue 8 item 12: the signing date and one source of truth for the signer ----------------


def test_signing_date_after_today_is_refused(officer, campaign, posted):
    from django.utils import timezone

    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        prepare(officer, campaign, signed_on=tomorrow)
    assert exc.value.message_dict == {
        "signed_on": ["Ngày ký quyết định không được sau hôm nay: ghi ngày lãnh đạo thực sự ký."]
    }
    assert not Decision.objects.exists()


def test_prepare_form_defaults_to_today_and_refuses_tomorrow(client_for, officer, campaign, posted):
    from django.utils import timezone

    client = client_for(officer)
    url = reverse("reviews:decision_prepare", args=[campaign.pk])
    page = client.get(url)
    assert page.context["form"].initial["signed_on"] == timezone.localdate()
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client.post(
        url,
        {
            "number": "125/QĐ-UBND",
            "signed_on": tomorrow.strftime("%d/%m/%Y"),
            "signer_name": "Trương Văn Lãnh Đạo",
            "signer_title": "Chủ tịch",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["signed_on"] == [
        "Ngày ký quyết định không được sau hôm nay: ghi ngày lãnh đạo thực sự ký."
    ]
    assert not Decision.objects.exists()


def test_signed_decision_shows_its_signer_and_date_and_who_recorded_it(
    client_for, officer, leader, campaign, posted
):
    decision = prepare(officer, campaign)
    svc.decision_approve(user=leader, decision=decision)
    page = client_for(leader).get(reverse("reviews:decision", args=[decision.pk])).content.decode()
    signed = page.split('id="decision-signed">')[1].split("</span>")[0]
    assert signed == "Chủ tịch Trương Văn Lãnh Đạo ký ngày 20/11/2026"
    recorded = page.split('id="decision-recorded">')[1].split("</div>")[0]
    assert recorded.startswith("Ghi nhận ký ban hành trên hệ thống: ")
    assert leader.display_name in recorded


def test_a_result_in_the_average_band_reads_not_poor_on_the_household_page(
    client_for, officer, leader, campaign, posted
):
    """The average living standard has its own procedure: the review's result reads as the
    lists do ("not poor / near-poor, in the band"), never as the recognised status."""
    svc.decision_approve(user=leader, decision=prepare(officer, campaign))
    household = posted["KP1-002"].household
    page = client_for(officer).get(f"/ho-gia-dinh/{household.pk}/").content.decode()
    assert "Không nghèo, cận nghèo (trong khoảng mức sống trung bình)" in page
    assert "Hộ có mức sống trung bình" not in page
