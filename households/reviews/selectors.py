"""Reads for reviews: scoped campaign and review lists, and the transition matrix."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from households.models import Area, Household, PovertyStatus
from households.reviews.models import AverageLivingRecognition, Decision, Review, ReviewCampaign
from households.selectors import (
    areas_visible_to,
    communes_visible_to,
    households_visible_to,
    quarters_as_they_stood_map,
    quarters_on,
)
from tannkhai.models import User
from tannkhai.permissions import is_not_org_member

POOR, NEAR = PovertyStatus.POOR, PovertyStatus.NEAR_POOR


def campaigns_visible_to(user: User) -> QuerySet[ReviewCampaign]:
    # The procedure is not for organisation members (nor for an account without a role).
    if not is_not_org_member(user):
        return ReviewCampaign.objects.none()
    # A quarter head sees the campaigns of the commune their quarter belongs to; the
    # campaigns of the communes merged into it are its history (their hamlets' reviews).
    communes = communes_visible_to(user).values("pk")
    return ReviewCampaign.objects.filter(
        Q(commune__in=communes) | Q(commune__successor__in=communes)
    )


def campaign_get(*, user: User, pk: int) -> ReviewCampaign:
    try:
        return campaigns_visible_to(user).select_related("commune", "standard").get(pk=pk)
    except ReviewCampaign.DoesNotExist as exc:
        raise Http404 from exc


def reviews_visible_to(user: User) -> QuerySet[Review]:
    if not is_not_org_member(user):
        return Review.objects.none()
    return Review.objects.filter(household__in=households_visible_to(user).values("pk"))


def review_get(*, user: User, pk: int) -> Review:
    try:
        return (
            reviews_visible_to(user)
            .select_related(
                "household",
                "household__quarter",
                "household__head",
                "campaign",
                "campaign__commune",
                "standard",
                "quarter",
                "group",
                "meeting",
                "posting",
                "decision",
            )
            .get(pk=pk)
        )
    except Review.DoesNotExist as exc:
        raise Http404 from exc


def decision_get(*, user: User, pk: int) -> Decision:
    try:
        return (
            Decision.objects.filter(campaign__in=campaigns_visible_to(user).values("pk"))
            .select_related("campaign", "campaign__commune", "approved_by")
            .get(pk=pk)
        )
    except Decision.DoesNotExist as exc:
        raise Http404 from exc


def campaign_quarter_summary(*, user: User, campaign: ReviewCampaign) -> list[dict[str, Any]]:
    """Per visible quarter: counts by status and by result (one grouped query)."""
    reviews = reviews_visible_to(user).filter(campaign=campaign)
    rows = reviews.values("quarter_id", "quarter__name", "status", "result").annotate(n=Count("pk"))
    by_quarter: dict[int, dict[str, Any]] = {}
    for row in rows:
        entry = by_quarter.setdefault(
            row["quarter_id"],
            {
                "quarter_id": row["quarter_id"],
                "name": row["quarter__name"],
                "total": 0,
                "status": defaultdict(int),
                "result": defaultdict(int),
            },
        )
        entry["total"] += row["n"]
        entry["status"][row["status"]] += row["n"]
        if row["result"]:
            entry["result"][row["result"]] += row["n"]
    for entry in by_quarter.values():
        entry["missing"] = entry["status"].get(Review.Status.DRAFT, 0)
        entry["status"] = dict(entry["status"])
        entry["result"] = dict(entry["result"])
    return sorted(by_quarter.values(), key=lambda e: e["name"])


# -- transition matrix ------------------------------------------------------

# For the poor list, "to_other_list" (→ near-poor) and "escaped" (above the near-poor line)
# are both exits from poverty (``households.models.POVERTY_EXITS``), shown split.
DECREASE_KINDS = ("to_other_list", "escaped", "other")
INCREASE_KINDS = ("from_other_list", "re_entered", "new", "other")
EXIT_KINDS = ("to_other_list", "escaped")


@dataclass
class MatrixRow:
    start: int = 0
    end: int = 0
    decreases: dict[str, int] = field(default_factory=lambda: dict.fromkeys(DECREASE_KINDS, 0))
    increases: dict[str, int] = field(default_factory=lambda: dict.fromkeys(INCREASE_KINDS, 0))

    @property
    def total_decrease(self) -> int:
        return sum(self.decreases.values())

    @property
    def total_increase(self) -> int:
        return sum(self.increases.values())

    @property
    def exits(self) -> int:
        """Poor list: households out of poverty (to near-poor and above near-poor)."""
        return sum(self.decreases[k] for k in EXIT_KINDS)

    @property
    def net_decrease(self) -> int:
        """The net fall over the period (start − end); negative when the list grew."""
        return self.start - self.end

    @property
    def balances(self) -> bool:
        return self.end == self.start - self.total_decrease + self.total_increase


@dataclass
class Breakdown:
    """The official breakdowns of a list at the start and the end of the period."""

    ethnic_minority: dict[str, int] = field(default_factory=lambda: {"start": 0, "end": 0})
    urban: dict[str, int] = field(default_factory=lambda: {"start": 0, "end": 0})
    rural: dict[str, int] = field(default_factory=lambda: {"start": 0, "end": 0})
    rate: dict[str, Decimal | None] = field(default_factory=lambda: {"start": None, "end": None})


@dataclass
class TransitionMatrix:
    area: Area
    year: int
    # (category, unit) → row; category poor/near_poor, unit households/persons
    rows: dict[tuple[str, str], MatrixRow]
    # category, kind ("start", "end", "dec:escaped", …) → household ids (for drill-down)
    households: dict[tuple[str, str], list[int]]
    breakdowns: dict[str, Breakdown] = field(default_factory=dict)
    residents: dict[str, int] = field(default_factory=lambda: {"start": 0, "end": 0})

    def row(self, category: str, unit: str) -> MatrixRow:
        return self.rows[(category, unit)]

    def rate(self, category: str, when: str = "end") -> Decimal | None:
        return self.breakdowns[category].rate[when]


def _state_at(timeline: list[dict[str, Any]], year: int) -> dict[str, Any] | None:
    state = None
    for review in timeline:
        if review["campaign__year"] <= year:
            state = review
    return state


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def resident_households(households: QuerySet[Household], years: Collection[int]) -> dict[int, int]:
    """Resident households at the end of each year (active, or retired later), one query."""
    if not years:
        return {}
    counts = {
        f"y{y}": Count(
            "pk",
            filter=Q(status=Household.Status.ACTIVE)
            | Q(status=Household.Status.RETIRED, retired_on__gt=dt.date(y, 12, 31)),
        )
        for y in years
    }
    row = households.aggregate(**counts)
    return {y: row[f"y{y}"] for y in years}


@dataclass
class ReportArea:
    """An area the change report can be drawn for: one in the user's scope, or a commune
    merged into one of theirs, as it stood (its quarters then; the plan's former town)."""

    area: Area
    label: str
    quarters: list[int] | None = None  # None: the area itself (its subtree)


def report_areas(user: User) -> list[ReportArea]:
    """The change report's area choices: the communes and quarters in the user's scope, and
    after each commune the former communes merged into it, as they stood (only for users
    who read that whole commune: a quarter head keeps to their quarter)."""
    areas = list(
        areas_visible_to(user)
        .filter(kind__in=[Area.Kind.COMMUNE, Area.Kind.QUARTER])
        .order_by("path")
    )
    communes = [a.pk for a in areas if a.kind == Area.Kind.COMMUNE]
    former: dict[int, list[Area]] = defaultdict(list)
    for old in Area.objects.filter(kind=Area.Kind.COMMUNE, successor__in=communes).order_by(
        "name", "pk"
    ):
        if old.successor_id is not None:
            former[old.successor_id].append(old)
    stood = quarters_as_they_stood_map([a for olds in former.values() for a in olds])
    choices: list[ReportArea] = []
    offered_as_they_stood = {old.pk for olds in former.values() for old in olds}
    for area in areas:
        if area.pk in offered_as_they_stood:
            continue  # an administrator sees the former commune itself: once, as it stood
        choices.append(ReportArea(area=area, label=area.name))
        for old in former.get(area.pk, []):
            label = _("%(name)s (địa bàn đến %(day)s)") % {
                "name": old.name,
                "day": old.valid_to.strftime("%d/%m/%Y") if old.valid_to else "—",
            }
            choices.append(ReportArea(area=old, label=label, quarters=stood.get(old.pk, [])))
    return choices


def _area_quarters(
    area: Area, year: int, quarters: Collection[int] | None
) -> tuple[set[int], set[int]]:
    """The area's quarters at the start (31/12 of the year before) and the end of ``year``."""
    if quarters is not None:
        return set(quarters), set(quarters)
    if area.kind == Area.Kind.COMMUNE:
        start = quarters_on(area, dt.date(year - 1, 12, 31))
        end = quarters_on(area, dt.date(year, 12, 31))
        return set(start.values_list("pk", flat=True)), set(end.values_list("pk", flat=True))
    subtree = set(
        Area.objects.filter(kind=Area.Kind.QUARTER, path__startswith=area.path).values_list(
            "pk", flat=True
        )
    )
    return subtree, subtree


def transition_matrix(
    *, user: User, area: Area, year: int, quarters: Collection[int] | None = None
) -> TransitionMatrix:
    """Start, decreases, increases and end of the poor and near-poor lists in ``year``.

    Status at the end of a year is the household's latest recognised review of a
    campaign held that year or before. Area membership follows the quarter recorded
    on that review, so households moving between quarters count as "other". With
    ``quarters`` the area is those quarters (an area as it stood, e.g. a former town's
    quarters after a merger) instead of the subtree of ``area``.

    A commune is the quarters it held at each end of the period
    (``households.selectors.quarters_on``): a commune formed by merger on 1/7/2025
    starts 2025 with its seat's (the former town's) lists, and the households of the
    other former communes' end-2024 lists come in as "other increase", not as new.
    """
    start_set, end_set = _area_quarters(area, year, quarters)

    def inside(quarter_id: int, when: str) -> bool:
        return quarter_id in (start_set if when == "start" else end_set)

    in_area = Q(quarter_id__in=start_set | end_set)
    households = households_visible_to(user).filter(
        # Only households that were ever reviewed in this area can enter its figures.
        pk__in=Review.objects.filter(in_area).values("household_id")
    )
    reviews = (
        Review.objects.filter(
            household__in=households.values("pk"),
            status=Review.Status.RECOGNISED,
            campaign__year__lte=year,
        )
        .order_by("household_id", "campaign__year", "decision__signed_on", "pk")
        .values(
            "household_id",
            "campaign__year",
            "result",
            "members_count",
            "quarter_id",
            "area_type",
            "household__is_ethnic_minority",
        )
    )
    timelines: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for review in reviews:
        timelines[review["household_id"]].append(dict(review))
    retired = dict(
        Household.objects.filter(
            pk__in=list(timelines), status=Household.Status.RETIRED
        ).values_list("pk", "retired_on")
    )
    rows: dict[tuple[str, str], MatrixRow] = {
        (str(c), u): MatrixRow() for c in (POOR, NEAR) for u in ("households", "persons")
    }
    breakdowns = {str(c): Breakdown() for c in (POOR, NEAR)}
    ids: dict[tuple[str, str], list[int]] = defaultdict(list)

    def count(category: str, kind: str, where: str, hid: int, persons: int) -> None:
        hh_row, p_row = rows[(category, "households")], rows[(category, "persons")]
        if where == "start":
            hh_row.start += 1
            p_row.start += persons
        elif where == "end":
            hh_row.end += 1
            p_row.end += persons
        elif where == "dec":
            hh_row.decreases[kind] += 1
            p_row.decreases[kind] += persons
        else:
            hh_row.increases[kind] += 1
            p_row.increases[kind] += persons
        ids[(category, f"{where}:{kind}" if kind else where)].append(hid)

    def tally(category: str, when: str, state: dict[str, Any]) -> None:
        b = breakdowns[category]
        if state["household__is_ethnic_minority"]:
            b.ethnic_minority[when] += 1
        if state["area_type"] == Area.SettlementType.URBAN:
            b.urban[when] += 1
        else:
            b.rural[when] += 1

    for hid, timeline in timelines.items():
        before = [r for r in timeline if r["campaign__year"] < year]
        s0 = before[-1] if before else None
        s1 = _state_at(timeline, year)
        gone = retired.get(hid)
        in0 = s0 is not None and inside(s0["quarter_id"], "start")
        if gone is not None and gone.year < year:
            in0 = False
        in1 = s1 is not None and inside(s1["quarter_id"], "end")
        if gone is not None and gone.year <= year:
            in1 = False
        earlier = {r["result"] for r in before[:-1]}
        for category in (POOR, NEAR):
            other_list = NEAR if category == POOR else POOR
            at_start = in0 and s0 is not None and s0["result"] == category
            at_end = in1 and s1 is not None and s1["result"] == category
            # Persons are counted by the household's size at each end of the period; a
            # change of size of a continuing household is not a category of change.
            p0 = s0["members_count"] if s0 else 0
            p1 = s1["members_count"] if s1 else 0
            if at_start and s0 is not None:
                count(category, "", "start", hid, p0)
                tally(category, "start", s0)
            if at_end and s1 is not None:
                count(category, "", "end", hid, p1)
                tally(category, "end", s1)
            if at_start and not at_end:
                if not in1:
                    kind = "other"
                elif s1 is not None and s1["result"] == other_list:
                    kind = "to_other_list"
                else:
                    kind = "escaped"
                count(category, kind, "dec", hid, p0)
            elif at_end and not at_start:
                if not in0 and s0 is not None and s0["result"] == category:
                    kind = "other"
                elif in0 and s0 is not None and s0["result"] == other_list:
                    kind = "from_other_list"
                elif category in earlier or (category == NEAR and POOR in earlier):
                    kind = "re_entered"
                else:
                    kind = "new"
                count(category, kind, "inc", hid, p1)
    visible = households_visible_to(user)
    if start_set == end_set:
        by_year = resident_households(visible.filter(quarter_id__in=end_set), [year - 1, year])
    else:
        by_year = resident_households(visible.filter(quarter_id__in=start_set), [year - 1])
        by_year |= resident_households(visible.filter(quarter_id__in=end_set), [year])
    residents = {"start": by_year[year - 1], "end": by_year[year]}
    for cat, b in breakdowns.items():
        hh = rows[(cat, "households")]
        b.rate = {
            "start": _percent(hh.start, residents["start"]),
            "end": _percent(hh.end, residents["end"]),
        }
    return TransitionMatrix(
        area=area,
        year=year,
        rows=rows,
        households=dict(ids),
        breakdowns=breakdowns,
        residents=residents,
    )


def with_deadlines(campaigns: QuerySet[ReviewCampaign]) -> list[ReviewCampaign]:
    """The campaigns with ``deadline`` ("", "done", "due", "overdue") computed for today.

    Counts the commune's reviews not yet recognised (a count, no names), whatever the
    reader's scope: the deadline is the campaign's.
    """
    today = timezone.localdate()
    rows: list[ReviewCampaign] = list(
        campaigns.annotate(
            unrecognised=Count("reviews", filter=~Q(reviews__status=Review.Status.RECOGNISED))
        )
    )
    for campaign in rows:
        campaign.deadline = campaign.deadline_state(  # type: ignore[attr-defined]
            today=today,
            unrecognised=campaign.unrecognised,  # type: ignore[attr-defined]
        )
    return rows


def average_recognitions_visible_to(user: User) -> QuerySet[AverageLivingRecognition]:
    """Average-living-standard files of the households the user may see."""
    return AverageLivingRecognition.objects.filter(
        household__in=households_visible_to(user).values("pk")
    ).select_related("household", "household__quarter", "standard", "assessed_by", "decided_by")


def average_recognition_get(*, user: User, pk: int) -> AverageLivingRecognition:
    try:
        return average_recognitions_visible_to(user).get(pk=pk)
    except AverageLivingRecognition.DoesNotExist as exc:
        raise Http404 from exc


# -- a household's recognised classification on a day -------------------------------------
#
# The one definition every figure that asks "was the household poor on that day?" uses:
# funding eligibility at the allocation date, helpers' coverage at a date, the records'
# income groups.


def recognised_by(household: Any, day: Any) -> QuerySet[Review]:
    """The household's recognised reviews whose decision was signed on or before ``day``,
    latest first (``household`` and ``day`` may be values or ``OuterRef``)."""
    return Review.objects.filter(
        household=household, status=Review.Status.RECOGNISED, decision__signed_on__lte=day
    ).order_by("-decision__signed_on", "-campaign__year", "-pk")


def status_on(day: Any, *, household: str = "pk", registry_status: str = "poverty_status") -> Any:
    """An annotation: the household's recognised classification on ``day`` — the result of
    its latest recognised review signed by then; for a household never recognised by a
    review (a registry imported with its classification), the registry's status; for one
    recognised only later, "not yet classified"."""
    latest = Subquery(recognised_by(OuterRef(household), day).values("result")[:1])
    ever = Exists(
        Review.objects.filter(household=OuterRef(household), status=Review.Status.RECOGNISED)
    )
    return Coalesce(
        latest,
        Case(
            When(ever, then=Value(PovertyStatus.UNCLASSIFIED)),
            default=F(registry_status),
            output_field=CharField(),
        ),
    )


def may_have_status_on(
    day: Any,
    statuses: Any,
    *,
    household: str = "pk",
    registry_status: str = "poverty_status",
) -> Q:
    """A cheap filter that keeps every household whose ``status_on(day)`` can be one of
    ``statuses`` (a recognised review with such a result signed by then, or such a registry
    status): filtering with it first, the exact status is computed for those few only."""
    recognised_then = Exists(recognised_by(OuterRef(household), day).filter(result__in=statuses))
    return Q(**{f"{registry_status}__in": statuses}) | Q(recognised_then)


def household_status_on(household: Household, day: dt.date) -> str:
    """``status_on`` for one household."""
    found = (
        Household.objects.filter(pk=household.pk)
        .annotate(status_then=status_on(day))
        .values_list("status_then", flat=True)
        .first()
    )
    return str(found if found is not None else household.poverty_status)
