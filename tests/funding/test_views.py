"""The funding pages per persona, the household page's support section, the dashboard panel,
money typed the Vietnamese way, bad input, and constant query counts."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from funding.models import Allocation, Disbursement, FundingSource
from households.models import Household
from tests.factories import HouseholdFactory
from tests.funding.conftest import allocate, make_poor, pay

pytestmark = pytest.mark.django_db


@pytest.fixture
def house(officer, hh_kp1, lines):
    make_poor(hh_kp1)
    allocation = allocate(
        officer, lines["new_house"], hh_kp1, {"central_ntp": 80_000_000, "other": 20_800_000}
    )
    pay(officer, allocation, "central_ntp", 40_000_000)
    return allocation


READERS = ["officer", "admin_user", "leader", "quarter_head_kp1", "quarter_head_kp2"]


@pytest.mark.parametrize("who", READERS)
def test_readers_open_the_line_pages(who, persona, client_for, lines, house):
    client = client_for(persona(who))
    line = lines["new_house"]
    assert client.get("/ho-tro/").status_code == 200
    page = client.get(f"/ho-tro/dong/{line.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "100.800.000 đ" in body  # planned: the commune's
    sees_kp1 = who != "quarter_head_kp2"
    assert ("KP1-001" in body) is sees_kp1
    detail = client.get(f"/ho-tro/phan-bo/{house.pk}/")
    assert detail.status_code == (200 if sees_kp1 else 404)
    listing = client.get(f"/ho-tro/phan-bo/?line={line.pk}").content.decode()
    assert ("KP1-001" in listing) is sees_kp1
    paid = client.get(f"/ho-tro/giai-ngan/?line={line.pk}").content.decode()
    assert ("40.000.000 đ" in paid) is sees_kp1


def test_quarter_head_is_told_figures_are_their_quarters(quarter_head_kp2, client_for, lines):
    body = client_for(quarter_head_kp2).get("/ho-tro/").content.decode()
    assert 'id="partial-note"' in body


def test_outsider_and_org_member(outsider, org_member, client_for, lines, house):
    line = lines["new_house"]
    client = client_for(outsider)
    assert client.get(f"/ho-tro/dong/{line.pk}/").status_code == 404
    assert client.get(f"/ho-tro/phan-bo/{house.pk}/").status_code == 404
    assert client.get(f"/ho-tro/dong/{line.pk}/phan-bo/").status_code == 404
    assert "KP1-001" not in client.get("/ho-tro/phan-bo/").content.decode()
    assert "KP1-001" not in client.get("/ho-tro/").content.decode()
    member = client_for(org_member)
    for url in ("/ho-tro/", "/ho-tro/phan-bo/", f"/ho-tro/phan-bo/{house.pk}/"):
        assert member.get(url).status_code == 403


def test_readers_may_not_record(leader, quarter_head_kp1, client_for, lines, house):
    for user in (leader, quarter_head_kp1):
        client = client_for(user)
        assert client.get(f"/ho-tro/dong/{lines['new_house'].pk}/phan-bo/").status_code == 403
        assert client.post(f"/ho-tro/phan-bo/{house.pk}/chi/", {}).status_code == 403


@pytest.mark.parametrize("who", ["officer", "leader", "quarter_head_kp1", "org_member"])
def test_household_page_lists_the_support(who, persona, client_for, hh_kp1, house):
    body = client_for(persona(who)).get(f"/ho-gia-dinh/{hh_kp1.pk}/").content.decode()
    section = body.split('id="support"', 1)[1].split("</section>", 1)[0]
    assert "Hỗ trợ xây mới nhà ở" in section
    assert 'data-figure="lines-total">100.800.000 đ' in section
    assert 'data-figure="lines-paid">40.000.000 đ' in section
    assert ('href="/ho-tro/phan-bo/' in section) is (who != "org_member")
    assert ("Phân bổ hỗ trợ" in section) is (who == "officer")


def test_household_without_support(officer, client_for, hh_kp2, lines):
    body = client_for(officer).get(f"/ho-gia-dinh/{hh_kp2.pk}/").content.decode()
    assert "Chưa ghi nhận khoản hỗ trợ nào cho hộ này." in body


def test_dashboard_panel_links_to_the_records(leader, client_for, plan, lines, house):
    body = client_for(leader).get("/chuong-trinh/").content.decode()
    panel = body.split('id="funding-panel"', 1)[1].split("</section>", 1)[0]
    line = lines["new_house"]
    assert f'href="/ho-tro/dong/{line.pk}/" data-figure="planned">100.800.000 đ' in panel
    assert f'href="/ho-tro/phan-bo/?line={line.pk}" data-figure="allocated">100.800.000 đ' in panel
    assert f'href="/ho-tro/giai-ngan/?line={line.pk}" data-figure="disbursed">40.000.000 đ' in panel
    assert "Cộng giai đoạn 2022–2023" in panel
    assert "360.000.000 đ" in panel  # the 2022–2023 plan
    assert "374.904.000 đ" in panel  # both periods
    listing = client_for(leader).get(f"/ho-tro/phan-bo/?line={line.pk}").content.decode()
    assert 'data-figure="total">100.800.000 đ' in listing
    paid = client_for(leader).get(f"/ho-tro/giai-ngan/?line={line.pk}").content.decode()
    assert 'data-figure="total">40.000.000 đ' in paid
    by_source = client_for(leader).get(
        f"/ho-tro/phan-bo/?line={line.pk}&source={FundingSource.objects.get(code='other').pk}"
    )
    assert 'data-figure="total">20.800.000 đ' in by_source.content.decode()


def _post(client, line, target, amount, source="vbsp", **extra):
    data = {
        "household": target.code,
        "allocated_on": "2023-05-02",
        "units": "1",
        f"part_{FundingSource.objects.get(code=source).pk}": amount,
        "decision_number": "45/QĐ-UBND",
        "decision_date": "2023-05-01",
        **extra,
    }
    return client.post(f"/ho-tro/dong/{line.pk}/phan-bo/", data)


@pytest.mark.parametrize(
    "typed", ["40.000.000", "40000000", "40,000,000", "40 000 000", "40.000.000 đ"]
)
def test_money_typed_the_vietnamese_way(typed, officer, client_for, hh_kp1, lines):
    response = _post(client_for(officer), lines["vbsp_loan"], hh_kp1, typed)
    assert response.status_code == 302
    assert Allocation.objects.get().amount == 40_000_000


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("40.000.000,5", "Hãy nhập một số nguyên."),
        ("12,5", "Hãy nhập một số nguyên."),
        ("bốn mươi triệu", "Hãy nhập một số nguyên."),
        ("-40.000.000", "Số phải từ 0 trở lên."),
        ("9" * 30, "Số quá lớn: hãy kiểm tra lại."),
    ],
)
def test_bad_money_gets_a_message_on_the_field(typed, message, officer, client_for, hh_kp1, lines):
    response = _post(client_for(officer), lines["vbsp_loan"], hh_kp1, typed)
    assert response.status_code == 200
    field = f"part_{FundingSource.objects.get(code='vbsp').pk}"
    assert response.context["form"].errors[field] == [message]
    assert not Allocation.objects.exists()


def test_out_of_scope_or_unknown_household_is_a_field_error(officer, client_for, hh_other, lines):
    for code in (hh_other.code, "KHONG-CO"):
        response = _post(client_for(officer), lines["vbsp_loan"], hh_other, "1", household=code)
        assert response.status_code == 200
        assert response.context["form"].errors["household"] == [
            "Không tìm thấy hộ có mã này trong địa bàn bạn phụ trách."
        ]
    assert not Allocation.objects.exists()


def test_service_rules_show_on_the_form(officer, client_for, hh_kp1, lines):
    make_poor(hh_kp1)
    response = _post(
        client_for(officer), lines["new_house"], hh_kp1, "100.800.000", source="central_ntp",
        decision_number="", decision_date="",
    )  # fmt: skip
    assert response.status_code == 200
    body = response.content.decode()
    assert "vượt mức tối đa 80.000.000 đ" in body
    assert "phân bổ vượt kế hoạch cần ghi số và ngày quyết định" not in body
    assert not Allocation.objects.exists()


def test_disbursement_through_the_page(officer, client_for, house):
    client = client_for(officer)
    url = f"/ho-tro/phan-bo/{house.pk}/chi/"
    source = FundingSource.objects.get(code="central_ntp").pk
    bad = client.post(url, {"source": source, "paid_on": "2023-06-01", "amount": "40.000.001"})
    assert bad.status_code == 200
    assert "Vượt phần của nguồn" in bad.context["form"].errors["amount"][0]
    early = client.post(url, {"source": source, "paid_on": "2023-04-01", "amount": "1"})
    assert early.context["form"].errors["paid_on"] == [
        "Ngày chi không được trước ngày phân bổ (02/05/2023)."
    ]
    assert Disbursement.objects.count() == 1
    ok = client.post(
        url,
        {
            "source": source,
            "paid_on": "2023-06-01",
            "amount": "40.000.000",
            "document_number": "PC-2",
        },
    )
    assert ok.status_code == 302
    assert Disbursement.objects.count() == 2


def test_export(officer, quarter_head_kp2, client_for, lines, house):
    response = client_for(officer).get(f"/ho-tro/dong/{lines['new_house'].pk}/xuat-excel/")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert any(r[1] == "KP1-001" and r[7] == 100_800_000 and r[8] == 40_000_000 for r in rows)
    other = client_for(quarter_head_kp2).get(f"/ho-tro/dong/{lines['new_house'].pk}/xuat-excel/")
    assert b"KP1-001" not in other.content


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_constant_queries_on_the_line_list_and_detail(officer, client_for, areas, lines, house):
    client = client_for(officer)
    line = lines["livelihood"]
    urls = ["/ho-tro/", f"/ho-tro/dong/{line.pk}/", "/ho-tro/phan-bo/", "/ho-tro/giai-ngan/"]

    def add(n):
        for i in range(n):
            h = HouseholdFactory(quarter=areas.kp1, code=f"Q-{Household.objects.count()}-{i}")
            make_poor(h)
            a = allocate(
                officer, line, h, {"central_ntp": 1_000_000, "donors": 500_000},
                on=dt.date(2022, 6, 1),
            )  # fmt: skip
            pay(officer, a, "central_ntp", 1_000_000)

    add(1)
    small = [_queries(client, url) for url in urls]
    add(6)
    large = [_queries(client, url) for url in urls]
    assert large == small


@pytest.mark.parametrize("who", ["officer", "org_member"])
def test_household_support_gathers_lines_fund_helpers_and_loans(
    who, persona, client_for, officer, hh_kp1, house, areas
):
    """One section, four groups: the line's allocation, the Fund's spending, the helpers'
    valued support and the policy-bank loan; the loan is listed with its balance but not
    added to the total, and an organisation member does not read the household's
    classification in the loan's program."""
    import datetime as dt

    from assignments.models import Assignment, Person, SupportLog
    from funding.loans import services as loan_services
    from tests.funding_loans.conftest import make_loan, spend

    loan_services.fund_open(
        user=officer,
        commune=areas.commune,
        opened_on=dt.date(2025, 1, 1),
        opening_balance=9_000_000,
    )
    spend(officer, areas.commune, 2_000_000, dt.date(2025, 2, 1), household=hh_kp1)
    make_loan(officer, hh_kp1, program="poor", amount=40_000_000)
    person = Person.objects.create(commune=areas.commune, full_name="Trần Văn Giúp")
    assignment = Assignment.objects.create(
        household=hh_kp1, person=person, started_on=dt.date(2025, 1, 1)
    )
    SupportLog.objects.create(
        assignment=assignment,
        happened_on=dt.date(2025, 3, 1),
        kind=SupportLog.Kind.MATERIAL,
        value=500_000,
        value_form=SupportLog.Form.IN_KIND,
        recorded_by=officer,
    )
    # The plan's policy-bank line lends: its allocation is credit, listed outside the total.
    allocate(
        officer,
        Allocation.objects.get(pk=house.pk).line.program.funding_lines.get(
            category__code="vbsp_loan"
        ),
        hh_kp1,
        {"vbsp": 40_000_000},
    )
    body = client_for(persona(who)).get(f"/ho-gia-dinh/{hh_kp1.pk}/").content.decode()
    section = body.split('id="support"', 1)[1].split("</section>", 1)[0]
    assert 'data-figure="credit-total">40.000.000 đ' in section
    assert 'data-figure="fund-total">2.000.000 đ' in section
    assert 'data-figure="helpers-total">500.000 đ' in section
    assert 'data-figure="loans-total">40.000.000 đ' in section
    # 100.800.000 allocated + 2.000.000 Fund + 500.000 in kind; the loan is not support kept.
    assert 'data-figure="support-total">103.300.000 đ' in section
    assert ("Cho vay hộ nghèo" in section) is (who == "officer")


def test_what_is_left_of_a_line_is_the_communes(client_for, officer, quarter_head_kp2, house):
    """A quarter head sees only their quarter's allocations, but what is left of a line is
    what the whole commune has not allocated: KP1's house leaves nothing for KP2 either."""
    for user in (officer, quarter_head_kp2):
        body = client_for(user).get("/ho-tro/").content.decode()
        row = body.split("Hỗ trợ xây mới nhà ở", 1)[1].split("</tr>", 1)[0]
        assert 'data-figure="remaining" >0 đ' in row or 'data-figure="remaining">0 đ' in row, user
