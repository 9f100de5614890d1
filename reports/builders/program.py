"""Reports of a program: the plan regenerated from its data (sections I–V) and the
change report of the poor and near-poor lists for a year."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from households.models import HouseholdGroup
from reports import hooks, official
from reports.builders.common import area_label
from reports.document import Column, HeaderCell, Report, Table
from reports.selectors import Params
from tannkhai.formatting import format_number
from targets.models import Indicator, ManualResult, Program, YearlyTarget
from targets.selectors import reader_scope


def _program(params: Params) -> Program:
    assert params.program is not None
    return params.program


def _area_name(program: Program) -> str:
    return str(program.covered_area.name)


# -- (a) the plan ------------------------------------------------------------------------


def plan(params: Params) -> Report:
    program = _program(params)
    indicators = list(program.indicators.order_by("order", "code"))
    targets: dict[tuple[int, int], Decimal] = {
        (t.indicator_id, t.year): t.value
        for t in YearlyTarget.objects.filter(indicator__program=program)
    }
    manual: dict[tuple[int, int], Decimal] = {
        (m.indicator_id, m.year): m.value
        for m in ManualResult.objects.filter(indicator__program=program)
    }
    first, last = program.start_year, program.end_year
    title = _("Kế hoạch thực hiện Chương trình")
    report = Report(key="ke-hoach", title=title, filename="ke-hoach")
    report.parameters = [(_("Chương trình"), str(program))]
    summary = _(
        "Thực hiện Chương trình “%(name)s” giai đoạn %(a)s - %(b)s trên địa bàn %(area)s"
    ) % {
        "name": program.name,
        "a": first,
        "b": last,
        "area": _area_name(program),
    }
    year = program.plan_year or (program.plan_date.year if program.plan_date else first)
    report.meta = official.meta(
        commune=program.commune,
        day=program.plan_date,
        year=year,
        kind=official.PLAN,
        doc_type=_("KẾ HOẠCH"),
        summary=summary,
        number=program.plan_number,
        recipients=[
            _("TTĐU; TT.HĐND;"),
            _("CT, các PCT UBND;"),
            _("UBMTTQVN, các ban ngành đoàn thể;"),
            _("Ban quản lý các khu phố, ấp;"),
            _("Lưu: VT."),
        ],
        sign=official.signature(
            program.commune,
            program.plan_date or official_date(year),
            who=params.signer,
        ),
    )
    if program.legal_basis:
        report.add_paragraph(_("Căn cứ %(basis)s") % {"basis": program.legal_basis})
    report.add_heading(_("I. MỤC ĐÍCH, YÊU CẦU"))
    report.add_paragraph(
        _(
            "Thực hiện giảm nghèo bền vững, hạn chế tái nghèo; gắn đào tạo nghề với giải quyết "
            "việc làm, tăng thu nhập, nâng cao mức sống của Nhân dân trên địa bàn %(area)s giai "
            "đoạn %(a)s - %(b)s."
        )
        % {"area": _area_name(program), "a": first, "b": last}
    )
    report.add_paragraph(
        _(
            "Rà soát hộ nghèo, hộ cận nghèo công khai, dân chủ, đúng đối tượng; phân công mỗi "
            "tổ chức, mỗi đảng viên gắn với một địa chỉ hộ nghèo; huy động và lồng ghép các "
            "nguồn lực hỗ trợ."
        )
    )
    report.add_heading(_("II. CHỈ TIÊU CHỦ YẾU"))
    report.add_subheading(_("a) Năm %(y)s") % {"y": first})
    for indicator in indicators:
        value = manual.get((indicator.pk, first))
        if value is not None:
            report.add_paragraph(f"- {indicator.name}: {_amount(indicator, value)}.")
    report.add_subheading(_("b) Giai đoạn %(a)s - %(b)s") % {"a": first + 1, "b": last})
    later = [y for y in program.years if y > first]
    for indicator in indicators:
        if indicator.period_target is None:
            continue
        yearly = [
            _("năm %(y)s là %(v)s") % {"y": y, "v": format_number(targets[(indicator.pk, y)])}
            for y in later
            if (indicator.pk, y) in targets and not indicator.is_percent
        ]
        line = f"- {indicator.name}: {_amount(indicator, indicator.period_target)}"
        if indicator.yearly_average is not None:
            line += " " + _("(bình quân %(v)s %(u)s/năm)") % {
                "v": format_number(indicator.yearly_average),
                "u": indicator.get_unit_display(),
            }
        elif yearly:
            line += " (" + ", ".join(yearly) + ")"
        report.add_paragraph(line + ".")
    table = Table(
        columns=[
            Column(_("STT"), "int", 5),
            Column(_("Chỉ tiêu"), "text", 34),
            Column(_("Đơn vị"), "center", 11),
            *[Column(str(y), "int", 8) for y in program.years],
            Column(_("Cả giai đoạn"), "int", 11),
        ],
        header=[
            [
                HeaderCell(_("STT"), rowspan=2),
                HeaderCell(_("Chỉ tiêu"), rowspan=2),
                HeaderCell(_("Đơn vị"), rowspan=2),
                HeaderCell(_("Chỉ tiêu từng năm"), colspan=len(program.years)),
                HeaderCell(_("Cả giai đoạn"), rowspan=2),
            ],
            [HeaderCell(str(y)) for y in program.years],
        ],
        caption=_("Bảng chỉ tiêu (năm %(y)s: kết quả thực hiện)") % {"y": first},
        sheet_title=_("Chỉ tiêu"),
    )
    for number, indicator in enumerate(indicators, start=1):
        row: list[Any] = [number, indicator.name, indicator.get_unit_display()]
        for y in program.years:
            value = targets.get((indicator.pk, y))
            if y == first:
                value = manual.get((indicator.pk, y))
            row.append(_whole(value))
        row.append(_whole(indicator.period_target))
        table.rows.append(row)
    report.add_table(table)
    report.add_heading(_("III. NGUỒN LỰC THỰC HIỆN"))
    funding = hooks.plan_funding(program)
    if funding is None:
        report.add_paragraph(
            _(
                "Nhu cầu kinh phí theo từng nội dung hỗ trợ được tổng hợp từ các dòng kinh phí "
                "của chương trình (mục Hỗ trợ) khi các dòng này được nhập."
            )
        )
    else:
        report.add_table(funding)
    report.add_heading(_("IV. NHIỆM VỤ VÀ GIẢI PHÁP CHỦ YẾU"))
    for group in HouseholdGroup.objects.order_by("number"):
        report.add_paragraph(f"- {group.name}: {group.measures}")
    report.add_heading(_("V. PHÂN CÔNG NHIỆM VỤ"))
    responsibilities = hooks.plan_responsibilities(program)
    if responsibilities is None:
        report.add_paragraph(
            _(
                "Phân công nhiệm vụ theo ma trận trách nhiệm của chương trình (mục Phân công) "
                "khi ma trận được lập."
            )
        )
    else:
        report.add_table(responsibilities)
    return report


def official_date(year: int) -> Any:
    import datetime as dt

    return dt.date(year, 12, 31)


def _whole(value: Decimal | None) -> Any:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else value


def _amount(indicator: Indicator, value: Decimal) -> str:
    if indicator.is_percent:
        return f"{format_number(value)}%"
    return f"{format_number(value)} {indicator.get_unit_display()}"


# -- (d) the change report ---------------------------------------------------------------

DECREASES = (
    ("to_other_list", gettext_lazy("Sang danh sách khác")),
    ("escaped", gettext_lazy("Thoát hẳn")),
    ("other", gettext_lazy("Khác (chuyển đi, giải thể…)")),
)
INCREASES = (
    ("from_other_list", gettext_lazy("Từ danh sách khác")),
    ("re_entered", gettext_lazy("Tái nghèo / tái cận nghèo")),
    ("new", gettext_lazy("Phát sinh mới")),
    ("other", gettext_lazy("Khác (chuyển đến…)")),
)


def changes(params: Params) -> Report:
    """Start, decreases by kind, increases by kind and end, households and persons, from
    the review app's transition matrix (the one definition of each figure)."""
    program = _program(params)
    assert params.year is not None
    year = params.year
    # The reader's scope, as on the dashboard and the yearly progress report: a quarter
    # head of one quarter reads that quarter's figures, and the report names it.
    scope = reader_scope(params.user, program)
    matrix = scope.matrix(year)
    area = area_label(params.user, program, scope)
    report = Report(
        key="bien-dong",
        title=_("Báo cáo biến động hộ nghèo, hộ cận nghèo"),
        filename=f"bien-dong-{year}",
        landscape=True,
    )
    day = params.day or timezone.localdate()
    report.meta = official.meta(
        commune=program.commune,
        day=day,
        year=day.year,
        kind=official.REPORT,
        doc_type=_("BÁO CÁO"),
        summary=_("Biến động hộ nghèo, hộ cận nghèo năm %(y)s trên địa bàn %(area)s")
        % {"y": year, "area": area},
        sign=official.signature(program.commune, day, who=params.signer),
    )
    report.parameters = [(_("Chương trình"), str(program)), (_("Năm"), str(year))]
    if area != program.covered_area.name:
        report.parameters.append((_("Phạm vi"), area))
    header = [
        [
            HeaderCell(_("Danh sách"), rowspan=2),
            HeaderCell(_("Đơn vị tính"), rowspan=2),
            HeaderCell(_("Đầu kỳ"), rowspan=2),
            HeaderCell(_("Giảm trong kỳ"), colspan=len(DECREASES) + 1),
            HeaderCell(_("Tăng trong kỳ"), colspan=len(INCREASES) + 1),
            HeaderCell(_("Cuối kỳ"), rowspan=2),
        ],
        [HeaderCell(str(label)) for _k, label in DECREASES]
        + [HeaderCell(_("Cộng giảm"))]
        + [HeaderCell(str(label)) for _k, label in INCREASES]
        + [HeaderCell(_("Cộng tăng"))],
    ]
    columns = [
        Column(_("Danh sách"), "text", 14),
        Column(_("Đơn vị tính"), "text", 10),
        Column(_("Đầu kỳ"), "int", 8),
        *[Column(str(label), "int", 9) for _k, label in DECREASES],
        Column(_("Cộng giảm"), "int", 8),
        *[Column(str(label), "int", 9) for _k, label in INCREASES],
        Column(_("Cộng tăng"), "int", 8),
        Column(_("Cuối kỳ"), "int", 8),
    ]
    table = Table(columns=columns, header=header, sheet_title=_("Biến động"))
    for category, label in (("poor", _("Hộ nghèo")), ("near_poor", _("Hộ cận nghèo"))):
        for unit, unit_label in (("households", _("hộ")), ("persons", _("người"))):
            row = matrix.row(category, unit)
            table.rows.append(
                [
                    label,
                    unit_label,
                    row.start,
                    *[row.decreases[k] for k, _l in DECREASES],
                    row.total_decrease,
                    *[row.increases[k] for k, _l in INCREASES],
                    row.total_increase,
                    row.end,
                ]
            )
    report.add_table(table)
    breakdown = Table(
        columns=[
            Column(_("Chỉ tiêu"), "text", 30),
            Column(_("Hộ nghèo đầu kỳ"), "int", 10),
            Column(_("Hộ nghèo cuối kỳ"), "int", 10),
            Column(_("Hộ cận nghèo đầu kỳ"), "int", 10),
            Column(_("Hộ cận nghèo cuối kỳ"), "int", 10),
        ],
        caption=_("Phân tích"),
        sheet_title=_("Phân tích"),
    )
    poor, near = matrix.breakdowns["poor"], matrix.breakdowns["near_poor"]
    breakdown.rows = [
        [
            _("Hộ DTTS"),
            poor.ethnic_minority["start"],
            poor.ethnic_minority["end"],
            near.ethnic_minority["start"],
            near.ethnic_minority["end"],
        ],
        [
            _("Thành thị"),
            poor.urban["start"],
            poor.urban["end"],
            near.urban["start"],
            near.urban["end"],
        ],
        [
            _("Nông thôn"),
            poor.rural["start"],
            poor.rural["end"],
            near.rural["start"],
            near.rural["end"],
        ],
        [
            _("Tỷ lệ trên số hộ dân cư (%)"),
            poor.rate["start"],
            poor.rate["end"],
            near.rate["start"],
            near.rate["end"],
        ],
        [
            _("Số hộ dân cư"),
            matrix.residents["start"],
            matrix.residents["end"],
            matrix.residents["start"],
            matrix.residents["end"],
        ],
    ]
    report.add_table(breakdown)
    report.notes.append(
        _(
            "Thoát nghèo: hộ nghèo đầu kỳ sang cận nghèo hoặc thoát hẳn (một định nghĩa chung "
            "cho báo cáo, quyết định và bảng theo dõi). Cuối kỳ = đầu kỳ − giảm + tăng."
        )
    )
    return report
