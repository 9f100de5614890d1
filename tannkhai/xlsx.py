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
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

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
    """One sheet: a title, an optional subtitle, a bordered header row and the rows.

    >>> export = XlsxExport(sheet_title="Danh sách", title="DANH SÁCH", columns=[...])
    >>> export.append([...])
    >>> return export.response(filename="danh-sach")
    """

    def __init__(
        self,
        *,
        sheet_title: str,
        columns: Sequence[Column],
        title: str = "",
        subtitle: str = "",
    ) -> None:
        self.workbook = Workbook()
        sheet = self.workbook.active
        assert sheet is not None
        self.sheet = sheet
        self.sheet.title = _sheet_title(sheet_title)
        self.columns = list(columns)
        row = 1
        if title:
            self._row([title], row)
            self.sheet.cell(row=row, column=1).font = Font(bold=True, size=13)
            row += 1
        if subtitle:
            self._row([subtitle], row)
            row += 1
        if title or subtitle:
            row += 1
        self._row([c.header for c in self.columns], row)
        thin = Side(style="thin")
        for index in range(1, len(self.columns) + 1):
            cell = self.sheet.cell(row=row, column=index)
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
        for index, column in enumerate(self.columns, start=1):
            self.sheet.column_dimensions[get_column_letter(index)].width = column.width
        self.header_row = row
        self.next_row = row + 1
        self.sheet.freeze_panes = f"A{self.next_row}"

    def _row(self, values: Iterable[Any], row: int) -> None:
        for index, value in enumerate(values, start=1):
            _write(self.sheet.cell(row=row, column=index), value)

    def append(self, values: Sequence[Any]) -> None:
        self._row(values, self.next_row)
        self.next_row += 1

    def response(self, *, filename: str) -> HttpResponse:
        """An attachment named ``<filename>-<YYYYmmdd-HHMM>.xlsx``, never cached."""
        response = HttpResponse(content_type=XLSX)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        safe_name = "".join(ch for ch in filename if ch.isascii() and (ch.isalnum() or ch in "-_"))
        response["Content-Disposition"] = f'attachment; filename="{safe_name}-{stamp}.xlsx"'
        response["Cache-Control"] = "no-store, private"
        self.workbook.save(response)
        return response


def _sheet_title(title: str) -> str:
    # Excel: at most 31 characters, none of []:*?/\
    cleaned = "".join(ch for ch in title if ch not in "[]:*?/\\")
    return (cleaned or "Sheet")[:31]
