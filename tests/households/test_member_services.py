"""Member services: create, update, retire (the head cannot be retired)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from households import services
from households.models import Member
from tests.conftest import HOA_CITIZEN_ID
from tests.factories import MemberFactory
from tests.utils import counts

TODAY = timezone.localdate


def test_create_adds_a_member_and_refreshes_the_household(hh_kp1, officer):
    loaded = hh_kp1.version
    member = services.member_create(
        user=officer,
        household=hh_kp1,
        full_name="  Nguyễn  Thị   Út ",
        sex="female",
        date_of_birth=dt.date(2012, 6, 1),
        relation_to_head="child",
    )
    assert member.full_name == "Nguyễn Thị Út"
    assert member.name_folded == "nguyen thi ut"
    assert member.birth_year == 2012
    assert member.is_active is True
    hh_kp1.refresh_from_db()
    assert hh_kp1.member_count == 3
    assert "nguyen thi ut" in hh_kp1.search_text
    assert hh_kp1.version == loaded + 1  # an open household form is now stale
    assert member.history.latest().history_user == officer


def test_create_refuses_a_second_head(hh_kp1):
    before = counts()
    with pytest.raises(ValidationError) as exc:
        MemberFactory(household=hh_kp1, relation_to_head="head")
    assert exc.value.message_dict == {
        "relation_to_head": ["Hộ đã có chủ hộ. Dùng “Đổi chủ hộ” để thay chủ hộ."]
    }
    assert counts() == before


def test_create_refuses_a_retired_household(hh_kp2):
    services.household_retire(
        user=None,
        household=hh_kp2,
        reason="moved_away",
        retired_on=TODAY(),
        version=hh_kp2.version,
    )
    with pytest.raises(ValidationError) as exc:
        MemberFactory(household=hh_kp2)
    assert exc.value.messages == ["Hộ đã ra khỏi danh sách, không thể thêm thành viên."]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"full_name": "  "}, "full_name", "Họ và tên không được để trống."),
        (
            {"date_of_birth": dt.date.today() + dt.timedelta(days=2)},
            "date_of_birth",
            "Ngày sinh không được ở tương lai.",
        ),
        (
            {"birth_year": 2010, "date_of_birth": dt.date(2011, 2, 3)},
            "birth_year",
            "Năm sinh không khớp với ngày sinh.",
        ),
        (
            {"birth_year": dt.date.today().year + 2},
            "birth_year",
            "Năm sinh không được ở tương lai.",
        ),
        (
            {"health_insurance_number": "DN4797912345678"},
            "has_health_insurance",
            "Đã nhập mã thẻ BHYT: hãy đánh dấu “có thẻ BHYT”.",
        ),
        (
            {"has_health_insurance": True, "health_insurance_number": "dn-123"},
            "health_insurance_number",
            "Mã thẻ BHYT gồm 10 đến 15 chữ cái in hoa hoặc chữ số.",
        ),
    ],
)
def test_create_with_bad_input_saves_nothing(hh_kp1, fields, field, message):
    before = counts()
    with pytest.raises(ValidationError) as exc:
        MemberFactory(household=hh_kp1, **fields)
    assert message in exc.value.message_dict[field]
    assert counts() == before


def test_create_refuses_fields_it_does_not_edit(hh_kp1):
    with pytest.raises(ValueError, match="is_active"):
        MemberFactory(household=hh_kp1, is_active=False)


def test_update_saves_and_bumps_the_version(hh_kp1, officer):
    hoa = hh_kp1.members.get(citizen_id=HOA_CITIZEN_ID)
    services.member_update(
        user=officer,
        member=hoa,
        version=hoa.version,
        full_name="Lê Thị Hoà",
        employment_status="self_employed",
    )
    hoa.refresh_from_db()
    assert hoa.full_name == "Lê Thị Hoà"
    assert hoa.employment_status == "self_employed"
    assert hoa.version == 2
    hh_kp1.refresh_from_db()
    assert "le thi hoa" in hh_kp1.search_text


def test_update_of_the_head_renames_the_household(hh_kp1, officer):
    head = hh_kp1.head
    services.member_update(
        user=officer, member=head, version=head.version, full_name="Nguyễn Văn Ấn"
    )
    hh_kp1.refresh_from_db()
    assert hh_kp1.head_name == "Nguyễn Văn Ấn"
    assert hh_kp1.head_sort == "nguyen van an"


def test_update_with_a_stale_version_saves_nothing(hh_kp1, officer):
    hoa = hh_kp1.members.get(citizen_id=HOA_CITIZEN_ID)
    services.member_update(user=officer, member=hoa, version=1, employment_status="contract")
    second = Member.objects.get(pk=hoa.pk)
    with pytest.raises(ValidationError) as exc:
        services.member_update(user=officer, member=second, version=1, employment_status="student")
    assert exc.value.code == "stale"
    hoa.refresh_from_db()
    assert (hoa.employment_status, hoa.version) == ("contract", 2)


def test_the_head_relation_cannot_be_changed_by_editing(hh_kp1, officer):
    head = hh_kp1.head
    with pytest.raises(ValidationError) as exc:
        services.member_update(
            user=officer, member=head, version=head.version, relation_to_head="spouse"
        )
    assert exc.value.message_dict == {
        "relation_to_head": ["Đây là chủ hộ. Dùng “Đổi chủ hộ” để chọn chủ hộ khác."]
    }


def test_a_member_cannot_become_head_by_editing(hh_kp1, officer):
    hoa = hh_kp1.members.get(citizen_id=HOA_CITIZEN_ID)
    with pytest.raises(ValidationError) as exc:
        services.member_update(
            user=officer, member=hoa, version=hoa.version, relation_to_head="head"
        )
    assert "relation_to_head" in exc.value.message_dict
    hoa.refresh_from_db()
    assert hoa.relation_to_head == "spouse"


def test_update_with_bad_input_saves_nothing(hh_kp1, officer):
    hoa = hh_kp1.members.get(citizen_id=HOA_CITIZEN_ID)
    with pytest.raises(ValidationError) as exc:
        services.member_update(
            user=officer,
            member=hoa,
            version=hoa.version,
            date_of_birth=TODAY() + dt.timedelta(days=5),
        )
    assert "date_of_birth" in exc.value.message_dict
    hoa.refresh_from_db()
    assert hoa.date_of_birth is None
    assert hoa.version == 1


def test_retire_a_member(hh_kp1, officer):
    hoa = hh_kp1.members.get(citizen_id=HOA_CITIZEN_ID)
    before = counts()
    services.member_retire(
        user=officer, member=hoa, reason="died", left_on=TODAY(), version=hoa.version
    )
    hoa.refresh_from_db()
    assert hoa.is_active is False
    assert hoa.left_on == TODAY()
    assert hoa.left_reason == "died"
    assert counts()["Member"] == before["Member"]  # the record is kept
    hh_kp1.refresh_from_db()
    assert hh_kp1.member_count == 1
    assert "le thi hoa" not in hh_kp1.search_text
    assert hoa.history.latest().history_user == officer


def test_the_head_cannot_be_retired(hh_kp1, officer):
    head = hh_kp1.head
    before = counts()
    with pytest.raises(ValidationError) as exc:
        services.member_retire(
            user=officer, member=head, reason="died", left_on=TODAY(), version=head.version
        )
    assert exc.value.messages == [
        "Đây là chủ hộ: hãy chọn chủ hộ mới trước khi cho thành viên này ra khỏi hộ."
    ]
    head.refresh_from_db()
    assert head.is_active is True
    assert counts() == before


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        (
            {"left_on": dt.date.today() + dt.timedelta(days=2)},
            {"left_on": ["Ngày ra khỏi hộ không được ở tương lai."]},
        ),
        ({"reason": "vanished"}, {"reason": ["Hãy chọn lý do."]}),
    ],
)
def test_retire_with_bad_input_saves_nothing(hh_kp1, officer, kwargs, expected):
    hoa = hh_kp1.members.get(citizen_id=HOA_CITIZEN_ID)
    params = {"reason": "moved_out", "left_on": TODAY(), **kwargs}
    with pytest.raises(ValidationError) as exc:
        services.member_retire(user=officer, member=hoa, version=hoa.version, **params)
    assert exc.value.message_dict == expected
    hoa.refresh_from_db()
    assert hoa.is_active is True


def test_retire_twice_is_refused(hh_kp1, officer):
    hoa = hh_kp1.members.get(citizen_id=HOA_CITIZEN_ID)
    services.member_retire(user=officer, member=hoa, reason="died", left_on=TODAY(), version=1)
    with pytest.raises(ValidationError) as exc:
        services.member_retire(user=officer, member=hoa, reason="died", left_on=TODAY(), version=2)
    assert exc.value.messages == ["Thành viên này đã ra khỏi hộ."]


def test_retire_with_a_stale_version(hh_kp1, officer):
    hoa = hh_kp1.members.get(citizen_id=HOA_CITIZEN_ID)
    with pytest.raises(ValidationError) as exc:
        services.member_retire(user=officer, member=hoa, reason="died", left_on=TODAY(), version=3)
    assert exc.value.code == "stale"
