"""The administrator, on the demo commune: adds the head of Khu phố 3, who can then sign
in and sees their quarter only, and puts the real chairman's name on the commune's
documents in place of the demo's placeholder."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from households.models import CommuneSettings, Household
from tannkhai.models import Role, User
from tests.browser.conftest import login, screenshot
from tests.browser.journeys.conftest import PASSWORD, Console, Demo, flash

USERNAME = "truongkp3"
FULL_NAME = "Hồ Thị Ba"
NEW_PASSWORD = "Khu-Pho-Ba-2026"
CHAIRMAN = "Lê Văn Chính"


def test_administrator_adds_a_user_and_sets_the_chairman(
    live_server: object, demo: Demo, desktop: tuple[Page, Console]
) -> None:
    page, console = desktop
    base = live_server.url  # type: ignore[attr-defined]
    login(page, base, "admin", PASSWORD)

    page.goto(f"{base}/tai-khoan/nguoi-dung/")
    users_before = page.locator("tbody tr").count()
    page.get_by_role("link", name="Thêm người dùng").click()
    page.get_by_label("Tên đăng nhập").fill(USERNAME)
    page.get_by_label("Họ và tên").fill(FULL_NAME)
    page.get_by_label("Vai trò").select_option(label="Trưởng khu phố / ấp")
    page.get_by_label("Khu phố / Ấp / Thôn: Khu phố 3").check()
    page.get_by_label("Mật khẩu ban đầu").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(flash(page)).to_have_text(f"Đã tạo người dùng {USERNAME}.")
    expect(page.locator("tbody tr")).to_have_count(users_before + 1)
    row = page.locator("tbody tr", has_text=USERNAME)
    expect(row).to_contain_text(FULL_NAME)
    expect(row).to_contain_text("Trưởng khu phố / ấp")
    expect(row).to_contain_text("Khu phố 3")
    expect(row).to_contain_text("Hoạt động")
    user = User.objects.get(username=USERNAME)
    assert user.role == Role.QUARTER_HEAD and [a.code for a in user.areas.all()] == [
        demo.quarter("KP3").code
    ]

    # The commune's documents: the chairman's real name, no longer a placeholder.
    page.goto(f"{base}/ho-gia-dinh/dia-ban/")
    page.get_by_role("link", name="Xã Tân Khai", exact=True).first.click()
    expect(page.locator("main")).to_contain_text("Nguyễn Văn Hùng tên minh họa")
    page.get_by_role("link", name="Sửa thông tin in trên văn bản").click()
    page.get_by_label("Họ tên Chủ tịch UBND").fill(CHAIRMAN)
    page.get_by_label("Tên Chủ tịch là tên minh họa").uncheck()
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(flash(page)).to_have_text("Đã lưu thông tin in trên văn bản.")
    chairman = page.locator("dd", has_text=CHAIRMAN)
    expect(chairman).to_have_text(CHAIRMAN)
    expect(page.locator("main")).not_to_contain_text("Nguyễn Văn Hùng")
    settings = CommuneSettings.objects.filter(commune=demo.commune).latest("pk")
    assert settings.chairman_name == CHAIRMAN and not settings.chairman_is_placeholder
    screenshot(page, "journey-administrator")
    assert console.errors == []

    # The new quarter head signs in and sees Khu phố 3's households only.
    page.context.clear_cookies()
    login(page, base, USERNAME, NEW_PASSWORD)
    in_kp3 = Household.objects.filter(
        quarter=demo.quarter("KP3"), status=Household.Status.ACTIVE
    ).count()
    expect(page.locator("#results")).to_contain_text(f"trong {in_kp3} hộ.")
    codes = page.locator("#results td:first-child").all_inner_texts()
    assert codes and all(code.startswith("KP3-") for code in codes)
    assert console.errors == []
