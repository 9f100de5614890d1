"""Template filters for Vietnamese money, numbers and dates (loaded as builtins)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template

from tannkhai import formatting

register = template.Library()


@register.filter
def vnd(value: int | None) -> str:
    return formatting.format_vnd(value)


@register.filter
def num(value: int | None) -> str:
    return formatting.format_number(value)


@register.filter
def vndate(value: dt.date | dt.datetime | None) -> str:
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.strftime("%d/%m/%Y %H:%M")
    return formatting.format_date(value)


@register.filter
def masked(value: str | None) -> str:
    return formatting.mask_citizen_id(value)


@register.filter
def identifier(value: str | None, policy: Any = None) -> str:
    """``{{ m.citizen_id|identifier:privacy }}``: in full or masked, as ``privacy``
    (the ``tannkhai.privacy.Policy`` every page gets) allows; masked without one."""
    if not value:
        return ""
    if policy is None or not getattr(policy, "full_identifiers", False):
        return formatting.mask_citizen_id(value)
    return str(value)


@register.filter
def get_item(mapping: dict[str, object] | None, key: str) -> object:
    """``{{ counts|get_item:code }}`` — a dictionary lookup with a variable key."""
    if not mapping:
        return None
    return mapping.get(key)
