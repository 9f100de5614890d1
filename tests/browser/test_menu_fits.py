"""At 1366 px (folded) and at 1400 px (the first width where the bar unfolds) the
administrator's menu never pushes the language switch off the screen, in Vietnamese or
in English."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from tannkhai.models import Role

PASSWORD = "MatKhau-Thu-2026"


@pytest.mark.parametrize("width", [1366, 1400])
@pytest.mark.parametrize("language", ["vi", "en"])
def test_language_switch_stays_on_screen(
    live_server: object, desktop_page: object, db: None, language: str, width: int
) -> None:
    get_user_model().objects.create_user(
        "quantri", password=PASSWORD, role=Role.ADMIN, full_name="Nguyễn Thị Quản Trị Viên"
    )
    base = live_server.url  # type: ignore[attr-defined]
    page = desktop_page
    page.set_viewport_size({"width": width, "height": 900})  # type: ignore[attr-defined]
    page.context.add_cookies(  # type: ignore[attr-defined]
        [{"name": "django_language", "value": language, "url": base}]
    )
    page.goto(f"{base}/dang-nhap/")  # type: ignore[attr-defined]
    page.locator("#id_username").fill("quantri")  # type: ignore[attr-defined]
    page.locator("#id_password").fill(PASSWORD)  # type: ignore[attr-defined]
    page.locator("form button[type=submit]").click()  # type: ignore[attr-defined]
    page.goto(f"{base}/ho-gia-dinh/")  # type: ignore[attr-defined]
    scroll_width = page.evaluate("document.documentElement.scrollWidth")  # type: ignore[attr-defined]
    assert scroll_width <= width
    switch = page.locator("#lang-select")  # type: ignore[attr-defined]
    if switch.is_visible():
        box = switch.bounding_box()
        assert box is not None and box["x"] + box["width"] <= width
