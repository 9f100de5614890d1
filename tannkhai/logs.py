"""Request ids and logs without personal data.

Every request gets an id: the ``X-Request-ID`` the reverse proxy sent when it is
well-formed (nginx's ``$request_id``), otherwise a new uuid4 hex. It is returned in
the ``X-Request-ID`` response header, written on every log record made while the
request runs (``RequestIdFilter``) and shown on the error pages, so that a user who
quotes it leads the administrator to the log lines of their request.

The application and access logs are read by more people and kept longer than the
registry, so they must not hold citizen IDs, names or the query strings that carry
them (a search is ``?q=<name or citizen ID>``). Django's own request logging writes
only ``request.path``; the development server (``django.server``) writes the whole
request line, and a database error's text can quote a row's values. So:

- ``PathOnlyFilter`` cuts the query string off every URL in a ``django.server`` or
  ``django.request`` record;
- ``RedactingFormatter`` masks, in the final text (the traceback included), long runs
  of digits (citizen IDs, health-insurance and phone numbers) and the values that a
  PostgreSQL error quotes (``Key (citizen_id)=(…)``, ``DETAIL: Failing row contains (…)``).

The gunicorn access log has its own format without the query string (see
``deploy/gunicorn.conf.py``). The audit trail of who viewed what is ``AccessLog``
(``tannkhai.audit``), not these logs.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest
from django.http.response import HttpResponseBase

HEADER = "X-Request-ID"
NO_REQUEST = "-"

_current: ContextVar[str] = ContextVar("tannkhai_request_id", default=NO_REQUEST)

# What a proxy may hand us: nginx's $request_id is 32 hex digits; a uuid with dashes
# and other tracing ids also fit. Anything else (too long, spaces, quotes that could
# break a log line) is replaced by our own id.
_WELL_FORMED = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{7,63}")


def current_request_id() -> str:
    """The id of the request being handled, or ``-`` outside a request."""
    return _current.get()


def new_request_id() -> str:
    return uuid.uuid4().hex


def request_id_of(request: HttpRequest) -> str:
    return getattr(request, "request_id", None) or current_request_id()


class RequestIdMiddleware:
    """First in MIDDLEWARE, so that everything below logs with the id and every response
    (redirects and error pages too) carries it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        given = request.headers.get(HEADER, "")
        request_id = given if _WELL_FORMED.fullmatch(given) else new_request_id()
        request.request_id = request_id  # type: ignore[attr-defined]
        token = _current.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response[HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Puts ``record.request_id`` on every record (``-`` outside a request). Django logs
    a 4xx response after the middleware has returned, with the request on the record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            request = getattr(record, "request", None)
            record.request_id = getattr(request, "request_id", None) or current_request_id()
        return True


def path_only(text: str) -> str:
    """``text`` with the query string of every URL in it cut off (``/a/?q=x`` → ``/a/``)."""
    return _QUERY.sub("", text)


# Up to " HTTP/1.1" in a request line (whatever it holds), else to the end of the URL.
_QUERY = re.compile(r"\?(?:[^\"'\n]*?(?= HTTP/\d)|[^\s\"']*)")


class PathOnlyFilter(logging.Filter):
    """Drops query strings from the record's message and arguments (``django.server``
    writes the request line ``GET /ho-gia-dinh/?q=… HTTP/1.1``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = path_only(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(path_only(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {
                k: path_only(v) if isinstance(v, str) else v for k, v in record.args.items()
            }
        return True


# 9 or more digits in a row: a citizen ID (12), an old ID card (9), the digits of a
# health-insurance number, a phone number. Dates, counts, ports and ids are shorter;
# a uuid's hex groups are at most 12 characters but mix letters, so only all-digit
# groups of 9+ are masked (a uuid group of 12 digits loses nothing anyone needs).
_DIGITS = re.compile(r"(?<![0-9A-Za-z])\d{9,}(?![0-9A-Za-z])")
# PostgreSQL quotes the offending values: "Key (citizen_id)=(070080001234) already
# exists.", "Failing row contains (12, Nguyễn Văn An, …)."
_PG_KEY = re.compile(r"(Key \([^)]*\)=)\((.*?)\)(?= |$|\n)")
_PG_ROW = re.compile(r"(Failing row contains )\(.*\)")
MASK = "[redacted]"


def redact(text: str) -> str:
    text = _PG_KEY.sub(lambda m: f"{m.group(1)}({MASK})", text)
    text = _PG_ROW.sub(lambda m: f"{m.group(1)}({MASK})", text)
    return _DIGITS.sub(MASK, text)


class RedactingFormatter(logging.Formatter):
    """A formatter whose whole output (message, traceback) goes through ``redact``."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))
