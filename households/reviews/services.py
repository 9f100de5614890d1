"""The review procedure of Quyết định 24/2021/QĐ-TTg as services.

draft → surveyed → agreed (quarter meeting, ≥ 50 % of attendees) → posted (3 working
days) → recognised (the chairman's decision). Any review not yet recognised can be
sent back to draft with a reason. Each step checks who may do it, validates, writes
atomically and leaves a ``ReviewEvent`` and a history row.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, ngettext
from simple_history.utils import bulk_update_with_history

from households.classification import (
    Classification,
    ClassificationInputError,
    classify,
    income_per_person,
)
from households.models import (
    Area,
    Holiday,
    Household,
    HouseholdGroup,
    Indicator,
    Member,
    PovertyStandard,
    PovertyStatus,
    SuggestionRule,
    list_status,
)
from households.permissions import (
    can_approve_decision,
    can_edit_draft,
    can_file_for_household,
    can_record_meeting,
    can_run_procedure_in,
)
from households.reviews.models import (
    AverageLivingRecognition,
    Cause,
    Complaint,
    Decision,
    EscapeRegistration,
    NeedType,
    Posting,
    QuarterMeeting,
    Review,
    ReviewCampaign,
    ReviewEvent,
    ReviewRequest,
    SupportNeed,
    Transition,
)
from households.selectors import quarters_on
from households.workdays import add_working_days
from tannkhai.audit import attribute
from tannkhai.dates import PAST, PLANNED, step_date_errors
from tannkhai.inputs import raise_checks
from tannkhai.locking import lock_row, lock_rows
from tannkhai.models import User
from tannkhai.permissions import in_scope

POOR, NEAR = PovertyStatus.POOR, PovertyStatus.NEAR_POOR
DECISION_NUMBER = re.compile(r"^\d{1,5}/QĐ-[A-ZĐ0-9.-]+$")


# -- permissions -----------------------------------------------------------


def _require(allowed: bool) -> None:
    """Services check again what the views checked (rules: ``households.permissions``)."""
    if not allowed:
        raise PermissionDenied


# -- helpers ---------------------------------------------------------------


ADDED_TO_LIST = gettext_noop("Đưa vào danh sách rà soát")


def _event(review: Review, user: User | None, old: str, new: str, note: str = "") -> None:
    ReviewEvent.objects.create(review=review, user=user, from_status=old, to_status=new, note=note)


def standard_for_list_year(list_year: int) -> PovertyStandard | None:
    """The standard in force on 1 January of the year whose lists are being set."""
    day = dt.date(list_year, 1, 1)
    return (
        PovertyStandard.objects.filter(valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("-valid_from")
        .first()
    )


def holidays_between(start: dt.date, end: dt.date) -> set[dt.date]:
    return set(
        Holiday.objects.filter(date__gte=start, date__lte=end).values_list("date", flat=True)
    )


def posting_end_date(start: dt.date, working_days: int = 3) -> dt.date:
    holidays = holidays_between(start, start + dt.timedelta(days=60))
    return add_working_days(start, working_days, holidays)


def suggest_deprivations(
    *, indicators: Iterable[Indicator], members: Iterable[Member], on: dt.date
) -> list[str]:
    """Indicator codes the registry already points to; the surveyor confirms them."""
    people = [m for m in members if m.is_active]
    ages = {m.pk: m.age_on(on) for m in people}
    hits: set[str] = set()
    rules = {
        SuggestionRule.EMPLOYMENT: any(
            15 <= ages[m.pk] < 60
            and m.employment_status in (Member.Employment.UNEMPLOYED, Member.Employment.NO_CONTRACT)
            for m in people
        ),
        SuggestionRule.DEPENDANTS: bool(people)
        and sum(
            1
            for m in people
            if ages[m.pk] < 16
            or ages[m.pk] >= 60
            or m.disability in (Member.Disability.SEVERE, Member.Disability.EXTREME)
            or m.employment_status == Member.Employment.UNABLE
        )
        * 2
        > len(people),
        SuggestionRule.HEALTH_INSURANCE: any(
            ages[m.pk] >= 6
            and (
                not m.has_health_insurance
                or (m.health_insurance_expiry is not None and m.health_insurance_expiry < on)
            )
            for m in people
        ),
        SuggestionRule.ADULT_EDUCATION: any(
            16 <= ages[m.pk] <= 30
            and not m.in_school
            and m.schooling_level
            in (Member.Schooling.NONE, Member.Schooling.PRESCHOOL, Member.Schooling.PRIMARY)
            and m.vocational_qualification == Member.Vocational.NONE
            for m in people
        ),
        SuggestionRule.CHILD_SCHOOLING: any(
            3 <= ages[m.pk] < 16 and not m.in_school for m in people
        ),
    }
    for indicator in indicators:
        if indicator.suggestion_rule and rules.get(indicator.suggestion_rule):  # type: ignore[call-overload]
            hits.add(indicator.code)
    return sorted(hits, key=lambda c: (len(c), c))


def _history_of(household: Household, before_campaign: ReviewCampaign | None) -> list[str]:
    """Results of the household's recognised reviews, oldest first."""
    reviews = Review.objects.filter(household=household, status=Review.Status.RECOGNISED)
    if before_campaign is not None:
        reviews = reviews.exclude(campaign=before_campaign)
    return list(
        reviews.order_by("campaign__list_year", "decision__signed_on", "pk").values_list(
            "result", flat=True
        )
    )


def transition_for(*, previous: str, result: str, earlier: Collection[str]) -> str:
    """How the household's status changes; ``earlier`` are results before ``previous``."""
    if result == POOR:
        if previous == POOR:
            return Transition.CONTINUING_POOR
        if previous == NEAR:
            return Transition.NEAR_POOR_TO_POOR
        return Transition.RE_POOR if POOR in earlier else Transition.NEWLY_POOR
    if result == NEAR:
        if previous == NEAR:
            return Transition.CONTINUING_NEAR_POOR
        if previous == POOR:
            return Transition.POOR_TO_NEAR_POOR
        return (
            Transition.RE_NEAR_POOR
            if (NEAR in earlier or POOR in earlier)
            else Transition.NEWLY_NEAR_POOR
        )
    if previous == POOR:
        return Transition.ESCAPED
    if previous == NEAR:
        return Transition.ESCAPED_NEAR_POVERTY
    return Transition.UNCHANGED_OTHER


def income_from_input(*, mode: str, value: int | None, members: int) -> int | None:
    """Income per person per month from what the surveyor typed, in the chosen form."""
    if value is None:
        return None
    if value < 0:
        raise ClassificationInputError(_("Thu nhập không được âm."))
    forms: dict[str, str] = {
        Review.IncomeMode.HOUSEHOLD_MONTHLY: "household_monthly",
        Review.IncomeMode.HOUSEHOLD_YEARLY: "household_yearly",
    }
    form = forms.get(mode, "per_person_monthly")
    return income_per_person(**{form: value}, members=members)  # type: ignore[arg-type]


# -- campaigns -------------------------------------------------------------


def classify_review(
    review: Review, *, per_person: int | None, score_a: int | None, codes: Collection[str]
) -> Classification:
    """The review's classification under its own standard and area type (the survey's
    save and its live preview alike)."""
    return classify(
        standard=review.standard,
        area_type=review.area_type,  # type: ignore[arg-type]
        income_per_person=per_person,
        score_a=score_a,
        deprived=codes,
    )


def campaign_quarters(campaign: ReviewCampaign) -> set[int]:
    """The quarters whose households the campaign reviews: the commune's as it stood when the
    campaign opened (``households.selectors.quarters_on``). Before a merger the town's
    campaigns do not take the hamlets of the other former communes, which held their own;
    a former commune's campaign takes its hamlets, now under the new commune."""
    return set(quarters_on(campaign.commune, campaign.window[0]).values_list("pk", flat=True))


def previous_status(household: Household, history: list[str]) -> str:
    """The household's status before a review: its last recognised result; without one, its
    status on the registry (a census that did not list it made it "not poor / near-poor",
    never "not reviewed")."""
    return history[-1] if history else household.poverty_status


def _new_review(
    *,
    user: User,
    campaign: ReviewCampaign,
    household: Household,
    quarters: Collection[int] | None = None,
) -> Review:
    if not household.is_active:
        raise ValidationError(
            _("Hộ %(code)s đã ra khỏi danh sách, không thể rà soát.") % {"code": household.code}
        )
    if quarters is None:
        quarters = campaign_quarters(campaign)
    if household.commune_id not in (
        campaign.commune_id,
        campaign.commune.successor_id,
    ) or (household.quarter_id not in quarters):
        raise ValidationError(_("Hộ không thuộc xã của đợt rà soát."))
    if Review.objects.filter(campaign=campaign, household=household).exists():
        raise ValidationError(
            _("Hộ %(code)s đã có phiếu trong đợt rà soát này.") % {"code": household.code}
        )
    history = _history_of(household, campaign)
    review = Review(
        campaign=campaign,
        household=household,
        quarter=household.quarter,
        area_type=household.quarter.settlement_type,
        standard=campaign.standard,
        members_count=household.member_count,
        previous_result=previous_status(household, history),
        # Who adds the household to the list is not its surveyor: the survey form names
        # the person who opens it (issue 8).
        surveyor="",
    )
    indicators = list(campaign.standard.indicators.all())
    review.suggested_codes = suggest_deprivations(
        indicators=indicators, members=household.members.all(), on=timezone.localdate()
    )
    review.deprived_codes = list(review.suggested_codes)
    attribute(review, user)
    review.save()
    # Stored in the source language and translated where it is shown.
    _event(review, user, Review.Status.DRAFT, Review.Status.DRAFT, ADDED_TO_LIST)
    return review


@transaction.atomic
def campaign_create(
    *,
    user: User,
    commune: Area,
    kind: str,
    year: int,
    month: int | None = None,
    standard: PovertyStandard | None = None,
) -> ReviewCampaign:
    """Open a campaign; a periodic one lists every poor/near-poor household and requesters."""
    _require(can_run_procedure_in(user, commune))
    lock_row(commune)
    if commune.kind != Area.Kind.COMMUNE:
        raise ValidationError({"commune": _("Đợt rà soát được tổ chức theo xã / phường.")})
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": _("Năm không hợp lệ.")})
    if kind == ReviewCampaign.Kind.PERIODIC:
        month = None
        list_year = year + 1
    elif kind == ReviewCampaign.Kind.ADHOC:
        if month is None or not 1 <= month <= 12:
            raise ValidationError({"month": _("Rà soát thường xuyên cần chọn tháng.")})
        list_year = year
    else:
        raise ValidationError({"kind": _("Loại rà soát không hợp lệ.")})
    standard = standard or standard_for_list_year(list_year)
    if standard is None:
        raise ValidationError(
            {"standard": _("Chưa có chuẩn nghèo áp dụng cho năm %(year)s.") % {"year": list_year}}
        )
    duplicate = ReviewCampaign.objects.filter(commune=commune, kind=kind, year=year)
    if kind == ReviewCampaign.Kind.ADHOC:
        duplicate = duplicate.filter(month=month)
    if duplicate.exists():
        raise ValidationError(_("Đợt rà soát này đã được tạo."))
    campaign = ReviewCampaign(
        commune=commune,
        kind=kind,
        year=year,
        month=month,
        list_year=list_year,
        standard=standard,
        created_by=user,
    )
    campaign.full_clean()
    attribute(campaign, user)
    campaign.save()
    quarters = campaign_quarters(campaign)
    households = Household.objects.filter(
        commune__in=[commune.pk, commune.successor_id],
        quarter__in=quarters,
        status=Household.Status.ACTIVE,
    )
    pending = ReviewRequest.objects.filter(
        household__in=households.values("pk"), status=ReviewRequest.Status.PENDING
    )
    wanted = set(pending.values_list("household_id", flat=True))
    if kind == ReviewCampaign.Kind.PERIODIC:
        wanted |= set(
            households.filter(poverty_status__in=[POOR, NEAR]).values_list("pk", flat=True)
        )
    listed: list[int] = []
    for household in households.filter(pk__in=wanted).select_related("quarter"):
        _new_review(user=user, campaign=campaign, household=household, quarters=quarters)
        listed.append(household.pk)
    pending.filter(household_id__in=listed).update(
        status=ReviewRequest.Status.INCLUDED, campaign=campaign
    )
    return campaign


@transaction.atomic
def campaign_add_household(*, user: User, campaign: ReviewCampaign, household: Household) -> Review:
    _require(can_file_for_household(user, household.quarter))
    lock_row(campaign)
    if campaign.status != ReviewCampaign.Status.OPEN:
        raise ValidationError(_("Đợt rà soát đã kết thúc."))
    # Two people adding the same household at once: the second sees the first's review.
    lock_row(household)
    return _new_review(user=user, campaign=campaign, household=household)


@transaction.atomic
def request_submit(
    *,
    user: User,
    household: Household,
    submitted_on: dt.date,
    reason: str,
    answers: dict[str, bool],
    kind: str = ReviewRequest.Kind.REVIEW,
) -> ReviewRequest:
    """Record a request for the next review.

    Mẫu 01 (to be reviewed as poor / near-poor) is screened with Phiếu A: any "yes" screens
    it out. Mẫu 04 (to be recognised as escaped) is filed only by a household on the
    current poor / near-poor list and is not screened: Phiếu A would reject exactly the
    households asking to leave the list.
    """
    _require(can_file_for_household(user, household.quarter))
    lock_row(household)
    if kind not in ReviewRequest.Kind.values:
        raise ValidationError({"kind": _("Loại giấy đề nghị không hợp lệ.")})
    PAST.check(
        submitted_on,
        field="submitted_on",
        future=_("Ngày nộp đơn không được ở tương lai."),
    )
    raise_checks(request_checks({"kind": kind}, household=household))
    if kind == ReviewRequest.Kind.ESCAPE:
        answers = {}
    status = (
        ReviewRequest.Status.SCREENED_OUT if any(answers.values()) else ReviewRequest.Status.PENDING
    )
    request = ReviewRequest(
        household=household,
        kind=kind,
        submitted_on=submitted_on,
        reason=reason,
        screening_answers=answers,
        status=status,
    )
    request.full_clean()
    attribute(request, user)
    request.save()
    return request


# -- checks the forms run too ------------------------------------------------
#
# What only the service knows (the step before, a number already taken) is checked by
# one function per step: the form runs it with its own checks (tannkhai.inputs.ChecksAtOnce)
# so that every error shows on the first submit, and the service runs it again, under its
# locks, before it writes. Each takes the fields valid so far: a missing one is skipped.
# A message about the whole request is keyed NON_FIELD_ERRORS.

FieldErrors = dict[str, str]

SIGNED_IN_FUTURE = gettext_lazy(
    "Ngày ký quyết định không được sau hôm nay: ghi ngày lãnh đạo thực sự ký."
)


def request_checks(data: dict[str, Any], *, household: Household) -> FieldErrors:
    errors: FieldErrors = {}
    if not household.is_active:
        errors[NON_FIELD_ERRORS] = _("Hộ đã ra khỏi danh sách.")
    elif data.get("kind") == ReviewRequest.Kind.ESCAPE and household.poverty_status not in (
        POOR,
        NEAR,
    ):
        errors[NON_FIELD_ERRORS] = _(
            "Chỉ hộ nghèo, hộ cận nghèo nộp giấy đề nghị công nhận thoát nghèo, thoát cận "
            "nghèo (Mẫu 04)."
        )
    elif ReviewRequest.objects.filter(
        household=household, status=ReviewRequest.Status.PENDING
    ).exists():
        # Also what a double submit of the same request gets.
        errors[NON_FIELD_ERRORS] = _(
            "Hộ đã có đơn đề nghị đang chờ đưa vào rà soát: không ghi thêm đơn."
        )
    return errors


def meeting_checks(data: dict[str, Any], *, campaign: ReviewCampaign, quarter: Area) -> FieldErrors:
    errors: FieldErrors = {}
    attendees, votes_for = data.get("attendees"), data.get("votes_for")
    if attendees is not None and attendees < 1:
        errors["attendees"] = _("Cuộc họp phải có ít nhất 1 người dự.")
    if attendees is not None and votes_for is not None and votes_for > attendees:
        errors["votes_for"] = _(
            "Số người đồng ý (%(v)s) không thể lớn hơn số người dự (%(a)s)."
        ) % {"v": votes_for, "a": attendees}
    if "chair" in data and not str(data["chair"]).strip():
        errors["chair"] = _("Hãy ghi người chủ trì.")
    if "held_on" in data:
        last_survey = Review.objects.filter(
            campaign=campaign, quarter=quarter, status=Review.Status.SURVEYED
        ).aggregate(last=Max("surveyed_on"))["last"]
        errors |= step_date_errors(
            data["held_on"],
            field="held_on",
            future=_("Ngày họp không được ở tương lai."),
            after=last_survey,
            order_message=_("Ngày họp không được trước ngày khảo sát phiếu cuối cùng (%(d)s)."),
        )
    return errors


def posting_checks(data: dict[str, Any], *, campaign: ReviewCampaign, quarter: Area) -> FieldErrors:
    if "start_date" not in data:
        return {}
    last_meeting = QuarterMeeting.objects.filter(
        pk__in=Review.objects.filter(
            campaign=campaign, quarter=quarter, status=Review.Status.AGREED
        ).values("meeting_id")
    ).aggregate(last=Max("held_on"))["last"]
    return dict(
        step_date_errors(
            data["start_date"],
            field="start_date",
            future="",
            after=last_meeting,
            order_message=_("Niêm yết phải bắt đầu từ ngày họp dân (%(d)s) trở đi."),
            bounds=PLANNED,
        )
    )


def complaint_checks(data: dict[str, Any], *, review: Review) -> FieldErrors:
    errors: FieldErrors = {}
    for name, message in (
        ("complainant", _("Hãy ghi người khiếu nại, phản ánh.")),
        ("content", _("Hãy ghi nội dung khiếu nại, phản ánh.")),
    ):
        if name in data and not str(data[name]).strip():
            errors[name] = message
    if "received_on" in data:
        meeting = (
            QuarterMeeting.objects.filter(pk=review.meeting_id).values_list("held_on", flat=True)
            if review.meeting_id
            else []
        )
        errors |= step_date_errors(
            data["received_on"],
            field="received_on",
            future=_("Ngày nhận không được ở tương lai."),
            after=next(iter(meeting), None),
            order_message=_("Ngày nhận khiếu nại không được trước ngày họp dân (%(d)s)."),
        )
    return errors


def resolution_checks(data: dict[str, Any], *, complaint: Complaint) -> FieldErrors:
    errors: FieldErrors = {}
    if "outcome" in data and data["outcome"] not in (
        Complaint.Outcome.RECHECK,
        Complaint.Outcome.REJECTED,
    ):
        errors["outcome"] = _("Hãy chọn kết quả giải quyết.")
    if "resolution" in data and not str(data["resolution"]).strip():
        errors["resolution"] = _("Hãy ghi nội dung giải quyết.")
    if "resolved_on" in data:
        errors |= step_date_errors(
            data["resolved_on"],
            field="resolved_on",
            future=_("Ngày giải quyết không được ở tương lai."),
            after=complaint.received_on,
            order_message=_("Ngày giải quyết không được trước ngày nhận khiếu nại (%(d)s)."),
        )
    return errors


def decision_checks(data: dict[str, Any], *, campaign: ReviewCampaign) -> FieldErrors:
    errors: FieldErrors = {}
    if "number" in data:
        number = str(data["number"]).strip()
        if not DECISION_NUMBER.match(number):
            errors["number"] = _("Số quyết định có dạng 125/QĐ-UBND.")
        elif Decision.objects.filter(campaign=campaign, number=number).exists():
            errors["number"] = _("Số quyết định này đã có.")
    if "signer_name" in data and not str(data["signer_name"]).strip():
        errors["signer_name"] = _("Hãy ghi người ký.")
    signed_on = data.get("signed_on")
    if "signed_on" in data:
        # A decision is dated the day it is signed: today at the latest, never ahead.
        errors |= step_date_errors(
            signed_on, field="signed_on", future=str(SIGNED_IN_FUTURE), after=None, order_message=""
        )
    if signed_on is not None and "signed_on" not in errors:
        # The same rule as at signing (decision_blockers): a draft dated within the
        # posting could never be signed.
        ends = Posting.objects.filter(
            pk__in=Review.objects.filter(
                campaign=campaign, status=Review.Status.POSTED, decision__isnull=True
            ).values("posting_id")
        ).aggregate(last=Max("end_date"))["last"]
        if ends and signed_on <= ends:
            errors["signed_on"] = _(
                "Thời gian niêm yết kết thúc ngày %(d)s: quyết định phải ký sau ngày đó."
            ) % {"d": ends.strftime("%d/%m/%Y")}
    return errors


def escape_checks(data: dict[str, Any], *, household: Household) -> FieldErrors:
    errors: FieldErrors = {}
    if household.poverty_status not in (POOR, NEAR):
        errors[NON_FIELD_ERRORS] = _("Chỉ hộ nghèo, cận nghèo đăng ký thoát nghèo.")
    year = data.get("year")
    if (
        year is not None
        and EscapeRegistration.objects.filter(household=household, year=year).exists()
    ):
        errors["year"] = _("Hộ đã đăng ký thoát nghèo năm này.")
    if "registered_on" in data:
        errors |= step_date_errors(
            data["registered_on"],
            field="registered_on",
            future=_("Ngày đăng ký không được ở tương lai."),
            after=None,
            order_message="",
        )
    return errors


def average_assess_checks(data: dict[str, Any], *, record: AverageLivingRecognition) -> FieldErrors:
    errors: FieldErrors = {}
    members, income = data.get("members_count"), data.get("income_12_months")
    allowances = data.get("social_allowances_12_months")
    if members is not None and members < 1:
        errors["members_count"] = _("Hộ phải có ít nhất 1 nhân khẩu.")
    if income is not None and allowances is not None and allowances > income:
        errors["social_allowances_12_months"] = _("Trợ cấp xã hội không thể lớn hơn tổng thu nhập.")
    if "assessed_on" in data:
        errors |= step_date_errors(
            data["assessed_on"],
            field="assessed_on",
            future=_("Ngày xác định không được ở tương lai."),
            after=record.requested_on,
            order_message=_("Ngày xác định không được trước ngày nộp giấy đề nghị (%(d)s)."),
        )
    return errors


def average_recognise_checks(
    data: dict[str, Any], *, record: AverageLivingRecognition
) -> FieldErrors:
    errors: FieldErrors = {}
    if "decision_number" in data and not DECISION_NUMBER.match(
        str(data["decision_number"]).strip()
    ):
        errors["decision_number"] = _("Số quyết định có dạng 125/QĐ-UBND.")
    if "decision_date" in data:
        errors |= step_date_errors(
            data["decision_date"],
            field="decision_date",
            future=_("Ngày ký không được ở tương lai."),
            after=record.assessed_on,
            order_message=_("Ngày ký không được trước ngày xác định thu nhập (%(d)s)."),
        )
    return errors


# -- survey ----------------------------------------------------------------


@dataclass(frozen=True)
class SurveyOutcome:
    """A survey's values checked and classified, before they are set on the review."""

    members_count: int
    income_mode: str
    income_input: int | None
    income_per_person: int | None
    score_a: int | None
    deprived_codes: list[str]
    causes: list[str]
    group: HouseholdGroup | None
    classification: Classification


def survey_outcome(
    review: Review,
    *,
    income_mode: str,
    income_input: int | None,
    score_a: int | None,
    deprived_codes: Collection[str],
    members_count: int,
    causes: Collection[str] = (),
    group: HouseholdGroup | None = None,
    known_codes: Collection[str] | None = None,
    errors: dict[str, Any] | None = None,
) -> SurveyOutcome:
    """The survey's checks and classification (the survey form and the Excel import alike):
    ``ValidationError`` by field, or the values to set. ``known_codes`` are the standard's
    indicator codes when the caller already has them; ``errors`` are the caller's own."""
    errors = dict(errors or {})
    if members_count < 1 or members_count > 50:
        errors["members_count"] = _("Số nhân khẩu phải từ 1 đến 50.")
    codes = {str(c) for c in deprived_codes}
    if known_codes is None:
        known_codes = set(review.standard.indicators.values_list("code", flat=True))
    unknown = codes - set(known_codes)
    if unknown:
        errors["deprived_codes"] = _("Chỉ số không thuộc chuẩn nghèo áp dụng: %(codes)s.") % {
            "codes": ", ".join(sorted(unknown))
        }
    bad_causes = set(causes) - set(Cause.values)
    if bad_causes:
        errors["causes"] = _("Nguyên nhân nghèo không hợp lệ.")
    score_max = int(review.standard.score_a_max)
    if score_a is not None and not 0 <= score_a <= score_max:
        errors["score_a"] = _("Điểm A phải từ 0 đến %(max)s.") % {"max": score_max}
    per_person: int | None = None
    if not errors:
        try:
            per_person = income_from_input(
                mode=income_mode, value=income_input, members=members_count
            )
            result = classify_review(review, per_person=per_person, score_a=score_a, codes=codes)
        except ClassificationInputError as exc:
            field = "score_a" if income_input is None and score_a is not None else "income_input"
            errors[field] = str(exc)
    if errors:
        raise ValidationError(errors)
    return SurveyOutcome(
        members_count=members_count,
        income_mode=income_mode,
        income_input=income_input,
        income_per_person=per_person,
        score_a=score_a,
        deprived_codes=sorted(codes, key=lambda c: (len(c), c)),
        causes=sorted(set(causes)),
        group=group,
        classification=result,
    )


def survey_set(review: Review, outcome: SurveyOutcome, *, history: list[str]) -> None:
    """Set a checked survey on the review, with its previous status and transition;
    ``history`` is ``_history_of(review.household, review.campaign)``."""
    review.previous_result = previous_status(review.household, history)
    earlier = history[:-1]
    review.members_count = outcome.members_count
    review.income_mode = outcome.income_mode
    review.income_input = outcome.income_input
    review.income_per_person = outcome.income_per_person
    review.score_a = outcome.score_a
    review.deprived_codes = list(outcome.deprived_codes)
    review.causes = list(outcome.causes)
    review.group = outcome.group
    result = outcome.classification
    review.result = result.result
    review.reason = result.reason
    review.basis = result.basis
    review.score_b = result.score_b
    review.transition = transition_for(
        previous=review.previous_result, result=result.result, earlier=earlier
    )


@transaction.atomic
def review_save_survey(
    *,
    user: User,
    review: Review,
    version: int,
    income_mode: str,
    income_input: int | None,
    score_a: int | None,
    deprived_codes: Collection[str],
    members_count: int,
    causes: Collection[str] = (),
    group: HouseholdGroup | None = None,
    surveyor: str = "",
    surveyed_on: dt.date | None = None,
    mark_surveyed: bool = False,
    notes: str | None = None,
) -> Review:
    lock_row(review)
    if not can_edit_draft(user, review):
        if review.status != Review.Status.DRAFT:
            raise ValidationError(
                _("Phiếu đã qua bước khảo sát; muốn sửa, cán bộ phải trả phiếu về khảo sát lại.")
            )
        raise PermissionDenied
    if not review.household.is_active:
        raise ValidationError(_("Hộ đã ra khỏi danh sách, không thể rà soát."))
    outcome = survey_outcome(
        review,
        income_mode=income_mode,
        income_input=income_input,
        score_a=score_a,
        deprived_codes=deprived_codes,
        members_count=members_count,
        causes=causes,
        group=group,
        errors=step_date_errors(
            surveyed_on,
            field="surveyed_on",
            future=_("Ngày khảo sát không được ở tương lai."),
            after=dt.date(review.campaign.year, 1, 1),
            order_message=_("Ngày khảo sát không được trước năm của đợt rà soát (%(d)s)."),
        ),
    )
    if mark_surveyed and not surveyed_on:
        raise ValidationError({"surveyed_on": _("Hãy nhập ngày khảo sát.")})
    updated = Review.objects.filter(pk=review.pk, version=version).update(version=F("version") + 1)
    if not updated:  # the row is locked: the version cannot change under us
        raise ValidationError(
            _("Phiếu này vừa được người khác cập nhật. Hãy tải lại trang để xem thay đổi."),
            code="stale",
        )
    review.version = version + 1
    survey_set(review, outcome, history=_history_of(review.household, review.campaign))
    review.surveyor = surveyor
    review.surveyed_on = surveyed_on
    if notes is not None:
        review.notes = notes
    old = review.status
    if mark_surveyed:
        review.status = Review.Status.SURVEYED
        review.returned_reason = ""
    review.full_clean(validate_constraints=False)
    attribute(review, user)
    review.save()
    if mark_surveyed:
        _event(review, user, old, review.status)
    return review


@transaction.atomic
def review_send_back(*, user: User, review: Review, reason: str) -> Review:
    """Back to survey (meeting disagreement, complaint, re-check), with the reason."""
    _require(can_run_procedure_in(user, review.quarter))
    lock_row(review)
    if review.status == Review.Status.RECOGNISED:
        raise ValidationError(_("Phiếu đã được công nhận bằng quyết định, không thể trả lại."))
    if review.status == Review.Status.DRAFT:
        raise ValidationError(_("Phiếu đang ở bước khảo sát."))
    if not reason.strip():
        raise ValidationError({"reason": _("Hãy ghi lý do trả lại.")})
    old = review.status
    review.status = Review.Status.DRAFT
    review.returned_reason = reason.strip()
    review.full_clean(validate_constraints=False)
    review.meeting = None
    review.posting = None
    review.decision = None
    review.version += 1
    attribute(review, user)
    review.save()
    _event(review, user, old, review.status, reason.strip())
    return review


# -- meeting, posting, complaints -----------------------------------------


@transaction.atomic
def meeting_record(
    *,
    user: User,
    campaign: ReviewCampaign,
    quarter: Area,
    held_on: dt.date,
    chair: str,
    attendees: int,
    votes_for: int,
    minutes: str = "",
    secretary: str = "",
    fatherland_front_rep: str = "",
) -> QuarterMeeting:
    """A quarter meeting; with ≥ 50 % in favour its surveyed reviews become agreed.

    The minutes name the chair, the secretary and the Fatherland Front representative.
    """
    if not can_record_meeting(user, quarter):
        raise PermissionDenied
    # Lock the reviews the meeting moves on: a second meeting recorded at the same
    # time finds none left to agree.
    surveyed = lock_rows(
        Review.objects.filter(campaign=campaign, quarter=quarter, status=Review.Status.SURVEYED)
    )
    raise_checks(
        meeting_checks(
            {"attendees": attendees, "votes_for": votes_for, "chair": chair, "held_on": held_on},
            campaign=campaign,
            quarter=quarter,
        )
    )
    if not surveyed:
        raise ValidationError(_("Khu phố chưa có phiếu nào đã khảo sát để đưa ra họp."))
    meeting = QuarterMeeting(
        campaign=campaign,
        quarter=quarter,
        held_on=held_on,
        chair=chair.strip(),
        secretary=secretary.strip(),
        fatherland_front_rep=fatherland_front_rep.strip(),
        attendees=attendees,
        votes_for=votes_for,
        minutes=minutes,
        passed=QuarterMeeting.agreement_reached(attendees=attendees, votes_for=votes_for),
        recorded_by=user,
    )
    meeting.full_clean()
    attribute(meeting, user)
    meeting.save()
    if meeting.passed:
        for review in surveyed:
            review.status = Review.Status.AGREED
            review.meeting = meeting
            review.version += 1
            attribute(review, user)
            review.save()
            _event(
                review,
                user,
                Review.Status.SURVEYED,
                Review.Status.AGREED,
                _("Họp dân ngày %(d)s: %(v)s/%(a)s đồng ý")
                % {"d": held_on.strftime("%d/%m/%Y"), "v": votes_for, "a": attendees},
            )
    return meeting


@transaction.atomic
def posting_start(
    *, user: User, campaign: ReviewCampaign, quarter: Area, start_date: dt.date, places: str = ""
) -> Posting:
    _require(can_run_procedure_in(user, quarter))
    agreed = lock_rows(
        Review.objects.filter(campaign=campaign, quarter=quarter, status=Review.Status.AGREED)
    )
    raise_checks(posting_checks({"start_date": start_date}, campaign=campaign, quarter=quarter))
    if not agreed:
        raise ValidationError(_("Chưa có phiếu nào được họp dân thống nhất để niêm yết."))
    posting = Posting(
        campaign=campaign,
        quarter=quarter,
        start_date=start_date,
        end_date=posting_end_date(start_date),
        recorded_by=user,
    )
    if places.strip():
        posting.places = places.strip()
    posting.full_clean()
    attribute(posting, user)
    posting.save()
    for review in agreed:
        review.status = Review.Status.POSTED
        review.posting = posting
        review.version += 1
        attribute(review, user)
        review.save()
        _event(review, user, Review.Status.AGREED, Review.Status.POSTED)
    return posting


def _duplicate_complaint() -> ValidationError:
    return ValidationError(
        _("Khiếu nại này đã được ghi nhận (biểu mẫu được gửi hai lần): không ghi thêm."),
        code="duplicate_submission",
    )


@transaction.atomic
def complaint_record(
    *,
    user: User,
    review: Review,
    received_on: dt.date,
    complainant: str,
    content: str,
    token: uuid.UUID | None = None,
) -> Complaint:
    """Record a complaint; ``token`` (one per complaint form shown) makes a double
    submit of the same form record it once."""
    _require(can_run_procedure_in(user, review.quarter))
    lock_row(review)
    if token is not None and Complaint.objects.filter(submission_token=token).exists():
        raise _duplicate_complaint()
    if review.status not in (Review.Status.POSTED, Review.Status.AGREED):
        raise ValidationError(_("Chỉ nhận khiếu nại khi kết quả đang được niêm yết."))
    raise_checks(
        complaint_checks(
            {"complainant": complainant, "content": content, "received_on": received_on},
            review=review,
        )
    )
    complaint = Complaint(
        review=review,
        received_on=received_on,
        complainant=complainant.strip(),
        content=content,
        submission_token=token,
    )
    complaint.full_clean()
    attribute(complaint, user)
    try:
        with transaction.atomic():
            complaint.save()
    except IntegrityError as exc:
        raise _duplicate_complaint() from exc
    return complaint


@transaction.atomic
def complaint_resolve(
    *, user: User, complaint: Complaint, outcome: str, resolution: str, resolved_on: dt.date
) -> Complaint:
    """Resolve a complaint; a re-check sends the review back to survey.

    The review, then the complaint, are locked and read again: of two resolutions sent
    at the same time, the second finds the complaint resolved and is refused.
    """
    _require(can_run_procedure_in(user, complaint.review.quarter))
    review = lock_row(complaint.review)
    lock_row(complaint)
    if complaint.outcome != Complaint.Outcome.PENDING:
        raise ValidationError(_("Khiếu nại này đã được giải quyết."))
    raise_checks(
        resolution_checks(
            {"outcome": outcome, "resolution": resolution, "resolved_on": resolved_on},
            complaint=complaint,
        )
    )
    complaint.outcome = outcome
    complaint.resolution = resolution.strip()
    complaint.resolved_on = resolved_on
    complaint.full_clean()
    attribute(complaint, user)
    complaint.save()
    # Another complaint's re-check may already have sent the review back: once is enough.
    if outcome == Complaint.Outcome.RECHECK and review.status != Review.Status.DRAFT:
        review_send_back(
            user=user,
            review=review,
            reason=_("Phúc tra theo khiếu nại: %(text)s") % {"text": resolution.strip()},
        )
    return complaint


# -- decision --------------------------------------------------------------


@transaction.atomic
def decision_prepare(
    *,
    user: User,
    campaign: ReviewCampaign,
    number: str,
    signed_on: dt.date,
    signer_name: str,
    signer_title: str = "",
) -> Decision:
    """Draft the recognition decision over every posted review of the campaign."""
    _require(can_run_procedure_in(user, campaign.commune))
    number = number.strip()
    # Lock the reviews the decision takes: a second decision prepared at the same time
    # finds none left.
    posted = lock_rows(
        Review.objects.filter(campaign=campaign, status=Review.Status.POSTED, decision__isnull=True)
    )
    raise_checks(
        decision_checks(
            {"number": number, "signer_name": signer_name, "signed_on": signed_on},
            campaign=campaign,
        )
    )
    if not posted:
        raise ValidationError(_("Chưa có phiếu nào đã niêm yết để đưa vào quyết định."))
    decision = Decision(
        campaign=campaign,
        number=number,
        signed_on=signed_on,
        signer_name=signer_name.strip(),
        signer_title=signer_title.strip() or _("Chủ tịch"),
    )
    decision.full_clean()
    attribute(decision, user)
    try:
        with transaction.atomic():
            decision.save()
    except IntegrityError as exc:
        raise ValidationError({"number": _("Số quyết định này đã có.")}) from exc
    Review.objects.filter(pk__in=[r.pk for r in posted]).update(decision=decision)
    return decision


def decision_blockers(
    decision: Decision, *, visible_household_ids: Collection[int] | None = None
) -> list[str]:
    """Why the decision cannot be approved yet (empty when it can).

    With ``visible_household_ids`` (the reader's scope), households outside it are
    only counted, never named.
    """
    problems: list[str] = []
    reviews = decision.reviews.select_related("posting", "household")
    if not reviews.exists():
        problems.append(_("Quyết định chưa có hộ nào."))

    def named(household_id: int) -> bool:
        return visible_household_ids is None or household_id in visible_household_ids

    pending = Complaint.objects.filter(review__decision=decision, outcome=Complaint.Outcome.PENDING)
    hidden = 0
    for complaint in pending.select_related("review__household"):
        if not named(complaint.review.household_id):
            hidden += 1
            continue
        problems.append(
            _("Khiếu nại về hộ %(code)s chưa được giải quyết.")
            % {"code": complaint.review.household.code}
        )
    if hidden:
        problems.append(
            ngettext(
                "%(n)s khiếu nại ở địa bàn khác chưa được giải quyết.",
                "%(n)s khiếu nại ở địa bàn khác chưa được giải quyết.",
                hidden,
            )
            % {"n": hidden}
        )
    not_posted = reviews.exclude(status=Review.Status.POSTED)
    hidden = 0
    for review in not_posted:
        if not named(review.household_id):
            hidden += 1
            continue
        problems.append(
            _("Hộ %(code)s không còn ở bước niêm yết.") % {"code": review.household.code}
        )
    if hidden:
        problems.append(
            ngettext(
                "%(n)s hộ ở địa bàn khác không còn ở bước niêm yết.",
                "%(n)s hộ ở địa bàn khác không còn ở bước niêm yết.",
                hidden,
            )
            % {"n": hidden}
        )
    if decision.signed_on > timezone.localdate():
        problems.append(str(SIGNED_IN_FUTURE))
    ends = reviews.aggregate(last=Max("posting__end_date"))["last"]
    if ends and decision.signed_on <= ends:
        problems.append(
            _("Thời gian niêm yết kết thúc ngày %(d)s: quyết định phải ký sau ngày đó.")
            % {"d": ends.strftime("%d/%m/%Y")}
        )
    return problems


@transaction.atomic
def decision_approve(*, user: User, decision: Decision) -> Decision:
    """The chairman signs: households get their status, poor/near-poor a certificate."""
    if not can_approve_decision(user) or not in_scope(user, decision.campaign.commune):
        raise PermissionDenied
    # The commune first (certificate numbers are counted per commune), then the decision.
    lock_row(decision.campaign.commune)
    lock_row(decision)
    lock_rows(Review.objects.filter(decision=decision))
    if decision.status == Decision.Status.APPROVED:
        raise ValidationError(_("Quyết định đã được ký ban hành."))
    problems = decision_blockers(decision)
    if problems:
        raise ValidationError(problems)
    campaign = decision.campaign
    prefix = f"{campaign.list_year}-"
    last = (
        Review.objects.filter(
            campaign__commune=campaign.commune, certificate_number__startswith=prefix
        )
        .order_by("-certificate_number")
        .values_list("certificate_number", flat=True)
        .first()
    )
    serial = int(last.split("-")[-1]) if last else 0
    for review in decision.reviews.select_related("household").order_by(
        "quarter__name", "household__code"
    ):
        household = review.household
        if review.result in (POOR, NEAR):
            serial += 1
            review.certificate_number = f"{prefix}{serial:04d}"
        old = review.status
        review.status = Review.Status.RECOGNISED
        review.version += 1
        attribute(review, user)
        review.save()
        _event(review, user, old, review.status, str(decision))
        # In the average band is "not poor / near-poor" on the lists: average living
        # standard is recognised only through its own procedure.
        household.poverty_status = list_status(review.result)
        attribute(household, user)
        household.save(update_fields=["poverty_status", "updated_at"])
    decision.status = Decision.Status.APPROVED
    decision.approved_by = user
    decision.approved_at = timezone.now()
    attribute(decision, user)
    decision.save()
    if campaign.kind == ReviewCampaign.Kind.PERIODIC:
        _census_classifies_the_rest(user=user, campaign=campaign)
    return decision


def _census_classifies_the_rest(*, user: User, campaign: ReviewCampaign) -> None:
    """A recognised periodic review (census) covers the whole commune as it stood: a resident
    household that is not on the recognised poor / near-poor lists is "not poor / near-poor"."""
    rest = list(
        Household.objects.filter(
            commune__in=[campaign.commune_id, campaign.commune.successor_id],
            quarter__in=campaign_quarters(campaign),
            status=Household.Status.ACTIVE,
            poverty_status=PovertyStatus.UNCLASSIFIED,
        ).select_for_update()
    )
    now = timezone.now()
    for household in rest:
        household.poverty_status = PovertyStatus.NOT_POOR
        household.updated_at = now
    if rest:
        bulk_update_with_history(
            rest, Household, ["poverty_status", "updated_at"], batch_size=500, default_user=user
        )


# -- escape registration ---------------------------------------------------


@transaction.atomic
def escape_register(
    *,
    user: User,
    household: Household,
    year: int,
    registered_on: dt.date,
    commitment: str,
    needs: list[dict[str, Any]],
) -> EscapeRegistration:
    """Đăng ký thoát nghèo (local practice, no form number): the household commits to
    escape poverty by a year and lists its support needs."""
    _require(can_file_for_household(user, household.quarter))
    lock_row(household)
    raise_checks(escape_checks({"year": year, "registered_on": registered_on}, household=household))
    if not needs:
        raise ValidationError(_("Hãy ghi ít nhất một nhu cầu hỗ trợ."))
    registration = EscapeRegistration(
        household=household, year=year, registered_on=registered_on, commitment=commitment
    )
    registration.full_clean()
    attribute(registration, user)
    registration.save()
    for need in needs:
        if not isinstance(need.get("need_type"), NeedType):
            raise ValidationError(_("Loại nhu cầu không hợp lệ."))
        item = SupportNeed(registration=registration, **need)
        item.full_clean(exclude=["registration"])
        attribute(item, user)
        item.save()
    return registration


@transaction.atomic
def support_need_set_status(*, user: User, need: SupportNeed, status: str) -> SupportNeed:
    _require(can_run_procedure_in(user, need.registration.household.quarter))
    lock_row(need)
    if status not in SupportNeed.Status.values:
        raise ValidationError({"status": _("Trạng thái không hợp lệ.")})
    need.status = status
    attribute(need, user)
    need.save()
    return need


# -- average living standard (its own procedure) -----------------------------


def _standard_on(day: dt.date) -> PovertyStandard | None:
    return (
        PovertyStandard.objects.filter(valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("-valid_from")
        .first()
    )


@transaction.atomic
def average_request_submit(
    *, user: User, household: Household, requested_on: dt.date
) -> AverageLivingRecognition:
    """A farming / forestry / fishery / salt-making household asks to be recognised as
    having an average living standard (Quyết định 24/2021): only on its request."""
    _require(can_file_for_household(user, household.quarter))
    lock_row(household)
    if not household.is_active:
        raise ValidationError(_("Hộ đã ra khỏi danh sách."))
    PAST.check(
        requested_on,
        field="requested_on",
        future=_("Ngày nộp giấy đề nghị không được ở tương lai."),
    )
    if not household.livelihood:
        raise ValidationError(
            _(
                "Chỉ hộ làm nông nghiệp, lâm nghiệp, ngư nghiệp, diêm nghiệp được xác định mức "
                "sống trung bình: hãy ghi nghề của hộ trong sổ hộ trước."
            )
        )
    if household.poverty_status in (POOR, NEAR):
        raise ValidationError(
            _("Hộ đang là hộ nghèo, cận nghèo: không xác định mức sống trung bình.")
        )
    open_statuses = [
        AverageLivingRecognition.Status.REQUESTED,
        AverageLivingRecognition.Status.ASSESSED,
    ]
    if AverageLivingRecognition.objects.filter(
        household=household, status__in=open_statuses
    ).exists():
        raise ValidationError(_("Hộ đã có giấy đề nghị đang xử lý."))
    standard = _standard_on(requested_on)
    if standard is None:
        raise ValidationError(_("Chưa có chuẩn nghèo áp dụng cho ngày nộp giấy đề nghị."))
    record = AverageLivingRecognition(
        household=household,
        livelihood=household.livelihood,
        requested_on=requested_on,
        area_type=household.quarter.settlement_type,
        standard=standard,
        members_count=household.member_count or None,
        created_by=user,
    )
    record.full_clean()
    attribute(record, user)
    record.save()
    return record


def average_income_per_person(*, income: int, allowances: int, members: int) -> int:
    """Monthly income per person over 12 months, social allowances left out."""
    return (income - allowances) // 12 // members


@transaction.atomic
def average_assess(
    *,
    user: User,
    record: AverageLivingRecognition,
    members_count: int,
    income_12_months: int,
    social_allowances_12_months: int,
    assessed_on: dt.date,
) -> AverageLivingRecognition:
    """The officer establishes the income of the previous 12 months (without social
    allowances); in the band above the poverty line the household may be recognised."""
    _require(can_run_procedure_in(user, record.household.quarter))
    lock_row(record)
    if record.status not in (
        AverageLivingRecognition.Status.REQUESTED,
        AverageLivingRecognition.Status.ASSESSED,
    ):
        raise ValidationError(_("Hồ sơ đã được xử lý xong."))
    raise_checks(
        average_assess_checks(
            {
                "members_count": members_count,
                "income_12_months": income_12_months,
                "social_allowances_12_months": social_allowances_12_months,
                "assessed_on": assessed_on,
            },
            record=record,
        )
    )
    standard = record.standard
    upper = (
        standard.average_upper_urban
        if record.area_type == Area.SettlementType.URBAN
        else standard.average_upper_rural
    )
    line = (
        standard.income_line_urban
        if record.area_type == Area.SettlementType.URBAN
        else standard.income_line_rural
    )
    if upper is None:
        raise ValidationError(
            _("Chuẩn nghèo %(s)s chưa quy định mức sống trung bình.") % {"s": standard.name}
        )
    per_person = average_income_per_person(
        income=income_12_months, allowances=social_allowances_12_months, members=members_count
    )
    record.members_count = members_count
    record.income_12_months = income_12_months
    record.social_allowances_12_months = social_allowances_12_months
    record.income_per_person = per_person
    record.assessed_on = assessed_on
    record.assessed_by = user
    record.status = (
        AverageLivingRecognition.Status.ASSESSED
        if line < per_person <= upper
        else AverageLivingRecognition.Status.REJECTED
    )
    record.full_clean()
    attribute(record, user)
    record.save()
    return record


@transaction.atomic
def average_recognise(
    *, user: User, record: AverageLivingRecognition, decision_number: str, decision_date: dt.date
) -> AverageLivingRecognition:
    """The commune chairman recognises the household as having an average living standard."""
    if not can_approve_decision(user) or not in_scope(user, record.household.quarter):
        raise PermissionDenied
    lock_row(record.household)
    lock_row(record)
    if record.status != AverageLivingRecognition.Status.ASSESSED:
        raise ValidationError(
            _("Chỉ công nhận hộ đã xác định thu nhập trong khoảng mức sống trung bình.")
        )
    number = decision_number.strip()
    raise_checks(
        average_recognise_checks(
            {"decision_number": number, "decision_date": decision_date}, record=record
        )
    )
    record.decision_number = number
    record.decision_date = decision_date
    record.decided_by = user
    record.status = AverageLivingRecognition.Status.RECOGNISED
    record.full_clean()
    attribute(record, user)
    record.save()
    household = record.household
    household.poverty_status = PovertyStatus.AVERAGE
    attribute(household, user)
    household.save(update_fields=["poverty_status", "updated_at"])
    return record
