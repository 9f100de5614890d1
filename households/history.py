"""A readable change history of a household and its members (who, when, what)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from households.models import Area, Ethnicity, Household, Member
from tannkhai.formatting import format_date
from tannkhai.privacy import IDENTIFIER_FIELDS, Policy

HIDDEN_FIELDS = {
    "id",
    "history_id",
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user",
    "history_user_id",
    "created_at",
    "commune",
    "commune_id",
    "head_name",
    "head_birth_year",
}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: dt.datetime
    who: str
    subject: str
    action: str
    changes: list[Change] = field(default_factory=list)


def _display(
    model: type[models.Model],
    name: str,
    value: Any,
    lookups: dict[str, dict[int, str]],
    policy: Policy,
) -> str:
    if value in (None, ""):
        return "—"
    f: Any = model._meta.get_field(name)
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(f, models.ForeignKey):
        table = lookups.get(f.related_model.__name__, {})  # type: ignore[union-attr]
        return table.get(value, f"#{value}")
    if isinstance(value, dt.date):
        return format_date(value)
    if name in IDENTIFIER_FIELDS:
        return policy.identifier(str(value))
    return str(value)


def _entries_for(
    records: list[Any],
    model: type[models.Model],
    subject_of: Any,
    lookups: dict[str, dict[int, str]],
    policy: Policy,
) -> list[HistoryEntry]:
    entries: list[HistoryEntry] = []
    previous: dict[int, Any] = {}
    fields = [
        f.name
        for f in model._meta.concrete_fields
        if f.name not in HIDDEN_FIELDS and f.attname not in HIDDEN_FIELDS
    ]
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        who = record.history_user.display_name if record.history_user_id else _("Hệ thống")
        before = previous.get(record.id)
        action = {"+": _("Tạo mới"), "~": _("Sửa"), "-": _("Xóa")}[record.history_type]
        entry = HistoryEntry(
            when=record.history_date, who=who, subject=subject_of(record), action=action
        )
        if before is not None:
            for name in fields:
                field_obj: Any = model._meta.get_field(name)
                attname = field_obj.attname
                old, new = getattr(before, attname, None), getattr(record, attname, None)
                if old != new:
                    label = str(field_obj.verbose_name)
                    entry.changes.append(
                        Change(
                            field=label[:1].upper() + label[1:],
                            old=_display(model, name, old, lookups, policy),
                            new=_display(model, name, new, lookups, policy),
                        )
                    )
        previous[record.id] = record
        if before is None or entry.changes:
            entries.append(entry)
    return entries


def household_history(
    household: Household, *, policy: Policy, limit: int = 100
) -> list[HistoryEntry]:
    """Newest first; a fixed number of queries whatever the history's length."""
    hh_records = list(household.history.select_related("history_user").all())  # type: ignore[attr-defined]
    member_records = list(
        Member.history.filter(household_id=household.pk).select_related("history_user")  # type: ignore[attr-defined]
    )
    area_ids = {r.quarter_id for r in hh_records if r.quarter_id}
    member_names = {r.id: r.full_name for r in member_records}
    lookups = {
        "Area": dict(Area.objects.filter(pk__in=area_ids).values_list("pk", "name")),
        "Ethnicity": dict(Ethnicity.objects.values_list("pk", "name")),
        "Member": member_names,
        "Household": {household.pk: household.code},
    }
    merged_ids = {r.merged_into_id for r in hh_records if r.merged_into_id}
    if merged_ids:
        lookups["Household"].update(
            dict(Household.objects.filter(pk__in=merged_ids).values_list("pk", "code"))
        )
    entries = _entries_for(
        hh_records,
        Household,
        lambda r: _("Hộ %(code)s") % {"code": r.code},
        lookups,
        policy,
    )
    entries += _entries_for(
        member_records,
        Member,
        lambda r: _("Thành viên %(name)s") % {"name": r.full_name},
        lookups,
        policy,
    )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]
