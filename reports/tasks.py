"""The background tasks (run by ``manage.py db_worker``)."""

from __future__ import annotations

from django_tasks import task


@task()
def make_export(job_id: str) -> None:
    """Make the file of an export job (``reports.jobs.run``)."""
    from reports import jobs

    jobs.run(job_id)
