"""The household's livelihood (farming, forestry, fishery, salt-making): who may ask to
be recognised as having an average living standard. Kept on the registry, filterable,
with history."""

from households.models import Household
from tests.utils import codes_in, text


def test_officer_sets_the_livelihood(client_for, officer, hh_kp1):
    client = client_for(officer)
    page = client.get(f"/ho-gia-dinh/{hh_kp1.pk}/sua/")
    assert page.status_code == 200
    data = {
        k: v for k, v in page.context["form"].initial.items() if v is not None and v is not False
    }
    data.update({"livelihood": "farming", "version": hh_kp1.version, "code": hh_kp1.code})
    response = client.post(f"/ho-gia-dinh/{hh_kp1.pk}/sua/", data)
    assert response.status_code == 302, response.context["form"].errors
    stored = Household.objects.get(pk=hh_kp1.pk)
    assert stored.livelihood == "farming"
    assert stored.history.first().livelihood == "farming"
    assert "Hộ làm nông nghiệp" in text(client.get(f"/ho-gia-dinh/{hh_kp1.pk}/"))


def test_registry_filters_by_livelihood(client_for, officer, hh_kp1, hh_kp2):
    Household.objects.filter(pk=hh_kp1.pk).update(livelihood="forestry")
    response = client_for(officer).get("/ho-gia-dinh/", {"livelihood": "forestry"})
    assert codes_in(text(response)) == {hh_kp1.code}
