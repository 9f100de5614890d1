"""Who may print what: the one place for the reports' rules.

Reports read through the apps' own selectors, so scope (a quarter head's lists cover
their quarter only; a leader reads the whole commune) is theirs; these rules say which
roles may open the reports at all."""

from __future__ import annotations

from tannkhai.models import Role, User
from tannkhai.permissions import role_or_none


def can_read_reports(user: User) -> bool:
    """Officers, leaders, quarter heads and administrators; organisation members see
    only their assigned households and print nothing."""
    return role_or_none(user) in (Role.ADMIN, Role.OFFICER, Role.LEADER, Role.QUARTER_HEAD)


def can_read_program_reports(user: User) -> bool:
    """The plan and the program's figures: those who read the targets (officers,
    leaders, administrators) and quarter heads, whose figures cover their quarter."""
    return can_read_reports(user)


def can_print_fund_disclosure(user: User) -> bool:
    """The Fund for the Poor's public disclosure: those who read reports and the Fund's
    ledger."""
    from funding.loans.permissions import can_read_ledger

    return can_read_reports(user) and can_read_ledger(user)
