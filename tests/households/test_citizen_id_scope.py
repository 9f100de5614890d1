"""A citizen ID already registered elsewhere: the message names the holder's household
only when the user may read it (issue 7, finding 5)."""

import pytest

from tests.conftest import BINH_CITIZEN_ID
from tests.utils import field_errors, text

HIDDEN = (
    "Số CCCD này đã được đăng ký cho một người trong xã. Hãy liên hệ công chức "
    "LĐ-TB&XH của xã để kiểm tra."
)


def member_data(**overrides):
    data = {
        "full_name": "Đặng Thị Bình",
        "sex": "female",
        "birth_year": "1975",
        "relation_to_head": "other",
        "citizen_id": BINH_CITIZEN_ID,
        "schooling_level": "none",
        "vocational_qualification": "none",
        "disability": "none",
    }
    data.update(overrides)
    return data


def test_quarter_head_is_not_told_which_household_of_another_quarter_holds_it(
    hh_kp1, hh_kp2, quarter_head_kp1, client_for
):
    response = client_for(quarter_head_kp1).post(
        f"/ho-gia-dinh/{hh_kp1.pk}/them-thanh-vien/", member_data()
    )
    assert response.status_code == 200
    assert field_errors(response, "citizen_id") == [HIDDEN]
    body = text(response)
    assert "KP2-001" not in body


def test_new_household_head_with_an_id_of_another_quarter(
    hh_kp2, areas, quarter_head_kp1, client_for
):
    response = client_for(quarter_head_kp1).post(
        "/ho-gia-dinh/them/",
        {
            "quarter": areas.kp1.pk,
            "code": "KP1-900",
            "confirm_duplicate": "on",
            **{f"head-{k}": v for k, v in member_data().items() if k != "relation_to_head"},
        },
    )
    assert response.status_code == 200
    assert field_errors(response, "citizen_id", form="head_form") == [HIDDEN]
    assert "KP2-001" not in text(response)


@pytest.mark.parametrize("name", ["officer", "admin_user"])
def test_officer_is_told_the_household(hh_kp1, hh_kp2, persona, client_for, name):
    response = client_for(persona(name)).post(
        f"/ho-gia-dinh/{hh_kp1.pk}/them-thanh-vien/", member_data()
    )
    assert field_errors(response, "citizen_id") == [
        "Số CCCD này đã thuộc thành viên của hộ KP2-001."
    ]
