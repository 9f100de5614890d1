"""One household's file (hồ sơ hộ gia đình): the household, its members, its reviews over
the years, the support it received and who helps it.

Everything is read the way the household page reads it — the same selectors, the same
privacy policy (``tannkhai.privacy.policy_for``): citizen IDs masked for everyone but
officers and administrators; ethnicity, flags, classification and reviews only for
readers who see member details — so the file and the page cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from assignments.selectors import household_assignments, household_support_log
from funding.selectors import support_for_household
from households.models import Household, Member
from households.reviews.models import Review, SupportNeed
from reports import official
from reports.document import Column, Report, Signature, Table
from tannkhai.formatting import format_date
from tannkhai.models import User
from tannkhai.privacy import Policy, policy_for

# The support log is long for a household helped for years: the file lists the latest.
SUPPORT_LOG_LIMIT = 30

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


class _Sections:
    """Headings numbered in the order they appear (a section without content is left out)."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.count = 0

    def add(self, title: str) -> None:
        self.report.add_heading(f"{ROMAN[self.count]}. {title}")
        self.count += 1


def _yes(value: bool) -> str:
    return _("Có") if value else _("Không")


def _birth(member: Member) -> str:
    if member.date_of_birth:
        return format_date(member.date_of_birth)
    return str(member.birth_year or "")


def _insurance(member: Member, today: dt.date) -> str:
    if not member.has_health_insurance:
        return _("Không")
    expiry = member.health_insurance_expiry
    if expiry is not None and expiry < today:
        return _("Có, hết hạn %(d)s") % {"d": format_date(expiry)}
    return _("Có")


def _groups(household: Household) -> str:
    groups = [
        label
        for flag, label in (
            (household.is_ethnic_minority, _("Hộ dân tộc thiểu số (DTTS)")),
            (household.no_labour_capacity, _("Không có khả năng lao động (KCKNLĐ)")),
            (household.person_of_merit, _("Có người có công (CSCC)")),
            (household.social_protection, _("Hưởng bảo trợ xã hội")),
        )
        if flag
    ]
    return "; ".join(groups) or "—"


def _facts(household: Household, policy: Policy) -> Table:
    table = Table(
        columns=[Column(_("Mục"), "text", 30), Column(_("Thông tin"), "text", 70)],
        sheet_title=_("Thông tin hộ"),
    )
    quarter = household.quarter
    parent = quarter.parent.name if quarter.parent_id else ""  # type: ignore[union-attr]
    head_year = household.head_birth_year
    rows: list[list[Any]] = [
        [_("Mã hộ"), household.code],
        [
            _("Chủ hộ"),
            household.head_name + (_(", sinh năm %(y)s") % {"y": head_year} if head_year else ""),
        ],
        [_("Địa chỉ"), household.address or "—"],
        [_("Khu phố / ấp"), ", ".join(p for p in (quarter.name, parent) if p)],
        [_("Điện thoại"), household.phone or "—"],
        [_("Số nhân khẩu"), household.member_count],
    ]
    if policy.member_details:
        rows += [
            [
                _("Dân tộc"),
                household.ethnicity.name if household.ethnicity_id else "—",  # type: ignore[union-attr]
            ],
            [_("Thuộc nhóm"), _groups(household)],
            [
                _("Sinh kế"),
                household.get_livelihood_display() if household.livelihood else "—",
            ],
            [_("Tình trạng hiện tại"), household.get_poverty_status_display()],
        ]
    if not household.is_active:
        rows.append(
            [
                _("Ra khỏi danh sách"),
                _("Ngày %(d)s: %(r)s")
                % {
                    "d": format_date(household.retired_on),
                    "r": household.get_retired_reason_display(),
                },
            ]
        )
    if policy.member_details and household.notes:
        rows.append([_("Ghi chú"), household.notes])
    table.rows = rows
    return table


def _members(members: list[Member], policy: Policy) -> Table:
    columns = [
        Column(_("STT"), "int", 5),
        Column(_("Họ và tên"), "text", 26),
        Column(_("Quan hệ với chủ hộ"), "text", 14),
        Column(_("Giới tính"), "center", 8),
        Column(_("Ngày sinh / năm sinh"), "center", 12),
    ]
    if policy.member_details:
        columns += [Column(_("Số CCCD"), "center", 17), Column(_("Dân tộc"), "text", 11)]
    table = Table(columns=columns, sheet_title=_("Thành viên"))
    for number, member in enumerate(members, start=1):
        row: list[Any] = [
            number,
            member.full_name,
            member.get_relation_to_head_display(),
            member.get_sex_display(),
            _birth(member),
        ]
        if policy.member_details:
            row += [
                policy.identifier(member.citizen_id) or "—",
                member.ethnicity.name if member.ethnicity_id else "",  # type: ignore[union-attr]
            ]
        table.rows.append(row)
    return table


def _members_situation(members: list[Member], today: dt.date) -> Table:
    table = Table(
        columns=[
            Column(_("STT"), "int", 5),
            Column(_("Họ và tên"), "text", 24),
            Column(_("BHYT"), "text", 11),
            Column(_("Trình độ học vấn"), "text", 16),
            Column(_("Chuyên môn kỹ thuật"), "text", 14),
            Column(_("Việc làm"), "text", 20),
            Column(_("Khuyết tật"), "text", 11),
        ],
        caption=_("Bảo hiểm y tế, học vấn, việc làm của các thành viên"),
        sheet_title=_("Thành viên (tiếp)"),
    )
    for number, member in enumerate(members, start=1):
        schooling = member.get_schooling_level_display()
        if member.in_school:
            schooling = _("%(level)s, đang đi học") % {"level": schooling}
        table.rows.append(
            [
                number,
                member.full_name,
                _insurance(member, today),
                schooling,
                member.get_vocational_qualification_display(),
                member.get_employment_status_display() if member.employment_status else "—",
                member.get_disability_display(),
            ]
        )
    return table


def _former(members: list[Member]) -> Table:
    table = Table(
        columns=[
            Column(_("STT"), "int", 5),
            Column(_("Họ và tên"), "text", 30),
            Column(_("Năm sinh"), "center", 10),
            Column(_("Lý do"), "text", 24),
            Column(_("Ngày ra khỏi hộ"), "center", 14),
        ],
        caption=_("Thành viên đã ra khỏi hộ"),
        sheet_title=_("Đã ra khỏi hộ"),
    )
    for number, member in enumerate(members, start=1):
        table.rows.append(
            [
                number,
                member.full_name,
                str(member.birth_year or ""),
                member.get_left_reason_display() if member.left_reason else "",
                format_date(member.left_on),
            ]
        )
    return table


def _reviews(household: Household) -> Table:
    table = Table(
        columns=[
            Column(_("STT"), "int", 5),
            Column(_("Đợt rà soát"), "text", 24),
            Column(_("Thu nhập BQ (đ/người/tháng)"), "money", 15),
            Column(_("Điểm A"), "int", 7),
            Column(_("Điểm B"), "int", 7),
            Column(_("Kết quả"), "text", 15),
            Column(_("Biến động"), "text", 14),
            Column(_("Quyết định, giấy chứng nhận"), "text", 20),
        ],
        sheet_title=_("Kết quả rà soát"),
    )
    reviews = household.reviews.select_related("campaign", "decision").order_by(
        "campaign__year", "campaign__month", "pk"
    )
    for number, review in enumerate(reviews, start=1):
        recognised = review.status == Review.Status.RECOGNISED and review.decision_id
        if recognised:
            decision = review.decision
            outcome = _("Quyết định số %(n)s ngày %(d)s") % {
                "n": decision.number,  # type: ignore[union-attr]
                "d": format_date(decision.signed_on),  # type: ignore[union-attr]
            }
            if review.certificate_number:
                outcome += "; " + _("GCN số %(n)s") % {"n": review.certificate_number}
        else:
            outcome = review.get_status_display()
        table.rows.append(
            [
                number,
                str(review.campaign),
                review.income_per_person,
                review.score_a,
                review.score_b if review.result else None,
                review.result_display or _("Chưa phân loại"),
                review.get_transition_display() if review.transition else "",
                outcome,
            ]
        )
    return table


def _escape_registrations(household: Household) -> Table | None:
    registrations = list(
        household.escape_registrations.prefetch_related("needs__need_type").order_by("year")
    )
    if not registrations:
        return None
    table = Table(
        columns=[
            Column(_("STT"), "int", 5),
            Column(_("Năm thoát nghèo"), "center", 10),
            Column(_("Ngày đăng ký"), "center", 12),
            Column(_("Nhu cầu hỗ trợ"), "text", 30),
            Column(_("Số lượng"), "int", 8),
            Column(_("Kinh phí dự kiến (đ)"), "money", 15),
            Column(_("Tình trạng"), "text", 14),
        ],
        sheet_title=_("Đăng ký thoát nghèo"),
    )
    number = 0
    for registration in registrations:
        needs: list[SupportNeed | None] = [*registration.needs.all()] or [None]
        for need in needs:
            number += 1
            table.rows.append(
                [
                    number,
                    str(registration.year),
                    format_date(registration.registered_on),
                    str(need.need_type) if need else "—",
                    need.quantity if need else None,
                    need.estimated_cost if need else None,
                    need.get_status_display() if need else "",
                ]
            )
    return table


def _support(report: Report, user: User, household: Household) -> None:
    support = support_for_household(user, household)
    if support.is_empty:
        report.add_paragraph(_("Chưa ghi nhận khoản hỗ trợ nào cho hộ này."))
        return
    for group in support.groups:
        if not group.items:
            continue
        with_paid = group.paid_total is not None
        columns = [
            Column(_("STT"), "int", 5),
            Column(_("Nội dung"), "text", 44),
            Column(_("Ngày"), "center", 12),
            Column(group.amount_label, "money", 15),
        ]
        if with_paid:
            columns.append(Column(group.paid_label, "money", 15))
        columns.append(Column(_("Tình trạng"), "text", 14))
        table = Table(columns=columns, caption=group.title, sheet_title=group.title[:31])
        for number, item in enumerate(group.items, start=1):
            text = f"{item.title} — {item.detail}" if item.detail else item.title
            row: list[Any] = [number, text, format_date(item.date), item.amount]
            if with_paid:
                row.append(item.paid)
            row.append(item.status)
            table.rows.append(row)
        table.totals = ["", _("Cộng"), "", group.total, *([group.paid_total] if with_paid else [])]
        table.totals.append("")
        report.add_table(table)
    summary = Table(
        columns=[
            Column(_("STT"), "int", 5),
            Column(_("Nguồn hỗ trợ"), "text", 60),
            Column(_("Số tiền (đ)"), "money", 20),
        ],
        caption=_("Tổng hợp hỗ trợ đã nhận"),
        sheet_title=_("Tổng hỗ trợ"),
    )
    counted = [g for g in support.groups if g.items and g.in_total]
    for number, group in enumerate(counted, start=1):
        summary.rows.append([number, group.title, group.total])
    summary.totals = ["", _("Tổng hỗ trợ"), support.total]
    report.add_table(summary)
    if support.has_loans:
        report.add_paragraph(_("Vốn vay phải hoàn trả nên không cộng vào tổng hỗ trợ."))


def _assignments(user: User, household: Household) -> Table:
    table = Table(
        columns=[
            Column(_("STT"), "int", 5),
            Column(_("Người, tổ chức giúp đỡ"), "text", 40),
            Column(_("Từ ngày"), "center", 12),
            Column(_("Đến ngày"), "center", 12),
            Column(_("Phấn đấu thoát nghèo năm"), "center", 12),
            Column(_("Số lần ghi nhận"), "int", 10),
        ],
        sheet_title=_("Phân công giúp đỡ"),
    )
    for number, assignment in enumerate(household_assignments(user, household), start=1):
        name = assignment.helper_name
        if assignment.person_id and assignment.person.title:  # type: ignore[union-attr]
            name += f", {assignment.person.title}"  # type: ignore[union-attr]
        table.rows.append(
            [
                number,
                name,
                format_date(assignment.started_on),
                format_date(assignment.ended_on) if assignment.ended_on else _("nay"),
                str(assignment.aim_year or ""),
                assignment.logs,  # type: ignore[attr-defined]
            ]
        )
    return table


def _support_log(user: User, household: Household) -> tuple[Table, bool]:
    logs = household_support_log(user, household, limit=SUPPORT_LOG_LIMIT + 1)
    more = len(logs) > SUPPORT_LOG_LIMIT
    table = Table(
        columns=[
            Column(_("STT"), "int", 5),
            Column(_("Ngày"), "center", 12),
            Column(_("Hình thức"), "text", 18),
            Column(_("Nội dung"), "text", 33),
            Column(_("Giá trị (đ)"), "money", 13),
            Column(_("Người giúp đỡ"), "text", 20),
        ],
        sheet_title=_("Nhật ký giúp đỡ"),
    )
    for number, log in enumerate(logs[:SUPPORT_LOG_LIMIT], start=1):
        table.rows.append(
            [
                number,
                format_date(log.happened_on),
                log.get_kind_display(),
                log.notes,
                log.value or None,
                log.assignment.helper_name,
            ]
        )
    return table, more


def household_file(user: User, household: Household) -> Report:
    """The file of ``household`` as ``user`` may read it (the household is theirs: the
    view reads it through ``households.selectors.household_get``)."""
    policy = policy_for(user)
    today = timezone.localdate()
    report = Report(
        key="ho-so-ho",
        title=_("Hồ sơ hộ gia đình"),
        filename=f"ho-so-ho-{household.code}",
    )
    report.parameters = [(_("Mã hộ"), household.code), (_("Chủ hộ"), household.head_name)]
    report.meta = official.meta(
        commune=household.commune,
        day=today,
        year=today.year,
        kind=official.REPORT,
        doc_type=_("HỒ SƠ HỘ GIA ĐÌNH"),
        summary=_("Hộ %(head)s, mã hộ %(code)s")
        % {"head": household.head_name, "code": household.code},
        recipients=[],
        sign=Signature(_("NGƯỜI LẬP"), _("(Ký, ghi rõ họ tên)"), user.display_name),
    )
    report.meta.number = ""
    sections = _Sections(report)

    sections.add(_("Thông tin hộ"))
    report.add_table(_facts(household, policy))

    members = list(household.members.select_related("ethnicity").order_by("-is_active", "pk"))
    current = [m for m in members if m.is_active]
    former = [m for m in members if not m.is_active]
    sections.add(_("Thành viên (%(n)s người)") % {"n": len(current)})
    report.add_table(_members(current, policy))
    if policy.member_details and current:
        report.add_table(_members_situation(current, today))
    if former:
        report.add_table(_former(former))

    if policy.member_details:
        sections.add(_("Kết quả rà soát hộ nghèo, cận nghèo qua các năm"))
        reviews = _reviews(household)
        if reviews.rows:
            report.add_table(reviews)
        else:
            report.add_paragraph(_("Hộ chưa có phiếu rà soát nào."))
        escape = _escape_registrations(household)
        if escape is not None:
            sections.add(_("Đăng ký thoát nghèo và nhu cầu hỗ trợ"))
            report.add_table(escape)

    sections.add(_("Hỗ trợ đã nhận"))
    _support(report, user, household)

    sections.add(_("Phân công giúp đỡ"))
    assignments = _assignments(user, household)
    if assignments.rows:
        report.add_table(assignments)
    else:
        report.add_paragraph(_("Chưa có cán bộ, đảng viên nào được phân công giúp đỡ hộ này."))
    log, more = _support_log(user, household)
    if log.rows:
        log.caption = (
            _("Nhật ký giúp đỡ (%(n)s lần gần nhất)") % {"n": SUPPORT_LOG_LIMIT}
            if more
            else _("Nhật ký giúp đỡ")
        )
        report.add_table(log)

    report.notes.append(
        _(
            "Hồ sơ lập ngày %(d)s từ sổ theo dõi hộ gia đình. Tài liệu có dữ liệu cá nhân: "
            "chỉ dùng cho công tác giảm nghèo, không sao chép, cung cấp cho người khác."
        )
        % {"d": format_date(today)}
    )
    return report
