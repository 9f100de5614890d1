"""Reads of policy-bank loans and the Fund for the Poor, scoped to the user.

Loans and the Fund's spending to households are read through the households the user
sees (``households_visible_to``): officers and leaders their commune, quarter heads their
quarter, organisation members the households assigned to them. The Fund's totals and
donations are the commune's and read by every staff role (``permissions.can_read_ledger``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from funding.loans.models import (
    CLASSIFYING_PROGRAMS,
    PRODUCTION_LABEL,
    FundDonation,
    FundSpending,
    LoanProgram,
    PolicyLoan,
    PoorFund,
)
from funding.loans.permissions import can_read_household_support, can_read_loans
from households.models import Area, Household
from households.selectors import communes_visible_to, households_visible_to
from tannkhai.models import User
from tannkhai.privacy import policy_for

# Status filters of the loan list: the stored status, with "active" split by the due date.
OUTSTANDING = "outstanding"  # active: in term or overdue
IN_TERM = "in_term"
OVERDUE = "overdue"
REPAID = PolicyLoan.Status.REPAID.value
WRITTEN_OFF = PolicyLoan.Status.WRITTEN_OFF.value
STATUS_FILTERS = (OUTSTANDING, IN_TERM, OVERDUE, REPAID, WRITTEN_OFF)


# -- loans ---------------------------------------------------------------------------


def loans_visible_to(user: User) -> QuerySet[PolicyLoan]:
    if not can_read_loans(user):
        return PolicyLoan.objects.none()
    return PolicyLoan.objects.filter(household__in=households_visible_to(user).values("pk"))


def loan_get(*, user: User, pk: int) -> PolicyLoan:
    try:
        return (
            loans_visible_to(user)
            .select_related("household", "household__quarter", "borrower", "household__commune")
            .get(pk=pk)
        )
    except PolicyLoan.DoesNotExist as exc:
        raise Http404 from exc


def program_label(user: User, program: str) -> str:
    """The program's name; for readers who may not see a household's classification
    (organisation members) the poor / near-poor / newly-escaped programs read as
    production and business loans."""
    if program in CLASSIFYING_PROGRAMS and not policy_for(user).member_details:
        return str(PRODUCTION_LABEL)
    return str(LoanProgram(program).label)


def loans_for_household(user: User, household: Household) -> QuerySet[PolicyLoan]:
    """The household's loans the user may read (none when the household is not theirs)."""
    return (
        loans_visible_to(user)
        .filter(household=household)
        .select_related("borrower")
        .order_by("-disbursed_on", "-pk")
    )


def overdue_condition(today: dt.date) -> Q:
    return Q(status=PolicyLoan.Status.ACTIVE, due_on__lt=today, principal_repaid__lt=F("amount"))


def filter_loans(
    queryset: QuerySet[PolicyLoan],
    *,
    status: str | None = None,
    quarter: int | None = None,
    program: str | None = None,
    today: dt.date | None = None,
) -> QuerySet[PolicyLoan]:
    """The list's filters; the per-quarter figures link to exactly these sets."""
    today = today or timezone.localdate()
    if status == OUTSTANDING:
        queryset = queryset.filter(status=PolicyLoan.Status.ACTIVE)
    elif status == OVERDUE:
        queryset = queryset.filter(overdue_condition(today))
    elif status == IN_TERM:
        queryset = queryset.filter(status=PolicyLoan.Status.ACTIVE).exclude(
            overdue_condition(today)
        )
    elif status in (REPAID, WRITTEN_OFF):
        queryset = queryset.filter(status=status)
    if quarter is not None:
        queryset = queryset.filter(household__quarter_id=quarter)
    if program:
        queryset = queryset.filter(program=program)
    return queryset


@dataclass
class QuarterTotal:
    quarter_id: int | None
    quarter_name: str
    loans: int = 0
    outstanding: int = 0
    overdue_loans: int = 0
    overdue_amount: int = 0


def outstanding_by_quarter(
    queryset: QuerySet[PolicyLoan], *, today: dt.date | None = None
) -> tuple[list[QuarterTotal], QuarterTotal]:
    """Outstanding loans (status active) per quarter of the borrower household: how many,
    their balance, and of those the overdue ones. One grouped query; the totals row last."""
    today = today or timezone.localdate()
    overdue = overdue_condition(today)
    balance = F("amount") - F("principal_repaid")
    rows = (
        queryset.filter(status=PolicyLoan.Status.ACTIVE)
        .order_by()
        .values("household__quarter_id", "household__quarter__name")
        .annotate(
            n=Count("pk"),
            total=Coalesce(Sum(balance), 0),
            n_overdue=Count("pk", filter=overdue),
            total_overdue=Coalesce(Sum(balance, filter=overdue), 0),
        )
        .order_by("household__quarter__name")
    )
    out = [
        QuarterTotal(
            quarter_id=r["household__quarter_id"],
            quarter_name=r["household__quarter__name"],
            loans=r["n"],
            outstanding=int(r["total"]),
            overdue_loans=r["n_overdue"],
            overdue_amount=int(r["total_overdue"]),
        )
        for r in rows
    ]
    total = QuarterTotal(
        quarter_id=None,
        quarter_name="",
        loans=sum(r.loans for r in out),
        outstanding=sum(r.outstanding for r in out),
        overdue_loans=sum(r.overdue_loans for r in out),
        overdue_amount=sum(r.overdue_amount for r in out),
    )
    return out, total


# -- the Fund for the Poor -----------------------------------------------------------


def fund_communes(user: User) -> QuerySet[Area]:
    """The communes whose Fund the user may open (current ones)."""
    today = timezone.localdate()
    return (
        communes_visible_to(user)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .order_by("name")
    )


def fund_of(commune: Area) -> PoorFund | None:
    return PoorFund.objects.filter(commune=commune).first()


def fund_get(*, user: User, pk: int) -> PoorFund:
    """The Fund of one of the user's communes (``fund_communes``), or 404."""
    try:
        return (
            PoorFund.objects.filter(commune__in=fund_communes(user).values("pk"))
            .select_related("commune")
            .get(pk=pk)
        )
    except PoorFund.DoesNotExist as exc:
        raise Http404 from exc


def fund_spending_for_household(user: User, household: Household) -> QuerySet[FundSpending]:
    """The Fund's spending to the household, when the user may read the household."""
    if not can_read_household_support(user):
        return FundSpending.objects.none()
    return FundSpending.objects.filter(
        household=household,
        household__in=households_visible_to(user).values("pk"),
    ).order_by("-spent_on", "-pk")


def _sum(queryset: QuerySet[Any]) -> int:
    return int(queryset.aggregate(s=Coalesce(Sum("amount"), 0))["s"])


def balance_before(fund: PoorFund, day: dt.date) -> int:
    """The Fund's balance at the start of ``day`` (its opening balance carried forward)."""
    donated = _sum(fund.donations.filter(received_on__lt=day))
    spent = _sum(fund.spendings.filter(spent_on__lt=day))
    return fund.opening_balance + donated - spent


@dataclass
class LedgerEntry:
    day: dt.date
    kind: str  # "in" or "out"
    record: FundDonation | FundSpending
    amount: int
    balance: int = 0
    shown: bool = True  # a spending to a household outside the reader's scope: summarised


@dataclass
class Ledger:
    fund: PoorFund
    year: int
    opening: int
    entries: list[LedgerEntry] = field(default_factory=list)
    total_in: int = 0
    total_out: int = 0
    hidden_count: int = 0
    hidden_amount: int = 0

    @property
    def closing(self) -> int:
        return self.opening + self.total_in - self.total_out

    @property
    def donations(self) -> list[LedgerEntry]:
        return [e for e in self.entries if e.kind == "in"]

    @property
    def spendings(self) -> list[LedgerEntry]:
        return [e for e in self.entries if e.kind == "out"]


def ledger(*, user: User, fund: PoorFund, year: int, public: bool = False) -> Ledger:
    """The Fund's book of ``year``: the opening balance carried from the previous years,
    every donation and spending by date (donations of a day before its spending) with
    the running balance, and the year's totals. A spending to a household the user may
    not read is counted in the balance but not described (``shown`` false), except on
    the public list, which shows every household by head name and quarter only.
    A fixed number of queries whatever the number of records."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    opening = balance_before(fund, start)
    donations = list(fund.donations.filter(received_on__range=(start, end)))
    spendings = list(
        fund.spendings.filter(spent_on__range=(start, end)).select_related(
            "household", "household__quarter"
        )
    )
    visible: set[int] = set()
    if not public:
        ids = {s.household_id for s in spendings if s.household_id}
        visible = set(households_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    entries = [LedgerEntry(d.received_on, "in", d, d.amount) for d in donations] + [
        LedgerEntry(
            s.spent_on,
            "out",
            s,
            s.amount,
            shown=public or s.household_id is None or s.household_id in visible,
        )
        for s in spendings
    ]
    entries.sort(key=lambda e: (e.day, e.kind != "in", e.record.pk))
    book = Ledger(fund=fund, year=year, opening=opening, entries=entries)
    running = opening
    for entry in entries:
        if entry.kind == "in":
            running += entry.amount
            book.total_in += entry.amount
        else:
            running -= entry.amount
            book.total_out += entry.amount
            if not entry.shown:
                book.hidden_count += 1
                book.hidden_amount += entry.amount
        entry.balance = running
    return book


def ledger_years(fund: PoorFund | None) -> list[int]:
    """The years the ledger may be opened for: from the fund's opening to this year."""
    today = timezone.localdate()
    if fund is None:
        return [today.year]
    return list(range(fund.opened_on.year, max(today.year, fund.opened_on.year) + 1))
