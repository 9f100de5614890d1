"""The support log: written by the helper for their own assignment or by an officer;
dates within the assignment and not in the future; values in whole đồng, not negative."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from assignments.models import Assignment, SupportLog
from tests.factories import AssignmentFactory

TODAY = timezone.localdate()
D = dt.timedelta


@pytest.fixture
def own(org_member, hh_kp1) -> Assignment:
    return hh_kp1.assignments.get()


def url(a: Assignment) -> str:
    return f"/giup-do/{a.pk}/ghi-nhan/"


def post(client, a, **data):
    body = {
        "happened_on": TODAY.isoformat(),
        "kind": "material",
        "notes": "Tặng gạo",
        "value": "1.500.000",
        "value_form": "in_kind",
    }
    body.update(data)
    return client.post(url(a), body)


def test_helper_logs_for_their_own_assignment(own, org_member, client_for):
    response = post(client_for(org_member), own)
    assert response.status_code == 302
    entry = SupportLog.objects.get()
    assert (entry.value, entry.value_form, entry.recorded_by) == (1_500_000, "in_kind", org_member)


def test_officer_logs_for_the_helper(own, officer, client_for):
    assert post(client_for(officer), own, value="", value_form="none").status_code == 302
    assert SupportLog.objects.get().value == 0


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"happened_on": (TODAY + D(days=1)).isoformat()}, "happened_on", "tương lai"),
        ({"happened_on": (TODAY - D(days=31)).isoformat()}, "happened_on", "ngoài thời gian"),
        ({"value": "-500.000"}, "value", "từ 0 trở lên"),
        ({"value": "abc"}, "value", "số nguyên"),
        ({"value_form": "none"}, "value_form", "tiền mặt hay hiện vật"),
        ({"kind": "bribe"}, "kind", ""),
    ],
)
def test_bad_input_saves_nothing(own, org_member, client_for, data, field, message):
    response = post(client_for(org_member), own, **data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field])
    assert not SupportLog.objects.exists()


def test_an_ended_assignment_takes_no_later_day(own, org_member, officer, client_for):
    Assignment.objects.filter(pk=own.pk).update(ended_on=TODAY - D(days=3))
    # The helper no longer reaches the household; the officer logs within the period only.
    assert client_for(org_member).get(url(own)).status_code == 404
    response = post(client_for(officer), own, happened_on=(TODAY - D(days=2)).isoformat())
    assert "ngoài thời gian" in " ".join(response.context["form"].errors["happened_on"])
    assert (
        post(client_for(officer), own, happened_on=(TODAY - D(days=3)).isoformat()).status_code
        == 302
    )


def test_another_helpers_assignment_is_404(org_member, hh_kp2, client_for, areas):
    from tests.factories import UserFactory

    other = UserFactory(username="hoiphunu", role="org_member")
    theirs = AssignmentFactory(household=hh_kp2, member=other)
    assert client_for(org_member).get(url(theirs)).status_code == 404
    assert post(client_for(org_member), theirs).status_code == 404
    assert client_for(org_member).get(f"/giup-do/{theirs.pk}/").status_code == 404


@pytest.mark.parametrize("persona", ["leader", "quarter_head_kp1"])
def test_readers_may_not_log(own, persona, request, client_for):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(url(own)).status_code == 403
    assert not SupportLog.objects.exists()


def test_outsider_gets_404(own, outsider, client_for):
    assert client_for(outsider).get(url(own)).status_code == 404


def test_valued_support_for_the_household_summary(own, officer, org_member, outsider, hh_kp1):
    from assignments.selectors import valued_support_for_household

    SupportLog.objects.create(assignment=own, happened_on=TODAY, kind="visit", recorded_by=officer)
    SupportLog.objects.create(
        assignment=own,
        happened_on=TODAY,
        kind="material",
        value=300_000,
        value_form="money",
        recorded_by=officer,
    )
    assert [s.value for s in valued_support_for_household(officer, hh_kp1)] == [300_000]
    assert [s.value for s in valued_support_for_household(org_member, hh_kp1)] == [300_000]
    assert list(valued_support_for_household(outsider, hh_kp1)) == []
