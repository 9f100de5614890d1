"""Finding 16: a forbidden POST is a 403 before any form is validated.

A leader (read-only) posting empty data used to get form errors or a flash message
back, which tells them the action exists for them and wastes a round trip.
"""

import pytest

from households.reviews.models import Review
from tests.reviews.conftest import *  # noqa: F403  (campaign fixtures)
from tests.targets.conftest import plan  # noqa: F401


@pytest.fixture
def program_urls(plan):  # noqa: F811  (the fixture imported above)
    indicator = plan.indicators.order_by("order").first()
    return {
        "program_copy": f"/chuong-trinh/ke-hoach/{plan.pk}/sao-chep/",
        "manual_result": f"/chuong-trinh/chi-tieu/{indicator.pk}/ket-qua-nhap-tay/",
    }


@pytest.mark.parametrize("what", ["program_copy", "manual_result"])
@pytest.mark.parametrize("data", [{}, {"year": "2021", "value": "5", "name": "x"}])
def test_leader_posting_to_program_screens_is_forbidden(
    client_for, leader, program_urls, what, data
):
    response = client_for(leader).post(program_urls[what], data)
    assert response.status_code == 403


@pytest.mark.parametrize("data", [{}, {"code": "KP1-001"}])
def test_leader_cannot_add_to_review_list(client_for, leader, campaign, hh_kp1, areas, data):
    url = f"/ra-soat/{campaign.pk}/khu-pho/{areas.kp1.pk}/"
    client = client_for(leader)
    assert client.get(url).status_code == 200
    response = client.post(url, data)
    assert response.status_code == 403
    assert not Review.objects.filter(campaign=campaign, household=hh_kp1).exists()


def test_quarter_head_of_another_quarter_gets_404_before_validation(
    client_for, quarter_head_kp2, campaign, areas
):
    url = f"/ra-soat/{campaign.pk}/khu-pho/{areas.kp1.pk}/"
    assert client_for(quarter_head_kp2).post(url, {}).status_code == 404


def test_officer_still_adds_to_review_list(client_for, officer, campaign, hh_kp1, areas):
    url = f"/ra-soat/{campaign.pk}/khu-pho/{areas.kp1.pk}/"
    response = client_for(officer).post(url, {"code": "KP1-001"})
    assert response.status_code == 302
    assert Review.objects.filter(campaign=campaign, household=hh_kp1).exists()


def test_officer_still_gets_form_errors(client_for, officer, campaign, areas):
    url = f"/ra-soat/{campaign.pk}/khu-pho/{areas.kp1.pk}/"
    assert client_for(officer).post(url, {}).status_code == 200
