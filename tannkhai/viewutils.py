"""Small helpers shared by the function views of every app."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest

from tannkhai.models import User


def current_user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def apply_errors(
    form: BaseForm, exc: ValidationError, *, prefix_map: dict[str, BaseForm] | None = None
) -> None:
    """Put a service's ValidationError on the form fields it names, else on the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            target = form
            name: str | None = field
            if prefix_map:
                for prefix, other in prefix_map.items():
                    if field.startswith(prefix):
                        target, name = other, field[len(prefix) :]
                        break
            if name not in target.fields:
                name = None
            for message in errors:
                target.add_error(name, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)
