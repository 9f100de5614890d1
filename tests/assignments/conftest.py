"""Helpers of the assignments tests: recognised poor / near-poor households, helpers."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from assignments.models import Organisation, Person
from households.models import Household
from households.reviews import services as rsvc
from tannkhai.models import User
from tests.reviews import helpers as rh

SIGN_DAY = rh.SIGN_DAY  # the decision's day: households are poor / near-poor from then


def recognise(officer: User, leader: User, areas: Any, results: dict[Household, dict[str, Any]]):
    """A 2025 census in which ``results`` (household → rh.POOR / rh.NEAR_POOR …) are
    recognised on SIGN_DAY."""
    campaign = rsvc.campaign_create(user=officer, commune=areas.commune, kind="periodic", year=2025)
    quarters = set()
    for household, result in results.items():
        review = campaign.reviews.filter(
            household=household
        ).first() or rsvc.campaign_add_household(
            user=officer, campaign=campaign, household=household
        )
        rh.survey(officer, review, **result)
        quarters.add(household.quarter)
    for quarter in quarters:
        rh.meet(officer, campaign, quarter)
        rh.post(officer, campaign, quarter)
    rsvc.decision_approve(user=leader, decision=rh.prepare(officer, campaign))
    return campaign


@pytest.fixture
def farmers(areas: Any) -> Organisation:
    return Organisation.objects.create(
        commune=areas.commune, name="Hội Nông dân xã", short_name="HND", kind="farmers"
    )


@pytest.fixture
def helper(areas: Any, farmers: Organisation) -> Person:
    person = Person.objects.create(
        commune=areas.commune, full_name="Trần Văn Giúp", title="Đảng viên", is_party_member=True
    )
    person.organisations.add(farmers)
    return person


@pytest.fixture
def other_helper(areas: Any) -> Person:
    return Person.objects.create(commune=areas.commune, full_name="Lê Thị Đỡ")


DAY = dt.date
