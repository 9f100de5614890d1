"""Area list and detail (scoped), rename and merge (administrators only)."""

import datetime as dt

import pytest
from django.utils import timezone

from households.models import AreaEvent
from tests.utils import counts, field_errors, login_redirect, messages_of, text

LIST = "/ho-gia-dinh/dia-ban/"


def detail(area):
    return f"/ho-gia-dinh/dia-ban/{area.pk}/"


LISTED = {
    "officer": {"Tân Khai", "Khu phố 1", "Khu phố 2"},
    "quarter_head_kp1": {"Khu phố 1"},
    "quarter_head_kp2": {"Khu phố 2"},
    "leader": {"Tân Khai", "Khu phố 1", "Khu phố 2"},
    "admin_user": {
        "Đồng Nai",
        "Tân Khai",
        "Khu phố 1",
        "Khu phố 2",
        "TP Hồ Chí Minh",
        "Phường Bến Thành",
        "Khu phố 9",
    },
    "outsider": {"Phường Bến Thành", "Khu phố 9"},
}


@pytest.mark.parametrize(("name", "names"), LISTED.items())
def test_area_list_is_scoped(areas, persona, client_for, name, names):
    response = client_for(persona(name)).get(LIST)
    assert response.status_code == 200
    assert {area.name for area, _depth in response.context["rows"]} == names


def test_org_member_cannot_see_areas(areas, org_member, client_for):
    client = client_for(org_member)
    assert client.get(LIST).status_code == 403
    assert client.get(detail(areas.kp1)).status_code == 403


def test_anonymous_is_sent_to_login(areas, client_for):
    assert login_redirect(client_for(None).get(LIST), LIST)
    assert login_redirect(client_for(None).get(detail(areas.kp1)), detail(areas.kp1))


DETAIL = {
    "officer": 200,
    "quarter_head_kp1": 200,
    "quarter_head_kp2": 404,
    "leader": 200,
    "admin_user": 200,
    "outsider": 404,
}


@pytest.mark.parametrize(("name", "status"), DETAIL.items())
def test_area_detail_by_persona(areas, hh_kp1, persona, client_for, name, status):
    response = client_for(persona(name)).get(detail(areas.kp1))
    assert response.status_code == status
    if status == 200:
        assert response.context["active_households"] == 1


def test_commune_detail_counts_only_visible_households(
    areas, households, quarter_head_kp1, officer, client_for
):
    response = client_for(officer).get(detail(areas.commune))
    assert response.context["active_households"] == 2
    # the quarter head may not open the commune
    assert client_for(quarter_head_kp1).get(detail(areas.commune)).status_code == 404


@pytest.mark.parametrize(
    "name", ["officer", "quarter_head_kp1", "leader", "org_member", "outsider"]
)
def test_only_admin_renames_and_merges(areas, persona, client_for, name):
    client = client_for(persona(name))
    rename = f"{detail(areas.kp1)}doi-ten/"
    merge = f"{detail(areas.kp2)}sap-nhap/"
    assert client.get(rename).status_code == 403
    assert client.post(rename, {"name": "X", "effective_date": "2025-07-01"}).status_code == 403
    assert client.get(merge).status_code == 403
    assert (
        client.post(merge, {"into": areas.kp1.pk, "effective_date": "2025-07-01"}).status_code
        == 403
    )
    areas.kp1.refresh_from_db()
    assert areas.kp1.name == "Khu phố 1"
    assert not AreaEvent.objects.exists()


def test_admin_renames(areas, admin_user, client_for):
    client = client_for(admin_user)
    response = client.post(
        f"{detail(areas.kp1)}doi-ten/",
        {"name": "Khu phố Tân Hiệp", "effective_date": "2025-07-01", "legal_basis": "NQ 1"},
    )
    assert response.status_code == 302
    assert response["Location"] == detail(areas.kp1)
    assert messages_of(response) == ["Đã đổi tên địa bàn."]
    body = text(client.get(detail(areas.kp1)))
    assert "Đổi tên từ “Khu phố 1” thành “Khu phố Tân Hiệp”." in body
    assert "01/07/2025" in body


def test_rename_to_the_same_name_is_a_field_error(areas, admin_user, client_for):
    response = client_for(admin_user).post(
        f"{detail(areas.kp1)}doi-ten/", {"name": "Khu phố 1", "effective_date": "2025-07-01"}
    )
    assert response.status_code == 200
    assert field_errors(response, "name") == ["Tên mới trùng tên hiện tại."]


def test_admin_merges(areas, hh_kp2, admin_user, officer, client_for):
    response = client_for(admin_user).post(
        f"{detail(areas.kp2)}sap-nhap/",
        {"into": areas.kp1.pk, "effective_date": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    assert messages_of(response) == ["Đã sáp nhập địa bàn; các hộ đã được chuyển sang địa bàn mới."]
    hh_kp2.refresh_from_db()
    assert hh_kp2.quarter == areas.kp1
    body = text(client_for(officer).get(detail(areas.kp2)))
    assert "Đã sáp nhập vào" in body
    assert "Đã ngừng hoạt động" in body


def test_merge_into_another_kind_is_not_offered(areas, admin_user, client_for):
    before = counts()
    response = client_for(admin_user).post(
        f"{detail(areas.kp2)}sap-nhap/",
        {"into": areas.commune.pk, "effective_date": "2025-07-01"},
    )
    assert response.status_code == 200
    assert field_errors(response, "into")
    assert counts() == before
    areas.kp2.refresh_from_db()
    assert areas.kp2.valid_to is None


def test_quarter_head_sees_parent_area_as_text_not_a_404_link(areas, quarter_head_kp1, client_for):
    html = client_for(quarter_head_kp1).get(detail(areas.kp1)).content.decode()
    assert areas.commune.name in html
    assert f'href="{detail(areas.commune)}"' not in html


def test_officer_gets_parent_area_link(areas, officer, client_for):
    html = client_for(officer).get(detail(areas.kp1)).content.decode()
    assert f'href="{detail(areas.commune)}"' in html


def test_area_event_text_is_stored_in_vietnamese_and_shown_in_english(areas, officer, client_for):
    AreaEvent.objects.create(
        area=areas.kp1,
        kind=AreaEvent.Kind.CREATED,
        effective_date=timezone.localdate(),
        description="Đưa vào danh sách rà soát",  # any text the English catalogue has
    )
    client = client_for(officer)
    assert "Đưa vào danh sách rà soát" in text(client.get(detail(areas.kp1)))
    client.cookies["django_language"] = "en"
    body = text(client.get(detail(areas.kp1)))
    assert "Added to the review list" in body


def test_rename_description_is_stored_in_the_source_language(areas, admin_user):
    from django.utils import translation

    from households import services

    with translation.override("en"):
        services.area_rename(
            user=admin_user, area=areas.kp1, name="Khu phố Một", effective_date=timezone.localdate()
        )
    event = AreaEvent.objects.get(area=areas.kp1, kind=AreaEvent.Kind.RENAMED)
    assert event.description == "Đổi tên từ “Khu phố 1” thành “Khu phố Một”."


def test_merger_events_read_in_english_with_the_names_as_written(client_for, admin_user, areas):
    from django.utils import translation

    from households import services

    services.area_merge(
        user=admin_user, area=areas.kp2, into=areas.kp1, effective_date=dt.date(2025, 7, 1)
    )
    client = client_for(admin_user)
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        absorbed = client.get(f"/ho-gia-dinh/dia-ban/{areas.kp1.pk}/").content.decode()
        merged = client.get(f"/ho-gia-dinh/dia-ban/{areas.kp2.pk}/").content.decode()
    assert "Absorbed Khu phố 2." in absorbed
    assert "Nhận sáp nhập" not in absorbed
    assert "Sáp nhập vào" not in merged
