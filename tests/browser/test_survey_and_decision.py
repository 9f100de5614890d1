"""A quarter head fills a survey on a phone and watches the classification change;
a leader then approves the recognition decision."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from households import services
from households.models import Area, Household
from households.reviews import services as rsv
from households.reviews.models import Decision, Review
from tannkhai.models import Role, User
from tests.browser.conftest import login, screenshot

PASSWORD = "MatKhau-Thu-2026"


@pytest.fixture
def campaign_setup(reference_data: None) -> dict[str, object]:
    province = Area.objects.create(code="75", name="Tỉnh Đồng Nai", kind=Area.Kind.PROVINCE)
    commune = Area.objects.create(
        code="75.TK", name="Xã Tân Khai", kind=Area.Kind.COMMUNE, parent=province
    )
    kp1 = Area.objects.create(code="75.TK.KP1", name="Khu phố 1", kind="quarter", parent=commune)
    officer = User.objects.create_user("canbo", password=PASSWORD, role=Role.OFFICER)
    officer.areas.add(commune)
    head = User.objects.create_user("truongkp1", password=PASSWORD, role=Role.QUARTER_HEAD)
    head.areas.add(kp1)
    leader = User.objects.create_user(
        "lanhdao", password=PASSWORD, role=Role.LEADER, full_name="Trần Văn Chủ"
    )
    leader.areas.add(commune)
    household = services.household_create(
        user=officer,
        quarter=kp1,
        code="KP1-0007",
        head={
            "full_name": "Điểu Văn Lâm",
            "sex": "male",
            "birth_year": 1975,
            "has_health_insurance": True,
        },
    )
    rsv.request_submit(
        user=officer,
        household=household,
        submitted_on=timezone.localdate() - dt.timedelta(days=30),
        reason="Gia đình khó khăn",
        answers={},
    )
    campaign = rsv.campaign_create(user=officer, commune=commune, kind="adhoc", year=2026, month=5)
    review = Review.objects.get(campaign=campaign, household=household)
    return {
        "officer": officer,
        "campaign": campaign,
        "quarter": kp1,
        "household": household,
        "review": review,
    }


def test_quarter_head_survey_then_leader_approves(
    live_server: object,
    phone_page: object,
    desktop_page: object,
    campaign_setup: dict[str, object],
) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    review = campaign_setup["review"]
    page = phone_page
    login(page, base, "truongkp1", PASSWORD)
    page.goto(f"{base}/ra-soat/phieu/{review.pk}/")  # type: ignore[attr-defined]

    result = page.locator("#classification")  # type: ignore[attr-defined]
    assert "Nhập thu nhập hoặc điểm A" in result.inner_text()

    page.get_by_label("Số nhân khẩu").fill("1")  # type: ignore[attr-defined]
    # Typed the Vietnamese way, without leaving the field: the result follows the keys.
    income = page.get_by_label("Thu nhập (đồng)")  # type: ignore[attr-defined]
    income.press_sequentially("1.200.000", delay=30)
    page.wait_for_selector("#classification-result[data-result=near_poor]")  # type: ignore[attr-defined]
    assert income.evaluate("el => el === document.activeElement")
    assert "thiếu hụt 0 chỉ số" in result.inner_text()

    for code in ("1", "7", "9"):
        page.locator(f"#ind-{code}").check()  # type: ignore[attr-defined]
    page.wait_for_selector("#classification-result[data-result=poor]")  # type: ignore[attr-defined]
    assert "Thu nhập 1.200.000 đ ≤ 1.500.000 đ và thiếu hụt 3 chỉ số (≥ 3): hộ nghèo." in (
        result.inner_text()
    )
    screenshot(page, "survey-phone-poor")

    # Surveyed on paper three weeks ago, before the meeting below (a meeting cannot
    # come before the survey it agrees).
    surveyed_on = timezone.localdate() - dt.timedelta(days=20)
    page.get_by_label("Ngày khảo sát").fill(surveyed_on.isoformat())  # type: ignore[attr-defined]
    page.get_by_role("button", name="Hoàn thành khảo sát").click()  # type: ignore[attr-defined]
    page.wait_for_selector("text=Đã hoàn thành khảo sát hộ KP1-0007.")  # type: ignore[attr-defined]
    review.refresh_from_db()  # type: ignore[attr-defined]
    assert review.status == Review.Status.SURVEYED  # type: ignore[attr-defined]
    assert review.result == "poor"  # type: ignore[attr-defined]

    # The officer runs the meeting and the posting; the posting ended days ago.
    officer = campaign_setup["officer"]
    campaign = campaign_setup["campaign"]
    quarter = campaign_setup["quarter"]
    today = timezone.localdate()
    rsv.meeting_record(
        user=officer,
        campaign=campaign,
        quarter=quarter,
        held_on=today - dt.timedelta(days=14),
        chair="Lê Văn Tư",
        attendees=30,
        votes_for=25,
    )
    rsv.posting_start(
        user=officer, campaign=campaign, quarter=quarter, start_date=today - dt.timedelta(days=12)
    )
    decision = rsv.decision_prepare(
        user=officer,
        campaign=campaign,
        number="125/QĐ-UBND",
        signed_on=today,
        signer_name="Trần Văn Chủ",
    )

    leader_page = desktop_page
    login(leader_page, base, "lanhdao", PASSWORD)
    leader_page.goto(f"{base}/ra-soat/quyet-dinh/{decision.pk}/")  # type: ignore[attr-defined]
    assert "Điểu Văn Lâm" in leader_page.locator("main").inner_text()  # type: ignore[attr-defined]
    leader_page.on("dialog", lambda dialog: dialog.accept())  # type: ignore[attr-defined]
    leader_page.get_by_role("button", name="Phê duyệt, ký ban hành").click()  # type: ignore[attr-defined]
    leader_page.wait_for_selector("text=Đã ký ban hành")  # type: ignore[attr-defined]
    screenshot(leader_page, "decision-approved")

    decision.refresh_from_db()
    assert decision.status == Decision.Status.APPROVED
    household = Household.objects.get(pk=campaign_setup["household"].pk)  # type: ignore[attr-defined]
    assert household.poverty_status == "poor"
    assert Review.objects.get(pk=review.pk).certificate_number == "2026-0001"  # type: ignore[attr-defined]
