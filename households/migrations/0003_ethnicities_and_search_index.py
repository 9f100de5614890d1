"""Load the 54 ethnic groups of Viet Nam and, on PostgreSQL, a trigram index for search."""

from django.db import migrations

# Danh mục các dân tộc Việt Nam (Quyết định 121-TCTK/PPCĐ): code, name.
ETHNICITIES = [
    ("01", "Kinh"),
    ("02", "Tày"),
    ("03", "Thái"),
    ("04", "Hoa"),
    ("05", "Khmer"),
    ("06", "Mường"),
    ("07", "Nùng"),
    ("08", "Mông"),
    ("09", "Dao"),
    ("10", "Gia Rai"),
    ("11", "Ngái"),
    ("12", "Ê Đê"),
    ("13", "Ba Na"),
    ("14", "Xơ Đăng"),
    ("15", "Sán Chay"),
    ("16", "Cơ Ho"),
    ("17", "Chăm"),
    ("18", "Sán Dìu"),
    ("19", "Hrê"),
    ("20", "Mnông"),
    ("21", "Raglai"),
    ("22", "S'tiêng"),
    ("23", "Bru - Vân Kiều"),
    ("24", "Thổ"),
    ("25", "Giáy"),
    ("26", "Cơ Tu"),
    ("27", "Gié Triêng"),
    ("28", "Mạ"),
    ("29", "Khơ Mú"),
    ("30", "Co"),
    ("31", "Tà Ôi"),
    ("32", "Chơ Ro"),
    ("33", "Kháng"),
    ("34", "Xinh Mun"),
    ("35", "Hà Nhì"),
    ("36", "Chu Ru"),
    ("37", "Lào"),
    ("38", "La Chí"),
    ("39", "La Ha"),
    ("40", "Phù Lá"),
    ("41", "La Hủ"),
    ("42", "Lự"),
    ("43", "Lô Lô"),
    ("44", "Chứt"),
    ("45", "Mảng"),
    ("46", "Pà Thẻn"),
    ("47", "Cờ Lao"),
    ("48", "Cống"),
    ("49", "Bố Y"),
    ("50", "Si La"),
    ("51", "Pu Péo"),
    ("52", "Brâu"),
    ("53", "Ơ Đu"),
    ("54", "Rơ Măm"),
]


def load_ethnicities(apps, schema_editor):
    Ethnicity = apps.get_model("households", "Ethnicity")
    for code, name in ETHNICITIES:
        Ethnicity.objects.update_or_create(
            code=code, defaults={"name": name, "is_minority": code != "01"}
        )


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # Registry search is a substring match on folded text; a trigram GIN index
    # keeps it index-backed at a million households.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS hh_search_trgm ON households_household "
        "USING gin (search_text gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS hh_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("households", "0002_initial")]

    operations = [
        migrations.RunPython(load_ethnicities, migrations.RunPython.noop),
        migrations.RunPython(create_trigram_index, drop_trigram_index),
    ]
