"""What a web worker would otherwise do on its first requests, done once in gunicorn's
master before it forks (``deploy/gunicorn.conf.py``, ``when_ready``).

Each worker compiled every template, loaded the translation catalogs and built the URL
resolver on the first request that needed them: the first pages a worker served after a
start took several times their usual time (p95 of a one-user load test 230–420 ms for
pages whose median is 50–60 ms). Done in the master, the compiled templates and catalogs
are inherited by every worker, shared copy-on-write and frozen with the rest of the app.

The database connection cannot be inherited (a connection is never shared across a fork):
each worker opens its own after the fork and ``warm_connection`` runs one small query on
every table there, before the worker accepts its first request (``post_worker_init``).
A new PostgreSQL backend loads the catalog entries of every table and index its queries
touch on first use; without this the first pages of a new worker took 200–300 ms.
"""

from __future__ import annotations

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import DatabaseError, connections
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.urls import get_resolver
from django.utils import translation


def warm() -> int:
    """Compile the project's templates (through the cached loader), load the catalog of
    each language and the URL resolver; returns how many templates were compiled."""
    get_resolver().url_patterns  # noqa: B018 (imports every URLconf and view module)
    get_resolver()._populate()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Trang chủ")
    compiled = 0
    for engine in engines.all():
        for directory in getattr(engine, "dirs", []):
            base = Path(directory)
            for path in sorted(base.rglob("*.html")):
                try:
                    engine.get_template(path.relative_to(base).as_posix())
                except (TemplateDoesNotExist, TemplateSyntaxError):
                    continue  # the page that uses it says so, as without the warm-up
                compiled += 1
    return compiled


def warm_connection(alias: str = "default") -> int:
    """Open the process's connection to the database ``alias`` and run one query by
    primary key on every table of every installed app, and the registry's search shapes;
    returns how many queries were run. A database that does not answer is not an error
    here: the first request reconnects and, if it still cannot, shows the 503 page."""
    from households.models import Household, Member

    ran = 0
    try:
        for model in apps.get_models():
            meta = model._meta
            if meta.proxy or not meta.managed:
                continue
            model._default_manager.using(alias).filter(pk=0).exists()
            ran += 1
        # The search's folded-text lookups (trigram indexes on PostgreSQL), by commune.
        probe = "khoidong"  # matches nothing: there is no commune or household 0
        Household.objects.using(alias).filter(commune_id=0, search_text__contains=probe).exists()
        Member.objects.using(alias).filter(household_id=0, name_folded__contains=probe).exists()
        ran += 2
    except DatabaseError:
        connections[alias].close()
        return ran
    return ran


def warm_connections() -> dict[str, int]:
    """``warm_connection`` for every configured database (the primary and, when there is
    one, the read replica the dashboards and reports use)."""
    return {alias: warm_connection(alias) for alias in connections}
