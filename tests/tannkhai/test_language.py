"""Switching the interface language (POST /i18n/setlang/)."""

from django.conf import settings

from tests.utils import text

LIST = "/ho-gia-dinh/"


def test_vietnamese_is_the_default(officer, client_for):
    body = text(client_for(officer).get(LIST))
    assert '<html lang="vi">' in body
    assert "Danh sách hộ gia đình" in body


def test_switch_to_english_sets_the_cookie_and_redirects(officer, client_for):
    client = client_for(officer)
    response = client.post("/i18n/setlang/", {"language": "en", "next": LIST})
    assert response.status_code == 302
    assert response["Location"] == LIST
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    body = text(client.get(LIST))
    assert '<html lang="en">' in body


def test_switch_works_before_login(db, client_for):
    client = client_for(None)
    client.post("/i18n/setlang/", {"language": "en", "next": "/dang-nhap/"})
    assert '<html lang="en">' in text(client.get("/dang-nhap/"))


def test_english_interface_is_translated(hh_kp1, officer, client_for):
    client = client_for(officer)
    client.post("/i18n/setlang/", {"language": "en", "next": LIST})
    body = text(client.get(LIST))
    # The page title and the navigation are no longer in Vietnamese.
    assert "Danh sách hộ gia đình" not in body
    assert "Đăng xuất" not in body


def test_english_form_errors(areas, officer, client_for):
    client = client_for(officer)
    client.post("/i18n/setlang/", {"language": "en", "next": LIST})
    response = client.post("/ho-gia-dinh/them/", {"quarter": areas.kp1.pk})
    assert "This field is required." in text(response)


def test_unknown_language_is_ignored(officer, client_for):
    client = client_for(officer)
    client.post("/i18n/setlang/", {"language": "fr", "next": LIST})
    assert '<html lang="vi">' in text(client.get(LIST))


def test_switch_back_to_vietnamese(officer, client_for):
    client = client_for(officer)
    client.post("/i18n/setlang/", {"language": "en", "next": LIST})
    client.post("/i18n/setlang/", {"language": "vi", "next": LIST})
    assert '<html lang="vi">' in text(client.get(LIST))
