"""Who may do what with the plan's targets and results: the one place for these rules."""

from __future__ import annotations

from tannkhai.models import Role, User
from tannkhai.permissions import role_of


def can_record_results(user: User) -> bool:
    """Enter placements and enrolments (officers; quarter heads for their quarter)."""
    return role_of(user) in (Role.ADMIN, Role.OFFICER, Role.QUARTER_HEAD)


def can_edit_targets(user: User) -> bool:
    return role_of(user) in (Role.ADMIN, Role.OFFICER)


def can_read_targets(user: User) -> bool:
    """Open a program's targets table: those who set targets, and leaders (read-only)."""
    return role_of(user) in (Role.ADMIN, Role.OFFICER, Role.LEADER)
