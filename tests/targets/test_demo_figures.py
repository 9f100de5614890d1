"""The demo's figures agree everywhere, for every year of the 2021–2025 plan (issue 8).

``seed_demo`` with a small household count, then, for each year 2021–2025: the change
report balances; "thoát nghèo" is the same number in the change report, the decisions
and the dashboard (poor → near-poor counts); "Giảm hộ nghèo" is the net fall of the
change report (start − end); the plan's 10 poor households read 10 of 10; the plan counts
only the former town's quarters; the poverty rate is one computation.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from households import selectors as hsel
from households.models import Area, Household, PovertyStatus
from households.reviews.models import POVERTY_EXITS, Decision, Review, ReviewCampaign
from tannkhai.models import User
from targets import selectors as tsel
from targets.models import Program
from tests.targets.helpers import rows_by_code

YEARS = (2021, 2022, 2023, 2024, 2025)
TOWN_CODE = "70.HONQUAN.TANKHAI"


@pytest.fixture
def demo(db: None) -> Program:
    call_command("seed_demo", households=240, stdout=StringIO())
    return Program.objects.get(start_year=2021)


def dashboard_rows(client, program: Program, year: int) -> dict:
    response = client.get(reverse("targets:dashboard"), {"program": program.pk, "year": year})
    assert response.status_code == 200
    return rows_by_code(response)


def test_demo_figures_agree_for_every_year(demo, client):
    officer = User.objects.get(username="canbo")
    client.force_login(officer)
    town = Area.objects.get(code=TOWN_CODE)
    assert demo.area == town
    town_quarters = set(hsel.quarters_as_they_stood(town).values_list("pk", flat=True))
    assert town_quarters, "the former town's quarters come from the area tree's history"
    commune = demo.commune
    scope = tsel.Scope.of(user=officer, program=demo)
    assert set(scope.quarters or ()) == town_quarters

    # The demo's ten poor households of 2021 are the former town's (the hamlets' were on
    # their own communes' lists).
    poor_2021 = Review.objects.filter(
        campaign__year=2021,
        campaign__commune=commune,
        status=Review.Status.RECOGNISED,
        result=PovertyStatus.POOR,
    )
    assert poor_2021.count() == 10
    assert set(poor_2021.values_list("quarter_id", flat=True)) <= town_quarters

    net_total = 0
    for year in YEARS:
        matrix = scope.matrix(year)
        poor = matrix.row(PovertyStatus.POOR, "households")
        near = matrix.row(PovertyStatus.NEAR_POOR, "households")
        # The change report balances.
        assert poor.balances and near.balances, year
        # Its exits are the decisions' "Hộ thoát nghèo" (one definition).
        decision_exits = Review.objects.filter(
            campaign__year=year,
            status=Review.Status.RECOGNISED,
            transition__in=POVERTY_EXITS,
            quarter_id__in=town_quarters,
        ).count()
        assert poor.exits == decision_exits, year
        # The decision screen lists the same households as "Hộ thoát nghèo".
        decision = Decision.objects.get(campaign__year=year, campaign__commune=commune)
        response = client.get(reverse("reviews:decision", args=[decision.pk]))
        lists = dict(response.context["lists"])
        listed = [r for r in lists["Hộ thoát nghèo"] if r.quarter_id in town_quarters]
        assert len(listed) == decision_exits, year
        # The dashboard's "Giảm hộ nghèo" is the net fall; its drill-down explains it.
        rows = dashboard_rows(client, demo, year)
        gn = rows["GN"]
        if year == 2021:
            assert gn["result"].manual and gn["result"].value == 4  # the plan's own figure
        else:
            assert gn["result"].value == poor.start - poor.end, year
            net_total += poor.start - poor.end
            drill = client.get(gn["link"])
            ctx = drill.context
            assert ctx["row"].start - ctx["row"].end == gn["result"].value
            assert len(ctx["out_of_poverty"]) - len(ctx["into_poverty"]) == gn["result"].value
        # One poverty rate on the dashboard and the targets page.
        rate = matrix.rate(PovertyStatus.POOR)
        assert rows["TLHN"]["result"].value == rate, year
    # The plan's 10 → 0 reads 10 of 10 (start of 2022 is the end of 2021: 10 poor).
    assert scope.matrix(2022).row(PovertyStatus.POOR, "households").start == 10
    assert scope.matrix(2025).row(PovertyStatus.POOR, "households").end == 0
    assert net_total == 10
    gn_2025 = dashboard_rows(client, demo, 2025)["GN"]
    assert gn_2025["cumulative"] == 10
    assert gn_2025["period_percent"] == Decimal(100)
    assert dashboard_rows(client, demo, 2025)["TLHN"]["result"].value == Decimal("0.0")

    # The targets page shows the same 0 % (it was blank for a computed 0).
    page = client.get(reverse("targets:program", args=[demo.pk]))
    row = next(r for r in page.context["table"] if r["indicator"].code == "TLHN")
    cell = next(c for c in row["cells"] if c["year"] == 2025)
    assert cell["computed"] == Decimal("0.0")
    assert "KQ 0" in page.content.decode()


def test_demo_issuing_body_and_statuses(demo, client):
    officer = User.objects.get(username="canbo")
    client.force_login(officer)
    commune = demo.commune
    # Campaigns and decisions before 1/7/2025 are the town's; from then on the commune's.
    assert hsel.issuing_body_on(commune, dt.date(2024, 12, 10)) == (
        "ỦY BAN NHÂN DÂN THỊ TRẤN TÂN KHAI"
    )
    assert hsel.issuing_body_on(commune, dt.date(2025, 7, 1)) == "ỦY BAN NHÂN DÂN XÃ TÂN KHAI"
    d2024 = Decision.objects.get(campaign__year=2024, campaign__commune=commune)
    body = client.get(reverse("reviews:decision", args=[d2024.pk])).content.decode()
    assert "ỦY BAN NHÂN DÂN THỊ TRẤN TÂN KHAI" in body
    c2025 = ReviewCampaign.objects.get(year=2025, kind="periodic", commune=commune)
    body = client.get(reverse("reviews:campaign", args=[c2025.pk])).content.decode()
    assert "ỦY BAN NHÂN DÂN XÃ TÂN KHAI" in body
    c2021 = ReviewCampaign.objects.get(year=2021, kind="periodic", commune=commune)
    body = client.get(reverse("reviews:campaign", args=[c2021.pk])).content.decode()
    assert "ỦY BAN NHÂN DÂN THỊ TRẤN TÂN KHAI" in body
    # After the censuses no resident household reads "not reviewed".
    active = Household.objects.filter(commune=commune, status=Household.Status.ACTIVE)
    assert not active.filter(poverty_status=PovertyStatus.UNCLASSIFIED).exists()
    assert active.filter(poverty_status=PovertyStatus.NOT_POOR).count() > active.count() // 2


@pytest.mark.django_db
def test_a_demo_too_small_for_its_story_is_refused_with_a_reason():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="at least 100"):
        call_command("seed_demo", households=99, stdout=StringIO())
    assert not Household.objects.exists()
