from django.test import Client


def test_favicon_redirects_to_the_static_icon(client: Client) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].startswith("/static/favicon")


def test_pages_link_the_icon(client: Client) -> None:
    html = client.get("/dang-nhap/").content.decode()
    assert 'rel="icon"' in html
