"""The task heartbeat written beside a running task by the worker's process."""

from __future__ import annotations

import datetime as dt
import time
from types import SimpleNamespace

import pytest
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend

from tannkhai import background
from tannkhai.models import TaskHeartbeat

pytestmark = pytest.mark.django_db(transaction=True)

TASK = SimpleNamespace(id="5f0c2a8e12344abc9def0123456789ab")


def _wait_for_beat() -> TaskHeartbeat | None:
    for _ in range(100):
        beat = TaskHeartbeat.objects.filter(task_id=TASK.id).first()
        if beat is not None:
            return beat
        time.sleep(0.05)
    return None


def test_the_worker_beats_while_a_task_runs_and_stops_after(settings):
    settings.TASK_HEARTBEAT_SECONDS = 1
    background._start_beating(sender=DatabaseBackend, task_result=TASK)
    beat = _wait_for_beat()
    assert beat is not None
    first = beat.beat_at
    time.sleep(1.5)
    assert TaskHeartbeat.objects.get(task_id=TASK.id).beat_at > first
    background._stop_beating(sender=DatabaseBackend, task_result=TASK)
    assert not TaskHeartbeat.objects.exists()
    assert TASK.id not in background._beats


def test_no_heartbeat_when_turned_off_or_for_another_backend(settings):
    settings.TASK_HEARTBEAT_SECONDS = 0
    background._start_beating(sender=DatabaseBackend, task_result=TASK)
    settings.TASK_HEARTBEAT_SECONDS = 1
    background._start_beating(sender=object, task_result=TASK)
    assert background._beats == {}
    assert not TaskHeartbeat.objects.exists()


def test_old_heartbeats_are_pruned():
    TaskHeartbeat.objects.create(task_id="old", beat_at=timezone.now() - dt.timedelta(days=2))
    TaskHeartbeat.objects.create(task_id="new", beat_at=timezone.now())
    assert background.prune_heartbeats() == 1
    assert list(TaskHeartbeat.objects.values_list("task_id", flat=True)) == ["new"]
