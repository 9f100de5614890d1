"""One household's file (hồ sơ hộ gia đình, PDF): the household, its members with their
citizen IDs masked as the household page masks them for the reader, its reviews, the
support it received (the page's figures), its helpers; who may print it, the access log,
no font warnings, a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assignments.models import Assignment, Person, SupportLog
from funding.loans.models import PoorFund
from households.models import Household, Member
from reports.builders.household import household_file
from tannkhai.formatting import format_number
from tannkhai.models import AccessLog
from tests.conftest import AN_CITIZEN_ID, HOA_CITIZEN_ID
from tests.factories import MemberFactory
from tests.funding.conftest import allocate, lines, pay  # noqa: F401 (fixture)
from tests.funding_loans.conftest import make_loan, spend
from tests.reports.conftest import Decided, flat, pdf_text

pytestmark = pytest.mark.django_db

MASK = "••••••••"


def file_url(household: Household) -> str:
    return reverse("reports:household_file", args=[household.pk])


def page_url(household: Household) -> str:
    return reverse("households:detail", args=[household.pk])


@pytest.fixture
def helped(
    decided: Decided,
    officer,
    areas,
    lines,  # noqa: F811 (fixture)
    hh_kp1,
) -> Household:
    """Nguyễn Văn Ân's household (poor since the 2026 decision) with support of the plan's
    2024–2025 line paid in part, a policy-bank loan, the Fund's help, a helper and two
    log entries."""
    Member.objects.filter(household=hh_kp1, full_name="Lê Thị Hoa").update(
        has_health_insurance=True, in_school=False, employment_status="self_employed"
    )
    support = allocate(
        officer, lines["other"], hh_kp1, {"commune_budget": 10_000_000}, on=dt.date(2025, 3, 3)
    )
    pay(officer, support, "commune_budget", 6_000_000, on=dt.date(2025, 4, 1))
    make_loan(officer, hh_kp1, amount=40_000_000, disbursed_on=dt.date(2026, 11, 24))
    PoorFund.objects.create(
        commune=areas.commune, opened_on=dt.date(2026, 1, 1), opening_balance=5_000_000
    )
    spend(officer, areas.commune, 1_500_000, dt.date(2026, 11, 25), household=hh_kp1)
    person = Person.objects.create(
        commune=areas.commune, full_name="Trần Văn Giúp", title="Đảng viên", is_party_member=True
    )
    assignment = Assignment.objects.create(
        household=hh_kp1, person=person, started_on=dt.date(2026, 1, 5), aim_year=2027
    )
    for day, kind, value in (
        (dt.date(2026, 3, 1), SupportLog.Kind.VISIT, 0),
        (dt.date(2026, 4, 1), SupportLog.Kind.MATERIAL, 700_000),
    ):
        SupportLog.objects.create(
            assignment=assignment,
            happened_on=day,
            kind=kind,
            notes="Tặng 50 kg gạo" if value else "Thăm hỏi, động viên",
            value=value,
            value_form=SupportLog.Form.IN_KIND if value else SupportLog.Form.NONE,
            recorded_by=officer,
        )
    return Household.objects.get(pk=hh_kp1.pk)


def test_officer_prints_the_whole_file(client_for, officer, helped, font_warnings):
    response = client_for(officer).get(file_url(helped))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pages = pdf_text(response.content)
    whole = flat(" ".join(pages))
    for text in (
        "ỦY BAN NHÂN DÂN XÃ TÂN KHAI",
        "HỒ SƠ HỘ GIA ĐÌNH",
        "Hộ Nguyễn Văn Ân, mã hộ KP1-001",
        "12 Nguyễn Huệ",
        "Khu phố 1, Tân Khai",
        "Hộ nghèo",
        # Members, the officer reads the citizen IDs in full.
        "Lê Thị Hoa",
        "Vợ / chồng",
        AN_CITIZEN_ID,
        HOA_CITIZEN_ID,
        "Tự làm, sản xuất nông nghiệp, kinh doanh",
        # Reviews: the 2026 census, recognised by decision 125/QĐ-UBND.
        "Rà soát định kỳ năm 2025",
        "Quyết định số 125/QĐ-UBND ngày 20/11/2026",
        # Support and helpers.
        "Tổng nhu cầu nguồn vốn giai đoạn",
        "10.000.000",
        "6.000.000",
        "Chi hỗ trợ từ Quỹ Vì người nghèo",
        "1.500.000",
        "Vay Cho vay hộ nghèo",
        "40.000.000",
        "Trần Văn Giúp, Đảng viên",
        "05/01/2026",
        "Tặng 50 kg gạo",
        "700.000",
        "NGƯỜI LẬP",
        "Võ Thị Công Chức",
    ):
        assert text in whole, text
    assert font_warnings == []


def test_figures_equal_the_household_page(client_for, officer, helped):
    client = client_for(officer)
    page = client.get(page_url(helped))
    support = page.context["support"]
    members = page.context["members"]
    assignments = page.context["assignments"]
    report = household_file(officer, helped)
    tables = {t.caption or t.sheet_title: t for t in report.tables}
    # Every support group of the page, with the same rows and totals.
    for group in support.groups:
        if not group.items:
            continue
        table = tables[group.title]
        assert [row[3] for row in table.rows] == [item.amount for item in group.items]
        assert table.totals is not None and table.totals[3] == group.total
        if group.paid_total is not None:
            assert table.totals[4] == group.paid_total
    summary = tables["Tổng hợp hỗ trợ đã nhận"]
    assert summary.totals is not None and summary.totals[-1] == support.total
    assert support.total == 10_000_000 + 1_500_000 + 700_000
    # The same members, the same helpers.
    assert [row[1] for row in tables["Thành viên"].rows] == [m.full_name for m in members]
    helpers = tables["Phân công giúp đỡ"]
    assert [row[5] for row in helpers.rows] == [a.logs for a in assignments]
    # And the PDF prints those totals.
    whole = flat(" ".join(pdf_text(client.get(file_url(helped)).content)))
    assert f"Tổng hỗ trợ {format_number(support.total)}" in whole


@pytest.mark.parametrize("who", ["leader", "quarter_head_kp1"])
def test_citizen_ids_masked_as_on_the_page(client_for, persona, who, helped):
    client = client_for(persona(who))
    html = client.get(page_url(helped)).content.decode()
    whole = flat(" ".join(pdf_text(client.get(file_url(helped)).content)))
    for citizen_id in (AN_CITIZEN_ID, HOA_CITIZEN_ID):
        masked = MASK + citizen_id[-4:]
        assert masked in html and masked in whole
        assert citizen_id not in html and citizen_id not in whole
    # They read the details the page shows them (classification, reviews).
    assert "Hộ nghèo" in whole and "Rà soát định kỳ năm 2025" in whole


def test_officer_sees_full_ids_as_on_the_page(client_for, officer, helped):
    client = client_for(officer)
    html = client.get(page_url(helped)).content.decode()
    whole = flat(" ".join(pdf_text(client.get(file_url(helped)).content)))
    assert AN_CITIZEN_ID in html and AN_CITIZEN_ID in whole


@pytest.mark.parametrize(
    ("name", "status"),
    [("quarter_head_kp2", 404), ("outsider", 404), ("org_member", 403), (None, 302)],
)
def test_refused_outside_scope(client_for, persona, helped, name, status):
    user = persona(name) if name else None
    assert client_for(user).get(file_url(helped)).status_code == status


def test_download_is_in_the_access_log(client_for, leader, helped):
    client_for(leader).get(file_url(helped))
    log = AccessLog.objects.get(action=AccessLog.Action.DOWNLOAD_REPORT)
    assert log.user == leader and log.household_id == helped.pk
    assert log.detail == {"report": "ho-so-ho", "format": "pdf"}


def test_button_on_the_household_page(client_for, persona, hh_kp1):
    url = file_url(hh_kp1)
    for who in ("officer", "leader", "quarter_head_kp1"):
        assert url in client_for(persona(who)).get(page_url(hh_kp1)).content.decode(), who
    org_page = client_for(persona("org_member")).get(page_url(hh_kp1))
    assert org_page.status_code == 200 and url not in org_page.content.decode()


def test_a_bare_household_prints(client_for, officer, hh_kp2, font_warnings):
    """No review, no support, no helper: the sections say so."""
    whole = flat(" ".join(pdf_text(client_for(officer).get(file_url(hh_kp2)).content)))
    assert "Đặng Thị Bình" in whole
    assert "Hộ chưa có phiếu rà soát nào." in whole
    assert "Chưa ghi nhận khoản hỗ trợ nào cho hộ này." in whole
    assert "Chưa có cán bộ, đảng viên nào được phân công giúp đỡ hộ này." in whole
    assert font_warnings == []


def test_queries_do_not_grow_with_the_household(
    client_for, officer, helped, areas, django_assert_max_num_queries
):
    client = client_for(officer)
    url = file_url(helped)
    client.get(url)  # warm the caches (content types, settings)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for number in range(6):
        MemberFactory(household=helped, full_name=f"Nguyễn Văn Con {number}")
        spend(officer, areas.commune, 100_000, dt.date(2026, 11, 26), household=helped)
        make_loan(officer, helped, amount=1_000_000 + number)
    assignment = Assignment.objects.get(household=helped)
    for number in range(8):
        SupportLog.objects.create(
            assignment=assignment,
            happened_on=dt.date(2026, 5, 1 + number),
            kind=SupportLog.Kind.VISIT,
            recorded_by=officer,
        )
    assert len(small) <= 25
    with django_assert_max_num_queries(len(small)):
        assert client.get(url).status_code == 200
