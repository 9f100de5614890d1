"""Coverage from the records at a date: poor and near-poor households by their recognised
status then, with or without an assignment running that day; party members; per quarter."""

from __future__ import annotations

import datetime as dt

import pytest

from assignments import selectors as sel
from assignments.models import Assignment
from households.models import Household
from tests.assignments.conftest import SIGN_DAY, recognise
from tests.factories import HouseholdFactory
from tests.reviews import helpers as rh
from tests.targets.conftest import plan  # noqa: F401 (fixture)

AFTER = SIGN_DAY + dt.timedelta(days=5)


@pytest.fixture
def lists(officer, leader, areas, hh_kp1, hh_kp2):
    """hh_kp1 poor, hh_kp2 near-poor, a third household (KP1) not poor, from SIGN_DAY."""
    third: Household = HouseholdFactory(quarter=areas.kp1, code="KP1-099")  # type: ignore[assignment]
    recognise(officer, leader, areas, {hh_kp1: rh.POOR, hh_kp2: rh.NEAR_POOR, third: rh.NOT_POOR})
    return hh_kp1, hh_kp2, third


def test_status_is_the_recognised_one_at_the_date(lists, officer):
    poor, near, _third = lists
    before = sel.coverage(officer, SIGN_DAY - dt.timedelta(days=1))
    assert before.total == 0
    after = sel.coverage(officer, AFTER)
    assert after.total == 2 and after.covered == 0 and after.percent == 0
    assert set(sel.uncovered_households(officer, AFTER)) == {poor, near}


def test_an_assignment_covers_only_while_it_runs(lists, officer, helper):
    poor, near, _third = lists
    Assignment.objects.create(
        household=poor, person=helper, started_on=AFTER, ended_on=AFTER + dt.timedelta(days=3)
    )
    assert sel.coverage(officer, AFTER - dt.timedelta(days=1)).covered == 0
    assert sel.coverage(officer, AFTER).covered == 1
    on_last_day = sel.coverage(officer, AFTER + dt.timedelta(days=3))
    assert on_last_day.covered == 1 and on_last_day.percent == 50
    assert sel.coverage(officer, AFTER + dt.timedelta(days=4)).covered == 0
    assert set(sel.uncovered_households(officer, AFTER)) == {near}


def test_an_organisation_alone_covers_a_household(lists, officer, farmers):
    poor, _near, _third = lists
    Assignment.objects.create(household=poor, organisation=farmers, started_on=AFTER)
    assert sel.coverage(officer, AFTER).covered == 1


def test_per_quarter_and_quarter_head_scope(lists, officer, quarter_head_kp1, helper):
    poor, _near, _third = lists
    Assignment.objects.create(household=poor, person=helper, started_on=AFTER)
    rows = {q.name: (q.total, q.covered, q.percent) for q in sel.coverage(officer, AFTER).quarters}
    assert rows == {"Khu phố 1": (1, 1, 100), "Khu phố 2": (1, 0, 0)}
    own = sel.coverage(quarter_head_kp1, AFTER)
    assert [q.name for q in own.quarters] == ["Khu phố 1"]
    assert own.party_members_without_poor is None


def test_a_retired_household_leaves_the_count(lists, officer):
    _poor, near, _third = lists
    Household.objects.filter(pk=near.pk).update(
        status=Household.Status.RETIRED, retired_on=AFTER, retired_reason="moved_away"
    )
    assert sel.coverage(officer, AFTER - dt.timedelta(days=1)).total == 2
    assert sel.coverage(officer, AFTER).total == 1


def test_party_members_without_a_poor_household(lists, officer, helper, other_helper):
    poor, near, _third = lists
    other_helper.is_party_member = True
    other_helper.save()
    # Helping a near-poor household does not count: the plan asks for a poor one.
    Assignment.objects.create(household=near, person=other_helper, started_on=AFTER)
    Assignment.objects.create(household=poor, person=helper, started_on=AFTER)
    assert list(sel.party_members_without_poor(officer, AFTER)) == [other_helper]
    assert sel.coverage(officer, AFTER).party_members_without_poor == 1
    assert set(sel.party_members_without_poor(officer, AFTER - dt.timedelta(days=1))) == {
        helper,
        other_helper,
    }


def test_coverage_page_drills_down_to_the_records(lists, officer, client_for):
    poor, near, third = lists
    response = client_for(officer).get("/giup-do/bao-phu/", {"day": AFTER.isoformat()})
    assert response.status_code == 200
    assert [h.pk for h in response.context["uncovered"]] == [poor.pk, near.pk]
    html = response.content.decode()
    assert poor.code in html and near.code in html and third.code not in html


@pytest.mark.parametrize("persona", ["org_member", "outsider"])
def test_coverage_page_scope(lists, persona, client_for, request):
    user = request.getfixturevalue(persona)
    response = client_for(user).get("/giup-do/bao-phu/", {"day": AFTER.isoformat()})
    if persona == "org_member":
        assert response.status_code == 403
    else:
        assert response.status_code == 200
        assert response.context["summary"].total == 0


def test_coverage_page_query_count_is_constant(officer, leader, areas, client_for, helper):
    households = [HouseholdFactory(quarter=areas.kp1, code=f"KP1-1{i:02d}") for i in range(6)]
    recognise(officer, leader, areas, {h: rh.POOR for h in households})
    client = client_for(officer)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get("/giup-do/bao-phu/", {"day": AFTER.isoformat()})
    more = [HouseholdFactory(quarter=areas.kp2, code=f"KP2-1{i:02d}") for i in range(6)]
    for h in more[:3]:
        Assignment.objects.create(household=h, person=helper, started_on=AFTER)
    with CaptureQueriesContext(connection) as many:
        client.get("/giup-do/bao-phu/", {"day": AFTER.isoformat()})
    assert len(many) == len(few)


def test_dashboard_panel(lists, officer, client_for, plan):  # noqa: F811
    html = client_for(officer).get("/chuong-trinh/").content.decode()
    assert 'id="coverage-panel"' in html and "/giup-do/bao-phu/" in html
