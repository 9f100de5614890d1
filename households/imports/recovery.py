"""Imports whose task worker went away, and trying them again.

A batch previewed or written by the worker (``IMPORT_BACKGROUND_ROWS`` rows or more)
stays "running" when the worker is killed mid-way; a shorter one, run inside the web
request, when the request is killed (the web worker's timeout, a restart): after
``IMPORT_REQUEST_STALE_AFTER`` seconds it is taken as lost. Nothing of it was written: the
write is one transaction, rolled back with the worker's lost connection. The batch's
page (and ``manage.py prune_exports``) finds such batches through the task heartbeat
(``tannkhai.background``) and marks them failed; "Thử lại" queues the same stage again
— a confirm plans again and writes only if the outcome is still the one previewed.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from households.imports import engine
from households.imports.models import ImportBatch
from tannkhai.models import User

logger = logging.getLogger(__name__)

UNFINISHED = (ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING)


class NotRetryable(Exception):
    """The batch did not fail, or is not the user's."""


def interrupted_message() -> str:
    return _(
        "Việc xử lý tệp bị gián đoạn vì máy chủ xử lý nền đã dừng. Chưa có gì được ghi. "
        "Bấm “Thử lại” để xử lý lại."
    )


def request_lost_message() -> str:
    return _(
        "Việc xử lý tệp bị gián đoạn vì yêu cầu tới máy chủ đã bị dừng giữa chừng. "
        "Chưa có gì được ghi. Bấm “Thử lại” để xử lý lại."
    )


def recover(batches: list[ImportBatch], *, now: dt.datetime | None = None) -> None:
    """Mark failed those of ``batches`` whose worker went away, or whose step ran inside
    a web request that is long over (the objects too)."""
    from tannkhai.background import interrupted

    now = now or timezone.now()
    unfinished = [b for b in batches if b.status in UNFINISHED and b.task_id]
    lost = interrupted([b.task_id for b in unfinished], now=now)
    failed = {b.pk: interrupted_message() for b in unfinished if b.task_id in lost}
    # A step run in the request (no task): the request cannot have outlived its timeout.
    stale_before = now - dt.timedelta(seconds=settings.IMPORT_REQUEST_STALE_AFTER)
    for batch in batches:
        if (
            batch.status == ImportBatch.Status.RUNNING
            and not batch.task_id
            and batch.started_at is not None
            and batch.started_at < stale_before
        ):
            failed[batch.pk] = request_lost_message()
    for batch in batches:
        if batch.pk not in failed:
            continue
        # Only if it is still unfinished: it may have ended since it was read.
        if ImportBatch.objects.filter(pk=batch.pk, status__in=UNFINISHED).update(
            status=ImportBatch.Status.FAILED, error=failed[batch.pk]
        ):
            logger.warning("import %s interrupted: its worker or request stopped", batch.pk)
            batch.status = ImportBatch.Status.FAILED
            batch.error = failed[batch.pk]


def recover_all(*, now: dt.datetime | None = None) -> int:
    batches = list(
        ImportBatch.objects.filter(status__in=UNFINISHED)
        .filter(~Q(task_id="") | Q(status=ImportBatch.Status.RUNNING, task_id=""))
        .defer("preview", "headers")
    )
    recover(batches, now=now)
    return sum(1 for b in batches if b.status == ImportBatch.Status.FAILED)


def retry(*, user: User, batch: ImportBatch) -> ImportBatch:
    """Run a failed batch's stage again (the preview, or the write after planning again),
    in the background when the file is long."""
    if batch.owner_id != user.pk:
        raise NotRetryable
    reset = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.FAILED).update(
        status=ImportBatch.Status.QUEUED, error="", done=0
    )
    if not reset:
        raise NotRetryable
    batch.refresh_from_db()
    if engine.is_long(batch.total):
        engine._enqueue(batch)
    else:
        engine.run(str(batch.pk))
    batch.refresh_from_db()
    return batch
