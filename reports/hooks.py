"""What the plan report takes from the funding and assignments apps.

Each hook returns ``None`` while its app records nothing for the program; the builder
then prints a note saying where the figures will come from — never a figure typed here.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from reports.document import Column, Table
from targets.models import Program


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
