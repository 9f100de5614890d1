"""The Fund for the Poor's public disclosure (BẢNG CÔNG KHAI, PDF and Excel): the year's
opening balance, donations, spending and closing balance — the public list page's book,
households named as that page names them; who may print it, a year without a book, the
access log, the download buttons, no font warnings, a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from funding.loans.models import PoorFund
from funding.loans.selectors import ledger_years
from reports.builders.funding import disclosure_day
from tannkhai.formatting import format_date
from tannkhai.models import AccessLog
from tests.factories import HeadFactory, HouseholdFactory
from tests.funding_loans.conftest import LEDGER, PUBLIC, donate, spend
from tests.reports.conftest import flat, pdf_text, xlsx_rows

pytestmark = pytest.mark.django_db

D = dt.date
YEAR = 2025


def url(fund: PoorFund, fmt: str = "pdf", year: int = YEAR) -> str:
    return reverse("reports:fund_disclosure", args=[fund.pk, year, fmt])


@pytest.fixture
def book(officer, areas, settings_with_town, hh_kp1, hh_kp2) -> PoorFund:
    """Tân Khai's Fund: 10.000.000 đ on 1/1/2025, a donation of 5.000.000 đ, spending to
    both quarters' households (one with a purpose the public list does not show) and
    for a stated purpose: 9.000.000 đ at the end of 2025."""
    fund = PoorFund.objects.create(
        commune=areas.commune, opened_on=D(2025, 1, 1), opening_balance=10_000_000
    )
    donate(officer, areas.commune, 5_000_000, D(2025, 2, 1), donor="Công ty TNHH Cao su Tân Khai")
    spend(
        officer,
        areas.commune,
        1_000_000,
        D(2025, 3, 1),
        household=hh_kp1,
        purpose="Hỗ trợ chữa bệnh tim",
    )
    spend(officer, areas.commune, 2_000_000, D(2025, 3, 2), household=hh_kp2)
    spend(officer, areas.commune, 3_000_000, D(2025, 3, 3), purpose="Quà Tết")
    return fund


def test_pdf_official_frame_and_figures(client_for, officer, book, font_warnings):
    response = client_for(officer).get(url(book))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    whole = flat(" ".join(pdf_text(response.content)))
    # The Fund's Ban vận động (of the Fatherland Front) issues and signs it.
    assert "ỦY BAN NHÂN DÂN XÃ TÂN KHAI" not in whole
    for text in (
        "ỦY BAN MTTQ VIỆT NAM XÃ TÂN KHAI",
        "BAN VẬN ĐỘNG QUỸ “VÌ NGƯỜI NGHÈO”",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Tân Khai, ngày 31 tháng 12 năm 2025",
        "BẢNG CÔNG KHAI",
        "Thu, chi Quỹ “Vì người nghèo” năm 2025",
        "Số liệu đến ngày 31/12/2025.",
        "Số dư đầu năm 2025 10.000.000",
        "Tổng thu trong năm 5.000.000",
        "Tổng chi trong năm 6.000.000",
        "Số dư cuối kỳ 9.000.000",
        "1 Công ty TNHH Cao su Tân Khai 01/02/2025 BL-01 5.000.000",
        "1 Nguyễn Văn Ân Khu phố 1 01/03/2025 01/QĐ 1.000.000",
        "2 Đặng Thị Bình Khu phố 2 02/03/2025 01/QĐ 2.000.000",
        "3 Quà Tết 03/03/2025 01/QĐ 3.000.000",
        "TM. BAN VẬN ĐỘNG QUỸ “VÌ NGƯỜI NGHÈO” TRƯỞNG BAN",
        "Nơi nhận:",
    ):
        assert text in whole, text
    # No document number on a posted disclosure.
    assert "Số:" not in whole
    assert font_warnings == []


def test_excel_one_sheet_per_table(client_for, leader, book):
    response = client_for(leader).get(url(book, "xlsx"))
    assert response.status_code == 200
    sheets = xlsx_rows(response.content)
    assert list(sheets) == ["Tổng hợp", "Các khoản ủng hộ", "Các khoản chi"]
    summary = {row[0]: row[1] for row in sheets["Tổng hợp"] if isinstance(row[1], int)}
    assert summary == {
        "Số dư đầu năm 2025": 10_000_000,
        "Tổng thu trong năm": 5_000_000,
        "Tổng chi trong năm": 6_000_000,
        "Số dư cuối kỳ": 9_000_000,
    }
    spent = [row for row in sheets["Các khoản chi"] if isinstance(row[0], int)]
    assert [(r[1], r[2], r[5]) for r in spent] == [
        ("Nguyễn Văn Ân", "Khu phố 1", 1_000_000),
        ("Đặng Thị Bình", "Khu phố 2", 2_000_000),
        ("Quà Tết", None, 3_000_000),
    ]
    assert sheets["Các khoản chi"][-1][-1] == 6_000_000
    assert sheets["Các khoản ủng hộ"][-1][-1] == 5_000_000


@pytest.mark.parametrize("who", ["officer", "leader", "quarter_head_kp1", "admin_user"])
def test_same_book_and_names_as_the_public_page(client_for, persona, who, book, areas):
    """Every reader gets the public list's figures and names: households by head name and
    quarter only (a quarter head too sees the other quarter's, as on the page), never a
    household code, a citizen ID or the purpose of a household's spending."""
    client = client_for(persona(who))
    page = client.get(PUBLIC, {"year": YEAR, "commune": areas.commune.pk})
    assert page.status_code == 200
    shown = page.context["book"]
    html = page.content.decode()
    sheets = xlsx_rows(client.get(url(book, "xlsx")).content)
    figures = [row[1] for row in sheets["Tổng hợp"] if isinstance(row[1], int)]
    assert figures == [shown.opening, shown.total_in, shown.total_out, shown.closing]
    spent = [row for row in sheets["Các khoản chi"] if isinstance(row[0], int)]
    page_rows = [
        (
            e.record.household.head_name if e.record.household else e.record.purpose,
            e.record.household.quarter.name if e.record.household else None,
            e.amount,
        )
        for e in shown.spendings
    ]
    assert [(r[1], r[2], r[5]) for r in spent] == page_rows
    for name, quarter, _amount in page_rows:
        assert name in html and (quarter is None or quarter in html)
    donated = [row for row in sheets["Các khoản ủng hộ"] if isinstance(row[0], int)]
    assert [(r[1], r[4]) for r in donated] == [
        (e.record.donor_name, e.amount) for e in shown.donations
    ]
    whole = flat(" ".join(pdf_text(client.get(url(book)).content)))
    for hidden in ("KP1-001", "KP2-001", "chữa bệnh tim", "070080001234"):
        assert hidden not in whole and hidden not in html, hidden


@pytest.mark.parametrize(("name", "status"), [("outsider", 404), ("org_member", 403), (None, 302)])
def test_refused_outside_scope(client_for, persona, book, name, status):
    user = persona(name) if name else None
    assert client_for(user).get(url(book)).status_code == status
    assert client_for(user).get(url(book, "xlsx")).status_code == status


def test_outsider_prints_their_own_fund(client_for, outsider, areas, book):
    other = PoorFund.objects.create(
        commune=areas.other_commune, opened_on=D(2025, 1, 1), opening_balance=7_000_000
    )
    response = client_for(outsider).get(url(other, "xlsx"))
    assert response.status_code == 200
    assert sheets_closing(response.content) == 7_000_000


def sheets_closing(content: bytes) -> int:
    rows = xlsx_rows(content)["Tổng hợp"]
    return next(row[1] for row in rows if row[0] == "Số dư cuối kỳ")  # type: ignore[return-value]


@pytest.mark.parametrize("year", [2024, 2099])
def test_year_without_a_book_gets_a_message(client_for, officer, book, year):
    response = client_for(officer).get(url(book, year=year))
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    last = ledger_years(book)[-1]
    assert (
        f"Không có sổ Quỹ Vì người nghèo năm {year}: sổ của Tân Khai ghi từ năm 2025 đến năm "
        f"{last}." in response.content.decode()
    )
    assert not AccessLog.objects.filter(action=AccessLog.Action.DOWNLOAD_REPORT).exists()


def test_unknown_format_is_404(client_for, officer, book):
    assert client_for(officer).get(url(book, "doc")).status_code == 404


def test_a_later_year_carries_the_balance(client_for, officer, book, areas):
    """2026 opens with 2025's closing balance; while it runs, it is dated today."""
    spend(officer, areas.commune, 500_000, D(2026, 1, 15), purpose="Thăm hộ nghèo")
    whole = flat(" ".join(pdf_text(client_for(officer).get(url(book, year=2026)).content)))
    assert f"Số liệu đến ngày {format_date(disclosure_day(2026))}." in whole
    assert "Số dư đầu năm 2026 9.000.000" in whole
    assert "Số dư cuối kỳ 8.500.000" in whole
    assert "Năm 2026 không có khoản ủng hộ nào." in whole


def test_every_download_is_logged(client_for, quarter_head_kp1, book):
    client_for(quarter_head_kp1).get(url(book, "xlsx"))
    log = AccessLog.objects.get(action=AccessLog.Action.DOWNLOAD_REPORT)
    assert log.user == quarter_head_kp1
    assert log.detail["report"] == "cong-khai-quy" and log.detail["format"] == "xlsx"
    assert log.detail["parameters"] == {"Xã / phường": "Tân Khai", "Năm": "2025"}


def test_download_buttons_on_the_public_page_and_the_ledger(client_for, officer, book, areas):
    client = client_for(officer)
    for page in (PUBLIC, LEDGER):
        html = client.get(page, {"year": YEAR, "commune": areas.commune.pk}).content.decode()
        assert url(book, "pdf") in html and url(book, "xlsx") in html, page


def test_queries_do_not_grow_with_the_book(
    client_for, officer, book, areas, django_assert_max_num_queries
):
    client = client_for(officer)
    client.get(url(book))  # warm the caches
    with CaptureQueriesContext(connection) as small:
        assert client.get(url(book)).status_code == 200
    for number in range(10):
        household = HouseholdFactory(
            quarter=areas.kp2, code=f"KP2-1{number:02d}", head=HeadFactory()
        )
        spend(officer, areas.commune, 10_000, D(2025, 6, 1 + number), household=household)
        donate(
            officer, areas.commune, 20_000, D(2025, 5, 1 + number), donor=f"Nhà hảo tâm {number}"
        )
    assert len(small) <= 20
    with django_assert_max_num_queries(len(small)):
        assert client.get(url(book)).status_code == 200
