import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tannkhai.formatting import fold, format_date, format_number, format_vnd, mask_citizen_id
from tannkhai.templatetags import fmt


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (360000000, "360.000.000 đ"),
        (14904000, "14.904.000 đ"),
        (1500000, "1.500.000 đ"),
        (999, "999 đ"),
        (0, "0 đ"),
        (-80000000, "-80.000.000 đ"),
        (None, ""),
    ],
)
def test_format_vnd(value, expected):
    assert format_vnd(value) == expected


def test_format_number_uses_dot_thousands_separator():
    assert format_number(2056) == "2.056"
    assert format_number(None) == ""


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(2024, 3, 5), "05/03/2024"),
        (dt.date(2025, 12, 31), "31/12/2025"),
        (None, ""),
    ],
)
def test_format_date(value, expected):
    assert format_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Nguyễn Văn Ân", "nguyen van an"),
        ("NGUYỄN VĂN ÂN", "nguyen van an"),
        ("Đặng", "dang"),
        ("đặng thị bình", "dang thi binh"),
        ("  Lê   Thị\tHoa  ", "le thi hoa"),
        ("Ơ Đu", "o du"),
        ("KP1-001", "kp1-001"),
        ("", ""),
        (None, ""),
    ],
)
def test_fold(value, expected):
    assert fold(value) == expected


def test_fold_is_the_same_for_composed_and_decomposed_input():
    import unicodedata

    name = "Nguyễn Văn Ân"
    assert fold(unicodedata.normalize("NFD", name)) == fold(unicodedata.normalize("NFC", name))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("070080001234", "••••••••1234"),
        ("001099012345", "••••••••2345"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_citizen_id(value, expected):
    assert mask_citizen_id(value) == expected


def test_template_filters():
    assert fmt.vnd(360000000) == "360.000.000 đ"
    assert fmt.num(602) == "602"
    assert fmt.vndate(dt.date(2024, 3, 5)) == "05/03/2024"
    assert fmt.masked("070080001234") == "••••••••1234"


def test_vndate_shows_an_aware_datetime_in_local_time():
    # 17:30 UTC is 00:30 the next day in Asia/Ho_Chi_Minh (UTC+7).
    moment = dt.datetime(2024, 3, 4, 17, 30, tzinfo=ZoneInfo("UTC"))
    assert fmt.vndate(moment) == "05/03/2024 00:30"
