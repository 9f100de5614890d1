"""Moving a household to another quarter (officer and admin only)."""

import pytest

from tests.utils import counts, field_errors, login_redirect, messages_of

STATUS = {
    "officer": 200,
    "quarter_head_kp1": 403,
    "quarter_head_kp2": 403,
    "leader": 403,
    "org_member": 403,
    "admin_user": 200,
    "outsider": 404,
}


def url(household):
    return f"/ho-gia-dinh/{household.pk}/chuyen-khu-pho/"


@pytest.mark.parametrize(("name", "status"), STATUS.items())
def test_move_by_persona(hh_kp1, areas, persona, client_for, name, status):
    client = client_for(persona(name))
    assert client.get(url(hh_kp1)).status_code == status
    response = client.post(url(hh_kp1), {"quarter": areas.kp2.pk, "version": hh_kp1.version})
    hh_kp1.refresh_from_db()
    if status == 200:
        assert response.status_code == 302
        assert messages_of(response) == ["Đã chuyển hộ sang Khu phố 2."]
        assert hh_kp1.quarter == areas.kp2
    else:
        assert response.status_code == status
        assert hh_kp1.quarter == areas.kp1


def test_anonymous_is_sent_to_login(hh_kp1, client_for):
    assert login_redirect(client_for(None).get(url(hh_kp1)), url(hh_kp1))


def test_form_offers_the_other_quarters_in_scope(hh_kp1, areas, officer, client_for):
    form = client_for(officer).get(url(hh_kp1)).context["form"]
    assert list(form.fields["quarter"].queryset) == [areas.kp2]


def test_officer_cannot_move_into_another_commune(hh_kp1, areas, officer, client_for):
    before = counts()
    response = client_for(officer).post(
        url(hh_kp1), {"quarter": areas.other_quarter.pk, "version": hh_kp1.version}
    )
    assert response.status_code == 200
    assert field_errors(response, "quarter")
    hh_kp1.refresh_from_db()
    assert hh_kp1.quarter == areas.kp1
    assert counts() == before


def test_move_with_a_stale_version(hh_kp1, areas, officer, client_for):
    response = client_for(officer).post(
        url(hh_kp1), {"quarter": areas.kp2.pk, "version": hh_kp1.version - 1}
    )
    assert response.status_code == 200
    assert "vừa được người khác cập nhật" in response.content.decode()
    hh_kp1.refresh_from_db()
    assert hh_kp1.quarter == areas.kp1


def test_moved_household_leaves_the_old_quarter_heads_scope(
    hh_kp1, areas, officer, quarter_head_kp1, quarter_head_kp2, client_for
):
    client_for(officer).post(url(hh_kp1), {"quarter": areas.kp2.pk, "version": hh_kp1.version})
    detail = f"/ho-gia-dinh/{hh_kp1.pk}/"
    assert client_for(quarter_head_kp1).get(detail).status_code == 404
    assert client_for(quarter_head_kp2).get(detail).status_code == 200


def test_history_shows_the_move(hh_kp1, areas, officer, client_for):
    client = client_for(officer)
    client.post(url(hh_kp1), {"quarter": areas.kp2.pk, "version": hh_kp1.version})
    body = client.get(f"/ho-gia-dinh/{hh_kp1.pk}/").content.decode()
    assert "<li>Khu phố / ấp: <del>Khu phố 1</del> → <ins>Khu phố 2</ins></li>" in body
