"""Excel export of the household list the user is looking at (scoped and filtered)."""

from __future__ import annotations

from typing import Protocol

from django.db.models import QuerySet
from django.http import HttpResponse, QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from households import selectors
from households.filters import HouseholdFilter
from households.models import Household
from tannkhai.formatting import format_date
from tannkhai.models import User
from tannkhai.privacy import Policy
from tannkhai.xlsx import Column, XlsxExport


class Progress(Protocol):
    def step(self, rows: int = 1) -> None: ...


def registry_export(user: User, query: QueryDict) -> tuple[QuerySet[Household], Policy] | None:
    """The households the registry list shows ``user`` for ``query`` (its filters), in
    its order, with the masking policy of the list; None when the filters are invalid.
    The page's download and the background export both start here."""
    quarters = selectors.quarters_visible_to(user, active_only=False)
    base = selectors.households_visible_to(user).select_related("quarter", "ethnicity", "head")
    filterset = HouseholdFilter(query, queryset=base, quarters=quarters, viewer=user)
    if not filterset.is_valid():
        return None
    return filterset.qs, filterset.policy


def household_list_xlsx(queryset: QuerySet[Household], *, policy: Policy) -> HttpResponse:
    return household_list_workbook(queryset, policy=policy).response(filename=FILENAME)


FILENAME = "danh-sach-ho"


def household_list_workbook(
    queryset: QuerySet[Household], *, policy: Policy, progress: Progress | None = None
) -> XlsxExport:
    """The registry list as a streamed workbook, one row per household; ``progress``
    is told of each row written."""
    columns = [
        Column(_("STT"), 6),
        Column(_("Mã hộ"), 12),
        Column(_("Họ tên chủ hộ"), 28),
        Column(_("Năm sinh"), 9),
        Column(_("Số CCCD chủ hộ"), 16),
        Column(_("Khu phố / ấp"), 18),
        Column(_("Địa chỉ"), 30),
    ]
    if policy.member_details:
        columns += [
            Column(_("Dân tộc"), 12),
            Column(_("DTTS"), 7),
            Column(_("KCKNLĐ"), 8),
            Column(_("CSCC"), 7),
            Column(_("BTXH"), 7),
            Column(_("Phân loại"), 20),
        ]
    columns += [Column(_("Tình trạng"), 16), Column(_("Số nhân khẩu"), 10)]
    export = XlsxExport(
        sheet_title=_("Danh sách hộ"),
        title=_("DANH SÁCH HỘ GIA ĐÌNH"),
        subtitle=_("Xuất ngày %(date)s") % {"date": format_date(timezone.localdate())},
        columns=columns,
    )
    x = "x"
    for n, hh in enumerate(queryset.iterator(chunk_size=2000), start=1):
        head = hh.head
        row: list[object] = [
            n,
            hh.code,
            hh.head_name,
            hh.head_birth_year,
            policy.identifier(head.citizen_id if head else ""),
            hh.quarter.name,
            hh.address,
        ]
        if policy.member_details:
            row += [
                hh.ethnicity.name if hh.ethnicity else "",
                x if hh.is_ethnic_minority else "",
                x if hh.no_labour_capacity else "",
                x if hh.person_of_merit else "",
                x if hh.social_protection else "",
                hh.get_poverty_status_display(),
            ]
        row += [hh.get_status_display(), hh.member_count]
        export.append(row)
        if progress is not None:
            progress.step()
    return export
