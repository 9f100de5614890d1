"""The admin shows loans and the Fund read-only, and logs who opened a loan."""

from __future__ import annotations

import datetime as dt

import pytest

from tannkhai.models import AccessLog, Role
from tests.factories import UserFactory
from tests.funding_loans.conftest import spend

pytestmark = pytest.mark.django_db


def test_admin_pages_open_and_are_logged(client_for, areas, officer, fund, loan_kp1, hh_kp1):
    spending = spend(officer, areas.commune, 1_000_000, dt.date(2025, 2, 1), household=hh_kp1)
    root = UserFactory(username="root", role=Role.ADMIN, is_staff=True, is_superuser=True)
    client = client_for(root)
    for path in (
        "/quan-tri/funding/policyloan/",
        f"/quan-tri/funding/policyloan/{loan_kp1.pk}/change/",
        "/quan-tri/funding/poorfund/",
        f"/quan-tri/funding/poorfund/{fund.pk}/change/",
        "/quan-tri/funding/funddonation/",
        f"/quan-tri/funding/fundspending/{spending.pk}/change/",
    ):
        assert client.get(path).status_code == 200, path
    logged = AccessLog.objects.filter(action=AccessLog.Action.ADMIN_VIEW)
    assert logged.filter(household=hh_kp1, detail__model="policyloan").exists()
    assert logged.filter(household=None, detail__model="poorfund").exists()
    assert client.post(f"/quan-tri/funding/policyloan/{loan_kp1.pk}/delete/").status_code == 403
