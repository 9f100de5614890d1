"""The area filter of list pages: a commune first for users of several communes, its
quarters filled by htmx (scoped), a fixed cost whatever the number of quarters."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from households.models import Area
from tannkhai.models import Role
from tests.factories import AreaFactory, HouseholdFactory, UserFactory, add_quarters

URL = "/ho-gia-dinh/"
OPTIONS = reverse("households:quarter_options")


def select(html: str, name: str) -> str | None:
    found = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
    return found.group(1) if found else None


def options(html: str, name: str) -> list[str]:
    body = select(html, name)
    return [] if body is None else re.findall(r'<option value="(\d*)"', body)


@pytest.fixture
def two_communes(areas):
    """An officer of two communes (Tân Khai and Bến Thành)."""
    return UserFactory(
        username="haixa", role=Role.OFFICER, areas=[areas.commune, areas.other_commune]
    )


def test_admin_list_offers_communes_not_quarters(areas, admin_user, client_for):
    add_quarters(areas.commune, 30)
    html = client_for(admin_user).get(URL).content.decode()
    assert sorted(options(html, "commune")) == sorted(
        ["", str(areas.commune.pk), str(areas.other_commune.pk)]
    )
    assert options(html, "quarter") == [""]  # "choose a commune first"
    assert "Chọn xã / phường trước" in html


def test_submitted_commune_narrows_the_quarters(areas, admin_user, client_for):
    add_quarters(areas.commune, 3)
    html = client_for(admin_user).get(URL, {"commune": areas.other_commune.pk}).content.decode()
    assert options(html, "quarter") == ["", str(areas.other_quarter.pk)]
    html = client_for(admin_user).get(URL, {"commune": areas.commune.pk}).content.decode()
    assert len(options(html, "quarter")) == 1 + 5


def test_quarter_link_without_commune_selects_both(areas, admin_user, households, client_for):
    html = client_for(admin_user).get(URL, {"quarter": areas.kp2.pk}).content.decode()
    assert re.search(rf'<option value="{areas.commune.pk}" selected', html)
    assert re.search(rf'<option value="{areas.kp2.pk}" selected', html)
    assert "KP2-001" in html and "KP1-001" not in html and "BT-001" not in html


def test_commune_filter(areas, admin_user, households, client_for):
    html = client_for(admin_user).get(URL, {"commune": areas.other_commune.pk}).content.decode()
    assert "BT-001" in html and "KP1-001" not in html


def test_stale_quarter_of_another_commune_is_dropped(areas, admin_user, households, client_for):
    html = (
        client_for(admin_user)
        .get(URL, {"commune": areas.other_commune.pk, "quarter": areas.kp1.pk})
        .content.decode()
    )
    assert "BT-001" in html and "KP1-001" not in html


def test_officer_sees_the_quarters_of_the_commune_directly(areas, officer, client_for):
    html = client_for(officer).get(URL).content.decode()
    assert select(html, "commune") is None
    assert options(html, "quarter") == ["", str(areas.kp1.pk), str(areas.kp2.pk)]


def test_user_of_two_communes_chooses_among_them_only(areas, two_communes, client_for):
    AreaFactory(code="99", name="Xã Khác", kind=Area.Kind.COMMUNE, parent=areas.province)
    html = client_for(two_communes).get(URL).content.decode()
    assert sorted(options(html, "commune")) == sorted(
        ["", str(areas.commune.pk), str(areas.other_commune.pk)]
    )


def test_out_of_scope_commune_is_flagged_not_shown(areas, households, client_for, two_communes):
    other = AreaFactory(code="99", name="Xã Khác", kind=Area.Kind.COMMUNE, parent=areas.province)
    quarter = AreaFactory(code="99-1", name="Ấp 1", kind=Area.Kind.QUARTER, parent=other)
    HouseholdFactory(quarter=quarter, code="XK-001")
    html = client_for(two_communes).get(URL, {"commune": other.pk}).content.decode()
    assert "Một số điều kiện lọc không hợp lệ và đã được bỏ qua." in html
    assert "XK-001" not in html


def test_quarter_head_filter_unchanged(areas, quarter_head_kp1, households, client_for):
    html = client_for(quarter_head_kp1).get(URL).content.decode()
    assert select(html, "commune") is None
    assert options(html, "quarter") == ["", str(areas.kp1.pk)]


# ------------------------------------------------------------ name search


def test_province_wide_name_search_asks_for_a_commune(areas, admin_user, households, client_for):
    html = client_for(admin_user).get(URL, {"q": "nguyen"}).content.decode()
    assert 'id="search-needs-commune"' in html
    html = client_for(admin_user).get(URL, {"q": "KP1-001"}).content.decode()
    assert 'id="search-needs-commune"' not in html
    assert "KP1-001" in html


def test_name_search_within_the_chosen_commune(areas, admin_user, households, client_for):
    name = "dang"
    html = (
        client_for(admin_user).get(URL, {"q": name, "commune": areas.commune.pk}).content.decode()
    )
    assert 'id="search-needs-commune"' not in html
    assert "KP2-001" in html and "BT-001" not in html


def test_officer_name_search_needs_no_commune(areas, officer, households, client_for):
    name = "dang"
    html = client_for(officer).get(URL, {"q": name}).content.decode()
    assert 'id="search-needs-commune"' not in html
    assert "KP2-001" in html


# ------------------------------------------------------------ htmx endpoint


def test_options_endpoint_gives_the_communes_quarters(areas, admin_user, client_for):
    response = client_for(admin_user).get(
        OPTIONS, {"commune": areas.commune.pk, "target": "l-quarter"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="l-quarter"' in html
    assert options(html, "quarter") == ["", str(areas.kp1.pk), str(areas.kp2.pk)]


def test_options_endpoint_without_commune_asks_for_one(areas, admin_user, client_for):
    html = client_for(admin_user).get(OPTIONS, {"commune": ""}).content.decode()
    assert options(html, "quarter") == [""]
    assert "Chọn xã / phường trước" in html


def test_options_endpoint_rejects_a_bad_target_id(areas, admin_user, client_for):
    html = client_for(admin_user).get(OPTIONS, {"target": '"><script>'}).content.decode()
    assert 'id="f-quarter"' in html and "<script>" not in html


@pytest.mark.parametrize("persona_name", ["outsider", "quarter_head_kp2", "officer"])
def test_options_endpoint_is_scoped(areas, persona, client_for, persona_name):
    """An officer of Tân Khai and its quarter heads may not list Bến Thành's quarters;
    the officer of Bến Thành may not list Tân Khai's."""
    user = persona(persona_name)
    commune = areas.commune if persona_name == "outsider" else areas.other_commune
    assert client_for(user).get(OPTIONS, {"commune": commune.pk}).status_code == 404


def test_options_endpoint_quarter_head_sees_own_quarter_only(areas, quarter_head_kp1, client_for):
    html = client_for(quarter_head_kp1).get(OPTIONS, {"commune": areas.commune.pk}).content
    assert options(html.decode(), "quarter") == ["", str(areas.kp1.pk)]


@pytest.mark.parametrize("value", ["abc", "99999999999999999999999", "-1", "0"])
def test_options_endpoint_odd_commune_is_404(areas, admin_user, client_for, value):
    assert client_for(admin_user).get(OPTIONS, {"commune": value}).status_code == 404


def test_options_endpoint_needs_login(areas, client):
    response = client.get(OPTIONS, {"commune": areas.commune.pk})
    assert response.status_code == 302


# ------------------------------------------------------------ query counts


def count(client, url, params):
    client.get(url, params)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    return len(ctx.captured_queries)


def test_query_counts_do_not_grow_with_quarters(areas, admin_user, client_for):
    client = client_for(admin_user)
    cases = [
        (URL, {}),
        (URL, {"commune": areas.commune.pk}),
        (OPTIONS, {"commune": areas.commune.pk}),
    ]
    before = [count(client, url, params) for url, params in cases]
    add_quarters(areas.commune, 40)
    for n in range(10):
        AreaFactory(code=f"C{n}", name=f"Xã {n}", kind=Area.Kind.COMMUNE, parent=areas.province)
    after = [count(client, url, params) for url, params in cases]
    assert after == before


@pytest.mark.parametrize(
    "name",
    [
        "funding:allocations",
        "funding:disbursements",
        "loans:loans",
        "targets:placements",
        "targets:enrolments",
        "assignments:list",
        "assignments:coverage",
    ],
)
def test_other_lists_use_the_same_filter(areas, admin_user, client_for, name):
    add_quarters(areas.commune, 20)
    client = client_for(admin_user)
    html = client.get(reverse(name)).content.decode()
    assert len(options(html, "commune")) == 3
    assert options(html, "quarter") == [""]
    html = client.get(reverse(name), {"commune": areas.commune.pk}).content.decode()
    assert len(options(html, "quarter")) == 1 + 22
