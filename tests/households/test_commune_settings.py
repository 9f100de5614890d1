"""Commune settings (issuing body, place name, signers) edited in the app (issue 8 item 12)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from households import services
from households.models import CommuneSettings
from tests.utils import field_errors, text


def url(area):
    return reverse("households:commune_settings", args=[area.pk])


DATA = {
    "issuing_body": "ỦY BAN NHÂN DÂN XÃ TÂN KHAI",
    "superior_body": "",
    "place_name": "Tân Khai",
    "chairman_name": "  Nguyễn   Văn Hùng ",
    "vice_chairman_name": "Trần Thị Thu Hà",
    "vice_chairman_is_placeholder": "on",
}


def test_admin_edits_the_settings_and_the_history_records_who(client_for, admin_user, areas):
    client = client_for(admin_user)
    detail = text(client.get(reverse("households:area_detail", args=[areas.commune.pk])))
    assert f'href="{url(areas.commune)}"' in detail
    response = client.post(url(areas.commune), DATA)
    assert response.status_code == 302
    stored = CommuneSettings.objects.get(commune=areas.commune)
    assert (stored.chairman_name, stored.chairman_is_placeholder) == ("Nguyễn Văn Hùng", False)
    assert (stored.vice_chairman_name, stored.vice_chairman_is_placeholder) == (
        "Trần Thị Thu Hà",
        True,
    )
    assert stored.history.first().history_user == admin_user
    page = text(client.get(url(areas.commune)))
    assert admin_user.display_name in page.split('id="settings-history"')[1]
    detail = text(client.get(reverse("households:area_detail", args=[areas.commune.pk])))
    assert "tên minh họa" in detail


def test_settings_need_an_issuing_body(client_for, admin_user, areas):
    response = client_for(admin_user).post(url(areas.commune), {**DATA, "issuing_body": ""})
    assert response.status_code == 200
    assert field_errors(response, "issuing_body")
    assert not CommuneSettings.objects.exists()


@pytest.mark.parametrize("name", ["officer", "leader", "quarter_head_kp1", "org_member"])
def test_only_administrators_edit_the_settings(client_for, persona, areas, name):
    client = client_for(persona(name))
    assert client.get(url(areas.commune)).status_code == 403
    assert client.post(url(areas.commune), DATA).status_code == 403
    with pytest.raises(PermissionDenied):
        services.commune_settings_save(
            user=persona(name), commune=areas.commune, issuing_body="X", place_name="Y"
        )
    assert not CommuneSettings.objects.exists()


def test_a_quarter_has_no_settings_screen(client_for, admin_user, areas):
    assert client_for(admin_user).get(url(areas.kp1)).status_code == 404


@pytest.mark.parametrize(("placeholder", "prefilled"), [(True, ""), (False, "Nguyễn Văn Hùng")])
def test_decision_form_prefills_only_a_real_signer(
    client_for, officer, admin_user, areas, placeholder, prefilled
):
    from households.reviews import services as svc

    services.commune_settings_save(
        user=admin_user,
        commune=areas.commune,
        issuing_body="ỦY BAN NHÂN DÂN XÃ TÂN KHAI",
        place_name="Tân Khai",
        chairman_name="Nguyễn Văn Hùng",
        chairman_is_placeholder=placeholder,
    )
    campaign = svc.campaign_create(user=officer, commune=areas.commune, kind="periodic", year=2025)
    page = client_for(officer).get(reverse("reviews:decision_prepare", args=[campaign.pk]))
    assert page.context["form"].initial["signer_name"] == prefilled
