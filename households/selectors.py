"""Reads of the registry, always scoped to the user's role and areas.

Views never touch ``Household.objects`` directly: everything starts from
``households_visible_to(user)`` or ``areas_visible_to(user)``.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, TextField, Value
from django.db.models.functions import Concat
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from households.models import Area, AreaEvent, CommuneSettings, Household, Member
from tannkhai.formatting import fold
from tannkhai.models import Role, User


def _scope_filter(user: User) -> Q | None:
    """A filter on Area for the user's subtrees; None means everything."""
    if user.is_superuser or user.role == Role.ADMIN:
        return None
    # One lookup per request: pages build several scoped querysets for the same user.
    paths: list[str] | None = getattr(user, "_scope_paths", None)
    if paths is None:
        paths = [p for p in user.areas.values_list("path", flat=True) if p]
        user._scope_paths = paths  # type: ignore[attr-defined]
    if not paths:
        return Q(pk__in=[])
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return condition


def areas_visible_to(user: User) -> QuerySet[Area]:
    if not user.is_authenticated:
        return Area.objects.none()
    condition = _scope_filter(user)
    areas = Area.objects.all()
    return areas if condition is None else areas.filter(condition)


def communes_visible_to(user: User) -> QuerySet[Area]:
    """Communes in the user's scope, and the communes of the quarters in it (for quarter
    heads, whose campaigns and programs are the commune's)."""
    areas = areas_visible_to(user)
    return Area.objects.filter(
        Q(pk__in=areas.filter(kind=Area.Kind.COMMUNE).values("pk"))
        | Q(pk__in=areas.filter(kind=Area.Kind.QUARTER).values("parent_id"))
    )


def quarters_visible_to(user: User, *, active_only: bool = True) -> QuerySet[Area]:
    quarters = areas_visible_to(user).filter(kind=Area.Kind.QUARTER)
    if active_only:
        quarters = quarters.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=timezone.localdate()))
    return quarters.select_related("parent").order_by("parent__name", "name")


def households_visible_to(user: User) -> QuerySet[Household]:
    """Every household the user may read, retired ones included."""
    if not user.is_authenticated:
        return Household.objects.none()
    if user.is_superuser or user.role == Role.ADMIN:
        return Household.objects.all()
    if user.role == Role.ORG_MEMBER:
        from assignments.models import Assignment

        # The helper's own assignments, through the person their login belongs to.
        today = timezone.localdate()
        assigned = Assignment.objects.filter(
            household=OuterRef("pk"), person__user=user, started_on__lte=today
        ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        return Household.objects.filter(Exists(assigned))
    if user.role in (Role.OFFICER, Role.LEADER, Role.QUARTER_HEAD):
        condition = _scope_filter(user)
        assert condition is not None
        return Household.objects.filter(quarter__in=Area.objects.filter(condition).values("pk"))
    return Household.objects.none()


def household_get(*, user: User, pk: int) -> Household:
    """One household the user may read, or 404."""
    try:
        return (
            households_visible_to(user)
            .select_related(
                "quarter", "quarter__parent", "commune", "head", "ethnicity", "merged_into"
            )
            .get(pk=pk)
        )
    except Household.DoesNotExist as exc:
        raise Http404 from exc


def member_get(*, user: User, pk: int) -> Member:
    try:
        return (
            Member.objects.filter(household__in=households_visible_to(user).values("pk"))
            .select_related("household", "ethnicity")
            .get(pk=pk)
        )
    except Member.DoesNotExist as exc:
        raise Http404 from exc


def is_citizen_id_query(query: str) -> str | None:
    """The digits when ``query`` is a 12-digit citizen ID (spaces allowed), else None."""
    digits = (query or "").strip().replace(" ", "")
    return digits if digits.isdigit() and len(digits) == 12 else None


def household_search(
    queryset: QuerySet[Household],
    query: str,
    *,
    by_citizen_id: bool = True,
    text_index: bool = True,
) -> QuerySet[Household]:
    """Search by head or member name ignoring diacritics and case, citizen ID or code.

    Names and codes are matched on ``search_text`` (folded text kept by the services,
    trigram-indexed on PostgreSQL). A query of exactly 12 digits also matches the
    citizen ID of an active member (unless ``by_citizen_id`` is off: organisation
    members may not probe citizen IDs).
    """
    query = query.strip()
    if not query:
        return queryset
    folded = fold(query)
    if text_index:
        condition = Q(search_text__contains=folded)
    else:
        # The caller narrowed to one commune (≈ 10,000 rows): matching the text on an
        # expression no index serves keeps the planner on the commune's rows, whatever its
        # sample says about how common the text is (the trigram index, used on a common
        # name, re-checks tens of thousands of the province's rows).
        queryset = queryset.alias(
            search_plain=Concat("search_text", Value(""), output_field=TextField())
        )
        condition = Q(search_plain__contains=folded)
    digits = is_citizen_id_query(query)
    if digits and by_citizen_id:
        # A separate indexed lookup: OR-ing an EXISTS would scan every household.
        ids = list(
            Member.objects.filter(citizen_id=digits, is_active=True).values_list(
                "household_id", flat=True
            )[:50]
        )
        if ids:
            condition |= Q(pk__in=ids)
    return queryset.filter(condition)


def matched_members(households: list[Household], query: str) -> dict[int, str]:
    """For each listed household found through a member other than the head, that
    member's name (household id → name), so that the list can say why it matched.

    One query for the whole page. Matching is the search's own (folded text); a
    household whose code or head name matches gets no entry.
    """
    folded = fold(query.strip())
    if not folded or is_citizen_id_query(query):
        return {}
    pending = {
        hh.pk
        for hh in households
        if folded not in fold(hh.head_name) and folded not in fold(hh.code)
    }
    if not pending:
        return {}
    found: dict[int, str] = {}
    members = (
        Member.objects.filter(
            household_id__in=pending, is_active=True, name_folded__contains=folded
        )
        .order_by("household_id", "pk")
        .values_list("household_id", "full_name")
    )
    for household_id, full_name in members:
        found.setdefault(household_id, full_name)
    return found


def split_by_scope(
    user: User, items: list[tuple[str, Household]]
) -> tuple[list[tuple[str, Household]], int]:
    """The items whose household ``user`` may read, and how many others there are.

    Shared pages (duplicate warnings, decisions) name in-scope households and only
    count the others, so that nobody learns who lives outside their quarters.
    """
    ids = {hh.pk for _reason, hh in items}
    visible = set(households_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    shown = [(reason, hh) for reason, hh in items if hh.pk in visible]
    return shown, len(ids - visible)


def likely_duplicates(
    *,
    commune: Area,
    citizen_ids: list[str],
    head_name: str,
    head_birth_year: int | None,
    exclude_household: Household | None = None,
) -> list[tuple[str, Household]]:
    """Existing active households that may be the same family, with the reason.

    Looks across the whole commune (not only the user's quarters): a duplicate in the
    neighbouring quarter is exactly what the warning is for. Only codes and head names
    are shown, never other personal data.
    """
    found: list[tuple[str, Household]] = []
    seen: set[int] = set()
    ids = [c for c in citizen_ids if c]
    if ids:
        members = Member.objects.filter(
            citizen_id__in=ids, is_active=True, household__commune=commune
        ).select_related("household", "household__quarter")
        for member in members:
            hh = member.household
            if exclude_household and hh.pk == exclude_household.pk:
                continue
            if hh.pk not in seen:
                seen.add(hh.pk)
                found.append(("citizen_id", hh))
    if head_name and head_birth_year:
        same_head = Household.objects.filter(
            commune=commune,
            status=Household.Status.ACTIVE,
            head_sort=fold(head_name),
            head_birth_year=head_birth_year,
        ).select_related("quarter")
        if exclude_household:
            same_head = same_head.exclude(pk=exclude_household.pk)
        for hh in same_head[:10]:
            if hh.pk not in seen:
                seen.add(hh.pk)
                found.append(("head", hh))
    return found


# -- the area tree's history ------------------------------------------------


def quarters_as_they_stood(area: Area) -> QuerySet[Area]:
    """The quarters of ``area`` as it stood: those under it now, and those moved out of it
    (a merger moves a former town's quarters to the new commune, recording a MOVED event)."""
    moved_out = AreaEvent.objects.filter(kind=AreaEvent.Kind.MOVED, other_area=area).values(
        "area_id"
    )
    return Area.objects.filter(kind=Area.Kind.QUARTER).filter(
        Q(path__startswith=area.path) | Q(pk__in=moved_out)
    )


def quarters_as_they_stood_map(areas: list[Area]) -> dict[int, list[int]]:
    """``quarters_as_they_stood`` for several areas at once (two queries): area id → the
    ids of its quarters as it stood."""
    found: dict[int, set[int]] = {a.pk: set() for a in areas}
    if not areas:
        return {}
    moved = AreaEvent.objects.filter(
        kind=AreaEvent.Kind.MOVED, other_area__in=list(found), area__kind=Area.Kind.QUARTER
    ).values_list("area_id", "other_area_id")
    for quarter_id, area_id in moved:
        found[area_id].add(quarter_id)
    under = Q()
    for area in areas:
        under |= Q(path__startswith=area.path)
    for quarter_id, path in Area.objects.filter(under, kind=Area.Kind.QUARTER).values_list(
        "pk", "path"
    ):
        for area in areas:
            if path.startswith(area.path):
                found[area.pk].add(quarter_id)
    return {pk: sorted(ids) for pk, ids in found.items()}


def seat_on(commune: Area, day: dt.date, *, with_settings: bool = False) -> Area | None:
    """The predecessor whose records a commune formed by merger continues for ``day`` before
    it was formed: the one whose quarters it took over (most MOVED events; the former town
    for the demo's xã Tân Khai). None for a day the commune itself covers, or without one."""
    if commune.valid_from is None or day >= commune.valid_from:
        return None
    predecessors = Area.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=day),
        successor=commune,
        kind=Area.Kind.COMMUNE,
    )
    if with_settings:
        predecessors = predecessors.filter(settings__isnull=False)
    moved = dict(
        AreaEvent.objects.filter(kind=AreaEvent.Kind.MOVED, other_area__in=predecessors)
        .values("other_area")
        .annotate(n=Count("pk"))
        .values_list("other_area", "n")
    )
    return max(predecessors, key=lambda a: (moved.get(a.pk, 0), -a.pk), default=None)


def quarters_on(commune: Area, day: dt.date) -> QuerySet[Area]:
    """The quarters a commune's records of ``day`` cover, from the area tree's dated MOVED
    events: for a day before a commune formed by merger, its seat's (the former town's,
    not the hamlets of the other former communes); otherwise the commune's quarters on
    that day — those under it now that were not moved in later, and those moved out of it
    later (a former commune's hamlets, now under its successor)."""
    area = seat_on(commune, day) or commune
    later = AreaEvent.objects.filter(
        kind=AreaEvent.Kind.MOVED, effective_date__gt=day, area__kind=Area.Kind.QUARTER
    )
    arrived = (
        later.filter(area__path__startswith=area.path)
        .exclude(other_area__path__startswith=area.path)
        .values("area_id")
    )
    left = later.filter(other_area=area).values("area_id")
    return Area.objects.filter(kind=Area.Kind.QUARTER).filter(
        (Q(path__startswith=area.path) & ~Q(pk__in=arrived)) | Q(pk__in=left)
    )


def commune_continuing(commune: Area, day: dt.date) -> Area:
    """The commune whose documents of ``day`` continue ``commune``'s records: the commune
    itself while it exists, else its successor (a former town's campaign reported after
    the merger is the new commune's document)."""
    seen = {commune.pk}
    while commune.valid_to is not None and day > commune.valid_to and commune.successor_id:
        if commune.successor_id in seen:
            break
        seen.add(commune.successor_id)
        commune = Area.objects.get(pk=commune.successor_id)
    return commune


def commune_settings_on(commune: Area, day: dt.date) -> CommuneSettings | None:
    """Whose documents the commune's records of ``day`` are: the commune's own settings, or,
    for a day before it was formed, those of the predecessor whose quarters it took over
    (the former town for a commune formed by merger), from the area tree's history."""
    seat = seat_on(commune, day, with_settings=True)
    return CommuneSettings.objects.filter(commune=seat or commune).first()


def issuing_body_on(commune: Area, day: dt.date) -> str:
    """The body that issues the commune's documents dated ``day`` (UBND thị trấn before a
    merger, UBND xã after)."""
    found = commune_settings_on(commune, day)
    if found is not None:
        return found.issuing_body
    return _("Ủy ban nhân dân %(name)s") % {"name": commune.name}
