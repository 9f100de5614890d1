"""Pieces several reports share: the household list of the official format (DOMAIN §4)
and the frame of a report of the commune."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from households.models import Member, PovertyStatus
from households.reviews.models import Review
from reports.document import Column, HeaderCell, Table
from tannkhai.models import Role, User
from targets.models import Program
from targets.selectors import Scope, reader_quarters

LIST_FIELDS = (
    "household__head_name",
    "household__head_birth_year",
    "household__head__sex",
    "household__ethnicity__name",
    "household__code",
    "quarter__name",
    "transition",
    "result",
    "household__is_ethnic_minority",
    "household__no_labour_capacity",
    "household__person_of_merit",
    "members_count",
    "certificate_number",
)


def list_rows(reviews: QuerySet[Review]) -> list[dict[str, Any]]:
    """The rows of a household list, one query, in the order of the lists (quarter,
    then the head's name)."""
    return list(
        reviews.order_by("quarter__name", "household__head_sort", "household__code").values(
            *LIST_FIELDS
        )
    )


def household_list_table(rows: Iterable[dict[str, Any]], *, caption: str = "") -> Table:
    """No., head's name, birth year (male / female), ethnicity, quarter, status (newly
    poor / re-poor / continuing …), DTTS, KCKNLĐ, CSCC, members."""
    from households.reviews.models import Transition

    columns = [
        Column(_("STT"), "int", 5),
        Column(_("Họ và tên chủ hộ"), "text", 21),
        Column(_("Nam"), "center", 6),
        Column(_("Nữ"), "center", 6),
        Column(_("Dân tộc"), "text", 8),
        Column(_("Khu phố / ấp"), "text", 11),
        Column(_("Tình trạng"), "text", 14),
        Column(_("DTTS"), "center", 7),
        Column(_("KCKNLĐ"), "center", 10),
        Column(_("CSCC"), "center", 7),
        Column(_("Số nhân khẩu"), "int", 7),
    ]
    header = [
        [
            HeaderCell(_("STT"), rowspan=2),
            HeaderCell(_("Họ và tên chủ hộ"), rowspan=2),
            HeaderCell(_("Năm sinh"), colspan=2),
            HeaderCell(_("Dân tộc"), rowspan=2),
            HeaderCell(_("Khu phố / ấp"), rowspan=2),
            HeaderCell(_("Tình trạng"), rowspan=2),
            HeaderCell(_("Thuộc nhóm"), colspan=3),
            HeaderCell(_("Số nhân khẩu"), rowspan=2),
        ],
        [
            HeaderCell(_("Nam")),
            HeaderCell(_("Nữ")),
            HeaderCell(_("DTTS")),
            HeaderCell(_("KCKNLĐ")),
            HeaderCell(_("CSCC")),
        ],
    ]
    table = Table(columns=columns, header=header, caption=caption)
    total_members = 0
    for number, row in enumerate(rows, start=1):
        year = str(row["household__head_birth_year"] or "")
        male = row["household__head__sex"] == Member.Sex.MALE
        status = Transition(row["transition"]).label if row["transition"] else ""
        table.rows.append(
            [
                number,
                row["household__head_name"],
                year if male else "",
                "" if male else year,
                row["household__ethnicity__name"] or "",
                row["quarter__name"],
                str(status),
                "x" if row["household__is_ethnic_minority"] else "",
                "x" if row["household__no_labour_capacity"] else "",
                "x" if row["household__person_of_merit"] else "",
                row["members_count"],
            ]
        )
        total_members += row["members_count"] or 0
    table.totals = [
        "",
        _("Cộng: %(n)s hộ") % {"n": len(table.rows)},
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        total_members,
    ]
    return table


LIST_KINDS = ("poor", "near_poor", "escaped", "newly_poor")


def list_kind_label(kind: str) -> str:
    return {
        "poor": _("Danh sách hộ nghèo"),
        "near_poor": _("Danh sách hộ cận nghèo"),
        "escaped": _("Danh sách hộ thoát nghèo"),
        "newly_poor": _("Danh sách hộ nghèo phát sinh mới, tái nghèo"),
    }[kind]


def list_kind_filename(kind: str) -> str:
    """The file name of a list, in Vietnamese like its title (not the internal key)."""
    return {
        "poor": "danh-sach-ho-ngheo",
        "near_poor": "danh-sach-ho-can-ngheo",
        "escaped": "danh-sach-ho-thoat-ngheo",
        "newly_poor": "danh-sach-ho-ngheo-moi",
    }[kind]


def filter_list_kind(reviews: QuerySet[Review], kind: str) -> QuerySet[Review]:
    """One definition per list: result poor / near-poor, the exits from poverty
    (``POVERTY_EXITS``), and the households new to or back on the poor list."""
    from households.reviews.models import POVERTY_EXITS, Transition

    if kind == "poor":
        return reviews.filter(result=PovertyStatus.POOR)
    if kind == "near_poor":
        return reviews.filter(result=PovertyStatus.NEAR_POOR)
    if kind == "escaped":
        return reviews.filter(transition__in=sorted(POVERTY_EXITS))
    return reviews.filter(transition__in=[Transition.NEWLY_POOR, Transition.RE_POOR])


def area_label(user: User, program: Program, scope: Scope) -> str:
    """Whose figures a program's report shows (``targets.selectors.reader_scope``): the
    program's area, or the quarter head's quarter(s)."""
    if scope.quarter is not None:
        return str(scope.quarter.name)
    if user.role == Role.QUARTER_HEAD and not user.is_superuser:
        return ", ".join(q.name for q in reader_quarters(user, program))
    return str(program.covered_area.name)
