"""Reports of a review campaign: results by quarter, deprivations per indicator,
breakdowns by group, ethnicity and cause, and the household lists (DOMAIN §4)."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from households.models import Indicator as PovertyIndicator
from households.models import PovertyStatus
from households.reviews.models import AverageLivingRecognition, Cause, Review, ReviewCampaign
from households.reviews.services import campaign_quarters
from households.selectors import commune_continuing
from reports import official
from reports.builders.common import (
    filter_list_kind,
    household_list_table,
    list_kind_filename,
    list_kind_label,
    list_rows,
)
from reports.document import Column, HeaderCell, Report, Table, percent
from reports.selectors import Params, campaign_reviews, resident_households

POOR, NEAR = PovertyStatus.POOR, PovertyStatus.NEAR_POOR


def _campaign(params: Params) -> ReviewCampaign:
    assert params.campaign is not None
    return params.campaign


def with_results(params: Params) -> Any:
    """The campaign's reviews past the survey (a draft has no result yet)."""
    return (
        campaign_reviews(user=params.user, campaign=_campaign(params), quarter=params.quarter)
        .exclude(status=Review.Status.DRAFT)
        .exclude(result="")
    )


def _frame(report: Report, params: Params, summary: str) -> None:
    campaign = _campaign(params)
    day = params.day or timezone.localdate()
    # A former unit's campaign reported after the merger is its successor's document.
    commune = commune_continuing(campaign.commune, day)
    report.meta = official.meta(
        commune=commune,
        day=day,
        year=day.year,
        kind=official.REPORT,
        doc_type=_("BÁO CÁO"),
        summary=summary,
        sign=official.signature(commune, day, who=params.signer),
    )
    report.parameters = [(_("Đợt rà soát"), str(campaign))]
    if params.quarter is not None:
        report.parameters.append((_("Khu phố / ấp"), params.quarter.name))
        report.notes.append(_("Số liệu của %(q)s.") % {"q": params.quarter.name})


def _quarter_names(params: Params, keys: set[int]) -> list[tuple[int, str]]:
    from households.models import Area

    return list(Area.objects.filter(pk__in=keys).order_by("name").values_list("pk", "name"))


# -- (c) review results by quarter --------------------------------------------------


def review_results(params: Params) -> Report:
    campaign = _campaign(params)
    report = Report(
        key="ket-qua-ra-soat",
        title=_("Tổng hợp kết quả rà soát hộ nghèo, hộ cận nghèo"),
        filename="ket-qua-ra-soat",
        landscape=True,
    )
    _frame(report, params, _("Kết quả rà soát hộ nghèo, hộ cận nghèo %(c)s") % {"c": campaign})
    residents = resident_households(
        user=params.user,
        quarters=campaign_quarters(campaign),
        year=campaign.year,
        quarter=params.quarter,
    )
    resident_rows = {
        r["quarter_id"]: r
        for r in residents.values("quarter_id").annotate(
            hh=Count("pk"), persons=Sum("member_count")
        )
    }
    result_rows: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in (
        with_results(params)
        .filter(result__in=[POOR, NEAR])
        .values("quarter_id", "result")
        .annotate(hh=Count("pk"), persons=Sum("members_count"))
    ):
        result_rows[r["quarter_id"]][f"{r['result']}_hh"] += r["hh"]
        result_rows[r["quarter_id"]][f"{r['result']}_persons"] += r["persons"] or 0
    average = AverageLivingRecognition.objects.filter(
        household__in=residents.values("pk"),
        status=AverageLivingRecognition.Status.RECOGNISED,
        decision_date__year=campaign.list_year,
    )
    for r in average.values("household__quarter_id").annotate(
        hh=Count("pk"), persons=Sum("members_count")
    ):
        result_rows[r["household__quarter_id"]]["average_hh"] += r["hh"]
        result_rows[r["household__quarter_id"]]["average_persons"] += r["persons"] or 0
    groups: tuple[tuple[str, str], ...] = (
        ("poor", _("Hộ nghèo")),
        ("near_poor", _("Hộ cận nghèo")),
        ("average", _("Hộ làm NLNDN có mức sống trung bình")),
    )
    columns = [
        Column(_("STT"), "int", 5),
        Column(_("Khu phố / ấp"), "text", 14),
        Column(_("Tổng số hộ"), "int", 9),
        Column(_("Tổng số nhân khẩu"), "int", 10),
    ]
    header = [
        [
            HeaderCell(_("STT"), rowspan=2),
            HeaderCell(_("Khu phố / ấp"), rowspan=2),
            HeaderCell(_("Tổng số hộ"), rowspan=2),
            HeaderCell(_("Tổng số nhân khẩu"), rowspan=2),
        ],
        [],
    ]
    for _key, label in groups:
        header[0].append(HeaderCell(label, colspan=4))
        header[1] += [
            HeaderCell(_("Số hộ")),
            HeaderCell(_("Tỷ lệ %")),
            HeaderCell(_("Số nhân khẩu")),
            HeaderCell(_("Tỷ lệ %")),
        ]
        columns += [
            Column(f"{label} – " + _("Số hộ"), "int", 8),
            Column(f"{label} – " + _("Tỷ lệ %"), "percent", 7),
            Column(f"{label} – " + _("Số nhân khẩu"), "int", 9),
            Column(f"{label} – " + _("Tỷ lệ %"), "percent", 7),
        ]
    table = Table(columns=columns, header=header, sheet_title=_("Kết quả rà soát"))
    totals: Counter[str] = Counter()
    quarters = set(resident_rows) | set(result_rows)
    for number, (qid, name) in enumerate(_quarter_names(params, quarters), start=1):
        hh = resident_rows.get(qid, {}).get("hh", 0)
        persons = resident_rows.get(qid, {}).get("persons") or 0
        counts = result_rows.get(qid, {})
        row: list[Any] = [number, name, hh, persons]
        totals["hh"] += hh
        totals["persons"] += persons
        for key, _label in groups:
            g_hh, g_p = counts.get(f"{key}_hh", 0), counts.get(f"{key}_persons", 0)
            row += [g_hh, percent(g_hh, hh), g_p, percent(g_p, persons)]
            totals[f"{key}_hh"] += g_hh
            totals[f"{key}_persons"] += g_p
        table.rows.append(row)
    total_row: list[Any] = ["", _("Tổng cộng"), totals["hh"], totals["persons"]]
    for key, _label in groups:
        total_row += [
            totals[f"{key}_hh"],
            percent(totals[f"{key}_hh"], totals["hh"]),
            totals[f"{key}_persons"],
            percent(totals[f"{key}_persons"], totals["persons"]),
        ]
    table.totals = total_row
    report.add_table(table)
    report.notes.append(
        _(
            "Kết quả theo các phiếu đã khảo sát của đợt; hộ được công nhận khi quyết định "
            "được ký ban hành. Tổng số hộ, nhân khẩu: hộ đang cư trú cuối năm %(y)s."
        )
        % {"y": campaign.year}
    )
    return report


# -- (e) deprivations per indicator -------------------------------------------------


def deprivations(params: Params) -> Report:
    campaign = _campaign(params)
    report = Report(
        key="thieu-hut",
        title=_("Tổng hợp thiếu hụt các dịch vụ xã hội cơ bản"),
        filename="thieu-hut-dich-vu",
        landscape=True,
    )
    _frame(
        report,
        params,
        _("Thiếu hụt các chỉ số của hộ nghèo, hộ cận nghèo %(c)s") % {"c": campaign},
    )
    indicators = list(
        PovertyIndicator.objects.filter(standard=campaign.standard)
        .order_by("order", "code")
        .values_list("code", "name")
    )
    per_quarter: dict[int, Counter[str]] = defaultdict(Counter)
    households: Counter[int] = Counter()
    for qid, codes in (
        with_results(params)
        .filter(result__in=[POOR, NEAR])
        .values_list("quarter_id", "deprived_codes")
    ):
        households[qid] += 1
        per_quarter[qid].update(str(c) for c in codes or [])
    header = [
        [
            HeaderCell(_("STT"), rowspan=2),
            HeaderCell(_("Khu phố / ấp"), rowspan=2),
            HeaderCell(_("Số hộ nghèo, cận nghèo"), rowspan=2),
            HeaderCell(_("Số hộ thiếu hụt theo chỉ số"), colspan=len(indicators)),
        ],
        [HeaderCell(code) for code, _name in indicators],
    ]
    base = [
        Column(_("STT"), "int", 5),
        Column(_("Khu phố / ấp"), "text", 14),
        Column(_("Số hộ nghèo, cận nghèo"), "int", 10),
    ]
    counts = Table(
        columns=base + [Column(code, "int", 5) for code, _n in indicators],
        header=header,
        caption=_("1. Số hộ thiếu hụt"),
        sheet_title=_("Số hộ"),
    )
    rates = Table(
        columns=base + [Column(code, "percent", 6) for code, _n in indicators],
        header=header,
        caption=_("2. Tỷ lệ hộ thiếu hụt (%)"),
        sheet_title=_("Tỷ lệ"),
    )
    total: Counter[str] = Counter()
    for number, (qid, name) in enumerate(_quarter_names(params, set(households)), start=1):
        n = households[qid]
        counts.rows.append([number, name, n, *[per_quarter[qid][c] for c, _n in indicators]])
        rates.rows.append(
            [number, name, n, *[percent(per_quarter[qid][c], n) for c, _n in indicators]]
        )
        total.update(per_quarter[qid])
    all_households = sum(households.values())
    counts.totals = ["", _("Tổng cộng"), all_households, *[total[c] for c, _n in indicators]]
    rates.totals = [
        "",
        _("Tổng cộng"),
        all_households,
        *[percent(total[c], all_households) for c, _n in indicators],
    ]
    report.add_table(counts)
    report.add_table(rates)
    report.notes.append(
        _("Chỉ số: ")
        + "; ".join(f"{code}. {name}" for code, name in indicators)
        + " ("
        + campaign.standard.name
        + ")."
    )
    return report


# -- (f) breakdowns by group, ethnicity and cause -----------------------------------


def breakdowns(params: Params) -> Report:
    campaign = _campaign(params)
    report = Report(
        key="phan-loai",
        title=_("Phân loại hộ nghèo, hộ cận nghèo theo nhóm đối tượng, dân tộc và nguyên nhân"),
        filename="phan-loai-ho-ngheo",
        landscape=True,
    )
    _frame(report, params, _("Phân loại hộ nghèo, hộ cận nghèo %(c)s") % {"c": campaign})
    residents = resident_households(
        user=params.user,
        quarters=campaign_quarters(campaign),
        year=campaign.year,
        quarter=params.quarter,
    )
    resident_rows = {
        r["quarter_id"]: r
        for r in residents.values("quarter_id").annotate(
            hh=Count("pk"), dtts=Count("pk", filter=Q(is_ethnic_minority=True))
        )
    }
    reviews = with_results(params).filter(result__in=[POOR, NEAR])
    rows = list(
        reviews.values(
            "quarter_id",
            "result",
            "causes",
            "group__number",
            "group__name",
            "household__ethnicity__name",
            "household__is_ethnic_minority",
            "household__no_labour_capacity",
            "household__person_of_merit",
        )
    )
    by_quarter: dict[int, Counter[str]] = defaultdict(Counter)
    for r in rows:
        c = by_quarter[r["quarter_id"]]
        key = str(r["result"])
        c[f"{key}:total"] += 1
        flags = (
            r["household__is_ethnic_minority"],
            r["household__no_labour_capacity"],
            r["household__person_of_merit"],
        )
        for name, flag in zip(("dtts", "kcknld", "cscc"), flags, strict=True):
            if flag:
                c[f"{key}:{name}"] += 1
        if not any(flags):
            c[f"{key}:other"] += 1
    parts = ("total", "dtts", "kcknld", "cscc", "other")
    part_labels = (_("Tổng số"), _("DTTS"), _("KCKNLĐ"), _("CSCC"), _("Khác"))
    header = [
        [
            HeaderCell(_("STT"), rowspan=2),
            HeaderCell(_("Khu phố / ấp"), rowspan=2),
            HeaderCell(_("Hộ dân cư"), rowspan=2),
            HeaderCell(_("Hộ DTTS"), rowspan=2),
            HeaderCell(_("Hộ nghèo"), colspan=5),
            HeaderCell(_("Hộ cận nghèo"), colspan=5),
        ],
        [HeaderCell(label) for label in part_labels] * 2,
    ]
    columns = [
        Column(_("STT"), "int", 5),
        Column(_("Khu phố / ấp"), "text", 14),
        Column(_("Hộ dân cư"), "int", 8),
        Column(_("Hộ DTTS"), "int", 7),
    ]
    for group_label in (_("Hộ nghèo"), _("Hộ cận nghèo")):
        columns += [Column(f"{group_label} – {p}", "int", 7) for p in part_labels]
    groups = Table(columns=columns, header=header, caption=_("1. Theo nhóm đối tượng"))
    groups.sheet_title = _("Nhóm đối tượng")
    total: Counter[str] = Counter()
    quarters = set(resident_rows) | set(by_quarter)
    for number, (qid, name) in enumerate(_quarter_names(params, quarters), start=1):
        res = resident_rows.get(qid, {})
        c = by_quarter.get(qid, Counter())
        values = [c[f"{k}:{p}"] for k in (POOR, NEAR) for p in parts]
        groups.rows.append([number, name, res.get("hh", 0), res.get("dtts", 0), *values])
        total["hh"] += res.get("hh", 0)
        total["dtts"] += res.get("dtts", 0)
        total.update(c)
    groups.totals = [
        "",
        _("Tổng cộng"),
        total["hh"],
        total["dtts"],
        *[total[f"{k}:{p}"] for k in (POOR, NEAR) for p in parts],
    ]
    report.add_table(groups)

    def two_way(caption: str, sheet: str, first: str, items: Counter[tuple[str, str]]) -> Table:
        table = Table(
            columns=[
                Column(_("STT"), "int", 5),
                Column(first, "text", 40),
                Column(_("Hộ nghèo"), "int", 10),
                Column(_("Hộ cận nghèo"), "int", 10),
            ],
            caption=caption,
            sheet_title=sheet,
        )
        names = sorted({name for name, _r in items})
        for number, name in enumerate(names, start=1):
            table.rows.append([number, name, items[(name, POOR)], items[(name, NEAR)]])
        table.totals = [
            "",
            _("Tổng cộng"),
            sum(v for (n, r), v in items.items() if r == POOR),
            sum(v for (n, r), v in items.items() if r == NEAR),
        ]
        return table

    ethnicity: Counter[tuple[str, str]] = Counter()
    causes: Counter[tuple[str, str]] = Counter()
    plan_groups: Counter[tuple[str, str]] = Counter()
    for r in rows:
        result = str(r["result"])
        ethnicity[(r["household__ethnicity__name"] or _("Chưa ghi"), result)] += 1
        for cause in r["causes"] or []:
            label = str(Cause(cause).label) if cause in Cause.values else str(cause)
            causes[(label, result)] += 1
        if r["group__number"]:
            plan_groups[(f"{r['group__number']}. {r['group__name']}", result)] += 1
        else:
            plan_groups[(_("Chưa phân nhóm"), result)] += 1
    report.add_table(two_way(_("2. Theo dân tộc"), _("Dân tộc"), _("Dân tộc"), ethnicity))
    cause_table = two_way(
        _("3. Theo nguyên nhân nghèo"), _("Nguyên nhân"), _("Nguyên nhân"), causes
    )
    cause_table.totals = None  # a household may have several causes: no total
    report.add_table(cause_table)
    report.add_table(
        two_way(_("4. Theo nhóm hộ của kế hoạch"), _("Nhóm hộ"), _("Nhóm hộ"), plan_groups)
    )
    report.notes.append(
        _(
            "Một hộ có thể thuộc nhiều nhóm (DTTS, KCKNLĐ, CSCC) và có nhiều nguyên nhân "
            "nghèo; cột Khác: hộ không thuộc nhóm nào."
        )
    )
    return report


# -- (g) household lists ---------------------------------------------------------------


def household_list(params: Params) -> Report:
    campaign = _campaign(params)
    label = list_kind_label(params.list_kind)
    report = Report(
        key="danh-sach-ho",
        title=label,
        filename=list_kind_filename(params.list_kind),
        landscape=True,
    )
    _frame(report, params, f"{label} – {campaign}")
    report.parameters.append((_("Danh sách"), label))
    rows = list_rows(household_list_reviews(params))
    report.add_table(household_list_table(rows, caption=label))
    return report


def household_list_reviews(params: Params) -> QuerySet[Review]:
    """The reviews a household list prints: its campaign's, in the user's scope and the
    chosen quarter, of the chosen list."""
    return filter_list_kind(with_results(params), params.list_kind)


def household_list_count(params: Params) -> int:
    """How many rows the list will have (a long one is made in the background)."""
    return household_list_reviews(params).count()
