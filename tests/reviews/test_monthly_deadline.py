"""A monthly (ad-hoc) review handles requests from the 15th; the decision and the
certificates are due within 15 days of that start. Due dates and what is overdue show
on the campaign list and the campaign page; computed, not stored."""

import datetime as dt

import pytest
from django.utils import timezone

from households.reviews import services as svc
from households.reviews.models import Review, ReviewCampaign
from tests.utils import text


def adhoc(year, month):
    return ReviewCampaign(kind="adhoc", year=year, month=month, list_year=year)


@pytest.mark.parametrize(
    ("year", "month", "due"),
    [
        (2026, 11, dt.date(2026, 11, 30)),
        (2026, 12, dt.date(2026, 12, 30)),
        (2027, 2, dt.date(2027, 3, 2)),
        (2028, 2, dt.date(2028, 3, 1)),  # leap year
    ],
)
def test_due_date_is_15_days_after_the_15th(year, month, due):
    assert adhoc(year, month).due_date == due


def test_periodic_review_has_no_monthly_due_date():
    assert ReviewCampaign(kind="periodic", year=2026, list_year=2027).due_date is None


@pytest.mark.parametrize(
    ("today", "pending", "state"),
    [
        (dt.date(2026, 11, 30), 1, "due"),  # the last day is still in time
        (dt.date(2026, 12, 1), 1, "overdue"),
        (dt.date(2026, 12, 1), 0, "done"),
        (dt.date(2026, 11, 10), 1, "due"),
    ],
)
def test_deadline_state_at_the_boundary(today, pending, state):
    assert adhoc(2026, 11).deadline_state(today=today, unrecognised=pending) == state


@pytest.fixture
def november(officer, areas, hh_kp1):
    campaign = svc.campaign_create(
        user=officer, commune=areas.commune, kind="adhoc", year=2026, month=11
    )
    svc.campaign_add_household(user=officer, campaign=campaign, household=hh_kp1)
    return campaign


def on(monkeypatch, day):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)


def test_campaign_pages_show_the_due_date(client_for, officer, november, monkeypatch):
    on(monkeypatch, dt.date(2026, 11, 30))
    client = client_for(officer)
    for url in ("/ra-soat/", f"/ra-soat/{november.pk}/"):
        body = text(client.get(url))
        assert "Hạn quyết định, giấy chứng nhận: 30/11/2026" in body
        assert "Quá hạn" not in body


def test_campaign_pages_show_overdue(client_for, officer, november, monkeypatch):
    on(monkeypatch, dt.date(2026, 12, 1))
    client = client_for(officer)
    assert "Quá hạn" in text(client.get("/ra-soat/"))
    body = text(client.get(f"/ra-soat/{november.pk}/"))
    assert "Quá hạn: quyết định và giấy chứng nhận phải xong trước hết ngày 30/11/2026." in body


def test_recognised_campaign_is_not_overdue(client_for, officer, november, monkeypatch):
    Review.objects.filter(campaign=november).update(status="recognised")
    on(monkeypatch, dt.date(2026, 12, 1))
    assert "Quá hạn" not in text(client_for(officer).get("/ra-soat/"))
