from django.db import migrations


def create_commune_search_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # Registry search within a commune (officers, leaders, quarter heads, and
    # administrators once they chose a commune): one GIN index on the commune and the
    # folded text, so that the search starts from the commune's rows whatever the
    # planner's sample says about how common the searched text is. A GIN index serves a
    # condition on any of its columns, so a search on the text alone uses it as it used
    # hh_search_trgm, which it replaces. btree_gin gives GIN the commune's equality.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS hh_commune_search_trgm ON households_household "
        "USING gin (commune_id, search_text gin_trgm_ops)"
    )
    schema_editor.execute("DROP INDEX IF EXISTS hh_search_trgm")


def restore_search_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS hh_search_trgm ON households_household "
        "USING gin (search_text gin_trgm_ops)"
    )
    schema_editor.execute("DROP INDEX IF EXISTS hh_commune_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("households", "0021_member_household_work")]

    operations = [
        migrations.RunPython(create_commune_search_index, restore_search_index),
    ]
