"""The database going away: a 503 page "try again in a moment" with the request id,
never a 500, and the next request works again without a restart."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError
from django.test import Client, override_settings

GONE = OperationalError("server closed the connection unexpectedly")


def _assert_503(response) -> None:  # type: ignore[no-untyped-def]
    body = response.content.decode()
    assert response.status_code == 503
    assert "Không kết nối được cơ sở dữ liệu" in body
    assert "The database is not reachable" in body
    assert response["X-Request-ID"] in body
    assert response["Retry-After"] == "10"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("error", [GONE, InterfaceError("connection already closed")])
def test_a_view_losing_the_database_answers_503(hh_kp1, officer, client_for, error):
    client = client_for(officer)
    with mock.patch("households.views.selectors.households_visible_to", side_effect=error):
        _assert_503(client.get("/ho-gia-dinh/"))
    # The database is back: the same client, the same server process, no restart.
    assert client.get("/ho-gia-dinh/").status_code == 200


@pytest.mark.parametrize("debug", [False, True])
def test_losing_the_database_in_a_middleware_is_503_too(hh_kp1, officer, client_for, debug):
    """The session is read by the middleware, before any view: no process_exception
    there, the 500 handler answers with the 503 page."""
    client = client_for(officer)
    with (
        override_settings(DEBUG=debug),
        mock.patch("django.contrib.sessions.backends.db.SessionStore.load", side_effect=GONE),
    ):
        response = Client(raise_request_exception=False, HTTP_COOKIE=_cookie(client)).get(
            "/ho-gia-dinh/"
        )
    _assert_503(response)
    assert client.get("/ho-gia-dinh/").status_code == 200


def _cookie(client: Client) -> str:
    return "; ".join(f"{k}={v.value}" for k, v in client.cookies.items())


def test_other_errors_stay_500(db):
    with override_settings(DEBUG=False, ROOT_URLCONF="tests.tannkhai.error_urls"):
        response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    assert "Đã xảy ra lỗi hệ thống" in response.content.decode()
