"""What a web worker would otherwise do on its first requests, done once in gunicorn's
master before it forks (``deploy/gunicorn.conf.py``, ``when_ready``).

Each worker compiled every template, loaded the translation catalogs and built the URL
resolver on the first request that needed them: the first pages a worker served after a
start took several times their usual time (p95 of a one-user load test 230–420 ms for
pages whose median is 50–60 ms). Done in the master, the compiled templates and catalogs
are inherited by every worker, shared copy-on-write and frozen with the rest of the app.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.urls import get_resolver
from django.utils import translation


def warm() -> int:
    """Compile the project's templates (through the cached loader), load the catalog of
    each language and the URL resolver; returns how many templates were compiled."""
    get_resolver().url_patterns  # noqa: B018 (imports every URLconf and view module)
    get_resolver()._populate()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Trang chủ")
    compiled = 0
    for engine in engines.all():
        for directory in getattr(engine, "dirs", []):
            base = Path(directory)
            for path in sorted(base.rglob("*.html")):
                try:
                    engine.get_template(path.relative_to(base).as_posix())
                except (TemplateDoesNotExist, TemplateSyntaxError):
                    continue  # the page that uses it says so, as without the warm-up
                compiled += 1
    return compiled
