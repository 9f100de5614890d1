"""Writes for the program: targets, manual results, job placements, training enrolments."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from households.models import Area, Member
from tannkhai.audit import attribute
from tannkhai.dates import LONG_PLANNED, PAST, check_birth_year, check_not_before
from tannkhai.locking import lock_rows
from tannkhai.models import User
from tannkhai.permissions import in_scope
from targets.models import (
    Indicator,
    JobPlacement,
    ManualResult,
    Program,
    TrainingEnrolment,
    YearlyTarget,
)
from targets.permissions import can_edit_targets, can_record_results


@transaction.atomic
def yearly_target_set(
    *, user: User, indicator: Indicator, year: int, value: Decimal | None, note: str = ""
) -> YearlyTarget | None:
    """Set or clear (``value=None``) the target of one year."""
    if not can_edit_targets(user) or not in_scope(user, indicator.program.commune):
        raise PermissionDenied
    # The indicator's row guards its targets: two saves of one year cannot both create it.
    lock_rows(Indicator.objects.filter(pk=indicator.pk))
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


def _targets_stale_error() -> ValidationError:
    return ValidationError(
        _(
            "Chỉ tiêu của chương trình này vừa được người khác cập nhật, chưa lưu gì. "
            "Số bạn nhập vẫn còn trên biểu mẫu: hãy mở trang trong thẻ mới để xem thay đổi, "
            "rồi lưu lại."
        ),
        code="stale",
    )


@transaction.atomic
def program_targets_save(
    *,
    user: User,
    program: Program,
    version: int | None,
    yearly: Iterable[tuple[Indicator, int, Decimal | None]],
    periods: Iterable[tuple[Indicator, Decimal | None]],
) -> Program:
    """Save the whole targets page at once, from the program version the user loaded.

    The program row is locked and its version compared, so two people saving the page
    from copies loaded at the same time cannot both win: the second is refused.
    """
    if not can_edit_targets(user) or not in_scope(user, program.commune):
        raise PermissionDenied
    current = Program.objects.select_for_update().only("version").get(pk=program.pk)
    if version is None or current.version != version:
        raise _targets_stale_error()
    for indicator, year, value in yearly:
        if indicator.program_id != program.pk:
            raise ValidationError(_("Chỉ tiêu không thuộc chương trình này."))
        yearly_target_set(user=user, indicator=indicator, year=year, value=value)
    for indicator, value in periods:
        if indicator.program_id != program.pk:
            raise ValidationError(_("Chỉ tiêu không thuộc chương trình này."))
        period_target_set(user=user, indicator=indicator, value=value, note=indicator.period_note)
    Program.objects.filter(pk=program.pk).update(version=F("version") + 1)
    program.version = current.version + 1
    return program


@transaction.atomic
def manual_result_set(
    *, user: User, indicator: Indicator, year: int, value: Decimal, source: str, has_records: bool
) -> ManualResult:
    """A typed-in result, allowed only where no records exist for that year."""
    if not can_edit_targets(user) or not in_scope(user, indicator.program.commune):
        raise PermissionDenied
    program = indicator.program
    lock_rows(Indicator.objects.filter(pk=indicator.pk))
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
    # One program per commune and year: lock the commune so that two copies made at
    # the same time cannot both pass the overlap check.
    Area.objects.select_for_update().only("pk").get(pk=program.commune_id)
    if Program.objects.filter(commune=program.commune, name=name, start_year=start_year).exists():
        raise ValidationError({"name": _("Chương trình này đã có.")})
    new = Program(
        commune=program.commune,
        name=name,
        start_year=start_year,
        end_year=end_year,
        legal_basis="",
    )
    new.full_clean()  # refuses a period overlapping another program of the commune
    attribute(new, user)
    try:
        with transaction.atomic():
            new.save()
    except IntegrityError as exc:  # the database's own check (migration 0004)
        raise ValidationError(
            {"start_year": _("Giai đoạn này trùng với một chương trình khác của xã.")}
        ) from exc
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
    *,
    user: User,
    commune: Area,
    member: Member | None,
    data: dict[str, Any],
    recorded_member_id: int | None = None,
) -> dict[str, Any]:
    """Resolve the worker: a registry member (name, birth year and quarter from it)
    or a person described by name, birth year and quarter.

    A member must still live in an active household of the commune, unless the record
    being edited already names them (a placement stays valid after its worker leaves).
    """
    if member is not None:
        household = member.household
        if household.commune_id != commune.pk:
            raise ValidationError({"member_id": _("Người này không thuộc xã của chương trình.")})
        if member.pk != recorded_member_id:
            if not household.is_active:
                raise ValidationError(
                    {
                        "member_id": _(
                            "Hộ %(code)s đã ra khỏi danh sách: không ghi nhận cho thành viên "
                            "của hộ này."
                        )
                        % {"code": household.code}
                    }
                )
            if not member.is_active:
                raise ValidationError(
                    {
                        "member_id": _(
                            "%(name)s đã ra khỏi hộ: hãy chọn một thành viên đang cư trú."
                        )
                        % {"name": member.full_name}
                    }
                )
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
    else:
        try:
            check_birth_year(data["birth_year"], field="birth_year")
        except ValidationError as exc:
            errors.update({k: v[0] for k, v in exc.message_dict.items()})
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


def _worker_checked(
    *,
    user: User,
    commune: Area,
    member: Member | None,
    data: dict[str, Any],
    date_field: str,
    recorded: JobPlacement | TrainingEnrolment | None,
) -> dict[str, Any]:
    """Permission, worker and date checks shared by placements and enrolments."""
    if not can_record_results(user):
        raise PermissionDenied
    worker = _worker_fields(
        user=user,
        commune=commune,
        member=member,
        data=data,
        recorded_member_id=recorded.member_id if recorded is not None else None,
    )
    if not in_scope(user, worker["quarter"]):
        raise PermissionDenied
    # A record is a fact about a person on a date: it does not need a program covering
    # that date (a program only aggregates the records of its commune and years).
    PAST.check(data[date_field], field=date_field)
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
        user=user,
        commune=commune,
        member=member,
        data=data,
        date_field="placed_on",
        recorded=placement,
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
        user=user,
        commune=commune,
        member=member,
        data=data,
        date_field="start_date",
        recorded=enrolment,
    )
    end = data.get("end_date")
    LONG_PLANNED.check(end, field="end_date")
    check_not_before(
        end,
        data["start_date"],
        field="end_date",
        message=_("Ngày kết thúc không được trước ngày khai giảng (%(d)s)."),
    )
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
