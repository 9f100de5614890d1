"""Query parameters of the list and dashboard views: odd values are ignored, never a 500."""

import pytest

from tannkhai.viewutils import query_choice, query_int
from tests.targets.conftest import plan as plan  # the program fixture

BAD_NUMBERS = [
    "0",
    "-1",
    "-99999999999999999999",
    "99999999999999999999",
    "9" * 5000,
    "abc",
    "²",
    "1e5",
    " 7 ",
    "٣",
]


@pytest.fixture
def leader_client(client_for, leader):
    client = client_for(leader)
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("param", ["year", "quarter", "program", "page"])
@pytest.mark.parametrize("value", BAD_NUMBERS)
@pytest.mark.parametrize("url", ["/chuong-trinh/viec-lam/", "/chuong-trinh/dao-tao/"])
def test_record_lists_ignore_bad_numbers(leader_client, areas, url, param, value):
    response = leader_client.get(url, {param: value})
    assert response.status_code == 200


@pytest.mark.parametrize("param", ["year", "quarter", "program"])
@pytest.mark.parametrize("value", BAD_NUMBERS)
@pytest.mark.parametrize("url", ["/chuong-trinh/", "/chuong-trinh/thoat-ngheo/"])
def test_dashboard_and_escaped_list_never_fail(leader_client, plan, url, param, value):
    response = leader_client.get(
        url, {param: value, **({"program": plan.pk} if param != "program" else {})}
    )
    assert response.status_code in (200, 403, 404)
    assert response.status_code != 500


@pytest.mark.parametrize("param", ["year", "area", "show"])
@pytest.mark.parametrize("value", [*BAD_NUMBERS, "poor|start", "|", "x" * 5000])
def test_transitions_ignore_bad_values(leader_client, areas, param, value):
    assert leader_client.get("/ra-soat/bien-dong/", {param: value}).status_code == 200


@pytest.mark.parametrize("value", [*BAD_NUMBERS, "x" * 5000])
def test_registry_list_ignores_bad_values(client_for, officer, value):
    client = client_for(officer)
    client.raise_request_exception = False
    for param in ("quarter", "page", "poverty_status", "status", "sort", "is_ethnic_minority", "q"):
        assert client.get("/ho-gia-dinh/", {param: value}).status_code == 200, param


def test_escaped_list_of_a_huge_program_id_is_a_404(leader_client, plan):
    response = leader_client.get("/chuong-trinh/thoat-ngheo/", {"program": "9" * 30})
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, 5),
        ("", 5),
        ("7", 7),
        (" 7 ", 7),
        ("0", 5),
        ("-1", 5),
        ("11", 5),
        ("9" * 5000, 5),
        ("abc", 5),
        ("²", 5),
        ("٣", 5),
        ("1e1", 5),
    ],
)
def test_query_int(rf, raw, expected):
    request = rf.get("/", {} if raw is None else {"n": raw})
    assert query_int(request, "n", default=5, minimum=1, maximum=10) == expected


def test_query_choice(rf):
    assert query_choice(rf.get("/", {"k": "b"}), "k", choices=["a", "b"]) == "b"
    assert query_choice(rf.get("/", {"k": "z" * 999}), "k", choices=["a", "b"]) is None
    assert query_choice(rf.get("/"), "k", choices=["a", "b"], default="a") == "a"


def test_an_export_filtered_by_a_nul_character_is_logged_without_it(client_for, officer, hh_kp1):
    """PostgreSQL refuses ``\\u0000`` in a jsonb access-log entry: that was a 500."""
    from tannkhai.models import AccessLog

    response = client_for(officer).get("/ho-gia-dinh/xuat-excel/", {"q": "Ng\x00uy\u200bễn"})
    assert response.status_code == 200
    entry = AccessLog.objects.get(action=AccessLog.Action.EXPORT_HOUSEHOLDS)
    assert entry.detail == {"q": "Nguyễn"}
