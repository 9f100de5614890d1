"""Two repayments of one loan, and two spendings from one Fund, at the same moment on two
connections: the row lock lets one through and refuses the other.

PostgreSQL only (see ``tests/races.py``).
"""

from __future__ import annotations

import datetime as dt

import pytest

from funding.loans import services
from funding.loans.models import FundSpending, LoanRepayment, PolicyLoan
from tests.funding_loans.conftest import make_loan
from tests.races import one_wins, postgres_races, race

pytestmark = postgres_races


@pytest.fixture(autouse=True)
def _reference(reference_data):
    """Reference data emptied by the previous transactional test."""


def test_two_repayments_beyond_the_balance_at_once(officer, admin_user, hh_kp1):
    loan = make_loan(officer, hh_kp1, amount=10_000_000)

    def repay(user):
        return lambda: services.repayment_record(
            user=user,
            loan=PolicyLoan.objects.select_related("household__quarter").get(pk=loan.pk),
            paid_on=dt.date(2024, 9, 1),
            principal=6_000_000,
        )

    one_wins(
        race(repay(officer), repay(admin_user)),
        "Tiền gốc trả vượt dư nợ: khoản vay chỉ còn 4.000.000 đ.",
    )
    loan.refresh_from_db()
    assert loan.principal_repaid == 6_000_000
    assert LoanRepayment.objects.count() == 1


def test_two_spendings_beyond_the_balance_at_once(officer, admin_user, areas):
    services.fund_open(
        user=officer,
        commune=areas.commune,
        opened_on=dt.date(2025, 1, 1),
        opening_balance=10_000_000,
    )

    def spend(user):
        return lambda: services.spending_record(
            user=user,
            commune=areas.commune,
            amount=6_000_000,
            spent_on=dt.date(2025, 2, 1),
            decision_number="01/QĐ",
            purpose="Xây nhà",
        )

    one_wins(
        race(spend(officer), spend(admin_user)),
        "Quỹ không đủ để chi 6.000.000 đ: số dư ngày 01/02/2025 chỉ còn 4.000.000 đ.",
    )
    assert FundSpending.objects.count() == 1
