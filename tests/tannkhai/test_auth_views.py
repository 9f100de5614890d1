"""Sign in, sign out and change one's own password."""

import pytest

from tests.factories import PASSWORD
from tests.utils import field_errors, login_redirect, non_field_errors, text

LOGIN = "/dang-nhap/"
LOGOUT = "/dang-xuat/"
CHANGE = "/tai-khoan/doi-mat-khau/"


def test_login_page(db, client_for):
    response = client_for(None).get(LOGIN)
    assert response.status_code == 200
    assert "Đăng nhập" in text(response)
    assert '<html lang="vi">' in text(response)


@pytest.mark.parametrize(
    ("name", "home"),
    [
        ("officer", "/chuong-trinh/"),
        ("quarter_head_kp1", "/ho-gia-dinh/"),
        ("leader", "/chuong-trinh/"),
        ("org_member", "/ho-gia-dinh/"),
        ("admin_user", "/chuong-trinh/"),
        ("outsider", "/chuong-trinh/"),
    ],
)
def test_login_lands_on_the_role_home_page(persona, client_for, name, home):
    user = persona(name)
    client = client_for(None)
    response = client.post(LOGIN, {"username": user.username, "password": PASSWORD}, follow=True)
    assert response.redirect_chain == [("/", 302), (home, 302)]
    assert response.status_code == 200
    assert response.context["user"] == user


def test_login_honours_next(hh_kp1, officer, client_for):
    response = client_for(None).post(
        f"{LOGIN}?next=/ho-gia-dinh/{hh_kp1.pk}/",
        {"username": "congchuc", "password": PASSWORD, "next": f"/ho-gia-dinh/{hh_kp1.pk}/"},
    )
    assert response["Location"] == f"/ho-gia-dinh/{hh_kp1.pk}/"


def test_login_refuses_an_external_next(officer, client_for):
    response = client_for(None).post(
        LOGIN, {"username": "congchuc", "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_wrong_password(officer, client_for):
    response = client_for(None).post(LOGIN, {"username": "congchuc", "password": "sai-mat-khau"})
    assert response.status_code == 200
    # The user name ignores case (finding 17), so the message no longer says it doesn't.
    assert non_field_errors(response) == [
        "Tên đăng nhập hoặc mật khẩu không đúng. Mật khẩu phân biệt chữ hoa, chữ thường; "
        "tên đăng nhập thì không."
    ]
    assert "_auth_user_id" not in response.wsgi_request.session


def test_inactive_user_cannot_login(officer, client_for):
    officer.is_active = False
    officer.save()
    response = client_for(None).post(LOGIN, {"username": "congchuc", "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in response.wsgi_request.session


def test_signed_in_user_skips_the_login_page(officer, client_for):
    response = client_for(officer).get(LOGIN)
    assert response.status_code == 302


def test_logout(officer, client_for):
    client = client_for(officer)
    response = client.post(LOGOUT)
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert login_redirect(client.get("/ho-gia-dinh/"), "/ho-gia-dinh/")


def test_logout_needs_post(officer, client_for):
    client = client_for(officer)
    assert client.get(LOGOUT).status_code == 405
    assert client.get("/ho-gia-dinh/").status_code == 200


def test_password_change_needs_login(db, client_for):
    assert login_redirect(client_for(None).get(CHANGE), CHANGE)


@pytest.mark.parametrize("name", ["officer", "quarter_head_kp1", "org_member"])
def test_password_change(persona, client_for, name):
    user = persona(name)
    client = client_for(user)
    assert client.get(CHANGE).status_code == 200
    response = client.post(
        CHANGE,
        {
            "old_password": PASSWORD,
            "new_password1": "Mật-khẩu-mới-2025",
            "new_password2": "Mật-khẩu-mới-2025",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/tai-khoan/doi-mat-khau/xong/"
    assert client.get(response["Location"]).status_code == 200
    user.refresh_from_db()
    assert user.check_password("Mật-khẩu-mới-2025")
    # still signed in after the change
    assert client.get("/ho-gia-dinh/").status_code == 200


def test_password_change_with_a_wrong_old_password(officer, client_for):
    response = client_for(officer).post(
        CHANGE,
        {
            "old_password": "khong-dung",
            "new_password1": "Mật-khẩu-mới-2025",
            "new_password2": "Mật-khẩu-mới-2025",
        },
    )
    assert response.status_code == 200
    assert field_errors(response, "old_password") == [
        "Mật khẩu cũ không chính xác. Hãy nhập lại lần nữa"
    ]
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)


def test_password_change_rejects_a_weak_password(officer, client_for):
    response = client_for(officer).post(
        CHANGE,
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    assert "Mật khẩu này hoàn toàn là số." in field_errors(response, "new_password2")
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)
