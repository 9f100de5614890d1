"""Excel export of the household list the user is looking at (scoped and filtered)."""

from __future__ import annotations

from typing import Any, Protocol

from django.db.models import QuerySet
from django.http import HttpResponse, QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from households import selectors
from households.area_filter import area_filter
from households.filters import HouseholdFilter
from households.models import Household, PovertyStatus
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
    area = area_filter(user, query)
    base = selectors.households_visible_to(user).select_related("quarter", "ethnicity", "head")
    filterset = HouseholdFilter(query, queryset=base, area=area, viewer=user)
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
    # The columns as named tuples, not households: no model instances per row, and each
    # choice's label translated once, not once per row.
    fields = ["code", "head_name", "head_birth_year", "head__citizen_id", "quarter__name"]
    fields += ["address", "status", "member_count"]
    if policy.member_details:
        fields += ["ethnicity__name", "is_ethnic_minority", "no_labour_capacity"]
        fields += ["person_of_merit", "social_protection", "poverty_status"]
    poverty_labels = _labels(PovertyStatus.choices)
    status_labels = _labels(Household.Status.choices)
    x = "x"
    rows = queryset.values_list(*fields, named=True).iterator(chunk_size=2000)
    for n, hh in enumerate(rows, start=1):
        row: list[object] = [
            n,
            hh.code,
            hh.head_name,
            hh.head_birth_year,
            policy.identifier(hh.head__citizen_id),
            hh.quarter__name,
            hh.address,
        ]
        if policy.member_details:
            row += [
                hh.ethnicity__name or "",
                x if hh.is_ethnic_minority else "",
                x if hh.no_labour_capacity else "",
                x if hh.person_of_merit else "",
                x if hh.social_protection else "",
                poverty_labels.get(hh.poverty_status, hh.poverty_status),
            ]
        row += [status_labels.get(hh.status, hh.status), hh.member_count]
        export.append(row)
        if progress is not None:
            progress.step()
    return export


def _labels(choices: list[tuple[str, Any]]) -> dict[str, str]:
    """Choice labels in the active language, by stored value."""
    return {value: str(label) for value, label in choices}
