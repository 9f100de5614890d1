"""The reports page, previews and downloads. Builders make the data; renderers the file."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from funding.loans.selectors import fund_get, ledger_years
from households.reviews.models import Decision, Posting, QuarterMeeting, ReviewRequest
from households.reviews.selectors import campaign_get, decision_get
from households.selectors import household_get, households_visible_to, quarters_as_they_stood
from reports import catalogue
from reports import render as renderers
from reports import selectors as rsel
from reports.builders import documents
from reports.builders import funding as funding_documents
from reports.builders import household as household_documents
from reports.builders.common import LIST_KINDS, list_kind_label
from reports.document import Report
from reports.permissions import can_print_fund_disclosure, can_read_reports
from reports.selectors import Params
from tannkhai.audit import log_access
from tannkhai.models import AccessLog, User
from tannkhai.permissions import require
from tannkhai.viewutils import current_user, query_choice, query_int, query_text, query_year

FORMATS = ("pdf", "xlsx")

# Official documents are Vietnamese whatever the interface language: the builders and
# renderers run under this language (the page around a preview stays in the reader's).
DOCUMENT_LANGUAGE = "vi"
SIGNERS = ("chairman", "vice_chairman")


class ParamError(Exception):
    """A parameter the user can correct: shown on the page, never a broken file."""


def _day(request: HttpRequest) -> dt.date | None:
    text = query_text(request, "day", max_length=20)
    if not text:
        return None
    try:
        day = dt.datetime.strptime(text, "%d/%m/%Y").date()
    except ValueError as exc:
        raise ParamError(_("Ngày báo cáo phải có dạng ngày/tháng/năm, ví dụ 05/03/2024.")) from exc
    if not 2000 <= day.year <= 2100:
        raise ParamError(_("Ngày báo cáo phải trong các năm 2000–2100."))
    return day


def _params(request: HttpRequest, spec: catalogue.Spec) -> Params:
    """The report's parameters from the query string: an object outside the user's scope
    is a 404; a value the user can correct raises ``ParamError``."""
    user = current_user(request)
    params = Params(user=user)
    if "program" in spec.needs:
        pk = query_int(request, "program", default=None)
        if pk is None:
            params.program = rsel.report_programs(user).first()
            if params.program is None:
                raise ParamError(_("Chưa có chương trình nào trong phạm vi của bạn."))
        else:
            params.program = rsel.program_for(user, pk)
    if "year" in spec.needs:
        assert params.program is not None
        year = query_year(request, default=None)
        if year is None:
            year = min(
                max(timezone.localdate().year - 1, params.program.start_year),
                params.program.end_year,
            )
        if year not in params.program.years:
            raise ParamError(
                _("Năm %(y)s không thuộc chương trình %(a)s–%(b)s.")
                % {"y": year, "a": params.program.start_year, "b": params.program.end_year}
            )
        params.year = year
    if "campaign" in spec.needs:
        pk = query_int(request, "campaign", default=None)
        if pk is None:
            params.campaign = rsel.report_campaigns(user).first()
            if params.campaign is None:
                raise ParamError(_("Chưa có đợt rà soát nào trong phạm vi của bạn."))
        else:
            params.campaign = rsel.campaign_for(user, pk)
    if "quarter" in spec.needs:
        pk = query_int(request, "quarter", default=None)
        if pk is not None:
            quarter = rsel.quarter_for(user, pk)
            commune = params.campaign.commune if params.campaign else None
            if commune is not None and not (
                quarter.path.startswith(commune.path)
                or quarters_as_they_stood(commune).filter(pk=quarter.pk).exists()
            ):
                raise Http404
            params.quarter = quarter
    if "list" in spec.needs:
        params.list_kind = (
            query_choice(request, "list", choices=LIST_KINDS, default="poor") or "poor"
        )
    if "day" in spec.needs:
        params.day = _day(request)
    params.signer = (
        query_choice(request, "signer", choices=SIGNERS, default="chairman") or "chairman"
    )
    return params


def _log(request: HttpRequest, report: Report, fmt: str) -> None:
    log_access(
        request,
        action=AccessLog.Action.DOWNLOAD_REPORT,
        detail={
            "report": report.key,
            "format": fmt,
            "parameters": {label: value for label, value in report.parameters},
            "query": {k: v for k, v in request.GET.items() if v},
        },
    )


def _deliver(request: HttpRequest, report: Report, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    _log(request, report, fmt)
    with translation.override(DOCUMENT_LANGUAGE):
        if fmt == "pdf":
            return renderers.pdf_response(report)
        return renderers.xlsx_response(report)


def _choices(user: User) -> dict[str, Any]:
    return {
        "programs": list(rsel.report_programs(user)),
        "campaigns": list(rsel.report_campaigns(user)),
        "quarters": list(rsel.report_quarters(user)),
        "list_kinds": [(k, list_kind_label(k)) for k in LIST_KINDS],
    }


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
    return render(
        request,
        "reports/preview.html",
        {"spec": spec, "error": message, "report": None, **_choices(user)},
        status=status,
    )


@require(can_read_reports, methods=("GET",))
def preview(request: HttpRequest, key: str) -> HttpResponse:
    spec = _spec(key)
    try:
        params = _params(request, spec)
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
            **_choices(current_user(request)),
        },
    )


@require(can_read_reports, methods=("GET",))
def download(request: HttpRequest, key: str, fmt: str) -> HttpResponse:
    spec = _spec(key)
    if fmt not in FORMATS:
        raise Http404
    try:
        params = _params(request, spec)
    except ParamError as exc:
        return _error_page(request, spec, str(exc), status=400)
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
    log_access(
        request,
        action=AccessLog.Action.DOWNLOAD_REPORT,
        household_id=filed.household_id,
        detail={"report": report.key, "format": "pdf", "request": filed.pk},
    )
    with translation.override(DOCUMENT_LANGUAGE):
        return renderers.pdf_response(report)


# -- the Fund for the Poor's public disclosure ---------------------------------------------


@require(can_print_fund_disclosure, methods=("GET",))
def fund_disclosure(request: HttpRequest, fund_pk: int, year: int, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    user = current_user(request)
    fund = fund_get(user=user, pk=fund_pk)
    years = ledger_years(fund)
    if year not in years:
        return render(
            request,
            "reports/document_error.html",
            {
                "title": _("Công khai thu, chi Quỹ Vì người nghèo"),
                "error": _(
                    "Không có sổ Quỹ Vì người nghèo năm %(year)s: sổ của %(commune)s ghi từ "
                    "năm %(first)s đến năm %(last)s."
                )
                % {
                    "year": year,
                    "commune": fund.commune.name,
                    "first": years[0],
                    "last": years[-1],
                },
                "back": reverse("loans:public") + f"?commune={fund.commune_id}",
            },
            status=400,
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
    log_access(
        request,
        action=AccessLog.Action.DOWNLOAD_REPORT,
        household_id=household.pk,
        detail={"report": report.key, "format": "pdf"},
    )
    with translation.override(DOCUMENT_LANGUAGE):
        return renderers.pdf_response(report)
