"""What a failing browser test leaves behind: a full-page screenshot and the HTML of
every page it had open, under ``var/browser-failures/<test>/`` (``BROWSER_ARTIFACTS``
names another folder). The end of the run lists them, so that CI's log says where they are.

Kept free of Playwright imports at module level: the root conftest imports it for the
summary, also where the browser tests are not collected.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest


def artifacts_dir() -> Path:
    return Path(os.environ.get("BROWSER_ARTIFACTS") or "var/browser-failures")


def folder_for(item: pytest.Item) -> Path:
    """One folder per test: the module's name and the test's (with its parameters)."""
    name = f"{Path(str(item.fspath)).stem}__{item.name}"
    return artifacts_dir() / re.sub(r"[^\w.-]+", "_", name).strip("_")


def open_pages(item: pytest.Item) -> list[tuple[str, Any]]:
    """The test's fixtures that are Playwright pages still open, by fixture name."""
    from playwright.sync_api import Page

    funcargs: dict[str, Any] = getattr(item, "funcargs", {}) or {}
    return [
        (name, value)
        for name, value in funcargs.items()
        if isinstance(value, Page) and not value.is_closed()
    ]


def save_failure(item: pytest.Item) -> list[Path]:
    """Screenshot and HTML of each open page of ``item``; returns the files written."""
    from playwright.sync_api import Error as PlaywrightError

    pages = open_pages(item)
    if not pages:
        return []
    folder = folder_for(item)
    # Only this run's files: an earlier failure of the same test is replaced.
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name, page in pages:
        png, html = folder / f"{name}.png", folder / f"{name}.html"
        # A page that crashed or hangs cannot be saved; the test's own failure is what
        # matters, so saving what can be saved is enough.
        try:
            page.screenshot(path=str(png), full_page=True, timeout=10_000)
            written.append(png)
        except PlaywrightError:
            pass
        try:
            html.write_text(f"<!-- {page.url} -->\n{page.content()}", encoding="utf-8")
            written.append(html)
        except PlaywrightError:
            pass
    return written


def files_since(started: float) -> list[Path]:
    """The artifact files written since ``started`` (a time.time() value)."""
    folder = artifacts_dir()
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.stat().st_mtime >= started)


def summary_lines(files: Iterable[Path]) -> list[str]:
    folder = artifacts_dir().resolve()
    lines = [f"Screenshots and HTML of the failing browser tests are in {folder}:"]
    lines += [f"  {path.resolve().relative_to(folder)}" for path in files]
    return lines
