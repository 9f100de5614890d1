"""Bootstrap 5 markup for every form, without a per-form mixin.

Django 5.2 lets a renderer choose the BoundField class: ours adds Bootstrap's
classes and ties each error message to its input for screen readers.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.utils.safestring import SafeString

from tannkhai.inputs import clean_text_input, text_kind, validate_visible_text


def _css_for(widget: forms.Widget) -> str:
    if isinstance(widget, forms.CheckboxInput):
        return "form-check-input"
    if isinstance(widget, (forms.CheckboxSelectMultiple, forms.RadioSelect)):
        return ""
    if isinstance(widget, forms.Select | forms.SelectMultiple):
        return "form-select"
    if isinstance(widget, forms.HiddenInput):
        return ""
    return "form-control"


class BootstrapBoundField(BoundField):
    """Also where every form's text input is cleaned (``tannkhai.inputs``): NFC, and
    invisible characters refused in identifiers and names, stripped from free text."""

    def __init__(self, form: forms.BaseForm, field: forms.Field, name: str) -> None:
        super().__init__(form, field, name)
        self.text_kind = text_kind(field, form, name)
        # ``field`` is the form instance's own copy: adding a validator changes no other form.
        if self.text_kind == "line" and validate_visible_text not in field.validators:
            field.validators.append(validate_visible_text)

    @property
    def data(self) -> Any:
        return clean_text_input(self.text_kind, super().data)

    def as_widget(
        self,
        widget: forms.Widget | None = None,
        attrs: dict[str, Any] | None = None,
        only_initial: bool = False,
    ) -> SafeString:
        widget = widget or self.field.widget
        attrs = dict(attrs or {})
        classes = [attrs.get("class", ""), widget.attrs.get("class", ""), _css_for(widget)]
        if self.errors and self.form.is_bound:
            classes.append("is-invalid")
            described = attrs.get("aria-describedby") or widget.attrs.get("aria-describedby") or ""
            attrs["aria-describedby"] = f"{described} {self.auto_id}_error".strip()
        attrs["class"] = " ".join(c for c in classes if c)
        return super().as_widget(widget, attrs, only_initial)


class BootstrapRenderer(TemplatesSetting):
    form_template_name = "includes/form.html"
    field_template_name = "includes/field.html"
    bound_field_class = BootstrapBoundField
