"""User management: administrators only."""

import pytest

from tannkhai.models import Role, User
from tests.factories import PASSWORD
from tests.utils import field_errors, login_redirect, messages_of, text

LIST = "/tai-khoan/nguoi-dung/"
CREATE = "/tai-khoan/nguoi-dung/them/"


def edit(user):
    return f"/tai-khoan/nguoi-dung/{user.pk}/"


def set_password(user):
    return f"/tai-khoan/nguoi-dung/{user.pk}/mat-khau/"


def new_user(areas, /, **overrides):
    data = {
        "username": "truongkp3",
        "full_name": "Đinh Văn Ba",
        "email": "ba@tannkhai.gov.vn",
        "role": Role.QUARTER_HEAD,
        "organisation": "",
        "areas": [areas.kp1.pk],
        "is_active": "on",
        "password": "Rất-khó-đoán-2025",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize(
    "name", ["officer", "quarter_head_kp1", "quarter_head_kp2", "leader", "org_member", "outsider"]
)
def test_only_admin_manages_users(areas, officer, persona, client_for, name):
    client = client_for(persona(name))
    assert client.get(LIST).status_code == 403
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, new_user(areas)).status_code == 403
    assert client.get(edit(officer)).status_code == 403
    assert client.post(edit(officer), {"username": "x", "role": "admin"}).status_code == 403
    assert client.post(set_password(officer), {}).status_code == 403
    assert not User.objects.filter(username="truongkp3").exists()
    officer.refresh_from_db()
    assert officer.role == Role.OFFICER


def test_anonymous_is_sent_to_login(areas, client_for):
    assert login_redirect(client_for(None).get(LIST), LIST)
    assert login_redirect(client_for(None).post(CREATE, new_user(areas)), CREATE)


def test_admin_lists_users(officer, quarter_head_kp1, admin_user, client_for):
    response = client_for(admin_user).get(LIST)
    assert response.status_code == 200
    body = text(response)
    assert "congchuc" in body
    assert "truongkp1" in body
    assert "Khu phố 1" in body


def test_admin_creates_a_user(areas, admin_user, client_for):
    response = client_for(admin_user).post(CREATE, new_user(areas))
    assert response.status_code == 302
    assert response["Location"] == LIST
    assert messages_of(response) == ["Đã tạo người dùng truongkp3."]
    user = User.objects.get(username="truongkp3")
    assert user.role == Role.QUARTER_HEAD
    assert list(user.areas.all()) == [areas.kp1]
    assert user.check_password("Rất-khó-đoán-2025")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"areas": None}, "areas", "Vai trò này cần ít nhất một địa bàn phụ trách."),
        (
            {"areas": None, "role": Role.OFFICER},
            "areas",
            "Vai trò này cần ít nhất một địa bàn phụ trách.",
        ),
        (
            {"areas": None, "role": Role.LEADER},
            "areas",
            "Vai trò này cần ít nhất một địa bàn phụ trách.",
        ),
        ("commune", "areas", "Trưởng khu phố / ấp chỉ phụ trách khu phố / ấp."),
        (
            {"role": Role.ORG_MEMBER, "areas": None},
            "organisation",
            "Hãy ghi tổ chức, đoàn thể của người dùng.",
        ),
        (
            {"username": "congchuc"},
            "username",
            "Tên đăng nhập đã được sử dụng (không phân biệt chữ hoa, chữ thường).",
        ),
        ({"password": ""}, "password", "Trường này là bắt buộc."),
        ({"password": "12345678"}, "password", "Mật khẩu này hoàn toàn là số."),
    ],
)
def test_create_with_bad_input(areas, officer, admin_user, client_for, overrides, field, message):
    if overrides == "commune":
        overrides = {"areas": [areas.commune.pk]}
    before = User.objects.count()
    response = client_for(admin_user).post(CREATE, new_user(areas, **overrides))
    assert response.status_code == 200
    assert message in field_errors(response, field)
    assert User.objects.count() == before


def test_short_password_message_is_in_vietnamese(areas, admin_user, client_for):
    response = client_for(admin_user).post(CREATE, new_user(areas, password="Ab-1"))
    assert response.status_code == 200
    errors = field_errors(response, "password")
    assert errors
    assert not any("This password" in e for e in errors), errors
    assert not User.objects.filter(username="truongkp3").exists()


def test_admin_edits_a_user(areas, quarter_head_kp1, admin_user, client_for):
    response = client_for(admin_user).post(
        edit(quarter_head_kp1),
        {
            "username": "truongkp1",
            "full_name": "Hồ Văn Một",
            "role": Role.QUARTER_HEAD,
            "areas": [areas.kp1.pk, areas.kp2.pk],
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert messages_of(response) == ["Đã lưu người dùng truongkp1."]
    assert set(quarter_head_kp1.areas.all()) == {areas.kp1, areas.kp2}


def test_admin_can_deactivate_another_user(officer, admin_user, client_for, areas):
    response = client_for(admin_user).post(
        edit(officer),
        {"username": "congchuc", "role": Role.OFFICER, "areas": [areas.commune.pk]},
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.is_active is False
    # and the deactivated user is signed out
    assert client_for(officer).get("/ho-gia-dinh/").status_code == 302


def test_admin_cannot_deactivate_themself(admin_user, client_for):
    response = client_for(admin_user).post(
        edit(admin_user), {"username": "quantri", "role": Role.ADMIN}
    )
    assert response.status_code == 200
    assert field_errors(response, "is_active") == ["Bạn không thể tự khóa tài khoản của mình."]
    admin_user.refresh_from_db()
    assert admin_user.is_active is True


def test_unknown_user_is_404(admin_user, client_for):
    assert client_for(admin_user).get("/tai-khoan/nguoi-dung/987654/").status_code == 404


def test_admin_sets_a_password(officer, admin_user, client_for):
    response = client_for(admin_user).post(
        set_password(officer),
        {"new_password1": "Mật-khẩu-mới-2025", "new_password2": "Mật-khẩu-mới-2025"},
    )
    assert response.status_code == 302
    assert messages_of(response) == ["Đã đặt mật khẩu mới cho congchuc."]
    officer.refresh_from_db()
    assert officer.check_password("Mật-khẩu-mới-2025")
    assert not officer.check_password(PASSWORD)


def test_set_password_mismatch(officer, admin_user, client_for):
    response = client_for(admin_user).post(
        set_password(officer),
        {"new_password1": "Mật-khẩu-mới-2025", "new_password2": "Mật-khẩu-khác-2025"},
    )
    assert response.status_code == 200
    assert field_errors(response, "new_password2") == ["Hai trường mật khẩu không giống nhau."]
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)
