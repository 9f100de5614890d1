"""A background file whose worker was killed mid-way: the job is marked failed on its
page (or by ``prune_exports``), no partial file stays, and "Thử lại" queues it again."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from reports import jobs
from reports.models import ExportJob
from tannkhai.models import TaskHeartbeat
from tannkhai.storage import private_storage
from tests.reports.test_jobs import run_worker, start_registry_export

WORDS = "bị gián đoạn"


@pytest.fixture
def short_limit(settings):
    settings.BACKGROUND_EXPORT_ROWS = 0
    return settings


def killed_while_running(job: ExportJob, *, ago: dt.timedelta, beat: bool = True) -> Path:
    """What a killed worker leaves: job and task "running", the last heartbeat ``ago``
    and a partial file."""
    started = timezone.now() - ago
    DBTaskResult.objects.filter(id=job.task_id).update(
        status=TaskResultStatus.RUNNING, started_at=started, worker_ids=["gone"]
    )
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.RUNNING, started_at=started, done=10, total=100
    )
    if beat:
        TaskHeartbeat.objects.create(task_id=job.task_id, beat_at=started)
    partial = Path(private_storage.path(f"{jobs.EXPORT_DIR}/{job.pk}.{job.fmt}.part"))
    partial.parent.mkdir(parents=True, exist_ok=True)
    partial.write_bytes(b"half a workbook")
    return partial


def test_a_job_without_heartbeat_for_long_is_failed_on_its_page_and_retried(
    short_limit, households, officer, client_for
):
    client = client_for(officer)
    job = start_registry_export(client)
    partial = killed_while_running(job, ago=dt.timedelta(minutes=10))

    page = client.get(f"/bao-cao/tep/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert WORDS in page
    assert "hx-trigger" not in page  # polling stops
    assert f'action="/bao-cao/tep/{job.pk}/thu-lai/"' in page
    assert "Thử lại" in page
    job.refresh_from_db()
    assert (job.status, job.retryable) == (ExportJob.Status.FAILED, True)
    assert not partial.exists()
    task = DBTaskResult.objects.get(id=job.task_id)
    assert task.status == TaskResultStatus.FAILED
    assert not TaskHeartbeat.objects.exists()

    response = client.post(f"/bao-cao/tep/{job.pk}/thu-lai/")
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ExportJob.Status.QUEUED
    assert job.task_id != task.id.hex and job.task_id != str(task.id)
    run_worker()
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE
    assert client.get(f"/bao-cao/tep/{job.pk}/tai-ve/").status_code == 200


def test_a_job_with_a_recent_heartbeat_is_left_running(
    short_limit, households, officer, client_for
):
    client = client_for(officer)
    job = start_registry_export(client)
    partial = killed_while_running(job, ago=dt.timedelta(seconds=30))
    page = client.get(f"/bao-cao/tep/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in page and WORDS not in page
    job.refresh_from_db()
    assert job.status == ExportJob.Status.RUNNING
    assert partial.exists()


def test_a_running_task_that_never_beat_counts_from_its_start(
    short_limit, households, officer, client_for
):
    job = start_registry_export(client_for(officer))
    killed_while_running(job, ago=dt.timedelta(minutes=5), beat=False)
    jobs.recover([job])
    assert job.status == ExportJob.Status.FAILED


def test_a_task_the_worker_recorded_failed_fails_its_job_at_once(
    short_limit, households, officer, client_for
):
    """A second Ctrl-C ends the task with SystemExit: the worker records the task failed,
    the job was never told."""
    job = start_registry_export(client_for(officer))
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING)
    DBTaskResult.objects.filter(id=job.task_id).update(
        status=TaskResultStatus.FAILED, finished_at=timezone.now()
    )
    out = StringIO()
    call_command("prune_exports", stdout=out)
    assert "1 interrupted job(s) marked failed" in out.getvalue()
    job.refresh_from_db()
    assert (job.status, job.retryable) == (ExportJob.Status.FAILED, True)


def test_a_queued_job_waiting_for_a_worker_is_not_failed(
    short_limit, households, officer, client_for
):
    job = start_registry_export(client_for(officer))
    ExportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(hours=2))
    assert jobs.recover_all() == 0
    job.refresh_from_db()
    assert job.status == ExportJob.Status.QUEUED


def test_a_job_that_finished_meanwhile_is_not_overwritten(
    short_limit, households, officer, client_for
):
    job = start_registry_export(client_for(officer))
    killed_while_running(job, ago=dt.timedelta(minutes=10))
    stale = ExportJob.objects.get(pk=job.pk)  # read while "running"
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.DONE)
    jobs.recover([stale])
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE


def test_only_a_retryable_failure_is_retried(short_limit, households, officer, client_for):
    client = client_for(officer)
    job = start_registry_export(client)
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.FAILED, retryable=False, error="Bộ lọc không còn hợp lệ."
    )
    page = client.get(f"/bao-cao/tep/{job.pk}/").content.decode()
    assert "thu-lai" not in page
    response = client.post(f"/bao-cao/tep/{job.pk}/thu-lai/", follow=True)
    assert "không tạo lại được" in response.content.decode()
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED


def test_someone_elses_job_cannot_be_retried(
    short_limit, households, officer, outsider, client_for
):
    job = start_registry_export(client_for(officer))
    killed_while_running(job, ago=dt.timedelta(minutes=10))
    jobs.recover([job])
    assert client_for(outsider).post(f"/bao-cao/tep/{job.pk}/thu-lai/").status_code == 404
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED


def test_an_unexpected_error_keeps_the_filters_for_a_retry(
    short_limit, households, areas, officer, client_for, monkeypatch
):
    def broken(job, progress, path):
        raise RuntimeError("disk full")

    monkeypatch.setitem(jobs.RUNNERS, ExportJob.Kind.REGISTRY, broken)
    job = start_registry_export(client_for(officer), quarter=areas.kp2.pk)
    run_worker()
    job.refresh_from_db()
    assert (job.status, job.retryable) == (ExportJob.Status.FAILED, True)
    assert job.query == f"quarter={areas.kp2.pk}"
