"""Backup and restore of the database and the uploaded files (``manage.py backup`` and
``manage.py restore``).

One archive file, ``tannkhai-backup-YYYYMMDD-HHMMSS-ffffff.tar.gz`` (local time), a gzip
stream holding a tar of three parts, the manifest first:

- ``manifest.json`` — format, app version, applied migrations, database vendor and server
  version, when it was made, per-table row counts and checksums, sha256 and size of the
  two other parts, how many media files;
- ``database.sqlite3`` (a copy made with SQLite's online backup API) or
  ``database.pgdump`` (``pg_dump -Fc``, uncompressed inside: the archive's gzip compresses
  everything once);
- ``media.tar`` — every file under MEDIA_ROOT (commitment scans, background files).

The copy is consistent while the app runs: SQLite's backup API copies one snapshot (WAL
mode: writers go on meanwhile) and the counts are taken from that copy; on PostgreSQL one
REPEATABLE READ transaction exports its snapshot, pg_dump reads through it
(``--snapshot``) and the counts are taken in the same transaction. Files written while the
media are archived may be missing or newer than the database; files still being written
(``*.part``) are skipped.

A table's checksum is the sha256 of its rows in primary-key order, each row turned into
text by the database itself (``quote()`` per column on SQLite, the row's text form on
PostgreSQL). It is deterministic for one backend, not across backends — and an archive
restores only into the vendor it came from anyway.

The archive holds no secret: not the environment or ``.env``, not the connection
settings (pg_dump gets the password through its environment).
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import importlib.metadata
import io
import json
import os
import re
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Protocol

from django.conf import settings
from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = "tannkhai-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA_PART = "media.tar"
DB_PART = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
ARCHIVE_PREFIX = "tannkhai-backup-"
ARCHIVE_SUFFIX = ".tar.gz"
# The timestamp sorts as text: retention keeps the names that sort last.
ARCHIVE_NAME = re.compile(r"^tannkhai-backup-\d{8}-\d{6}-\d{6}\.tar\.gz$")
MANIFEST_MAX_BYTES = 16 * 1024 * 1024
CHUNK = 1024 * 1024
ROWS_PER_FETCH = 2000
# Files never archived: a file still being written, and secrets if someone put them there.
SKIPPED_SUFFIXES = (".part",)
SKIPPED_NAMES = (".env",)


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, for the operator."""


@dataclass(frozen=True)
class TableSummary:
    rows: int
    sha256: str


@dataclass(frozen=True)
class BackupResult:
    path: Path
    manifest: dict[str, Any]
    removed: list[Path]


@dataclass(frozen=True)
class RestoreResult:
    manifest: dict[str, Any]
    media_moved_to: Path | None
    migrations_to_apply: list[str]


class _Connection(Protocol):
    vendor: str

    def cursor(self) -> Any: ...


# ---------------------------------------------------------------- checksums


class SqliteFile:
    """A plain sqlite3 connection to a database file, read the same way as Django's
    connection (the checksum queries return text, so Django's type converters play no
    part)."""

    vendor = "sqlite"

    def __init__(self, path: Path) -> None:
        self.raw = sqlite3.connect(str(path))

    def cursor(self) -> sqlite3.Cursor:
        return self.raw.cursor()

    def close(self) -> None:
        self.raw.close()


def _qn(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _tables(conn: _Connection) -> list[str]:
    cursor = conn.cursor()
    if conn.vendor == "sqlite":
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    else:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
        )
    return [row[0] for row in cursor.fetchall()]


def _row_query(conn: _Connection, table: str) -> str:
    """One text per row, in primary-key order (by the text itself without a key)."""
    cursor = conn.cursor()
    if conn.vendor == "sqlite":
        cursor.execute(f"PRAGMA table_info({_qn(table)})")
        info = cursor.fetchall()  # cid, name, type, notnull, default, pk
        columns = [row[1] for row in info]
        keys = [row[1] for row in sorted(info, key=lambda r: r[5]) if row[5]]
        text = " || ',' || ".join(f"quote({_qn(c)})" for c in columns)
    else:
        cursor.execute(
            "SELECT a.attname FROM pg_index i "
            "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
            "WHERE i.indrelid = %s::regclass AND i.indisprimary "
            "ORDER BY array_position(i.indkey, a.attnum)",
            [_qn(table)],
        )
        keys = [row[0] for row in cursor.fetchall()]
        text = "ROW(r.*)::text"
    order = ", ".join(f"r.{_qn(k)}" for k in keys) if keys else "1"
    return f"SELECT {text} FROM {_qn(table)} AS r ORDER BY {order}"


def table_summaries(conn: _Connection) -> dict[str, TableSummary]:
    """Row count and checksum of every table of the database behind ``conn``.

    On PostgreSQL call it inside a transaction (a server-side cursor streams the rows).
    """
    summaries = {}
    for table in _tables(conn):
        query = _row_query(conn, table)
        chunked = getattr(conn, "chunked_cursor", None)
        cursor = chunked() if chunked is not None else conn.cursor()
        digest = hashlib.sha256()
        rows = 0
        try:
            cursor.execute(query)
            while batch := cursor.fetchmany(ROWS_PER_FETCH):
                for (text,) in batch:
                    data = text.encode("utf-8", "surrogatepass")
                    digest.update(len(data).to_bytes(8, "big"))
                    digest.update(data)
                rows += len(batch)
        finally:
            cursor.close()
        summaries[table] = TableSummary(rows=rows, sha256=digest.hexdigest())
    return summaries


def summaries_of(alias: str = "default") -> dict[str, TableSummary]:
    """``table_summaries`` of a configured database, read in one transaction."""
    conn = connections[alias]
    with transaction.atomic(using=alias):
        return table_summaries(conn)


def _applied_migrations(conn: _Connection) -> dict[str, list[str]]:
    if "django_migrations" not in _tables(conn):
        return {}
    cursor = conn.cursor()
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    applied: dict[str, list[str]] = {}
    for app, name in cursor.fetchall():
        applied.setdefault(app, []).append(name)
    return applied


def _server_version(conn: _Connection) -> str:
    cursor = conn.cursor()
    cursor.execute("SELECT sqlite_version()" if conn.vendor == "sqlite" else "SHOW server_version")
    return str(cursor.fetchone()[0])


# ---------------------------------------------------------------- backup


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _app_version() -> str:
    try:
        return importlib.metadata.version("tannkhai")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _pg_env(settings_dict: dict[str, Any]) -> dict[str, str]:
    """The libpq environment for pg_dump / pg_restore: Django's own mapping (password,
    SSL files, service), so that nothing secret appears on a command line."""
    from django.db.backends.postgresql.client import DatabaseClient

    _args, env = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
    merged = {**os.environ, **(env or {})}
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if settings_dict.get(key):
            merged[var] = str(settings_dict[key])
    merged["PGDATABASE"] = str(settings_dict["NAME"])
    return merged


def _run(args: list[str], *, env: dict[str, str] | None = None) -> str:
    try:
        done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError as exc:
        raise BackupError(
            _("Không tìm thấy chương trình %(program)s.") % {"program": args[0]}
        ) from exc
    if done.returncode != 0:
        raise BackupError(
            _("%(program)s báo lỗi: %(error)s")
            % {"program": args[0], "error": done.stderr.strip() or done.returncode}
        )
    return done.stdout


def _snapshot_sqlite(conn: BaseDatabaseWrapper, target: Path) -> dict[str, Any]:
    conn.ensure_connection()
    destination = sqlite3.connect(str(target))
    try:
        # One step: a consistent copy of one moment (WAL: writers are not held up).
        conn.connection.backup(destination)
        # The copy is a standalone file, not a WAL database with side files.
        destination.execute("PRAGMA journal_mode=DELETE")
    finally:
        destination.close()
    snapshot = SqliteFile(target)
    try:
        return {
            "tables": table_summaries(snapshot),
            "migrations": _applied_migrations(snapshot),
            "server_version": _server_version(snapshot),
        }
    finally:
        snapshot.close()


def _snapshot_postgresql(conn: BaseDatabaseWrapper, target: Path) -> dict[str, Any]:
    with transaction.atomic(using=conn.alias):
        cursor = conn.cursor()
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot_id = cursor.fetchone()[0]
        args = ["pg_dump", "--format=custom", "--compress=0", f"--snapshot={snapshot_id}"]
        args += ["--file", str(target)]
        try:
            dump = subprocess.Popen(
                args, env=_pg_env(conn.settings_dict), stderr=subprocess.PIPE, text=True
            )
        except FileNotFoundError as exc:
            raise BackupError(_("Không tìm thấy chương trình pg_dump.")) from exc
        # pg_dump reads the snapshot while this transaction, which exported it, stays
        # open; the counts are taken meanwhile from the same snapshot.
        try:
            facts = {
                "tables": table_summaries(conn),
                "migrations": _applied_migrations(conn),
                "server_version": _server_version(conn),
            }
        finally:
            _out, err = dump.communicate()
        if dump.returncode != 0:
            raise BackupError(_("pg_dump báo lỗi: %(error)s") % {"error": err.strip()})
    return facts


def _media_files(root: Path) -> Iterator[Path]:
    if not root.is_dir():
        return
    for directory, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(directory, name)
            if name in SKIPPED_NAMES or name.endswith(SKIPPED_SUFFIXES) or path.is_symlink():
                continue
            yield path


def _archive_media(root: Path, target: Path) -> dict[str, int]:
    files = size = 0
    with tarfile.open(target, "w", format=tarfile.PAX_FORMAT) as tar:
        for path in _media_files(root):
            try:
                handle = path.open("rb")
            except FileNotFoundError:
                continue  # deleted since it was listed (an expired background file)
            with handle:
                info = tar.gettarinfo(arcname=path.relative_to(root).as_posix(), fileobj=handle)
                info.uid = info.gid = 0
                info.uname = info.gname = ""
                tar.addfile(info, handle)
            files += 1
            size += info.size
    return {"files": files, "bytes": size}


def archive_name(moment: dt.datetime) -> str:
    local = timezone.localtime(moment)
    return f"{ARCHIVE_PREFIX}{local:%Y%m%d-%H%M%S-%f}{ARCHIVE_SUFFIX}"


def backup(*, dest: Path, keep: int, using: str = "default") -> BackupResult:
    """Write one archive of the database ``using`` and MEDIA_ROOT into ``dest``, then
    delete the archives of ``dest`` beyond the newest ``keep``."""
    if keep < 1:
        raise BackupError(_("Số bản sao lưu giữ lại phải từ 1 trở lên."))
    conn = connections[using]
    vendor = conn.vendor
    if vendor not in DB_PART:
        raise BackupError(_("Không sao lưu được cơ sở dữ liệu %(vendor)s.") % {"vendor": vendor})
    dest.mkdir(parents=True, exist_ok=True)
    created = timezone.now()
    final = dest / archive_name(created)
    with tempfile.TemporaryDirectory(prefix=".backup-", dir=dest) as staging_dir:
        staging = Path(staging_dir)
        db_part = staging / DB_PART[vendor]
        if vendor == "sqlite":
            facts = _snapshot_sqlite(conn, db_part)
        else:
            facts = _snapshot_postgresql(conn, db_part)
        if not facts["tables"]:
            # A wrong DATABASE_URL (a new, blank SQLite file) must not pass for a backup.
            raise BackupError(
                _("Cơ sở dữ liệu %(name)s không có bảng nào: không có gì để sao lưu.")
                % {"name": conn.settings_dict["NAME"]}
            )
        media = _archive_media(Path(settings.MEDIA_ROOT), staging / MEDIA_PART)
        parts = {
            name: {"sha256": _sha256_file(staging / name), "bytes": (staging / name).stat().st_size}
            for name in (DB_PART[vendor], MEDIA_PART)
        }
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "app": {"name": "tannkhai", "version": _app_version()},
            "created_at": timezone.localtime(created).isoformat(),
            "database": {"vendor": vendor, "server_version": facts["server_version"]},
            "migrations": facts["migrations"],
            "tables": {
                name: {"rows": s.rows, "sha256": s.sha256} for name, s in facts["tables"].items()
            },
            "parts": parts,
            "media": media,
        }
        partial = staging / final.name
        # Personal data: readable by the service's user only, whatever its umask.
        partial.touch(mode=0o600)
        with (
            partial.open("wb") as raw,
            gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=6) as gz,
            tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as tar,
        ):
            data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(created.timestamp())
            tar.addfile(info, io.BytesIO(data))
            for name in parts:
                info = tar.gettarinfo(str(staging / name), arcname=name)
                info.uid = info.gid = 0
                info.uname = info.gname = ""
                with (staging / name).open("rb") as handle:
                    tar.addfile(info, handle)
        with partial.open("rb") as handle:
            os.fsync(handle.fileno())
        # Appears under its final name only once complete.
        partial.replace(final)
    return BackupResult(path=final, manifest=manifest, removed=prune(dest=dest, keep=keep))


def prune(*, dest: Path, keep: int) -> list[Path]:
    """Delete the archives of ``dest`` older than the newest ``keep`` (other files stay)."""
    archives = sorted(p for p in dest.iterdir() if ARCHIVE_NAME.match(p.name) and p.is_file())
    removed = archives[:-keep] if keep > 0 else archives
    for path in removed:
        path.unlink()
    return removed


# ---------------------------------------------------------------- verify


def _corrupt(path: Path, reason: str) -> BackupError:
    return BackupError(
        _("Tệp sao lưu %(file)s bị hỏng hoặc không đầy đủ (%(reason)s); không ghi gì cả.")
        % {"file": path.name, "reason": reason}
    )


def _check_manifest(path: Path, manifest: Any) -> dict[str, Any]:
    ok = (
        isinstance(manifest, dict)
        and manifest.get("format") == FORMAT
        and isinstance(manifest.get("parts"), dict)
        and isinstance(manifest.get("tables"), dict)
        and isinstance(manifest.get("migrations"), dict)
        and isinstance(manifest.get("database"), dict)
    )
    if not ok:
        raise _corrupt(path, _("bản kê không đúng định dạng"))
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            _(
                "Tệp sao lưu %(file)s có định dạng phiên bản %(version)s, "
                "phiên bản này không đọc được."
            )
            % {"file": path.name, "version": manifest.get("format_version")}
        )
    vendor = manifest["database"].get("vendor")
    if vendor not in DB_PART or set(manifest["parts"]) != {DB_PART[vendor], MEDIA_PART}:
        raise _corrupt(path, _("bản kê không đúng định dạng"))
    return manifest


def verify(path: Path, into: Path) -> dict[str, Any]:
    """Read the whole archive, extract its parts into ``into`` and check them: the
    manifest first, every part's size and sha256, the tar and gzip structure to the
    last byte (gzip's CRC), the media tar's names. Returns the manifest; raises
    ``BackupError`` on any fault. (``_check_dump`` then reads a PostgreSQL dump.)"""
    if not path.is_file():
        raise BackupError(_("Không tìm thấy tệp %(file)s.") % {"file": path})
    manifest: dict[str, Any] | None = None
    seen: set[str] = set()
    try:
        with path.open("rb") as raw, gzip.GzipFile(fileobj=raw, mode="rb") as gz:
            with tarfile.open(fileobj=gz, mode="r|") as tar:
                for member in tar:
                    if manifest is None:
                        if member.name != MANIFEST or not member.isfile():
                            raise _corrupt(path, _("thiếu bản kê"))
                        if member.size > MANIFEST_MAX_BYTES:
                            raise _corrupt(path, _("bản kê quá lớn"))
                        handle = tar.extractfile(member)
                        assert handle is not None
                        try:
                            loaded = json.loads(handle.read().decode("utf-8"))
                        except ValueError as exc:
                            raise _corrupt(path, _("bản kê không đọc được")) from exc
                        manifest = _check_manifest(path, loaded)
                        continue
                    expected = manifest["parts"].get(member.name)
                    if expected is None or member.name in seen or not member.isfile():
                        raise _corrupt(path, _("có phần lạ: %(name)s") % {"name": member.name})
                    seen.add(member.name)
                    handle = tar.extractfile(member)
                    assert handle is not None
                    digest = hashlib.sha256()
                    size = 0
                    with (into / member.name).open("wb") as out:
                        while chunk := handle.read(CHUNK):
                            digest.update(chunk)
                            size += len(chunk)
                            out.write(chunk)
                    if size != expected.get("bytes") or digest.hexdigest() != expected.get(
                        "sha256"
                    ):
                        raise _corrupt(
                            path, _("phần %(name)s sai mã kiểm tra") % {"name": member.name}
                        )
            # The tar ends before the gzip stream does: read to its end, so that gzip
            # checks its CRC and length over every byte.
            while gz.read(CHUNK):
                pass
    except (tarfile.TarError, EOFError, gzip.BadGzipFile, zlib.error, UnicodeDecodeError) as exc:
        raise _corrupt(path, str(exc) or type(exc).__name__) from exc
    if manifest is None:
        raise _corrupt(path, _("thiếu bản kê"))
    missing = set(manifest["parts"]) - seen
    if missing:
        raise _corrupt(path, _("thiếu phần %(names)s") % {"names": ", ".join(sorted(missing))})
    _check_media_tar(path, into / MEDIA_PART)
    return manifest


def _check_dump(manifest: dict[str, Any], into: Path) -> None:
    """A PostgreSQL dump's own table of contents must read (``pg_restore --list``)."""
    if manifest["database"]["vendor"] == "postgresql":
        _run(["pg_restore", "--list", str(into / DB_PART["postgresql"])])


def _safe_member(name: str) -> bool:
    pure = PurePosixPath(name)
    return bool(name) and not pure.is_absolute() and ".." not in pure.parts


def _check_media_tar(path: Path, media: Path) -> None:
    try:
        with tarfile.open(media, "r:") as tar:
            for member in tar:
                if not _safe_member(member.name) or not (member.isfile() or member.isdir()):
                    raise _corrupt(path, _("có tệp lạ: %(name)s") % {"name": member.name})
    except tarfile.TarError as exc:
        raise _corrupt(path, str(exc)) from exc


def read_manifest(path: Path) -> dict[str, Any]:
    """The manifest of an archive, verifying the whole archive (into a scratch folder)."""
    with tempfile.TemporaryDirectory(prefix="tannkhai-verify-") as scratch:
        manifest = verify(path, Path(scratch))
        _check_dump(manifest, Path(scratch))
        return manifest


# ---------------------------------------------------------------- restore


def _pg_objects(conn: BaseDatabaseWrapper) -> list[tuple[str, str]]:
    """Tables, views, sequences and functions of the current schema, without those of
    extensions (pg_trgm stays)."""
    with conn.cursor() as cursor:
        cursor.execute(
            """
            SELECT CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                   WHEN 'S' THEN 'SEQUENCE' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END,
                   quote_ident(c.relname)
            FROM pg_class c
            WHERE c.relnamespace = current_schema()::regnamespace
              AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                              AND d.objid = c.oid AND d.deptype = 'e')
              -- a table's own sequences (serial, identity) go with it
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                              AND d.objid = c.oid AND d.deptype IN ('a', 'i')
                              AND d.refclassid = 'pg_class'::regclass)
            UNION ALL
            SELECT 'ROUTINE', p.oid::regprocedure::text
            FROM pg_proc p
            WHERE p.pronamespace = current_schema()::regnamespace
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                              AND d.objid = p.oid AND d.deptype = 'e')
            ORDER BY 1 DESC, 2
            """
        )
        return [(kind, name) for kind, name in cursor.fetchall()]


def database_objects(using: str = "default") -> int:
    """How many tables (and, on PostgreSQL, views, sequences, functions) the database
    has: 0 for a blank database."""
    conn = connections[using]
    if conn.vendor == "sqlite":
        with conn.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")
            return int(cursor.fetchone()[0])
    return len(_pg_objects(conn))


def _media_in_place(root: Path) -> int:
    return sum(1 for _path in _media_files(root))


def _restore_sqlite(conn: BaseDatabaseWrapper, part: Path) -> None:
    conn.close()
    conn.ensure_connection()
    source = sqlite3.connect(str(part))
    try:
        # Replaces every page of the target: schema, data, triggers, migration state.
        source.backup(conn.connection)
    finally:
        source.close()
    conn.close()


def _restore_postgresql(conn: BaseDatabaseWrapper, part: Path, scratch: Path) -> None:
    objects = _pg_objects(conn)
    if objects:
        with transaction.atomic(using=conn.alias), conn.cursor() as cursor:
            for kind, name in objects:
                cursor.execute(f"DROP {kind} IF EXISTS {name} CASCADE")
    env = _pg_env(conn.settings_dict)
    # Comments on extensions need the extension's owner; the rest is the app's own.
    entries = _run(["pg_restore", "--list", str(part)], env=env).splitlines()
    kept = [line for line in entries if " COMMENT - EXTENSION " not in line]
    listing = scratch / "restore.list"
    listing.write_text("\n".join(kept) + "\n")
    conn.close()
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--use-list={listing}",
            f"--dbname={conn.settings_dict['NAME']}",
            str(part),
        ],
        env=env,
    )


def _restore_media(media_tar: Path, root: Path, moved_to: Path | None) -> None:
    if moved_to is not None:
        root.rename(moved_to)
    root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(media_tar, "r:") as tar:
        tar.extractall(root, filter="data")


def _unknown_migrations(manifest: dict[str, Any]) -> list[str]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    return [
        f"{app}.{name}"
        for app, names in manifest["migrations"].items()
        for name in names
        if (app, name) not in known
    ]


def _missing_migrations(manifest: dict[str, Any]) -> list[str]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    applied = {(app, name) for app, names in manifest["migrations"].items() for name in names}
    return sorted(
        f"{app}.{name}" for app, name in loader.disk_migrations if (app, name) not in applied
    )


def restore(*, path: Path, replace: bool = False, using: str = "default") -> RestoreResult:
    """Put an archive back into the database ``using`` and MEDIA_ROOT.

    Everything is checked before anything is written: the archive (``verify``), its
    vendor against the target's, its migrations against the code's, and that the target
    is blank — no table in the database, no file in MEDIA_ROOT — unless ``replace``.
    After writing, the tables' counts and checksums are compared with the manifest.
    """
    conn = connections[using]
    root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="tannkhai-restore-") as scratch_dir:
        scratch = Path(scratch_dir)
        manifest = verify(path, scratch)
        vendor = manifest["database"]["vendor"]
        if vendor != conn.vendor:
            raise BackupError(
                _(
                    "Bản sao lưu này là của %(archive)s: chỉ khôi phục được vào %(archive)s, "
                    "không vào %(target)s."
                )
                % {
                    "archive": VENDOR_NAMES[vendor],
                    "target": VENDOR_NAMES.get(conn.vendor, conn.vendor),
                }
            )
        _check_dump(manifest, scratch)
        unknown = _unknown_migrations(manifest)
        if unknown:
            raise BackupError(
                _(
                    "Bản sao lưu được tạo bởi một phiên bản mới hơn (migration %(names)s "
                    "không có ở đây); hãy cập nhật ứng dụng trước khi khôi phục."
                )
                % {"names": ", ".join(unknown[:5])}
            )
        tables = database_objects(using)
        files = _media_in_place(root)
        if not replace and (tables or files):
            raise BackupError(
                _(
                    "Nơi khôi phục không trống (cơ sở dữ liệu có %(tables)s bảng, thư mục "
                    "%(media)s có %(files)s tệp); không ghi gì cả. Dùng --replace để thay "
                    "toàn bộ."
                )
                % {"tables": tables, "media": root, "files": files}
            )
        moved_to = None
        if root.exists() and any(root.iterdir()):
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S-%f")
            moved_to = root.with_name(f"{root.name}.before-restore-{stamp}")
        if vendor == "sqlite":
            _restore_sqlite(conn, scratch / DB_PART[vendor])
        else:
            _restore_postgresql(conn, scratch / DB_PART[vendor], scratch)
        _restore_media(scratch / MEDIA_PART, root, moved_to)
    restored = summaries_of(using)
    expected = {
        name: TableSummary(rows=t["rows"], sha256=t["sha256"])
        for name, t in manifest["tables"].items()
    }
    if restored != expected:
        differing = sorted(
            name
            for name in set(restored) | set(expected)
            if restored.get(name) != expected.get(name)
        )
        raise BackupError(
            _("Đã khôi phục nhưng dữ liệu khác bản kê ở các bảng: %(tables)s.")
            % {"tables": ", ".join(differing[:10])}
        )
    return RestoreResult(
        manifest=manifest,
        media_moved_to=moved_to,
        migrations_to_apply=_missing_migrations(manifest),
    )
