"""Reads of helpers, assignments and the support log, scoped to the user's role and areas.

A household's assignments are visible to whoever may read the household; an organisation
member sees only their own assignments. Coverage and the evaluation are computed from
the records (recognised reviews, assignments, the support log) in a fixed number of
queries.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.http import Http404

from assignments.models import (
    Assignment,
    Duty,
    DutyStatus,
    Organisation,
    Person,
    ResponsibleUnit,
    SupportLog,
)
from households.models import Area, Household, PovertyStatus
from households.reviews.models import POVERTY_EXITS, Review
from households.reviews.selectors import may_have_status_on, status_on
from households.selectors import communes_visible_to, households_visible_to
from tannkhai.models import Role, User
from tannkhai.permissions import role_or_none

POOR_OR_NEAR = (PovertyStatus.POOR, PovertyStatus.NEAR_POOR)


def _is_helper(user: User) -> bool:
    return role_or_none(user) == Role.ORG_MEMBER


def active_on(day: dt.date, prefix: str = "") -> Q:
    """Assignments running on ``day`` (started, not yet ended; the end day included)."""
    return Q(**{f"{prefix}started_on__lte": day}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gte": day})
    )


# -- people and organisations -----------------------------------------------------------


def people_visible_to(user: User) -> QuerySet[Person]:
    """The helpers of the user's communes; an organisation member: themselves."""
    if not getattr(user, "is_authenticated", False):
        return Person.objects.none()
    if _is_helper(user):
        return Person.objects.filter(user=user)
    if role_or_none(user) == Role.ADMIN:
        return Person.objects.all()
    return Person.objects.filter(commune__in=communes_visible_to(user).values("pk"))


def organisations_visible_to(user: User) -> QuerySet[Organisation]:
    if not getattr(user, "is_authenticated", False) or _is_helper(user):
        return Organisation.objects.none()
    if role_or_none(user) == Role.ADMIN:
        return Organisation.objects.all()
    return Organisation.objects.filter(commune__in=communes_visible_to(user).values("pk"))


def person_get(*, user: User, pk: int) -> Person:
    try:
        return people_visible_to(user).select_related("commune", "user").get(pk=pk)
    except Person.DoesNotExist as exc:
        raise Http404 from exc


# -- assignments ---------------------------------------------------------------------------


def assignments_visible_to(user: User) -> QuerySet[Assignment]:
    """Assignments of the households the user may read; an organisation member: their own."""
    households = households_visible_to(user)
    assignments = Assignment.objects.filter(household__in=households.values("pk"))
    if _is_helper(user):
        assignments = assignments.filter(person__user=user)
    return assignments


def assignment_get(*, user: User, pk: int) -> Assignment:
    try:
        return (
            assignments_visible_to(user)
            .select_related(
                "household",
                "household__quarter",
                "household__commune",
                "person",
                "organisation",
                "created_by",
            )
            .get(pk=pk)
        )
    except Assignment.DoesNotExist as exc:
        raise Http404 from exc


def household_assignments(user: User, household: Household) -> list[Assignment]:
    """The household's assignments shown on its page (the helper: only their own)."""
    return list(
        assignments_visible_to(user)
        .filter(household=household)
        .select_related("person", "organisation")
        .annotate(logs=Count("support_logs"))
        .order_by("-started_on", "-pk")
    )


def household_support_log(user: User, household: Household, *, limit: int = 20) -> list[SupportLog]:
    return list(
        support_logs_visible_to(user)
        .filter(assignment__household=household)
        .select_related("assignment__person", "assignment__organisation", "recorded_by")
        .order_by("-happened_on", "-pk")[:limit]
    )


def support_logs_visible_to(user: User) -> QuerySet[SupportLog]:
    return SupportLog.objects.filter(assignment__in=assignments_visible_to(user).values("pk"))


def valued_support_for_household(user: User, household: Household) -> QuerySet[SupportLog]:
    """The helpers' support with a value (money or in kind) given to ``household``, for the
    household's support summary beside the funding records. Empty when the user may not
    read the household."""
    return (
        SupportLog.objects.filter(
            assignment__household=household,
            assignment__household__in=households_visible_to(user).values("pk"),
            value__gt=0,
        )
        .select_related("assignment__person", "assignment__organisation")
        .order_by("-happened_on", "-pk")
    )


# -- status at a date and coverage ---------------------------------------------------------


def resident_on(day: dt.date) -> Q:
    return Q(status=Household.Status.ACTIVE) | Q(retired_on__gt=day)


def poor_households_on(
    households: QuerySet[Household], day: dt.date, *, statuses: tuple[str, ...] = POOR_OR_NEAR
) -> QuerySet[Household]:
    """Households resident on ``day`` whose recognised status then is one of ``statuses``,
    annotated with ``status_then`` and ``covered`` (an assignment running that day)."""
    covering = Assignment.objects.filter(active_on(day), household=OuterRef("pk"))
    return (
        households.filter(resident_on(day), may_have_status_on(day, statuses))
        .annotate(status_then=status_on(day), covered=Exists(covering))
        .filter(status_then__in=statuses)
    )


@dataclass
class QuarterCoverage:
    quarter_id: int
    name: str
    total: int = 0
    covered: int = 0
    poor: int = 0
    poor_covered: int = 0

    @property
    def uncovered(self) -> int:
        return self.total - self.covered

    @property
    def percent(self) -> Decimal | None:
        return percent(self.covered, self.total)


@dataclass
class Coverage:
    day: dt.date
    quarters: list[QuarterCoverage] = field(default_factory=list)
    # None: the user may not see the commune's party members (quarter heads).
    party_members_without_poor: int | None = None

    @property
    def total(self) -> int:
        return sum(q.total for q in self.quarters)

    @property
    def covered(self) -> int:
        return sum(q.covered for q in self.quarters)

    @property
    def uncovered(self) -> int:
        return self.total - self.covered

    @property
    def percent(self) -> Decimal | None:
        return percent(self.covered, self.total)


def percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def coverage_households(
    user: User, day: dt.date, *, quarter: Area | None = None
) -> QuerySet[Household]:
    """``quarter`` may also be a commune (the area filter's commune with no quarter chosen)."""
    households = households_visible_to(user)
    if quarter is not None:
        field = "commune" if quarter.kind == Area.Kind.COMMUNE else "quarter"
        households = households.filter(**{field: quarter})
    return poor_households_on(households, day)


def uncovered_households(
    user: User, day: dt.date, *, quarter: Area | None = None
) -> QuerySet[Household]:
    """Poor and near-poor households on ``day`` with no assignment running that day."""
    return coverage_households(user, day, quarter=quarter).filter(covered=False)  # type: ignore[misc]


def sees_party_members(user: User) -> bool:
    """Officers, leaders and administrators see the commune's party members; quarter
    heads only their quarter's households."""
    return role_or_none(user) in (Role.ADMIN, Role.OFFICER, Role.LEADER)


def party_members_without_poor(user: User, day: dt.date) -> QuerySet[Person]:
    """Active party members with no poor household assigned on ``day`` (the plan: every
    party member helps at least one poor household)."""
    if not sees_party_members(user):
        return Person.objects.none()
    # From the person's assignments to their household's status then: the status of the
    # few assigned households is computed, not that of every household of the commune.
    poor = poor_households_on(
        Household.objects.filter(pk=OuterRef("household_id")), day, statuses=(PovertyStatus.POOR,)
    )
    helping = Assignment.objects.filter(active_on(day), person=OuterRef("pk")).filter(Exists(poor))
    return (
        people_visible_to(user)
        .filter(is_party_member=True, is_active=True)
        .exclude(Exists(helping))
        .prefetch_related("organisations")
        .order_by("full_name", "pk")
    )


def coverage(user: User, day: dt.date, *, quarter: Area | None = None) -> Coverage:
    """Coverage per quarter on ``day`` (two grouped queries)."""
    rows = (
        coverage_households(user, day, quarter=quarter)
        .values("quarter_id", "quarter__name")
        .annotate(
            total=Count("pk"),
            covered_n=Count("pk", filter=Q(covered=True)),
            poor_n=Count("pk", filter=Q(status_then=PovertyStatus.POOR)),
            poor_covered_n=Count("pk", filter=Q(status_then=PovertyStatus.POOR) & Q(covered=True)),
        )
        .order_by("quarter__name")
    )
    result = Coverage(
        day=day,
        quarters=[
            QuarterCoverage(
                quarter_id=r["quarter_id"],
                name=r["quarter__name"],
                total=r["total"],
                covered=r["covered_n"],
                poor=r["poor_n"],
                poor_covered=r["poor_covered_n"],
            )
            for r in rows
        ],
    )
    if sees_party_members(user) and (quarter is None or quarter.kind == Area.Kind.COMMUNE):
        people = party_members_without_poor(user, day)
        if quarter is not None:
            people = people.filter(commune=quarter)
        result.party_members_without_poor = people.count()
    return result


# -- yearly evaluation -----------------------------------------------------------------


@dataclass
class HelperEvaluation:
    person: Person
    households: int = 0
    visits: int = 0
    entries: int = 0
    value: int = 0
    escaped: int = 0
    household_codes: list[str] = field(default_factory=list)


def evaluation(user: User, year: int) -> list[HelperEvaluation]:
    """For each helper with an assignment running in ``year``: households assigned, visits
    and other support logged that year, the value given, and the households that escaped
    poverty (a recognised decision signed that year, while the helper was assigned).

    Three queries whatever the number of helpers."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    assignments = list(
        assignments_visible_to(user)
        .filter(person__isnull=False, started_on__lte=last)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=first))
        .select_related("person", "household")
        .order_by("person__full_name", "person_id", "started_on")
    )
    by_person: dict[int, HelperEvaluation] = {}
    periods: dict[int, list[tuple[int, dt.date, dt.date]]] = defaultdict(list)
    seen: dict[int, set[int]] = defaultdict(set)
    for a in assignments:
        assert a.person is not None
        row = by_person.setdefault(a.person.pk, HelperEvaluation(person=a.person))
        if a.household_id not in seen[a.person.pk]:
            seen[a.person.pk].add(a.household_id)
            row.households += 1
            row.household_codes.append(a.household.code)
        periods[a.person.pk].append(
            (a.household_id, max(a.started_on, first), min(a.ended_on or last, last))
        )
    logs = (
        SupportLog.objects.filter(
            assignment__in=[a.pk for a in assignments], happened_on__range=(first, last)
        )
        .values("assignment__person_id")
        .annotate(
            visits=Count("pk", filter=Q(kind=SupportLog.Kind.VISIT)),
            entries=Count("pk"),
            value=Sum("value"),
        )
    )
    for r in logs:
        row = by_person[r["assignment__person_id"]]
        row.visits, row.entries, row.value = r["visits"], r["entries"], r["value"] or 0
    exits = (
        Review.objects.filter(
            household_id__in={a.household_id for a in assignments},
            status=Review.Status.RECOGNISED,
            transition__in=POVERTY_EXITS,
            decision__signed_on__range=(first, last),
        )
        .values_list("household_id", "decision__signed_on")
        .order_by()
    )
    escaped_on: dict[int, list[dt.date]] = defaultdict(list)
    for household_id, signed_on in exits:
        escaped_on[household_id].append(signed_on)
    for person_id, spans in periods.items():
        households = {
            hid
            for hid, start, end in spans
            for day in escaped_on.get(hid, [])
            if start <= day <= end
        }
        by_person[person_id].escaped = len(households)
    return sorted(by_person.values(), key=lambda r: (r.person.full_name, r.person.pk))


# -- responsibility matrix ---------------------------------------------------------------


def matrix_units(program: Any) -> list[ResponsibleUnit]:
    """The program's units with their duties, coordinators, indicators (fixed queries)."""
    return list(
        ResponsibleUnit.objects.filter(program=program)
        .prefetch_related(
            "duties__coordinators",
            "duties__indicators",
            "duties__lead",
        )
        .order_by("order")
    )


def duty_statuses(program: Any, year: int) -> dict[int, DutyStatus]:
    return {
        s.duty_id: s
        for s in DutyStatus.objects.filter(duty__program=program, year=year).select_related(
            "updated_by"
        )
    }


def duty_get(*, program_ids: Any, pk: int) -> Duty:
    try:
        return Duty.objects.select_related("program", "unit", "lead").get(
            pk=pk, program__in=program_ids
        )
    except Duty.DoesNotExist as exc:
        raise Http404 from exc


def household_panel(user: User, household: Household) -> dict[str, Any]:
    """What the household page shows of its helpers (its own section)."""
    from assignments.permissions import can_log_support, can_manage_assignments

    return {
        "assignments": household_assignments(user, household),
        "support_log": household_support_log(user, household, limit=10),
        "can_assign": can_manage_assignments(user) and household.is_active,
        "can_log_support": can_log_support(user),
    }
