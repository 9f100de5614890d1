"""History rows copied from the table (``copy_history``) are the rows simple-history's own
bulk helper writes for the same records: every tracked field, the user, the reason, the
kind and the date."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from households.models import Household, Member
from tannkhai.bulk_history import copy_history
from tannkhai.models import User

SKIP = {"history_id", "history_date"}


def rows(model, pks, since):
    history = model.history.model
    names = [f.attname for f in history._meta.concrete_fields if f.attname not in SKIP]
    found = history.objects.filter(id__in=pks, history_date__gte=since).order_by("id", "history_id")
    return [tuple(getattr(r, n) for n in names) for r in found]


def test_copied_rows_equal_simple_historys(officer: User, hh_kp1: Household) -> None:
    members = list(Member.objects.filter(household=hh_kp1).order_by("pk"))
    pks = [m.pk for m in members]
    since = timezone.now()
    Member.history.bulk_history_create(
        members, default_user=officer, default_change_reason="tham chiếu", update=True
    )
    expected = rows(Member, pks, since)
    Member.history.filter(history_date__gte=since).delete()
    when = (since + dt.timedelta(seconds=1)).replace(microsecond=123456)
    assert copy_history(
        Member, pks, user=officer, reason="tham chiếu", history_type="~", date=when
    ) == len(pks)
    assert rows(Member, pks, since) == expected
    dates = set(
        Member.history.filter(history_date__gte=since).values_list("history_date", flat=True)
    )
    assert dates == {when}  # stored and read back as the same aware moment


def test_household_rows_and_kinds(officer: User, hh_kp1: Household) -> None:
    since = timezone.now()
    assert copy_history(Household, [hh_kp1.pk], user=officer, reason="x" * 300) == 1
    [row] = Household.history.filter(history_date__gte=since)
    assert (row.history_type, row.history_user, row.code, row.head_id) == (
        "+",
        officer,
        hh_kp1.code,
        hh_kp1.head_id,
    )
    assert row.history_change_reason == "x" * 100  # the column's length
    assert copy_history(Household, [], user=officer) == 0
    with pytest.raises(ValueError):
        copy_history(Household, [hh_kp1.pk], history_type="-")
    with pytest.raises(ValueError):
        copy_history(Household, [None])


def test_many_ids_go_in_batches(officer: User, hh_kp1: Household, monkeypatch) -> None:
    import tannkhai.bulk_history as bulk

    monkeypatch.setattr(bulk, "BATCH", 1)
    members = list(Member.objects.filter(household=hh_kp1).values_list("pk", flat=True))
    since = timezone.now() - dt.timedelta(seconds=1)
    before = Member.history.filter(history_date__gte=since).count()
    assert copy_history(Member, members, user=None) == len(members) == 2
    assert Member.history.filter(history_date__gte=since).count() == before + 2
