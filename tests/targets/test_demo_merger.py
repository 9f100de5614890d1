"""The demo's history around the 1/7/2025 merger, and the change report by areas as they
stood (issue 8, items 2, 3, 4, 12, 17).

Before 1/7/2025 the hamlets of xã Tân Hiệp and xã Đồng Nơ were reviewed by their own
communes, not by the former town: the town's (the plan's) campaigns and decisions hold
only its quarters, are issued by UBND thị trấn and signed by its chairman of the time.
In 2025 the hamlets' poor and near-poor households come into the new commune's lists as
"other increase". The change report can be drawn for the former town as it stood, and
then agrees, year by year, with the decisions and the dashboard.
"""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from households import selectors as hsel
from households.models import Area, CommuneSettings, Household, PovertyStatus
from households.reviews.models import POVERTY_EXITS, Decision, Review, ReviewCampaign
from tannkhai.models import Role, User
from targets import selectors as tsel
from targets.models import Program
from tests.targets.helpers import rows_by_code
from tests.utils import text

YEARS = (2021, 2022, 2023, 2024, 2025)
TOWN = "70.HONQUAN.TANKHAI"
FORMER = {"70.HONQUAN.TANHIEP": "ỦY BAN NHÂN DÂN XÃ TÂN HIỆP", "70.HONQUAN.DONGNO": None}
REPORT = "/ra-soat/bien-dong/"
POOR, NEAR = PovertyStatus.POOR, PovertyStatus.NEAR_POOR


@pytest.fixture
def demo(db: None) -> Program:
    call_command("seed_demo", households=240, stdout=StringIO())
    return Program.objects.get(start_year=2021)


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _report(client: Client, area: Area, year: int) -> dict:
    response = client.get(REPORT, {"area": area.pk, "year": year})
    assert response.status_code == 200
    assert response.context["area"] == area, "the area asked for is the one reported"
    return response.context


def _counts(reviews: list[Review]) -> dict[str, int]:
    return {
        "poor": sum(r.result == POOR for r in reviews),
        "near": sum(r.result == NEAR for r in reviews),
        "exits": sum(r.transition in POVERTY_EXITS for r in reviews),
    }


def test_the_plans_area_agrees_with_decisions_and_dashboard_every_year(demo):
    """One seeded demo for both checks: seeding is the slow part."""
    _plan_figures_agree(demo)
    _hamlets_join_as_other_increase(demo)


def test_signers_previous_statuses_and_report_areas(demo):
    _signers_issuing_bodies_and_previous_statuses(demo)
    _report_areas_as_they_stood_follow_scope(demo)


def _plan_figures_agree(demo: Program) -> None:
    leader = User.objects.get(username="lanhdao")
    client = _client(leader)
    commune, town = demo.commune, Area.objects.get(code=TOWN)
    town_quarters = set(hsel.quarters_as_they_stood(town).values_list("pk", flat=True))
    scope = tsel.Scope.of(user=leader, program=demo)
    dashboard = tsel.poverty_counts(scope, list(YEARS))

    for year in YEARS:
        # The decision of the commune's periodic campaign (the town's until 1/7/2025).
        decision = Decision.objects.get(campaign__commune=commune, campaign__year=year)
        reviews = list(decision.reviews.all())
        if year < 2025:
            # No hamlet household on the town's lists before the merger.
            assert {r.quarter_id for r in reviews} <= town_quarters, year
        town_reviews = [r for r in reviews if r.quarter_id in town_quarters]
        expected = _counts(town_reviews)

        # The change report for the former town as it stood: the plan's figures.
        ctx = _report(client, town, year)
        matrix = ctx["matrix"]
        poor, near = matrix.row(POOR, "households"), matrix.row(NEAR, "households")
        for row in (poor, near):
            assert row.start + row.total_increase - row.total_decrease == row.end, year
            assert row.balances, year
        assert (poor.end, near.end, poor.exits) == (
            expected["poor"],
            expected["near"],
            expected["exits"],
        ), year

        # The dashboard (program area) reads the same figures and rate.
        figures = dashboard[year]
        assert figures["poor"] == poor.end and figures["near_poor"] == near.end, year
        assert figures["exits"] == poor.exits, year
        assert figures["poor_reduced"] == poor.start - poor.end, year
        assert figures["poor_rate"] == matrix.rate(POOR), year
        assert figures["near_poor_rate"] == matrix.rate(NEAR), year
        assert figures["residents"] == matrix.residents["end"], year
        page = client.get(reverse("targets:dashboard"), {"program": demo.pk, "year": year})
        assert rows_by_code(page)["TLHN"]["result"].value == matrix.rate(POOR), year

        # The new commune's own report balances too and agrees with its decision.
        whole = _report(client, commune, year)["matrix"]
        for category, key in ((POOR, "poor"), (NEAR, "near")):
            row = whole.row(category, "households")
            assert row.balances, (year, category)
            assert row.end == _counts(reviews)[key], (year, category)
        if year < 2025:
            # Before the merger the commune's records are the town's.
            assert whole.row(POOR, "households").end == poor.end
            assert whole.residents == matrix.residents

    # The plan's ten poor households of 2021 are gone by 2025, ten of ten.
    assert _report(client, town, 2021)["matrix"].row(POOR, "households").end == 10
    assert _report(client, town, 2025)["matrix"].row(POOR, "households").end == 0


def _hamlets_join_as_other_increase(demo: Program) -> None:
    """The hamlets were reviewed by their own communes and join as other increase."""
    leader = User.objects.get(username="lanhdao")
    client = _client(leader)
    commune = demo.commune
    hamlet_households: set[int] = set()
    end_2024: dict[str, set[int]] = {POOR: set(), NEAR: set()}
    for code, body in FORMER.items():
        former = Area.objects.get(code=code)
        quarters = set(hsel.quarters_as_they_stood(former).values_list("pk", flat=True))
        assert quarters, f"{former} keeps its hamlet in the area tree's history"
        before = hsel.quarters_on(commune, dt.date(2024, 12, 31)).values_list("pk", flat=True)
        assert not quarters & set(before), "before the merger the commune is the town"
        hamlet_households |= set(
            Household.objects.filter(quarter__in=quarters).values_list("pk", flat=True)
        )
        for year in (2021, 2022, 2023, 2024):
            campaign = ReviewCampaign.objects.get(commune=former, year=year, kind="periodic")
            assert {r.quarter_id for r in campaign.reviews.all()} <= quarters
            decision = campaign.decisions.get()
            assert decision.status == Decision.Status.APPROVED
            settings = CommuneSettings.objects.get(commune=former)
            assert decision.signer_name == settings.chairman_name
            if body:
                assert settings.issuing_body == body
                page = client.get(reverse("reviews:decision", args=[decision.pk]))
                assert page.status_code == 200, "the new commune reads its predecessors' records"
                assert body in text(page)
            if year == 2024:
                for review in decision.reviews.all():
                    if review.result in (POOR, NEAR):
                        end_2024[review.result].add(review.household_id)
    assert end_2024[POOR] and end_2024[NEAR], "the demo has hamlet households on the lists"
    # No review of a hamlet household by the town's campaigns before the merger.
    assert not Review.objects.filter(
        campaign__commune=commune, campaign__year__lt=2025, household__in=hamlet_households
    ).exists()

    # 2025: the hamlets' listed households still on the lists are "other increase".
    ctx = _report(client, commune, 2025)
    matrix = ctx["matrix"]
    for category in (POOR, NEAR):
        row = matrix.row(category, "households")
        assert row.balances
        ended = set(matrix.households.get((category, "end"), []))
        came_in = set(matrix.households.get((category, "inc:other"), []))
        assert came_in == end_2024[category] & ended, category
        assert came_in, category
        new = set(matrix.households.get((category, "inc:new"), []))
        assert not new & end_2024[category], "a merged household is not newly poor"
        assert not set(matrix.households.get((category, "start"), [])) & hamlet_households
    # The start of 2025 is the town's: rates against its households, the end the commune's.
    town = Area.objects.get(code=TOWN)
    assert matrix.residents["start"] == _report(client, town, 2024)["matrix"].residents["end"]
    assert matrix.residents["end"] == Household.objects.filter(commune=commune).count()
    drill = client.get(REPORT, {"area": commune.pk, "year": 2025, "show": "near_poor|inc:other"})
    assert {h.pk for h in drill.context["drill_rows"]} == (
        end_2024[NEAR] & set(matrix.households[(NEAR, "end")])
    )


def _signers_issuing_bodies_and_previous_statuses(demo: Program) -> None:
    officer = User.objects.get(username="canbo")
    client = _client(officer)
    commune = demo.commune
    town = Area.objects.get(code=TOWN)
    town_settings = CommuneSettings.objects.get(commune=town)
    today_settings = CommuneSettings.objects.get(commune=commune)
    assert town_settings.chairman_name != today_settings.chairman_name
    assert not town_settings.chairman_is_placeholder
    for name in (town_settings.chairman_name, town_settings.vice_chairman_name):
        assert name and "Mẫu" not in name and "Thử" not in name
    for decision in Decision.objects.filter(campaign__commune=commune).select_related(
        "campaign__commune"
    ):
        signer = hsel.commune_settings_on(commune, decision.signed_on)
        assert signer is not None
        assert decision.signer_name == signer.chairman_name, decision.signed_on
        expected = town_settings if decision.signed_on < dt.date(2025, 7, 1) else today_settings
        assert signer == expected
        body = text(client.get(reverse("reviews:decision", args=[decision.pk])))
        assert expected.issuing_body in body
        assert f"{expected.chairman_name} ký ngày" in body
        if expected == town_settings:
            assert f"{today_settings.chairman_name} ký ngày" not in body

    # The decision form prefills today's signer, never a placeholder name.
    open_campaign = ReviewCampaign.objects.get(commune=commune, year=2026)
    form = client.get(reverse("reviews:decision_prepare", args=[open_campaign.pk])).context["form"]
    assert form.initial["signer_name"] in ("", today_settings.chairman_name)
    assert form.initial["signer_name"] != town_settings.chairman_name

    # Every household that went through a census had a status before its later reviews.
    first_census: dict[int, int] = {}
    for campaign in ReviewCampaign.objects.filter(kind="periodic").order_by("year"):
        first_census.setdefault(campaign.commune_id, campaign.year)
    later = Review.objects.filter(campaign__kind="periodic").select_related("campaign")
    stale = [
        r
        for r in later
        if r.campaign.year > first_census[r.campaign.commune_id]
        and r.previous_result == PovertyStatus.UNCLASSIFIED
    ]
    assert not stale
    surveys = Review.objects.filter(campaign=open_campaign)
    assert surveys.count() > 3
    assert not surveys.filter(previous_result=PovertyStatus.UNCLASSIFIED).exists()
    requester = surveys.filter(previous_result=PovertyStatus.NOT_POOR).first()
    assert requester is not None, "the 2026 requesters were not poor before"
    body = text(client.get(reverse("reviews:survey", args=[requester.pk])))
    assert "Trước đây: Không nghèo, cận nghèo" in body
    assert "Chưa rà soát" not in body


def _report_areas_as_they_stood_follow_scope(demo: Program) -> None:
    commune = demo.commune
    town = Area.objects.get(code=TOWN)
    label = "Thị trấn Tân Khai (địa bàn đến 30/06/2025)"
    for username in ("lanhdao", "canbo", "admin"):
        client = _client(User.objects.get(username=username))
        response = client.get(REPORT, {"area": town.pk, "year": 2024})
        assert response.status_code == 200
        assert response.context["area"] == town, username
        assert label in text(response)
        assert f"Hộ nghèo — {label}, 2024" in text(response)
    # A quarter head keeps to their quarter: no former town, whatever they ask for.
    head = User.objects.get(username="truongkp1")
    response = _client(head).get(REPORT, {"area": town.pk, "year": 2024})
    assert response.status_code == 200
    assert response.context["area"].code == f"{commune.code}.KP1"
    assert label not in text(response)
    # Organisation members and users of another commune never see it.
    assert _client(User.objects.get(username="hoinongdan")).get(REPORT).status_code == 403
    other = Area.objects.create(code="75.KHAC", name="Xã Khác", kind=Area.Kind.COMMUNE)
    outsider = User.objects.create(username="xakhac", role=Role.OFFICER)
    outsider.areas.set([other])
    response = _client(outsider).get(REPORT, {"area": town.pk, "year": 2024})
    assert response.status_code == 200
    assert response.context["area"] == other
    assert label not in text(response)
    assert response.context["matrix"].row(POOR, "households").end == 0
