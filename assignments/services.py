"""Writes of helpers, assignments, the support log and the duties' yearly status.

Each service checks the role (``assignments.permissions``), locks the row whose state it
checks (``tannkhai.locking``), validates every rule with a Vietnamese message on the
field concerned, and saves inside one transaction with the author recorded in history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from assignments import permissions
from assignments.models import (
    Assignment,
    Duty,
    DutyStatus,
    Organisation,
    Person,
    SupportLog,
)
from assignments.validators import validate_commitment_file
from households.models import Area, Household
from tannkhai.audit import attribute
from tannkhai.dates import LONG_PLANNED, PAST, PLANNED
from tannkhai.locking import lock_row
from tannkhai.models import Role, User


def _day(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


def _merge(errors: dict[str, list[str]], exc: ValidationError) -> None:
    for name, messages in exc.message_dict.items():
        errors.setdefault(name, []).extend(messages)


def _check_dates(
    errors: dict[str, list[str]],
    *,
    started_on: dt.date | None,
    ended_on: dt.date | None,
    commitment_signed_on: dt.date | None,
) -> None:
    for bounds, value, name, future in (
        (PLANNED, started_on, "started_on", None),
        (LONG_PLANNED, ended_on, "ended_on", None),
        (
            PAST,
            commitment_signed_on,
            "commitment_signed_on",
            _("Ngày ký cam kết không được ở tương lai."),
        ),
    ):
        try:
            bounds.check(value, field=name, future=future)
        except ValidationError as exc:
            _merge(errors, exc)
    if started_on and ended_on and ended_on < started_on and "ended_on" not in errors:
        errors["ended_on"] = [_("Ngày kết thúc phải sau ngày bắt đầu.")]


def _overlapping(
    *,
    household: Household,
    person: Person | None,
    organisation: Organisation | None,
    started_on: dt.date,
    ended_on: dt.date | None,
    exclude: Assignment | None = None,
) -> Assignment | None:
    """An assignment of the same helper to the same household whose period meets this one."""
    same = Assignment.objects.filter(household=household)
    if person is not None:
        same = same.filter(person=person)
    else:
        same = same.filter(person__isnull=True, organisation=organisation)
    if exclude is not None:
        same = same.exclude(pk=exclude.pk)
    same = same.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=started_on))
    if ended_on is not None:
        same = same.filter(started_on__lte=ended_on)
    return same.order_by("started_on").first()


def _check_helper(
    errors: dict[str, list[str]],
    *,
    household: Household,
    person: Person | None,
    organisation: Organisation | None,
) -> None:
    if person is None and organisation is None:
        errors.setdefault("person", []).append(
            _("Hãy chọn người được phân công hoặc tổ chức nhận giúp đỡ.")
        )
    if person is not None and (person.commune_id != household.commune_id or not person.is_active):
        errors.setdefault("person", []).append(
            _("Người này không thuộc danh sách người giúp đỡ đang tham gia của xã.")
        )
    if organisation is not None and (
        organisation.commune_id != household.commune_id or not organisation.is_active
    ):
        errors.setdefault("organisation", []).append(
            _("Tổ chức này không thuộc danh sách tổ chức đang hoạt động của xã.")
        )


def _overlap_error(
    errors: dict[str, list[str]], found: Assignment | None, *, person: Person | None
) -> None:
    if found is None:
        return
    since = _day(found.started_on)
    if found.ended_on:
        message = _(
            "Người, tổ chức này đã được phân công giúp hộ từ %(start)s đến %(end)s, trùng "
            "thời gian: không phân công hai lần cùng lúc."
        ) % {"start": since, "end": _day(found.ended_on)}
    else:
        message = _(
            "Người, tổ chức này đang được phân công giúp hộ từ %(start)s: không phân công "
            "hai lần cùng lúc."
        ) % {"start": since}
    errors.setdefault("person" if person is not None else "organisation", []).append(message)


def _raise(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def assignment_create(
    *,
    user: User,
    household: Household,
    person: Person | None,
    organisation: Organisation | None,
    started_on: dt.date,
    ended_on: dt.date | None = None,
    aim_year: int | None = None,
    commitment_signed_on: dt.date | None = None,
    commitment_text: str = "",
    commitment_file: Any = None,
    note: str = "",
) -> Assignment:
    """Assign a person and/or an organisation to help ``household`` from ``started_on``."""
    if not permissions.can_manage_assignments(user):
        raise PermissionDenied
    household = lock_row(household)
    errors: dict[str, list[str]] = {}
    if not household.is_active:
        errors["__all__"] = [
            _("Hộ đã ra khỏi danh sách: không phân công người giúp đỡ cho hộ này.")
        ]
    _check_helper(errors, household=household, person=person, organisation=organisation)
    _check_dates(
        errors,
        started_on=started_on,
        ended_on=ended_on,
        commitment_signed_on=commitment_signed_on,
    )
    if commitment_file:
        try:
            validate_commitment_file(commitment_file)
        except ValidationError as exc:
            errors.setdefault("commitment_file", []).extend(exc.messages)
    if started_on and not errors.get("ended_on"):
        _overlap_error(
            errors,
            _overlapping(
                household=household,
                person=person,
                organisation=organisation,
                started_on=started_on,
                ended_on=ended_on,
            ),
            person=person,
        )
    assignment = Assignment(
        household=household,
        person=person,
        organisation=organisation,
        started_on=started_on,
        ended_on=ended_on,
        aim_year=aim_year,
        commitment_signed_on=commitment_signed_on,
        commitment_text=commitment_text or "",
        note=note or "",
        created_by=user,
    )
    try:
        assignment.full_clean(exclude=["commitment_file"])
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            if name not in errors:
                errors[name] = messages
    _raise(errors)
    if commitment_file:
        assignment.commitment_file.save(commitment_file.name, commitment_file, save=False)
    attribute(assignment, user)
    assignment.save()
    return assignment


def _check_end(
    errors: dict[str, list[str]], *, assignment: Assignment, ended_on: dt.date | None, field: str
) -> None:
    if ended_on is None:
        errors.setdefault(field, []).append(_("Hãy nhập ngày kết thúc."))
        return
    try:
        PLANNED.check(ended_on, field=field)
    except ValidationError as exc:
        _merge(errors, exc)
        return
    if ended_on < assignment.started_on:
        errors.setdefault(field, []).append(
            _("Ngày kết thúc phải từ ngày bắt đầu giúp đỡ (%(d)s) trở đi.")
            % {"d": _day(assignment.started_on)}
        )
        return
    later = (
        assignment.support_logs.filter(happened_on__gt=ended_on).order_by("-happened_on").first()
    )
    if later is not None:
        errors.setdefault(field, []).append(
            _("Đã có nhật ký giúp đỡ ngày %(d)s, sau ngày kết thúc này.")
            % {"d": _day(later.happened_on)}
        )


def _check_open(assignment: Assignment) -> None:
    if assignment.ended_on is not None and assignment.ended_on < timezone.localdate():
        raise ValidationError(
            _("Phân công này đã kết thúc ngày %(d)s.") % {"d": _day(assignment.ended_on)}
        )


@transaction.atomic
def assignment_end(
    *, user: User, assignment: Assignment, ended_on: dt.date | None, reason: str = ""
) -> Assignment:
    """End an assignment on ``ended_on`` (the last day the helper is assigned)."""
    if not permissions.can_manage_assignments(user):
        raise PermissionDenied
    assignment = lock_row(assignment)
    _check_open(assignment)
    errors: dict[str, list[str]] = {}
    _check_end(errors, assignment=assignment, ended_on=ended_on, field="ended_on")
    _raise(errors)
    assignment.ended_on = ended_on
    assignment.end_reason = (reason or "")[:200]
    assignment.full_clean(exclude=["commitment_file"])
    attribute(assignment, user)
    assignment.save()
    return assignment


@transaction.atomic
def assignment_reassign(
    *,
    user: User,
    assignment: Assignment,
    person: Person | None,
    organisation: Organisation | None,
    handed_over_on: dt.date | None,
    reason: str = "",
    note: str = "",
) -> Assignment:
    """End ``assignment`` the day before ``handed_over_on`` and assign the household to
    another helper from that day, both or neither."""
    if not permissions.can_manage_assignments(user):
        raise PermissionDenied
    assignment = lock_row(assignment)
    household = lock_row(assignment.household)
    _check_open(assignment)
    errors: dict[str, list[str]] = {}
    if not household.is_active:
        errors["__all__"] = [
            _("Hộ đã ra khỏi danh sách: không phân công người giúp đỡ cho hộ này.")
        ]
    _check_helper(errors, household=household, person=person, organisation=organisation)
    if (
        person is not None
        and person.pk == assignment.person_id
        and (organisation is None or organisation.pk == assignment.organisation_id)
    ):
        errors.setdefault("person", []).append(
            _("Hãy chọn người, tổ chức khác với người đang được phân công.")
        )
    if handed_over_on is None:
        errors.setdefault("handed_over_on", []).append(_("Hãy nhập ngày chuyển giao."))
    elif handed_over_on <= assignment.started_on:
        errors.setdefault("handed_over_on", []).append(
            _("Ngày chuyển giao phải sau ngày bắt đầu của phân công cũ (%(d)s).")
            % {"d": _day(assignment.started_on)}
        )
    else:
        _check_end(
            errors,
            assignment=assignment,
            ended_on=handed_over_on - dt.timedelta(days=1),
            field="handed_over_on",
        )
    _raise(errors)
    assert handed_over_on is not None
    assignment.ended_on = handed_over_on - dt.timedelta(days=1)
    assignment.end_reason = (reason or _("Chuyển giao cho người khác"))[:200]
    attribute(assignment, user)
    assignment.save()
    try:
        return assignment_create(
            user=user,
            household=household,
            person=person,
            organisation=organisation,
            started_on=handed_over_on,
            ended_on=None,
            aim_year=assignment.aim_year,
            note=note,
        )
    except ValidationError as exc:
        # The form names the new start "handed_over_on".
        if hasattr(exc, "error_dict") and "started_on" in exc.error_dict:
            moved = dict(exc.message_dict)
            moved["handed_over_on"] = moved.pop("started_on")
            raise ValidationError(moved) from exc
        raise


@transaction.atomic
def support_log_create(
    *,
    user: User,
    assignment: Assignment,
    happened_on: dt.date | None,
    kind: str,
    notes: str = "",
    value: int | None = 0,
    value_form: str = SupportLog.Form.NONE,
) -> SupportLog:
    """Log a visit or a piece of support for ``assignment``: on a day the helper was
    assigned, not in the future."""
    if not permissions.can_log_support(user) or not permissions.may_log_for(user, assignment):
        raise PermissionDenied
    assignment = lock_row(assignment)
    errors: dict[str, list[str]] = {}
    if happened_on is None:
        errors["happened_on"] = [_("Hãy nhập ngày.")]
    else:
        try:
            PAST.check(
                happened_on, field="happened_on", future=_("Ngày giúp đỡ không được ở tương lai.")
            )
        except ValidationError as exc:
            _merge(errors, exc)
        if "happened_on" not in errors and not assignment.active_on(happened_on):
            end = _day(assignment.ended_on) if assignment.ended_on else _("nay")
            errors["happened_on"] = [
                _("Ngày này nằm ngoài thời gian được phân công (%(start)s – %(end)s).")
                % {"start": _day(assignment.started_on), "end": end}
            ]
    if value is not None and value < 0:
        errors.setdefault("value", []).append(_("Giá trị hỗ trợ không được âm."))
    log = SupportLog(
        assignment=assignment,
        happened_on=happened_on,  # type: ignore[misc]
        kind=kind,
        notes=notes or "",
        value=max(value or 0, 0),
        value_form=value_form or SupportLog.Form.NONE,
        recorded_by=user,
    )
    try:
        log.full_clean()
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            if name not in errors:
                errors[name] = messages
    _raise(errors)
    attribute(log, user)
    log.save()
    return log


# -- people -------------------------------------------------------------------------------


@transaction.atomic
def person_save(
    *,
    user: User,
    person: Person | None,
    commune: Area,
    full_name: str,
    title: str = "",
    organisations: Iterable[Organisation] = (),
    is_party_member: bool = False,
    phone: str = "",
    account: User | None = None,
    is_active: bool = True,
) -> Person:
    """Create (``person`` None) or update a helper of ``commune``."""
    if not permissions.can_manage_assignments(user):
        raise PermissionDenied
    person = Person(commune=commune) if person is None else lock_row(person)
    organisations = list(organisations)
    errors: dict[str, list[str]] = {}
    if any(o.commune_id != commune.pk for o in organisations):
        errors["organisations"] = [_("Chỉ chọn các tổ chức của xã này.")]
    if account is not None and account.role != Role.ORG_MEMBER:
        errors["user"] = [_("Chỉ gắn tài khoản có vai trò thành viên tổ chức, đoàn thể.")]
    person.full_name = full_name
    person.title = title or ""
    person.is_party_member = is_party_member
    person.phone = phone or ""
    person.user = account
    person.is_active = is_active
    try:
        person.full_clean()
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, messages)
    _raise(errors)
    attribute(person, user)
    person.save()
    person.organisations.set(organisations)
    return person


# -- the plan's duties --------------------------------------------------------------------


@transaction.atomic
def duty_status_save(
    *,
    user: User,
    duty: Duty,
    year: int,
    state: str,
    progress_note: str = "",
    problems: str = "",
) -> DutyStatus:
    """The year's state of a duty (one per duty and year, updated in place)."""
    if not permissions.can_update_duties(user):
        raise PermissionDenied
    duty = lock_row(duty)
    program = duty.program
    if not program.start_year <= year <= program.end_year:
        raise ValidationError(
            {
                "year": _("Năm phải trong giai đoạn của kế hoạch (%(a)s–%(b)s).")
                % {"a": program.start_year, "b": program.end_year}
            }
        )
    status = DutyStatus.objects.filter(duty=duty, year=year).first() or DutyStatus(
        duty=duty, year=year
    )
    status.state = state
    status.progress_note = progress_note or ""
    status.problems = problems or ""
    status.updated_by = user
    status.full_clean()
    attribute(status, user)
    status.save()
    return status
