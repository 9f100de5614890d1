"""The read replica serves the dashboard and the program reports, and nothing that must
be read where it was written (tannkhai.routers). The test "replica" is a second
connection to the same test database (``TEST={"MIRROR": "default"}``)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import connections, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from households.imports.models import ImportBatch
from households.models import Household
from reports.models import ExportJob
from tannkhai.models import AccessLog, User
from tannkhai.routers import ReplicaRouter, reading_replica, replica_reads
from targets.models import Program
from tests.targets.conftest import plan  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@contextmanager
def queries() -> Iterator[tuple[CaptureQueriesContext, CaptureQueriesContext]]:
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        yield primary, replica


router = ReplicaRouter()


@override_settings(READ_REPLICA="replica")
def test_only_views_that_opt_in_read_the_replica():
    assert router.db_for_read(Household) == "default"

    @replica_reads
    def view() -> str:
        return router.db_for_read(Household)

    assert view() == "replica"
    assert router.db_for_read(Household) == "default"


@override_settings(READ_REPLICA=None)
def test_without_a_replica_everything_reads_the_primary():
    @replica_reads
    def view() -> str:
        return router.db_for_read(Household)

    assert view() == "default"


@override_settings(READ_REPLICA="replica")
@pytest.mark.parametrize("model", [User, AccessLog, ExportJob, ImportBatch])
def test_what_must_stay_on_the_primary(model):
    from django.contrib.sessions.models import Session
    from django_tasks_db.models import DBTaskResult

    @replica_reads
    def view() -> list[str]:
        return [router.db_for_read(m) for m in (model, Session, DBTaskResult)]

    assert view() == ["default", "default", "default"]


@override_settings(READ_REPLICA="replica")
def test_after_a_write_the_request_reads_the_primary():
    @replica_reads
    def view() -> tuple[str, str]:
        before = router.db_for_read(Household)
        assert router.db_for_write(Household) == "default"
        return before, router.db_for_read(Household)

    assert view() == ("replica", "default")


@override_settings(READ_REPLICA="replica")
def test_inside_a_transaction_reads_stay_on_the_primary():
    @replica_reads
    def view() -> str:
        with transaction.atomic():
            return router.db_for_read(Household)

    assert view() == "default"


def test_writes_and_migrations_are_the_primarys():
    assert router.db_for_write(Household) == "default"
    assert router.allow_migrate("default", "households") is True
    assert router.allow_migrate("replica", "households") is False


@override_settings(READ_REPLICA="replica")
@pytest.mark.usefixtures("plan")
def test_the_dashboard_reads_its_figures_from_the_replica(leader, client_for):
    client = client_for(leader)
    with queries() as (primary, replica):
        response = client.get("/chuong-trinh/")
    assert response.status_code == 200
    assert len(replica.captured_queries) > 0
    # The user and the session come from the primary.
    primary_sql = " ".join(q["sql"] for q in primary.captured_queries)
    assert "django_session" in primary_sql
    assert "tannkhai_user" in primary_sql
    assert not any("django_session" in q["sql"] for q in replica.captured_queries)


@override_settings(READ_REPLICA="replica")
@pytest.mark.usefixtures("plan")
def test_a_report_preview_reads_the_replica_until_it_writes_the_access_log(officer, client_for):
    program = Program.objects.get()
    with queries() as (_primary, replica):
        response = client_for(officer).get("/bao-cao/xem/ke-hoach/", {"program": program.pk})
    assert response.status_code == 200
    assert replica.captured_queries
    assert not any("INSERT" in q["sql"] for q in replica.captured_queries)


@override_settings(READ_REPLICA="replica")
def test_other_pages_never_touch_the_replica(hh_kp1, officer, client_for):
    with queries() as (_primary, replica):
        assert client_for(officer).get("/ho-gia-dinh/").status_code == 200
        assert client_for(officer).get(f"/ho-gia-dinh/{hh_kp1.pk}/").status_code == 200
    assert replica.captured_queries == []
    assert not reading_replica()
