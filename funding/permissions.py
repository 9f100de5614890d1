"""Who may do what with funding lines, allocations and disbursements: the one place for
these rules.

Officers (and administrators) record; leaders read the whole commune; quarter heads read
their quarters' support; organisation members read the support of the households assigned
to them, on the household page only. Scope (which households) is the selectors' job.
"""

from __future__ import annotations

from typing import Any

from tannkhai.models import Role, User
from tannkhai.permissions import in_scope, role_or_none


def can_read_funding(user: User) -> bool:
    """Open the funding lines, allocations and disbursements lists (scoped by selectors)."""
    return role_or_none(user) in (Role.ADMIN, Role.OFFICER, Role.LEADER, Role.QUARTER_HEAD)


def can_record_funding(user: User) -> bool:
    """Allocate support to households and record disbursements."""
    return role_or_none(user) in (Role.ADMIN, Role.OFFICER)


def can_record_funding_in(user: User, area: Any) -> bool:
    """Record support for a household of ``area`` (a quarter or a commune in scope)."""
    return can_record_funding(user) and in_scope(user, area)


def can_manage_sources(user: User) -> bool:
    """Add and edit funding sources (data shared by every commune of the installation)."""
    return role_or_none(user) == Role.ADMIN
