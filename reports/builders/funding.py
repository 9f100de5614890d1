"""The public disclosure of the Fund for the Poor (Quỹ "Vì người nghèo"): one year's
opening balance, donations, spending and closing balance, for posting.

The figures are the Fund's public ledger (``funding.loans.selectors.ledger`` with
``public=True``), the same book the public list page shows: donors by name, households
by the head's name and quarter only (no code, no purpose of a household's spending).
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone
from django.utils.translation import gettext as _

from funding.loans.models import FundSpending, PoorFund
from funding.loans.selectors import ledger
from reports import official
from reports.document import Column, Report, Signature, Table
from tannkhai.formatting import format_date
from tannkhai.models import User


def disclosure_day(year: int, today: dt.date | None = None) -> dt.date:
    """The day the disclosure speaks of: today for the current year, the year's last day
    for a past one (its book is closed)."""
    today = today or timezone.localdate()
    return min(today, dt.date(year, 12, 31))


def _keep_quoted(text: str) -> str:
    """The Fund's name in quotes kept on one line (non-breaking spaces inside “…”)."""
    return re.sub(r"“[^”]*”", lambda m: m.group(0).replace(" ", "\u00a0"), text)


def _to_whom(spending: FundSpending) -> tuple[str, str]:
    """Who or what a spending went to, as the public list names it: a household by its
    head's name and quarter, otherwise the stated purpose."""
    if spending.household_id is not None:
        household = spending.household
        return household.head_name, household.quarter.name  # type: ignore[union-attr]
    return spending.purpose, ""


def fund_disclosure(user: User, fund: PoorFund, year: int) -> Report:
    book = ledger(user=user, fund=fund, year=year, public=True)
    commune = fund.commune
    day = disclosure_day(year)
    report = Report(
        key="cong-khai-quy",
        title=_("Công khai thu, chi Quỹ Vì người nghèo"),
        filename=f"cong-khai-quy-{year}",
    )
    report.parameters = [(_("Xã / phường"), commune.name), (_("Năm"), str(year))]
    report.meta = official.meta(
        commune=commune,
        day=day,
        year=year,
        kind=official.REPORT,
        doc_type=_("BẢNG CÔNG KHAI"),
        summary=_("Thu, chi Quỹ “Vì người nghèo” năm %(y)s") % {"y": year},
        recipients=[
            _("Ban Vận động Quỹ “Vì người nghèo” cấp trên (báo cáo);"),
            _("Niêm yết tại trụ sở Ủy ban nhân dân và nhà văn hóa các khu phố, ấp;"),
            _("Lưu: VT."),
        ],
        sign=Signature(
            on_behalf=_keep_quoted(_("TM. BAN VẬN ĐỘNG QUỸ “VÌ NGƯỜI NGHÈO”")),
            title=_("TRƯỞNG BAN"),
        ),
    )
    # The Fund is the Fatherland Front's: its Ban vận động, set up by the Ủy ban MTTQ of
    # the commune, issues and signs the disclosure, not the people's committee.
    report.meta.superior_body = _("ỦY BAN MTTQ VIỆT NAM %(unit)s") % {
        "unit": official.unit_in_text(commune, day).upper()
    }
    report.meta.issuing_body = _keep_quoted(_("BAN VẬN ĐỘNG QUỸ “VÌ NGƯỜI NGHÈO”"))
    # A posted disclosure carries no document number.
    report.meta.number = ""
    report.add_paragraph(_("Số liệu đến ngày %(d)s.") % {"d": format_date(day)})

    summary = Table(
        columns=[Column(_("Nội dung"), "text", 60), Column(_("Số tiền (đồng)"), "money", 22)],
        sheet_title=_("Tổng hợp"),
    )
    summary.rows = [
        [_("Số dư đầu năm %(y)s") % {"y": year}, book.opening],
        [_("Tổng thu trong năm"), book.total_in],
        [_("Tổng chi trong năm"), book.total_out],
    ]
    summary.totals = [_("Số dư cuối kỳ"), book.closing]
    report.add_table(summary)

    report.add_subheading(_("I. Các khoản ủng hộ"))
    donations = Table(
        columns=[
            Column(_("STT"), "int", 6),
            Column(_("Người, đơn vị ủng hộ"), "text", 40),
            Column(_("Ngày nhận"), "center", 13),
            Column(_("Số biên lai"), "center", 13),
            Column(_("Số tiền (đồng)"), "money", 18),
        ],
        sheet_title=_("Các khoản ủng hộ"),
    )
    for number, entry in enumerate(book.donations, start=1):
        donations.rows.append(
            [
                number,
                entry.record.donor_name,  # type: ignore[union-attr]
                format_date(entry.day),
                entry.record.receipt_number,  # type: ignore[union-attr]
                entry.amount,
            ]
        )
    donations.totals = ["", _("Cộng"), "", "", book.total_in]
    if not donations.rows:
        report.add_paragraph(_("Năm %(y)s không có khoản ủng hộ nào.") % {"y": year})
    report.add_table(donations)

    report.add_subheading(_("II. Các khoản chi"))
    spending = Table(
        columns=[
            Column(_("STT"), "int", 6),
            Column(_("Hộ được hỗ trợ / nội dung chi"), "text", 34),
            Column(_("Khu phố / ấp"), "text", 14),
            Column(_("Ngày chi"), "center", 13),
            Column(_("Số quyết định"), "center", 14),
            Column(_("Số tiền (đồng)"), "money", 18),
        ],
        sheet_title=_("Các khoản chi"),
    )
    for number, entry in enumerate(book.spendings, start=1):
        record: FundSpending = entry.record  # type: ignore[assignment]
        whom, quarter = _to_whom(record)
        spending.rows.append(
            [number, whom, quarter, format_date(entry.day), record.decision_number, entry.amount]
        )
    spending.totals = ["", _("Cộng"), "", "", "", book.total_out]
    if not spending.rows:
        report.add_paragraph(_("Năm %(y)s không có khoản chi nào.") % {"y": year})
    report.add_table(spending)
    return report
