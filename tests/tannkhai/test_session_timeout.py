"""Finding 18: sessions end after 30 idle minutes, after 8 hours whatever the activity,
and with the browser."""

import os
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import PASSWORD
from tests.utils import messages_of

HOME = "/ho-gia-dinh/"


@pytest.fixture
def signed_in(officer):
    client = Client()
    response = client.post("/dang-nhap/", {"username": "congchuc", "password": PASSWORD})
    assert response.status_code == 302
    return client


def _shift(client, **seconds_back):
    session = client.session
    for key, back in seconds_back.items():
        session[key] = session[key] - back
    session.save()


def test_cookie_ends_with_the_browser(signed_in):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    cookie = signed_in.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["max-age"] and not cookie["expires"]


def test_defaults():
    assert settings.SESSION_IDLE_TIMEOUT == 30 * 60
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert not getattr(settings, "SESSION_SAVE_EVERY_REQUEST", False)


def test_activity_keeps_the_session(signed_in):
    _shift(signed_in, tannkhai_last_seen=29 * 60)
    assert signed_in.get(HOME).status_code == 200
    assert signed_in.session["tannkhai_last_seen"] > time.time() - 5


def test_idle_timeout_signs_out(signed_in):
    _shift(signed_in, tannkhai_last_seen=31 * 60)
    response = signed_in.get(HOME)
    assert response.status_code == 302
    assert response["Location"] == f"/dang-nhap/?next={HOME}"
    assert messages_of(response) == [
        "Phiên làm việc đã hết hạn vì quá 30 phút không thao tác. Vui lòng đăng nhập lại."
    ]
    assert "_auth_user_id" not in signed_in.session
    # the next page is the login page, with the message shown
    page = signed_in.get(response["Location"])
    assert "quá 30 phút không thao tác" in page.content.decode()


def test_absolute_limit_holds_despite_activity(signed_in):
    # Active a minute ago, but signed in 8 hours and a minute ago.
    _shift(signed_in, tannkhai_login_at=8 * 3600 + 60, tannkhai_last_seen=60)
    response = signed_in.get(HOME)
    assert response.status_code == 302
    assert messages_of(response) == [
        "Phiên làm việc đã quá 8 giờ kể từ lúc đăng nhập. Vui lòng đăng nhập lại."
    ]
    assert "_auth_user_id" not in signed_in.session


def test_htmx_request_is_redirected_by_header(signed_in):
    _shift(signed_in, tannkhai_last_seen=31 * 60)
    response = signed_in.get(HOME, headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == f"/dang-nhap/?next={HOME}"


def test_post_after_expiry_saves_nothing(signed_in, hh_kp1):
    _shift(signed_in, tannkhai_last_seen=31 * 60)
    response = signed_in.post(f"/ho-gia-dinh/{hh_kp1.pk}/sua/", {"address": "x"})
    assert response.status_code == 302
    hh_kp1.refresh_from_db()
    assert hh_kp1.address == "12 Nguyễn Huệ"


def test_session_without_timestamps_starts_counting(officer, client_for):
    # Sessions made before this change (or by force_login) get their clock started.
    client = client_for(officer)
    assert client.get(HOME).status_code == 200
    assert "tannkhai_login_at" in client.session


def test_idle_timeout_is_configurable():
    from tests.tannkhai.test_settings import ROOT

    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["SESSION_IDLE_TIMEOUT"] = "10"
    result = subprocess.run(
        [sys.executable, "-c", "import tannkhai.settings as s; print(s.SESSION_IDLE_TIMEOUT)"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "600", result.stderr
