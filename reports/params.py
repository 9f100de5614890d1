"""A report's parameters from a query string (a request's, or a background job's
stored one): an object outside the user's scope is a 404; a value the user can
correct raises ``ParamError`` with the message to show."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest, QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from households.selectors import quarters_as_they_stood
from reports import catalogue
from reports import selectors as rsel
from reports.builders.common import LIST_KINDS
from reports.selectors import Params
from tannkhai.models import User
from tannkhai.viewutils import query_choice, query_int, query_text, query_year

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


def params_from(user: User, query: QueryDict, spec: catalogue.Spec) -> Params:
    """The report's parameters from the query string: an object outside the user's scope
    is a 404; a value the user can correct raises ``ParamError``."""
    request = HttpRequest()
    request.GET = query
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
