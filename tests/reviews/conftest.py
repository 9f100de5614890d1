"""Fixtures of the review procedure, on top of the registry's personas and area tree.

The shipped standards and holidays come from migration 0005, so every test database
has them.
"""

from __future__ import annotations

import pytest

from households.models import Area, Household, PovertyStandard
from households.reviews import services as svc
from households.reviews.models import Review, ReviewCampaign
from tannkhai.models import User
from tests.conftest import AreaTree
from tests.factories import HouseholdFactory


@pytest.fixture
def standard_2022(db: None) -> PovertyStandard:
    return PovertyStandard.objects.get(code="2022-2025")


@pytest.fixture
def campaign(officer: User, areas: AreaTree) -> ReviewCampaign:
    """Tân Khai's periodic review of 2025 (lists of 2026, standard 2022–2025), empty."""
    return svc.campaign_create(user=officer, commune=areas.commune, kind="periodic", year=2025)


@pytest.fixture
def review_kp1(campaign: ReviewCampaign, officer: User, hh_kp1: Household) -> Review:
    return svc.campaign_add_household(user=officer, campaign=campaign, household=hh_kp1)


@pytest.fixture
def review_kp2(campaign: ReviewCampaign, officer: User, hh_kp2: Household) -> Review:
    return svc.campaign_add_household(user=officer, campaign=campaign, household=hh_kp2)


@pytest.fixture
def other_campaign(outsider: User, areas: AreaTree) -> ReviewCampaign:
    """Phường Bến Thành's own periodic review of 2025."""
    return svc.campaign_create(
        user=outsider, commune=areas.other_commune, kind="periodic", year=2025
    )


@pytest.fixture
def review_other(other_campaign: ReviewCampaign, outsider: User, hh_other: Household) -> Review:
    return svc.campaign_add_household(user=outsider, campaign=other_campaign, household=hh_other)


@pytest.fixture
def make_household(areas: AreaTree):
    """A household in ``quarter`` (Khu phố 1 by default) with a given poverty status."""

    def make(code: str, *, quarter: Area | None = None, status: str = "unclassified") -> Household:
        household = HouseholdFactory(quarter=quarter or areas.kp1, code=code)
        if status != "unclassified":
            Household.objects.filter(pk=household.pk).update(poverty_status=status)
        household.refresh_from_db()
        return household

    return make


@pytest.fixture
def history(officer: User, leader: User, areas: AreaTree) -> dict[str, Household]:
    """Campaigns of 2022–2025 run end to end; see ``helpers.HISTORY``."""
    from tests.reviews.helpers import build_history

    return build_history(officer, leader, areas)
