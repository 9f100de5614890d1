"""The survey page loads and is used without a single console error (htmx syntax
errors, missing favicon, script errors)."""

from __future__ import annotations

from tests.browser.conftest import login
from tests.browser.test_survey_and_decision import PASSWORD, campaign_setup  # noqa: F401


def test_survey_page_has_no_console_errors(
    live_server: object,
    desktop_page: object,
    campaign_setup: dict[str, object],  # noqa: F811
) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    page = desktop_page
    errors: list[str] = []
    page.on(  # type: ignore[attr-defined]
        "console", lambda msg: errors.append(msg.text) if msg.type == "error" else None
    )
    page.on("pageerror", lambda exc: errors.append(str(exc)))  # type: ignore[attr-defined]
    login(page, base, "truongkp1", PASSWORD)
    review = campaign_setup["review"]
    page.goto(f"{base}/ra-soat/phieu/{review.pk}/")  # type: ignore[attr-defined]
    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    # Typing in a number field drives the live classification without errors.
    page.get_by_label("Thu nhập (đồng)").fill("1200000")  # type: ignore[attr-defined]
    page.get_by_label("Số nhân khẩu").fill("1")  # type: ignore[attr-defined]
    page.wait_for_selector("#classification-result[data-result]")  # type: ignore[attr-defined]
    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    assert errors == []
