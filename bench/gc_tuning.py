#!/usr/bin/env python
"""Garbage collection in a web worker, before and after the tuning of
deploy/gunicorn.conf.py (``gc.freeze()`` after the app is loaded, a larger gen-0
threshold).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tannkhai_demo \\
        .venv/bin/python bench/gc_tuning.py --requests 100

Each setting runs in a fresh interpreter, as a gunicorn worker would: Django and the
whole URLconf are loaded and one request of each page is made (what ``preload_app``
does in the master, plus a worker's first request); then, depending on the setting,
``gc.freeze()`` and ``gc.set_threshold(...)``; then ``--requests`` requests of the
registry list (``/ho-gia-dinh/``, pages 1–5 in turn) as the demo's officer
(``canbo``), with ``gc.callbacks`` counting the collections of each generation and
the time spent in them. Prints a table and the JSON of every run.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# name → (freeze after loading, gen-0 threshold)
SETTINGS: dict[str, tuple[bool, int]] = {
    "default (700, no freeze)": (False, 700),
    "freeze only": (True, 700),
    "threshold 50,000 only": (False, 50_000),
    "freeze + threshold 10,000 (deploy/gunicorn.conf.py)": (True, 10_000),
    "freeze + threshold 50,000": (True, 50_000),
}
USER = "canbo"
BACKEND = "django.contrib.auth.backends.ModelBackend"


def one_run(freeze: bool, gen0: int, requests: int) -> dict[str, Any]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tannkhai.settings")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    import django

    # As in gunicorn.conf.py: no collection while the app loads (with the tuning).
    if freeze:
        gc.disable()
    django.setup()
    from django.test import Client
    from django.urls import get_resolver

    from tannkhai.models import User

    get_resolver().url_patterns  # noqa: B018  (loads every app's views)
    client = Client()
    client.force_login(User.objects.get(username=USER), backend=BACKEND)
    for page in range(1, 6):  # a worker's first requests: templates, translations, caches
        assert client.get("/ho-gia-dinh/", {"page": page}).status_code == 200
    if freeze:
        gc.freeze()
        gc.enable()
    gc.set_threshold(gen0, 10, 10)
    frozen = gc.get_freeze_count()
    tracked = len(gc.get_objects())

    started: dict[str, float] = {}
    collections: list[tuple[int, float]] = []

    def callback(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started["t"] = time.perf_counter()
        else:
            collections.append((info["generation"], time.perf_counter() - started["t"]))

    gc.callbacks.append(callback)
    times = []
    begin = time.perf_counter()
    for n in range(requests):
        t0 = time.perf_counter()
        response = client.get("/ho-gia-dinh/", {"page": n % 5 + 1})
        times.append(time.perf_counter() - t0)
        assert response.status_code == 200
    wall = time.perf_counter() - begin
    gc.callbacks.remove(callback)

    full = [d for g, d in collections if g == 2]
    young = [d for g, d in collections if g < 2]
    return {
        "freeze": freeze,
        "gen0": gen0,
        "requests": requests,
        "frozen_objects": frozen,
        "tracked_objects": tracked,
        "full_collections": len(full),
        "full_ms_total": round(sum(full) * 1000, 1),
        "full_ms_median": round(statistics.median(full) * 1000, 1) if full else 0.0,
        "young_collections": len(young),
        "young_ms_total": round(sum(young) * 1000, 1),
        "gc_ms_total": round((sum(full) + sum(young)) * 1000, 1),
        "request_ms_median": round(statistics.median(times) * 1000, 1),
        "request_ms_p95": round(sorted(times)[int(0.95 * (len(times) - 1))] * 1000, 1),
        "wall_s": round(wall, 2),
        "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each setting")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        freeze, gen0 = SETTINGS[args.child]
        print(json.dumps(one_run(freeze, gen0, args.requests)))
        return

    results: list[tuple[str, dict[str, Any]]] = []
    for _round in range(args.repeat):
        for name in SETTINGS:
            out = (
                subprocess.run(
                    [sys.executable, __file__, "--child", name, "--requests", str(args.requests)],
                    check=True,
                    capture_output=True,
                    text=True,
                )
                .stdout.strip()
                .splitlines()[-1]
            )
            results.append((name, json.loads(out)))
    header = (
        "| setting | full GCs | full GC time | median full GC | young GCs | young GC time "
        "| request median | p95 | peak RSS |"
    )
    print(header)
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, r in results:
        print(
            f"| {name} | {r['full_collections']} | {r['full_ms_total']} ms "
            f"| {r['full_ms_median']} ms | {r['young_collections']} | {r['young_ms_total']} ms "
            f"| {r['request_ms_median']} ms | {r['request_ms_p95']} ms | {r['max_rss_mb']} MB |"
        )
    print(json.dumps([{"setting": n, **r} for n, r in results], indent=1))


if __name__ == "__main__":
    main()
