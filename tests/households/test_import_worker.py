"""Excel import of a long file: queued, run by the task worker (preview, then confirm),
with the progress the page polls; the same steps as a short file."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from households.imports import engine
from households.imports.models import ImportBatch
from households.models import Household
from tests.households.imports import household_rows, upload, workbook

# The worker opens and closes its own database connections: a transactional test.
pytestmark = pytest.mark.django_db(transaction=True)


def test_a_long_file_goes_through_the_worker(reference_data, officer, areas, settings, client_for):
    settings.IMPORT_BACKGROUND_ROWS = 3
    client = client_for(officer)
    response = client.post("/ho-gia-dinh/nhap-excel/", {"file": upload(workbook(household_rows()))})
    batch = ImportBatch.objects.get()
    assert response["Location"] == f"/ho-gia-dinh/nhap-excel/{batch.pk}/"
    assert (batch.status, batch.stage) == ("queued", "preview")
    page = client.get(f"/ho-gia-dinh/nhap-excel/{batch.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in page and "Đang chờ" in page

    seen = []
    original = engine.Progress.step

    def watched(progress, rows=1):
        original(progress, rows)
        progress._saved_at = -1.0
        ImportBatch.objects.filter(pk=batch.pk).update(done=progress.done)
        part = client.get(f"/ho-gia-dinh/nhap-excel/{batch.pk}/", HTTP_HX_REQUEST="true")
        seen.append(part.content.decode())

    engine.Progress.step = watched  # type: ignore[method-assign]
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:
        engine.Progress.step = original  # type: ignore[method-assign]
    assert any("Đang xử lý" in s and "3 / 3 dòng" in s for s in seen), seen
    batch.refresh_from_db()
    assert batch.status == "previewed" and batch.new_count == 3
    done = client.get(f"/ho-gia-dinh/nhap-excel/{batch.pk}/", HTTP_HX_REQUEST="true")
    assert done["HX-Refresh"] == "true"  # polling stops: the page reloads with the rows

    response = client.post(f"/ho-gia-dinh/nhap-excel/{batch.pk}/ghi/", {"mode": "all"})
    batch.refresh_from_db()
    assert (batch.status, batch.stage) == ("queued", "confirm")
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    batch.refresh_from_db()
    assert batch.status == "done"
    assert Household.objects.get(code="KP1-100").member_count == 3
