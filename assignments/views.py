"""Screens of the helpers of poor households: assignments, support log, coverage,
the yearly evaluation and the plan's responsibility matrix."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assignments import permissions as perms
from assignments import selectors as sel
from assignments import services
from assignments.forms import (
    AssignmentForm,
    BulkAssignForm,
    DutyStatusForm,
    EndForm,
    PersonForm,
    ReassignForm,
    SupportLogForm,
)
from assignments.models import DutyStatus, SupportLog
from assignments.validators import content_type_of
from households import selectors as hsel
from households.area_filter import AreaFilter, area_filter
from households.models import Area, Household
from tannkhai.audit import log_access
from tannkhai.dates import ERA_EARLIEST, PLANNED
from tannkhai.models import AccessLog, User
from tannkhai.pagination import paginate
from tannkhai.permissions import require
from tannkhai.privacy import policy_for
from tannkhai.viewutils import apply_errors, current_user, query_choice, query_int, query_year
from tannkhai.xlsx import Column, XlsxExport
from targets.selectors import programs_visible_to

PAGE_SIZE = 50


def query_day(request: HttpRequest, name: str = "day") -> dt.date:
    """A day in a URL (YYYY-MM-DD, 2000 to 60 days ahead), else today."""
    today = timezone.localdate()
    text = (request.GET.get(name) or "").strip()
    if len(text) != 10 or not text.isascii():
        return today
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return today
    return day if ERA_EARLIEST <= day <= PLANNED.latest() else today


def _helpers_for(user: User, household: Household) -> dict[str, Any]:
    return {
        "people": sel.people_visible_to(user)
        .filter(commune=household.commune_id, is_active=True)
        .order_by("full_name", "pk"),
        "organisations": sel.organisations_visible_to(user)
        .filter(commune=household.commune_id, is_active=True)
        .order_by("name"),
    }


def _area_param(request: HttpRequest, user: User) -> tuple[AreaFilter, Area | None]:
    """The area filter and the area it narrows to: the quarter, else the chosen commune."""
    area = area_filter(user, request.GET, active_only=True)
    chosen = area.quarter or (area.commune if area.communes else None)
    return area, chosen


# -- assignments ---------------------------------------------------------------------------


@require(perms.can_read_assignments, methods=("GET",))
def assignment_list(request: HttpRequest) -> HttpResponse:
    """Officers, leaders, quarter heads: the assignments in scope; a helper: their own."""
    user = current_user(request)
    state = query_choice(request, "state", choices=("active", "ended", "all"), default="active")
    area, _chosen = _area_param(request, user)
    today = timezone.localdate()
    assignments = sel.assignments_visible_to(user).select_related(
        "household", "household__quarter", "person", "organisation"
    )
    if state == "active":
        assignments = assignments.filter(sel.active_on(today))
    elif state == "ended":
        assignments = assignments.filter(ended_on__lt=today)
    assignments = area.apply(assignments, through="household")
    person_pk = query_int(request, "person", default=None)
    if person_pk is not None:
        assignments = assignments.filter(person_id=person_pk)
    page = paginate(
        assignments.order_by("household__quarter__name", "household__code", "-started_on", "-pk"),
        page=request.GET.get("page"),
        page_size=PAGE_SIZE,
        cap=settings.REGISTRY_COUNT_CAP,
    )
    context = {
        "page": page,
        "state": state,
        "area": area if perms.can_read_coverage(user) else None,
        "can_manage": perms.can_manage_assignments(user),
        "can_log": perms.can_log_support(user),
        "is_helper": not perms.can_read_coverage(user),
        "today": today,
        "show_evaluation": perms.can_read_evaluation(user),
    }
    return render(request, "assignments/list.html", context)


@require(perms.can_manage_assignments, methods=("GET", "POST"))
def assignment_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    household = hsel.household_get(user=user, pk=pk)
    if not household.is_active:
        raise PermissionDenied
    helpers = _helpers_for(user, household)
    if request.method == "POST":
        form = AssignmentForm(request.POST, request.FILES, **helpers)
        if form.is_valid():
            try:
                services.assignment_create(user=user, household=household, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Đã phân công người giúp đỡ hộ."))
                return redirect("households:detail", pk=household.pk)
    else:
        form = AssignmentForm(initial={"started_on": timezone.localdate()}, **helpers)
    return render(
        request,
        "assignments/assignment_form.html",
        {"form": form, "household": household, "title": _("Phân công người giúp đỡ")},
    )


@require(perms.can_read_assignments, methods=("GET",))
def assignment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    assignment = sel.assignment_get(user=user, pk=pk)
    logs = list(
        sel.support_logs_visible_to(user)
        .filter(assignment=assignment)
        .select_related("recorded_by")
        .order_by("-happened_on", "-pk")
    )
    today = timezone.localdate()
    context = {
        "assignment": assignment,
        "household": assignment.household,
        "logs": logs,
        "total_value": sum(log.value for log in logs),
        "can_manage": perms.can_manage_assignments(user),
        "can_log": perms.can_log_support(user)
        and perms.may_log_for(user, assignment)
        and assignment.started_on <= today,
        "is_open": assignment.ended_on is None or assignment.ended_on >= today,
        "show_details": policy_for(user).member_details,
    }
    return render(request, "assignments/detail.html", context)


@require(perms.can_read_assignments, methods=("GET",))
def commitment_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The scanned commitment, only to those who may read the assignment."""
    user = current_user(request)
    assignment = sel.assignment_get(user=user, pk=pk)
    if not assignment.commitment_file:
        raise Http404
    try:
        with assignment.commitment_file.open("rb") as handle:
            # At most 5 MB (checked on upload): read whole, no streaming needed.
            body = handle.read()
    except FileNotFoundError as exc:
        raise Http404 from exc
    log_access(
        request,
        action=AccessLog.Action.VIEW_HOUSEHOLD,
        household_id=assignment.household_id,
        detail={"commitment": assignment.pk},
    )
    response = HttpResponse(body, content_type=content_type_of(assignment.commitment_file.name))
    response["Content-Disposition"] = (
        f'inline; filename="cam-ket-{assignment.pk}{_suffix(assignment.commitment_file.name)}"'
    )
    response["Cache-Control"] = "no-store, private"
    return response


def _suffix(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:] if dot >= 0 else ""


@require(perms.can_manage_assignments, methods=("GET", "POST"))
def assignment_end(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    assignment = sel.assignment_get(user=user, pk=pk)
    form = EndForm(request.POST or None, initial={"ended_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.assignment_end(
                user=user,
                assignment=assignment,
                ended_on=form.cleaned_data["ended_on"],
                reason=form.cleaned_data.get("end_reason") or "",
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã kết thúc phân công."))
            return redirect("assignments:detail", pk=assignment.pk)
    return render(
        request,
        "assignments/assignment_action.html",
        {
            "form": form,
            "assignment": assignment,
            "household": assignment.household,
            "title": _("Kết thúc phân công"),
        },
    )


@require(perms.can_manage_assignments, methods=("GET", "POST"))
def assignment_reassign(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    assignment = sel.assignment_get(user=user, pk=pk)
    helpers = _helpers_for(user, assignment.household)
    form = ReassignForm(
        request.POST or None, initial={"handed_over_on": timezone.localdate()}, **helpers
    )
    if request.method == "POST" and form.is_valid():
        try:
            new = services.assignment_reassign(
                user=user,
                assignment=assignment,
                person=form.cleaned_data.get("person"),
                organisation=form.cleaned_data.get("organisation"),
                handed_over_on=form.cleaned_data["handed_over_on"],
                reason=form.cleaned_data.get("end_reason") or "",
                note=form.cleaned_data.get("note") or "",
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã chuyển giao việc giúp đỡ hộ."))
            return redirect("assignments:detail", pk=new.pk)
    return render(
        request,
        "assignments/assignment_action.html",
        {
            "form": form,
            "assignment": assignment,
            "household": assignment.household,
            "title": _("Chuyển giao cho người khác"),
        },
    )


@require(perms.can_log_support, methods=("GET", "POST"))
def support_log_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Log a visit or support: the helper on a phone, or an officer for them."""
    user = current_user(request)
    assignment = sel.assignment_get(user=user, pk=pk)
    if not perms.may_log_for(user, assignment):
        raise PermissionDenied
    form = SupportLogForm(
        request.POST or None,
        initial={
            "happened_on": timezone.localdate(),
            "kind": SupportLog.Kind.VISIT,
            "value_form": SupportLog.Form.NONE,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.support_log_create(user=user, assignment=assignment, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận."))
            return redirect("assignments:detail", pk=assignment.pk)
    return render(
        request,
        "assignments/log_form.html",
        {"form": form, "assignment": assignment, "household": assignment.household},
    )


# -- coverage ----------------------------------------------------------------------------


@require(perms.can_read_coverage, methods=("GET",))
def coverage(request: HttpRequest) -> HttpResponse:
    """Poor and near-poor households without a helper on a chosen day, coverage per
    quarter, party members without a poor household; officers assign from here."""
    user = current_user(request)
    day = query_day(request)
    area, quarter = _area_param(request, user)
    summary = sel.coverage(user, day, quarter=quarter)
    uncovered = list(
        sel.uncovered_households(user, day, quarter=quarter)
        .select_related("quarter")
        .order_by("quarter__name", "code")[:500]
    )
    can_manage = perms.can_manage_assignments(user)
    bulk_form = None
    if can_manage:
        bulk_form = _bulk_form(user, day, quarter)
    party = (
        list(sel.party_members_without_poor(user, day)[:500])
        if sel.sees_party_members(user)
        else None
    )
    return render(
        request,
        "assignments/coverage.html",
        {
            "day": day,
            "summary": summary,
            "uncovered": uncovered,
            "quarter": quarter,
            "area": area,
            "party_members": party,
            "can_manage": can_manage,
            "bulk_form": bulk_form,
            "show_evaluation": perms.can_read_evaluation(user),
        },
    )


def _bulk_form(user: User, day: dt.date, quarter: Area | None, data: Any = None) -> BulkAssignForm:
    households = sel.uncovered_households(user, day, quarter=quarter).filter(
        status=Household.Status.ACTIVE
    )
    communes = hsel.communes_visible_to(user).values("pk")
    return BulkAssignForm(
        data,
        households=households,
        people=sel.people_visible_to(user)
        .filter(is_active=True, commune__in=communes)
        .order_by("full_name", "pk"),
        organisations=sel.organisations_visible_to(user).filter(is_active=True).order_by("name"),
        initial={"started_on": timezone.localdate()},
    )


@require(perms.can_manage_assignments, methods=("POST",))
def bulk_assign(request: HttpRequest) -> HttpResponse:
    """One helper for the chosen uncovered households, all or none."""
    user = current_user(request)
    day = query_day(request)
    area, quarter = _area_param(request, user)
    form = _bulk_form(user, day, quarter, data=request.POST)
    back = reverse("assignments:coverage") + f"?day={day.isoformat()}"
    if area.quarter is not None:
        back += f"&quarter={area.quarter.pk}"
    elif quarter is not None:
        back += f"&commune={quarter.pk}"
    if not form.is_valid():
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            for message in errors:
                messages.error(request, f"{label}: {message}" if label else str(message))
        return redirect(back)
    data = form.cleaned_data
    try:
        with transaction.atomic():
            for household in data["households"]:
                try:
                    services.assignment_create(
                        user=user,
                        household=household,
                        person=data.get("person"),
                        organisation=data.get("organisation"),
                        started_on=data["started_on"],
                        aim_year=data.get("aim_year"),
                    )
                except ValidationError as exc:
                    raise ValidationError(
                        _("Hộ %(code)s: %(error)s")
                        % {"code": household.code, "error": " ".join(exc.messages)}
                    ) from exc
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        messages.error(request, _("Chưa phân công hộ nào."))
        return redirect(back)
    messages.success(
        request, _("Đã phân công người giúp đỡ cho %(n)s hộ.") % {"n": len(data["households"])}
    )
    return redirect(back)


# -- people ------------------------------------------------------------------------------


@require(perms.can_read_coverage, methods=("GET",))
def person_list(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    today = timezone.localdate()
    people = (
        sel.people_visible_to(user)
        .prefetch_related("organisations")
        .select_related("user")
        .order_by("-is_active", "full_name", "pk")
    )
    page = paginate(
        people, page=request.GET.get("page"), page_size=PAGE_SIZE, cap=settings.REGISTRY_COUNT_CAP
    )
    active = dict(
        sel.assignments_visible_to(user)
        .filter(sel.active_on(today), person__in=[p.pk for p in page.object_list])
        .values_list("person_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for person in page.object_list:
        person.active_count = active.get(person.pk, 0)
    return render(
        request,
        "assignments/person_list.html",
        {
            "page": page,
            "can_manage": perms.can_manage_assignments(user),
            "show_evaluation": perms.can_read_evaluation(user),
        },
    )


@require(perms.can_manage_assignments, methods=("GET", "POST"))
def person_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user = current_user(request)
    person = sel.person_get(user=user, pk=pk) if pk is not None else None
    communes = list(hsel.communes_visible_to(user).filter(kind=Area.Kind.COMMUNE)[:2])
    commune = person.commune if person is not None else (communes[0] if communes else None)
    if commune is None:
        raise PermissionDenied
    organisations = sel.organisations_visible_to(user).filter(commune=commune).order_by("name")
    initial: dict[str, Any] = {"is_active": True}
    if person is not None:
        initial = {
            "full_name": person.full_name,
            "title": person.title,
            "organisations": list(person.organisations.all()),
            "is_party_member": person.is_party_member,
            "phone": person.phone,
            "user": person.user_id,
            "is_active": person.is_active,
        }
    form = PersonForm(
        request.POST or None, initial=initial, organisations=organisations, person=person
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.person_save(
                user=user,
                person=person,
                commune=commune,
                account=data.pop("user"),
                **data,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu người giúp đỡ."))
            return redirect("assignments:people")
    title = person.full_name if person is not None else _("Thêm người giúp đỡ")
    return render(
        request, "assignments/person_form.html", {"form": form, "person": person, "title": title}
    )


# -- evaluation ----------------------------------------------------------------------------


def _evaluation_year(request: HttpRequest) -> int:
    today = timezone.localdate()
    year = query_year(request, default=today.year)
    return min(year, today.year)


@require(perms.can_read_evaluation, methods=("GET",))
def evaluation(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    year = _evaluation_year(request)
    rows = sel.evaluation(user, year)
    today = timezone.localdate()
    return render(
        request,
        "assignments/evaluation.html",
        {
            "rows": rows,
            "year": year,
            "years": list(range(today.year, 2020, -1)),
            "show_evaluation": True,
        },
    )


@require(perms.can_read_evaluation, methods=("GET",))
def evaluation_export(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    year = _evaluation_year(request)
    rows = sel.evaluation(user, year)
    export = XlsxExport(
        sheet_title=_("Đánh giá %(year)s") % {"year": year},
        title=_("KẾT QUẢ GIÚP ĐỠ HỘ NGHÈO NĂM %(year)s") % {"year": year},
        subtitle=_("Căn cứ đánh giá, xếp loại cán bộ, đảng viên hằng năm"),
        columns=[
            Column(_("STT"), 6),
            Column(_("Họ và tên"), 28),
            Column(_("Chức vụ"), 24),
            Column(_("Đảng viên"), 10),
            Column(_("Số hộ được phân công"), 12),
            Column(_("Mã hộ"), 28),
            Column(_("Lần thăm hỏi"), 10),
            Column(_("Lần giúp đỡ"), 10),
            Column(_("Giá trị hỗ trợ (đ)"), 16),
            Column(_("Hộ thoát nghèo khi được giúp"), 14),
        ],
    )
    for index, row in enumerate(rows, start=1):
        export.append(
            [
                index,
                row.person.full_name,
                row.person.title,
                _("Có") if row.person.is_party_member else "",
                row.households,
                ", ".join(row.household_codes),
                row.visits,
                row.entries,
                row.value,
                row.escaped,
            ]
        )
    log_access(request, action=AccessLog.Action.EXPORT_HOUSEHOLDS, detail={"evaluation": year})
    return export.response(filename=f"danh-gia-giup-do-{year}")


# -- responsibility matrix ---------------------------------------------------------------


@require(perms.can_read_coverage, methods=("GET",))
def matrix(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    programs = list(programs_visible_to(user).order_by("-start_year", "name"))
    wanted = query_int(request, "program", default=None)
    program = next((p for p in programs if p.pk == wanted), programs[0] if programs else None)
    if program is None:
        return render(
            request,
            "assignments/matrix.html",
            {"program": None, "show_evaluation": perms.can_read_evaluation(user)},
        )
    today = timezone.localdate()
    year = query_year(request, default=None)
    if year not in program.years:
        year = min(max(today.year, program.start_year), program.end_year)
    return render(
        request,
        "assignments/matrix.html",
        {
            "program": program,
            "programs": programs,
            "year": year,
            "units": sel.matrix_units(program),
            "statuses": sel.duty_statuses(program, year),
            "can_update": perms.can_update_duties(user),
            "show_evaluation": perms.can_read_evaluation(user),
        },
    )


@require(perms.can_update_duties, methods=("GET", "POST"))
def duty_status(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    duty = sel.duty_get(program_ids=programs_visible_to(user).values("pk"), pk=pk)
    program = duty.program
    year = query_year(request, default=None)
    if year not in program.years:
        year = min(max(timezone.localdate().year, program.start_year), program.end_year)
    current = DutyStatus.objects.filter(duty=duty, year=year).first()
    initial = (
        {
            "state": current.state,
            "progress_note": current.progress_note,
            "problems": current.problems,
        }
        if current
        else {"state": DutyStatus.State.IN_PROGRESS}
    )
    form = DutyStatusForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.duty_status_save(user=user, duty=duty, year=year, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã cập nhật tình hình thực hiện nhiệm vụ."))
            return redirect(
                reverse("assignments:matrix") + f"?program={program.pk}&year={year}#duty-{duty.pk}"
            )
    return render(
        request,
        "assignments/duty_status_form.html",
        {"form": form, "duty": duty, "year": year, "program": program},
    )
