"""Response headers that keep personal data out of caches.

- ``PrivateCacheMiddleware``: every response to a signed-in user is ``no-store``
  (unless the view chose its own ``Cache-Control``). Nearly every page behind the
  login shows households or members, and a new page would otherwise have to remember
  it; browsers and proxies then keep no copy on a shared commune computer, and the
  back button after signing out shows nothing. The cost (no browser caching of HTML)
  is small: static files are served before this middleware, with their own headers.
- ``HtmxMiddleware``: django-htmx's, plus ``Vary: HX-Request`` on every response whose
  view looked at ``request.htmx`` — a URL that answers with a page or a partial must
  not have one cached and served in place of the other.
"""

from __future__ import annotations

import contextlib
import ipaddress
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django_htmx.middleware import HtmxDetails


class TrackedHtmxDetails(HtmxDetails):
    """``request.htmx`` that remembers whether the view branched on it."""

    consulted = False

    def __bool__(self) -> bool:
        self.consulted = True
        return super().__bool__()


class HtmxMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        details = TrackedHtmxDetails(request)
        request.htmx = details  # type: ignore[attr-defined]
        response = self.get_response(request)
        if details.consulted:
            patch_vary_headers(response, ["HX-Request"])
        return response


class PrivateCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            # Decided by the view, or an error page drawn without the database (503):
            # the user must not be looked up then.
            return response
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


class ProxyClientAddressMiddleware:
    """Behind nginx every request comes from 127.0.0.1: the client's address, which the
    access log and the login lockout record, is in the ``X-Real-IP`` header that nginx
    sets (deploy/nginx.conf). It is taken only from a peer listed in ``TRUSTED_PROXIES``
    and only when it is an IP address; anyone else could send the header themselves."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.trusted = frozenset(settings.TRUSTED_PROXIES)

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if self.trusted and request.META.get("REMOTE_ADDR") in self.trusted:
            real = request.headers.get("X-Real-IP", "").strip()
            # No header, or not an address: the peer's own address stays.
            with contextlib.suppress(ValueError):
                request.META["REMOTE_ADDR"] = str(ipaddress.ip_address(real))
        return self.get_response(request)
