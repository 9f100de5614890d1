"""Formsets never build more forms than the page needs (issue 7, finding 15)."""

import time

import pytest

from households.models import Household
from households.reviews.models import EscapeRegistration
from tests.reviews.test_views_household import escape_data, escape_url


@pytest.fixture
def poor_kp1(hh_kp1):
    Household.objects.filter(pk=hh_kp1.pk).update(poverty_status="poor")
    hh_kp1.refresh_from_db()
    return hh_kp1


@pytest.mark.parametrize("total", ["21", "100000", "9" * 5000, "-5", "abc"])
def test_a_huge_total_forms_is_refused_quickly(client_for, officer, poor_kp1, total):
    client = client_for(officer)
    client.raise_request_exception = False
    data = {**escape_data(), "needs-TOTAL_FORMS": total}
    started = time.monotonic()
    response = client.post(escape_url(poor_kp1), data)
    elapsed = time.monotonic() - started
    assert response.status_code == 200
    assert elapsed < 3
    assert len(response.content) < 200_000
    assert len(response.context["formset"].forms) <= 20
    assert not EscapeRegistration.objects.exists()


def test_too_many_rows_get_a_clear_message(client_for, officer, poor_kp1):
    response = client_for(officer).post(
        escape_url(poor_kp1), {**escape_data(), "needs-TOTAL_FORMS": "100000"}
    )
    assert "Chỉ được gửi tối đa 20 dòng." in response.content.decode()


def test_every_formset_of_the_project_is_capped():
    from tests.tannkhai.test_form_rules import project_formsets

    formsets = project_formsets()
    assert formsets, "no formset found: the enumeration is broken"
    for name, formset in formsets:
        assert formset.validate_max, name
        assert formset.absolute_max == formset.max_num <= 100, name


def test_a_survey_posting_thousands_of_indicators_is_refused_quickly(
    client_for, officer, review_kp1
):
    """Repeated fields count against DATA_UPLOAD_MAX_NUMBER_FIELDS: a 400, not a slow page."""
    client = client_for(officer)
    client.raise_request_exception = False
    data = {"version": review_kp1.version, "members_count": "2", "deprived": ["1"] * 5000}
    started = time.monotonic()
    response = client.post(f"/ra-soat/phieu/{review_kp1.pk}/", data)
    assert response.status_code == 400
    assert time.monotonic() - started < 3
