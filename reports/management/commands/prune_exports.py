"""Delete background files older than EXPORT_KEEP_DAYS (run daily, e.g. from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from reports import jobs


class Command(BaseCommand):
    help = "Delete background export files and their records older than EXPORT_KEEP_DAYS."

    def handle(self, *args: Any, **options: Any) -> None:
        removed = jobs.prune()
        self.stdout.write(f"{removed} export(s) removed")
