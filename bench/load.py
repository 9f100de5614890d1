#!/usr/bin/env python
"""Load test: many users of every role at once against gunicorn and PostgreSQL (locust).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tannkhai_bench \\
        .venv/bin/python bench/load.py --users 50 --run-time 180 --runs 2

Prepares the database named in ``DATABASE_URL`` (a seeded province, see
``seed_province.py``): the bench users (administrator, leader and officer of commune
``--commune``, quarter head of ``--quarter``, an organisation member), the commune's plan
(``load_plan``) with the placements and enrolments that ``dashboard.py`` adds, and a
periodic review campaign with 200 of the quarter's households so that surveys can be
saved. Each simulated user gets a session made for its bench user (no password). Starts
gunicorn with the deployment's ``deploy/gunicorn.conf.py`` and ``--workers`` workers on
127.0.0.1:``--port`` (DEBUG off), then runs locust headless from this same file: first
one user alone, each role in turn for ``--single-seconds``, then ``--users`` users arriving at
``--spawn-rate`` a second, thinking ``--think`` seconds between requests, for
``--run-time`` seconds; the whole run ``--runs`` times with ``VACUUM (ANALYZE)`` before
each (autovacuum's work on a production server).
Every request goes to the loopback address only, and every run stops by itself.

Each user mixes the registry list (unfiltered and by quarter; the administrator's by
commune), searches typed without diacritics (a name, a code), household pages, survey
saves (officer, quarter head: the survey page, then the form posted back as a draft),
the program dashboard and a report download (the registry workbook of one quarter). An
organisation member (five households of the quarter assigned to them) opens their list,
their households and their assignments, searches a code, and logs a visit.
Prints per role and page the requests, errors and p50/p95/p99 (worst of the runs), the
goals and whether each is met, and the machine's load average before and after.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
PLAN_ENV = "TANNKHAI_LOAD_PLAN"
NAMES = ["nguyen van an", "tran thi", "le van", "pham thi hoa", "hoang", "thi lan"]

# The locust user classes below, one per role: the single-user pass runs each alone.
SINGLE_CLASSES = ["Admin", "Leader", "Officer", "QuarterHead", "OrgMember"]

# Goals, p95 in ms: (page prefix, single user, at load).
GOALS = {
    "list": (150, 300),
    "search": (150, 300),
    "dashboard": (None, 300),
    "survey save": (None, 300),
    "visit save": (None, 300),
}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--users", type=int, default=50)
    p.add_argument("--spawn-rate", type=float, default=5.0)
    p.add_argument("--run-time", type=int, default=180, help="seconds at full load")
    p.add_argument(
        "--single-seconds", type=int, default=40, help="each role's user alone first, in turn"
    )
    p.add_argument("--think", type=float, default=5.0, help="seconds between requests")
    p.add_argument("--runs", type=int, default=2)
    p.add_argument("--port", type=int, default=8341)
    p.add_argument("--workers", type=int, default=4)
    p.add_argument("--commune", default="75.X001")
    p.add_argument("--quarter", default="75.X001.KP01")
    p.add_argument("--json", help="write the figures to this file")
    return p.parse_args(argv)


# -- preparation (Django) ------------------------------------------------------------


def prepare(args: argparse.Namespace) -> dict[str, Any]:
    """Bench users, plan, campaign, sessions and the ids each role visits."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tannkhai.settings")
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1"
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    sys.path.insert(0, str(ROOT / "bench"))
    from dashboard import bench_users, load_plan, seed_records
    from dashboard import parse_args as dashboard_args

    from households.models import Area, Household
    from households.reviews import services as review_services
    from households.reviews.models import Review, ReviewCampaign

    commune = Area.objects.get(code=args.commune)
    quarter = Area.objects.get(code=args.quarter)
    program = load_plan(args.commune)
    # The commune's job placements and training enrolments, as the dashboard bench has them.
    seed_records(dashboard_args(["--commune", args.commune]), commune)
    users = bench_users(commune, quarter)
    campaign = ReviewCampaign.objects.filter(commune=commune).order_by("-pk").first()
    if campaign is None:
        campaign = review_services.campaign_create(
            user=users["officer"],
            commune=commune,
            kind=ReviewCampaign.Kind.PERIODIC,
            year=2025,
        )
    listed = Review.objects.filter(campaign=campaign, household__quarter=quarter)
    if listed.count() < 200:
        # The province seed classifies nobody, so the periodic campaign lists nobody:
        # the bench quarter's first households are added as an officer would.
        for household in (
            Household.objects.filter(quarter=quarter, status=Household.Status.ACTIVE)
            .exclude(reviews__campaign=campaign)
            .order_by("pk")[:200]
        ):
            review_services.campaign_add_household(
                user=users["officer"], campaign=campaign, household=household
            )
    reviews = list(listed.order_by("pk").values_list("pk", flat=True)[:400])
    in_quarter = list(
        Household.objects.filter(quarter=quarter, status=Household.Status.ACTIVE)
        .order_by("pk")
        .values_list("pk", "code")[:300]
    )
    in_commune = list(
        Household.objects.filter(commune=commune, status=Household.Status.ACTIVE)
        .order_by("?")
        .values_list("pk", "code")[:300]
    )
    anywhere = (
        list(
            Household.objects.filter(pk__in=[random.randint(1, 1_000_000) for _ in range(600)])
            .order_by("pk")
            .values_list("pk", "code")[:300]
        )
        or in_commune
    )
    users["org_member"], assignments = org_member(commune, [pk for pk, _code in in_quarter[:5]])
    sessions: dict[str, list[str]] = {}
    for role, user in users.items():
        sessions[role] = []
        for _ in range(args.users):
            client = Client()
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
            sessions[role].append(client.cookies[settings.SESSION_COOKIE_NAME].value)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM households_household")
        households = cursor.fetchone()[0]
    return {
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "csrf_cookie": settings.CSRF_COOKIE_NAME,
        "sessions": sessions,
        "commune": commune.pk,
        "quarter": quarter.pk,
        "program": program.pk,
        "reviews": reviews,
        "households": {
            "admin": anywhere,
            "leader": in_commune,
            "officer": in_commune,
            "quarter_head": in_quarter,
            "org_member": in_quarter[:5],
        },
        "assignments": assignments,
        "household_count": households,
        "database": connection.settings_dict["NAME"],
    }


def org_member(commune: Any, households: list[int]) -> tuple[Any, list[int]]:
    """An organisation member (Farmers' Union) helping five households of the quarter, as
    the assignments page makes them; their assignment ids."""
    import datetime as dt

    from assignments.models import Assignment, Organisation, Person
    from tannkhai.models import Role, User

    user, _ = User.objects.get_or_create(
        username="bench_org", defaults={"role": Role.ORG_MEMBER, "full_name": "Bench org_member"}
    )
    organisation, _ = Organisation.objects.get_or_create(
        commune=commune, name="Hội Nông dân (bench)"
    )
    person, _ = Person.objects.get_or_create(
        user=user, defaults={"commune": commune, "full_name": user.full_name}
    )
    person.organisations.add(organisation)
    found = []
    for household in households:
        assignment = Assignment.objects.filter(
            person=person, household_id=household, ended_on=None
        ).first() or Assignment.objects.create(
            person=person,
            organisation=organisation,
            household_id=household,
            started_on=dt.date(2025, 1, 2),
        )
        found.append(assignment.pk)
    return user, found


def analyze() -> None:
    """A new statistics sample before each run, and the dead rows of the previous run's
    saves removed, as autovacuum would on a production server (off on this machine's)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")


# -- the locust users (loaded by locust from this file) ------------------------------


class _FormValues(HTMLParser):
    """The values a browser would post for the survey form (the draft as it stands)."""

    def __init__(self) -> None:
        super().__init__()
        self.values: list[tuple[str, str]] = []
        self._in_form = False
        self._select: str | None = None
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post" and "survey" in a.get("id", ""):
            self._in_form = True
        if not self._in_form:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind in ("submit", "button", "file") or name == "mark_surveyed":
                return
            self.values.append((name, a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.values.append((self._select, a.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.values.append((self._textarea, self._text))
            self._textarea = None


if os.environ.get(PLAN_ENV):
    from locust import HttpUser, between, task

    PLAN: dict[str, Any] = json.loads(Path(os.environ[PLAN_ENV]).read_text())
    THINK = float(os.environ.get("TANNKHAI_LOAD_THINK", "5"))
    # The one-user pass runs one user of each role; the loaded one two officers and two
    # quarter heads for each administrator, leader and organisation member.
    MANY = 1 if os.environ.get("TANNKHAI_LOAD_EQUAL") else 2
    CSRF = "benchcsrf" + "0" * 23  # an unmasked 32-character token, cookie and form alike
    _next: dict[str, int] = {}
    FIELD_ERROR = r'class="invalid-feedback[^"]*"[^>]*>(?:<div>)?([^<]+)'

    class _User(HttpUser):
        abstract = True
        role = ""
        wait_time = between(THINK * 0.8, THINK * 1.2) if THINK else between(0, 0)

        def on_start(self) -> None:
            n = _next.get(self.role, 0)
            _next[self.role] = n + 1
            sessions = PLAN["sessions"][self.role]
            self.cookie = (
                f"{PLAN['session_cookie']}={sessions[n % len(sessions)]}; "
                f"{PLAN['csrf_cookie']}={CSRF}"
            )
            self.households = PLAN["households"][self.role]
            # Each surveyor has reviews of their own (two people never save one form).
            k = _next.get("surveyor", 0)
            _next["surveyor"] = k + 1
            reviews = PLAN["reviews"]
            self.reviews = reviews[k % 50 :: 50] or reviews

        def get(self, page: str, url: str) -> Any:
            with self.client.get(
                url,
                headers={"Cookie": self.cookie},
                name=f"{self.role}: {page}",
                catch_response=True,
            ) as r:
                if r.status_code != 200:
                    r.failure(f"HTTP {r.status_code}")
                elif r.url and "/dang-nhap" in r.url:
                    r.failure("sent to the login page")
                return r

        def save(self, page: str, url: str, data: Any) -> None:
            """Post a form; saved means redirected (a form with an error answers 200)."""
            with self.client.post(
                url,
                data=data,
                headers={"Cookie": self.cookie},
                name=f"{self.role}: {page}",
                allow_redirects=False,
                catch_response=True,
            ) as r:
                if r.status_code != 302:
                    found = re.search(FIELD_ERROR, r.text)
                    r.failure(f"HTTP {r.status_code}: {found.group(1) if found else 'not saved'}")

    class _Role(_User):
        abstract = True

        @task(4)
        def registry_list(self) -> None:
            area = random.choice(["", f"?quarter={PLAN['quarter']}"])
            if self.role == "admin":
                area = random.choice(["", f"?commune={PLAN['commune']}", area])
            self.get("list", f"/ho-gia-dinh/{area}")

        @task(4)
        def search(self) -> None:
            if random.random() < 0.7:
                q = random.choice(NAMES).replace(" ", "+")
            else:
                q = random.choice(self.households)[1]
            extra = f"&commune={PLAN['commune']}" if self.role == "admin" else ""
            self.get("search", f"/ho-gia-dinh/?q={q}{extra}")

        @task(3)
        def household(self) -> None:
            self.get("household", f"/ho-gia-dinh/{random.choice(self.households)[0]}/")

        @task(2)
        def dashboard(self) -> None:
            self.get("dashboard", f"/chuong-trinh/?program={PLAN['program']}&year=2025")

        @task(1)
        def report(self) -> None:
            r = self.get("report xlsx", f"/ho-gia-dinh/xuat-excel/?quarter={PLAN['quarter']}")
            kind = r.headers.get("Content-Type", "")
            if r.status_code == 200 and "spreadsheet" not in kind:
                r.failure(f"not a workbook: {kind}")

    class _Surveyor(_Role):
        abstract = True

        @task(2)
        def survey_save(self) -> None:
            pk = random.choice(self.reviews)
            page = self.get("survey page", f"/ra-soat/phieu/{pk}/")
            if page.status_code != 200:
                return
            parser = _FormValues()
            parser.feed(page.text)
            if not parser.values:
                return
            data = [(k, v) for k, v in parser.values if k != "csrfmiddlewaretoken"]
            # The surveyor types the income read from the paper form (đồng a person a month).
            income = str(random.randrange(1_200_000, 3_500_000, 50_000))
            data = [(k, income if k == "income_input" else v) for k, v in data]
            data.append(("csrfmiddlewaretoken", CSRF))
            self.save("survey save", f"/ra-soat/phieu/{pk}/", data)

    class OrgMember(_User):
        """A helper on a phone: their households, their assignments, a visit logged."""

        role = "org_member"
        weight = 1

        @task(3)
        def registry_list(self) -> None:
            self.get("list", "/ho-gia-dinh/")

        @task(2)
        def search(self) -> None:
            self.get("search", f"/ho-gia-dinh/?q={random.choice(self.households)[1]}")

        @task(3)
        def household(self) -> None:
            self.get("household", f"/ho-gia-dinh/{random.choice(self.households)[0]}/")

        @task(2)
        def assignments(self) -> None:
            self.get("assignments", "/giup-do/")

        @task(1)
        def log_visit(self) -> None:
            pk = random.choice(PLAN["assignments"])
            page = self.get("visit page", f"/giup-do/{pk}/ghi-nhan/")
            if page.status_code != 200:
                return
            data = {
                "happened_on": time.strftime("%d/%m/%Y"),
                "kind": "visit",
                "value_form": "none",
                "notes": "Thăm hộ, động viên con đi học.",
                "csrfmiddlewaretoken": CSRF,
            }
            self.save("visit save", f"/giup-do/{pk}/ghi-nhan/", data)

    class Admin(_Role):
        role = "admin"
        weight = 1

    class Leader(_Role):
        role = "leader"
        weight = 1

    class Officer(_Surveyor):
        role = "officer"
        weight = MANY

    class QuarterHead(_Surveyor):
        role = "quarter_head"
        weight = MANY


# -- driver ---------------------------------------------------------------------------


def start_gunicorn(args: argparse.Namespace, env: dict[str, str]) -> subprocess.Popen[bytes]:
    log = open(Path(tempfile.gettempdir()) / f"tannkhai-load-gunicorn-{args.port}.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            # The deployment's settings (preloaded app, warm-up, garbage collection)…
            "--config",
            str(ROOT / "deploy" / "gunicorn.conf.py"),
            "tannkhai.wsgi",
            # … with the bench's address, workers and timeout.
            "--bind",
            f"{HOST}:{args.port}",
            "--workers",
            str(args.workers),
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    import urllib.request

    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://{HOST}:{args.port}/favicon.ico", timeout=2)
            return proc
        except OSError:
            time.sleep(0.5)
    stop(proc)
    sys.exit("gunicorn did not start; see its log in the temporary directory.")


def stop(proc: subprocess.Popen[bytes]) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


def run_locust(
    args: argparse.Namespace,
    plan_path: Path,
    users: int,
    seconds: int,
    think: float,
    tag: str,
    user_class: str | None = None,
) -> list[dict[str, Any]]:
    out = Path(tempfile.mkdtemp(prefix="tannkhai-load-"))
    env = {**os.environ, PLAN_ENV: str(plan_path), "TANNKHAI_LOAD_THINK": str(think)}
    if users == 4:
        env["TANNKHAI_LOAD_EQUAL"] = "1"
    ramp = users / args.spawn_rate if users > 1 else 0
    cmd = [
        str(Path(sys.executable).parent / "locust"),
        "-f",
        __file__,
        "--headless",
        "--host",
        f"http://{HOST}:{args.port}",
        "-u",
        str(users),
        "-r",
        str(args.spawn_rate),
        "-t",
        f"{int(seconds + ramp)}s",
        "--stop-timeout",
        "10",
        "--csv",
        str(out / "run"),
        "--only-summary",
        "--loglevel",
        "WARNING",
        *([user_class] if user_class else []),
    ]
    print(
        f"  {tag}: {users} user(s), {seconds} s (+{ramp:.0f} s ramp), think {think} s", flush=True
    )
    with open(out / "locust.log", "wb") as log:
        subprocess.run(cmd, env=env, cwd=ROOT, stdout=log, stderr=log, timeout=seconds + ramp + 120)
    rows = []
    with open(out / "run_stats.csv", newline="") as f:
        for r in csv.DictReader(f):
            if r["Name"] == "Aggregated":
                continue
            role, page = r["Name"].split(": ", 1)
            rows.append(
                {
                    "role": role,
                    "page": page,
                    "requests": int(r["Request Count"]),
                    "errors": int(r["Failure Count"]),
                    "p50": float(r["50%"]),
                    "p95": float(r["95%"]),
                    "p99": float(r["99%"]),
                }
            )
    failures = []
    if (out / "run_failures.csv").exists():
        with open(out / "run_failures.csv", newline="") as f:
            failures = [f"{r['Name']}: {r['Error']} ×{r['Occurrences']}" for r in csv.DictReader(f)]
    for line in failures:
        print(f"    failure: {line}")
    return rows


def merge_worst(runs: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for rows in runs:
        for r in rows:
            key = (r["role"], r["page"])
            if key not in merged:
                merged[key] = dict(r)
                continue
            m = merged[key]
            m["requests"] += r["requests"]
            m["errors"] += r["errors"]
            for p in ("p50", "p95", "p99"):
                m[p] = max(m[p], r[p])
    order = ["admin", "leader", "officer", "quarter_head", "org_member"]
    return sorted(merged.values(), key=lambda r: (order.index(r["role"]), r["page"]))


def goal_for(page: str, single: bool) -> float | None:
    for prefix, (one, many) in GOALS.items():
        if page == prefix:
            return one if single else many
    return None


def print_table(title: str, rows: list[dict[str, Any]], *, single: bool) -> int:
    print(f"\n{title}")
    print(
        f"{'role':<13}{'page':<14}{'requests':>9}{'errors':>7}"
        f"{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}  goal (p95)"
    )
    missed = 0
    for r in rows:
        goal = goal_for(r["page"], single)
        verdict = ""
        if goal is not None:
            ok = r["p95"] < goal
            missed += not ok
            verdict = f"< {goal:.0f} ms {'yes' if ok else 'NO'}"
        print(
            f"{r['role']:<13}{r['page']:<14}{r['requests']:>9}{r['errors']:>7}"
            f"{r['p50']:>8.0f}{r['p95']:>8.0f}{r['p99']:>8.0f}  {verdict}"
        )
    errors = sum(r["errors"] for r in rows)
    total = sum(r["requests"] for r in rows)
    print(f"errors: {errors} of {total:,} requests — {'OK' if errors == 0 else 'FAILED'}")
    return missed + (errors > 0)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    print(f"Load before: {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f} (1 and 5 min)")
    # The sessions are signed with the key the server will use.
    os.environ["SECRET_KEY"] = os.environ.get("SECRET_KEY") or "load-bench-" + "x" * 40
    plan = prepare(args)
    print(
        f"Database {plan['database']}: {plan['household_count']:,} households; "
        f"{len(plan['reviews'])} reviews of the bench quarter for survey saves"
    )
    plan_path = Path(tempfile.mkstemp(prefix="tannkhai-load-", suffix=".json")[1])
    plan_path.write_text(json.dumps(plan))
    env = {
        **os.environ,
        "DEBUG": "false",
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "PYTHONPATH": str(ROOT),
        "STATIC_ROOT": str(Path(tempfile.gettempdir()) / "tannkhai-load-static"),
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    singles: list[list[dict[str, Any]]] = []
    loaded: list[list[dict[str, Any]]] = []
    loads: list[str] = []
    proc = start_gunicorn(args, env)
    try:
        for n in range(args.runs):
            analyze()
            print(f"Run {n + 1} of {args.runs} (after VACUUM ANALYZE):")
            if args.single_seconds:
                # Each role alone in turn: a single user, nobody else's request on the CPUs.
                singles.append(
                    [
                        row
                        for user_class in SINGLE_CLASSES
                        for row in run_locust(
                            args, plan_path, 1, args.single_seconds, 1.0, "alone", user_class
                        )
                    ]
                )
            loaded.append(
                run_locust(args, plan_path, args.users, args.run_time, args.think, "load")
            )
            loads.append(f"{os.getloadavg()[0]:.1f}/{os.getloadavg()[1]:.1f}")
    finally:
        stop(proc)
        plan_path.unlink(missing_ok=True)
    missed = 0
    if singles:
        missed += print_table(
            f"One user alone, each role in turn (1 s think), worst of {len(singles)} run(s):",
            merge_worst(singles),
            single=True,
        )
    missed += print_table(
        f"{args.users} users, think {args.think} s, {args.workers} gunicorn workers, "
        f"worst of {len(loaded)} run(s):",
        merge_worst(loaded),
        single=False,
    )
    print(f"Load average (1/5 min) after each run: {', '.join(loads)}")
    if args.json:
        Path(args.json).write_text(
            json.dumps({"single": singles, "loaded": loaded, "loads": loads}, indent=2)
        )
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
