"""A quarter head signs in on a phone, sees only their quarter, edits a member and
finds the change in the household's history."""

from __future__ import annotations

import re

import pytest

from households import services
from households.models import Area, Member
from tannkhai.models import Role, User
from tests.browser.conftest import screenshot

PASSWORD = "MatKhau-Thu-2026"


@pytest.fixture
def registry(reference_data: None) -> dict[str, object]:
    province = Area.objects.create(code="75", name="Tỉnh Đồng Nai", kind=Area.Kind.PROVINCE)
    commune = Area.objects.create(
        code="75.TK", name="Xã Tân Khai", kind=Area.Kind.COMMUNE, parent=province
    )
    kp1 = Area.objects.create(code="75.TK.KP1", name="Khu phố 1", kind="quarter", parent=commune)
    kp2 = Area.objects.create(code="75.TK.KP2", name="Khu phố 2", kind="quarter", parent=commune)
    officer = User.objects.create_user("canbo", password=PASSWORD, role=Role.OFFICER)
    officer.areas.add(commune)
    head = User.objects.create_user(
        "truongkp1", password=PASSWORD, role=Role.QUARTER_HEAD, full_name="Lê Văn Tư"
    )
    head.areas.add(kp1)
    own = services.household_create(
        user=officer,
        quarter=kp1,
        code="KP1-0001",
        head={"full_name": "Nguyễn Văn Ân", "sex": "male", "birth_year": 1970},
    )
    member = services.member_create(
        user=officer,
        household=own,
        full_name="Trần Thị Bình",
        sex="female",
        birth_year=1972,
        relation_to_head="spouse",
        schooling_level="primary",
        vocational_qualification="none",
        disability="none",
    )
    other = services.household_create(
        user=officer,
        quarter=kp2,
        code="KP2-0001",
        head={"full_name": "Phạm Thị Hoa", "sex": "female", "birth_year": 1980},
    )
    return {"own": own, "member": member, "other": other}


def test_quarter_head_edits_member_and_sees_history(
    live_server: object, phone_page: object, registry: dict[str, object]
) -> None:
    page = phone_page
    base = live_server.url  # type: ignore[attr-defined]

    page.goto(f"{base}/dang-nhap/")  # type: ignore[attr-defined]
    page.get_by_label("Tên đăng nhập").fill("truongkp1")  # type: ignore[attr-defined]
    page.get_by_label("Mật khẩu").fill(PASSWORD)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Đăng nhập").click()  # type: ignore[attr-defined]

    # Only the own quarter's household is listed.
    page.wait_for_url(re.compile(r"/ho-gia-dinh/"))  # type: ignore[attr-defined]
    results = page.locator("#results")  # type: ignore[attr-defined]
    assert "Nguyễn Văn Ân" in results.inner_text()
    assert "Phạm Thị Hoa" not in results.inner_text()
    screenshot(page, "quarter-head-list-phone")

    # The other quarter's household is not reachable by address either.
    other_pk = registry["other"].pk  # type: ignore[attr-defined]
    response = page.goto(f"{base}/ho-gia-dinh/{other_pk}/")  # type: ignore[attr-defined]
    assert response.status == 404

    page.goto(f"{base}/ho-gia-dinh/")  # type: ignore[attr-defined]
    page.get_by_role("link", name="Nguyễn Văn Ân").click()  # type: ignore[attr-defined]
    page.get_by_role("link", name="Sửa Trần Thị Bình").click()  # type: ignore[attr-defined]
    page.get_by_label("Năm sinh").fill("1973")  # type: ignore[attr-defined]
    page.get_by_label("Trình độ học vấn").select_option(label="Trung học cơ sở")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Lưu").click()  # type: ignore[attr-defined]

    page.wait_for_selector("text=Đã lưu thông tin thành viên.")  # type: ignore[attr-defined]
    history = page.locator("#history").inner_text()  # type: ignore[attr-defined]
    assert "Lê Văn Tư" in history
    assert "Năm sinh" in history and "1972" in history and "1973" in history
    assert "Trung học cơ sở" in history
    screenshot(page, "quarter-head-history-phone")

    member = Member.objects.get(pk=registry["member"].pk)  # type: ignore[attr-defined]
    assert member.birth_year == 1973
    assert member.schooling_level == Member.Schooling.LOWER_SECONDARY
