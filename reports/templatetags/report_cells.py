"""How a report's values read on paper and on screen (Vietnamese number style)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from tannkhai.formatting import format_number

register = template.Library()


@register.filter
def cell(value: Any, kind: str = "text") -> str:
    """``1500000`` → ``1.500.000``; per cent ``Decimal("12.5")`` → ``12,5``; None → empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, int | Decimal | float) and kind == "percent":
        return f"{Decimal(str(value)):.1f}".replace(".", ",")
    if isinstance(value, int | Decimal | float) and kind in ("int", "money"):
        return format_number(value)
    return str(value)


@register.filter
def zipcols(row: list[Any], columns: list[Any]) -> list[tuple[Any, Any]]:
    return list(zip(row, columns, strict=False))
