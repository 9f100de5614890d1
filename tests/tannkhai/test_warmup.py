"""The warm-up gunicorn's master runs before it forks: every template of the project
compiled into the cached loader, the catalogs loaded."""

from __future__ import annotations

import gc
import importlib.util
from pathlib import Path
from unittest import mock

import pytest
from django.apps import apps
from django.conf import settings
from django.db import OperationalError, connection, connections
from django.db.models import QuerySet
from django.template import engines
from django.test.utils import CaptureQueriesContext

from tannkhai.warmup import warm, warm_connection


def test_every_project_template_is_compiled_once() -> None:
    ours = sorted(Path(settings.BASE_DIR / "templates").rglob("*.html"))
    assert warm() == len(ours) > 100
    engine = engines["django"].engine
    cached = next(
        loader for loader in engine.template_loaders if hasattr(loader, "get_template_cache")
    )
    assert "households/list.html" in cached.get_template_cache
    assert "reports/pdf/document.html" in cached.get_template_cache


@pytest.mark.django_db
def test_a_new_workers_connection_touches_every_table() -> None:
    """Each gunicorn worker warms its own connection before its first request: one query
    on every table of the project and the search's folded-text lookups, writing nothing."""
    models = [m for m in apps.get_models() if m._meta.managed and not m._meta.proxy]
    with CaptureQueriesContext(connection) as queries:
        ran = warm_connection()
    assert ran == len(models) + 2
    assert len(queries) == ran
    sql = " ".join(q["sql"] for q in queries)
    for model in models:
        assert model._meta.db_table in sql, model
    assert all(q["sql"].lstrip().upper().startswith("SELECT") for q in queries)
    assert "search_text" in sql and "name_folded" in sql
    assert connection.connection is not None  # kept for the worker's first request


@pytest.mark.django_db
def test_a_database_that_does_not_answer_does_not_stop_the_worker() -> None:
    """A worker that starts while the database is down still starts: its first request
    reconnects (and shows the 503 page if it still cannot)."""
    with (
        mock.patch.object(QuerySet, "exists", side_effect=OperationalError("connection refused")),
        mock.patch.object(connection, "close") as close,
    ):
        assert warm_connection() == 0
    close.assert_called_once()


def test_gunicorn_warms_each_workers_connection_before_its_first_request() -> None:
    """The deployment's settings call the warm-up in each worker (post_worker_init), after
    the fork: a connection opened in the master would be shared by every worker."""
    spec = importlib.util.spec_from_file_location(
        "gunicorn_conf", Path(settings.BASE_DIR) / "deploy" / "gunicorn.conf.py"
    )
    assert spec is not None and spec.loader is not None
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    with mock.patch("tannkhai.warmup.warm_connection", return_value=1) as warm_connection_:
        conf.post_worker_init(mock.Mock())
    assert [c.args for c in warm_connection_.call_args_list] == [(a,) for a in connections]
    gc.enable()  # loading the settings file disables the collector until when_ready
