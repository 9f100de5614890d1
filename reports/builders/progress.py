"""(b) The yearly progress report of a program: targets against results, the year's review
results, funding, helpers' coverage and the responsibility matrix's state.

Every figure comes from the owning app's selectors, the same that its screen reads: the
progress dashboard (``targets.selectors.progress_rows``), the change report
(``TransitionMatrix``), the funding lines page, the coverage page and the matrix — the
last three through ``reports.hooks``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from households.models import PovertyStatus
from households.reviews.selectors import TransitionMatrix
from reports import hooks, official
from reports.builders.common import area_label
from reports.document import Column, HeaderCell, Report, Table
from reports.selectors import Params
from tannkhai.formatting import format_number
from targets.progress import STATUS_LABELS
from targets.selectors import YearProgress, progress_rows, reader_scope

POOR, NEAR = PovertyStatus.POOR, PovertyStatus.NEAR_POOR


def _whole(value: Decimal | None) -> Any:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else value


def progress_report(params: Params) -> Report:
    assert params.program is not None and params.year is not None
    program, year, user = params.program, params.year, params.user
    day = params.day or timezone.localdate()
    scope = reader_scope(user, program)
    area = area_label(user, program, scope)
    report = Report(
        key="tien-do",
        title=_("Báo cáo kết quả thực hiện Chương trình giảm nghèo bền vững năm %(y)s")
        % {"y": year},
        filename=f"ket-qua-thuc-hien-{year}",
        landscape=True,
    )
    report.meta = official.meta(
        commune=program.commune,
        day=day,
        year=day.year,
        kind=official.REPORT,
        doc_type=_("BÁO CÁO"),
        summary=_(
            "Kết quả thực hiện Chương trình giảm nghèo bền vững năm %(y)s trên địa bàn %(area)s"
        )
        % {"y": year, "area": area},
        sign=official.signature(program.commune, day, who=params.signer),
    )
    report.parameters = [(_("Chương trình"), str(program)), (_("Năm"), str(year))]
    if area != program.covered_area.name:
        report.parameters.append((_("Phạm vi"), area))
    report.add_paragraph(
        _(
            "Căn cứ %(plan)s về thực hiện Chương trình “%(name)s” giai đoạn %(a)s - %(b)s, kết "
            "quả thực hiện năm %(y)s trên địa bàn %(area)s như sau:"
        )
        % {
            "plan": program.plan_reference,
            "name": program.name,
            "a": program.start_year,
            "b": program.end_year,
            "y": year,
            "area": area,
        }
    )

    report.add_heading(_("I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU"))
    rows = progress_rows(scope, program, year)
    if not rows:
        report.add_paragraph(_("Chương trình chưa có chỉ tiêu."))
    else:
        if scope.quarter is not None:
            report.add_paragraph(
                _(
                    "Chỉ tiêu được giao cho cả xã, không chia theo khu phố, ấp: cột chỉ tiêu và "
                    "tỷ lệ đạt để trống; kết quả là của %(q)s."
                )
                % {"q": scope.quarter.name}
            )
        report.add_paragraph(_summary_of_targets(rows, year))
        report.add_table(_targets_table(rows, year, whole_area=scope.quarter is None))

    report.add_heading(_("II. KẾT QUẢ RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO"))
    matrix = scope.matrix(year)
    if _matrix_is_empty(matrix):
        report.add_paragraph(
            _("Năm %(y)s chưa có kết quả rà soát hộ nghèo, hộ cận nghèo được công nhận.")
            % {"y": year}
        )
    else:
        report.add_paragraph(_summary_of_reviews(matrix, year))
        report.add_table(_reviews_table(matrix, year))

    report.add_heading(_("III. NGUỒN LỰC HỖ TRỢ"))
    _add_section(report, hooks.progress_funding(user, program, year))

    coverage_day = min(dt.date(year, 12, 31), day)
    report.add_heading(_("IV. PHÂN CÔNG GIÚP ĐỠ HỘ NGHÈO, HỘ CẬN NGHÈO"))
    _add_section(report, hooks.progress_coverage(user, coverage_day, quarter=scope.quarter))

    report.add_heading(_("V. TÌNH HÌNH THỰC HIỆN NHIỆM VỤ ĐƯỢC PHÂN CÔNG"))
    _add_section(report, hooks.progress_responsibilities(program, year))

    report.notes.append(
        _(
            "Kết quả tính từ hồ sơ: giải quyết việc làm, đào tạo nghề, phiếu rà soát đã công "
            "nhận, sổ hộ; kết quả nhập tay chỉ dùng cho năm chưa có hồ sơ. Thoát nghèo: hộ "
            "nghèo đầu năm sang cận nghèo hoặc thoát hẳn."
        )
    )
    report.notes.append(
        _(
            "Mục II không gồm các biến động khác (chuyển danh sách, chuyển đi, chuyển đến): "
            "xem báo cáo biến động hộ nghèo, hộ cận nghèo."
        )
    )
    return report


def _add_section(report: Report, section: hooks.Section) -> None:
    for line in section.lines:
        report.add_paragraph(line)
    if section.table is not None:
        report.add_table(section.table)


# -- I. targets against results -------------------------------------------------------


def _summary_of_targets(rows: list[YearProgress], year: int) -> str:
    parts = []
    for status, label in STATUS_LABELS.items():
        n = sum(1 for row in rows if row.status == status)
        if n:
            parts.append(f"{label} {n}")
    return _("Năm %(y)s, %(n)s chỉ tiêu: %(parts)s.") % {
        "y": year,
        "n": len(rows),
        "parts": "; ".join(parts),
    }


def _targets_table(rows: list[YearProgress], year: int, *, whole_area: bool) -> Table:
    table = Table(
        columns=[
            Column(_("STT"), "int", 5),
            Column(_("Chỉ tiêu"), "text", 38),
            Column(_("Đơn vị"), "center", 9),
            Column(_("Chỉ tiêu năm %(y)s") % {"y": year}, "int", 15),
            Column(_("Kết quả"), "int", 11),
            Column(_("Tỷ lệ đạt (%)"), "percent", 10),
            Column(_("Đánh giá"), "text", 16),
            Column(_("Ghi chú"), "text", 14),
        ],
        sheet_title=_("Chỉ tiêu"),
    )
    for number, row in enumerate(rows, start=1):
        indicator = row.indicator
        target: Any = _whole(row.target)
        if target is None and indicator.yearly_average is not None and whole_area:
            # The plan states an average, not a yearly target (602 trained: 150 a year).
            target = _("bình quân %(n)s/năm") % {"n": format_number(indicator.yearly_average)}
        note = ""
        if row.result.manual:
            note = _("nhập tay")
        elif indicator.direction == "lower":
            note = _("Càng thấp càng tốt")
        table.rows.append(
            [
                number,
                indicator.name,
                indicator.get_unit_display(),
                target,
                _whole(row.result.value),
                row.percent,
                row.status_label,
                note,
            ]
        )
    return table


# -- II. review results -----------------------------------------------------------------


def _matrix_is_empty(matrix: TransitionMatrix) -> bool:
    return all(
        row.start == 0 and row.end == 0 and row.total_decrease == 0 and row.total_increase == 0
        for row in (matrix.row(POOR, "households"), matrix.row(NEAR, "households"))
    )


def _summary_of_reviews(matrix: TransitionMatrix, year: int) -> str:
    poor = matrix.row(POOR, "households")
    rate = matrix.rate(POOR)
    text = _(
        "Năm %(y)s: hộ nghèo từ %(start)s hộ đầu năm còn %(end)s hộ cuối năm; %(escaped)s hộ "
        "thoát nghèo, %(new)s hộ nghèo phát sinh mới."
    ) % {
        "y": year,
        "start": format_number(poor.start),
        "end": format_number(poor.end),
        "escaped": format_number(poor.exits),
        "new": format_number(poor.increases["new"]),
    }
    if rate is not None:
        text += " " + _("Tỷ lệ hộ nghèo cuối năm %(r)s%%.") % {"r": format_number(rate)}
    return text


def _reviews_table(matrix: TransitionMatrix, year: int) -> Table:
    table = Table(
        columns=[
            Column(_("Danh sách"), "text", 22),
            Column(_("Đầu năm"), "int", 11),
            Column(_("Thoát nghèo, thoát cận nghèo"), "int", 14),
            Column(_("Phát sinh mới"), "int", 11),
            Column(_("Tái nghèo, tái cận nghèo"), "int", 12),
            Column(_("Cuối năm"), "int", 11),
            Column(_("Tỷ lệ đầu năm (%)"), "percent", 11),
            Column(_("Tỷ lệ cuối năm (%)"), "percent", 11),
        ],
        header=[
            [
                HeaderCell(_("Danh sách"), rowspan=2),
                HeaderCell(_("Số hộ"), colspan=5),
                HeaderCell(_("Tỷ lệ trên số hộ dân cư (%)"), colspan=2),
            ],
            [
                HeaderCell(_("Đầu năm")),
                HeaderCell(_("Thoát nghèo, thoát cận nghèo")),
                HeaderCell(_("Phát sinh mới")),
                HeaderCell(_("Tái nghèo, tái cận nghèo")),
                HeaderCell(_("Cuối năm")),
                HeaderCell(_("Đầu năm")),
                HeaderCell(_("Cuối năm")),
            ],
        ],
        sheet_title=_("Rà soát"),
    )
    for category, label in ((POOR, _("Hộ nghèo")), (NEAR, _("Hộ cận nghèo"))):
        row = matrix.row(category, "households")
        # A poor household escapes to near-poor or above it; a near-poor one above its line.
        escaped = row.exits if category == POOR else row.decreases["escaped"]
        table.rows.append(
            [
                label,
                row.start,
                escaped,
                row.increases["new"],
                row.increases["re_entered"],
                row.end,
                matrix.rate(category, "start"),
                matrix.rate(category, "end"),
            ]
        )
    table.rows.append(
        [
            _("Số hộ dân cư"),
            matrix.residents["start"],
            None,
            None,
            None,
            matrix.residents["end"],
            None,
            None,
        ]
    )
    return table
