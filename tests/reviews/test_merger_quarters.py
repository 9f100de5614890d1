"""A commune's quarters on a day, from the area tree's dated history, and the previous
status of a household a census did not list (issue 8)."""

from __future__ import annotations

import datetime as dt

from households import selectors as hsel
from households import services as hsvc
from households.models import Area, AreaEvent, PovertyStatus
from households.reviews import services as rsvc
from tests.factories import HouseholdFactory
from tests.reviews import helpers as rh

MERGER = dt.date(2025, 7, 1)


def _ids(queryset) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


def test_quarters_on_follow_the_dated_moves(areas, admin_user):
    hsvc.area_merge(
        user=admin_user,
        area=areas.other_commune,
        into=areas.commune,
        effective_date=MERGER,
        legal_basis="NQ 1662/NQ-UBTVQH15",
    )
    own = {areas.kp1.pk, areas.kp2.pk}
    before, after = dt.date(2024, 12, 31), dt.date(2025, 12, 31)
    # The commune absorbing another: the absorbed quarter counts only from the merger on.
    assert _ids(hsel.quarters_on(areas.commune, before)) >= own
    assert areas.other_quarter.pk not in _ids(hsel.quarters_on(areas.commune, before))
    assert areas.other_quarter.pk in _ids(hsel.quarters_on(areas.commune, after))
    # The absorbed commune: its quarter until the merger, none after.
    areas.other_commune.refresh_from_db()
    assert _ids(hsel.quarters_on(areas.other_commune, before)) == {areas.other_quarter.pk}
    assert _ids(hsel.quarters_on(areas.other_commune, after)) == set()


def test_a_commune_formed_by_merger_is_its_seat_before(areas, admin_user):
    """A new commune formed on 1/7/2025 from a town (the seat, most quarters) and another
    commune: before that day its records are the town's quarters only."""
    new = Area.objects.create(code="NEW", name="Xã Mới", kind=Area.Kind.COMMUNE, valid_from=MERGER)
    for old in (areas.commune, areas.other_commune):
        for quarter in list(old.children.all()):
            quarter.parent = new
            quarter.save()
            AreaEvent.objects.create(
                area=quarter, kind=AreaEvent.Kind.MOVED, effective_date=MERGER, other_area=old
            )
        Area.objects.filter(pk=old.pk).update(successor=new, valid_to=MERGER - dt.timedelta(1))
    new.refresh_from_db()
    town_quarters = {q.pk for q in (areas.kp1, areas.kp2)}
    assert hsel.seat_on(new, dt.date(2024, 12, 10)) == areas.commune
    assert _ids(hsel.quarters_on(new, dt.date(2024, 12, 31))) == town_quarters
    assert _ids(hsel.quarters_on(new, dt.date(2025, 12, 31))) == town_quarters | {
        areas.other_quarter.pk
    }
    assert _ids(hsel.quarters_on(areas.other_commune, dt.date(2024, 12, 31))) == {
        areas.other_quarter.pk
    }


def test_previous_status_after_a_census_is_not_poor(officer, leader, areas):
    listed = HouseholdFactory(quarter=areas.kp1)
    rest = HouseholdFactory(quarter=areas.kp2)
    census = rsvc.campaign_create(user=officer, commune=areas.commune, kind="periodic", year=2024)
    rsvc.campaign_add_household(user=officer, campaign=census, household=listed)
    first = census.reviews.get(household=listed)
    assert first.previous_result == PovertyStatus.UNCLASSIFIED  # before any census
    rh.survey(officer, first, **rh.POOR)
    rh.meet(officer, census, areas.kp1)
    rh.post(officer, census, areas.kp1)
    rsvc.decision_approve(user=leader, decision=rh.prepare(officer, census))
    rest.refresh_from_db()
    assert rest.poverty_status == PovertyStatus.NOT_POOR
    # The next campaign: the household the census did not list was "not poor / near-poor".
    later = rsvc.campaign_create(user=officer, commune=areas.commune, kind="periodic", year=2025)
    review = rsvc.campaign_add_household(user=officer, campaign=later, household=rest)
    assert review.previous_result == PovertyStatus.NOT_POOR
    rh.survey(officer, review, **rh.POOR)
    review.refresh_from_db()
    assert review.previous_result == PovertyStatus.NOT_POOR
    assert review.get_previous_result_display() == "Không nghèo, cận nghèo"
