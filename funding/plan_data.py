"""The funding lines of Tân Khai's plan (seed plan, section III), loaded by ``load_plan``.

The 2022–2023 total (360.000.000 đ) counts the whole new house (100.800.000 đ) while state
support is capped at 80.000.000 đ per house: the line keeps the need, the cap and the
planned split (80.000.000 đ support + 20.800.000 đ counterpart) so that all three show.
The 2024–2025 total (14.904.000 đ) is kept exactly as the plan states it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

PLAN_SOURCE = "Kế hoạch thực hiện Chương trình giai đoạn 2021–2025, mục III.1"

# category, name, start, end, units, unit, households, amount, cap per unit, notes,
# planned split {source code: amount}
LINES: list[tuple[Any, ...]] = [
    (
        "new_house",
        "Hỗ trợ xây mới nhà ở",
        2022,
        2023,
        1,
        "căn",
        None,
        100_800_000,
        80_000_000,
        "Tổng kinh phí 100.800.000 đồng; tối đa hỗ trợ 80.000.000 đồng/căn, phần còn lại "
        "20.800.000 đồng từ nguồn đối ứng.",
        {"central_ntp": 80_000_000, "other": 20_800_000},
    ),
    (
        "house_repair",
        "Hỗ trợ sửa chữa nhà ở",
        2022,
        2023,
        1,
        "căn",
        None,
        30_000_000,
        None,
        "",
        {},
    ),
    (
        "vbsp_loan",
        "Vốn vay Ngân hàng Chính sách xã hội để phát triển sản xuất",
        2022,
        2023,
        2,
        "nhu cầu",
        None,
        80_000_000,
        None,
        "Tổng nguồn vốn cho vay.",
        {"vbsp": 80_000_000},
    ),
    (
        "livelihood",
        "Tạo việc làm, đa dạng sinh kế và tiếp cận các dịch vụ xã hội cơ bản",
        2022,
        2023,
        11,
        "nhu cầu",
        5,
        149_200_000,
        None,
        "Cho 05 hộ đăng ký thoát nghèo hằng năm (thực tiễn địa phương, không phải Mẫu 04), "
        "với 11 nhu cầu.",
        {},
    ),
    (
        "other",
        "Tổng nhu cầu nguồn vốn giai đoạn 2024–2025",
        2024,
        2025,
        None,
        "",
        None,
        14_904_000,
        None,
        "Kế hoạch chỉ nêu tổng số 14.904.000 đồng, không chia theo nội dung; giữ nguyên như "
        "văn bản.",
        {},
    ),
]


def load_lines(program: Any, upsert: Callable[[Any, dict[str, Any], dict[str, Any]], Any]) -> None:
    """Add the plan's funding lines to ``program`` with ``load_plan``'s ``upsert``."""
    from funding.models import FundingCategory, FundingLine, FundingLinePlan, FundingSource
    from funding.reference import ensure_reference_data

    ensure_reference_data()
    categories = {c.code: c for c in FundingCategory.objects.all()}
    sources = {s.code: s for s in FundingSource.objects.all()}
    for order, row in enumerate(LINES, start=1):
        (category, name, start, end, units, unit, households, amount, cap, notes,
         split) = row  # fmt: skip
        line = upsert(
            FundingLine,
            {"program": program, "start_year": start, "end_year": end, "name": name},
            {
                "category": categories[category],
                "planned_units": units,
                "unit": unit,
                "planned_households": households,
                "planned_amount": amount,
                "cap_per_unit": cap,
                "notes": notes,
                "order": order,
            },
        )
        for code, part in split.items():
            upsert(FundingLinePlan, {"line": line, "source": sources[code]}, {"amount": part})
