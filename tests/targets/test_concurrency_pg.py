"""The targets page and program copy, saved twice at the same time on two connections.

PostgreSQL only (see ``tests/races.py``).
"""

from decimal import Decimal as D

import pytest

from targets import services
from targets.models import Program, YearlyTarget
from tests.races import one_wins, postgres_races, race

pytestmark = postgres_races


@pytest.fixture(autouse=True)
def _reference(reference_data):
    """Reference data emptied by the previous transactional test."""


def test_targets_page_saved_twice_from_the_same_version(officer, admin_user, plan, ind):
    version = Program.objects.get(pk=plan.pk).version

    def save(user, year, value):
        return lambda: services.program_targets_save(
            user=user,
            program=Program.objects.select_related("commune").get(pk=plan.pk),
            version=version,
            yearly=[(ind["VL"], year, D(value))],
            periods=[],
        )

    one_wins(
        race(save(officer, 2024, 600), save(admin_user, 2025, 700)),
        "Chỉ tiêu của chương trình này vừa được người khác cập nhật, chưa lưu gì. "
        "Số bạn nhập vẫn còn trên biểu mẫu: hãy mở trang trong thẻ mới để xem thay đổi, "
        "rồi lưu lại.",
    )
    assert Program.objects.get(pk=plan.pk).version == version + 1
    saved = {y: YearlyTarget.objects.get(indicator=ind["VL"], year=y).value for y in (2024, 2025)}
    # Exactly one of the two saves is in the database.
    assert (saved[2024] == 600) != (saved[2025] == 700)


def test_program_copied_twice_at_once(officer, admin_user, plan):
    def copy(user, name):
        return lambda: services.program_copy(
            user=user, program=plan, name=name, start_year=2026, end_year=2030
        )

    winner = one_wins(
        race(copy(officer, "Giảm nghèo 2026–2030"), copy(admin_user, "Chương trình 2026–2030")),
        lambda new: (
            f"Giai đoạn 2026–2030 trùng với chương trình “{new.name}” (2026–2030) "
            "của xã: mỗi năm chỉ thuộc một chương trình."
        ),
    )
    assert Program.objects.filter(start_year=2026).count() == 1
    assert winner.value.indicators.count() == plan.indicators.count()
