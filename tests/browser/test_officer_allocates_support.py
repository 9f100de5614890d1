"""An officer allocates the plan's new house to a poor household (80.000.000 đ state
support + 20.800.000 đ counterpart), pays a first tranche, and finds it on the household
page and in the line's figures."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from funding.models import Allocation, Disbursement, FundingSource
from funding.reference import ensure_reference_data
from households import services
from households.models import Area, Household
from tannkhai.models import Role, User
from tests.browser.conftest import screenshot

PASSWORD = "MatKhau-Thu-2026"


@pytest.fixture
def world(reference_data: None) -> dict[str, object]:
    ensure_reference_data()
    province = Area.objects.create(code="75", name="Tỉnh Đồng Nai", kind=Area.Kind.PROVINCE)
    commune = Area.objects.create(
        code="75.TK", name="Xã Tân Khai", kind=Area.Kind.COMMUNE, parent=province
    )
    kp1 = Area.objects.create(code="75.TK.KP1", name="Khu phố 1", kind="quarter", parent=commune)
    officer = User.objects.create_user(
        "canbo", password=PASSWORD, role=Role.OFFICER, full_name="Lê Thị Thu Hà"
    )
    officer.areas.add(commune)
    household = services.household_create(
        user=officer,
        quarter=kp1,
        code="KP1-0001",
        head={"full_name": "Nguyễn Văn Ân", "sex": "male", "birth_year": 1970},
    )
    Household.objects.filter(pk=household.pk).update(poverty_status="poor")
    call_command("load_plan", commune=commune.code, stdout=StringIO())
    return {"household": household}


def test_officer_allocates_and_disburses(
    live_server: object, desktop_page: object, world: dict[str, object]
) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    page = desktop_page
    household = world["household"]
    sources = {s.code: s.pk for s in FundingSource.objects.all()}
    page.goto(f"{base}/dang-nhap/")  # type: ignore[attr-defined]
    page.locator("#id_username").fill("canbo")  # type: ignore[attr-defined]
    page.locator("#id_password").fill(PASSWORD)  # type: ignore[attr-defined]
    page.locator("form button[type=submit]").click()  # type: ignore[attr-defined]

    # From the household page to the lines, then the new house.
    page.goto(f"{base}/ho-gia-dinh/{household.pk}/")  # type: ignore[attr-defined]
    page.get_by_role("link", name="Phân bổ hỗ trợ").click()  # type: ignore[attr-defined]
    row = page.locator("tr", has_text="Hỗ trợ xây mới nhà ở")  # type: ignore[attr-defined]
    row.get_by_role("link", name="Phân bổ").click()
    assert page.locator("#id_household").input_value() == "KP1-0001"  # type: ignore[attr-defined]
    page.locator("#id_allocated_on").fill("2023-05-02")  # type: ignore[attr-defined]
    # All of it as state support: refused, the rest must be counterpart funding.
    page.locator(f"#id_part_{sources['central_ntp']}").fill("100.800.000")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Lưu").click()  # type: ignore[attr-defined]
    page.get_by_text("vượt mức tối đa 80.000.000 đ").wait_for()  # type: ignore[attr-defined]
    assert Allocation.objects.count() == 0
    page.locator(f"#id_part_{sources['central_ntp']}").fill("80.000.000")  # type: ignore[attr-defined]
    page.locator(f"#id_part_{sources['other']}").fill("20.800.000")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Lưu").click()  # type: ignore[attr-defined]
    page.get_by_text("Đã phân bổ hỗ trợ cho hộ KP1-0001.").wait_for()  # type: ignore[attr-defined]
    assert page.locator('[data-figure="amount"]').inner_text() == "100.800.000 đ"  # type: ignore[attr-defined]

    # A first tranche of the state support.
    page.locator("#id_source").select_option(str(sources["central_ntp"]))  # type: ignore[attr-defined]
    page.locator("#id_paid_on").fill("2023-06-01")  # type: ignore[attr-defined]
    page.locator("#id_amount").fill("40.000.000")  # type: ignore[attr-defined]
    page.locator("#id_document_number").fill("PC-01")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Ghi nhận").click()  # type: ignore[attr-defined]
    page.get_by_text("Đã ghi nhận khoản chi.").wait_for()  # type: ignore[attr-defined]
    assert page.locator('[data-figure="left"]').inner_text() == "60.800.000 đ"  # type: ignore[attr-defined]
    assert Disbursement.objects.get().amount == 40_000_000
    screenshot(page, "funding-allocation")

    page.goto(f"{base}/ho-gia-dinh/{household.pk}/")  # type: ignore[attr-defined]
    support = page.locator("#support")  # type: ignore[attr-defined]
    assert "100.800.000 đ" in support.inner_text()
    assert "40.000.000 đ" in support.inner_text()
