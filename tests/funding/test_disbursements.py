"""Disbursements: never before the allocation, in the future or beyond it; the sums by line
and by source equal the records."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Sum

from funding import selectors as sel
from funding.models import AllocationPart, Disbursement
from tests.funding.conftest import allocate, errors_of, make_poor, pay

pytestmark = pytest.mark.django_db


@pytest.fixture
def house(officer, hh_kp1, lines):
    make_poor(hh_kp1)
    return allocate(
        officer, lines["new_house"], hh_kp1, {"central_ntp": 80_000_000, "other": 20_800_000}
    )


def test_before_the_allocation_or_in_the_future(officer, house):
    with pytest.raises(ValidationError) as exc:
        pay(officer, house, "central_ntp", 1, on=dt.date(2023, 5, 1))
    assert errors_of(exc)["paid_on"] == ["Ngày chi không được trước ngày phân bổ (02/05/2023)."]
    with pytest.raises(ValidationError) as exc:
        pay(officer, house, "central_ntp", 1, on=dt.date(2099, 1, 1))
    assert errors_of(exc)["paid_on"] == ["Ngày không được ở tương lai."]
    assert not Disbursement.objects.exists()


def test_never_beyond_the_allocation_or_the_source_part(officer, house):
    pay(officer, house, "central_ntp", 80_000_000)
    with pytest.raises(ValidationError) as exc:
        pay(officer, house, "central_ntp", 1)
    assert errors_of(exc)["amount"] == [
        "Vượt phần của nguồn “Ngân sách Trung ương qua Chương trình mục tiêu quốc gia”: đã chi "
        "80.000.000 đ trên 80.000.000 đ, còn 0 đ."
    ]
    pay(officer, house, "other", 20_000_000)
    with pytest.raises(ValidationError) as exc:
        pay(officer, house, "other", 900_000)
    assert errors_of(exc)["amount"] == [
        "Vượt số còn lại của khoản phân bổ: đã chi 100.000.000 đ trên 100.800.000 đ, còn 800.000 đ."
    ]
    with pytest.raises(ValidationError) as exc:
        pay(officer, house, "vbsp", 1)
    assert errors_of(exc)["source"] == [
        "Khoản phân bổ này không có phần từ nguồn “Tín dụng chính sách (Ngân hàng Chính sách "
        "xã hội)”."
    ]
    assert Disbursement.objects.aggregate(s=Sum("amount"))["s"] == 100_000_000


def test_figures_equal_the_records(officer, leader, hh_kp1, hh_kp2, lines, house):
    make_poor(hh_kp2)
    repair = allocate(officer, lines["house_repair"], hh_kp2, {"commune_budget": 30_000_000})
    loan = allocate(
        officer, lines["vbsp_loan"], hh_kp1, {"vbsp": 40_000_000}, on=dt.date(2022, 8, 1)
    )
    pay(officer, house, "central_ntp", 40_000_000)
    pay(officer, house, "other", 20_800_000, on=dt.date(2023, 7, 1))
    pay(officer, repair, "commune_budget", 30_000_000)
    pay(officer, loan, "vbsp", 40_000_000, on=dt.date(2022, 9, 1))
    figures = sel.line_figures(leader, lines.values())
    for line in lines.values():
        fig = figures[line.pk]
        assert fig.allocated == sum(a.amount for a in line.allocations.all())
        assert fig.disbursed == sum(
            d.amount for d in Disbursement.objects.filter(allocation__line=line)
        )
    house_fig = figures[lines["new_house"].pk]
    assert (house_fig.planned, house_fig.allocated, house_fig.disbursed) == (
        100_800_000,
        100_800_000,
        60_800_000,
    )
    assert (house_fig.allocated_state, house_fig.allocated_counterpart) == (80_000_000, 20_800_000)
    assert (house_fig.planned_state, house_fig.planned_counterpart) == (80_000_000, 20_800_000)
    assert house_fig.remaining == 0
    assert sel.totals(figures.values()).allocated == 170_800_000
    by_source, by_year = sel.line_breakdown(leader, lines["new_house"])
    assert {(r.source.code, r.planned, r.allocated, r.disbursed) for r in by_source} == {
        ("central_ntp", 80_000_000, 80_000_000, 40_000_000),
        ("other", 20_800_000, 20_800_000, 20_800_000),
    }
    for r in by_source:
        assert (
            r.allocated
            == AllocationPart.objects.filter(
                allocation__line=lines["new_house"], source=r.source
            ).aggregate(s=Sum("amount"))["s"]
        )
    assert [(y.year, y.allocated, y.disbursed) for y in by_year] == [
        (2023, 100_800_000, 60_800_000)
    ]
    _src, loan_years = sel.line_breakdown(leader, lines["vbsp_loan"])
    assert [(y.year, y.allocated, y.disbursed) for y in loan_years] == [
        (2022, 40_000_000, 40_000_000)
    ]


def test_quarter_head_figures_are_their_quarter(officer, quarter_head_kp2, hh_kp1, lines, house):
    pay(officer, house, "central_ntp", 40_000_000)
    fig = sel.line_figures(quarter_head_kp2, [lines["new_house"]])[lines["new_house"].pk]
    assert (fig.planned, fig.allocated, fig.disbursed) == (100_800_000, 0, 0)
