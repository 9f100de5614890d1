"""Every existing assignment's user becomes a helper (Person) linked to that login, so
that organisation members keep seeing the households assigned to them."""

from typing import Any

from django.db import migrations


def forward(apps: Any, schema_editor: Any) -> None:
    Assignment = apps.get_model("assignments", "Assignment")
    Person = apps.get_model("assignments", "Person")
    by_user: dict[int, Any] = {}
    for assignment in (
        Assignment.objects.filter(member__isnull=False, person__isnull=True)
        .select_related("member", "household", "organisation")
        .order_by("pk")
    ):
        user = assignment.member
        person = by_user.get(user.pk)
        if person is None:
            person = Person.objects.filter(user=user).first()
        if person is None:
            person = Person.objects.create(
                commune_id=assignment.household.commune_id,
                full_name=(user.full_name or user.username)[:150],
                user=user,
            )
        by_user[user.pk] = person
        if assignment.organisation_id:
            person.organisations.add(assignment.organisation_id)
        assignment.person = person
        assignment.save(update_fields=["person"])


def backward(apps: Any, schema_editor: Any) -> None:
    Assignment = apps.get_model("assignments", "Assignment")
    for assignment in Assignment.objects.filter(person__user__isnull=False).select_related(
        "person"
    ):
        assignment.member_id = assignment.person.user_id
        assignment.save(update_fields=["member"])


class Migration(migrations.Migration):
    dependencies = [("assignments", "0002_people_support_matrix")]

    operations = [migrations.RunPython(forward, backward)]
