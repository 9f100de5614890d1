"""Shared review pages name only the reader's households (issue 7, finding 5)."""

import datetime as dt

import pytest

from households.reviews import services as svc
from tests.reviews.helpers import POSTING_START, prepare, to_posted
from tests.utils import text


@pytest.fixture
def decision_with_complaint(officer, campaign, review_kp1):
    to_posted(officer, campaign, [review_kp1])
    decision = prepare(officer, campaign)
    review_kp1.refresh_from_db()
    svc.complaint_record(
        user=officer,
        review=review_kp1,
        received_on=POSTING_START + dt.timedelta(days=1),
        complainant="Bà Tư Hàng Xóm",
        content="Hộ này có xe máy mới",
    )
    return decision


def test_other_quarter_head_gets_blockers_as_counts(
    decision_with_complaint, quarter_head_kp2, client_for
):
    response = client_for(quarter_head_kp2).get(
        f"/ra-soat/quyet-dinh/{decision_with_complaint.pk}/"
    )
    assert response.status_code == 200
    body = text(response)
    assert "KP1-001" not in body
    assert "Nguyễn Văn Ân" not in body
    assert "1 khiếu nại ở địa bàn khác chưa được giải quyết." in body
    # Khu phố 1's poor household is counted under the list, not named.
    assert response.context["hidden"]["Hộ nghèo"] == 1
    assert "Và 1 hộ ở khu phố / ấp ngoài phạm vi của bạn." in body


@pytest.mark.parametrize("name", ["officer", "quarter_head_kp1", "leader"])
def test_in_scope_readers_get_the_household_named(
    decision_with_complaint, persona, client_for, name
):
    body = text(client_for(persona(name)).get(f"/ra-soat/quyet-dinh/{decision_with_complaint.pk}/"))
    assert "Khiếu nại về hộ KP1-001 chưa được giải quyết." in body
