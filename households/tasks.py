"""The registry's background tasks (run by ``manage.py db_worker``)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_import(batch_id: str) -> None:
    """Preview or write a long Excel import (``households.imports.engine.run``)."""
    from households.imports import engine

    engine.run(batch_id)
