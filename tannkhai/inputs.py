"""What a user may type: text normalised to NFC without invisible characters, and numbers
that fit their column. One place for every form, model and service of the project.

- **Identifiers and names** (every single-line text field: codes, citizen IDs, names,
  titles…) are normalised to NFC, odd spaces become plain spaces, and any invisible or
  control character (Unicode categories Cc, Cf, Co, Cs, Zl, Zp and the blank "filler"
  letters) is refused with a message naming it: ``KP1\u200b-0002`` must not sit beside
  ``KP1-0002``, and a zero-width character in a name must not hide it from search.
- **Free text** (text areas, search boxes, addresses, notes) is normalised to NFC and
  silently stripped of those characters, except newlines and tabs.
- **Whole numbers** are typed the Vietnamese way (``1.500.000``), have at most 18 digits
  and are bounded by their column's range on every database.

Forms get this from the project's form renderer (``tannkhai.forms_rendering``), so a new
form cannot forget it; models get it from :class:`CleanTextModel`, so services that call
``full_clean`` are safe too. Fields of plain forms that feed a column are built with
:func:`from_model`, so their length and bounds are the column's.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from tannkhai.formatting import format_number

# Categories of characters that are never visible text.
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"})
# Letters that render as blank space (Hangul fillers, braille blank).
BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
KEEP_IN_FREE_TEXT = frozenset("\n\t")

# Integer column ranges valid on every supported database (PostgreSQL's are the narrowest;
# SQLite stores 64 bits whatever the declared type).
INTEGER_RANGES: dict[str, tuple[int, int]] = {
    "SmallIntegerField": (-32768, 32767),
    "IntegerField": (-2147483648, 2147483647),
    "BigIntegerField": (-9223372036854775808, 9223372036854775807),
    "PositiveSmallIntegerField": (0, 32767),
    "PositiveIntegerField": (0, 2147483647),
    "PositiveBigIntegerField": (0, 9223372036854775807),
}
MAX_DIGITS = 18
# Row versions (conflict detection) are PositiveIntegerFields.
VERSION_MAX = 2**31 - 1
# Free text without a column limit (TextField) still has one in forms.
FREE_TEXT_MAX_LENGTH = 5000


def _is_invisible(char: str) -> bool:
    return char in BLANK_LETTERS or unicodedata.category(char) in INVISIBLE_CATEGORIES


# Every character of Unicode category Zs (space separators) other than the plain space.
_ODD_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")


def normalise_line(value: str) -> str:
    """NFC, with every kind of space (no-break, ideographic…) as a plain space."""
    if value.isascii():
        return value
    return _ODD_SPACES.sub(" ", unicodedata.normalize("NFC", value))


def normalise_free_text(value: str) -> str:
    """NFC, Windows/Mac line ends as ``\\n``, invisible and control characters removed."""
    text = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    return "".join(c for c in text if c in KEEP_IN_FREE_TEXT or not _is_invisible(c))


def validate_visible_text(value: Any) -> None:
    """Refuse an identifier or name that holds an invisible or control character."""
    if not isinstance(value, str) or (value.isascii() and value.isprintable()):
        return
    for char in value:
        if _is_invisible(char):
            raise ValidationError(
                _(
                    "Không được chứa ký tự ẩn hoặc ký tự điều khiển (%(code)s); "
                    "hãy gõ lại nội dung này."
                ),
                code="invisible_character",
                params={"code": f"U+{ord(char):04X}"},
            )


# -- forms --------------------------------------------------------------------------


def text_kind(field: forms.Field, form: forms.BaseForm | None = None, name: str = "") -> str:
    """How a form field's input is cleaned: ``"line"``, ``"free"`` or ``""`` (untouched)."""
    if not isinstance(field, forms.CharField):
        return ""
    widget = field.widget
    if isinstance(widget, forms.PasswordInput):
        return ""
    if getattr(field, "free_text", False):
        return "free"
    if isinstance(widget, forms.Textarea) or getattr(widget, "input_type", "") == "search":
        return "free"
    model = getattr(getattr(form, "_meta", None), "model", None)
    if model is not None and name in getattr(model, "free_text_fields", ()):
        return "free"
    return "line"


def clean_text_input(kind: str, value: Any) -> Any:
    """The normalised form of a submitted value (lists of values for multi-value widgets)."""
    if not kind:
        return value
    if isinstance(value, list | tuple):
        return type(value)(clean_text_input(kind, v) for v in value)
    if not isinstance(value, str):
        return value
    return normalise_free_text(value) if kind == "free" else normalise_line(value)


def free_text(field: forms.CharField) -> forms.CharField:
    """Mark a single-line field as free text (stripped, not refused): addresses, places."""
    field.free_text = True  # type: ignore[attr-defined]
    return field


def not_stored(field: forms.Field) -> forms.Field:
    """Mark a plain form field that feeds no column (a lookup, a confirmation…)."""
    field.not_stored = True  # type: ignore[attr-defined]
    return field


def column_range(model_field: models.Field[Any, Any]) -> tuple[int, int] | None:
    return INTEGER_RANGES.get(model_field.get_internal_type())


def from_model(model: type[models.Model], name: str, **overrides: Any) -> forms.Field:
    """A plain form field built from a model field: its label, length, choices and range.

    ``overrides`` go to the form field (``required``, ``widget``, a narrower
    ``max_value``…); a ``max_length``, ``min_value`` or ``max_value`` wider than the
    column is narrowed to the column.
    """
    model_field = model._meta.get_field(name)
    assert isinstance(model_field, models.Field)
    # A column's default is not what a blank form should show (a cost of "0").
    overrides.setdefault("initial", None)
    limits: dict[str, Any] = {}
    if isinstance(model_field, models.CharField) and model_field.max_length:
        limits["max_length"] = min(overrides.pop("max_length", 10**9), model_field.max_length)
    elif isinstance(model_field, models.TextField):
        limits["max_length"] = min(overrides.pop("max_length", 10**9), FREE_TEXT_MAX_LENGTH)
    bounds = column_range(model_field)
    if bounds is not None:
        low, high = bounds
        limits["min_value"] = max(overrides.pop("min_value", low), low)
        limits["max_value"] = min(overrides.pop("max_value", high), high)
        overrides.setdefault("form_class", WholeNumberField)
    field = model_field.formfield(**limits, **overrides)
    assert field is not None
    field.source_column = (model, name)  # type: ignore[attr-defined]
    return field


# -- numbers ------------------------------------------------------------------------

_GROUPED = re.compile(r"[0-9]{1,3}(?:([.,])[0-9]{3})(?:\1[0-9]{3})*")
# A currency written after an amount, as people type it: "1.500.000 đ", "1.500.000đồng".
_CURRENCY = re.compile(r"(?:đồng|đ|vnđ|vnd)$", re.IGNORECASE)


def parse_whole_number(text: str) -> int:
    """``"1.500.000"``, ``"1 500 000"``, ``"1500000"``, ``"1.500.000 đ"`` → 1500000;
    ``ValidationError`` else.

    At most 18 digits, so neither a column nor Python's 4,300-digit limit is ever reached.
    """
    digits = _CURRENCY.sub("", "".join(text.split()))
    sign = 1
    if digits[:1] in ("-", "+"):
        sign, digits = (-1 if digits[0] == "-" else 1), digits[1:]
    if _GROUPED.fullmatch(digits):
        digits = digits.replace(".", "").replace(",", "")
    if not digits.isascii() or not digits.isdigit():
        raise ValidationError(_("Hãy nhập một số nguyên."), code="invalid")
    if len(digits.lstrip("0")) > MAX_DIGITS:
        raise ValidationError(_("Số quá lớn: hãy kiểm tra lại."), code="too_many_digits")
    return sign * int(digits)


class WholeNumberField(forms.IntegerField):
    """A whole number typed the Vietnamese way, with bounds and Vietnamese messages."""

    widget = forms.TextInput

    def __init__(
        self, *, min_value: int | None = None, max_value: int | None = None, **kwargs: Any
    ) -> None:
        kwargs.pop("step_size", None)
        super().__init__(**kwargs)
        # Checked in validate(), with the limits written the Vietnamese way.
        self.min_value, self.max_value = min_value, max_value
        self.widget.attrs.setdefault("inputmode", "numeric")

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value in self.empty_values:
            return
        if self.min_value is not None and value < self.min_value:
            raise ValidationError(
                _("Số phải từ %(min)s trở lên."),
                code="min_value",
                params={"min": format_number(self.min_value)},
            )
        if self.max_value is not None and value > self.max_value:
            raise ValidationError(
                _("Số quá lớn: tối đa %(max)s."),
                code="max_value",
                params={"max": format_number(self.max_value)},
            )

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        if isinstance(value, int):
            return value
        text = str(value).strip()
        if not text:
            return None
        return parse_whole_number(text)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        # No min/max/step HTML attributes: the field is a text input accepting "1.500.000".
        return forms.Field.widget_attrs(self, widget)


# -- models -------------------------------------------------------------------------


class CleanTextModel(models.Model):
    """Model mixin: ``full_clean`` normalises text and refuses invisible characters.

    Single-line ``CharField`` values (codes, names, citizen IDs…) are refused when they
    hold an invisible character; ``TextField`` values and the names listed in
    ``free_text_fields`` are stripped of them. Choice fields, non-editable fields
    (computed by ``save``) and ``secret_fields`` are left alone.
    """

    free_text_fields: ClassVar[tuple[str, ...]] = ()
    secret_fields: ClassVar[tuple[str, ...]] = ("password",)

    class Meta:
        abstract = True

    def clean_fields(self, exclude: Any = None) -> None:
        errors: dict[str, list[ValidationError]] = {}
        excluded = set(exclude or ())
        for field in self._meta.concrete_fields:
            if (
                field.name in excluded
                or field.name in self.secret_fields
                or not field.editable
                or field.choices
                or not isinstance(field, models.CharField | models.TextField)
            ):
                continue
            value = getattr(self, field.attname)
            if not isinstance(value, str):
                continue
            if isinstance(field, models.TextField) or field.name in self.free_text_fields:
                setattr(self, field.attname, normalise_free_text(value))
                continue
            value = normalise_line(value)
            setattr(self, field.attname, value)
            try:
                validate_visible_text(value)
            except ValidationError as exc:
                errors[field.name] = exc.error_list
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)  # type: ignore[arg-type]
        if errors:
            raise ValidationError(errors)


# -- formsets -----------------------------------------------------------------------


class CappedFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    default_error_messages = {
        "too_many_forms": _("Chỉ được gửi tối đa %(num)d dòng."),
        "missing_management_form": _(
            "Dữ liệu biểu mẫu không đầy đủ hoặc đã bị sửa; hãy tải lại trang và nhập lại."
        ),
    }


def capped_formset(
    form: type[forms.BaseForm], *, max_num: int, extra: int = 1, **kwargs: Any
) -> type[forms.BaseFormSet]:  # type: ignore[type-arg]
    """A formset that never builds more than ``max_num`` forms, whatever ``TOTAL_FORMS`` says.

    Django's default lets a request ask for ``max_num + 1000`` forms; here a larger count is
    refused at once with a clear message (``absolute_max = max_num``, ``validate_max``).
    """
    kwargs.setdefault("formset", CappedFormSet)
    return forms.formset_factory(
        form, extra=extra, max_num=max_num, absolute_max=max_num, validate_max=True, **kwargs
    )


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Refuses ids that no integer column can hold before querying with them.

    Django's ``pk__in`` lookup sends ``99999999999999999999`` to the database, which
    answers with an overflow (SQLite) or an out-of-range error (PostgreSQL).
    """

    def _check_values(self, value: Any) -> Any:
        key = self.to_field_name or "pk"
        if key == "pk":
            for pk in value:
                text = str(pk).strip()
                if not (text.isascii() and text.isdigit() and len(text) <= MAX_DIGITS):
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": text[:20]},
                    )
        return super()._check_values(value)  # type: ignore[misc]


Checks = Callable[[dict[str, Any]], Mapping[str, str]]


class ChecksAtOnce:
    """A form that also runs the checks only its service can make (the step before, a
    number already taken), so that every field error shows on the first submit instead of
    in stages (the form's first, the service's next time).

    A mixin for plain forms (put before ``forms.Form``); pass ``checks``, a callable that
    takes the fields valid so far (``cleaned_data``) and returns ``{field: message}``
    (``NON_FIELD_ERRORS`` for a form-wide message). The service calls the same function again, under
    its locks, before it writes.
    """

    def __init__(self, *args: Any, checks: Checks | None = None, **kwargs: Any) -> None:
        self.checks = checks
        super().__init__(*args, **kwargs)

    def _post_clean(self) -> None:
        form: forms.BaseForm = self  # type: ignore[assignment]
        super()._post_clean()  # type: ignore[misc]
        if self.checks is None:
            return
        for name, message in self.checks(form.cleaned_data).items():
            if name == NON_FIELD_ERRORS:
                form.add_error(None, message)
            elif name in form.fields and name not in form.errors:
                # A field the form already found wrong keeps the form's message only.
                form.add_error(name, message)


def raise_checks(errors: Mapping[str, str]) -> None:
    """A service raises what the shared checks found, field by field."""
    if errors:
        raise ValidationError(dict(errors))
