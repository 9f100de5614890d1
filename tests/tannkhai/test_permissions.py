"""What each role may do (the permissions modules) and the menu it is offered."""

import pytest
from django.contrib.auth.models import AnonymousUser

from households.permissions import (
    can_edit_registry,
    can_export_registry,
    can_manage_areas,
    can_restructure_registry,
)
from tannkhai.permissions import can_manage_users, can_see_member_details, can_see_sensitive
from tests.factories import UserFactory
from tests.utils import text

CHECKS = (
    can_edit_registry,
    can_restructure_registry,
    can_see_sensitive,
    can_see_member_details,
    can_export_registry,
    can_manage_users,
    can_manage_areas,
)
MATRIX = {
    "admin": (True, True, True, True, True, True, True),
    "officer": (True, True, True, True, True, False, False),
    "quarter_head": (True, False, False, True, True, False, False),
    "leader": (False, False, False, True, True, False, False),
    "org_member": (False, False, False, False, False, False, False),
}


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "expected"), MATRIX.items())
def test_role_matrix(role, expected):
    user = UserFactory(role=role)
    assert tuple(check(user) for check in CHECKS) == expected


@pytest.mark.django_db
def test_superuser_counts_as_admin():
    user = UserFactory(role="org_member", is_superuser=True)
    assert all(check(user) for check in CHECKS)


def test_anonymous_may_do_nothing():
    assert not any(check(AnonymousUser()) for check in CHECKS)


@pytest.mark.parametrize(
    ("name", "users_menu", "areas_menu", "export", "create"),
    [
        ("admin_user", True, True, True, True),
        ("officer", False, True, True, True),
        ("quarter_head_kp1", False, True, True, True),
        ("leader", False, True, True, False),
        ("org_member", False, False, False, False),
        ("outsider", False, True, True, True),
    ],
)
def test_menu_by_role(persona, client_for, name, users_menu, areas_menu, export, create):
    body = text(client_for(persona(name)).get("/ho-gia-dinh/"))
    assert ('href="/tai-khoan/nguoi-dung/"' in body) is users_menu
    assert ('href="/ho-gia-dinh/dia-ban/"' in body) is areas_menu
    assert ('href="/ho-gia-dinh/xuat-excel/' in body) is export
    assert ('href="/ho-gia-dinh/them/"' in body) is create
