"""Funding lines with their figures, allocations to households and disbursements."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from funding import selectors as sel
from funding import services
from funding.forms import AllocationForm, DisbursementForm
from funding.models import Allocation, AllocationPart, FundingLine, FundingSource
from funding.permissions import can_read_funding, can_record_funding, can_record_funding_in
from households import selectors as hh_selectors
from households.area_filter import area_filter
from households.models import Household
from tannkhai.audit import log_access
from tannkhai.formatting import fold
from tannkhai.models import AccessLog
from tannkhai.pagination import paginate
from tannkhai.permissions import require
from tannkhai.viewutils import apply_errors, current_user, query_int, query_text, query_year
from tannkhai.xlsx import Column, XlsxExport
from targets.selectors import programs_visible_to


def _program(request: HttpRequest) -> tuple[Any, list[Any]]:
    user = current_user(request)
    programs = list(programs_visible_to(user).order_by("-start_year", "name"))
    wanted = query_int(request, "program", default=None)
    program = next((p for p in programs if p.pk == wanted), programs[0] if programs else None)
    return program, programs


@require(can_read_funding, methods=("GET",))
def line_list(request: HttpRequest) -> HttpResponse:
    """The program's funding lines by period: planned, allocated, disbursed, remaining."""
    user = current_user(request)
    program, programs = _program(request)
    lines = (
        list(sel.lines_visible_to(user).filter(program=program).order_by("start_year", "order"))
        if program
        else []
    )
    figures = sel.line_figures(user, lines)
    # From the household page: "allocate to this household" on each line.
    household = query_int(request, "household", default=None)
    periods = []
    for period, period_lines in sel.lines_by_period(lines).items():
        rows = [figures[line.pk] for line in period_lines]
        periods.append({"period": period, "rows": rows, "totals": sel.totals(rows)})
    return render(
        request,
        "funding/line_list.html",
        {
            "program": program,
            "programs": programs,
            "periods": periods,
            "partial": sel.figures_are_partial(user),
            "can_record": can_record_funding(user),
            "household": household,
        },
    )


@require(can_read_funding, methods=("GET",))
def line_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    line = sel.line_get(user=user, pk=pk)
    figures = sel.line_figures(user, [line])[line.pk]
    by_source, by_year = sel.line_breakdown(user, line)
    allocations = (
        sel.with_disbursed(sel.allocations_visible_to(user).filter(line=line))
        .select_related("household", "household__quarter", "need__need_type")
        .order_by("-allocated_on", "-pk")
    )
    page = paginate(
        allocations,
        page=request.GET.get("page"),
        page_size=settings.REGISTRY_PAGE_SIZE,
        cap=settings.REGISTRY_COUNT_CAP,
    )
    return render(
        request,
        "funding/line_detail.html",
        {
            "line": line,
            "fig": figures,
            "plan_parts": list(line.plan_parts.select_related("source")),
            "by_source": by_source,
            "by_year": by_year,
            "page": page,
            "partial": sel.figures_are_partial(user),
            "can_record": can_record_funding_in(user, line.program.commune),
        },
    )


def _filtered(
    request: HttpRequest, queryset: QuerySet[Any], *, prefix: str, date_field: str
) -> tuple[QuerySet[Any], dict[str, Any]]:
    """Filters shared by the allocation and disbursement lists (each figure's records)."""
    user = current_user(request)
    lines = sel.lines_visible_to(user)
    queryset = queryset.filter(**{f"{prefix}line__in": lines.values("pk")})
    line = None
    line_pk = query_int(request, "line", default=None)
    if line_pk is not None:
        line = lines.filter(pk=line_pk).first()
        queryset = queryset.filter(**{f"{prefix}line_id": line.pk if line else 0})
    program_pk = query_int(request, "program", default=None)
    if program_pk is not None:
        queryset = queryset.filter(**{f"{prefix}line__program_id": program_pk})
    source_pk = query_int(request, "source", default=None)
    source = FundingSource.objects.filter(pk=source_pk).first() if source_pk else None
    if source_pk is not None:
        field = "parts__source_id" if not prefix else "source_id"
        queryset = queryset.filter(**{field: source.pk if source else 0})
    year = query_year(request, default=None)
    if year is not None:
        queryset = queryset.filter(**{f"{date_field}__year": year})
    area = area_filter(user, request.GET)
    queryset = area.apply(queryset, through=f"{prefix}household")
    q = query_text(request, "q")
    if q:
        folded = fold(q)
        queryset = queryset.filter(
            Q(**{f"{prefix}household__code__icontains": q})
            | Q(**{f"{prefix}household__search_text__contains": folded})
        )
    context = {
        "line": line,
        "source": source,
        "sources": sel.sources(),
        "lines": list(lines.order_by("program", "start_year", "order")),
        "area": area,
        "year": str(year or ""),
        "q": q,
        "years": list(range(2021, timezone.localdate().year + 1)),
    }
    # One part per source and allocation: filtering by source never repeats a row.
    return queryset, context


@require(can_read_funding, methods=("GET",))
def allocation_list(request: HttpRequest) -> HttpResponse:
    """Allocations: the records behind a line's (or a source's, a year's) allocated figure."""
    user = current_user(request)
    queryset, context = _filtered(
        request, sel.allocations_visible_to(user), prefix="", date_field="allocated_on"
    )
    total = queryset.aggregate(s=Sum("amount"))["s"] or 0
    if context["source"] is not None:
        total = (
            AllocationPart.objects.filter(
                allocation__in=queryset.values("pk"), source=context["source"]
            ).aggregate(s=Sum("amount"))["s"]
            or 0
        )
    page = paginate(
        sel.with_disbursed(queryset)
        .select_related("line", "household", "household__quarter", "need__need_type")
        .order_by("-allocated_on", "-pk"),
        page=request.GET.get("page"),
        page_size=settings.REGISTRY_PAGE_SIZE,
        cap=settings.REGISTRY_COUNT_CAP,
    )
    context.update({"page": page, "total": total, "partial": sel.figures_are_partial(user)})
    return render(request, "funding/allocation_list.html", context)


@require(can_read_funding, methods=("GET",))
def disbursement_list(request: HttpRequest) -> HttpResponse:
    """Disbursements: the records behind a disbursed figure."""
    user = current_user(request)
    queryset, context = _filtered(
        request, sel.disbursements_visible_to(user), prefix="allocation__", date_field="paid_on"
    )
    total = queryset.aggregate(s=Sum("amount"))["s"] or 0
    page = paginate(
        queryset.select_related(
            "source", "allocation__line", "allocation__household", "allocation__household__quarter"
        ).order_by("-paid_on", "-pk"),
        page=request.GET.get("page"),
        page_size=settings.REGISTRY_PAGE_SIZE,
        cap=settings.REGISTRY_COUNT_CAP,
    )
    context.update({"page": page, "total": total, "partial": sel.figures_are_partial(user)})
    return render(request, "funding/disbursement_list.html", context)


def _allocation_form(request: HttpRequest, line: FundingLine, data: Any = None) -> AllocationForm:
    user = current_user(request)
    households = hh_selectors.households_visible_to(user).filter(commune=line.program.commune)
    needs_of = households
    wanted = query_int(request, "household", default=None)
    today = timezone.localdate()
    # Today when it falls in the line's period; else the user types the date.
    initial: dict[str, Any] = {
        "allocated_on": today if line.start_year <= today.year <= line.end_year else None,
        "units": 1,
    }
    if wanted is not None:
        chosen = households.filter(pk=wanted).first()
        if chosen is not None:
            initial["household"] = chosen.code
            needs_of = households.filter(pk=chosen.pk)
    return AllocationForm(
        data,
        households=households.select_related("quarter"),
        needs=sel.needs_of(needs_of),
        sources=list(FundingSource.objects.filter(is_active=True)),
        initial=initial,
    )


@require(can_record_funding, methods=("GET", "POST"))
def allocation_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    line = sel.line_get(user=user, pk=pk)
    form = _allocation_form(request, line, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            allocation = services.allocation_create(user=user, line=line, **form.service_kwargs())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Đã phân bổ hỗ trợ cho hộ %(code)s.") % {"code": allocation.household.code},
            )
            return redirect("funding:allocation", pk=allocation.pk)
    figures = sel.line_figures(user, [line])[line.pk]
    return render(
        request, "funding/allocation_form.html", {"line": line, "form": form, "fig": figures}
    )


def _allocation_page(
    request: HttpRequest, allocation: Allocation, form: DisbursementForm | None
) -> HttpResponse:
    user = current_user(request)
    log_access(
        request, action=AccessLog.Action.VIEW_HOUSEHOLD, household_id=allocation.household_id
    )
    parts = list(allocation.parts.select_related("source"))
    disbursements = list(allocation.disbursements.select_related("source", "created_by"))
    paid_by_source: dict[int, int] = {}
    for d in disbursements:
        paid_by_source[d.source_id] = paid_by_source.get(d.source_id, 0) + d.amount
    rows = [
        {
            "part": p,
            "paid": paid_by_source.get(p.source_id, 0),
            "left": p.amount - paid_by_source.get(p.source_id, 0),
        }
        for p in parts
    ]
    paid = sum(paid_by_source.values())
    can_pay = can_record_funding_in(user, allocation.household.quarter)
    if form is None and can_pay and paid < allocation.amount:
        form = DisbursementForm(
            sources=FundingSource.objects.filter(pk__in=[p.source_id for p in parts]),
            initial={"paid_on": timezone.localdate()},
        )
    return render(
        request,
        "funding/allocation_detail.html",
        {
            "allocation": allocation,
            "rows": rows,
            "disbursements": disbursements,
            "paid": paid,
            "left": allocation.amount - paid,
            "form": form if can_pay else None,
        },
    )


@require(can_read_funding, methods=("GET",))
def allocation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    allocation = sel.allocation_get(user=current_user(request), pk=pk)
    return _allocation_page(request, allocation, None)


@require(can_record_funding, methods=("POST",))
def disburse(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    allocation = sel.allocation_get(user=user, pk=pk)
    form = DisbursementForm(
        request.POST,
        sources=FundingSource.objects.filter(pk__in=allocation.parts.values("source_id")),
    )
    if form.is_valid():
        try:
            services.disbursement_create(user=user, allocation=allocation, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận khoản chi."))
            return redirect("funding:allocation", pk=allocation.pk)
    return _allocation_page(request, allocation, form)


@require(can_read_funding, methods=("GET",))
def line_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The line's allocations in the user's scope as an Excel file."""
    user = current_user(request)
    line = sel.line_get(user=user, pk=pk)
    allocations = (
        sel.with_disbursed(sel.allocations_visible_to(user).filter(line=line))
        .select_related("household", "household__quarter", "need__need_type")
        .prefetch_related("parts__source")
        .order_by("allocated_on", "pk")
    )
    log_access(
        request,
        action=AccessLog.Action.EXPORT_HOUSEHOLDS,
        detail={"funding_line": line.pk},
    )
    export = XlsxExport(
        sheet_title=_("Phân bổ"),
        title=str(line).upper(),
        subtitle=_("Kế hoạch %(amount)s · %(program)s")
        % {"amount": f"{line.planned_amount:,}".replace(",", "."), "program": line.program.name},
        columns=[
            Column(_("STT"), 6),
            Column(_("Mã hộ"), 14),
            Column(_("Chủ hộ"), 26),
            Column(_("Khu phố / ấp"), 16),
            Column(_("Ngày phân bổ"), 14),
            Column(_("Nhu cầu"), 24),
            Column(_("Theo nguồn"), 40),
            Column(_("Phân bổ (đ)"), 16),
            Column(_("Đã chi (đ)"), 16),
            Column(_("Còn lại (đ)"), 16),
            Column(_("Quyết định"), 22),
        ],
    )
    for number, a in enumerate(allocations, start=1):
        paid = a.disbursed or 0  # type: ignore[attr-defined]
        export.append(
            [
                number,
                a.household.code,
                a.household.head_name,
                a.household.quarter.name,
                a.allocated_on.strftime("%d/%m/%Y"),
                str(a.need.need_type) if a.need else "",
                "; ".join(
                    f"{p.source.label}: {p.amount:,}".replace(",", ".") for p in a.parts.all()
                ),
                a.amount,
                paid,
                a.amount - paid,
                " ".join(
                    filter(
                        None,
                        [
                            a.decision_number,
                            a.decision_date.strftime("%d/%m/%Y") if a.decision_date else "",
                        ],
                    )
                ),
            ]
        )
    return export.response(filename=f"phan-bo-{line.pk}")


def household_support_context(request: HttpRequest, household: Household) -> dict[str, Any]:
    """What the household page's "Hỗ trợ đã nhận" section shows."""
    user = current_user(request)
    return {
        "support": sel.support_for_household(user, household),
        "can_allocate": can_record_funding_in(user, household.quarter) and household.is_active,
    }
