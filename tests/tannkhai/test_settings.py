"""Production settings refuse to start without a real secret key and hosts."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k" * 20 + "-a-random-production-key-0123456789"


def import_settings(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE"}
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import tannkhai.settings"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_debug_off_without_secret_key_refuses_to_start():
    result = import_settings(DEBUG="off", ALLOWED_HOSTS="tannkhai.example.vn")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize("key", ["short-key", "dev-only-insecure-key-never-used-in-production", ""])
def test_debug_off_with_short_or_default_secret_key_refuses_to_start(key):
    result = import_settings(DEBUG="off", SECRET_KEY=key, ALLOWED_HOSTS="tannkhai.example.vn")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


def test_debug_off_without_allowed_hosts_refuses_to_start():
    result = import_settings(DEBUG="off", SECRET_KEY=GOOD_KEY)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "ALLOWED_HOSTS" in result.stderr


def test_debug_off_with_key_and_hosts_starts():
    result = import_settings(DEBUG="off", SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="tannkhai.example.vn")
    assert result.returncode == 0, result.stderr


def test_debug_on_starts_without_secret_key():
    result = import_settings(DEBUG="on")
    assert result.returncode == 0, result.stderr
