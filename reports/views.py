"""The reports page, previews and downloads. Builders make the data; renderers the file."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from funding.loans.selectors import fund_get, ledger_years
from households.area_filter import QUARTER_SELECT_ID
from households.reviews.models import Decision, Posting, QuarterMeeting, ReviewRequest
from households.reviews.selectors import campaign_get, decision_get
from households.selectors import household_get, households_visible_to
from reports import catalogue, jobs
from reports import render as renderers
from reports import selectors as rsel
from reports.builders import documents
from reports.builders import funding as funding_documents
from reports.builders import household as household_documents
from reports.builders.common import LIST_KINDS, list_kind_label
from reports.document import Report
from reports.models import ExportJob
from reports.params import ParamError, params_from
from reports.permissions import can_print_fund_disclosure, can_read_reports
from reports.selectors import Params
from tannkhai.audit import log_access, query_detail
from tannkhai.errors import own_page
from tannkhai.models import AccessLog, User
from tannkhai.permissions import require
from tannkhai.routers import replica_reads
from tannkhai.viewutils import current_user
from tannkhai.xlsx import XLSX

FORMATS = ("pdf", "xlsx")

# Official documents are Vietnamese whatever the interface language: the builders and
# renderers run under this language (the page around a preview stays in the reader's).
DOCUMENT_LANGUAGE = "vi"


def _log(
    request: HttpRequest,
    report: Report,
    fmt: str,
    *,
    household_id: int | None = None,
    extra: dict[str, Any] | None = None,
) -> None:
    """Every preview and download in the access log: the report, its parameters and,
    for a document of one household, that household (by its id: the log repeats no
    name)."""
    detail: dict[str, Any] = {"report": report.key, "format": fmt}
    if report.parameters and household_id is None:
        detail["parameters"] = {label: value for label, value in report.parameters}
    # A citizen ID among the parameters is kept masked plus its keyed digest.
    query = query_detail(request.GET)
    if query:
        detail["query"] = query
    log_access(
        request,
        action=AccessLog.Action.DOWNLOAD_REPORT,
        household_id=household_id,
        detail={**detail, **(extra or {})},
    )


def _deliver(
    request: HttpRequest,
    report: Report,
    fmt: str,
    *,
    household_id: int | None = None,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    _log(request, report, fmt, household_id=household_id, extra=extra)
    with translation.override(DOCUMENT_LANGUAGE):
        if fmt == "pdf":
            return renderers.pdf_response(report)
        return renderers.xlsx_response(report)


def _choices(user: User, params: Params | None = None) -> dict[str, Any]:
    """What the parameter forms offer. The quarters are those of the chosen campaign (on
    the reports page: of the first campaign, which each form starts with); choosing
    another campaign fetches its quarters (``quarter_options``)."""
    campaigns = list(rsel.report_campaigns(user))
    campaign = params.campaign if params is not None and params.campaign else None
    if campaign is None and campaigns:
        campaign = campaigns[0]
    return {
        "programs": list(rsel.report_programs(user)),
        "campaigns": campaigns,
        "quarters": rsel.campaign_quarter_choices(user, campaign),
        "list_kinds": [(k, list_kind_label(k)) for k in LIST_KINDS],
    }


@require(can_read_reports, methods=("GET",))
def quarter_options(request: HttpRequest) -> HttpResponse:
    """The quarter drop-down of a report form for the chosen campaign (htmx): the quarters
    it reviews that the user may read; a campaign outside the user's scope is a 404."""
    user = current_user(request)
    target = request.GET.get("target") or ""
    select_id = target if QUARTER_SELECT_ID.fullmatch(target) else "quarter"
    raw = (request.GET.get("campaign") or "").strip()
    if not raw:  # as the forms start: the first campaign in scope
        campaign = rsel.report_campaigns(user).first()
    elif raw.isascii() and raw.isdigit() and len(raw) <= 18:
        campaign = rsel.campaign_for(user, int(raw))
    else:
        raise Http404
    context = {
        "select_id": select_id,
        "quarters": rsel.campaign_quarter_choices(user, campaign),
        "choose_first": False,
    }
    return render(request, "includes/_quarter_select.html", context)


@require(can_read_reports, methods=("GET",))
def index(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    return render(request, "reports/index.html", {"specs": catalogue.SPECS, **_choices(user)})


def _spec(key: str) -> catalogue.Spec:
    try:
        return catalogue.BY_KEY[key]
    except KeyError as exc:
        raise Http404 from exc


def _error_page(
    request: HttpRequest, spec: catalogue.Spec, message: str, *, status: int = 200
) -> HttpResponse:
    """The preview page with the message on it: like a form with an error (200), or for a
    download (400) instead of a broken file."""
    user = current_user(request)
    return own_page(
        render(
            request,
            "reports/preview.html",
            {"spec": spec, "error": message, "report": None, **_choices(user)},
            status=status,
        )
    )


@require(can_read_reports, methods=("GET",))
@replica_reads  # program reports may lag the primary by a moment (tannkhai.routers)
def preview(request: HttpRequest, key: str) -> HttpResponse:
    spec = _spec(key)
    try:
        params = params_from(current_user(request), request.GET, spec)
    except ParamError as exc:
        return _error_page(request, spec, str(exc))
    with translation.override(DOCUMENT_LANGUAGE):
        report = spec.build(params)
    _log(request, report, "screen")
    return render(
        request,
        "reports/preview.html",
        {
            "spec": spec,
            "report": report,
            "query": request.GET.urlencode(),
            "selected": params,
            **_choices(current_user(request), params),
        },
    )


def job_title(spec: catalogue.Spec, params: Params) -> str:
    """What a background file is called in "Tệp của tôi": the list or report, its
    campaign (or year) and the quarter when one is chosen, e.g. "Danh sách hộ nghèo –
    Rà soát định kỳ năm 2025 – Khu phố 1"."""
    parts = [list_kind_label(params.list_kind) if "list" in spec.needs else str(spec.title)]
    if params.campaign is not None:
        parts.append(str(params.campaign))
    elif params.year is not None:
        parts.append(_("Năm %(y)s") % {"y": params.year})
    if params.quarter is not None:
        parts.append(params.quarter.name)
    return " – ".join(parts)


@require(can_read_reports, methods=("GET",))
@replica_reads
def download(request: HttpRequest, key: str, fmt: str) -> HttpResponse:
    spec = _spec(key)
    if fmt not in FORMATS:
        raise Http404
    user = current_user(request)
    try:
        params = params_from(user, request.GET, spec)
    except ParamError as exc:
        return _error_page(request, spec, str(exc), status=400)
    if spec.count is not None and jobs.is_long(spec.count(params)):
        job = jobs.start(
            user=user,
            kind=ExportJob.Kind.REPORT,
            fmt=fmt,
            title=job_title(spec, params),
            query=request.GET,
            report_key=spec.key,
        )
        log_access(
            request,
            action=AccessLog.Action.DOWNLOAD_REPORT,
            detail={
                "report": spec.key,
                "format": fmt,
                "job": str(job.pk),
                "query": query_detail(request.GET),
            },
        )
        return redirect("reports:job", pk=job.pk)
    with translation.override(DOCUMENT_LANGUAGE):
        report = spec.build(params)
    return _deliver(request, report, fmt)


# -- documents of the review procedure -------------------------------------------------


@require(can_read_reports, methods=("GET",))
def decision_document(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    user = current_user(request)
    decision: Decision = decision_get(user=user, pk=pk)
    with translation.override(DOCUMENT_LANGUAGE):
        report = documents.decision(user=user, decision=decision)
    return _deliver(request, report, fmt)


@require(can_read_reports, methods=("GET",))
def certificates(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    decision = decision_get(user=user, pk=pk)
    with translation.override(DOCUMENT_LANGUAGE):
        report = documents.certificates(user=user, decision=decision)
    return _deliver(request, report, "pdf")


@require(can_read_reports, methods=("GET",))
def meeting_minutes(request: HttpRequest, pk: int, quarter_pk: int) -> HttpResponse:
    user = current_user(request)
    campaign = campaign_get(user=user, pk=pk)
    quarter = rsel.quarter_for(user, quarter_pk)
    meeting = (
        QuarterMeeting.objects.filter(campaign=campaign, quarter=quarter)
        .select_related("campaign", "campaign__commune", "quarter")
        .order_by("-held_on", "-pk")
        .first()
    )
    if meeting is None:
        raise Http404
    with translation.override(DOCUMENT_LANGUAGE):
        report = documents.minutes(user=user, meeting=meeting)
    return _deliver(request, report, "pdf")


@require(can_read_reports, methods=("GET",))
def posting_list(request: HttpRequest, pk: int, quarter_pk: int, fmt: str) -> HttpResponse:
    user = current_user(request)
    campaign = campaign_get(user=user, pk=pk)
    quarter = rsel.quarter_for(user, quarter_pk)
    posting = (
        Posting.objects.filter(campaign=campaign, quarter=quarter)
        .select_related("campaign", "campaign__commune", "quarter")
        .order_by("-start_date", "-pk")
        .first()
    )
    if posting is None:
        raise Http404
    with translation.override(DOCUMENT_LANGUAGE):
        report = documents.posting_list(user=user, posting=posting)
    return _deliver(request, report, fmt)


@require(can_read_reports, methods=("GET",))
def request_form(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    try:
        filed = (
            ReviewRequest.objects.filter(household__in=households_visible_to(user).values("pk"))
            .select_related(
                "household",
                "household__head",
                "household__quarter",
                "household__commune",
                "household__ethnicity",
            )
            .get(pk=pk)
        )
    except ReviewRequest.DoesNotExist as exc:
        raise Http404 from exc
    with translation.override(DOCUMENT_LANGUAGE):
        report = documents.request_form(user=user, request=filed)
    return _deliver(
        request, report, "pdf", household_id=filed.household_id, extra={"request": filed.pk}
    )


# -- files made in the background -------------------------------------------------------


def _may_download(user: User, job: ExportJob) -> bool:
    """The owner, while they still hold the right the file needed."""
    from households.permissions import can_export_registry

    if job.kind == ExportJob.Kind.REGISTRY:
        return can_export_registry(user)
    return can_read_reports(user)


@login_required
@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    own = jobs.jobs_of(user)
    jobs.recover(own)
    return render(
        request,
        "reports/jobs.html",
        {"jobs": own, "keep_days": settings.EXPORT_KEEP_DAYS},
    )


@login_required
@require_GET
def job_detail(request: HttpRequest, pk: str) -> HttpResponse:
    """The progress page; htmx asks for the status part every second until the file is
    made (without JavaScript, the page refreshes itself the same way)."""
    job = jobs.job_get(user=current_user(request), pk=pk)
    # A worker killed mid-way leaves the job "running": told here, with "Thử lại".
    jobs.recover([job])
    template = "reports/_job_status.html" if getattr(request, "htmx", False) else "reports/job.html"
    return render(request, template, {"job": job})


@login_required
@require_POST
def job_retry(request: HttpRequest, pk: str) -> HttpResponse:
    """Queue an interrupted or failed file again with the parameters it was asked with."""
    user = current_user(request)
    job = jobs.job_get(user=user, pk=pk)
    if not _may_download(user, job):
        raise Http404
    try:
        jobs.retry(job=job)
    except jobs.NotRetryable:
        messages.error(
            request,
            _("Tệp này không tạo lại được. Hãy yêu cầu lại từ trang danh sách hoặc báo cáo."),
        )
    else:
        messages.success(request, _("Đã yêu cầu tạo lại tệp."))
    return redirect("reports:job", pk=job.pk)


@login_required
@require_GET
def job_download(request: HttpRequest, pk: str) -> FileResponse:
    user = current_user(request)
    job = jobs.job_get(user=user, pk=pk)
    if not _may_download(user, job):
        raise Http404
    handle = jobs.open_file(job)
    ExportJob.objects.filter(pk=job.pk, downloaded_at__isnull=True).update(
        downloaded_at=timezone.now()
    )
    log_access(
        request,
        action=(
            AccessLog.Action.EXPORT_HOUSEHOLDS
            if job.kind == ExportJob.Kind.REGISTRY
            else AccessLog.Action.DOWNLOAD_REPORT
        ),
        detail={"job": str(job.pk), "report": job.report_key, "format": job.fmt},
    )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=job.filename,
        content_type=CONTENT_TYPES.get(job.fmt, "application/octet-stream"),
    )
    response["Cache-Control"] = "no-store, private"
    return response


CONTENT_TYPES = {"pdf": renderers.PDF, "xlsx": XLSX}
# -- the Fund for the Poor's public disclosure ---------------------------------------------


@require(can_print_fund_disclosure, methods=("GET",))
def fund_disclosure(request: HttpRequest, fund_pk: int, year: int, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    user = current_user(request)
    fund = fund_get(user=user, pk=fund_pk)
    years = ledger_years(fund)
    if year not in years:
        # The fund's book runs from its opening year to this year (never empty).
        message = _(
            "Không có sổ Quỹ Vì người nghèo năm %(year)s: sổ của %(commune)s ghi từ "
            "năm %(first)s đến năm %(last)s."
        ) % {"year": year, "commune": fund.commune.name, "first": years[0], "last": years[-1]}
        return own_page(
            render(
                request,
                "reports/document_error.html",
                {
                    "title": _("Công khai thu, chi Quỹ Vì người nghèo"),
                    "error": message,
                    "back": reverse("loans:public") + f"?commune={fund.commune_id}",
                },
                status=400,
            )
        )
    with translation.override(DOCUMENT_LANGUAGE):
        report = funding_documents.fund_disclosure(user, fund, year)
    return _deliver(request, report, fmt)


# -- one household's file -----------------------------------------------------------------


@require(can_read_reports, methods=("GET",))
def household_file(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    household = household_get(user=user, pk=pk)
    with translation.override(DOCUMENT_LANGUAGE):
        report = household_documents.household_file(user, household)
    return _deliver(request, report, "pdf", household_id=household.pk)
