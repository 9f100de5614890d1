"""Fixtures of funding: the plan's lines (``load_plan``) and helpers to allocate."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from funding import services
from funding.models import Allocation, Disbursement, FundingLine, FundingSource
from households.models import Household
from tannkhai.models import User
from targets.models import Program
from tests.targets.conftest import plan  # noqa: F401 (fixture)

ALLOCATED_ON = dt.date(2023, 5, 2)


@pytest.fixture
def lines(plan: Program) -> dict[str, FundingLine]:  # noqa: F811
    """The plan's funding lines by category code (2024–2025's under "other")."""
    return {line.category.code: line for line in plan.funding_lines.select_related("category")}


@pytest.fixture
def src(db: None) -> dict[str, FundingSource]:
    return {s.code: s for s in FundingSource.objects.all()}


def make_poor(*households: Household, status: str = "poor") -> None:
    for household in households:
        Household.objects.filter(pk=household.pk).update(poverty_status=status)
        household.refresh_from_db()


def allocate(
    user: User,
    line: FundingLine,
    household: Household,
    parts: dict[str, int],
    *,
    on: dt.date = ALLOCATED_ON,
    **extra: Any,
) -> Allocation:
    sources = {s.code: s for s in FundingSource.objects.all()}
    return services.allocation_create(
        user=user,
        line=line,
        household=household,
        parts={sources[code]: amount for code, amount in parts.items()},
        allocated_on=on,
        **extra,
    )


def pay(
    user: User,
    allocation: Allocation,
    code: str,
    amount: int,
    *,
    on: dt.date = dt.date(2023, 6, 1),
    **extra: Any,
) -> Disbursement:
    return services.disbursement_create(
        user=user,
        allocation=allocation,
        source=FundingSource.objects.get(code=code),
        paid_on=on,
        amount=amount,
        **extra,
    )


def errors_of(exc: Any) -> dict[str, list[str]]:
    return exc.value.message_dict
