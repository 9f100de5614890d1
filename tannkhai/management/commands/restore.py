"""Put an archive of ``manage.py backup`` back into a blank database (see tannkhai.backup)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS
from django.utils.translation import gettext as _

from tannkhai import backup


class Command(BaseCommand):
    help = (
        "Khôi phục một bản sao lưu vào cơ sở dữ liệu trống (chưa có bảng) và MEDIA_ROOT "
        "trống; kiểm tra toàn bộ tệp trước khi ghi. Bản của SQLite chỉ vào SQLite, của "
        "PostgreSQL chỉ vào PostgreSQL."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="tệp sao lưu (.tar.gz)")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="thay toàn bộ cơ sở dữ liệu và MEDIA_ROOT hiện có (MEDIA_ROOT cũ được đổi tên, "
            "không xoá)",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        try:
            result = backup.restore(
                path=options["file"], replace=options["replace"], using=options["database"]
            )
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = result.manifest
        self.stdout.write(
            _(
                "Đã khôi phục bản sao lưu lúc %(created)s: %(tables)s bảng, %(rows)s dòng, "
                "%(files)s tệp; số dòng và mã kiểm tra của mọi bảng khớp bản kê "
                "(%(seconds).1f giây)."
            )
            % {
                "created": manifest["created_at"],
                "tables": len(manifest["tables"]),
                "rows": sum(t["rows"] for t in manifest["tables"].values()),
                "files": manifest["media"]["files"],
                "seconds": time.monotonic() - started,
            }
        )
        if result.media_moved_to is not None:
            self.stdout.write(
                _("Thư mục tệp cũ được giữ ở %(path)s.") % {"path": result.media_moved_to}
            )
        if result.migrations_to_apply:
            self.stdout.write(
                _(
                    "Bản sao lưu cũ hơn mã nguồn (%(count)s migration chưa áp dụng): "
                    "chạy manage.py migrate."
                )
                % {"count": len(result.migrations_to_apply)}
            )
