"""An administrator chooses a commune, the quarter drop-down fills with its quarters
(htmx), and choosing a quarter narrows the registry list."""

from __future__ import annotations

import re

import pytest

from households import services
from households.models import Area
from tannkhai.models import Role, User
from tests.browser.conftest import login, screenshot

PASSWORD = "MatKhau-Thu-2026"


@pytest.fixture
def province(reference_data: None) -> dict[str, Area]:
    root = Area.objects.create(code="75", name="Tỉnh Đồng Nai", kind=Area.Kind.PROVINCE)
    User.objects.create_user("quantri", password=PASSWORD, role=Role.ADMIN)
    officer = User.objects.create_user("canbo", password=PASSWORD, role=Role.OFFICER)
    found: dict[str, Area] = {}
    for c in ("TK", "XL"):
        commune = Area.objects.create(
            code=f"75.{c}", name=f"Xã {c}", kind=Area.Kind.COMMUNE, parent=root
        )
        officer.areas.add(commune)
        for n in (1, 2, 3):
            quarter = Area.objects.create(
                code=f"75.{c}.KP{n}", name=f"Ấp {c}-{n}", kind="quarter", parent=commune
            )
            found[f"{c}{n}"] = quarter
            services.household_create(
                user=officer,
                quarter=quarter,
                code=f"{c}{n}-0001",
                head={"full_name": f"Trần Văn {c}{n}", "sex": "male", "birth_year": 1970},
            )
        found[c] = commune
    return found


def test_admin_chooses_commune_then_quarter(
    live_server: object, desktop_page: object, province: dict[str, Area]
) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    page = desktop_page
    login(page, base, "quantri", PASSWORD)
    page.goto(f"{base}/ho-gia-dinh/")  # type: ignore[attr-defined]
    quarter = page.locator("#f-quarter option")  # type: ignore[attr-defined]
    assert quarter.count() == 1  # "choose a commune first"
    page.select_option("#f-commune", str(province["XL"].pk))  # type: ignore[attr-defined]
    # Polled from the test, not evaluated in the page (the CSP forbids eval).
    from playwright.sync_api import expect

    expect(quarter).to_have_count(4)
    page.wait_for_url(re.compile(rf"commune={province['XL'].pk}"))  # type: ignore[attr-defined]
    page.select_option("#f-quarter", str(province["XL2"].pk))  # type: ignore[attr-defined]
    page.wait_for_url(re.compile(rf"quarter={province['XL2'].pk}"))  # type: ignore[attr-defined]
    table = page.locator("#results table")  # type: ignore[attr-defined]
    table.get_by_role("link", name="XL2-0001").wait_for()
    assert table.get_by_role("link", name="XL1-0001").count() == 0
    assert table.get_by_role("link", name="TK2-0001").count() == 0
    screenshot(page, "admin-area-filter")
    # Reloading keeps the commune's quarters (no JavaScript needed for the narrowing).
    page.reload()  # type: ignore[attr-defined]
    assert page.locator("#f-quarter option").count() == 4  # type: ignore[attr-defined]


def test_report_form_offers_the_chosen_campaigns_quarters(
    live_server: object, desktop_page: object, province: dict[str, Area]
) -> None:
    """On the reports page, the quarter drop-down of a list holds the quarters of the
    campaign chosen beside it (htmx when it changes), not the province's."""
    from playwright.sync_api import expect

    from households.reviews import services as review_services

    officer = User.objects.get(username="canbo")
    first = review_services.campaign_create(
        user=officer, commune=province["TK"], kind="periodic", year=2024
    )
    second = review_services.campaign_create(
        user=officer, commune=province["XL"], kind="periodic", year=2025
    )
    base = live_server.url  # type: ignore[attr-defined]
    page = desktop_page
    login(page, base, "quantri", PASSWORD)
    page.goto(f"{base}/bao-cao/")  # type: ignore[attr-defined]
    campaign = page.locator("#danh-sach-ho-campaign")  # type: ignore[attr-defined]
    quarters = page.locator("#danh-sach-ho-quarter option")  # type: ignore[attr-defined]
    # The newest campaign (Xã XL, 2025) comes first, with its three quarters.
    assert campaign.input_value() == str(second.pk)
    expect(quarters).to_have_count(4)
    assert "Ấp XL-1" in quarters.all_text_contents()
    page.select_option("#danh-sach-ho-campaign", str(first.pk))  # type: ignore[attr-defined]
    expect(quarters.filter(has_text="Ấp TK-2")).to_have_count(1)
    expect(quarters).to_have_count(4)
    assert not [t for t in quarters.all_text_contents() if "XL" in t]
    page.select_option("#danh-sach-ho-quarter", str(province["TK2"].pk))  # type: ignore[attr-defined]
    screenshot(page, "report-form-quarters")
    form = page.locator("#danh-sach-ho-quarter").locator("xpath=ancestor::form")  # type: ignore[attr-defined]
    form.get_by_role("button", name="Xem").click()
    page.wait_for_url(re.compile(rf"quarter={province['TK2'].pk}"))  # type: ignore[attr-defined]
    assert page.locator("#danh-sach-ho-quarter").input_value() == str(province["TK2"].pk)  # type: ignore[attr-defined]
    assert page.locator("#danh-sach-ho-quarter option").count() == 4  # type: ignore[attr-defined]
