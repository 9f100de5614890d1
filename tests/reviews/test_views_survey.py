"""The phone survey form and its live classification (htmx preview)."""

import pytest

from households.reviews.models import Review
from tests.reviews.helpers import review_counts, snapshot, survey
from tests.utils import field_errors, messages_of, non_field_errors, text


def url(review):
    return f"/ra-soat/phieu/{review.pk}/"


def preview_url(review):
    return f"/ra-soat/phieu/{review.pk}/phan-loai/"


def form_data(review, **overrides):
    data = {
        "version": review.version,
        "members_count": 2,
        "income_mode": "per_person",
        "income_input": "1400000",
        "score_a": "",
        "deprived": ["1", "4", "9"],
        "causes": ["no_capital"],
        "group": "",
        "surveyor": "Hồ Văn Một",
        "surveyed_on": "2026-11-02",
    }
    data.update(overrides)
    return data


EDIT = {"officer", "quarter_head_kp1", "admin_user"}
GET_STATUS = {
    "officer": 200,
    "quarter_head_kp1": 200,
    "quarter_head_kp2": 404,
    "leader": 200,
    "org_member": 403,
    "admin_user": 200,
    "outsider": 404,
}
POST_STATUS = {**GET_STATUS, "leader": 403}


@pytest.mark.parametrize(("name", "status"), GET_STATUS.items())
def test_survey_page_by_persona(persona, client_for, review_kp1, name, status):
    response = client_for(persona(name)).get(url(review_kp1))
    assert response.status_code == status
    if status == 200:
        body = text(response)
        assert response.context["editable"] is (name in EDIT)
        assert ("Hoàn thành khảo sát" in body) is (name in EDIT)
        assert "Nguyễn Văn Ân" in body
        assert "Chuẩn nghèo đa chiều giai đoạn 2022–2025" in body


@pytest.mark.parametrize(("name", "status"), POST_STATUS.items())
def test_survey_post_by_persona(persona, client_for, review_kp1, name, status):
    before = snapshot(review_kp1)
    response = client_for(persona(name)).post(
        url(review_kp1), form_data(review_kp1, mark_surveyed="1")
    )
    stored = Review.objects.get(pk=review_kp1.pk)
    if status == 200:
        assert response.status_code == 302
        assert (stored.status, stored.result) == ("surveyed", "poor")
    else:
        assert response.status_code == status
        assert snapshot(review_kp1) == before


def test_mark_surveyed_returns_to_the_quarter(client_for, officer, review_kp1, areas, campaign):
    response = client_for(officer).post(url(review_kp1), form_data(review_kp1, mark_surveyed="1"))
    assert response["Location"] == f"/ra-soat/{campaign.pk}/khu-pho/{areas.kp1.pk}/"
    assert messages_of(response) == ["Đã hoàn thành khảo sát hộ KP1-001."]
    stored = Review.objects.get(pk=review_kp1.pk)
    assert stored.reason == (
        "Thu nhập 1.400.000 đ ≤ 1.500.000 đ và thiếu hụt 3 chỉ số (≥ 3): hộ nghèo."
    )
    assert stored.causes == ["no_capital"]


def test_save_draft_stays_on_the_form(client_for, officer, review_kp1):
    response = client_for(officer).post(
        url(review_kp1),
        form_data(
            review_kp1, income_mode="household_yearly", income_input="54000000", save_draft=""
        ),
    )
    assert response["Location"] == url(review_kp1)
    assert messages_of(response) == ["Đã lưu phiếu (bản nháp)."]
    stored = Review.objects.get(pk=review_kp1.pk)
    assert (stored.status, stored.income_per_person, stored.result) == (
        "draft",
        2_250_000,
        "average",
    )
    page = text(client_for(officer).get(url(review_kp1)))
    assert "trong khoảng mức sống trung bình, không thuộc diện nghèo, cận nghèo" in page


def test_negative_income_shows_the_message_and_saves_nothing(client_for, officer, review_kp1):
    before, rows = snapshot(review_kp1), review_counts()
    response = client_for(officer).post(
        url(review_kp1), form_data(review_kp1, income_input="-1000", mark_surveyed="1")
    )
    assert response.status_code == 200
    assert field_errors(response, "income_input")
    assert "Thu nhập không được âm." in text(response)
    assert snapshot(review_kp1) == before
    assert review_counts() == rows


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"income_input": "1000000001"},
            "income_input",
            "Thu nhập bình quân vượt 1.000.000.000 đ mỗi người mỗi tháng: hãy kiểm tra lại.",
        ),
        (
            {"income_mode": "household_monthly", "income_input": "2000000002"},
            "income_input",
            "Thu nhập bình quân vượt 1.000.000.000 đ mỗi người mỗi tháng: hãy kiểm tra lại.",
        ),
        ({"income_input": "", "score_a": "501"}, "score_a", "Điểm A phải từ 0 đến 500."),
        (
            {"income_input": "", "score_a": ""},
            "income_input",
            "Cần nhập thu nhập bình quân đầu người hoặc điểm A để phân loại.",
        ),
    ],
)
def test_bad_survey_input_through_the_form(
    client_for, officer, review_kp1, overrides, field, message
):
    before, rows = snapshot(review_kp1), review_counts()
    response = client_for(officer).post(
        url(review_kp1), form_data(review_kp1, mark_surveyed="1", **overrides)
    )
    assert response.status_code == 200
    assert field_errors(response, field) == [message]
    assert message in text(response)
    assert snapshot(review_kp1) == before
    assert review_counts() == rows


def test_score_a_too_large_with_income_is_refused_not_a_crash(client_for, officer, review_kp1):
    """An A score beyond any column type must be a form error, not a 500 (PostgreSQL)."""
    client = client_for(officer)
    client.raise_request_exception = False
    before = snapshot(review_kp1)
    response = client.post(
        url(review_kp1), form_data(review_kp1, score_a="3000000000", mark_surveyed="1")
    )
    assert response.status_code == 200
    assert field_errors(response, "score_a") == ["Điểm A phải từ 0 đến 500."]
    assert snapshot(review_kp1) == before


def test_unknown_indicator_is_a_form_error(client_for, officer, review_kp1):
    response = client_for(officer).post(url(review_kp1), form_data(review_kp1, deprived=["99"]))
    assert response.status_code == 200
    assert field_errors(response, "deprived")
    assert Review.objects.get(pk=review_kp1.pk).result == ""


def test_stale_form_is_refused(client_for, officer, quarter_head_kp1, review_kp1):
    stale = form_data(review_kp1, income_input="5000000")
    survey(quarter_head_kp1, review_kp1, income=1_000_000, codes=["1"], mark=False)
    before = snapshot(review_kp1)
    response = client_for(officer).post(url(review_kp1), stale)
    assert response.status_code == 200
    assert non_field_errors(response) == [
        "Phiếu này vừa được người khác cập nhật. Hãy tải lại trang để xem thay đổi."
    ]
    assert snapshot(review_kp1) == before


def test_a_surveyed_review_is_read_only_on_the_page(client_for, officer, review_kp1):
    survey(officer, review_kp1, income=1_000_000, codes=["1"])
    client = client_for(officer)
    response = client.get(url(review_kp1))
    assert response.context["editable"] is False
    assert "<fieldset disabled>" in text(response)
    assert client.post(url(review_kp1), form_data(review_kp1)).status_code == 403


def test_another_communes_review_is_not_found(client_for, officer, review_other):
    assert client_for(officer).get(url(review_other)).status_code == 404
    assert client_for(officer).post(preview_url(review_other), {}).status_code == 404


# -- htmx preview -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("officer", 200),
        ("quarter_head_kp1", 200),
        ("quarter_head_kp2", 404),
        ("leader", 200),
        ("org_member", 403),
        ("admin_user", 200),
        ("outsider", 404),
    ],
)
def test_preview_returns_the_partial(persona, client_for, review_kp1, name, status):
    rows = review_counts()
    response = client_for(persona(name)).post(
        preview_url(review_kp1), form_data(review_kp1), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == status
    if status == 200:
        body = text(response)
        assert "<html" not in body
        assert 'data-result="poor"' in body
        assert ">Hộ nghèo</span>" in body
        assert "Thu nhập 1.400.000 đ ≤ 1.500.000 đ và thiếu hụt 3 chỉ số (≥ 3): hộ nghèo." in body
        assert "điểm B 30" in body
    assert review_counts() == rows
    assert Review.objects.get(pk=review_kp1.pk).result == ""


@pytest.mark.parametrize(
    ("overrides", "result", "label", "snippet"),
    [
        (
            {"income_mode": "household_monthly", "income_input": "3.000.000", "deprived": ["1"]},
            "near_poor",
            "Hộ cận nghèo",
            "bình quân 1.500.000 đ",
        ),
        (
            {"income_input": "1600000", "score_a": "100"},
            "average",
            "Không nghèo, cận nghèo (trong khoảng mức sống trung bình)",
            "(không dùng điểm A)",
        ),
        (
            {"income_input": "", "score_a": "141"},
            "not_poor",
            "Không nghèo, cận nghèo",
            "Điểm A 141 &gt; 140",
        ),
    ],
)
def test_preview_classifies_what_is_typed(
    client_for, officer, review_kp1, overrides, result, label, snippet
):
    response = client_for(officer).post(preview_url(review_kp1), form_data(review_kp1, **overrides))
    body = text(response)
    assert f'data-result="{result}"' in body
    assert f">{label}</span>" in body
    assert snippet in body


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"income_input": "-5"}, "Thu nhập không được âm."),
        ({"income_input": "abc"}, "Hãy nhập một số nguyên."),
        ({"income_input": "", "score_a": "600"}, "Điểm A phải từ 0 đến 500."),
    ],
)
def test_preview_shows_input_errors(client_for, officer, review_kp1, overrides, message):
    response = client_for(officer).post(preview_url(review_kp1), form_data(review_kp1, **overrides))
    assert response.status_code == 200
    assert 'role="alert"' in text(response)
    assert message in text(response)


def test_preview_without_income_or_score(client_for, officer, review_kp1):
    response = client_for(officer).post(
        preview_url(review_kp1), form_data(review_kp1, income_input="", deprived=["1", "2"])
    )
    assert "Nhập thu nhập hoặc điểm A để xem kết quả phân loại." in text(response)
    assert "Đang đánh dấu 2 chỉ số thiếu hụt." in text(response)


def test_preview_is_post_only(client_for, officer, review_kp1):
    assert client_for(officer).get(preview_url(review_kp1)).status_code == 405
