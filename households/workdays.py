"""Working days for the public-posting period (weekends and public holidays skipped)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection


def is_working_day(day: dt.date, holidays: Collection[dt.date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_working_days(start: dt.date, days: int, holidays: Collection[dt.date]) -> dt.date:
    """The last day of a period of ``days`` working days that begins on ``start``.

    ``start`` counts as the first day when it is a working day; otherwise the period
    begins on the next working day. ``add_working_days(thursday, 3, ())`` is the
    following Monday.
    """
    if days < 1:
        raise ValueError("days must be at least 1")
    day = start
    while not is_working_day(day, holidays):
        day += dt.timedelta(days=1)
    counted = 1
    while counted < days:
        day += dt.timedelta(days=1)
        if is_working_day(day, holidays):
            counted += 1
    return day
