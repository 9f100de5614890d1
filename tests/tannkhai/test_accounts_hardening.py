"""Finding 17: one set of password rules everywhere, user names unique ignoring case,
and a sign-in that treats ``CanBo`` as ``canbo`` (with lockout counting both)."""

import pytest
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import override_settings

from tannkhai.models import Role, User
from tests.factories import PASSWORD, UserFactory
from tests.utils import field_errors

CREATE = "/tai-khoan/nguoi-dung/them/"
ADMIN_ADD = "/quan-tri/tannkhai/user/add/"


@pytest.fixture
def superuser(areas):
    return UserFactory(username="sieuquantri", role=Role.ADMIN, is_staff=True, is_superuser=True)


def new_user(areas, **overrides):
    data = {
        "username": "probeuser4",
        "full_name": "Đinh Văn Ba",
        "email": "",
        "role": Role.QUARTER_HEAD,
        "organisation": "",
        "areas": [areas.kp1.pk],
        "is_active": "on",
        "password": "Rất-khó-đoán-2025",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("overrides", "similar_to"),
    [
        ({"password": "probeuser99"}, "tên đăng nhập"),
        ({"full_name": "Nguyenvanhoang", "password": "nguyenvanhoang1"}, "họ và tên"),
    ],
)
def test_in_app_create_rejects_a_password_like_the_user(
    areas, admin_user, client_for, overrides, similar_to
):
    response = client_for(admin_user).post(CREATE, new_user(areas, **overrides))
    assert response.status_code == 200
    errors = field_errors(response, "password")
    assert errors, "a password like the user's name was accepted"
    assert any(similar_to in e for e in errors), errors
    assert not User.objects.filter(username="probeuser4").exists()


def test_django_admin_create_rejects_a_password_like_the_username(areas, superuser, client_for):
    response = client_for(superuser).post(
        ADMIN_ADD,
        {
            "username": "probeuser4",
            "usable_password": "true",
            "password1": "probeuser99",
            "password2": "probeuser99",
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="probeuser4").exists()


def test_self_service_and_admin_validators_agree(areas):
    user = User(username="probeuser4", full_name="Đinh Văn Ba")
    with pytest.raises(ValidationError):
        password_validation.validate_password("probeuser99", user)
    with pytest.raises(ValidationError):
        password_validation.validate_password("dinhvanba2025", user)


@pytest.mark.parametrize("username", ["CONGCHUC", "CongChuc"])
def test_in_app_create_refuses_a_username_differing_only_in_case(
    areas, officer, admin_user, client_for, username
):
    response = client_for(admin_user).post(CREATE, new_user(areas, username=username))
    assert response.status_code == 200
    assert field_errors(response, "username") == [
        "Tên đăng nhập đã được sử dụng (không phân biệt chữ hoa, chữ thường)."
    ]
    assert User.objects.filter(username__iexact="congchuc").count() == 1


def test_in_app_edit_refuses_renaming_onto_another_user(areas, officer, admin_user, client_for):
    other = UserFactory(username="khac", role=Role.OFFICER, areas=[areas.commune])
    response = client_for(admin_user).post(
        f"/tai-khoan/nguoi-dung/{other.pk}/",
        {
            "username": "CongChuc",
            "role": Role.OFFICER,
            "areas": [areas.commune.pk],
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert field_errors(response, "username")
    other.refresh_from_db()
    assert other.username == "khac"


def test_in_app_edit_keeps_own_username_in_another_case(areas, officer, admin_user, client_for):
    response = client_for(admin_user).post(
        f"/tai-khoan/nguoi-dung/{officer.pk}/",
        {
            "username": "CongChuc",
            "role": Role.OFFICER,
            "areas": [areas.commune.pk],
            "is_active": "on",
        },
    )
    assert response.status_code == 302


def test_django_admin_refuses_a_username_differing_only_in_case(
    areas, officer, superuser, client_for
):
    client = client_for(superuser)
    response = client.post(
        ADMIN_ADD,
        {
            "username": "CONGCHUC",
            "usable_password": "true",
            "password1": "Rất-khó-đoán-2025",
            "password2": "Rất-khó-đoán-2025",
        },
    )
    assert response.status_code == 200
    assert User.objects.filter(username__iexact="congchuc").count() == 1


def test_database_refuses_a_username_differing_only_in_case(officer):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="CONGCHUC", role=Role.OFFICER)


def test_non_ascii_usernames_are_refused(areas, admin_user, client_for):
    # SQLite folds only ASCII case; names stay ASCII so "unique ignoring case" holds on both.
    response = client_for(admin_user).post(CREATE, new_user(areas, username="đức"))
    assert response.status_code == 200
    assert field_errors(response, "username")


@pytest.mark.parametrize("typed", ["congchuc", "CongChuc", "CONGCHUC"])
def test_sign_in_ignores_case(officer, client_for, typed):
    response = client_for(None).post("/dang-nhap/", {"username": typed, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_lockout_counts_every_case_variant_together(officer, client_for):
    client = client_for(None)
    for typed in ("congchuc", "CONGCHUC", "CongChuc"):
        client.post("/dang-nhap/", {"username": typed, "password": "sai-mat-khau"})
    response = client.post("/dang-nhap/", {"username": "congCHUC", "password": PASSWORD})
    assert response.status_code == 429
    response = client.post("/dang-nhap/", {"username": "congchuc", "password": PASSWORD})
    assert response.status_code == 429


def test_django_admin_change_form_refuses_a_case_clash(areas, officer, superuser, client_for):
    other = UserFactory(username="khac", role=Role.OFFICER)
    response = client_for(superuser).post(
        f"/quan-tri/tannkhai/user/{other.pk}/change/",
        {
            "username": "CONGCHUC",
            "role": Role.OFFICER,
            "is_active": "on",
            "date_joined_0": "01/01/2026",
            "date_joined_1": "08:00:00",
        },
    )
    assert response.status_code == 200
    assert "Tên đăng nhập đã được sử dụng" in response.content.decode()
    other.refresh_from_db()
    assert other.username == "khac"


def test_migration_names_accounts_that_clash(db):
    import importlib

    from django.apps import apps as django_apps

    migration = importlib.import_module("tannkhai.migrations.0002_username_unique_ignoring_case")

    class Rows:
        def values_list(self, *args, **kwargs):
            return self

        def order_by(self, *args):
            return ["canbo", "lanhdao", "CANBO"]

    class FakeUser:
        objects = Rows()

    class FakeApps:
        def get_model(self, app, name):
            return FakeUser

    with pytest.raises(RuntimeError, match="canbo / CANBO"):
        migration.refuse_case_duplicates(FakeApps(), None)
    # and the real table (demo-like users) passes
    UserFactory(username="canbo")
    UserFactory(username="lanhdao")
    migration.refuse_case_duplicates(django_apps, None)
