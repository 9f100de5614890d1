"""Versioning of poverty standards: rules are frozen once recognised reviews use them."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from households.models import Dimension, Indicator, PovertyStandard
from tannkhai.audit import attribute
from tannkhai.locking import lock_row
from tannkhai.models import Role

RULE_FIELDS = (
    "income_line_rural",
    "income_line_urban",
    "average_upper_rural",
    "average_upper_urban",
    "min_deprivations_poor",
    "score_a_cutoff_rural",
    "score_a_cutoff_urban",
    "b_points_per_deprivation",
    "valid_from",
)


def check_rules_unchanged(standard: PovertyStandard) -> None:
    """Refuse to change the rules of a standard that recognised reviews used."""
    if standard.pk is None or not standard.is_locked:
        return
    saved = PovertyStandard.objects.get(pk=standard.pk)
    changed = [f for f in RULE_FIELDS if getattr(saved, f) != getattr(standard, f)]
    if changed:
        raise ValidationError(
            _(
                "Chuẩn nghèo này đã được dùng cho kết quả rà soát đã công nhận, không thể sửa "
                "mức chuẩn. Hãy tạo phiên bản mới."
            ),
            code="standard_locked",
        )


@transaction.atomic
def standard_copy(*, standard: PovertyStandard) -> PovertyStandard:
    """A new, editable version with the same dimensions, indicators and Phiếu A items."""
    code = f"{standard.code}-v2"
    n = 2
    while PovertyStandard.objects.filter(code=code).exists():
        n += 1
        code = f"{standard.code}-v{n}"
    copy = PovertyStandard.objects.get(pk=standard.pk)
    copy.pk = None
    copy.id = None  # type: ignore[assignment]
    copy.code = code
    copy.name = f"{standard.name} ({_('bản sửa đổi')})"
    copy.save()
    dimensions = {}
    for dim in standard.dimensions.all():
        old_pk = dim.pk
        dim.pk = None
        dim.standard = copy
        dim.save()
        dimensions[old_pk] = dim
    for ind in standard.indicators.all():
        ind.pk = None
        ind.standard = copy
        ind.dimension = dimensions[ind.dimension_id]
        ind.save()
    for item in standard.screening_items.all():
        item.pk = None
        item.standard = copy
        item.save()
    return copy


@transaction.atomic
def standard_confirm_definitions(*, user: Any, standard: PovertyStandard) -> int:
    """An administrator confirms the standard's dimensions and indicators against the text.

    Clears the "unconfirmed" flag of each one (recorded in their history, with who did it).
    Refused once recognised reviews used the standard: it is frozen, make a new version.
    Returns how many definitions were confirmed.
    """
    if not (getattr(user, "is_superuser", False) or getattr(user, "role", "") == Role.ADMIN):
        raise PermissionDenied
    lock_row(standard)
    if standard.is_locked:
        raise ValidationError(
            _(
                "Chuẩn nghèo này đã được dùng cho kết quả rà soát đã công nhận, không thể sửa "
                "mức chuẩn. Hãy tạo phiên bản mới."
            ),
            code="standard_locked",
        )
    count = 0
    items: list[Dimension | Indicator] = [
        *standard.dimensions.filter(needs_verification=True),
        *standard.indicators.filter(needs_verification=True),
    ]
    for item in items:
        item.needs_verification = False
        attribute(item, user)
        item.save()
        count += 1
    return count
