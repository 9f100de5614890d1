"""``manage.py load_plan`` reproduces the plan of DOMAIN.md section 8, idempotently."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from targets import services
from targets.models import IndustrialPark, ManualResult, Program, YearlyTarget
from tests.targets.helpers import plan_counts


def test_program(plan, areas):
    assert Program.objects.count() == 1
    assert plan.commune == areas.commune
    assert (plan.start_year, plan.end_year) == (2021, 2025)
    assert plan.years == [2021, 2022, 2023, 2024, 2025]
    assert plan.name.startswith("Giảm nghèo bền vững")


def yearly(indicator):
    return {t.year: t.value for t in indicator.targets.all()}


def manual(indicator):
    return {m.year: m.value for m in indicator.manual_results.all()}


def test_jobs(ind):
    jobs = ind["VL"]
    assert yearly(jobs) == {2022: 494, 2023: 507, 2024: 525, 2025: 530}
    assert jobs.period_target == Decimal(2056)
    assert sum(yearly(jobs).values()) == jobs.period_target
    assert manual(jobs) == {2021: 487}
    assert (jobs.unit, jobs.kind, jobs.direction, jobs.computation) == (
        "workers",
        "flow",
        "higher",
        "jobs",
    )


def test_training(ind):
    training = ind["DN"]
    # The plan fixes 602 for the period and says 150 a year is the AVERAGE: no invented
    # yearly targets (issue 8; this test used to expect 150 as each year's target).
    assert yearly(training) == {}
    assert training.yearly_average == Decimal(150)
    assert training.period_target == Decimal(602)
    assert manual(training) == {2021: 134}
    assert (training.kind, training.computation) == ("flow", "training")


def test_poor_households_reduced(ind):
    reduced = ind["GN"]
    assert yearly(reduced) == {2022: 5, 2023: 3, 2024: 2}
    assert reduced.period_target == Decimal(10)
    assert manual(reduced) == {2021: 4}
    assert (reduced.unit, reduced.kind, reduced.computation) == (
        "households",
        "flow",
        "poor_reduced",
    )


def test_poverty_rate_zero_by_2024_lower_is_better(ind):
    rate = ind["TLHN"]
    assert yearly(rate) == {2024: 0}
    assert rate.period_target == 0
    assert (rate.unit, rate.kind, rate.direction) == ("percent", "rate", "lower")
    assert rate.computation == "poverty_rate"
    assert manual(rate) == {}


def test_trained_share_65_by_2025(ind):
    share = ind["LDQDT"]
    assert yearly(share) == {2025: 65}
    assert share.period_target == 65
    assert (share.unit, share.direction, share.computation) == (
        "percent",
        "higher",
        "trained_share",
    )


def test_houses_repaired_2021_is_manual(ind):
    houses = ind["SCN"]
    assert houses.computation == ""
    assert yearly(houses) == {}
    assert houses.period_target is None
    assert manual(houses) == {2021: 1}


def test_manual_results_name_their_source(ind):
    results = ManualResult.objects.all()
    assert results.count() == 4  # jobs, training, poor reduced, houses repaired: 2021
    assert {r.year for r in results} == {2021}
    assert all("2021" in r.source for r in results)


def test_industrial_parks(plan):
    names = set(IndustrialPark.objects.values_list("name", flat=True))
    assert names == {
        "Khu công nghiệp Sikiko",
        "Khu công nghiệp Việt Kiều",
        "Khu công nghiệp Minh Hưng",
    }


def test_indicator_order(plan):
    codes = list(plan.indicators.order_by("order").values_list("code", flat=True))
    assert codes == ["VL", "DN", "GN", "TLHN", "LDQDT", "BHYT", "SCN"]


def test_running_twice_changes_nothing(plan, areas):
    before = plan_counts()
    values = list(YearlyTarget.objects.order_by("pk").values())
    out = StringIO()
    call_command("load_plan", commune=areas.commune.code, stdout=out)
    assert plan_counts() == before
    assert list(YearlyTarget.objects.order_by("pk").values()) == values
    assert "nothing changed" in out.getvalue()


def test_rerun_keeps_values_edited_in_the_app(plan, ind, areas, officer):
    services.yearly_target_set(user=officer, indicator=ind["VL"], year=2022, value=Decimal(600))
    call_command("load_plan", commune=areas.commune.code, stdout=StringIO())
    assert YearlyTarget.objects.get(indicator=ind["VL"], year=2022).value == 600


def test_overwrite_restores_the_plan(plan, ind, areas, officer):
    services.yearly_target_set(user=officer, indicator=ind["VL"], year=2022, value=Decimal(600))
    call_command("load_plan", commune=areas.commune.code, overwrite=True, stdout=StringIO())
    assert YearlyTarget.objects.get(indicator=ind["VL"], year=2022).value == 494
    assert YearlyTarget.objects.count() == 13  # no invented training targets (issue 8)


def test_unknown_commune_is_a_clear_error(areas):
    with pytest.raises(CommandError, match=r"'NOPE' not found"):
        call_command("load_plan", commune="NOPE", stdout=StringIO())
    assert Program.objects.count() == 0


def test_a_quarter_code_is_not_a_commune(areas):
    with pytest.raises(CommandError, match="not found"):
        call_command("load_plan", commune=areas.kp1.code, stdout=StringIO())
    assert Program.objects.count() == 0
