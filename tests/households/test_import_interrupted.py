"""An import whose task worker was killed mid-way: nothing written, the batch marked
failed on its page, and "Thử lại" runs the step again."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from households.imports import recovery
from households.imports.models import ImportBatch
from households.models import Household, Member
from tannkhai.models import TaskHeartbeat
from tests.households.imports import household_rows, upload, workbook

# The worker opens and closes its own database connections: a transactional test.
pytestmark = pytest.mark.django_db(transaction=True)


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def previewed(client, settings) -> ImportBatch:  # type: ignore[no-untyped-def]
    settings.IMPORT_BACKGROUND_ROWS = 3
    client.post("/ho-gia-dinh/nhap-excel/", {"file": upload(workbook(household_rows()))})
    run_worker()
    batch = ImportBatch.objects.get()
    assert batch.status == "previewed"
    return batch


def test_killed_in_the_middle_of_the_write(reference_data, officer, areas, settings, client_for):
    client = client_for(officer)
    batch = previewed(client, settings)
    client.post(f"/ho-gia-dinh/nhap-excel/{batch.pk}/ghi/", {"mode": "all"})
    # The worker is stopped (a second Ctrl-C: SystemExit) after the household and its
    # members were inserted and its head set, before the households' fields are written.
    with mock.patch.object(Household.objects, "bulk_update", side_effect=SystemExit(1)):
        run_worker()
    batch.refresh_from_db()
    assert batch.status == "running"  # the job was never told
    # No half-written records: the transaction was rolled back.
    assert not Household.objects.filter(code="KP1-100").exists()
    assert not Member.objects.filter(citizen_id="070080009001").exists()

    page = client.get(f"/ho-gia-dinh/nhap-excel/{batch.pk}/").content.decode()
    assert "bị gián đoạn" in page and "Chưa có gì được ghi" in page
    assert f'action="/ho-gia-dinh/nhap-excel/{batch.pk}/thu-lai/"' in page
    batch.refresh_from_db()
    assert (batch.status, batch.stage) == ("failed", "confirm")

    response = client.post(f"/ho-gia-dinh/nhap-excel/{batch.pk}/thu-lai/")
    assert response.status_code == 302
    batch.refresh_from_db()
    assert (batch.status, batch.stage) == ("queued", "confirm")
    run_worker()
    batch.refresh_from_db()
    assert batch.status == "done"
    assert Household.objects.get(code="KP1-100").member_count == 3


def test_killed_in_the_preview_without_a_heartbeat_for_long(
    reference_data, officer, areas, settings, client_for
):
    settings.IMPORT_BACKGROUND_ROWS = 3
    client = client_for(officer)
    client.post("/ho-gia-dinh/nhap-excel/", {"file": upload(workbook(household_rows()))})
    batch = ImportBatch.objects.get()
    ago = timezone.now() - dt.timedelta(minutes=10)
    ImportBatch.objects.filter(pk=batch.pk).update(status="running")
    DBTaskResult.objects.filter(id=batch.task_id).update(
        status=TaskResultStatus.RUNNING, started_at=ago
    )
    TaskHeartbeat.objects.create(task_id=batch.task_id, beat_at=ago)

    part = client.get(f"/ho-gia-dinh/nhap-excel/{batch.pk}/", HTTP_HX_REQUEST="true")
    assert part["HX-Refresh"] == "true"  # polling stops: the page shows the failure
    batch.refresh_from_db()
    assert (batch.status, batch.stage) == ("failed", "preview")

    client.post(f"/ho-gia-dinh/nhap-excel/{batch.pk}/thu-lai/")
    run_worker()
    batch.refresh_from_db()
    assert batch.status == "previewed" and batch.new_count == 3


def test_a_recent_heartbeat_keeps_it_running(reference_data, officer, areas, settings, client_for):
    settings.IMPORT_BACKGROUND_ROWS = 3
    client = client_for(officer)
    client.post("/ho-gia-dinh/nhap-excel/", {"file": upload(workbook(household_rows()))})
    batch = ImportBatch.objects.get()
    ImportBatch.objects.filter(pk=batch.pk).update(status="running")
    DBTaskResult.objects.filter(id=batch.task_id).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now() - dt.timedelta(minutes=30)
    )
    TaskHeartbeat.objects.create(task_id=batch.task_id, beat_at=timezone.now())
    assert recovery.recover_all() == 0
    batch.refresh_from_db()
    assert batch.status == "running"


def test_only_a_failed_batch_of_ones_own_is_retried(
    reference_data, officer, quarter_head_kp1, areas, settings, client_for
):
    batch = previewed(client_for(officer), settings)
    response = client_for(officer).post(f"/ho-gia-dinh/nhap-excel/{batch.pk}/thu-lai/", follow=True)
    assert "không thử lại được" in response.content.decode()
    ImportBatch.objects.filter(pk=batch.pk).update(status="failed")
    other = client_for(quarter_head_kp1).post(f"/ho-gia-dinh/nhap-excel/{batch.pk}/thu-lai/")
    assert other.status_code == 404
    batch.refresh_from_db()
    assert batch.status == "failed"


def test_a_short_import_whose_request_was_killed(
    reference_data, officer, areas, settings, client_for
):
    """A file short enough to be written inside the request; the web worker is killed at
    its timeout in the middle of the write: the batch stays "running" with no task. Long
    after it started, its page says it was interrupted and "Thử lại" writes it."""
    client = client_for(officer)
    client.post("/ho-gia-dinh/nhap-excel/", {"file": upload(workbook(household_rows()))})
    batch = ImportBatch.objects.get()
    assert batch.status == "previewed" and not batch.task_id  # in the request
    # What the killed request left: the step claimed, nothing written.
    started = timezone.now() - dt.timedelta(seconds=settings.IMPORT_REQUEST_STALE_AFTER + 5)
    ImportBatch.objects.filter(pk=batch.pk).update(
        status="running", stage="confirm", mode="all", started_at=started
    )
    page = client.get(f"/ho-gia-dinh/nhap-excel/{batch.pk}/").content.decode()
    assert "bị gián đoạn" in page and "Chưa có gì được ghi" in page
    assert f'action="/ho-gia-dinh/nhap-excel/{batch.pk}/thu-lai/"' in page
    batch.refresh_from_db()
    assert (batch.status, batch.stage) == ("failed", "confirm")
    assert not Household.objects.filter(code="KP1-100").exists()

    client.post(f"/ho-gia-dinh/nhap-excel/{batch.pk}/thu-lai/")
    batch.refresh_from_db()
    assert batch.status == "done"  # written again in the request
    assert Household.objects.get(code="KP1-100").member_count == 3


def test_a_request_still_within_its_time_keeps_running(
    reference_data, officer, areas, settings, client_for
):
    client = client_for(officer)
    client.post("/ho-gia-dinh/nhap-excel/", {"file": upload(workbook(household_rows()))})
    batch = ImportBatch.objects.get()
    recent = timezone.now() - dt.timedelta(seconds=settings.IMPORT_REQUEST_STALE_AFTER - 30)
    ImportBatch.objects.filter(pk=batch.pk).update(
        status="running", stage="confirm", started_at=recent
    )
    assert recovery.recover_all() == 0
    batch.refresh_from_db()
    assert batch.status == "running"
    # prune_exports finds it once it is old enough.
    ImportBatch.objects.filter(pk=batch.pk).update(started_at=recent - dt.timedelta(minutes=1))
    assert recovery.recover_all() == 1
    batch.refresh_from_db()
    assert batch.status == "failed" and "yêu cầu tới máy chủ" in batch.error
