"""The renderers on their own (no database): A4 and landscape, header rows repeated on
every page, page numbers from page 2, the draft watermark, and the workbook's print
setup (merged titles, grouped headers, frozen header rows, print titles, fit to width,
whole numbers with thousands grouped)."""

from __future__ import annotations

import datetime as dt
import io
import logging
from typing import Any

from openpyxl import load_workbook
from pypdf import PdfReader

from reports.builders.common import household_list_table
from reports.document import Column, DocumentMeta, Report, Signature, Table
from reports.render import pdf_bytes, workbook

A4 = (595, 842)


def rows(n: int) -> list[dict[str, object]]:
    return [
        {
            "household__head_name": f"Nguyễn Thị Ánh Tuyết {i}",
            "household__head_birth_year": 1960 + i % 40,
            "household__head__sex": "female" if i % 2 else "male",
            "household__ethnicity__name": "Xtiêng",
            "household__code": f"KP1-{i:03d}",
            "quarter__name": "Khu phố 1",
            "transition": "continuing_poor",
            "result": "poor",
            "household__is_ethnic_minority": True,
            "household__no_labour_capacity": False,
            "household__person_of_merit": i % 3 == 0,
            "members_count": 4,
            "certificate_number": "",
        }
        for i in range(n)
    ]


def report(*, landscape: bool, draft: bool = False, n: int = 70) -> Report:
    meta = DocumentMeta(
        issuing_body="ỦY BAN NHÂN DÂN XÃ TÂN KHAI",
        superior_body="",
        place="Tân Khai, ngày 05 tháng 3 năm 2026",
        date=dt.date(2026, 3, 5),
        year=2026,
        number="/BC-UBND",
        doc_type="BÁO CÁO",
        summary="Danh sách hộ nghèo",
        recipients=["Lưu: VT."],
        signature=Signature("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn Ấn"),
        draft=draft,
    )
    result = Report(key="t", title="Danh sách hộ nghèo", meta=meta, landscape=landscape)
    result.add_table(household_list_table(rows(n)))
    return result


def test_pdf_portrait_a4_headers_repeated_and_numbered_from_page_2(font_warnings):
    reader = PdfReader(io.BytesIO(pdf_bytes(report(landscape=False))))
    assert len(reader.pages) >= 2
    box = reader.pages[0].mediabox
    assert (round(box.width), round(box.height)) == A4
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        lines = [line.strip() for line in text.splitlines()]
        assert "Họ và tên chủ hộ" in text  # the header rows on every page
        assert (str(number) in lines) == (number > 1)
    assert font_warnings == []


def test_pdf_landscape_for_wide_tables():
    page = PdfReader(io.BytesIO(pdf_bytes(report(landscape=True, n=3)))).pages[0]
    assert (round(page.mediabox.width), round(page.mediabox.height)) == A4[::-1]


def test_draft_watermark():
    text = PdfReader(io.BytesIO(pdf_bytes(report(landscape=False, draft=True, n=3)))).pages[0]
    assert "DỰ THẢO" in text.extract_text()


def test_workbook_print_setup():
    book = load_workbook(io.BytesIO(save(report(landscape=True, n=5))))
    sheet = book.active
    assert sheet["A1"].value == "ỦY BAN NHÂN DÂN XÃ TÂN KHAI"
    assert sheet["A2"].value == "DANH SÁCH HỘ NGHÈO"
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert "A1:K1" in merged and "A2:K2" in merged
    # Grouped header: "Năm sinh" over Nam / Nữ, STT across both header rows.
    assert "C4:D4" in merged and "A4:A5" in merged
    assert sheet.freeze_panes == "A6"
    assert sheet.print_title_rows == "$4:$5"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
    assert sheet["K6"].value == 4 and sheet["K6"].number_format == "#,##0"
    assert sheet.column_dimensions["B"].width == 21


def test_workbook_money_and_formula_like_text():
    result = Report(key="t", title="Kinh phí")
    table = Table(columns=[Column("Nội dung", "text", 30), Column("Kinh phí", "money", 14)])
    table.rows = [["=HYPERLINK(1)", 360_000_000]]
    result.add_table(table)
    sheet = load_workbook(io.BytesIO(save(result))).active
    data = [row for row in sheet.iter_rows(values_only=True) if row[1] == 360_000_000]
    assert data and data[0][0] == "'=HYPERLINK(1)"


def save(result: Report) -> bytes:
    stream = io.BytesIO()
    workbook(result).workbook.save(stream)
    return stream.getvalue()


def test_user_agent_sheet_drops_only_the_universal_pseudo_elements(caplog: Any) -> None:
    """The trimmed user-agent sheet (a long list's speed) still has every rule a document
    uses; WeasyPrint still reads it through the hook we override."""
    from weasyprint import HTML

    from reports.render import _document_class, user_agent_css

    text = user_agent_css()
    assert "::footnote" not in text and "::note" not in text
    assert "li::marker {" in text and "\n::marker" not in text
    assert "td, th, td[hidden], th[hidden] { display: table-cell }" in text
    assert "b, strong, th { font-weight: bold }" in text
    # The override is effective only while WeasyPrint asks for its sheets this way.
    assert callable(getattr(HTML, "_ua_stylesheets", None))
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        _document_class.cache_clear()
        document = _document_class()(string="<ol><li><b>x</b></li></ol>")
        assert document._ua_stylesheets() != HTML(string="<p>x</p>")._ua_stylesheets()
        assert document.render().write_pdf().startswith(b"%PDF")
    assert not [r for r in caplog.records if r.name.startswith("weasyprint")]


def test_rendering_restores_the_collector_thresholds() -> None:
    import gc

    from tannkhai.collector import few_collections

    before = gc.get_threshold()
    with few_collections():
        with few_collections():
            assert gc.get_threshold()[0] > before[0]
        assert gc.get_threshold()[0] > before[0]
    assert gc.get_threshold() == before
    pdf_bytes(report(landscape=True, n=3))
    assert gc.get_threshold() == before
