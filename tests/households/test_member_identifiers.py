"""Citizen ID and health-insurance number in the member forms (issue 7, finding 1).

Only officers and administrators read them in full. Everyone else sees the last four
characters, in the form too; posting the masked value back keeps the stored number,
a new full number replaces it (a quarter head corrects a wrong number without ever
seeing the old one).
"""

import pytest

from households.models import Member
from tests.conftest import AN_CITIZEN_ID, HOA_CITIZEN_ID
from tests.factories import make_citizen_id
from tests.utils import field_errors, text

INSURANCE = "GD4797912345678"
MASKED_HOA = "••••••••" + HOA_CITIZEN_ID[-4:]
MASKED_INSURANCE = "•••••••••••5678"


def url(member):
    return f"/ho-gia-dinh/thanh-vien/{member.pk}/sua/"


@pytest.fixture
def hoa(hh_kp1, officer):
    member = hh_kp1.members.get(citizen_id=HOA_CITIZEN_ID)
    Member.objects.filter(pk=member.pk).update(
        has_health_insurance=True, health_insurance_number=INSURANCE
    )
    member.refresh_from_db()
    return member


def form_data(member, **overrides):
    data = {
        "full_name": member.full_name,
        "sex": member.sex,
        "birth_year": str(member.birth_year),
        "relation_to_head": member.relation_to_head,
        "citizen_id": member.citizen_id,
        "has_health_insurance": "on",
        "health_insurance_number": member.health_insurance_number,
        "schooling_level": member.schooling_level,
        "vocational_qualification": member.vocational_qualification,
        "employment_status": member.employment_status,
        "disability": member.disability,
        "version": str(member.version),
    }
    data.update(overrides)
    return data


def test_quarter_head_gets_the_identifiers_masked_in_the_edit_form(
    hoa, quarter_head_kp1, client_for
):
    html = text(client_for(quarter_head_kp1).get(url(hoa)))
    assert HOA_CITIZEN_ID not in html
    assert INSURANCE not in html
    assert f'value="{MASKED_HOA}"' in html
    assert f'value="{MASKED_INSURANCE}"' in html


@pytest.mark.parametrize("name", ["officer", "admin_user"])
def test_officer_and_admin_get_the_identifiers_in_full(hoa, persona, client_for, name):
    html = text(client_for(persona(name)).get(url(hoa)))
    assert f'value="{HOA_CITIZEN_ID}"' in html
    assert f'value="{INSURANCE}"' in html


def test_the_masked_value_posted_back_keeps_the_stored_numbers(hoa, quarter_head_kp1, client_for):
    response = client_for(quarter_head_kp1).post(
        url(hoa),
        form_data(
            hoa,
            citizen_id=MASKED_HOA,
            health_insurance_number=MASKED_INSURANCE,
            employment_status="contract",
        ),
    )
    assert response.status_code == 302
    hoa.refresh_from_db()
    assert hoa.citizen_id == HOA_CITIZEN_ID
    assert hoa.health_insurance_number == INSURANCE
    assert hoa.employment_status == "contract"


def test_quarter_head_replaces_a_wrong_number_without_seeing_it(hoa, quarter_head_kp1, client_for):
    new_id = make_citizen_id(sex="female", birth_year=1982, serial=9999)
    response = client_for(quarter_head_kp1).post(
        url(hoa),
        form_data(hoa, citizen_id=new_id, health_insurance_number="GD4797900001111"),
    )
    assert response.status_code == 302
    hoa.refresh_from_db()
    assert hoa.citizen_id == new_id
    assert hoa.health_insurance_number == "GD4797900001111"


def test_an_altered_masked_value_is_refused(hoa, quarter_head_kp1, client_for):
    response = client_for(quarter_head_kp1).post(
        url(hoa), form_data(hoa, citizen_id="••••••••0000")
    )
    assert response.status_code == 200
    assert field_errors(response, "citizen_id") == [
        "Số đang được che. Giữ nguyên để không đổi, hoặc xóa hết rồi nhập đầy đủ số mới."
    ]
    hoa.refresh_from_db()
    assert hoa.citizen_id == HOA_CITIZEN_ID


def test_a_form_shown_again_after_an_error_stays_masked(hoa, quarter_head_kp1, client_for):
    response = client_for(quarter_head_kp1).post(
        url(hoa), form_data(hoa, citizen_id=MASKED_HOA, full_name="")
    )
    assert response.status_code == 200
    html = text(response)
    assert HOA_CITIZEN_ID not in html
    assert MASKED_HOA in html


def test_the_head_of_a_new_household_is_checked_like_any_member(
    hh_kp1, areas, quarter_head_kp1, client_for
):
    # The create form has nothing stored to reveal; a masked text is not a number.
    response = client_for(quarter_head_kp1).post(
        "/ho-gia-dinh/them/",
        {
            "quarter": areas.kp1.pk,
            "code": "KP1-777",
            "head-full_name": "Trần Văn Mới",
            "head-sex": "male",
            "head-birth_year": "1990",
            "head-citizen_id": "••••••••" + AN_CITIZEN_ID[-4:],
            "head-schooling_level": "none",
            "head-vocational_qualification": "none",
            "head-disability": "none",
        },
    )
    assert response.status_code == 200
    assert field_errors(response, "citizen_id", form="head_form") == [
        "Số đang được che. Giữ nguyên để không đổi, hoặc xóa hết rồi nhập đầy đủ số mới."
    ]


def test_history_masks_both_identifiers_for_quarter_head(
    hoa, officer, quarter_head_kp1, client_for
):
    from households import services

    new_id = make_citizen_id(sex="female", birth_year=1982, serial=4444)
    services.member_update(
        user=officer,
        member=hoa,
        version=hoa.version,
        citizen_id=new_id,
        health_insurance_number="GD4797900002222",
    )
    page = f"/ho-gia-dinh/{hoa.household_id}/"
    html = text(client_for(quarter_head_kp1).get(page))
    for number in (HOA_CITIZEN_ID, new_id, "GD4797900002222"):
        assert number not in html
    assert "•••••••••••2222" in html  # the history entry, masked
    officer_html = text(client_for(officer).get(page))
    assert new_id in officer_html and "GD4797900002222" in officer_html
