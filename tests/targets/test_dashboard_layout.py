"""The dashboard on a phone and for a quarter head: readable, and saying why targets are empty."""

from pathlib import Path

from django.conf import settings

from tests.targets.helpers import DASHBOARD
from tests.utils import text

STATIC = Path(settings.BASE_DIR) / "static"


def test_quarter_head_is_told_why_target_columns_are_empty(client_for, quarter_head_kp1, plan):
    response = client_for(quarter_head_kp1).get(DASHBOARD, {"program": plan.pk, "year": 2024})
    html = response.content.decode()
    assert 'id="quarter-target-note"' in html
    assert "Chỉ tiêu được giao cho cả xã, không chia theo khu phố, ấp" in text(response)


def test_commune_view_has_no_quarter_note(client_for, officer, plan):
    response = client_for(officer).get(DASHBOARD, {"program": plan.pk, "year": 2024})
    assert 'id="quarter-target-note"' not in response.content.decode()


def test_progress_table_stacks_into_labelled_cards_on_a_phone(client_for, officer, plan):
    html = client_for(officer).get(DASHBOARD, {"program": plan.pk, "year": 2024}).content.decode()
    assert 'class="table align-middle table-stack" id="progress-table"' in html
    css = (STATIC / "css" / "app.css").read_text()
    assert "table.table-stack thead { display: none; }" in css
    assert "content: attr(data-label);" in css
    assert 'querySelectorAll("table.table-stack")' in (STATIC / "js" / "app.js").read_text()
