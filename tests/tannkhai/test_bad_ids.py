"""Ids no column can hold, in a multiple choice of rows, are a form error (found by fuzzing)."""

import pytest

from tannkhai.models import User
from tests.tannkhai.test_users_views import new_user
from tests.utils import field_errors


@pytest.mark.parametrize("bad", ["9" * 30, "99999999999999999999", "-1", "1e3", "٣"])
def test_a_huge_area_id_on_the_user_form_is_a_field_error(client_for, admin_user, areas, bad):
    client = client_for(admin_user)
    client.raise_request_exception = False
    before = User.objects.count()
    response = client.post("/tai-khoan/nguoi-dung/them/", new_user(areas, areas=[bad]))
    assert response.status_code == 200
    assert field_errors(response, "areas")
    assert User.objects.count() == before
