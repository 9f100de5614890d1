"""gunicorn settings for tannkhai (``gunicorn -c deploy/gunicorn.conf.py tannkhai.wsgi``).

Every value can be changed from the environment file without editing this one:
GUNICORN_BIND, GUNICORN_WORKERS, GUNICORN_TIMEOUT, GUNICORN_GC_GEN0,
GUNICORN_ACCESS_LOG, GUNICORN_ERROR_LOG.

Garbage collection: the app is loaded once in the master (``preload_app``), its
objects are frozen (``gc.freeze()`` just before each fork) so the workers share them
copy-on-write and the collector never walks them again, and the young generation is
collected less often. bench/gc_tuning.py measures the effect (bench/RESULTS.md §7).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import re
from typing import Any

from gunicorn.glogging import Logger

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: one request each at a time; two per core plus one is the usual start.
# Each worker holds the app (≈ 120 MB with WeasyPrint): check the memory before raising.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# Long lists, exports and imports go to the task worker; a page that takes a minute is a
# fault, and the worker is restarted rather than left to hold its slot.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests (a slow leak never grows for ever);
# the jitter keeps them from restarting all at once.
max_requests = 2000
max_requests_jitter = 200

# Load the app in the master before forking (see gc below). A code update then needs
# `systemctl restart tannkhai-web`: a reload (HUP) forks new workers from the old code.
preload_app = True

# nginx on the same machine terminates TLS; trust its X-Forwarded-Proto.
forwarded_allow_ips = "127.0.0.1,::1"

# -- logs: no query strings (searches carry names and citizen IDs), no referrer -------
# %(U)s is the path without the query string; the request id is the one nginx sent
# (or the app made), as in the app's own log lines and on its error pages.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
# %({x-real-ip}i)s: the client's address as nginx saw it (%(h)s is nginx itself).
access_log_format = (
    '%({x-real-ip}i)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms req=%({x-request-id}o)s'
)
# The workers' stdout/stderr (the app's own log) go to the error log too.
capture_output = True

HEALTH = re.compile(r"^/healthz$")


class AppLogger(Logger):
    """gunicorn's logger without the health checks in the access log (they would be most
    of it, every few seconds from the monitoring)."""

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> None:
        if HEALTH.match(environ.get("PATH_INFO", "")):
            return
        super().access(resp, req, environ, request_time)


logger_class = AppLogger

# -- garbage collection --------------------------------------------------------------
# Python collects its youngest generation after 700 net allocations: two collections per
# registry page, and now and then a full one over everything the app loaded. With the
# app frozen and 10,000, a worker makes about one young collection every nine pages and
# no full one in a hundred; 50,000 saves little more and holds more garbage.
GC_GEN0 = int(os.environ.get("GUNICORN_GC_GEN0", "10000"))

# No collection while the app is imported in the master: the objects it leaves are
# frozen below, and a collection now would only free holes into pages the workers share.
gc.disable()


def when_ready(server: Any) -> None:
    # The app has been loaded (preload_app). Its templates are compiled and its catalogs
    # loaded here, once, rather than by each worker on its first requests
    # (tannkhai.warmup); then what the master allocated goes to the permanent
    # generation, never scanned again, in the master and in every worker forked from it.
    from tannkhai.warmup import warm

    server.log.info("Warm-up: %d templates compiled", warm())
    gc.freeze()
    gc.enable()


def pre_fork(server: Any, worker: Any) -> None:
    # Right before each fork, also when a worker is replaced later (max_requests).
    gc.freeze()


def post_fork(server: Any, worker: Any) -> None:
    gc.set_threshold(GC_GEN0, 10, 10)
    gc.enable()


def post_worker_init(worker: Any) -> None:
    # In the new worker, before its first request: its own database connection, opened
    # and warmed (one query on every table) so that the first pages it serves do not pay
    # for the new PostgreSQL backend's catalog lookups (tannkhai.warmup.warm_connection).
    # The connections (the primary's, the replica's if any) are then kept and replaced as
    # usual (CONN_MAX_AGE, or the pool).
    from tannkhai.warmup import warm_connections

    warm_connections()
