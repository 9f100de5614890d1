"""Campaign screens: list and create, campaign page, quarter page."""

import pytest

from households.models import Household
from households.reviews.models import Review, ReviewCampaign
from tests.reviews.helpers import review_counts
from tests.utils import field_errors, login_redirect, messages_of, non_field_errors, text

LIST = "/ra-soat/"
CREATE = "/ra-soat/tao/"


def campaign_url(campaign):
    return f"/ra-soat/{campaign.pk}/"


def quarter_url(campaign, quarter):
    return f"/ra-soat/{campaign.pk}/khu-pho/{quarter.pk}/"


@pytest.mark.parametrize(
    ("name", "status", "has_form"),
    [
        ("officer", 200, True),
        ("quarter_head_kp1", 200, False),
        ("quarter_head_kp2", 200, False),
        ("leader", 200, False),
        ("org_member", 403, False),
        ("admin_user", 200, True),
        ("outsider", 200, True),
    ],
)
def test_campaign_list_by_persona(
    persona, client_for, campaign, other_campaign, name, status, has_form
):
    response = client_for(persona(name)).get(LIST)
    assert response.status_code == status
    if status != 200:
        return
    listed = {c.pk for c in response.context["campaigns"]}
    if name == "outsider":
        assert listed == {other_campaign.pk}
    elif name == "admin_user":
        assert listed == {campaign.pk, other_campaign.pk}
    else:
        assert listed == {campaign.pk}
    assert (response.context["form"] is not None) is has_form
    assert ("Mở đợt rà soát" in text(response)) is has_form


def test_anonymous_is_sent_to_login(client_for, campaign):
    for url in (LIST, campaign_url(campaign)):
        assert login_redirect(client_for(None).get(url), url)


def test_officer_opens_a_campaign(client_for, officer, areas, make_household):
    make_household("P-1", status="poor")
    response = client_for(officer).post(
        CREATE, {"kind": "periodic", "year": 2026, "month": 11, "commune": areas.commune.pk}
    )
    campaign = ReviewCampaign.objects.get()
    assert response.status_code == 302
    assert response["Location"] == campaign_url(campaign)
    assert messages_of(response) == [
        "Đã mở Rà soát định kỳ năm 2026 với 1 hộ trong danh sách rà soát."
    ]
    assert (campaign.month, campaign.list_year, campaign.standard.code) == (
        None,
        2027,
        "2027-2030",
    )


def test_explicit_standard_through_the_form(client_for, officer, areas, standard_2022):
    client_for(officer).post(
        CREATE,
        {
            "kind": "periodic",
            "year": 2026,
            "commune": areas.commune.pk,
            "standard": standard_2022.pk,
        },
    )
    assert ReviewCampaign.objects.get().standard == standard_2022


def test_duplicate_campaign_shows_the_message(client_for, officer, areas, campaign):
    before = review_counts()
    response = client_for(officer).post(
        CREATE, {"kind": "periodic", "year": 2025, "commune": areas.commune.pk}
    )
    assert response.status_code == 200
    assert non_field_errors(response) == ["Đợt rà soát này đã được tạo."]
    assert "Đợt rà soát này đã được tạo." in text(response)
    assert review_counts() == before


def test_adhoc_without_month_shows_the_message(client_for, officer, areas):
    response = client_for(officer).post(
        CREATE, {"kind": "adhoc", "year": 2026, "commune": areas.commune.pk}
    )
    assert response.status_code == 200
    assert field_errors(response, "month") == ["Rà soát thường xuyên cần chọn tháng."]
    assert not ReviewCampaign.objects.exists()


def test_admin_chooses_the_commune(client_for, admin_user, areas):
    response = client_for(admin_user).post(
        CREATE, {"kind": "periodic", "year": 2026, "commune": areas.other_commune.pk}
    )
    assert response.status_code == 302
    assert ReviewCampaign.objects.get().commune == areas.other_commune


def test_outsider_cannot_open_a_campaign_for_tan_khai(client_for, outsider, areas):
    response = client_for(outsider).post(
        CREATE, {"kind": "periodic", "year": 2026, "commune": areas.commune.pk}
    )
    assert response.status_code == 200
    assert field_errors(response, "commune")
    assert not ReviewCampaign.objects.exists()


@pytest.mark.parametrize("name", ["quarter_head_kp1", "leader", "org_member"])
def test_others_cannot_open_a_campaign(persona, client_for, areas, name):
    response = client_for(persona(name)).post(
        CREATE, {"kind": "periodic", "year": 2026, "commune": areas.commune.pk}
    )
    assert response.status_code == 403
    assert not ReviewCampaign.objects.exists()


def test_create_is_post_only(client_for, officer):
    assert client_for(officer).get(CREATE).status_code == 405


# -- campaign page ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "status", "quarters"),
    [
        ("officer", 200, {"Khu phố 1", "Khu phố 2"}),
        ("quarter_head_kp1", 200, {"Khu phố 1"}),
        ("quarter_head_kp2", 200, {"Khu phố 2"}),
        ("leader", 200, {"Khu phố 1", "Khu phố 2"}),
        ("org_member", 403, None),
        ("admin_user", 200, {"Khu phố 1", "Khu phố 2"}),
        ("outsider", 404, None),
    ],
)
def test_campaign_page_by_persona(
    persona, client_for, campaign, review_kp1, review_kp2, name, status, quarters
):
    response = client_for(persona(name)).get(campaign_url(campaign))
    assert response.status_code == status
    if status == 200:
        assert {row["name"] for row in response.context["summary"]} == quarters
        assert "01/09/2025 – 14/12/2025" in text(response)


def test_campaign_page_counts(client_for, officer, campaign, review_kp1, review_kp2):
    from tests.reviews.helpers import survey

    survey(officer, review_kp1, income=1_000_000, codes=["1", "2", "3"])
    response = client_for(officer).get(campaign_url(campaign))
    summary = {row["name"]: row for row in response.context["summary"]}
    assert {k: n for k, n in summary["Khu phố 1"]["status"].items() if n} == {"surveyed": 1}
    assert summary["Khu phố 1"]["result"] == {"poor": 1}
    assert summary["Khu phố 1"]["missing"] == 0
    assert summary["Khu phố 2"]["missing"] == 1
    assert {k: n for k, n in response.context["totals"].items() if n} == {
        "surveyed": 1,
        "draft": 1,
    }


def test_another_communes_campaign_is_not_found(client_for, officer, other_campaign):
    assert client_for(officer).get(campaign_url(other_campaign)).status_code == 404


# -- quarter page -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("officer", 200),
        ("quarter_head_kp1", 200),
        ("quarter_head_kp2", 404),
        ("leader", 200),
        ("org_member", 403),
        ("admin_user", 200),
        ("outsider", 404),
    ],
)
def test_quarter_page_by_persona(persona, client_for, campaign, areas, review_kp1, name, status):
    response = client_for(persona(name)).get(quarter_url(campaign, areas.kp1))
    assert response.status_code == status
    if status == 200:
        assert [r.pk for r in response.context["reviews"]] == [review_kp1.pk]
        assert "Nguyễn Văn Ân" in text(response)


def test_quarter_of_another_commune_is_not_found(client_for, admin_user, campaign, areas):
    url = quarter_url(campaign, areas.other_quarter)
    assert client_for(admin_user).get(url).status_code == 404


@pytest.mark.parametrize("name", ["officer", "quarter_head_kp1"])
def test_add_a_household_by_code(persona, client_for, campaign, areas, hh_kp1, name):
    response = client_for(persona(name)).post(quarter_url(campaign, areas.kp1), {"code": "kp1-001"})
    review = Review.objects.get(campaign=campaign, household=hh_kp1)
    assert response.status_code == 302
    assert response["Location"] == f"/ra-soat/phieu/{review.pk}/"
    assert messages_of(response) == ["Đã thêm hộ KP1-001 vào danh sách rà soát."]


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("KP9-999", "Không có hộ mã KP9-999 trong khu phố này."),
        ("KP2-001", "Không có hộ mã KP2-001 trong khu phố này."),  # of Khu phố 2
    ],
)
def test_add_an_unknown_household(client_for, officer, campaign, areas, hh_kp2, code, message):
    response = client_for(officer).post(quarter_url(campaign, areas.kp1), {"code": code})
    assert response.status_code == 200
    assert field_errors(response, "code", form="add_form") == [message]
    assert not Review.objects.exists()


def test_add_a_retired_household(client_for, officer, campaign, areas, hh_kp1):
    import datetime as dt

    Household.objects.filter(pk=hh_kp1.pk).update(
        status="retired", retired_reason="moved_away", retired_on=dt.date(2026, 3, 1)
    )
    before = review_counts()
    response = client_for(officer).post(quarter_url(campaign, areas.kp1), {"code": "KP1-001"})
    assert response.status_code == 200
    assert "Hộ KP1-001 đã ra khỏi danh sách, không thể rà soát." in text(response)
    assert review_counts() == before


def test_add_a_household_twice(client_for, officer, campaign, areas, review_kp1):
    before = review_counts()
    response = client_for(officer).post(quarter_url(campaign, areas.kp1), {"code": "KP1-001"})
    assert response.status_code == 200
    assert "Hộ KP1-001 đã có phiếu trong đợt rà soát này." in text(response)
    assert review_counts() == before


def test_leader_cannot_add_households(client_for, leader, campaign, areas, hh_kp1):
    response = client_for(leader).post(quarter_url(campaign, areas.kp1), {"code": "KP1-001"})
    assert response.status_code == 403
    assert not Review.objects.exists()
