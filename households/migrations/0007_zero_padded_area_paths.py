"""Zero-pad area path segments so that ordering by path is tree order."""

from django.db import migrations


def repad(apps, schema_editor):
    Area = apps.get_model("households", "Area")
    areas = {a.pk: a for a in Area.objects.all()}

    def path_of(area):
        prefix = path_of(areas[area.parent_id]) if area.parent_id else ""
        return f"{prefix}{area.pk:08d}/"

    for area in areas.values():
        Area.objects.filter(pk=area.pk).update(path=path_of(area))


class Migration(migrations.Migration):
    dependencies = [("households", "0006_list_indexes")]

    operations = [migrations.RunPython(repad, migrations.RunPython.noop)]
