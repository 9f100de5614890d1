"""The renderers: one report (plain data) → PDF (WeasyPrint), Excel (``tannkhai.xlsx``)
or the screen preview. None of them computes a figure."""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import Any

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from reports.document import Report, Table
from tannkhai.collector import few_collections
from tannkhai.xlsx import HeaderSpan, ReportColumn, XlsxReport

PDF = "application/pdf"
logger = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def _stylesheet() -> Any:
    """The print stylesheet with its fonts, loaded once per process (font loading is
    the slow part of a small document)."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    path = finders.find("reports/print.css")
    if not path or isinstance(path, list):
        raise RuntimeError("static/reports/print.css is missing")
    fonts = FontConfiguration()
    return CSS(filename=str(path), font_config=fonts), fonts


# A table of at most this many rows is kept on one page when it fits (a summary of a few
# lines split over two pages reads worse than the space left above it). A longer table
# starts right under its heading and runs over the pages with its header repeated: kept
# whole, it would leave the first page with the header and title only.
SHORT_TABLE = 5


def column_widths_css(report: Report) -> str:
    """Each table's column widths in per cent of the text width (a fixed table layout is
    what keeps a long list fast); the template carries no inline style."""
    rules: list[str] = []
    for index, table in enumerate(report.tables):
        table.css_class = f"t{index}"
        if len(table.rows) <= SHORT_TABLE:
            rules.append(f".t{index} {{ break-inside: avoid; }}")
        total = sum(c.width for c in table.columns) or 1
        for number, column in enumerate(table.columns, start=1):
            share = round(column.width * 100 / total, 2)
            rules.append(f".t{index} col:nth-child({number}) {{ width: {share}%; }}")
    return "\n".join(rules)


def user_agent_css() -> str:
    """WeasyPrint's user-agent stylesheet without the rules our documents never use: the
    footnote and note pseudo-elements, and the list marker scoped to list items. As
    shipped, the sheet gives these to *every* element, so that each cell of a long list
    carried six pseudo-elements through the cascade (≈ 12 % of a 1,000-row list).
    Everything else is kept as it is."""
    from importlib.resources import files

    from weasyprint import css

    universal = re.compile(r"^::(footnote|note)-[a-z-]+ \{.*\}$")
    lines = (files(css) / "html5_ua.css").read_text("utf-8").splitlines()
    kept = "\n".join(line for line in lines if not universal.match(line))
    return kept.replace("\n::marker {", "\nli::marker {")


@lru_cache(maxsize=1)
def _document_class() -> Any:
    """WeasyPrint's ``HTML`` reading :func:`user_agent_css` as its user-agent sheet."""
    from weasyprint import CSS, HTML
    from weasyprint.css.counters import CounterStyle

    # Its @counter-style rules go to a store of their own: WeasyPrint's store already
    # holds them from its own sheet and warns when they are defined twice.
    sheet = CSS(string=user_agent_css(), counter_style=CounterStyle())

    class OfficialHTML(HTML):  # type: ignore[misc]
        def _ua_stylesheets(self, forms: bool = False) -> list[Any]:
            return [sheet]

    return OfficialHTML


def laid_out(report: Report) -> Any:
    """The report laid out in pages (a WeasyPrint document: its boxes say where each
    piece of text stands)."""
    from weasyprint import CSS

    widths = CSS(string=column_widths_css(report))
    html = render_to_string("reports/pdf/document.html", {"report": report, "pdf": True})
    stylesheet, fonts = _stylesheet()
    document = _document_class()(string=html, base_url=str(finders.find("reports/print.css")))
    with few_collections():
        return document.render(stylesheets=[stylesheet, widths], font_config=fonts)


def pdf_bytes(report: Report) -> bytes:
    with few_collections():
        return laid_out(report).write_pdf()  # type: ignore[no-any-return]


def _attachment(content_type: str, filename: str, extension: str) -> HttpResponse:
    response = HttpResponse(content_type=content_type)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    safe = re.sub(r"[^A-Za-z0-9_-]", "", filename) or "bao-cao"
    response["Content-Disposition"] = f'attachment; filename="{safe}-{stamp}.{extension}"'
    response["Cache-Control"] = "no-store, private"
    return response


def pdf_response(report: Report) -> HttpResponse:
    response = _attachment(PDF, report.filename, "pdf")
    response.write(pdf_bytes(report))
    return response


def _title_rows(report: Report, table: Table) -> list[str]:
    rows: list[str] = []
    if report.meta is not None:
        rows.append(report.meta.issuing_body)
    rows.append(report.title.upper())
    if table.caption:
        rows.append(table.caption)
    rows.extend(f"{label}: {value}" for label, value in report.parameters)
    return rows


def workbook(report: Report, *, progress: Any = None) -> XlsxReport:
    """One sheet per table of the report, in order; ``progress.step()`` after each row."""
    book = XlsxReport()
    tables = report.tables
    for index, table in enumerate(tables, start=1):
        title = table.sheet_title or (f"{index}" if len(tables) > 1 else report.title)
        sheet = book.sheet(
            title=title,
            columns=[ReportColumn(c.header, c.kind, c.width) for c in table.columns],
            title_rows=_title_rows(report, table),
            header_rows=[
                [HeaderSpan(h.text, h.colspan, h.rowspan) for h in row] for row in table.header_rows
            ],
            landscape=report.landscape or len(table.columns) > 8,
        )
        for row in table.rows:
            sheet.append(row)
            if progress is not None:
                progress.step()
        if table.totals is not None:
            sheet.append(table.totals, bold=True)
        if index == len(tables):
            for note in report.notes:
                sheet.note(note)
    if not tables:
        sheet = book.sheet(
            title=report.title, columns=[ReportColumn(report.title, width=80)], title_rows=[]
        )
        for block in report.blocks:
            if block.text:
                sheet.append([block.text])
    return book


def xlsx_response(report: Report) -> HttpResponse:
    return workbook(report).response(filename=report.filename)
