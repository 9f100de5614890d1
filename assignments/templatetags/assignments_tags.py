"""The coverage panel of the progress dashboard (its own template, one include)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from assignments import selectors
from assignments.permissions import can_read_coverage

register = template.Library()


@register.inclusion_tag("assignments/_coverage_panel.html", takes_context=True)
def coverage_panel(context: Any, quarter: Any = None, commune: Any = None) -> dict[str, Any]:
    """The coverage of the dashboard's quarter, else of its program's commune (not of the
    whole scope: an administrator's would count every household of the province)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not can_read_coverage(user):
        return {"summary": None}
    day = timezone.localdate()
    return {
        "summary": selectors.coverage(user, day, quarter=quarter or commune),
        "day": day,
        "quarter": quarter,
    }
