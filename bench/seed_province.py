#!/usr/bin/env python
"""Seed a province-scale registry for benchmarks, with the demo generator.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tannkhai_bench \\
        .venv/bin/python bench/seed_province.py --households 1000000

Creates the database if it is missing (PostgreSQL), runs the migrations, builds one
province with ``--communes`` communes of ``--quarters`` quarters each, and inserts the
households in batches, one transaction per batch. Without history rows by default
(``--history`` to write them as the app would). Prints households/s and members/s, a
baseline rate of the first ``--baseline`` households of the same run and the ratio.

Refuses SQLite above 50,000 households. ``--reset`` drops and recreates the database
(only a database whose name contains "bench") or, on SQLite, empties the registry.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tannkhai.settings")

SQLITE_LIMIT = 50_000
PROVINCE_CODE = "75"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--households", type=int, default=1_000_000)
    p.add_argument("--communes", type=int, default=100)
    p.add_argument("--quarters", type=int, default=10, help="quarters per commune")
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--batch", type=int, default=2000, help="households per transaction")
    p.add_argument("--baseline", type=int, default=10_000, help="households in the baseline")
    history = p.add_mutually_exclusive_group()
    history.add_argument(
        "--no-history",
        dest="history",
        action="store_false",
        help="no simple-history rows (default for the bench)",
    )
    history.add_argument("--history", dest="history", action="store_true")
    p.set_defaults(history=False)
    p.add_argument("--reset", action="store_true", help="drop and recreate the bench database")
    return p.parse_args(argv)


def ensure_database(url: str, *, reset: bool) -> None:
    """Create the PostgreSQL database of ``url`` if missing (drop it first on reset)."""
    import environ
    import psycopg
    from psycopg import sql
    from psycopg.conninfo import make_conninfo

    config = environ.Env.db_url_config(url)
    if "postgresql" not in config["ENGINE"]:
        return
    name = config["NAME"]
    conninfo = {
        "dbname": "postgres",
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
    }
    dsn = make_conninfo(**{k: str(v) for k, v in conninfo.items() if v})
    with psycopg.connect(dsn, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and reset:
            if "bench" not in name:
                sys.exit(f"--reset refused: database {name!r} is not a bench database.")
            print(f"Dropping database {name} (--reset)…")
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
            exists = None
        if not exists:
            print(f"Creating database {name}…")
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def build_areas(n_communes: int, n_quarters: int, rng: random.Random) -> list[Any]:
    """One province, its communes and quarters; returns the QuarterSpecs."""
    from households.demo import QuarterSpec
    from households.models import Area

    K, S = Area.Kind, Area.SettlementType
    province, _ = Area.objects.get_or_create(
        code=PROVINCE_CODE, defaults={"name": "Tỉnh Đồng Nai", "kind": K.PROVINCE}
    )
    specs = []
    for c in range(1, n_communes + 1):
        urban = rng.random() < 0.25
        commune, _ = Area.objects.get_or_create(
            code=f"{PROVINCE_CODE}.X{c:03d}",
            defaults={
                "name": f"{'Phường' if urban else 'Xã'} Thử nghiệm {c:03d}",
                "kind": K.COMMUNE,
                "settlement_type": S.URBAN if urban else S.RURAL,
                "parent": province,
            },
        )
        for q in range(1, n_quarters + 1):
            quarter, _ = Area.objects.get_or_create(
                code=f"{commune.code}.KP{q:02d}",
                defaults={
                    "name": f"{'Khu phố' if urban else 'Ấp'} {q}",
                    "kind": K.QUARTER,
                    "settlement_type": commune.settlement_type,
                    "parent": commune,
                },
            )
            specs.append(
                QuarterSpec(
                    quarter=quarter,
                    commune=commune,
                    code_prefix=f"KP{q:02d}",
                    weight=rng.uniform(0.5, 1.5),
                    minority_share=rng.choice((0.02, 0.05, 0.08, 0.12, 0.25)),
                    groups=rng.randint(6, 14),
                )
            )
    return specs


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    url = os.environ.get("DATABASE_URL")
    if not url:
        sys.exit("Set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/tannkhai_bench).")
    if url.startswith("sqlite") and args.households > SQLITE_LIMIT:
        sys.exit(f"Refused: more than {SQLITE_LIMIT:,} households on SQLite; use PostgreSQL.")
    ensure_database(url, reset=args.reset)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from households import demo
    from households.models import Household, Member

    print(f"Database: {connection.vendor} {connection.settings_dict['NAME']}")
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"Migrations: {time.perf_counter() - t0:.1f} s")

    if Household.objects.exists():
        if not args.reset:
            sys.exit("The database already has households; use --reset to start again.")
        with transaction.atomic():
            Household.objects.update(head=None, merged_into=None)
            for qs in (Member.history.all(), Member.objects.all(), Household.history.all()):
                qs._raw_delete(qs.db)
            Household.objects.all()._raw_delete(Household.objects.db)

    rng = random.Random(args.seed)
    t0 = time.perf_counter()
    with transaction.atomic():
        specs = build_areas(args.communes, args.quarters, rng)
    print(
        f"Areas: {len(specs):,} quarters in {args.communes} communes "
        f"({time.perf_counter() - t0:.1f} s)"
    )
    print(
        "History rows: "
        + ("on (--history)" if args.history else "off (--no-history, the default for the bench)")
    )

    generator = demo.HouseholdGenerator(
        rng=rng, today=timezone.localdate(), ethnicities=demo.load_ethnicities()
    )
    counts = demo.distribute(args.households, specs)
    width = max(5, len(str(max(counts, default=0))))

    done_h = done_m = 0
    gen_s = db_s = 0.0
    baseline: tuple[int, int, float] | None = None
    tail_mark = int(args.households * 0.9)
    tail_start: tuple[int, int, float] | None = None
    started = time.perf_counter()
    next_report = 50_000
    batch: list[demo.GeneratedHousehold] = []
    stream = demo.iter_households(generator, specs, counts, code_width=width)

    def flush() -> None:
        nonlocal done_h, done_m, db_s, batch
        t = time.perf_counter()
        with transaction.atomic():
            h, m = demo.save_households(batch, history=args.history)
        db_s += time.perf_counter() - t
        done_h, done_m = done_h + h, done_m + m
        batch = []

    t = time.perf_counter()
    for generated in stream:
        batch.append(generated)
        if len(batch) >= args.batch:
            gen_s += time.perf_counter() - t
            if tail_start is None and done_h >= tail_mark:
                tail_start = (done_h, done_m, time.perf_counter())
            flush()
            if baseline is None and done_h >= args.baseline:
                baseline = (done_h, done_m, time.perf_counter() - started)
                h, _m, s = baseline
                print(f"  baseline: first {h:,} households in {s:.1f} s ({h / s:,.0f} hh/s)")
            if done_h >= next_report:
                s = time.perf_counter() - started
                print(
                    f"  {done_h:>9,} households {done_m:>10,} members  {s:7.1f} s  "
                    f"{done_h / s:,.0f} hh/s  (generate {gen_s:.0f} s, insert {db_s:.0f} s)",
                    flush=True,
                )
                next_report += 50_000
            t = time.perf_counter()
    gen_s += time.perf_counter() - t
    if batch:
        flush()
    elapsed = time.perf_counter() - started

    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        # VACUUM as well: a production server's autovacuum would have run by the time
        # anyone measures (this machine's PostgreSQL has autovacuum off). Without it every
        # index-only scan reads the heap and the first reads of each page write hint bits.
        cursor.execute("VACUUM (ANALYZE)")
    analyse_s = time.perf_counter() - t0

    print()
    print(f"Seeded {done_h:,} households and {done_m:,} members in {elapsed:.1f} s")
    print(
        f"  generate (Python) {gen_s:.1f} s, insert {db_s:.1f} s, VACUUM ANALYZE {analyse_s:.1f} s"
    )
    print(f"  households/s: {done_h / elapsed:,.0f}   members/s: {done_m / elapsed:,.0f}")
    if baseline:
        bh, bm, bs = baseline
        base_rate = bh / bs
        print(
            f"  baseline (first {bh:,}): {base_rate:,.0f} hh/s, {bm / bs:,.0f} members/s; "
            f"whole run / baseline = {done_h / elapsed / base_rate:.2f}"
        )
        if tail_start:
            th, _tm, ts = tail_start
            tail_rate = (done_h - th) / (started + elapsed - ts)
            print(
                f"  last 10 % ({done_h - th:,} households): {tail_rate:,.0f} hh/s; "
                f"last 10 % / baseline = {tail_rate / base_rate:.2f}"
            )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_size_pretty(pg_database_size(current_database())), "
                "pg_size_pretty(pg_total_relation_size('households_household')), "
                "pg_size_pretty(pg_total_relation_size('households_member')), "
                "pg_size_pretty(pg_relation_size('hh_commune_search_trgm'))"
            )
            db, hh, mem, trgm = cursor.fetchone()
        print(
            f"  sizes: database {db}, households {hh}, members {mem}, hh_commune_search_trgm {trgm}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
