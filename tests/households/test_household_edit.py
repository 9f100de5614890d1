"""Editing a household: personas, bad input, concurrent edits, the change history."""

import pytest
from django.utils import timezone

from households import services
from households.models import Household
from tests.utils import counts, field_errors, login_redirect, messages_of, non_field_errors, text

STALE = (
    "Hồ sơ này vừa được người khác cập nhật. Dữ liệu bạn nhập vẫn còn trên biểu mẫu: "
    "hãy mở hồ sơ trong thẻ mới để xem thay đổi, rồi lưu lại."
)


def url(household):
    return f"/ho-gia-dinh/{household.pk}/sua/"


def form_data(household, **overrides):
    data = {
        "code": household.code,
        "address": household.address,
        "phone": household.phone,
        "notes": household.notes,
        "version": str(household.version),
    }
    data.update(overrides)
    return data


STATUS = {
    "officer": 200,
    "quarter_head_kp1": 200,
    "quarter_head_kp2": 404,
    "leader": 403,
    "org_member": 403,
    "admin_user": 200,
    "outsider": 404,
}


@pytest.mark.parametrize(("name", "status"), STATUS.items())
def test_edit_form_by_persona(hh_kp1, persona, client_for, name, status):
    response = client_for(persona(name)).get(url(hh_kp1))
    assert response.status_code == status
    if status == 200:
        assert response.context["form"]["version"].value() == hh_kp1.version


@pytest.mark.parametrize(("name", "status"), STATUS.items())
def test_edit_post_by_persona(hh_kp1, persona, client_for, name, status):
    response = client_for(persona(name)).post(url(hh_kp1), form_data(hh_kp1, address="Mới"))
    hh_kp1.refresh_from_db()
    if status == 200:
        assert response.status_code == 302
        assert response["Location"] == f"/ho-gia-dinh/{hh_kp1.pk}/"
        assert messages_of(response) == ["Đã lưu thông tin hộ."]
        assert hh_kp1.address == "Mới"
    else:
        assert response.status_code == status
        assert hh_kp1.address == "12 Nguyễn Huệ"


def test_anonymous_is_sent_to_login(hh_kp1, client_for):
    assert login_redirect(client_for(None).get(url(hh_kp1)), url(hh_kp1))


def test_a_retired_household_cannot_be_edited(hh_kp1, officer, client_for):
    services.household_retire(
        user=officer,
        household=hh_kp1,
        reason="moved_away",
        retired_on=timezone.localdate(),
        version=hh_kp1.version,
    )
    assert client_for(officer).get(url(hh_kp1)).status_code == 403


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"code": ""}, "code", "Trường này là bắt buộc."),
        ({"code": "KP2-001"}, "code", "Mã hộ này đã có trong xã."),
        ({"code": "kp2-001 "}, "code", "Mã hộ này đã có trong xã."),
        ({"phone": "0912"}, "phone", "Số điện thoại không hợp lệ (ví dụ: 0912 345 678)."),
    ],
)
def test_bad_input_gets_a_message_on_the_field_and_saves_nothing(
    hh_kp1, hh_kp2, officer, client_for, overrides, field, message
):
    before = counts()
    loaded = hh_kp1.version
    response = client_for(officer).post(url(hh_kp1), form_data(hh_kp1, **overrides))
    assert response.status_code == 200
    assert message in field_errors(response, field)
    assert counts() == before
    hh_kp1.refresh_from_db()
    assert (hh_kp1.code, hh_kp1.phone, hh_kp1.version) == ("KP1-001", "", loaded)


def test_missing_version_is_a_form_error(hh_kp1, officer, client_for):
    data = form_data(hh_kp1, address="Mới")
    del data["version"]
    response = client_for(officer).post(url(hh_kp1), data)
    assert response.status_code == 200
    assert field_errors(response, "version") == ["Trường này là bắt buộc."]
    hh_kp1.refresh_from_db()
    assert hh_kp1.address == "12 Nguyễn Huệ"


def test_concurrent_edit_keeps_the_first_change(hh_kp1, officer, quarter_head_kp1, client_for):
    first = client_for(officer)
    second = client_for(quarter_head_kp1)
    form_first = first.get(url(hh_kp1)).context["form"]
    form_second = second.get(url(hh_kp1)).context["form"]
    loaded = form_first["version"].value()
    assert form_second["version"].value() == loaded

    response = first.post(
        url(hh_kp1), form_data(hh_kp1, address="Địa chỉ của người thứ nhất", version=loaded)
    )
    assert response.status_code == 302

    response = second.post(
        url(hh_kp1),
        form_data(
            hh_kp1,
            address="Địa chỉ của người thứ hai",
            notes="Ghi chú người thứ hai",
            version=loaded,
        ),
    )
    assert response.status_code == 200
    assert non_field_errors(response) == [STALE]
    body = text(response)
    assert "vừa được người khác cập nhật" in body
    # the second user's values are still on the form
    assert 'value="Địa chỉ của người thứ hai"' in body
    assert "Ghi chú người thứ hai" in body

    hh_kp1.refresh_from_db()
    assert hh_kp1.address == "Địa chỉ của người thứ nhất"
    assert hh_kp1.notes == ""
    assert hh_kp1.version == loaded + 1


def test_adding_a_member_makes_an_open_household_form_stale(hh_kp1, officer, client_for):
    from tests.factories import MemberFactory

    client = client_for(officer)
    loaded = client.get(url(hh_kp1)).context["form"]["version"].value()
    MemberFactory(household=hh_kp1)
    response = client.post(url(hh_kp1), form_data(hh_kp1, address="X", version=loaded))
    assert non_field_errors(response) == [STALE]


def test_history_shows_the_change(hh_kp1, officer, quarter_head_kp1, client_for):
    client = client_for(officer)
    response = client.post(
        url(hh_kp1), form_data(hh_kp1, address="45 Trần Phú", phone="0912345678")
    )
    assert response.status_code == 302
    page = client.get(f"/ho-gia-dinh/{hh_kp1.pk}/")
    entry = page.context["history"][0]
    assert entry.who == "Võ Thị Công Chức"
    assert entry.action == "Sửa"
    assert entry.subject == "Hộ KP1-001"
    changes = {c.field: (c.old, c.new) for c in entry.changes}
    assert changes == {
        "Địa chỉ": ("12 Nguyễn Huệ", "45 Trần Phú"),
        "Điện thoại": ("—", "0912345678"),
    }
    body = text(page)
    assert "<li>Địa chỉ: <del>12 Nguyễn Huệ</del> → <ins>45 Trần Phú</ins></li>" in body
    assert "<strong>Võ Thị Công Chức</strong>" in body

    # the quarter head sees the same history
    body = text(client_for(quarter_head_kp1).get(f"/ho-gia-dinh/{hh_kp1.pk}/"))
    assert "<li>Địa chỉ: <del>12 Nguyễn Huệ</del> → <ins>45 Trần Phú</ins></li>" in body


def test_history_masks_citizen_id_changes_for_the_quarter_head(
    hh_kp1, officer, quarter_head_kp1, client_for
):
    from tests.factories import make_citizen_id

    hoa = hh_kp1.members.get(full_name="Lê Thị Hoa")
    new_id = make_citizen_id(sex="female", birth_year=1982, serial=999)
    services.member_update(user=officer, member=hoa, version=hoa.version, citizen_id=new_id)
    officer_page = text(client_for(officer).get(f"/ho-gia-dinh/{hh_kp1.pk}/"))
    assert f"<ins>{new_id}</ins>" in officer_page
    head_page = text(client_for(quarter_head_kp1).get(f"/ho-gia-dinh/{hh_kp1.pk}/"))
    assert "<ins>••••••••0999</ins>" in head_page
    assert new_id not in head_page


def test_edit_does_not_touch_fields_outside_the_form(hh_kp1, officer, client_for):
    client_for(officer).post(url(hh_kp1), form_data(hh_kp1, address="Mới"))
    fresh = Household.objects.get(pk=hh_kp1.pk)
    assert fresh.head_id == hh_kp1.head_id
    assert fresh.member_count == 2
    assert fresh.quarter_id == hh_kp1.quarter_id
