"""Registry screens: list, household page, create/edit/move/retire, members, areas."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from assignments.selectors import household_panel
from funding.views import household_support_context
from households import exports, selectors, services
from households.area_filter import QUARTER_SELECT_ID, area_filter, quarters_of
from households.classification import review_reason
from households.filters import HouseholdFilter
from households.forms import (
    AreaMergeForm,
    AreaRenameForm,
    CommuneSettingsForm,
    HeadMemberForm,
    HouseholdEditForm,
    MemberEditForm,
    MemberForm,
    MoveForm,
    NewHouseholdForm,
    RetireHouseholdForm,
    RetireMemberForm,
    SetHeadForm,
)
from households.history import household_history
from households.models import Area, CommuneSettings, Household, Member
from households.permissions import (
    can_edit_registry,
    can_export_registry,
    can_manage_areas,
    can_restructure_registry,
)
from reports.permissions import can_read_reports
from tannkhai import permissions
from tannkhai.audit import log_access, log_citizen_id_search, query_detail
from tannkhai.models import AccessLog
from tannkhai.pagination import paginate
from tannkhai.privacy import policy_for
from tannkhai.viewutils import apply_errors, current_user


def _with_reasons(reviews: Any) -> list[Any]:
    """The reviews, each with its classification reason in the reader's language."""
    rows = list(reviews)
    for review in rows:
        review.reason_shown = review_reason(review)
    return rows


@login_required
def household_list(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    area = area_filter(user, request.GET)
    base = selectors.households_visible_to(user).select_related("quarter")
    filterset = HouseholdFilter(request.GET, queryset=base, area=area, viewer=user)
    queryset = filterset.qs
    citizen_id = selectors.is_citizen_id_query(request.GET.get("q") or "")
    if citizen_id and filterset.policy.search_by_citizen_id:
        log_citizen_id_search(
            request,
            where="registry",
            citizen_id=citizen_id,
            household_ids=list(queryset.values_list("pk", flat=True)[:50]),
        )
    page = paginate(
        queryset,
        page=request.GET.get("page"),
        page_size=settings.REGISTRY_PAGE_SIZE,
        cap=settings.REGISTRY_COUNT_CAP,
    )
    matches = selectors.matched_members(list(page.object_list), request.GET.get("q") or "")
    for hh in page.object_list:
        hh.matched_member = matches.get(hh.pk)
    context = {
        "filter": filterset,
        "page": page,
        "cap": settings.REGISTRY_COUNT_CAP,
        "area": area,
        "show_quarter": not area.single_quarter,
        "show_details": filterset.policy.member_details,
    }
    is_htmx = bool(getattr(request, "htmx", False))
    template = "households/_list_results.html" if is_htmx else "households/list.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET"])
def quarter_options(request: HttpRequest) -> HttpResponse:
    """The quarter drop-down of an area filter for the chosen commune (htmx): the commune's
    quarters in the user's scope; a commune outside it is a 404."""
    user = current_user(request)
    target = request.GET.get("target") or ""
    select_id = target if QUARTER_SELECT_ID.fullmatch(target) else "f-quarter"
    raw = (request.GET.get("commune") or "").strip()
    context: dict[str, Any] = {"select_id": select_id, "quarters": [], "choose_first": True}
    if raw:
        is_id = raw.isascii() and raw.isdigit() and len(raw) <= 18
        found = quarters_of(user, int(raw)) if is_id else None
        if found is None:
            raise Http404
        context.update(quarters=found[1], choose_first=False)
    return render(request, "includes/_quarter_select.html", context)


@permissions.require(can_export_registry)
def household_export(request: HttpRequest) -> HttpResponse:
    """The list as filtered, in Excel: at once when short; beyond
    ``BACKGROUND_EXPORT_ROWS`` households, made in the background (a progress page,
    then a download for the user who asked)."""
    from reports import jobs
    from reports.models import ExportJob

    user = current_user(request)
    found = exports.registry_export(user, request.GET)
    if found is None:
        messages.error(request, _("Bộ lọc không hợp lệ, chưa xuất được danh sách."))
        return redirect("households:list")
    queryset, policy = found
    rows = jobs.count_upto(queryset, settings.BACKGROUND_EXPORT_ROWS)
    if jobs.is_long(rows):
        job = jobs.start(
            user=user,
            kind=ExportJob.Kind.REGISTRY,
            fmt="xlsx",
            title=_("Danh sách hộ gia đình"),
            query=request.GET,
        )
        log_access(
            request,
            action=AccessLog.Action.EXPORT_HOUSEHOLDS,
            detail={**query_detail(request.GET), "job": str(job.pk)},
        )
        return redirect("reports:job", pk=job.pk)
    log_access(
        request,
        action=AccessLog.Action.EXPORT_HOUSEHOLDS,
        detail=query_detail(request.GET),
    )
    return exports.household_list_xlsx(queryset, policy=policy)


@login_required
def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    household = selectors.household_get(user=user, pk=pk)
    log_access(request, action=AccessLog.Action.VIEW_HOUSEHOLD, household_id=household.pk)
    members = list(household.members.select_related("ethnicity").order_by("-is_active", "pk"))
    policy = policy_for(user)
    show_details = policy.member_details
    context = {
        "household": household,
        "members": [m for m in members if m.is_active],
        "former_members": [m for m in members if not m.is_active],
        "show_details": show_details,
        "show_sensitive": policy.full_identifiers,
        "can_edit": can_edit_registry(user) and household.is_active,
        "can_restructure": can_restructure_registry(user) and household.is_active,
        "can_print_file": can_read_reports(user),
        "history": household_history(household, policy=policy) if show_details else [],
        "access_log": list(household.access_logs.select_related("user")[:20])
        if policy.full_identifiers
        else [],
        "reviews": _with_reasons(
            household.reviews.select_related("campaign", "decision", "group", "standard").order_by(
                "-campaign__year", "-campaign__month", "-pk"
            )
        )
        if show_details
        else [],
        "escape_registrations": list(
            household.escape_registrations.prefetch_related("needs__need_type").order_by("-year")
        )
        if show_details
        else [],
        "requests": list(household.review_requests.order_by("-submitted_on")[:5])
        if show_details
        else [],
        **household_panel(user, household),
        "today": timezone.localdate(),
        **household_support_context(request, household),
    }
    return render(request, "households/detail.html", context)


def _duplicates_for(
    form: NewHouseholdForm, head_form: HeadMemberForm
) -> list[tuple[str, Household]]:
    quarter = form.cleaned_data.get("quarter")
    if quarter is None or quarter.commune is None:
        return []
    return selectors.likely_duplicates(
        commune=quarter.commune,
        citizen_ids=[head_form.cleaned_data.get("citizen_id") or ""],
        head_name=head_form.cleaned_data.get("full_name") or "",
        head_birth_year=head_form.cleaned_data.get("birth_year"),
    )


@permissions.require(can_edit_registry)
@require_http_methods(["GET", "POST"])
def household_create(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    quarters = selectors.quarters_visible_to(user)
    duplicates: list[tuple[str, Household]] = []
    hidden_duplicates = 0
    if request.method == "POST":
        form = NewHouseholdForm(request.POST, quarters=quarters)
        head_form = HeadMemberForm(request.POST, prefix="head", viewer=user)
        if form.is_valid() and head_form.is_valid():
            # Households outside the user's quarters are counted, never named.
            duplicates, hidden_duplicates = selectors.split_by_scope(
                user, _duplicates_for(form, head_form)
            )
            if (duplicates or hidden_duplicates) and not form.cleaned_data.get("confirm_duplicate"):
                form.add_error(
                    None,
                    _(
                        "Có thể hộ này đã có trong danh sách (xem bên dưới). Hãy kiểm tra; nếu "
                        "đúng là hộ khác, đánh dấu ô xác nhận rồi lưu lại."
                    ),
                )
            else:
                data = {k: v for k, v in form.cleaned_data.items() if k != "confirm_duplicate"}
                try:
                    household = services.household_create(
                        user=user, head=head_form.cleaned_data, **data
                    )
                except ValidationError as exc:
                    apply_errors(form, exc, prefix_map={"head_": head_form})
                else:
                    messages.success(request, _("Đã tạo hộ %(code)s.") % {"code": household.code})
                    return redirect("households:detail", pk=household.pk)
    else:
        form = NewHouseholdForm(quarters=quarters, initial={"quarter": request.GET.get("quarter")})
        head_form = HeadMemberForm(prefix="head", viewer=user)
    return render(
        request,
        "households/create.html",
        {
            "form": form,
            "head_form": head_form,
            "duplicates": duplicates,
            "hidden_duplicates": hidden_duplicates,
        },
    )


@permissions.require(can_edit_registry)
@require_http_methods(["GET", "POST"])
def household_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    household = selectors.household_get(user=user, pk=pk)
    if not household.is_active:
        raise PermissionDenied
    if request.method == "POST":
        form = HouseholdEditForm(request.POST, instance=household)
        # Validate the submitted fields without touching the instance first.
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
            fresh = selectors.household_get(user=user, pk=pk)
            try:
                services.household_update(
                    user=user, household=fresh, version=form.cleaned_data["version"], **data
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Đã lưu thông tin hộ."))
                return redirect("households:detail", pk=pk)
    else:
        log_access(
            request,
            action=AccessLog.Action.VIEW_EDIT_FORM,
            household_id=household.pk,
            detail={"form": "household_edit"},
        )
        form = HouseholdEditForm(instance=household, initial={"version": household.version})
    return render(
        request,
        "households/edit.html",
        {"form": form, "household": household, "title": _("Sửa thông tin hộ")},
    )


@permissions.require(can_restructure_registry)
@require_http_methods(["GET", "POST"])
def household_move(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    household = selectors.household_get(user=user, pk=pk)
    if not household.is_active:
        raise PermissionDenied
    quarters = selectors.quarters_visible_to(user).exclude(pk=household.quarter_id)
    form = MoveForm(request.POST or None, quarters=quarters, initial={"version": household.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.household_move(
                user=user,
                household=household,
                quarter=form.cleaned_data["quarter"],
                version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Đã chuyển hộ sang %(quarter)s.")
                % {"quarter": form.cleaned_data["quarter"].name},
            )
            return redirect("households:detail", pk=pk)
    return render(
        request,
        "households/move.html",
        {"form": form, "household": household, "title": _("Chuyển khu phố / ấp")},
    )


@permissions.require(can_restructure_registry)
@require_http_methods(["GET", "POST"])
def household_retire(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    household = selectors.household_get(user=user, pk=pk)
    if not household.is_active:
        raise PermissionDenied
    form = RetireHouseholdForm(
        request.POST or None,
        initial={"version": household.version, "retired_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        merged_into = None
        code = (form.cleaned_data.get("merged_into_code") or "").strip().upper()
        if code:
            merged_into = (
                selectors.households_visible_to(user)
                .filter(commune_id=household.commune_id, code=code)
                .first()
            )
            if merged_into is None:
                form.add_error(
                    "merged_into_code", _("Không tìm thấy hộ có mã này trong phạm vi của bạn.")
                )
        if not form.errors:
            try:
                services.household_retire(
                    user=user,
                    household=household,
                    reason=form.cleaned_data["reason"],
                    retired_on=form.cleaned_data["retired_on"],
                    version=form.cleaned_data["version"],
                    merged_into=merged_into,
                    note=form.cleaned_data.get("note") or "",
                )
            except ValidationError as exc:
                if hasattr(exc, "error_dict") and "merged_into" in exc.error_dict:
                    exc = ValidationError({"merged_into_code": exc.error_dict["merged_into"]})
                apply_errors(form, exc)
            else:
                messages.success(
                    request, _("Hộ đã được đưa ra khỏi danh sách. Hồ sơ vẫn được lưu.")
                )
                return redirect("households:detail", pk=pk)
    return render(
        request,
        "households/retire.html",
        {"form": form, "household": household, "title": _("Đưa hộ ra khỏi danh sách")},
    )


@permissions.require(can_edit_registry)
@require_http_methods(["GET", "POST"])
def household_set_head(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    household = selectors.household_get(user=user, pk=pk)
    if not household.is_active:
        raise PermissionDenied
    form = SetHeadForm(
        request.POST or None, household=household, initial={"version": household.version}
    )
    if request.method == "GET":
        log_access(
            request,
            action=AccessLog.Action.VIEW_EDIT_FORM,
            household_id=household.pk,
            detail={"form": "set_head"},
        )
    if request.method == "POST" and form.is_valid():
        try:
            services.household_set_head(
                user=user,
                household=household,
                member=form.cleaned_data["member"],
                version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã đổi chủ hộ."))
            return redirect("households:detail", pk=pk)
    return render(
        request,
        "households/set_head.html",
        {"form": form, "household": household, "title": _("Đổi chủ hộ")},
    )


@permissions.require(can_edit_registry)
@require_http_methods(["GET", "POST"])
def member_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    household = selectors.household_get(user=user, pk=pk)
    if not household.is_active:
        raise PermissionDenied
    form = MemberForm(
        request.POST or None,
        viewer=user,
        initial={"ethnicity": household.ethnicity_id, "relation_to_head": Member.Relation.CHILD},
    )
    if request.method == "POST" and form.is_valid():
        try:
            member = services.member_create(user=user, household=household, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("Đã thêm thành viên %(name)s.") % {"name": member.full_name}
            )
            return redirect("households:detail", pk=pk)
    return render(
        request,
        "households/member_form.html",
        {"form": form, "household": household, "member": None},
    )


@permissions.require(can_edit_registry)
@require_http_methods(["GET", "POST"])
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    member = selectors.member_get(user=user, pk=pk)
    household = member.household
    if not household.is_active or not member.is_active:
        raise PermissionDenied
    if request.method == "POST":
        form = MemberEditForm(request.POST, instance=member, viewer=user)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
            fresh = selectors.member_get(user=user, pk=pk)
            try:
                services.member_update(
                    user=user, member=fresh, version=form.cleaned_data["version"], **data
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Đã lưu thông tin thành viên."))
                return redirect("households:detail", pk=household.pk)
    else:
        log_access(
            request,
            action=AccessLog.Action.VIEW_EDIT_FORM,
            household_id=household.pk,
            detail={"form": "member_edit", "member": member.pk},
        )
        form = MemberEditForm(instance=member, initial={"version": member.version}, viewer=user)
    return render(
        request,
        "households/member_form.html",
        {"form": form, "household": household, "member": member},
    )


@permissions.require(can_edit_registry)
@require_http_methods(["GET", "POST"])
def member_retire(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    member = selectors.member_get(user=user, pk=pk)
    household = member.household
    if not household.is_active or not member.is_active:
        raise PermissionDenied
    form = RetireMemberForm(
        request.POST or None, initial={"version": member.version, "left_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.member_retire(
                user=user,
                member=member,
                reason=form.cleaned_data["reason"],
                left_on=form.cleaned_data["left_on"],
                version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("%(name)s đã ra khỏi hộ.") % {"name": member.full_name})
            return redirect("households:detail", pk=household.pk)
    return render(
        request,
        "households/member_retire.html",
        {
            "form": form,
            "household": household,
            "member": member,
            "title": _("Thành viên ra khỏi hộ"),
        },
    )


@login_required
def area_list(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    if not permissions.is_not_org_member(user):
        raise PermissionDenied
    areas = list(
        selectors.areas_visible_to(user).select_related("parent", "successor").order_by("path")
    )
    depth_base = min((a.path.count("/") for a in areas), default=1)
    rows = [(a, a.path.count("/") - depth_base) for a in areas]
    return render(request, "households/area_list.html", {"rows": rows})


@login_required
def area_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    if not permissions.is_not_org_member(user):
        raise PermissionDenied
    area = get_object_or_404(
        selectors.areas_visible_to(user).select_related("parent", "successor"), pk=pk
    )
    events = list(area.events.select_related("other_area"))
    renames = list(area.history.select_related("history_user").order_by("-history_date")[:50])  # type: ignore[attr-defined]
    children = list(area.children.order_by("name"))
    predecessors = list(area.predecessors.order_by("name"))
    commune_settings = getattr(area, "settings", None) if area.kind == Area.Kind.COMMUNE else None
    counts = (
        selectors.households_visible_to(user)
        .filter(quarter__path__startswith=area.path, status=Household.Status.ACTIVE)
        .count()
    )
    # Related areas outside the user's scope are named, not linked: their pages are 404.
    related = [area.parent, area.successor, *children, *predecessors]
    related += [e.other_area for e in events]
    linkable_area_ids = set(
        selectors.areas_visible_to(user)
        .filter(pk__in={a.pk for a in related if a is not None})
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "households/area_detail.html",
        {
            "area": area,
            "linkable_area_ids": linkable_area_ids,
            "events": events,
            "renames": renames,
            "children": children,
            "predecessors": predecessors,
            "commune_settings": commune_settings,
            "active_households": counts,
        },
    )


@permissions.require(can_manage_areas)
@require_http_methods(["GET", "POST"])
def area_rename(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    area = get_object_or_404(selectors.areas_visible_to(user), pk=pk)
    form = AreaRenameForm(
        request.POST or None, initial={"name": area.name, "effective_date": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.area_rename(user=user, area=area, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã đổi tên địa bàn."))
            return redirect("households:area_detail", pk=pk)
    return render(
        request,
        "households/area_action.html",
        {"form": form, "area": area, "title": _("Đổi tên địa bàn")},
    )


@permissions.require(can_manage_areas)
@require_http_methods(["GET", "POST"])
def area_merge(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    area = get_object_or_404(selectors.areas_visible_to(user), pk=pk)
    if not area.is_active:
        raise PermissionDenied
    form = AreaMergeForm(
        request.POST or None, area=area, initial={"effective_date": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.area_merge(user=user, area=area, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("Đã sáp nhập địa bàn; các hộ đã được chuyển sang địa bàn mới.")
            )
            return redirect("households:area_detail", pk=pk)
    return render(
        request,
        "households/area_action.html",
        {"form": form, "area": area, "title": _("Sáp nhập địa bàn")},
    )


@permissions.require(can_manage_areas, methods=("GET", "POST"))
def commune_settings_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Issuing body, place name and signers printed on the commune's documents."""
    user = current_user(request)
    commune = get_object_or_404(
        selectors.areas_visible_to(user).filter(kind=Area.Kind.COMMUNE), pk=pk
    )
    current = CommuneSettings.objects.filter(commune=commune).first()
    initial = (
        {name: getattr(current, name) for name in services.COMMUNE_SETTINGS_FIELDS}
        if current
        else {}
    )
    form = CommuneSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.commune_settings_save(user=user, commune=commune, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu thông tin in trên văn bản."))
            return redirect("households:area_detail", pk=pk)
    versions = (
        list(current.history.select_related("history_user").order_by("-history_date")[:50])  # type: ignore[attr-defined]
        if current
        else []
    )
    return render(
        request,
        "households/commune_settings.html",
        {
            "form": form,
            "area": commune,
            "title": _("Thông tin in trên văn bản"),
            "versions": versions,
        },
    )
