"""Excel import: every kind of bad row is shown with its column and a reason, and the
values a spreadsheet carries (dates, numbers, decomposed text, yes/no) are read."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from households.models import Member
from tests.conftest import AN_CITIZEN_ID, BINH_CITIZEN_ID, CUONG_CITIZEN_ID
from tests.households.imports import errors, household_rows, previewed, row, statuses

pytestmark = pytest.mark.django_db


def only(officer, rows):
    return previewed(officer, rows)


def test_a_good_household_is_new_on_every_row(officer, areas):
    batch = only(officer, household_rows())
    assert statuses(batch) == ["new", "new", "new"]
    assert (batch.new_count, batch.rejected_count) == (3, 0)
    assert batch.preview[0]["l"] == "Trần Văn Nam"
    assert batch.preview[0]["i"] == "••••••••9001"  # masked in the preview


def test_a_citizen_id_of_the_wrong_form(officer, areas):
    rows = household_rows()
    rows[1][6] = "07018300900"  # 11 digits as text
    rows[2][6] = "999180009003"  # not a province code
    batch = only(officer, rows)
    assert ("Số CCCD", "Số CCCD/định danh cá nhân phải gồm đúng 12 chữ số.") in errors(batch, 3)
    assert any("mã tỉnh" in m for c, m in errors(batch, 4) if c == "Số CCCD")
    # The household is skipped whole: its good row says why.
    assert statuses(batch) == ["error"] * 3
    assert "cả hộ không được ghi" in errors(batch, 2)[0][1]


def test_a_citizen_id_typed_as_a_number_gets_its_leading_zero(officer, areas):
    rows = household_rows()
    rows[0][6] = 70080009001  # Excel dropped the 0
    assert statuses(only(officer, rows)) == ["new"] * 3


def test_the_same_citizen_id_twice_in_the_file(officer, areas):
    rows = household_rows() + household_rows(code="KP1-101")
    rows[3][6] = "070080009001"
    batch = only(officer, rows)
    message = "Số CCCD xuất hiện nhiều lần trong tệp (dòng 2, 5)."
    assert ("Số CCCD", message) in errors(batch, 2)
    assert ("Số CCCD", message) in errors(batch, 5)


def test_a_citizen_id_held_in_another_household(officer, quarter_head_kp1, hh_kp1, hh_kp2):
    rows = household_rows()
    rows[0][6] = AN_CITIZEN_ID  # Nguyễn Văn Ân of KP1-001
    batch = only(officer, rows)
    assert ("Số CCCD", "Số CCCD này đã thuộc thành viên của hộ KP1-001.") in errors(batch, 2)
    # A quarter head is not told which household of another quarter holds it.
    rows = household_rows()
    rows[1][6] = BINH_CITIZEN_ID
    rows[1][4] = "1975"
    batch = only(quarter_head_kp1, rows)
    [(column, message)] = errors(batch, 3)
    assert column == "Số CCCD"
    assert "KP2-001" not in message and "liên hệ công chức" in message


def test_a_citizen_id_held_in_another_commune_is_not_located(officer, hh_other):
    rows = household_rows()
    rows[0][6] = CUONG_CITIZEN_ID
    assert (
        "Số CCCD",
        "Số CCCD này đã thuộc một người đang cư trú ở xã / phường khác.",
    ) in errors(only(officer, rows), 2)


def test_two_heads_in_a_household(officer, areas):
    rows = household_rows()
    rows[1][2] = "Chủ hộ"
    batch = only(officer, rows)
    message = "Hộ KP1-100 có nhiều dòng là chủ hộ (dòng 2, 3)."
    assert ("Quan hệ với chủ hộ", message) in errors(batch, 2)
    assert ("Quan hệ với chủ hộ", message) in errors(batch, 3)


def test_a_new_household_without_a_head(officer, areas):
    rows = household_rows()[1:]
    assert (
        "Quan hệ với chủ hộ",
        "Hộ mới KP1-100 cần một dòng có quan hệ “Chủ hộ”.",
    ) in errors(only(officer, rows), 2)


def test_rows_of_a_household_that_disagree_on_quarter_or_address(officer, areas):
    rows = household_rows()
    rows[2][7] = "Khu phố 2"
    batch = only(officer, rows)
    assert any(
        c == "Khu phố" and "ghi Khu phố khác nhau (dòng 2, 3, 4)" in m for c, m in errors(batch, 4)
    )
    rows = household_rows()
    rows[1][8] = "7 Lê Lợi"
    batch = only(officer, rows)
    assert any(c == "Địa chỉ" and "khác nhau" in m for c, m in errors(batch, 3))
    # The same address spelled with other case / spaces / decomposed marks agrees.
    rows = household_rows()
    rows[1][8] = unicodedata.normalize("NFD", "5  lê lợi")
    assert statuses(only(officer, rows)) == ["new"] * 3


def test_an_unknown_quarter_and_one_outside_the_scope(officer, quarter_head_kp1, areas):
    batch = only(officer, household_rows(quarter="Khu phố 99"))
    assert ("Khu phố", "Không có khu phố / ấp “Khu phố 99” trong phạm vi của bạn.") in errors(
        batch, 2
    )
    batch = only(quarter_head_kp1, household_rows(quarter="Khu phố 2"))
    assert ("Khu phố", "Khu phố / ấp “Khu phố 2” không thuộc phạm vi của bạn.") in errors(batch, 2)
    # An officer of another commune does not see Tân Khai's quarters at all.


def test_an_empty_required_cell(officer, areas):
    rows = household_rows()
    rows[1][1] = None
    rows[2][7] = None  # the quarter on one row is enough
    batch = only(officer, rows)
    assert ("Họ và tên", "Cột này không được để trống.") in errors(batch, 3)
    assert not [e for e in errors(batch, 4) if e[0] == "Khu phố"]


@pytest.mark.parametrize(
    ("cell", "date", "year"),
    [
        ("05/03/1980", dt.date(1980, 3, 5), 1980),
        ("5/3/1980", dt.date(1980, 3, 5), 1980),
        (dt.datetime(1980, 3, 5), dt.date(1980, 3, 5), 1980),
        (1980, None, 1980),
        ("1980", None, 1980),
    ],
)
def test_birth_as_text_excel_date_or_year(officer, areas, cell, date, year):
    rows = household_rows()
    rows[0][4] = cell
    batch = only(officer, rows)
    assert statuses(batch) == ["new"] * 3, batch.preview
    from households.imports.engine import confirm

    confirm(user=officer, batch=batch, mode="all")
    head = Member.objects.get(citizen_id="070080009001")
    assert (head.date_of_birth, head.birth_year) == (date, year)


@pytest.mark.parametrize("cell", ["31/02/1980", "1980-13-01", "hôm qua", 12.5, "01/01/2990"])
def test_a_bad_birth_date(officer, areas, cell):
    rows = household_rows()
    rows[2][4] = cell
    batch = only(officer, rows)
    assert [c for c, _m in errors(batch, 4)] == ["Ngày sinh"], errors(batch, 4)


def test_a_birth_year_that_contradicts_the_citizen_id(officer, areas):
    rows = household_rows()
    rows[0][4] = "05/03/1981"
    assert ("Số CCCD", "Số CCCD không khớp năm sinh (chữ số thứ 4 đến 6 mã hóa năm sinh).") in (
        errors(only(officer, rows), 2)
    )


def test_decomposed_text_is_stored_composed(officer, areas):
    rows = household_rows()
    rows[0][1] = unicodedata.normalize("NFD", "Trần Văn Nam")
    rows[0][8] = unicodedata.normalize("NFD", "5 Lê Lợi")
    rows[1][8] = "5 Lê Lợi"
    batch = only(officer, rows)
    assert statuses(batch) == ["new"] * 3
    from households.imports.engine import confirm

    confirm(user=officer, batch=batch, mode="all")
    head = Member.objects.get(citizen_id="070080009001")
    assert head.full_name == "Trần Văn Nam" == unicodedata.normalize("NFC", head.full_name)
    assert head.household.address == "5 Lê Lợi"


@pytest.mark.parametrize(
    ("cell", "ok"), [(912345678, True), ("0912 345 678", True), ("12345", False)]
)
def test_phone_numbers(officer, areas, cell, ok):
    rows = household_rows()
    rows[0][9] = cell
    batch = only(officer, rows)
    if ok:
        assert statuses(batch) == ["new"] * 3, batch.preview
    else:
        assert [c for c, _m in errors(batch, 2)] == ["Số điện thoại"]


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("x", True),
        ("có", True),
        ("1", True),
        ("yes", True),
        (1, True),
        ("Không", False),
        ("0", False),
        (None, False),
    ],
)
def test_yes_no(officer, areas, cell, value):
    rows = household_rows()
    rows[0][10] = cell
    batch = only(officer, rows)
    from households.imports.engine import confirm

    confirm(user=officer, batch=batch, mode="all")
    assert Member.objects.get(citizen_id="070080009001").has_health_insurance is value


def test_a_yes_no_that_is_neither(officer, areas):
    rows = household_rows()
    rows[0][10] = "có lẽ"
    assert [c for c, _m in errors(only(officer, rows), 2)] == ["Có thẻ BHYT"]


def test_a_value_not_in_a_list(officer, areas):
    rows = household_rows()
    rows[0][3] = "Không rõ"
    rows[1][5] = "Sao Hỏa"
    batch = only(officer, rows)
    assert errors(batch, 2)[0] == ("Giới tính", "“Không rõ” không có trong danh sách của cột.")
    assert errors(batch, 3)[0][0] == "Dân tộc"


def test_lists_match_without_diacritics_or_case(officer, areas):
    rows = household_rows()
    rows[1][2] = "VO / CHONG"
    rows[1][3] = "nu"
    rows[1][5] = "kinh"
    rows[2][2] = "con trai"
    assert statuses(only(officer, rows)) == ["new"] * 3


def test_an_existing_household_out_of_scope_is_refused(quarter_head_kp1, hh_kp2, areas):
    # Same code as KP2-001, but declared in the quarter head's own quarter.
    rows = household_rows(code="KP2-001")
    batch = only(quarter_head_kp1, rows)
    assert ("Mã hộ", "Mã hộ KP2-001 đã có trong xã, ở địa bàn ngoài phạm vi của bạn.") in errors(
        batch, 2
    )


def test_an_existing_household_in_another_quarter(officer, hh_kp1):
    rows = household_rows(code="KP1-001", quarter="Khu phố 2")
    assert "Chuyển khu phố" in errors(only(officer, rows), 2)[0][1]


def test_changing_the_head_by_import_is_refused(officer, hh_kp1):
    rows = [
        row(
            code="KP1-001",
            name="Lê Thị Hoa",
            relation="Chủ hộ",
            sex="Nữ",
            birth="1982",
            quarter="Khu phố 1",
            cid="070182005678",
        ),
    ]
    batch = only(officer, rows)
    assert errors(batch, 2) == [
        ("Quan hệ với chủ hộ", "Hộ đã có chủ hộ. Dùng “Đổi chủ hộ” để thay chủ hộ.")
    ]
    rows = [
        row(
            code="KP1-001",
            name="Nguyễn Văn Ân",
            relation="Con",
            sex="Nam",
            birth="1980",
            quarter="Khu phố 1",
            cid=AN_CITIZEN_ID,
        ),
    ]
    assert errors(only(officer, rows), 2) == [
        ("Quan hệ với chủ hộ", "Đây là chủ hộ. Dùng “Đổi chủ hộ” để chọn chủ hộ khác.")
    ]
