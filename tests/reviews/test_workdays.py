"""The 3-working-day posting period: weekends and public holidays are skipped."""

import datetime as dt

import pytest

from households.models import Holiday
from households.reviews import services as svc
from households.workdays import add_working_days, is_working_day

D = dt.date
APRIL_HOLIDAYS = {D(2026, 4, 27), D(2026, 4, 30), D(2026, 5, 1)}


@pytest.mark.parametrize(
    ("start", "holidays", "end"),
    [
        (D(2026, 11, 16), set(), D(2026, 11, 18)),  # Monday → Wednesday
        (D(2026, 11, 19), set(), D(2026, 11, 23)),  # Thursday → Monday
        (D(2026, 11, 20), set(), D(2026, 11, 24)),  # Friday → Tuesday
        (D(2026, 11, 21), set(), D(2026, 11, 25)),  # Saturday: starts Monday → Wednesday
        (D(2026, 11, 22), set(), D(2026, 11, 25)),  # Sunday: starts Monday → Wednesday
        (D(2026, 4, 28), APRIL_HOLIDAYS, D(2026, 5, 4)),  # Tuesday, over 30/4 and 1/5
        (D(2026, 4, 30), APRIL_HOLIDAYS, D(2026, 5, 6)),  # starts on a holiday
        (D(2026, 4, 24), APRIL_HOLIDAYS, D(2026, 4, 29)),  # Friday, over Monday 27/4
        (D(2026, 4, 28), set(), D(2026, 4, 30)),  # the same days without holidays
    ],
)
def test_add_working_days(start, holidays, end):
    assert add_working_days(start, 3, holidays) == end


def test_one_working_day_is_the_start_itself_or_the_next_working_day():
    assert add_working_days(D(2026, 11, 19), 1, ()) == D(2026, 11, 19)
    assert add_working_days(D(2026, 11, 21), 1, ()) == D(2026, 11, 23)


def test_zero_days_is_refused():
    with pytest.raises(ValueError):
        add_working_days(D(2026, 11, 19), 0, ())


def test_is_working_day():
    assert is_working_day(D(2026, 11, 20), set())
    assert not is_working_day(D(2026, 11, 21), set())
    assert not is_working_day(D(2026, 11, 22), set())
    assert not is_working_day(D(2026, 4, 30), APRIL_HOLIDAYS)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (D(2026, 11, 19), D(2026, 11, 23)),  # Thursday → Monday
        (D(2026, 11, 21), D(2026, 11, 25)),  # Saturday
        (D(2026, 4, 28), D(2026, 5, 4)),  # over 30/4 and 1/5 (shipped holidays)
        (D(2026, 4, 24), D(2026, 4, 29)),  # over Giỗ Tổ, observed Monday 27/4
        (D(2026, 8, 31), D(2026, 9, 4)),  # over 1/9 and 2/9
    ],
)
def test_posting_end_date_uses_the_holidays_in_the_database(db, start, end):
    assert svc.posting_end_date(start) == end


def test_posting_end_date_follows_an_added_holiday(db):
    Holiday.objects.create(date=D(2026, 11, 20), name="Nghỉ bù")
    assert svc.posting_end_date(D(2026, 11, 19)) == D(2026, 11, 24)


def test_shipped_holidays_include_the_2026_days_off(db):
    days = set(Holiday.objects.values_list("date", flat=True))
    assert {D(2026, 4, 27), D(2026, 4, 30), D(2026, 5, 1), D(2026, 9, 1), D(2026, 9, 2)} <= days
