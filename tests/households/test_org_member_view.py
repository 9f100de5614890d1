"""Organisation members see names, relations, address and contacts only (issue 7,
finding 2): no DTTS / KCKNLĐ / CSCC / BTXH badges, no classification, and the filters
on those fields are neither offered nor applied."""

import pytest

from households.models import Ethnicity, Household, PovertyStatus
from tests.utils import text

LIST = "/ho-gia-dinh/"


@pytest.fixture
def flagged(hh_kp1):
    """hh_kp1 (assigned to the org member) with every sensitive flag set."""
    cho_ro = Ethnicity.objects.get(name="Chơ Ro")
    Household.objects.filter(pk=hh_kp1.pk).update(
        ethnicity=cho_ro,
        is_ethnic_minority=True,
        no_labour_capacity=True,
        person_of_merit=True,
        social_protection=True,
        poverty_status=PovertyStatus.POOR,
    )
    hh_kp1.refresh_from_db()
    return hh_kp1


SENSITIVE = ["DTTS", "KCKNLĐ", "CSCC", "BTXH", "Hộ nghèo", "Chơ Ro", "Phân loại"]


@pytest.mark.parametrize("htmx", [False, True])
def test_org_member_list_shows_no_sensitive_badges_or_classification(
    flagged, org_member, client_for, htmx
):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    html = text(client_for(org_member).get(LIST, **headers))
    assert "KP1-001" in html
    for word in SENSITIVE:
        assert word not in html, word


def test_officer_still_sees_the_badges(flagged, officer, client_for):
    html = text(client_for(officer).get(LIST))
    for word in ["DTTS", "KCKNLĐ", "CSCC", "BTXH", "Hộ nghèo"]:
        assert word in html


@pytest.mark.parametrize(
    "param",
    [
        {"is_ethnic_minority": "false"},
        {"no_labour_capacity": "false"},
        {"person_of_merit": "false"},
        {"social_protection": "false"},
        {"poverty_status": "near_poor"},
    ],
)
def test_org_member_filters_on_sensitive_fields_have_no_effect(
    flagged, org_member, client_for, param
):
    # Were the filter applied, the assigned household would disappear: that answers it.
    response = client_for(org_member).get(LIST, param)
    assert [hh.code for hh in response.context["page"].object_list] == ["KP1-001"]
    assert next(iter(param)) not in response.context["filter"].form.fields


def test_officer_filters_still_work(flagged, officer, client_for):
    response = client_for(officer).get(LIST, {"is_ethnic_minority": "false"})
    assert "KP1-001" not in [hh.code for hh in response.context["page"].object_list]


def test_org_member_household_page_shows_no_classification(flagged, org_member, client_for):
    html = text(client_for(org_member).get(f"/ho-gia-dinh/{flagged.pk}/"))
    assert "12 Nguyễn Huệ" in html
    for word in SENSITIVE:
        assert word not in html, word


def test_org_member_cannot_search_by_citizen_id(flagged, org_member, client_for):
    from tests.conftest import AN_CITIZEN_ID

    response = client_for(org_member).get(LIST, {"q": AN_CITIZEN_ID})
    assert list(response.context["page"].object_list) == []
