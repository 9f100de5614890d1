"""Excel import pages: who may import, what each persona's file may touch, and that a
batch is its uploader's only."""

from __future__ import annotations

import pytest

from households.imports.models import ImportBatch
from households.models import Household
from tannkhai.models import AccessLog
from tests.households.imports import errors, household_rows, previewed, statuses, upload, workbook

pytestmark = pytest.mark.django_db
START = "/ho-gia-dinh/nhap-excel/"


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("officer", 200),
        ("quarter_head_kp1", 200),
        ("admin_user", 200),
        ("outsider", 200),
        ("leader", 403),
        ("org_member", 403),
    ],
)
def test_who_may_open_the_import_page(persona, client_for, name, status):
    client = client_for(persona(name))
    assert client.get(START).status_code == status
    assert client.get(START + "mau/").status_code == status
    response = client.post(START, {"file": upload(workbook(household_rows()))})
    assert response.status_code == (302 if status == 200 else 403)
    listing = client.get("/ho-gia-dinh/").content.decode()
    assert (START in listing) is (status == 200)


def test_anonymous_is_sent_to_sign_in(client_for):
    assert client_for(None).get(START)["Location"].startswith("/dang-nhap/")


def test_upload_then_preview_then_confirm_through_the_pages(officer, areas, client_for):
    client = client_for(officer)
    response = client.post(START, {"file": upload(workbook(household_rows()), "ho moi.xlsx")})
    batch = ImportBatch.objects.get()
    assert response["Location"] == f"{START}{batch.pk}/"
    page = client.get(f"{START}{batch.pk}/").content.decode()
    assert "Trần Văn Nam" in page and "••••••••9001" in page and "070080009001" not in page
    assert 'id="import-confirm"' in page
    logged = AccessLog.objects.get(user=officer, action=AccessLog.Action.VIEW_IMPORT)
    assert logged.detail["batch"] == str(batch.pk)
    errors_only = client.get(f"{START}{batch.pk}/?status=error").content.decode()
    assert "Trần Văn Nam" not in errors_only
    response = client.post(f"{START}{batch.pk}/ghi/", {"mode": "all"})
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == "done"
    assert Household.objects.get(code="KP1-100").member_count == 3
    page = client.get(START).content.decode()
    assert "ho moi.xlsx" in page and "Đã nhập" in page


def test_a_bad_file_says_why_on_the_page(officer, areas, client_for):
    client = client_for(officer)
    client.post(START, {"file": upload(b"a,b,c\n1,2,3\n", "ho.xlsx")})
    batch = ImportBatch.objects.get()
    page = client.get(f"{START}{batch.pk}/").content.decode()
    assert "không phải là tệp Excel .xlsx" in page and 'id="import-confirm"' not in page


@pytest.mark.parametrize(
    "name",
    ["quarter_head_kp1", "quarter_head_kp2", "leader", "org_member", "admin_user", "outsider"],
)
def test_a_batch_is_its_uploaders_only(officer, areas, persona, client_for, name):
    batch = previewed(officer, household_rows())
    client = client_for(persona(name))
    for path in ("", "dong-loi/"):
        assert client.get(f"{START}{batch.pk}/{path}").status_code in (403, 404)
    assert client.post(f"{START}{batch.pk}/ghi/", {"mode": "all"}).status_code in (403, 404)
    batch.refresh_from_db()
    assert batch.status == "previewed"


def test_a_quarter_head_imports_their_own_quarter_only(quarter_head_kp1, hh_kp2, areas):
    rows = household_rows() + household_rows(code="KP2-100", quarter="Khu phố 2")
    rows[3][6], rows[4][6] = "070080009011", "070183009012"
    batch = previewed(quarter_head_kp1, rows)
    assert statuses(batch) == ["new"] * 3 + ["error"] * 3
    assert ("Khu phố", "Khu phố / ấp “Khu phố 2” không thuộc phạm vi của bạn.") in errors(batch, 5)
    from households.imports import engine

    engine.confirm(user=quarter_head_kp1, batch=batch, mode="skip")
    assert Household.objects.filter(code="KP1-100", quarter=areas.kp1).exists()
    assert not Household.objects.filter(code="KP2-100").exists()


def test_an_officer_imports_any_quarter_of_their_commune(officer, areas):
    rows = household_rows() + household_rows(code="KP2-100", quarter="Khu phố 2")
    rows[3][6], rows[4][6] = "070080009011", "070183009012"
    assert statuses(previewed(officer, rows)) == ["new"] * 6


def test_an_outsider_cannot_import_into_another_commune(outsider, hh_kp1, areas):
    batch = previewed(outsider, household_rows(code="KP1-001"))
    assert statuses(batch) == ["error"] * 3
    assert errors(batch, 2)[0] == (
        "Khu phố",
        "Không có khu phố / ấp “Khu phố 1” trong phạm vi của bạn.",
    )


def test_an_administrator_imports_anywhere(admin_user, areas):
    rows = household_rows(quarter="TK-KP1") + household_rows(code="BT-100", quarter="Khu phố 9")
    rows[3][6], rows[4][6] = "070080009011", "070183009012"
    batch = previewed(admin_user, rows)
    assert statuses(batch) == ["new"] * 6, batch.preview


def test_bad_query_parameters_are_ignored(officer, areas, client_for):
    batch = previewed(officer, household_rows())
    client = client_for(officer)
    for query in ("status=nope", "page=abc", "page=99999", "status=error&page=-1"):
        assert client.get(f"{START}{batch.pk}/?{query}").status_code == 200
    assert client.get(f"{START}not-a-uuid/").status_code == 404
    assert client.post(f"{START}{batch.pk}/ghi/", {"mode": "both"}).status_code == 302
