"""The Content-Security-Policy allows styles and scripts only from our own files
(``style-src 'self'``, ``script-src 'self'``): anything inline is blocked by the
browser and silently breaks the page. Templates must use classes in
static/css/app.css and scripts in static/js/."""

from pathlib import Path

import pytest
from django.conf import settings

from tests.tannkhai.csp_rules import RULES, violations

ROOT = Path(settings.BASE_DIR)
TEMPLATE_DIRS = [Path(d) for d in settings.TEMPLATES[0]["DIRS"]] + [
    p for p in ROOT.glob("*/templates") if ".venv" not in p.parts
]
TEMPLATES = sorted({p for d in TEMPLATE_DIRS for p in d.rglob("*.html")})


def test_templates_are_found():
    assert len(TEMPLATES) > 40


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_template_has_nothing_the_csp_blocks(path):
    problems = violations(path.read_text(encoding="utf-8"))
    assert not problems, "\n".join(f"{path.relative_to(ROOT)}:{p}" for p in problems)


@pytest.mark.parametrize(
    "bad",
    [
        '<div style="color: red">',
        "<p STYLE='x'>",
        "<style>p{}</style>",
        "<script>alert(1)</script>",
        '<script type="module">',
        '<button onclick="go()">',
        '<a href="javascript:go()">',
    ],
)
def test_rules_catch_the_usual_forms(bad):
    assert any(pattern.search(bad) for pattern, _ in RULES)


@pytest.mark.parametrize(
    "good",
    [
        '<script src="/static/js/app.js" defer></script>',
        '<div class="form-width-xl" data-online="1">',
        '<input name="person" data-on-change="x">',
        '<script id="dashboard-data" type="application/json">{"a": 1}</script>',
    ],
)
def test_rules_let_the_usual_forms_through(good):
    assert not any(pattern.search(good) for pattern, _ in RULES)
