"""Small helpers for reading responses in tests."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.messages import get_messages
from django.db.models import Model
from django.http import HttpResponse

from households.models import Household, Member


def messages_of(response: HttpResponse) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def field_errors(response: HttpResponse, field: str, *, form: str = "form") -> list[str]:
    """The errors of ``field`` on the context form named ``form``."""
    assert response.context is not None, "response was not rendered from a template"
    return [str(e) for e in response.context[form].errors.get(field, [])]


def non_field_errors(response: HttpResponse, *, form: str = "form") -> list[str]:
    assert response.context is not None
    return [str(e) for e in response.context[form].non_field_errors()]


def text(response: HttpResponse) -> str:
    return response.content.decode()


def counts() -> dict[str, int]:
    """Row counts of the registry, to assert that a rejected input saved nothing."""
    models: list[type[Model]] = [
        Household,
        Member,
        Household.history.model,  # type: ignore[attr-defined]
        Member.history.model,  # type: ignore[attr-defined]
    ]
    return {m.__name__: m.objects.count() for m in models}


def login_redirect(response: HttpResponse, url: str) -> bool:
    return response.status_code == 302 and response["Location"] == f"/dang-nhap/?next={url}"


def codes_in(html: str) -> set[str]:
    """Household codes linked from a list page."""
    return set(re.findall(r'href="/ho-gia-dinh/\d+/">([A-Z0-9-]+)</a>', html))


def unchanged(obj: Model, **expected: Any) -> None:
    obj.refresh_from_db()
    for name, value in expected.items():
        assert getattr(obj, name) == value, name


def blank_pdf() -> bytes:
    """A valid one-page PDF with no text: a stand-in for a scanned document."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
