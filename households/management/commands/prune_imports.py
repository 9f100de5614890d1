"""Delete Excel import batches older than IMPORT_KEEP_DAYS (run daily, e.g. from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from households.imports import engine


class Command(BaseCommand):
    help = "Delete Excel import batches and their stored files older than IMPORT_KEEP_DAYS."

    def handle(self, *args: Any, **options: Any) -> None:
        removed = engine.prune()
        self.stdout.write(f"{removed} import batch(es) removed")
