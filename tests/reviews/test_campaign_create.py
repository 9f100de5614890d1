"""Opening a campaign: who may, which standard, which households are listed."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from households.models import Household
from households.reviews import services as svc
from households.reviews.models import Review, ReviewCampaign, ReviewRequest
from tests.reviews.helpers import review_counts


def listed(campaign):
    return set(campaign.reviews.values_list("household__code", flat=True))


def submit(user, household, *, day=dt.date(2026, 8, 1), **answers):
    return svc.request_submit(
        user=user,
        household=household,
        submitted_on=day,
        reason="Gia đình khó khăn",
        answers={"A1": False, "A2": False, **answers},
    )


def test_periodic_lists_poor_near_poor_and_requesters_only(
    officer, areas, hh_other, make_household
):
    poor = make_household("P-1", status="poor")
    near = make_household("N-1", quarter=areas.kp2, status="near_poor")
    average = make_household("AV-1", status="average")
    make_household("NP-1", status="not_poor")
    make_household("U-1")  # never reviewed, no request
    requester = make_household("R-1", quarter=areas.kp2)
    retired_poor = make_household("RT-1", status="poor")
    Household.objects.filter(pk=retired_poor.pk).update(
        status="retired", retired_reason="moved_away", retired_on=dt.date(2026, 3, 1)
    )
    Household.objects.filter(pk=hh_other.pk).update(poverty_status="poor")
    request = submit(officer, requester)
    average_request = submit(officer, average)
    assert request.status == average_request.status == ReviewRequest.Status.PENDING

    campaign = svc.campaign_create(user=officer, commune=areas.commune, kind="periodic", year=2026)

    assert listed(campaign) == {"P-1", "N-1", "R-1", "AV-1"}
    assert "NP-1" not in listed(campaign)
    request.refresh_from_db()
    average_request.refresh_from_db()
    assert (request.status, request.campaign) == (ReviewRequest.Status.INCLUDED, campaign)
    assert average_request.status == ReviewRequest.Status.INCLUDED
    assert set(campaign.reviews.values_list("status", flat=True)) == {Review.Status.DRAFT}
    assert campaign.created_by == officer
    assert (campaign.list_year, campaign.month) == (2027, None)
    review = campaign.reviews.get(household=poor)
    assert review.quarter == areas.kp1
    assert review.events.count() == 1
    assert not near.reviews.exclude(campaign=campaign).exists()


def test_adhoc_lists_requesters_only(officer, areas, make_household):
    make_household("P-1", status="poor")
    requester = make_household("R-1")
    submit(officer, requester, day=dt.date(2026, 5, 10))
    campaign = svc.campaign_create(
        user=officer, commune=areas.commune, kind="adhoc", year=2026, month=5
    )
    assert listed(campaign) == {"R-1"}
    assert (campaign.list_year, campaign.month) == (2026, 5)


def test_phieu_a_yes_screens_the_request_out(officer, areas, make_household):
    car_owner = make_household("R-CAR")
    request = submit(officer, car_owner, A2=True)
    assert request.status == ReviewRequest.Status.SCREENED_OUT
    campaign = svc.campaign_create(user=officer, commune=areas.commune, kind="periodic", year=2026)
    assert listed(campaign) == set()
    request.refresh_from_db()
    assert request.status == ReviewRequest.Status.SCREENED_OUT
    assert request.campaign is None


def test_requests_of_other_communes_are_left_alone(officer, outsider, areas, hh_other):
    request = svc.request_submit(
        user=outsider, household=hh_other, submitted_on=dt.date(2026, 8, 1), reason="", answers={}
    )
    campaign = svc.campaign_create(user=officer, commune=areas.commune, kind="periodic", year=2026)
    assert listed(campaign) == set()
    request.refresh_from_db()
    assert request.status == ReviewRequest.Status.PENDING


def test_request_of_a_household_retired_since_stays_pending(officer, areas, make_household):
    """No review is made for a retired household, so its request is not "included"."""
    requester = make_household("R-1")
    request = submit(officer, requester)
    Household.objects.filter(pk=requester.pk).update(
        status="retired", retired_reason="moved_away", retired_on=dt.date(2026, 8, 15)
    )
    campaign = svc.campaign_create(user=officer, commune=areas.commune, kind="periodic", year=2026)
    assert listed(campaign) == set()
    request.refresh_from_db()
    assert (request.status, request.campaign) == (ReviewRequest.Status.PENDING, None)


def test_an_included_request_is_not_listed_again(officer, areas, make_household):
    requester = make_household("R-1")
    submit(officer, requester, day=dt.date(2026, 5, 1))
    first = svc.campaign_create(
        user=officer, commune=areas.commune, kind="adhoc", year=2026, month=5
    )
    second = svc.campaign_create(
        user=officer, commune=areas.commune, kind="adhoc", year=2026, month=6
    )
    assert listed(first) == {"R-1"}
    assert listed(second) == set()


@pytest.mark.parametrize(
    ("kind", "year", "month", "list_year", "standard"),
    [
        ("periodic", 2026, None, 2027, "2027-2030"),
        ("periodic", 2025, None, 2026, "2022-2025"),
        ("periodic", 2021, None, 2022, "2022-2025"),
        ("adhoc", 2026, 5, 2026, "2022-2025"),
        ("adhoc", 2027, 3, 2027, "2027-2030"),
    ],
)
def test_default_standard_follows_the_list_year(
    officer, areas, kind, year, month, list_year, standard
):
    campaign = svc.campaign_create(
        user=officer, commune=areas.commune, kind=kind, year=year, month=month
    )
    assert campaign.list_year == list_year
    assert campaign.standard.code == standard


def test_an_explicit_standard_overrides_the_default(officer, areas, standard_2022):
    campaign = svc.campaign_create(
        user=officer, commune=areas.commune, kind="periodic", year=2026, standard=standard_2022
    )
    assert campaign.standard == standard_2022


def test_reviews_use_the_campaign_standard(officer, areas, make_household):
    make_household("P-1", status="poor")
    campaign = svc.campaign_create(user=officer, commune=areas.commune, kind="periodic", year=2026)
    assert campaign.reviews.get().standard.code == "2027-2030"


def test_no_standard_for_the_list_year_is_an_error(officer, areas):
    with pytest.raises(ValidationError) as exc:
        svc.campaign_create(user=officer, commune=areas.commune, kind="periodic", year=2030)
    assert exc.value.message_dict == {"standard": ["Chưa có chuẩn nghèo áp dụng cho năm 2031."]}
    assert not ReviewCampaign.objects.exists()


@pytest.mark.parametrize(
    ("kind", "month"),
    [("periodic", None), ("adhoc", 5)],
)
def test_duplicate_campaign_is_refused(officer, areas, make_household, kind, month):
    make_household("P-1", status="poor")
    svc.campaign_create(user=officer, commune=areas.commune, kind=kind, year=2026, month=month)
    before = review_counts()
    with pytest.raises(ValidationError) as exc:
        svc.campaign_create(user=officer, commune=areas.commune, kind=kind, year=2026, month=month)
    assert exc.value.messages == ["Đợt rà soát này đã được tạo."]
    assert review_counts() == before


def test_the_other_kind_in_the_same_year_is_allowed(officer, areas):
    svc.campaign_create(user=officer, commune=areas.commune, kind="periodic", year=2026)
    svc.campaign_create(user=officer, commune=areas.commune, kind="adhoc", year=2026, month=5)
    assert ReviewCampaign.objects.count() == 2


@pytest.mark.parametrize(
    ("kind", "year", "month", "field"),
    [
        ("adhoc", 2026, None, "month"),
        ("adhoc", 2026, 13, "month"),
        ("weekly", 2026, None, "kind"),
        ("periodic", 1999, None, "year"),
    ],
)
def test_bad_campaign_input(officer, areas, kind, year, month, field):
    with pytest.raises(ValidationError) as exc:
        svc.campaign_create(user=officer, commune=areas.commune, kind=kind, year=year, month=month)
    assert field in exc.value.message_dict
    assert not ReviewCampaign.objects.exists()


def test_campaign_is_held_by_a_commune(officer, areas):
    with pytest.raises(ValidationError) as exc:
        svc.campaign_create(user=officer, commune=areas.kp1, kind="periodic", year=2026)
    assert exc.value.message_dict == {"commune": ["Đợt rà soát được tổ chức theo xã / phường."]}


@pytest.mark.parametrize("name", ["quarter_head_kp1", "leader", "org_member", "outsider"])
def test_only_officers_and_admins_open_campaigns(persona, areas, name):
    with pytest.raises(PermissionDenied):
        svc.campaign_create(user=persona(name), commune=areas.commune, kind="periodic", year=2026)
    assert not ReviewCampaign.objects.exists()


def test_admin_opens_a_campaign(admin_user, areas):
    campaign = svc.campaign_create(
        user=admin_user, commune=areas.commune, kind="periodic", year=2026
    )
    assert campaign.created_by == admin_user


def test_window_of_each_kind(officer, areas):
    periodic = svc.campaign_create(user=officer, commune=areas.commune, kind="periodic", year=2026)
    december = svc.campaign_create(
        user=officer, commune=areas.commune, kind="adhoc", year=2026, month=12
    )
    assert periodic.window == (dt.date(2026, 9, 1), dt.date(2026, 12, 14))
    assert december.window == (dt.date(2026, 12, 15), dt.date(2027, 1, 14))


def test_request_rules(officer, quarter_head_kp2, leader, hh_kp1):
    with pytest.raises(ValidationError) as exc:
        submit(officer, hh_kp1, day=dt.date(2099, 1, 1))
    assert exc.value.message_dict == {"submitted_on": ["Ngày nộp đơn không được ở tương lai."]}
    for user in (quarter_head_kp2, leader):
        with pytest.raises(PermissionDenied):
            submit(user, hh_kp1)
    assert not ReviewRequest.objects.exists()
