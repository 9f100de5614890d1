"""The chairman, on the demo commune: reads the programme's progress, opens the records
behind a figure, then signs the recognition decision of the 2026 review that the officer
has just drafted, and downloads it as a PDF.

The demo leaves the 2026 review partly surveyed and without a decision: first the
officer holds the meeting and the posting of the quarter furthest along (weeks ago, as
the services record them), then drafts the decision in the browser.
"""

from __future__ import annotations

import datetime as dt
import re

from django.db.models import Count, Max, Q
from django.utils import timezone
from playwright.sync_api import Page, expect

from households.models import Area
from households.reviews import services as rsv
from households.reviews.models import Decision, Review
from tannkhai.models import User
from tests.browser.conftest import login, screenshot
from tests.browser.journeys.conftest import PASSWORD, Console, Demo, flash

NUMBER = "245/QĐ-UBND"
SIGNER = "Nguyễn Văn Hùng"


def ready_for_a_decision(demo: Demo) -> tuple[Area, list[Review]]:
    """The quarter with the most surveyed reviews goes through its meeting and its
    posting, both over before today; returns it and its posted reviews."""
    officer = User.objects.get(username="canbo")
    quarters = (
        Area.objects.filter(reviews__campaign=demo.campaign)
        .annotate(
            surveyed=Count("reviews", filter=Q(reviews__status=Review.Status.SURVEYED)),
            last=Max("reviews__surveyed_on"),
        )
        .order_by("-surveyed", "code")
    )
    quarter = quarters[0]
    held_on = quarter.last + dt.timedelta(days=1)
    rsv.meeting_record(
        user=officer,
        campaign=demo.campaign,
        quarter=quarter,
        held_on=held_on,
        chair="Trưởng khu phố",
        secretary="Thư ký",
        fatherland_front_rep="Ban công tác Mặt trận",
        attendees=50,
        votes_for=45,
    )
    posting = rsv.posting_start(
        user=officer, campaign=demo.campaign, quarter=quarter, start_date=held_on
    )
    assert posting.end_date < timezone.localdate(), "the posting is over: the decision can follow"
    posted = list(
        Review.objects.filter(campaign=demo.campaign, status=Review.Status.POSTED)
        .select_related("household")
        .order_by("household__code")
    )
    assert len(posted) == quarter.surveyed
    return quarter, posted


def test_leader_reads_the_dashboard_and_signs_the_decision(
    live_server: object, demo: Demo, desktop: tuple[Page, Console]
) -> None:
    page, console = desktop
    base = live_server.url  # type: ignore[attr-defined]
    quarter, posted = ready_for_a_decision(demo)
    today = timezone.localdate()

    # The officer drafts the decision over the posted reviews.
    login(page, base, "canbo", PASSWORD)
    page.goto(f"{base}/ra-soat/{demo.campaign.pk}/")
    page.get_by_role("link", name="Lập dự thảo quyết định").click()
    page.get_by_label("Số quyết định").fill(NUMBER)
    page.get_by_label("Ngày ký").fill(today.isoformat())
    page.get_by_label("Người ký").fill(SIGNER)
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(flash(page)).to_have_text("Đã lập dự thảo quyết định; chờ lãnh đạo ký.")
    page.context.clear_cookies()

    # The chairman lands on the programme's progress.
    login(page, base, "lanhdao", PASSWORD)
    expect(page.locator("h1")).to_have_text("Tiến độ thực hiện chương trình")
    figure = page.locator("tr[data-indicator=VL] .result-cell a")
    placed = figure.inner_text()
    assert re.fullmatch(r"[\d.]+", placed) and int(placed.replace(".", "")) > 0
    figure.click()
    page.wait_for_url(re.compile(r"/chuong-trinh/viec-lam/\?.*year=2025"))
    expect(page.locator("#record-count")).to_have_text(f"{placed} hồ sơ.")
    dates = page.locator("#records tbody tr td:nth-child(4)").all_inner_texts()
    assert dates and all(d.endswith("/2025") for d in dates)
    # The plan is the former town's: its quarters only, not the hamlets that joined later.
    places = page.locator("#records tbody tr td:nth-child(3)").all_inner_texts()
    assert places and all(p.startswith("Khu phố ") for p in places)

    # The decision, from the review's page.
    page.goto(f"{base}/ra-soat/")
    page.get_by_role("link", name=re.compile("Rà soát định kỳ năm 2026")).click()
    page.get_by_role("link", name=NUMBER).click()
    main = page.locator("main")
    expect(main).to_contain_text(f"Quyết định số {NUMBER}")
    expect(main).to_contain_text("Dự thảo")
    for review in posted:
        expect(main).to_contain_text(review.household.head_name)
    # The draft definitions of the 2027–2030 standard are a notice above the documents,
    # not part of the signing button.
    expect(page.locator("#unconfirmed-definitions")).to_contain_text(
        "đang dùng định nghĩa chưa được xác nhận"
    )
    sign = page.get_by_role("button", name="Phê duyệt, ký ban hành")
    expect(sign).to_be_enabled()
    expect(sign).to_have_text("Phê duyệt, ký ban hành")

    page.once("dialog", lambda dialog: dialog.accept())
    sign.click()
    expect(flash(page)).to_contain_text(f"Đã ký ban hành Quyết định số {NUMBER}")
    expect(page.locator("#decision-signed")).to_have_text(
        f"Chủ tịch {SIGNER} ký ngày {today.strftime('%d/%m/%Y')}"
    )
    expect(page.locator("#decision-recorded")).to_contain_text("Trần Văn Phúc")
    decision = Decision.objects.get(campaign=demo.campaign, number=NUMBER)
    assert decision.status == Decision.Status.APPROVED
    certified = Review.objects.filter(decision=decision).exclude(certificate_number="")
    for review in certified:
        expect(main).to_contain_text(review.certificate_number)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Quyết định (PDF)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    response = page.request.get(f"{base}/bao-cao/quyet-dinh/{decision.pk}.pdf")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")
    expect(main).to_contain_text(quarter.name)
    screenshot(page, "journey-leader")
    assert console.errors == []
