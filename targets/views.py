"""The leaders' progress dashboard, targets, and the placement / training records."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from funding.selectors import program_funding
from households import selectors as hh_selectors
from households.area_filter import area_filter
from households.models import Area, Household, Member, PovertyStatus
from households.reviews.models import Review
from tannkhai import permissions
from tannkhai.audit import log_citizen_id_search
from tannkhai.formatting import fold, format_number
from tannkhai.pagination import paginate
from tannkhai.routers import replica_reads
from tannkhai.viewutils import (
    apply_errors,
    current_user,
    parse_query_int,
    query_choice,
    query_int,
    query_text,
    query_year,
)
from targets import progress, services
from targets import selectors as sel
from targets.forms import EnrolmentForm, PlacementForm, ProgramCopyForm, TargetValueField
from targets.models import Computation, Indicator, JobPlacement, Program, TrainingEnrolment
from targets.permissions import can_edit_targets, can_read_targets, can_record_results

LINKS: dict[str, str] = {
    Computation.JOBS: "targets:placements",
    Computation.TRAINING: "targets:enrolments",
    Computation.POOR_REDUCED: "targets:escaped",
}


def _as_input(value: Any) -> str:
    """A stored target as the user would type it: "2.056", "65,5"."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return value
    return format_number(value)


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _forbid_org_member(request: HttpRequest) -> None:
    # An allow-list: a user without a role (or a future role) is refused too.
    if not permissions.is_not_org_member(current_user(request)):
        raise PermissionDenied


def _period_start(program: Program, targets: dict[int, Any], manual: dict[int, Any]) -> int:
    """The first year the period target is for: the first yearly target's, or, where the
    plan sets none (a yearly average only), the year after the plan's own results (the
    plan reports 2021 and sets targets for 2022–2025)."""
    if targets:
        return min(targets)
    before = [y for y in manual if y < program.end_year]
    return max(before) + 1 if before else program.start_year


def _scope(request: HttpRequest, program: Program) -> sel.Scope:
    """The program's commune, narrowed to a quarter by choice or by the user's role."""
    user = current_user(request)
    quarters = sel.reader_quarters(user, program)
    wanted = query_int(request, "quarter", default=None)
    if wanted is not None:
        quarter = next((q for q in quarters if q.pk == wanted), None)
        if quarter is None:
            raise PermissionDenied
        return sel.Scope.of(user=user, program=program, quarter=quarter)
    return sel.reader_scope(user, program, quarters=quarters)


def _query(scope: sel.Scope, **extra: Any) -> str:
    params = {k: v for k, v in extra.items() if v not in (None, "")}
    if scope.quarter is not None:
        params["quarter"] = scope.quarter.pk
    return "&".join(f"{k}={v}" for k, v in params.items())


@login_required
@replica_reads  # aggregates that may lag the primary by a moment (tannkhai.routers)
def dashboard(request: HttpRequest) -> HttpResponse:
    _forbid_org_member(request)
    user = current_user(request)
    programs = list(sel.programs_visible_to(user).order_by("-start_year", "name"))
    if not programs:
        return render(request, "targets/no_program.html", {})
    wanted = query_int(request, "program", default=None)
    program = next((p for p in programs if p.pk == wanted), programs[0])
    today = timezone.localdate()
    year = query_year(request, default=None)
    if year not in program.years:
        year = min(max(today.year, program.start_year), program.end_year)
    scope = _scope(request, program)
    indicators = sel.program_indicators(program)
    counts = sel.gather_counts(scope, program.years, indicators)
    rows = []
    series: dict[str, dict[str, list[Any]]] = {}
    for ind in indicators:
        manual = {m.year: m for m in ind.manual_results.all()}
        results = sel.indicator_results(ind, program.years, scope, counts=counts)
        targets = sel.scope_targets(ind, scope)
        shown = sel.year_progress(ind, year, targets=targets, results=results, today=today)
        result = shown.result
        first_target_year = _period_start(program, targets, manual)
        cumulative: Decimal | None
        period_target = ind.period_target if scope.quarter is None else None
        if ind.kind == "flow":
            # The results shown (computed or manual) add up; a year before the period
            # the period target is for (2021 for 2022–2025) stands on its own.
            since = min(first_target_year, year)
            cumulative = Decimal(0) + sum(
                (results[y].value or Decimal(0)) for y in program.years if since <= y <= year
            )
            if year < first_target_year:
                period_target = None
        else:
            cumulative = result.value
        link = ""
        if ind.computation in LINKS and not result.manual:
            link = (
                reverse(LINKS[ind.computation]) + "?" + _query(scope, program=program.pk, year=year)
            )
        elif ind.computation in (Computation.POVERTY_RATE, Computation.NEAR_POVERTY_RATE) and (
            result.value is not None
        ):
            category = "poor" if ind.computation == Computation.POVERTY_RATE else "near_poor"
            link = (
                reverse("reviews:transitions")
                + f"?area={scope.area.pk}&year={year}&show={category}%7Cend#drill"
            )
        rows.append(
            {
                "indicator": ind,
                "target": shown.target,
                "result": result,
                "percent": shown.percent,
                "expected": shown.expected,
                "status": shown.status,
                "status_label": shown.status_label,
                "link": link,
                "period_target": ind.period_target if scope.quarter is None else None,
                "yearly_average": ind.yearly_average if scope.quarter is None else None,
                "cumulative": cumulative,
                "period_percent": progress.percent_achieved(
                    result=cumulative, target=period_target, direction=ind.direction
                ),
            }
        )
        if ind.kind == "flow":
            series[ind.code] = {
                "label": [ind.label],
                "targets": [float(targets[y]) if y in targets else None for y in program.years],
                "results": [_float(results[y].value) for y in program.years],
            }
    poverty = counts.get("poverty", {})
    by_quarter = list(
        scope.households()
        .filter(
            status=Household.Status.ACTIVE,
            poverty_status__in=[PovertyStatus.POOR, PovertyStatus.NEAR_POOR],
        )
        .values("quarter__name", "poverty_status")
        .order_by("quarter__name")
        .annotate(n=Count("pk"))
    )
    quarter_names = sorted({r["quarter__name"] for r in by_quarter})
    chart = {
        "years": program.years,
        "flows": series,
        "poverty_years": sorted(poverty),
        "poor": [poverty[y]["poor"] for y in sorted(poverty)],
        "near_poor": [poverty[y]["near_poor"] for y in sorted(poverty)],
        "quarters": quarter_names,
        "quarter_poor": [
            sum(
                r["n"]
                for r in by_quarter
                if r["quarter__name"] == q and r["poverty_status"] == "poor"
            )
            for q in quarter_names
        ],
        "quarter_near_poor": [
            sum(
                r["n"]
                for r in by_quarter
                if r["quarter__name"] == q and r["poverty_status"] == "near_poor"
            )
            for q in quarter_names
        ],
        "labels": {
            "target": _("Chỉ tiêu"),
            "result": _("Kết quả"),
            "poor": _("Hộ nghèo"),
            "near_poor": _("Hộ cận nghèo"),
        },
    }
    current_poor = (
        scope.households()
        .filter(status=Household.Status.ACTIVE, poverty_status=PovertyStatus.POOR)
        .count()
    )
    residents = scope.households().filter(status=Household.Status.ACTIVE).count()
    quarters = sel.reader_quarters(user, program)
    return render(
        request,
        "targets/dashboard.html",
        {
            "programs": programs,
            "program": program,
            "year": year,
            "scope": scope,
            "quarters": quarters,
            "rows": rows,
            "chart": chart,
            "today": today,
            "current_poor": current_poor,
            "residents": residents,
            "current_rate": sel._pct(current_poor, residents),
            "can_edit_targets": can_edit_targets(user),
            "can_read_targets": can_read_targets(user),
            "gap": sel.program_gap(
                user=user, commune=program.commune, can_create=can_edit_targets(user)
            ),
            "funding": program_funding(user, program),
            "poor_list_url": reverse("households:list")
            + "?poverty_status=poor"
            + (f"&quarter={scope.quarter.pk}" if scope.quarter else ""),
        },
    )


@login_required
def escaped_households(request: HttpRequest) -> HttpResponse:
    """The records behind "poor households reduced" (net) for a year: households poor at the
    start and not at the end, and households that became poor during the year."""
    _forbid_org_member(request)
    user = current_user(request)
    program = sel.program_get(user=user, pk=query_int(request, "program", default=0))
    year = query_year(request, default=program.end_year)
    scope = _scope(request, program)
    matrix = scope.matrix(year)
    poor = PovertyStatus.POOR
    row = matrix.row(poor, "households")
    labels = {
        "dec:to_other_list": _("Thoát nghèo, sang cận nghèo"),
        "dec:escaped": _("Thoát nghèo, trên chuẩn cận nghèo"),
        "dec:other": _("Ra khỏi địa bàn (chuyển đi, chết, nhập hộ)"),
        "inc:new": _("Nghèo phát sinh mới"),
        "inc:re_entered": _("Tái nghèo"),
        "inc:from_other_list": _("Từ cận nghèo sang nghèo"),
        "inc:other": _("Chuyển đến địa bàn"),
    }
    wanted = {key: matrix.households.get((str(poor), key), []) for key in labels}
    all_ids = {hid for ids in wanted.values() for hid in ids}
    households = {
        h.pk: h
        for h in hh_selectors.households_visible_to(user)
        .filter(pk__in=all_ids)
        .select_related("quarter")
    }
    reviews = {
        r.household_id: r
        for r in Review.objects.filter(
            household_id__in=list(households),
            campaign__year=year,
            status=Review.Status.RECOGNISED,
        ).select_related("decision", "quarter")
    }

    def entries(prefix: str) -> list[dict[str, Any]]:
        out = []
        for key, label in labels.items():
            if not key.startswith(prefix):
                continue
            for hid in wanted[key]:
                if hid in households:
                    out.append(
                        {"household": households[hid], "kind": label, "review": reviews.get(hid)}
                    )
        return sorted(out, key=lambda e: (e["household"].quarter.name, e["household"].head_sort))

    return render(
        request,
        "targets/escaped.html",
        {
            "program": program,
            "year": year,
            "scope": scope,
            "row": row,
            "out_of_poverty": entries("dec:"),
            "into_poverty": entries("inc:"),
            "transitions_url": reverse("reviews:transitions")
            + f"?area={scope.area.pk}&year={year}",
        },
    )


def _records_context(
    request: HttpRequest, queryset: Any, date_field: str, kinds: list[str] | None = None
) -> tuple[dict[str, Any], Any]:
    user = current_user(request)
    area = area_filter(user, request.GET)
    year = query_year(request, default=None)
    kind = query_choice(request, "kind", choices=kinds or [])
    q = query_text(request, "q")
    if year is not None:
        queryset = queryset.filter(**{f"{date_field}__year": year})
    queryset = area.apply(queryset)
    if kind:
        queryset = queryset.filter(kind=kind)
    program_pk = query_int(request, "program", default=None)
    if program_pk is not None:
        program = sel.programs_visible_to(user).filter(pk=program_pk).first()
        if program is not None:
            # A program aggregates the records of its commune and years, in the area it
            # covers (the dashboard's figure counts only those quarters).
            queryset = queryset.filter(
                commune=program.commune,
                **{f"{date_field}__year__gte": program.start_year},
                **{f"{date_field}__year__lte": program.end_year},
            )
            covered = sel.program_quarters(program)
            if covered is not None:
                queryset = queryset.filter(quarter_id__in=covered)
    if q:
        folded = fold(q)
        queryset = queryset.filter(worker_name_folded__contains=folded)
    # The breakdown by the worker's household (poor, near-poor, low income…) at the
    # record's date; counted before the group filter so every group shows its number.
    queryset = sel.with_income_group(queryset, date_field)
    counted = dict(
        queryset.order_by()
        .values_list("income_group")
        .annotate(n=Count("pk"))
        .values_list("income_group", "n")
    )
    group = query_choice(request, "group", choices=sel.IncomeGroup.values)
    if group:
        queryset = queryset.filter(income_group=group)
    page = paginate(
        queryset.select_related("quarter", "household"),
        page=request.GET.get("page"),
        page_size=settings.REGISTRY_PAGE_SIZE,
        cap=settings.REGISTRY_COUNT_CAP,
    )
    context = {
        "page": page,
        "area": area,
        "year": str(year or ""),
        "program_pk": program_pk,
        "kind": kind or "",
        "q": q,
        "years": list(range(2021, timezone.localdate().year + 1)),
        "can_record": can_record_results(user),
        "group": group or "",
        "groups": [(code, label, counted.get(code, 0)) for code, label in sel.IncomeGroup.choices],
    }
    return context, queryset


@login_required
def placement_list(request: HttpRequest) -> HttpResponse:
    _forbid_org_member(request)
    context, _qs = _records_context(
        request,
        sel.placements_visible_to(current_user(request)).select_related("industrial_park"),
        "placed_on",
        kinds=list(JobPlacement.Kind.values),
    )
    context["kinds"] = JobPlacement.Kind.choices
    return render(request, "targets/placement_list.html", context)


@login_required
def enrolment_list(request: HttpRequest) -> HttpResponse:
    _forbid_org_member(request)
    context, _qs = _records_context(
        request, sel.enrolments_visible_to(current_user(request)), "start_date"
    )
    return render(request, "targets/enrolment_list.html", context)


def _commune_for(request: HttpRequest) -> Area:
    user = current_user(request)
    communes = list(
        hh_selectors.areas_visible_to(user).filter(kind=Area.Kind.COMMUNE, valid_to__isnull=True)
    )
    if not communes:
        quarters = list(hh_selectors.quarters_visible_to(user))
        communes = [q.parent for q in quarters if q.parent is not None][:1]
    if not communes:
        raise PermissionDenied
    return communes[0]


def _record_edit(
    request: HttpRequest,
    *,
    form_class: type[PlacementForm] | type[EnrolmentForm],
    save: Any,
    obj: JobPlacement | TrainingEnrolment | None,
    template: str,
    list_url: str,
    initial: dict[str, Any],
    obj_kw: str,
) -> HttpResponse:
    user = current_user(request)
    if not can_record_results(user):
        raise PermissionDenied
    commune = obj.commune if obj else _commune_for(request)
    quarters = hh_selectors.quarters_visible_to(user).filter(parent=commune)
    members = Member.objects.filter(
        household__in=hh_selectors.households_visible_to(user).values("pk")
    ).select_related("household", "household__quarter")
    form = form_class(request.POST or None, quarters=quarters, members=members, initial=initial)
    member = obj.member if obj else None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        member = data.pop("member_id")
        try:
            saved = save(user=user, commune=commune, member=member, **{obj_kw: obj}, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu."))
            # The list filtered down to the saved record's worker and year, so that it
            # shows the record just saved instead of every record of the commune.
            shown_on = saved.placed_on if isinstance(saved, JobPlacement) else saved.start_date
            query = urlencode({"q": saved.worker_name, "year": shown_on.year})
            return redirect(f"{list_url}?{query}")
    return render(request, template, {"form": form, "object": obj, "member": member})


def _worker_initial(obj: JobPlacement | TrainingEnrolment) -> dict[str, Any]:
    return {
        "member_id": obj.member_id,
        "worker_name": "" if obj.member_id else obj.worker_name,
        "birth_year": None if obj.member_id else obj.birth_year,
        "quarter": None if obj.member_id else obj.quarter_id,
    }


@login_required
@require_http_methods(["GET", "POST"])
def placement_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _forbid_org_member(request)
    obj = get_object_or_404(sel.placements_visible_to(current_user(request)), pk=pk) if pk else None
    initial: dict[str, Any] = {"placed_on": timezone.localdate(), "channel": "consultation"}
    if obj:
        initial = {
            **_worker_initial(obj),
            "placed_on": obj.placed_on,
            "kind": obj.kind,
            "industrial_park": obj.industrial_park_id,
            "employer": obj.employer,
            "channel": obj.channel,
        }
    return _record_edit(
        request,
        form_class=PlacementForm,
        save=services.placement_save,
        obj=obj,
        template="targets/placement_form.html",
        list_url=reverse("targets:placements"),
        initial=initial,
        obj_kw="placement",
    )


@login_required
@require_http_methods(["GET", "POST"])
def enrolment_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _forbid_org_member(request)
    obj = get_object_or_404(sel.enrolments_visible_to(current_user(request)), pk=pk) if pk else None
    initial: dict[str, Any] = {"start_date": timezone.localdate()}
    if obj:
        initial = {
            **_worker_initial(obj),
            "occupation": obj.occupation,
            "course": obj.course,
            "centre": obj.centre,
            "start_date": obj.start_date,
            "end_date": obj.end_date,
            "completed": obj.completed,
            "employed_after": obj.employed_after,
        }
    return _record_edit(
        request,
        form_class=EnrolmentForm,
        save=services.enrolment_save,
        obj=obj,
        template="targets/enrolment_form.html",
        list_url=reverse("targets:enrolments"),
        initial=initial,
        obj_kw="enrolment",
    )


@login_required
def member_search(request: HttpRequest) -> HttpResponse:
    """htmx: members matching a name (diacritics ignored) or a citizen ID, in scope."""
    _forbid_org_member(request)
    user = current_user(request)
    q = query_text(request, "q")
    members: list[Member] = []
    if len(q) >= 2:
        households = hh_selectors.households_visible_to(user).filter(status=Household.Status.ACTIVE)
        qs = Member.objects.filter(is_active=True, household__in=households.values("pk"))
        digits = hh_selectors.is_citizen_id_query(q)
        qs = qs.filter(citizen_id=digits) if digits else qs.filter(name_folded__contains=fold(q))
        members = list(
            qs.select_related("household", "household__quarter").order_by("name_folded")[:10]
        )
        if digits:
            log_citizen_id_search(
                request,
                where="member_search",
                citizen_id=digits,
                household_ids=[m.household_id for m in members],
            )
    return render(request, "targets/_member_results.html", {"members": members, "q": q})


def _version_of(value: str | None) -> int | None:
    text = (value or "").strip()
    return int(text) if text.isdigit() and len(text) <= 9 else None


@permissions.require(can_read_targets, post=can_edit_targets, methods=("GET", "POST"))
def program_targets(request: HttpRequest, pk: int) -> HttpResponse:
    """Yearly and period targets, and manual results where no records exist.

    Leaders read the table (no inputs, no save); officers and administrators edit it.
    """
    user = current_user(request)
    program = sel.program_get(user=user, pk=pk)
    can_edit = can_edit_targets(user)
    indicators = list(
        program.indicators.prefetch_related("targets", "manual_results").order_by("order")
    )
    scope = sel.Scope.of(user=user, program=program)
    counts = sel.gather_counts(scope, program.years, indicators)
    errors: dict[str, str] = {}
    stale = False
    field = TargetValueField(required=False)
    if request.method == "POST":
        changes: list[tuple[str, Any]] = []
        for ind in indicators:
            for y in program.years:
                key = f"t-{ind.pk}-{y}"
                try:
                    value = field.clean(request.POST.get(key, ""))
                    if value is not None and ind.is_percent and value > 100:
                        raise ValidationError(_("Tỷ lệ không được vượt quá 100%."))
                except ValidationError as exc:
                    errors[key] = exc.messages[0]
                    continue
                changes.append(("target", (ind, y, value)))
            key = f"p-{ind.pk}"
            try:
                value = field.clean(request.POST.get(key, ""))
                if value is not None and ind.is_percent and value > 100:
                    raise ValidationError(_("Tỷ lệ không được vượt quá 100%."))
            except ValidationError as exc:
                errors[key] = exc.messages[0]
            else:
                changes.append(("period", (ind, value)))
        if not errors:
            try:
                services.program_targets_save(
                    user=user,
                    program=program,
                    version=_version_of(request.POST.get("version")),
                    yearly=[args for what, args in changes if what == "target"],
                    periods=[args for what, args in changes if what == "period"],
                )
            except ValidationError as exc:
                errors["__all__"] = "; ".join(exc.messages)
                stale = not hasattr(exc, "error_dict") and any(
                    e.code == "stale" for e in exc.error_list
                )
            else:
                messages.success(request, _("Đã lưu chỉ tiêu."))
                return redirect("targets:program", pk=pk)
    table = []
    for ind in indicators:
        targets = {t.year: t.value for t in ind.targets.all()}
        manual = {m.year: m for m in ind.manual_results.all()}
        cells = []
        for y in program.years:
            key = f"t-{ind.pk}-{y}"
            value = request.POST.get(key) if request.method == "POST" else targets.get(y)
            computed = sel.compute(ind, y, scope, counts=counts)
            cells.append(
                {
                    "year": y,
                    "key": key,
                    "value": _as_input(value),
                    "error": errors.get(key, ""),
                    "manual": manual.get(y),
                    "computed": computed,
                }
            )
        pkey = f"p-{ind.pk}"
        table.append(
            {
                "indicator": ind,
                "cells": cells,
                "period_key": pkey,
                "period_value": request.POST.get(pkey)
                if request.method == "POST"
                else _as_input(ind.period_target),
                "period_error": errors.get(pkey, ""),
            }
        )
    return render(
        request,
        "targets/program.html",
        {
            "program": program,
            "table": table,
            "errors": errors,
            "form_error": errors.get("__all__", ""),
            "stale": stale,
            "copy_form": ProgramCopyForm(program=program),
            "can_edit": can_edit,
            "gap": sel.program_gap(user=user, commune=program.commune, can_create=can_edit),
            # The version the user loaded; kept as posted when a save is refused.
            "version": request.POST.get("version", "")
            if request.method == "POST"
            else program.version,
        },
    )


@permissions.require(can_edit_targets, methods=("POST",))
def manual_result(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    indicator = get_object_or_404(
        Indicator.objects.filter(program__in=sel.programs_visible_to(user)), pk=pk
    )
    field = TargetValueField(required=True)
    try:
        year = parse_query_int(request.POST.get("year"), default=None, minimum=2000, maximum=2100)
        if year is None:
            raise ValueError
        value = field.clean(request.POST.get("value", ""))
        if value is None:
            raise ValidationError(_("Hãy nhập kết quả."))
        scope = sel.Scope.of(user=user, program=indicator.program)
        program = indicator.program
        counts = sel.gather_counts(scope, program.years, [indicator])
        computed = (
            sel.compute(indicator, year, scope, counts=counts) if year in program.years else None
        )
        services.manual_result_set(
            user=user,
            indicator=indicator,
            year=year,
            value=value,
            source=(request.POST.get("source") or "").strip(),
            has_records=bool(computed),
        )
    except (ValueError, ValidationError) as exc:
        text = (
            "; ".join(exc.messages) if isinstance(exc, ValidationError) else _("Năm không hợp lệ.")
        )
        messages.error(request, text)
    else:
        messages.success(request, _("Đã lưu kết quả nhập tay."))
    return redirect("targets:program", pk=indicator.program_id)


@permissions.require(can_edit_targets, methods=("POST",))
def program_copy(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    program = sel.program_get(user=user, pk=pk)
    form = ProgramCopyForm(request.POST, program=program)
    if form.is_valid():
        try:
            new = services.program_copy(user=user, program=program, **form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("Đã tạo chương trình mới với cùng các chỉ tiêu; hãy nhập chỉ tiêu từng năm."),
            )
            return redirect("targets:program", pk=new.pk)
    else:
        for field_errors in form.errors.values():
            for error in field_errors:
                messages.error(request, str(error))
    return redirect("targets:program", pk=pk)
