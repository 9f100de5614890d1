"""Fixtures of loans and the Fund: a loan per household (Khu phố 1, Khu phố 2, the other
commune) and Tân Khai's Fund opened on 1/1/2025 with 10.000.000 đ."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from funding.loans import services
from funding.loans.models import FundSpending, PolicyLoan, PoorFund
from households.models import Household
from tannkhai.models import User
from tests.conftest import AreaTree

LOANS = "/vay-von-va-quy/"
LEDGER = "/vay-von-va-quy/quy/"
PUBLIC = "/vay-von-va-quy/quy/cong-khai/"
DONATE = "/vay-von-va-quy/quy/ung-ho/"
SPEND = "/vay-von-va-quy/quy/chi/"
OPEN = "/vay-von-va-quy/quy/mo-so/"


def loan_url(loan: PolicyLoan) -> str:
    return f"/vay-von-va-quy/{loan.pk}/"


def household_url(household: Household) -> str:
    return f"/vay-von-va-quy/ho/{household.pk}/"


def new_loan_url(household: Household) -> str:
    return f"/vay-von-va-quy/ho/{household.pk}/vay-moi/"


def make_loan(user: User, household: Household, **overrides: Any) -> PolicyLoan:
    values: dict[str, Any] = {
        "program": "poor",
        "amount": 40_000_000,
        "term_months": 36,
        "interest_rate": Decimal("0.55"),
        "disbursed_on": dt.date(2024, 3, 15),
    }
    values.update(overrides)
    return services.loan_save(user=user, household=household, borrower=household.head, **values)


@pytest.fixture
def loan_kp1(officer: User, hh_kp1: Household) -> PolicyLoan:
    return make_loan(officer, hh_kp1)


@pytest.fixture
def loan_kp2(officer: User, hh_kp2: Household) -> PolicyLoan:
    return make_loan(officer, hh_kp2, program="housing", amount=30_000_000)


@pytest.fixture
def loan_other(outsider: User, hh_other: Household) -> PolicyLoan:
    return make_loan(outsider, hh_other, amount=25_000_000)


@pytest.fixture
def fund(officer: User, areas: AreaTree) -> PoorFund:
    return services.fund_open(
        user=officer,
        commune=areas.commune,
        opened_on=dt.date(2025, 1, 1),
        opening_balance=10_000_000,
    )


@pytest.fixture
def other_fund(outsider: User, areas: AreaTree) -> PoorFund:
    return services.fund_open(
        user=outsider,
        commune=areas.other_commune,
        opened_on=dt.date(2025, 1, 1),
        opening_balance=7_000_000,
    )


def spend(user: User, commune: Any, amount: int, day: dt.date, **extra: Any) -> FundSpending:
    extra.setdefault("purpose", "" if extra.get("household") else "Quà Tết")
    return services.spending_record(
        user=user, commune=commune, amount=amount, spent_on=day, decision_number="01/QĐ", **extra
    )


def donate(user: User, commune: Any, amount: int, day: dt.date, donor: str = "Công ty A") -> Any:
    return services.donation_record(
        user=user,
        commune=commune,
        donor_name=donor,
        donor_kind="business",
        amount=amount,
        received_on=day,
        receipt_number="BL-01",
    )
