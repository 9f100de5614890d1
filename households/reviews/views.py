"""Review screens: campaigns, the phone survey form, meeting, posting, complaints,
the recognition decision, escape registration and the transition matrix."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from households import selectors
from households.classification import ClassificationInputError
from households.models import Area, Household, HouseholdGroup, PovertyStatus, result_label
from households.permissions import (
    can_approve_decision,
    can_edit_draft,
    can_edit_registry,
    can_file_for_household,
    can_record_meeting,
    can_run_procedure,
    can_run_procedure_in,
)
from households.reviews import selectors as rs
from households.reviews import services as svc
from households.reviews.forms import (
    AddHouseholdForm,
    AverageAssessForm,
    AverageRecogniseForm,
    AverageRequestForm,
    CampaignForm,
    ComplaintForm,
    ComplaintResolveForm,
    DecisionForm,
    EscapeForm,
    MeetingForm,
    NeedFormSet,
    PostingForm,
    RequestForm,
    SendBackForm,
    SurveyForm,
)
from households.reviews.models import (
    POVERTY_EXITS,
    AverageLivingRecognition,
    Complaint,
    Review,
    ReviewCampaign,
    Transition,
)
from tannkhai import permissions
from tannkhai.audit import log_access
from tannkhai.inputs import parse_whole_number
from tannkhai.models import AccessLog, User
from tannkhai.viewutils import apply_errors, current_user, query_int, query_year


def _forbid_org_member(request: HttpRequest) -> None:
    # An allow-list: a user without a role (or a future role) is refused too.
    if not permissions.is_not_org_member(current_user(request)):
        raise PermissionDenied


def _quarter_in(request: HttpRequest, campaign: ReviewCampaign, quarter_pk: int) -> Area:
    return get_object_or_404(
        selectors.areas_visible_to(current_user(request)).filter(
            kind=Area.Kind.QUARTER, path__startswith=campaign.commune.path
        ),
        pk=quarter_pk,
    )


def _add_issuing_body(campaigns: list[ReviewCampaign]) -> None:
    """Each campaign's issuing body as it was on the campaign's start (area tree history)."""
    for c in campaigns:
        c.issuing_body = selectors.issuing_body_on(  # type: ignore[attr-defined]
            c.commune, c.window[0]
        )


@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    _forbid_org_member(request)
    user = current_user(request)
    campaigns = rs.with_deadlines(
        rs.campaigns_visible_to(user)
        .select_related("commune", "standard")
        .order_by("-year", "-month")
    )
    communes = selectors.areas_visible_to(user).filter(
        kind=Area.Kind.COMMUNE, valid_to__isnull=True
    )
    form = None
    if can_run_procedure(user):
        today = timezone.localdate()
        form = CampaignForm(
            communes=communes,
            initial={
                "kind": ReviewCampaign.Kind.PERIODIC,
                "year": today.year,
                "month": today.month,
            },
        )
    _add_issuing_body(campaigns)
    return render(request, "reviews/campaign_list.html", {"campaigns": campaigns, "form": form})


@login_required
@require_POST
def campaign_create(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    if not can_run_procedure(user):
        raise PermissionDenied
    communes = selectors.areas_visible_to(user).filter(
        kind=Area.Kind.COMMUNE, valid_to__isnull=True
    )
    form = CampaignForm(request.POST, communes=communes)
    if form.is_valid():
        try:
            campaign = svc.campaign_create(user=user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Đã mở %(c)s với %(n)s hộ trong danh sách rà soát.")
                % {"c": campaign, "n": campaign.reviews.count()},
            )
            return redirect("reviews:campaign", pk=campaign.pk)
    campaigns = rs.with_deadlines(
        rs.campaigns_visible_to(user).select_related("commune", "standard")
    )
    _add_issuing_body(campaigns)
    return render(request, "reviews/campaign_list.html", {"campaigns": campaigns, "form": form})


@login_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _forbid_org_member(request)
    user = current_user(request)
    campaign = rs.campaign_get(user=user, pk=pk)
    (campaign,) = rs.with_deadlines(ReviewCampaign.objects.filter(pk=campaign.pk))
    summary = rs.campaign_quarter_summary(user=user, campaign=campaign)
    totals: dict[str, int] = {}
    results: dict[str, int] = {}
    for row in summary:
        for key, n in row["status"].items():
            totals[key] = totals.get(key, 0) + n
        for key, n in row["result"].items():
            results[key] = results.get(key, 0) + n
    return render(
        request,
        "reviews/campaign_detail.html",
        {
            "campaign": campaign,
            "summary": summary,
            "totals": totals,
            "results": results,
            "statuses": Review.Status.choices,
            "result_choices": [
                (code, result_label(code))
                for code in PovertyStatus.values
                if code != "unclassified"
            ],
            "decisions": list(campaign.decisions.order_by("-signed_on")),
            # A former commune's campaign (merged away) is history: nobody runs its steps.
            "can_run": can_run_procedure_in(user, campaign.commune),
            "can_import": can_edit_registry(user) and campaign.status == ReviewCampaign.Status.OPEN,
            "window": campaign.window,
            "unconfirmed": campaign.standard.unconfirmed_definitions(),
            "issuing_body": selectors.issuing_body_on(campaign.commune, campaign.window[0]),
        },
    )


@permissions.require(permissions.is_not_org_member, post=can_edit_registry, methods=("GET", "POST"))
def campaign_quarter(request: HttpRequest, pk: int, quarter_pk: int) -> HttpResponse:
    user = current_user(request)
    campaign = rs.campaign_get(user=user, pk=pk)
    quarter = _quarter_in(request, campaign, quarter_pk)
    reviews = list(
        rs.reviews_visible_to(user)
        .filter(campaign=campaign, quarter=quarter)
        .select_related("household")
        .order_by("household__head_sort")
    )
    add_form = AddHouseholdForm()
    if request.method == "POST":
        add_form = AddHouseholdForm(request.POST)
        if add_form.is_valid():
            code = add_form.cleaned_data["code"].strip().upper()
            household = (
                selectors.households_visible_to(user)
                .filter(commune=campaign.commune, quarter=quarter, code=code)
                .select_related("quarter")
                .first()
            )
            if household is None:
                add_form.add_error(
                    "code", _("Không có hộ mã %(code)s trong khu phố này.") % {"code": code}
                )
            else:
                try:
                    review = svc.campaign_add_household(
                        user=user, campaign=campaign, household=household
                    )
                except ValidationError as exc:
                    apply_errors(add_form, exc)
                else:
                    messages.success(
                        request, _("Đã thêm hộ %(code)s vào danh sách rà soát.") % {"code": code}
                    )
                    return redirect("reviews:survey", pk=review.pk)
    meetings = list(campaign.meetings.filter(quarter=quarter).order_by("-held_on"))
    postings = list(campaign.postings.filter(quarter=quarter).order_by("-start_date"))
    counts: dict[str, int] = {}
    for review in reviews:
        counts[review.status] = counts.get(review.status, 0) + 1
    return render(
        request,
        "reviews/campaign_quarter.html",
        {
            "campaign": campaign,
            "quarter": quarter,
            "reviews": reviews,
            "counts": counts,
            "add_form": add_form,
            "meetings": meetings,
            "postings": postings,
            "can_run": can_run_procedure(user),
            "can_meet": can_record_meeting(user, quarter),
            "can_edit": can_file_for_household(user, quarter),
        },
    )


def _survey_initial(review: Review, user: User) -> dict[str, Any]:
    """What the survey form opens with; the surveyor is the person filling it in,
    unless a survey was already saved with a name."""
    return {
        "version": review.version,
        "members_count": review.members_count or review.household.member_count,
        "income_mode": review.income_mode,
        "income_input": review.income_input,
        "score_a": review.score_a,
        "deprived": review.deprived_codes,
        "causes": review.causes,
        "group": review.group_id,
        "surveyor": review.surveyor or user.display_name,
        "surveyed_on": review.surveyed_on or timezone.localdate(),
        "notes": review.notes,
    }


@login_required
@require_http_methods(["GET", "POST"])
def review_survey(request: HttpRequest, pk: int) -> HttpResponse:
    _forbid_org_member(request)
    user = current_user(request)
    review = rs.review_get(user=user, pk=pk)
    editable = can_edit_draft(user, review)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        form = SurveyForm(request.POST, review=review)
        if form.is_valid():
            data = form.cleaned_data
            try:
                svc.review_save_survey(
                    user=user,
                    review=review,
                    version=data["version"],
                    income_mode=data["income_mode"],
                    income_input=data["income_input"],
                    score_a=data["score_a"],
                    deprived_codes=data["deprived"],
                    members_count=data["members_count"],
                    causes=data["causes"],
                    group=data["group"],
                    surveyor=data["surveyor"],
                    surveyed_on=data["surveyed_on"],
                    mark_surveyed="mark_surveyed" in request.POST,
                    notes=data["notes"],
                )
            except ValidationError as exc:
                if hasattr(exc, "error_dict") and "deprived_codes" in exc.error_dict:
                    exc = ValidationError({"deprived": exc.error_dict["deprived_codes"]})
                apply_errors(form, exc)
            else:
                if "mark_surveyed" in request.POST:
                    messages.success(
                        request,
                        _("Đã hoàn thành khảo sát hộ %(code)s.") % {"code": review.household.code},
                    )
                    return redirect(
                        "reviews:quarter", pk=review.campaign_id, quarter_pk=review.quarter_id
                    )
                messages.success(request, _("Đã lưu phiếu (bản nháp)."))
                return redirect("reviews:survey", pk=review.pk)
    else:
        log_access(
            request,
            action=AccessLog.Action.VIEW_REVIEW,
            household_id=review.household_id,
            detail={"review": review.pk},
        )
        form = SurveyForm(initial=_survey_initial(review, user), review=review)
    complaints = list(review.complaints.order_by("-received_on"))
    events = list(review.events.select_related("user"))
    return render(
        request,
        "reviews/survey.html",
        {
            "review": review,
            "form": form,
            "editable": editable,
            "can_run": can_run_procedure(user),
            "complaints": complaints,
            "events": events,
            "groups": list(HouseholdGroup.objects.all()),
            "preview": _preview(review, request.POST if request.method == "POST" else None),
            "unconfirmed": review.standard.unconfirmed_definitions(),
            "send_back_form": SendBackForm(),
            "complaint_form": ComplaintForm(initial={"received_on": timezone.localdate()}),
        },
    )


def _int_or_none(value: str | None) -> int | None:
    """A number typed on the survey form ("1.500.000"), as the form itself reads it."""
    if not (value or "").strip():
        return None
    try:
        return parse_whole_number(value or "")
    except ValidationError as exc:
        raise ClassificationInputError(exc.messages[0]) from exc


def _preview(review: Review, data: Any | None) -> dict[str, Any]:
    """Classification of the values on the form (or of the saved review)."""
    try:
        if data is None:
            if not review.result and review.income_input is None and review.score_a is None:
                return {"empty": True}
            per_person = review.income_per_person
            score_a = review.score_a
            codes = review.deprived_codes
        else:
            members = _int_or_none(data.get("members_count")) or review.household.member_count
            mode = data.get("income_mode") or Review.IncomeMode.PER_PERSON
            value = _int_or_none(data.get("income_input"))
            score_a = _int_or_none(data.get("score_a"))
            codes = data.getlist("deprived")
            per_person = svc.income_from_input(mode=mode, value=value, members=members)
            if per_person is None and score_a is None:
                return {"empty": True, "count": len(set(codes))}
        result = svc.classify_review(review, per_person=per_person, score_a=score_a, codes=codes)
    except (ClassificationInputError, ValueError) as exc:
        return {"error": str(exc)}
    return {
        "result": result.result,
        "label": result_label(result.result),
        "reason": result.reason,
        "per_person": per_person,
        "score_b": result.score_b,
    }


@login_required
@require_POST
def review_preview(request: HttpRequest, pk: int) -> HttpResponse:
    _forbid_org_member(request)
    review = rs.review_get(user=current_user(request), pk=pk)
    return render(
        request, "reviews/_classification.html", {"preview": _preview(review, request.POST)}
    )


@login_required
@require_POST
def review_send_back(request: HttpRequest, pk: int) -> HttpResponse:
    _forbid_org_member(request)
    user = current_user(request)
    review = rs.review_get(user=user, pk=pk)
    if not can_run_procedure(user):
        raise PermissionDenied
    form = SendBackForm(request.POST)
    if form.is_valid():
        try:
            svc.review_send_back(user=user, review=review, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Đã trả phiếu về bước khảo sát."))
    else:
        messages.error(request, _("Hãy ghi lý do trả lại."))
    return redirect("reviews:survey", pk=pk)


@login_required
@require_POST
def complaint_create(request: HttpRequest, pk: int) -> HttpResponse:
    _forbid_org_member(request)
    user = current_user(request)
    review = rs.review_get(user=user, pk=pk)
    if not can_run_procedure(user):
        raise PermissionDenied
    form = ComplaintForm(request.POST, checks=partial(svc.complaint_checks, review=review))
    if form.is_valid():
        try:
            svc.complaint_record(user=user, review=review, **form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Đã ghi nhận khiếu nại."))
    else:
        # Each field's own message (a date out of range says so), under its label.
        for name, errors in form.errors.items():
            field = form.fields.get(name)
            if name == "token" or field is None:
                messages.error(request, _("Biểu mẫu đã cũ, hãy tải lại trang rồi nhập lại."))
                continue
            for error in errors:
                messages.error(request, f"{field.label}: {error}")
    return redirect("reviews:survey", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def complaint_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    _forbid_org_member(request)
    user = current_user(request)
    complaint = get_object_or_404(
        Complaint.objects.filter(
            review__in=rs.reviews_visible_to(user).values("pk")
        ).select_related("review", "review__household", "review__quarter"),
        pk=pk,
    )
    if not can_run_procedure(user):
        raise PermissionDenied
    form = ComplaintResolveForm(
        request.POST or None,
        initial={"resolved_on": timezone.localdate()},
        checks=partial(svc.resolution_checks, complaint=complaint),
    )
    if request.method == "POST" and form.is_valid():
        try:
            svc.complaint_resolve(user=user, complaint=complaint, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã giải quyết khiếu nại."))
            return redirect("reviews:survey", pk=complaint.review_id)
    return render(request, "reviews/complaint_resolve.html", {"form": form, "complaint": complaint})


@login_required
@require_http_methods(["GET", "POST"])
def meeting_record(request: HttpRequest, pk: int, quarter_pk: int) -> HttpResponse:
    _forbid_org_member(request)
    user = current_user(request)
    campaign = rs.campaign_get(user=user, pk=pk)
    quarter = _quarter_in(request, campaign, quarter_pk)
    if not can_record_meeting(user, quarter):
        raise PermissionDenied
    form = MeetingForm(
        request.POST or None,
        initial={"held_on": timezone.localdate()},
        checks=partial(svc.meeting_checks, campaign=campaign, quarter=quarter),
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting = svc.meeting_record(
                user=user, campaign=campaign, quarter=quarter, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if meeting.passed:
                messages.success(
                    request, _("Họp dân đã thống nhất kết quả (≥ 50% người dự đồng ý).")
                )
            else:
                messages.warning(
                    request,
                    _(
                        "Chưa đạt 50% người dự đồng ý: biên bản đã lưu, các phiếu giữ ở bước "
                        "“đã khảo sát” để khảo sát lại."
                    ),
                )
            return redirect("reviews:quarter", pk=pk, quarter_pk=quarter_pk)
    surveyed = (
        rs.reviews_visible_to(user)
        .filter(campaign=campaign, quarter=quarter, status=Review.Status.SURVEYED)
        .count()
    )
    return render(
        request,
        "reviews/step_form.html",
        {
            "form": form,
            "campaign": campaign,
            "quarter": quarter,
            "title": _("Biên bản họp dân"),
            "intro": _(
                "%(n)s phiếu đã khảo sát sẽ được đưa ra họp. "
                "Kết quả cần ít nhất 50%% người dự đồng ý."
            )
            % {"n": surveyed},
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def posting_start(request: HttpRequest, pk: int, quarter_pk: int) -> HttpResponse:
    _forbid_org_member(request)
    user = current_user(request)
    campaign = rs.campaign_get(user=user, pk=pk)
    quarter = _quarter_in(request, campaign, quarter_pk)
    if not can_run_procedure(user):
        raise PermissionDenied
    form = PostingForm(
        request.POST or None,
        initial={"start_date": timezone.localdate()},
        checks=partial(svc.posting_checks, campaign=campaign, quarter=quarter),
    )
    if request.method == "POST" and form.is_valid():
        try:
            posting = svc.posting_start(
                user=user, campaign=campaign, quarter=quarter, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Niêm yết từ %(s)s đến hết %(e)s (3 ngày làm việc).")
                % {
                    "s": posting.start_date.strftime("%d/%m/%Y"),
                    "e": posting.end_date.strftime("%d/%m/%Y"),
                },
            )
            return redirect("reviews:quarter", pk=pk, quarter_pk=quarter_pk)
    return render(
        request,
        "reviews/step_form.html",
        {
            "form": form,
            "campaign": campaign,
            "quarter": quarter,
            "title": _("Niêm yết công khai"),
            "intro": _(
                "Kết quả được niêm yết trong 3 ngày làm việc; "
                "thứ Bảy, Chủ nhật và ngày lễ không tính."
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision_prepare(request: HttpRequest, pk: int) -> HttpResponse:
    _forbid_org_member(request)
    user = current_user(request)
    campaign = rs.campaign_get(user=user, pk=pk)
    if not can_run_procedure(user):
        raise PermissionDenied
    today = timezone.localdate()
    # The signer of the day the decision is signed (today by default), from the area
    # history: a commune formed by merger signs with its own chairman from then on.
    settings_obj = selectors.commune_settings_on(campaign.commune, today)
    form = DecisionForm(
        request.POST or None,
        checks=partial(svc.decision_checks, campaign=campaign),
        initial={
            "signed_on": today,
            # A name marked as a placeholder (the demo's) is never prefilled.
            "signer_name": ""
            if getattr(settings_obj, "chairman_is_placeholder", False)
            else getattr(settings_obj, "chairman_name", ""),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            decision = svc.decision_prepare(user=user, campaign=campaign, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã lập dự thảo quyết định; chờ lãnh đạo ký."))
            return redirect("reviews:decision", pk=decision.pk)
    return render(
        request,
        "reviews/step_form.html",
        {
            "form": form,
            "campaign": campaign,
            "quarter": None,
            "title": _("Dự thảo quyết định công nhận"),
            "unconfirmed": campaign.standard.unconfirmed_definitions(),
            "intro": _("Mọi phiếu đã niêm yết của đợt chưa có quyết định sẽ được đưa vào dự thảo."),
        },
    )


@login_required
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _forbid_org_member(request)
    user = current_user(request)
    decision = rs.decision_get(user=user, pk=pk)
    reviews = list(
        decision.reviews.filter(household__in=selectors.households_visible_to(user).values("pk"))
        .select_related("household", "quarter")
        .order_by("quarter__name", "household__head_sort")
    )
    categories: list[tuple[str, Any]] = [
        (_("Hộ nghèo"), lambda r: r.result == PovertyStatus.POOR),
        (_("Hộ cận nghèo"), lambda r: r.result == PovertyStatus.NEAR_POOR),
        (
            _("Hộ thoát nghèo"),
            lambda r: r.transition in POVERTY_EXITS,
        ),
        (_("Hộ thoát cận nghèo"), lambda r: r.transition == Transition.ESCAPED_NEAR_POVERTY),
    ]
    lists = [(title, [r for r in reviews if belongs(r)]) for title, belongs in categories]
    # The decision is the commune's: other quarters' households are counted, not named.
    others = list(
        decision.reviews.exclude(pk__in=[r.pk for r in reviews]).only("result", "transition")
    )
    hidden = {title: sum(1 for r in others if belongs(r)) for title, belongs in categories}
    return render(
        request,
        "reviews/decision_detail.html",
        {
            "decision": decision,
            "issuing_body": selectors.issuing_body_on(
                decision.campaign.commune, decision.signed_on
            ),
            "lists": lists,
            "hidden": hidden,
            "blockers": svc.decision_blockers(
                decision, visible_household_ids={r.household_id for r in reviews}
            )
            if decision.status == "draft"
            else [],
            "can_approve": can_approve_decision(user) and decision.status == "draft",
            "unconfirmed": decision.campaign.standard.unconfirmed_definitions(),
        },
    )


@login_required
@require_POST
def decision_approve(request: HttpRequest, pk: int) -> HttpResponse:
    _forbid_org_member(request)
    user = current_user(request)
    decision = rs.decision_get(user=user, pk=pk)
    if not can_approve_decision(user):
        raise PermissionDenied
    try:
        svc.decision_approve(user=user, decision=decision)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("Đã ký ban hành %(d)s; danh sách hộ đã được cập nhật.") % {"d": decision}
        )
    return redirect("reviews:decision", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    household = selectors.household_get(user=user, pk=pk)
    if not can_file_for_household(user, household.quarter):
        raise PermissionDenied
    standard = svc.standard_for_list_year(timezone.localdate().year)
    items = list(standard.screening_items.all()) if standard else []
    form = RequestForm(
        request.POST or None,
        items=items,
        initial={"submitted_on": timezone.localdate()},
        checks=partial(svc.request_checks, household=household),
    )
    if request.method == "POST" and form.is_valid():
        try:
            req = svc.request_submit(
                user=user,
                household=household,
                submitted_on=form.cleaned_data["submitted_on"],
                reason=form.cleaned_data["reason"],
                answers=form.answers(),
                kind=form.cleaned_data["kind"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if req.kind == req.Kind.ESCAPE:
                messages.success(
                    request,
                    _(
                        "Đã nhận giấy đề nghị công nhận thoát nghèo (Mẫu 04); hộ sẽ được đưa "
                        "vào đợt rà soát tới."
                    ),
                )
            elif req.status == req.Status.SCREENED_OUT:
                messages.warning(
                    request, _("Theo phiếu A, hộ không thuộc diện rà soát; đơn đã được lưu.")
                )
            else:
                messages.success(request, _("Đã nhận đơn; hộ sẽ được đưa vào đợt rà soát tới."))
            return redirect("households:detail", pk=pk)
    return render(request, "reviews/request_form.html", {"form": form, "household": household})


@login_required
@require_http_methods(["GET", "POST"])
def escape_register(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    household = selectors.household_get(user=user, pk=pk)
    if not can_file_for_household(user, household.quarter):
        raise PermissionDenied
    today = timezone.localdate()
    form = EscapeForm(
        request.POST or None,
        initial={"year": today.year, "registered_on": today},
        checks=partial(svc.escape_checks, household=household),
    )
    formset = NeedFormSet(request.POST or None, prefix="needs")
    # Both validated, so that the needs' errors show with the form's on the first submit.
    valid = all([form.is_valid(), formset.is_valid()])
    if request.method == "POST" and valid:
        needs = [
            {k: v for k, v in f.cleaned_data.items() if v not in (None, "")}
            for f in formset.forms
            if f.cleaned_data.get("need_type")
        ]
        try:
            svc.escape_register(user=user, household=household, needs=needs, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận đăng ký thoát nghèo và nhu cầu hỗ trợ."))
            return redirect("households:detail", pk=pk)
    return render(
        request,
        "reviews/escape_form.html",
        {"form": form, "formset": formset, "household": household},
    )


def _matrix_tables(matrix: rs.TransitionMatrix) -> list[dict[str, Any]]:
    """Rows and cells of the change report; household cells link to their records.

    Poor → near-poor is an exit from poverty (``POVERTY_EXITS``): the poor list shows
    "Thoát nghèo" as one figure, split into "to near-poor" and "above near-poor".
    """
    tables = []
    for category, label in (
        (PovertyStatus.POOR, _("Hộ nghèo")),
        (PovertyStatus.NEAR_POOR, _("Hộ cận nghèo")),
    ):
        poor = category == PovertyStatus.POOR
        columns: list[tuple[str, str | None, str]] = [("start", None, _("Đầu kỳ"))]
        columns.append(("dec_total", None, _("Giảm: tổng")))
        if poor:
            columns += [
                ("exits", None, _("Thoát nghèo: tổng")),
                ("dec", "to_other_list", _("— trong đó sang cận nghèo")),
                ("dec", "escaped", _("— trong đó trên chuẩn cận nghèo")),
            ]
        else:
            columns += [
                ("dec", "to_other_list", _("Sang hộ nghèo")),
                ("dec", "escaped", _("Thoát cận nghèo")),
            ]
        columns += [
            ("dec", "other", _("Giảm khác (chuyển đi, chết, nhập/tách hộ)")),
            ("inc_total", None, _("Tăng: tổng")),
            ("inc", "from_other_list", _("Từ cận nghèo") if poor else _("Từ hộ nghèo")),
            ("inc", "re_entered", _("Tái nghèo") if poor else _("Tái cận nghèo")),
            ("inc", "new", _("Phát sinh mới")),
            ("inc", "other", _("Tăng khác (chuyển đến, sáp nhập địa bàn)")),
            ("end", None, _("Cuối kỳ")),
        ]
        rows = []
        for unit, unit_label in (("households", _("Số hộ")), ("persons", _("Số nhân khẩu"))):
            row = matrix.row(category, unit)
            cells: list[tuple[int, str | None]] = []
            for where, kind, _head in columns:
                key: str | None
                if where == "start":
                    value, key = row.start, "start"
                elif where == "end":
                    value, key = row.end, "end"
                elif where == "dec_total":
                    value, key = row.total_decrease, None
                elif where == "exits":
                    value, key = row.exits, "exits"
                elif where == "inc_total":
                    value, key = row.total_increase, None
                elif where == "dec":
                    value, key = row.decreases[str(kind)], f"dec:{kind}"
                else:
                    value, key = row.increases[str(kind)], f"inc:{kind}"
                link = f"{category}|{key}" if unit == "households" and key and value else None
                cells.append((value, link))
            rows.append(
                {
                    "label": unit_label,
                    "cells": cells,
                    # Persons change with household size too: only households must balance.
                    "balances": row.balances or unit == "persons",
                }
            )
        b = matrix.breakdowns[str(category)]
        tables.append(
            {
                "category": str(category),
                "label": label,
                "headers": [head for _w, _k, head in columns],
                "rows": rows,
                "breakdown": b,
            }
        )
    return tables


@login_required
def transitions(request: HttpRequest) -> HttpResponse:
    _forbid_org_member(request)
    user = current_user(request)
    choices = rs.report_areas(user)
    if not choices:
        raise PermissionDenied
    wanted = query_int(request, "area", default=None)
    choice = next((c for c in choices if c.area.pk == wanted), choices[0])
    area = choice.area
    year = query_year(request, default=timezone.localdate().year - 1)
    matrix = rs.transition_matrix(user=user, area=area, year=year, quarters=choice.quarters)
    drill = request.GET.get("show")
    drill_rows: list[Household] = []
    drill_label = ""
    if drill and "|" in drill:
        category, kind = drill.split("|", 1)
        if kind == "exits":
            ids = [
                *matrix.households.get((category, "dec:to_other_list"), []),
                *matrix.households.get((category, "dec:escaped"), []),
            ]
        else:
            ids = matrix.households.get((category, kind), [])
        drill_rows = list(
            selectors.households_visible_to(user)
            .filter(pk__in=ids)
            .select_related("quarter")
            .order_by("head_sort")
        )
        names = dict(PovertyStatus.choices)
        kinds = {
            "start": _("đầu kỳ"),
            "end": _("cuối kỳ"),
            "exits": _("thoát nghèo (sang cận nghèo và trên chuẩn cận nghèo)"),
            "dec:to_other_list": (
                _("thoát nghèo, sang cận nghèo")
                if category == PovertyStatus.POOR
                else _("sang hộ nghèo")
            ),
            "dec:escaped": (
                _("thoát nghèo, trên chuẩn cận nghèo")
                if category == PovertyStatus.POOR
                else _("thoát cận nghèo")
            ),
            "dec:other": _("giảm khác"),
            "inc:from_other_list": _("tăng từ danh sách kia"),
            "inc:re_entered": _("tái nghèo / tái cận nghèo"),
            "inc:new": _("phát sinh mới"),
            "inc:other": _("tăng khác"),
        }
        drill_label = f"{names.get(category, category)} — {kinds.get(kind, kind)}"
    return render(
        request,
        "reviews/transitions.html",
        {
            "areas": choices,
            "area": area,
            "area_label": choice.label,
            "year": year,
            "years": list(range(2021, timezone.localdate().year + 1)),
            "matrix": matrix,
            "tables": _matrix_tables(matrix),
            "drill_rows": drill_rows,
            "drill_label": drill_label,
            "drill": drill,
        },
    )


# -- average living standard ------------------------------------------------


@login_required
def average_list(request: HttpRequest) -> HttpResponse:
    """Average-living-standard files (farming / forestry / fishery / salt-making)."""
    _forbid_org_member(request)
    user = current_user(request)
    records = list(rs.average_recognitions_visible_to(user).order_by("-requested_on", "-pk")[:500])
    return render(
        request,
        "reviews/average_list.html",
        {
            "records": records,
            "can_assess": can_run_procedure(user),
            "can_recognise": can_approve_decision(user),
        },
    )


def _average_page(
    request: HttpRequest, *, form: Any, title: str, household: Any, record: Any = None
) -> HttpResponse:
    return render(
        request,
        "reviews/average_step.html",
        {"form": form, "title": title, "household": household, "record": record},
    )


@login_required
@require_http_methods(["GET", "POST"])
def average_request(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    household = selectors.household_get(user=user, pk=pk)
    if not can_file_for_household(user, household.quarter):
        raise PermissionDenied
    form = AverageRequestForm(request.POST or None, initial={"requested_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            svc.average_request_submit(user=user, household=household, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã nhận giấy đề nghị xác định hộ có mức sống trung bình."))
            return redirect("reviews:average_list")
    return _average_page(
        request,
        form=form,
        title=_("Đề nghị xác định hộ có mức sống trung bình"),
        household=household,
    )


@login_required
@require_http_methods(["GET", "POST"])
def average_assess(request: HttpRequest, pk: int) -> HttpResponse:
    _forbid_org_member(request)
    user = current_user(request)
    record = rs.average_recognition_get(user=user, pk=pk)
    if not can_run_procedure(user):
        raise PermissionDenied
    form = AverageAssessForm(
        request.POST or None,
        initial={"members_count": record.members_count, "assessed_on": timezone.localdate()},
        checks=partial(svc.average_assess_checks, record=record),
    )
    if request.method == "POST" and form.is_valid():
        try:
            record = svc.average_assess(user=user, record=record, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if record.status == AverageLivingRecognition.Status.ASSESSED:
                messages.success(
                    request, _("Thu nhập trong khoảng mức sống trung bình: chờ Chủ tịch công nhận.")
                )
            else:
                messages.warning(
                    request,
                    _("Thu nhập không trong khoảng mức sống trung bình: hộ không đủ điều kiện."),
                )
            return redirect("reviews:average_list")
    return _average_page(
        request,
        form=form,
        title=_("Xác định thu nhập 12 tháng (không tính trợ cấp xã hội)"),
        household=record.household,
        record=record,
    )


@login_required
@require_http_methods(["GET", "POST"])
def average_recognise(request: HttpRequest, pk: int) -> HttpResponse:
    _forbid_org_member(request)
    user = current_user(request)
    record = rs.average_recognition_get(user=user, pk=pk)
    if not can_approve_decision(user):
        raise PermissionDenied
    form = AverageRecogniseForm(
        request.POST or None,
        initial={"decision_date": timezone.localdate()},
        checks=partial(svc.average_recognise_checks, record=record),
    )
    if request.method == "POST" and form.is_valid():
        try:
            svc.average_recognise(user=user, record=record, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã công nhận hộ có mức sống trung bình."))
            return redirect("reviews:average_list")
    return _average_page(
        request,
        form=form,
        title=_("Công nhận hộ có mức sống trung bình"),
        household=record.household,
        record=record,
    )
