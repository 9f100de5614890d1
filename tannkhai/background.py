"""Background tasks whose worker went away.

The task worker (``manage.py db_worker``) may be killed in the middle of a task: a
restart that outlasted its grace period, the machine going down, the out-of-memory
killer. django-tasks then leaves the task's row "running" for ever, and the job the
task was making (an ``ExportJob``, an ``ImportBatch``) says "running" to its owner.
Nothing is half-written: an import writes in one transaction, which the database
rolls back with the lost connection, and a file is written under a temporary name.

So the worker's process writes a heartbeat (``TaskHeartbeat``) while a task runs, and
``interrupted`` finds, among the tasks of unfinished jobs, those that ended without
finishing their job (the worker recorded them failed: a second Ctrl-C, a crash) or
whose heartbeat is older than ``TASK_STALE_AFTER`` (or that never beat, started that
long ago). The jobs' own modules mark them failed and offer to try again; this is
checked on the job's page and by ``manage.py prune_exports``.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections
from django.dispatch import receiver
from django.utils import timezone
from django_tasks.signals import task_finished, task_started
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tannkhai.models import TaskHeartbeat

logger = logging.getLogger(__name__)

INTERRUPTED_CLASS = "tannkhai.background.WorkerLost"


class WorkerLost(Exception):
    """Recorded on a task row whose worker stopped beating."""


class _Beat(threading.Thread):
    """Writes the task's heartbeat until told to stop (its own database connection)."""

    def __init__(self, task_id: str, every: float) -> None:
        super().__init__(name=f"heartbeat-{task_id}", daemon=True)
        self.task_id = task_id
        self.every = every
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while True:
                beat(self.task_id)
                if self.stopped.wait(self.every):
                    return
        finally:
            connections.close_all()


_beats: dict[str, _Beat] = {}


def beat(task_id: str) -> None:
    try:
        TaskHeartbeat.objects.update_or_create(
            task_id=task_id, defaults={"beat_at": timezone.now()}
        )
    except DatabaseError:
        # The database is busy or away for a moment: the next beat tries again, and a
        # task whose beats stop for TASK_STALE_AFTER is taken as lost.
        logger.warning("heartbeat of task %s not written", task_id, exc_info=True)


def _from_database_worker(sender: Any) -> bool:
    kind = sender if isinstance(sender, type) else type(sender)
    return issubclass(kind, DatabaseBackend)


@receiver(task_started)
def _start_beating(sender: Any, task_result: Any, **kwargs: Any) -> None:
    every = settings.TASK_HEARTBEAT_SECONDS
    if not every or not _from_database_worker(sender):
        return
    task_id = str(task_result.id)
    thread = _Beat(task_id, every)
    _beats[task_id] = thread
    thread.start()


@receiver(task_finished)
def _stop_beating(sender: Any, task_result: Any, **kwargs: Any) -> None:
    task_id = str(task_result.id)
    thread = _beats.pop(task_id, None)
    if thread is None:
        return
    thread.stopped.set()
    thread.join(timeout=10)
    TaskHeartbeat.objects.filter(task_id=task_id).delete()


def interrupted(task_ids: Iterable[str], *, now: dt.datetime | None = None) -> set[str]:
    """Of the tasks of unfinished jobs, those whose worker is gone (see above); their
    rows are marked failed. Two queries whatever the number of tasks."""
    wanted = {str(t) for t in task_ids if t}
    if not wanted:
        return set()
    now = now or timezone.now()
    stale_before = now - dt.timedelta(seconds=settings.TASK_STALE_AFTER)
    rows = {
        str(row["id"]): row
        for row in DBTaskResult.objects.filter(id__in=wanted).values("id", "status", "started_at")
    }
    beats = dict(TaskHeartbeat.objects.filter(task_id__in=wanted).values_list("task_id", "beat_at"))
    lost: set[str] = set()
    for task_id in wanted:
        row = rows.get(task_id)
        if row is None:
            # The task row is gone (pruned): nobody will run the job any more.
            lost.add(task_id)
        elif row["status"] in (TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL):
            # The task ended but its job did not record an end: stopped mid-way.
            lost.add(task_id)
        elif row["status"] == TaskResultStatus.RUNNING:
            last = beats.get(task_id) or row["started_at"]
            if last is None or last < stale_before:
                lost.add(task_id)
    running_lost = [t for t in lost if t in rows and rows[t]["status"] == TaskResultStatus.RUNNING]
    if running_lost:
        DBTaskResult.objects.filter(id__in=running_lost, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            exception_class_path=INTERRUPTED_CLASS,
            traceback="The task worker stopped while running this task (no heartbeat).",
        )
        TaskHeartbeat.objects.filter(task_id__in=running_lost).delete()
    return lost


def prune_heartbeats(*, now: dt.datetime | None = None) -> int:
    """Heartbeats of tasks long gone (their worker died before removing them)."""
    before = (now or timezone.now()) - dt.timedelta(days=1)
    deleted, _by_model = TaskHeartbeat.objects.filter(beat_at__lt=before).delete()
    return deleted
