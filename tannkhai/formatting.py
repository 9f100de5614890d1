"""Vietnamese formatting and text normalisation shared by views, reports and search."""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from decimal import Decimal

_SPACES = re.compile(r"\s+")


def format_number(value: int | Decimal | float | None) -> str:
    """``1500000`` → ``"1.500.000"``; ``Decimal("65.50")`` → ``"65,5"`` (Vietnamese style)."""
    if value is None:
        return ""
    if not isinstance(value, int):
        number = Decimal(str(value))
        if number != number.to_integral_value():
            sign = "-" if number < 0 else ""
            whole, _dot, frac = f"{abs(number):f}".partition(".")
            frac = frac.rstrip("0")
            return f"{sign}{int(whole):,}".replace(",", ".") + (f",{frac}" if frac else "")
        value = int(number)
    sign = "-" if value < 0 else ""
    return sign + f"{abs(int(value)):,}".replace(",", ".")


def format_vnd(value: int | None) -> str:
    """Whole đồng: ``360000000`` → ``"360.000.000 đ"``."""
    if value is None:
        return ""
    return f"{format_number(value)} đ"


def format_date(value: dt.date | None) -> str:
    """``date(2024, 3, 5)`` → ``"05/03/2024"``."""
    if value is None:
        return ""
    return value.strftime("%d/%m/%Y")


def fold(text: str | None) -> str:
    """Lower-case text without diacritics, with single spaces, for search.

    ``"Nguyễn Văn Ân"`` → ``"nguyen van an"``; ``đ``/``Đ`` fold to ``d`` (it is a
    letter of its own in Unicode, not a ``d`` with a combining mark).
    """
    if not text:
        return ""
    return _fold(text)


@functools.lru_cache(maxsize=16384)
def _fold(text: str) -> str:
    # Cached: the same names, quarters and words are folded again and again (an import
    # of 40,000 rows folds its few dozen quarter names 40,000 times).
    if text.isascii():
        return _SPACES.sub(" ", text.casefold()).strip()
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.casefold()).strip()


MASK_CHAR = "•"


def mask_citizen_id(value: str | None) -> str:
    """Show only the last four characters: ``"070123456789"`` → ``"••••••••6789"``.

    Also for health-insurance numbers. Who sees what is ``tannkhai.privacy``'s job.
    """
    if not value:
        return ""
    value = str(value)
    if len(value) <= 4:
        return MASK_CHAR * len(value)
    return MASK_CHAR * (len(value) - 4) + value[-4:]
