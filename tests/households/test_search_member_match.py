"""Registry search says which member matched when it is not the head."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import HouseholdFactory, MemberFactory
from tests.utils import text

URL = "/ho-gia-dinh/"


def test_search_by_member_name_shows_the_member_without_diacritics(hh_kp1, officer, client_for):
    body = text(client_for(officer).get(URL, {"q": "le thi hoa"}))
    assert "KP1-001" in body
    assert "khớp: Lê Thị Hoa" in body


def test_search_by_head_name_shows_no_member(hh_kp1, officer, client_for):
    body = text(client_for(officer).get(URL, {"q": "Nguyễn Văn Ân"}))
    assert "KP1-001" in body
    assert "khớp:" not in body


def test_search_by_code_shows_no_member(hh_kp1, officer, client_for):
    assert "khớp:" not in text(client_for(officer).get(URL, {"q": "KP1-001"}))


def test_htmx_partial_shows_the_member(hh_kp1, officer, client_for):
    response = client_for(officer).get(URL, {"q": "HOA"}, HTTP_HX_REQUEST="true")
    assert "khớp: Lê Thị Hoa" in text(response)


def test_org_member_sees_the_matched_name(hh_kp1, org_member, client_for):
    # Organisation members see names (only): the matched name is one of them.
    assert "khớp: Lê Thị Hoa" in text(client_for(org_member).get(URL, {"q": "hoa"}))


def test_other_quarter_household_is_not_revealed(hh_kp1, quarter_head_kp2, client_for):
    body = text(client_for(quarter_head_kp2).get(URL, {"q": "hoa"}))
    assert "Lê Thị Hoa" not in body


def _with_members(quarter, count, start):
    for n in range(start, start + count):
        household = HouseholdFactory(quarter=quarter, code=f"M{n:04d}")
        MemberFactory(household=household, full_name=f"Trần Thị Hoà {n}")


def test_member_match_costs_one_query_per_page(areas, officer, client_for):
    client = client_for(officer)
    _with_members(areas.kp1, 2, 0)
    url = f"{URL}?q=hoa"
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        first = text(client.get(url))
    # Each row is rendered twice: phone list and desktop table.
    assert first.count("khớp: Trần Thị Hoà") == 2 * 2
    _with_members(areas.kp1, 20, 2)
    with CaptureQueriesContext(connection) as large:
        second = text(client.get(url))
    assert second.count("khớp: Trần Thị Hoà") == 22 * 2
    assert len(large.captured_queries) == len(small.captured_queries)
