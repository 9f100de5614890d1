"""What each role may do. Views check these and answer 403; scope is the selectors' job."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from tannkhai.models import Role, User

F = TypeVar("F", bound=Callable[..., HttpResponse])


def _role(user: Any) -> str | None:
    if not getattr(user, "is_authenticated", False):
        return None
    if user.is_superuser:
        return Role.ADMIN
    return str(user.role)


def role_of(user: User) -> str:
    """The user's role, superusers counting as administrators."""
    return Role.ADMIN if user.is_superuser else str(user.role)


def in_scope(user: User, area: Any) -> bool:
    """Whether ``area`` lies in one of the user's area subtrees (administrators: always)."""
    if role_of(user) == Role.ADMIN:
        return True
    return any(area.path.startswith(p) for p in user.areas.values_list("path", flat=True))


def can_edit_registry(user: User) -> bool:
    """Create and correct households and members (quarter heads in their own quarters)."""
    return _role(user) in (Role.ADMIN, Role.OFFICER, Role.QUARTER_HEAD)


def can_restructure_registry(user: User) -> bool:
    """Move households between quarters and retire them."""
    return _role(user) in (Role.ADMIN, Role.OFFICER)


def can_see_sensitive(user: User) -> bool:
    """Full citizen ID and other sensitive fields."""
    return _role(user) in (Role.ADMIN, Role.OFFICER)


def can_see_member_details(user: User) -> bool:
    """Health, disability, schooling and employment of members (not org members)."""
    return _role(user) in (Role.ADMIN, Role.OFFICER, Role.QUARTER_HEAD, Role.LEADER)


def can_export_registry(user: User) -> bool:
    return _role(user) in (Role.ADMIN, Role.OFFICER, Role.QUARTER_HEAD, Role.LEADER)


def can_manage_users(user: User) -> bool:
    return _role(user) == Role.ADMIN


def can_manage_areas(user: User) -> bool:
    return _role(user) == Role.ADMIN


def require(check: Callable[[User], bool]) -> Callable[[F], F]:
    """Login required, then ``check(user)`` or 403."""

    def decorator(view: F) -> F:
        @wraps(view)
        @login_required
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not check(request.user):  # type: ignore[arg-type]
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator
