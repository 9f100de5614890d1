"""Two officers disburse (or allocate) the last of the money at the same moment, on two real
PostgreSQL connections: exactly one wins, the sum never exceeds the allocation.

PostgreSQL only (see ``tests/races.py``).
"""

import datetime as dt

import pytest
from django.db.models import Sum

from funding import services
from funding.models import Allocation, Disbursement, FundingSource
from funding.reference import ensure_reference_data
from tannkhai.formatting import format_vnd
from tests.funding.conftest import allocate, make_poor
from tests.races import one_wins, postgres_races, race

pytestmark = postgres_races


@pytest.fixture(autouse=True)
def _reference(reference_data):
    """Reference data emptied by the previous transactional test."""
    ensure_reference_data()


def test_two_disbursements_of_the_last_money(officer, admin_user, hh_kp1, lines):
    allocation = allocate(officer, lines["vbsp_loan"], hh_kp1, {"vbsp": 40_000_000})
    vbsp = FundingSource.objects.get(code="vbsp")

    def disburse(user, amount, number):
        return lambda: services.disbursement_create(
            user=user,
            allocation=Allocation.objects.select_related("household__quarter").get(
                pk=allocation.pk
            ),
            source=vbsp,
            paid_on=dt.date(2023, 6, 1),
            amount=amount,
            document_number=number,
        )

    outcomes = race(disburse(officer, 30_000_000, "PC-1"), disburse(admin_user, 25_000_000, "PC-2"))
    winner = one_wins(
        outcomes,
        lambda won: (
            "Vượt số còn lại của khoản phân bổ: đã chi "
            f"{format_vnd(won.amount)} trên 40.000.000 đ, "
            f"còn {format_vnd(40_000_000 - won.amount)}."
        ),
    )
    assert Disbursement.objects.count() == 1
    assert Disbursement.objects.aggregate(s=Sum("amount"))["s"] == winner.value.amount <= 40_000_000


def test_two_allocations_of_the_last_of_a_line(officer, admin_user, hh_kp1, hh_kp2, lines):
    make_poor(hh_kp1, hh_kp2)
    repair = lines["house_repair"]

    def allocation(user, household):
        return lambda: allocate(user, repair, household, {"commune_budget": 20_000_000})

    one_wins(
        race(allocation(officer, hh_kp1), allocation(admin_user, hh_kp2)),
        "Dòng kinh phí còn 10.000.000 đ, khoản này 20.000.000 đ: phân bổ vượt kế hoạch cần "
        "ghi số và ngày quyết định cho phép.",
    )
    assert Allocation.objects.filter(line=repair).count() == 1
