"""The progress dashboard: drill-down to the records, quarter scope, constant queries."""

import datetime as dt
from decimal import Decimal as D
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from households import services as hsvc
from households.models import Household, Member, PovertyStatus
from tests.factories import HouseholdFactory, MemberFactory
from tests.targets.helpers import (
    DASHBOARD,
    ENROLMENTS,
    PLACEMENTS,
    enrol,
    place,
    rows_by_code,
)
from tests.utils import text


def dashboard(client, plan, year, **extra):
    return client.get(DASHBOARD, {"program": plan.pk, "year": year, **extra})


def follow(client, link):
    """Open a drill-down link; returns the response and its query parameters."""
    parts = urlsplit(link)
    response = client.get(parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()})
    assert response.status_code == 200
    return response, parse_qs(parts.query)


def listed(response):
    return [r.pk for r in response.context["page"].object_list]


@pytest.fixture
def jobs(areas):
    """Three placements in 2024 (two in Khu phố 1), one in 2023, one elsewhere."""
    return {
        "kp1": [place(areas.kp1, dt.date(2024, 2, 1)), place(areas.kp1, dt.date(2024, 11, 30))],
        "kp2": [place(areas.kp2, dt.date(2024, 5, 5))],
        "2023": [place(areas.kp1, dt.date(2023, 12, 31))],
        "other": [place(areas.other_quarter, dt.date(2024, 5, 5))],
    }


@pytest.fixture
def courses(areas):
    return {
        "kp1": [enrol(areas.kp1, dt.date(2024, 3, 1))],
        "kp2": [enrol(areas.kp2, dt.date(2024, 4, 1)), enrol(areas.kp2, dt.date(2024, 9, 1))],
        "2025": [enrol(areas.kp2, dt.date(2025, 1, 10))],
    }


# -- drill-down ------------------------------------------------------------------------------


def test_jobs_figure_links_to_exactly_its_placements(client_for, officer, plan, jobs):
    client = client_for(officer)
    row = rows_by_code(dashboard(client, plan, 2024))["VL"]
    assert row["result"].value == 3
    assert row["link"].startswith(PLACEMENTS + "?")
    response, query = follow(client, row["link"])
    assert query["program"] == [str(plan.pk)]
    assert query["year"] == ["2024"]
    assert response.context["page"].count == 3
    assert sorted(listed(response)) == sorted(p.pk for p in jobs["kp1"] + jobs["kp2"])
    assert 'id="record-count">3 hồ sơ.' in text(response)

    row_2023 = rows_by_code(dashboard(client, plan, 2023))["VL"]
    assert row_2023["result"].value == 1
    response, _ = follow(client, row_2023["link"])
    assert listed(response) == [jobs["2023"][0].pk]


def test_jobs_drill_down_with_a_quarter(client_for, officer, plan, areas, jobs):
    client = client_for(officer)
    response = dashboard(client, plan, 2024, quarter=areas.kp1.pk)
    assert response.context["scope"].quarter == areas.kp1
    row = rows_by_code(response)["VL"]
    assert row["result"].value == 2
    drilled, query = follow(client, row["link"])
    assert query["quarter"] == [str(areas.kp1.pk)]
    assert drilled.context["page"].count == 2
    assert sorted(listed(drilled)) == sorted(p.pk for p in jobs["kp1"])


def test_drill_down_keeps_to_the_area_the_program_covers(client_for, officer, plan, areas, jobs):
    """A program for part of the commune (the former town's quarters, after a merger)
    counts that part only, and its figure's records are that part's too."""
    plan.area = areas.kp1
    plan.save(update_fields=["area"])
    client = client_for(officer)
    row = rows_by_code(dashboard(client, plan, 2024))["VL"]
    assert row["result"].value == 2
    response, _ = follow(client, row["link"])
    assert sorted(listed(response)) == sorted(p.pk for p in jobs["kp1"])
    assert 'id="record-count">2 hồ sơ.' in text(response)


def test_training_figure_links_to_exactly_its_enrolments(client_for, officer, plan, areas, courses):
    client = client_for(officer)
    row = rows_by_code(dashboard(client, plan, 2024))["DN"]
    assert row["result"].value == 3
    assert row["link"].startswith(ENROLMENTS + "?")
    response, _ = follow(client, row["link"])
    assert sorted(listed(response)) == sorted(e.pk for e in courses["kp1"] + courses["kp2"])

    row = rows_by_code(dashboard(client, plan, 2024, quarter=areas.kp2.pk))["DN"]
    assert row["result"].value == 2
    response, _ = follow(client, row["link"])
    assert sorted(listed(response)) == sorted(e.pk for e in courses["kp2"])


def escaped_codes(response):
    """Households poor at the start of the year and not at its end."""
    return sorted(e["household"].code for e in response.context["out_of_poverty"])


def into_codes(response):
    """Households that became poor during the year (new, re-poor, from near-poor)."""
    return sorted(e["household"].code for e in response.context["into_poverty"])


def test_poor_reduced_figure_links_to_its_records(client_for, officer, plan, areas, history):
    """ "Giảm hộ nghèo" is the NET fall (start − end) and its list explains it (issue 8;
    this test used to expect the count of exits: 2 in 2023 while the list stayed at 4)."""
    client = client_for(officer)
    row = rows_by_code(dashboard(client, plan, 2023))["GN"]
    # 4 poor at the start, 4 at the end: B and C escaped, A newly poor, F from near-poor.
    assert row["result"].value == 0
    assert row["link"].startswith("/chuong-trinh/thoat-ngheo/?")
    response, _ = follow(client, row["link"])
    assert escaped_codes(response) == ["B-ESC", "C-REP"]
    assert into_codes(response) == ["A-NEW", "F-NTP"]
    assert "Giảm hộ nghèo năm 2023: 0 hộ" in text(response)
    assert "4 hộ nghèo đầu năm − 4 hộ nghèo cuối năm" in text(response)

    row = rows_by_code(dashboard(client, plan, 2025))["GN"]
    # 4 → 1: A to near-poor and F above near-poor (both exits), E left the area.
    assert row["result"].value == 3
    response, _ = follow(client, row["link"])
    assert escaped_codes(response) == ["A-NEW", "E-SPL", "F-NTP"]
    assert into_codes(response) == []

    row = rows_by_code(dashboard(client, plan, 2025, quarter=areas.kp2.pk))["GN"]
    assert row["result"].value == 2  # E left the area, F escaped: 2 → 0 in Khu phố 2
    response, _ = follow(client, row["link"])
    assert escaped_codes(response) == ["E-SPL", "F-NTP"]


def test_poor_reduced_by_quarter_follows_the_reviews_quarter(
    client_for, officer, plan, areas, history
):
    """B-ESC escaped in Khu phố 1 in 2023, then moved to Khu phố 2: the 2023 figure of each
    quarter and its list agree (as the change report does, by the review's quarter)."""
    moved = history["B-ESC"]
    hsvc.household_move(user=officer, household=moved, quarter=areas.kp2, version=moved.version)
    client = client_for(officer)
    for quarter, expected in [(areas.kp1, ["B-ESC", "C-REP"]), (areas.kp2, [])]:
        row = rows_by_code(dashboard(client, plan, 2023, quarter=quarter.pk))["GN"]
        response, _ = follow(client, row["link"])
        assert escaped_codes(response) == expected, quarter.name
        ctx = response.context
        assert row["result"].value == ctx["row"].start - ctx["row"].end, quarter.name
        assert row["result"].value == len(expected) - len(ctx["into_poverty"]), quarter.name


def test_poverty_rate_row_lower_is_better(client_for, officer, plan, history):
    rows = rows_by_code(dashboard(client_for(officer), plan, 2024))
    row = rows["TLHN"]
    assert row["indicator"].direction == "lower"
    assert (row["target"], row["result"].value) == (0, D("80.0"))
    assert row["percent"] == 0
    # 2024 is finished (today is later): a missed target is "not achieved", not "behind".
    assert row["status"] == "not_achieved"
    assert row["link"].startswith("/ra-soat/bien-dong/?")


def test_past_year_statuses(client_for, officer, plan, areas):
    for _ in range(3):
        place(areas.kp1, dt.date(2023, 6, 1))
    rows = rows_by_code(dashboard(client_for(officer), plan, 2023))
    assert rows["VL"]["target"] == 507
    assert rows["VL"]["percent"] == D("0.6")
    assert rows["VL"]["status"] == "not_achieved"  # a finished year (was "behind")
    assert rows["TLHN"]["status"] == "no_target"
    # Cumulative from the first year with a target (2022): 0 + 3.
    assert rows["VL"]["cumulative"] == 3


# -- scope -----------------------------------------------------------------------------------


def test_quarter_head_dashboard_is_narrowed_to_their_quarter(
    client_for, quarter_head_kp1, quarter_head_kp2, plan, areas, jobs, courses
):
    response = dashboard(client_for(quarter_head_kp1), plan, 2024)
    assert response.context["scope"].quarter == areas.kp1
    rows = rows_by_code(response)
    assert (rows["VL"]["result"].value, rows["DN"]["result"].value) == (2, 1)
    assert f"quarter={areas.kp1.pk}" in rows["VL"]["link"]
    # Targets are the commune's: a quarter's results are not compared with them.
    assert (rows["VL"]["target"], rows["VL"]["status"]) == (None, "no_target")

    rows = rows_by_code(dashboard(client_for(quarter_head_kp2), plan, 2024))
    assert (rows["VL"]["result"].value, rows["DN"]["result"].value) == (1, 2)


def test_quarter_head_cannot_pick_another_quarter(client_for, quarter_head_kp1, plan, areas):
    response = dashboard(client_for(quarter_head_kp1), plan, 2024, quarter=areas.kp2.pk)
    assert response.status_code == 403


@pytest.mark.parametrize("name", ["officer", "leader", "admin_user"])
def test_commune_wide_dashboard(client_for, persona, plan, jobs, courses, name):
    response = dashboard(client_for(persona(name)), plan, 2024)
    assert response.context["scope"].quarter is None
    rows = rows_by_code(response)
    assert (rows["VL"]["result"].value, rows["DN"]["result"].value) == (3, 3)
    body = text(response)
    # Leaders read the targets table too (issue 8 item 15).
    assert 'href="/chuong-trinh/ke-hoach/' in body


def test_outsider_sees_no_program(client_for, outsider, plan, jobs):
    response = client_for(outsider).get(DASHBOARD, {"program": plan.pk})
    assert response.status_code == 200
    assert response.templates[0].name == "targets/no_program.html"
    assert plan.name not in text(response)


def test_org_member_is_refused(client_for, org_member, plan):
    assert client_for(org_member).get(DASHBOARD).status_code == 403


def test_default_year_is_the_latest_of_the_program(client_for, officer, plan):
    response = client_for(officer).get(DASHBOARD)
    assert response.context["program"] == plan
    assert response.context["year"] == min(dt.date.today().year, 2025)
    assert client_for(officer).get(DASHBOARD, {"year": "1999"}).context["year"] == 2025


@pytest.mark.parametrize(
    ("name", "target"),
    [
        ("officer", "/chuong-trinh/"),
        ("leader", "/chuong-trinh/"),
        ("admin_user", "/chuong-trinh/"),
        ("quarter_head_kp1", "/ho-gia-dinh/"),
        ("org_member", "/ho-gia-dinh/"),
    ],
)
def test_home_sends_leaders_and_officers_to_the_dashboard(client_for, persona, name, target):
    response = client_for(persona(name)).get("/")
    assert response.status_code == 302
    assert response["Location"] == target


# -- constant query count --------------------------------------------------------------------


def grow(areas, n, start=0):
    """``n`` more households (with a working member, poor or near-poor), placements and
    enrolments in both quarters and several years."""
    for i in range(start, start + n):
        quarter = areas.kp1 if i % 2 else areas.kp2
        household = HouseholdFactory(quarter=quarter, code=f"G-{i:03d}")
        Household.objects.filter(pk=household.pk).update(
            poverty_status=PovertyStatus.POOR if i % 3 else PovertyStatus.NEAR_POOR
        )
        member = MemberFactory(household=household, birth_year=1990)
        Member.objects.filter(pk=member.pk).update(
            employment_status=Member.Employment.CONTRACT, has_health_insurance=True
        )
        member.refresh_from_db()
        year = 2022 + i % 4
        place(quarter, dt.date(year, 3, 1), member=member)
        place(quarter, dt.date(year, 8, 1))
        enrol(quarter, dt.date(year, 4, 1), member=member)


def queries_of(client, url, params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["officer", "quarter_head_kp1"])
def test_dashboard_queries_do_not_grow_with_the_records(client_for, persona, plan, areas, name):
    client = client_for(persona(name))
    params = {"program": plan.pk, "year": 2024}
    grow(areas, 2)
    client.get(DASHBOARD, params)  # warm the session and caches
    few = queries_of(client, DASHBOARD, params)
    grow(areas, 14, start=2)
    many = queries_of(client, DASHBOARD, params)
    assert many == few
    assert few < 30  # a fixed handful of grouped queries


def test_dashboard_queries_with_reviews(client_for, officer, plan, areas, history):
    client = client_for(officer)
    params = {"program": plan.pk, "year": 2025}
    client.get(DASHBOARD, params)
    few = queries_of(client, DASHBOARD, params)
    grow(areas, 10)
    assert queries_of(client, DASHBOARD, params) == few


@pytest.mark.parametrize("url", [PLACEMENTS, ENROLMENTS])
def test_record_lists_queries_do_not_grow_with_the_records(client_for, officer, plan, areas, url):
    client = client_for(officer)
    params = {"program": plan.pk, "year": 2024}
    grow(areas, 4)
    client.get(url, params)
    few = queries_of(client, url, params)
    grow(areas, 16, start=4)
    assert queries_of(client, url, params) == few
