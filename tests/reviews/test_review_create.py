"""Putting a household on a campaign's list: area type, suggestions, refusals."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from households.models import Area, Household, Member
from households.reviews import services as svc
from households.reviews.models import Review, ReviewCampaign
from tests.factories import HouseholdFactory, MemberFactory
from tests.reviews.helpers import review_counts, survey

THIS_YEAR = timezone.localdate().year


def born(age):
    return THIS_YEAR - age


def test_review_copies_the_quarter_area_type_and_keeps_it(officer, campaign, areas, hh_kp1):
    Area.objects.filter(pk=areas.kp1.pk).update(settlement_type=Area.SettlementType.URBAN)
    hh_kp1.refresh_from_db()
    review = svc.campaign_add_household(user=officer, campaign=campaign, household=hh_kp1)
    assert review.area_type == "urban"

    Area.objects.filter(pk=areas.kp1.pk).update(settlement_type=Area.SettlementType.RURAL)
    review.refresh_from_db()
    assert review.area_type == "urban"
    assert review.quarter == areas.kp1
    assert review.standard == campaign.standard
    assert review.members_count == hh_kp1.member_count == 2
    # The officer adding the household is not its surveyor (issue 8 item 13).
    assert review.surveyor == ""
    assert review.previous_result == "unclassified"
    assert list(review.events.values_list("from_status", "to_status", "note")) == [
        ("draft", "draft", "Đưa vào danh sách rà soát")
    ]
    # The survey is classified against the urban line the review was opened with.
    surveyed = survey(officer, review, income=1_900_000, codes=["1"])
    assert (surveyed.area_type, surveyed.result) == ("urban", "near_poor")
    assert "1.900.000 đ ≤ 2.000.000 đ" in surveyed.reason


def test_rural_quarter_gives_a_rural_review(review_kp1):
    assert review_kp1.area_type == "rural"


@pytest.fixture
def insured_household(areas):
    """Head and spouse of working age, insured, employed: nothing to suggest."""
    household = HouseholdFactory(
        quarter=areas.kp2,
        code="KP2-100",
        head={
            "full_name": "Trần Văn Đủ",
            "sex": "male",
            "birth_year": born(40),
            "has_health_insurance": True,
            "employment_status": "contract",
            "schooling_level": "upper_secondary",
        },
    )
    MemberFactory(
        household=household,
        full_name="Lê Thị Đủ",
        sex="female",
        birth_year=born(38),
        relation_to_head="spouse",
        has_health_insurance=True,
        employment_status="self_employed",
        schooling_level="upper_secondary",
    )
    household.refresh_from_db()
    return household


def suggested(officer, campaign, household):
    review = svc.campaign_add_household(user=officer, campaign=campaign, household=household)
    return review.suggested_codes, review.deprived_codes


def add(household, **fields):
    defaults = {
        "full_name": "Trần Thị Con",
        "sex": "female",
        "relation_to_head": "child",
        "has_health_insurance": True,
    }
    MemberFactory(household=household, **{**defaults, **fields})


def test_nothing_suggested_for_an_insured_working_household(officer, campaign, insured_household):
    assert suggested(officer, campaign, insured_household) == ([], [])


def test_member_aged_six_without_health_insurance_suggests_4(officer, campaign, insured_household):
    add(insured_household, birth_year=born(6), has_health_insurance=False, in_school=True)
    assert suggested(officer, campaign, insured_household) == (["4"], ["4"])


def test_child_under_six_without_health_insurance_suggests_nothing(
    officer, campaign, insured_household
):
    add(insured_household, birth_year=born(5), has_health_insurance=False, in_school=True)
    assert suggested(officer, campaign, insured_household)[0] == []


def test_expired_health_insurance_suggests_4(officer, campaign, insured_household):
    add(
        insured_household,
        birth_year=born(10),
        in_school=True,
        health_insurance_expiry=timezone.localdate() - dt.timedelta(days=1),
    )
    assert suggested(officer, campaign, insured_household)[0] == ["4"]


@pytest.mark.parametrize(("age", "expected"), [(2, []), (3, ["6"]), (15, ["6"]), (16, [])])
def test_child_three_to_fifteen_not_in_school_suggests_6(
    officer, campaign, insured_household, age, expected
):
    add(insured_household, birth_year=born(age), in_school=False, schooling_level="lower_secondary")
    assert suggested(officer, campaign, insured_household)[0] == expected


@pytest.mark.parametrize("status", ["unemployed", "no_contract"])
def test_working_age_member_without_work_or_contract_suggests_1(
    officer, campaign, insured_household, status
):
    add(
        insured_household,
        birth_year=born(25),
        employment_status=status,
        schooling_level="upper_secondary",
    )
    assert suggested(officer, campaign, insured_household)[0] == ["1"]


def test_unemployed_over_working_age_does_not_suggest_1(officer, campaign, insured_household):
    # 60 and over is a dependant, not unemployed; 1 of 3 members is not > 50 %.
    add(insured_household, birth_year=born(65), employment_status="unemployed")
    assert suggested(officer, campaign, insured_household)[0] == []


def test_dependants_over_half_suggest_2(officer, campaign, insured_household):
    add(insured_household, birth_year=born(70), relation_to_head="parent")
    add(insured_household, birth_year=born(8), in_school=True)
    indicators = list(campaign.standard.indicators.all())
    members = list(insured_household.members.all())
    today = timezone.localdate()
    # 2 of 4 is not more than half.
    assert svc.suggest_deprivations(indicators=indicators, members=members, on=today) == []
    add(insured_household, birth_year=born(72), relation_to_head="parent")
    household = Household.objects.get(pk=insured_household.pk)
    assert suggested(officer, campaign, household)[0] == ["2"]  # 3 of 5


def test_adult_without_education_suggests_5(officer, campaign, insured_household):
    add(insured_household, birth_year=born(20), schooling_level="primary")
    assert suggested(officer, campaign, insured_household)[0] == ["5"]


def test_suggestions_are_sorted_numerically(officer, campaign, insured_household):
    add(
        insured_household,
        birth_year=born(10),
        in_school=False,
        has_health_insurance=False,
    )
    add(insured_household, birth_year=born(20), employment_status="unemployed")
    assert suggested(officer, campaign, insured_household)[0] == ["1", "4", "5", "6"]


def test_former_members_are_not_counted(officer, campaign, insured_household):
    add(insured_household, birth_year=born(30), has_health_insurance=False)
    Member.objects.filter(household=insured_household, birth_year=born(30)).update(
        is_active=False, left_on=dt.date(2026, 1, 1), left_reason="moved_out"
    )
    assert suggested(officer, campaign, insured_household)[0] == []


# -- refusals ------------------------------------------------------------------


def test_a_retired_household_cannot_be_reviewed(officer, campaign, hh_kp1):
    Household.objects.filter(pk=hh_kp1.pk).update(
        status="retired", retired_reason="moved_away", retired_on=dt.date(2026, 3, 1)
    )
    hh_kp1.refresh_from_db()
    before = review_counts()
    with pytest.raises(ValidationError) as exc:
        svc.campaign_add_household(user=officer, campaign=campaign, household=hh_kp1)
    assert exc.value.messages == ["Hộ KP1-001 đã ra khỏi danh sách, không thể rà soát."]
    assert review_counts() == before


def test_a_household_is_reviewed_once_per_campaign(officer, review_kp1, hh_kp1, campaign):
    before = review_counts()
    with pytest.raises(ValidationError) as exc:
        svc.campaign_add_household(user=officer, campaign=campaign, household=hh_kp1)
    assert exc.value.messages == ["Hộ KP1-001 đã có phiếu trong đợt rà soát này."]
    assert review_counts() == before


def test_the_same_household_in_two_campaigns_is_fine(officer, areas, review_kp1, hh_kp1):
    adhoc = svc.campaign_create(
        user=officer, commune=areas.commune, kind="adhoc", year=2026, month=3
    )
    svc.campaign_add_household(user=officer, campaign=adhoc, household=hh_kp1)
    assert hh_kp1.reviews.count() == 2


def test_household_of_another_commune_is_refused(admin_user, campaign, hh_other):
    with pytest.raises(ValidationError) as exc:
        svc.campaign_add_household(user=admin_user, campaign=campaign, household=hh_other)
    assert exc.value.messages == ["Hộ không thuộc xã của đợt rà soát."]
    assert not Review.objects.exists()


def test_closed_campaign_takes_no_household(officer, campaign, hh_kp1):
    ReviewCampaign.objects.filter(pk=campaign.pk).update(status="closed")
    campaign.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        svc.campaign_add_household(user=officer, campaign=campaign, household=hh_kp1)
    assert exc.value.messages == ["Đợt rà soát đã kết thúc."]


def test_quarter_head_adds_households_of_their_own_quarter_only(
    quarter_head_kp1, campaign, hh_kp1, hh_kp2
):
    review = svc.campaign_add_household(user=quarter_head_kp1, campaign=campaign, household=hh_kp1)
    assert review.surveyor == ""  # named by the survey form, not by who added it
    with pytest.raises(PermissionDenied):
        svc.campaign_add_household(user=quarter_head_kp1, campaign=campaign, household=hh_kp2)


@pytest.mark.parametrize("name", ["leader", "org_member", "outsider"])
def test_others_cannot_add_households(persona, campaign, hh_kp1, name):
    with pytest.raises(PermissionDenied):
        svc.campaign_add_household(user=persona(name), campaign=campaign, household=hh_kp1)
    assert not Review.objects.exists()
