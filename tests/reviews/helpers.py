"""Plain helpers that drive the review services (fixtures live in ``conftest.py``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Model

from households import services
from households.models import Area, Household
from households.reviews import services as svc
from households.reviews.models import (
    Complaint,
    Decision,
    EscapeRegistration,
    Posting,
    QuarterMeeting,
    Review,
    ReviewCampaign,
    ReviewEvent,
    ReviewRequest,
    SupportNeed,
)
from tannkhai.models import User

# Survey inputs that give each result under the 2022–2025 standard, rural area.
POOR = {"income": 1_000_000, "codes": ["1", "2", "3"]}
NEAR_POOR = {"income": 1_000_000, "codes": ["1"]}
AVERAGE = {"income": 2_000_000, "codes": []}
NOT_POOR = {"income": 5_000_000, "codes": []}

SURVEY_DAY = dt.date(2026, 11, 2)
MEETING_DAY = dt.date(2026, 11, 10)
POSTING_START = dt.date(2026, 11, 12)  # Thursday → ends Monday 16/11/2026
POSTING_END = dt.date(2026, 11, 16)
SIGN_DAY = dt.date(2026, 11, 20)


def survey(
    user: User,
    review: Review,
    *,
    income: int | None = None,
    score_a: int | None = None,
    codes: Iterable[str] = (),
    members: int | None = None,
    mode: str = Review.IncomeMode.PER_PERSON,
    mark: bool = True,
    on: dt.date | None = SURVEY_DAY,
    **extra: Any,
) -> Review:
    """Save the survey of ``review`` (fresh from the database) as ``user``."""
    review = Review.objects.select_related("household", "standard", "quarter").get(pk=review.pk)
    return svc.review_save_survey(
        user=user,
        review=review,
        version=review.version,
        income_mode=mode,
        income_input=income,
        score_a=score_a,
        deprived_codes=list(codes),
        members_count=members or review.members_count or 1,
        surveyed_on=on,
        mark_surveyed=mark,
        **extra,
    )


def meet(
    user: User,
    campaign: ReviewCampaign,
    quarter: Area,
    *,
    attendees: int = 20,
    votes_for: int = 15,
    held_on: dt.date = MEETING_DAY,
) -> QuarterMeeting:
    return svc.meeting_record(
        user=user,
        campaign=campaign,
        quarter=quarter,
        held_on=held_on,
        chair="Hồ Văn Một",
        attendees=attendees,
        votes_for=votes_for,
        minutes="Biên bản họp dân",
    )


def post(
    user: User, campaign: ReviewCampaign, quarter: Area, *, start: dt.date = POSTING_START
) -> Posting:
    return svc.posting_start(user=user, campaign=campaign, quarter=quarter, start_date=start)


def prepare(
    user: User,
    campaign: ReviewCampaign,
    *,
    number: str = "125/QĐ-UBND",
    signed_on: dt.date = SIGN_DAY,
) -> Decision:
    return svc.decision_prepare(
        user=user,
        campaign=campaign,
        number=number,
        signed_on=signed_on,
        signer_name="Trương Văn Lãnh Đạo",
    )


def to_posted(officer: User, campaign: ReviewCampaign, reviews: Iterable[Review]) -> None:
    """Survey (poor), meet and post every review; one meeting and posting per quarter."""
    quarters: dict[int, Area] = {}
    for review in reviews:
        survey(officer, review, income=POOR["income"], codes=POOR["codes"])
        quarters[review.quarter_id] = review.quarter
    for quarter in quarters.values():
        meet(officer, campaign, quarter)
        post(officer, campaign, quarter)


REVIEW_MODELS: list[type[Model]] = [
    ReviewCampaign,
    Review,
    ReviewEvent,
    ReviewRequest,
    QuarterMeeting,
    Posting,
    Decision,
    Complaint,
    EscapeRegistration,
    SupportNeed,
]


def review_counts() -> dict[str, int]:
    """Row counts of the review tables and their history, to assert nothing was saved."""
    out: dict[str, int] = {}
    for model in REVIEW_MODELS:
        out[model.__name__] = model.objects.count()
        history = getattr(model, "history", None)
        if history is not None:
            out[f"{model.__name__}.history"] = history.model.objects.count()
    return out


def snapshot(review: Review) -> dict[str, Any]:
    """Every concrete field of a review, as stored."""
    row = Review.objects.filter(pk=review.pk).values().get()
    row.pop("updated_at", None)
    return row


# -- a constructed history, 2022–2025 -----------------------------------------------

# code → quarter attribute of the AreaTree
HISTORY_HOUSEHOLDS = {
    "A-NEW": "kp1",  # newly poor 2023 (by request), poor 2024, near-poor 2025
    "B-ESC": "kp1",  # poor 2022, escapes 2023
    "C-REP": "kp1",  # poor 2022, escapes 2023, re-poor 2024 (by request), poor 2025
    "D-MOV": "kp2",  # poor 2022–2023, moves away 01/03/2024
    "E-SPL": "kp2",  # poor 2022–2024 (3 → 4 persons in 2023), split 01/02/2025
    "F-NTP": "kp2",  # near-poor 2022, poor 2023–2024, escapes 2025
}
# year → (requests before the campaign, households listed automatically, outcomes)
HISTORY: dict[int, tuple[set[str], set[str], dict[str, tuple[dict[str, Any], int]]]] = {
    2022: (
        set(),
        set(),
        {
            "B-ESC": (POOR, 3),
            "C-REP": (POOR, 2),
            "D-MOV": (POOR, 5),
            "E-SPL": (POOR, 3),
            "F-NTP": (NEAR_POOR, 2),
        },
    ),
    2023: (
        {"A-NEW"},
        {"A-NEW", "B-ESC", "C-REP", "D-MOV", "E-SPL", "F-NTP"},
        {
            "A-NEW": (POOR, 4),
            "B-ESC": (NOT_POOR, 3),
            "C-REP": (NOT_POOR, 2),
            "D-MOV": (POOR, 5),
            "E-SPL": (POOR, 4),
            "F-NTP": (POOR, 2),
        },
    ),
    2024: (
        {"C-REP"},
        {"A-NEW", "C-REP", "E-SPL", "F-NTP"},
        {
            "A-NEW": (POOR, 4),
            "C-REP": (POOR, 2),
            "E-SPL": (POOR, 4),
            "F-NTP": (POOR, 2),
        },
    ),
    2025: (
        set(),
        {"A-NEW", "C-REP", "F-NTP"},
        {
            "A-NEW": (NEAR_POOR, 4),
            "C-REP": (POOR, 2),
            "F-NTP": (NOT_POOR, 2),
        },
    ),
}
RETIREMENTS = {
    2024: ("D-MOV", Household.RetiredReason.MOVED_AWAY, dt.date(2024, 3, 1)),
    2025: ("E-SPL", Household.RetiredReason.SPLIT, dt.date(2025, 2, 1)),
}


def run_periodic_year(
    officer: User,
    leader: User,
    commune: Area,
    year: int,
    *,
    requests: set[str],
    auto: set[str],
    outcomes: dict[str, tuple[dict[str, Any], int]],
) -> ReviewCampaign:
    """One periodic review held in ``year``, through every step to the decision."""
    for code in requests:
        svc.request_submit(
            user=officer,
            household=Household.objects.get(code=code),
            submitted_on=dt.date(year, 8, 1),
            reason="Đề nghị rà soát",
            answers={"A1": False, "A2": False},
        )
    campaign = svc.campaign_create(user=officer, commune=commune, kind="periodic", year=year)
    assert set(campaign.reviews.values_list("household__code", flat=True)) == auto, year
    quarters: dict[int, Area] = {}
    for code, (outcome, members) in outcomes.items():
        household = Household.objects.select_related("quarter").get(code=code)
        review = Review.objects.filter(
            campaign=campaign, household=household
        ).first() or svc.campaign_add_household(
            user=officer, campaign=campaign, household=household
        )
        survey(
            officer,
            review,
            income=outcome["income"],
            codes=outcome["codes"],
            members=members,
            on=dt.date(year, 10, 1),
        )
        quarters[household.quarter_id] = household.quarter
    for quarter in quarters.values():
        meet(officer, campaign, quarter, held_on=dt.date(year, 10, 20))
        post(officer, campaign, quarter, start=dt.date(year, 11, 2))
    decision = prepare(
        officer, campaign, number=f"{year - 2000}/QĐ-UBND", signed_on=dt.date(year, 12, 1)
    )
    svc.decision_approve(user=leader, decision=decision)
    return campaign


def build_history(officer: User, leader: User, areas: Any) -> dict[str, Household]:
    """The households of ``HISTORY_HOUSEHOLDS`` through the campaigns of 2022–2025."""
    from tests.factories import HouseholdFactory

    for code, quarter in HISTORY_HOUSEHOLDS.items():
        HouseholdFactory(quarter=getattr(areas, quarter), code=code)
    for year, (requests, auto, outcomes) in HISTORY.items():
        if year in RETIREMENTS:
            code, reason, day = RETIREMENTS[year]
            household = Household.objects.get(code=code)
            services.household_retire(
                user=officer,
                household=household,
                reason=reason,
                retired_on=day,
                version=household.version,
            )
        run_periodic_year(
            officer,
            leader,
            areas.commune,
            year,
            requests=requests,
            auto=auto,
            outcomes=outcomes,
        )
    return {h.code: h for h in Household.objects.filter(code__in=HISTORY_HOUSEHOLDS)}
