"""What the Content-Security-Policy (``style-src 'self'``, ``script-src 'self'``) blocks
in HTML: inline styles, inline scripts and event-handler attributes. Used on the
templates (test_templates_csp) and on every page the permission matrix renders."""

from __future__ import annotations

import re

RULES = [
    (
        re.compile(r"""\sstyle\s*=""", re.I),
        'inline style="…" attribute: use a class in static/css/app.css',
    ),
    (re.compile(r"<style\b", re.I), "<style> block: put the rules in static/css/app.css"),
    (
        re.compile(
            r"<script\b(?![^>]*\bsrc\s*=)(?![^>]*\btype\s*=\s*[\"']application/json)[^>]*>",
            re.I,
        ),
        "inline <script> without src: put the code in static/js/",
    ),
    (
        re.compile(r"""\son[a-z]+\s*=\s*["'{]""", re.I),
        "on…= event handler attribute: attach the handler from static/js/",
    ),
    (re.compile(r"javascript:", re.I), "javascript: URL: attach a handler from static/js/"),
]


def violations(html: str) -> list[str]:
    """``"<line>: <why>\n    <text>"`` for every line of ``html`` the CSP would block."""
    problems = []
    for number, line in enumerate(html.splitlines(), start=1):
        for pattern, why in RULES:
            if pattern.search(line):
                problems.append(f"{number}: {why}\n    {line.strip()[:200]}")
    return problems
