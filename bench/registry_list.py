#!/usr/bin/env python
"""Time the registry list page on a database seeded by ``bench/seed_province.py``.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tannkhai_bench \\
        .venv/bin/python bench/registry_list.py \\
        --baseline-url postgres://postgres@127.0.0.1:5432/tannkhai_bench_small

Logs in with the Django test client as an admin (whole province), an officer (one
commune) and a quarter head (one quarter), requests ``/ho-gia-dinh/`` unfiltered,
filtered by commune and by quarter, sorted by code, at page 50 and with four searches
(the administrator's name search also within the commune), and prints the median and
p95 over ``--runs`` requests plus the queries per page. On PostgreSQL the whole round is
repeated ``--analyze-rounds`` times with an ``ANALYZE`` before each (a new sample, so
possibly new plans) and every row shows the worst median and p95 of the rounds. With
``--baseline-url`` the same is measured on a small database (seeded with
``--baseline-households`` if empty) and the ratios are printed. On PostgreSQL the
search queries are EXPLAINed after each ANALYZE and the script says whether
``hh_commune_search_trgm`` is used and how.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
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
RESULT_COUNT = re.compile(r'id="result-count">(.*?)</p>', re.S)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--runs", type=int, default=10)
    p.add_argument("--baseline-url", help="DATABASE_URL of a small database to compare with")
    p.add_argument("--baseline-households", type=int, default=10_000)
    p.add_argument("--json", help="write the measurements to this file")
    p.add_argument("--no-explain", action="store_true")
    p.add_argument(
        "--analyze-rounds",
        type=int,
        default=3,
        help="rounds, each after a fresh ANALYZE (PostgreSQL); the worst round is shown",
    )
    return p.parse_args(argv)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def bench_users() -> dict[str, Any]:
    from households.models import Area
    from tannkhai.models import Role, User

    commune = Area.objects.get(code=COMMUNE_CODE)
    quarter = Area.objects.get(code=QUARTER_CODE)
    specs = {
        "admin": ("bench_admin", Role.ADMIN, []),
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


def cases(quarter_id: int, commune_id: int, citizen_id: str, code: str) -> list[tuple[str, str]]:
    return [
        ("unfiltered", "/ho-gia-dinh/"),
        ("by commune", f"/ho-gia-dinh/?commune={commune_id}"),
        ("by quarter", f"/ho-gia-dinh/?quarter={quarter_id}"),
        ("sort=code", "/ho-gia-dinh/?sort=code"),
        ("page 50", "/ho-gia-dinh/?page=50"),
        ("q=nguyen van an", "/ho-gia-dinh/?q=nguyen+van+an"),
        ("q=nguyen van an+c", f"/ho-gia-dinh/?q=nguyen+van+an&commune={commune_id}"),
        ("q=thi", "/ho-gia-dinh/?q=thi"),
        ("q=citizen ID", f"/ho-gia-dinh/?q={citizen_id}"),
        ("q=household code", f"/ho-gia-dinh/?q={code}"),
    ]


def measure(runs: int) -> dict[str, Any]:
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from households.models import Area, Household, Member

    users = bench_users()
    quarter = Area.objects.get(code=QUARTER_CODE)
    member = (
        Member.objects.filter(household__quarter=quarter, is_active=True)
        .exclude(citizen_id="")
        .order_by("pk")
        .first()
    )
    household = Household.objects.filter(quarter=quarter).order_by("pk").first()
    if member is None or household is None:
        sys.exit("The bench quarter has no households: run bench/seed_province.py first.")
    results: dict[str, Any] = {
        "database": connection.settings_dict["NAME"],
        "vendor": connection.vendor,
        "households": Household.objects.count(),
        "members": Member.objects.count(),
        "rows": [],
    }
    for role, user in users.items():
        client = Client()
        client.force_login(user, backend=BACKEND)
        commune_id = quarter.parent_id or 0
        for name, url in cases(quarter.pk, commune_id, member.citizen_id, household.code):
            response = client.get(url)  # warm-up (and the status check)
            if response.status_code != 200:
                sys.exit(f"{role} {url}: HTTP {response.status_code}")
            reset_queries()  # DEBUG keeps a bounded log; a full one would count 0
            with CaptureQueriesContext(connection) as ctx:
                client.get(url)
            timings = []
            for _ in range(runs):
                reset_queries()
                t = time.perf_counter()
                client.get(url)
                timings.append((time.perf_counter() - t) * 1000)
            found = RESULT_COUNT.search(response.content.decode())
            results["rows"].append(
                {
                    "role": role,
                    "case": name,
                    "url": url,
                    "median_ms": statistics.median(timings),
                    "p95_ms": percentile(timings, 0.95),
                    "queries": len(ctx.captured_queries),
                    "result": " ".join(re.sub(r"<[^>]+>", "", found.group(1)).split())
                    if found
                    else "?",
                }
            )
    return results


def worst(results: dict[str, Any], measured: dict[str, Any]) -> None:
    """Keep, for each row, the worst median and p95 of the rounds so far."""
    rows = {(r["role"], r["case"]): r for r in measured["rows"]}
    for row in results["rows"]:
        other = rows[(row["role"], row["case"])]
        row["median_ms"] = max(row["median_ms"], other["median_ms"])
        row["p95_ms"] = max(row["p95_ms"], other["p95_ms"])
        row["queries"] = max(row["queries"], other["queries"])


def explain_search() -> list[str]:
    """EXPLAIN ANALYZE the list queries (count and page 1) as the list view builds them."""
    from django.conf import settings
    from django.db import connection

    from households import selectors
    from households.area_filter import area_filter
    from households.filters import HouseholdFilter
    from households.models import Member

    if connection.vendor != "postgresql":
        return ["EXPLAIN skipped: not PostgreSQL (the trigram index exists only there)."]
    from tannkhai.models import User

    citizen_id = (
        Member.objects.filter(household__quarter__code=QUARTER_CODE, is_active=True)
        .exclude(citizen_id="")
        .order_by("pk")
        .values_list("citizen_id", flat=True)
        .first()
    )
    commune_id = str(
        Member.objects.filter(household__quarter__code=QUARTER_CODE)
        .values_list("household__commune_id", flat=True)
        .first()
    )
    plans: list[tuple[str, dict[str, str]]] = [
        ("bench_admin", {"q": "nguyen van an", "commune": commune_id}),
        ("bench_admin", {"q": "thi", "commune": commune_id}),
        ("bench_admin", {"q": citizen_id or ""}),
        ("bench_admin", {}),
        ("bench_officer", {"q": "nguyen van an"}),
        ("bench_officer", {"q": "thi"}),
        ("bench_quarter", {"q": "nguyen van an"}),
    ]
    lines = []
    for username, data in plans:
        user = User.objects.get(username=username)
        base = selectors.households_visible_to(user).select_related("quarter")
        area = area_filter(user, data)
        qs = HouseholdFilter(data, queryset=base, area=area, viewer=user).qs
        count_qs = qs.order_by().values("pk")[: settings.REGISTRY_COUNT_CAP + 1]
        for label, sub in (("count", count_qs), ("page 1", qs[: settings.REGISTRY_PAGE_SIZE])):
            plan = sub.explain(analyze=True)
            used = "hh_commune_search_trgm" in plan
            how = ""
            if used:
                cond = re.search(r"Index Cond: (.*)", plan.split("hh_commune_search_trgm", 1)[1])
                how = " with the commune" if cond and "commune_id" in cond.group(1) else " (text)"
            took = plan.strip().splitlines()[-1].strip()
            lines.append(
                f"--- {username} {data or 'unfiltered'} {label}: "
                f"hh_commune_search_trgm {'USED' + how if used else 'not used'}; {took}"
            )
            lines.extend("    " + line for line in plan.splitlines())
    return lines


def print_table(results: dict[str, Any], baseline: dict[str, Any] | None) -> None:
    print(
        f"\nDatabase {results['database']} ({results['vendor']}): "
        f"{results['households']:,} households, {results['members']:,} members"
    )
    if baseline:
        print(
            f"Baseline {baseline['database']}: {baseline['households']:,} households "
            f"(ratio = this median / baseline median, same role and case)"
        )
    base_rows = {(r["role"], r["case"]): r for r in (baseline or {}).get("rows", [])}
    print(f"Worst of {results.get('rounds', 1)} round(s), each after ANALYZE")
    header = f"{'role':<13}{'case':<20}{'median ms':>10}{'p95 ms':>9}{'queries':>8}"
    if baseline:
        header += f"{'base ms':>9}{'ratio':>7}"
    header += "  result line"
    print(header)
    for r in results["rows"]:
        line = (
            f"{r['role']:<13}{r['case']:<20}{r['median_ms']:>10.1f}{r['p95_ms']:>9.1f}"
            f"{r['queries']:>8}"
        )
        b = base_rows.get((r["role"], r["case"]))
        if b:
            line += f"{b['median_ms']:>9.1f}{r['median_ms'] / b['median_ms']:>7.1f}"
        elif baseline:
            line += " " * 16
        print(f"{line}  {r['result']}")


def run_baseline(args: argparse.Namespace) -> dict[str, Any]:
    """Measure the baseline database in a child process (Django has one DATABASES)."""
    env = {**os.environ, "DATABASE_URL": args.baseline_url}
    py = sys.executable
    probe = subprocess.run(
        [py, __file__, "--runs", "1", "--no-explain", "--json", os.devnull],
        env=env,
        capture_output=True,
        text=True,
    )
    if probe.returncode != 0:
        print(f"Seeding the baseline database with {args.baseline_households:,} households…")
        subprocess.run(
            [
                py,
                str(ROOT / "bench" / "seed_province.py"),
                "--households",
                str(args.baseline_households),
                "--reset",
            ],
            env=env,
            check=True,
        )
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as tmp:
        out = tmp.name
    subprocess.run(
        [
            py,
            __file__,
            "--runs",
            str(args.runs),
            "--analyze-rounds",
            str(args.analyze_rounds),
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


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    import django

    django.setup()
    from django.db import connection

    rounds = max(1, args.analyze_rounds) if connection.vendor == "postgresql" else 1
    results: dict[str, Any] = {}
    plans: list[str] = []
    for n in range(rounds):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        measured = measure(args.runs)
        if not results:
            results = measured
        else:
            worst(results, measured)
        if not args.no_explain:
            plans = explain_search()
            print(f"Round {n + 1} of {rounds} (after ANALYZE):", file=sys.stderr)
            for line in plans:
                if line.startswith("---"):
                    print("  " + line, file=sys.stderr)
    results["rounds"] = rounds
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, ensure_ascii=False))
    baseline = run_baseline(args) if args.baseline_url else None
    if args.json and args.json == os.devnull:
        return 0
    print_table(results, baseline)
    if not args.no_explain:
        print("\nEXPLAIN ANALYZE of the registry searches (last round):")
        for line in plans:
            print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
