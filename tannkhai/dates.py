"""Plausible dates: one set of bounds for every date a user types, in forms and services.

A year 0001 or 9999, a worker born in 2030 or a posting that starts on 31/12/9999
(whose working-day computation overflows) is refused with a clear message instead of
being stored or crashing. Forms use ``BoundedDateField`` (or ``bound_date_field`` on a
model form's field); services call ``DateBounds.check`` so the rule holds whatever the
caller, and ``check_not_before`` for the order of the procedure's steps.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

BIRTH_EARLIEST = dt.date(1900, 1, 1)
# The commune's programs, registry and reviews start in this century.
ERA_EARLIEST = dt.date(2000, 1, 1)


def _day(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


@dataclass(frozen=True)
class DateBounds:
    """From ``earliest`` to today plus ``future_days`` (0: not in the future)."""

    earliest: dt.date = ERA_EARLIEST
    future_days: int = 0
    # Names the date when it is in the future ("Ngày sinh không được ở tương lai.").
    future_message: str | Promise | None = None

    def named(self, future_message: str | Promise) -> DateBounds:
        return replace(self, future_message=future_message)

    def latest(self) -> dt.date:
        return timezone.localdate() + dt.timedelta(days=self.future_days)

    def __call__(self, value: dt.date | None) -> None:
        """A form-field validator: raises a plain ``ValidationError``."""
        if value is None:
            return
        if value < self.earliest:
            raise ValidationError(
                _("Ngày không hợp lệ: hãy nhập một ngày từ %(min)s trở đi.")
                % {"min": _day(self.earliest)},
                code="date_too_early",
            )
        latest = self.latest()
        if value > latest:
            if self.future_days == 0:
                raise ValidationError(
                    str(self.future_message or _("Ngày không được ở tương lai.")),
                    code="date_in_future",
                )
            raise ValidationError(
                _("Ngày không hợp lệ: hãy nhập một ngày đến %(max)s là muộn nhất.")
                % {"max": _day(latest)},
                code="date_too_late",
            )

    def check(
        self, value: dt.date | None, *, field: str, future: str | Promise | None = None
    ) -> None:
        """The service-side check: the error lands on ``field`` of the form; ``future``
        names the date in the message for a date in the future."""
        try:
            self(value)
        except ValidationError as exc:
            if future and exc.code == "date_in_future":
                raise ValidationError({field: future}, code=exc.code) from exc
            raise ValidationError({field: exc.messages}, code=exc.code) from exc


# Dates of things that happened: meetings, complaints, surveys, retirements, renames…
PAST = DateBounds()
# Birth dates.
BIRTH = DateBounds(earliest=BIRTH_EARLIEST)
# A date that may be planned a little ahead: a posting's start, a decision's signing.
PLANNED = DateBounds(future_days=60)
# The planned end of a course.
LONG_PLANNED = DateBounds(future_days=366 * 5)
# The expiry of a card (a child's health-insurance card runs to their sixth birthday).
EXPIRY = DateBounds(future_days=366 * 10)


def check_not_before(
    value: dt.date | None, earlier: dt.date | None, *, field: str, message: str
) -> None:
    """``value`` must not fall before ``earlier`` (the step before it); message names it."""
    if value is not None and earlier is not None and value < earlier:
        raise ValidationError({field: message % {"d": _day(earlier)}}, code="date_order")


def step_date_errors(
    value: dt.date | None,
    *,
    field: str,
    future: str,
    after: dt.date | None,
    order_message: str,
    bounds: DateBounds | None = None,
) -> dict[str, str]:
    """A step's date checked like every other (within ``bounds``, not before the step
    before), as field errors to report together with the form's others."""
    try:
        (bounds or PAST).check(value, field=field, future=future)
        check_not_before(value, after, field=field, message=order_message)
    except ValidationError as exc:
        return {name: messages[0] for name, messages in exc.message_dict.items()}
    return {}


def check_birth_year(year: int | None, *, field: str) -> None:
    if year is None:
        return
    today = timezone.localdate()
    if not BIRTH_EARLIEST.year <= year <= today.year:
        raise ValidationError(
            {
                field: _("Năm sinh phải từ %(min)s đến %(max)s.")
                % {"min": BIRTH_EARLIEST.year, "max": today.year}
            },
            code="birth_year",
        )


class BoundedDateField(forms.DateField):
    """A ``DateField`` limited to ``bounds`` (default: since 2000, not in the future)."""

    def __init__(
        self,
        *,
        bounds: DateBounds = PAST,
        future_message: str | Promise | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        bound_date_field(self, bounds.named(future_message) if future_message else bounds)


def bound_date_field(field: forms.Field, bounds: DateBounds) -> forms.Field:
    """Limit an existing form field (e.g. a model form's) to ``bounds``."""
    field.validators.append(bounds)
    field.widget.attrs["min"] = bounds.earliest.isoformat()
    return field
