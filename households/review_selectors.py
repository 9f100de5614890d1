"""Reads for reviews: scoped campaign and review lists, and the transition matrix."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from households.models import (
    Area,
    AverageLivingRecognition,
    Decision,
    Household,
    PovertyStatus,
    Review,
    ReviewCampaign,
)
from households.selectors import communes_visible_to, households_visible_to
from tannkhai.models import Role, User

POOR, NEAR = PovertyStatus.POOR, PovertyStatus.NEAR_POOR


def campaigns_visible_to(user: User) -> QuerySet[ReviewCampaign]:
    if not user.is_authenticated or (user.role == Role.ORG_MEMBER and not user.is_superuser):
        return ReviewCampaign.objects.none()
    # A quarter head sees the campaigns of the commune their quarter belongs to.
    return ReviewCampaign.objects.filter(commune__in=communes_visible_to(user).values("pk"))


def campaign_get(*, user: User, pk: int) -> ReviewCampaign:
    try:
        return campaigns_visible_to(user).select_related("commune", "standard").get(pk=pk)
    except ReviewCampaign.DoesNotExist as exc:
        raise Http404 from exc


def reviews_visible_to(user: User) -> QuerySet[Review]:
    if not user.is_authenticated:
        return Review.objects.none()
    if user.role == Role.ORG_MEMBER and not user.is_superuser:
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

DECREASE_KINDS = ("to_other_list", "escaped", "other")
INCREASE_KINDS = ("from_other_list", "re_entered", "new", "other")


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
    def balances(self) -> bool:
        return self.end == self.start - self.total_decrease + self.total_increase


@dataclass
class TransitionMatrix:
    area: Area
    year: int
    # (category, unit) → row; category poor/near_poor, unit households/persons
    rows: dict[tuple[str, str], MatrixRow]
    # category, kind ("start", "end", "dec:escaped", …) → household ids (for drill-down)
    households: dict[tuple[str, str], list[int]]

    def row(self, category: str, unit: str) -> MatrixRow:
        return self.rows[(category, unit)]


def _state_at(timeline: list[dict[str, Any]], year: int) -> dict[str, Any] | None:
    state = None
    for review in timeline:
        if review["campaign__year"] <= year:
            state = review
    return state


def transition_matrix(*, user: User, area: Area, year: int) -> TransitionMatrix:
    """Start, decreases, increases and end of the poor and near-poor lists in ``year``.

    Status at the end of a year is the household's latest recognised review of a
    campaign held that year or before. Area membership follows the quarter recorded
    on that review, so households moving between quarters count as "other".
    """
    households = households_visible_to(user).filter(
        # Only households that were ever reviewed in this area can enter its figures.
        pk__in=Review.objects.filter(quarter__path__startswith=area.path).values("household_id")
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
            "quarter__path",
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

    for hid, timeline in timelines.items():
        before = [r for r in timeline if r["campaign__year"] < year]
        s0 = before[-1] if before else None
        s1 = _state_at(timeline, year)
        gone = retired.get(hid)
        in0 = s0 is not None and s0["quarter__path"].startswith(area.path)
        if gone is not None and gone.year < year:
            in0 = False
        in1 = s1 is not None and s1["quarter__path"].startswith(area.path)
        if gone is not None and gone.year <= year:
            in1 = False
        earlier = {r["result"] for r in before[:-1]}
        for category in (POOR, NEAR):
            other_list = NEAR if category == POOR else POOR
            at_start = in0 and s0 is not None and s0["result"] == category
            at_end = in1 and s1 is not None and s1["result"] == category
            p0 = s0["members_count"] if s0 else 0
            p1 = s1["members_count"] if s1 else 0
            if at_start:
                count(category, "", "start", hid, p0)
            if at_end:
                count(category, "", "end", hid, p1)
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
            elif at_start and at_end and p1 != p0:
                # A continuing household whose size changed: persons only.
                p_row = rows[(category, "persons")]
                if p1 > p0:
                    p_row.increases["other"] += p1 - p0
                else:
                    p_row.decreases["other"] += p0 - p1
    return TransitionMatrix(area=area, year=year, rows=rows, households=dict(ids))


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
