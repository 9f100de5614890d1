"""The figures of Tân Khai's plan for 2021–2025 (seed plan, sections II and IV).

Loaded by ``manage.py load_plan``; edit the data in the app afterwards, not here.
"""

from __future__ import annotations

from decimal import Decimal

START_YEAR = 2021
END_YEAR = 2025

PROGRAM = {
    "name": (
        "Giảm nghèo bền vững, gắn với đổi mới công tác đào tạo nghề, giải quyết việc làm, "
        "nâng cao mức sống của Nhân dân"
    ),
    "start_year": START_YEAR,
    "end_year": END_YEAR,
    "legal_basis": (
        "Chương trình hành động số 28-CTr/ĐU ngày 28/3/2024 của Ban Chấp hành Đảng bộ thị trấn "
        "về thực hiện Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng; Nghị quyết "
        "Đại hội Đảng bộ tỉnh lần thứ XI, Nghị quyết Đại hội Đảng bộ huyện lần thứ XII, Nghị "
        "quyết Đại hội Đảng bộ thị trấn lần thứ VIII, nhiệm kỳ 2020-2025."
    ),
    # The seed reads "Số: /KH-UBND" and "ngày tháng năm 2024": the number and the day were
    # left blank in the text, so only the year is known. Enter the number in the app.
    "plan_number": "",
    "plan_year": 2024,
    # The plan is the former thị trấn Tân Khai's ("trên địa bàn thị trấn"): its results
    # count the town's quarters as they stood, not the hamlets that joined on 1/7/2025.
    "area_code": "70.HONQUAN.TANKHAI",
}

# code, name, English name, unit, kind, direction, computation, period target, period note,
# yearly targets, 2021 result (manual). Yearly targets are only those the plan fixes; where
# the plan gives an average ("bình quân 150 lao động/năm") it is in YEARLY_AVERAGES.
INDICATORS = [
    (
        "VL",
        "Giải quyết việc làm",
        "Jobs found or placed",
        "workers",
        "flow",
        "higher",
        "jobs",
        Decimal(2056),
        "2.056 lao động giai đoạn 2022–2025",
        {2022: 494, 2023: 507, 2024: 525, 2025: 530},
        487,
    ),
    (
        "DN",
        "Đào tạo nghề",
        "Vocational training",
        "workers",
        "flow",
        "higher",
        "training",
        Decimal(602),
        "602 lao động, bình quân 150 lao động/năm",
        {},
        134,
    ),
    (
        "GN",
        "Giảm hộ nghèo",
        "Poor households reduced",
        "households",
        "flow",
        "higher",
        "poor_reduced",
        Decimal(10),
        "Giảm 10/10 hộ nghèo, tỷ lệ hộ nghèo còn 0% đến cuối năm 2024",
        {2022: 5, 2023: 3, 2024: 2},
        4,
    ),
    (
        "TLHN",
        "Tỷ lệ hộ nghèo",
        "Poverty rate",
        "percent",
        "rate",
        "lower",
        "poverty_rate",
        Decimal(0),
        "0% đến cuối năm 2024",
        {2024: 0},
        None,
    ),
    (
        "LDQDT",
        "Tỷ lệ lao động qua đào tạo trên tổng số lao động có việc làm",
        "Trained share of employed workers",
        "percent",
        "rate",
        "higher",
        "trained_share",
        Decimal(65),
        "65% đến năm 2025",
        {2025: 65},
        None,
    ),
    (
        "BHYT",
        "Người nghèo, cận nghèo có thẻ bảo hiểm y tế",
        "Poor and near-poor people with health insurance",
        "percent",
        "rate",
        "higher",
        "health_insurance",
        Decimal(100),
        "100% người nghèo, cận nghèo có thẻ BHYT",
        {2022: 100, 2023: 100, 2024: 100, 2025: 100},
        None,
    ),
    (
        "SCN",
        "Hỗ trợ sửa chữa nhà ở",
        "Houses repaired",
        "houses",
        "flow",
        "higher",
        "",
        None,
        "",
        {},
        1,
    ),
]

# The plan's yearly averages (not yearly targets): code → average per year.
YEARLY_AVERAGES = {"DN": Decimal(150)}

MANUAL_SOURCE = "Kế hoạch thực hiện Chương trình giai đoạn 2021–2025, mục II.a (kết quả năm 2021)"

INDUSTRIAL_PARKS = [
    "Khu công nghiệp Sikiko",
    "Khu công nghiệp Việt Kiều",
    "Khu công nghiệp Minh Hưng",
]
