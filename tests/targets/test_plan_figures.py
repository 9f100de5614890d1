"""The plan's figures as the plan states them (issue 8, items 9 and 16)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from targets.models import Program
from tests.targets.helpers import program_url, rows_by_code
from tests.targets.test_dashboard import dashboard
from tests.utils import text


def test_plan_reference_never_prints_an_empty_number(plan):
    # The seed plan reads "Số: /KH-UBND", "ngày tháng năm 2024": no number, only a year.
    assert plan.plan_number == ""
    assert plan.plan_reference == "Kế hoạch (văn bản chưa ghi số) năm 2024"
    plan.plan_number = "/KH-UBND"
    assert "số /KH-UBND" not in plan.plan_reference
    plan.plan_number = "123/KH-UBND"
    plan.plan_date = dt.date(2024, 4, 2)
    assert plan.plan_reference == "Kế hoạch số 123/KH-UBND ngày 02/04/2024"


def test_targets_page_shows_the_plan_reference(client_for, leader, officer, plan):
    body = text(client_for(officer).get(program_url(plan)))
    assert "Kế hoạch số /KH-UBND" not in body
    assert "Kế hoạch (văn bản chưa ghi số) năm 2024" in body


def test_cumulative_includes_the_manual_result(client_for, officer, plan):
    """2021 has a manual result of 487 jobs: the cumulative is 487, not "0 (0%)"."""
    rows = rows_by_code(dashboard(client_for(officer), plan, 2021))
    jobs = rows["VL"]
    assert jobs["result"].manual and jobs["result"].value == 487
    assert jobs["cumulative"] == 487
    # The period target (2.056) is for 2022–2025: no percentage of it for 2021.
    assert jobs["period_percent"] is None


def test_training_shows_the_plans_average_not_invented_yearly_targets(client_for, officer, plan):
    response = dashboard(client_for(officer), plan, 2023)
    training = rows_by_code(response)["DN"]
    assert training["target"] is None
    assert training["yearly_average"] == D(150)
    assert training["period_target"] == D(602)
    assert "bình quân 150/năm" in text(response)


def test_a_finished_year_that_missed_its_target_reads_not_achieved(client_for, officer, plan):
    response = dashboard(client_for(officer), plan, 2023)
    assert rows_by_code(response)["VL"]["status"] == "not_achieved"
    body = text(response)
    assert "Không đạt" in body


def test_program_area_defaults_to_the_whole_commune(plan, officer):
    """A new program (2026–2030) covers the commune as it is now."""
    from targets import services

    new = services.program_copy(
        user=officer, program=plan, name=plan.name, start_year=2026, end_year=2030
    )
    assert new.area is None
    assert Program.objects.get(pk=new.pk).covered_area == new.commune


def test_training_cumulative_is_for_the_period_the_602_is_for(client_for, officer, plan, areas):
    """602 is for 2022–2025 (section II.b); 2021's 134 (section II.a) is not part of it."""
    from tests.targets.helpers import enrol

    enrol(areas.kp1, dt.date(2022, 3, 1))
    training = rows_by_code(dashboard(client_for(officer), plan, 2022))["DN"]
    assert training["cumulative"] == 1


def test_targets_page_shows_the_manual_2021_result_like_the_dashboard(client_for, officer, plan):
    """2021 has no placement records, only the plan's manual 487: the page says so, not 0."""
    body = text(client_for(officer).get(program_url(plan)))
    assert "KQ nhập tay 487" in body
    assert "KQ nhập tay 134" in body
