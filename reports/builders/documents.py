"""Documents of the review procedure (Quyết định 24/2021/QĐ-TTg and its annex): the
recognition decision with its lists (Mẫu số 02), the certificates (Mẫu số 03), the
quarter meeting's minutes, the public posting list, and the households' requests as
filled forms (Mẫu số 01, Mẫu số 04)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from households.models import Area, Household, Member, PovertyStatus
from households.reviews.models import (
    POVERTY_EXITS,
    Decision,
    Posting,
    QuarterMeeting,
    ReviewRequest,
    Transition,
)
from households.reviews.selectors import reviews_visible_to
from households.selectors import commune_settings_on, issuing_body_on
from reports import official
from reports.builders.common import household_list_table, list_rows
from reports.document import Column, DocumentMeta, Report, Signature, Table
from tannkhai.formatting import format_date
from tannkhai.models import User
from tannkhai.privacy import policy_for

POOR, NEAR = PovertyStatus.POOR, PovertyStatus.NEAR_POOR

# The decision's annex lists, in the order of Mẫu số 02.
ANNEXES = (
    ("I", Q(result=POOR), "Danh sách hộ nghèo"),
    ("II", Q(result=NEAR), "Danh sách hộ cận nghèo"),
    ("III", Q(transition__in=sorted(POVERTY_EXITS)), "Danh sách hộ thoát nghèo"),
    ("IV", Q(transition=Transition.ESCAPED_NEAR_POVERTY), "Danh sách hộ thoát cận nghèo"),
)


def _annex_title(code: str) -> str:
    return {
        "I": _("Danh sách hộ nghèo"),
        "II": _("Danh sách hộ cận nghèo"),
        "III": _("Danh sách hộ thoát nghèo"),
        "IV": _("Danh sách hộ thoát cận nghèo"),
    }[code]


def _scope_note(user: User, shown: int, total: int) -> str | None:
    if shown == total:
        return None
    return _(
        "Bản in gồm %(shown)s/%(total)s hộ của quyết định: các hộ thuộc khu phố, ấp trong "
        "phạm vi của người in."
    ) % {"shown": shown, "total": total}


# Quyết định 24/2021/QĐ-TTg, the yearly review procedure, was issued on 16/7/2021.
PROCEDURE_ISSUED = dt.date(2021, 7, 16)


def decision(*, user: User, decision: Decision) -> Report:
    campaign = decision.campaign
    commune = campaign.commune
    commune_name = _place_of(commune, decision.signed_on)
    visible = reviews_visible_to(user).filter(decision=decision)
    draft = decision.status != Decision.Status.APPROVED
    report = Report(
        key="quyet-dinh",
        title=_("Quyết định công nhận hộ nghèo, hộ cận nghèo"),
        filename=f"quyet-dinh-{decision.pk}",
    )
    report.parameters = [(_("Đợt rà soát"), str(campaign))]
    report.meta = official.meta(
        commune=commune,
        day=decision.signed_on,
        year=decision.signed_on.year,
        kind=official.DECISION,
        doc_type=_("QUYẾT ĐỊNH"),
        summary=_(
            "Về việc công nhận danh sách hộ nghèo, hộ cận nghèo và danh sách hộ thoát nghèo, "
            "hộ thoát cận nghèo năm %(y)s trên địa bàn %(place)s"
        )
        % {"y": campaign.list_year, "place": commune_name},
        number=decision.number,
        recipients=[
            _("Như Điều 3;"),
            _("UBND cấp trên (báo cáo);"),
            _("CT, các PCT UBND;"),
            _("Lưu: VT."),
        ],
        sign=official.signature_for_title(decision.signer_title, decision.signer_name),
        draft=draft,
    )
    report.meta.doc_type = _("QUYẾT ĐỊNH")
    chair = _("CHỦ TỊCH %(body)s") % {"body": issuing_body_on(commune, decision.signed_on).upper()}
    report.add_center(chair)
    # A document cites only what was issued on or before its date.
    report.add_paragraph(_("Căn cứ Luật Tổ chức chính quyền địa phương;"))
    if decision.signed_on >= PROCEDURE_ISSUED:
        report.add_paragraph(
            _(
                "Căn cứ Quyết định số 24/2021/QĐ-TTg ngày 16 tháng 7 năm 2021 của Thủ tướng "
                "Chính phủ quy định quy trình rà soát hộ nghèo, hộ cận nghèo hằng năm;"
            )
        )
    report.add_paragraph(
        _("Căn cứ %(basis)s;") % {"basis": campaign.standard.legal_basis_on(decision.signed_on)}
    )
    report.add_paragraph(
        _("Xét kết quả %(c)s và đề nghị của công chức Lao động - Thương binh và Xã hội.")
        % {"c": str(campaign).lower()}
    )
    report.add_center(_("QUYẾT ĐỊNH:"))
    all_reviews = decision.reviews.all()
    totals = {
        code: all_reviews.filter(condition).aggregate(n=Count("pk"), p=Sum("members_count"))
        for code, condition, _t in ANNEXES
    }
    lines = [
        _(
            "Điều 1. Công nhận danh sách hộ nghèo, hộ cận nghèo và danh sách hộ thoát nghèo, "
            "hộ thoát cận nghèo năm %(y)s trên địa bàn %(place)s, cụ thể:"
        )
        % {"y": campaign.list_year, "place": commune_name}
    ]
    for code, _condition, _title in ANNEXES:
        lines.append(
            _("- %(title)s: %(n)s hộ, %(p)s nhân khẩu (Phụ lục %(code)s);")
            % {
                "title": _annex_title(code),
                "n": totals[code]["n"],
                "p": totals[code]["p"] or 0,
                "code": code,
            }
        )
    report.add_paragraph(lines[0])
    for line in lines[1:]:
        report.add_paragraph(line)
    report.add_paragraph(
        _(
            "Điều 2. Các hộ có tên tại Điều 1 được hưởng các chính sách hỗ trợ theo quy định. "
            "Quyết định này có hiệu lực kể từ ngày ký."
        )
    )
    report.add_paragraph(
        _(
            "Điều 3. Công chức Văn phòng - Thống kê, công chức Lao động - Thương binh và Xã hội, "
            "Trưởng các khu phố, ấp và các hộ gia đình có tên tại Điều 1 chịu trách nhiệm thi "
            "hành Quyết định này."
        )
    )
    shown_total = 0
    for code, condition, _title in ANNEXES:
        rows = list_rows(visible.filter(condition))
        shown_total += len(rows)
        report.add_annex(
            _("Phụ lục %(code)s\n%(title)s\n(Kèm theo Quyết định số %(number)s ngày %(day)s)")
            % {
                "code": code,
                "title": _annex_title(code).upper(),
                "number": decision.number,
                "day": format_date(decision.signed_on),
            }
        )
        table = household_list_table(rows)
        table.sheet_title = _("Phụ lục %(code)s") % {"code": code}
        table.caption = ""
        report.add_table(table)
    note = _scope_note(user, shown_total, sum(t["n"] for t in totals.values()))
    if note:
        report.notes.append(note)
    if draft:
        report.notes.append(_("Dự thảo: quyết định chưa được ký ban hành."))
    return report


def _place_of(commune: Area, day: Any) -> str:
    """The commune as it stood on ``day`` (the former town before a merger)."""
    found = commune_settings_on(commune, day)
    return found.commune.name if found is not None else commune.name


# -- certificates (Mẫu số 03) ----------------------------------------------------------


def certificates(*, user: User, decision: Decision) -> Report:
    """One page per poor or near-poor household of the decision (the user's in scope)."""
    campaign = decision.campaign
    reviews = list(
        reviews_visible_to(user)
        .filter(decision=decision, result__in=[POOR, NEAR])
        .select_related("household", "household__head", "quarter")
        .order_by("quarter__name", "household__head_sort")
    )
    members: dict[int, list[Member]] = {}
    for member in Member.objects.filter(
        household_id__in=[r.household_id for r in reviews], is_active=True
    ).order_by("household_id", "pk"):
        members.setdefault(member.household_id, []).append(member)
    draft = decision.status != Decision.Status.APPROVED
    parts: list[Report] = []
    for review in reviews:
        household = review.household
        kind = _("HỘ NGHÈO") if review.result == POOR else _("HỘ CẬN NGHÈO")
        part = Report(key="giay-chung-nhan", title=_("Giấy chứng nhận"), page_numbers=False)
        part.meta = official.meta(
            commune=campaign.commune,
            day=decision.signed_on,
            year=decision.signed_on.year,
            kind=official.DECISION,
            doc_type=_("GIẤY CHỨNG NHẬN %(kind)s") % {"kind": kind},
            summary=_("Năm %(y)s") % {"y": campaign.list_year},
            number=review.certificate_number or " ",
            recipients=[],
            sign=official.signature_for_title(decision.signer_title, decision.signer_name),
            draft=draft,
        )
        part.add_paragraph(
            _(
                "Chủ tịch %(body)s chứng nhận: hộ gia đình ông/bà %(head)s, năm sinh %(year)s, "
                "mã hộ %(code)s, cư trú tại %(quarter)s, là %(kind)s năm %(y)s theo Quyết định "
                "số %(number)s ngày %(day)s."
            )
            % {
                "body": official.body_in_text(campaign.commune, decision.signed_on),
                "head": household.head_name,
                "year": household.head_birth_year or "",
                "code": household.code,
                "quarter": review.quarter.name,
                "kind": kind.lower(),
                "y": campaign.list_year,
                "number": decision.number,
                "day": format_date(decision.signed_on),
            }
        )
        table = Table(
            columns=[
                Column(_("STT"), "int", 6),
                Column(_("Họ và tên"), "text", 34),
                Column(_("Quan hệ với chủ hộ"), "text", 18),
                Column(_("Năm sinh"), "center", 10),
            ],
            caption=_("Các thành viên của hộ"),
            sheet_title=household.code,
        )
        for number, member in enumerate(members.get(household.pk, []), start=1):
            table.rows.append(
                [
                    number,
                    member.full_name,
                    member.get_relation_to_head_display(),
                    str(member.birth_year or ""),
                ]
            )
        part.add_table(table)
        parts.append(part)
    report = Report(
        key="giay-chung-nhan",
        title=_("Giấy chứng nhận hộ nghèo, hộ cận nghèo"),
        filename=f"giay-chung-nhan-{decision.pk}",
        page_numbers=False,
    )
    if parts:
        first = parts[0]
        report.meta, report.blocks = first.meta, first.blocks
        report.parts = parts[1:]
    else:
        report.add_paragraph(_("Quyết định không có hộ nghèo, hộ cận nghèo trong phạm vi của bạn."))
    return report


# -- the quarter meeting's minutes ---------------------------------------------------------


def minutes(*, user: User, meeting: QuarterMeeting) -> Report:
    campaign, quarter = meeting.campaign, meeting.quarter
    commune = campaign.commune
    report = Report(
        key="bien-ban",
        title=_("Biên bản họp dân"),
        filename=f"bien-ban-hop-dan-{meeting.pk}",
    )
    report.parameters = [(_("Đợt rà soát"), str(campaign)), (_("Khu phố / ấp"), quarter.name)]
    found = commune_settings_on(commune, meeting.held_on)
    place = found.place_name if found is not None else commune.name
    report.meta = DocumentMeta(
        issuing_body=quarter.name.upper(),
        superior_body=issuing_body_on(commune, meeting.held_on).upper(),
        place=official.date_line(place, meeting.held_on),
        date=meeting.held_on,
        year=meeting.held_on.year,
        number="",
        doc_type=_("BIÊN BẢN"),
        summary=_("Họp dân thống nhất kết quả rà soát hộ nghèo, hộ cận nghèo"),
        signatures=[
            Signature(_("THƯ KÝ"), "", meeting.secretary),
            Signature(_("ĐẠI DIỆN BAN CÔNG TÁC MẶT TRẬN"), "", meeting.fatherland_front_rep),
            Signature(_("CHỦ TRÌ"), _("TRƯỞNG KHU PHỐ, ẤP"), meeting.chair),
        ],
    )
    share = round(meeting.votes_for * 100 / meeting.attendees) if meeting.attendees else 0
    report.add_paragraph(
        _(
            "Hôm nay, ngày %(day)s, tại %(quarter)s, cuộc họp dân thống nhất kết quả %(c)s "
            "được tổ chức với thành phần:"
        )
        % {"day": format_date(meeting.held_on), "quarter": quarter.name, "c": str(campaign).lower()}
        + "\n"
        + _("- Chủ trì: %(n)s;") % {"n": meeting.chair}
        + "\n"
        + _("- Thư ký: %(n)s;") % {"n": meeting.secretary or "…"}
        + "\n"
        + _("- Đại diện Ban công tác Mặt trận: %(n)s;") % {"n": meeting.fatherland_front_rep or "…"}
        + "\n"
        + _("- Số người dự họp: %(n)s.") % {"n": meeting.attendees}
    )
    if meeting.minutes:
        report.add_paragraph(meeting.minutes)
    report.add_paragraph(
        _(
            "Kết quả biểu quyết: %(yes)s/%(n)s người dự họp đồng ý (%(share)s%%); "
            "cuộc họp %(outcome)s."
        )
        % {
            "yes": meeting.votes_for,
            "n": meeting.attendees,
            "share": share,
            "outcome": _("đạt (từ 50% trở lên đồng ý)")
            if meeting.passed
            else _("không đạt, phải rà soát lại"),
        }
    )
    rows = list_rows(reviews_visible_to(user).filter(meeting=meeting))
    table = household_list_table(rows, caption=_("Danh sách hộ được thống nhất"))
    report.add_table(table)
    report.add_paragraph(_("Biên bản kết thúc cùng ngày, đã đọc lại cho mọi người cùng nghe."))
    return report


# -- the public posting list ------------------------------------------------------------------


# "trụ sở UBND xã" as the posting's places are typed by default, whatever the unit.
_COMMITTEE_SEAT = re.compile(r"\bUBND(?: (?:xã|phường|thị trấn))?(?=\s*(?:,|;|$))", re.IGNORECASE)


def posting_places(places: str, *, unit: str) -> str:
    """Where the list is posted, the committee named by the unit as it stood on the
    posting's day ("trụ sở UBND thị trấn Tân Khai" for the former town)."""
    text = places.strip().rstrip(";.") or _("Nhà văn hóa khu phố, trụ sở UBND")
    return _COMMITTEE_SEAT.sub(lambda _m: _("UBND %(unit)s") % {"unit": unit}, text) + ";"


def posting_list(*, user: User, posting: Posting) -> Report:
    campaign, quarter = posting.campaign, posting.quarter
    report = Report(
        key="niem-yet",
        title=_("Danh sách niêm yết công khai"),
        filename=f"niem-yet-{posting.pk}",
        landscape=True,
    )
    report.parameters = [(_("Đợt rà soát"), str(campaign)), (_("Khu phố / ấp"), quarter.name)]
    report.meta = official.meta(
        commune=campaign.commune,
        day=posting.start_date,
        year=posting.start_date.year,
        kind=official.REPORT,
        doc_type=_("THÔNG BÁO"),
        summary=_(
            "Niêm yết công khai kết quả rà soát hộ nghèo, hộ cận nghèo tại %(q)s từ ngày "
            "%(a)s đến hết ngày %(b)s"
        )
        % {
            "q": quarter.name,
            "a": format_date(posting.start_date),
            "b": format_date(posting.end_date),
        },
        number="",
        recipients=[
            posting_places(
                posting.places, unit=official.unit_in_text(campaign.commune, posting.start_date)
            ),
            _("Lưu: VT."),
        ],
        sign=official.signature(campaign.commune, posting.start_date),
    )
    report.meta.number = ""
    reviews = reviews_visible_to(user).filter(posting=posting)
    for code, condition, _title in ANNEXES:
        rows = list_rows(reviews.filter(condition))
        if rows:
            report.add_subheading(f"{code}. {_annex_title(code)}")
            report.add_table(household_list_table(rows, caption=""))
            report.blocks[-1].table.sheet_title = _annex_title(code)  # type: ignore[union-attr]
    if not report.tables:
        report.add_paragraph(_("Không có hộ nào trong danh sách niêm yết."))
    report.add_paragraph(
        _(
            "Mọi ý kiến, khiếu nại về danh sách xin gửi Trưởng khu phố, ấp hoặc Ủy ban nhân dân "
            "trong thời gian niêm yết (%(days)s ngày làm việc)."
        )
        % {"days": posting.working_days}
    )
    return report


# -- requests (Mẫu số 01, Mẫu số 04) ---------------------------------------------------------


def home_address(household: Household) -> str:
    """The address with the quarter named once: the quarter is added only when the
    address as typed does not already end with it ("Tổ 5, Khu phố 1")."""
    address = (household.address or "").strip().rstrip(",").strip()
    quarter = household.quarter.name
    if not address:
        return quarter
    if quarter.casefold() in [part.strip().casefold() for part in address.split(",")]:
        return address
    return f"{address}, {quarter}"


def request_form(*, user: User, request: ReviewRequest) -> Report:
    household: Household = request.household
    commune = household.commune
    escape = request.kind == ReviewRequest.Kind.ESCAPE
    found = commune_settings_on(commune, request.submitted_on)
    place = found.place_name if found is not None else commune.name
    report = Report(
        key="giay-de-nghi",
        title=_("Giấy đề nghị"),
        filename=f"giay-de-nghi-{request.pk}",
    )
    report.meta = DocumentMeta(
        issuing_body="",
        superior_body="",
        place=official.date_line(place, request.submitted_on),
        date=request.submitted_on,
        year=request.submitted_on.year,
        number="",
        doc_type=_("GIẤY ĐỀ NGHỊ CÔNG NHẬN HỘ THOÁT NGHÈO, HỘ THOÁT CẬN NGHÈO")
        if escape
        else _("GIẤY ĐỀ NGHỊ RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO"),
        summary="",
        national_title_only=True,
        form_label=_("Mẫu số 04") if escape else _("Mẫu số 01"),
        recipients=[],
        signatures=[Signature(_("NGƯỜI ĐỀ NGHỊ"), _("(Ký, ghi rõ họ tên)"), household.head_name)],
    )
    head = household.head
    policy = policy_for(user)
    lines = [
        _("Kính gửi: Chủ tịch %(body)s")
        % {"body": official.body_in_text(commune, request.submitted_on)},
        _("Họ và tên: %(name)s; Giới tính: %(sex)s")
        % {
            "name": household.head_name,
            "sex": head.get_sex_display() if head is not None else "",
        },
        _("Năm sinh: %(year)s; Dân tộc: %(eth)s")
        % {
            "year": household.head_birth_year or "",
            "eth": household.ethnicity.name if household.ethnicity_id else "",  # type: ignore[union-attr]
        },
        _("Số CCCD: %(id)s")
        % {"id": policy.identifier(head.citizen_id) if head is not None else ""},
        _("Nơi ở hiện tại: %(address)s") % {"address": home_address(household)},
    ]
    report.add_paragraph("\n".join(lines))
    table = Table(
        columns=[
            Column(_("TT"), "int", 5),
            Column(_("Họ và tên"), "text", 28),
            Column(_("Giới tính"), "center", 9),
            Column(_("Năm sinh"), "center", 9),
            Column(_("Quan hệ với chủ hộ"), "text", 15),
            Column(_("Tình trạng"), "text", 18),
        ],
        caption=_("Thông tin các thành viên của hộ"),
        sheet_title=_("Thành viên"),
    )
    for number, member in enumerate(
        household.members.filter(is_active=True).order_by("pk"), start=1
    ):
        status = (
            _("Đang đi học")
            if member.in_school
            else (member.get_employment_status_display() if member.employment_status else "")
        )
        table.rows.append(
            [
                number,
                member.full_name,
                member.get_sex_display(),
                str(member.birth_year or ""),
                member.get_relation_to_head_display(),
                str(status),
            ]
        )
    report.add_table(table)
    reason = request.reason or "…"
    if escape:
        report.add_paragraph(
            _(
                "Hộ gia đình tự nhận thấy đã có thu nhập, điều kiện sống vượt chuẩn; đề nghị "
                "Ủy ban nhân dân xem xét, công nhận hộ thoát nghèo, thoát cận nghèo. Lý do: %(r)s"
            )
            % {"r": reason}
        )
    else:
        report.add_paragraph(
            _("Lý do đề nghị: %(r)s") % {"r": reason}
            + "\n"
            + _("Đề nghị Ủy ban nhân dân xem xét, rà soát hộ nghèo, hộ cận nghèo cho gia đình tôi.")
        )
    return report
