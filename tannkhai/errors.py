"""The app's own error pages, also when DEBUG is on (``make run``, the demo).

With DEBUG on, Django answers a 404 with its technical page, which lists every URL
pattern of the project, and a 500 or 400 with a traceback and the settings. The
demo runs with DEBUG on (runserver, no collectstatic, dev defaults), and people try
it on a network, so those pages are replaced here by templates/404.html and
templates/500.html. A developer who wants Django's pages sets ``DEBUG_ERROR_PAGES=on``.
With DEBUG off Django already uses our handlers and this middleware does nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from csp.constants import HEADER
from csp.utils import build_policy
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import defaults

OWN_PAGE = "tannkhai_own_page"


def own_page(response: HttpResponse) -> HttpResponse:
    """Mark an error status answered with a page of ours (a report's parameters the
    user can correct: 400 with the message), so that it is shown as it is."""
    setattr(response, OWN_PAGE, True)
    return response


class AppErrorPagesMiddleware:
    """Last in MIDDLEWARE: it sees the response Django made from the exception."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not settings.DEBUG or settings.DEBUG_ERROR_PAGES or getattr(response, OWN_PAGE, False):
            return response
        # With DEBUG on, Django renders these statuses as technical pages; a view of
        # ours that answers one with its own page marks it (``own_page``).
        page: HttpResponse
        if response.status_code == 404:
            page = defaults.page_not_found(request, Http404())
        elif response.status_code == 400:
            page = defaults.bad_request(request, Exception())
        elif response.status_code >= 500:
            page = defaults.server_error(request)
        else:
            return response
        # django-csp leaves 404/500 without a policy when DEBUG is on (for Django's
        # technical pages); ours get it like every other page.
        page[HEADER] = build_policy()
        return page


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form whose CSRF token no longer matches (typically opened before the session
    expired): our page and a way forward, not Django's "Forbidden (403)" (which with
    DEBUG on also explains the CSRF settings). ``reason`` goes to the log only."""
    return render(request, "403_csrf.html", status=403)
