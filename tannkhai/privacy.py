"""Who sees which personal data, and how it is masked: the one place for both.

Views, forms, templates, history, exports and the admin ask ``policy_for(user)``
what the user may see and mask through ``mask_identifier`` / ``IdentifierField``.
A new screen that shows a member must go through here (the field-exposure test in
``tests/tannkhai/test_field_exposure.py`` fails otherwise).

- **Identifiers** (citizen ID, health-insurance number): in full for officers and
  administrators only; everyone else sees the last four characters. In forms the
  field shows the masked value; posting it back unchanged keeps the stored number,
  typing a new one replaces it, so a quarter head can correct a wrong number without
  ever seeing the old one.
- **Member details** (ethnicity, DTTS / KCKNLĐ / CSCC / BTXH flags, classification,
  health, disability, schooling, employment, history, reviews): everyone but
  organisation members, who see names, relations, address and contacts only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tannkhai import permissions
from tannkhai.formatting import MASK_CHAR, mask_citizen_id

# Model fields holding an identifier that is masked for non-privileged users.
IDENTIFIER_FIELDS = ("citizen_id", "health_insurance_number")

# Household fields (and the matching registry filters) that only users who see member
# details may read: sensitive under Luật 91/2025/QH15 (ethnicity, health, disability)
# or revealing (classification, social protection).
HOUSEHOLD_DETAIL_FIELDS = (
    "ethnicity",
    "is_ethnic_minority",
    "no_labour_capacity",
    "person_of_merit",
    "social_protection",
    "poverty_status",
    "notes",
)


@dataclass(frozen=True)
class Policy:
    """What one user may see of the registry's personal data."""

    full_identifiers: bool
    member_details: bool

    @property
    def search_by_citizen_id(self) -> bool:
        """A 12-digit search matches members' citizen IDs (not for organisation members)."""
        return self.member_details

    def identifier(self, value: str | None) -> str:
        """The identifier as this user may see it."""
        if not value:
            return ""
        return value if self.full_identifiers else mask_identifier(value)


RESTRICTED = Policy(full_identifiers=False, member_details=False)


def policy_for(user: Any) -> Policy:
    """The policy of ``user``; anonymous users and ``None`` get the most restrictive one."""
    if user is None or not getattr(user, "is_authenticated", False):
        return RESTRICTED
    return Policy(
        full_identifiers=permissions.can_see_sensitive(user),
        member_details=permissions.can_see_member_details(user),
    )


# Only the last four characters: ``"070123456789"`` → ``"••••••••6789"`` (a pure
# function kept in ``formatting`` so that templates and models can use it too).
mask_identifier = mask_citizen_id


def is_masked(value: str | None) -> bool:
    return bool(value) and MASK_CHAR in str(value)


class IdentifierField(forms.CharField):
    """A form field for an identifier that the user may not read in full.

    Renders ``mask_identifier(stored)``; the masked text posted back means "keep the
    stored number"; any other masked text is refused (it cannot be a real number);
    a new full number replaces the stored one; an empty field clears it.
    """

    def __init__(self, *, stored: str, inner: forms.Field, **kwargs: Any) -> None:
        self.stored = stored or ""
        self.inner = inner
        kwargs.setdefault("required", inner.required)
        kwargs.setdefault("label", inner.label)
        kwargs.setdefault("help_text", inner.help_text)
        kwargs.setdefault("widget", inner.widget)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Any:
        text = str(value or "").strip()
        if self.stored and text == mask_identifier(self.stored):
            return self.stored
        if is_masked(text):
            raise forms.ValidationError(
                _(
                    "Số đang được che. Giữ nguyên để không đổi, hoặc xóa hết rồi nhập đầy đủ "
                    "số mới."
                ),
                code="masked",
            )
        return self.inner.clean(value)


def protect_identifiers(form: forms.BaseForm, *, viewer: Any, instance: Any = None) -> None:
    """Mask the identifier fields of ``form`` for a viewer who may not read them.

    ``instance`` holds the stored values (a new record has none: nothing to hide, but
    the fields still refuse masked text).
    """
    policy = policy_for(viewer)
    if policy.full_identifiers:
        return
    for name in IDENTIFIER_FIELDS:
        if name not in form.fields:
            continue
        stored = str(getattr(instance, name, "") or "") if instance is not None else ""
        form.fields[name] = IdentifierField(stored=stored, inner=form.fields[name])
        form.initial[name] = mask_identifier(stored)
