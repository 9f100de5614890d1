"""Over-long text is refused on every database, never truncated or saved (issue 7, 13)."""

import pytest
from django.core.exceptions import ValidationError

from households import services
from households.models import AreaEvent
from households.reviews import services as svc
from households.reviews.models import Posting, QuarterMeeting
from tests.reviews.helpers import MEETING_DAY, POSTING_START, meet, survey
from tests.utils import field_errors

LONG = "Nhà văn hóa " * 1000  # 12,000 characters


@pytest.fixture
def agreed_kp1(officer, campaign, areas, review_kp1):
    survey(officer, review_kp1, income=1_000_000, codes=["1", "2", "3"])
    meet(officer, campaign, areas.kp1)


def test_over_long_posting_places_are_a_form_error(
    client_for, officer, campaign, areas, agreed_kp1
):
    response = client_for(officer).post(
        f"/ra-soat/{campaign.pk}/khu-pho/{areas.kp1.pk}/niem-yet/",
        {"start_date": POSTING_START.isoformat(), "places": LONG},
    )
    assert response.status_code == 200
    assert field_errors(response, "places")
    assert not Posting.objects.exists()


def test_the_posting_service_refuses_over_long_places(officer, campaign, areas, agreed_kp1):
    with pytest.raises(ValidationError) as info:
        svc.posting_start(
            user=officer,
            campaign=campaign,
            quarter=areas.kp1,
            start_date=POSTING_START,
            places=LONG,
        )
    assert "places" in info.value.message_dict
    assert not Posting.objects.exists()


def test_over_long_legal_basis_of_a_rename_is_a_form_error(client_for, admin_user, areas):
    response = client_for(admin_user).post(
        f"/ho-gia-dinh/dia-ban/{areas.kp1.pk}/doi-ten/",
        {"name": "Khu phố Tân Hiệp", "effective_date": "2025-07-01", "legal_basis": "x" * 10_000},
    )
    assert response.status_code == 200
    assert field_errors(response, "legal_basis")
    areas.kp1.refresh_from_db()
    assert areas.kp1.name == "Khu phố 1"
    assert not AreaEvent.objects.exists()


def test_the_rename_service_refuses_an_over_long_legal_basis(admin_user, areas):
    import datetime as dt

    with pytest.raises(ValidationError):
        services.area_rename(
            user=admin_user,
            area=areas.kp1,
            name="Khu phố Tân Hiệp",
            effective_date=dt.date(2025, 7, 1),
            legal_basis="x" * 10_000,
        )
    assert not AreaEvent.objects.exists()


def test_the_meeting_service_refuses_an_over_long_chair(officer, campaign, areas, review_kp1):
    survey(officer, review_kp1, income=1_000_000, codes=["1", "2", "3"])
    with pytest.raises(ValidationError):
        svc.meeting_record(
            user=officer,
            campaign=campaign,
            quarter=areas.kp1,
            held_on=MEETING_DAY,
            chair="x" * 500,
            attendees=20,
            votes_for=15,
        )
    assert not QuarterMeeting.objects.exists()


def test_the_survey_service_refuses_an_over_long_surveyor(officer, review_kp1):
    from tests.reviews.helpers import snapshot

    before = snapshot(review_kp1)
    with pytest.raises(ValidationError) as info:
        survey(officer, review_kp1, income=1_000_000, codes=["1"], surveyor="x" * 500)
    assert "surveyor" in info.value.message_dict
    assert snapshot(review_kp1) == before


def test_the_survey_service_refuses_an_invisible_character_in_the_surveyor(officer, review_kp1):
    with pytest.raises(ValidationError) as info:
        survey(officer, review_kp1, income=1_000_000, codes=["1"], surveyor="Hồ\u200b Văn Một")
    assert "surveyor" in info.value.message_dict
