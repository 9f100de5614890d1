"""Scope: what each persona may read (households_visible_to, household_get, areas)."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils import timezone

from households import selectors, services
from tests.factories import AssignmentFactory, UserFactory

VISIBLE = {
    "officer": {"KP1-001", "KP2-001"},
    "quarter_head_kp1": {"KP1-001"},
    "quarter_head_kp2": {"KP2-001"},
    "leader": {"KP1-001", "KP2-001"},
    "org_member": {"KP1-001"},
    "admin_user": {"KP1-001", "KP2-001", "BT-001"},
    "outsider": {"BT-001"},
}


@pytest.mark.parametrize(("name", "codes"), VISIBLE.items())
def test_households_visible_to(households, persona, name, codes):
    user = persona(name)
    assert set(selectors.households_visible_to(user).values_list("code", flat=True)) == codes


def test_anonymous_sees_no_household(households):
    assert not selectors.households_visible_to(AnonymousUser()).exists()


def test_user_without_areas_sees_nothing(households):
    user = UserFactory(role="officer")
    assert not selectors.households_visible_to(user).exists()


def test_superuser_sees_everything(households):
    user = UserFactory(role="officer", is_superuser=True)
    assert selectors.households_visible_to(user).count() == 3


def test_retired_households_stay_visible(hh_kp1, officer):
    services.household_retire(
        user=officer,
        household=hh_kp1,
        reason="moved_away",
        retired_on=timezone.localdate(),
        version=hh_kp1.version,
    )
    assert selectors.households_visible_to(officer).filter(pk=hh_kp1.pk).exists()


def test_org_member_loses_a_household_when_the_assignment_ended(hh_kp1, hh_kp2, org_member):
    hh_kp1.assignments.update(ended_on=timezone.localdate() - dt.timedelta(days=1))
    assert not selectors.households_visible_to(org_member).exists()


def test_org_member_sees_a_household_on_the_last_day_of_the_assignment(hh_kp1, org_member):
    hh_kp1.assignments.update(ended_on=timezone.localdate())
    assert list(selectors.households_visible_to(org_member)) == [hh_kp1]


def test_org_member_does_not_see_another_members_assignment(hh_kp1, hh_kp2, org_member):
    other = UserFactory(role="org_member", organisation="Hội LHPN")
    AssignmentFactory(household=hh_kp2, member=other)
    assert list(selectors.households_visible_to(org_member)) == [hh_kp1]


def test_quarter_head_with_two_quarters_sees_both(areas, households):
    user = UserFactory(role="quarter_head", areas=[areas.kp1, areas.kp2])
    codes = set(selectors.households_visible_to(user).values_list("code", flat=True))
    assert codes == {"KP1-001", "KP2-001"}


def test_scope_is_not_fooled_by_a_path_prefix(areas, officer):
    # Paths are "<ids>/": an area with id 2 must not include an area with id 21.
    commune_path = areas.commune.path
    assert commune_path.endswith("/")
    assert not selectors.areas_visible_to(officer).filter(pk=areas.other_commune.pk).exists()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("officer", 200),
        ("quarter_head_kp1", 200),
        ("quarter_head_kp2", 404),
        ("leader", 200),
        ("org_member", 200),
        ("admin_user", 200),
        ("outsider", 404),
    ],
)
def test_household_get(households, hh_kp1, persona, name, expected):
    user = persona(name)
    if expected == 404:
        with pytest.raises(Http404):
            selectors.household_get(user=user, pk=hh_kp1.pk)
    else:
        assert selectors.household_get(user=user, pk=hh_kp1.pk) == hh_kp1


def test_household_get_unknown_pk_is_404(officer, households):
    with pytest.raises(Http404):
        selectors.household_get(user=officer, pk=999_999)


def test_member_get_is_scoped(hh_kp1, quarter_head_kp1, quarter_head_kp2, outsider):
    member = hh_kp1.members.get(full_name="Lê Thị Hoa")
    assert selectors.member_get(user=quarter_head_kp1, pk=member.pk) == member
    for user in (quarter_head_kp2, outsider):
        with pytest.raises(Http404):
            selectors.member_get(user=user, pk=member.pk)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("officer", {"Tân Khai", "Khu phố 1", "Khu phố 2"}),
        ("quarter_head_kp1", {"Khu phố 1"}),
        ("quarter_head_kp2", {"Khu phố 2"}),
        ("leader", {"Tân Khai", "Khu phố 1", "Khu phố 2"}),
        ("org_member", set()),
        (
            "admin_user",
            {
                "Đồng Nai",
                "Tân Khai",
                "Khu phố 1",
                "Khu phố 2",
                "TP Hồ Chí Minh",
                "Phường Bến Thành",
                "Khu phố 9",
            },
        ),
        ("outsider", {"Phường Bến Thành", "Khu phố 9"}),
    ],
)
def test_areas_visible_to(areas, persona, name, expected):
    user = persona(name)
    assert set(selectors.areas_visible_to(user).values_list("name", flat=True)) == expected


def test_areas_visible_to_anonymous(areas):
    assert not selectors.areas_visible_to(AnonymousUser()).exists()


def test_quarters_visible_to_leaves_out_merged_quarters(areas, officer, admin_user):
    services.area_merge(
        user=admin_user, area=areas.kp2, into=areas.kp1, effective_date=timezone.localdate()
    )
    assert list(selectors.quarters_visible_to(officer)) == [areas.kp1]
    assert set(selectors.quarters_visible_to(officer, active_only=False)) == {areas.kp1, areas.kp2}
