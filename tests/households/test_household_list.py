"""The registry list: scoped rows per persona, filters, htmx partial, constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from households import services
from households.models import Household
from tannkhai.formatting import fold
from tests.factories import HouseholdFactory
from tests.utils import codes_in, login_redirect, text

URL = "/ho-gia-dinh/"

VISIBLE = {
    "officer": {"KP1-001", "KP2-001"},
    "quarter_head_kp1": {"KP1-001"},
    "quarter_head_kp2": {"KP2-001"},
    "leader": {"KP1-001", "KP2-001"},
    "org_member": {"KP1-001"},
    "admin_user": {"KP1-001", "KP2-001", "BT-001"},
    "outsider": {"BT-001"},
}


@pytest.mark.parametrize(("name", "codes"), VISIBLE.items())
def test_list_shows_only_scoped_rows(households, persona, client_for, name, codes):
    response = client_for(persona(name)).get(URL)
    assert response.status_code == 200
    assert codes_in(text(response)) == codes


def test_anonymous_is_sent_to_login(households, client_for):
    assert login_redirect(client_for(None).get(URL), URL)


def test_home_redirects_a_quarter_head_to_the_list(quarter_head_kp1, client_for):
    response = client_for(quarter_head_kp1).get("/")
    assert response.status_code == 302
    assert response["Location"] == URL


def test_home_redirects_an_officer_to_the_progress_dashboard(officer, client_for):
    response = client_for(officer).get("/")
    assert response.status_code == 302
    assert response["Location"] == "/chuong-trinh/"


def test_list_counts_and_names(households, officer, client_for):
    body = text(client_for(officer).get(URL))
    assert "Hộ 1–2 trong 2 hộ." in body
    assert "Nguyễn Văn Ân" in body
    assert "Đặng Thị Bình" in body
    assert "Phạm Văn Cường" not in body


def test_list_hides_retired_households_unless_asked(hh_kp1, hh_kp2, officer, client_for):
    services.household_retire(
        user=officer,
        household=hh_kp2,
        reason="moved_away",
        retired_on=timezone.localdate(),
        version=hh_kp2.version,
    )
    client = client_for(officer)
    assert codes_in(text(client.get(URL))) == {"KP1-001"}
    assert codes_in(text(client.get(URL, {"status": "retired"}))) == {"KP2-001"}
    assert codes_in(text(client.get(URL, {"status": "all"}))) == {"KP1-001", "KP2-001"}


def test_quarter_filter(households, areas, officer, client_for):
    response = client_for(officer).get(URL, {"quarter": areas.kp2.pk})
    assert codes_in(text(response)) == {"KP2-001"}


def test_quarter_head_cannot_filter_on_another_quarter(
    households, areas, quarter_head_kp1, client_for
):
    response = client_for(quarter_head_kp1).get(URL, {"quarter": areas.kp2.pk})
    assert response.status_code == 200
    body = text(response)
    assert "Một số điều kiện lọc không hợp lệ và đã được bỏ qua." in body
    assert codes_in(body) == {"KP1-001"}


def test_outsider_cannot_filter_on_our_quarter(households, areas, outsider, client_for):
    response = client_for(outsider).get(URL, {"quarter": areas.kp1.pk})
    assert codes_in(text(response)) == {"BT-001"}


def test_sort_by_code_descending(households, officer, client_for):
    body = text(client_for(officer).get(URL, {"sort": "-code"}))
    assert body.index("KP2-001") < body.index("KP1-001")


def test_htmx_request_gets_the_results_partial(households, officer, client_for):
    response = client_for(officer).get(URL, {"q": "dang"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = text(response)
    assert "<html" not in body
    assert codes_in(body) == {"KP2-001"}


def test_capped_count_message(areas, officer, client_for, settings):
    settings.REGISTRY_COUNT_CAP = 3
    settings.REGISTRY_PAGE_SIZE = 2
    for _ in range(5):
        HouseholdFactory(quarter=areas.kp1)
    body = text(client_for(officer).get(URL))
    assert "Hộ 1–2 trong hơn 3 hộ phù hợp. Hãy thu hẹp bộ lọc để xem tiếp." in body


def test_out_of_range_page_shows_the_last_page(areas, officer, client_for, settings):
    settings.REGISTRY_PAGE_SIZE = 2
    for _ in range(3):
        HouseholdFactory(quarter=areas.kp1)
    response = client_for(officer).get(URL, {"page": "99"})
    assert response.status_code == 200
    assert "Hộ 3–3 trong 3 hộ." in text(response)
    response = client_for(officer).get(URL, {"page": "abc"})
    assert "Hộ 1–2 trong 3 hộ." in text(response)


# ---------------------------------------------------------------- query count


def bulk_households(quarter, count, *, start):
    """``count`` households in ``quarter`` with the derived fields set, without services."""
    rows = []
    for n in range(start, start + count):
        code = f"B{quarter.pk}-{n:05d}"
        name = f"Nguyễn Văn Số {n}"
        rows.append(
            Household(
                commune_id=quarter.parent_id,
                quarter=quarter,
                code=code,
                head_name=name,
                head_sort=fold(name),
                head_birth_year=1970 + n % 40,
                member_count=1 + n % 6,
                search_text=fold(f"{code} | {name}"),
            )
        )
    Household.objects.bulk_create(rows, batch_size=500)


def queries_for(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


@pytest.mark.parametrize(
    ("name", "small_total", "large_total"),
    [("officer", "10", "1.000"), ("quarter_head_kp1", "5", "500")],
)
def test_list_query_count_does_not_grow_with_households(
    areas, persona, client_for, name, small_total, large_total
):
    client = client_for(persona(name))
    bulk_households(areas.kp1, 5, start=0)
    bulk_households(areas.kp2, 5, start=0)
    client.get(URL)  # warm up per-process caches (content types, sessions)

    small, response = queries_for(client, URL)
    assert f"Hộ 1–{small_total} trong {small_total} hộ." in text(response)

    bulk_households(areas.kp1, 495, start=5)
    bulk_households(areas.kp2, 495, start=5)
    assert Household.objects.count() == 1000
    large, response = queries_for(client, URL)
    assert f"Hộ 1–50 trong {large_total} hộ." in text(response)
    assert len(codes_in(text(response))) == 50

    assert large == small


def test_filtered_list_query_count_does_not_grow_with_households(areas, officer, client_for):
    client = client_for(officer)
    bulk_households(areas.kp1, 10, start=0)
    url = f"{URL}?q=nguyen&quarter={areas.kp1.pk}&sort=quarter"
    client.get(url)
    small, _ = queries_for(client, url)
    bulk_households(areas.kp1, 990, start=10)
    large, _ = queries_for(client, url)
    assert large == small


@pytest.mark.parametrize(
    "query",
    [
        {"q": "100%"},
        {"q": "_"},
        {"q": "\x00abc"},
        {"sort": "xyz"},
        {"page": "\x00"},
        {"page": "99999999999999999999999"},
        {"quarter": "abc"},
        {"quarter": "99999999999999999999999"},
        {"status": "deleted"},
        {"is_ethnic_minority": "maybe"},
        {"poverty_status": "rich"},
    ],
)
def test_odd_query_strings_do_not_break_the_list(households, officer, client_for, query):
    response = client_for(officer).get(URL, query)
    assert response.status_code == 200
    assert "BT-001" not in text(response)
