"""The quarter drop-down of the report forms: the quarters of the chosen campaign (filled
by htmx when the campaign changes), never every quarter of the user's scope — a province
holds about a thousand — and always within the scope."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from households.reviews import services as svc
from households.reviews.models import ReviewCampaign
from tannkhai.models import User
from tests.conftest import AreaTree
from tests.factories import add_quarters

INDEX = reverse("reports:index")
OPTIONS = reverse("reports:quarter_options")
LIST = "danh-sach-ho"


def quarter_options(html: str, select_id: str) -> list[str]:
    found = re.search(rf'<select id="{select_id}" name="quarter"[^>]*>(.*?)</select>', html, re.S)
    assert found, f"no quarter drop-down {select_id}"
    return re.findall(r'<option value="(\d*)"', found.group(1))


@pytest.fixture
def both(
    campaign: ReviewCampaign, other_campaign: ReviewCampaign
) -> tuple[ReviewCampaign, ReviewCampaign]:
    return campaign, other_campaign


def test_admin_sees_the_quarters_of_the_first_campaign_only(
    areas: AreaTree, admin_user: User, client_for, both
) -> None:
    extra = add_quarters(areas.other_commune, 20)
    first = ReviewCampaign.objects.order_by("-year", "-month").first()
    html = client_for(admin_user).get(INDEX).content.decode()
    offered = quarter_options(html, f"{LIST}-quarter")
    expected = (
        [areas.kp1, areas.kp2]
        if first.commune_id == areas.commune.pk
        else [*extra, areas.other_quarter]
    )
    assert sorted(offered) == sorted(["", *(str(q.pk) for q in expected)])
    # The campaign drop-down fetches the quarters of the one chosen.
    assert f'hx-get="{OPTIONS}"' in html and f'hx-target="#{LIST}-quarter"' in html


def test_options_follow_the_chosen_campaign(
    areas: AreaTree, admin_user: User, client_for, both
) -> None:
    campaign, other = both
    client = client_for(admin_user)
    page = client.get(OPTIONS, {"campaign": other.pk, "target": f"{LIST}-quarter"})
    assert page.status_code == 200
    html = page.content.decode()
    assert quarter_options(html, f"{LIST}-quarter") == ["", str(areas.other_quarter.pk)]
    html = client.get(OPTIONS, {"campaign": campaign.pk}).content.decode()
    assert sorted(quarter_options(html, "quarter")) == sorted(
        ["", str(areas.kp1.pk), str(areas.kp2.pk)]
    )


def test_out_of_scope_campaign_is_404(
    areas: AreaTree, officer: User, outsider: User, client_for, both
) -> None:
    campaign, other = both
    assert client_for(officer).get(OPTIONS, {"campaign": other.pk}).status_code == 404
    assert client_for(outsider).get(OPTIONS, {"campaign": campaign.pk}).status_code == 404
    for bad in ("abc", "-1", "9" * 40, "1 OR 1=1"):
        assert client_for(officer).get(OPTIONS, {"campaign": bad}).status_code == 404


def test_quarter_head_is_offered_its_own_quarter(
    areas: AreaTree, quarter_head_kp1: User, client_for, campaign: ReviewCampaign
) -> None:
    client = client_for(quarter_head_kp1)
    html = client.get(INDEX).content.decode()
    assert quarter_options(html, f"{LIST}-quarter") == ["", str(areas.kp1.pk)]
    html = client.get(OPTIONS, {"campaign": campaign.pk}).content.decode()
    assert quarter_options(html, "quarter") == ["", str(areas.kp1.pk)]


def test_target_id_is_sanitised(officer: User, client_for, campaign: ReviewCampaign) -> None:
    html = (
        client_for(officer)
        .get(OPTIONS, {"campaign": campaign.pk, "target": '"><script>x</script>'})
        .content.decode()
    )
    assert "<script>" not in html and 'id="quarter"' in html


def test_preview_offers_the_chosen_campaigns_quarters_with_the_choice(
    areas: AreaTree, admin_user: User, client_for, both
) -> None:
    _campaign, other = both
    add_quarters(areas.commune, 5)
    page = client_for(admin_user).get(
        reverse("reports:preview", args=[LIST]),
        {"campaign": other.pk, "quarter": areas.other_quarter.pk},
    )
    html = page.content.decode()
    assert quarter_options(html, f"{LIST}-quarter") == ["", str(areas.other_quarter.pk)]
    assert f'<option value="{areas.other_quarter.pk}" selected>' in html


def test_reports_page_cost_does_not_grow_with_the_quarters(
    areas: AreaTree, admin_user: User, client_for, officer: User
) -> None:
    svc.campaign_create(user=officer, commune=areas.commune, kind="periodic", year=2025)
    client = client_for(admin_user)
    client.get(INDEX)  # warm the session and caches
    with CaptureQueriesContext(connection) as few:
        small = client.get(INDEX).content
    add_quarters(areas.other_commune, 200)
    add_quarters(areas.commune, 50, start=500)
    with CaptureQueriesContext(connection) as many:
        large = client.get(INDEX).content
    assert len(many) == len(few)
    # The page grew by the first campaign's own new quarters only, not the other commune's.
    offered = quarter_options(large.decode(), f"{LIST}-quarter")
    assert len(offered) == 1 + 2 + 50
    assert len(large) < len(small) + 50 * 200 * 8
