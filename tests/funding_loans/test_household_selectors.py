"""``loans_for_household`` and ``fund_spending_for_household`` for the household page."""

from __future__ import annotations

import datetime as dt

import pytest

from funding.loans.selectors import fund_spending_for_household, loans_for_household
from tests.funding_loans.conftest import spend

pytestmark = pytest.mark.django_db

READS_KP1 = {
    "officer": True,
    "leader": True,
    "quarter_head_kp1": True,
    "quarter_head_kp2": False,
    "org_member": True,
    "admin_user": True,
    "outsider": False,
}


@pytest.mark.parametrize(("who", "reads"), list(READS_KP1.items()))
def test_scoped_per_persona(who, reads, persona, officer, areas, fund, hh_kp1, loan_kp1, loan_kp2):
    spending = spend(officer, areas.commune, 1_000_000, dt.date(2025, 2, 1), household=hh_kp1)
    spend(officer, areas.commune, 1_000_000, dt.date(2025, 2, 1), purpose="Quà Tết")
    user = persona(who)
    assert list(loans_for_household(user, hh_kp1)) == ([loan_kp1] if reads else [])
    assert list(fund_spending_for_household(user, hh_kp1)) == ([spending] if reads else [])
