"""Results computed from records (targets.selectors) and manual results."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from households import services as hsvc
from households.models import Household, Member, PovertyStatus
from households.reviews import services as rsvc
from households.reviews.models import Review, Transition
from households.reviews.selectors import transition_matrix
from targets import services
from targets.models import ManualResult
from targets.selectors import Scope, compute, gather_counts
from tests.reviews import helpers as rh
from tests.targets.helpers import DASHBOARD, enrol, place, rows_by_code
from tests.utils import messages_of, text


def results(user, plan, code, quarter=None):
    """{year: computed value} of one indicator, as the dashboard computes it."""
    scope = Scope.of(user=user, program=plan, quarter=quarter)
    indicators = list(plan.indicators.all())
    counts = gather_counts(scope, plan.years, indicators)
    indicator = next(i for i in indicators if i.code == code)
    return {y: compute(indicator, y, scope, counts=counts) for y in plan.years}


# -- jobs and training -------------------------------------------------------------------


def test_placements_counted_per_year_of_placed_on(plan, officer, areas):
    for day in [dt.date(2024, 1, 1), dt.date(2024, 6, 15), dt.date(2024, 12, 31)]:
        place(areas.kp1, day)
    place(areas.kp2, dt.date(2023, 12, 31))
    place(areas.kp2, dt.date(2025, 1, 1))
    place(areas.kp1, dt.date(2020, 6, 1))  # before the program
    place(areas.other_quarter, dt.date(2024, 3, 3))  # another commune
    assert results(officer, plan, "VL") == {
        2021: 0,
        2022: 0,
        2023: 1,
        2024: 3,
        2025: 1,
    }
    assert results(officer, plan, "VL", quarter=areas.kp1)[2024] == 3
    assert results(officer, plan, "VL", quarter=areas.kp2)[2024] == 0
    assert results(officer, plan, "VL", quarter=areas.kp2)[2023] == 1


def test_enrolments_counted_per_year_of_start_date(plan, officer, areas):
    enrol(areas.kp1, dt.date(2023, 11, 1), end_date=dt.date(2024, 2, 1))
    enrol(areas.kp1, dt.date(2024, 3, 1))
    enrol(areas.kp2, dt.date(2024, 9, 1), completed=True, employed_after=True)
    enrol(areas.other_quarter, dt.date(2024, 9, 1))
    found = results(officer, plan, "DN")
    assert (found[2023], found[2024], found[2025]) == (1, 2, 0)
    assert results(officer, plan, "DN", quarter=areas.kp2)[2024] == 1


# -- poor households reduced, poverty rate -----------------------------------------------


def test_transitions_of_the_history(history):
    """The constructed history has the escapes the figures below rely on."""
    escaped = {
        (r.campaign.year, r.household.code): r.transition
        for r in Review.objects.filter(
            status=Review.Status.RECOGNISED,
            transition__in=[Transition.ESCAPED, Transition.POOR_TO_NEAR_POOR],
        ).select_related("campaign", "household")
    }
    assert escaped == {
        (2023, "B-ESC"): Transition.ESCAPED,
        (2023, "C-REP"): Transition.ESCAPED,
        (2025, "F-NTP"): Transition.ESCAPED,
        (2025, "A-NEW"): Transition.POOR_TO_NEAR_POOR,
    }


def test_poor_reduced_is_the_net_fall_of_the_poor_list(plan, officer, areas, history):
    """Start − end of the change report, not the count of exits (issue 8; this test used to
    expect 2 in 2023, when two households escaped but two others became poor). The first
    reviewed year has no start: no figure (a manual result may stand)."""
    assert results(officer, plan, "GN") == {2021: None, 2022: None, 2023: 0, 2024: 0, 2025: 3}
    for quarter in (areas.kp1, areas.kp2):
        got = results(officer, plan, "GN", quarter=quarter)
        for year in (2023, 2024, 2025):
            row = transition_matrix(user=officer, area=quarter, year=year).row("poor", "households")
            assert got[year] == row.start - row.end, (quarter.name, year)
    assert results(officer, plan, "GN", quarter=areas.kp2)[2025] == 2


def test_poor_reduced_only_once_recognised(plan, officer, leader, areas, history):
    """A 2026 review surveyed "not poor" counts only when the decision is approved."""
    new = services.program_copy(
        user=officer, program=plan, name=plan.name, start_year=2026, end_year=2030
    )
    campaign = rsvc.campaign_create(user=officer, commune=areas.commune, kind="periodic", year=2026)
    reviews = {r.household.code: r for r in campaign.reviews.select_related("household")}
    assert set(reviews) == {"A-NEW", "C-REP"}
    rh.survey(officer, reviews["C-REP"], **rh.NOT_POOR)
    rh.survey(officer, reviews["A-NEW"], **rh.NEAR_POOR)
    assert Review.objects.get(pk=reviews["C-REP"].pk).transition == Transition.ESCAPED
    assert results(officer, new, "GN")[2026] == 0
    rh.meet(officer, campaign, areas.kp1)
    rh.post(officer, campaign, areas.kp1)
    assert results(officer, new, "GN")[2026] == 0
    rsvc.decision_approve(user=leader, decision=rh.prepare(officer, campaign))
    assert results(officer, new, "GN")[2026] == 1


def test_poverty_rate_from_recognised_reviews(plan, officer, areas, history):
    # Poor at the end of the year / households resident then: D moved away 01/03/2024,
    # E split 01/02/2025.
    rate = results(officer, plan, "TLHN")
    assert (rate[2022], rate[2023], rate[2024], rate[2025]) == (
        D("66.7"),  # 4 / 6
        D("66.7"),  # 4 / 6
        D("80.0"),  # 4 / 5
        D("25.0"),  # 1 / 4
    )
    kp2 = results(officer, plan, "TLHN", quarter=areas.kp2)
    assert kp2[2025] == D(0)  # F escaped, E left: no poor household in Khu phố 2


def test_poverty_rate_without_any_recognised_review_is_no_data(plan, officer, hh_kp1):
    Household.objects.filter(pk=hh_kp1.pk).update(poverty_status=PovertyStatus.POOR)
    assert set(results(officer, plan, "TLHN").values()) == {None}


def test_poverty_rate_before_the_first_recognised_review_is_no_data(plan, officer, history):
    """No campaign was held in 2021: the records cannot say the 2021 rate."""
    assert results(officer, plan, "TLHN")[2021] is None


# -- snapshots of the registry -------------------------------------------------------------


def test_trained_share_from_the_registry(plan, officer, areas, hh_kp1, hh_kp2):
    an, hoa = hh_kp1.members.order_by("pk")
    Member.objects.filter(pk=an.pk).update(
        employment_status=Member.Employment.CONTRACT,
        vocational_qualification=Member.Vocational.SHORT,
    )
    Member.objects.filter(pk=hoa.pk).update(employment_status=Member.Employment.SELF_EMPLOYED)
    Member.objects.filter(household=hh_kp2).update(
        employment_status=Member.Employment.UNEMPLOYED,
        vocational_qualification=Member.Vocational.COLLEGE,
    )
    share = results(officer, plan, "LDQDT")
    # The registry tells how things are now: the value stands for the latest year.
    assert share == {2021: None, 2022: None, 2023: None, 2024: None, 2025: D("50.0")}
    assert results(officer, plan, "LDQDT", quarter=areas.kp2)[2025] is None  # nobody employed


def test_health_insurance_coverage_from_the_registry(plan, officer, hh_kp1, hh_kp2, hh_other):
    today = dt.date.today()
    an, hoa = hh_kp1.members.order_by("pk")
    Household.objects.filter(pk__in=[hh_kp1.pk, hh_other.pk]).update(
        poverty_status=PovertyStatus.POOR
    )
    Household.objects.filter(pk=hh_kp2.pk).update(poverty_status=PovertyStatus.NEAR_POOR)
    Member.objects.filter(pk=an.pk).update(
        has_health_insurance=True, health_insurance_expiry=today + dt.timedelta(days=200)
    )
    Member.objects.filter(pk=hoa.pk).update(
        has_health_insurance=True,
        health_insurance_expiry=dt.date(2024, 12, 31),  # expired
    )
    Member.objects.filter(household=hh_other).update(has_health_insurance=True)
    assert results(officer, plan, "BHYT")[2025] == D("33.3")  # Ân of Ân, Hoa, Bình


def test_retired_households_leave_the_snapshot(plan, officer, hh_kp1, hh_kp2):
    Household.objects.filter(pk__in=[hh_kp1.pk, hh_kp2.pk]).update(
        poverty_status=PovertyStatus.POOR
    )
    Member.objects.filter(household=hh_kp2).update(has_health_insurance=True)
    hsvc.household_retire(
        user=officer,
        household=hh_kp1,
        reason=Household.RetiredReason.MOVED_AWAY,
        retired_on=dt.date(2025, 5, 1),
        version=hh_kp1.version,
    )
    assert results(officer, plan, "BHYT")[2025] == D(100)


# -- manual results ------------------------------------------------------------------------


def dashboard(client, plan, year, **extra):
    return client.get(DASHBOARD, {"program": plan.pk, "year": year, **extra})


def test_manual_results_of_2021_are_shown_marked_manual(client_for, officer, plan):
    response = dashboard(client_for(officer), plan, 2021)
    rows = rows_by_code(response)
    for code, value in {"VL": 487, "DN": 134, "GN": 4, "SCN": 1}.items():
        assert rows[code]["result"].value == value, code
        assert rows[code]["result"].manual, code
        assert rows[code]["link"] == "", code  # nothing to drill into
    assert not rows["TLHN"]["result"].manual
    assert text(response).count("nhập tay") >= 4


def test_records_win_over_a_manual_result(client_for, officer, plan, areas):
    place(areas.kp1, dt.date(2021, 5, 1))
    place(areas.kp2, dt.date(2021, 8, 1))
    rows = rows_by_code(dashboard(client_for(officer), plan, 2021))
    assert rows["VL"]["result"].value == 2
    assert not rows["VL"]["result"].manual
    assert rows["VL"]["link"]
    assert rows["DN"]["result"].manual  # no enrolment in 2021: still the manual 134


def test_manual_result_not_shown_for_a_quarter(client_for, officer, plan, areas):
    rows = rows_by_code(dashboard(client_for(officer), plan, 2021, quarter=areas.kp1.pk))
    assert rows["VL"]["result"].value == 0
    assert not rows["VL"]["result"].manual


def manual_url(indicator):
    return f"/chuong-trinh/chi-tieu/{indicator.pk}/ket-qua-nhap-tay/"


def test_manual_result_entered_shows_who_entered_it(client_for, officer, leader, plan, ind):
    client = client_for(officer)
    response = client.post(
        manual_url(ind["SCN"]), {"year": "2022", "value": "2", "source": "Báo cáo năm 2022"}
    )
    assert response.status_code == 302
    result = ManualResult.objects.get(indicator=ind["SCN"], year=2022)
    assert (result.value, result.entered_by, result.source) == (2, officer, "Báo cáo năm 2022")
    assert result.history.latest().history_user == officer
    shown = dashboard(client_for(leader), plan, 2022)
    row = rows_by_code(shown)["SCN"]
    assert row["result"].value == 2
    assert row["result"].manual
    assert row["result"].manual_by == "Võ Thị Công Chức"
    assert "Võ Thị Công Chức" in text(shown)


def test_manual_result_refused_where_records_exist(client_for, officer, plan, ind, areas):
    place(areas.kp1, dt.date(2024, 4, 1))
    before = ManualResult.objects.count()
    response = client_for(officer).post(manual_url(ind["VL"]), {"year": "2024", "value": "500"})
    assert response.status_code == 302
    assert ManualResult.objects.count() == before
    assert any("đã có hồ sơ" in m for m in messages_of(response))


def test_manual_result_set_refuses_a_year_with_records(officer, ind):
    with pytest.raises(ValidationError, match="Năm 2024 đã có hồ sơ"):
        services.manual_result_set(
            user=officer, indicator=ind["VL"], year=2024, value=D(5), source="", has_records=True
        )
    assert not ManualResult.objects.filter(year=2024).exists()


def test_manual_result_set_refuses_a_year_outside_the_program(officer, ind):
    with pytest.raises(ValidationError, match="ngoài giai đoạn"):
        services.manual_result_set(
            user=officer, indicator=ind["SCN"], year=2019, value=D(1), source="", has_records=False
        )


@pytest.mark.parametrize(("value", "message"), [("-1", "âm"), ("abc", "Hãy nhập một số")])
def test_manual_result_bad_value(client_for, officer, ind, value, message):
    before = ManualResult.objects.count()
    response = client_for(officer).post(manual_url(ind["SCN"]), {"year": "2023", "value": value})
    assert ManualResult.objects.count() == before
    assert any(message in m for m in messages_of(response))


@pytest.mark.parametrize("name", ["leader", "quarter_head_kp1"])
def test_manual_result_needs_target_rights(client_for, persona, ind, name):
    response = client_for(persona(name)).post(
        manual_url(ind["SCN"]), {"year": "2023", "value": "1"}
    )
    assert response.status_code == 403
    assert not ManualResult.objects.filter(year=2023).exists()


def test_manual_result_for_a_year_the_registry_snapshot_does_not_cover(
    client_for, officer, plan, ind, hh_kp1
):
    """Health-insurance coverage comes from today's registry and stands for 2025 only
    (the dashboard shows no 2022 value), so 2022 may be typed in from the report."""
    Household.objects.filter(pk=hh_kp1.pk).update(poverty_status=PovertyStatus.POOR)
    Member.objects.filter(household=hh_kp1).update(has_health_insurance=True)
    assert results(officer, plan, "BHYT")[2022] is None
    client = client_for(officer)
    response = client.post(
        manual_url(ind["BHYT"]), {"year": "2022", "value": "98", "source": "Báo cáo BHXH 2022"}
    )
    assert "Đã lưu kết quả nhập tay." in messages_of(response)
    assert ManualResult.objects.get(indicator=ind["BHYT"], year=2022).value == 98
    row = rows_by_code(dashboard(client, plan, 2022))["BHYT"]
    assert (row["result"].value, row["result"].manual) == (98, True)
