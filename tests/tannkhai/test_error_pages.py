"""Finding 19: the demo (DEBUG on) shows the app's own error pages, never Django's
technical pages with the URL list, a traceback or the settings."""

import pytest
from django.test import Client, override_settings

from tests.targets.conftest import plan  # noqa: F401 (fixture)

TECHNICAL = ("Using the URLconf", "DEBUG = True", "Traceback", "secret internals", "tannkhai.urls")


def _assert_plain(response, status, words):
    body = response.content.decode()
    assert response.status_code == status
    for marker in TECHNICAL:
        assert marker not in body, marker
    assert words in body


@pytest.fixture
def debug_client(db):
    with override_settings(DEBUG=True, ROOT_URLCONF="tests.tannkhai.error_urls"):
        yield Client(raise_request_exception=False)


def test_unknown_url_is_the_apps_404(debug_client, officer):
    debug_client.force_login(officer)
    _assert_plain(debug_client.get("/khong-co-trang-nay/"), 404, "Không tìm thấy trang")


def test_unknown_url_for_anonymous(debug_client):
    _assert_plain(debug_client.get("/khong-co-trang-nay/"), 404, "Không tìm thấy trang")


def test_out_of_scope_object_is_the_apps_404(debug_client, quarter_head_kp2, hh_kp1):
    debug_client.force_login(quarter_head_kp2)
    _assert_plain(debug_client.get(f"/ho-gia-dinh/{hh_kp1.pk}/"), 404, "Không tìm thấy trang")


def test_forbidden_is_the_apps_403(debug_client, leader):
    debug_client.force_login(leader)
    _assert_plain(debug_client.get("/ho-gia-dinh/them/"), 403, "không có quyền")


def test_crash_is_the_apps_500(debug_client):
    _assert_plain(debug_client.get("/boom/"), 500, "Đã xảy ra lỗi hệ thống")


def test_suspicious_request_is_a_plain_400(debug_client):
    response = debug_client.get("/suspicious/")
    assert response.status_code == 400
    assert "secret internals" not in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_append_slash_still_redirects(debug_client, officer):
    debug_client.force_login(officer)
    response = debug_client.get("/ho-gia-dinh")
    assert response.status_code == 301
    assert response["Location"] == "/ho-gia-dinh/"


def test_developer_can_ask_for_technical_pages(debug_client):
    with override_settings(DEBUG_ERROR_PAGES=True):
        response = debug_client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Using the URLconf" in response.content.decode()


def test_error_pages_keep_the_security_headers(debug_client):
    response = debug_client.get("/khong-co-trang-nay/")
    assert "Content-Security-Policy" in response.headers
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("debug", [True, False])
def test_csrf_failure_is_the_apps_page(db, debug):
    with override_settings(DEBUG=debug):
        client = Client(enforce_csrf_checks=True)
        response = client.post("/dang-nhap/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "Biểu mẫu đã hết hạn" in body
    assert "CSRF verification" not in body and "Forbidden" not in body


def test_a_report_refused_for_its_parameters_keeps_its_own_message(
    debug_client,
    officer,
    plan,  # noqa: F811
):
    """A download whose parameters the user can correct answers 400 with the report's
    page and the message, not the generic "bad request" page."""
    debug_client.force_login(officer)
    response = debug_client.get(f"/bao-cao/tai-ve/bien-dong.pdf?program={plan.pk}&year=2019")
    _assert_plain(response, 400, "Năm 2019 không thuộc chương trình")
