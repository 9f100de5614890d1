"""Reads for reports: the parameters a user may choose, each through the owning app's
scoped selector (out of scope: 404), and the rows the builders need."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from households.models import Area, Household
from households.reviews.models import Review, ReviewCampaign
from households.reviews.selectors import campaign_get, campaigns_visible_to, reviews_visible_to
from households.selectors import areas_visible_to, households_visible_to
from tannkhai.models import User
from targets.models import Program
from targets.selectors import program_get, programs_visible_to


@dataclass
class Params:
    """What a report is asked for; each builder reads the ones it needs."""

    user: User
    campaign: ReviewCampaign | None = None
    program: Program | None = None
    year: int | None = None
    quarter: Area | None = None
    day: dt.date | None = None
    signer: str = "chairman"
    list_kind: str = "poor"


def report_campaigns(user: User) -> QuerySet[ReviewCampaign]:
    return campaigns_visible_to(user).select_related("commune").order_by("-year", "-month")


def report_programs(user: User) -> QuerySet[Program]:
    return programs_visible_to(user).order_by("-start_year")


def report_quarters(user: User) -> QuerySet[Area]:
    """Quarters the user may choose, former ones included (a 2023 list is of its
    quarters as they stood)."""
    return (
        areas_visible_to(user)
        .filter(kind=Area.Kind.QUARTER)
        .select_related("parent")
        .order_by("parent__name", "name")
    )


def campaign_quarter_choices(user: User, campaign: ReviewCampaign | None) -> list[Area]:
    """The quarters offered with ``campaign``: those it reviews (its commune's as it stood
    when it ran) that the user may read. Never the whole scope: a province holds about a
    thousand quarters, and a report is of one campaign's."""
    if campaign is None:
        return []
    from households.reviews.services import campaign_quarters

    return list(
        areas_visible_to(user)
        .filter(kind=Area.Kind.QUARTER, pk__in=campaign_quarters(campaign))
        .order_by("name")
    )


def campaign_for(user: User, pk: int) -> ReviewCampaign:
    return campaign_get(user=user, pk=pk)


def program_for(user: User, pk: int) -> Program:
    return program_get(user=user, pk=pk)


def quarter_for(user: User, pk: int) -> Area:
    try:
        return report_quarters(user).get(pk=pk)
    except Area.DoesNotExist as exc:
        raise Http404 from exc


def campaign_reviews(
    *, user: User, campaign: ReviewCampaign, quarter: Area | None = None
) -> QuerySet[Review]:
    """The campaign's reviews the user may read (a quarter head: their quarter's)."""
    reviews = reviews_visible_to(user).filter(campaign=campaign)
    if quarter is not None:
        reviews = reviews.filter(quarter=quarter)
    return reviews


def resident_households(
    *, user: User, quarters: Collection[int], year: int, quarter: Area | None = None
) -> QuerySet[Household]:
    """Households living at the end of ``year`` in ``quarters`` (a campaign's: its commune's
    as it stood, ``households.reviews.services.campaign_quarters``), or in ``quarter``
    among them, that the user may read."""
    households = households_visible_to(user).filter(
        Q(status=Household.Status.ACTIVE)
        | Q(status=Household.Status.RETIRED, retired_on__gt=dt.date(year, 12, 31))
    )
    if quarter is not None:
        return households.filter(quarter=quarter)
    return households.filter(quarter__in=list(quarters))


def as_values(queryset: QuerySet[Any], *fields: str) -> list[dict[str, Any]]:
    return list(queryset.values(*fields))
