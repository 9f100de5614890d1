"""The Fund's ledger, its entry forms and the public list, per persona."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from funding.loans import selectors as sel
from funding.loans.models import FundDonation, FundSpending, PoorFund
from tests.factories import HeadFactory, HouseholdFactory
from tests.funding_loans.conftest import DONATE, LEDGER, OPEN, PUBLIC, SPEND, donate, spend

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def book(officer, areas, fund, hh_kp1, hh_kp2):
    donate(officer, areas.commune, 5_000_000, D(2025, 2, 1), donor="Công ty TNHH Cao su Tân Khai")
    spend(officer, areas.commune, 1_000_000, D(2025, 3, 1), household=hh_kp1)
    spend(officer, areas.commune, 2_000_000, D(2025, 3, 2), household=hh_kp2)
    spend(officer, areas.commune, 3_000_000, D(2025, 3, 3), purpose="Quà Tết")
    return fund


@pytest.mark.parametrize("who", ["officer", "leader", "quarter_head_kp1", "admin_user"])
def test_staff_read_the_ledger_and_the_public_list(who, persona, client_for, book, areas):
    client = client_for(persona(who))
    response = client.get(LEDGER, {"year": 2025, "commune": areas.commune.pk})
    assert response.status_code == 200
    assert response.context["book"].closing == 9_000_000
    html = response.content.decode()
    assert "Công ty TNHH Cao su Tân Khai" in html
    if who == "quarter_head_kp1":
        assert "KP2-001" not in html and "Đặng Thị Bình" not in html
        assert "KP1-001" in html
    public = client.get(PUBLIC, {"year": 2025, "commune": areas.commune.pk})
    assert public.status_code == 200
    text = public.content.decode()
    # Households by head name and quarter only: no code, no citizen ID.
    assert "Nguyễn Văn Ân" in text and "Đặng Thị Bình" in text and "Khu phố 2" in text
    assert "KP1-001" not in text
    assert "9.000.000 đ" in text


@pytest.mark.parametrize("who", ["org_member"])
def test_organisation_members_do_not_read_the_ledger(who, persona, client_for, book):
    client = client_for(persona(who))
    assert client.get(LEDGER).status_code == 403
    assert client.get(PUBLIC).status_code == 403


def test_outsider_reads_their_own_commune_not_tan_khai(outsider, client_for, book, areas):
    client = client_for(outsider)
    assert client.get(LEDGER, {"commune": areas.commune.pk}).status_code == 404
    response = client.get(LEDGER)
    assert response.status_code == 200
    assert response.context["commune"] == areas.other_commune
    assert response.context["fund"] is None
    assert client.get(SPEND, {"commune": areas.commune.pk}).status_code == 404


def test_officer_opens_the_book_and_records(officer, client_for, areas, hh_kp1):
    client = client_for(officer)
    assert client.get(DONATE)["Location"].startswith(OPEN)
    response = client.post(OPEN, {"opened_on": "2025-01-01", "opening_balance": "12.000.000"})
    assert response.status_code == 302
    fund = PoorFund.objects.get()
    response = client.post(
        DONATE,
        {
            "donor_name": "Bà Trần Thị Mai",
            "donor_kind": "individual",
            "amount": "5 000 000",
            "received_on": "2025-02-03",
            "receipt_number": "001/2025",
        },
    )
    assert response.status_code == 302
    response = client.post(
        SPEND,
        {
            "household_code": "KP1-001",
            "amount": "17,000,000",
            "spent_on": "2025-03-01",
            "decision_number": "05/QĐ",
        },
    )
    assert response.status_code == 302
    assert FundSpending.objects.get().household == hh_kp1
    assert sel.ledger(user=officer, fund=fund, year=2025).closing == 0


def test_a_spending_that_would_empty_the_fund_is_a_field_error(officer, client_for, book):
    response = client_for(officer).post(
        SPEND,
        {
            "purpose": "Xây nhà",
            "amount": "9.000.001",
            "spent_on": "2025-06-01",
            "decision_number": "07/QĐ",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["amount"] == [
        "Quỹ không đủ để chi 9.000.001 đ: số dư ngày 01/06/2025 chỉ còn 9.000.000 đ."
    ]
    assert FundSpending.objects.count() == 3


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"amount": "1.000,5"}, "amount", "Hãy nhập một số nguyên."),
        ({"amount": "-100"}, "amount", "Số phải từ 1 trở lên."),
        ({"amount": "một triệu"}, "amount", "Hãy nhập một số nguyên."),
        ({"household_code": "BT-001"}, "household_code", None),
        ({"household_code": "", "purpose": ""}, "purpose", None),
        ({"spent_on": "2024-12-31"}, "spent_on", None),
    ],
)
def test_bad_spending_input(officer, client_for, book, data, field, message):
    body = {
        "purpose": "Quà",
        "amount": "1.000.000",
        "spent_on": "2025-06-01",
        "decision_number": "07/QĐ",
    }
    body.update(data)
    response = client_for(officer).post(SPEND, body)
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    if message:
        assert errors == [message]
    assert FundSpending.objects.count() == 3


def test_a_retired_household_gets_no_spending_through_the_form(officer, client_for, book, hh_kp1):
    from households import services as hh_services

    hh_services.household_retire(
        user=officer,
        household=hh_kp1,
        reason="moved_away",
        retired_on=D(2025, 5, 1),
        version=hh_kp1.version,
    )
    response = client_for(officer).post(
        SPEND,
        {
            "household_code": "KP1-001",
            "amount": "1.000.000",
            "spent_on": "2025-06-01",
            "decision_number": "07/QĐ",
        },
    )
    assert response.context["form"].errors["household_code"] == [
        "Hộ KP1-001 đã ra khỏi danh sách: không chi hỗ trợ cho hộ này."
    ]


@pytest.mark.parametrize("who", ["leader", "quarter_head_kp1"])
def test_readers_cannot_write_the_ledger(who, persona, client_for, book):
    client = client_for(persona(who))
    for url in (DONATE, SPEND, OPEN):
        assert client.get(url).status_code == 403
        assert client.post(url, {}).status_code == 403
    assert FundDonation.objects.count() == 1


def _grow(officer, commune, quarter, n, start):
    for i in range(start, start + n):
        household = HouseholdFactory(quarter=quarter, code=f"Q-{i:03d}", head=HeadFactory())
        donate(officer, commune, 1_000_000, D(2025, 4, 1), donor=f"Nhà hảo tâm {i}")
        spend(officer, commune, 500_000, D(2025, 4, 2), household=household)


@pytest.mark.parametrize("url", [LEDGER, PUBLIC])
@pytest.mark.parametrize("who", ["officer", "quarter_head_kp1"])
def test_ledger_queries_do_not_grow(url, who, persona, officer, client_for, fund, areas):
    client = client_for(persona(who))
    _grow(officer, areas.commune, areas.kp1, 2, 0)
    _grow(officer, areas.commune, areas.kp2, 1, 50)
    client.get(url, {"year": 2025})

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, {"year": 2025}).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    _grow(officer, areas.commune, areas.kp1, 10, 2)
    _grow(officer, areas.commune, areas.kp2, 5, 60)
    assert count() == few
    assert few < 15
