"""The allocation service: cap and counterpart, over-allocation, who may receive, scope."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from funding.models import Allocation, AllocationPart
from households import services as hh_services
from households.models import PovertyStandard
from households.reviews.models import (
    Decision,
    EscapeRegistration,
    NeedType,
    Review,
    ReviewCampaign,
    SupportNeed,
)
from tests.funding.conftest import allocate, errors_of, make_poor, pay

pytestmark = pytest.mark.django_db


def test_house_support_capped_rest_as_counterpart(officer, hh_kp1, lines):
    make_poor(hh_kp1)
    a = allocate(
        officer, lines["new_house"], hh_kp1, {"central_ntp": 80_000_000, "other": 20_800_000}
    )
    assert a.amount == 100_800_000
    assert {p.source.code: p.amount for p in a.parts.all()} == {
        "central_ntp": 80_000_000,
        "other": 20_800_000,
    }


def test_state_support_above_the_cap_is_refused(officer, hh_kp1, lines):
    make_poor(hh_kp1)
    with pytest.raises(ValidationError) as exc:
        allocate(officer, lines["new_house"], hh_kp1, {"central_ntp": 100_800_000})
    (message,) = errors_of(exc)["__all__"]
    assert message == (
        "Phần hỗ trợ của Nhà nước 100.800.000 đ vượt mức tối đa 80.000.000 đ "
        "(80.000.000 đ × 1): phần vượt 20.800.000 đ phải ghi vào nguồn đối ứng (hộ gia đình, "
        "Quỹ Vì người nghèo, doanh nghiệp, nguồn khác…)."
    )
    assert not Allocation.objects.exists()
    # Two state sources together are capped too.
    with pytest.raises(ValidationError):
        allocate(
            officer,
            lines["new_house"],
            hh_kp1,
            {"central_ntp": 60_000_000, "commune_budget": 30_000_000},
        )


def test_cap_is_per_unit(officer, hh_kp1, lines):
    make_poor(hh_kp1)
    a = allocate(
        officer,
        lines["new_house"],
        hh_kp1,
        {"central_ntp": 160_000_000},
        units=2,
        decision_number="12/QĐ-UBND",
        decision_date=dt.date(2023, 5, 1),
    )
    assert a.units == 2


def test_beyond_the_remaining_needs_a_decision(officer, hh_kp1, hh_kp2, lines):
    make_poor(hh_kp1, hh_kp2)
    repair = lines["house_repair"]
    allocate(officer, repair, hh_kp1, {"commune_budget": 20_000_000})
    with pytest.raises(ValidationError) as exc:
        allocate(officer, repair, hh_kp2, {"commune_budget": 15_000_000})
    assert errors_of(exc)["decision_number"] == [
        "Dòng kinh phí còn 10.000.000 đ, khoản này 15.000.000 đ: phân bổ vượt kế hoạch cần "
        "ghi số và ngày quyết định cho phép."
    ]
    assert Allocation.objects.count() == 1
    a = allocate(
        officer,
        repair,
        hh_kp2,
        {"commune_budget": 15_000_000},
        decision_number="45/QĐ-UBND",
        decision_date=dt.date(2023, 5, 1),
    )
    assert (a.decision_number, a.decision_date) == ("45/QĐ-UBND", dt.date(2023, 5, 1))


def test_decision_needs_number_and_date(officer, hh_kp1, lines):
    make_poor(hh_kp1)
    with pytest.raises(ValidationError) as exc:
        allocate(officer, lines["house_repair"], hh_kp1, {"commune_budget": 1}, decision_number="1")
    assert errors_of(exc)["decision_date"] == ["Hãy nhập ngày của quyết định."]


def test_category_for_poor_households_only(officer, hh_kp1, lines):
    with pytest.raises(ValidationError) as exc:
        allocate(officer, lines["house_repair"], hh_kp1, {"commune_budget": 30_000_000})
    assert errors_of(exc)["household"] == [
        "“Hỗ trợ sửa chữa nhà ở” chỉ dành cho hộ nghèo, cận nghèo: ngày 02/05/2023 hộ KP1-001 "
        "là “Chưa rà soát”."
    ]
    make_poor(hh_kp1, status="near_poor")
    allocate(officer, lines["house_repair"], hh_kp1, {"commune_budget": 30_000_000})
    # A category without the rule (policy-bank loans) takes any household.
    allocate(officer, lines["vbsp_loan"], hh_kp1, {"vbsp": 40_000_000})


def _recognise(household, *, year, result, signed_on, officer):
    standard = PovertyStandard.objects.order_by("valid_from").first()
    campaign = ReviewCampaign.objects.create(
        commune=household.commune, kind="periodic", year=year, list_year=year + 1,
        standard=standard,
    )  # fmt: skip
    decision = Decision.objects.create(
        campaign=campaign, number=f"{year}/QĐ", signed_on=signed_on, signer_name="Chủ tịch",
        status="approved",
    )  # fmt: skip
    Review.objects.create(
        campaign=campaign, household=household, quarter=household.quarter, area_type="rural",
        standard=standard, result=result, status="recognised", decision=decision,
    )  # fmt: skip


def test_status_on_the_allocation_date_comes_from_recognised_reviews(officer, hh_kp1, lines):
    _recognise(hh_kp1, year=2021, result="poor", signed_on=dt.date(2021, 12, 10), officer=officer)
    _recognise(
        hh_kp1, year=2022, result="not_poor", signed_on=dt.date(2022, 12, 10), officer=officer
    )
    # Today the registry says "not poor"; on 1/6/2022 the household was poor.
    make_poor(hh_kp1, status="not_poor")
    allocate(
        officer, lines["house_repair"], hh_kp1, {"commune_budget": 10_000_000},
        on=dt.date(2022, 6, 1),
    )  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        allocate(
            officer, lines["house_repair"], hh_kp1, {"commune_budget": 10_000_000},
            on=dt.date(2023, 1, 5),
        )  # fmt: skip
    assert "là “Không nghèo, cận nghèo”" in errors_of(exc)["household"][0]


def test_retired_household_gets_nothing(officer, hh_kp1, lines):
    make_poor(hh_kp1)
    hh_services.household_retire(
        user=officer,
        household=hh_kp1,
        reason="moved_away",
        retired_on=dt.date(2024, 1, 5),
        version=hh_kp1.version,
    )
    hh_kp1.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        allocate(officer, lines["vbsp_loan"], hh_kp1, {"vbsp": 40_000_000})
    assert errors_of(exc)["household"] == [
        "Hộ KP1-001 đã ra khỏi danh sách ngày 05/01/2024: không phân bổ hỗ trợ."
    ]


def test_out_of_scope_household(outsider, quarter_head_kp1, leader, hh_kp1, lines):
    with pytest.raises(ValidationError) as exc:
        allocate(outsider, lines["vbsp_loan"], hh_kp1, {"vbsp": 40_000_000})
    assert errors_of(exc)["household"] == ["Không tìm thấy hộ này trong địa bàn bạn phụ trách."]
    for reader in (quarter_head_kp1, leader):
        with pytest.raises(PermissionDenied):
            allocate(reader, lines["vbsp_loan"], hh_kp1, {"vbsp": 40_000_000})


def test_dates_inside_the_line_period_and_not_in_the_future(officer, hh_kp1, lines):
    with pytest.raises(ValidationError) as exc:
        allocate(officer, lines["vbsp_loan"], hh_kp1, {"vbsp": 1}, on=dt.date(2024, 1, 2))
    assert errors_of(exc)["allocated_on"] == [
        "Ngày phân bổ phải trong giai đoạn của dòng kinh phí (2022–2023)."
    ]
    with pytest.raises(ValidationError) as exc:
        allocate(officer, lines["vbsp_loan"], hh_kp1, {"vbsp": 1}, on=dt.date(2099, 1, 2))
    assert errors_of(exc)["allocated_on"] == ["Ngày không được ở tương lai."]


def test_nothing_to_allocate(officer, hh_kp1, lines):
    with pytest.raises(ValidationError) as exc:
        allocate(officer, lines["vbsp_loan"], hh_kp1, {"vbsp": 0})
    assert errors_of(exc)["__all__"] == ["Hãy nhập số tiền của ít nhất một nguồn."]


def _need(household, code="livestock", cost=25_000_000):
    registration = EscapeRegistration.objects.create(
        household=household, year=2022, registered_on=dt.date(2022, 3, 15)
    )
    return SupportNeed.objects.create(
        registration=registration,
        need_type=NeedType.objects.get(code=code),
        estimated_cost=cost,
    )


def test_answering_a_need_marks_it_supporting_then_met(officer, hh_kp1, lines):
    make_poor(hh_kp1)
    need = _need(hh_kp1)
    a = allocate(officer, lines["livelihood"], hh_kp1, {"central_ntp": 25_000_000}, need=need)
    need.refresh_from_db()
    assert need.status == SupportNeed.Status.SUPPORTING
    pay(officer, a, "central_ntp", 10_000_000)
    need.refresh_from_db()
    assert need.status == SupportNeed.Status.SUPPORTING
    pay(officer, a, "central_ntp", 15_000_000)
    need.refresh_from_db()
    assert need.status == SupportNeed.Status.MET
    assert need.history.first().history_user == officer


def test_a_need_of_another_household_or_already_answered(officer, hh_kp1, hh_kp2, lines):
    make_poor(hh_kp1, hh_kp2)
    need = _need(hh_kp1)
    with pytest.raises(ValidationError) as exc:
        allocate(officer, lines["livelihood"], hh_kp2, {"central_ntp": 1}, need=need)
    assert errors_of(exc)["need"] == ["Nhu cầu này là của hộ khác."]
    allocate(officer, lines["livelihood"], hh_kp1, {"central_ntp": 1}, need=need)
    with pytest.raises(ValidationError) as exc:
        allocate(officer, lines["livelihood"], hh_kp1, {"central_ntp": 1}, need=need)
    assert errors_of(exc)["need"] == ["Nhu cầu này đã có khoản phân bổ khác đáp ứng."]


def test_history_and_author(officer, hh_kp1, lines):
    a = allocate(officer, lines["vbsp_loan"], hh_kp1, {"vbsp": 40_000_000})
    assert a.history.first().history_user == officer
    assert AllocationPart.history.filter(allocation_id=a.pk).first().history_user == officer
