"""The Fund's running balance per year, carried over, and never negative."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from funding.loans import selectors as sel
from funding.loans import services
from funding.loans.models import FundDonation, FundSpending, PoorFund
from tests.funding_loans.conftest import donate, spend

pytestmark = pytest.mark.django_db

D = dt.date


def test_running_balance_and_totals_of_a_year(officer, areas, fund):
    donate(officer, areas.commune, 5_000_000, D(2025, 2, 1))
    spend(officer, areas.commune, 12_000_000, D(2025, 3, 1))
    donate(officer, areas.commune, 1_000_000, D(2025, 3, 1))
    book = sel.ledger(user=officer, fund=fund, year=2025)
    assert book.opening == 10_000_000
    assert book.total_in == 6_000_000
    assert book.total_out == 12_000_000
    assert book.closing == 4_000_000
    # Donations of a day come before its spending.
    assert [(e.kind, e.balance) for e in book.entries] == [
        ("in", 15_000_000),
        ("in", 16_000_000),
        ("out", 4_000_000),
    ]


def test_opening_balance_is_carried_from_the_previous_year(officer, areas, fund):
    donate(officer, areas.commune, 5_000_000, D(2025, 6, 1))
    spend(officer, areas.commune, 3_000_000, D(2025, 12, 31))
    donate(officer, areas.commune, 2_000_000, D(2026, 1, 1))
    assert sel.ledger(user=officer, fund=fund, year=2025).closing == 12_000_000
    book = sel.ledger(user=officer, fund=fund, year=2026)
    assert book.opening == 12_000_000
    assert book.closing == 14_000_000


def test_spending_beyond_the_balance_is_a_field_error(officer, areas, fund):
    spend(officer, areas.commune, 6_000_000, D(2025, 2, 1))
    with pytest.raises(ValidationError) as exc:
        spend(officer, areas.commune, 4_000_001, D(2025, 3, 1))
    assert exc.value.message_dict == {
        "amount": ["Quỹ không đủ để chi 4.000.001 đ: số dư ngày 01/03/2025 chỉ còn 4.000.000 đ."]
    }
    assert FundSpending.objects.count() == 1
    spend(officer, areas.commune, 4_000_000, D(2025, 3, 1))
    assert sel.ledger(user=officer, fund=fund, year=2025).closing == 0


def test_a_backdated_spending_may_not_empty_a_later_day(officer, areas, fund):
    """The balance on 1/3 is 15 million, but a spending of 12 million on 1/4 leaves 3
    million: a spending dated 1/3 of more than 3 million would make 1/4 negative."""
    donate(officer, areas.commune, 5_000_000, D(2025, 2, 1))
    spend(officer, areas.commune, 12_000_000, D(2025, 4, 1))
    with pytest.raises(ValidationError) as exc:
        spend(officer, areas.commune, 3_500_000, D(2025, 3, 1))
    assert exc.value.message_dict == {
        "amount": ["Quỹ không đủ để chi 3.500.000 đ: số dư ngày 01/04/2025 chỉ còn 3.000.000 đ."]
    }
    spend(officer, areas.commune, 3_000_000, D(2025, 3, 1))


def test_a_donation_later_does_not_cover_an_earlier_spending(officer, areas, fund):
    donate(officer, areas.commune, 50_000_000, D(2025, 6, 1))
    with pytest.raises(ValidationError):
        spend(officer, areas.commune, 11_000_000, D(2025, 5, 1))
    spend(officer, areas.commune, 11_000_000, D(2025, 6, 1))


def test_records_before_the_book_opens_or_in_the_future_are_refused(officer, areas, fund):
    with pytest.raises(ValidationError) as exc:
        donate(officer, areas.commune, 1_000_000, D(2024, 12, 31))
    assert exc.value.message_dict == {
        "received_on": ["Sổ Quỹ bắt đầu từ ngày 01/01/2025: không ghi khoản trước ngày này."]
    }
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        spend(officer, areas.commune, 1_000, tomorrow)
    assert exc.value.message_dict == {"spent_on": ["Ngày chi không được ở tương lai."]}


def test_spending_needs_a_household_or_a_purpose(officer, areas, fund):
    with pytest.raises(ValidationError) as exc:
        services.spending_record(
            user=officer,
            commune=areas.commune,
            amount=1_000_000,
            spent_on=D(2025, 2, 1),
            decision_number="01/QĐ",
        )
    assert exc.value.message_dict == {"purpose": ["Hãy chọn hộ được hỗ trợ hoặc ghi nội dung chi."]}


def test_spending_to_a_household_outside_the_commune_or_retired(officer, areas, fund, hh_other):
    with pytest.raises(ValidationError) as exc:
        spend(officer, areas.commune, 1_000_000, D(2025, 2, 1), household=hh_other)
    assert exc.value.message_dict == {"household": ["Hộ này không thuộc địa bàn bạn phụ trách."]}


def test_spending_to_a_retired_household_is_refused(officer, areas, fund, hh_kp1):
    from households import services as hh_services

    hh_services.household_retire(
        user=officer,
        household=hh_kp1,
        reason="moved_away",
        retired_on=D(2025, 1, 5),
        version=hh_kp1.version,
    )
    hh_kp1.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        spend(officer, areas.commune, 1_000_000, D(2025, 2, 1), household=hh_kp1)
    assert exc.value.message_dict == {
        "household": ["Hộ KP1-001 đã ra khỏi danh sách: không chi hỗ trợ cho hộ này."]
    }


def test_no_record_without_an_opened_book(officer, areas):
    with pytest.raises(ValidationError, match="Chưa mở sổ Quỹ"):
        donate(officer, areas.commune, 1_000_000, D(2025, 2, 1))


def test_lowering_the_opening_balance_may_not_make_a_day_negative(officer, areas, fund):
    spend(officer, areas.commune, 8_000_000, D(2025, 2, 1))
    with pytest.raises(ValidationError) as exc:
        services.fund_open(
            user=officer, commune=areas.commune, opened_on=D(2025, 1, 1), opening_balance=7_000_000
        )
    assert exc.value.message_dict == {
        "opening_balance": ["Với số dư đầu kỳ này, số dư Quỹ ngày 01/02/2025 sẽ âm (-1.000.000 đ)."]
    }
    with pytest.raises(ValidationError) as exc:
        services.fund_open(
            user=officer, commune=areas.commune, opened_on=D(2025, 3, 1), opening_balance=9_000_000
        )
    assert "01/02/2025" in exc.value.message_dict["opened_on"][0]
    services.fund_open(
        user=officer, commune=areas.commune, opened_on=D(2025, 1, 1), opening_balance=8_000_000
    )
    assert PoorFund.objects.get().opening_balance == 8_000_000


@pytest.mark.parametrize("who", ["leader", "quarter_head_kp1", "org_member", "outsider"])
def test_only_officers_of_the_commune_write_the_ledger(who, persona, areas, fund):
    user = persona(who)
    with pytest.raises(PermissionDenied):
        donate(user, areas.commune, 1_000_000, D(2025, 2, 1))
    with pytest.raises(PermissionDenied):
        spend(user, areas.commune, 1_000_000, D(2025, 2, 1))
    assert not FundDonation.objects.exists()


def test_quarter_heads_see_the_totals_but_not_other_quarters_households(
    officer, quarter_head_kp2, areas, fund, hh_kp1, hh_kp2
):
    spend(officer, areas.commune, 1_000_000, D(2025, 2, 1), household=hh_kp1)
    spend(officer, areas.commune, 2_000_000, D(2025, 2, 2), household=hh_kp2)
    spend(officer, areas.commune, 3_000_000, D(2025, 2, 3))
    book = sel.ledger(user=quarter_head_kp2, fund=fund, year=2025)
    assert book.total_out == 6_000_000
    assert [e.shown for e in book.spendings] == [False, True, True]
    assert (book.hidden_count, book.hidden_amount) == (1, 1_000_000)
    public = sel.ledger(user=quarter_head_kp2, fund=fund, year=2025, public=True)
    assert all(e.shown for e in public.spendings)
