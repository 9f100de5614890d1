"""``/healthz``: database and task queue, JSON, no login, no session, no-store."""

import datetime as dt
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from reports.tasks import make_export


def test_healthy_without_login_and_without_cookies(db):
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["tasks"] == {"status": "ok", "ready": 0, "oldest_ready_seconds": 0}
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies
    assert response["X-Request-ID"]


def test_reports_ready_tasks_and_the_oldest_ones_age(db):
    make_export.enqueue("00000000-0000-0000-0000-000000000001")
    make_export.enqueue("00000000-0000-0000-0000-000000000002")
    DBTaskResult.objects.filter(
        pk=DBTaskResult.objects.order_by("enqueued_at").first().pk  # type: ignore[union-attr]
    ).update(enqueued_at=timezone.now() - dt.timedelta(minutes=5))
    body = Client().get("/healthz").json()
    assert body["checks"]["tasks"]["ready"] == 2
    assert 299 <= body["checks"]["tasks"]["oldest_ready_seconds"] <= 330
    # Counts only: nothing the tasks were given (job ids) or anyone's data.
    assert "00000000" not in str(body)


def test_a_signed_in_session_is_neither_read_nor_touched(db, officer):
    client = Client()
    client.force_login(officer)
    session_before = client.session.session_key
    with mock.patch("tannkhai.sessions._expired") as expired:
        response = client.get("/healthz")
    assert response.status_code == 200
    expired.assert_not_called()
    assert not response.cookies
    assert client.session.session_key == session_before


def test_database_down_is_503_with_error_status(db):
    with mock.patch(
        "django.db.backends.base.base.BaseDatabaseWrapper.cursor",
        side_effect=OperationalError("connection refused to db.internal:5432"),
    ):
        response = Client().get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body == {
        "status": "error",
        "checks": {"database": {"status": "error"}, "tasks": {"status": "error"}},
    }
    # The reason stays in the log, not in the answer.
    assert "db.internal" not in response.content.decode()


def test_task_queue_unreadable_is_503(db):
    with mock.patch.object(
        DBTaskResult.objects, "using", side_effect=OperationalError("no such table")
    ):
        response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["tasks"] == {"status": "error"}
    assert response.json()["checks"]["database"]["status"] == "ok"


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_replica_is_checked_when_configured():
    with override_settings(READ_REPLICA="replica"):
        body = Client().get("/healthz").json()
    assert body["checks"]["replica"]["status"] == "ok"


def test_plain_http_is_not_redirected_in_production(db):
    with override_settings(SECURE_SSL_REDIRECT=True, SECURE_REDIRECT_EXEMPT=[r"^healthz$"]):
        assert Client().get("/healthz").status_code == 200
        assert Client().get("/dang-nhap/").status_code == 301


def test_only_get_and_head(db):
    assert Client().post("/healthz").status_code == 405
