"""Reads of funding lines, allocations and disbursements, scoped to the user.

Lines belong to a program of a commune: whoever reads funding in that commune sees them
(planned figures are the commune's). Allocations and disbursements are support to
households, so they follow ``households_visible_to``: a quarter head's allocated and
disbursed figures are those of their quarters.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from funding.models import (
    Allocation,
    AllocationPart,
    Disbursement,
    FundingLine,
    FundingLinePlan,
    FundingSource,
)
from funding.permissions import can_read_funding
from funding.reference import CREDIT_CATEGORIES
from households.models import Household, PovertyStatus
from households.selectors import communes_visible_to, households_visible_to
from tannkhai.formatting import format_vnd
from tannkhai.models import Role, User
from tannkhai.permissions import role_or_none

POOR_OR_NEAR = (PovertyStatus.POOR, PovertyStatus.NEAR_POOR)


# -- scoped querysets -------------------------------------------------------------------


def lines_visible_to(user: User) -> QuerySet[FundingLine]:
    if not can_read_funding(user):
        return FundingLine.objects.none()
    lines = FundingLine.objects.select_related("program", "program__commune", "category")
    if role_or_none(user) == Role.ADMIN:
        return lines
    return lines.filter(program__commune__in=communes_visible_to(user).values("pk"))


def line_get(*, user: User, pk: int) -> FundingLine:
    try:
        return lines_visible_to(user).get(pk=pk)
    except FundingLine.DoesNotExist as exc:
        raise Http404 from exc


def allocations_visible_to(user: User) -> QuerySet[Allocation]:
    """Allocations to the households the user may read (org members: assigned ones)."""
    return Allocation.objects.filter(household__in=households_visible_to(user).values("pk"))


def allocation_get(*, user: User, pk: int) -> Allocation:
    try:
        return (
            allocations_visible_to(user)
            .filter(line__in=lines_visible_to(user).values("pk"))
            .select_related(
                "line",
                "line__program",
                "line__category",
                "household",
                "household__quarter",
                "need__need_type",
                "need__registration",
                "created_by",
            )
            .get(pk=pk)
        )
    except Allocation.DoesNotExist as exc:
        raise Http404 from exc


def disbursements_visible_to(user: User) -> QuerySet[Disbursement]:
    return Disbursement.objects.filter(allocation__in=allocations_visible_to(user).values("pk"))


def figures_are_partial(user: User) -> bool:
    """Quarter heads see the allocated and disbursed figures of their quarters only."""
    return role_or_none(user) == Role.QUARTER_HEAD


def sources() -> list[FundingSource]:
    return list(FundingSource.objects.all())


# -- the household's status on a day ------------------------------------------------------


# -- figures ------------------------------------------------------------------------------


@dataclass
class LineFigures:
    """Planned, allocated, disbursed and remaining amounts of one line (whole đồng)."""

    line: FundingLine
    planned: int = 0
    planned_state: int | None = None  # None: the plan does not split the line by source
    planned_counterpart: int | None = None
    allocated: int = 0
    allocated_state: int = 0
    allocated_counterpart: int = 0
    allocations: int = 0
    households: int = 0
    disbursed: int = 0
    # Allocated in the whole commune: what is left of a line is the commune's, also for a
    # reader who sees only their quarter's allocations.
    committed: int = 0

    @property
    def remaining(self) -> int:
        """Planned but not yet allocated anywhere (negative when a decision allowed more)."""
        return self.planned - self.committed

    @property
    def undisbursed(self) -> int:
        return self.allocated - self.disbursed

    @property
    def state_cap_total(self) -> int | None:
        line = self.line
        if line.cap_per_unit is None or line.planned_units is None:
            return None
        return line.cap_per_unit * line.planned_units


def line_figures(user: User, lines: Iterable[FundingLine]) -> dict[int, LineFigures]:
    """Figures of ``lines`` in three grouped queries, whatever their number."""
    lines = list(lines)
    out = {line.pk: LineFigures(line=line, planned=line.planned_amount) for line in lines}
    if not lines:
        return out
    ids = list(out)
    planned = (
        FundingLinePlan.objects.filter(line_id__in=ids)
        .values("line_id", "source__is_state")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for row in planned:
        fig = out[row["line_id"]]
        if fig.planned_state is None:
            fig.planned_state, fig.planned_counterpart = 0, 0
        if row["source__is_state"]:
            fig.planned_state = (fig.planned_state or 0) + row["total"]
        else:
            fig.planned_counterpart = (fig.planned_counterpart or 0) + row["total"]
    allocations = allocations_visible_to(user).filter(line_id__in=ids)
    visible = Q(pk__in=allocations.values("pk"))
    rows = (
        Allocation.objects.filter(line_id__in=ids)
        .values("line_id")
        .annotate(
            committed=Sum("amount"),
            total=Sum("amount", filter=visible),
            n=Count("pk", filter=visible),
            households=Count("household_id", distinct=True, filter=visible),
        )
        .order_by()
    )
    # ``state`` joins the parts: count and total come from a query without that join.
    state_rows = (
        allocations.values("line_id")
        .annotate(state=Sum("parts__amount", filter=Q(parts__source__is_state=True)))
        .order_by()
    )
    state = {r["line_id"]: r["state"] or 0 for r in state_rows}
    for row in rows:
        fig = out[row["line_id"]]
        fig.allocated = row["total"] or 0
        fig.committed = row["committed"] or 0
        fig.allocations = row["n"]
        fig.households = row["households"]
        fig.allocated_state = state.get(row["line_id"], 0)
        fig.allocated_counterpart = fig.allocated - fig.allocated_state
    paid = (
        disbursements_visible_to(user)
        .filter(allocation__line_id__in=ids)
        .values("allocation__line_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for row in paid:
        out[row["allocation__line_id"]].disbursed = row["total"] or 0
    return out


@dataclass
class Totals:
    planned: int = 0
    allocated: int = 0
    disbursed: int = 0
    committed: int = 0

    @property
    def remaining(self) -> int:
        return self.planned - self.committed


def totals(figures: Iterable[LineFigures]) -> Totals:
    out = Totals()
    for fig in figures:
        out.planned += fig.planned
        out.allocated += fig.allocated
        out.committed += fig.committed
        out.disbursed += fig.disbursed
    return out


@dataclass
class SourceRow:
    source: FundingSource
    planned: int | None = None
    allocated: int = 0
    disbursed: int = 0

    @property
    def undisbursed(self) -> int:
        return self.allocated - self.disbursed


@dataclass
class YearRow:
    year: int
    allocated: int = 0
    disbursed: int = 0


def line_breakdown(user: User, line: FundingLine) -> tuple[list[SourceRow], list[YearRow]]:
    """A line's planned / allocated / disbursed amounts by source, and by year."""
    by_source: dict[int, SourceRow] = {}
    all_sources = {s.pk: s for s in FundingSource.objects.all()}

    def row(source_id: int) -> SourceRow:
        if source_id not in by_source:
            by_source[source_id] = SourceRow(source=all_sources[source_id])
        return by_source[source_id]

    for part in FundingLinePlan.objects.filter(line=line).values("source_id", "amount"):
        row(part["source_id"]).planned = part["amount"]
    allocations = allocations_visible_to(user).filter(line=line)
    for r in (
        AllocationPart.objects.filter(allocation__in=allocations.values("pk"))
        .values("source_id")
        .annotate(total=Sum("amount"))
        .order_by()
    ):
        row(r["source_id"]).allocated = r["total"] or 0
    paid = disbursements_visible_to(user).filter(allocation__line=line)
    for r in paid.values("source_id").annotate(total=Sum("amount")).order_by():
        row(r["source_id"]).disbursed = r["total"] or 0
    years: dict[int, YearRow] = {}
    for r in allocations.values("allocated_on__year").annotate(total=Sum("amount")).order_by():
        year = r["allocated_on__year"]
        years.setdefault(year, YearRow(year=year)).allocated = r["total"] or 0
    for r in paid.values("paid_on__year").annotate(total=Sum("amount")).order_by():
        year = r["paid_on__year"]
        years.setdefault(year, YearRow(year=year)).disbursed = r["total"] or 0
    source_rows = sorted(by_source.values(), key=lambda r: (r.source.order, r.source.name))
    return source_rows, [years[y] for y in sorted(years)]


def with_disbursed(allocations: QuerySet[Allocation]) -> QuerySet[Allocation]:
    return allocations.annotate(disbursed=Sum("disbursements__amount"))


# -- the household page ---------------------------------------------------------------------


@dataclass
class SupportItem:
    """One piece of support a household received, shown as a row of its group."""

    title: str
    detail: str = ""
    date: dt.date | None = None
    amount: int = 0
    paid: int | None = None
    status: str = ""
    url: str = ""


@dataclass
class SupportGroup:
    """Support of one kind (funding lines; later policy-bank loans, the Fund for the Poor),
    with its own column headings and totals."""

    key: str
    title: str
    items: list[SupportItem] = field(default_factory=list)
    amount_label: str = ""
    paid_label: str = ""
    # A loan is repaid: it is listed, but not added to the support the household received.
    in_total: bool = True

    @property
    def total(self) -> int:
        return sum(item.amount for item in self.items)

    @property
    def paid_total(self) -> int | None:
        paid = [item.paid for item in self.items if item.paid is not None]
        return sum(paid) if paid else None


@dataclass
class HouseholdSupport:
    groups: list[SupportGroup] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not any(group.items for group in self.groups)

    @property
    def total(self) -> int:
        return sum(group.total for group in self.groups if group.in_total)

    @property
    def has_loans(self) -> bool:
        return any(group.items and not group.in_total for group in self.groups)


def support_for_household(user: User, household: Household) -> HouseholdSupport:
    """Everything the household received that the user may read, as groups of rows.

    Funding-line allocations, the Fund for the Poor's spending, the valued help of the
    assigned helpers and policy-bank loans, each
    a group of the same shape; a loan is listed with its balance but is not support the
    household keeps, so it stays out of the grand total.
    """
    from assignments.selectors import valued_support_for_household
    from funding.loans.permissions import can_read_loans
    from funding.loans.selectors import (
        fund_spending_for_household,
        loans_for_household,
        program_label,
    )

    allocations = list(
        with_disbursed(allocations_visible_to(user).filter(household=household))
        .select_related("line", "line__category", "need__need_type")
        .prefetch_related("parts__source")
        .order_by("allocated_on", "pk")
    )
    linkable = can_read_funding(user)
    items: list[SupportItem] = []
    credit_items: list[SupportItem] = []
    for allocation in allocations:
        paid = allocation.disbursed or 0  # type: ignore[attr-defined]
        parts = ", ".join(
            f"{part.source.label}: {format_vnd(part.amount)}" for part in allocation.parts.all()
        )
        detail = f"{allocation.line.period} · {parts}"
        if allocation.need is not None:
            detail += " · " + _("theo nhu cầu đã đăng ký: %(need)s") % {
                "need": allocation.need.need_type
            }
        (credit_items if allocation.line.category.code in CREDIT_CATEGORIES else items).append(
            SupportItem(
                title=allocation.line.name,
                detail=detail,
                date=allocation.allocated_on,
                amount=allocation.amount,
                paid=paid,
                status=_("Đã chi đủ")
                if paid >= allocation.amount
                else (_("Đang giải ngân") if paid else _("Chưa giải ngân")),
                url=reverse("funding:allocation", args=[allocation.pk]) if linkable else "",
            )
        )
    fund_items = [
        SupportItem(
            title=spending.purpose or _("Chi hỗ trợ từ Quỹ Vì người nghèo"),
            detail=_("Quyết định số %(n)s") % {"n": spending.decision_number},
            date=spending.spent_on,
            amount=spending.amount,
            status=_("Đã chi"),
        )
        for spending in fund_spending_for_household(user, household)
    ]
    helper_items = []
    for log in valued_support_for_household(user, household):
        helper = log.assignment.person or log.assignment.organisation
        helper_items.append(
            SupportItem(
                title=log.get_kind_display(),
                detail=" · ".join(
                    part
                    for part in (str(helper or ""), log.get_value_form_display(), log.notes[:120])
                    if part
                ),
                date=log.happened_on,
                amount=log.value,
                status=_("Đã trao"),
            )
        )
    today = timezone.localdate()
    loan_items = []
    for loan in loans_for_household(user, household):
        status = loan.get_status_display()
        if loan.is_overdue_on(today):
            status = _("Quá hạn")
        loan_items.append(
            SupportItem(
                # The poor / near-poor programs name the household's classification.
                title=_("Vay %(program)s") % {"program": program_label(user, loan.program)},
                detail=_("Người vay: %(name)s · hạn trả %(due)s")
                % {"name": loan.borrower.full_name, "due": loan.due_on.strftime("%d/%m/%Y")},
                date=loan.disbursed_on,
                amount=loan.amount,
                paid=loan.balance,
                status=status,
                url=reverse("loans:loan", args=[loan.pk]) if can_read_loans(user) else "",
            )
        )
    return HouseholdSupport(
        groups=[
            SupportGroup(
                key="lines",
                title=_("Hỗ trợ theo kế hoạch (dòng kinh phí)"),
                items=items,
                amount_label=_("Phân bổ"),
                paid_label=_("Đã chi"),
            ),
            SupportGroup(
                key="credit",
                title=_("Vốn vay theo kế hoạch (dòng kinh phí)"),
                items=credit_items,
                amount_label=_("Phân bổ"),
                paid_label=_("Đã giải ngân"),
                in_total=False,
            ),
            SupportGroup(
                key="fund",
                title=_("Quỹ Vì người nghèo"),
                items=fund_items,
                amount_label=_("Số tiền"),
            ),
            SupportGroup(
                key="helpers",
                title=_("Giúp đỡ của người, tổ chức được phân công"),
                items=helper_items,
                amount_label=_("Giá trị"),
            ),
            SupportGroup(
                key="loans",
                title=_("Vốn vay Ngân hàng Chính sách xã hội"),
                items=loan_items,
                amount_label=_("Số tiền vay"),
                paid_label=_("Dư nợ"),
                in_total=False,
            ),
        ]
    )


def needs_of(households: QuerySet[Household]) -> Any:
    """Registered support needs of ``households`` not yet met (for the allocation form)."""
    from households.reviews.models import SupportNeed

    return (
        SupportNeed.objects.filter(registration__household__in=households.values("pk"))
        .exclude(status=SupportNeed.Status.MET)
        .select_related("need_type", "registration__household")
        .order_by("registration__household__code", "registration__year", "pk")
    )


def lines_by_period(lines: Iterable[FundingLine]) -> dict[str, list[FundingLine]]:
    grouped: dict[str, list[FundingLine]] = defaultdict(list)
    for line in lines:
        grouped[line.period].append(line)
    return dict(grouped)


@dataclass
class ProgramFunding:
    """The dashboard's funding panel: each line of the program with its figures."""

    rows: list[LineFigures]
    totals: Totals
    partial: bool
    periods: list[tuple[str, list[LineFigures], Totals]] = field(default_factory=list)


def program_funding(user: User, program: Any) -> ProgramFunding:
    lines = list(lines_visible_to(user).filter(program=program).order_by("start_year", "order"))
    figures = line_figures(user, lines)
    rows = [figures[line.pk] for line in lines]
    periods = []
    for period, period_lines in lines_by_period(lines).items():
        period_rows = [figures[line.pk] for line in period_lines]
        periods.append((period, period_rows, totals(period_rows)))
    return ProgramFunding(
        rows=rows, totals=totals(rows), partial=figures_are_partial(user), periods=periods
    )
