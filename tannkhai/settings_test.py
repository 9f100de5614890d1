"""Test settings: fast hashing, no lockout noise, same database selection as production."""

import os

os.environ.setdefault("DEBUG", "on")

from tannkhai.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AXES_ENABLED = os.environ.get("TEST_AXES", "") == "1"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LANGUAGE_CODE = "vi"
# Private uploads (commitment scans) use the file system: a throw-away directory per run.
MEDIA_ROOT = __import__("tempfile").mkdtemp(prefix="tannkhai-test-media-")
# A second alias on the same test database, for the read-replica router's tests; the
# router uses it only where a test sets READ_REPLICA="replica".
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
READ_REPLICA = None
# No heartbeat thread beside the worker's tasks in tests (its own connection would write
# outside the test's transaction); tests/tannkhai/test_background.py turns it on.
TASK_HEARTBEAT_SECONDS = 0
