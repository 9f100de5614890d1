"""Loan balance, status and overdue rules; what a loan and a repayment refuse."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from funding.loans import services
from funding.loans.models import LoanRepayment, PolicyLoan, add_months
from households import services as hh_services
from households.models import Member
from tests.factories import MemberFactory
from tests.funding_loans.conftest import make_loan

pytestmark = pytest.mark.django_db


def repay(user, loan, principal, day=dt.date(2024, 9, 15), interest=0):
    return services.repayment_record(
        user=user, loan=loan, paid_on=day, principal=principal, interest=interest
    )


def test_due_date_from_term_clamped_to_month_end():
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2023, 1, 31), 1) == dt.date(2023, 2, 28)
    assert add_months(dt.date(2024, 3, 15), 36) == dt.date(2027, 3, 15)
    assert add_months(dt.date(2024, 11, 30), 14) == dt.date(2026, 1, 30)


def test_new_loan_computes_its_due_date_and_starts_active(loan_kp1):
    assert loan_kp1.due_on == dt.date(2027, 3, 15)
    assert loan_kp1.status == PolicyLoan.Status.ACTIVE
    assert loan_kp1.balance == 40_000_000


def test_an_edited_due_date_is_kept(officer, hh_kp1):
    loan = make_loan(officer, hh_kp1, due_on=dt.date(2028, 1, 1))
    assert loan.due_on == dt.date(2028, 1, 1)


def test_repayments_lower_the_balance_until_repaid(officer, loan_kp1):
    repay(officer, loan_kp1, 15_000_000, interest=1_320_000)
    loan_kp1.refresh_from_db()
    assert loan_kp1.balance == 25_000_000
    assert loan_kp1.status == PolicyLoan.Status.ACTIVE
    repay(officer, loan_kp1, 25_000_000, day=dt.date(2025, 3, 15))
    loan_kp1.refresh_from_db()
    assert loan_kp1.balance == 0
    assert loan_kp1.status == PolicyLoan.Status.REPAID
    assert not loan_kp1.is_overdue_on(dt.date(2030, 1, 1))


def test_interest_only_repayment_leaves_the_balance(officer, loan_kp1):
    repay(officer, loan_kp1, 0, interest=660_000)
    loan_kp1.refresh_from_db()
    assert loan_kp1.balance == 40_000_000
    assert loan_kp1.repayments.get().interest == 660_000


def test_repayment_beyond_the_balance_is_refused(officer, loan_kp1):
    repay(officer, loan_kp1, 30_000_000)
    with pytest.raises(ValidationError) as exc:
        repay(officer, loan_kp1, 10_000_001)
    assert exc.value.message_dict == {
        "principal": ["Tiền gốc trả vượt dư nợ: khoản vay chỉ còn 10.000.000 đ."]
    }
    loan_kp1.refresh_from_db()
    assert loan_kp1.principal_repaid == 30_000_000
    assert LoanRepayment.objects.count() == 1


def test_the_database_refuses_a_negative_balance(loan_kp1):
    with pytest.raises(IntegrityError), transaction.atomic():
        PolicyLoan.objects.filter(pk=loan_kp1.pk).update(principal_repaid=40_000_001)


def test_overdue_means_past_due_with_a_balance(officer, hh_kp1):
    loan = make_loan(officer, hh_kp1, disbursed_on=dt.date(2021, 1, 10), term_months=24)
    assert loan.due_on == dt.date(2023, 1, 10)
    assert loan.is_overdue_on(dt.date(2023, 1, 11))
    assert not loan.is_overdue_on(dt.date(2023, 1, 10))
    assert loan.is_overdue
    repay(officer, loan, 40_000_000, day=dt.date(2023, 2, 1))
    loan.refresh_from_db()
    assert not loan.is_overdue


def test_written_off_loan_owes_nothing_and_takes_no_repayment(officer, hh_kp1, loan_kp1):
    repay(officer, loan_kp1, 10_000_000)
    loan = services.loan_save(
        user=officer,
        household=hh_kp1,
        loan=loan_kp1,
        borrower=loan_kp1.borrower,
        program="poor",
        amount=40_000_000,
        term_months=36,
        interest_rate=Decimal("0.55"),
        disbursed_on=dt.date(2024, 3, 15),
        written_off=True,
    )
    assert loan.status == PolicyLoan.Status.WRITTEN_OFF
    assert loan.balance == 0
    assert loan.written_off_amount == 30_000_000
    assert not loan.is_overdue_on(dt.date(2030, 1, 1))
    with pytest.raises(ValidationError, match="đã được xóa nợ"):
        repay(officer, loan, 1_000_000)


def test_repayment_dates_are_bounded(officer, loan_kp1):
    with pytest.raises(ValidationError) as exc:
        repay(officer, loan_kp1, 1_000_000, day=dt.date(2024, 3, 14))
    assert exc.value.message_dict == {
        "paid_on": ["Ngày trả không được trước ngày giải ngân (15/03/2024)."]
    }
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        repay(officer, loan_kp1, 1_000_000, day=tomorrow)
    assert exc.value.message_dict == {"paid_on": ["Ngày trả không được ở tương lai."]}


def test_an_empty_repayment_is_refused(officer, loan_kp1):
    with pytest.raises(ValidationError) as exc:
        repay(officer, loan_kp1, 0)
    assert exc.value.message_dict == {"principal": ["Hãy nhập tiền gốc hoặc tiền lãi đã trả."]}


def test_disbursement_not_in_the_future(officer, hh_kp1):
    with pytest.raises(ValidationError) as exc:
        make_loan(officer, hh_kp1, disbursed_on=timezone.localdate() + dt.timedelta(days=1))
    assert exc.value.message_dict["disbursed_on"] == ["Ngày giải ngân không được ở tương lai."]
    assert not PolicyLoan.objects.exists()


def test_due_date_before_disbursement_is_refused(officer, hh_kp1):
    with pytest.raises(ValidationError) as exc:
        make_loan(officer, hh_kp1, due_on=dt.date(2024, 1, 1))
    assert exc.value.message_dict == {
        "due_on": ["Ngày đến hạn không được trước ngày giải ngân (15/03/2024)."]
    }


def test_a_member_of_another_household_cannot_borrow(officer, hh_kp1, hh_kp2):
    with pytest.raises(ValidationError) as exc:
        services.loan_save(
            user=officer,
            household=hh_kp1,
            borrower=hh_kp2.head,
            program="poor",
            amount=10_000_000,
            term_months=12,
            interest_rate=Decimal("0.55"),
            disbursed_on=dt.date(2024, 3, 1),
        )
    assert exc.value.message_dict == {
        "borrower": ["Đặng Thị Bình không phải thành viên của hộ KP1-001."]
    }


def test_a_member_who_left_cannot_borrow(officer, hh_kp1):
    member = MemberFactory(household=hh_kp1, full_name="Nguyễn Văn Đi")
    Member.objects.filter(pk=member.pk).update(is_active=False, left_on=dt.date(2024, 1, 1))
    member.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.loan_save(
            user=officer,
            household=hh_kp1,
            borrower=member,
            program="poor",
            amount=10_000_000,
            term_months=12,
            interest_rate=Decimal("0.55"),
            disbursed_on=dt.date(2024, 3, 1),
        )
    assert "đã ra khỏi hộ" in exc.value.message_dict["borrower"][0]


def test_a_retired_household_gets_no_new_loan(officer, hh_kp1, loan_kp1):
    hh_services.household_retire(
        user=officer,
        household=hh_kp1,
        reason="moved_away",
        retired_on=dt.date(2025, 1, 5),
        version=hh_kp1.version,
    )
    hh_kp1.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        make_loan(officer, hh_kp1)
    assert exc.value.messages == [
        "Hộ KP1-001 đã ra khỏi danh sách: không ghi khoản vay mới cho hộ này."
    ]
    # Its existing loan is still repaid.
    repay(officer, loan_kp1, 1_000_000, day=dt.date(2025, 2, 1))


def test_amount_cannot_drop_below_what_was_repaid(officer, hh_kp1, loan_kp1):
    repay(officer, loan_kp1, 20_000_000)
    with pytest.raises(ValidationError) as exc:
        services.loan_save(
            user=officer,
            household=hh_kp1,
            loan=loan_kp1,
            borrower=loan_kp1.borrower,
            program="poor",
            amount=10_000_000,
            term_months=36,
            interest_rate=Decimal("0.55"),
            disbursed_on=dt.date(2024, 3, 15),
        )
    assert exc.value.message_dict == {
        "amount": ["Số tiền vay không được nhỏ hơn số gốc đã trả (20.000.000 đ)."]
    }


@pytest.mark.parametrize("who", ["leader", "quarter_head_kp1", "org_member", "outsider"])
def test_only_officers_of_the_commune_record(who, persona, hh_kp1, loan_kp1):
    user = persona(who)
    with pytest.raises(PermissionDenied):
        make_loan(user, hh_kp1)
    with pytest.raises(PermissionDenied):
        repay(user, loan_kp1, 1_000_000)


def test_history_is_kept(officer, loan_kp1):
    repay(officer, loan_kp1, 1_000_000)
    assert loan_kp1.history.count() == 2
    assert loan_kp1.history.first().history_user == officer
