"""History rows of records written in bulk, copied from the table in one statement.

simple-history's bulk helpers build one historical instance per record in Python and
insert them through Django's INSERT compiler: for an import of 40,000 members that is
as much work again as inserting the members. :func:`copy_history` writes the same rows —
every tracked field as stored, the date, the user, the reason and the kind ("+" created,
"~" changed) — with one ``INSERT … SELECT`` per batch of ids, inside the caller's
transaction, so the history holds exactly what the table holds after the write.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import connection
from django.db.models import Model
from django.utils import timezone

BATCH = 5_000


def copy_history(
    model: type[Model],
    pks: Sequence[Any],
    *,
    user: Any = None,
    reason: str = "",
    history_type: str = "+",
    date: dt.datetime | None = None,
) -> int:
    """One history row per record of ``model`` in ``pks`` (as they are stored now);
    returns how many were written."""
    if history_type not in ("+", "~"):
        raise ValueError(f"history_type {history_type!r}")
    history = model.history.model  # type: ignore[attr-defined]
    qn = connection.ops.quote_name
    source = [f.column for f in history.tracked_fields]
    target = [history._meta.get_field(f.name).column for f in history.tracked_fields]
    meta = ["history_date", "history_change_reason", "history_type", "history_user_id"]
    when = connection.ops.adapt_datetimefield_value(date or timezone.now())
    reason = reason[: history._meta.get_field("history_change_reason").max_length]
    user_id = getattr(user, "pk", None)
    table, pk_column = qn(model._meta.db_table), qn(model._meta.pk.column)
    head = (
        f"INSERT INTO {qn(history._meta.db_table)} "
        f"({', '.join(qn(c) for c in [*target, *meta])}) "
        f"SELECT {', '.join(f'{table}.{qn(c)}' for c in source)}, %s, %s, %s, %s "
        f"FROM {table} WHERE {pk_column} IN "
    )
    written = 0
    with connection.cursor() as cursor:
        for start in range(0, len(pks), BATCH):
            chunk = list(pks[start : start + BATCH])
            if any(pk is None for pk in chunk):
                raise ValueError("copy_history needs saved records (a pk for each)")
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"{head}({marks}) ORDER BY {pk_column}",
                [when, reason, history_type, user_id, *chunk],
            )
            written += max(cursor.rowcount, 0)
    return written


def create_with_history(
    model: type[Model], objs: list[Any], *, user: Any, reason: str, batch_size: int
) -> None:
    """``bulk_create`` of ``objs`` (their pks come back), then their "+" history rows."""
    model._default_manager.bulk_create(objs, batch_size=batch_size)
    copy_history(model, [o.pk for o in objs], user=user, reason=reason)


def update_with_history(
    model: type[Model],
    objs: list[Any],
    fields: Sequence[str],
    *,
    user: Any,
    reason: str,
    batch_size: int,
) -> None:
    """``bulk_update`` of ``fields`` on ``objs``, then their "~" history rows."""
    model._default_manager.bulk_update(objs, fields, batch_size=batch_size)
    copy_history(model, [o.pk for o in objs], user=user, reason=reason, history_type="~")
