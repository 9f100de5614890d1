"""The official frame (Nghị định 30/2020/NĐ-CP): date line, number, signature and the
issuing body valid on the document's date."""

from __future__ import annotations

import datetime as dt

import pytest

from households.models import CommuneSettings
from reports import official


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2024, 3, 5), "Tân Khai, ngày 05 tháng 3 năm 2024"),
        (dt.date(2024, 2, 15), "Tân Khai, ngày 15 tháng 02 năm 2024"),
        (dt.date(2024, 1, 9), "Tân Khai, ngày 09 tháng 01 năm 2024"),
        (dt.date(2025, 12, 10), "Tân Khai, ngày 10 tháng 12 năm 2025"),
        (dt.date(2025, 11, 30), "Tân Khai, ngày 30 tháng 11 năm 2025"),
    ],
)
def test_date_line_has_leading_zero_only_where_the_decree_says(day, expected):
    assert official.date_line("Tân Khai", day) == expected


def test_date_line_without_a_day_leaves_the_blanks():
    assert official.date_line("Tân Khai", None, year=2024) == "Tân Khai, ngày … tháng … năm 2024"


def test_number_is_as_typed_or_left_for_the_clerk():
    assert official.document_number("125/QĐ-UBND", official.DECISION) == "125/QĐ-UBND"
    assert official.document_number("", official.PLAN) == "/KH-UBND"
    assert official.document_number(" ", official.REPORT) == "/BC-UBND"


def test_issuing_body_and_signers_follow_the_documents_date(areas, settings_with_town):
    before = official.meta(
        commune=areas.commune,
        day=dt.date(2023, 12, 20),
        year=2023,
        kind=official.REPORT,
        doc_type="BÁO CÁO",
        summary="",
    )
    assert before.issuing_body == "ỦY BAN NHÂN DÂN THỊ TRẤN TÂN KHAI"
    assert before.superior_body == "UBND HUYỆN HỚN QUẢN"
    assert before.signature is not None
    assert before.signature.name == "Lê Văn Thị Trấn"
    after = official.meta(
        commune=areas.commune,
        day=dt.date(2025, 7, 1),
        year=2025,
        kind=official.REPORT,
        doc_type="BÁO CÁO",
        summary="",
    )
    assert after.issuing_body == "ỦY BAN NHÂN DÂN XÃ TÂN KHAI"
    assert after.superior_body == ""


def test_chairman_signs_on_behalf_vice_chairman_for_the_chairman(areas, settings_with_town):
    day = dt.date(2026, 1, 5)
    chairman = official.signature(areas.commune, day)
    assert (chairman.on_behalf, chairman.title, chairman.name) == (
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "Trương Văn Lãnh Đạo",
    )
    vice = official.signature(areas.commune, day, who=official.VICE_CHAIRMAN)
    assert (vice.on_behalf, vice.title, vice.name) == (
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Phạm Thị Phó",
    )
    assert official.signature_for_title("Phó Chủ tịch", "A").on_behalf == "KT. CHỦ TỊCH"


def test_a_placeholder_name_is_left_blank(areas, settings_with_town):
    CommuneSettings.objects.filter(commune=areas.commune).update(chairman_is_placeholder=True)
    assert official.signature(areas.commune, dt.date(2026, 1, 5)).name == ""
