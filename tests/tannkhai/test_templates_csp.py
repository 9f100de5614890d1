"""The Content-Security-Policy allows styles and scripts only from our own files
(``style-src 'self'``, ``script-src 'self'``): anything inline is blocked by the
browser and silently breaks the page. Templates must use classes in
static/css/app.css and scripts in static/js/."""

import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
TEMPLATE_DIRS = [Path(d) for d in settings.TEMPLATES[0]["DIRS"]] + [
    p for p in ROOT.glob("*/templates") if ".venv" not in p.parts
]
TEMPLATES = sorted({p for d in TEMPLATE_DIRS for p in d.rglob("*.html")})

RULES = [
    (
        re.compile(r"""\sstyle\s*=""", re.I),
        'inline style="…" attribute: use a class in static/css/app.css',
    ),
    (re.compile(r"<style\b", re.I), "<style> block: put the rules in static/css/app.css"),
    (
        re.compile(r"<script\b(?![^>]*\bsrc\s*=)[^>]*>", re.I),
        "inline <script> without src: put the code in static/js/",
    ),
    (
        re.compile(r"""\son[a-z]+\s*=\s*["'{]""", re.I),
        "on…= event handler attribute: attach the handler from static/js/",
    ),
    (re.compile(r"javascript:", re.I), "javascript: URL: attach a handler from static/js/"),
]


def test_templates_are_found():
    assert len(TEMPLATES) > 40


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_template_has_nothing_the_csp_blocks(path):
    problems = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        for pattern, why in RULES:
            if pattern.search(line):
                problems.append(f"{path.relative_to(ROOT)}:{number}: {why}\n    {line.strip()}")
    assert not problems, "\n".join(problems)


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
    ],
)
def test_rules_let_the_usual_forms_through(good):
    assert not any(pattern.search(good) for pattern, _ in RULES)
