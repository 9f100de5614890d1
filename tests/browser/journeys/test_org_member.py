"""A Farmers' Union member, on a phone, on the demo commune: opens the households assigned
to them from the menu and logs today's visit to one of them."""

from __future__ import annotations

from django.utils import timezone
from playwright.sync_api import Page, expect

from assignments.models import Assignment, SupportLog
from tests.browser.conftest import login, screenshot
from tests.browser.journeys.conftest import PASSWORD, Console, Demo, flash

NOTES = "Thăm hỏi, hướng dẫn ủ phân chuồng cho vườn tiêu."


def test_org_member_logs_a_visit(
    live_server: object, demo: Demo, phone: tuple[Page, Console]
) -> None:
    page, console = phone
    base = live_server.url  # type: ignore[attr-defined]
    assigned = list(
        Assignment.objects.filter(person__user__username="hoinongdan", ended_on__isnull=True)
        .select_related("household")
        .order_by("household__code")
    )
    assert assigned, "the demo assigns households to hoinongdan"
    assignment = assigned[0]
    household = assignment.household
    logged_before = SupportLog.objects.filter(assignment=assignment).count()

    login(page, base, "hoinongdan", PASSWORD)
    page.locator(".navbar-toggler").click()
    page.get_by_role("link", name="Hộ tôi giúp đỡ").click()
    listing = page.locator("#assignment-list")
    expect(listing.locator(".list-group-item")).to_have_count(len(assigned))
    for other in assigned:
        expect(listing).to_contain_text(other.household.head_name)

    card = listing.locator(".list-group-item", has_text=household.code)
    card.get_by_role("link", name="Ghi nhận giúp đỡ").click()
    expect(page.locator("main")).to_contain_text(f"{household.head_name} · {household.code}")
    expect(page.get_by_label("Ngày")).to_have_value(timezone.localdate().isoformat())
    page.get_by_label("Thăm hỏi").check()
    page.get_by_label("Nội dung").fill(NOTES)
    page.get_by_label("Giá trị hỗ trợ (đ)").fill("300.000")
    page.get_by_label("Hiện vật (quy ra tiền)").check()
    page.get_by_role("button", name="Lưu", exact=True).click()

    expect(flash(page)).to_have_text("Đã ghi nhận.")
    expect(page.locator("#log-title")).to_contain_text(f"Nhật ký giúp đỡ ({logged_before + 1})")
    newest = page.locator("#support-log li").first
    expect(newest).to_contain_text("Thăm hỏi")
    expect(newest).to_contain_text(timezone.localdate().strftime("%d/%m/%Y"))
    expect(newest).to_contain_text(NOTES)
    expect(newest).to_contain_text("300.000 đ (hiện vật (quy ra tiền)) · ghi bởi Đặng Văn Lực")
    entry = SupportLog.objects.filter(assignment=assignment).order_by("-pk").first()
    assert entry is not None and entry.value == 300_000 and entry.kind == SupportLog.Kind.VISIT
    assert entry.recorded_by.username == "hoinongdan"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    screenshot(page, "journey-org-member")
    assert console.errors == []
