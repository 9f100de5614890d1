"""Excel export of the household list the user is looking at (scoped and filtered)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from households.models import Household
from tannkhai.formatting import format_date, mask_citizen_id

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def household_list_xlsx(queryset: QuerySet[Household], *, show_sensitive: bool) -> HttpResponse:
    wb = Workbook(write_only=False)
    ws = wb.active
    assert ws is not None
    ws.title = _("Danh sách hộ")[:31]
    headers = [
        _("STT"),
        _("Mã hộ"),
        _("Họ tên chủ hộ"),
        _("Năm sinh"),
        _("Số CCCD chủ hộ"),
        _("Khu phố / ấp"),
        _("Địa chỉ"),
        _("Dân tộc"),
        _("DTTS"),
        _("KCKNLĐ"),
        _("CSCC"),
        _("BTXH"),
        _("Phân loại"),
        _("Tình trạng"),
        _("Số nhân khẩu"),
    ]
    ws.append([_("DANH SÁCH HỘ GIA ĐÌNH")])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([_("Xuất ngày %(date)s") % {"date": format_date(timezone.localdate())}])
    ws.append([])
    ws.append(headers)
    thin = Side(style="thin")
    for cell in ws[4]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
    x = "x"
    for n, hh in enumerate(queryset.iterator(chunk_size=2000), start=1):
        head = hh.head
        cid = head.citizen_id if head else ""
        ws.append(
            [
                n,
                hh.code,
                hh.head_name,
                hh.head_birth_year,
                cid if show_sensitive else mask_citizen_id(cid),
                hh.quarter.name,
                hh.address,
                hh.ethnicity.name if hh.ethnicity else "",
                x if hh.is_ethnic_minority else "",
                x if hh.no_labour_capacity else "",
                x if hh.person_of_merit else "",
                x if hh.social_protection else "",
                hh.get_poverty_status_display(),
                hh.get_status_display(),
                hh.member_count,
            ]
        )
    widths = [6, 12, 28, 9, 16, 18, 30, 12, 7, 8, 7, 7, 20, 16, 10]
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "A5"
    response = HttpResponse(content_type=XLSX)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="danh-sach-ho-{stamp}.xlsx"'
    wb.save(response)
    return response
