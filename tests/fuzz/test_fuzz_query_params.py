"""Property-based fuzzing of the query parameters of every list and dashboard page.

Whatever a URL carries (ids of other communes, 0, negative, 5,000-digit numbers, NUL and
zero-width characters, repeated keys), the page answers 200, a redirect, 403 or 404 —
never a 500. A new page without path arguments fails ``test_every_list_page_is_fuzzed``
until it is listed here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz.strategies import garbage, number_text
from tests.fuzz.test_fuzz_forms import rolled_back

Get = Callable[[str], Any]

FILTERS = [
    "q",
    "commune",
    "quarter",
    "poverty_status",
    "status",
    "is_ethnic_minority",
    "no_labour_capacity",
    "person_of_merit",
    "social_protection",
    "livelihood",
    "sort",
    "page",
]


@dataclass
class QueryPage:
    name: str
    url: Callable[[Get], str]
    params: tuple[str, ...]
    personas: tuple[str, ...] = ("officer", "quarter_head_kp1", "leader")


PAGES = [
    QueryPage(
        "import_preview",
        lambda get: f"/ho-gia-dinh/nhap-excel/{get('import_batch').pk}/",
        ("status", "page"),
        ("officer", "quarter_head_kp1"),
    ),
    QueryPage(
        "registry",
        lambda get: "/ho-gia-dinh/",
        tuple(FILTERS),
        ("officer", "org_member", "quarter_head_kp1"),
    ),
    QueryPage(
        "registry_export",
        lambda get: "/ho-gia-dinh/xuat-excel/",
        tuple(FILTERS),
        ("officer", "quarter_head_kp1"),
    ),
    QueryPage(
        "household_create",
        lambda get: "/ho-gia-dinh/them/",
        ("quarter",),
        ("officer", "quarter_head_kp1"),
    ),
    QueryPage("areas", lambda get: "/ho-gia-dinh/dia-ban/", ("page",)),
    QueryPage("dashboard", lambda get: "/chuong-trinh/", ("program", "year", "quarter")),
    QueryPage("escaped", lambda get: "/chuong-trinh/thoat-ngheo/", ("program", "year", "quarter")),
    QueryPage(
        "placements",
        lambda get: "/chuong-trinh/viec-lam/",
        ("year", "commune", "quarter", "kind", "q", "program", "page"),
    ),
    QueryPage(
        "enrolments",
        lambda get: "/chuong-trinh/dao-tao/",
        ("year", "commune", "quarter", "q", "program", "page"),
    ),
    QueryPage("member_search", lambda get: "/chuong-trinh/tim-nguoi/", ("q",)),
    QueryPage("campaigns", lambda get: "/ra-soat/", ("page", "year")),
    QueryPage("campaign", lambda get: f"/ra-soat/{get('campaign').pk}/", ("page", "quarter")),
    QueryPage("average_list", lambda get: "/ra-soat/muc-song-trung-binh/", ("page", "status")),
    QueryPage("transitions", lambda get: "/ra-soat/bien-dong/", ("area", "year", "show")),
    QueryPage("users", lambda get: "/tai-khoan/nguoi-dung/", ("page", "q"), ("admin_user",)),
    QueryPage("home", lambda get: "/", ("next",)),
    QueryPage("funding_lines", lambda get: "/ho-tro/", ("program", "household")),
    QueryPage(
        "funding_allocations",
        lambda get: "/ho-tro/phan-bo/",
        ("line", "source", "year", "commune", "quarter", "q", "program", "page"),
    ),
    QueryPage(
        "funding_disbursements",
        lambda get: "/ho-tro/giai-ngan/",
        ("line", "source", "year", "commune", "quarter", "q", "program", "page"),
    ),
    QueryPage(
        "loans",
        lambda get: "/vay-von-va-quy/",
        ("status", "commune", "quarter", "program", "q", "page"),
        ("officer", "quarter_head_kp1", "org_member"),
    ),
    QueryPage(
        "loans_export",
        lambda get: "/vay-von-va-quy/xuat-excel/",
        ("status", "commune", "quarter", "program", "q"),
    ),
    QueryPage("loan_start", lambda get: "/vay-von-va-quy/them/", ("code",), ("officer",)),
    QueryPage("ledger", lambda get: "/vay-von-va-quy/quy/", ("commune", "year")),
    QueryPage("fund_public", lambda get: "/vay-von-va-quy/quy/cong-khai/", ("commune", "year")),
    QueryPage("fund_open", lambda get: "/vay-von-va-quy/quy/mo-so/", ("commune",), ("officer",)),
    QueryPage(
        "fund_donation", lambda get: "/vay-von-va-quy/quy/ung-ho/", ("commune",), ("officer",)
    ),
    QueryPage(
        "fund_spending",
        lambda get: "/vay-von-va-quy/quy/chi/",
        ("commune", "household"),
        ("officer",),
    ),
    QueryPage(
        "assignments",
        lambda get: "/giup-do/",
        ("state", "commune", "quarter", "person", "page"),
        ("officer", "org_member", "quarter_head_kp1"),
    ),
    QueryPage("coverage", lambda get: "/giup-do/bao-phu/", ("day", "commune", "quarter")),
    QueryPage(
        "quarter_options",
        lambda get: "/ho-gia-dinh/khu-pho-theo-xa/",
        ("commune", "target"),
        ("officer", "quarter_head_kp1", "org_member", "admin_user"),
    ),
    QueryPage(
        "report_quarter_options",
        lambda get: "/bao-cao/khu-pho-theo-dot/",
        ("campaign", "target"),
        ("officer", "quarter_head_kp1", "leader", "admin_user"),
    ),
    QueryPage("helpers", lambda get: "/giup-do/nguoi-giup-do/", ("page",)),
    QueryPage("evaluation", lambda get: "/giup-do/danh-gia/", ("year",), ("officer", "leader")),
    QueryPage(
        "evaluation_export",
        lambda get: "/giup-do/danh-gia/xuat-excel/",
        ("year",),
        ("officer", "leader"),
    ),
    QueryPage("duty_matrix", lambda get: "/giup-do/phan-cong-nhiem-vu/", ("program", "year")),
    *[
        QueryPage(
            f"report_{key}",
            lambda get, key=key: f"/bao-cao/xem/{key}/",
            ("program", "year", "campaign", "quarter", "list", "day", "signer"),
        )
        for key in ("ke-hoach", "tien-do", "bien-dong", "danh-sach-ho")
    ],
]

# Pages without path arguments that read no query parameter of their own.
NO_QUERY = {
    "favicon",  # a redirect to the static icon, reads no query
    "healthz",  # the health check, reads no query
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "households:create",  # ?quarter= is fuzzed as household_create
    "reviews:campaign_create",  # POST only
    "targets:placement_create",
    "targets:enrolment_create",
    "set_language",
    "user_create",
    "assignments:bulk_assign",  # POST only (reads ?day= and ?quarter= as the coverage page)
    "assignments:person_create",
    "reports:index",  # the list of reports: its forms go to the previews, fuzzed above
    "reports:jobs",  # the user's own files: it reads no query parameter
    "households:import",  # the upload form and the user's batches: no query parameter
    "households:import_template",  # the template: no query parameter
}


@pytest.fixture
def import_batch(officer: Any, areas: Any) -> Any:
    """A previewed Excel import of the officer's (a quarter head gets a 404)."""
    from tests.households.imports import household_rows, previewed

    return previewed(officer, household_rows())


def _plain_routes() -> dict[str, str]:
    """Named URL patterns without path arguments, outside the Django admin."""
    found: dict[str, str] = {}

    def walk(patterns: list[Any], prefix: str, namespace: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace == "admin":
                    continue
                ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
                walk(p.url_patterns, prefix + str(p.pattern), ns)
            elif isinstance(p, URLPattern) and p.name and "<" not in prefix + str(p.pattern):
                found[f"{namespace}{p.name}"] = "/" + prefix + str(p.pattern)

    walk(get_resolver().url_patterns, "", "")
    return found


def test_every_list_page_is_fuzzed():
    class _Any:
        pk = 1

    fuzzed = {page.url(lambda name: _Any()) for page in PAGES}
    routes = _plain_routes()
    missing = [
        name
        for name, path in routes.items()
        if path not in fuzzed and name not in NO_QUERY and name.split(":")[-1] not in NO_QUERY
    ]
    assert missing == [], "add these pages to tests/fuzz/test_fuzz_query_params.py"


def _values(get: Get) -> st.SearchStrategy[Any]:
    areas = get("areas")
    real_ids = [areas.kp1.pk, areas.kp2.pk, areas.commune.pk, areas.other_quarter.pk]
    plan = get("plan")
    valid = st.sampled_from(
        [
            *map(str, real_ids),
            str(plan.pk),
            "2021",
            "2025",
            "2100",
            "poor",
            "near_poor",
            "all",
            "true",
            "false",
            "-head",
            "local",
            "poor|start",
            "near_poor|dec:escaped",
            "nguyen",
        ]
    )
    one = st.one_of(valid, number_text, garbage)
    return st.one_of(one, st.lists(one, min_size=2, max_size=3))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_fuzz_query_params(page: QueryPage, request: pytest.FixtureRequest, client_for) -> None:
    get = request.getfixturevalue
    get("plan")
    url = page.url(get)
    clients = [client_for(get(name)) for name in page.personas]
    values = _values(get)
    keys = st.sampled_from([*page.params, "x"])

    # A fixed sweep: each parameter alone at the edges, as the first persona.
    for key in page.params:
        for value in ("-1", "9" * 5000, "\x00\u200b" + "x" * 3000):
            with rolled_back():
                response = clients[0].get(url, {key: value})
                assert response.status_code in (200, 302, 403, 404), (key, value)

    @given(
        params=st.dictionaries(keys, values, max_size=4),
        who=st.integers(min_value=0, max_value=len(clients) - 1),
    )
    def run(params: dict[str, Any], who: int) -> None:
        with rolled_back():
            response = clients[who].get(url, params)
            assert response.status_code in (200, 302, 403, 404), response.status_code

    run()
