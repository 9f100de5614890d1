"""The loan list, its per-quarter totals and drill-down, a loan's page, the entry forms
and the export, per persona."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from funding.loans import services
from funding.loans.models import LoanRepayment, PolicyLoan
from tests.factories import HeadFactory, HouseholdFactory
from tests.funding_loans.conftest import (
    LOANS,
    household_url,
    loan_url,
    make_loan,
    new_loan_url,
)

pytestmark = pytest.mark.django_db

ALL_LOANS = ("loan_kp1", "loan_kp2", "loan_other")


def listed(response) -> set[int]:
    return {int(pk) for pk in re.findall(r'data-loan="(\d+)"', response.content.decode())}


@pytest.fixture
def loans(request):
    return {name: request.getfixturevalue(name) for name in ALL_LOANS}


# Which of the fixture loans each persona reads.
SEES = {
    "officer": {"loan_kp1", "loan_kp2"},
    "leader": {"loan_kp1", "loan_kp2"},
    "quarter_head_kp1": {"loan_kp1"},
    "quarter_head_kp2": {"loan_kp2"},
    "org_member": {"loan_kp1"},  # assigned to hh_kp1 only
    "admin_user": set(ALL_LOANS),
    "outsider": {"loan_other"},
}


@pytest.mark.parametrize("who", list(SEES))
def test_list_and_detail_are_scoped(who, persona, client_for, loans):
    client = client_for(persona(who))
    response = client.get(LOANS)
    assert response.status_code == 200
    assert listed(response) == {loans[n].pk for n in SEES[who]}
    for name, loan in loans.items():
        status = client.get(loan_url(loan)).status_code
        assert status == (200 if name in SEES[who] else 404), (who, name)


def test_anonymous_and_roleless_users(client_for, loan_kp1):
    from tests.factories import UserFactory

    assert client_for(None).get(LOANS).status_code == 302
    nobody = UserFactory(username="khongvaitro", role="")
    assert client_for(nobody).get(LOANS).status_code == 403
    assert client_for(nobody).get(loan_url(loan_kp1)).status_code == 403


def test_quarter_totals_equal_the_records_and_open_exactly_those_loans(
    officer, client_for, areas, hh_kp1, hh_kp2, loan_kp1, loan_kp2
):
    second = make_loan(officer, hh_kp1, program="jobs", amount=15_000_000)
    overdue = make_loan(
        officer, hh_kp2, amount=8_000_000, disbursed_on=dt.date(2021, 1, 1), term_months=24
    )
    services.repayment_record(
        user=officer, loan=loan_kp1, paid_on=dt.date(2024, 9, 1), principal=10_000_000
    )
    repaid = make_loan(officer, hh_kp1, amount=5_000_000)
    services.repayment_record(
        user=officer, loan=repaid, paid_on=dt.date(2024, 9, 1), principal=5_000_000
    )
    client = client_for(officer)
    response = client.get(LOANS)
    rows = {r.quarter_id: r for r in [s["row"] for s in response.context["summary"]]}
    assert rows[areas.kp1.pk].loans == 2
    assert rows[areas.kp1.pk].outstanding == 30_000_000 + 15_000_000
    assert rows[areas.kp2.pk].outstanding == 30_000_000 + 8_000_000
    assert (rows[areas.kp2.pk].overdue_loans, rows[areas.kp2.pk].overdue_amount) == (1, 8_000_000)
    assert response.context["total"].outstanding == 83_000_000
    # Equal to the records.
    active = PolicyLoan.objects.filter(status="active")
    assert sum(loan.balance for loan in active) == 83_000_000
    # Each figure opens exactly its loans.
    for s in response.context["summary"]:
        opened = client.get(s["url"])
        wanted = {loan.pk for loan in active if loan.household.quarter_id == s["row"].quarter_id}
        assert listed(opened) == wanted
        assert sum(loan.balance for loan in active if loan.pk in wanted) == s["row"].outstanding
    kp2 = next(s for s in response.context["summary"] if s["row"].quarter_id == areas.kp2.pk)
    assert listed(client.get(kp2["overdue_url"])) == {overdue.pk}
    assert listed(client.get(LOANS, {"status": "repaid"})) == {repaid.pk}
    assert listed(client.get(LOANS, {"program": "jobs"})) == {second.pk}
    assert listed(client.get(LOANS, {"status": "in_term", "quarter": areas.kp2.pk})) == {
        loan_kp2.pk
    }
    html = response.content.decode()
    assert "83.000.000 đ" in html


def test_quarter_head_totals_cover_their_quarter_only(
    quarter_head_kp1, client_for, loan_kp1, loan_kp2
):
    response = client_for(quarter_head_kp1).get(LOANS)
    assert [s["row"].quarter_name for s in response.context["summary"]] == ["Khu phố 1"]
    assert response.context["total"].outstanding == 40_000_000


def _grow(officer, quarter, n, start=0):
    for i in range(start, start + n):
        household = HouseholdFactory(quarter=quarter, code=f"G-{i:03d}", head=HeadFactory())
        make_loan(officer, household, amount=1_000_000 + i)


@pytest.mark.parametrize("who", ["officer", "quarter_head_kp1"])
def test_list_queries_do_not_grow_with_the_loans(who, persona, officer, client_for, areas):
    client = client_for(persona(who))
    _grow(officer, areas.kp1, 2)
    _grow(officer, areas.kp2, 1, start=50)
    client.get(LOANS)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(LOANS).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    _grow(officer, areas.kp1, 12, start=2)
    _grow(officer, areas.kp2, 6, start=60)
    assert count() == few
    assert few < 15


def test_officer_records_a_loan_typed_the_vietnamese_way(officer, client_for, hh_kp1):
    client = client_for(officer)
    assert client.get(new_loan_url(hh_kp1)).status_code == 200
    response = client.post(
        new_loan_url(hh_kp1),
        {
            "borrower": hh_kp1.head_id,
            "program": "near_poor",
            "amount": "50.000.000 đ",
            "term_months": "60",
            "interest_rate": "0,66",
            "disbursed_on": "2025-03-10",
            "savings_group": "Tổ TK&VV Khu phố 1",
            "entrusted_organisation": "farmers",
        },
    )
    loan = PolicyLoan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == loan_url(loan)
    assert loan.amount == 50_000_000
    assert str(loan.interest_rate) == "0.660"
    assert loan.due_on == dt.date(2030, 3, 10)
    page = client.get(loan_url(loan)).content.decode()
    assert "50.000.000 đ" in page and "0,66 %" in page and "10/03/2030" in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("amount", "50.000.000,5", "Hãy nhập một số nguyên."),
        ("amount", "-5000000", "Số phải từ 1 trở lên."),
        ("amount", "năm mươi triệu", "Hãy nhập một số nguyên."),
        ("amount", "0", "Số phải từ 1 trở lên."),
        ("term_months", "241", "Số quá lớn: tối đa 240."),
        ("interest_rate", "abc", "Hãy nhập lãi suất là một số, ví dụ 0,55."),
        ("interest_rate", "-0,5", "Lãi suất không được âm."),
        ("interest_rate", "0,55555", "Lãi suất ghi tối đa 3 chữ số sau dấu phẩy."),
        ("disbursed_on", "2999-01-01", "Ngày giải ngân không được ở tương lai."),
        ("due_on", "2020-01-01", "Ngày đến hạn không được trước ngày giải ngân."),
    ],
)
def test_bad_loan_input_is_a_field_error(officer, client_for, hh_kp1, field, value, message):
    data = {
        "borrower": hh_kp1.head_id,
        "program": "poor",
        "amount": "40.000.000",
        "term_months": "36",
        "interest_rate": "0,55",
        "disbursed_on": "2024-03-15",
        field: value,
    }
    response = client_for(officer).post(new_loan_url(hh_kp1), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert not PolicyLoan.objects.exists()


def test_borrower_from_another_household_is_a_field_error(officer, client_for, hh_kp1, hh_kp2):
    response = client_for(officer).post(
        new_loan_url(hh_kp1),
        {
            "borrower": hh_kp2.head_id,
            "program": "poor",
            "amount": "40.000.000",
            "term_months": "36",
            "interest_rate": "0,55",
            "disbursed_on": "2024-03-15",
        },
    )
    assert response.context["form"].errors["borrower"] == [
        "Hãy chọn một thành viên đang cư trú của hộ."
    ]
    assert not PolicyLoan.objects.exists()


@pytest.mark.parametrize("who", ["leader", "quarter_head_kp1", "org_member"])
def test_readers_cannot_record(who, persona, client_for, hh_kp1, loan_kp1):
    client = client_for(persona(who))
    assert client.get(new_loan_url(hh_kp1)).status_code == 403
    assert client.post(f"{loan_url(loan_kp1)}tra-no/", {"paid_on": "2024-09-01"}).status_code == 403
    assert "Ghi lần trả nợ" not in client.get(loan_url(loan_kp1)).content.decode()


def test_outsider_gets_404_for_tan_khai(outsider, client_for, hh_kp1, loan_kp1):
    client = client_for(outsider)
    assert client.get(new_loan_url(hh_kp1)).status_code == 404
    assert client.get(household_url(hh_kp1)).status_code == 404
    assert client.post(f"{loan_url(loan_kp1)}tra-no/", {}).status_code == 404


def test_repayment_through_the_page_and_beyond_the_balance(officer, client_for, loan_kp1):
    client = client_for(officer)
    url = f"{loan_url(loan_kp1)}tra-no/"
    response = client.post(
        url,
        {
            "paid_on": "2024-09-15",
            "principal": "15.000.000",
            "interest": "1.320.000",
            "document_number": "PT-01",
        },
    )
    assert response.status_code == 302
    response = client.post(url, {"paid_on": "2024-12-15", "principal": "25.000.001"})
    assert response.status_code == 200
    assert response.context["form"].errors["principal"] == [
        "Tiền gốc trả vượt dư nợ: khoản vay chỉ còn 25.000.000 đ."
    ]
    assert LoanRepayment.objects.count() == 1
    page = client.get(loan_url(loan_kp1)).content.decode()
    assert "25.000.000 đ" in page and "PT-01" in page


def test_loan_start_finds_the_household_by_code(officer, client_for, hh_kp1, hh_other):
    client = client_for(officer)
    response = client.get("/vay-von-va-quy/them/", {"code": "KP1-001"})
    assert response["Location"] == new_loan_url(hh_kp1)
    response = client.get("/vay-von-va-quy/them/", {"code": "BT-001"})
    assert response.status_code == 200
    assert "Không tìm thấy hộ" in response.content.decode()


def test_organisation_member_does_not_read_the_household_classification(
    org_member, client_for, loan_kp1, hh_kp1
):
    client = client_for(org_member)
    for url in (LOANS, loan_url(loan_kp1), household_url(hh_kp1)):
        html = client.get(url).content.decode()
        assert "Cho vay sản xuất, kinh doanh" in html
        assert "Cho vay hộ nghèo" not in html
    assert client.get(LOANS, {"program": "poor"}).context["filters"]["program"] is None
    assert client.get("/vay-von-va-quy/xuat-excel/").status_code == 403


def test_export_has_the_filtered_loans(officer, client_for, loan_kp1, loan_kp2, loan_other):
    response = client_for(officer).get("/vay-von-va-quy/xuat-excel/", {"program": "housing"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [
        r for r in sheet.iter_rows(values_only=True) if r[0] in ("KP1-001", "KP2-001", "BT-001")
    ]
    assert [(r[0], r[6], r[12]) for r in rows] == [("KP2-001", 30_000_000, 30_000_000)]


def test_household_page_lists_loans_and_fund_support(officer, client_for, hh_kp1, loan_kp1):
    response = client_for(officer).get(household_url(hh_kp1))
    assert response.status_code == 200
    assert [loan.pk for loan in response.context["loans"]] == [loan_kp1.pk]
    assert response.context["balance_total"] == 40_000_000
