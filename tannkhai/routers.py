"""Reads of the dashboard and the program reports from a read-only replica.

A province deployment may add a streaming replica of PostgreSQL
(``DATABASE_REPLICA_URL``) to take the heavy aggregate reads off the primary. A
replica lags the primary by a moment, which is acceptable for a dashboard or a
yearly report and nowhere else: a user who saves a household and opens it again must
see their change. So the replica is used only where a view asks for it
(``@replica_reads``), and there only while:

- nothing has been written in the request (after the first write, the request reads
  the primary, so it sees what it wrote);
- no transaction is open on the primary;
- the model is not one that must be read where it is written (``PRIMARY_ONLY``):
  users and their sessions, permissions, the login lockout, the access log, the task
  queue and the background files and imports whose state the worker changes.

Everything else — every write, every other view, the task worker, management
commands — uses the primary (``default``). Without a replica the decorator does
nothing.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model

# App labels, and "app_label.model" labels, always read from the primary.
PRIMARY_ONLY = frozenset(
    {
        "admin",
        "auth",
        "contenttypes",
        "sessions",
        "axes",
        "django_tasks_database",  # the task queue (django-tasks-db)
        "tannkhai",  # users, the access log
        "reports.exportjob",
        "households.importbatch",
    }
)


@dataclass
class _Reads:
    replica: bool = True


_reads: ContextVar[_Reads | None] = ContextVar("tannkhai_replica_reads", default=None)


def _primary_only(model: type[Model]) -> bool:
    meta = model._meta
    return meta.app_label in PRIMARY_ONLY or meta.label_lower in PRIMARY_ONLY


class ReplicaRouter:
    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        reads = _reads.get()
        alias = settings.READ_REPLICA
        if reads is None or not reads.replica or not alias or _primary_only(model):
            return DEFAULT_DB_ALIAS
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return str(alias)

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        reads = _reads.get()
        if reads is not None:
            # From now on this request reads what it wrote.
            reads.replica = False
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool:
        # The replica holds the same rows as the primary.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        # The replica follows the primary's schema through replication.
        return db == DEFAULT_DB_ALIAS


F = TypeVar("F", bound=Callable[..., Any])


def replica_reads(view: F) -> F:
    """Let the view read from the replica where a moment's lag is acceptable (see above)."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        token = _reads.set(_Reads())
        try:
            return view(*args, **kwargs)
        finally:
            _reads.reset(token)

    return wrapped  # type: ignore[return-value]


def reading_replica() -> bool:
    """Whether reads would go to the replica now (for tests and the health check)."""
    reads = _reads.get()
    return bool(reads is not None and reads.replica and settings.READ_REPLICA)
