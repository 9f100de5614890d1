"""The head of Khu phố 1, on a phone, on the demo commune: narrows the quarter's list by
classification, finds a household by its head's name typed without diacritics, opens it
and saves its 2026 survey as a draft."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from households.models import Household
from households.reviews.models import Review
from tests.browser.conftest import login, screenshot
from tests.browser.journeys.conftest import PASSWORD, Console, Demo, flash, plain


def fits_the_screen(page: Page) -> None:
    """Nothing wider than the phone: no sideways scrolling."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{page.url} is {width} px wide"


def test_quarter_head_finds_a_household_and_drafts_its_survey(
    live_server: object, demo: Demo, phone: tuple[Page, Console]
) -> None:
    page, console = phone
    base = live_server.url  # type: ignore[attr-defined]
    kp1 = demo.quarter("KP1")
    # A household of Khu phố 1 still to be surveyed in the open review.
    review = (
        Review.objects.filter(campaign=demo.campaign, quarter=kp1, status=Review.Status.DRAFT)
        .select_related("household")
        .order_by("household__code")
        .first()
    )
    assert review is not None, "the demo leaves Khu phố 1 partly surveyed"
    household = review.household
    status = household.get_poverty_status_display()
    same_status = Household.objects.filter(
        quarter=kp1, status=Household.Status.ACTIVE, poverty_status=household.poverty_status
    ).count()
    in_quarter = Household.objects.filter(quarter=kp1, status=Household.Status.ACTIVE).count()

    login(page, base, "truongkp1", PASSWORD)
    results = page.locator("#results")
    expect(results).to_contain_text(f"trong {in_quarter} hộ.")
    fits_the_screen(page)

    page.get_by_label("Phân loại").select_option(label=status)
    expect(results).to_contain_text(f"trong {same_status} hộ.")
    assert f"poverty_status={household.poverty_status}" in page.url

    typed = plain(household.head_name)
    assert typed != household.head_name.lower(), "the name has diacritics to ignore"
    page.get_by_label("Tìm kiếm").fill(typed)
    card = results.locator("a:visible", has_text=household.head_name).first
    expect(card).to_contain_text(household.code)
    expect(card).to_contain_text(status)
    fits_the_screen(page)
    card.click()

    expect(page.locator("h1")).to_contain_text(household.head_name)
    expect(page.locator("main")).to_contain_text(f"Mã hộ {household.code} · Khu phố 1")
    fits_the_screen(page)
    page.get_by_role("link", name="Rà soát định kỳ năm 2026").click()
    expect(page.locator("main")).to_contain_text("Trạng thái phiếu: Đang khảo sát")

    page.get_by_label("Số nhân khẩu").fill(str(household.member_count))
    page.get_by_label("Tổng thu nhập hộ/tháng").check()
    page.get_by_label("Thu nhập (đồng)").fill("3.600.000")
    page.locator("#ind-4").check()
    page.get_by_label("Người khảo sát").fill("Nguyễn Văn Tám")
    page.locator("#classification-result[data-result]").wait_for()
    fits_the_screen(page)
    page.get_by_role("button", name="Lưu nháp").click()

    expect(flash(page)).to_have_text("Đã lưu phiếu (bản nháp).")
    expect(page.locator("main")).to_contain_text("Trạng thái phiếu: Đang khảo sát")
    # What was typed is kept for the next visit.
    expect(page.locator("#ind-4")).to_be_checked()
    expect(page.get_by_label("Người khảo sát")).to_have_value("Nguyễn Văn Tám")
    review.refresh_from_db()
    assert review.status == Review.Status.DRAFT
    assert review.income_input == 3_600_000
    assert review.income_mode == Review.IncomeMode.HOUSEHOLD_MONTHLY
    assert review.surveyor == "Nguyễn Văn Tám"
    fits_the_screen(page)
    screenshot(page, "journey-quarter-head")
    assert console.errors == []
