"""Who may do what with policy-bank loans and the Fund for the Poor: the one place.

Views guard with ``tannkhai.permissions.require(<rule>)``; services check again before
writing. Scope (which households a user sees) is the selectors' job:

- officers record loans, repayments, donations and spending (administrators too);
- leaders read everything of their commune;
- quarter heads read their quarter's loans and the Fund's spending to their quarter's
  households; the Fund's totals and its public list are read by every staff role;
- organisation members read the loans and the Fund's support of the households
  assigned to them, nothing of the ledger;
- anyone else: 403.
"""

from __future__ import annotations

from tannkhai.models import Role, User
from tannkhai.permissions import in_scope, role_or_none

STAFF = (Role.ADMIN, Role.OFFICER, Role.LEADER, Role.QUARTER_HEAD)


def can_record(user: User) -> bool:
    """Record loans, repayments, donations and spending."""
    return role_or_none(user) in (Role.ADMIN, Role.OFFICER)


def can_record_in(user: User, area: object) -> bool:
    """Record for a household or fund of ``area`` (a quarter or a commune)."""
    return can_record(user) and in_scope(user, area)


def can_read_loans(user: User) -> bool:
    """Open the loan list and a loan (the selectors then limit which)."""
    return role_or_none(user) in (*STAFF, Role.ORG_MEMBER)


def can_export_loans(user: User) -> bool:
    return role_or_none(user) in STAFF


def can_read_ledger(user: User) -> bool:
    """The Fund's ledger, its totals and the public list: staff roles."""
    return role_or_none(user) in STAFF


def can_read_household_support(user: User) -> bool:
    """A household's loans and Fund support (scope permitting)."""
    return role_or_none(user) in (*STAFF, Role.ORG_MEMBER)
