"""Ship the funding sources and support categories as editable data."""

from django.db import migrations


def load(apps, schema_editor):
    from funding.reference import ensure_reference_data

    ensure_reference_data(apps)


class Migration(migrations.Migration):
    dependencies = [("funding", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
