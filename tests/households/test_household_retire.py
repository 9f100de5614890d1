"""Taking a household off the list (officer and admin only); nothing is deleted."""

import datetime as dt

import pytest
from django.utils import timezone

from households.models import Household
from tests.utils import counts, field_errors, login_redirect, messages_of, text

STATUS = {
    "officer": 200,
    "quarter_head_kp1": 403,
    "quarter_head_kp2": 403,
    "leader": 403,
    "org_member": 403,
    "admin_user": 200,
    "outsider": 404,
}


def url(household):
    return f"/ho-gia-dinh/{household.pk}/ra-khoi-danh-sach/"


def form_data(household, **overrides):
    data = {
        "reason": "moved_away",
        "retired_on": timezone.localdate().isoformat(),
        "version": household.version,
        "note": "",
        "merged_into_code": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(("name", "status"), STATUS.items())
def test_retire_by_persona(hh_kp1, persona, client_for, name, status):
    client = client_for(persona(name))
    assert client.get(url(hh_kp1)).status_code == status
    before = counts()
    response = client.post(url(hh_kp1), form_data(hh_kp1))
    hh_kp1.refresh_from_db()
    if status == 200:
        assert response.status_code == 302
        assert messages_of(response) == ["Hộ đã được đưa ra khỏi danh sách. Hồ sơ vẫn được lưu."]
        assert hh_kp1.status == Household.Status.RETIRED
        after = counts()
        assert (after["Household"], after["Member"]) == (before["Household"], before["Member"])
    else:
        assert response.status_code == status
        assert hh_kp1.status == Household.Status.ACTIVE


def test_anonymous_is_sent_to_login(hh_kp1, client_for):
    assert login_redirect(client_for(None).get(url(hh_kp1)), url(hh_kp1))


def test_retired_household_page_says_so(hh_kp1, officer, client_for):
    client = client_for(officer)
    client.post(url(hh_kp1), form_data(hh_kp1, retired_on="2025-03-05"))
    body = text(client.get(f"/ho-gia-dinh/{hh_kp1.pk}/"))
    assert "Hộ đã ra khỏi danh sách ngày 05/03/2025: Chuyển đi nơi khác." in body
    assert client.get(url(hh_kp1)).status_code == 403


def test_merge_into_a_household_by_code(hh_kp1, hh_kp2, officer, client_for):
    response = client_for(officer).post(
        url(hh_kp2), form_data(hh_kp2, reason="merged", merged_into_code="kp1-001")
    )
    assert response.status_code == 302
    hh_kp2.refresh_from_db()
    assert hh_kp2.merged_into == hh_kp1
    assert "Xem hộ nhận nhập KP1-001" in text(client_for(officer).get(f"/ho-gia-dinh/{hh_kp2.pk}/"))


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"retired_on": (dt.date.today() + dt.timedelta(days=3)).isoformat()},
            "retired_on",
            "Ngày ra khỏi danh sách không được ở tương lai.",
        ),
        ({"reason": "merged"}, "merged_into_code", "Hãy chọn hộ nhận nhập."),
        (
            {"reason": "merged", "merged_into_code": "KP2-001"},
            "merged_into_code",
            "Hộ nhận nhập phải là một hộ khác đang cư trú.",
        ),
        (
            {"reason": "merged", "merged_into_code": "KHONG-CO"},
            "merged_into_code",
            "Không tìm thấy hộ có mã này trong phạm vi của bạn.",
        ),
        (
            {"reason": "merged", "merged_into_code": "BT-001"},
            "merged_into_code",
            "Không tìm thấy hộ có mã này trong phạm vi của bạn.",
        ),
        (
            {"merged_into_code": "KP1-001"},
            "merged_into_code",
            "Chỉ chọn hộ nhận nhập khi lý do là nhập hộ.",
        ),
        ({"retired_on": ""}, "retired_on", "Trường này là bắt buộc."),
        ({"retired_on": "05/13/2025"}, "retired_on", "Nhập một ngày hợp lệ."),
        (
            {"reason": "died"},
            "reason",
            "Hãy chọn một lựa chọn hợp lệ. died không phải là một trong các lựa chọn khả thi.",
        ),
    ],
)
def test_bad_input_gets_a_message_on_the_field_and_saves_nothing(
    hh_kp1, hh_kp2, hh_other, officer, client_for, overrides, field, message
):
    before = counts()
    response = client_for(officer).post(url(hh_kp2), form_data(hh_kp2, **overrides))
    assert response.status_code == 200
    assert message in field_errors(response, field)
    assert counts() == before
    hh_kp2.refresh_from_db()
    assert hh_kp2.status == Household.Status.ACTIVE


def test_history_shows_the_retirement(hh_kp1, officer, client_for):
    client = client_for(officer)
    client.post(url(hh_kp1), form_data(hh_kp1))
    body = text(client.get(f"/ho-gia-dinh/{hh_kp1.pk}/"))
    assert "<li>Tình trạng: <del>Đang cư trú</del> → <ins>Đã ra khỏi danh sách</ins></li>" in body
