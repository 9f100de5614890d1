"""Every table's rows, copied to memory and put back.

Browser tests run against the live server, so each one empties the database when it
ends. Generating the demo takes tens of seconds; putting its rows back takes well under
one, so the demo is generated once per test process and put back before each journey.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, transaction


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]


@dataclass(frozen=True)
class Snapshot:
    tables: tuple[Table, ...]

    @property
    def row_count(self) -> int:
        return sum(len(t.rows) for t in self.tables)


def take() -> Snapshot:
    names = connection.introspection.django_table_names(only_existing=True, include_views=False)
    qn = connection.ops.quote_name
    tables = []
    with connection.cursor() as cursor:
        for name in sorted(names):
            cursor.execute(f"SELECT * FROM {qn(name)}")
            columns = tuple(col[0] for col in cursor.description)
            tables.append(Table(name, columns, list(cursor.fetchall())))
    return Snapshot(tuple(tables))


def restore(snapshot: Snapshot) -> None:
    """Replace every table's rows with the snapshot's, in one transaction.

    Foreign keys are checked at commit (Django declares them deferrable on SQLite and
    PostgreSQL), so the tables go back in any order. Sequences continue after the
    restored ids, and the content-type cache forgets ids a flush may have changed.
    """
    qn = connection.ops.quote_name
    names = [t.name for t in snapshot.tables]
    with transaction.atomic(), connection.cursor() as cursor:
        for sql in connection.ops.sql_flush(no_style(), names, allow_cascade=True):
            cursor.execute(sql)
        for table in snapshot.tables:
            if not table.rows:
                continue
            columns = ", ".join(qn(c) for c in table.columns)
            marks = ", ".join(["%s"] * len(table.columns))
            cursor.executemany(
                f"INSERT INTO {qn(table.name)} ({columns}) VALUES ({marks})",
                table.rows,
            )
        models = apps.get_models(include_auto_created=True)
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)
    ContentType.objects.clear_cache()
