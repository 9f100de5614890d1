"""Registry search: names ignoring diacritics and case, members, citizen IDs, codes.

Runs on whichever database the suite runs on (SQLite or PostgreSQL).
"""

import pytest
from django.utils import timezone

from households import services
from households.models import Household, Member
from households.selectors import household_search
from tests.conftest import AN_CITIZEN_ID, HOA_CITIZEN_ID
from tests.factories import HeadFactory, HouseholdFactory, MemberFactory, make_citizen_id
from tests.utils import codes_in, text


@pytest.fixture
def registry(households, areas):
    """The three fixture households plus a few near-misses."""
    HouseholdFactory(
        quarter=areas.kp1,
        code="KP1-002",
        head=HeadFactory(full_name="Nguyễn Văn Bảo", birth_year=1960),
    )
    HouseholdFactory(
        quarter=areas.kp2,
        code="KP2-002",
        head=HeadFactory(full_name="Trần Thị Dung", sex="female", birth_year=1990),
    )
    return Household.objects.all()


def found(query):
    return set(household_search(Household.objects.all(), query).values_list("code", flat=True))


@pytest.mark.parametrize(
    "query",
    ["nguyen van an", "Nguyen Van An", "NGUYỄN VĂN ÂN", "Nguyễn Văn Ân", "  nguyễn   văn ân "],
)
def test_head_name_ignoring_diacritics_and_case(registry, query):
    assert found(query) == {"KP1-001"}


def test_decomposed_unicode_query(registry):
    import unicodedata

    assert found(unicodedata.normalize("NFD", "Nguyễn Văn Ân")) == {"KP1-001"}


@pytest.mark.parametrize("query", ["dang", "Đặng", "ĐẶNG", "đang", "dang thi binh"])
def test_d_with_stroke_matches_d(registry, query):
    assert found(query) == {"KP2-001"}


def test_partial_name_finds_every_match(registry):
    assert found("nguyen van") == {"KP1-001", "KP1-002"}


def test_member_who_is_not_the_head(registry):
    assert found("le thi hoa") == {"KP1-001"}
    assert found("Lê Thị Hoa") == {"KP1-001"}


def test_citizen_id_of_the_head(registry):
    assert found(AN_CITIZEN_ID) == {"KP1-001"}


def test_citizen_id_of_a_member(registry):
    assert found(HOA_CITIZEN_ID) == {"KP1-001"}


def test_citizen_id_typed_with_spaces(registry):
    spaced = f"{HOA_CITIZEN_ID[:3]} {HOA_CITIZEN_ID[3:6]} {HOA_CITIZEN_ID[6:]}"
    assert found(spaced) == {"KP1-001"}


def test_unknown_citizen_id_finds_nothing(registry):
    assert found(make_citizen_id(sex="male", birth_year=1999, serial=999999)) == set()


@pytest.mark.parametrize("query", ["KP1-001", "kp1-001", " Kp1-001 "])
def test_household_code(registry, query):
    assert found(query) == {"KP1-001"}


def test_partial_code(registry):
    assert found("kp2-") == {"KP2-001", "KP2-002"}


def test_empty_query_returns_everything(registry):
    assert len(found("   ")) == 5


def test_no_match(registry):
    assert found("hoang") == set()


def test_search_follows_a_new_member(hh_kp1):
    MemberFactory(household=hh_kp1, full_name="Võ Minh Khôi", birth_year=2015)
    assert found("vo minh khoi") == {"KP1-001"}


def test_search_forgets_a_member_who_left(hh_kp1, officer):
    hoa = hh_kp1.members.get(full_name="Lê Thị Hoa")
    services.member_retire(
        user=officer, member=hoa, reason="moved_out", left_on=timezone.localdate(), version=1
    )
    assert found("le thi hoa") == set()


def test_search_follows_a_code_change(hh_kp1, officer):
    services.household_update(
        user=officer, household=hh_kp1, version=hh_kp1.version, code="KP1-100"
    )
    assert found("kp1-100") == {"KP1-100"}
    assert found("kp1-001") == set()


def test_search_follows_a_new_head(hh_kp1, officer):
    hoa = hh_kp1.members.get(full_name="Lê Thị Hoa")
    services.household_set_head(user=officer, household=hh_kp1, member=hoa, version=hh_kp1.version)
    hh_kp1.refresh_from_db()
    assert hh_kp1.head_name == "Lê Thị Hoa"
    assert found("le thi hoa") == {"KP1-001"}
    assert found("nguyen van an") == {"KP1-001"}  # still a member


def test_search_is_scoped(registry, quarter_head_kp2):
    from households.selectors import households_visible_to

    visible = households_visible_to(quarter_head_kp2)
    assert not household_search(visible, "nguyen van an").exists()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("nguyen van an", {"KP1-001"}),
        ("NGUYỄN VĂN ÂN", {"KP1-001"}),
        ("dang", {"KP2-001"}),
        ("le thi hoa", {"KP1-001"}),
        (HOA_CITIZEN_ID, {"KP1-001"}),
        ("kp2-001", {"KP2-001"}),
    ],
)
def test_search_through_the_list_page(registry, officer, client_for, query, expected):
    response = client_for(officer).get("/ho-gia-dinh/", {"q": query})
    assert response.status_code == 200
    assert codes_in(text(response)) == expected


def test_search_through_the_list_page_is_scoped(registry, outsider, client_for):
    response = client_for(outsider).get("/ho-gia-dinh/", {"q": "nguyen van an"})
    assert codes_in(text(response)) == set()
    assert "Không có hộ nào phù hợp." in text(response)


def test_member_name_folded_is_kept(hh_kp1):
    hoa = Member.objects.get(full_name="Lê Thị Hoa")
    assert hoa.name_folded == "le thi hoa"
