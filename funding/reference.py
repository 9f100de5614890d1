"""Funding sources and support categories shipped as editable data.

Loaded by migration 0002 and again by ``load_plan`` (idempotently: rows an administrator
has edited are left alone), so a database emptied by a test still gets them.
"""

from __future__ import annotations

from typing import Any

# code, name, English name, state support (capped) or counterpart
SOURCES = [
    ("commune_budget", "Ngân sách xã (chi thường xuyên)", "Commune recurrent budget", True),
    (
        "central_ntp",
        "Ngân sách Trung ương qua Chương trình mục tiêu quốc gia",
        "Central funds through the national target programs",
        True,
    ),
    (
        "vbsp",
        "Tín dụng chính sách (Ngân hàng Chính sách xã hội)",
        "Policy credit (Vietnam Bank for Social Policies)",
        True,
    ),
    ("province", "Chương trình, dự án của tỉnh", "Province programs", True),
    ("fund_for_poor", "Quỹ Vì người nghèo", "Fund for the Poor", False),
    ("donors", "Doanh nghiệp, nhà hảo tâm", "Businesses and donors", False),
    ("household", "Hộ gia đình đối ứng", "Household contribution", False),
    ("other", "Nguồn khác", "Other sources", False),
]

# Support that is lent, not given: listed with the household's loans, outside its total.
CREDIT_CATEGORIES = frozenset({"vbsp_loan"})

# code, name, English name, only for poor / near-poor households at the allocation date
CATEGORIES = [
    ("new_house", "Hỗ trợ xây mới nhà ở", "New house", True),
    ("house_repair", "Hỗ trợ sửa chữa nhà ở", "House repair", True),
    (
        "vbsp_loan",
        "Vay vốn Ngân hàng Chính sách xã hội phát triển sản xuất",
        "Policy-bank production loan",
        False,
    ),
    (
        "livelihood",
        "Tạo việc làm, đa dạng sinh kế, tiếp cận dịch vụ xã hội cơ bản",
        "Jobs, livelihoods and basic social services",
        True,
    ),
    ("vocational_training", "Đào tạo nghề", "Vocational training", False),
    ("health_insurance", "Bảo hiểm y tế", "Health insurance", True),
    ("other", "Hỗ trợ khác", "Other support", False),
]


def ensure_reference_data(apps: Any = None) -> None:
    """Create the shipped sources and categories that are missing."""
    if apps is None:
        from django.apps import apps as registry

        apps = registry
    source_model = apps.get_model("funding", "FundingSource")
    category_model = apps.get_model("funding", "FundingCategory")
    for order, (code, name, name_en, is_state) in enumerate(SOURCES, start=1):
        source_model.objects.get_or_create(
            code=code,
            defaults={"name": name, "name_en": name_en, "is_state": is_state, "order": order},
        )
    for order, (code, name, name_en, requires) in enumerate(CATEGORIES, start=1):
        category_model.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "requires_poor_or_near_poor": requires,
                "order": order,
            },
        )
