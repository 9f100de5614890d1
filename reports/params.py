"""A report's parameters from a query string (a request's, or a background job's
stored one): an object outside the user's scope is a 404; a value the user can
correct raises ``ParamError`` with the message to show."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from households.reviews.services import campaign_quarters
from reports import catalogue
from reports import selectors as rsel
from reports.builders.common import LIST_KINDS
from reports.selectors import Params
from tannkhai.models import User
from tannkhai.viewutils import query_choice, query_int, query_text, query_year

SIGNERS = ("chairman", "vice_chairman")


class ParamError(Exception):
    """A parameter the user can correct: shown on the page, never a broken file."""


def _day(request: HttpRequest, params: Params) -> dt.date | None:
    """The report's date: not before the period it reports on (the year's first day, the
    day the campaign opened), and not more than a year ahead of today."""
    text = query_text(request, "day", max_length=20)
    if not text:
        return None
    try:
        day = dt.datetime.strptime(text, "%d/%m/%Y").date()
    except ValueError as exc:
        raise ParamError(_("Ngày báo cáo phải có dạng ngày/tháng/năm, ví dụ 05/03/2024.")) from exc
    today = timezone.localdate()
    latest = _one_year_after(today)
    if day > latest:
        raise ParamError(
            _("Ngày báo cáo không được sau ngày %(d)s (quá một năm kể từ hôm nay).")
            % {"d": latest.strftime("%d/%m/%Y")}
        )
    if params.year is not None and day < dt.date(params.year, 1, 1):
        raise ParamError(
            _("Ngày báo cáo không được trước ngày 01/01/%(y)s, ngày đầu của năm báo cáo.")
            % {"y": params.year}
        )
    if params.campaign is not None:
        opened = params.campaign.window[0]
        if day < opened:
            raise ParamError(
                _("Ngày báo cáo không được trước ngày %(d)s, ngày bắt đầu của %(c)s.")
                % {"d": opened.strftime("%d/%m/%Y"), "c": params.campaign}
            )
    return day


def _one_year_after(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _id(request: HttpRequest, name: str) -> int | None:
    """An object's id from the query string; present but not an id → ``ParamError``."""
    pk = query_int(request, name, default=None)
    if pk is None and (request.GET.get(name) or "").strip():
        raise ParamError(_("Tham số “%(name)s” không hợp lệ.") % {"name": name})
    return pk


def params_from(user: User, query: QueryDict, spec: catalogue.Spec) -> Params:
    """The report's parameters from the query string: an object outside the user's scope
    is a 404; a value the user can correct raises ``ParamError``."""
    request = HttpRequest()
    request.GET = query
    params = Params(user=user)
    if "program" in spec.needs:
        pk = _id(request, "program")
        if pk is None:
            params.program = rsel.report_programs(user).first()
            if params.program is None:
                raise ParamError(_("Chưa có chương trình nào trong phạm vi của bạn."))
        else:
            params.program = rsel.program_for(user, pk)
    if "year" in spec.needs:
        assert params.program is not None
        year = query_year(request, default=None)
        if year is None and (request.GET.get("year") or "").strip():
            raise ParamError(_("Năm báo cáo phải là một năm, ví dụ 2024."))
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
        pk = _id(request, "campaign")
        if pk is None:
            params.campaign = rsel.report_campaigns(user).first()
            if params.campaign is None:
                raise ParamError(_("Chưa có đợt rà soát nào trong phạm vi của bạn."))
        else:
            params.campaign = rsel.campaign_for(user, pk)
    if "quarter" in spec.needs:
        pk = _id(request, "quarter")
        if pk is not None:
            quarter = rsel.quarter_for(user, pk)
            # A campaign's quarters are its commune's when it ran (a 2023 campaign of the
            # former town does not take the hamlets that joined in 2025).
            if params.campaign is not None and quarter.pk not in campaign_quarters(params.campaign):
                raise ParamError(
                    _("%(q)s không thuộc địa bàn của %(c)s.")
                    % {"q": quarter.name, "c": params.campaign}
                )
            params.quarter = quarter
    if "list" in spec.needs:
        params.list_kind = (
            query_choice(request, "list", choices=LIST_KINDS, default="poor") or "poor"
        )
    if "day" in spec.needs:
        params.day = _day(request, params)
    params.signer = (
        query_choice(request, "signer", choices=SIGNERS, default="chairman") or "chairman"
    )
    return params
