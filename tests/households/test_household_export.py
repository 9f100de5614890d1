"""Excel export of the list: content type, scoped rows, masking, access log."""

import io

import pytest
from openpyxl import load_workbook

from tannkhai.models import AccessLog
from tests.conftest import AN_CITIZEN_ID
from tests.utils import login_redirect, messages_of

URL = "/ho-gia-dinh/xuat-excel/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def rows_of(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [row for row in sheet.iter_rows(min_row=5, values_only=True) if row[0] is not None]


def codes_of(response):
    return {row[1] for row in rows_of(response)}


EXPORTED = {
    "officer": {"KP1-001", "KP2-001"},
    "quarter_head_kp1": {"KP1-001"},
    "quarter_head_kp2": {"KP2-001"},
    "leader": {"KP1-001", "KP2-001"},
    "admin_user": {"KP1-001", "KP2-001", "BT-001"},
    "outsider": {"BT-001"},
}


@pytest.mark.parametrize(("name", "codes"), EXPORTED.items())
def test_export_rows_are_scoped(households, persona, client_for, name, codes):
    response = client_for(persona(name)).get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith('attachment; filename="danh-sach-ho-')
    assert codes_of(response) == codes


def test_org_member_is_forbidden(households, org_member, client_for):
    assert client_for(org_member).get(URL).status_code == 403
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORT_HOUSEHOLDS).exists()


def test_anonymous_is_sent_to_login(households, client_for):
    assert login_redirect(client_for(None).get(URL), URL)


def test_export_is_logged_with_the_filter(households, areas, officer, client_for):
    response = client_for(officer).get(URL, {"q": "Ân", "quarter": areas.kp1.pk, "sort": ""})
    assert codes_of(response) == {"KP1-001"}
    log = AccessLog.objects.get()
    assert log.user == officer
    assert log.action == AccessLog.Action.EXPORT_HOUSEHOLDS
    assert log.household is None
    assert log.detail == {"q": "Ân", "quarter": str(areas.kp1.pk)}


def test_export_content(hh_kp1, officer, client_for):
    [row] = rows_of(client_for(officer).get(URL))
    assert row[:7] == (
        1,
        "KP1-001",
        "Nguyễn Văn Ân",
        1980,
        AN_CITIZEN_ID,
        "Khu phố 1",
        "12 Nguyễn Huệ",
    )
    assert row[13] == "Đang cư trú"
    assert row[14] == 2


@pytest.mark.parametrize("name", ["quarter_head_kp1", "leader"])
def test_export_masks_the_citizen_id(hh_kp1, persona, client_for, name):
    [row] = rows_of(client_for(persona(name)).get(URL))
    assert row[4] == "••••••••1234"


def test_invalid_filter_exports_nothing(households, areas, quarter_head_kp1, client_for):
    response = client_for(quarter_head_kp1).get(URL, {"quarter": areas.kp2.pk})
    assert response.status_code == 302
    assert response["Location"] == "/ho-gia-dinh/"
    assert messages_of(response) == ["Bộ lọc không hợp lệ, chưa xuất được danh sách."]
    assert not AccessLog.objects.exists()


def test_export_query_count_does_not_grow_with_households(areas, officer, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import HouseholdFactory

    client = client_for(officer)
    HouseholdFactory(quarter=areas.kp1)
    client.get(URL)
    with CaptureQueriesContext(connection) as small:
        client.get(URL)
    for _ in range(5):
        HouseholdFactory(quarter=areas.kp1)
    with CaptureQueriesContext(connection) as large:
        response = client.get(URL)
    assert len(rows_of(response)) == 6
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_export_link_follows_the_filters_of_a_partial_update(
    households, areas, officer, client_for
):
    """The filter form swaps only the results: the export link comes with them (out of
    band), so "Xuất Excel" exports what the list shows."""
    client = client_for(officer)
    partial = client.get("/ho-gia-dinh/", {"quarter": areas.kp1.pk}, HTTP_HX_REQUEST="true")
    html = partial.content.decode()
    assert 'id="export-link"' in html and 'hx-swap-oob="true"' in html
    assert f'href="/ho-gia-dinh/xuat-excel/?quarter={areas.kp1.pk}"' in html
    page = client.get("/ho-gia-dinh/").content.decode()
    assert page.count('id="export-link"') == 1 and "hx-swap-oob" not in page


def test_export_member_details_and_labels(hh_kp1, officer, client_for):
    from households.models import Ethnicity, Household

    Household.objects.filter(pk=hh_kp1.pk).update(
        ethnicity=Ethnicity.objects.get(name="Khmer"),
        is_ethnic_minority=True,
        person_of_merit=True,
        poverty_status="near_poor",
    )
    [row] = rows_of(client_for(officer).get(URL))
    assert row[7:] == ("Khmer", "x", None, "x", None, "Hộ cận nghèo", "Đang cư trú", 2)


def test_workbook_labels_follow_the_language_and_rows_without_a_head(hh_kp1, hh_kp2):
    """The rows are read as values: a household without a head or an ethnicity gives
    empty cells, the labels are those of the active language, and without member details
    the columns stop at the address."""
    from django.utils import translation

    from households.exports import household_list_workbook
    from households.models import Household
    from tannkhai.privacy import RESTRICTED

    Household.objects.filter(pk=hh_kp2.pk).update(head=None, ethnicity=None)
    queryset = Household.objects.filter(pk__in=[hh_kp1.pk, hh_kp2.pk]).order_by("code")
    with translation.override("en"):
        export = household_list_workbook(queryset, policy=RESTRICTED)
    stream = io.BytesIO()
    export.save(stream)
    sheet = load_workbook(stream).active
    rows = [r for r in sheet.iter_rows(min_row=5, values_only=True) if r[0] is not None]
    assert [len(r) for r in rows] == [9, 9]
    assert rows[0][:2] == (1, "KP1-001")
    assert rows[0][4] == "••••••••1234"
    assert rows[0][7:] == ("Resident", 2)
    assert rows[1][:2] == (2, "KP2-001")
    assert rows[1][4] is None
    assert rows[1][7] == "Resident"
