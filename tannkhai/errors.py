"""The app's own error pages, also when DEBUG is on (``make run``, the demo).

With DEBUG on, Django answers a 404 with its technical page, which lists every URL
pattern of the project, and a 500 or 400 with a traceback and the settings. The
demo runs with DEBUG on (runserver, no collectstatic, dev defaults), and people try
it on a network, so those pages are replaced here by templates/404.html and
templates/500.html. A developer who wants Django's pages sets ``DEBUG_ERROR_PAGES=on``.
With DEBUG off Django already uses our handlers and this middleware does nothing.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

from csp.constants import HEADER
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.views import defaults

from tannkhai.logs import request_id_of

logger = logging.getLogger(__name__)

OWN_PAGE = "tannkhai_own_page"
# Set on a request whose handling raised a database connection error (below).
DB_UNAVAILABLE = "tannkhai_db_unavailable"
# Seconds after which a browser or a proxy may try again (the Retry-After header).
RETRY_AFTER = 10

# The database cannot be reached (restarting, failing over, the network) or dropped the
# connection: psycopg and sqlite3 raise these, Django wraps them in its own classes.
UNREACHABLE = (OperationalError, InterfaceError)


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
            page = server_error(request)
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


def _unreachable(request: HttpRequest | None) -> bool:
    exc = sys.exc_info()[1]
    return isinstance(exc, UNREACHABLE) or bool(getattr(request, DB_UNAVAILABLE, False))


@receiver(got_request_exception)
def _note_database_error(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    """Remember on the request that the database could not be reached, for the error
    page drawn later (with DEBUG on, ``AppErrorPagesMiddleware`` draws it after the
    exception has been handled)."""
    if request is not None and isinstance(sys.exc_info()[1], UNREACHABLE):
        setattr(request, DB_UNAVAILABLE, True)


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """The page for a database that cannot be reached: try again in a moment.

    Drawn without the database (no context processors, no user, no session) and in
    both languages, since the language of the user's profile cannot be read either.
    """
    body = loader.get_template("503.html").render({"request_id": request_id_of(request)})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    add_never_cache_headers(response)
    return response


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    """``handler500``: the 500 page with the request id the log record carries, or the
    503 page when what failed was reaching the database (also from a middleware, where
    ``DatabaseUnavailableMiddleware.process_exception`` is not called)."""
    if _unreachable(request):
        return database_unavailable(request)
    body = loader.get_template(template_name).render({"request_id": request_id_of(request)})
    response = HttpResponse(body, status=500)
    add_never_cache_headers(response)
    return response


class DatabaseUnavailableMiddleware:
    """A view that loses the database answers 503 "try again in a moment", not 500.

    The connection that failed is marked unusable by Django and closed at the end of
    the request (``CONN_HEALTH_CHECKS`` tests a kept connection before reusing it), so
    the next request connects afresh: the app recovers without a restart. A write that
    was under way is rolled back with its transaction.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code >= 500 and getattr(request, DB_UNAVAILABLE, False):
            # Lost in a middleware below, and answered with another page on the way out
            # (Django's technical page with DEBUG on, or a second error in the session
            # middleware, whose session could not be loaded).
            return database_unavailable(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, UNREACHABLE):
            return None
        # The traceback goes to the log through tannkhai.logs.RedactingFormatter, which
        # masks the values a database error may quote.
        logger.error("database unavailable on %s", request.path, exc_info=exception)
        setattr(request, DB_UNAVAILABLE, True)
        return database_unavailable(request)
