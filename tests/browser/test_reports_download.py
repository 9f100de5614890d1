"""A leader downloads the signed recognition decision as a PDF; an officer starts an
export too long for one request and watches the worker finish it, then downloads it."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from reports.models import ExportJob
from tests.browser.conftest import login, screenshot
from tests.factories import PASSWORD
from tests.reports.conftest import decided, drafted, settings_with_town  # noqa: F401
from tests.reviews.conftest import campaign  # noqa: F401


def test_leader_downloads_the_decision_pdf(
    reference_data: None,
    live_server: object,
    desktop_page: object,
    decided: object,  # noqa: F811
    leader,
) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    page = desktop_page
    login(page, base, leader.username, PASSWORD)
    decision = decided.decision  # type: ignore[attr-defined]
    page.goto(f"{base}/ra-soat/quyet-dinh/{decision.pk}/")  # type: ignore[attr-defined]
    with page.expect_download() as info:  # type: ignore[attr-defined]
        page.get_by_role("link", name="Quyết định (PDF)").click()  # type: ignore[attr-defined]
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    reader = PdfReader(download.path())
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    assert "QUYẾT ĐỊNH" in text
    assert f"Số: {decision.number}" in text
    assert "Nguyễn Văn Ân" in text
    assert "DỰ THẢO" not in text


def test_officer_starts_a_big_export_and_sees_it_finish(
    reference_data: None,
    live_server: object,
    desktop_page: object,
    households: list[object],
    officer,
    settings,
) -> None:
    settings.BACKGROUND_EXPORT_ROWS = 1  # the three fixtures' households make a "long" list
    base = live_server.url  # type: ignore[attr-defined]
    page = desktop_page
    login(page, base, officer.username, PASSWORD)
    page.goto(f"{base}/ho-gia-dinh/")  # type: ignore[attr-defined]
    page.get_by_role("link", name="Xuất Excel").click()  # type: ignore[attr-defined]
    page.wait_for_url(re.compile(r"/bao-cao/tep/[0-9a-f-]+/$"))  # type: ignore[attr-defined]
    status = page.locator("#job-status")  # type: ignore[attr-defined]
    assert status.get_attribute("data-status") == "queued"
    assert "Đang chờ" in status.inner_text()
    screenshot(page, "export-queued")

    # The worker picks the task up while the page polls (it runs in this thread: the
    # browser and the live server go on by themselves).
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    page.wait_for_selector("#job-download", timeout=30_000)  # type: ignore[attr-defined]
    screenshot(page, "export-done")
    assert page.locator("#job-status").get_attribute("data-status") == "done"  # type: ignore[attr-defined]
    with page.expect_download() as info:  # type: ignore[attr-defined]
        page.locator("#job-download").click()  # type: ignore[attr-defined]
    with open(info.value.path(), "rb") as handle:
        book = load_workbook(io.BytesIO(handle.read()))
    codes = {r[1] for r in book.active.iter_rows(min_row=5, values_only=True) if r[0]}
    assert codes == {"KP1-001", "KP2-001"}
    assert ExportJob.objects.get().downloaded_at is not None

    # Listed under "Tệp của tôi".
    page.goto(f"{base}/bao-cao/tep/")  # type: ignore[attr-defined]
    assert "Danh sách hộ gia đình" in page.locator("main").inner_text()  # type: ignore[attr-defined]


pytestmark = pytest.mark.browser
