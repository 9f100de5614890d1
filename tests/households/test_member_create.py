"""Adding a member through the form."""

import datetime as dt

import pytest
from django.utils import timezone

from households import services
from households.models import Member
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
    return f"/ho-gia-dinh/{household.pk}/them-thanh-vien/"


def form_data(**overrides):
    data = {
        "full_name": "Nguyễn Thị Út",
        "sex": "female",
        "birth_year": "2015",
        "relation_to_head": "child",
        "schooling_level": "primary",
        "in_school": "on",
        "vocational_qualification": "none",
        "employment_status": "child",
        "disability": "none",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(("name", "status"), STATUS.items())
def test_add_member_by_persona(hh_kp1, persona, client_for, name, status):
    client = client_for(persona(name))
    assert client.get(url(hh_kp1)).status_code == status
    before = counts()
    response = client.post(url(hh_kp1), form_data())
    if status == 200:
        assert response.status_code == 302
        assert response["Location"] == f"/ho-gia-dinh/{hh_kp1.pk}/"
        assert messages_of(response) == ["Đã thêm thành viên Nguyễn Thị Út."]
        member = Member.objects.get(full_name="Nguyễn Thị Út")
        assert member.household == hh_kp1
        hh_kp1.refresh_from_db()
        assert hh_kp1.member_count == 3
    else:
        assert response.status_code == status
        assert counts() == before


def test_anonymous_is_sent_to_login(hh_kp1, client_for):
    assert login_redirect(client_for(None).get(url(hh_kp1)), url(hh_kp1))


def test_form_defaults_to_a_child(hh_kp1, officer, client_for):
    form = client_for(officer).get(url(hh_kp1)).context["form"]
    assert form["relation_to_head"].value() == "child"


def test_cannot_add_to_a_retired_household(hh_kp1, officer, client_for):
    services.household_retire(
        user=officer,
        household=hh_kp1,
        reason="moved_away",
        retired_on=timezone.localdate(),
        version=hh_kp1.version,
    )
    assert client_for(officer).post(url(hh_kp1), form_data()).status_code == 403


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"full_name": ""}, "full_name", "Trường này là bắt buộc."),
        ({"full_name": "   "}, "full_name", "Trường này là bắt buộc."),
        (
            {"date_of_birth": (dt.date.today() + dt.timedelta(days=2)).isoformat()},
            "date_of_birth",
            "Ngày sinh không được ở tương lai.",
        ),
        (
            {"birth_year": str(dt.date.today().year + 2)},
            "birth_year",
            "Năm sinh không được ở tương lai.",
        ),
        (
            {"birth_year": "2014", "date_of_birth": "2015-05-01"},
            "birth_year",
            "Năm sinh không khớp với ngày sinh.",
        ),
        ({"birth_year": ""}, "birth_year", "Hãy nhập ngày sinh hoặc ít nhất năm sinh."),
        (
            {"relation_to_head": "head"},
            "relation_to_head",
            "Hộ đã có chủ hộ. Dùng “Đổi chủ hộ” để thay chủ hộ.",
        ),
        (
            {"health_insurance_number": "DN4797912345678"},
            "has_health_insurance",
            "Đã nhập mã thẻ BHYT: hãy đánh dấu “có thẻ BHYT”.",
        ),
        (
            {"citizen_id": "0702150000"},
            "citizen_id",
            "Số CCCD/định danh cá nhân phải gồm đúng 12 chữ số.",
        ),
        ({"sex": ""}, "sex", "Trường này là bắt buộc."),
    ],
)
def test_bad_input_gets_a_message_on_the_field_and_saves_nothing(
    hh_kp1, officer, client_for, overrides, field, message
):
    before = counts()
    response = client_for(officer).post(url(hh_kp1), form_data(**overrides))
    assert response.status_code == 200
    assert message in field_errors(response, field)
    assert message in response.content.decode()
    assert counts() == before


def test_every_field_error_shows_on_the_first_submit(hh_kp1, officer, client_for):
    """Issue 8 item 14: an empty name, a future birth date and a bad citizen ID all at once."""
    future = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    before = counts()
    response = client_for(officer).post(
        url(hh_kp1),
        form_data(full_name="", date_of_birth=future, birth_year="", citizen_id="12345"),
    )
    assert response.status_code == 200
    assert field_errors(response, "full_name") == ["Trường này là bắt buộc."]
    assert field_errors(response, "date_of_birth") == ["Ngày sinh không được ở tương lai."]
    assert field_errors(response, "citizen_id") == [
        "Số CCCD/định danh cá nhân phải gồm đúng 12 chữ số."
    ]
    assert counts() == before


def test_citizen_id_mismatch_shows_with_the_other_errors(hh_kp1, officer, client_for):
    from tests.factories import make_citizen_id

    response = client_for(officer).post(
        url(hh_kp1),
        form_data(
            full_name="",
            citizen_id=make_citizen_id(sex="male", birth_year=2015, serial=7),
            has_health_insurance="",
            health_insurance_number="GD4797920000001",
        ),
    )
    assert field_errors(response, "full_name") == ["Trường này là bắt buộc."]
    assert field_errors(response, "citizen_id") == [
        "Số CCCD không khớp giới tính (chữ số thứ 4 mã hóa giới tính và thế kỷ sinh)."
    ]
    assert field_errors(response, "has_health_insurance") == [
        "Đã nhập mã thẻ BHYT: hãy đánh dấu “có thẻ BHYT”."
    ]
