from django.db import migrations


def previous_status_after_census(apps, schema_editor):
    """A review of a household that a recognised census before it had not listed was stored
    with the previous status "not reviewed"; it is "not poor / near-poor" (as the registry
    reads since 0015). The transition does not change: both are off the lists."""
    Decision = apps.get_model("households", "Decision")
    Review = apps.get_model("households", "Review")
    censuses: dict[int, list[tuple[int, object]]] = {}
    approved = Decision.objects.filter(status="approved", campaign__kind="periodic").values_list(
        "campaign__commune_id", "campaign__year", "approved_at"
    )
    for commune, year, at in approved:
        if at is not None:
            censuses.setdefault(commune, []).append((year, at))
    if not censuses:
        return
    fixed = []
    reviews = (
        Review.objects.filter(previous_result="unclassified")
        .values_list("pk", "campaign__commune_id", "campaign__year", "household__created_at")
        .iterator()
    )
    for pk, commune, year, created in reviews:
        if any(y < year and created <= at for y, at in censuses.get(commune, ())):
            fixed.append(pk)
    for start in range(0, len(fixed), 500):
        Review.objects.filter(pk__in=fixed[start : start + 500]).update(previous_result="not_poor")


class Migration(migrations.Migration):
    dependencies = [
        ("households", "0016_review_verbose_names"),
    ]

    operations = [
        migrations.RunPython(previous_status_after_census, migrations.RunPython.noop),
    ]
