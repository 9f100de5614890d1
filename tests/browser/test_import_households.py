"""An officer downloads the import template, fills it, uploads it, sees an error in the
preview, fixes the file, uploads it again and confirms: the households are in the list."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from households.models import Household
from tests.browser.conftest import login, screenshot
from tests.factories import PASSWORD
from tests.households.imports import HEADERS, household_rows


def _fill(template: str, rows: list[list[object]], target: Path) -> None:
    # The download has no extension on disk: open its bytes.
    book = load_workbook(io.BytesIO(Path(template).read_bytes()))
    sheet = book.worksheets[0]
    headers = [str(c.value).rstrip(" *") for c in sheet[1]]
    for offset, values in enumerate(rows, start=2):
        by_header = dict(zip(HEADERS, values, strict=True))
        for index, header in enumerate(headers, start=1):
            sheet.cell(row=offset, column=index, value=by_header.get(header))
    book.save(target)


def test_officer_imports_households_from_the_template(
    reference_data: None, live_server: object, desktop_page: object, officer, tmp_path: Path
) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    page = desktop_page
    login(page, base, officer.username, PASSWORD)
    page.goto(f"{base}/ho-gia-dinh/")  # type: ignore[attr-defined]
    page.get_by_role("link", name="Nhập từ Excel").click()  # type: ignore[attr-defined]
    page.wait_for_url(re.compile(r"/ho-gia-dinh/nhap-excel/$"))  # type: ignore[attr-defined]
    with page.expect_download() as info:  # type: ignore[attr-defined]
        page.get_by_role("link", name="Tải tệp mẫu").click()  # type: ignore[attr-defined]
    template = info.value.path()

    # First try: the child's birth date does not exist.
    rows = household_rows()
    rows[2][4] = "31/02/2015"
    wrong = tmp_path / "ho-moi.xlsx"
    _fill(template, rows, wrong)
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(str(wrong))  # type: ignore[attr-defined]
    page.get_by_role("button", name="Tải lên và xem trước").click()  # type: ignore[attr-defined]
    page.wait_for_url(re.compile(r"/ho-gia-dinh/nhap-excel/[0-9a-f-]+/$"))  # type: ignore[attr-defined]
    error_row = page.locator('#import-rows tr[data-row="4"]')  # type: ignore[attr-defined]
    assert error_row.get_attribute("data-status") == "error"
    assert "Ngày sinh" in error_row.inner_text()
    assert "dd/mm/yyyy" in error_row.inner_text()
    screenshot(page, "import-preview-error")
    assert not Household.objects.filter(code="KP1-100").exists()

    # Fixed and uploaded again: every row is new; confirm.
    rows[2][4] = "28/02/2015"
    fixed = tmp_path / "ho-moi-da-sua.xlsx"
    _fill(template, rows, fixed)
    page.get_by_role("link", name="Tải lên tệp khác").first.click()  # type: ignore[attr-defined]
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(str(fixed))  # type: ignore[attr-defined]
    page.get_by_role("button", name="Tải lên và xem trước").click()  # type: ignore[attr-defined]
    page.wait_for_url(re.compile(r"/ho-gia-dinh/nhap-excel/[0-9a-f-]+/$"))  # type: ignore[attr-defined]
    statuses = page.locator("#import-rows tbody tr").evaluate_all(  # type: ignore[attr-defined]
        "rows => rows.map(r => r.dataset.status)"
    )
    assert statuses == ["new", "new", "new"]
    page.get_by_role("button", name="Xác nhận ghi").click()  # type: ignore[attr-defined]
    page.wait_for_selector('#import-status[data-status="done"]')  # type: ignore[attr-defined]
    assert "Đã nhập: 3 dòng mới" in page.locator("main").inner_text()  # type: ignore[attr-defined]
    screenshot(page, "import-done")
    household = Household.objects.get(code="KP1-100")
    assert household.member_count == 3

    page.goto(f"{base}/ho-gia-dinh/?q=KP1-100")  # type: ignore[attr-defined]
    assert "Trần Văn Nam" in page.locator("main").inner_text()  # type: ignore[attr-defined]


pytestmark = pytest.mark.browser
