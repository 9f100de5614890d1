"""A leader opens the progress dashboard, clicks a figure and sees exactly its records."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.management import call_command

from households.models import Area
from tannkhai.models import Role, User
from targets.models import JobPlacement
from tests.browser.conftest import screenshot

PASSWORD = "MatKhau-Thu-2026"


@pytest.fixture
def program_setup(reference_data: None) -> dict[str, object]:
    province = Area.objects.create(code="75", name="Tỉnh Đồng Nai", kind=Area.Kind.PROVINCE)
    commune = Area.objects.create(
        code="75.TK", name="Xã Tân Khai", kind=Area.Kind.COMMUNE, parent=province
    )
    kp1 = Area.objects.create(code="75.TK.KP1", name="Khu phố 1", kind="quarter", parent=commune)
    leader = User.objects.create_user(
        "lanhdao", password=PASSWORD, role=Role.LEADER, full_name="Trần Văn Phúc"
    )
    leader.areas.add(commune)
    call_command("load_plan", commune="75.TK")
    names = ["Nguyễn Văn Hòa", "Điểu Thị Lan", "Lê Minh Tuấn"]
    for i, name in enumerate(names):
        JobPlacement.objects.create(
            commune=commune,
            quarter=kp1,
            worker_name=name,
            birth_year=1995 + i,
            placed_on=dt.date(2025, 3 + i, 10),
            kind=JobPlacement.Kind.LOCAL,
            channel=JobPlacement.Channel.CONSULTATION,
            employer="Công ty TNHH Cao su Tân Khai",
        )
    JobPlacement.objects.create(
        commune=commune,
        quarter=kp1,
        worker_name="Phạm Văn Năm",
        birth_year=1990,
        placed_on=dt.date(2024, 6, 1),
        kind=JobPlacement.Kind.SELF_EMPLOYED,
        channel=JobPlacement.Channel.OTHER,
    )
    return {"names": names}


def test_leader_clicks_a_figure_and_sees_its_records(
    live_server: object, desktop_page: object, program_setup: dict[str, object]
) -> None:
    page = desktop_page
    base = live_server.url  # type: ignore[attr-defined]
    page.goto(f"{base}/dang-nhap/")  # type: ignore[attr-defined]
    page.get_by_label("Tên đăng nhập").fill("lanhdao")  # type: ignore[attr-defined]
    page.get_by_label("Mật khẩu").fill(PASSWORD)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Đăng nhập").click()  # type: ignore[attr-defined]

    page.wait_for_url(re.compile(r"/chuong-trinh/"))  # type: ignore[attr-defined]
    row = page.locator("tr[data-indicator=VL]")  # type: ignore[attr-defined]
    assert "530" in row.inner_text()  # the 2025 target
    screenshot(page, "dashboard-leader")
    row.locator(".result-cell a").click()

    page.wait_for_url(re.compile(r"/chuong-trinh/viec-lam/"))  # type: ignore[attr-defined]
    assert page.locator("#record-count").inner_text() == "3 hồ sơ."  # type: ignore[attr-defined]
    rows = page.locator("#records tbody tr")  # type: ignore[attr-defined]
    assert rows.count() == 3
    text = page.locator("#records").inner_text()  # type: ignore[attr-defined]
    for name in program_setup["names"]:  # type: ignore[attr-defined]
        assert name in text
    assert "Phạm Văn Năm" not in text
