"""Identifiers and names: NFC, no invisible characters; free text cleaned (issue 7, 14)."""

import unicodedata

import pytest
from django import forms
from django.core.exceptions import ValidationError

from households import services
from households.models import Household, Member
from tannkhai.inputs import normalise_free_text, validate_visible_text
from tests.conftest import AN_CITIZEN_ID
from tests.factories import make_citizen_id
from tests.households.test_household_create import URL, post_data
from tests.utils import counts, field_errors

INVISIBLE = [
    "\u200b",
    "\u200c",
    "\u200d",
    "\u2060",
    "\ufeff",
    "\u202e",
    "\u2066",
    "\u00ad",
    "\x00",
    "\x1b",
    "\x7f",
    "\u0085",
    "\u2028",
    "\u3164",
]
REFUSED = "Không được chứa ký tự ẩn hoặc ký tự điều khiển"


@pytest.mark.parametrize("char", INVISIBLE)
def test_an_invisible_character_in_a_household_code_is_refused(
    hh_kp1, areas, officer, client_for, char
):
    before = counts()
    response = client_for(officer).post(URL, post_data(areas.kp1, code=f"KP1{char}-001"))
    assert response.status_code == 200
    assert any(REFUSED in e for e in field_errors(response, "code"))
    assert counts() == before


@pytest.mark.parametrize("field", ["head-full_name", "head-citizen_id"])
def test_a_zero_width_character_in_a_name_or_citizen_id_is_refused(
    areas, officer, client_for, field
):
    value = {"head-full_name": "Trịnh\u200bVăn Tài", "head-citizen_id": "0700901\u200b00100"}[field]
    before = counts()
    response = client_for(officer).post(URL, post_data(areas.kp1, **{field: value}))
    assert response.status_code == 200
    assert any(
        REFUSED in e for e in field_errors(response, field.split("-", 1)[1], form="head_form")
    )
    assert counts() == before


def test_a_decomposed_name_is_saved_in_nfc_and_found_by_the_duplicate_warning(
    hh_kp1, areas, officer, client_for
):
    decomposed = unicodedata.normalize("NFD", "Nguyễn Văn Ân")
    assert decomposed != "Nguyễn Văn Ân"
    response = client_for(officer).post(
        URL,
        post_data(
            areas.kp1,
            code="KP1-500",
            **{"head-full_name": decomposed, "head-birth_year": "1980", "head-citizen_id": ""},
        ),
    )
    # Same head name and birth year as hh_kp1: the duplicate warning, nothing saved.
    assert response.status_code == 200
    assert response.context["duplicates"]
    assert not Household.objects.filter(code="KP1-500").exists()


def test_names_are_saved_in_nfc(areas, officer, client_for):
    decomposed = unicodedata.normalize("NFD", "Trịnh Văn Tài")
    response = client_for(officer).post(URL, post_data(areas.kp1, **{"head-full_name": decomposed}))
    assert response.status_code == 302
    assert Member.objects.get(full_name__startswith="Tr").full_name == "Trịnh Văn Tài"


def test_free_text_is_nfc_and_stripped_of_control_characters(areas, officer, client_for):
    notes = "Dòng 1\r\nDòng\u200b 2\x00\u202e\tcuối"
    address = unicodedata.normalize("NFD", "7 Phan Bội\u200b Châu")
    response = client_for(officer).post(URL, post_data(areas.kp1, notes=notes, address=address))
    assert response.status_code == 302
    household = Household.objects.get(code="KP-100")
    assert household.notes == "Dòng 1\nDòng 2\tcuối"
    assert household.address == "7 Phan Bội Châu"


def test_the_service_refuses_an_invisible_character_too(areas, officer):
    with pytest.raises(ValidationError) as info:
        services.household_create(
            user=officer,
            quarter=areas.kp1,
            code="KP1\u200b-0002",
            head={
                "full_name": "Trịnh Văn Tài",
                "sex": "male",
                "birth_year": 1990,
                "citizen_id": make_citizen_id(sex="male", birth_year=1990, serial=7),
            },
        )
    assert "code" in info.value.message_dict
    assert not Household.objects.exists()


def test_a_plain_space_variant_becomes_a_space_in_a_name(hh_kp1, officer, client_for):
    head = hh_kp1.head
    url = f"/ho-gia-dinh/thanh-vien/{head.pk}/sua/"
    form = client_for(officer).get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(full_name="Nguyễn\u00a0Văn\u3000Ân", citizen_id=AN_CITIZEN_ID, version=head.version)
    response = client_for(officer).post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    head.refresh_from_db()
    assert head.full_name == "Nguyễn Văn Ân"


def test_passwords_are_never_touched():
    from tannkhai.inputs import text_kind

    assert text_kind(forms.CharField(widget=forms.PasswordInput)) == ""


def test_validators_directly():
    validate_visible_text("Nguyễn Văn Ân")
    with pytest.raises(ValidationError):
        validate_visible_text("KP1\u200b-0002")
    assert normalise_free_text("a\u200bb\r\nc\x07") == "ab\nc"


@pytest.mark.parametrize(
    "typed",
    ["Nguy\u200bễn Văn", "Nguy\u00adễn\u2060 Văn", unicodedata.normalize("NFD", "Nguyễn Văn")],
)
def test_an_invisible_or_decomposed_character_does_not_hide_a_name_from_search(
    hh_kp1, officer, client_for, typed
):
    from tests.utils import codes_in, text

    page = client_for(officer).get("/ho-gia-dinh/", {"q": typed})
    assert codes_in(text(page)) == {"KP1-001"}
    found = client_for(officer).get("/chuong-trinh/tim-nguoi/", {"q": typed})
    assert "Nguyễn Văn Ân" in text(found)


def test_every_model_refuses_invisible_characters_in_names(areas):
    from assignments.models import Organisation
    from tannkhai.models import User

    organisation = Organisation(commune=areas.commune, name="Hội\u200b Nông dân")
    with pytest.raises(ValidationError) as info:
        organisation.full_clean()
    assert "name" in info.value.message_dict
    user = User(username="ba", full_name="Đinh\u202e Văn Ba", password="x")
    with pytest.raises(ValidationError) as info:
        user.full_clean()
    assert set(info.value.message_dict) == {"full_name"}


def test_the_user_form_refuses_an_invisible_character_in_a_full_name(client_for, admin_user, areas):
    from tests.tannkhai.test_users_views import new_user

    response = client_for(admin_user).post(
        "/tai-khoan/nguoi-dung/them/", new_user(areas, full_name="Đinh\u200b Văn Ba")
    )
    assert response.status_code == 200
    assert any(REFUSED in e for e in field_errors(response, "full_name"))
