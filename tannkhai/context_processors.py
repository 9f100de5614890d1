from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from households.permissions import (
    can_edit_registry,
    can_export_registry,
    can_manage_areas,
    can_restructure_registry,
)
from tannkhai import permissions
from tannkhai.privacy import policy_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Role flags the base layout uses to show the right menu entries."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "can_edit_registry": can_edit_registry(user),  # type: ignore[arg-type]
        "can_restructure_registry": can_restructure_registry(user),  # type: ignore[arg-type]
        "can_export_registry": can_export_registry(user),  # type: ignore[arg-type]
        "can_manage_users": permissions.can_manage_users(user),  # type: ignore[arg-type]
        "can_manage_areas": can_manage_areas(user),  # type: ignore[arg-type]
        "can_see_sensitive": permissions.can_see_sensitive(user),  # type: ignore[arg-type]
        # What of the registry's personal data this user sees (tannkhai.privacy).
        "privacy": policy_for(user),
    }
