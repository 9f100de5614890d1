"""Excel import of a campaign's review results: one row per household, the survey's
income (or score A), deprivations, cause of poverty, group and note.

The steps (upload, preview, confirm, background work, batch) are the import engine's
(``households.imports.engine``); this module says what a row means. Each row is
checked and classified by the survey's own service functions
(``households.reviews.services.survey_outcome`` and ``survey_set``), so an imported
result is the one the survey form would give for the same values. A household not yet
on the campaign's list gets a review as ``campaign_add_household`` would make it; a
review past the survey step (or recognised by the decision) is not changed. Everything
the rows refer to is loaded once per file; the write is two bulk statements with their
history rows (django-simple-history's bulk helpers).
"""

from __future__ import annotations

import copy
import decimal
import re
from collections import defaultdict
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from households import selectors
from households.imports import engine
from households.imports.engine import ERROR, NEW, UNCHANGED, UPDATE, ImportColumn, RowOutcome
from households.imports.models import ImportBatch
from households.models import Household, HouseholdGroup, Indicator, Member
from households.permissions import can_edit_registry
from households.resources import BATCH, NO, YES, CodeWidget, _chunks, _text
from households.reviews import services as svc
from households.reviews.models import Cause, Decision, Review, ReviewCampaign, ReviewEvent
from tannkhai import xlsx
from tannkhai.bulk_history import create_with_history, update_with_history
from tannkhai.formatting import fold, format_vnd
from tannkhai.inputs import parse_whole_number
from tannkhai.locking import lock_row
from tannkhai.models import Role, User
from tannkhai.permissions import role_of

INDICATOR_CODES = tuple(str(n) for n in range(1, 13))
INCOME_HEADER = "Thu nhập bình quân (đồng/người/tháng)"
COLUMNS = (
    ImportColumn("code", "Mã hộ", required=True),
    ImportColumn(
        "income",
        INCOME_HEADER,
        (
            "Thu nhập bình quân",
            "Thu nhập bình quân đầu người",
            "Thu nhập bình quân (đồng/người/tháng)",
            "Thu nhập",
            "TNBQ",
        ),
    ),
    ImportColumn("score_a", "Điểm A", ("Điểm A (phần B1)", "Tổng điểm A")),
    *(
        ImportColumn(f"cs{code}", f"CS{code}", (f"Chỉ số {code}", f"CS {code}", f"CS{code:0>2}"))
        for code in INDICATOR_CODES
    ),
    ImportColumn("cause", "Nguyên nhân nghèo", ("Nguyên nhân",)),
    ImportColumn("group", "Nhóm hộ", ("Nhóm hộ nghèo", "Nhóm")),
    ImportColumn("notes", "Ghi chú"),
)
HEADER = {c.key: c.header for c in COLUMNS}
NOTES_MAX = 2000
# Fields an imported survey sets on a review (the bulk update's list).
WRITE_FIELDS = [
    "members_count",
    "income_mode",
    "income_input",
    "income_per_person",
    "score_a",
    "deprived_codes",
    "causes",
    "group",
    "notes",
    "result",
    "reason",
    "basis",
    "score_b",
    "previous_result",
    "transition",
    "version",
    "updated_at",
]

MILLIONS = re.compile(r"^(-?\d+(?:[.,]\d+)?)(tr|trieu|m)$")
THOUSANDS = re.compile(r"^(-?\d+(?:[.,]\d+)?)(k|nghin|ngan)$")


def parse_money(value: Any) -> int | None:
    """Whole đồng written any common way: an Excel number, ``1.500.000``, ``1,500,000``,
    ``1 500 000 đ``, ``1500000``, ``1,5 tr`` / ``1.5 triệu``, ``800k`` / ``800 nghìn``."""
    if value is None or value == "":
        return None
    bad = ValueError(_("Hãy ghi số tiền bằng chữ số, ví dụ 1.500.000 hoặc 1500000 (hoặc 1,5tr)."))
    if isinstance(value, bool):
        raise bad
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(_("Số tiền phải là số đồng nguyên (không có phần lẻ)."))
        return int(value)
    text = fold(_text(value)).replace(" ", "")
    if not text:
        return None
    text = re.sub(r"(vnd|dong|d)$", "", text).rstrip(".")
    for pattern, unit in ((MILLIONS, 1_000_000), (THOUSANDS, 1_000)):
        match = pattern.match(text)
        if match:
            try:
                amount = decimal.Decimal(match.group(1).replace(",", ".")) * unit
            except decimal.InvalidOperation as exc:
                raise bad from exc
            if amount != amount.to_integral_value():
                raise ValueError(_("Số tiền phải là số đồng nguyên (không có phần lẻ)."))
            return int(amount)
    try:
        return parse_whole_number(text)
    except ValidationError as exc:
        raise bad from exc


def parse_score(value: Any) -> int | None:
    if value is None or value == "":
        return None
    bad = ValueError(_("Điểm A phải là một số nguyên, ví dụ 135."))
    if isinstance(value, bool):
        raise bad
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not value.is_integer():
            raise bad
        return int(value)
    text = _text(value).replace(" ", "")
    if not re.fullmatch(r"-?\d{1,9}", text):
        raise bad
    return int(text)


def parse_deprived(value: Any) -> bool:
    if value is None or value == "":
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        if value in (0, 1):
            return bool(value)
    else:
        key = fold(_text(value))
        if not key or key in NO:
            return False
        if key in YES:
            return True
    raise ValueError(
        _("Hãy ghi x (hoặc 1, Có) nếu hộ thiếu hụt chỉ số này; để trống (hoặc 0, Không) nếu không.")
    )


def cause_mapping() -> dict[str, str]:
    mapping: dict[str, str] = {}
    for number, (value, label) in enumerate(Cause.choices, start=1):
        mapping[fold(value)] = value
        mapping[fold(str(label))] = value
        mapping[str(number)] = value
    for text, value in {
        "đất": Cause.NO_LAND,
        "thiếu đất": Cause.NO_LAND,
        "vốn": Cause.NO_CAPITAL,
        "thiếu vốn": Cause.NO_CAPITAL,
        "lao động": Cause.NO_LABOUR,
        "thiếu lao động": Cause.NO_LABOUR,
        "phương tiện": Cause.NO_TOOLS,
        "thiếu phương tiện sản xuất": Cause.NO_TOOLS,
        "kiến thức": Cause.NO_KNOWLEDGE,
        "không biết cách làm ăn": Cause.NO_KNOWLEDGE,
        "tay nghề": Cause.NO_SKILLS,
        "ốm đau": Cause.ILLNESS,
        "bệnh": Cause.ILLNESS,
        "tai nạn": Cause.ILLNESS,
        "khác": Cause.OTHER,
    }.items():
        mapping[fold(text)] = value
    return mapping


def parse_causes(value: Any, mapping: dict[str, str]) -> list[str]:
    """One cause, or several separated by ";" (the labels themselves hold commas)."""
    text = _text(value)
    if not text:
        return []
    whole = mapping.get(fold(text))
    if whole is not None:
        return [whole]
    found: list[str] = []
    for part in re.split(r"[;\n+]", text):
        part = part.strip(" .,-")
        if not part:
            continue
        cause = mapping.get(fold(part))
        if cause is None:
            raise ValueError(
                _(
                    "“%(value)s” không có trong danh sách nguyên nhân nghèo. Ghi một nguyên nhân "
                    "trong danh sách, hoặc nhiều nguyên nhân cách nhau bằng dấu chấm phẩy (;)."
                )
                % {"value": part}
            )
        if cause not in found:
            found.append(cause)
    return found


def group_mapping(groups: list[HouseholdGroup]) -> dict[str, HouseholdGroup]:
    mapping: dict[str, HouseholdGroup] = {}
    for group in groups:
        for text in (str(group), group.name, str(group.number), f"Nhóm {group.number}"):
            mapping[fold(text)] = group
    return mapping


def _cause_labels(causes: list[str]) -> str:
    return "; ".join(str(Cause(c).label) for c in causes)


def _codes(codes: list[str]) -> str:
    return ", ".join(codes)


class ReviewImporter(engine.Importer):
    kind = ImportBatch.Kind.REVIEWS
    title = "Kết quả rà soát"
    columns = COLUMNS

    def __init__(self, campaign: ReviewCampaign | None = None) -> None:
        self.campaign = campaign

    def for_target(self, target: str) -> ReviewImporter:
        campaign = None
        if str(target).isdigit():
            campaign = (
                ReviewCampaign.objects.select_related("commune", "standard")
                .filter(pk=int(target))
                .first()
            )
        return ReviewImporter(campaign)

    def allowed(self, user: User) -> bool:
        return can_edit_registry(user)

    def refusal(self) -> str:
        """Why the campaign takes no import now ("" when it does)."""
        campaign = self.campaign
        if campaign is None:
            return _("Không tìm thấy đợt rà soát của lô nhập này.")
        if campaign.status == ReviewCampaign.Status.CLOSED:
            return _("Đợt rà soát đã kết thúc: không nhập kết quả được nữa.")
        if campaign.decisions.filter(status=Decision.Status.APPROVED).exists():
            return _("Đợt rà soát đã có quyết định công nhận được ký: không nhập kết quả được nữa.")
        return ""

    def check(self, user: User) -> None:
        refusal = self.refusal()
        if refusal:
            raise engine.ImportRefused(refusal)

    def template_filename(self) -> str:
        campaign = self.campaign
        suffix = f"-{campaign.year}" if campaign else ""
        if campaign and campaign.month:
            suffix += f"-{campaign.month:02d}"
        return f"mau-nhap-ket-qua-ra-soat{suffix}"

    def indicators(self) -> list[Indicator]:
        if self.campaign is None:
            return []
        return list(self.campaign.standard.indicators.order_by("order"))

    def match_headers(self, headers: list[str]) -> dict[str, int]:
        """The columns, and the campaign's indicators also by their names."""
        positions = super().match_headers(headers)
        names: dict[str, str] = {}
        for indicator in self.indicators():
            for text in (indicator.name, indicator.name_en, f"{indicator.code}. {indicator.name}"):
                if text:
                    names.setdefault(engine.header_key(text), f"cs{indicator.code}")
        for index, header in enumerate(headers):
            key = names.get(engine.header_key(header))
            if key is not None and key not in positions:
                positions[key] = index
        return positions

    def uses_score_a(self) -> bool:
        standard = self.campaign.standard if self.campaign else None
        return bool(
            standard
            and (
                standard.score_a_cutoff_rural is not None
                or standard.score_a_cutoff_urban is not None
            )
        )

    # ------------------------------------------------------------ template

    def template(self, user: User) -> xlsx.XlsxTemplate:
        campaign = self.campaign
        assert campaign is not None
        indicators = self.indicators()
        groups = list(HouseholdGroup.objects.order_by("number"))
        yes_no = ("Có", "Không")
        with_score = self.uses_score_a()
        reviews = list(
            Review.objects.filter(
                campaign=campaign,
                household__in=selectors.households_visible_to(user).values("pk"),
            )
            .select_related("household", "quarter", "group")
            .order_by("quarter__name", "household__code")
        )
        columns = [
            xlsx.TemplateColumn(
                header=HEADER["code"],
                width=12,
                required=True,
                text=True,
                meaning=_("Mã hộ trong xã; mỗi hộ một dòng."),
                format=_("Như trong sổ hộ, ví dụ KP1-001."),
            ),
            xlsx.TemplateColumn(
                header="Chủ hộ",
                width=24,
                meaning=_("Để đối chiếu, không được nhập."),
            ),
            xlsx.TemplateColumn(
                header="Khu phố",
                width=14,
                meaning=_("Để đối chiếu, không được nhập."),
            ),
            xlsx.TemplateColumn(
                header=INCOME_HEADER,
                width=20,
                meaning=_("Thu nhập bình quân đầu người mỗi tháng đo được."),
                format=_("Số đồng, ví dụ 1.500.000, 1500000 hoặc 1,5tr."),
            ),
        ]
        if with_score:
            columns.append(
                xlsx.TemplateColumn(
                    header=HEADER["score_a"],
                    width=10,
                    meaning=_(
                        "Điểm A (phần B1 của phiếu B), khi không có thu nhập đo được; có cả "
                        "hai thì thu nhập quyết định."
                    ),
                    format=_("Từ 0 đến %(max)s.") % {"max": campaign.standard.score_a_max},
                )
            )
        for indicator in indicators:
            unconfirmed = " " + _("(cần xác minh)") if indicator.needs_verification else ""
            columns.append(
                xlsx.TemplateColumn(
                    header=f"CS{indicator.code}",
                    width=7,
                    choices=yes_no,
                    strict=False,
                    meaning=_("Chỉ số %(code)s. %(name)s: hộ thiếu hụt khi %(definition)s")
                    % {
                        "code": indicator.code,
                        "name": indicator.name,
                        "definition": indicator.definition,
                    }
                    + unconfirmed,
                    format=_("x, 1 hoặc Có: thiếu hụt; để trống, 0 hoặc Không: không."),
                )
            )
        columns += [
            xlsx.TemplateColumn(
                header=HEADER["cause"],
                width=30,
                choices=tuple(str(label) for label in _vi_cause_labels()),
                strict=False,
                meaning=_("Nguyên nhân nghèo chính."),
                format=_("Chọn trong danh sách; nhiều nguyên nhân cách nhau bằng dấu ;"),
            ),
            xlsx.TemplateColumn(
                header=HEADER["group"],
                width=30,
                choices=tuple(str(g) for g in groups),
                meaning=_("Nhóm hộ theo kế hoạch (giải pháp hỗ trợ)."),
                format=_("Chọn trong danh sách, hoặc chỉ ghi số nhóm."),
            ),
            xlsx.TemplateColumn(header=HEADER["notes"], width=30, meaning=_("Ghi chú.")),
        ]
        examples = []
        for review in reviews:
            values: list[Any] = [
                review.household.code,
                review.household.head_name,
                review.quarter.name,
                review.income_per_person,
            ]
            if with_score:
                values.append(review.score_a)
            values += ["x" if i.code in review.deprived_codes else None for i in indicators]
            values += [
                "; ".join(_vi_cause_label(c) for c in review.causes) or None,
                str(review.group) if review.group else None,
                review.notes or None,
            ]
            examples.append(values)
        return engine.template_book(
            data_title=_("Kết quả rà soát"),
            rows=max(500, len(examples) + 200),
            examples=examples,
            columns=columns,
            notes=[
                _("%(campaign)s, chuẩn nghèo %(standard)s.")
                % {"campaign": campaign, "standard": campaign.standard},
                _(
                    "Mỗi dòng là kết quả khảo sát của một hộ; tệp mẫu đã ghi sẵn các hộ trong "
                    "danh sách rà soát mà bạn phụ trách. Có thể thêm hộ khác của địa bàn."
                ),
                _(
                    "Cột có dấu * là bắt buộc. Tên cột không phân biệt hoa thường, có dấu "
                    "hay không dấu; thứ tự cột tùy ý; cột khác (như Chủ hộ, Khu phố) bị bỏ qua."
                ),
                _(
                    "Kết quả (nghèo, cận nghèo, không nghèo) được tính như khi nhập phiếu khảo "
                    "sát trên trang; phiếu được lưu ở bước khảo sát (bản nháp)."
                ),
                _("Phiếu đã qua bước khảo sát hoặc đã được công nhận không sửa được bằng tệp."),
                _("Nhập cùng một tệp hai lần không thay đổi gì ở lần thứ hai."),
            ],
        )

    # ------------------------------------------------------------ plan

    def plan(
        self, *, user: User, table: engine.ImportTable, progress: engine.Progress
    ) -> ReviewPlan:
        campaign = self.campaign
        present = set(table.columns)
        outcomes: list[RowOutcome] = []
        plan = ReviewPlan(outcomes)
        if campaign is not None and connection.in_atomic_block:
            # Confirm plans and writes in one transaction: the campaign's state, then
            # its reviews, are read under lock (as campaign_add_household does).
            lock_row(campaign)
        refusal = self.refusal()
        if refusal or campaign is None:
            for number, values, raw in table.rows:
                outcome = RowOutcome(number=number, raw=raw, key=_text(values.get("code")))
                outcome.error("", refusal)
                outcomes.append(outcome)
            progress.step(len(table.rows))
            return plan

        standard = campaign.standard
        known = {i.code for i in self.indicators()}
        causes_map = cause_mapping()
        groups = group_mapping(list(HouseholdGroup.objects.all()))
        code_widget = CodeWidget()
        indicator_keys = sorted(
            (k for k in present if k.startswith("cs")), key=lambda k: (len(k), k)
        )

        # 1. Each row's values.
        rows: list[tuple[RowOutcome, dict[str, Any]]] = []
        by_code: dict[str, list[RowOutcome]] = defaultdict(list)
        for number, values, raw in table.rows:
            outcome = RowOutcome(number=number, raw=raw)
            outcomes.append(outcome)
            parsed: dict[str, Any] = {}
            code = code_widget.clean(values.get("code")) or ""
            outcome.key = code
            if not code:
                outcome.error(HEADER["code"], _("Cột này không được để trống."))
            else:
                by_code[code].append(outcome)
            readers: dict[str, Any] = {
                "income": parse_money,
                "score_a": parse_score,
                "cause": lambda v: parse_causes(v, causes_map),
                "notes": _text,
            }
            for key, reader in readers.items():
                if key in present:
                    try:
                        parsed[key] = reader(values.get(key))
                    except ValueError as exc:
                        outcome.error(HEADER[key], str(exc))
            if "notes" in parsed and len(parsed["notes"]) > NOTES_MAX:
                outcome.error(
                    HEADER["notes"],
                    _("Ghi chú dài quá %(n)s ký tự.") % {"n": f"{NOTES_MAX:,}".replace(",", ".")},
                )
            if "group" in present:
                text = _text(values.get("group"))
                parsed["group"] = groups.get(fold(text)) if text else None
                if text and parsed["group"] is None:
                    outcome.error(
                        HEADER["group"],
                        _("“%(value)s” không có trong danh sách nhóm hộ.") % {"value": text},
                    )
            for key in indicator_keys:
                try:
                    parsed[key] = parse_deprived(values.get(key))
                except ValueError as exc:
                    outcome.error(_indicator_header(key), str(exc))
            rows.append((outcome, parsed))
        for code, same in by_code.items():
            if len(same) > 1:
                numbers = ", ".join(str(o.number) for o in same)
                for outcome in same:
                    outcome.error(
                        HEADER["code"],
                        _("Mã hộ %(code)s xuất hiện nhiều lần trong tệp (dòng %(rows)s).")
                        % {"code": code, "rows": numbers},
                    )

        # 2. What the rows refer to, loaded once.
        communes = [campaign.commune_id]
        if campaign.commune.successor_id:
            communes.append(campaign.commune.successor_id)
        quarters = svc.campaign_quarters(campaign)
        households: dict[str, Household] = {}
        for chunk in _chunks(sorted(by_code)):
            for found in Household.objects.filter(
                code__in=chunk, commune_id__in=communes
            ).select_related("quarter"):
                known_one = households.get(found.code)
                # The same code in the former commune and the new one: the campaign's.
                if known_one is None or found.quarter_id in quarters:
                    households[found.code] = found
        pks = [h.pk for h in households.values()]
        visible: set[int] = set()
        reviews: dict[int, Review] = {}
        history: dict[int, list[str]] = defaultdict(list)
        for chunk in _chunks(pks):
            visible.update(
                selectors.households_visible_to(user)
                .filter(pk__in=chunk)
                .values_list("pk", flat=True)
            )
            queryset = Review.objects.filter(campaign=campaign, household_id__in=chunk)
            if connection.in_atomic_block and connection.features.has_select_for_update:
                queryset = queryset.select_for_update(of=("self",))
            for existing in queryset.select_related("quarter", "group", "standard"):
                reviews[existing.household_id] = existing
            for household_id, earlier in (
                Review.objects.filter(household_id__in=chunk, status=Review.Status.RECOGNISED)
                .exclude(campaign=campaign)
                .order_by("campaign__list_year", "decision__signed_on", "pk")
                .values_list("household_id", "result")
            ):
                history[household_id].append(earlier)
        new_ids = [pk for pk in pks if pk not in reviews]
        members: dict[int, list[Member]] = defaultdict(list)
        for chunk in _chunks(new_ids):
            for member in Member.objects.filter(household_id__in=chunk):
                members[member.household_id].append(member)
        indicators = self.indicators()
        today = timezone.localdate()
        everywhere = user.is_superuser or role_of(user) == Role.ADMIN
        paths = [] if everywhere else list(user.areas.values_list("path", flat=True))

        def in_scope(area: Any) -> bool:
            return everywhere or any(area.path.startswith(p) for p in paths)

        # 3. Each row's outcome.
        for outcome, parsed in rows:
            progress.step()
            if outcome.status == ERROR:
                continue
            household = households.get(outcome.key)
            if household is None:
                outcome.error(
                    HEADER["code"],
                    _("Không có hộ mã %(code)s trong %(commune)s.")
                    % {"code": outcome.key, "commune": campaign.commune.name},
                )
                continue
            outcome.label = household.head_name
            if household.pk not in visible or not in_scope(household.quarter):
                outcome.error(
                    HEADER["code"],
                    _("Hộ %(code)s ở khu phố / ấp ngoài phạm vi của bạn.")
                    % {"code": household.code},
                )
                continue
            review = reviews.get(household.pk)
            new = review is None
            if review is None:
                outcome.identifier = household.quarter.name
                if not household.is_active:
                    outcome.error(
                        HEADER["code"],
                        _("Hộ %(code)s đã ra khỏi danh sách, không thể rà soát.")
                        % {"code": household.code},
                    )
                    continue
                if household.quarter_id not in quarters:
                    outcome.error(
                        HEADER["code"],
                        _("Hộ %(code)s không thuộc địa bàn của đợt rà soát.")
                        % {"code": household.code},
                    )
                    continue
                review = Review(
                    campaign=campaign,
                    household=household,
                    quarter=household.quarter,
                    area_type=household.quarter.settlement_type,
                    standard=standard,
                    members_count=household.member_count,
                    surveyor="",
                )
                review.suggested_codes = svc.suggest_deprivations(
                    indicators=indicators, members=members.get(household.pk, []), on=today
                )
                review.deprived_codes = list(review.suggested_codes)
            else:
                outcome.identifier = review.quarter.name
                review.household = household
                if not in_scope(review.quarter):
                    outcome.error(
                        HEADER["code"],
                        _("Phiếu của hộ %(code)s thuộc khu phố / ấp ngoài phạm vi của bạn.")
                        % {"code": household.code},
                    )
                    continue

            # The survey's values: a column of the file sets them, one it lacks keeps them.
            income_mode, income_input = review.income_mode, review.income_input
            if "income" in parsed and parsed["income"] != review.income_per_person:
                income_mode, income_input = Review.IncomeMode.PER_PERSON, parsed["income"]
            score_a = parsed.get("score_a", review.score_a)
            codes = set(review.deprived_codes)
            for key in indicator_keys:
                code = key[2:]
                if parsed[key]:
                    codes.add(code)
                else:
                    codes.discard(code)
            causes = parsed["cause"] if "cause" in parsed else list(review.causes)
            group = parsed.get("group", review.group)
            notes = parsed.get("notes", review.notes)
            if (
                not new
                and income_input is None
                and score_a is None
                and codes == set(review.deprived_codes)
                and list(causes) == list(review.causes)
                and group == review.group
                and notes == review.notes
            ):
                # A household of the template not surveyed yet, left as it was written:
                # nothing to classify and nothing to write.
                outcome.status = UNCHANGED
                continue
            try:
                result = svc.survey_outcome(
                    review,
                    income_mode=income_mode,
                    income_input=income_input,
                    score_a=score_a,
                    deprived_codes=codes,
                    members_count=review.members_count,
                    causes=causes,
                    group=group,
                    known_codes=known,
                )
            except ValidationError as exc:
                for name, messages in exc.message_dict.items():
                    column = {
                        "income_input": HEADER["income"],
                        "score_a": HEADER["score_a"],
                        "causes": HEADER["cause"],
                        "deprived_codes": _("Chỉ số thiếu hụt"),
                        "members_count": _("Số nhân khẩu"),
                    }.get(name, "")
                    for message in messages:
                        outcome.error(column, message)
                continue
            if not new and _same(review, result, notes):
                outcome.status = UNCHANGED
                continue
            if review.status == Review.Status.RECOGNISED:
                outcome.error(
                    "",
                    _("Phiếu của hộ %(code)s đã được công nhận bằng quyết định, không sửa được.")
                    % {"code": household.code},
                )
                continue
            if review.status != Review.Status.DRAFT:
                outcome.error(
                    "",
                    _(
                        "Phiếu đã qua bước khảo sát; muốn sửa, cán bộ phải trả phiếu về "
                        "khảo sát lại."
                    ),
                )
                continue
            if not household.is_active:
                outcome.error(HEADER["code"], _("Hộ đã ra khỏi danh sách, không thể rà soát."))
                continue
            before = copy.copy(review)
            svc.survey_set(review, result, history=history.get(household.pk, []))
            review.notes = notes
            outcome.changes = _changes(before, review, new=new)
            if new:
                outcome.status = NEW
                plan.new.append(review)
            else:
                outcome.status = UPDATE
                plan.updated.append(review)
        return plan


def _vi_cause_labels() -> list[str]:
    from django.utils import translation

    with translation.override("vi"):
        return [str(label) for label in Cause.labels]


def _vi_cause_label(value: str) -> str:
    from django.utils import translation

    with translation.override("vi"):
        return str(Cause(value).label)


def _indicator_header(key: str) -> str:
    return f"CS{key[2:]}"


def _same(review: Review, outcome: svc.SurveyOutcome, notes: str) -> bool:
    return (
        review.income_per_person == outcome.income_per_person
        and review.score_a == outcome.score_a
        and sorted(review.deprived_codes, key=lambda c: (len(c), c)) == outcome.deprived_codes
        and sorted(set(review.causes)) == outcome.causes
        and review.group_id == (outcome.group.pk if outcome.group else None)
        and review.notes == notes
        and bool(review.result)
    )


def _changes(before: Review, after: Review, *, new: bool) -> list[tuple[str, str, str]]:
    """What the preview shows: the survey's values that change, and the result."""
    shown = [
        (
            HEADER["income"],
            format_vnd(before.income_per_person) if not new else "",
            format_vnd(after.income_per_person),
        ),
        (
            HEADER["score_a"],
            "" if new or before.score_a is None else str(before.score_a),
            "" if after.score_a is None else str(after.score_a),
        ),
        (
            _("Chỉ số thiếu hụt"),
            "" if new else _codes(before.deprived_codes),
            _codes(after.deprived_codes),
        ),
        (
            HEADER["cause"],
            "" if new else _cause_labels(before.causes),
            _cause_labels(after.causes),
        ),
        (
            HEADER["group"],
            "" if new or before.group is None else str(before.group),
            "" if after.group is None else str(after.group),
        ),
        (HEADER["notes"], "" if new else before.notes, after.notes),
        (
            _("Kết quả phân loại"),
            "" if new else before.result_display,
            after.result_display,
        ),
    ]
    return [(column, old, new_value) for column, old, new_value in shown if old != new_value]


class ReviewPlan(engine.Plan):
    def __init__(self, rows: list[RowOutcome]) -> None:
        self.rows = rows
        self.new: list[Review] = []
        self.updated: list[Review] = []

    def write(self, *, user: User, batch: ImportBatch, skip_errors: bool) -> None:
        """New reviews (with the event "added to the list", as campaign_add_household
        leaves it) and updated drafts, each with a history row naming the user and the
        batch. Rows with an error are in neither list."""
        reason = (_("Nhập từ Excel, lô %(batch)s") % {"batch": batch.short_id})[:100]
        now = timezone.now()
        if self.new:
            create_with_history(Review, self.new, user=user, reason=reason, batch_size=BATCH)
            ReviewEvent.objects.bulk_create(
                [
                    ReviewEvent(
                        review=review,
                        user=user,
                        from_status=Review.Status.DRAFT,
                        to_status=Review.Status.DRAFT,
                        note=svc.ADDED_TO_LIST,
                    )
                    for review in self.new
                ],
                batch_size=BATCH,
            )
        for review in self.updated:
            review.version += 1
            review.updated_at = now
        if self.updated:
            update_with_history(
                Review, self.updated, WRITE_FIELDS, user=user, reason=reason, batch_size=BATCH
            )


engine.register(ReviewImporter())
