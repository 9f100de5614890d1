"""The one Excel writer: every export and report goes through ``XlsxExport``.

It writes user text as text. openpyxl stores any string that starts with ``=`` as a
formula, so a household named ``=HYPERLINK("http://…","…")`` would be exported as a
live link, and a spreadsheet treats ``+``, ``-``, ``@``, tab and carriage return as
the start of a formula too. Such strings get a leading apostrophe, are typed as
text and carry the "quote prefix" style, so neither the file nor a later edit in
Excel evaluates them. Characters XML cannot carry are dropped instead of failing
the export. A test fails when openpyxl is used anywhere else in the application.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# What a spreadsheet reads as the start of a formula (OWASP "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    header: str
    width: float = 12


def safe_text(value: str) -> tuple[str, bool]:
    """``value`` without XML-illegal characters, neutralised when it could be read as a
    formula; the flag says whether it was."""
    text = ILLEGAL_CHARACTERS_RE.sub("", value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text, True
    return text, False


def _write(cell: Cell, value: Any) -> None:
    if isinstance(value, str):
        text, neutralised = safe_text(value)
        cell.value = text
        # Set after the value: openpyxl guesses the type from the string.
        cell.data_type = "s"
        if neutralised:
            cell.quotePrefix = True  # type: ignore[attr-defined]
    else:
        cell.value = value


class XlsxExport:
    """One sheet: a title, an optional subtitle, a bordered header row and the rows,
    streamed (openpyxl's write-only mode): rows go to a temporary file as they are
    appended, so a list of 100,000 households takes as little memory as one of ten.

    >>> export = XlsxExport(sheet_title="Danh sách", title="DANH SÁCH", columns=[...])
    >>> export.append([...])
    >>> return export.response(filename="danh-sach")   # or export.save(stream)
    """

    def __init__(
        self,
        *,
        sheet_title: str,
        columns: Sequence[Column],
        title: str = "",
        subtitle: str = "",
    ) -> None:
        self.workbook = Workbook(write_only=True)
        self.sheet = self.workbook.create_sheet(_sheet_title(sheet_title))
        self.columns = list(columns)
        # Widths, frozen rows and print titles go before the first row is written.
        for index, column in enumerate(self.columns, start=1):
            self.sheet.column_dimensions[get_column_letter(index)].width = column.width
        header_row = (
            1 + (1 if title else 0) + (1 if subtitle else 0) + (1 if title or subtitle else 0)
        )
        self.header_row = header_row
        self.sheet.freeze_panes = f"A{header_row + 1}"
        self.sheet.print_title_rows = f"{header_row}:{header_row}"
        if title:
            self.sheet.append([self._cell(title, font=Font(bold=True, size=13))])
        if subtitle:
            self.sheet.append([self._cell(subtitle)])
        if title or subtitle:
            self.sheet.append([])
        bold = Font(bold=True)
        centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.sheet.append(
            [self._cell(c.header, font=bold, alignment=centred, border=BOX) for c in self.columns]
        )

    def _cell(self, value: Any, **style: Any) -> Cell:
        cell = WriteOnlyCell(self.sheet)
        _write(cell, value)
        for name, setting in style.items():
            setattr(cell, name, setting)
        return cell

    def append(self, values: Sequence[Any]) -> None:
        """One row. Text that could be read as a formula is neutralised (a styled
        cell); everything else is written as a plain value, which is what keeps a long
        list close to a bare write-only save."""
        row: list[Any] = []
        for value in values:
            if isinstance(value, str):
                text, neutralised = safe_text(value)
                row.append(self._cell(value) if neutralised else text)
            else:
                row.append(value)
        self.sheet.append(row)

    def save(self, stream: Any) -> None:
        """Write the workbook to ``stream`` (a file, a path or a response); once."""
        self.workbook.save(stream)

    def response(self, *, filename: str) -> HttpResponse:
        """An attachment named ``<filename>-<YYYYmmdd-HHMM>.xlsx``, never cached."""
        response = HttpResponse(content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{stamped(filename)}.xlsx"'
        response["Cache-Control"] = "no-store, private"
        self.save(response)
        return response


def stamped(filename: str) -> str:
    """``<filename>-<YYYYmmdd-HHMM>``, ASCII letters, digits, ``-`` and ``_`` only."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    safe_name = "".join(ch for ch in filename if ch.isascii() and (ch.isalnum() or ch in "-_"))
    return f"{safe_name or 'tep'}-{stamp}"


# Whole numbers and đồng: thousands grouped (shown with the reader's separator, "." in a
# Vietnamese Excel); per cent: one decimal.
NUMBER_FORMATS = {"int": "#,##0", "money": "#,##0", "percent": "0.0"}
THIN = Side(style="thin")
BOX = Border(top=THIN, bottom=THIN, left=THIN, right=THIN)


@dataclass(frozen=True)
class ReportColumn:
    """A report column: its kind (text, int, money, percent, center) and width."""

    header: str
    kind: str = "text"
    width: float = 12


@dataclass(frozen=True)
class HeaderSpan:
    text: str
    colspan: int = 1
    rowspan: int = 1


class XlsxReport:
    """A workbook of report tables, one per sheet, formatted for printing.

    Each sheet has merged title rows, grouped header rows (merged cells), column
    widths, whole numbers and đồng with thousands grouped, frozen header rows, the
    header rows repeated on every printed page, A4 fitted to the page width (landscape
    for wide tables) and a bordered grid.

    >>> book = XlsxReport()
    >>> sheet = book.sheet(title="Kết quả", columns=[...], title_rows=["BÁO CÁO …"])
    >>> sheet.append([...])
    >>> return book.response(filename="bao-cao")
    """

    def __init__(self) -> None:
        self.workbook = Workbook()
        self._first = True

    def sheet(
        self,
        *,
        title: str,
        columns: Sequence[ReportColumn],
        title_rows: Sequence[str] = (),
        header_rows: Sequence[Sequence[HeaderSpan]] | None = None,
        landscape: bool = False,
    ) -> XlsxReportSheet:
        if self._first:
            sheet = self.workbook.active
            assert sheet is not None
            sheet.title = _sheet_title(title)
            self._first = False
        else:
            sheet = self.workbook.create_sheet(_sheet_title(title))
        return XlsxReportSheet(
            sheet,
            columns=list(columns),
            title_rows=list(title_rows),
            header_rows=[list(r) for r in header_rows]
            if header_rows
            else [[HeaderSpan(c.header) for c in columns]],
            landscape=landscape,
        )

    def response(self, *, filename: str) -> HttpResponse:
        response = HttpResponse(content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{stamped(filename)}.xlsx"'
        response["Cache-Control"] = "no-store, private"
        self.workbook.save(response)
        return response


class XlsxReportSheet:
    def __init__(
        self,
        sheet: Worksheet,
        *,
        columns: list[ReportColumn],
        title_rows: list[str],
        header_rows: list[list[HeaderSpan]],
        landscape: bool,
    ) -> None:
        self.sheet = sheet
        self.columns = columns
        width = max(len(columns), 1)
        row = 1
        for index, text in enumerate(title_rows):
            cell = sheet.cell(row=row, column=1)
            _write(cell, text)
            cell.font = Font(bold=index == 0, size=13 if index == 0 else 11)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            if width > 1:
                sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
            row += 1
        if title_rows:
            row += 1
        first_header = row
        # Place the grouped header cells, skipping cells covered by a rowspan above.
        taken: set[tuple[int, int]] = set()
        for spans in header_rows:
            column = 1
            for span in spans:
                while (row, column) in taken:
                    column += 1
                cell = sheet.cell(row=row, column=column)
                _write(cell, span.text)
                last_row, last_col = row + span.rowspan - 1, column + span.colspan - 1
                for r in range(row, last_row + 1):
                    for c in range(column, last_col + 1):
                        taken.add((r, c))
                if last_row > row or last_col > column:
                    sheet.merge_cells(
                        start_row=row, start_column=column, end_row=last_row, end_column=last_col
                    )
                column = last_col + 1
            row += 1
        for r in range(first_header, row):
            for c in range(1, width + 1):
                cell = sheet.cell(row=r, column=c)
                cell.font = Font(bold=True)
                cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
                cell.border = BOX
        for index, column_spec in enumerate(columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = column_spec.width
        self.header_first, self.header_last = first_header, row - 1
        self.next_row = row
        sheet.freeze_panes = f"A{row}"
        sheet.print_title_rows = f"{first_header}:{row - 1}"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.orientation = "landscape" if landscape else "portrait"
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.print_options.horizontalCentered = True

    def append(self, values: Sequence[Any], *, bold: bool = False) -> None:
        row = self.next_row
        for index, value in enumerate(values, start=1):
            cell = self.sheet.cell(row=row, column=index)
            kind = self.columns[index - 1].kind if index <= len(self.columns) else "text"
            if kind == "percent" and value is not None and not isinstance(value, str):
                value = float(value)
            _write(cell, value)
            cell.border = BOX
            if kind in NUMBER_FORMATS and not isinstance(value, str):
                # A rate in a column of counts (a report's "rate" row) keeps its decimal.
                fractional = isinstance(value, Decimal) and value != value.to_integral_value()
                cell.number_format = "0.0" if fractional else NUMBER_FORMATS[kind]
            elif kind == "center":
                cell.alignment = Alignment(horizontal="center")
            else:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            if bold:
                cell.font = Font(bold=True)
        self.next_row += 1

    def note(self, text: str) -> None:
        """A line under the table (a note, a source), merged across its width."""
        row = self.next_row
        cell = self.sheet.cell(row=row, column=1)
        _write(cell, text)
        cell.font = Font(italic=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if len(self.columns) > 1:
            self.sheet.merge_cells(
                start_row=row, start_column=1, end_row=row, end_column=len(self.columns)
            )
        self.next_row += 1


def _sheet_title(title: str) -> str:
    # Excel: at most 31 characters, none of []:*?/\
    cleaned = "".join(ch for ch in title if ch not in "[]:*?/\\")
    return (cleaned or "Sheet")[:31]


def bare_write_only(rows: Iterable[Sequence[Any]], stream: Any) -> None:
    """The benchmarks' baseline: the same rows through a bare openpyxl write-only workbook
    (no formats, no neutralising) — what the formatted writers are measured against."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in rows:
        sheet.append(list(row))
    book.save(stream)
