"""Excel import: the files refused whole (with a clear message, nothing written), the
header matching, and the downloadable template."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from households.imports import engine
from households.imports.models import ImportBatch
from households.models import Household
from tests.households.imports import HEADERS, household_rows, previewed, upload, workbook

pytestmark = pytest.mark.django_db


def refused(officer, data: bytes, name: str = "ho.xlsx") -> str:
    before = Household.objects.count()
    batch = engine.upload(user=officer, kind="households", file=upload(data, name))
    assert batch.status == ImportBatch.Status.INVALID
    assert Household.objects.count() == before
    return batch.error


def test_a_csv_renamed_xlsx_is_refused(officer):
    csv = ",".join(HEADERS).encode() + b"\nKP1-100,Tran Van Nam,Chu ho\n"
    assert "không phải là tệp Excel .xlsx" in refused(officer, csv)


def test_an_encrypted_workbook_is_refused(officer):
    # An encrypted .xlsx is an OLE compound file holding an EncryptionInfo stream.
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 200 + "EncryptionInfo".encode("utf-16-le")
    assert "đặt mật khẩu" in refused(officer, ole + b"\0" * 300)


def test_an_old_xls_file_is_refused_as_not_xlsx(officer):
    assert "không phải là tệp Excel .xlsx" in refused(
        officer, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500
    )


def test_an_empty_workbook_is_refused(officer):
    assert "không có dòng dữ liệu" in refused(officer, workbook([], headers=[]))
    assert "không có dòng dữ liệu" in refused(officer, workbook([]))


def test_an_empty_upload_is_refused(officer):
    with pytest.raises(engine.ImportRefused):
        engine.upload(user=officer, kind="households", file=upload(b""))


def test_a_missing_required_header_is_named(officer):
    headers = [h for h in HEADERS if h != "Khu phố"]
    rows = [
        [v for h, v in zip(HEADERS, r, strict=True) if h != "Khu phố"] for r in household_rows()
    ]
    assert refused(officer, workbook(rows, headers=headers)) == "Tệp thiếu cột bắt buộc: Khu phố."


def test_a_file_over_the_row_limit_is_refused(officer, settings):
    settings.IMPORT_MAX_ROWS = 2
    assert "quá 2 dòng" in refused(officer, workbook(household_rows()))


def test_formulas_are_refused(officer):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for values in household_rows():
        sheet.append(values)
    sheet["B3"] = '=CONCATENATE("Lý ","Thị Mai")'
    stream = io.BytesIO()
    book.save(stream)
    assert "Ô B3 chứa công thức" in refused(officer, stream.getvalue())


def test_merged_cells_are_refused(officer):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for values in household_rows():
        sheet.append(values)
    sheet.merge_cells("A2:A4")
    stream = io.BytesIO()
    book.save(stream)
    assert "ô gộp" in refused(officer, stream.getvalue())


def test_headers_match_ignoring_case_diacritics_spacing_and_order(officer, areas):
    headers = [
        "  MA HO ",
        "ho  va TEN",
        "quan he voi chu ho",
        "khu pho",
        "Ghi chú riêng",
        "giới tính",
    ]
    order = [0, 1, 2, 7, None, 3]
    rows = [[r[i] if i is not None else "bỏ qua" for i in order] for r in household_rows()]
    # Birth is missing here: the rows are read, and each says what it lacks.
    batch = previewed(officer, rows, headers=headers)
    assert batch.status == ImportBatch.Status.PREVIEWED
    assert [r["k"] for r in batch.preview] == ["KP1-100"] * 3
    assert batch.preview[0]["e"][0] == ["Ngày sinh", "Hãy nhập ngày sinh hoặc ít nhất năm sinh."]


def test_the_template_has_headers_lists_and_instructions(officer, areas, client_for):
    response = client_for(officer).get("/ho-gia-dinh/nhap-excel/mau/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="mau-nhap-ho-gia-dinh-')
    book = load_workbook(io.BytesIO(response.content))
    data = book.worksheets[0]
    headers = [c.value for c in data[1]]
    assert headers[:3] == ["Mã hộ *", "Họ và tên *", "Quan hệ với chủ hộ *"]
    assert "Khu phố *" in headers and "Số CCCD" in headers and "Ngày sinh" in headers
    lists = book["Danh mục"]
    assert lists.sheet_state == "hidden"
    values = {c for row in lists.iter_rows(values_only=True) for c in row if c}
    assert {"Khu phố 1", "Khu phố 2", "Chủ hộ", "Nam", "Nữ", "Có", "Không"} <= values
    assert "Khu phố 9" not in values  # another commune's quarter
    validated = {str(v.sqref).split(":")[0][0] for v in data.data_validations.dataValidation}
    letter = {h.rstrip(" *"): chr(65 + i) for i, h in enumerate(headers)}
    for column in ("Khu phố", "Dân tộc", "Giới tính", "Quan hệ với chủ hộ", "Có thẻ BHYT"):
        assert letter[column] in validated, column
    guide = book["Hướng dẫn"]
    text = " ".join(str(c) for row in guide.iter_rows(values_only=True) for c in row if c)
    assert "dd/mm/yyyy" in text and "12 chữ số" in text and "Bắt buộc" in text


def test_a_quarter_heads_template_lists_their_quarter_only(quarter_head_kp1, client_for):
    book = load_workbook(
        io.BytesIO(client_for(quarter_head_kp1).get("/ho-gia-dinh/nhap-excel/mau/").content)
    )
    values = {c for row in book["Danh mục"].iter_rows(values_only=True) for c in row if c}
    assert "Khu phố 1" in values and "Khu phố 2" not in values


def test_the_filled_template_imports(officer, areas, client_for):
    content = client_for(officer).get("/ho-gia-dinh/nhap-excel/mau/").content
    book = load_workbook(io.BytesIO(content))
    sheet = book.worksheets[0]
    headers = [str(c.value).rstrip(" *") for c in sheet[1]]
    for offset, values in enumerate(household_rows(), start=2):
        by_header = dict(zip(HEADERS, values, strict=True))
        for index, header in enumerate(headers, start=1):
            sheet.cell(row=offset, column=index, value=by_header.get(header))
    stream = io.BytesIO()
    book.save(stream)
    batch = engine.upload(user=officer, kind="households", file=upload(stream.getvalue()))
    assert [r["s"] for r in batch.preview] == ["new"] * 3, (batch.error, batch.preview)
