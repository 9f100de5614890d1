"""Rules every form of the project follows, checked on every form class (issue 7, 12–14).

A new form that forgets a length, a bound or the link to its column fails here.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.db import models

from tannkhai.forms_rendering import BootstrapBoundField
from tannkhai.inputs import FREE_TEXT_MAX_LENGTH, INTEGER_RANGES, CleanTextModel

PROJECT_APPS = ("households", "targets", "tannkhai", "funding", "assignments", "reports")
ROOT = Path(settings.BASE_DIR)


def _import_all() -> None:
    for app in PROJECT_APPS:
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" in info.name or info.name.endswith(".settings_test"):
                continue
            importlib.import_module(info.name)


def _subclasses(cls: type) -> set[type]:
    found: set[type] = set()
    sub: type
    for sub in cls.__subclasses__():
        found.add(sub)
        found |= _subclasses(sub)
    return found


def project_forms() -> list[type[forms.BaseForm]]:
    _import_all()
    return sorted(
        (c for c in _subclasses(forms.BaseForm) if c.__module__.split(".")[0] in PROJECT_APPS),
        key=lambda c: f"{c.__module__}.{c.__qualname__}",
    )


def project_formsets() -> list[tuple[str, type[forms.BaseFormSet]]]:
    _import_all()
    found = []
    for app in PROJECT_APPS:
        for name, module in list(__import__("sys").modules.items()):
            if name == app or name.startswith(f"{app}."):
                for attr, value in vars(module).items():
                    if (
                        isinstance(value, type)
                        and issubclass(value, forms.BaseFormSet)
                        and hasattr(value, "form")
                    ):
                        found.append((f"{name}.{attr}", value))
    return found


FORMS = project_forms()


def _column(form_class: type[forms.BaseForm], name: str, field: forms.Field):
    source = getattr(field, "source_column", None)
    if source is not None:
        model, column = source
        return model._meta.get_field(column)
    meta = getattr(form_class, "_meta", None)
    model = getattr(meta, "model", None)
    if model is not None:
        try:
            return model._meta.get_field(name)
        except Exception:
            return None
    return None


def test_forms_are_found():
    names = {c.__name__ for c in FORMS}
    assert {"HouseholdForm", "MemberForm", "SurveyForm", "MeetingForm", "PlacementForm"} <= names


@pytest.mark.parametrize("form_class", FORMS, ids=lambda c: c.__qualname__)
def test_every_text_field_has_a_length_within_its_column(form_class):
    for name, field in form_class.base_fields.items():
        if not isinstance(field, forms.CharField) or isinstance(field.widget, forms.PasswordInput):
            continue
        if isinstance(field, forms.UUIDField):
            continue  # parsed as a UUID (fixed length) before anything is stored
        assert field.max_length is not None, f"{form_class.__name__}.{name} has no max_length"
        column = _column(form_class, name, field)
        if isinstance(column, models.CharField) and column.max_length is not None:
            assert field.max_length <= column.max_length, f"{form_class.__name__}.{name}"
        elif isinstance(column, models.TextField):
            assert field.max_length <= FREE_TEXT_MAX_LENGTH, f"{form_class.__name__}.{name}"


@pytest.mark.parametrize("form_class", FORMS, ids=lambda c: c.__qualname__)
def test_every_number_field_is_bounded_within_its_column(form_class):
    for name, field in form_class.base_fields.items():
        if not isinstance(field, forms.IntegerField):
            continue
        label = f"{form_class.__name__}.{name}"
        column = _column(form_class, name, field)
        low, high = field.min_value, field.max_value
        if column is not None and column.get_internal_type() in INTEGER_RANGES:
            col_low, col_high = INTEGER_RANGES[column.get_internal_type()]
            # A ModelForm field also carries the model field's own validators.
            for v in column.validators:
                if v.code == "min_value":
                    low = v.limit_value if low is None else max(low, v.limit_value)
                if v.code == "max_value":
                    high = v.limit_value if high is None else min(high, v.limit_value)
            assert low is not None and low >= col_low, label
            assert high is not None and high <= col_high, label
        assert low is not None and high is not None, f"{label} has no bounds"


@pytest.mark.parametrize(
    "form_class",
    [c for c in FORMS if not issubclass(c, forms.ModelForm)],
    ids=lambda c: c.__qualname__,
)
def test_plain_form_fields_say_which_column_they_feed(form_class):
    """``from_model(Model, "field")`` or ``not_stored(field)``: nobody guesses a length."""
    for name, field in form_class.base_fields.items():
        if not isinstance(field, forms.CharField | forms.IntegerField):
            continue
        if isinstance(field.widget, forms.PasswordInput | forms.HiddenInput):
            continue
        assert hasattr(field, "source_column") or getattr(field, "not_stored", False), (
            f"{form_class.__module__}.{form_class.__name__}.{name}: build it with "
            "tannkhai.inputs.from_model() or mark it not_stored()"
        )


@pytest.mark.parametrize("form_class", FORMS, ids=lambda c: c.__qualname__)
def test_every_form_cleans_text_through_the_project_renderer(form_class):
    assert getattr(form_class, "default_renderer", None) is None
    assert getattr(form_class, "bound_field_class", None) in (None, BootstrapBoundField)


def test_the_project_renderer_cleans_text():
    assert settings.FORM_RENDERER == "tannkhai.forms_rendering.BootstrapRenderer"


def test_every_project_model_cleans_its_text():
    from django.apps import apps

    for model in apps.get_models():
        if model._meta.app_label in PROJECT_APPS and not model.__name__.startswith("Historical"):
            if model._meta.app_label == "tannkhai" and model.__name__ == "AccessLog":
                continue  # written by the audit code, never from user input
            if model._meta.app_label == "tannkhai" and model.__name__ == "TaskHeartbeat":
                continue  # written by the task worker (a task id and a time), no user input
            assert issubclass(model, CleanTextModel), model.__name__


def test_no_formset_bypasses_the_cap():
    """Every formset is built with ``tannkhai.inputs.capped_formset``."""
    pattern = re.compile(r"\b(formset_factory|modelformset_factory|inlineformset_factory)\(")
    offenders = []
    for app in PROJECT_APPS:
        for path in (ROOT / app).rglob("*.py"):
            if path.name == "inputs.py" and app == "tannkhai":
                continue
            if pattern.search(path.read_text(encoding="utf-8")):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


@pytest.mark.parametrize("form_class", FORMS, ids=lambda c: c.__qualname__)
def test_every_multiple_choice_of_rows_checks_ids_first(form_class):
    from tannkhai.inputs import BoundedModelMultipleChoiceField

    for name, field in form_class.base_fields.items():
        if isinstance(field, forms.ModelMultipleChoiceField):
            assert isinstance(field, BoundedModelMultipleChoiceField), (
                f"{form_class.__name__}.{name}"
            )
