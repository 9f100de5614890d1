"""The area filter of list pages: a commune first, then one of its quarters.

A province holds about a thousand quarters. One drop-down of all of them made every list
page of a province-wide user render a thousand options, whatever else it showed. A user
whose scope spans several communes therefore chooses a commune, and the quarter drop-down
holds that commune's quarters only (filled by ``households:quarter_options`` when the
commune changes, or by the page itself when the form is submitted without JavaScript).
A user of one commune (officer, leader, quarter head) sees its quarters at once.

Every choice comes from the user's scope; an id outside it is ignored and flagged, so that
the page can say so, and never widens what the list shows.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from households.models import Area
from households.selectors import communes_visible_to, quarters_visible_to
from tannkhai.models import User

# The id an htmx request gives for the quarter drop-down it replaces (letters, digits and
# dashes: it is written back into the page).
QUARTER_SELECT_ID = re.compile(r"[a-z][a-z0-9-]{0,39}")


def _pk(params: Mapping[str, Any], name: str) -> int | None:
    raw = params.get(name)
    if raw is None or raw == "":
        return None
    text = str(raw).strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 18:
        return -1  # given but not an id: flagged as invalid
    return int(text)


@dataclass
class AreaFilter:
    """What the filter offers and what was chosen (always within the user's scope)."""

    communes: list[Area] = field(default_factory=list)
    """Communes offered in the first drop-down; empty when the scope has only one."""
    commune: Area | None = None
    """The chosen commune, or the only one in scope."""
    quarters: list[Area] = field(default_factory=list)
    """The quarters offered: those in scope of ``commune`` (none before it is chosen)."""
    quarter: Area | None = None
    invalid: bool = False
    """An area id was given that is not in the user's scope (it was ignored)."""

    @property
    def choose_commune_first(self) -> bool:
        return bool(self.communes) and self.commune is None

    @property
    def shown(self) -> bool:
        return bool(self.communes or self.quarters)

    @property
    def single_quarter(self) -> bool:
        """The whole scope is one quarter (no quarter column needed in lists)."""
        return not self.communes and len(self.quarters) == 1

    def apply(self, queryset: QuerySet[Any], *, through: str = "") -> QuerySet[Any]:
        """``queryset`` narrowed to the chosen quarter or commune; ``through`` is the path
        to the household (``"household"`` for allocations, ``""`` for households)."""
        prefix = f"{through}__" if through else ""
        if self.quarter is not None:
            return queryset.filter(**{f"{prefix}quarter": self.quarter})
        if self.commune is not None and self.communes:
            return queryset.filter(**{f"{prefix}commune": self.commune})
        return queryset

    def apply_to_quarter(self, queryset: QuerySet[Any], *, field: str = "quarter") -> QuerySet[Any]:
        """``queryset`` narrowed by a quarter foreign key (records that carry their quarter
        but not a commune of their own)."""
        if self.quarter is not None:
            return queryset.filter(**{field: self.quarter})
        if self.commune is not None and self.communes:
            return queryset.filter(**{f"{field}__parent": self.commune})
        return queryset


def area_filter(user: User, params: Mapping[str, Any], *, active_only: bool = False) -> AreaFilter:
    """The area filter of ``user`` for the query ``params`` (``commune``, ``quarter``).

    Two queries (the communes in scope, then the chosen commune's quarters); three when a
    quarter comes without its commune (links from summaries).
    """
    communes = list(communes_visible_to(user).order_by("name", "pk"))
    found = AreaFilter()
    commune_pk = _pk(params, "commune")
    quarter_pk = _pk(params, "quarter")
    if len(communes) == 1:
        found.commune = communes[0]
    elif communes:
        found.communes = communes
        if commune_pk is not None:
            found.commune = next((c for c in communes if c.pk == commune_pk), None)
            found.invalid = found.commune is None
    elif commune_pk is not None:
        found.invalid = True
    quarters = quarters_visible_to(user, active_only=active_only)
    if quarter_pk is not None and quarter_pk > 0 and found.communes and found.commune is None:
        # A quarter without its commune: the commune follows from the quarter.
        found.quarter = quarters_visible_to(user, active_only=False).filter(pk=quarter_pk).first()
        if found.quarter is not None:
            found.commune = next((c for c in communes if c.pk == found.quarter.parent_id), None)
    if found.commune is not None:
        found.quarters = list(quarters.filter(parent=found.commune))
    if quarter_pk is not None and found.quarter is None:
        found.quarter = next((q for q in found.quarters if q.pk == quarter_pk), None)
        if found.quarter is None and commune_pk is None:
            # With a commune chosen, a quarter of another one is what is left of the
            # previous choice when the commune changes: dropped without a message.
            found.invalid = True
    return found


def quarters_of(user: User, commune_pk: int) -> tuple[Area, list[Area]] | None:
    """A commune in ``user``'s scope and its quarters in scope, or None (out of scope)."""
    commune = communes_visible_to(user).filter(pk=commune_pk).first()
    if commune is None:
        return None
    return commune, list(quarters_visible_to(user, active_only=False).filter(parent=commune))
