"""The yearly evaluation equals the records; the plan's 14 units load idempotently; the
duties' yearly status; the screens by persona."""

from __future__ import annotations

import datetime as dt
import io
from io import StringIO

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from assignments import selectors as sel
from assignments.models import Assignment, Duty, DutyStatus, ResponsibleUnit, SupportLog
from tests.assignments.conftest import SIGN_DAY, recognise
from tests.reviews import helpers as rh
from tests.targets.conftest import plan  # noqa: F401 (fixture)


def test_evaluation_figures_equal_the_records(officer, leader, areas, hh_kp1, hh_kp2, helper):
    # A 2025 census recognises both poor; the 2026 one (SIGN_DAY) takes hh_kp1 out.
    recognise(officer, leader, areas, {hh_kp1: rh.NOT_POOR, hh_kp2: rh.POOR})
    Assignment.objects.create(household=hh_kp1, person=helper, started_on=dt.date(2026, 1, 10))
    Assignment.objects.create(
        household=hh_kp2,
        person=helper,
        started_on=dt.date(2025, 3, 1),
        ended_on=dt.date(2026, 2, 1),
    )
    for day, kind, value in [
        (dt.date(2026, 2, 1), "visit", 0),
        (dt.date(2026, 3, 1), "visit", 0),
        (dt.date(2026, 4, 1), "material", 700_000),
        (dt.date(2025, 12, 1), "visit", 0),  # another year
    ]:
        a = Assignment.objects.filter(person=helper).filter(sel.active_on(day)).first()
        SupportLog.objects.create(
            assignment=a,
            happened_on=day,
            kind=kind,
            value=value,
            value_form="in_kind" if value else "none",
            recorded_by=officer,
        )
    [row] = sel.evaluation(officer, 2026)
    assert (row.households, row.visits, row.entries, row.value) == (2, 2, 3, 700_000)
    # hh_kp1 was never poor before this census: not an escape.
    assert row.escaped == 0


def test_escape_counts_only_while_assigned(officer, leader, areas, hh_kp1, helper, other_helper):
    from households.reviews.models import Review

    recognise(officer, leader, areas, {hh_kp1: rh.NEAR_POOR})
    review = Review.objects.get(household=hh_kp1)
    Review.objects.filter(pk=review.pk).update(
        transition="poor_to_near_poor", previous_result="poor"
    )
    Assignment.objects.create(household=hh_kp1, person=helper, started_on=dt.date(2026, 1, 1))
    Assignment.objects.create(
        household=hh_kp1,
        person=other_helper,
        started_on=dt.date(2026, 1, 1),
        ended_on=SIGN_DAY - dt.timedelta(days=1),
    )
    rows = {r.person.pk: r.escaped for r in sel.evaluation(officer, 2026)}
    assert rows == {helper.pk: 1, other_helper.pk: 0}
    assert {r.person.pk: r.escaped for r in sel.evaluation(officer, 2025)} == {}


def test_evaluation_export(officer, hh_kp1, helper, client_for):
    Assignment.objects.create(household=hh_kp1, person=helper, started_on=dt.date(2026, 1, 1))
    response = client_for(officer).get("/giup-do/danh-gia/xuat-excel/", {"year": "2026"})
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert any(r and r[1] == "Trần Văn Giúp" and r[4] == 1 and r[5] == "KP1-001" for r in rows)


@pytest.mark.parametrize(("persona", "status"), [("quarter_head_kp1", 403), ("org_member", 403)])
def test_evaluation_is_for_officers_and_leaders(persona, status, request, client_for):
    client = client_for(request.getfixturevalue(persona))
    assert client.get("/giup-do/danh-gia/").status_code == status
    assert client.get("/giup-do/danh-gia/xuat-excel/").status_code == status


def test_load_plan_loads_the_14_units_idempotently(plan, areas):  # noqa: F811
    units = ResponsibleUnit.objects.filter(program=plan).order_by("order")
    assert units.count() == 14
    assert units[0].name == "Phó Chủ tịch UBND thị trấn (phụ trách Khối VH-XH)"
    assert units[13].name == "Trưởng các khu phố"
    duties = Duty.objects.filter(program=plan)
    count = duties.count()
    assert count == 20
    mttq = duties.get(code="MTTQ-1")
    assert mttq.text.startswith("Thực hiện vai trò nòng cốt")
    assert {i.code for i in mttq.indicators.all()} == {"GN", "TLHN", "SCN"}
    housing = duties.get(code="DCXD-1")  # "Phối hợp với … Ủy ban MTTQ": the Front leads
    assert housing.lead.code == "MTTQ" and housing.unit.code == "DCXD"
    out = StringIO()
    call_command("load_plan", commune=areas.commune.code, stdout=out)
    assert "nothing changed" in out.getvalue()
    assert Duty.objects.filter(program=plan).count() == count


def test_officer_updates_a_duty_for_the_year(plan, officer, leader, client_for):  # noqa: F811
    duty = Duty.objects.get(program=plan, code="TBXH-1")
    url = f"/giup-do/nhiem-vu/{duty.pk}/?year=2025"
    body = {"state": "behind", "progress_note": "Đã tổng hợp báo cáo", "problems": "Thiếu kinh phí"}
    assert client_for(leader).post(url, body).status_code == 403
    assert client_for(officer).post(url, body).status_code == 302
    assert client_for(officer).post(url, {**body, "state": "done"}).status_code == 302
    status = DutyStatus.objects.get(duty=duty, year=2025)
    assert (status.state, status.updated_by) == ("done", officer)
    html = client_for(leader).get(f"/giup-do/phan-cong-nhiem-vu/?program={plan.pk}&year=2025")
    assert "Thiếu kinh phí" in html.content.decode()


def test_bad_duty_state_saves_nothing(plan, officer, client_for):  # noqa: F811
    duty = Duty.objects.get(program=plan, code="TBXH-1")
    response = client_for(officer).post(f"/giup-do/nhiem-vu/{duty.pk}/", {"state": "nope"})
    assert response.status_code == 200 and "state" in response.context["form"].errors
    assert not DutyStatus.objects.exists()


def test_outsider_cannot_reach_the_duty(plan, outsider, client_for):  # noqa: F811
    duty = Duty.objects.filter(program=plan).first()
    assert client_for(outsider).get(f"/giup-do/nhiem-vu/{duty.pk}/").status_code == 404
