"""Mẫu 01 and Mẫu 04 requests (Quyết định 24/2021): Mẫu 04 asks to be recognised as
escaped from poverty / near-poverty, only for a poor / near-poor household, and is not
screened with Phiếu A; both feed the next (monthly) review's list."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from households.models import Household
from households.reviews import services as svc
from households.reviews.models import ReviewRequest
from tests.utils import messages_of, non_field_errors, text


def request_url(household):
    return f"/ra-soat/ho/{household.pk}/de-nghi/"


def set_status(household, status):
    Household.objects.filter(pk=household.pk).update(poverty_status=status)
    household.refresh_from_db()
    return household


def test_escape_request_is_not_screened_with_phieu_a(officer, hh_kp1):
    set_status(hh_kp1, "poor")
    request = svc.request_submit(
        user=officer,
        household=hh_kp1,
        submitted_on=dt.date(2026, 11, 2),
        reason="Đã có việc làm ổn định",
        answers={"A1": True},
        kind=ReviewRequest.Kind.ESCAPE,
    )
    assert request.kind == "escape"
    assert request.status == ReviewRequest.Status.PENDING
    assert request.screening_answers == {}


@pytest.mark.parametrize(
    ("status", "allowed"),
    [
        ("poor", True),
        ("near_poor", True),
        ("not_poor", False),
        ("average", False),
        ("unclassified", False),
    ],
)
def test_escape_request_only_for_poor_or_near_poor(officer, hh_kp1, status, allowed):
    set_status(hh_kp1, status)

    def submit():
        return svc.request_submit(
            user=officer,
            household=hh_kp1,
            submitted_on=dt.date(2026, 11, 2),
            reason="",
            answers={},
            kind=ReviewRequest.Kind.ESCAPE,
        )

    if allowed:
        assert submit().status == "pending"
    else:
        with pytest.raises(ValidationError) as exc:
            submit()
        assert exc.value.messages == [
            "Chỉ hộ nghèo, hộ cận nghèo nộp giấy đề nghị công nhận thoát nghèo, thoát cận "
            "nghèo (Mẫu 04)."
        ]


def test_escape_request_feeds_the_monthly_review(officer, areas, hh_kp1):
    set_status(hh_kp1, "near_poor")
    request = svc.request_submit(
        user=officer,
        household=hh_kp1,
        submitted_on=dt.date(2026, 11, 2),
        reason="",
        answers={},
        kind=ReviewRequest.Kind.ESCAPE,
    )
    campaign = svc.campaign_create(
        user=officer, commune=areas.commune, kind="adhoc", year=2026, month=11
    )
    assert set(campaign.reviews.values_list("household", flat=True)) == {hh_kp1.pk}
    request.refresh_from_db()
    assert (request.status, request.campaign) == ("included", campaign)


def test_request_form_offers_both_forms(client_for, officer, hh_kp1):
    body = text(client_for(officer).get(request_url(hh_kp1)))
    assert "Mẫu 01: đề nghị rà soát hộ nghèo, hộ cận nghèo" in body
    assert "Mẫu 04: đề nghị công nhận hộ thoát nghèo, hộ thoát cận nghèo" in body


def test_escape_request_through_the_form_ignores_phieu_a(client_for, officer, hh_kp1):
    set_status(hh_kp1, "poor")
    response = client_for(officer).post(
        request_url(hh_kp1),
        {"kind": "escape", "submitted_on": "2026-11-02", "item_A2": "on"},
    )
    assert response.status_code == 302
    assert messages_of(response) == [
        "Đã nhận giấy đề nghị công nhận thoát nghèo (Mẫu 04); hộ sẽ được đưa vào đợt rà soát tới."
    ]
    request = ReviewRequest.objects.get()
    assert (request.kind, request.status) == ("escape", "pending")


def test_escape_request_through_the_form_for_a_non_poor_household(client_for, officer, hh_kp1):
    response = client_for(officer).post(
        request_url(hh_kp1), {"kind": "escape", "submitted_on": "2026-11-02"}
    )
    assert response.status_code == 200
    assert non_field_errors(response) == [
        "Chỉ hộ nghèo, hộ cận nghèo nộp giấy đề nghị công nhận thoát nghèo, thoát cận "
        "nghèo (Mẫu 04)."
    ]
    assert not ReviewRequest.objects.exists()


def test_escape_registration_has_no_form_number(client_for, officer, hh_kp1):
    set_status(hh_kp1, "poor")
    body = text(client_for(officer).get(f"/ra-soat/ho/{hh_kp1.pk}/thoat-ngheo/"))
    assert "Đăng ký thoát nghèo" in body
    assert "Mẫu 04" not in body
