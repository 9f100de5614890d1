"""An organisation member on a phone logs a visit to the household assigned to them and
cannot open a household that is not assigned to them."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from assignments.models import Assignment, Person, SupportLog
from households import services
from households.models import Area
from tannkhai.models import Role, User
from tests.browser.conftest import screenshot

PASSWORD = "MatKhau-Thu-2026"


@pytest.fixture
def helped(reference_data: None) -> dict[str, object]:
    province = Area.objects.create(code="75", name="Tỉnh Đồng Nai", kind=Area.Kind.PROVINCE)
    commune = Area.objects.create(
        code="75.TK", name="Xã Tân Khai", kind=Area.Kind.COMMUNE, parent=province
    )
    kp1 = Area.objects.create(code="75.TK.KP1", name="Khu phố 1", kind="quarter", parent=commune)
    officer = User.objects.create_user("canbo", password=PASSWORD, role=Role.OFFICER)
    officer.areas.add(commune)
    login = User.objects.create_user(
        "hoinongdan", password=PASSWORD, role=Role.ORG_MEMBER, full_name="Đặng Văn Lực"
    )
    mine = services.household_create(
        user=officer,
        quarter=kp1,
        code="KP1-0001",
        head={"full_name": "Nguyễn Văn Ân", "sex": "male", "birth_year": 1970},
    )
    other = services.household_create(
        user=officer,
        quarter=kp1,
        code="KP1-0002",
        head={"full_name": "Phạm Thị Hoa", "sex": "female", "birth_year": 1980},
    )
    person = Person.objects.create(commune=commune, full_name="Đặng Văn Lực", user=login)
    assignment = Assignment.objects.create(
        household=mine, person=person, started_on=timezone.localdate() - dt.timedelta(days=60)
    )
    return {"mine": mine, "other": other, "assignment": assignment}


def test_org_member_logs_a_visit_on_a_phone(
    live_server: object, phone_page: object, helped: dict[str, object]
) -> None:
    page = phone_page
    base = live_server.url  # type: ignore[attr-defined]
    page.goto(f"{base}/dang-nhap/")  # type: ignore[attr-defined]
    page.get_by_label("Tên đăng nhập").fill("hoinongdan")  # type: ignore[attr-defined]
    page.get_by_label("Mật khẩu").fill(PASSWORD)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Đăng nhập").click()  # type: ignore[attr-defined]
    page.wait_for_url(re.compile(r"/ho-gia-dinh/"))  # type: ignore[attr-defined]

    page.goto(f"{base}/giup-do/")  # type: ignore[attr-defined]
    listing = page.locator("#assignment-list").inner_text()  # type: ignore[attr-defined]
    assert "Nguyễn Văn Ân" in listing and "Phạm Thị Hoa" not in listing
    screenshot(page, "org-member-assignments-phone")

    page.get_by_role("link", name="Ghi nhận giúp đỡ").first.click()  # type: ignore[attr-defined]
    page.get_by_label("Thăm hỏi").check()  # type: ignore[attr-defined]
    page.get_by_label("Nội dung").fill("Thăm hỏi, hướng dẫn làm chuồng bò.")  # type: ignore[attr-defined]
    page.get_by_label("Giá trị hỗ trợ (đ)").fill("500.000")  # type: ignore[attr-defined]
    page.get_by_label("Hiện vật (quy ra tiền)").check()  # type: ignore[attr-defined]
    screenshot(page, "org-member-log-form-phone")
    page.get_by_role("button", name="Lưu").click()  # type: ignore[attr-defined]
    page.wait_for_selector("text=Đã ghi nhận.")  # type: ignore[attr-defined]
    log_text = page.locator("#support-log").inner_text()  # type: ignore[attr-defined]
    assert "hướng dẫn làm chuồng bò" in log_text and "500.000 đ" in log_text
    screenshot(page, "org-member-log-saved-phone")

    entry = SupportLog.objects.get()
    assert entry.kind == SupportLog.Kind.VISIT and entry.value == 500_000
    assert entry.recorded_by.username == "hoinongdan"

    other_pk = helped["other"].pk  # type: ignore[attr-defined]
    response = page.goto(f"{base}/ho-gia-dinh/{other_pk}/")  # type: ignore[attr-defined]
    assert response.status == 404
