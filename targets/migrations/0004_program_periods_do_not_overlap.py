"""The database refuses two programs of one commune sharing a year.

``Program.clean`` and ``program_copy`` (under a lock on the commune) give the message;
this is the backstop for any other write. PostgreSQL: an exclusion constraint over
ranges (the commune as a one-value range, so no ``btree_gist`` extension is needed).
SQLite: triggers on insert and update.
"""

from django.db import migrations

PG_ADD = """
ALTER TABLE targets_program ADD CONSTRAINT program_periods_do_not_overlap
EXCLUDE USING gist (
    int4range(commune_id::int, commune_id::int, '[]') WITH &&,
    int4range(start_year::int, end_year::int, '[]') WITH &&
)
"""
PG_DROP = "ALTER TABLE targets_program DROP CONSTRAINT IF EXISTS program_periods_do_not_overlap"

SQLITE_CHECK = """
CREATE TRIGGER program_periods_do_not_overlap_{event}
BEFORE {event} ON targets_program
WHEN EXISTS (
    SELECT 1 FROM targets_program p
    WHERE p.commune_id = NEW.commune_id
      AND p.start_year <= NEW.end_year
      AND p.end_year >= NEW.start_year
      AND p.id IS NOT NEW.id
)
BEGIN
    SELECT RAISE(ABORT, 'program_periods_do_not_overlap');
END
"""
SQLITE_DROP = "DROP TRIGGER IF EXISTS program_periods_do_not_overlap_{event}"


def add(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_ADD)
    elif vendor == "sqlite":
        for event in ("INSERT", "UPDATE"):
            schema_editor.execute(SQLITE_CHECK.format(event=event))


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_DROP)
    elif vendor == "sqlite":
        for event in ("INSERT", "UPDATE"):
            schema_editor.execute(SQLITE_DROP.format(event=event))


class Migration(migrations.Migration):
    dependencies = [("targets", "0003_program_version")]

    operations = [migrations.RunPython(add, drop)]
