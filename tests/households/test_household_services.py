"""Household services: create, update, move, retire, set head."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from households import services
from households.models import Ethnicity, Household, Member
from tests.conftest import HOA_CITIZEN_ID
from tests.factories import HeadFactory, HouseholdFactory, MemberFactory
from tests.utils import counts

TODAY = timezone.localdate


# ---------------------------------------------------------------- household_create


def test_create_makes_the_head_a_member_and_the_head(areas, officer):
    household = services.household_create(
        user=officer,
        quarter=areas.kp1,
        code=" kp1-010 ",
        address="5 Lê Lợi",
        head={"full_name": "  Nguyễn   Văn Ân ", "sex": "male", "birth_year": 1980},
    )
    household.refresh_from_db()
    members = list(household.members.all())
    assert len(members) == 1
    head = members[0]
    assert household.head == head
    assert head.relation_to_head == Member.Relation.HEAD
    assert head.full_name == "Nguyễn Văn Ân"
    assert head.name_folded == "nguyen van an"


def test_create_sets_the_derived_fields(areas, officer):
    household = services.household_create(
        user=officer,
        quarter=areas.kp1,
        code="kp1-010",
        head={"full_name": "Nguyễn Văn Ân", "sex": "male", "birth_year": 1980},
    )
    household.refresh_from_db()
    assert household.commune == areas.commune
    assert household.code == "KP1-010"
    assert household.head_name == "Nguyễn Văn Ân"
    assert household.head_sort == "nguyen van an"
    assert household.head_birth_year == 1980
    assert household.member_count == 1
    assert household.search_text == "kp1-010 | nguyen van an"
    assert household.status == Household.Status.ACTIVE
    assert household.poverty_status == "unclassified"
    assert household.version == 1


def test_create_takes_the_birth_year_from_the_date_of_birth(areas, officer):
    household = services.household_create(
        user=officer,
        quarter=areas.kp1,
        code="KP1-011",
        head={"full_name": "Lò Văn Páo", "sex": "male", "date_of_birth": dt.date(1979, 4, 30)},
    )
    household.refresh_from_db()
    assert household.head.birth_year == 1979
    assert household.head_birth_year == 1979


def test_create_with_a_minority_ethnicity_marks_the_household(areas, officer):
    tay = Ethnicity.objects.get(name="Tày")
    household = services.household_create(
        user=officer,
        quarter=areas.kp1,
        code="KP1-012",
        ethnicity=tay,
        head={"full_name": "Hoàng Văn Thụ", "sex": "male", "birth_year": 1985},
    )
    household.refresh_from_db()
    assert household.is_ethnic_minority is True
    assert household.head.ethnicity == tay


def test_create_records_who_created_it(areas, officer):
    household = HouseholdFactory(user=officer, quarter=areas.kp1)
    assert household.history.earliest().history_user == officer
    assert household.head.history.earliest().history_user == officer


def test_create_refuses_a_duplicate_code_in_the_commune(hh_kp1, areas, officer):
    before = counts()
    with pytest.raises(ValidationError) as exc:
        HouseholdFactory(user=officer, quarter=areas.kp2, code="kp1-001")
    assert exc.value.message_dict == {"code": ["Mã hộ này đã có trong xã."]}
    assert counts() == before


def test_the_same_code_is_fine_in_another_commune(hh_kp1, areas):
    household = HouseholdFactory(quarter=areas.other_quarter, code="KP1-001")
    assert household.commune == areas.other_commune


def test_create_refuses_an_area_that_is_not_a_quarter(areas, officer):
    before = counts()
    with pytest.raises(ValidationError) as exc:
        HouseholdFactory(user=officer, quarter=areas.commune)
    assert exc.value.message_dict == {"quarter": ["Hãy chọn một khu phố / ấp."]}
    assert counts() == before


def test_create_refuses_a_merged_quarter(areas, admin_user):
    services.area_merge(user=admin_user, area=areas.kp2, into=areas.kp1, effective_date=TODAY())
    areas.kp2.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        HouseholdFactory(quarter=areas.kp2)
    assert exc.value.message_dict == {"quarter": ["Khu phố / ấp này đã ngừng hoạt động."]}


@pytest.mark.parametrize(
    ("head", "field", "message"),
    [
        ({"full_name": "   "}, "head_full_name", "Họ và tên không được để trống."),
        (
            {"date_of_birth": dt.date.today() + dt.timedelta(days=30)},
            "head_date_of_birth",
            "Ngày sinh không được ở tương lai.",
        ),
        (
            {"birth_year": dt.date.today().year + 2},
            "head_birth_year",
            "Năm sinh không được ở tương lai.",
        ),
        (
            {"birth_year": 1980, "date_of_birth": dt.date(1981, 1, 1)},
            "head_birth_year",
            "Năm sinh không khớp với ngày sinh.",
        ),
    ],
)
def test_create_with_a_bad_head_saves_nothing(areas, officer, head, field, message):
    before = counts()
    with pytest.raises(ValidationError) as exc:
        HouseholdFactory(user=officer, quarter=areas.kp1, head=HeadFactory(**head))
    assert message in exc.value.message_dict[field]
    assert counts() == before


def test_create_with_a_bad_phone_saves_nothing(areas, officer):
    before = counts()
    with pytest.raises(ValidationError) as exc:
        HouseholdFactory(user=officer, quarter=areas.kp1, phone="12345")
    assert exc.value.message_dict["phone"] == ["Số điện thoại không hợp lệ (ví dụ: 0912 345 678)."]
    assert counts() == before


# ---------------------------------------------------------------- household_update


def test_update_saves_and_bumps_the_version(hh_kp1, officer):
    loaded = hh_kp1.version
    services.household_update(
        user=officer,
        household=hh_kp1,
        version=hh_kp1.version,
        address="99 Trần Hưng Đạo",
        code="kp1-099",
    )
    hh_kp1.refresh_from_db()
    assert hh_kp1.address == "99 Trần Hưng Đạo"
    assert hh_kp1.code == "KP1-099"
    assert hh_kp1.version == loaded + 1
    assert hh_kp1.search_text.startswith("kp1-099 | ")
    assert hh_kp1.history.latest().history_user == officer


def test_update_with_a_stale_version_saves_nothing(hh_kp1, officer, quarter_head_kp1):
    loaded = hh_kp1.version  # both users loaded this version
    services.household_update(user=officer, household=hh_kp1, version=loaded, address="Địa chỉ A")
    second = Household.objects.get(pk=hh_kp1.pk)
    before = counts()
    with pytest.raises(ValidationError) as exc:
        services.household_update(
            user=quarter_head_kp1, household=second, version=loaded, address="Địa chỉ B"
        )
    assert exc.value.code == "stale"
    assert "vừa được người khác cập nhật" in exc.value.messages[0]
    hh_kp1.refresh_from_db()
    assert hh_kp1.address == "Địa chỉ A"
    assert hh_kp1.version == loaded + 1
    assert counts() == before


def test_update_refuses_a_code_of_another_household(hh_kp1, hh_kp2, officer):
    loaded = hh_kp1.version
    with pytest.raises(ValidationError) as exc:
        services.household_update(
            user=officer, household=hh_kp1, version=hh_kp1.version, code="KP2-001"
        )
    assert exc.value.message_dict == {"code": ["Mã hộ này đã có trong xã."]}
    hh_kp1.refresh_from_db()
    assert (hh_kp1.code, hh_kp1.version) == ("KP1-001", loaded)


def test_update_refuses_a_bad_phone(hh_kp1, officer):
    loaded = hh_kp1.version
    with pytest.raises(ValidationError) as exc:
        services.household_update(
            user=officer, household=hh_kp1, version=hh_kp1.version, phone="abc"
        )
    assert "phone" in exc.value.message_dict
    hh_kp1.refresh_from_db()
    assert (hh_kp1.phone, hh_kp1.version) == ("", loaded)


def test_update_refuses_fields_it_does_not_edit(hh_kp1, officer):
    with pytest.raises(ValueError, match="status"):
        services.household_update(
            user=officer, household=hh_kp1, version=hh_kp1.version, status="retired"
        )


# ---------------------------------------------------------------- household_move


def test_move_to_another_quarter(hh_kp1, areas, officer):
    loaded = hh_kp1.version
    services.household_move(
        user=officer, household=hh_kp1, quarter=areas.kp2, version=hh_kp1.version
    )
    hh_kp1.refresh_from_db()
    assert hh_kp1.quarter == areas.kp2
    assert hh_kp1.commune == areas.commune
    assert hh_kp1.code == "KP1-001"
    assert hh_kp1.version == loaded + 1
    assert hh_kp1.history.latest().quarter_id == areas.kp2.pk


def test_move_to_another_commune_updates_the_commune(hh_kp1, areas, admin_user):
    services.household_move(
        user=admin_user, household=hh_kp1, quarter=areas.other_quarter, version=hh_kp1.version
    )
    hh_kp1.refresh_from_db()
    assert hh_kp1.commune == areas.other_commune


def test_move_to_another_commune_with_the_same_code_is_refused(hh_kp1, areas, admin_user):
    loaded = hh_kp1.version
    HouseholdFactory(quarter=areas.other_quarter, code="KP1-001")
    with pytest.raises(ValidationError) as exc:
        services.household_move(
            user=admin_user, household=hh_kp1, quarter=areas.other_quarter, version=hh_kp1.version
        )
    assert exc.value.message_dict == {"quarter": ["Xã chuyển đến đã có hộ cùng mã KP1-001."]}
    hh_kp1.refresh_from_db()
    assert (hh_kp1.quarter, hh_kp1.version) == (areas.kp1, loaded)


def test_move_to_the_same_quarter_is_refused(hh_kp1, areas, officer):
    with pytest.raises(ValidationError) as exc:
        services.household_move(
            user=officer, household=hh_kp1, quarter=areas.kp1, version=hh_kp1.version
        )
    assert exc.value.message_dict == {"quarter": ["Hộ đang ở khu phố / ấp này."]}


def test_move_with_a_stale_version(hh_kp1, areas, officer):
    with pytest.raises(ValidationError) as exc:
        services.household_move(user=officer, household=hh_kp1, quarter=areas.kp2, version=7)
    assert exc.value.code == "stale"
    hh_kp1.refresh_from_db()
    assert hh_kp1.quarter == areas.kp1


def test_a_retired_household_cannot_move(hh_kp1, areas, officer):
    services.household_retire(
        user=officer,
        household=hh_kp1,
        reason="moved_away",
        retired_on=TODAY(),
        version=hh_kp1.version,
    )
    with pytest.raises(ValidationError) as exc:
        services.household_move(
            user=officer, household=hh_kp1, quarter=areas.kp2, version=hh_kp1.version
        )
    assert exc.value.messages == ["Hộ đã ra khỏi danh sách, không thể chuyển khu phố."]


# ---------------------------------------------------------------- household_retire


@pytest.mark.parametrize("reason", ["moved_away", "dissolved", "split"])
def test_retire_keeps_everything(hh_kp1, officer, reason):
    loaded = hh_kp1.version
    before = counts()
    day = TODAY() - dt.timedelta(days=3)
    services.household_retire(
        user=officer, household=hh_kp1, reason=reason, retired_on=day, version=hh_kp1.version
    )
    hh_kp1.refresh_from_db()
    assert hh_kp1.status == Household.Status.RETIRED
    assert hh_kp1.retired_reason == reason
    assert hh_kp1.retired_on == day
    assert hh_kp1.merged_into is None
    assert hh_kp1.version == loaded + 1
    after = counts()
    assert after["Household"] == before["Household"]
    assert after["Member"] == before["Member"]
    assert after["HistoricalHousehold"] == before["HistoricalHousehold"] + 1
    assert hh_kp1.members.filter(is_active=True).count() == 2
    assert hh_kp1.history.latest().history_user == officer


def test_retire_by_merging_into_another_household(hh_kp1, hh_kp2, officer):
    services.household_retire(
        user=officer,
        household=hh_kp2,
        reason="merged",
        retired_on=TODAY(),
        version=hh_kp2.version,
        merged_into=hh_kp1,
    )
    hh_kp2.refresh_from_db()
    assert hh_kp2.merged_into == hh_kp1
    assert list(hh_kp1.merged_from.all()) == [hh_kp2]


def test_retire_appends_a_dated_note(hh_kp1, officer):
    services.household_update(
        user=officer, household=hh_kp1, version=hh_kp1.version, notes="Hộ neo đơn."
    )
    services.household_retire(
        user=officer,
        household=hh_kp1,
        reason="moved_away",
        retired_on=dt.date(2025, 3, 5),
        version=hh_kp1.version,
        note="Chuyển vào Bình Dương",
    )
    hh_kp1.refresh_from_db()
    assert hh_kp1.notes == "Hộ neo đơn.\n[05/03/2025] Chuyển vào Bình Dương"


def retire_error(household, **kwargs):
    params = {
        "user": None,
        "household": household,
        "reason": "moved_away",
        "retired_on": TODAY(),
        "version": household.version,
    }
    params.update(kwargs)
    before = counts()
    with pytest.raises(ValidationError) as exc:
        services.household_retire(**params)
    assert counts() == before
    household.refresh_from_db()
    assert household.status == Household.Status.ACTIVE
    return exc.value


def test_retire_with_a_future_date_is_refused(hh_kp1):
    error = retire_error(hh_kp1, retired_on=TODAY() + dt.timedelta(days=1))
    assert error.message_dict == {"retired_on": ["Ngày ra khỏi danh sách không được ở tương lai."]}


def test_retire_with_an_unknown_reason_is_refused(hh_kp1):
    assert retire_error(hh_kp1, reason="died").message_dict == {"reason": ["Hãy chọn lý do."]}


def test_merged_needs_the_receiving_household(hh_kp1):
    error = retire_error(hh_kp1, reason="merged")
    assert error.message_dict == {"merged_into": ["Hãy chọn hộ nhận nhập."]}


def test_a_household_cannot_merge_into_itself(hh_kp1):
    error = retire_error(hh_kp1, reason="merged", merged_into=hh_kp1)
    assert error.message_dict == {"merged_into": ["Hộ nhận nhập phải là một hộ khác đang cư trú."]}


def test_a_household_cannot_merge_into_a_retired_one(hh_kp1, hh_kp2):
    services.household_retire(
        user=None,
        household=hh_kp2,
        reason="moved_away",
        retired_on=TODAY(),
        version=hh_kp2.version,
    )
    error = retire_error(hh_kp1, reason="merged", merged_into=hh_kp2)
    assert error.message_dict == {"merged_into": ["Hộ nhận nhập phải là một hộ khác đang cư trú."]}


def test_merged_into_only_with_the_merged_reason(hh_kp1, hh_kp2):
    error = retire_error(hh_kp1, reason="moved_away", merged_into=hh_kp2)
    assert error.message_dict == {"merged_into": ["Chỉ chọn hộ nhận nhập khi lý do là nhập hộ."]}


def test_retire_with_a_stale_version(hh_kp1):
    assert retire_error(hh_kp1, version=5).code == "stale"


def test_retire_twice_is_refused(hh_kp1):
    services.household_retire(
        user=None,
        household=hh_kp1,
        reason="moved_away",
        retired_on=TODAY(),
        version=hh_kp1.version,
    )
    with pytest.raises(ValidationError) as exc:
        services.household_retire(
            user=None,
            household=hh_kp1,
            reason="moved_away",
            retired_on=TODAY(),
            version=hh_kp1.version,
        )
    assert exc.value.messages == ["Hộ này đã ra khỏi danh sách."]


# ---------------------------------------------------------------- household_set_head


def test_set_head(hh_kp1, officer):
    loaded = hh_kp1.version
    an = hh_kp1.head
    hoa = hh_kp1.members.get(citizen_id=HOA_CITIZEN_ID)
    services.household_set_head(user=officer, household=hh_kp1, member=hoa, version=hh_kp1.version)
    hh_kp1.refresh_from_db()
    an.refresh_from_db()
    hoa.refresh_from_db()
    assert hh_kp1.head == hoa
    assert hoa.relation_to_head == Member.Relation.HEAD
    assert an.relation_to_head == Member.Relation.OTHER
    assert hh_kp1.head_name == "Lê Thị Hoa"
    assert hh_kp1.head_sort == "le thi hoa"
    assert hh_kp1.head_birth_year == 1982
    assert hh_kp1.search_text == "kp1-001 | le thi hoa | nguyen van an"
    assert hh_kp1.version == loaded + 1
    assert hh_kp1.history.latest().history_user == officer


def test_set_head_to_a_member_of_another_household_is_refused(hh_kp1, hh_kp2, officer):
    loaded = hh_kp1.version
    before = counts()
    with pytest.raises(ValidationError) as exc:
        services.household_set_head(
            user=officer, household=hh_kp1, member=hh_kp2.head, version=hh_kp1.version
        )
    assert exc.value.message_dict == {
        "head": ["Chủ hộ phải là một thành viên đang cư trú của chính hộ này."]
    }
    assert counts() == before
    hh_kp1.refresh_from_db()
    assert hh_kp1.head_name == "Nguyễn Văn Ân"
    assert hh_kp1.version == loaded
    hh_kp2.head.refresh_from_db()
    assert hh_kp2.head.relation_to_head == Member.Relation.HEAD


def test_set_head_to_a_former_member_is_refused(hh_kp1, officer):
    child = MemberFactory(household=hh_kp1, full_name="Nguyễn Văn Út")
    services.member_retire(
        user=officer, member=child, reason="moved_out", left_on=TODAY(), version=1
    )
    hh_kp1.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.household_set_head(
            user=officer, household=hh_kp1, member=child, version=hh_kp1.version
        )
    assert "head" in exc.value.message_dict


def test_set_head_with_a_stale_version(hh_kp1, officer):
    hoa = hh_kp1.members.get(citizen_id=HOA_CITIZEN_ID)
    with pytest.raises(ValidationError) as exc:
        services.household_set_head(user=officer, household=hh_kp1, member=hoa, version=9)
    assert exc.value.code == "stale"
    hoa.refresh_from_db()
    assert hoa.relation_to_head == Member.Relation.SPOUSE
