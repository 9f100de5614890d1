"""Whole numbers as people type them: Vietnamese grouping, spaces and a trailing currency."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tannkhai.inputs import parse_whole_number


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("1500000", 1_500_000),
        ("1.500.000", 1_500_000),
        ("1 500 000", 1_500_000),
        ("1.500.000 đ", 1_500_000),
        ("1.500.000đ", 1_500_000),
        ("1.500.000 đồng", 1_500_000),
        ("2.000 VNĐ", 2_000),
        ("360.000.000 vnd", 360_000_000),
    ],
)
def test_amounts_are_read_as_typed(typed: str, value: int) -> None:
    assert parse_whole_number(typed) == value


@pytest.mark.parametrize("typed", ["đ", "1,5 đ", "1.50.000", "đ 1.000", "một triệu", "9" * 19])
def test_anything_else_is_a_clear_error(typed: str) -> None:
    with pytest.raises(ValidationError) as exc:
        parse_whole_number(typed)
    assert exc.value.messages[0] in ("Hãy nhập một số nguyên.", "Số quá lớn: hãy kiểm tra lại.")
