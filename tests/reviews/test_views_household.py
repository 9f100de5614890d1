"""The household page's review timeline, the request (Mẫu 01) and escape (Mẫu 04) forms."""

import pytest

from households.models import Household
from households.reviews.models import EscapeRegistration, NeedType, ReviewRequest, SupportNeed
from tests.reviews.helpers import review_counts
from tests.utils import field_errors, messages_of, non_field_errors, text


def household_url(household):
    return f"/ho-gia-dinh/{household.pk}/"


def request_url(household):
    return f"/ra-soat/ho/{household.pk}/de-nghi/"


def escape_url(household):
    return f"/ra-soat/ho/{household.pk}/thoat-ngheo/"


# -- review timeline ----------------------------------------------------------------


def test_household_page_shows_the_review_timeline(client_for, officer, history):
    repoor = history["C-REP"]
    body = text(client_for(officer).get(household_url(repoor)))
    assert 'id="review-timeline"' in body
    timeline = body.split('id="review-timeline"')[1].split("</ol>")[0]
    order = [timeline.index(f"Rà soát định kỳ năm {y}") for y in (2025, 2024, 2023, 2022)]
    assert order == sorted(order)
    assert "Tái nghèo" in timeline
    assert "Thoát nghèo" in timeline
    assert "Quyết định số 24/QĐ-UBND ngày 01/12/2024" in timeline
    assert "GCN 2025-" in timeline
    assert timeline.count("Đã công nhận") == 4


@pytest.mark.parametrize(
    ("name", "shown"),
    [("officer", True), ("leader", True), ("quarter_head_kp1", True), ("org_member", False)],
)
def test_timeline_by_persona(persona, client_for, review_kp1, hh_kp1, name, shown):
    body = text(client_for(persona(name)).get(household_url(hh_kp1)))
    assert ('id="review-timeline"' in body) is shown


def test_household_without_reviews(client_for, officer, hh_kp1):
    assert "Hộ chưa có phiếu rà soát nào." in text(client_for(officer).get(household_url(hh_kp1)))


# -- request (Mẫu 01) -----------------------------------------------------------------

STATUS = {
    "officer": 302,
    "quarter_head_kp1": 302,
    "quarter_head_kp2": 404,
    "leader": 403,
    "org_member": 403,
    "admin_user": 302,
    "outsider": 404,
}


@pytest.mark.parametrize(("name", "status"), STATUS.items())
def test_request_by_persona(persona, client_for, hh_kp1, name, status):
    client = client_for(persona(name))
    get = client.get(request_url(hh_kp1))
    assert get.status_code == (200 if status == 302 else status)
    response = client.post(request_url(hh_kp1), {"submitted_on": "2026-11-02", "reason": "Ốm"})
    assert response.status_code == status
    assert ReviewRequest.objects.exists() is (status == 302)


def test_request_form_lists_the_phieu_a_items(client_for, officer, hh_kp1):
    body = text(client_for(officer).get(request_url(hh_kp1)))
    assert "Có ô tô con" in body
    assert body.count('name="item_A') == 5


def test_request_without_yes_is_pending(client_for, officer, hh_kp1):
    response = client_for(officer).post(
        request_url(hh_kp1), {"submitted_on": "2026-11-02", "reason": "Chồng bị tai nạn"}
    )
    assert response["Location"] == household_url(hh_kp1)
    assert messages_of(response) == ["Đã nhận đơn; hộ sẽ được đưa vào đợt rà soát tới."]
    request = ReviewRequest.objects.get()
    assert (request.status, request.reason) == ("pending", "Chồng bị tai nạn")
    assert request.screening_answers == dict.fromkeys(["A1", "A2", "A3", "A4", "A5"], False)


def test_request_with_a_yes_is_screened_out(client_for, officer, hh_kp1):
    response = client_for(officer).post(
        request_url(hh_kp1), {"submitted_on": "2026-11-02", "item_A2": "on"}
    )
    assert messages_of(response) == ["Theo phiếu A, hộ không thuộc diện rà soát; đơn đã được lưu."]
    request = ReviewRequest.objects.get()
    assert request.status == "screened_out"
    assert request.screening_answers["A2"] is True


def test_request_in_the_future_is_refused(client_for, officer, hh_kp1):
    response = client_for(officer).post(request_url(hh_kp1), {"submitted_on": "2099-01-01"})
    assert response.status_code == 200
    assert field_errors(response, "submitted_on") == ["Ngày nộp đơn không được ở tương lai."]
    assert not ReviewRequest.objects.exists()


def test_request_for_a_retired_household_is_refused(client_for, officer, hh_kp1):
    Household.objects.filter(pk=hh_kp1.pk).update(
        status="retired", retired_reason="moved_away", retired_on="2026-03-01"
    )
    response = client_for(officer).post(request_url(hh_kp1), {"submitted_on": "2026-11-02"})
    assert response.status_code == 200
    assert non_field_errors(response) == ["Hộ đã ra khỏi danh sách."]
    assert not ReviewRequest.objects.exists()


# -- escape registration (Mẫu 04) ----------------------------------------------------


def escape_data(*needs, year="2026"):
    data = {
        "year": year,
        "registered_on": "2026-11-02",
        "commitment": "Nuôi bò sinh sản",
        "needs-TOTAL_FORMS": "4",
        "needs-INITIAL_FORMS": "0",
        "needs-MIN_NUM_FORMS": "0",
        "needs-MAX_NUM_FORMS": "20",
    }
    for i in range(4):
        need = needs[i] if i < len(needs) else {}
        data[f"needs-{i}-need_type"] = need.get("need_type", "")
        data[f"needs-{i}-quantity"] = need.get("quantity", "1")
        data[f"needs-{i}-estimated_cost"] = need.get("estimated_cost", "")
        data[f"needs-{i}-note"] = need.get("note", "")
    return data


@pytest.fixture
def poor_kp1(hh_kp1):
    Household.objects.filter(pk=hh_kp1.pk).update(poverty_status="poor")
    hh_kp1.refresh_from_db()
    return hh_kp1


def need(code, **fields):
    return {"need_type": str(NeedType.objects.get(code=code).pk), **fields}


def test_escape_registration_saves_the_needs(client_for, officer, poor_kp1):
    response = client_for(officer).post(
        escape_url(poor_kp1),
        escape_data(
            need("vbsp_loan", quantity="1", estimated_cost="50000000", note="Mua bò"),
            need("vocational_training", quantity="2"),
        ),
    )
    assert response.status_code == 302
    assert messages_of(response) == ["Đã ghi nhận đăng ký thoát nghèo và nhu cầu hỗ trợ."]
    registration = EscapeRegistration.objects.get()
    assert (registration.household, registration.year) == (poor_kp1, 2026)
    needs = {
        (n.need_type.code, n.quantity, n.estimated_cost, n.note, n.status)
        for n in registration.needs.select_related("need_type")
    }
    assert needs == {
        ("vbsp_loan", 1, 50_000_000, "Mua bò", "registered"),
        ("vocational_training", 2, 0, "", "registered"),
    }
    body = text(client_for(officer).get(household_url(poor_kp1)))
    assert "Vay vốn Ngân hàng Chính sách xã hội × 1 · 50.000.000 đ" in body


def test_escape_registration_for_a_non_poor_household(client_for, officer, hh_kp1):
    before = review_counts()
    response = client_for(officer).post(escape_url(hh_kp1), escape_data(need("vbsp_loan")))
    assert response.status_code == 200
    assert non_field_errors(response) == ["Chỉ hộ nghèo, cận nghèo đăng ký thoát nghèo."]
    assert "Chỉ hộ nghèo, cận nghèo đăng ký thoát nghèo." in text(response)
    assert review_counts() == before


def test_escape_registration_needs_a_need(client_for, officer, poor_kp1):
    response = client_for(officer).post(escape_url(poor_kp1), escape_data())
    assert response.status_code == 200
    assert "Hãy ghi ít nhất một nhu cầu hỗ trợ." in text(response)
    assert not EscapeRegistration.objects.exists()


def test_escape_registration_once_a_year(client_for, officer, poor_kp1):
    client = client_for(officer)
    client.post(escape_url(poor_kp1), escape_data(need("toilet")))
    response = client.post(escape_url(poor_kp1), escape_data(need("clean_water")))
    assert response.status_code == 200
    assert field_errors(response, "year") == ["Hộ đã đăng ký thoát nghèo năm này."]
    assert EscapeRegistration.objects.count() == SupportNeed.objects.count() == 1


@pytest.mark.parametrize(("name", "status"), STATUS.items())
def test_escape_registration_by_persona(persona, client_for, poor_kp1, name, status):
    client = client_for(persona(name))
    assert client.get(escape_url(poor_kp1)).status_code == (200 if status == 302 else status)
    response = client.post(escape_url(poor_kp1), escape_data(need("toilet")))
    assert response.status_code == status
    assert EscapeRegistration.objects.exists() is (status == 302)
