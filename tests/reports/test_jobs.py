"""Files made in the background: a long registry export or household list becomes a
job that the worker (``db_worker``) makes; the owner sees it go from queued to running
to done and downloads it; nobody else can see it or download it."""

from __future__ import annotations

import datetime as dt
import io
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from reports import jobs
from reports.models import ExportJob
from tannkhai.models import AccessLog
from tests.reports.conftest import flat, pdf_text

EXPORT = "/ho-gia-dinh/xuat-excel/"


@pytest.fixture
def short_limit(settings):
    """Any list with a row is "long" here."""
    settings.BACKGROUND_EXPORT_ROWS = 0
    return settings


def run_worker() -> None:
    """What ``manage.py db_worker`` does in production: run every queued task, then stop.

    The worker closes stale connections between tasks; inside the test's transaction
    that would close the test's own connection on PostgreSQL, so here it keeps it (the
    claiming, running and marking of each task are the worker's own)."""
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def registry_codes(content: bytes) -> set[str]:
    sheet = load_workbook(io.BytesIO(content)).active
    return {row[1] for row in sheet.iter_rows(min_row=5, values_only=True) if row[0] is not None}


def start_registry_export(client, **query) -> ExportJob:
    response = client.get(EXPORT, query)
    assert response.status_code == 302
    job = ExportJob.objects.get()
    assert response["Location"] == f"/bao-cao/tep/{job.pk}/"
    return job


def test_a_long_registry_export_goes_from_queued_to_running_to_done(
    short_limit, households, officer, client_for, monkeypatch
):
    client = client_for(officer)
    job = start_registry_export(client)
    assert job.status == ExportJob.Status.QUEUED and job.owner == officer
    page = client.get(f"/bao-cao/tep/{job.pk}/")
    assert page.status_code == 200
    assert "Đang chờ" in page.content.decode()
    assert 'hx-trigger="every 1s"' in page.content.decode()

    # While the worker writes, the owner's page shows the rows written so far.
    seen: list[str] = []
    original = jobs.RUNNERS[ExportJob.Kind.REGISTRY]

    def watched(job, progress, path):
        progress.total(2)
        progress._saved_at = -1.0
        progress.step()
        part = client.get(f"/bao-cao/tep/{job.pk}/", HTTP_HX_REQUEST="true")
        seen.append(part.content.decode())
        progress.done = 0
        return original(job, progress, path)

    monkeypatch.setitem(jobs.RUNNERS, ExportJob.Kind.REGISTRY, watched)
    run_worker()
    assert "Đang tạo" in seen[0]
    assert "1 / 2 dòng" in seen[0]
    assert 'value="50"' in seen[0]

    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE
    assert (job.done, job.total) == (2, 2)
    assert job.query == ""  # the filters are not kept past the job
    done = client.get(f"/bao-cao/tep/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in done  # polling stops
    assert f"/bao-cao/tep/{job.pk}/tai-ve/" in done

    download = client.get(f"/bao-cao/tep/{job.pk}/tai-ve/")
    assert download.status_code == 200
    assert download["Cache-Control"] == "no-store, private"
    assert download["Content-Disposition"].startswith('attachment; filename="danh-sach-ho-')
    content = b"".join(download.streaming_content)
    assert registry_codes(content) == {"KP1-001", "KP2-001"}
    # The same rows as the direct download of a short list.
    short_limit.BACKGROUND_EXPORT_ROWS = 2000
    assert registry_codes(client.get(EXPORT).content) == registry_codes(content)
    job.refresh_from_db()
    assert job.downloaded_at is not None
    logged = AccessLog.objects.filter(user=officer, action=AccessLog.Action.EXPORT_HOUSEHOLDS)
    assert logged.filter(detail__job=str(job.pk)).count() == 2  # asked for, then downloaded


def test_the_background_file_keeps_the_owners_scope_and_filters(
    short_limit, households, areas, quarter_head_kp1, officer, client_for
):
    # A quarter head's export covers their quarter, whatever the worker's own rights.
    head_job = start_registry_export(client_for(quarter_head_kp1))
    run_worker()
    content = b"".join(client_for(quarter_head_kp1).get(f"/bao-cao/tep/{head_job.pk}/tai-ve/"))
    assert registry_codes(content) == {"KP1-001"}
    ExportJob.objects.all().delete()
    # An officer's filter (quarter 2) is the file's.
    job = start_registry_export(client_for(officer), quarter=areas.kp2.pk)
    run_worker()
    content = b"".join(client_for(officer).get(f"/bao-cao/tep/{job.pk}/tai-ve/"))
    assert registry_codes(content) == {"KP2-001"}


@pytest.mark.parametrize("name", ["leader", "quarter_head_kp1", "admin_user", "outsider"])
def test_nobody_else_sees_or_downloads_a_job(
    short_limit, households, officer, persona, client_for, name
):
    job = start_registry_export(client_for(officer))
    run_worker()
    other = client_for(persona(name))
    assert other.get(f"/bao-cao/tep/{job.pk}/").status_code == 404
    assert other.get(f"/bao-cao/tep/{job.pk}/tai-ve/").status_code == 404
    assert str(job.pk) not in other.get("/bao-cao/tep/").content.decode()
    assert client_for(officer).get(f"/bao-cao/tep/{job.pk}/tai-ve/").status_code == 200


def test_job_addresses_that_are_not_jobs_are_404(officer, client_for):
    client = client_for(officer)
    assert client.get("/bao-cao/tep/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client.get("/bao-cao/tep/not-a-uuid/").status_code == 404
    assert client_for(None).get("/bao-cao/tep/").status_code == 302


def test_an_unfinished_job_has_nothing_to_download(short_limit, households, officer, client_for):
    job = start_registry_export(client_for(officer))
    assert client_for(officer).get(f"/bao-cao/tep/{job.pk}/tai-ve/").status_code == 404


def test_a_short_export_downloads_at_once(households, officer, client_for):
    response = client_for(officer).get(EXPORT)
    assert response.status_code == 200
    assert not ExportJob.objects.exists()


def test_a_job_whose_filters_no_longer_hold_fails_with_a_message(
    short_limit, households, officer, client_for
):
    job = start_registry_export(client_for(officer))
    ExportJob.objects.filter(pk=job.pk).update(query="quarter=999999")
    run_worker()
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED
    assert job.error == "Bộ lọc không hợp lệ, chưa xuất được danh sách."
    page = client_for(officer).get(f"/bao-cao/tep/{job.pk}/").content.decode()
    assert "Bộ lọc không hợp lệ" in page
    assert client_for(officer).get(f"/bao-cao/tep/{job.pk}/tai-ve/").status_code == 404


def test_a_locked_account_gets_no_file(short_limit, households, officer, client_for):
    job = start_registry_export(client_for(officer))
    type(officer).objects.filter(pk=officer.pk).update(is_active=False)
    run_worker()
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED and not job.file


def test_a_long_household_list_is_made_in_the_background(
    short_limit, decided, officer, client_for, font_warnings
):
    client = client_for(officer)
    query = {"campaign": decided.campaign.pk, "list": "poor"}
    response = client.get("/bao-cao/tai-ve/danh-sach-ho.pdf", query)
    assert response.status_code == 302
    job = ExportJob.objects.get()
    assert (job.kind, job.report_key, job.fmt) == ("report", "danh-sach-ho", "pdf")
    run_worker()
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE, job.error
    download = client.get(f"/bao-cao/tep/{job.pk}/tai-ve/")
    assert download["Content-Type"] == "application/pdf"
    text = flat(" ".join(pdf_text(b"".join(download.streaming_content))))
    assert "DANH SÁCH HỘ NGHÈO" in text.upper()
    assert "Nguyễn Văn Ân" in text and "Đặng Thị Bình" not in text
    assert font_warnings == []
    assert (
        AccessLog.objects.filter(
            user=officer, action=AccessLog.Action.DOWNLOAD_REPORT, detail__job=str(job.pk)
        ).count()
        == 2
    )


def test_a_long_list_of_a_campaign_out_of_scope_is_404_not_a_job(
    short_limit, decided, outsider, client_for
):
    response = client_for(outsider).get(
        "/bao-cao/tai-ve/danh-sach-ho.xlsx", {"campaign": decided.campaign.pk}
    )
    assert response.status_code == 404
    assert not ExportJob.objects.exists()


def test_old_files_are_pruned(short_limit, households, officer, client_for):
    job = start_registry_export(client_for(officer))
    run_worker()
    job.refresh_from_db()
    path = jobs.private_storage.path(job.file)
    ExportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(days=30))
    call_command("prune_exports", verbosity=0)
    assert not ExportJob.objects.exists()
    import os

    assert not os.path.exists(path)


def test_the_job_list_shows_the_owners_files(short_limit, households, officer, client_for):
    job = start_registry_export(client_for(officer))
    page = client_for(officer).get("/bao-cao/tep/").content.decode()
    assert f"/bao-cao/tep/{job.pk}/" in page
    assert "Danh sách hộ gia đình" in page
