"""Progress rules: % achieved, expected progress to date and status. Pure functions."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# "behind" is for a year still running (or to come); a finished year that missed its
# target is "not_achieved" ("Không đạt").
Status = Literal["achieved", "on_track", "behind", "not_achieved", "no_target", "no_data"]
ONE_PLACE = Decimal("0.1")

# What each status reads, on the dashboard and in the progress report alike.
STATUS_LABELS: dict[str, Promise] = {
    "achieved": _("Đã đạt"),
    "on_track": _("Đúng tiến độ"),
    "behind": _("Chậm"),
    "not_achieved": pgettext_lazy("progress status", "Không đạt"),
    "no_target": _("Không giao chỉ tiêu"),
    "no_data": _("Chưa có số liệu"),
}


def year_fraction(year: int, today: dt.date) -> Decimal:
    """Share of ``year`` elapsed by ``today``: 0 before it, 1 after it."""
    if today.year < year:
        return Decimal(0)
    if today.year > year:
        return Decimal(1)
    start = dt.date(year, 1, 1)
    days = (dt.date(year + 1, 1, 1) - start).days
    return Decimal((today - start).days + 1) / Decimal(days)


def expected_to_date(
    *, target: Decimal | None, kind: str, year: int, today: dt.date
) -> Decimal | None:
    """What should be reached by today: pro rata within the year for flows."""
    if target is None:
        return None
    if kind == "flow":
        return (target * year_fraction(year, today)).quantize(ONE_PLACE, ROUND_HALF_UP)
    return target


def percent_achieved(
    *, result: Decimal | None, target: Decimal | None, direction: str
) -> Decimal | None:
    if result is None or target is None:
        return None
    if direction == "lower":
        # Reaching 0 % poverty when the target is 0 % is 100 % achieved.
        if result <= target:
            return Decimal(100)
        if result == 0:
            return Decimal(100)
        return (target * 100 / result).quantize(ONE_PLACE, ROUND_HALF_UP)
    if target == 0:
        return Decimal(100)
    return (result * 100 / target).quantize(ONE_PLACE, ROUND_HALF_UP)


def status_of(
    *,
    result: Decimal | None,
    target: Decimal | None,
    expected: Decimal | None,
    direction: str,
    kind: str,
    year: int,
    today: dt.date,
) -> Status:
    if target is None:
        return "no_target"
    if result is None:
        return "no_data"
    finished = year < today.year
    if direction == "lower":
        if result <= target:
            return "achieved"
        if finished:
            return "not_achieved"
        return "on_track" if year > today.year else "behind"
    if result >= target:
        return "achieved"
    if finished:
        return "not_achieved"
    if kind == "flow" and expected is not None and year == today.year:
        return "on_track" if result >= expected else "behind"
    if year > today.year:
        return "on_track"
    return "behind"
