"""Every view of personal data leaves an access-log entry (issue 7, finding 4)."""

import pytest
from django.contrib.auth.models import Permission

from tannkhai.audit import citizen_id_digest
from tannkhai.models import AccessLog, Role
from tests.conftest import AN_CITIZEN_ID, HOA_CITIZEN_ID
from tests.factories import UserFactory

Action = AccessLog.Action


def entries(user):
    return list(AccessLog.objects.filter(user=user).order_by("pk"))


@pytest.mark.parametrize(
    ("path", "form"),
    [
        ("/ho-gia-dinh/{hh}/sua/", "household_edit"),
        ("/ho-gia-dinh/{hh}/doi-chu-ho/", "set_head"),
        ("/ho-gia-dinh/thanh-vien/{member}/sua/", "member_edit"),
    ],
)
def test_opening_an_edit_form_is_logged(hh_kp1, quarter_head_kp1, client_for, path, form):
    hoa = hh_kp1.members.get(citizen_id=HOA_CITIZEN_ID)
    url = path.format(hh=hh_kp1.pk, member=hoa.pk)
    assert client_for(quarter_head_kp1).get(url).status_code == 200
    [log] = entries(quarter_head_kp1)
    assert log.action == Action.VIEW_EDIT_FORM
    assert log.household_id == hh_kp1.pk
    assert log.detail["form"] == form
    assert log.ip_address == "127.0.0.1"


def test_out_of_scope_edit_form_is_not_logged(hh_kp1, quarter_head_kp2, client_for):
    assert client_for(quarter_head_kp2).get(f"/ho-gia-dinh/{hh_kp1.pk}/sua/").status_code == 404
    assert entries(quarter_head_kp2) == []


@pytest.mark.parametrize("htmx", [False, True])
def test_registry_search_by_citizen_id_is_logged_masked(hh_kp1, quarter_head_kp1, client_for, htmx):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    client_for(quarter_head_kp1).get("/ho-gia-dinh/", {"q": AN_CITIZEN_ID}, **headers)
    [log] = entries(quarter_head_kp1)
    assert log.action == Action.SEARCH_CITIZEN_ID
    assert log.household_id == hh_kp1.pk
    assert log.detail == {
        "where": "registry",
        "citizen_id": "••••••••" + AN_CITIZEN_ID[-4:],
        "citizen_id_digest": citizen_id_digest(AN_CITIZEN_ID),
        "households": [hh_kp1.pk],
    }
    assert AN_CITIZEN_ID not in str(log.detail)


def test_name_search_is_not_logged(hh_kp1, quarter_head_kp1, client_for):
    client_for(quarter_head_kp1).get("/ho-gia-dinh/", {"q": "Nguyễn"})
    assert entries(quarter_head_kp1) == []


def test_member_search_by_citizen_id_is_logged(hh_kp1, officer, client_for):
    response = client_for(officer).get("/chuong-trinh/tim-nguoi/", {"q": HOA_CITIZEN_ID})
    assert "Lê Thị Hoa" in response.content.decode()
    [log] = entries(officer)
    assert log.action == Action.SEARCH_CITIZEN_ID
    assert log.detail["where"] == "member_search"
    assert log.detail["citizen_id_digest"] == citizen_id_digest(HOA_CITIZEN_ID)
    assert HOA_CITIZEN_ID not in str(log.detail)


def test_export_log_masks_a_searched_citizen_id(hh_kp1, officer, client_for):
    client_for(officer).get("/ho-gia-dinh/xuat-excel/", {"q": AN_CITIZEN_ID})
    [log] = entries(officer)
    assert log.action == Action.EXPORT_HOUSEHOLDS
    assert AN_CITIZEN_ID not in str(log.detail)
    assert log.detail["q_digest"] == citizen_id_digest(AN_CITIZEN_ID)


# -- the Django admin -------------------------------------------------------------


@pytest.fixture
def superuser(areas):
    return UserFactory(username="root", role=Role.ADMIN, is_staff=True, is_superuser=True)


@pytest.fixture
def staff_viewer(areas):
    """Staff who may view registry records in the admin but is no officer/admin."""
    user = UserFactory(username="xem", role=Role.LEADER, is_staff=True, areas=[areas.commune])
    user.user_permissions.set(
        Permission.objects.filter(codename__in=["view_member", "view_household"])
    )
    return user


@pytest.mark.parametrize(
    ("path", "model", "page"),
    [
        ("/quan-tri/households/household/{hh}/change/", "household", "change"),
        ("/quan-tri/households/household/{hh}/history/", "household", "history"),
        ("/quan-tri/households/member/{member}/change/", "member", "change"),
        ("/quan-tri/households/member/{member}/history/", "member", "history"),
    ],
)
def test_admin_pages_are_logged(hh_kp1, superuser, client_for, path, model, page):
    hoa = hh_kp1.members.get(citizen_id=HOA_CITIZEN_ID)
    url = path.format(hh=hh_kp1.pk, member=hoa.pk)
    assert client_for(superuser).get(url).status_code == 200
    [log] = entries(superuser)
    assert log.action == Action.ADMIN_VIEW
    assert log.household_id == hh_kp1.pk
    assert (log.detail["model"], log.detail["page"]) == (model, page)


def test_admin_member_search_by_citizen_id_is_logged(hh_kp1, superuser, client_for):
    client_for(superuser).get("/quan-tri/households/member/", {"q": HOA_CITIZEN_ID})
    [log] = entries(superuser)
    assert log.action == Action.SEARCH_CITIZEN_ID
    assert log.detail["where"] == "admin:member"
    assert log.household_id == hh_kp1.pk


def test_admin_masks_identifiers_for_staff_who_are_not_officers(
    hh_kp1, staff_viewer, superuser, client_for
):
    hoa = hh_kp1.members.get(citizen_id=HOA_CITIZEN_ID)
    url = f"/quan-tri/households/member/{hoa.pk}/change/"
    response = client_for(staff_viewer).get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert HOA_CITIZEN_ID not in body
    assert "••••••••" + HOA_CITIZEN_ID[-4:] in body
    assert HOA_CITIZEN_ID in client_for(superuser).get(url).content.decode()
    # Nor can they find a member by citizen ID, nor open a past version in full.
    found = client_for(staff_viewer).get("/quan-tri/households/member/", {"q": HOA_CITIZEN_ID})
    assert list(found.context["cl"].result_list) == []
    version = hoa.history.first().history_id
    past = f"/quan-tri/households/member/{hoa.pk}/history/{version}/"
    assert client_for(staff_viewer).get(past).status_code == 403
