"""Correct the shipped legal bases and mark the 2027–2030 definitions that come from the
September 2025 draft as unconfirmed (an administrator confirms them against the decree)."""

from django.db import migrations

BASIS_2022 = (
    "Nghị định 07/2021/NĐ-CP ngày 27/01/2021, sửa đổi bởi Nghị định 30/2025/NĐ-CP; "
    "kéo dài đến hết năm 2026 theo Nghị định 351/2025/NĐ-CP"
)
BASIS_2027 = "Nghị định 351/2025/NĐ-CP ngày 30/12/2025"
OLD_MERGER_BASIS = (
    "Nghị quyết 202/2025/QH15; Nghị quyết của UBTVQH về sắp xếp ĐVHC cấp xã "
    "tỉnh Đồng Nai (cần xác minh)"
)
MERGER_BASIS = (
    "Nghị quyết 1662/NQ-UBTVQH15 về sắp xếp các đơn vị hành chính cấp xã của tỉnh Đồng Nai năm 2025"
)
# Confirmed from NĐ 351/2025 (as published): the employment dimension with its two
# indicators "việc làm" and "người phụ thuộc trong hộ gia đình" (names only); the
# income lines; "đô thị" for urban. Everything else stays unconfirmed.
CONFIRMED_2027_DIMENSIONS = {"VL"}


def forward(apps, schema_editor):
    Standard = apps.get_model("households", "PovertyStandard")
    Dimension = apps.get_model("households", "Dimension")
    Indicator = apps.get_model("households", "Indicator")
    AreaEvent = apps.get_model("households", "AreaEvent")
    Standard.objects.filter(code="2022-2025").update(legal_basis=BASIS_2022)
    Standard.objects.filter(code="2027-2030").update(legal_basis=BASIS_2027, urban_term="Đô thị")
    dims = Dimension.objects.filter(standard__code="2027-2030")
    dims.exclude(code__in=CONFIRMED_2027_DIMENSIONS).update(needs_verification=True)
    Indicator.objects.filter(standard__code="2027-2030").update(needs_verification=True)
    AreaEvent.objects.filter(legal_basis=OLD_MERGER_BASIS).update(legal_basis=MERGER_BASIS)


def backward(apps, schema_editor):
    Standard = apps.get_model("households", "PovertyStandard")
    Standard.objects.filter(code="2022-2025").update(
        legal_basis="Nghị định 07/2021/NĐ-CP ngày 27/01/2021"
    )
    Standard.objects.filter(code="2027-2030").update(
        legal_basis="Nghị định 351/2025/NĐ-CP", urban_term="Thành thị"
    )


class Migration(migrations.Migration):
    dependencies = [("households", "0012_request_kind_livelihood_average_living_meeting_minutes")]

    operations = [migrations.RunPython(forward, backward)]
