"""A member leaves the household (the head cannot)."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.conftest import HOA_CITIZEN_ID
from tests.utils import counts, field_errors, login_redirect, messages_of, non_field_errors, text

STATUS = {
    "officer": 200,
    "quarter_head_kp1": 200,
    "quarter_head_kp2": 404,
    "leader": 403,
    "org_member": 403,
    "admin_user": 200,
    "outsider": 404,
}


def url(member):
    return f"/ho-gia-dinh/thanh-vien/{member.pk}/ra-khoi-ho/"


def form_data(member, **overrides):
    data = {
        "reason": "married_out",
        "left_on": timezone.localdate().isoformat(),
        "version": str(member.version),
    }
    data.update(overrides)
    return data


@pytest.fixture
def hoa(hh_kp1):
    return hh_kp1.members.get(citizen_id=HOA_CITIZEN_ID)


@pytest.mark.parametrize(("name", "status"), STATUS.items())
def test_retire_member_by_persona(hoa, persona, client_for, name, status):
    client = client_for(persona(name))
    assert client.get(url(hoa)).status_code == status
    before = counts()
    response = client.post(url(hoa), form_data(hoa))
    hoa.refresh_from_db()
    if status == 200:
        assert response.status_code == 302
        assert messages_of(response) == ["Lê Thị Hoa đã ra khỏi hộ."]
        assert hoa.is_active is False
        assert counts()["Member"] == before["Member"]
    else:
        assert response.status_code == status
        assert hoa.is_active is True


def test_anonymous_is_sent_to_login(hoa, client_for):
    assert login_redirect(client_for(None).get(url(hoa)), url(hoa))


def test_former_member_is_listed_apart(hoa, officer, client_for):
    client = client_for(officer)
    client.post(url(hoa), form_data(hoa, left_on="2025-01-15"))
    response = client.get(f"/ho-gia-dinh/{hoa.household_id}/")
    assert [m.full_name for m in response.context["members"]] == ["Nguyễn Văn Ân"]
    assert "Lê Thị Hoa (1982) — Kết hôn, về ở nơi khác, 15/01/2025" in text(response)


def test_the_head_cannot_be_retired(hh_kp1, officer, client_for):
    head = hh_kp1.head
    before = counts()
    response = client_for(officer).post(url(head), form_data(head))
    assert response.status_code == 200
    assert non_field_errors(response) == [
        "Đây là chủ hộ: hãy chọn chủ hộ mới trước khi cho thành viên này ra khỏi hộ."
    ]
    assert counts() == before
    head.refresh_from_db()
    assert head.is_active is True


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"left_on": (dt.date.today() + dt.timedelta(days=2)).isoformat()},
            "left_on",
            "Ngày ra khỏi hộ không được ở tương lai.",
        ),
        ({"left_on": "hôm qua"}, "left_on", "Nhập một ngày hợp lệ."),
        ({"reason": ""}, "reason", "Trường này là bắt buộc."),
    ],
)
def test_bad_input_gets_a_message_on_the_field_and_saves_nothing(
    hoa, officer, client_for, overrides, field, message
):
    before = counts()
    response = client_for(officer).post(url(hoa), form_data(hoa, **overrides))
    assert response.status_code == 200
    assert message in field_errors(response, field)
    assert counts() == before
    hoa.refresh_from_db()
    assert hoa.is_active is True
