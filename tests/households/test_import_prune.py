"""manage.py prune_imports: batches older than IMPORT_KEEP_DAYS go with their files; a
running one stays."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from households.imports.models import ImportBatch
from tannkhai.storage import private_storage
from tests.households.imports import household_rows, previewed

pytestmark = pytest.mark.django_db


def test_old_batches_and_their_files_are_deleted(officer, areas, settings):
    settings.IMPORT_KEEP_DAYS = 30
    old = previewed(officer, household_rows(), name="cu.xlsx")
    running = previewed(officer, household_rows(), name="dang-chay.xlsx")
    recent = previewed(officer, household_rows(), name="moi.xlsx")
    long_ago = timezone.now() - dt.timedelta(days=31)
    ImportBatch.objects.filter(pk__in=[old.pk, running.pk]).update(created_at=long_ago)
    ImportBatch.objects.filter(pk=running.pk).update(status=ImportBatch.Status.RUNNING)
    for batch in (old, running, recent):
        assert private_storage.exists(batch.file)
        assert private_storage.exists(f"imports/{batch.pk}.json")
    out = StringIO()
    call_command("prune_imports", stdout=out)
    assert out.getvalue().strip() == "1 import batch(es) removed"
    assert set(ImportBatch.objects.values_list("filename", flat=True)) == {
        "dang-chay.xlsx",
        "moi.xlsx",
    }
    assert not private_storage.exists(old.file)
    assert not private_storage.exists(f"imports/{old.pk}.json")
    assert private_storage.exists(running.file) and private_storage.exists(recent.file)
