"""Poverty classification: a pure function over a standard's data.

``classify`` knows nothing of the database. It takes the standard (any object with
the attributes of ``households.models.PovertyStandard``), the area type copied onto
the review, and the review's measurements, and returns the result with a reason in
Vietnamese that says which measurement decided it.

Rules (Nghị định 07/2021/NĐ-CP, kept in 351/2025/NĐ-CP), boundaries inclusive:

- poor: income ≤ line and deprivations ≥ the standard's minimum (3);
- near-poor: income ≤ line and fewer deprivations;
- average living standard: line < income ≤ the standard's upper limit (when set);
- otherwise not poor.

Income may be measured (đồng per person per month) or estimated by the score-A
sheet (score ≤ cut-off ⇔ income ≤ line). When both are given the measured income
decides and the reason says so.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, Literal

from django.utils.translation import gettext as _

from tannkhai.formatting import format_vnd

Result = Literal["poor", "near_poor", "average", "not_poor"]
AreaType = Literal["rural", "urban"]

MAX_INCOME_PER_PERSON = 1_000_000_000


class ClassificationInputError(ValueError):
    """The measurements cannot be classified (nothing given, out of range…)."""


@dataclass(frozen=True)
class Classification:
    result: Result
    reason: str
    basis: Literal["income", "score_a"]
    income_line: int
    deprivation_count: int
    score_b: int

    @property
    def is_poor_or_near_poor(self) -> bool:
        return self.result in ("poor", "near_poor")


def _by_area(standard: Any, name: str, area_type: AreaType) -> Any:
    return getattr(standard, f"{name}_{area_type}")


def income_per_person(
    *,
    per_person_monthly: int | None = None,
    household_monthly: int | None = None,
    household_yearly: int | None = None,
    members: int | None = None,
) -> int | None:
    """Income per person per month in whole đồng, rounded down.

    Exactly one of the three forms is expected; household totals need ``members``.
    """
    given = [v for v in (per_person_monthly, household_monthly, household_yearly) if v is not None]
    if not given:
        return None
    if len(given) > 1:
        raise ClassificationInputError(_("Chỉ nhập thu nhập theo một cách."))
    if per_person_monthly is not None:
        value = per_person_monthly
    else:
        if not members or members < 1:
            raise ClassificationInputError(
                _("Cần số nhân khẩu để tính thu nhập bình quân đầu người.")
            )
        if household_monthly is not None:
            value = household_monthly // members
        else:
            assert household_yearly is not None
            value = household_yearly // (12 * members)
    if value < 0:
        raise ClassificationInputError(_("Thu nhập không được âm."))
    if value > MAX_INCOME_PER_PERSON:
        raise ClassificationInputError(
            _("Thu nhập bình quân vượt %(max)s mỗi người mỗi tháng: hãy kiểm tra lại.")
            % {"max": format_vnd(MAX_INCOME_PER_PERSON)}
        )
    return value


def classify(
    *,
    standard: Any,
    area_type: AreaType,
    income_per_person: int | None = None,
    score_a: int | None = None,
    deprived: Collection[str] = (),
) -> Classification:
    if area_type not in ("rural", "urban"):
        raise ClassificationInputError(_("Khu vực phải là nông thôn hoặc thành thị."))
    line = int(_by_area(standard, "income_line", area_type))
    upper = _by_area(standard, "average_upper", area_type)
    cutoff = _by_area(standard, "score_a_cutoff", area_type)
    minimum = int(standard.min_deprivations_poor)
    count = len(set(deprived))
    score_b = count * int(standard.b_points_per_deprivation)
    area_label = _("thành thị") if area_type == "urban" else _("nông thôn")

    if score_a is not None and (score_a < 0 or score_a > int(standard.score_a_max)):
        raise ClassificationInputError(
            _("Điểm A phải từ 0 đến %(max)s.") % {"max": standard.score_a_max}
        )
    if income_per_person is not None:
        if income_per_person < 0:
            raise ClassificationInputError(_("Thu nhập không được âm."))
        if income_per_person > MAX_INCOME_PER_PERSON:
            raise ClassificationInputError(
                _("Thu nhập bình quân vượt %(max)s mỗi người mỗi tháng: hãy kiểm tra lại.")
                % {"max": format_vnd(MAX_INCOME_PER_PERSON)}
            )
        basis: Literal["income", "score_a"] = "income"
        at_or_below = income_per_person <= line
        measure = _("Thu nhập %(income)s") % {"income": format_vnd(income_per_person)}
        comparison = (
            f"{measure} ≤ {format_vnd(line)}" if at_or_below else f"{measure} > {format_vnd(line)}"
        )
        prefix = _("Dùng thu nhập bình quân (không dùng điểm A). ") if score_a is not None else ""
    elif score_a is not None:
        if cutoff is None:
            raise ClassificationInputError(_("Chuẩn nghèo này chưa có ngưỡng điểm A."))
        basis = "score_a"
        at_or_below = score_a <= int(cutoff)
        comparison = (
            _("Điểm A %(score)s ≤ %(cutoff)s")
            if at_or_below
            else _("Điểm A %(score)s > %(cutoff)s")
        ) % {"score": score_a, "cutoff": cutoff}
        prefix = ""
    else:
        raise ClassificationInputError(
            _("Cần nhập thu nhập bình quân đầu người hoặc điểm A để phân loại.")
        )

    counted = _("thiếu hụt %(count)s chỉ số") % {"count": count}
    if at_or_below:
        if count >= minimum:
            result: Result = "poor"
            reason = _("%(cmp)s và %(counted)s (≥ %(min)s): hộ nghèo.")
        else:
            result = "near_poor"
            reason = _("%(cmp)s và %(counted)s (< %(min)s): hộ cận nghèo.")
        reason = reason % {"cmp": comparison, "counted": counted, "min": minimum}
    elif basis == "income" and upper is not None and income_per_person is not None:
        if income_per_person <= int(upper):
            result = "average"
            reason = _(
                "%(cmp)s và ≤ %(upper)s (khu vực %(area)s): trong khoảng mức sống trung bình, "
                "không thuộc diện nghèo, cận nghèo."
            ) % {
                "cmp": comparison,
                "upper": format_vnd(int(upper)),
                "area": area_label,
            }
        else:
            result = "not_poor"
            reason = _("%(cmp)s và > %(upper)s: không thuộc diện nghèo, cận nghèo, trung bình.") % {
                "cmp": comparison,
                "upper": format_vnd(int(upper)),
            }
    else:
        result = "not_poor"
        if basis == "score_a":
            reason = _(
                "%(cmp)s: không thuộc diện nghèo, cận nghèo (điểm A không xác định mức sống "
                "trung bình)."
            ) % {"cmp": comparison}
        else:
            reason = _("%(cmp)s: không thuộc diện nghèo, cận nghèo.") % {"cmp": comparison}
    return Classification(
        result=result,
        reason=prefix + reason,
        basis=basis,
        income_line=line,
        deprivation_count=count,
        score_b=score_b,
    )


def review_reason(review: Any) -> str:
    """The reason of a classified review in the reader's language.

    The stored ``reason`` is text in the language of whoever saved the survey; the
    reason is rebuilt from the review's measurements through the same translatable
    templates, and the stored text is kept only when it cannot be rebuilt.
    """
    if not review.result or review.standard_id is None:
        return str(review.reason or "")
    try:
        return classify(
            standard=review.standard,
            area_type=review.area_type,
            income_per_person=review.income_per_person,
            score_a=review.score_a,
            deprived=review.deprived_codes or (),
        ).reason
    except (ClassificationInputError, TypeError, ValueError):
        return str(review.reason or "")
