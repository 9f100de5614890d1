"""Access logging for personal data (who viewed or exported which records)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

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
