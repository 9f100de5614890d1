"""The client's address behind the reverse proxy (X-Real-IP from a trusted peer only)."""

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory, override_settings

from tannkhai.middleware import ProxyClientAddressMiddleware


def _address(remote: str, real: str | None) -> str:
    seen: dict[str, str] = {}

    def view(request: HttpRequest) -> HttpResponse:
        seen["addr"] = request.META["REMOTE_ADDR"]
        return HttpResponse()

    headers = {"HTTP_X_REAL_IP": real} if real is not None else {}
    ProxyClientAddressMiddleware(view)(RequestFactory().get("/", REMOTE_ADDR=remote, **headers))
    return seen["addr"]


@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
@pytest.mark.parametrize(
    ("remote", "real", "expected"),
    [
        ("127.0.0.1", "203.0.113.7", "203.0.113.7"),
        ("127.0.0.1", "2001:db8::1", "2001:db8::1"),
        ("127.0.0.1", None, "127.0.0.1"),
        ("127.0.0.1", "not-an-ip", "127.0.0.1"),
        ("198.51.100.9", "203.0.113.7", "198.51.100.9"),  # not our proxy: header ignored
    ],
)
def test_trusted_proxy(remote, real, expected):
    assert _address(remote, real) == expected


@override_settings(TRUSTED_PROXIES=[])
def test_no_trusted_proxy_by_default():
    assert _address("127.0.0.1", "203.0.113.7") == "127.0.0.1"
