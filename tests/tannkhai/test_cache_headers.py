"""Personal-data pages and exports are never cached; a URL that answers with a page or
an htmx partial says so in ``Vary`` (issue 7, finding 6)."""

import pytest

PAGES = [
    "/ho-gia-dinh/",
    "/ho-gia-dinh/{hh}/",
    "/ho-gia-dinh/{hh}/sua/",
    "/ho-gia-dinh/xuat-excel/",
    "/chuong-trinh/tim-nguoi/?q=Ân",
]


@pytest.mark.parametrize("path", PAGES)
def test_signed_in_responses_are_no_store(hh_kp1, officer, client_for, path):
    response = client_for(officer).get(path.format(hh=hh_kp1.pk))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize("htmx", [False, True])
def test_list_page_and_partial_vary_on_hx_request(hh_kp1, officer, client_for, htmx):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = client_for(officer).get("/ho-gia-dinh/", **headers)
    assert "HX-Request" in response["Vary"]


def test_a_page_that_never_branches_on_htmx_does_not_vary(hh_kp1, officer, client_for):
    response = client_for(officer).get(f"/ho-gia-dinh/{hh_kp1.pk}/")
    assert "HX-Request" not in response.get("Vary", "")
