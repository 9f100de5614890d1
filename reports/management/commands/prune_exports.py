"""Delete background files older than EXPORT_KEEP_DAYS (run daily, e.g. from cron), and
mark failed the files and imports whose task worker went away (also run when the worker
starts: deploy/tannkhai-worker.service)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from reports import jobs


class Command(BaseCommand):
    help = "Delete background export files and their records older than EXPORT_KEEP_DAYS."

    def handle(self, *args: Any, **options: Any) -> None:
        from households.imports import recovery
        from tannkhai.background import prune_heartbeats

        interrupted = jobs.recover_all() + recovery.recover_all()
        removed = jobs.prune()
        prune_heartbeats()
        self.stdout.write(f"{interrupted} interrupted job(s) marked failed")
        self.stdout.write(f"{removed} export(s) removed")
