"""The household page: scope, access log, masking, member details, history, queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tannkhai.models import AccessLog
from tests.conftest import AN_CITIZEN_ID, HOA_CITIZEN_ID
from tests.factories import MemberFactory
from tests.utils import login_redirect, text


def url(household):
    return f"/ho-gia-dinh/{household.pk}/"


STATUS = {
    "officer": 200,
    "quarter_head_kp1": 200,
    "quarter_head_kp2": 404,
    "leader": 200,
    "org_member": 200,
    "admin_user": 200,
    "outsider": 404,
}


@pytest.mark.parametrize(("name", "status"), STATUS.items())
def test_detail_status_by_persona(hh_kp1, persona, client_for, name, status):
    response = client_for(persona(name)).get(url(hh_kp1))
    assert response.status_code == status
    if status == 200:
        assert "Nguyễn Văn Ân" in text(response)
        assert "Lê Thị Hoa" in text(response)


def test_org_member_cannot_open_an_unassigned_household(hh_kp1, hh_kp2, org_member, client_for):
    assert client_for(org_member).get(url(hh_kp2)).status_code == 404


def test_unknown_household_is_404(officer, client_for):
    assert client_for(officer).get("/ho-gia-dinh/987654/").status_code == 404


def test_anonymous_is_sent_to_login(hh_kp1, client_for):
    assert login_redirect(client_for(None).get(url(hh_kp1)), url(hh_kp1))


@pytest.mark.parametrize(
    "name", ["officer", "quarter_head_kp1", "leader", "org_member", "admin_user"]
)
def test_each_view_writes_an_access_log_row(hh_kp1, persona, client_for, name):
    user = persona(name)
    client = client_for(user)
    client.get(url(hh_kp1))
    client.get(url(hh_kp1))
    logs = AccessLog.objects.filter(user=user)
    assert logs.count() == 2
    log = logs.first()
    assert log.action == AccessLog.Action.VIEW_HOUSEHOLD
    assert log.household == hh_kp1
    assert log.ip_address == "127.0.0.1"


@pytest.mark.parametrize("name", ["quarter_head_kp2", "outsider"])
def test_out_of_scope_view_writes_no_access_log(hh_kp1, persona, client_for, name):
    client_for(persona(name)).get(url(hh_kp1))
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize("name", ["officer", "admin_user"])
def test_full_citizen_id_for_officer_and_admin(hh_kp1, persona, client_for, name):
    body = text(client_for(persona(name)).get(url(hh_kp1)))
    assert AN_CITIZEN_ID in body
    assert HOA_CITIZEN_ID in body


@pytest.mark.parametrize("name", ["quarter_head_kp1", "leader"])
def test_masked_citizen_id_for_quarter_head_and_leader(hh_kp1, persona, client_for, name):
    body = text(client_for(persona(name)).get(url(hh_kp1)))
    assert "••••••••1234" in body
    assert "••••••••5678" in body
    assert AN_CITIZEN_ID not in body
    assert HOA_CITIZEN_ID not in body


def test_org_member_does_not_see_member_details(hh_kp1, org_member, client_for):
    response = client_for(org_member).get(url(hh_kp1))
    body = text(response)
    assert response.context["show_details"] is False
    assert "Số CCCD" not in body
    assert "BHYT" not in body
    assert "Việc làm" not in body
    assert "••••••••1234" not in body
    assert AN_CITIZEN_ID not in body
    assert "Lịch sử thay đổi" not in body
    assert "Ai đã xem hồ sơ" not in body
    # but the assignment is there
    assert "Mai Văn Hội Viên" in body


def test_access_log_shown_to_officer_only(hh_kp1, officer, leader, client_for):
    client_for(leader).get(url(hh_kp1))
    body = text(client_for(officer).get(url(hh_kp1)))
    assert "Ai đã xem hồ sơ (20 lần gần nhất)" in body
    assert "Trương Văn Lãnh Đạo" in body
    assert "Ai đã xem hồ sơ" not in text(client_for(leader).get(url(hh_kp1)))


@pytest.mark.parametrize(
    ("name", "edit", "restructure"),
    [
        ("officer", True, True),
        ("quarter_head_kp1", True, False),
        ("leader", False, False),
        ("org_member", False, False),
    ],
)
def test_actions_offered_by_role(hh_kp1, persona, client_for, name, edit, restructure):
    body = text(client_for(persona(name)).get(url(hh_kp1)))
    assert (f"/ho-gia-dinh/{hh_kp1.pk}/sua/" in body) is edit
    assert (f"/ho-gia-dinh/{hh_kp1.pk}/chuyen-khu-pho/" in body) is restructure
    assert (f"/ho-gia-dinh/{hh_kp1.pk}/ra-khoi-danh-sach/" in body) is restructure


def test_detail_query_count_does_not_grow_with_members(hh_kp1, officer, client_for):
    client = client_for(officer)
    client.get(url(hh_kp1))  # warm up
    assert hh_kp1.members.count() == 2
    with CaptureQueriesContext(connection) as small:
        client.get(url(hh_kp1))
    for n in range(10):
        MemberFactory(household=hh_kp1, user=officer, full_name=f"Nguyễn Văn Con {n}")
    with CaptureQueriesContext(connection) as large:
        response = client.get(url(hh_kp1))
    assert "Thành viên (12)" in text(response)
    assert len(large.captured_queries) == len(small.captured_queries)


@pytest.mark.parametrize("pk", ["9223372036854775808", "99999999999999999999999"])
def test_huge_ids_are_404(officer, client_for, pk):
    assert client_for(officer).get(f"/ho-gia-dinh/{pk}/").status_code == 404
    assert client_for(officer).get(f"/ho-gia-dinh/thanh-vien/{pk}/sua/").status_code == 404


def test_members_table_birth_year_column_shows_the_year_only(hh_kp1, officer, client_for):
    import datetime as dt

    MemberFactory(
        household=hh_kp1,
        full_name="Nguyễn Thị Bé",
        date_of_birth=dt.date(2012, 5, 4),
        birth_year=2012,
    )
    body = text(client_for(officer).get(url(hh_kp1)))
    row = body.split("Nguyễn Thị Bé", 1)[1].split("</tr>", 1)[0]
    assert "04/05/2012" not in body
    assert "2012" in row
    assert "04/05/2012" not in row
