#!/usr/bin/env python
"""Time the program dashboard (``/chuong-trinh/``) on a database seeded by ``seed_province.py``.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tannkhai_bench \\
        .venv/bin/python bench/dashboard.py \\
        --baseline-url postgres://postgres@127.0.0.1:5432/tannkhai_bench_small \\
        --commune-baseline-url postgres://postgres@127.0.0.1:5432/tannkhai_bench_commune

Runs ``manage.py load_plan --commune <--commune>`` (idempotent), adds job placements
and training enrolments for that commune for 2022 to 2025 (``--placements`` and
``--enrolments`` a year, plain ``bulk_create``, no history rows) unless the commune
has some already, and requests ``/chuong-trinh/?program=<pk>&year=<--year>`` as an
admin, a leader and an officer of the commune and a quarter head of ``--quarter``.
Prints the median and p95 over ``--runs`` requests, the queries per page and the
slowest queries of one request.

Baselines, measured the same way in a child process (same plan and records):
``--baseline-url`` a small province (``--baseline-households`` in 100 communes, as
for ``registry_list.py``), ``--commune-baseline-url`` a database holding only the
bench commune (``--baseline-households`` in 1 commune, the size of one commune of
the big database). Each is seeded with ``seed_province.py --reset`` if it lacks
``--quarter``. On PostgreSQL the heaviest dashboard queries are EXPLAINed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tannkhai.settings")
os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1"

BACKEND = "django.contrib.auth.backends.ModelBackend"
COMMUNE_CODE = "75.X001"
QUARTER_CODE = "75.X001.KP01"
RECORD_YEARS = range(2022, 2026)
KINDS = (["industrial_park", "local", "self_employed", "labour_export"], [45, 30, 15, 10])
CHANNELS = ["job_fair", "consultation", "consultation", "other"]
OCCUPATIONS = ["May công nghiệp", "Điện dân dụng", "Sửa chữa xe máy", "Cạo mủ cao su", "Hàn"]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--runs", type=int, default=10)
    p.add_argument("--year", type=int, default=2025)
    p.add_argument("--commune", default=COMMUNE_CODE)
    p.add_argument("--quarter", default=QUARTER_CODE, help="a quarter of --commune")
    p.add_argument("--placements", type=int, default=500, help="job placements a year")
    p.add_argument("--enrolments", type=int, default=150, help="training enrolments a year")
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument(
        "--baseline-url", help="DATABASE_URL of a small province (100 communes) to compare with"
    )
    p.add_argument(
        "--commune-baseline-url",
        help="DATABASE_URL of a database holding only one commune, to compare with",
    )
    p.add_argument("--baseline-households", type=int, default=10_000)
    p.add_argument("--json", help="write the measurements to this file")
    p.add_argument("--no-explain", action="store_true")
    return p.parse_args(argv)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def load_plan(commune_code: str) -> Any:
    """``manage.py load_plan --commune`` (idempotent) and the commune's program."""
    from django.core.management import call_command

    from targets.models import Program

    call_command("load_plan", commune=commune_code, stdout=sys.stderr)
    program = Program.objects.filter(commune__code=commune_code).order_by("-start_year").first()
    if program is None:
        sys.exit(f"load_plan made no program for {commune_code}.")
    return program


def seed_records(args: argparse.Namespace, commune: Any) -> tuple[int, int, bool]:
    """Placements and enrolments of the commune for 2022–2025, unless it has some."""
    from django.db import connection, transaction

    from households.models import Area, Household, Member
    from targets.models import IndustrialPark, JobPlacement, TrainingEnrolment

    existing = (
        JobPlacement.objects.filter(commune=commune).count(),
        TrainingEnrolment.objects.filter(commune=commune).count(),
    )
    if existing[0] or existing[1]:
        return existing[0], existing[1], False
    rng = random.Random(args.seed)
    # 70 % of the workers come from the registry (working age, active households),
    # the rest are described by name, birth year and quarter, as in targets/demo.py.
    workers = list(
        Member.objects.filter(
            is_active=True,
            household__commune=commune,
            household__status=Household.Status.ACTIVE,
            birth_year__range=(1971, 2007),
        )
        .order_by("pk")
        .values_list(
            "pk",
            "household_id",
            "full_name",
            "birth_year",
            "household__quarter_id",
            "household__poverty_status",
        )
    )
    quarters = list(
        Area.objects.filter(parent=commune, kind=Area.Kind.QUARTER).values_list("pk", flat=True)
    )
    parks = list(IndustrialPark.objects.values_list("pk", flat=True))

    def who() -> dict[str, Any]:
        if workers and rng.random() < 0.7:
            pk, household_id, name, birth_year, quarter_id, status = rng.choice(workers)
            return {
                "member_id": pk,
                "household_id": household_id,
                "worker_name": name,
                "birth_year": birth_year,
                "quarter_id": quarter_id,
                "household_status": status,
            }
        return {
            "worker_name": rng.choice(["Nguyễn Văn Hòa", "Trần Thị Lan", "Điểu Minh Tuấn"]),
            "birth_year": rng.randint(1975, 2006),
            "quarter_id": rng.choice(quarters),
            "household_status": "",
        }

    def day(year: int) -> dt.date:
        return dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, 364))

    placements, enrolments = [], []
    for year in RECORD_YEARS:
        for _ in range(round(args.placements * rng.uniform(0.95, 1.05))):
            kind = rng.choices(*KINDS)[0]
            placements.append(
                JobPlacement(
                    commune=commune,
                    placed_on=day(year),
                    kind=kind,
                    industrial_park_id=rng.choice(parks)
                    if kind == "industrial_park" and parks
                    else None,
                    employer="Công ty TNHH Bench",
                    channel=rng.choice(CHANNELS),
                    **who(),
                )
            )
        for _ in range(round(args.enrolments * rng.uniform(0.95, 1.05))):
            start = day(year)
            enrolments.append(
                TrainingEnrolment(
                    commune=commune,
                    occupation=rng.choice(OCCUPATIONS),
                    course="Sơ cấp, 3 tháng",
                    start_date=start,
                    end_date=start + dt.timedelta(days=90),
                    completed=True,
                    employed_after=rng.random() < 0.7,
                    **who(),
                )
            )
    with transaction.atomic():
        JobPlacement.objects.bulk_create(placements, batch_size=1000)
        TrainingEnrolment.objects.bulk_create(enrolments, batch_size=1000)
    if connection.vendor == "postgresql":  # planner statistics, as autovacuum would
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE targets_jobplacement, targets_trainingenrolment")
    return len(placements), len(enrolments), True


def bench_users(commune: Any, quarter: Any) -> dict[str, Any]:
    from tannkhai.models import Role, User

    specs = {
        "admin": ("bench_admin", Role.ADMIN, []),
        "leader": ("bench_leader", Role.LEADER, [commune]),
        "officer": ("bench_officer", Role.OFFICER, [commune]),
        "quarter_head": ("bench_quarter", Role.QUARTER_HEAD, [quarter]),
    }
    users = {}
    for key, (username, role, areas) in specs.items():
        user, _ = User.objects.get_or_create(
            username=username, defaults={"role": role, "full_name": f"Bench {key}"}
        )
        user.areas.set(areas)
        users[key] = user
    return users


def measure(args: argparse.Namespace) -> dict[str, Any]:
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from households.models import Area, Household
    from households.reviews.models import Review
    from targets.models import JobPlacement, TrainingEnrolment

    program = load_plan(args.commune)
    commune = program.commune
    quarter = Area.objects.get(code=args.quarter, parent=commune)
    placements, enrolments, created = seed_records(args, commune)
    users = bench_users(commune, quarter)
    url = f"/chuong-trinh/?program={program.pk}&year={args.year}"
    results: dict[str, Any] = {
        "database": connection.settings_dict["NAME"],
        "vendor": connection.vendor,
        "households": Household.objects.count(),
        "commune_households": Household.objects.filter(commune=commune).count(),
        "quarter_households": Household.objects.filter(quarter=quarter).count(),
        "placements": placements,
        "enrolments": enrolments,
        "records_created": created,
        "placements_all": JobPlacement.objects.count(),
        "enrolments_all": TrainingEnrolment.objects.count(),
        "recognised_reviews": Review.objects.filter(status=Review.Status.RECOGNISED).count(),
        "program": str(program),
        "indicators": program.indicators.count(),
        "url": url,
        "rows": [],
    }
    for role, user in users.items():
        client = Client()
        client.force_login(user, backend=BACKEND)
        response = client.get(url)  # warm-up (and the status check)
        if response.status_code != 200:
            sys.exit(f"{role} {url}: HTTP {response.status_code}")
        reset_queries()  # DEBUG keeps a bounded log; a full one would count 0
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        timings = []
        for _ in range(args.runs):
            reset_queries()
            t = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - t) * 1000)
        slowest = sorted(ctx.captured_queries, key=lambda q: float(q["time"]), reverse=True)
        results["rows"].append(
            {
                "role": role,
                "scope": args.quarter if role == "quarter_head" else args.commune,
                "median_ms": statistics.median(timings),
                "p95_ms": percentile(timings, 0.95),
                "queries": len(ctx.captured_queries),
                "sql_ms": sum(float(q["time"]) for q in ctx.captured_queries) * 1000,
                "slowest": [{"ms": float(q["time"]) * 1000, "sql": q["sql"]} for q in slowest[:3]],
            }
        )
    return results


def explain_dashboard(args: argparse.Namespace) -> list[str]:
    """EXPLAIN ANALYZE of the dashboard's registry queries for the officer and quarter head."""
    from django.db import connection
    from django.db.models import Count

    from households.models import Area, Household, Member
    from tannkhai.models import User
    from targets import selectors as sel
    from targets.models import Program

    if connection.vendor != "postgresql":
        return ["EXPLAIN skipped: not PostgreSQL."]
    program = Program.objects.filter(commune__code=args.commune).order_by("-start_year").first()
    assert program is not None
    quarter = Area.objects.get(code=args.quarter)
    lines = []
    for username, area in (("bench_officer", None), ("bench_quarter", quarter)):
        scope = sel.Scope.of(
            user=User.objects.get(username=username), program=program, quarter=area
        )
        active = scope.households().filter(status=Household.Status.ACTIVE)
        members = Member.objects.filter(is_active=True, household__in=active.values("pk"))
        queries = {
            "residents(2025)": scope.households()
            .filter(status=Household.Status.ACTIVE)
            .values("pk"),
            "trained_share members": members.filter(employment_status__in=sel.EMPLOYED).values(
                "pk"
            ),
            "jobs by year": scope.placements()
            .filter(placed_on__range=(dt.date(2021, 1, 1), dt.date(2025, 12, 31)))
            .values("placed_on__year")
            .annotate(n=Count("pk")),
        }
        for label, qs in queries.items():
            plan = qs.explain(analyze=True)
            took = plan.strip().splitlines()[-1].strip()
            lines.append(f"--- {username} {label}: {took}")
            lines.extend("    " + line for line in plan.splitlines())
    return lines


def run_baseline(args: argparse.Namespace, url: str, communes: int) -> dict[str, Any]:
    """Measure a baseline database in a child process (Django has one DATABASES)."""
    env = {**os.environ, "DATABASE_URL": url}
    py = sys.executable
    check = f"from households.models import Area; assert Area.objects.filter(code={args.quarter!r})"
    probe = subprocess.run(
        [py, str(ROOT / "manage.py"), "shell", "-c", check + ".exists()"],
        env=env,
        capture_output=True,
        text=True,
    )
    if probe.returncode != 0:
        print(
            f"Seeding {url} with {args.baseline_households:,} households in {communes} commune(s)…",
            file=sys.stderr,
        )
        subprocess.run(
            [
                py,
                str(ROOT / "bench" / "seed_province.py"),
                "--households",
                str(args.baseline_households),
                "--communes",
                str(communes),
                "--reset",
            ],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as tmp:
        out = tmp.name
    subprocess.run(
        [
            py,
            __file__,
            "--runs",
            str(args.runs),
            "--year",
            str(args.year),
            "--commune",
            args.commune,
            "--quarter",
            args.quarter,
            "--placements",
            str(args.placements),
            "--enrolments",
            str(args.enrolments),
            "--seed",
            str(args.seed),
            "--no-explain",
            "--json",
            out,
        ],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    data: dict[str, Any] = json.loads(Path(out).read_text())
    Path(out).unlink()
    return data


def describe(r: dict[str, Any]) -> str:
    return (
        f"{r['database']} ({r['vendor']}): {r['households']:,} households, "
        f"commune {r['commune_households']:,}, quarter {r['quarter_households']:,}; "
        f"{r['placements']:,} placements and {r['enrolments']:,} enrolments in the commune"
    )


def print_report(results: dict[str, Any], baselines: dict[str, dict[str, Any]]) -> None:
    r = results
    print(f"\nDatabase {describe(r)}")
    if r["records_created"]:
        print("  (placements and enrolments created by this run)")
    print(f"Program: {r['program']}, {r['indicators']} indicators")
    print(
        f"Recognised reviews in the database: {r['recognised_reviews']:,}"
        + (" (the poverty-rate rows short-circuit)" if not r["recognised_reviews"] else "")
    )
    print(f"URL: {r['url']}")
    for label, b in baselines.items():
        print(f"Baseline {label}: {describe(b)}")
    if baselines:
        print("ratio = median here / baseline median, same role")
    header = f"{'role':<13}{'scope':<14}{'median ms':>10}{'p95 ms':>9}{'queries':>8}{'SQL ms':>8}"
    for label in baselines:
        header += f"{label + ' ms':>14}{'ratio':>7}"
    print(header)
    for row in r["rows"]:
        line = (
            f"{row['role']:<13}{row['scope']:<14}{row['median_ms']:>10.1f}{row['p95_ms']:>9.1f}"
            f"{row['queries']:>8}{row['sql_ms']:>8.1f}"
        )
        for b in baselines.values():
            base = next((x for x in b["rows"] if x["role"] == row["role"]), None)
            if base is None:
                line += " " * 21
                continue
            line += f"{base['median_ms']:>14.1f}{row['median_ms'] / base['median_ms']:>7.1f}"
        print(line)
    for label, b in baselines.items():
        counts = ", ".join(f"{x['role']} {x['queries']}" for x in b["rows"])
        print(f"queries on {label}: {counts}")
    print("\nSlowest queries of one request (ms as logged by Django, SQL shortened):")
    for row in r["rows"]:
        for q in row["slowest"]:
            sql = " ".join(q["sql"].split())
            print(f"  {row['role']:<13}{q['ms']:>7.1f}  {sql[:150]}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    import django

    django.setup()
    results = measure(args)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, ensure_ascii=False))
    baselines = {}
    if args.baseline_url:
        baselines["small"] = run_baseline(args, args.baseline_url, 100)
    if args.commune_baseline_url:
        baselines["commune"] = run_baseline(args, args.commune_baseline_url, 1)
    print_report(results, baselines)
    if not args.no_explain:
        print("\nEXPLAIN ANALYZE of the dashboard's registry queries:")
        for line in explain_dashboard(args):
            print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
