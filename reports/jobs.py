"""Files made in the background (the one place that starts, runs and serves them).

A long list or the whole registry would hold a web worker past its timeout and build
the whole workbook in memory. Instead the page records an ``ExportJob`` and queues a
task (django-tasks, database backend); ``manage.py db_worker`` runs it: it reads the
stored query again through the same scoped selectors as the page, streams the file
to private storage and counts its rows as it goes, so the page can show a progress
bar. Only the owner can see the job and download the file.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.http import Http404, QueryDict
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from reports.models import ExportJob
from tannkhai.models import User
from tannkhai.storage import private_storage

logger = logging.getLogger(__name__)

EXPORT_DIR = "exports"


class JobError(Exception):
    """What the owner is told when a file could not be made (a filter no longer valid,
    data no longer in their scope)."""


class Progress:
    """Counts rows into the job as they are written, at most twice a second (one
    UPDATE each), so a progress bar moves without slowing the export down."""

    def __init__(self, job: ExportJob) -> None:
        self.job = job
        self.done = 0
        self._saved_at = 0.0

    def total(self, rows: int) -> None:
        self.job.total = rows
        ExportJob.objects.filter(pk=self.job.pk).update(total=rows)

    def step(self, rows: int = 1) -> None:
        self.done += rows
        now = time.monotonic()
        if now - self._saved_at >= 0.5:
            self._saved_at = now
            ExportJob.objects.filter(pk=self.job.pk).update(done=self.done)


Runner = Callable[[ExportJob, Progress, Path], str]
RUNNERS: dict[str, Runner] = {}


def runner(kind: str) -> Callable[[Runner], Runner]:
    """Register what makes a kind of file: it writes to the path it is given and returns
    the name the download gets."""

    def register(function: Runner) -> Runner:
        RUNNERS[kind] = function
        return function

    return register


def start(
    *,
    user: User,
    kind: str,
    fmt: str,
    title: str,
    query: QueryDict | None = None,
    report_key: str = "",
) -> ExportJob:
    """Record the job and queue its task in one transaction: a queued task always has
    its job, and a job its task."""
    from reports.tasks import make_export

    with transaction.atomic():
        job = ExportJob.objects.create(
            owner=user,
            kind=kind,
            fmt=fmt,
            title=title[:255],
            query=query.urlencode() if query is not None else "",
            report_key=report_key,
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
        result = make_export.enqueue(str(job.pk))
        job.task_id = str(result.id)
        job.save(update_fields=["task_id"])
    return job


def run(job_id: str) -> None:
    """Make the file of a queued job (the task's body). A job that is not queued any
    more (run twice, deleted) is left alone."""
    updated = ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.QUEUED).update(
        status=ExportJob.Status.RUNNING, started_at=timezone.now()
    )
    if not updated:
        return
    job = ExportJob.objects.select_related("owner").get(pk=job_id)
    name = f"{EXPORT_DIR}/{job.pk}.{job.fmt}"
    target = Path(private_storage.path(name))
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(target.suffix + ".part")
    progress = Progress(job)
    try:
        with translation.override(job.language):
            filename = RUNNERS[job.kind](job, progress, partial)
        os.replace(partial, target)
    except (JobError, Http404) as exc:
        message = (
            str(exc) if isinstance(exc, JobError) else _("Dữ liệu không còn trong phạm vi của bạn.")
        )
        _fail(job, message, partial)
        return
    except Exception:
        # Whatever failed, the owner is told and the partial file goes; the error then
        # propagates to the worker, which records the task as failed.
        logger.exception("background export %s failed", job.pk)
        _fail(
            job,
            _("Có lỗi khi tạo tệp. Vui lòng thử lại hoặc báo quản trị viên."),
            partial,
            retryable=True,
        )
        raise
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.DONE,
        # The filters may hold a searched citizen ID: not kept past the job.
        query="",
        done=max(progress.done, job.total),
        total=max(progress.done, job.total),
        file=name,
        filename=filename,
        size=target.stat().st_size,
        finished_at=timezone.now(),
    )


def _fail(job: ExportJob, message: str, partial: Path, *, retryable: bool = False) -> None:
    partial.unlink(missing_ok=True)
    # The filters are kept only for a retry (they may hold a searched citizen ID).
    keep = {} if retryable else {"query": ""}
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.FAILED,
        error=message,
        retryable=retryable,
        finished_at=timezone.now(),
        **keep,
    )


UNFINISHED = (ExportJob.Status.QUEUED, ExportJob.Status.RUNNING)


def interrupted_message() -> str:
    return _(
        "Việc tạo tệp bị gián đoạn vì máy chủ xử lý nền đã dừng. Chưa có tệp nào được tạo. "
        "Bấm “Thử lại” để tạo lại."
    )


def recover(jobs: list[ExportJob], *, now: dt.datetime | None = None) -> None:
    """Mark failed (and retryable) those of ``jobs`` whose worker went away
    (``tannkhai.background``); the objects in the list are updated too."""
    from tannkhai.background import interrupted

    unfinished = [j for j in jobs if j.status in UNFINISHED and j.task_id]
    lost = interrupted([j.task_id for j in unfinished], now=now)
    for job in unfinished:
        if job.task_id not in lost:
            continue
        partial = Path(private_storage.path(f"{EXPORT_DIR}/{job.pk}.{job.fmt}.part"))
        partial.unlink(missing_ok=True)
        finished_at = now or timezone.now()
        # Only if it is still unfinished: it may have ended since it was read.
        if ExportJob.objects.filter(pk=job.pk, status__in=UNFINISHED).update(
            status=ExportJob.Status.FAILED,
            error=interrupted_message(),
            retryable=True,
            finished_at=finished_at,
        ):
            logger.warning("background export %s interrupted: its worker stopped", job.pk)
            job.status = ExportJob.Status.FAILED
            job.error = interrupted_message()
            job.retryable = True
            job.finished_at = finished_at


def recover_all(*, now: dt.datetime | None = None) -> int:
    """Every unfinished job whose worker went away marked failed; how many."""
    jobs = list(ExportJob.objects.filter(status__in=UNFINISHED).exclude(task_id=""))
    recover(jobs, now=now)
    return sum(1 for j in jobs if j.status == ExportJob.Status.FAILED)


class NotRetryable(Exception):
    """The job cannot be made again (it did not fail, or failed for its parameters)."""


def retry(*, job: ExportJob) -> ExportJob:
    """Queue a failed, retryable job again with the same parameters (its owner's only:
    the caller got it through ``job_get``)."""
    from reports.tasks import make_export

    with transaction.atomic():
        reset = ExportJob.objects.filter(
            pk=job.pk, status=ExportJob.Status.FAILED, retryable=True
        ).update(
            status=ExportJob.Status.QUEUED,
            error="",
            retryable=False,
            done=0,
            total=0,
            started_at=None,
            finished_at=None,
        )
        if not reset:
            raise NotRetryable
        result = make_export.enqueue(str(job.pk))
        ExportJob.objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.refresh_from_db()
    return job


def jobs_of(user: User) -> list[ExportJob]:
    """The user's own files of the last days, newest first."""
    since = timezone.now() - dt.timedelta(days=settings.EXPORT_KEEP_DAYS)
    return list(ExportJob.objects.filter(owner=user, created_at__gte=since)[:50])


def job_get(*, user: User, pk: str) -> ExportJob:
    """A job of the user's own; anyone else's (an administrator's too) is a 404."""
    try:
        return ExportJob.objects.get(pk=pk, owner=user)
    except (ExportJob.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def open_file(job: ExportJob):  # type: ignore[no-untyped-def]
    """The finished file, opened for reading; a 404 once it has been pruned."""
    if job.status != ExportJob.Status.DONE or not job.file:
        raise Http404
    try:
        return private_storage.open(job.file, "rb")
    except FileNotFoundError as exc:
        raise Http404 from exc


def prune(*, now: dt.datetime | None = None) -> int:
    """Delete jobs and their files older than ``EXPORT_KEEP_DAYS``; how many."""
    before = (now or timezone.now()) - dt.timedelta(days=settings.EXPORT_KEEP_DAYS)
    old = list(ExportJob.objects.filter(created_at__lt=before).values_list("pk", "file"))
    for _pk, name in old:
        if name:
            private_storage.delete(name)
    ExportJob.objects.filter(pk__in=[pk for pk, _name in old]).delete()
    return len(old)


def count_upto(queryset, limit: int) -> int:  # type: ignore[no-untyped-def]
    """Rows of ``queryset``, counted no further than ``limit + 1`` (a bounded count:
    enough to know whether the list is long)."""
    return int(queryset.order_by()[: limit + 1].count())


def is_long(rows: int) -> bool:
    return rows > settings.BACKGROUND_EXPORT_ROWS
