"""The commune officer, on the demo commune: registers a new household with its head and
a member, puts it on the open 2026 review and surveys it, then records Khu phố 1's
meeting and starts its public posting."""

from __future__ import annotations

import re

from django.utils import timezone
from playwright.sync_api import Page, expect

from households.models import Household
from households.reviews.models import Review
from tests.browser.conftest import login, screenshot
from tests.browser.journeys.conftest import PASSWORD, Console, Demo, flash

CODE = "KP1-0901"
HEAD = "Điểu Thị Mai"
MEMBER = "Điểu Văn Sang"


def test_officer_registers_surveys_meets_and_posts(
    live_server: object, demo: Demo, desktop: tuple[Page, Console]
) -> None:
    page, console = desktop
    base = live_server.url  # type: ignore[attr-defined]
    kp1 = demo.quarter("KP1")
    today = timezone.localdate()
    login(page, base, "canbo", PASSWORD)

    # A new household: the head on the same form, then a member.
    page.goto(f"{base}/ho-gia-dinh/")
    page.get_by_role("link", name="Thêm hộ").click()
    page.get_by_label("Khu phố / ấp").select_option(label="Khu phố 1 — Xã Tân Khai")
    page.get_by_label("Mã hộ").fill(CODE)
    page.get_by_label("Địa chỉ").fill("Tổ 3, Khu phố 1")
    page.locator("#id_ethnicity").select_option(label="S'tiêng")
    page.get_by_label("Họ và tên").fill(HEAD)
    page.get_by_label("Giới tính").select_option(label="Nữ")
    page.get_by_label("Năm sinh").fill("1979")
    page.get_by_label("Trình độ học vấn").select_option(label="Tiểu học")
    page.get_by_label("Trình độ chuyên môn kỹ thuật").select_option(label="Chưa qua đào tạo")
    page.get_by_label("Khuyết tật").select_option(label="Không")
    page.get_by_role("button", name="Lưu hộ mới").click()
    expect(flash(page)).to_contain_text(f"Đã tạo hộ {CODE}.")
    expect(page.locator("main")).to_contain_text(HEAD)
    # Chosen S'tiêng, the household is flagged as an ethnic-minority one by itself.
    expect(page.locator("main")).to_contain_text("S'tiêng")

    page.get_by_role("link", name="Thêm thành viên").click()
    page.get_by_label("Họ và tên").fill(MEMBER)
    page.get_by_label("Giới tính").select_option(label="Nam")
    page.get_by_label("Năm sinh").fill("2008")
    page.get_by_label("Quan hệ với chủ hộ").select_option(label="Con")
    page.get_by_label("Trình độ học vấn").select_option(label="Trung học phổ thông")
    page.get_by_label("Đang đi học").check()
    page.get_by_label("Trình độ chuyên môn kỹ thuật").select_option(label="Chưa qua đào tạo")
    page.get_by_label("Khuyết tật").select_option(label="Không")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(flash(page)).to_contain_text(f"Đã thêm thành viên {MEMBER}.")
    member_row = page.locator("tr", has_text=MEMBER)
    expect(member_row).to_contain_text("Con")
    expect(member_row).to_contain_text("2008")
    household = Household.objects.get(code=CODE)
    assert household.quarter == kp1 and household.member_count == 2

    # On the open 2026 review: Khu phố 1's list, add by code, survey.
    page.goto(f"{base}/ra-soat/")
    page.get_by_role("link", name=re.compile("Rà soát định kỳ năm 2026")).click()
    page.get_by_role("link", name="Khu phố 1", exact=True).click()
    listed_before = page.locator(".list-group-item-action").count()
    page.get_by_label("Mã hộ").fill(CODE.lower())  # the code as typed, in lower case
    page.get_by_role("button", name="Thêm hộ").click()
    expect(flash(page)).to_contain_text(f"Đã thêm hộ {CODE} vào danh sách rà soát.")
    expect(page.locator("main")).to_contain_text("Trạng thái phiếu: Đang khảo sát")

    page.get_by_label("Số nhân khẩu").fill("2")
    page.get_by_label("Bình quân người/tháng").check()
    page.get_by_label("Thu nhập (đồng)").fill("700.000")
    for code in ("1", "7", "9", "10"):
        page.locator(f"#ind-{code}").check()
    expect(page.locator("#classification-result")).to_have_attribute("data-result", "poor")
    page.get_by_label("Thiếu đất sản xuất").check()
    page.get_by_label("Người khảo sát").fill("Lê Thị Thu Hà")
    page.get_by_label("Ngày khảo sát").fill(today.isoformat())
    page.get_by_role("button", name="Hoàn thành khảo sát").click()
    # Back on Khu phố 1's list, one more household, surveyed and classified.
    expect(flash(page)).to_contain_text(f"Đã hoàn thành khảo sát hộ {CODE}.")
    expect(page.locator(".list-group-item-action")).to_have_count(listed_before + 1)
    row = page.locator(".list-group-item-action", has_text=CODE)
    expect(row).to_contain_text("Đã khảo sát")
    expect(row).to_contain_text("Hộ nghèo")
    surveyed = Review.objects.filter(
        campaign=demo.campaign, quarter=kp1, status=Review.Status.SURVEYED
    ).count()

    # The quarter meeting agrees every surveyed review of Khu phố 1.
    page.get_by_role("link", name="Ghi biên bản họp dân").click()
    expect(page.locator("main")).to_contain_text(
        f"{surveyed} phiếu đã khảo sát sẽ được đưa ra họp."
    )
    page.get_by_label("Ngày họp").fill(today.isoformat())
    page.get_by_label("Người chủ trì").fill("Nguyễn Văn Tám")
    page.get_by_label("Thư ký").fill("Trần Thị Lụa")
    page.get_by_label("Đại diện Ban công tác Mặt trận").fill("Phạm Văn Đức")
    page.get_by_label("Số người dự họp").fill("42")
    page.get_by_label("Số người đồng ý với kết quả").fill("37")
    page.get_by_label("Tóm tắt biên bản").fill("Thống nhất kết quả khảo sát.")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(flash(page)).to_contain_text("Họp dân đã thống nhất kết quả (≥ 50% người dự đồng ý).")
    day = today.strftime("%d/%m/%Y")
    expect(page.locator("main")).to_contain_text(
        f"{day} · chủ trì Nguyễn Văn Tám · thư ký Trần Thị Lụa"
    )
    expect(page.locator("main")).to_contain_text("37/42 đồng ý · Đạt")
    expect(page.locator("ol.list-inline")).to_contain_text(f"2. Họp dân: {surveyed}")

    # The public posting: three working days from today.
    page.get_by_role("link", name="Niêm yết công khai").click()
    page.get_by_label("Ngày bắt đầu niêm yết").fill(today.isoformat())
    page.get_by_label("Nơi niêm yết").fill("Nhà văn hóa Khu phố 1")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(flash(page)).to_contain_text("Niêm yết từ")
    review = Review.objects.select_related("posting").get(
        campaign=demo.campaign, household=household
    )
    assert review.status == Review.Status.POSTED and review.posting is not None
    end = review.posting.end_date.strftime("%d/%m/%Y")
    expect(flash(page)).to_have_text(f"Niêm yết từ {day} đến hết {end} (3 ngày làm việc).")
    expect(page.locator("main")).to_contain_text(f"{day} – {end} · Nhà văn hóa Khu phố 1")
    expect(page.locator("ol.list-inline")).to_contain_text(f"3. Niêm yết: {surveyed}")
    expect(row).to_contain_text("Đang niêm yết")
    screenshot(page, "journey-officer")
    assert console.errors == []
