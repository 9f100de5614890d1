"""After a recognised census, households not on the lists are "not poor / near-poor"."""

from __future__ import annotations

import datetime as dt

from households import selectors as hsel
from households import services as hsvc
from households.models import AreaEvent, PovertyStatus
from households.reviews import services as rsvc
from tests.factories import HouseholdFactory
from tests.reviews import helpers as rh


def test_census_approval_classifies_the_rest_as_not_poor(officer, leader, areas):
    listed = HouseholdFactory(quarter=areas.kp1)
    rest = HouseholdFactory(quarter=areas.kp2)
    assert rest.poverty_status == PovertyStatus.UNCLASSIFIED
    campaign = rsvc.campaign_create(user=officer, commune=areas.commune, kind="periodic", year=2025)
    rsvc.campaign_add_household(user=officer, campaign=campaign, household=listed)
    review = campaign.reviews.get(household=listed)
    rh.survey(officer, review, **rh.POOR)
    rh.meet(officer, campaign, areas.kp1)
    rh.post(officer, campaign, areas.kp1)
    rsvc.decision_approve(user=leader, decision=rh.prepare(officer, campaign))
    rest.refresh_from_db()
    assert rest.poverty_status == PovertyStatus.NOT_POOR
    assert rest.get_poverty_status_display() == "Không nghèo, cận nghèo"
    assert rest.history.first().history_user == leader
    listed.refresh_from_db()
    assert listed.poverty_status == PovertyStatus.POOR


def test_merging_a_commune_records_where_its_quarters_stood(officer, areas, admin_user):
    """The former commune's quarters stay its quarters "as they stood" after a merger."""
    hsvc.area_merge(
        user=admin_user,
        area=areas.other_commune,
        into=areas.commune,
        effective_date=dt.date(2025, 7, 1),
        legal_basis="NQ 1662/NQ-UBTVQH15",
    )
    assert AreaEvent.objects.filter(
        area=areas.other_quarter, kind=AreaEvent.Kind.MOVED, other_area=areas.other_commune
    ).exists()
    stood = set(hsel.quarters_as_they_stood(areas.other_commune))
    assert stood == {areas.other_quarter}
