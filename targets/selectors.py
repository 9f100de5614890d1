"""Results of the program's indicators, computed from records, and the dashboard rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from households.models import Area, Household, Member, PovertyStatus
from households.reviews.models import POVERTY_EXITS, Review
from households.reviews.selectors import TransitionMatrix, recognised_by, transition_matrix
from households.selectors import (
    areas_visible_to,
    communes_visible_to,
    households_visible_to,
    quarters_as_they_stood,
    quarters_visible_to,
)
from tannkhai.models import Role, User
from targets import progress
from targets.models import Computation, Indicator, JobPlacement, Program, TrainingEnrolment

# "Thoát nghèo" has one definition (households.models.POVERTY_EXITS).
ESCAPED = sorted(POVERTY_EXITS)
EMPLOYED = [
    Member.Employment.CONTRACT,
    Member.Employment.NO_CONTRACT,
    Member.Employment.SELF_EMPLOYED,
]
SNAPSHOT = {Computation.TRAINED_SHARE, Computation.HEALTH_INSURANCE}


class IncomeGroup:
    """The worker's household at the record's date, for the breakdown of records.

    Taken from the household's latest recognised review whose decision was signed on or
    before the record's date (placement: the day the job started; enrolment: the course's
    start): its result, and — for a household neither poor nor near-poor — its income per
    person per month against the low-income threshold of that review's standard and area
    type (Nghị định 30/2025: ≤ 2.250.000 đ rural, ≤ 3.000.000 đ urban; data on the
    standard). A worker typed in without a household, a household not yet reviewed then,
    a review without income or a standard without a threshold: "not known".
    """

    POOR = "poor"
    NEAR_POOR = "near_poor"
    LOW_INCOME = "low_income"
    OTHER = "other"
    UNKNOWN = "unknown"
    choices = [
        (POOR, _("Hộ nghèo")),
        (NEAR_POOR, _("Hộ cận nghèo")),
        (LOW_INCOME, _("Hộ thu nhập thấp")),
        (OTHER, _("Hộ khác")),
        (UNKNOWN, _("Chưa xác định")),
    ]
    values = [c for c, _label in choices]


def with_income_group(queryset: QuerySet[Any], date_field: str) -> QuerySet[Any]:
    """Annotate placements or enrolments with ``income_group`` (see ``IncomeGroup``)."""
    latest = recognised_by(OuterRef("household"), OuterRef(date_field)).annotate(
        threshold=Case(
            When(area_type=Area.SettlementType.URBAN, then=F("standard__low_income_urban")),
            default=F("standard__low_income_rural"),
        )
    )
    return queryset.annotate(
        group_result=Subquery(latest.values("result")[:1]),
        group_income=Subquery(latest.values("income_per_person")[:1]),
        group_threshold=Subquery(latest.values("threshold")[:1]),
    ).annotate(
        income_group=Case(
            When(group_result__isnull=True, then=Value(IncomeGroup.UNKNOWN)),
            When(group_result=PovertyStatus.POOR, then=Value(IncomeGroup.POOR)),
            When(group_result=PovertyStatus.NEAR_POOR, then=Value(IncomeGroup.NEAR_POOR)),
            When(
                Q(group_income__isnull=True) | Q(group_threshold__isnull=True),
                then=Value(IncomeGroup.UNKNOWN),
            ),
            When(group_income__lte=F("group_threshold"), then=Value(IncomeGroup.LOW_INCOME)),
            default=Value(IncomeGroup.OTHER),
            output_field=CharField(),
        )
    )


def programs_visible_to(user: User) -> QuerySet[Program]:
    if not user.is_authenticated or (user.role == Role.ORG_MEMBER and not user.is_superuser):
        return Program.objects.none()
    return Program.objects.filter(
        commune__in=communes_visible_to(user).values("pk")
    ).select_related("commune")


@dataclass
class ProgramGap:
    """This year has no program in the commune: records are kept, nothing aggregates them."""

    year: int
    latest: Program | None  # the program to copy the indicators from
    can_create: bool


def program_gap(*, user: User, commune: Area, can_create: bool) -> ProgramGap | None:
    """Whether the current year lacks a program (e.g. 2026 after the 2021–2025 plan)."""
    year = timezone.localdate().year
    programs = Program.objects.filter(commune=commune)
    if programs.filter(start_year__lte=year, end_year__gte=year).exists():
        return None
    latest = programs.filter(end_year__lt=year).order_by("-end_year").first()
    return ProgramGap(year=year, latest=latest, can_create=can_create and latest is not None)


def program_get(*, user: User, pk: int) -> Program:
    try:
        return programs_visible_to(user).get(pk=pk)
    except Program.DoesNotExist as exc:
        raise Http404 from exc


def placements_visible_to(user: User) -> QuerySet[JobPlacement]:
    if not user.is_authenticated or (user.role == Role.ORG_MEMBER and not user.is_superuser):
        return JobPlacement.objects.none()
    if user.is_superuser or user.role == Role.ADMIN:
        return JobPlacement.objects.all()
    quarters = areas_visible_to(user).filter(kind=Area.Kind.QUARTER)
    return JobPlacement.objects.filter(quarter__in=quarters.values("pk"))


def enrolments_visible_to(user: User) -> QuerySet[TrainingEnrolment]:
    if not user.is_authenticated or (user.role == Role.ORG_MEMBER and not user.is_superuser):
        return TrainingEnrolment.objects.none()
    if user.is_superuser or user.role == Role.ADMIN:
        return TrainingEnrolment.objects.all()
    quarters = areas_visible_to(user).filter(kind=Area.Kind.QUARTER)
    return TrainingEnrolment.objects.filter(quarter__in=quarters.values("pk"))


def program_quarters(program: Program) -> list[int] | None:
    """The quarters whose households the program counts: those of the area it covers as
    the area stood (a former town's quarters after a merger); None = the whole commune."""
    if program.area is None or program.area_id == program.commune_id:
        return None
    return list(quarters_as_they_stood(program.area).values_list("pk", flat=True))


@dataclass
class Scope:
    """The user, the program's commune and an optional quarter within it.

    ``quarters`` narrows everything to the area the program covers (see
    ``program_quarters``); None means the whole commune.
    """

    user: User
    commune: Area
    quarter: Area | None
    quarters: list[int] | None = None
    # The change reports already computed for this scope, by year (a report reads the
    # same year's matrix for its targets and for its review section).
    _matrices: dict[int, TransitionMatrix] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @classmethod
    def of(cls, *, user: User, program: Program, quarter: Area | None = None) -> Scope:
        return cls(
            user=user, commune=program.commune, quarter=quarter, quarters=program_quarters(program)
        )

    @property
    def area(self) -> Area:
        return self.quarter or self.commune

    @property
    def matrix_quarters(self) -> list[int] | None:
        """The quarters for the change report, or None for the subtree of ``area``."""
        if self.quarter is not None:
            return None
        return self.quarters

    def _narrow(self, qs: Any, field: str = "quarter") -> Any:
        if self.quarter is not None:
            return qs.filter(**{field: self.quarter})
        if self.quarters is not None:
            return qs.filter(**{f"{field}__in": self.quarters})
        return qs

    def households(self) -> QuerySet[Household]:
        return self._narrow(households_visible_to(self.user).filter(commune=self.commune))

    def placements(self) -> QuerySet[JobPlacement]:
        return self._narrow(placements_visible_to(self.user).filter(commune=self.commune))

    def enrolments(self) -> QuerySet[TrainingEnrolment]:
        return self._narrow(enrolments_visible_to(self.user).filter(commune=self.commune))

    def members(self) -> QuerySet[Member]:
        """Active members of active households in scope."""
        members = Member.objects.filter(is_active=True, household__status=Household.Status.ACTIVE)
        if self.quarter is not None or self.quarters is not None:
            return self._narrow(members, "household__quarter")
        if self.user.role == Role.QUARTER_HEAD and not self.user.is_superuser:
            return members.filter(household__in=self.households().values("pk"))
        # Officers, leaders and administrators see the whole commune of the program.
        return members.filter(household__commune=self.commune)

    def matrix(self, year: int) -> TransitionMatrix:
        """The change report of ``year`` for this scope: the one source of the poverty
        figures (net reduction, rates) shown on the dashboard."""
        if year not in self._matrices:
            self._matrices[year] = transition_matrix(
                user=self.user, area=self.area, year=year, quarters=self.matrix_quarters
            )
        return self._matrices[year]


def reader_quarters(user: User, program: Program) -> list[Area]:
    """The quarters of the program's area the user may read (and pick on the dashboard)."""
    qs = quarters_visible_to(user, active_only=False)
    covered = program_quarters(program)
    if covered is None:
        return list(qs.filter(parent=program.commune))
    return list(qs.filter(pk__in=covered))


def reader_scope(user: User, program: Program, *, quarters: list[Area] | None = None) -> Scope:
    """What a reader sees without picking a quarter: the program's area, or — for a quarter
    head of a single quarter of it — that quarter (``quarters``: ``reader_quarters``)."""
    quarter: Area | None = None
    if user.role == Role.QUARTER_HEAD and not user.is_superuser:
        if quarters is None:
            quarters = reader_quarters(user, program)
        if len(quarters) == 1:
            quarter = quarters[0]
    return Scope.of(user=user, program=program, quarter=quarter)


def _pct(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def poverty_counts(scope: Scope, years: list[int]) -> dict[int, dict[str, Any]]:
    """Per year, from the change report: poor and near-poor households at the start and
    end, the net fall of the poor list, exits, and the rates against resident households."""
    out: dict[int, dict[str, Any]] = {}
    for year in years:
        matrix = scope.matrix(year)
        poor = matrix.row(PovertyStatus.POOR, "households")
        near = matrix.row(PovertyStatus.NEAR_POOR, "households")
        out[year] = {
            "poor": poor.end,
            "near_poor": near.end,
            "poor_start": poor.start,
            "poor_reduced": poor.net_decrease,
            "exits": poor.exits,
            "poor_rate": matrix.rate(PovertyStatus.POOR),
            "near_poor_rate": matrix.rate(PovertyStatus.NEAR_POOR),
            "residents": matrix.residents["end"],
        }
    return out


@dataclass
class Result:
    value: Decimal | None
    manual: bool = False
    manual_by: str = ""
    manual_source: str = ""
    link: str = ""  # drill-down kind (see targets.views.records)


def compute(
    indicator: Indicator,
    year: int,
    scope: Scope,
    *,
    counts: dict[str, Any],
) -> Decimal | None:
    """The value from records, or None when the records cannot say (no data)."""
    today = timezone.localdate()
    kind = indicator.computation
    if kind == Computation.JOBS:
        return Decimal(counts["jobs"].get(year, 0))
    if kind == Computation.TRAINING:
        return Decimal(counts["training"].get(year, 0))
    if kind == Computation.POOR_REDUCED:
        # The NET fall of the number of poor households (start − end), not the count of
        # exits: a household that escapes, falls back and escapes again counts once.
        first = counts["first_reviewed_year"]
        if year > today.year or first is None or year <= first:
            return None
        return Decimal(counts["poverty"][year]["poor_reduced"])
    if kind in (Computation.POVERTY_RATE, Computation.NEAR_POVERTY_RATE):
        first = counts["first_reviewed_year"]
        if year > today.year or first is None or year < first:
            return None
        key = "poor_rate" if kind == Computation.POVERTY_RATE else "near_poor_rate"
        value: Decimal | None = counts["poverty"][year][key]
        return value
    if kind in SNAPSHOT:
        # The registry says how things are now, not how they were: the value stands for
        # the program's latest year up to today.
        if year != counts.get("snapshot_year", today.year):
            return None
        return counts["snapshot"][kind]
    return None


def gather_counts(
    scope: Scope,
    years: list[int],
    indicators: list[Indicator],
    *,
    only: list[int] | None = None,
) -> dict[str, Any]:
    """Every figure the dashboard needs, in a fixed number of grouped queries.

    ``years`` are the program's years (they fix which year a registry snapshot stands
    for); ``only`` limits the records read to those years (a report of one year)."""
    kinds = {i.computation for i in indicators}
    today = timezone.localdate()
    snapshot_year = min(today.year, max(years)) if min(years) <= today.year else None
    counts: dict[str, Any] = {
        "jobs": {},
        "training": {},
        "snapshot": {},
        "snapshot_year": snapshot_year,
    }
    if only is not None:
        years = [y for y in years if y in only] or list(only)
        if snapshot_year not in years:
            kinds -= SNAPSHOT
    first, last = dt.date(min(years), 1, 1), dt.date(max(years), 12, 31)
    if Computation.JOBS in kinds:
        job_rows = (
            scope.placements()
            .filter(placed_on__range=(first, last))
            .values("placed_on__year")
            .annotate(n=Count("pk"))
        )
        counts["jobs"] = {r["placed_on__year"]: r["n"] for r in job_rows}
    if Computation.TRAINING in kinds:
        training_rows = (
            scope.enrolments()
            .filter(start_date__range=(first, last))
            .values("start_date__year")
            .annotate(n=Count("pk"))
        )
        counts["training"] = {r["start_date__year"]: r["n"] for r in training_rows}
    rate_years = [y for y in years if y <= timezone.localdate().year]
    counts["first_reviewed_year"] = Review.objects.filter(
        campaign__commune=scope.commune, status=Review.Status.RECOGNISED
    ).aggregate(first=Min("campaign__year"))["first"]
    counts["reviewed_any"] = counts["first_reviewed_year"] is not None
    wants_poverty = bool(
        kinds & {Computation.POVERTY_RATE, Computation.NEAR_POVERTY_RATE, Computation.POOR_REDUCED}
    )
    counts["poverty"] = {}
    if wants_poverty and counts["reviewed_any"] and rate_years:
        counts["poverty"] = poverty_counts(scope, rate_years)
    members = scope.members()
    if Computation.TRAINED_SHARE in kinds:
        agg = members.filter(employment_status__in=EMPLOYED).aggregate(
            total=Count("pk"),
            trained=Count("pk", filter=~Q(vocational_qualification=Member.Vocational.NONE)),
        )
        counts["snapshot"][Computation.TRAINED_SHARE] = _pct(agg["trained"], agg["total"])
    if Computation.HEALTH_INSURANCE in kinds:
        agg = members.filter(
            household__poverty_status__in=[PovertyStatus.POOR, PovertyStatus.NEAR_POOR]
        ).aggregate(
            total=Count("pk"),
            insured=Count(
                "pk",
                filter=Q(has_health_insurance=True)
                & (Q(health_insurance_expiry__isnull=True) | Q(health_insurance_expiry__gte=today)),
            ),
        )
        counts["snapshot"][Computation.HEALTH_INSURANCE] = _pct(agg["insured"], agg["total"])
    return counts


def program_indicators(program: Program) -> list[Indicator]:
    """The program's indicators with their targets and manual results (three queries)."""
    return list(
        program.indicators.prefetch_related("targets", "manual_results__entered_by").order_by(
            "order"
        )
    )


def scope_targets(indicator: Indicator, scope: Scope) -> dict[int, Decimal]:
    """The indicator's yearly targets as ``scope`` reads them: targets are set for the whole
    commune, so a quarter's results are compared with none. Needs ``targets`` prefetched."""
    if scope.quarter is not None:
        return {}
    return {t.year: t.value for t in indicator.targets.all()}


def indicator_results(
    indicator: Indicator, years: list[int], scope: Scope, *, counts: dict[str, Any]
) -> dict[int, Result]:
    """Each year's result: from records, or the manual figure of a year the records say
    nothing (or zero) about — for the whole commune only. Needs ``manual_results``
    (with ``entered_by``) prefetched."""
    manual = {m.year: m for m in indicator.manual_results.all()}
    results: dict[int, Result] = {}
    for year in years:
        value = compute(indicator, year, scope, counts=counts)
        if (value is None or value == 0) and year in manual and scope.quarter is None:
            m = manual[year]
            results[year] = Result(
                value=m.value,
                manual=True,
                manual_by=m.entered_by.display_name if m.entered_by else "",
                manual_source=m.source,
            )
        else:
            results[year] = Result(value=value)
    return results


@dataclass
class YearProgress:
    """One indicator in one year: target, result, % achieved, expected to date, status."""

    indicator: Indicator
    year: int
    target: Decimal | None
    result: Result
    percent: Decimal | None
    expected: Decimal | None
    status: progress.Status

    @property
    def status_label(self) -> str:
        return str(progress.STATUS_LABELS[self.status])


def year_progress(
    indicator: Indicator,
    year: int,
    *,
    targets: dict[int, Decimal],
    results: dict[int, Result],
    today: dt.date,
) -> YearProgress:
    """The dashboard's row of ``indicator`` for ``year`` (``targets``: ``scope_targets``,
    ``results``: ``indicator_results``)."""
    target = targets.get(year)
    result = results[year]
    expected = progress.expected_to_date(target=target, kind=indicator.kind, year=year, today=today)
    return YearProgress(
        indicator=indicator,
        year=year,
        target=target,
        result=result,
        percent=progress.percent_achieved(
            result=result.value, target=target, direction=indicator.direction
        ),
        expected=expected,
        status=progress.status_of(
            result=result.value,
            target=target,
            expected=expected,
            direction=indicator.direction,
            kind=indicator.kind,
            year=year,
            today=today,
        ),
    )


def progress_rows(scope: Scope, program: Program, year: int) -> list[YearProgress]:
    """Every indicator of ``program`` in ``year`` for ``scope``, as the dashboard shows it."""
    indicators = program_indicators(program)
    counts = gather_counts(scope, program.years, indicators, only=[year])
    today = timezone.localdate()
    return [
        year_progress(
            indicator,
            year,
            targets=scope_targets(indicator, scope),
            results=indicator_results(indicator, [year], scope, counts=counts),
            today=today,
        )
        for indicator in indicators
    ]
