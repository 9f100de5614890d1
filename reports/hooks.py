"""Where the apps still being built plug into the reports.

Each hook returns ``None`` while its app records nothing for the report; the builder then
prints a note saying where the figures will come from — never a figure typed here.
"""

from __future__ import annotations

from reports.document import Table
from targets.models import Program


def plan_funding(program: Program) -> Table | None:
    """Section III of the plan: the funding needed, by kind of support and period, from
    the program's funding lines (``funding/``). Not connected yet."""
    return None


def plan_responsibilities(program: Program) -> Table | None:
    """Section V of the plan: who does what, from the responsibility matrix
    (``assignments/``). Not connected yet."""
    return None
