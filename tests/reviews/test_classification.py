"""``classify`` and ``income_per_person``: pure functions, no database."""

from types import SimpleNamespace

import pytest

from households.classification import (
    ClassificationInputError,
    classify,
    income_per_person,
)

# The same attributes as the standards shipped in migration 0005.
STD_2022 = SimpleNamespace(
    code="2022-2025",
    income_line_rural=1_500_000,
    income_line_urban=2_000_000,
    average_upper_rural=2_250_000,
    average_upper_urban=3_000_000,
    min_deprivations_poor=3,
    score_a_cutoff_rural=140,
    score_a_cutoff_urban=175,
    score_a_max=500,
    b_points_per_deprivation=10,
)
STD_2027 = SimpleNamespace(
    code="2027-2030",
    income_line_rural=2_200_000,
    income_line_urban=2_800_000,
    average_upper_rural=None,
    average_upper_urban=None,
    min_deprivations_poor=3,
    score_a_cutoff_rural=None,
    score_a_cutoff_urban=None,
    score_a_max=500,
    b_points_per_deprivation=10,
)
THREE = ("1", "4", "9")
TWO = ("1", "4")


@pytest.mark.parametrize(
    ("standard", "area", "income", "deprived", "expected"),
    [
        # 2022–2025, rural: line 1,500,000, average up to 2,250,000
        (STD_2022, "rural", 1_499_999, THREE, "poor"),
        (STD_2022, "rural", 1_500_000, THREE, "poor"),
        (STD_2022, "rural", 1_500_000, TWO, "near_poor"),
        (STD_2022, "rural", 1_499_999, TWO, "near_poor"),
        (STD_2022, "rural", 1_500_001, THREE, "average"),
        (STD_2022, "rural", 2_249_999, (), "average"),
        (STD_2022, "rural", 2_250_000, THREE, "average"),
        (STD_2022, "rural", 2_250_001, (), "not_poor"),
        # 2022–2025, urban: line 2,000,000, average up to 3,000,000
        (STD_2022, "urban", 1_999_999, THREE, "poor"),
        (STD_2022, "urban", 2_000_000, THREE, "poor"),
        (STD_2022, "urban", 2_000_000, TWO, "near_poor"),
        (STD_2022, "urban", 2_000_001, THREE, "average"),
        (STD_2022, "urban", 2_999_999, (), "average"),
        (STD_2022, "urban", 3_000_000, (), "average"),
        (STD_2022, "urban", 3_000_001, THREE, "not_poor"),
        # 2027–2030, rural: line 2,200,000, no average band
        (STD_2027, "rural", 2_199_999, THREE, "poor"),
        (STD_2027, "rural", 2_200_000, THREE, "poor"),
        (STD_2027, "rural", 2_200_000, TWO, "near_poor"),
        (STD_2027, "rural", 2_200_001, THREE, "not_poor"),
        (STD_2027, "rural", 2_250_000, (), "not_poor"),
        # 2027–2030, urban: line 2,800,000
        (STD_2027, "urban", 2_799_999, TWO, "near_poor"),
        (STD_2027, "urban", 2_800_000, THREE, "poor"),
        (STD_2027, "urban", 2_800_001, TWO, "not_poor"),
        (STD_2027, "urban", 3_000_000, (), "not_poor"),
    ],
)
def test_income_boundaries(standard, area, income, deprived, expected):
    result = classify(
        standard=standard, area_type=area, income_per_person=income, deprived=deprived
    )
    assert result.result == expected
    assert result.basis == "income"
    assert result.income_line == getattr(standard, f"income_line_{area}")
    assert result.deprivation_count == len(deprived)
    assert result.score_b == 10 * len(deprived)


@pytest.mark.parametrize(
    ("area", "score", "deprived", "expected"),
    [
        ("rural", 0, THREE, "poor"),
        ("rural", 139, TWO, "near_poor"),
        ("rural", 140, THREE, "poor"),
        ("rural", 140, TWO, "near_poor"),
        ("rural", 141, THREE, "not_poor"),
        ("urban", 175, THREE, "poor"),
        ("urban", 175, TWO, "near_poor"),
        ("urban", 176, THREE, "not_poor"),
        ("rural", 500, (), "not_poor"),
    ],
)
def test_score_a_path(area, score, deprived, expected):
    result = classify(standard=STD_2022, area_type=area, score_a=score, deprived=deprived)
    assert result.result == expected
    assert result.basis == "score_a"


def test_score_a_above_cutoff_never_gives_average():
    result = classify(standard=STD_2022, area_type="rural", score_a=141)
    assert result.result == "not_poor"
    assert result.reason == (
        "Điểm A 141 > 140: không thuộc diện nghèo, cận nghèo "
        "(điểm A không xác định mức sống trung bình)."
    )


def test_exact_reason_for_a_poor_household():
    result = classify(
        standard=STD_2022, area_type="rural", income_per_person=1_400_000, deprived=THREE
    )
    assert (
        result.reason == "Thu nhập 1.400.000 đ ≤ 1.500.000 đ và thiếu hụt 3 chỉ số (≥ 3): hộ nghèo."
    )


@pytest.mark.parametrize(
    ("standard", "area", "income", "deprived", "reason"),
    [
        (
            STD_2022,
            "rural",
            1_500_000,
            TWO,
            "Thu nhập 1.500.000 đ ≤ 1.500.000 đ và thiếu hụt 2 chỉ số (< 3): hộ cận nghèo.",
        ),
        (
            STD_2022,
            "urban",
            2_500_000,
            (),
            "Thu nhập 2.500.000 đ > 2.000.000 đ và ≤ 3.000.000 đ (khu vực thành thị): "
            "trong khoảng mức sống trung bình, không thuộc diện nghèo, cận nghèo.",
        ),
        (
            STD_2022,
            "rural",
            2_250_001,
            (),
            "Thu nhập 2.250.001 đ > 1.500.000 đ và > 2.250.000 đ: "
            "không thuộc diện nghèo, cận nghèo, trung bình.",
        ),
        (
            STD_2027,
            "rural",
            2_200_001,
            THREE,
            "Thu nhập 2.200.001 đ > 2.200.000 đ: không thuộc diện nghèo, cận nghèo.",
        ),
    ],
)
def test_reasons_name_the_deciding_measurement(standard, area, income, deprived, reason):
    result = classify(
        standard=standard, area_type=area, income_per_person=income, deprived=deprived
    )
    assert result.reason == reason


def test_two_versus_three_deprivations_and_duplicates_count_once():
    two = classify(standard=STD_2022, area_type="rural", income_per_person=1_000_000, deprived=TWO)
    three = classify(
        standard=STD_2022, area_type="rural", income_per_person=1_000_000, deprived=THREE
    )
    duplicated = classify(
        standard=STD_2022,
        area_type="rural",
        income_per_person=1_000_000,
        deprived=["1", "1", "4"],
    )
    assert (two.result, two.score_b) == ("near_poor", 20)
    assert (three.result, three.score_b) == ("poor", 30)
    assert (duplicated.result, duplicated.deprivation_count) == ("near_poor", 2)


def test_income_wins_over_score_a_and_the_reason_says_so():
    # Income above the line, A score below the cut-off: the income decides.
    result = classify(
        standard=STD_2022,
        area_type="rural",
        income_per_person=1_600_000,
        score_a=100,
        deprived=THREE,
    )
    assert result.result == "average"
    assert result.basis == "income"
    assert "không dùng điểm A" in result.reason
    assert result.reason.startswith("Dùng thu nhập bình quân (không dùng điểm A). ")


def test_reason_without_score_a_does_not_mention_it():
    result = classify(standard=STD_2022, area_type="rural", income_per_person=1_600_000)
    assert "điểm A" not in result.reason


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "Cần nhập thu nhập bình quân đầu người hoặc điểm A để phân loại."),
        ({"score_a": 501}, "Điểm A phải từ 0 đến 500."),
        ({"score_a": -1}, "Điểm A phải từ 0 đến 500."),
        ({"income_per_person": -1}, "Thu nhập không được âm."),
        (
            {"income_per_person": 1_000_000_001},
            "Thu nhập bình quân vượt 1.000.000.000 đ mỗi người mỗi tháng: hãy kiểm tra lại.",
        ),
    ],
)
def test_bad_input_raises(kwargs, message):
    with pytest.raises(ClassificationInputError) as exc:
        classify(standard=STD_2022, area_type="rural", **kwargs)
    assert str(exc.value) == message


def test_income_of_one_billion_is_accepted():
    result = classify(standard=STD_2022, area_type="urban", income_per_person=1_000_000_000)
    assert result.result == "not_poor"


def test_score_a_at_the_maximum_is_accepted():
    assert classify(standard=STD_2022, area_type="rural", score_a=500).result == "not_poor"


def test_score_a_under_a_standard_without_cutoffs_is_an_error():
    with pytest.raises(ClassificationInputError, match="chưa có ngưỡng điểm A"):
        classify(standard=STD_2027, area_type="rural", score_a=100)


def test_unknown_area_type_is_an_error():
    with pytest.raises(ClassificationInputError):
        classify(standard=STD_2022, area_type="mountain", income_per_person=1)  # type: ignore[arg-type]


# -- income_per_person -------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"per_person_monthly": 1_234_567}, 1_234_567),
        ({"per_person_monthly": 0}, 0),
        ({"household_monthly": 4_500_000, "members": 3}, 1_500_000),
        ({"household_monthly": 4_500_001, "members": 3}, 1_500_000),
        ({"household_monthly": 4_499_999, "members": 3}, 1_499_999),
        ({"household_monthly": 10, "members": 3}, 3),
        ({"household_yearly": 54_000_000, "members": 3}, 1_500_000),
        ({"household_yearly": 54_000_035, "members": 3}, 1_500_000),
        ({"household_yearly": 53_999_999, "members": 3}, 1_499_999),
        ({"household_yearly": 50_000_000, "members": 4}, 1_041_666),
        ({}, None),
    ],
)
def test_income_per_person_rounds_down(kwargs, expected):
    assert income_per_person(**kwargs) == expected


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"household_monthly": 4_500_000}, "Cần số nhân khẩu"),
        ({"household_yearly": 54_000_000, "members": 0}, "Cần số nhân khẩu"),
        ({"household_yearly": 54_000_000, "members": None}, "Cần số nhân khẩu"),
        ({"per_person_monthly": 1, "household_monthly": 3, "members": 3}, "một cách"),
        ({"per_person_monthly": -5}, "không được âm"),
        ({"household_monthly": -3, "members": 1}, "không được âm"),
        ({"household_monthly": 3_000_000_003, "members": 3}, "vượt 1.000.000.000 đ"),
    ],
)
def test_income_per_person_errors(kwargs, message):
    with pytest.raises(ClassificationInputError, match=message):
        income_per_person(**kwargs)
