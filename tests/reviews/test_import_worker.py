"""A long review-results file is previewed and written by the task worker."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from households.imports.models import ImportBatch
from households.reviews import services as svc
from households.reviews.models import Review
from tests.households.imports import upload, workbook
from tests.reviews.imports import HEADERS, result_row

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_long_file_goes_through_the_worker(
    reference_data, officer, areas, hh_kp1, hh_kp2, settings, client_for
):
    settings.IMPORT_BACKGROUND_ROWS = 2
    campaign = svc.campaign_create(user=officer, commune=areas.commune, kind="periodic", year=2025)
    client = client_for(officer)
    base = f"/ra-soat/{campaign.pk}/nhap-excel/"
    rows = [result_row("KP1-001", 1_000_000, deprived=("1", "2", "3")), result_row("KP2-001", 0)]
    response = client.post(base, {"file": upload(workbook(rows, HEADERS))})
    batch = ImportBatch.objects.get()
    assert response["Location"] == f"{base}{batch.pk}/"
    assert (batch.status, batch.stage) == ("queued", "preview")
    page = client.get(f"{base}{batch.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in page and f'hx-get="{base}{batch.pk}/"' in page
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    batch.refresh_from_db()
    assert batch.status == "previewed" and batch.new_count == 2
    assert client.get(f"{base}{batch.pk}/", HTTP_HX_REQUEST="true")["HX-Refresh"] == "true"
    client.post(f"{base}{batch.pk}/ghi/", {"mode": "all"})
    batch.refresh_from_db()
    assert (batch.status, batch.stage) == ("queued", "confirm")
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    batch.refresh_from_db()
    assert batch.status == "done"
    assert dict(Review.objects.values_list("household__code", "result")) == {
        "KP1-001": "poor",
        "KP2-001": "near_poor",
    }
