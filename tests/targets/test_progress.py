"""targets.progress: % achieved, expected progress to date and status (pure functions)."""

import datetime as dt
from decimal import Decimal as D

import pytest

from targets.progress import expected_to_date, percent_achieved, status_of, year_fraction

MID_2024 = dt.date(2024, 7, 1)  # day 183 of 366: exactly half of 2024


def status(result, target, *, year, today=MID_2024, kind="flow", direction="higher"):
    expected = expected_to_date(target=target, kind=kind, year=year, today=today)
    return status_of(
        result=result,
        target=target,
        expected=expected,
        direction=direction,
        kind=kind,
        year=year,
        today=today,
    )


# -- year_fraction / expected_to_date --------------------------------------------------


@pytest.mark.parametrize(
    ("year", "today", "fraction"),
    [
        (2024, dt.date(2023, 12, 31), D(0)),
        (2024, dt.date(2024, 1, 1), D(1) / D(366)),
        (2024, MID_2024, D("0.5")),
        (2024, dt.date(2024, 12, 31), D(1)),
        (2024, dt.date(2025, 1, 1), D(1)),
    ],
)
def test_year_fraction(year, today, fraction):
    assert year_fraction(year, today) == fraction


def test_flow_expected_pro_rata_within_the_current_year():
    assert expected_to_date(target=D(494), kind="flow", year=2024, today=MID_2024) == D("247.0")
    assert expected_to_date(target=D(150), kind="flow", year=2024, today=MID_2024) == D("75.0")


def test_flow_expected_in_past_and_future_years():
    assert expected_to_date(target=D(507), kind="flow", year=2023, today=MID_2024) == D(507)
    assert expected_to_date(target=D(530), kind="flow", year=2025, today=MID_2024) == D(0)


@pytest.mark.parametrize("kind", ["stock", "rate"])
def test_stock_and_rate_expect_the_target_itself(kind):
    assert expected_to_date(target=D(65), kind=kind, year=2025, today=MID_2024) == D(65)


def test_no_target_no_expectation():
    assert expected_to_date(target=None, kind="flow", year=2024, today=MID_2024) is None


# -- percent_achieved ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("result", "target", "percent"),
    [
        (D(247), D(494), D("50.0")),
        (D(525), D(525), D(100)),
        (D(600), D(525), D("114.3")),
        (D(1), D(3), D("33.3")),
        (D(2), D(3), D("66.7")),  # rounded half up to one place
        (D(0), D(150), D(0)),
        (D(5), D(0), D(100)),  # nothing asked: achieved
    ],
)
def test_percent_achieved_higher_is_better(result, target, percent):
    assert percent_achieved(result=result, target=target, direction="higher") == percent


@pytest.mark.parametrize(
    ("result", "target", "percent"),
    [
        (D(0), D(0), D(100)),  # 0 % poverty reached when 0 % was the target
        (D("0.5"), D(1), D(100)),
        (D(2), D(0), D(0)),
        (D(4), D(2), D("50.0")),
    ],
)
def test_percent_achieved_lower_is_better(result, target, percent):
    assert percent_achieved(result=result, target=target, direction="lower") == percent


@pytest.mark.parametrize("direction", ["higher", "lower"])
def test_percent_achieved_needs_both_numbers(direction):
    assert percent_achieved(result=None, target=D(5), direction=direction) is None
    assert percent_achieved(result=D(5), target=None, direction=direction) is None


# -- status_of ---------------------------------------------------------------------------


def test_flow_in_the_current_year_is_judged_pro_rata():
    # Half of 2024 gone: 247 of 494 expected so far.
    assert status(D(247), D(494), year=2024) == "on_track"
    assert status(D(300), D(494), year=2024) == "on_track"
    assert status(D(246), D(494), year=2024) == "behind"
    assert status(D(494), D(494), year=2024) == "achieved"


def test_flow_early_in_the_year_is_on_track_with_little():
    assert status(D(2), D(494), year=2024, today=dt.date(2024, 1, 1)) == "on_track"


def test_past_year_below_target_is_not_achieved():
    # A finished year that missed its target is "Không đạt", not "Chậm" (issue 8).
    assert status(D(506), D(507), year=2023) == "not_achieved"
    assert status(D(507), D(507), year=2023) == "achieved"


def test_future_year_is_on_track():
    assert status(D(0), D(530), year=2025) == "on_track"


def test_no_target_and_no_data():
    assert status(D(3), None, year=2023) == "no_target"
    assert status(None, None, year=2023) == "no_target"
    assert status(None, D(3), year=2023) == "no_data"
    assert status(None, D(0), year=2024, kind="rate", direction="lower") == "no_data"


def test_lower_is_better_zero_target_reached():
    assert status(D(0), D(0), year=2024, kind="rate", direction="lower") == "achieved"
    assert status(D(0), D(0), year=2023, kind="rate", direction="lower") == "achieved"


def test_lower_is_better_missed_in_a_past_year_is_not_achieved():
    assert status(D(2), D(0), year=2023, kind="rate", direction="lower") == "not_achieved"
    early_2025 = dt.date(2025, 3, 1)
    assert status(D(2), D(0), year=2024, today=early_2025, kind="rate", direction="lower") == (
        "not_achieved"
    )
    # The running year is still "behind".
    assert status(D(2), D(0), year=2025, today=early_2025, kind="rate", direction="lower") == (
        "behind"
    )


def test_lower_is_better_future_year_is_on_track():
    assert status(D(2), D(0), year=2025, kind="rate", direction="lower") == "on_track"


def test_rate_higher_is_better():
    assert status(D(70), D(65), year=2025, kind="rate", today=dt.date(2026, 1, 5)) == "achieved"
    assert status(D(50), D(65), year=2025, kind="rate", today=dt.date(2026, 1, 5)) == (
        "not_achieved"
    )
    assert status(D(50), D(65), year=2025, kind="rate") == "on_track"
