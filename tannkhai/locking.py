"""Row locks for the write services: check a state only once its row is locked.

A step reads a state (a complaint still pending, a review still posted, a version)
and then writes. Two requests doing that at the same time both see the old state and
both write: the second silently undoes or repeats the first. Each service therefore
locks the row whose state it checks (``SELECT … FOR UPDATE`` on PostgreSQL) and reads
it again after the lock, inside its transaction. On SQLite the transactions are
``BEGIN IMMEDIATE`` (see settings), so writers are already serialised.
"""

from __future__ import annotations

from typing import TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)


def lock_row(obj: M) -> M:
    """Lock ``obj``'s row until the transaction ends and reload it from the database."""
    model = type(obj)
    list(model._default_manager.select_for_update().filter(pk=obj.pk).values_list("pk", flat=True))
    obj.refresh_from_db()
    return obj


def lock_rows(queryset: models.QuerySet[M]) -> list[M]:
    """Lock and read the rows of ``queryset`` (in primary-key order, so that two
    transactions locking overlapping sets cannot deadlock). PostgreSQL re-checks the
    filter on rows that changed while it waited: a row another step has just moved on
    is no longer returned."""
    return list(queryset.select_for_update(of=("self",)).order_by("pk"))
