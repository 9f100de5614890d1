"""A quarter head opens the campaign, downloads the results template (its households
already listed), fills the survey results, uploads, sees the classification in the
preview and confirms: the reviews are classified drafts."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from households.reviews import services as svc
from households.reviews.models import Review
from tests.browser.conftest import login, screenshot
from tests.factories import PASSWORD


def test_quarter_head_imports_review_results(
    reference_data: None,
    live_server: object,
    desktop_page: object,
    officer,
    quarter_head_kp1,
    areas,
    hh_kp1,
    hh_kp2,
    tmp_path: Path,
) -> None:
    campaign = svc.campaign_create(user=officer, commune=areas.commune, kind="periodic", year=2025)
    svc.campaign_add_household(user=officer, campaign=campaign, household=hh_kp1)
    svc.campaign_add_household(user=officer, campaign=campaign, household=hh_kp2)
    base = live_server.url  # type: ignore[attr-defined]
    page = desktop_page
    login(page, base, quarter_head_kp1.username, PASSWORD)
    page.goto(f"{base}/ra-soat/{campaign.pk}/")  # type: ignore[attr-defined]
    page.get_by_role("link", name="Nhập kết quả từ Excel").click()  # type: ignore[attr-defined]
    page.wait_for_url(re.compile(rf"/ra-soat/{campaign.pk}/nhap-excel/$"))  # type: ignore[attr-defined]
    with page.expect_download() as info:  # type: ignore[attr-defined]
        page.get_by_role("link", name="Tải tệp mẫu").click()  # type: ignore[attr-defined]
    book = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()))
    sheet = book.worksheets[0]
    headers = [str(c.value).rstrip(" *") for c in sheet[1]]
    assert sheet["A2"].value == "KP1-001" and not sheet["A3"].value  # Khu phố 1 only
    sheet.cell(
        row=2, column=headers.index("Thu nhập bình quân (đồng/người/tháng)") + 1
    ).value = "1.200.000"
    for code in ("CS1", "CS4", "CS9"):
        sheet.cell(row=2, column=headers.index(code) + 1).value = "x"
    sheet.cell(row=2, column=headers.index("Nguyên nhân nghèo") + 1).value = "Thiếu lao động"
    # A household of Khu phố 2, out of the quarter head's scope.
    sheet["A3"] = "KP2-001"
    sheet.cell(
        row=3, column=headers.index("Thu nhập bình quân (đồng/người/tháng)") + 1
    ).value = 900000
    filled = tmp_path / "ket-qua-kp1.xlsx"
    book.save(filled)

    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(str(filled))  # type: ignore[attr-defined]
    page.get_by_role("button", name="Tải lên và xem trước").click()  # type: ignore[attr-defined]
    page.wait_for_url(re.compile(rf"/ra-soat/{campaign.pk}/nhap-excel/[0-9a-f-]+/$"))  # type: ignore[attr-defined]
    first = page.locator('#import-rows tr[data-row="2"]')  # type: ignore[attr-defined]
    assert first.get_attribute("data-status") == "update"
    assert "Hộ nghèo" in first.inner_text()
    second = page.locator('#import-rows tr[data-row="3"]')  # type: ignore[attr-defined]
    assert second.get_attribute("data-status") == "error"
    assert "ngoài phạm vi của bạn" in second.inner_text()
    screenshot(page, "import-results-preview")

    page.get_by_label("Bỏ qua các dòng lỗi").check()  # type: ignore[attr-defined]
    page.get_by_role("button", name="Xác nhận ghi").click()  # type: ignore[attr-defined]
    page.wait_for_selector('#import-status[data-status="done"]')  # type: ignore[attr-defined]
    assert "1 dòng cập nhật" in page.locator("main").inner_text()  # type: ignore[attr-defined]
    review = Review.objects.get(campaign=campaign, household=hh_kp1)
    assert (review.result, review.status, review.deprived_codes) == (
        "poor",
        "draft",
        ["1", "4", "9"],
    )
    assert Review.objects.get(campaign=campaign, household=hh_kp2).result == ""


pytestmark = pytest.mark.browser
