"""Write one archive of the database and MEDIA_ROOT while the app runs (see tannkhai.backup)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS
from django.utils.translation import gettext as _

from tannkhai import backup


class Command(BaseCommand):
    help = (
        "Sao lưu cơ sở dữ liệu và các tệp đã tải lên (MEDIA_ROOT) vào một tệp nén, "
        "rồi xoá các bản cũ hơn BACKUP_KEEP bản mới nhất."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dest", type=Path, help="thư mục lưu (mặc định BACKUP_DIR, var/backups)"
        )
        parser.add_argument(
            "--keep", type=int, help="số bản mới nhất giữ lại (mặc định BACKUP_KEEP, 14)"
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args: Any, **options: Any) -> None:
        dest = Path(options["dest"] or settings.BACKUP_DIR)
        keep = options["keep"] if options["keep"] is not None else settings.BACKUP_KEEP
        started = time.monotonic()
        try:
            result = backup.backup(dest=dest, keep=keep, using=options["database"])
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = result.manifest
        self.stdout.write(
            _(
                "Đã sao lưu %(file)s (%(size)s byte, %(tables)s bảng, %(rows)s dòng, "
                "%(files)s tệp) trong %(seconds).1f giây."
            )
            % {
                "file": result.path,
                "size": result.path.stat().st_size,
                "tables": len(manifest["tables"]),
                "rows": sum(t["rows"] for t in manifest["tables"].values()),
                "files": manifest["media"]["files"],
                "seconds": time.monotonic() - started,
            }
        )
        for path in result.removed:
            self.stdout.write(_("Đã xoá bản cũ %(file)s.") % {"file": path.name})
