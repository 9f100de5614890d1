"""DATABASE_POOL (Django's psycopg pool) and DATABASE_REPLICA_URL, read from the
environment in a fresh interpreter, as a server starts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PG = "postgres://app:pw@db.example:5432/tannkhai"


def databases(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DATABASE_POOL", "CONN_MAX_AGE"}
        and not k.startswith("DATABASE_REPLICA")
    }
    clean.update(env)
    code = (
        "import json, tannkhai.settings as s; "
        "print(json.dumps({'db': s.DATABASES, 'replica': s.READ_REPLICA}, default=str))"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def _read(**env: str) -> dict:
    result = databases(**env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_no_pool_by_default_and_kept_connections():
    db = _read(DATABASE_URL=PG)["db"]["default"]
    assert "pool" not in db["OPTIONS"]
    assert db["CONN_MAX_AGE"] == 600
    assert db["CONN_HEALTH_CHECKS"] is True


def test_pool_sizes_from_the_environment():
    db = _read(DATABASE_URL=PG, DATABASE_POOL="2:8")["db"]["default"]
    assert db["OPTIONS"]["pool"] == {"min_size": 2, "max_size": 8, "timeout": 10.0}
    assert db["CONN_MAX_AGE"] == 0
    assert db["CONN_HEALTH_CHECKS"] is True


@pytest.mark.parametrize("value", ["off", "", "0"])
def test_pool_off(value):
    assert "pool" not in _read(DATABASE_URL=PG, DATABASE_POOL=value)["db"]["default"]["OPTIONS"]


@pytest.mark.parametrize(
    ("env", "words"),
    [
        ({"DATABASE_POOL": "eight"}, "DATABASE_POOL must be"),
        ({"DATABASE_POOL": "9:3"}, "MIN <= MAX"),
        ({"DATABASE_POOL": "2:8", "CONN_MAX_AGE": "60"}, "CONN_MAX_AGE"),
    ],
)
def test_bad_pool_settings_refuse_to_start(env, words):
    result = databases(DATABASE_URL=PG, **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert words in result.stderr


def test_replica_alias_and_the_primary_only_by_default():
    assert _read(DATABASE_URL=PG)["replica"] is None
    read = _read(DATABASE_URL=PG, DATABASE_REPLICA_URL="postgres://ro@replica.example/tannkhai")
    assert read["replica"] == "replica"
    assert read["db"]["replica"]["HOST"] == "replica.example"
    assert read["db"]["replica"]["OPTIONS"]["options"] == "-c jit=off"
