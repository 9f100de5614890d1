"""Excel import of households: preview + confirm against a bare ``bulk_create``.

Generates a file of ``--households`` households (default 10,000) of ``--members``
members each (default 4: 40,000 rows), then in the same run and database:

1. the baseline: the same households and members through a bare ``bulk_create`` (no
   file, no checks, no history), rolled back;
2. the import as a user runs it: upload + preview (read the file, plan every row) and
   confirm (plan again in the transaction, write with history and search fields).

Prints both, the parts, and the ratio (import / baseline). The database is the one of
``DATABASE_URL`` (created if missing on PostgreSQL); a SQLite file by default::

    .venv/bin/python bench/imports.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/imports_bench .venv/bin/python bench/imports.py
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tannkhai.settings")
os.environ.setdefault(
    "DATABASE_URL", f"sqlite:///{Path(tempfile.gettempdir()) / 'tannkhai-imports-bench.sqlite3'}"
)
os.environ.setdefault("MEDIA_ROOT", str(Path(tempfile.gettempdir()) / "tannkhai-imports-media"))

HEADERS = [
    "Mã hộ",
    "Họ và tên",
    "Quan hệ với chủ hộ",
    "Giới tính",
    "Ngày sinh",
    "Dân tộc",
    "Số CCCD",
    "Khu phố",
    "Địa chỉ",
    "Số điện thoại",
    "Có thẻ BHYT",
    "Trình độ học vấn",
    "Trình độ chuyên môn",
    "Tình trạng việc làm",
    "Khuyết tật",
]
RELATIONS = ["Chủ hộ", "Vợ / chồng", "Con", "Con", "Cha / mẹ", "Cháu"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"]
GIVEN = ["Văn An", "Thị Bình", "Minh Châu", "Quốc Dũng", "Thị Hoa", "Văn Khôi"]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=10_000)
    parser.add_argument("--members", type=int, default=4)
    parser.add_argument("--quarters", type=int, default=10)
    return parser.parse_args()


def ensure_database() -> None:
    """Create the PostgreSQL database if missing, with ``seed_province.py``'s helper
    (loaded from its file: the bench scripts are scripts, not a package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "seed_province", ROOT / "bench" / "seed_province.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.ensure_database(os.environ["DATABASE_URL"], reset=False)


def citizen_id(serial: int, year: int, female: bool) -> str:
    century_digit = (0 if year < 2000 else 2) + (1 if female else 0)
    return f"070{century_digit}{year % 100:02d}{serial:06d}"


def build_rows(n_households: int, n_members: int, quarters: list[str]) -> list[list[Any]]:
    rows: list[list[Any]] = []
    serial = 0
    for h in range(n_households):
        code = f"BI-{h:06d}"
        quarter = quarters[h % len(quarters)]
        for m in range(n_members):
            serial += 1
            female = m % 2 == 1
            year = 1960 + (h + m * 7) % 55
            rows.append(
                [
                    code,
                    f"{FAMILY[h % len(FAMILY)]} {GIVEN[(h + m) % len(GIVEN)]}",
                    RELATIONS[m % len(RELATIONS)],
                    "Nữ" if female else "Nam",
                    f"{1 + serial % 28:02d}/{1 + serial % 12:02d}/{year}",
                    "Kinh",
                    citizen_id(serial, year, female),
                    quarter,
                    f"{h % 300} đường số {h % 17}",
                    f"09{h:08d}" if m == 0 else None,
                    "x" if m % 3 else "Không",
                    "Trung học cơ sở",
                    "Chưa qua đào tạo",
                    "Tự làm, sản xuất nông nghiệp, kinh doanh",
                    "Không",
                ]
            )
    return rows


def setup(n_quarters: int) -> tuple[Any, list[Any]]:
    from django.core.management import call_command

    from households.models import Area, Ethnicity, Household, Member
    from tannkhai.models import Role, User

    call_command("migrate", verbosity=0)
    province, _ = Area.objects.get_or_create(
        code="BI", defaults={"name": "Tỉnh thử nhập", "kind": Area.Kind.PROVINCE}
    )
    commune, _ = Area.objects.get_or_create(
        code="BI.X", defaults={"name": "Xã thử nhập", "kind": Area.Kind.COMMUNE, "parent": province}
    )
    quarters = [
        Area.objects.get_or_create(
            code=f"BI.X.KP{i:02d}",
            defaults={"name": f"Khu phố {i}", "kind": Area.Kind.QUARTER, "parent": commune},
        )[0]
        for i in range(1, n_quarters + 1)
    ]
    user, _ = User.objects.get_or_create(
        username="bench_import", defaults={"role": Role.OFFICER, "full_name": "Bench"}
    )
    user.areas.set([commune])
    # A clean start: the bench commune's households from an earlier run are removed.
    old = Household.objects.filter(commune=commune)
    Household.objects.filter(pk__in=old.values("pk")).update(head=None)
    Member.history.filter(household_id__in=old.values("pk")).delete()  # type: ignore[attr-defined]
    Household.history.filter(commune=commune).delete()  # type: ignore[attr-defined]
    Member.objects.filter(household__in=old).delete()
    old.delete()
    if not Ethnicity.objects.exists():
        Ethnicity.objects.create(code="01", name="Kinh", is_minority=False)
    return user, quarters


def baseline(rows: list[list[Any]], quarters: list[Any]) -> float:
    """The same households and members through a bare bulk_create, rolled back."""
    import datetime as dt

    from django.db import transaction

    from households.models import Ethnicity, Household, Member

    kinh = Ethnicity.objects.get(name="Kinh")
    by_name = {q.name: q for q in quarters}
    sex = {"Nam": "male", "Nữ": "female"}
    started = time.perf_counter()
    with transaction.atomic():
        households: dict[str, Household] = {}
        for r in rows:
            if r[0] not in households:
                q = by_name[r[7]]
                households[r[0]] = Household(
                    commune_id=q.parent_id, quarter=q, code=r[0], address=r[8], phone=r[9] or ""
                )
        Household.objects.bulk_create(households.values(), batch_size=1000)
        members = []
        for r in rows:
            day, month, year = (int(x) for x in r[4].split("/"))
            members.append(
                Member(
                    household=households[r[0]],
                    full_name=r[1],
                    relation_to_head="head" if r[2] == "Chủ hộ" else "other",
                    sex=sex[r[3]],
                    date_of_birth=dt.date(year, month, day),
                    birth_year=year,
                    ethnicity=kinh,
                    citizen_id=r[6],
                    has_health_insurance=r[10] == "x",
                )
            )
        Member.objects.bulk_create(members, batch_size=1000)
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    return elapsed


def main() -> None:
    args = parse_args()
    ensure_database()
    import django

    django.setup()
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection

    from households.imports import engine
    from households.models import Household, Member
    from tannkhai import xlsx

    settings.DEBUG = False  # no query log: it is not part of the import
    settings.IMPORT_BACKGROUND_ROWS = 10**9  # in this process: no worker
    settings.IMPORT_MAX_ROWS = 10**6
    user, quarters = setup(args.quarters)
    rows = build_rows(args.households, args.members, [q.name for q in quarters])
    stream = io.BytesIO()
    xlsx.bare_write_only([HEADERS, *rows], stream)
    data = stream.getvalue()
    print(
        f"{connection.vendor}: {args.households:,} households, {len(rows):,} rows, "
        f"file {len(data) / 1e6:.1f} MB"
    )

    base = baseline(rows, quarters)
    started = time.perf_counter()
    table = engine.read(engine.importer_for("households"), data)
    reading = time.perf_counter() - started
    del table

    started = time.perf_counter()
    batch = engine.upload(user=user, kind="households", file=SimpleUploadedFile("bench.xlsx", data))
    preview = time.perf_counter() - started
    assert batch.status == "previewed", (batch.status, batch.error)
    assert batch.new_count == len(rows), (batch.new_count, batch.rejected_count, batch.preview[:3])
    started = time.perf_counter()
    batch = engine.confirm(user=user, batch=batch, mode="all")
    confirm = time.perf_counter() - started
    assert batch.status == "done", (batch.status, batch.error)
    assert Member.objects.filter(household__code__startswith="BI-").count() == len(rows)
    histories = Member.history.filter(history_change_reason__contains=batch.short_id).count()  # type: ignore[attr-defined]
    assert histories == len(rows)
    sample = Household.objects.get(code="BI-000001")
    assert sample.member_count == args.members and sample.head_name

    started = time.perf_counter()
    again = engine.upload(user=user, kind="households", file=SimpleUploadedFile("bench.xlsx", data))
    second = time.perf_counter() - started
    assert again.unchanged_count == len(rows), (again.unchanged_count, again.preview[:3])

    total = preview + confirm
    print(f"baseline bulk_create (households + members): {base:7.2f} s")
    print(f"import preview (upload, read, plan):          {preview:7.2f} s")
    print(f"  of which reading the file:                  {reading:7.2f} s")
    print(f"import confirm (plan again, write, history):  {confirm:7.2f} s")
    print(f"import preview + confirm:                     {total:7.2f} s")
    print(f"ratio (preview + confirm) / baseline:         {total / base:7.2f}")
    print(f"second upload of the same file (all unchanged): {second:5.2f} s")


if __name__ == "__main__":
    main()
