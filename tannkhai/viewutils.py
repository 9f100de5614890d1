"""Small helpers shared by the function views of every app."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest

from tannkhai.inputs import normalise_free_text
from tannkhai.models import User


def current_user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


_ASCII_INT = re.compile(r"-?[0-9]{1,18}")
_T = TypeVar("_T", bound=int | None)


def parse_query_int(
    raw: str | None, *, default: _T, minimum: int | None = None, maximum: int | None = None
) -> int | _T:
    """An integer typed in a URL, or ``default`` when it is absent, malformed or out of bounds.

    Only ASCII digits (no ``²``, ``٣``, exponents) and at most 18 of them, so the value fits
    every integer column and never reaches Python's 4,300-digit conversion limit.
    """
    text = (raw or "").strip()
    if not _ASCII_INT.fullmatch(text):
        return default
    value = int(text)
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        return default
    return value


def query_int(
    request: HttpRequest,
    name: str,
    *,
    default: _T,
    minimum: int | None = 1,
    maximum: int | None = 2**31 - 1,
) -> int | _T:
    """``request.GET[name]`` as a bounded integer (ids by default: 1 … 2³¹−1), else ``default``.

    The one way a view reads an integer query parameter: a bad value is ignored, never a 500.
    """
    return parse_query_int(request.GET.get(name), default=default, minimum=minimum, maximum=maximum)


def query_year(request: HttpRequest, name: str = "year", *, default: _T) -> int | _T:
    """A year in a URL (2000–2100, the range every screen offers), else ``default``."""
    return query_int(request, name, default=default, minimum=2000, maximum=2100)


def query_text(request: HttpRequest, name: str, *, max_length: int = 150) -> str:
    """``request.GET[name]`` as search text: NFC, no control characters, at most ``max_length``."""
    return normalise_free_text(request.GET.get(name) or "").strip()[:max_length]


def query_choice(
    request: HttpRequest, name: str, *, choices: Iterable[str], default: str | None = None
) -> str | None:
    """``request.GET[name]`` when it is one of ``choices``, else ``default``."""
    value = request.GET.get(name)
    return value if value is not None and value in set(choices) else default


def apply_errors(
    form: BaseForm, exc: ValidationError, *, prefix_map: dict[str, BaseForm] | None = None
) -> None:
    """Put a service's ValidationError on the form fields it names, else on the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            target = form
            name: str | None = field
            if prefix_map:
                for prefix, other in prefix_map.items():
                    if field.startswith(prefix):
                        target, name = other, field[len(prefix) :]
                        break
            if name not in target.fields:
                name = None
            for message in errors:
                target.add_error(name, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)
