"""Citizen ID (CCCD) rules: form, province, sex/century and birth-year digits, uniqueness.

Checked on the validator functions, on the services and through the views: the
message is on the field and nothing is saved.
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from households import services
from households.models import Household, Member
from households.validators import (
    citizen_id_birth_year,
    citizen_id_sex_and_century,
    validate_citizen_id,
)
from tests.conftest import AN_CITIZEN_ID, HOA_CITIZEN_ID
from tests.factories import HeadFactory, HouseholdFactory, MemberFactory, make_citizen_id
from tests.utils import counts, field_errors

FORMAT = "Số CCCD/định danh cá nhân phải gồm đúng 12 chữ số."
SEX = "Số CCCD không khớp giới tính (chữ số thứ 4 mã hóa giới tính và thế kỷ sinh)."
YEAR = "Số CCCD không khớp năm sinh (chữ số thứ 4 đến 6 mã hóa năm sinh)."


# ---------------------------------------------------------------- validator functions


@pytest.mark.parametrize("value", ["070080001234", "001099012345", "096305000001", "079190123456"])
def test_valid_citizen_ids(value):
    validate_citizen_id(value)


@pytest.mark.parametrize(
    "value", ["07008000123", "0700800012345", "07008000123a", "070 080 0012", "", "o70080001234"]
)
def test_not_twelve_digits(value):
    with pytest.raises(ValidationError) as exc:
        validate_citizen_id(value)
    assert exc.value.code == "citizen_id_format"
    assert exc.value.messages == [FORMAT]


@pytest.mark.parametrize("province", ["000", "003", "099", "100", "999"])
def test_bad_province_code(province):
    with pytest.raises(ValidationError) as exc:
        validate_citizen_id(f"{province}080001234")
    assert exc.value.code == "citizen_id_province"
    assert exc.value.messages == [
        f"Ba chữ số đầu của số CCCD ({province}) không phải mã tỉnh hợp lệ."
    ]


@pytest.mark.parametrize(
    ("value", "sex", "century", "year"),
    [
        ("070080001234", "male", 1900, 1980),
        ("070182005678", "female", 1900, 1982),
        ("070205000001", "male", 2000, 2005),
        ("070312000001", "female", 2000, 2012),
    ],
)
def test_sex_century_and_birth_year_digits(value, sex, century, year):
    assert citizen_id_sex_and_century(value) == (sex, century)
    assert citizen_id_birth_year(value) == year


def test_make_citizen_id_helper_agrees_with_the_product():
    value = make_citizen_id(sex="female", birth_year=2003, serial=42)
    validate_citizen_id(value)
    assert citizen_id_sex_and_century(value) == ("female", 2000)
    assert citizen_id_birth_year(value) == 2003


# ---------------------------------------------------------------- services


def test_member_sex_must_match_digit_four(hh_kp1):
    before = counts()
    with pytest.raises(ValidationError) as exc:
        MemberFactory(
            household=hh_kp1,
            sex="male",
            birth_year=1982,
            citizen_id=make_citizen_id(sex="female", birth_year=1982, serial=1),
        )
    assert exc.value.message_dict["citizen_id"] == [SEX]
    assert counts() == before


def test_member_birth_year_must_match_digits_four_to_six(hh_kp1):
    before = counts()
    with pytest.raises(ValidationError) as exc:
        MemberFactory(
            household=hh_kp1,
            sex="female",
            birth_year=1983,
            citizen_id=make_citizen_id(sex="female", birth_year=1982, serial=1),
        )
    assert exc.value.message_dict["citizen_id"] == [YEAR]
    assert counts() == before


def test_birth_year_from_date_of_birth_is_checked(hh_kp1):
    with pytest.raises(ValidationError) as exc:
        services.member_create(
            user=None,
            household=hh_kp1,
            full_name="Nguyễn Văn Tí",
            sex="male",
            date_of_birth=dt.date(2010, 5, 1),
            relation_to_head="child",
            citizen_id=make_citizen_id(sex="male", birth_year=2011, serial=7),
        )
    assert exc.value.message_dict["citizen_id"] == [YEAR]


def test_citizen_id_of_an_active_member_cannot_be_reused(hh_kp1, hh_kp2):
    before = counts()
    with pytest.raises(ValidationError) as exc:
        MemberFactory(
            household=hh_kp2,
            full_name="Nguyễn Văn Ân",
            sex="male",
            birth_year=1980,
            citizen_id=AN_CITIZEN_ID,
        )
    assert exc.value.message_dict["citizen_id"] == [
        "Số CCCD này đã thuộc thành viên của hộ KP1-001."
    ]
    assert counts() == before


def test_citizen_id_of_a_retired_member_can_be_reused(hh_kp1, hh_kp2, officer):
    hoa = hh_kp1.members.get(citizen_id=HOA_CITIZEN_ID)
    services.member_retire(
        user=officer,
        member=hoa,
        reason="married_out",
        left_on=timezone.localdate(),
        version=hoa.version,
    )
    moved = MemberFactory(
        household=hh_kp2,
        full_name="Lê Thị Hoa",
        sex="female",
        birth_year=1982,
        relation_to_head="other",
        citizen_id=HOA_CITIZEN_ID,
    )
    assert moved.household == hh_kp2
    assert Member.objects.filter(citizen_id=HOA_CITIZEN_ID).count() == 2


def test_member_update_cannot_take_another_members_citizen_id(hh_kp1, hh_kp2, officer):
    binh = hh_kp2.head
    with pytest.raises(ValidationError) as exc:
        services.member_update(
            user=officer,
            member=binh,
            version=binh.version,
            full_name="Đặng Thị Bình",
            sex="female",
            birth_year=1982,
            relation_to_head="head",
            citizen_id=HOA_CITIZEN_ID,
        )
    assert exc.value.message_dict["citizen_id"] == [
        "Số CCCD này đã thuộc thành viên của hộ KP1-001."
    ]
    binh.refresh_from_db()
    assert binh.birth_year == 1975
    assert binh.version == 1


def test_head_of_a_new_household_cannot_reuse_an_active_citizen_id(hh_kp1, areas):
    # The head's errors are keyed "head_<field>" so that the form puts them on the
    # head's fields (see household_create).
    before = counts()
    with pytest.raises(ValidationError) as exc:
        HouseholdFactory(
            quarter=areas.kp2,
            head=HeadFactory(
                full_name="Nguyễn Văn Ân", sex="male", birth_year=1980, citizen_id=AN_CITIZEN_ID
            ),
        )
    assert "head_citizen_id" in exc.value.message_dict
    assert counts() == before


def test_head_citizen_id_is_checked_against_sex(areas):
    before = counts()
    with pytest.raises(ValidationError) as exc:
        HouseholdFactory(
            quarter=areas.kp1,
            head=HeadFactory(
                sex="male",
                birth_year=1968,
                citizen_id=make_citizen_id(sex="female", birth_year=1968, serial=3),
            ),
        )
    assert exc.value.message_dict["head_citizen_id"] == [SEX]
    assert counts() == before


# ---------------------------------------------------------------- views


def member_post(**overrides):
    data = {
        "full_name": "Nguyễn Thị Mai",
        "sex": "female",
        "birth_year": "2001",
        "relation_to_head": "child",
        "citizen_id": make_citizen_id(sex="female", birth_year=2001, serial=11),
        "schooling_level": "upper_secondary",
        "vocational_qualification": "none",
        "disability": "none",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("citizen_id", "message"),
    [
        ("12345", FORMAT),
        ("07020100001a", FORMAT),
        ("000201000011", "Ba chữ số đầu của số CCCD (000) không phải mã tỉnh hợp lệ."),
        (make_citizen_id(sex="male", birth_year=2001, serial=11), SEX),
        (make_citizen_id(sex="female", birth_year=2002, serial=11), YEAR),
    ],
)
def test_member_add_view_puts_the_message_on_the_field(
    hh_kp2, officer, client_for, citizen_id, message
):
    before = counts()
    response = client_for(officer).post(
        f"/ho-gia-dinh/{hh_kp2.pk}/them-thanh-vien/", member_post(citizen_id=citizen_id)
    )
    assert response.status_code == 200
    assert message in field_errors(response, "citizen_id")
    assert message in response.content.decode()
    assert counts() == before


def test_member_add_view_refuses_an_active_members_citizen_id(hh_kp1, hh_kp2, officer, client_for):
    before = counts()
    response = client_for(officer).post(
        f"/ho-gia-dinh/{hh_kp2.pk}/them-thanh-vien/",
        member_post(full_name="Lê Thị Hoa", birth_year="1982", citizen_id=HOA_CITIZEN_ID),
    )
    assert response.status_code == 200
    assert field_errors(response, "citizen_id") == [
        "Số CCCD này đã thuộc thành viên của hộ KP1-001."
    ]
    assert counts() == before


def test_member_edit_view_rejects_a_bad_citizen_id(hh_kp1, officer, client_for):
    hoa = hh_kp1.members.get(full_name="Lê Thị Hoa")
    response = client_for(officer).post(
        f"/ho-gia-dinh/thanh-vien/{hoa.pk}/sua/",
        member_post(
            full_name="Lê Thị Hoa",
            birth_year="1982",
            relation_to_head="spouse",
            citizen_id="070182",
            version=str(hoa.version),
        ),
    )
    assert response.status_code == 200
    assert FORMAT in field_errors(response, "citizen_id")
    hoa.refresh_from_db()
    assert hoa.citizen_id == HOA_CITIZEN_ID
    assert hoa.version == 1


def test_household_create_view_puts_a_taken_head_citizen_id_on_the_head_field(
    hh_kp1, areas, officer, client_for
):
    before = counts()
    response = client_for(officer).post(
        "/ho-gia-dinh/them/",
        {
            "quarter": areas.kp2.pk,
            "code": "KP2-050",
            "head-full_name": "Nguyễn Văn Ân",
            "head-sex": "male",
            "head-birth_year": "1980",
            "head-citizen_id": AN_CITIZEN_ID,
            "head-schooling_level": "none",
            "head-vocational_qualification": "none",
            "head-disability": "none",
            "confirm_duplicate": "on",
        },
    )
    assert response.status_code == 200
    errors = field_errors(response, "citizen_id", form="head_form")
    assert errors
    assert all(e.startswith("Số CCCD này đã thuộc") for e in errors)
    assert counts() == before
    assert not Household.objects.filter(code="KP2-050").exists()


def test_household_create_view_rejects_a_malformed_head_citizen_id(areas, officer, client_for):
    before = counts()
    response = client_for(officer).post(
        "/ho-gia-dinh/them/",
        {
            "quarter": areas.kp1.pk,
            "code": "KP1-050",
            "head-full_name": "Trịnh Văn Tài",
            "head-sex": "male",
            "head-birth_year": "1990",
            "head-citizen_id": "0700900",
            "head-schooling_level": "none",
            "head-vocational_qualification": "none",
            "head-disability": "none",
        },
    )
    assert response.status_code == 200
    assert FORMAT in field_errors(response, "citizen_id", form="head_form")
    assert counts() == before
