"""The warm-up gunicorn's master runs before it forks: every template of the project
compiled into the cached loader, the catalogs loaded."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.template import engines

from tannkhai.warmup import warm


def test_every_project_template_is_compiled_once() -> None:
    ours = sorted(Path(settings.BASE_DIR / "templates").rglob("*.html"))
    assert warm() == len(ours) > 100
    engine = engines["django"].engine
    cached = next(
        loader for loader in engine.template_loaders if hasattr(loader, "get_template_cache")
    )
    assert "households/list.html" in cached.get_template_cache
    assert "reports/pdf/document.html" in cached.get_template_cache
