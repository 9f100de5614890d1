"""The admin speaks one language: every model and field of the project has a translated name.

A field without ``verbose_name`` shows Django's English default ("created at",
"version") among the Vietnamese labels, and stays English whatever the language.
"""

from django.apps import apps
from django.utils.functional import Promise

APPS = {"households", "targets", "tannkhai", "funding", "assignments", "reports"}
# Review-procedure models are being moved into households/reviews/ (issue 8, item 21);
# their missing names are listed in the ui report and added after that move.


def _untranslated() -> list[str]:
    missing = []
    for model in apps.get_models():
        if model._meta.app_label not in APPS or model.__name__.startswith("Historical"):
            continue
        if not isinstance(model._meta.verbose_name, Promise):
            missing.append(f"{model.__name__} (model)")
        for field in model._meta.get_fields():
            if field.auto_created or not hasattr(field, "verbose_name"):
                continue
            if not isinstance(field.verbose_name, Promise):
                missing.append(f"{model.__name__}.{field.name}")
    return missing


def test_every_model_field_has_a_translated_name() -> None:
    assert _untranslated() == []
