"""Writes for the program: targets, manual results, job placements, training enrolments."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from households.models import Area, Member
from tannkhai.audit import attribute
from tannkhai.models import Role, User
from tannkhai.permissions import in_scope, role_of
from targets.models import (
    Indicator,
    JobPlacement,
    ManualResult,
    Program,
    TrainingEnrolment,
    YearlyTarget,
)


def can_record_results(user: User) -> bool:
    """Enter placements and enrolments (officers; quarter heads for their quarter)."""
    return role_of(user) in (Role.ADMIN, Role.OFFICER, Role.QUARTER_HEAD)


def can_edit_targets(user: User) -> bool:
    return role_of(user) in (Role.ADMIN, Role.OFFICER)


@transaction.atomic
def yearly_target_set(
    *, user: User, indicator: Indicator, year: int, value: Decimal | None, note: str = ""
) -> YearlyTarget | None:
    """Set or clear (``value=None``) the target of one year."""
    if not can_edit_targets(user) or not in_scope(user, indicator.program.commune):
        raise PermissionDenied
    existing = YearlyTarget.objects.filter(indicator=indicator, year=year).first()
    if value is None:
        if existing is not None:
            existing.delete()
        return None
    target = existing or YearlyTarget(indicator=indicator, year=year)
    target.value = value
    target.note = note
    target.full_clean()
    attribute(target, user)
    target.save()
    return target


@transaction.atomic
def period_target_set(
    *, user: User, indicator: Indicator, value: Decimal | None, note: str = ""
) -> Indicator:
    if not can_edit_targets(user) or not in_scope(user, indicator.program.commune):
        raise PermissionDenied
    indicator.period_target = value
    indicator.period_note = note
    indicator.full_clean()
    attribute(indicator, user)
    indicator.save()
    return indicator


@transaction.atomic
def manual_result_set(
    *, user: User, indicator: Indicator, year: int, value: Decimal, source: str, has_records: bool
) -> ManualResult:
    """A typed-in result, allowed only where no records exist for that year."""
    if not can_edit_targets(user) or not in_scope(user, indicator.program.commune):
        raise PermissionDenied
    program = indicator.program
    if not program.start_year <= year <= program.end_year:
        raise ValidationError({"year": _("Năm nằm ngoài giai đoạn của chương trình.")})
    if has_records:
        raise ValidationError(
            _("Năm %(y)s đã có hồ sơ cho chỉ tiêu này: kết quả được tính từ hồ sơ, không nhập tay.")
            % {"y": year}
        )
    result = ManualResult.objects.filter(indicator=indicator, year=year).first() or ManualResult(
        indicator=indicator, year=year
    )
    result.value = value
    result.source = source
    result.entered_by = user
    result.entered_at = timezone.now()
    result.full_clean()
    attribute(result, user)
    result.save()
    return result


@transaction.atomic
def program_copy(
    *, user: User, program: Program, name: str, start_year: int, end_year: int
) -> Program:
    """A new program with the same indicators (no targets): e.g. 2026–2030."""
    if not can_edit_targets(user) or not in_scope(user, program.commune):
        raise PermissionDenied
    if end_year < start_year:
        raise ValidationError({"end_year": _("Năm kết thúc phải sau năm bắt đầu.")})
    if Program.objects.filter(commune=program.commune, name=name, start_year=start_year).exists():
        raise ValidationError({"name": _("Chương trình này đã có.")})
    new = Program(
        commune=program.commune,
        name=name,
        start_year=start_year,
        end_year=end_year,
        legal_basis="",
    )
    new.full_clean()
    attribute(new, user)
    new.save()
    for indicator in program.indicators.all():
        Indicator.objects.create(
            program=new,
            code=indicator.code,
            name=indicator.name,
            name_en=indicator.name_en,
            unit=indicator.unit,
            kind=indicator.kind,
            direction=indicator.direction,
            computation=indicator.computation,
            order=indicator.order,
        )
    return new


def _worker_fields(
    *, user: User, commune: Area, member: Member | None, data: dict[str, Any]
) -> dict[str, Any]:
    """Resolve the worker: a registry member (name, birth year and quarter from it)
    or a person described by name, birth year and quarter."""
    if member is not None:
        household = member.household
        if household.commune_id != commune.pk:
            raise ValidationError({"member": _("Người này không thuộc xã của chương trình.")})
        return {
            "member": member,
            "household": household,
            "worker_name": member.full_name,
            "birth_year": member.birth_year,
            "quarter": household.quarter,
            "household_status": household.poverty_status,
        }
    name = " ".join((data.get("worker_name") or "").split())
    quarter = data.get("quarter")
    errors = {}
    if not name:
        errors["worker_name"] = _("Hãy chọn người trong sổ hộ hoặc nhập họ tên.")
    if not data.get("birth_year"):
        errors["birth_year"] = _("Hãy nhập năm sinh.")
    if quarter is None:
        errors["quarter"] = _("Hãy chọn khu phố / ấp.")
    elif quarter.parent_id != commune.pk:
        errors["quarter"] = _("Khu phố / ấp không thuộc xã.")
    if errors:
        raise ValidationError(errors)
    return {
        "member": None,
        "household": None,
        "worker_name": name,
        "birth_year": data["birth_year"],
        "quarter": quarter,
        "household_status": "",
    }


def _check_date(day: dt.date, program: Program | None, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: _("Ngày không được ở tương lai.")})
    if program is not None and not program.start_year <= day.year <= program.end_year:
        raise ValidationError(
            {
                field: _("Ngày nằm ngoài giai đoạn %(a)s–%(b)s của chương trình.")
                % {"a": program.start_year, "b": program.end_year}
            }
        )


def _program_for(commune: Area, day: dt.date) -> Program | None:
    return (
        Program.objects.filter(commune=commune, start_year__lte=day.year, end_year__gte=day.year)
        .order_by("-start_year")
        .first()
    )


def _any_program_period(commune: Area, day: dt.date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: _("Ngày không được ở tương lai.")})
    programs = list(Program.objects.filter(commune=commune))
    if programs and _program_for(commune, day) is None:
        raise ValidationError({field: _("Ngày nằm ngoài giai đoạn của các chương trình của xã.")})


def _worker_checked(
    *, user: User, commune: Area, member: Member | None, data: dict[str, Any], date_field: str
) -> dict[str, Any]:
    """Permission, worker and date checks shared by placements and enrolments."""
    if not can_record_results(user):
        raise PermissionDenied
    worker = _worker_fields(user=user, commune=commune, member=member, data=data)
    if not in_scope(user, worker["quarter"]):
        raise PermissionDenied
    _any_program_period(commune, data[date_field], date_field)
    return worker


def _store(obj: JobPlacement | TrainingEnrolment, values: dict[str, Any], user: User) -> None:
    for name, value in values.items():
        setattr(obj, name, value)
    obj.full_clean()
    attribute(obj, user)
    obj.save()


@transaction.atomic
def placement_save(
    *,
    user: User,
    commune: Area,
    placement: JobPlacement | None = None,
    member: Member | None = None,
    **data: Any,
) -> JobPlacement:
    worker = _worker_checked(
        user=user, commune=commune, member=member, data=data, date_field="placed_on"
    )
    if data.get("kind") == JobPlacement.Kind.INDUSTRIAL_PARK and not data.get("industrial_park"):
        raise ValidationError({"industrial_park": _("Hãy chọn khu công nghiệp.")})
    if data.get("kind") != JobPlacement.Kind.INDUSTRIAL_PARK:
        data["industrial_park"] = None
    obj = placement or JobPlacement(commune=commune, created_by=user)
    _store(obj, {**data, **worker}, user)
    return obj


@transaction.atomic
def enrolment_save(
    *,
    user: User,
    commune: Area,
    enrolment: TrainingEnrolment | None = None,
    member: Member | None = None,
    **data: Any,
) -> TrainingEnrolment:
    worker = _worker_checked(
        user=user, commune=commune, member=member, data=data, date_field="start_date"
    )
    end = data.get("end_date")
    if end is not None and end < data["start_date"]:
        raise ValidationError({"end_date": _("Ngày kết thúc không được trước ngày khai giảng.")})
    if data.get("employed_after") and not data.get("completed"):
        raise ValidationError(
            {"employed_after": _("Chỉ ghi có việc làm sau đào tạo khi đã hoàn thành khóa học.")}
        )
    if not occupation_ok(data.get("occupation")):
        raise ValidationError({"occupation": _("Hãy nhập nghề đào tạo.")})
    obj = enrolment or TrainingEnrolment(commune=commune, created_by=user)
    _store(obj, {**data, **worker}, user)
    return obj


def occupation_ok(value: str | None) -> bool:
    return bool(value and value.strip())
