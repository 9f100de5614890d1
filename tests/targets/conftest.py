"""Fixtures of the program: Tân Khai's plan loaded by ``load_plan``, and a review history."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from households.models import Household
from tannkhai.models import User
from targets.models import Indicator, Program
from tests.conftest import AreaTree


@pytest.fixture
def plan(areas: AreaTree) -> Program:
    """The 2021–2025 plan of DOMAIN.md section 8, loaded for the fixture commune."""
    call_command("load_plan", commune=areas.commune.code, stdout=StringIO())
    return Program.objects.get(commune=areas.commune)


@pytest.fixture
def ind(plan: Program) -> dict[str, Indicator]:
    """The plan's indicators by code (VL, DN, GN, TLHN, LDQDT, BHYT, SCN)."""
    return {i.code: i for i in plan.indicators.all()}


@pytest.fixture
def history(officer: User, leader: User, areas: AreaTree) -> dict[str, Household]:
    """The recognised campaigns of 2022–2025 of ``tests.reviews.helpers.HISTORY``.

    Escapes: 2023 B-ESC, C-REP (Khu phố 1); 2025 F-NTP escapes (Khu phố 2) and A-NEW
    goes poor → near-poor (Khu phố 1). Poor at the end of 2022–2025: 4, 4, 4, 1.
    """
    from tests.reviews.helpers import build_history

    return build_history(officer, leader, areas)
