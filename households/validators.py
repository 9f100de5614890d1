"""Validators for identity documents used in the registry."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Province codes of the 12-digit citizen ID (Thông tư 59/2021/TT-BCA, phụ lục I):
# the codes of the 63 provinces before the 2025 merger, which stay valid on cards.
CITIZEN_ID_PROVINCE_CODES = frozenset(
    [
        "001",
        "002",
        "004",
        "006",
        "008",
        "010",
        "011",
        "012",
        "014",
        "015",
        "017",
        "019",
        "020",
        "022",
        "024",
        "025",
        "026",
        "027",
        "030",
        "031",
        "033",
        "034",
        "035",
        "036",
        "037",
        "038",
        "040",
        "042",
        "044",
        "045",
        "046",
        "048",
        "049",
        "051",
        "052",
        "054",
        "056",
        "058",
        "060",
        "062",
        "064",
        "066",
        "067",
        "068",
        "070",
        "072",
        "074",
        "075",
        "077",
        "079",
        "080",
        "082",
        "083",
        "084",
        "086",
        "087",
        "089",
        "091",
        "092",
        "093",
        "094",
        "095",
        "096",
    ]
)

_TWELVE_DIGITS = re.compile(r"^\d{12}$")
_HEALTH_INSURANCE = re.compile(r"^[A-Z0-9]{10,15}$")


def validate_citizen_id(value: str) -> None:
    """Check the form of a 12-digit citizen ID (CCCD / số định danh cá nhân)."""
    if not _TWELVE_DIGITS.match(value):
        raise ValidationError(
            _("Số CCCD/định danh cá nhân phải gồm đúng 12 chữ số."), code="citizen_id_format"
        )
    if value[:3] not in CITIZEN_ID_PROVINCE_CODES:
        raise ValidationError(
            _("Ba chữ số đầu của số CCCD (%(code)s) không phải mã tỉnh hợp lệ."),
            code="citizen_id_province",
            params={"code": value[:3]},
        )


def citizen_id_sex_and_century(value: str) -> tuple[str, int]:
    """The sex (``male``/``female``) and birth century start encoded in digit 4."""
    digit = int(value[3])
    century = 1900 + 100 * (digit // 2)
    sex = "male" if digit % 2 == 0 else "female"
    return sex, century


def citizen_id_birth_year(value: str) -> int:
    _sex, century = citizen_id_sex_and_century(value)
    return century + int(value[4:6])


def validate_health_insurance_number(value: str) -> None:
    if not _HEALTH_INSURANCE.match(value):
        raise ValidationError(
            _("Mã thẻ BHYT gồm 10 đến 15 chữ cái in hoa hoặc chữ số."),
            code="health_insurance_format",
        )


def validate_phone(value: str) -> None:
    digits = re.sub(r"[\s.\-]", "", value)
    if not re.match(r"^(\+84|0)\d{9,10}$", digits):
        raise ValidationError(
            _("Số điện thoại không hợp lệ (ví dụ: 0912 345 678)."), code="phone_format"
        )
