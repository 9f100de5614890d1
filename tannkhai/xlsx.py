"""The one Excel writer: every export and report goes through ``XlsxExport``.

It writes user text as text. openpyxl stores any string that starts with ``=`` as a
formula, so a household named ``=HYPERLINK("http://…","…")`` would be exported as a
live link, and a spreadsheet treats ``+``, ``-``, ``@``, tab and carriage return as
the start of a formula too. Such strings get a leading apostrophe, are typed as
text and carry the "quote prefix" style, so neither the file nor a later edit in
Excel evaluates them. Characters XML cannot carry are dropped instead of failing
the export. A test fails when openpyxl is used anywhere else in the application.

It also writes import templates (drop-down lists, an instructions sheet) and reads
uploaded workbooks (values only; formulas, merged cells and encrypted files refused).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
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
from openpyxl.utils.cell import column_index_from_string
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


# ---------------------------------------------------------------------------
# Import templates and the reader of uploaded workbooks
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TemplateColumn:
    """A column of an import template: its header, width, the list its cells are chosen
    from (a drop-down, or none) and what the instructions sheet says about it."""

    header: str
    width: float = 16
    choices: tuple[str, ...] = ()
    required: bool = False
    meaning: str = ""
    format: str = ""
    text: bool = False  # typed as text (codes, citizen IDs, phone numbers keep leading 0s)
    # False: a value outside the list only warns (a cell may hold several, or "x").
    strict: bool = True


class XlsxTemplate:
    """An import template: a data sheet with bold headers, drop-down lists (data
    validation against a hidden sheet of lists) and an instructions sheet.

    >>> book = XlsxTemplate(data_title="Dữ liệu", columns=[...], rows=500)
    >>> book.instructions(title="HƯỚNG DẪN", headers=[...], lines=[...])
    >>> return book.response(filename="mau-nhap")
    """

    def __init__(
        self,
        *,
        data_title: str,
        columns: Sequence[TemplateColumn],
        rows: int = 2000,
        examples: Sequence[Sequence[Any]] = (),
        lists_title: str = "Danh mục",
        choice_error: str = "",
    ) -> None:
        from openpyxl.worksheet.datavalidation import DataValidation

        self.workbook = Workbook()
        sheet = self.workbook.active
        assert sheet is not None
        sheet.title = _sheet_title(data_title)
        self.sheet = sheet
        self.columns = list(columns)
        lists = self.workbook.create_sheet(_sheet_title(lists_title))
        lists.sheet_state = "hidden"
        bold = Font(bold=True)
        wrap = Alignment(horizontal="center", vertical="center", wrap_text=True)
        list_column = 0
        last = rows + 1
        for index, column in enumerate(self.columns, start=1):
            letter = get_column_letter(index)
            cell = sheet.cell(row=1, column=index)
            _write(cell, column.header + (" *" if column.required else ""))
            cell.font = bold
            cell.alignment = wrap
            cell.border = BOX
            sheet.column_dimensions[letter].width = column.width
            if column.text:
                # Text cells: Excel keeps the leading zero of a citizen ID or a phone.
                for row in range(2, last + 1):
                    sheet.cell(row=row, column=index).number_format = "@"
            if column.choices:
                list_column += 1
                list_letter = get_column_letter(list_column)
                _write(lists.cell(row=1, column=list_column), column.header)
                for offset, choice in enumerate(column.choices, start=2):
                    _write(lists.cell(row=offset, column=list_column), choice)
                end = len(column.choices) + 1
                validation = DataValidation(
                    type="list",
                    formula1=f"'{lists.title}'!${list_letter}$2:${list_letter}${end}",
                    allow_blank=True,
                    showErrorMessage=True,
                    errorStyle="stop" if column.strict else "warning",
                    errorTitle=column.header[:32],
                    error=choice_error or None,
                )
                validation.add(f"{letter}2:{letter}{last}")
                sheet.add_data_validation(validation)
        for offset, values in enumerate(examples, start=2):
            for index, value in enumerate(values, start=1):
                _write(sheet.cell(row=offset, column=index), value)
        sheet.freeze_panes = "A2"

    def instructions(
        self,
        *,
        title: str,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        notes: Sequence[str] = (),
    ) -> None:
        """A second sheet: a title, general notes, then a table (one line per column)."""
        sheet = self.workbook.create_sheet(_sheet_title(title), 1)
        cell = sheet.cell(row=1, column=1)
        _write(cell, title)
        cell.font = Font(bold=True, size=13)
        row = 2
        for note in notes:
            _write(sheet.cell(row=row, column=1), note)
            row += 1
        row += 1
        for index, header in enumerate(headers, start=1):
            cell = sheet.cell(row=row, column=index)
            _write(cell, header)
            cell.font = Font(bold=True)
            cell.border = BOX
        for values in rows:
            row += 1
            for index, value in enumerate(values, start=1):
                cell = sheet.cell(row=row, column=index)
                _write(cell, value)
                cell.border = BOX
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        for index, width in enumerate((24, 12, 60, 40), start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width

    def save(self, stream: Any) -> None:
        self.workbook.save(stream)

    def response(self, *, filename: str) -> HttpResponse:
        response = HttpResponse(content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{stamped(filename)}.xlsx"'
        response["Cache-Control"] = "no-store, private"
        self.save(response)
        return response


class UnreadableFile(Exception):
    """An uploaded workbook that cannot be read; the message says why, for the user."""


@dataclass
class SheetTable:
    """The first sheet of an uploaded workbook: its header texts and its data rows, each
    with its row number in the sheet. Values are ``str`` (NFC), ``int``, ``float``,
    ``bool``, ``datetime.datetime`` (cells formatted as dates) or ``None``."""

    headers: list[str]
    rows: list[tuple[int, list[Any]]]


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")
_CELL_REF = re.compile(r"([A-Z]+)(\d+)")


def _clean_text(value: str) -> str:
    """A cell's text as the import reads it: NFC, without the control characters a
    worksheet cannot hold."""
    return unicodedata.normalize("NFC", ILLEGAL_CHARACTERS_RE.sub("", value))


def read_table(
    data: bytes,
    *,
    max_rows: int,
    is_header: Callable[[list[str]], bool],
    messages: Mapping[str, str],
) -> SheetTable:
    """Read the first sheet of an .xlsx file: values only, no formulas, no merged cells.

    The sheet's XML is parsed directly (ElementTree, streamed) rather than through
    openpyxl's reader, which is several times slower on a file of 40,000 rows; openpyxl
    still decides which number formats are dates. ``is_header`` picks the header row
    among the first ten non-empty rows. ``messages`` holds the user's texts by key:
    ``not_xlsx``, ``encrypted``, ``empty``, ``formula``, ``merged``, ``too_many``,
    ``no_header`` (the last two take ``%(limit)s`` / nothing).
    """
    from xml.etree.ElementTree import ParseError, iterparse

    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
    from openpyxl.utils.datetime import from_excel

    if data.startswith(_OLE):
        raise UnreadableFile(messages["encrypted" if _ENCRYPTED in data else "not_xlsx"])
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        sheet_path = _first_sheet_path(archive, names)
    except (zipfile.BadZipFile, KeyError, ParseError, ValueError) as exc:
        raise UnreadableFile(messages["not_xlsx"]) from exc
    try:
        shared = _shared_strings(archive, names, iterparse)
        date_styles = _date_styles(archive, names, BUILTIN_FORMATS, is_date_format)
        rows: list[tuple[int, list[Any]]] = []
        headers: list[str] | None = None
        skipped = 0
        with archive.open(sheet_path) as stream:
            for _event, element in iterparse(stream):
                tag = element.tag
                if tag == _MAIN + "row":
                    values = _row_values(element, shared, date_styles, from_excel, messages)
                    number = int(element.get("r") or len(rows) + skipped + 1)
                    element.clear()
                    if not any(v not in (None, "") for v in values):
                        skipped += 1
                        continue
                    if headers is None:
                        texts = [str(v).strip() if v is not None else "" for v in values]
                        if is_header(texts):
                            headers = texts
                        elif skipped + len(rows) > 10:
                            raise UnreadableFile(messages["no_header"])
                        else:
                            skipped += 1
                        continue
                    rows.append((number, values))
                    if len(rows) > max_rows:
                        raise UnreadableFile(messages["too_many"] % {"limit": max_rows})
                elif tag == _MAIN + "mergeCell":
                    raise UnreadableFile(messages["merged"])
    except (zipfile.BadZipFile, KeyError, ParseError, ValueError, EOFError) as exc:
        raise UnreadableFile(messages["not_xlsx"]) from exc
    if headers is None:
        raise UnreadableFile(messages["empty" if not skipped else "no_header"])
    if not rows:
        raise UnreadableFile(messages["empty"])
    return SheetTable(headers=headers, rows=rows)


def _first_sheet_path(archive: zipfile.ZipFile, names: set[str]) -> str:
    from xml.etree.ElementTree import fromstring

    workbook = fromstring(archive.read("xl/workbook.xml"))
    sheet = workbook.find(f"{_MAIN}sheets/{_MAIN}sheet")
    if sheet is None:
        raise ValueError("no sheet")
    rel_id = sheet.get(_REL + "id")
    rels = fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    for rel in rels.iter(_PKG_REL + "Relationship"):
        if rel.get("Id") == rel_id:
            target = rel.get("Target") or ""
            path = target.lstrip("/") if target.startswith("/") else "xl/" + target
            if path in names:
                return path
    raise ValueError("sheet not found")


def _shared_strings(archive: zipfile.ZipFile, names: set[str], iterparse: Any) -> list[str]:
    shared: list[str] = []
    if "xl/sharedStrings.xml" not in names:
        return shared
    with archive.open("xl/sharedStrings.xml") as stream:
        for _event, element in iterparse(stream):
            if element.tag == _MAIN + "si":
                # Rich text: the runs' texts; phonetic hints (rPh) are not part of it.
                parts = [t.text or "" for t in element.iter(_MAIN + "t")]
                for ruby in element.iter(_MAIN + "rPh"):
                    for t in ruby.iter(_MAIN + "t"):
                        if t.text:
                            parts.remove(t.text)
                # Cleaned once here, not in every cell that refers to it.
                shared.append(_clean_text("".join(parts)))
                element.clear()
    return shared


def _date_styles(
    archive: zipfile.ZipFile, names: set[str], builtin: Mapping[int, str], is_date: Any
) -> set[int]:
    """Indexes of the cell styles whose number format is a date."""
    from xml.etree.ElementTree import fromstring

    if "xl/styles.xml" not in names:
        return set()
    styles = fromstring(archive.read("xl/styles.xml"))
    formats = dict(builtin)
    for fmt in styles.iter(_MAIN + "numFmt"):
        formats[int(fmt.get("numFmtId") or 0)] = fmt.get("formatCode") or ""
    xfs = styles.find(_MAIN + "cellXfs")
    dates: set[int] = set()
    if xfs is not None:
        for index, xf in enumerate(xfs.findall(_MAIN + "xf")):
            code = formats.get(int(xf.get("numFmtId") or 0), "")
            if code and is_date(code):
                dates.add(index)
    return dates


def _row_values(
    row: Any, shared: list[str], date_styles: set[int], from_excel: Any, messages: Mapping[str, str]
) -> list[Any]:
    values: list[Any] = []
    for position, cell in enumerate(row.iter(_MAIN + "c")):
        ref = cell.get("r")
        match = _CELL_REF.match(ref) if ref else None
        # openpyxl's conversion is cached: each column's letters are converted once.
        index = column_index_from_string(match.group(1)) - 1 if match else position
        if cell.find(_MAIN + "f") is not None:
            raise UnreadableFile(messages["formula"] % {"cell": ref or ""})
        kind = cell.get("t", "n")
        raw = cell.find(_MAIN + "v")
        text = raw.text if raw is not None else None
        value: Any
        if kind == "inlineStr":
            node = cell.find(_MAIN + "is")
            value = (
                "".join(t.text or "" for t in node.iter(_MAIN + "t")) if node is not None else ""
            )
        elif text is None:
            value = None
        elif kind == "s":
            value = shared[int(text)]
        elif kind in ("str", "e"):
            value = text
        elif kind == "b":
            value = text == "1"
        elif kind == "d":
            value = dt.datetime.fromisoformat(text)
        else:
            number = float(text)
            if int(cell.get("s") or 0) in date_styles:
                value = from_excel(number)
            else:
                value = int(number) if number.is_integer() else number
        if isinstance(value, str) and kind != "s":  # shared strings: cleaned when read
            value = _clean_text(value)
        values.extend([None] * (index - len(values)))
        values.append(value)
    return values
