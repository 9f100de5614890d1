"""What the program reports take from the funding and assignments apps.

The plan's hooks return ``None`` while their app records nothing for the program; the
builder then prints a note saying where the figures will come from — never a figure
typed here. The progress report's hooks return a ``Section``: its lines and its table,
or only a line saying there is nothing to show.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from reports.document import Column, Table
from tannkhai.formatting import format_date, format_number, format_vnd
from tannkhai.models import User
from targets.models import Program

if TYPE_CHECKING:
    from households.models import Area


def plan_funding(program: Program) -> Table | None:
    """Section III of the plan: the funding needed per line and period, from the program's
    funding lines — the whole need as the plan states it, the state's support and the
    counterpart as planned by source, and a subtotal per period."""
    from funding.models import FundingLine

    lines = list(
        FundingLine.objects.filter(program=program)
        .select_related("category")
        .prefetch_related("plan_parts__source")
        .order_by("start_year", "end_year", "order", "pk")
    )
    if not lines:
        return None
    table = Table(
        columns=[
            Column(_("STT"), "center", 5),
            Column(_("Nội dung hỗ trợ"), "text", 28),
            Column(_("Số lượng"), "text", 9),
            Column(_("Tổng nhu cầu (đ)"), "money", 17),
            Column(_("Nhà nước hỗ trợ (đ)"), "money", 17),
            Column(_("Đối ứng, nguồn khác (đ)"), "money", 17),
            Column(_("Ghi chú"), "text", 26),
        ],
        caption=_("Nhu cầu kinh phí theo dòng kinh phí của chương trình"),
        sheet_title=_("Nguồn lực"),
    )
    grand = [0, 0, 0]
    period_key: tuple[int, int] | None = None
    sums = [0, 0, 0]
    # A subtotal splits by source only when every line it adds up does: a partial sum
    # next to the whole need would read as the state's share of it.
    split_known = {"period": True, "all": True}

    def close_period() -> None:
        if period_key is not None:
            table.rows.append(
                [
                    "",
                    _("Cộng giai đoạn %(p)s") % {"p": f"{period_key[0]}–{period_key[1]}"},
                    "",
                    sums[0],
                    *(sums[1:] if split_known["period"] else ["", ""]),
                    "",
                ]
            )

    for number, line in enumerate(lines, start=1):
        key = (line.start_year, line.end_year)
        if key != period_key:
            close_period()
            period_key, sums = key, [0, 0, 0]
            split_known["period"] = True
            table.rows.append(["", _("Giai đoạn %(p)s") % {"p": line.period}, "", "", "", "", ""])
        parts = list(line.plan_parts.all())
        state = sum(p.amount for p in parts if p.source.is_state)
        other = sum(p.amount for p in parts if not p.source.is_state)
        # A line the plan does not split by source shows no split (not a made-up zero).
        split: list[Any] = [state, other] if parts else ["", ""]
        if not parts:
            split_known["period"] = split_known["all"] = False
        quantity = f"{line.planned_units} {line.unit}".strip() if line.planned_units else ""
        note = line.notes
        if line.cap_per_unit and not note:
            cap = f"{line.cap_per_unit:,}".replace(",", ".")
            note = _("Hỗ trợ tối đa %(cap)s đ/đơn vị") % {"cap": cap}
        elif not parts:
            note = note or _("Kế hoạch chưa chia theo nguồn")
        row: list[Any] = [number, line.name, quantity, line.planned_amount, *split, note]
        table.rows.append(row)
        for i, value in enumerate((line.planned_amount, state, other)):
            sums[i] += value
            grand[i] += value
    close_period()
    table.totals = [
        "",
        _("Tổng cộng"),
        "",
        grand[0],
        *(grand[1:] if split_known["all"] else ["", ""]),
        "",
    ]
    return table


def plan_responsibilities(program: Program) -> Table | None:
    """Section V of the plan: who does what, from the responsibility matrix."""
    from assignments.models import Duty, ResponsibleUnit

    units = list(
        ResponsibleUnit.objects.filter(program=program)
        .prefetch_related(
            Prefetch(
                "duties",
                queryset=Duty.objects.select_related("lead")
                .prefetch_related("coordinators")
                .order_by("order", "pk"),
            )
        )
        .order_by("order", "pk")
    )
    if not units:
        return None
    table = Table(
        columns=[
            Column(_("STT"), "center", 5),
            Column(_("Đơn vị, chức danh"), "text", 28),
            Column(_("Nhiệm vụ"), "text", 60),
            Column(_("Chủ trì"), "text", 20),
            Column(_("Phối hợp"), "text", 28),
        ],
        caption=_("Phân công nhiệm vụ"),
        sheet_title=_("Phân công"),
    )
    for number, unit in enumerate(units, start=1):
        for i, duty in enumerate(unit.duties.all()):
            table.rows.append(
                [
                    number if i == 0 else "",
                    unit.name if i == 0 else "",
                    duty.text,
                    str(duty.lead) if duty.lead_id else "",
                    ", ".join(str(c) for c in duty.coordinators.all()),
                ]
            )
    return table


# -- the yearly progress report ------------------------------------------------------------


@dataclass
class Section:
    """A section's lines, then its table (None: the lines say there is nothing to show)."""

    lines: list[str] = field(default_factory=list)
    table: Table | None = None


def progress_funding(user: User, program: Program, year: int) -> Section:
    """The funding lines of the period ``year`` falls in, each with its planned, allocated,
    disbursed and remaining amounts — the figures of the funding lines page for ``user``
    (``funding.selectors.program_funding``), a subtotal per period and a total."""
    from funding.selectors import program_funding, totals

    funding = program_funding(user, program)
    if not funding.rows:
        return Section([_("Chương trình chưa có dòng kinh phí.")])
    periods = [
        (period, rows, sums)
        for period, rows, sums in funding.periods
        if rows[0].line.start_year <= year <= rows[0].line.end_year
    ]
    if not periods:
        return Section(
            [
                _("Năm %(y)s không thuộc giai đoạn của dòng kinh phí nào (các giai đoạn: %(p)s).")
                % {"y": year, "p": ", ".join(period for period, _r, _s in funding.periods)}
            ]
        )
    table = Table(
        columns=[
            Column(_("STT"), "center", 5),
            Column(_("Nội dung hỗ trợ"), "text", 34),
            Column(_("Số lượng"), "text", 11),
            Column(_("Kế hoạch (đ)"), "money", 15),
            Column(_("Đã phân bổ (đ)"), "money", 15),
            Column(_("Đã chi (đ)"), "money", 15),
            Column(_("Còn lại (đ)"), "money", 15),
        ],
        sheet_title=_("Kinh phí"),
    )
    number = 0
    shown = []
    for period, rows, sums in periods:
        if len(periods) > 1:
            table.rows.append(["", _("Giai đoạn %(p)s") % {"p": period}, "", "", "", "", ""])
        for fig in rows:
            number += 1
            line = fig.line
            quantity = (
                f"{format_number(line.planned_units)} {line.unit}".strip()
                if line.planned_units
                else ""
            )
            table.rows.append(
                [
                    number,
                    line.name,
                    quantity,
                    fig.planned,
                    fig.allocated,
                    fig.disbursed,
                    fig.remaining,
                ]
            )
            shown.append(fig)
        if len(periods) > 1:
            table.rows.append(
                [
                    "",
                    _("Cộng giai đoạn %(p)s") % {"p": period},
                    "",
                    sums.planned,
                    sums.allocated,
                    sums.disbursed,
                    sums.remaining,
                ]
            )
    grand = totals(shown)
    table.totals = [
        "",
        _("Tổng cộng"),
        "",
        grand.planned,
        grand.allocated,
        grand.disbursed,
        grand.remaining,
    ]
    lines = [
        _(
            "Năm %(y)s thuộc giai đoạn %(p)s: kế hoạch %(planned)s, đã phân bổ %(allocated)s, "
            "đã chi %(disbursed)s (lũy kế cả giai đoạn đến thời điểm lập báo cáo; còn lại là "
            "phần kế hoạch chưa phân bổ)."
        )
        % {
            "y": year,
            "p": ", ".join(period for period, _r, _s in periods),
            "planned": format_vnd(grand.planned),
            "allocated": format_vnd(grand.allocated),
            "disbursed": format_vnd(grand.disbursed),
        }
    ]
    if funding.partial:
        lines.append(
            _(
                "Kế hoạch và phần còn lại là của cả xã; số đã phân bổ, đã chi chỉ tính các hộ "
                "thuộc khu phố, ấp được phân công."
            )
        )
    return Section(lines, table)


def progress_coverage(user: User, day: dt.date, *, quarter: Area | None = None) -> Section:
    """Poor and near-poor households on ``day`` with and without a helper, per quarter and
    in total: the coverage of the dashboard's panel and of the coverage page for ``user``
    (``assignments.selectors.coverage``; ``quarter``: the reader's, as on the dashboard)."""
    from assignments.selectors import coverage

    shown = coverage(user, day, quarter=quarter)
    if not shown.quarters:
        return Section(
            [
                _("Ngày %(d)s không có hộ nghèo, hộ cận nghèo nào (theo quyết định công nhận).")
                % {"d": format_date(day)}
            ]
        )
    table = Table(
        columns=[
            Column(_("STT"), "int", 5),
            Column(_("Khu phố / ấp"), "text", 24),
            Column(_("Hộ nghèo, cận nghèo"), "int", 14),
            Column(_("Có người giúp đỡ"), "int", 14),
            Column(_("Chưa có người giúp"), "int", 14),
            Column(_("Tỷ lệ có người giúp (%)"), "percent", 14),
        ],
        sheet_title=_("Giúp đỡ"),
    )
    for number, q in enumerate(shown.quarters, start=1):
        table.rows.append([number, q.name, q.total, q.covered, q.uncovered, q.percent])
    table.totals = [
        "",
        _("Tổng cộng"),
        shown.total,
        shown.covered,
        shown.uncovered,
        shown.percent,
    ]
    line = _(
        "Tại ngày %(d)s: %(total)s hộ nghèo, cận nghèo; %(covered)s hộ có người, tổ chức giúp "
        "đỡ; %(uncovered)s hộ chưa có."
    ) % {
        "d": format_date(day),
        "total": format_number(shown.total),
        "covered": format_number(shown.covered),
        "uncovered": format_number(shown.uncovered),
    }
    if shown.party_members_without_poor is not None:
        line += " " + _("%(n)s đảng viên chưa giúp đỡ hộ nghèo nào.") % {
            "n": format_number(shown.party_members_without_poor)
        }
    return Section([line], table)


def progress_responsibilities(program: Program, year: int) -> Section:
    """Each unit's duties of the responsibility matrix with their state in ``year``
    (``assignments.selectors.matrix_units`` and ``duty_statuses``)."""
    from assignments.models import DutyStatus
    from assignments.selectors import duty_statuses, matrix_units

    units = matrix_units(program)
    if not any(unit.duties.all() for unit in units):
        return Section([_("Chương trình chưa có phân công nhiệm vụ.")])
    statuses = duty_statuses(program, year)
    if not statuses:
        return Section(
            [_("Chưa có đơn vị nào cập nhật tình hình thực hiện nhiệm vụ năm %(y)s.") % {"y": year}]
        )
    table = Table(
        columns=[
            Column(_("STT"), "center", 5),
            Column(_("Đơn vị, chức danh"), "text", 20),
            Column(_("Nhiệm vụ"), "text", 64),
            Column(_("Tình trạng"), "text", 13),
            Column(_("Kết quả, khó khăn vướng mắc"), "text", 34),
        ],
        sheet_title=_("Nhiệm vụ"),
    )
    states: dict[str, int] = dict.fromkeys(DutyStatus.State.values, 0)
    not_updated = 0
    for number, unit in enumerate(units, start=1):
        for i, duty in enumerate(unit.duties.all()):
            status = statuses.get(duty.pk)
            if status is None:
                not_updated += 1
                state, note = _("Chưa cập nhật"), ""
            else:
                states[status.state] += 1
                state = status.get_state_display()
                parts = [status.progress_note.strip()]
                if status.problems.strip():
                    parts.append(_("Vướng mắc: %(p)s") % {"p": status.problems.strip()})
                note = " ".join(p for p in parts if p)
            table.rows.append(
                [number if i == 0 else "", unit.name if i == 0 else "", duty.text, state, note]
            )
    counts = [f"{label} {states[value]}" for value, label in DutyStatus.State.choices]
    counts.append(_("Chưa cập nhật %(n)s") % {"n": not_updated})
    line = _("Năm %(y)s, %(n)s nhiệm vụ: %(counts)s.") % {
        "y": year,
        "n": len(table.rows),
        "counts": "; ".join(counts),
    }
    return Section([line], table)
