"""What each role may do. Views check these and answer 403; scope is the selectors' job."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed

from tannkhai.models import Role, User

F = TypeVar("F", bound=Callable[..., HttpResponse])


def role_or_none(user: Any) -> str | None:
    """The user's role (superusers: administrators); None when not signed in."""
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


def can_see_sensitive(user: User) -> bool:
    """Full citizen ID and other sensitive fields."""
    return role_or_none(user) in (Role.ADMIN, Role.OFFICER)


def can_see_member_details(user: User) -> bool:
    """Health, disability, schooling and employment of members (not org members)."""
    return role_or_none(user) in (Role.ADMIN, Role.OFFICER, Role.QUARTER_HEAD, Role.LEADER)


def can_manage_users(user: User) -> bool:
    return role_or_none(user) == Role.ADMIN


def is_signed_in(user: User) -> bool:
    """Any signed-in user (the view's selectors then decide what they see)."""
    return bool(getattr(user, "is_authenticated", False))


def is_not_org_member(user: User) -> bool:
    """Every role but organisation members, who see only their assigned households."""
    return role_or_none(user) in (Role.ADMIN, Role.OFFICER, Role.QUARTER_HEAD, Role.LEADER)


def require(
    check: Callable[[User], bool] = is_signed_in,
    *,
    post: Callable[[User], bool] | None = None,
    methods: tuple[str, ...] | None = None,
) -> Callable[[F], F]:
    """Guard a view: sign-in, the role check(s), the HTTP method — before the view runs.

    Order of answers, the same for every view:

    1. anonymous → redirect to the login page;
    2. ``check(user)`` false → 403 (whatever the method);
    3. a POST and ``post(user)`` false → 403 (a read-only role may open the page but not
       submit it);
    4. a method outside ``methods`` → 405.

    Scope (404) is the view's selectors' job and comes next, then the form. So nobody
    learns from a form error that an action exists for them, and a new view that uses
    this decorator cannot validate input for a role that may not submit it.
    """
    allowed = tuple(m.upper() for m in methods) if methods else None

    def decorator(view: F) -> F:
        @wraps(view)
        @login_required
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user: User = request.user  # type: ignore[assignment]
            if not check(user):
                raise PermissionDenied
            if request.method == "POST" and post is not None and not post(user):
                raise PermissionDenied
            if allowed is not None and request.method not in allowed:
                return HttpResponseNotAllowed(allowed)
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator
