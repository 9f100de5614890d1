"""Creating a household through the form: personas, bad input, the duplicate warning."""

import datetime as dt

import pytest
from django.utils import timezone

from households.models import Household, Member
from tests.conftest import AN_CITIZEN_ID, CUONG_CITIZEN_ID
from tests.factories import make_citizen_id
from tests.utils import counts, field_errors, login_redirect, messages_of, non_field_errors, text

URL = "/ho-gia-dinh/them/"
DUPLICATE_WARNING = (
    "Có thể hộ này đã có trong danh sách (xem bên dưới). Hãy kiểm tra; nếu "
    "đúng là hộ khác, đánh dấu ô xác nhận rồi lưu lại."
)
REQUIRED = "Trường này là bắt buộc."


def post_data(quarter, /, **overrides):
    data = {
        "quarter": quarter.pk,
        "code": "kp-100",
        "address": "7 Phan Bội Châu",
        "phone": "0912 345 678",
        "head-full_name": "Trịnh Văn Tài",
        "head-sex": "male",
        "head-birth_year": "1990",
        "head-citizen_id": make_citizen_id(sex="male", birth_year=1990, serial=100),
        "head-schooling_level": "upper_secondary",
        "head-vocational_qualification": "none",
        "head-employment_status": "self_employed",
        "head-disability": "none",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize("name", ["officer", "quarter_head_kp1", "admin_user"])
def test_create(areas, persona, client_for, name):
    user = persona(name)
    response = client_for(user).post(URL, post_data(areas.kp1))
    household = Household.objects.get(code="KP-100")
    assert response.status_code == 302
    assert response["Location"] == f"/ho-gia-dinh/{household.pk}/"
    assert messages_of(response) == ["Đã tạo hộ KP-100."]
    assert household.quarter == areas.kp1
    assert household.commune == areas.commune
    assert household.head.full_name == "Trịnh Văn Tài"
    assert household.head.relation_to_head == Member.Relation.HEAD
    assert household.member_count == 1
    assert household.search_text == "kp-100 | trinh van tai"
    assert household.history.earliest().history_user == user


def test_form_offers_only_the_users_quarters(areas, quarter_head_kp1, officer, client_for):
    form = client_for(quarter_head_kp1).get(URL).context["form"]
    assert list(form.fields["quarter"].queryset) == [areas.kp1]
    form = client_for(officer).get(URL).context["form"]
    assert set(form.fields["quarter"].queryset) == {areas.kp1, areas.kp2}


def test_quarter_head_cannot_create_in_another_quarter(areas, quarter_head_kp1, client_for):
    before = counts()
    response = client_for(quarter_head_kp1).post(URL, post_data(areas.kp2))
    assert response.status_code == 200
    assert field_errors(response, "quarter") == [
        "Hãy chọn một lựa chọn hợp lệ. Lựa chọn đó không phải là một trong các lựa chọn khả thi."
    ]
    assert counts() == before


def test_outsider_cannot_create_in_our_commune(areas, outsider, client_for):
    before = counts()
    response = client_for(outsider).post(URL, post_data(areas.kp1))
    assert response.status_code == 200
    assert field_errors(response, "quarter")
    assert counts() == before


@pytest.mark.parametrize("name", ["leader", "org_member"])
def test_leader_and_org_member_are_forbidden(areas, hh_kp1, persona, client_for, name):
    client = client_for(persona(name))
    before = counts()
    assert client.get(URL).status_code == 403
    assert client.post(URL, post_data(areas.kp1)).status_code == 403
    assert counts() == before


def test_anonymous_is_sent_to_login(areas, client_for):
    client = client_for(None)
    assert login_redirect(client.get(URL), URL)
    assert login_redirect(client.post(URL, post_data(areas.kp1)), URL)
    assert not Household.objects.exists()


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("overrides", "form", "field", "message"),
    [
        ({"head-full_name": ""}, "head_form", "full_name", REQUIRED),
        ({"head-full_name": "    "}, "head_form", "full_name", REQUIRED),
        ({"code": ""}, "form", "code", REQUIRED),
        ({"quarter": ""}, "form", "quarter", REQUIRED),
        (
            {"head-citizen_id": "07009000010"},
            "head_form",
            "citizen_id",
            "Số CCCD/định danh cá nhân phải gồm đúng 12 chữ số.",
        ),
        (
            {"head-date_of_birth": (dt.date.today() + dt.timedelta(days=10)).isoformat()},
            "head_form",
            "date_of_birth",
            "Ngày sinh không được ở tương lai.",
        ),
        (
            {"head-birth_year": "", "head-citizen_id": ""},
            "head_form",
            "birth_year",
            "Hãy nhập ngày sinh hoặc ít nhất năm sinh.",
        ),
        (
            {"head-date_of_birth": "31/02/1990"},
            "head_form",
            "date_of_birth",
            "Nhập một ngày hợp lệ.",
        ),
        (
            {"phone": "12-34"},
            "form",
            "phone",
            "Số điện thoại không hợp lệ (ví dụ: 0912 345 678).",
        ),
        (
            {"head-citizen_id": make_citizen_id(sex="female", birth_year=1990, serial=100)},
            "head_form",
            "citizen_id",
            "Số CCCD không khớp giới tính (chữ số thứ 4 mã hóa giới tính và thế kỷ sinh).",
        ),
        (
            {"head-citizen_id": make_citizen_id(sex="male", birth_year=1991, serial=100)},
            "head_form",
            "citizen_id",
            "Số CCCD không khớp năm sinh (chữ số thứ 4 đến 6 mã hóa năm sinh).",
        ),
    ],
)
def test_bad_input_gets_a_message_on_the_field_and_saves_nothing(
    areas, officer, client_for, overrides, form, field, message
):
    before = counts()
    response = client_for(officer).post(URL, post_data(areas.kp1, **overrides))
    assert response.status_code == 200
    assert message in field_errors(response, field, form=form)
    assert message in text(response)
    assert counts() == before


def test_duplicate_code_gets_a_message_on_the_field(hh_kp1, areas, officer, client_for):
    before = counts()
    response = client_for(officer).post(URL, post_data(areas.kp2, code=" kp1-001 "))
    assert response.status_code == 200
    assert field_errors(response, "code") == ["Mã hộ này đã có trong xã."]
    assert counts() == before


def test_submitted_values_stay_on_the_form(areas, officer, client_for):
    response = client_for(officer).post(URL, post_data(areas.kp1, **{"head-full_name": ""}))
    body = text(response)
    assert 'value="7 Phan Bội Châu"' in body
    assert 'value="1990"' in body


# ---------------------------------------------------------------- duplicate warning


def test_existing_citizen_id_shows_the_warning_and_saves_nothing(
    hh_kp1, areas, officer, client_for
):
    before = counts()
    response = client_for(officer).post(
        URL,
        post_data(
            areas.kp2,
            **{
                "head-full_name": "Nguyễn Văn Ân",
                "head-birth_year": "1980",
                "head-citizen_id": AN_CITIZEN_ID,
            },
        ),
    )
    assert response.status_code == 200
    assert non_field_errors(response) == [DUPLICATE_WARNING]
    assert response.context["duplicates"] == [("citizen_id", hh_kp1)]
    body = text(response)
    assert "một thành viên có cùng số CCCD" in body
    assert "KP1-001 — Nguyễn Văn Ân" in body
    assert 'name="confirm_duplicate"' in body
    assert counts() == before


@pytest.mark.parametrize("typed", ["Nguyễn Văn Ân", "nguyen van an", "NGUYEN  VAN  AN"])
def test_same_head_name_and_birth_year_shows_the_warning(hh_kp1, areas, officer, client_for, typed):
    before = counts()
    response = client_for(officer).post(
        URL,
        post_data(
            areas.kp2,
            **{"head-full_name": typed, "head-birth_year": "1980", "head-citizen_id": ""},
        ),
    )
    assert response.status_code == 200
    assert non_field_errors(response) == [DUPLICATE_WARNING]
    assert response.context["duplicates"] == [("head", hh_kp1)]
    assert "chủ hộ cùng họ tên và năm sinh" in text(response)
    assert counts() == before


def test_same_head_name_with_another_birth_year_is_no_duplicate(hh_kp1, areas, officer, client_for):
    response = client_for(officer).post(
        URL,
        post_data(
            areas.kp2,
            **{"head-full_name": "Nguyễn Văn Ân", "head-birth_year": "1981", "head-citizen_id": ""},
        ),
    )
    assert response.status_code == 302


def test_same_head_in_another_commune_is_no_duplicate(hh_other, areas, officer, client_for):
    response = client_for(officer).post(
        URL,
        post_data(
            areas.kp1,
            **{
                "head-full_name": "Phạm Văn Cường",
                "head-birth_year": "1968",
                "head-citizen_id": "",
            },
        ),
    )
    assert response.status_code == 302


def test_a_retired_household_is_no_duplicate(hh_kp1, areas, officer, client_for):
    from households import services

    services.household_retire(
        user=officer,
        household=hh_kp1,
        reason="moved_away",
        retired_on=timezone.localdate(),
        version=hh_kp1.version,
    )
    response = client_for(officer).post(
        URL,
        post_data(
            areas.kp2,
            **{"head-full_name": "Nguyễn Văn Ân", "head-birth_year": "1980", "head-citizen_id": ""},
        ),
    )
    assert response.status_code == 302


def test_confirming_the_duplicate_saves(hh_kp1, areas, officer, client_for):
    data = post_data(
        areas.kp2,
        **{"head-full_name": "Nguyễn Văn Ân", "head-birth_year": "1980", "head-citizen_id": ""},
    )
    client = client_for(officer)
    assert client.post(URL, data).status_code == 200
    assert not Household.objects.filter(code="KP-100").exists()

    response = client.post(URL, {**data, "confirm_duplicate": "on"})
    assert response.status_code == 302
    created = Household.objects.get(code="KP-100")
    assert created.head_sort == hh_kp1.head_sort
    assert created.quarter == areas.kp2


def test_quarter_head_is_warned_about_a_duplicate_in_another_quarter(
    hh_kp2, areas, quarter_head_kp1, client_for
):
    response = client_for(quarter_head_kp1).post(
        URL,
        post_data(
            areas.kp1,
            **{
                "head-full_name": "Dang Thi Binh",
                "head-sex": "female",
                "head-birth_year": "1975",
                "head-citizen_id": "",
            },
        ),
    )
    assert response.status_code == 200
    # The other quarter's household is counted, not named (issue 7, finding 5).
    assert response.context["duplicates"] == []
    assert response.context["hidden_duplicates"] == 1
    html = response.content.decode()
    assert "KP2-001" not in html
    assert "Đặng Thị Bình" not in html
    assert "liên hệ công chức LĐ-TB&XH" in html
    assert not Household.objects.filter(code="KP-100").exists()


def test_officer_is_shown_the_duplicate_household_by_name(hh_kp2, areas, officer, client_for):
    response = client_for(officer).post(
        URL,
        post_data(
            areas.kp1,
            **{
                "head-full_name": "Dang Thi Binh",
                "head-sex": "female",
                "head-birth_year": "1975",
                "head-citizen_id": "",
            },
        ),
    )
    assert response.context["duplicates"] == [("head", hh_kp2)]
    assert response.context["hidden_duplicates"] == 0
    assert "KP2-001" in response.content.decode()


def test_duplicate_warning_does_not_reveal_a_household_outside_the_users_scope(
    hh_other, areas, officer, client_for
):
    # Phạm Văn Cường lives in another province: his household is out of the
    # officer's scope, so the create form must not show his name or link to it.
    before = counts()
    response = client_for(officer).post(
        URL,
        post_data(
            areas.kp1,
            **{
                "head-full_name": "Phạm Văn Cường",
                "head-birth_year": "1968",
                "head-citizen_id": CUONG_CITIZEN_ID,
            },
        ),
    )
    assert response.status_code == 200
    body = text(response)
    assert "Phạm Văn Cường</a>" not in body
    assert f'href="/ho-gia-dinh/{hh_other.pk}/"' not in body
    assert counts() == before


def test_every_field_error_of_the_new_household_shows_at_once(areas, officer, client_for):
    """Issue 8 item 14: the phone and the head's citizen ID with the form's own errors."""
    response = client_for(officer).post(
        URL,
        post_data(areas.kp1, **{"phone": "12-34", "head-full_name": "", "head-citizen_id": "1"}),
    )
    assert field_errors(response, "phone") == ["Số điện thoại không hợp lệ (ví dụ: 0912 345 678)."]
    assert field_errors(response, "full_name", form="head_form") == [REQUIRED]
    assert field_errors(response, "citizen_id", form="head_form") == [
        "Số CCCD/định danh cá nhân phải gồm đúng 12 chữ số."
    ]
