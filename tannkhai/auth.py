"""Sign-in helpers: the key that login lockout counts failures under."""

from __future__ import annotations

import unicodedata
from typing import Any

from django.http import HttpRequest


def lockout_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str | None:
    """The typed user name as sign-in matches it: NFKC, lower case.

    Sign-in ignores case (``CaseInsensitiveUserManager``), so ``CANBO``, ``CanBo`` and
    ``canbo`` are one account; counting them apart would give an attacker five tries
    per spelling instead of five in all.
    """
    source: Any = credentials if credentials else getattr(request, "data", request.POST)
    username = source.get("username")
    if not username:
        return None
    return unicodedata.normalize("NFKC", str(username)).lower()
