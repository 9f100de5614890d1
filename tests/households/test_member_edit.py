"""Editing a member through the form."""

import datetime as dt

import pytest
from django.utils import timezone

from households import services
from tests.conftest import HOA_CITIZEN_ID
from tests.utils import counts, field_errors, login_redirect, messages_of, non_field_errors

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
    return f"/ho-gia-dinh/thanh-vien/{member.pk}/sua/"


def form_data(member, **overrides):
    data = {
        "full_name": member.full_name,
        "sex": member.sex,
        "birth_year": str(member.birth_year),
        "relation_to_head": member.relation_to_head,
        "citizen_id": member.citizen_id,
        "schooling_level": member.schooling_level,
        "vocational_qualification": member.vocational_qualification,
        "employment_status": member.employment_status,
        "disability": member.disability,
        "version": str(member.version),
    }
    data.update(overrides)
    return data


@pytest.fixture
def hoa(hh_kp1):
    return hh_kp1.members.get(citizen_id=HOA_CITIZEN_ID)


@pytest.mark.parametrize(("name", "status"), STATUS.items())
def test_edit_member_by_persona(hoa, persona, client_for, name, status):
    client = client_for(persona(name))
    assert client.get(url(hoa)).status_code == status
    response = client.post(url(hoa), form_data(hoa, employment_status="contract"))
    hoa.refresh_from_db()
    if status == 200:
        assert response.status_code == 302
        assert response["Location"] == f"/ho-gia-dinh/{hoa.household_id}/"
        assert messages_of(response) == ["Đã lưu thông tin thành viên."]
        assert hoa.employment_status == "contract"
    else:
        assert response.status_code == status
        assert hoa.employment_status == ""


def test_anonymous_is_sent_to_login(hoa, client_for):
    assert login_redirect(client_for(None).get(url(hoa)), url(hoa))


def test_a_former_member_cannot_be_edited(hoa, officer, client_for):
    services.member_retire(
        user=officer, member=hoa, reason="died", left_on=timezone.localdate(), version=1
    )
    assert client_for(officer).get(url(hoa)).status_code == 403


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"full_name": ""}, "full_name", "Trường này là bắt buộc."),
        (
            {"date_of_birth": (dt.date.today() + dt.timedelta(days=2)).isoformat()},
            "date_of_birth",
            "Ngày sinh không được ở tương lai.",
        ),
        (
            {"relation_to_head": "head"},
            "relation_to_head",
            "Hộ đã có chủ hộ. Dùng “Đổi chủ hộ” để thay chủ hộ.",
        ),
        (
            {"birth_year": "1983"},
            "citizen_id",
            "Số CCCD không khớp năm sinh (chữ số thứ 4 đến 6 mã hóa năm sinh).",
        ),
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
    assert (hoa.full_name, hoa.birth_year, hoa.version) == ("Lê Thị Hoa", 1982, 1)


def test_head_relation_cannot_be_edited_away(hh_kp1, officer, client_for):
    head = hh_kp1.head
    response = client_for(officer).post(url(head), form_data(head, relation_to_head="other"))
    assert field_errors(response, "relation_to_head") == [
        "Đây là chủ hộ. Dùng “Đổi chủ hộ” để chọn chủ hộ khác."
    ]


def test_concurrent_member_edit(hoa, officer, quarter_head_kp1, client_for):
    first = client_for(officer)
    second = client_for(quarter_head_kp1)
    first.get(url(hoa))
    second.get(url(hoa))
    assert first.post(url(hoa), form_data(hoa, employment_status="contract")).status_code == 302
    response = second.post(url(hoa), form_data(hoa, employment_status="student"))
    assert response.status_code == 200
    assert "vừa được người khác cập nhật" in non_field_errors(response)[0]
    assert response.context["form"]["employment_status"].value() == "student"
    hoa.refresh_from_db()
    assert hoa.employment_status == "contract"
