"""Choosing another head (officer, admin, quarter head of the household's quarter)."""

import pytest

from households.models import Member
from tests.conftest import HOA_CITIZEN_ID
from tests.utils import counts, field_errors, login_redirect, messages_of

STATUS = {
    "officer": 200,
    "quarter_head_kp1": 200,
    "quarter_head_kp2": 404,
    "leader": 403,
    "org_member": 403,
    "admin_user": 200,
    "outsider": 404,
}


def url(household):
    return f"/ho-gia-dinh/{household.pk}/doi-chu-ho/"


@pytest.mark.parametrize(("name", "status"), STATUS.items())
def test_set_head_by_persona(hh_kp1, persona, client_for, name, status):
    hoa = hh_kp1.members.get(citizen_id=HOA_CITIZEN_ID)
    client = client_for(persona(name))
    assert client.get(url(hh_kp1)).status_code == status
    response = client.post(url(hh_kp1), {"member": hoa.pk, "version": hh_kp1.version})
    hh_kp1.refresh_from_db()
    if status == 200:
        assert response.status_code == 302
        assert messages_of(response) == ["Đã đổi chủ hộ."]
        assert hh_kp1.head == hoa
        assert hh_kp1.head_name == "Lê Thị Hoa"
    else:
        assert response.status_code == status
        assert hh_kp1.head_name == "Nguyễn Văn Ân"


def test_anonymous_is_sent_to_login(hh_kp1, client_for):
    assert login_redirect(client_for(None).get(url(hh_kp1)), url(hh_kp1))


def test_form_offers_the_other_active_members(hh_kp1, officer, client_for):
    form = client_for(officer).get(url(hh_kp1)).context["form"]
    assert [m.full_name for m in form.fields["member"].queryset] == ["Lê Thị Hoa"]


def test_a_head_who_is_not_a_member_is_refused(hh_kp1, hh_kp2, officer, client_for):
    before = counts()
    response = client_for(officer).post(
        url(hh_kp1), {"member": hh_kp2.head_id, "version": hh_kp1.version}
    )
    assert response.status_code == 200
    assert field_errors(response, "member") == [
        "Hãy chọn một lựa chọn hợp lệ. Lựa chọn đó không phải là một trong các lựa chọn khả thi."
    ]
    assert counts() == before
    hh_kp1.refresh_from_db()
    assert hh_kp1.head_name == "Nguyễn Văn Ân"
    assert Member.objects.get(pk=hh_kp2.head_id).relation_to_head == Member.Relation.HEAD


def test_history_shows_the_new_head(hh_kp1, quarter_head_kp1, client_for):
    hoa = hh_kp1.members.get(citizen_id=HOA_CITIZEN_ID)
    client = client_for(quarter_head_kp1)
    client.post(url(hh_kp1), {"member": hoa.pk, "version": hh_kp1.version})
    response = client.get(f"/ho-gia-dinh/{hh_kp1.pk}/")
    entry = response.context["history"][0]
    assert entry.who == "Hồ Văn Một"
    body = response.content.decode()
    assert "<li>Chủ hộ: <del>Nguyễn Văn Ân</del> → <ins>Lê Thị Hoa</ins></li>" in body


def test_stale_version_is_reported(hh_kp1, officer, client_for):
    hoa = hh_kp1.members.get(citizen_id=HOA_CITIZEN_ID)
    response = client_for(officer).post(
        url(hh_kp1), {"member": hoa.pk, "version": hh_kp1.version + 5}
    )
    assert response.status_code == 200
    assert "vừa được người khác cập nhật" in response.content.decode()
    hh_kp1.refresh_from_db()
    assert hh_kp1.head_name == "Nguyễn Văn Ân"
