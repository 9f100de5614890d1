"""``/healthz``: is this server able to work? For the load balancer, monitoring and the
deployment check.

It runs a trivial query on each database and counts the background tasks waiting in
the queue (the django-tasks database backend's table) and the age of the oldest one,
so a stopped task worker shows as a growing backlog. No login, no session, no cookie,
``no-store``, and nothing about people: counts and timings only.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections
from django.db.models import Count, Min
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

PATH = "/healthz"
OK, ERROR = "ok", "error"


def _database(alias: str) -> dict[str, Any]:
    started = time.monotonic()
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        # Reported as "error"; the reason (host names, credentials) goes to the log only.
        logger.exception("health check: database %s not reachable", alias)
        return {"status": ERROR}
    return {"status": OK, "ms": round((time.monotonic() - started) * 1000, 1)}


def _tasks() -> dict[str, Any]:
    try:
        queue = (
            DBTaskResult.objects.using("default")
            .ready()
            .aggregate(ready=Count("id"), oldest=Min("enqueued_at"))
        )
    except DatabaseError:
        logger.exception("health check: task queue not readable")
        return {"status": ERROR}
    oldest = queue["oldest"]
    age = round((timezone.now() - oldest).total_seconds()) if oldest is not None else 0
    return {"status": OK, "ready": queue["ready"], "oldest_ready_seconds": max(0, age)}


@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    checks: dict[str, dict[str, Any]] = {"database": _database("default")}
    if settings.READ_REPLICA:
        checks["replica"] = _database(settings.READ_REPLICA)
    if checks["database"]["status"] == OK:
        checks["tasks"] = _tasks()
    else:
        checks["tasks"] = {"status": ERROR}
    healthy = all(check["status"] == OK for check in checks.values())
    response = JsonResponse(
        {"status": OK if healthy else ERROR, "checks": checks}, status=200 if healthy else 503
    )
    add_never_cache_headers(response)
    return response
