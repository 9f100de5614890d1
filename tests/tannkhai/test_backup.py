"""``manage.py backup`` and ``manage.py restore``: a round trip into a second, blank
database gives back every table (counts and checksums) and every uploaded file; a
non-empty target is refused unless ``--replace``; a truncated or altered archive is
refused before anything is written; retention keeps the newest archives.

Runs on the suite's database: SQLite, or PostgreSQL with DATABASE_URL (the second
database is created and dropped by the test, under a unique name for pytest-xdist).
Transactional: pg_dump reads committed rows only.
"""

from __future__ import annotations

import gzip
import io
import json
import tarfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.db.utils import load_backend

from households.models import Household
from tannkhai import backup
from tannkhai.storage import private_storage
from tests.factories import HouseholdFactory, MemberFactory

pytestmark = pytest.mark.django_db(transaction=True)

ON_POSTGRES = connection.vendor == "postgresql"
PDF = b"%PDF-1.4\n" + bytes(range(256)) * 40


@pytest.fixture
def data(reference_data, households, officer, leader, settings, tmp_path):
    """The registry fixtures plus more households, and uploaded files in their own
    MEDIA_ROOT."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    for n in range(5):
        household = HouseholdFactory(quarter=households[0].quarter, code=f"KP1-1{n:02d}")
        MemberFactory(household=household, full_name=f"Nguyễn Thị Ánh {n}")
    private_storage.save("commitments/2025/cam-ket-1.pdf", io.BytesIO(PDF))
    private_storage.save("exports/danh-sach.xlsx", io.BytesIO(b"PK\x03\x04 workbook"))
    # A background file still being written, and a secret that has no business here.
    Path(private_storage.path("exports/dang-ghi.xlsx.part")).write_bytes(b"partial")
    Path(settings.MEDIA_ROOT, ".env").write_text("SECRET_KEY=do-not-copy")
    return households


@pytest.fixture
def blank_database(tmp_path) -> Iterator[Callable[[], str]]:
    """Make blank databases beside the test's: a new SQLite file, or a new PostgreSQL
    database; each is registered as a connection alias and dropped at the end."""
    made: list[tuple[str, str]] = []

    def make() -> str:
        alias = f"restore_{uuid.uuid4().hex[:12]}"
        config = dict(connections["default"].settings_dict)
        if ON_POSTGRES:
            config["NAME"] = f"tannkhai_{alias}"
            with connection.cursor() as cursor:
                cursor.execute(f'CREATE DATABASE "{config["NAME"]}"')
        else:
            config["NAME"] = str(tmp_path / f"{alias}.sqlite3")
        # Registered as a connection only (not in the settings): Django's test case
        # allows a connection made at run time.
        connections[alias] = load_backend(config["ENGINE"]).DatabaseWrapper(config, alias)
        made.append((alias, config["NAME"]))
        return alias

    yield make
    for alias, name in made:
        connections[alias].close()
        del connections[alias]
        if ON_POSTGRES:
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def make_backup(dest: Path, *args: str) -> Path:
    before = set(dest.glob("*.tar.gz")) if dest.exists() else set()
    call_command("backup", "--dest", str(dest), *args, stdout=io.StringIO())
    (made,) = set(dest.glob("*.tar.gz")) - before
    return made


def restore(archive: Path, alias: str, *args: str) -> str:
    out = io.StringIO()
    call_command("restore", str(archive), "--database", alias, *args, stdout=out)
    return out.getvalue()


def files_under(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_round_trip_gives_back_every_table_and_file(data, blank_database, settings, tmp_path):
    source_media = Path(settings.MEDIA_ROOT)
    archive = make_backup(tmp_path / "backups")
    expected = backup.summaries_of("default")
    assert expected["households_household"].rows == Household.objects.count() == 8

    manifest = backup.read_manifest(archive)
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["app"]["version"]
    assert "0001_initial" in manifest["migrations"]["households"]
    assert {
        name: backup.TableSummary(rows=t["rows"], sha256=t["sha256"])
        for name, t in manifest["tables"].items()
    } == expected
    assert manifest["media"]["files"] == 2

    # Three parts, the manifest first; no secret, no file still being written.
    with tarfile.open(archive, "r:gz") as tar:
        names = tar.getnames()
        manifest_text = tar.extractfile("manifest.json").read().decode()
        media = tar.extractfile("media.tar").read()
    assert names == ["manifest.json", backup.DB_PART[connection.vendor], "media.tar"]
    with tarfile.open(fileobj=io.BytesIO(media)) as media_tar:
        assert ".env" not in media_tar.getnames()
        assert not any(name.endswith(".part") for name in media_tar.getnames())
    assert settings.SECRET_KEY not in manifest_text
    password = connection.settings_dict.get("PASSWORD")
    if password:
        assert password not in manifest_text

    target = blank_database()
    settings.MEDIA_ROOT = str(tmp_path / "media-restored")
    out = restore(archive, target)
    assert "khớp bản kê" in out

    assert backup.summaries_of(target) == expected
    # The checksums see a change: the same tables with one row edited differ.
    with connections[target].cursor() as cursor:
        cursor.execute("UPDATE households_household SET address = 'khác' WHERE code = 'KP1-100'")
    assert backup.summaries_of(target)["households_household"] != expected["households_household"]

    restored = files_under(Path(settings.MEDIA_ROOT))
    original = files_under(source_media)
    assert restored == {
        name: content
        for name, content in original.items()
        if not name.endswith(".part") and name != ".env"
    }
    assert restored["private/commitments/2025/cam-ket-1.pdf"] == PDF


def test_non_empty_target_is_refused_and_replace_replaces_it(
    data, blank_database, settings, tmp_path
):
    first = make_backup(tmp_path / "backups")
    target = blank_database()
    settings.MEDIA_ROOT = str(tmp_path / "media-restored")
    restore(first, target)

    settings.MEDIA_ROOT = str(tmp_path / "media")
    HouseholdFactory(quarter=data[1].quarter, code="KP2-777")
    second = make_backup(tmp_path / "backups")
    expected = backup.summaries_of("default")
    settings.MEDIA_ROOT = str(tmp_path / "media-restored")

    before = backup.summaries_of(target)
    with pytest.raises(CommandError, match="Nơi khôi phục không trống"):
        restore(second, target)
    assert backup.summaries_of(target) == before

    # The running database itself is never overwritten by mistake either.
    with pytest.raises(CommandError, match="Nơi khôi phục không trống"):
        restore(second, "default")

    out = restore(second, target, "--replace")
    assert backup.summaries_of(target) == expected
    assert backup.summaries_of(target) != before
    assert "Thư mục tệp cũ được giữ ở" in out
    kept = list(tmp_path.glob("media-restored.before-restore-*"))
    assert len(kept) == 1
    assert (kept[0] / "private/commitments/2025/cam-ket-1.pdf").read_bytes() == PDF
    assert (tmp_path / "media-restored/private/commitments/2025/cam-ket-1.pdf").exists()


def damaged_copies(archive: Path, tmp_path: Path) -> dict[str, Path]:
    content = archive.read_bytes()
    size = len(content)
    copies = {
        "truncated at half": content[: size // 2],
        "truncated before the gzip trailer": content[:-6],
        "truncated to its first bytes": content[:100],
        "empty": b"",
    }
    # One byte flipped: in the compressed manifest, in the middle, in the CRC at the end.
    for position in (40, size // 2, size - 6):
        flipped = bytearray(content)
        flipped[position] ^= 0xFF
        copies[f"byte {position} flipped"] = bytes(flipped)
    paths = {}
    for n, (label, data) in enumerate(copies.items()):
        path = tmp_path / f"damaged-{n}.tar.gz"
        path.write_bytes(data)
        paths[label] = path
    return paths


def test_damaged_archive_is_refused_before_anything_is_written(
    data, blank_database, settings, tmp_path
):
    archive = make_backup(tmp_path / "backups")
    target = blank_database()
    settings.MEDIA_ROOT = str(tmp_path / "media-restored")
    for label, damaged in damaged_copies(archive, tmp_path).items():
        with pytest.raises(CommandError, match="bị hỏng hoặc không đầy đủ") as refused:
            restore(damaged, target)
        assert damaged.name in str(refused.value), label
        assert backup.database_objects(target) == 0, label
        assert not Path(settings.MEDIA_ROOT).exists(), label
    # The intact archive still restores into the same target.
    restore(archive, target)
    assert backup.summaries_of(target)["households_household"].rows == 8


def repack(archive: Path, path: Path, change: Callable[[dict], None]) -> Path:
    """The archive with its manifest changed (the parts untouched)."""
    with tarfile.open(archive, "r:gz") as tar:
        members = [(m, tar.extractfile(m).read()) for m in tar.getmembers()]
    with gzip.open(path, "wb") as gz, tarfile.open(fileobj=gz, mode="w") as out:
        for member, content in members:
            if member.name == "manifest.json":
                manifest = json.loads(content)
                change(manifest)
                content = json.dumps(manifest).encode()
                member.size = len(content)
            out.addfile(member, io.BytesIO(content))
    return path


def test_archive_of_the_other_vendor_or_a_newer_version_is_refused(
    data, blank_database, settings, tmp_path
):
    archive = make_backup(tmp_path / "backups")
    target = blank_database()
    settings.MEDIA_ROOT = str(tmp_path / "media-restored")
    other = "sqlite" if ON_POSTGRES else "postgresql"

    def other_vendor(manifest: dict) -> None:
        manifest["database"]["vendor"] = other
        manifest["parts"][backup.DB_PART[other]] = manifest["parts"].pop(
            backup.DB_PART[connection.vendor]
        )

    # The part names follow the vendor: a renamed part is what such an archive holds.
    with tarfile.open(archive, "r:gz") as tar:
        members = [(m, tar.extractfile(m).read()) for m in tar.getmembers()]
    renamed = tmp_path / "renamed.tar.gz"
    with gzip.open(renamed, "wb") as gz, tarfile.open(fileobj=gz, mode="w") as out:
        for member, content in members:
            if member.name == backup.DB_PART[connection.vendor]:
                member.name = backup.DB_PART[other]
            out.addfile(member, io.BytesIO(content))
    foreign = repack(renamed, tmp_path / "foreign.tar.gz", other_vendor)
    archive_vendor, target_vendor = (
        ("SQLite", "PostgreSQL") if ON_POSTGRES else ("PostgreSQL", "SQLite")
    )
    with pytest.raises(
        CommandError,
        match=f"chỉ khôi phục được vào {archive_vendor}, không vào {target_vendor}",
    ):
        restore(foreign, target)

    def newer(manifest: dict) -> None:
        manifest["migrations"]["households"].append("9999_from_the_future")

    future = repack(archive, tmp_path / "future.tar.gz", newer)
    with pytest.raises(CommandError, match="phiên bản mới hơn"):
        restore(future, target)
    assert backup.database_objects(target) == 0
    assert not Path(settings.MEDIA_ROOT).exists()


def test_retention_keeps_the_newest(data, settings, tmp_path):
    dest = tmp_path / "backups"
    dest.mkdir()
    (dest / "notes.txt").write_text("not an archive")
    made = [make_backup(dest, "--keep", "5") for _ in range(3)]
    assert sorted(made) == made  # names sort by time
    settings.BACKUP_KEEP = 2
    settings.BACKUP_DIR = str(dest)
    out = io.StringIO()
    call_command("backup", stdout=out)
    remaining = sorted(dest.glob("*.tar.gz"))
    assert len(remaining) == 2
    assert remaining[0] == made[2]
    assert made[0].name in out.getvalue() and made[1].name in out.getvalue()
    assert (dest / "notes.txt").exists()
    assert not [p for p in dest.iterdir() if p.name.startswith(".backup-")]


@pytest.mark.django_db(transaction=False)
def test_keep_below_one_is_refused(db, tmp_path):
    with pytest.raises(CommandError, match="từ 1 trở lên"):
        call_command("backup", "--dest", str(tmp_path), "--keep", "0")
    assert not list(tmp_path.glob("*.tar.gz"))


def test_blank_database_is_not_backed_up(blank_database, tmp_path):
    with pytest.raises(CommandError, match="không có bảng nào"):
        call_command("backup", "--dest", str(tmp_path), "--database", blank_database())
    assert not list(tmp_path.glob("*.tar.gz"))
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".backup-")]


@pytest.mark.django_db(transaction=False)
def test_missing_file_is_refused(db, tmp_path):
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        restore(tmp_path / "none.tar.gz", "default")
