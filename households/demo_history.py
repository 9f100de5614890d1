"""Demo review history that tells the plan's story, through the real services.

Until 30/6/2025 three communes reviewed their own households: the former thị trấn
Tân Khai (its campaigns are the new commune's own records, issued by UBND thị trấn
through the area history), xã Tân Hiệp and xã Đồng Nơ (their hamlets' campaigns and
decisions, signed by their own chairmen). From 2025 xã Tân Khai reviews everyone; the
hamlets' poor and near-poor households come into its lists as "other increase".

The 2021 census leaves 10 poor households in the former town (the plan's area).
The periodic reviews then take 5, 3 and 2 households out of poverty in
2022, 2023 and 2024 — with one newly poor household in 2022 and one household
falling back into poverty (re-poor) in 2023 — and the last two escape in 2025.
Near-poor households escape and appear along the way. The 2022 escape
registrations reproduce the plan's "05 hộ đăng ký thoát nghèo với 11 nhu cầu".
An open 2026 periodic campaign (setting the 2027 lists under the 2027–2030
standard) is partly surveyed.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db.models import Q

from households.models import Area, Household, HouseholdGroup, PovertyStatus
from households.reviews import services as rsv
from households.reviews.models import (
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
)
from households.selectors import commune_settings_on, quarters_as_they_stood, seat_on
from tannkhai.models import User

POOR: str = PovertyStatus.POOR.value
NEAR: str = PovertyStatus.NEAR_POOR.value
AVERAGE: str = PovertyStatus.AVERAGE.value
NOT_POOR: str = PovertyStatus.NOT_POOR.value
# Codes of the quarters that belonged to the former town (urban until 30/06/2025).
FORMER_TOWN_SUFFIXES = ("KP1", "KP2", "KP3", "KP4", "KP5", "KP6")
ESCAPE_NEEDS = [
    # The plan's 11 livelihood needs of 5 households: 149.200.000 đ.
    ("livestock", 25_000_000),
    ("livestock", 25_000_000),
    ("livestock", 25_000_000),
    ("livestock", 25_000_000),
    ("vocational_training", 6_000_000),
    ("vocational_training", 6_000_000),
    ("vocational_training", 6_000_000),
    ("job_placement", 3_000_000),
    ("job_placement", 3_000_000),
    ("clean_water", 12_000_000),
    ("toilet", 13_200_000),
]
# Who surveyed for the former rural communes (fictional, like every demo name).
FORMER_SURVEYORS = ("Hoàng Thị Thu Trang", "Lê Văn Lộc")
HOUSING_NEEDS = [
    ("new_house", 100_800_000),
    ("house_repair", 30_000_000),
    ("vbsp_loan", 40_000_000),
    ("vbsp_loan", 40_000_000),
]


@dataclass
class Plan:
    """Target result per household id for each review year."""

    results: dict[int, dict[int, str]]


def _area_type(review: Review, year: int) -> str:
    suffix = review.quarter.code.rsplit(".", 1)[-1]
    return "urban" if year <= 2024 and suffix in FORMER_TOWN_SUFFIXES else "rural"


def _income_for(result: str, line: int, rng: random.Random) -> int:
    low, high = {
        POOR: (0.55, 0.93),
        NEAR: (0.75, 1.0),
        AVERAGE: (1.05, 1.45),
        NOT_POOR: (1.6, 2.4),
    }[result]
    return int(line * rng.uniform(low, high)) // 1000 * 1000


def _survey(
    *,
    officer: User,
    review: Review,
    result: str,
    surveyed_on: dt.date,
    rng: random.Random,
    groups: list[HouseholdGroup],
    surveyor: str = "",
) -> None:
    line = (
        review.standard.income_line_urban
        if review.area_type == "urban"
        else review.standard.income_line_rural
    )
    codes = [i for i in review.standard.indicators.values_list("code", flat=True)]
    if result == POOR:
        deprived = rng.sample(codes, rng.randint(3, 5))
    elif result == NEAR:
        deprived = rng.sample(codes, rng.randint(0, 2))
    else:
        deprived = rng.sample(codes, rng.randint(0, 1))
    members = max(1, review.members_count)
    per_person = _income_for(result, line, rng)
    causes = rng.sample(list(Cause.values), 2) if result in (POOR, NEAR) else []
    rsv.review_save_survey(
        user=officer,
        review=review,
        version=review.version,
        income_mode=Review.IncomeMode.HOUSEHOLD_MONTHLY,
        income_input=per_person * members,
        score_a=None,
        deprived_codes=deprived,
        members_count=members,
        causes=causes,
        group=rng.choice(groups) if result == POOR else None,
        surveyor=surveyor or officer.display_name,
        surveyed_on=surveyed_on,
        mark_surveyed=True,
    )


@dataclass
class Issuer:
    """Who runs a campaign: the commune, the user recording its steps, the one recording
    the signature, the surveyor's name and the next decision number."""

    commune: Area
    officer: User
    leader: User
    surveyor: str
    number: int


def _run_year(
    *,
    issuer: Issuer,
    year: int,
    targets: dict[int, str],
    rng: random.Random,
    groups: list[HouseholdGroup],
    by_pk: dict[int, Household],
) -> None:
    commune, officer = issuer.commune, issuer.officer
    campaign = rsv.campaign_create(user=officer, commune=commune, kind="periodic", year=year)
    listed = set(campaign.reviews.values_list("household_id", flat=True))
    for pk in targets:
        if pk not in listed:
            rsv.campaign_add_household(user=officer, campaign=campaign, household=by_pk[pk])
    # A past campaign is closed once its list is complete (households cannot be added
    # to a closed campaign).
    ReviewCampaign.objects.filter(pk=campaign.pk).update(status=ReviewCampaign.Status.CLOSED)
    reviews = list(campaign.reviews.select_related("quarter", "standard", "household"))
    for review in reviews:
        Review.objects.filter(pk=review.pk).update(area_type=_area_type(review, year))
        review.area_type = _area_type(review, year)
        _survey(
            officer=officer,
            review=review,
            result=targets.get(review.household_id, NOT_POOR),
            surveyed_on=dt.date(year, 10, rng.randint(1, 25)),
            rng=rng,
            groups=groups,
            surveyor=issuer.surveyor,
        )
    quarters = {r.quarter for r in reviews}
    for quarter in sorted(quarters, key=lambda q: q.code):
        attendees = rng.randint(35, 80)
        rsv.meeting_record(
            user=officer,
            campaign=campaign,
            quarter=quarter,
            held_on=dt.date(year, 11, rng.randint(3, 12)),
            chair=f"Trưởng {quarter.name}",
            secretary=f"Thư ký {quarter.name}",
            fatherland_front_rep=f"Trưởng Ban công tác Mặt trận {quarter.name}",
            attendees=attendees,
            votes_for=rng.randint(attendees * 7 // 10, attendees),
            minutes="Thống nhất kết quả khảo sát, không có ý kiến khác.",
        )
        rsv.posting_start(
            user=officer, campaign=campaign, quarter=quarter, start_date=dt.date(year, 11, 16)
        )
    signed_on = dt.date(year, 12, 10)
    # Signed by the chairman of the day: the former town's (or commune's) before 1/7/2025.
    signer = commune_settings_on(commune, signed_on)
    decision = rsv.decision_prepare(
        user=officer,
        campaign=campaign,
        number=f"{issuer.number}/QĐ-UBND",
        signed_on=signed_on,
        signer_name=signer.chairman_name if signer is not None else "",
    )
    rsv.decision_approve(user=issuer.leader, decision=decision)
    issuer.number += rng.randint(20, 60)


def _pick(
    candidates: list[Household], n: int, taken: set[int], rng: random.Random
) -> list[Household]:
    pool = [h for h in candidates if h.pk not in taken]
    chosen = rng.sample(pool, min(n, len(pool)))
    taken.update(h.pk for h in chosen)
    return chosen


def _pick_preferring(
    preferred: list[Household],
    others: list[Household],
    n: int,
    taken: set[int],
    rng: random.Random,
) -> list[Household]:
    """``n`` households, from ``preferred`` as far as it goes (a small demo has few
    vulnerable households), then from ``others``."""
    chosen = _pick(preferred, n, taken, rng)
    if len(chosen) < n:
        chosen += _pick(others, n - len(chosen), taken, rng)
    return chosen


def _suffix(household: Household) -> str:
    return household.quarter.code.rsplit(".", 1)[-1]


def _town_plans(
    households: list[Household], taken: set[int], rng: random.Random
) -> tuple[dict[int, dict[int, str]], list[Household]]:
    """The former town's lists by year (the plan's story); returns them and its poor."""
    town = [h for h in households if _suffix(h) in FORMER_TOWN_SUFFIXES]
    # The 2021–2025 plan is the former town's: its ten poor households of 2021 (and the
    # newly poor one) live in the town's quarters, not in the hamlets that joined in 2025.
    vulnerable = [
        h for h in town if h.is_ethnic_minority or h.no_labour_capacity or h.social_protection
    ]
    poor = _pick_preferring(vulnerable, town, 10, taken, rng)
    near = _pick(town, 24, taken, rng)
    newly_poor_2022 = _pick_preferring(vulnerable, town, 1, taken, rng)[0]
    new_near = {year: _pick(town, 3, taken, rng) for year in (2022, 2023, 2024, 2025)}

    # The result of every household reviewed each year; unlisted households keep theirs.
    state: dict[int, str] = {h.pk: POOR for h in poor} | {h.pk: NEAR for h in near}
    plans: dict[int, dict[int, str]] = {2021: dict(state)}
    re_poor = poor[0]  # escapes in 2022, poor again in 2023, escapes in 2025
    escapes = {
        2022: [h.pk for h in poor[:5]],
        2023: [h.pk for h in [*poor[5:7], newly_poor_2022]],
        2024: [h.pk for h in poor[7:9]],
        2025: [poor[9].pk, re_poor.pk],
    }
    for year in (2022, 2023, 2024, 2025):
        listed = [pk for pk, s in state.items() if s in (POOR, NEAR)]
        result = {pk: state[pk] for pk in listed}
        for pk in escapes[year]:
            result[pk] = rng.choice([NEAR, NEAR, AVERAGE, NOT_POOR])
        if year == 2022:
            result[re_poor.pk] = AVERAGE
            result[newly_poor_2022.pk] = POOR
        if year == 2023:
            result[re_poor.pk] = POOR
        near_now = [pk for pk in listed if state[pk] == NEAR]
        for pk in rng.sample(near_now, min(len(near_now), rng.randint(4, 6))):
            result[pk] = rng.choice([AVERAGE, NOT_POOR])
        for h in new_near[year]:
            result[h.pk] = NEAR
        plans[year] = result
        state.update(result)
    return plans, poor


def _hamlet_plans(
    hamlet: list[Household], *, keeps_poor: bool, taken: set[int], rng: random.Random
) -> dict[int, dict[int, str]]:
    """A former rural commune's lists for its hamlet, 2021–2025: two poor households (one
    escapes in 2023; with ``keeps_poor`` the other is still poor in 2025), near-poor ones
    escaping and appearing. From 2025 the hamlet is the new commune's."""
    poor = _pick(hamlet, 2, taken, rng)
    near = _pick(hamlet, 4, taken, rng)
    new_near = {year: _pick(hamlet, 1, taken, rng) for year in (2022, 2023, 2024, 2025)}
    state: dict[int, str] = {h.pk: POOR for h in poor} | {h.pk: NEAR for h in near}
    plans: dict[int, dict[int, str]] = {2021: dict(state)}
    for year in (2022, 2023, 2024, 2025):
        listed = [pk for pk, s in state.items() if s in (POOR, NEAR)]
        result = {pk: state[pk] for pk in listed}
        if year == 2023 and poor:
            result[poor[0].pk] = NEAR
        if year == 2024 and not keeps_poor and len(poor) > 1:
            result[poor[1].pk] = rng.choice([NEAR, AVERAGE])
        near_now = [pk for pk in listed if state[pk] == NEAR]
        for pk in rng.sample(near_now, min(len(near_now), 1)):
            result[pk] = rng.choice([AVERAGE, NOT_POOR])
        for h in new_near[year]:
            result[h.pk] = NEAR
        plans[year] = result
        state.update(result)
    return plans


def seed_review_history(
    *, commune: Area, officer: User, leader: User, recorder: User, seed: int
) -> int:
    """Create the 2021–2025 recognised reviews and the open 2026 campaign; returns reviews.

    Before 1/7/2025 each former commune reviewed its own households: the town's campaigns
    are the commune's own records (issued by UBND thị trấn, from the area history); the
    hamlets' were reviewed by xã Tân Hiệp and xã Đồng Nơ, whose records ``recorder`` (the
    administrator) entered when they were handed over. From 2025 the new commune reviews
    everyone.
    """
    if ReviewCampaign.objects.filter(commune=commune).exists():
        return 0
    rng = random.Random(seed)
    groups = list(HouseholdGroup.objects.all())
    households = list(
        Household.objects.filter(commune=commune, status=Household.Status.ACTIVE)
        .select_related("quarter")
        .order_by("pk")
    )
    by_pk = {h.pk: h for h in households}
    taken: set[int] = set()
    town_plans, poor = _town_plans(households, taken, rng)
    seat = (
        seat_on(commune, commune.valid_from - dt.timedelta(days=1)) if commune.valid_from else None
    )
    # The other former communes (the hamlets'); the seat's records are the commune's own.
    former = [
        old
        for old in Area.objects.filter(successor=commune, kind=Area.Kind.COMMUNE).order_by("code")
        if seat is None or old.pk != seat.pk
    ]
    issuers = [Issuer(commune=commune, officer=officer, leader=leader, surveyor="", number=96)]
    hamlet_plans: list[dict[int, dict[int, str]]] = []
    for i, old in enumerate(former):
        quarters = set(quarters_as_they_stood(old).values_list("pk", flat=True))
        hamlet = [h for h in households if h.quarter_id in quarters]
        hamlet_plans.append(_hamlet_plans(hamlet, keeps_poor=i == 0, taken=taken, rng=rng))
        issuers.append(
            Issuer(
                commune=old,
                officer=recorder,
                leader=recorder,
                surveyor=FORMER_SURVEYORS[i % len(FORMER_SURVEYORS)],
                number=rng.randint(60, 140),
            )
        )

    for year in (2021, 2022, 2023, 2024):
        _run_year(
            issuer=issuers[0],
            year=year,
            targets=town_plans[year],
            rng=rng,
            groups=groups,
            by_pk=by_pk,
        )
        for issuer, plans in zip(issuers[1:], hamlet_plans, strict=True):
            _run_year(
                issuer=issuer,
                year=year,
                targets=plans[year],
                rng=rng,
                groups=groups,
                by_pk=by_pk,
            )
        if year == 2022:
            _escape_registrations(officer=officer, households=poor[5:10], year=2022)
    # 2025: the new commune reviews the town's quarters and the hamlets that joined it.
    merged = dict(town_plans[2025])
    for plans in hamlet_plans:
        merged |= plans[2025]
    _run_year(issuer=issuers[0], year=2025, targets=merged, rng=rng, groups=groups, by_pk=by_pk)

    _open_campaign_2026(commune=commune, officer=officer, households=households, rng=rng)
    return Review.objects.filter(
        Q(campaign__commune=commune) | Q(campaign__commune__successor=commune)
    ).count()


def _escape_registrations(*, officer: User, households: list[Household], year: int) -> None:
    types = {t.code: t for t in NeedType.objects.all()}
    needs_by_household: list[list[dict[str, object]]] = [[] for _ in households]
    for i, (code, cost) in enumerate(ESCAPE_NEEDS):
        needs_by_household[i % len(households)].append(
            {"need_type": types[code], "quantity": 1, "estimated_cost": cost}
        )
    for i, (code, cost) in enumerate(HOUSING_NEEDS):
        needs_by_household[i % len(households)].append(
            {"need_type": types[code], "quantity": 1, "estimated_cost": cost}
        )
    for household, needs in zip(households, needs_by_household, strict=True):
        household.refresh_from_db()
        rsv.escape_register(
            user=officer,
            household=household,
            year=year,
            registered_on=dt.date(year, 3, 15),
            commitment="Phấn đấu thoát nghèo trong năm, sử dụng đúng mục đích nguồn hỗ trợ.",
            needs=needs,
        )


def _open_campaign_2026(
    *, commune: Area, officer: User, households: list[Household], rng: random.Random
) -> None:
    fresh = [
        h
        for h in Household.objects.filter(commune=commune, status=Household.Status.ACTIVE)
        .exclude(Q(poverty_status__in=[POOR, NEAR]) | Q(reviews__isnull=False))
        .order_by("pk")[:200]
    ]
    for household in rng.sample(fresh, 3):
        rsv.request_submit(
            user=officer,
            household=household,
            submitted_on=dt.date(2026, 8, rng.randint(3, 28)),
            reason="Gia đình có người ốm đau, thu nhập giảm.",
            answers={},
        )
    campaign = rsv.campaign_create(user=officer, commune=commune, kind="periodic", year=2026)
    groups = list(HouseholdGroup.objects.all())
    # Every other household, in the households' order (not the reviews', created in
    # whatever order the database lists the households): every quarter is partly surveyed,
    # the same way on SQLite and PostgreSQL.
    reviews = list(campaign.reviews.select_related("quarter", "standard").order_by("household_id"))
    for review in reviews[1::2]:
        result = rng.choice([NEAR, NEAR, AVERAGE, NOT_POOR])
        _survey(
            officer=officer,
            review=review,
            result=result,
            surveyed_on=dt.date(2026, 10, rng.randint(1, 30)),
            rng=rng,
            groups=groups,
        )


def delete_review_history(*, commune: Area) -> None:
    """Remove the commune's review records (for ``seed_demo --reset``, DEBUG only)."""
    campaigns = ReviewCampaign.objects.filter(Q(commune=commune) | Q(commune__successor=commune))
    reviews = Review.objects.filter(campaign__in=campaigns)
    querysets = [
        SupportNeed.objects.filter(registration__household__commune=commune),
        EscapeRegistration.objects.filter(household__commune=commune),
        ReviewEvent.objects.filter(review__in=reviews),
        Complaint.objects.filter(review__in=reviews),
        reviews,
        Decision.objects.filter(campaign__in=campaigns),
        Posting.objects.filter(campaign__in=campaigns),
        QuarterMeeting.objects.filter(campaign__in=campaigns),
        ReviewRequest.objects.filter(household__commune=commune),
        campaigns,
    ]
    for queryset in querysets:
        queryset.delete()
