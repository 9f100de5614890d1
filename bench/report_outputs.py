#!/usr/bin/env python
"""Time the report and export outputs on demo databases (``manage.py seed_demo``), each
beside a baseline measured in the same run, with peak memory and the ratio.

    .venv/bin/python bench/report_outputs.py --seed --sizes 1000,5000,100000 --pg-sizes 100000 \\
        --sqlite-dir /work/tmp --pg-url postgres://postgres@127.0.0.1:5432/ --repeats 3 --http

Databases: ``<sqlite-dir>/bench-<N>.sqlite3`` for each of ``--sizes`` and the PostgreSQL
database ``tannkhai_bench_reports_<N>`` for each of ``--pg-sizes``; ``--seed`` creates,
migrates and seeds (``seed_demo --households N``) those that are missing.

Cases, each in its own process (its peak RSS is ``ru_maxrss`` read before and after):

* ``plan``: the plan PDF (catalogue ``ke-hoach``, as the commune officer ``canbo``, the
  demo program): build + ``pdf_bytes``. Also ``tien-do`` (year 2025) when the catalogue
  has it. Baseline ``plan-base``: a plain WeasyPrint rendering (no stylesheet) of an HTML
  document with the same headings, paragraphs and table rows.
* ``list``: the household list of the catalogue (``danh-sach-ho``: ``list_rows`` +
  ``household_list_table`` in the official frame) over 1,000 reviews of a campaign
  created for the run and rolled back afterwards. Baseline ``list-base``: a plain
  WeasyPrint table of the same rows.
* ``export``: the registry workbook of every household, as the background task makes
  it (``registry_export`` as the admin, count, ``household_list_workbook(...).save``).
  Baseline ``export-base``: the same query fetching the same columns as tuples,
  streamed into a bare openpyxl write-only workbook (``tannkhai.xlsx.bare_write_only``);
  ``bare-write``: that bare write alone, from rows already in memory.
* ``http`` (with ``--http``): gunicorn (2 workers) and ``manage.py db_worker`` on the
  same database; GET of the plan PDF, and the registry export until its file is
  downloaded (over 2,000 rows: the job page, then the download once the job is done).

Each case runs ``--repeats`` times (PostgreSQL: ``ANALYZE`` before each repeat); the
table shows the worst. PDFs: the first rendering of a process loads the fonts
("cold"); the figures are the worst of ``--runs`` renderings after it.

``--no-db`` times the list PDF on synthetic rows only (no database needed).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import html
import json
import os
import platform
import re
import resource
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from http.client import HTTPConnection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# This file is named like the ``reports`` app: the app must win the import.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tannkhai.settings")

DOCUMENT_LANGUAGE = "vi"
LIST_ROWS = 1000
PROGRESS_YEAR = 2025
TARGETS = {"plan": 1.0, "tien-do": 1.0, "list": 3.0}
EXPORT_RATIO_TARGET = 1.5
PG_PREFIX = "tannkhai_bench_reports_"
WORKERS = 2  # gunicorn's
RESULT = "RESULT "


# --- helpers shared by the cases -----------------------------------------------------


def peak_kb() -> int:
    """Peak resident set of this process so far (Linux: KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def loadavg() -> str:
    try:
        return Path("/proc/loadavg").read_text().split(" ")[0]
    except OSError:
        return "?"


def emit(**result: Any) -> None:
    print(RESULT + json.dumps(result, default=str), flush=True)


def setup() -> None:
    import django

    django.setup()


def demo_objects() -> dict[str, Any]:
    from households.management.commands.seed_demo import COMMUNE_CODE
    from tannkhai.models import User
    from targets.models import Program

    program = (
        Program.objects.filter(commune__code=COMMUNE_CODE).order_by("start_year", "pk").first()
    )
    if program is None:
        raise SystemExit("No demo program: seed the database with manage.py seed_demo.")
    return {
        "officer": User.objects.get(username="canbo"),
        "admin": User.objects.get(username="admin"),
        "program": program,
    }


def plain_table(table: Any) -> str:
    head = "".join(
        "<tr>"
        + "".join(
            f'<th colspan="{c.colspan}" rowspan="{c.rowspan}">{html.escape(c.text)}</th>'
            for c in row
        )
        + "</tr>"
        for row in table.header_rows
    )
    rows = list(table.rows) + ([table.totals] if table.totals is not None else [])
    body = "".join(
        "<tr>"
        + "".join(f"<td>{html.escape('' if v is None else str(v))}</td>" for v in row)
        + "</tr>"
        for row in rows
    )
    return f"<table border='1'><thead>{head}</thead><tbody>{body}</tbody></table>"


def plain_html(report: Any) -> str:
    """The report's headings, paragraphs and tables as bare HTML (no stylesheet)."""
    parts = []
    for block in [*report.blocks, *report.annexes]:
        if block.table is not None:
            parts.append(plain_table(block.table))
        elif block.text:
            tag = "h3" if block.kind in ("heading", "subheading", "annex") else "p"
            parts.append(f"<{tag}>{html.escape(block.text)}</{tag}>")
    return f"<html><body>{''.join(parts)}</body></html>"


def pages(pdf: bytes) -> int:
    """Pages of a PDF (pdfinfo from poppler-utils; 0 when it is missing)."""
    if not shutil.which("pdfinfo"):
        return 0
    out = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=False).stdout
    found = re.search(rb"Pages:\s+(\d+)", out)
    return int(found.group(1)) if found else 0


class Clock:
    """Wall and CPU seconds of this process (CPU time is what the machine's other work
    does not inflate)."""

    def __init__(self) -> None:
        self.wall = time.perf_counter()
        self.cpu = time.process_time()

    def read(self) -> tuple[float, float]:
        return time.perf_counter() - self.wall, time.process_time() - self.cpu


def time_runs(fn: Callable[[], Any], runs: int) -> tuple[float, list[float], list[float], Any]:
    """(first call, wall and CPU seconds of the next ``runs`` calls, the last result)."""
    clock = Clock()
    result = fn()
    cold, _cpu = clock.read()
    times, cpus = [], []
    for _ in range(runs):
        clock = Clock()
        result = fn()
        wall, cpu = clock.read()
        times.append(wall)
        cpus.append(cpu)
    return cold, times, cpus, result


# --- PDF cases -------------------------------------------------------------------------


def program_report(key: str) -> tuple[Callable[[], Any], dict[str, Any]]:
    from reports import catalogue
    from reports.selectors import Params

    spec = catalogue.BY_KEY[key]
    demo = demo_objects()

    def build() -> Any:
        params = Params(user=demo["officer"], program=demo["program"])
        if "year" in spec.needs:
            params.year = PROGRESS_YEAR
        return spec.build(params)

    return build, {"program": demo["program"].pk, "user": "canbo"}


class Rollback(Exception):
    pass


def bench_campaign(rows: int) -> Any:
    """An ad hoc campaign of the demo commune with ``rows`` recognised reviews (poor),
    one per household; the caller rolls it back."""
    from households.management.commands.seed_demo import COMMUNE_CODE
    from households.models import Area, Household, PovertyStatus
    from households.reviews.models import Review, ReviewCampaign, Transition

    commune = Area.objects.get(code=COMMUNE_CODE)
    template = Review.objects.filter(campaign__commune=commune).first()
    if template is None:
        raise SystemExit("The demo commune has no reviews: seed it with manage.py seed_demo.")
    used = set(
        ReviewCampaign.objects.filter(commune=commune, kind="adhoc", year=2026).values_list(
            "month", flat=True
        )
    )
    month = next(m for m in range(12, 0, -1) if m not in used)
    campaign = ReviewCampaign.objects.create(
        commune=commune,
        kind=ReviewCampaign.Kind.ADHOC,
        year=2026,
        month=month,
        list_year=2026,
        standard=template.campaign.standard,
        status=ReviewCampaign.Status.CLOSED,
    )
    households = list(Household.objects.filter(commune=commune).order_by("pk")[:rows])
    if len(households) < rows:
        raise SystemExit(f"Only {len(households)} households: seed at least {rows}.")
    transitions = [
        Transition.CONTINUING_POOR,
        Transition.NEWLY_POOR,
        Transition.RE_POOR,
        Transition.NEAR_POOR_TO_POOR,
    ]
    Review.objects.bulk_create(
        [
            Review(
                campaign=campaign,
                household=hh,
                quarter_id=hh.quarter_id,
                area_type=template.area_type,
                standard=campaign.standard,
                members_count=hh.member_count,
                result=PovertyStatus.POOR,
                transition=transitions[i % len(transitions)],
                status=Review.Status.RECOGNISED,
            )
            for i, hh in enumerate(households)
        ],
        batch_size=500,
    )
    return campaign


def list_report(rows: int) -> Callable[[], Any]:
    from reports import catalogue
    from reports.selectors import Params

    officer = demo_objects()["officer"]
    campaign = bench_campaign(rows)
    spec = catalogue.BY_KEY["danh-sach-ho"]
    return lambda: spec.build(Params(user=officer, campaign=campaign, list_kind="poor"))


def case_pdf(args: argparse.Namespace) -> None:
    """``plan``/``list`` (ours: build + pdf_bytes) or ``*-base`` (plain WeasyPrint)."""
    from django.db import transaction
    from django.utils import translation

    from reports.render import pdf_bytes

    kind = args.case.removesuffix("-base")
    baseline = args.case.endswith("-base")
    key = args.report
    with translation.override(DOCUMENT_LANGUAGE):
        try:
            with transaction.atomic():
                if kind == "list":
                    build = list_report(LIST_ROWS)
                    info: dict[str, Any] = {"rows": LIST_ROWS}
                else:
                    build, info = program_report(key)
                if baseline:
                    from weasyprint import HTML

                    report = build()
                    document = plain_html(report)
                    before = peak_kb()
                    cold, times, cpus, pdf = time_runs(
                        lambda: HTML(string=document).write_pdf(), args.runs
                    )
                else:
                    before = peak_kb()
                    clock = Clock()
                    report = build()
                    build_s, _cpu = clock.read()
                    cold, times, cpus, pdf = time_runs(lambda: pdf_bytes(build()), args.runs)
                    info["build_s"] = build_s
                info["table_rows"] = sum(len(t.rows) for t in report.tables)
                raise Rollback
        except Rollback:
            pass
    if args.keep:
        name = f"{args.case}-{key}.pdf" if kind == "plan" else f"{args.case}.pdf"
        (Path(args.out) / name).write_bytes(pdf)
    emit(
        case=args.case,
        report=key,
        cold=cold,
        times=times,
        worst=max(times),
        cpu=max(cpus),
        rss_before_kb=before,
        rss_peak_kb=peak_kb(),
        pages=pages(pdf),
        size=len(pdf),
        **info,
    )


# --- export cases ----------------------------------------------------------------------

# The columns the registry workbook shows, fetched as tuples by the baseline.
EXPORT_FIELDS = (
    "code",
    "head_name",
    "head_birth_year",
    "head__citizen_id",
    "quarter__name",
    "address",
    "ethnicity__name",
    "is_ethnic_minority",
    "no_labour_capacity",
    "person_of_merit",
    "social_protection",
    "poverty_status",
    "status",
    "member_count",
)


class Counter:
    """Stands in for the job's progress (which also writes the count to the job twice a
    second)."""

    def __init__(self) -> None:
        self.done = 0

    def step(self, rows: int = 1) -> None:
        self.done += rows


def export_query() -> Any:
    from django.http import QueryDict

    from households import exports

    admin = demo_objects()["admin"]
    found = exports.registry_export(admin, QueryDict(""))
    assert found is not None
    return found


def case_export(args: argparse.Namespace) -> None:
    from households import exports
    from tannkhai.xlsx import bare_write_only

    out = Path(args.out) / f"{args.case}-{os.getpid()}.xlsx"
    out.parent.mkdir(parents=True, exist_ok=True)
    from django.utils import translation

    with translation.override(DOCUMENT_LANGUAGE):
        export_query()  # the user and the filter form once, as any request would
        info: dict[str, Any] = {}
        if args.case == "export":
            before = peak_kb()
            clock = Clock()
            queryset, policy = export_query()
            total = queryset.count()
            counter = Counter()
            exports.household_list_workbook(queryset, policy=policy, progress=counter).save(
                str(out)
            )
            seconds, cpu = clock.read()
            info.update(rows=counter.done, counted=total, member_details=policy.member_details)
        elif args.case == "export-base":
            before = peak_kb()
            clock = Clock()
            queryset, _policy = export_query()
            rows = queryset.values_list(*EXPORT_FIELDS).iterator(chunk_size=2000)
            counted = [0]

            def numbered() -> Iterator[tuple[Any, ...]]:
                for n, row in enumerate(rows, start=1):
                    counted[0] = n
                    yield (n, *row)

            bare_write_only(numbered(), str(out))
            seconds, cpu = clock.read()
            info.update(rows=counted[0])
        else:  # bare-write: the rows are in memory before the clock starts
            queryset, _policy = export_query()
            data = [
                (n, *row) for n, row in enumerate(queryset.values_list(*EXPORT_FIELDS), start=1)
            ]
            before = peak_kb()
            clock = Clock()
            bare_write_only(data, str(out))
            seconds, cpu = clock.read()
            info.update(rows=len(data))
    size = out.stat().st_size
    out.unlink()
    emit(
        case=args.case,
        worst=seconds,
        times=[seconds],
        cpu=cpu,
        rss_before_kb=before,
        rss_peak_kb=peak_kb(),
        size=size,
        **info,
    )


def case_keys(args: argparse.Namespace) -> None:
    from reports import catalogue

    emit(case="keys", keys=sorted(catalogue.BY_KEY))


def case_analyze(args: argparse.Namespace) -> None:
    from django.db import connection

    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    emit(case="analyze", seconds=time.perf_counter() - start)


# --- over HTTP: gunicorn and the task worker -------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def vm_hwm_kb(pid: int) -> int:
    """Peak resident set of a running process (``VmHWM``, KiB)."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    found = re.search(r"VmHWM:\s+(\d+)", text)
    return int(found.group(1)) if found else 0


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


class Client:
    def __init__(self, port: int, cookie: str) -> None:
        self.port = port
        self.cookie = cookie

    def get(self, path: str) -> tuple[int, dict[str, str], bytes, float]:
        start = time.perf_counter()
        conn = HTTPConnection("127.0.0.1", self.port, timeout=600)
        conn.request("GET", path, headers={"Cookie": self.cookie, "Host": "127.0.0.1"})
        response = conn.getresponse()
        body = response.read()
        seconds = time.perf_counter() - start
        headers = {k.lower(): v for k, v in response.getheaders()}
        conn.close()
        return response.status, headers, body, seconds


def session_cookie(user: Any) -> str:
    from django.conf import settings
    from django.test import Client as DjangoClient

    client = DjangoClient()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def wait_ready(port: int, proc: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("gunicorn exited at start-up")
        try:
            conn = HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/dang-nhap/", headers={"Host": "127.0.0.1"})
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer")


def http_export(client: Client, analyze: Callable[[], None]) -> dict[str, Any]:
    """GET the registry export; when it is a job, follow it to the download."""
    from reports.models import ExportJob

    analyze()
    start = time.perf_counter()
    status, headers, body, first = client.get("/ho-gia-dinh/xuat-excel/")
    if status == 200:
        return {"mode": "direct", "total": first, "size": len(body), "first": first}
    if status != 302:
        raise SystemExit(f"export answered {status}")
    location = urllib.parse.urlparse(headers["location"]).path
    job_id = location.rstrip("/").rsplit("/", 1)[-1]
    page_status, _h, _b, page_s = client.get(location)
    while True:
        row = ExportJob.objects.filter(pk=job_id).values("status", "error").get()
        if row["status"] in (ExportJob.Status.DONE, ExportJob.Status.FAILED):
            break
        time.sleep(0.1)
    if row["status"] == ExportJob.Status.FAILED:
        raise SystemExit(f"export job failed: {row['error']}")
    done_at = time.perf_counter()
    dl_status, _h, body, download_s = client.get(f"{location}tai-ve/")
    total = time.perf_counter() - start
    job = ExportJob.objects.get(pk=job_id)
    assert job.started_at and job.finished_at
    return {
        "mode": "job",
        "total": total,
        "first": first,
        "job_page": page_s,
        "job_page_status": page_status,
        "until_done": done_at - start,
        "queued": (job.started_at - job.created_at).total_seconds(),
        "run": (job.finished_at - job.started_at).total_seconds(),
        "download": download_s,
        "download_status": dl_status,
        "size": len(body),
        "rows": job.total,
        "job": job_id,
    }


def case_http(args: argparse.Namespace) -> None:
    from django.db import connection

    from reports import catalogue
    from reports.models import ExportJob

    demo = demo_objects()
    env = dict(os.environ)
    port = free_port()
    started = dt.datetime.now(dt.UTC)
    gunicorn = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "tannkhai.wsgi",
            "--workers",
            str(WORKERS),
            "--bind",
            f"127.0.0.1:{port}",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def analyze() -> None:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    results: dict[str, Any] = {"pdf": {}, "export": []}
    # The list of 1,000 households needs a campaign the server can read: committed here,
    # removed (with its reviews and its history row) when the case ends.
    campaign = bench_campaign(LIST_ROWS)
    try:
        wait_ready(port, gunicorn)
        officer = Client(port, session_cookie(demo["officer"]))
        admin = Client(port, session_cookie(demo["admin"]))
        program = demo["program"].pk
        paths: dict[str, str] = {
            key: f"/bao-cao/tai-ve/{key}.pdf?program={program}"
            for key in ("ke-hoach", "tien-do")
            if key in catalogue.BY_KEY
        }
        if "tien-do" in paths:
            paths["tien-do"] += f"&year={PROGRESS_YEAR}"
        paths["list"] = f"/bao-cao/tai-ve/danh-sach-ho.pdf?campaign={campaign.pk}&list=poor"
        for key, path in paths.items():

            def fetch(path: str = path) -> float:
                status, _headers, body, seconds = officer.get(path)
                if status != 200 or not body.startswith(b"%PDF"):
                    raise SystemExit(f"{path} answered {status}")
                return seconds

            # Each worker loads the fonts on its first PDF: requests sent two at a time
            # land on both workers, so both are warm before the timed ones.
            with ThreadPoolExecutor(WORKERS) as pool:
                cold = [t for _ in range(2) for t in pool.map(lambda _i: fetch(), range(WORKERS))]
            times = [fetch() for _ in range(args.runs * args.repeats)]
            results["pdf"][key] = {"cold": cold, "times": times, "worst": max(times)}
        for _ in range(args.repeats):
            results["export"].append(http_export(admin, analyze))
        results["worker_peak_kb"] = vm_hwm_kb(worker.pid)
        results["gunicorn_peak_kb"] = max(
            (vm_hwm_kb(pid) for pid in children(gunicorn.pid)), default=0
        )
    finally:
        for proc in (gunicorn, worker):
            proc.terminate()
        for proc in (gunicorn, worker):
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        from households.reviews.models import Review

        Review.objects.filter(campaign=campaign).delete()
        campaign.history.all().delete()
        campaign.delete()
        # The files this run made for the admin.
        from reports.jobs import private_storage

        for job in ExportJob.objects.filter(owner=demo["admin"], created_at__gte=started):
            if job.file:
                private_storage.delete(job.file)
            job.delete()
    emit(case="http", **results)


# --- synthetic rows (no database) ------------------------------------------------------


def case_no_db(args: argparse.Namespace) -> None:
    from weasyprint import HTML

    from reports.builders.common import household_list_table
    from reports.document import DocumentMeta, Report, Signature
    from reports.render import pdf_bytes

    rows = [
        {
            "household__head_name": f"Nguyễn Thị Ánh Tuyết {i}",
            "household__head_birth_year": 1950 + i % 50,
            "household__head__sex": "female" if i % 2 else "male",
            "household__ethnicity__name": "Kinh",
            "household__code": f"KP1-{i:05d}",
            "quarter__name": f"Khu phố {i % 8 + 1}",
            "transition": "continuing_poor",
            "result": "poor",
            "household__is_ethnic_minority": i % 5 == 0,
            "household__no_labour_capacity": i % 7 == 0,
            "household__person_of_merit": False,
            "members_count": i % 6 + 1,
            "certificate_number": "",
        }
        for i in range(args.rows)
    ]
    meta = DocumentMeta(
        issuing_body="ỦY BAN NHÂN DÂN XÃ TÂN KHAI",
        superior_body="",
        place="Tân Khai, ngày 05 tháng 3 năm 2026",
        date=dt.date(2026, 3, 5),
        year=2026,
        number="/BC-UBND",
        doc_type="BÁO CÁO",
        summary="Danh sách hộ nghèo",
        signature=Signature("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn A"),
    )
    report = Report(key="bench", title="Danh sách", meta=meta, landscape=True)
    report.add_table(household_list_table(rows))
    document = plain_html(report)
    cold, ours, _cpus, pdf = time_runs(lambda: pdf_bytes(report), args.runs)
    _cold, plain, _cpus, plain_pdf = time_runs(lambda: HTML(string=document).write_pdf(), args.runs)
    print(f"synthetic list of {args.rows:,} rows, worst of {args.runs} after a first rendering")
    print(f"  ours (official frame):  {max(ours):6.2f} s  ({pages(pdf)} pages; first {cold:.2f} s)")
    print(f"  plain WeasyPrint table: {max(plain):6.2f} s  ({pages(plain_pdf)} pages)")
    print(f"  ratio                   {max(ours) / max(plain):6.2f}")


CASES: dict[str, Callable[[argparse.Namespace], None]] = {
    "plan": case_pdf,
    "plan-base": case_pdf,
    "list": case_pdf,
    "list-base": case_pdf,
    "export": case_export,
    "export-base": case_export,
    "bare-write": case_export,
    "analyze": case_analyze,
    "keys": case_keys,
    "http": case_http,
}


# --- the driver ------------------------------------------------------------------------


def versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found = {"Python": platform.python_version()}
    for package in ("Django", "WeasyPrint", "openpyxl", "gunicorn", "django-tasks", "psycopg"):
        with contextlib.suppress(PackageNotFoundError):
            found[package] = version(package)
    found["SQLite"] = sqlite3.sqlite_version
    return found


def run_case(name: str, url: str, args: argparse.Namespace, **extra: str) -> dict[str, Any]:
    command = [sys.executable, __file__, "--case", name, "--runs", str(args.runs)]
    command += ["--repeats", str(args.repeats), "--out", args.out]
    if args.keep:
        command.append("--keep")
    for key, value in extra.items():
        command += [f"--{key}", value]
    env = {**os.environ, "DATABASE_URL": url, "MEDIA_ROOT": str(Path(args.out) / "media")}
    load_before = loadavg()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith(RESULT)]
    if done.returncode != 0 or not lines:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"case {name} failed on {url}")
    result: dict[str, Any] = json.loads(lines[-1][len(RESULT) :])
    result["load"] = f"{load_before}→{loadavg()}"
    return result


def databases(args: argparse.Namespace) -> list[tuple[str, int, str]]:
    found = []
    sqlite_dir = Path(args.sqlite_dir).resolve()
    for n in args.sizes:
        found.append(("sqlite", n, f"sqlite:///{sqlite_dir / f'bench-{n}.sqlite3'}"))
    for n in args.pg_sizes:
        found.append(("postgresql", n, args.pg_url.rstrip("/") + f"/{PG_PREFIX}{n}"))
    return found


def ensure_seeded(backend: str, n: int, url: str) -> None:
    """Create, migrate and seed a missing database (``seed_demo`` does nothing when the
    demo commune already has households)."""
    if backend == "sqlite":
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    else:
        import psycopg

        server, name = url.rsplit("/", 1)
        with psycopg.connect(server + "/postgres", autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{name}"')
    env = {**os.environ, "DATABASE_URL": url}
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
    print(f"seed_demo --households {n} on {backend} …", flush=True)
    start = time.perf_counter()
    subprocess.run(
        [*manage, "seed_demo", "--households", str(n)],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    print(f"  done in {time.perf_counter() - start:.0f} s", flush=True)


def mb(kb: int) -> str:
    return f"{kb / 1024:,.0f}"


def worst(results: list[dict[str, Any]], key: str = "worst") -> float:
    return max(float(r[key]) for r in results)


def drive(args: argparse.Namespace) -> None:
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    print("Started", dt.datetime.now().strftime("%Y-%m-%d %H:%M"))
    print("Versions:", ", ".join(f"{k} {v}" for k, v in versions().items()))
    print(f"Machine: {os.cpu_count()} cores; /proc/loadavg at start: {loadavg_line()}")
    dbs = databases(args)
    if args.seed:
        for backend, n, url in dbs:
            ensure_seeded(backend, n, url)
    keys = run_case("keys", dbs[0][2], args)["keys"]
    pdf_keys = [key for key in ("ke-hoach", "tien-do") if key in keys]
    print("Program reports timed:", ", ".join(pdf_keys), flush=True)
    plan: list[tuple[str, str]] = []
    for key in pdf_keys:
        plan += [("plan", key), ("plan-base", key)]
    plan += [
        ("list", ""),
        ("list-base", ""),
        ("export", ""),
        ("export-base", ""),
        ("bare-write", ""),
    ]
    plan = [(name, key) for name, key in plan if name not in args.skip]
    found: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for backend, n, url in dbs:
        label = f"{backend} {n:,}"
        for repeat in range(1, args.repeats + 1):
            if backend == "postgresql":
                analyzed = run_case("analyze", url, args)
                print(f"{label}: ANALYZE {analyzed['seconds']:.1f} s", flush=True)
            for name, key in plan:
                result = run_case(name, url, args, report=key or "ke-hoach")
                found.setdefault((label, name, key), []).append(result)
                print(
                    f"{label} #{repeat} {name} {key}: {result['worst']:.2f} s, "
                    f"peak {mb(result['rss_peak_kb'])} MB, load {result['load']}",
                    flush=True,
                )
        if args.http and "http" not in args.skip:
            result = run_case("http", url, args)
            found[(label, "http", "")] = [result]
            exports = ", ".join(f"{e['total']:.2f}" for e in result["export"])
            print(f"{label} http: export {exports} s, load {result['load']}", flush=True)
    print()
    print(f"/proc/loadavg at the end: {loadavg_line()}")
    print_tables(found, pdf_keys, args)
    if args.json:
        Path(args.json).write_text(
            json.dumps({" | ".join(k): v for k, v in found.items()}, indent=1, default=str)
        )


def loadavg_line() -> str:
    try:
        return Path("/proc/loadavg").read_text().strip()
    except OSError:
        return "?"


def peak(results: list[dict[str, Any]]) -> str:
    """Worst peak RSS of the case's process and the worst growth during the timed part."""
    top = max(r["rss_peak_kb"] for r in results)
    grew = max(r["rss_peak_kb"] - r["rss_before_kb"] for r in results)
    return f"{mb(top)} (+{mb(grew)})"


def verdict(ok: bool) -> str:
    return "yes" if ok else "NO"


def print_tables(
    found: dict[tuple[str, str, str], list[dict[str, Any]]],
    pdf_keys: list[str],
    args: argparse.Namespace,
) -> None:
    labels = list(dict.fromkeys(label for label, _n, _k in found))
    print(
        f"In process, worst of {args.repeats} processes per case (PDFs: worst of {args.runs} "
        "renderings after the first in each). Wall seconds; CPU = this process's CPU seconds "
        "(PostgreSQL's own work not included); peak = ru_maxrss of the case's own process "
        "in MB (+ growth during the timed part)."
    )
    head = (
        f"{'database':<18} {'output':<36} {'ours':>6} {'base':>6} {'ratio':>5} "
        f"{'target':<12} {'met':<4} {'CPU ours':>8} {'base':>6} {'ratio':>5} "
        f"{'ours peak MB':>13} {'base peak MB':>13}"
    )
    print(head)
    print("-" * len(head))

    def line(
        label: str,
        output: str,
        ours: list[dict[str, Any]],
        base: list[dict[str, Any]],
        target: str,
        ok: bool | None,
    ) -> None:
        o, b = worst(ours), worst(base)
        oc, bc = worst(ours, "cpu"), worst(base, "cpu")
        print(
            f"{label:<18} {output:<36} {o:6.2f} {b:6.2f} {o / b:5.2f} {target:<12} "
            f"{'' if ok is None else verdict(ok):<4} {oc:8.2f} {bc:6.2f} {oc / bc:5.2f} "
            f"{peak(ours):>13} {peak(base):>13}"
        )

    for label in labels:
        for key in pdf_keys:
            ours, base = found.get((label, "plan", key)), found.get((label, "plan-base", key))
            if ours and base:
                first = ours[0]
                output = f"{key} PDF ({first['pages']} p., {first['table_rows']} rows)"
                limit = TARGETS.get("tien-do" if key == "tien-do" else "plan", 1.0)
                line(label, output, ours, base, f"< {limit:g} s", worst(ours) < limit)
        ours, base = found.get((label, "list", "")), found.get((label, "list-base", ""))
        if ours and base:
            output = f"list PDF {ours[0]['rows']:,} rows ({ours[0]['pages']} p.)"
            line(label, output, ours, base, "< 3 s", worst(ours) < TARGETS["list"])
        ours, base = found.get((label, "export", "")), found.get((label, "export-base", ""))
        if ours and base:
            output = f"registry xlsx {ours[0]['rows']:,} rows"
            ratio_ok = worst(ours) <= EXPORT_RATIO_TARGET * worst(base)
            line(label, output, ours, base, "≤ 1.5× base", ratio_ok)
            bare = found.get((label, "bare-write", ""))
            if bare:
                line(label, "  … against the bare write alone", ours, bare, "", None)
    print()
    print("base: plan/list = plain WeasyPrint (no stylesheet, default font) of the same")
    print("headings, paragraphs and table rows; registry = the same query fetching the same")
    print("14 columns as tuples (values_list, iterator of 2,000) + a bare openpyxl write-only")
    print("save (no title, widths, labels, masking or formula guard); 'bare write alone' =")
    print("that save from rows already in memory (its peak includes those rows).")
    print()
    print("PDF first rendering in a process (fonts loaded), worst; build = the builder's queries:")
    for (label, name, key), results in found.items():
        if name in ("plan", "list"):
            build = max(r.get("build_s", 0) for r in results)
            print(
                f"  {label:<18} {name} {key:<9} first {worst(results, 'cold'):6.2f} s, "
                f"build {build:5.2f} s, {results[0]['size'] / 1024:,.0f} KiB"
            )
    https = [(label, r[0]) for (label, name, _k), r in found.items() if name == "http"]
    if not https:
        return
    print()
    print("Over HTTP (gunicorn --workers 2, manage.py db_worker --no-reload), worst:")
    for label, result in https:
        for key, pdf in result["pdf"].items():
            inproc = found.get((label, "plan", key))
            ratio = f" (in process {worst(inproc):.2f} s)" if inproc else ""
            print(
                f"  {label:<18} GET {key}.pdf: {pdf['worst']:.2f} s over {len(pdf['times'])} "
                f"requests, first ones (fonts) up to {max(pdf['cold']):.2f} s{ratio}"
            )
        export = max(result["export"], key=lambda e: e["total"])
        inproc = found.get((label, "export", ""))
        tail = f"; in process {worst(inproc):.2f} s" if inproc else ""
        if export["mode"] == "direct":
            print(f"  {label:<18} registry export, direct download: {export['total']:.2f} s{tail}")
        else:
            print(
                f"  {label:<18} registry export until downloaded: {export['total']:.2f} s "
                f"(redirect {export['first']:.2f}, queued {export['queued']:.2f}, "
                f"run {export['run']:.2f}, download {export['download']:.2f}, "
                f"{export['size'] / 1e6:.1f} MB){tail}"
            )
        print(
            f"  {label:<18} peak RSS: db_worker {mb(result['worker_peak_kb'])} MB, "
            f"gunicorn worker {mb(result['gunicorn_peak_kb'])} MB"
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,5000,100000", help="SQLite databases")
    parser.add_argument("--pg-sizes", default="100000", help="PostgreSQL databases ('' for none)")
    parser.add_argument("--sqlite-dir", default=str(ROOT / "var" / "bench"))
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432/")
    parser.add_argument("--seed", action="store_true", help="create and seed missing databases")
    parser.add_argument("--repeats", type=int, default=3, help="processes per case")
    parser.add_argument("--runs", type=int, default=3, help="PDF renderings per process")
    parser.add_argument("--http", action="store_true", help="also through gunicorn + db_worker")
    parser.add_argument("--skip", default="", help="cases to leave out, e.g. bare-write,list")
    parser.add_argument("--out", default=str(ROOT / "bench" / "out"))
    parser.add_argument("--json", help="write every measurement to this file")
    parser.add_argument("--keep", action="store_true", help="keep the PDFs made (in --out)")
    parser.add_argument("--no-db", action="store_true", help="synthetic list PDF only")
    parser.add_argument("--rows", type=int, default=LIST_ROWS, help="with --no-db")
    parser.add_argument("--case", choices=sorted(CASES), help=argparse.SUPPRESS)
    parser.add_argument("--report", default="ke-hoach", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.runs = max(1, args.runs)
    args.sizes = [int(s) for s in args.sizes.split(",") if s]
    args.pg_sizes = [int(s) for s in args.pg_sizes.split(",") if s]
    args.skip = {s for s in args.skip.split(",") if s}
    if args.case or args.no_db:
        setup()
        (CASES[args.case] if args.case else case_no_db)(args)
        sys.stdout.flush()
        # Skip the interpreter's teardown (WeasyPrint's font cache complains in it).
        os._exit(0)
    drive(args)


if __name__ == "__main__":
    main()
