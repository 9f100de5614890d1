"""Access logging for personal data (who viewed, searched or exported which records).

The one place that writes ``AccessLog`` rows: views call ``log_access`` (or one of
the helpers below) wherever personal data is rendered — pages, edit forms, searches
by citizen ID, exports and the Django admin.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from tannkhai.formatting import mask_citizen_id
from tannkhai.inputs import normalise_free_text
from tannkhai.models import AccessLog


def attribute(obj: object, user: Any) -> None:
    """Record ``user`` as the author of ``obj``'s next history row (also outside requests)."""
    if user is not None and getattr(user, "pk", None):
        obj._history_user = user  # type: ignore[attr-defined]


def client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def loggable(value: Any) -> Any:
    """``value`` as JSON the database accepts: text without NUL or control characters
    (PostgreSQL refuses ``\u0000`` in jsonb), cut to 500 characters."""
    if isinstance(value, str):
        return normalise_free_text(value)[:500]
    if isinstance(value, dict):
        return {loggable(str(k)): loggable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [loggable(v) for v in value]
    return value


def log_access(
    request: HttpRequest,
    *,
    action: str,
    household_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> AccessLog:
    return AccessLog.objects.create(
        user=request.user,  # type: ignore[misc]
        action=action,
        household_id=household_id,
        detail=loggable(detail or {}),
        ip_address=client_ip(request),
    )


def citizen_id_digest(citizen_id: str) -> str:
    """A keyed hash of a citizen ID, for finding who searched a given number.

    The log keeps the searched number masked plus this digest, not the number itself:
    the log is kept longer and read more widely than the registry, and a plain hash of
    a 12-digit number with a known structure is reversed in seconds. Anyone holding
    the secret key (the administrator) computes the digest of the number in question
    and filters the log on ``detail__citizen_id_digest``.
    """
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, b"citizen-id:" + citizen_id.encode(), hashlib.sha256).hexdigest()[:32]


def query_detail(params: Any) -> dict[str, str]:
    """The non-empty query parameters of a list or export, a citizen ID among them
    masked and digested like a search (see ``citizen_id_digest``)."""
    detail: dict[str, str] = {}
    for key, value in params.items():
        if not value:
            continue
        digits = str(value).strip().replace(" ", "")
        if digits.isdigit() and len(digits) == 12:
            detail[key] = mask_citizen_id(digits)
            detail[f"{key}_digest"] = citizen_id_digest(digits)
        else:
            detail[key] = str(value)
    return detail


def log_citizen_id_search(
    request: HttpRequest, *, where: str, citizen_id: str, household_ids: list[int]
) -> AccessLog:
    """A search by citizen ID and what it found (the number masked, see above)."""
    return log_access(
        request,
        action=AccessLog.Action.SEARCH_CITIZEN_ID,
        household_id=household_ids[0] if len(household_ids) == 1 else None,
        detail={
            "where": where,
            "citizen_id": mask_citizen_id(citizen_id),
            "citizen_id_digest": citizen_id_digest(citizen_id),
            "households": sorted(household_ids)[:50],
        },
    )
