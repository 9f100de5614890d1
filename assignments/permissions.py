"""Who may do what with helpers, assignments, the support log and the responsibility
matrix: the one place for these rules.

Views guard with ``tannkhai.permissions.require(<rule>)``; services check again before
writing. Which households and assignments a user sees is the selectors' job."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tannkhai.models import Role, User
from tannkhai.permissions import role_or_none

if TYPE_CHECKING:
    from assignments.models import Assignment


def can_manage_assignments(user: User) -> bool:
    """Assign, reassign and end helpers; keep the list of people (officers)."""
    return role_or_none(user) in (Role.ADMIN, Role.OFFICER)


def can_read_assignments(user: User) -> bool:
    """Open the list of assignments: staff of the commune, quarter heads for their quarter,
    organisation members for their own."""
    return role_or_none(user) in (
        Role.ADMIN,
        Role.OFFICER,
        Role.LEADER,
        Role.QUARTER_HEAD,
        Role.ORG_MEMBER,
    )


def can_read_coverage(user: User) -> bool:
    """Coverage, the people list and the responsibility matrix (not organisation members)."""
    return role_or_none(user) in (Role.ADMIN, Role.OFFICER, Role.LEADER, Role.QUARTER_HEAD)


def can_read_evaluation(user: User) -> bool:
    """The yearly evaluation of helpers: the commune's officers and leaders."""
    return role_or_none(user) in (Role.ADMIN, Role.OFFICER, Role.LEADER)


def can_log_support(user: User) -> bool:
    """Write the support log: officers for anyone, helpers with a login for themselves."""
    return role_or_none(user) in (Role.ADMIN, Role.OFFICER, Role.ORG_MEMBER)


def may_log_for(user: User, assignment: Assignment) -> bool:
    """Officers log for any assignment they see; a helper only for their own."""
    if can_manage_assignments(user):
        return True
    person = assignment.person
    return (
        role_or_none(user) == Role.ORG_MEMBER and person is not None and person.user_id == user.pk
    )


def can_update_duties(user: User) -> bool:
    """Enter the yearly status of the plan's duties (officers)."""
    return role_or_none(user) in (Role.ADMIN, Role.OFFICER)
