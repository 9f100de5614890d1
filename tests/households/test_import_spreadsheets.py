"""Files as spreadsheet programs write them: the import template opened, filled and saved
in LibreOffice Calc, and a CSV (decomposed diacritics, citizen IDs and phones left as
numbers, dates as dates) opened in Calc with the Vietnamese locale and saved as .xlsx.
Both files were made once with ``soffice --headless --convert-to xlsx`` from the rows of
``household_rows()`` and are kept under ``files/``."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest
from openpyxl import load_workbook

from households.imports import engine
from households.imports.models import ImportBatch
from households.models import Household
from tests.households.imports import upload

pytestmark = pytest.mark.django_db

FILES = Path(__file__).parent / "files"


@pytest.mark.parametrize("name", ["calc-template.xlsx", "calc-csv.xlsx"])
def test_a_file_saved_by_calc_imports_as_typed(officer, areas, name):
    data = (FILES / name).read_bytes()
    batch = engine.upload(user=officer, kind="households", file=upload(data, name))
    assert batch.status == ImportBatch.Status.PREVIEWED, batch.error
    assert (batch.new_count, batch.rejected_count) == (3, 0), batch.preview
    done = engine.confirm(user=officer, batch=batch, mode="all")
    assert done.status == ImportBatch.Status.DONE
    household = Household.objects.get(code="KP1-100")
    head = household.head
    assert head is not None
    # The leading zeros a number cell loses come back; the text is NFC.
    assert head.citizen_id == "070080009001" and household.phone == "0912345678"
    assert head.date_of_birth == dt.date(1980, 3, 5)
    assert head.full_name == "Trần Văn Nam"
    assert unicodedata.is_normalized("NFC", head.full_name)
    assert household.quarter == areas.kp1


def test_calc_keeps_the_template_lists_and_instructions():
    book = load_workbook(FILES / "calc-template.xlsx")
    data, instructions, lists = book.worksheets
    assert lists.sheet_state == "hidden" and instructions.max_row > 5
    validated = {
        str(v.sqref).split(":")[0].rstrip("0123456789")
        for v in data.data_validations.dataValidation
    }
    # Relation, sex, ethnicity, quarter, yes/no columns… keep their drop-down lists.
    assert {"C", "D", "F", "H", "K"} <= validated
