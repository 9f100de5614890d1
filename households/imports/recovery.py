"""Imports whose task worker went away, and trying them again.

A batch previewed or written by the worker (``IMPORT_BACKGROUND_ROWS`` rows or more)
stays "running" when the worker is killed mid-way. Nothing of it was written: the
write is one transaction, rolled back with the worker's lost connection. The batch's
page (and ``manage.py prune_exports``) finds such batches through the task heartbeat
(``tannkhai.background``) and marks them failed; "Thử lại" queues the same stage again
— a confirm plans again and writes only if the outcome is still the one previewed.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db.models import Q
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


def recover(batches: list[ImportBatch], *, now: dt.datetime | None = None) -> None:
    """Mark failed those of ``batches`` whose worker went away (the objects too)."""
    from tannkhai.background import interrupted

    unfinished = [b for b in batches if b.status in UNFINISHED and b.task_id]
    lost = interrupted([b.task_id for b in unfinished], now=now)
    for batch in unfinished:
        if batch.task_id not in lost:
            continue
        # Only if it is still unfinished: it may have ended since it was read.
        if ImportBatch.objects.filter(pk=batch.pk, status__in=UNFINISHED).update(
            status=ImportBatch.Status.FAILED, error=interrupted_message()
        ):
            logger.warning("import %s interrupted: its worker stopped", batch.pk)
            batch.status = ImportBatch.Status.FAILED
            batch.error = interrupted_message()


def recover_all(*, now: dt.datetime | None = None) -> int:
    batches = list(
        ImportBatch.objects.filter(status__in=UNFINISHED)
        .filter(~Q(task_id=""))
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
