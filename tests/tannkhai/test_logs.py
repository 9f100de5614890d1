"""Logs without personal data, and the request id on every record, response and the
500 page."""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator

import pytest
from django.test import Client, override_settings

from tannkhai.logs import PathOnlyFilter, redact
from tests.conftest import AN_CITIZEN_ID
from tests.targets.conftest import plan  # noqa: F401 (fixture)

NAME = "Nguyễn Văn An"
FOLDED_NAME = "nguyen van an"


@pytest.fixture
def app_log() -> Iterator[io.StringIO]:
    """What the configured console handler writes (its filters and formatter included)."""
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    buffer = io.StringIO()
    previous = handler.setStream(buffer)  # type: ignore[attr-defined]
    try:
        yield buffer
    finally:
        handler.setStream(previous)  # type: ignore[attr-defined]


def _assert_clean(text: str) -> None:
    assert AN_CITIZEN_ID not in text
    assert AN_CITIZEN_ID[-4:] + "&" not in text
    assert NAME not in text
    assert FOLDED_NAME not in text
    assert "?q=" not in text


def test_404_of_a_citizen_id_search_logs_the_path_only(app_log, hh_kp1, officer, client_for):
    response = client_for(officer).get("/ho-gia-dinh/999999/", {"q": AN_CITIZEN_ID, "ten": NAME})
    assert response.status_code == 404
    text = app_log.getvalue()
    assert "Not Found: /ho-gia-dinh/999999/" in text
    _assert_clean(text)


def test_400_of_a_report_with_a_citizen_id_in_its_query(app_log, officer, client_for):
    response = client_for(officer).get(
        "/bao-cao/tai-ve/tien-do.xlsx", {"day": "khong-phai-ngay", "q": AN_CITIZEN_ID, "x": NAME}
    )
    assert response.status_code == 400
    text = app_log.getvalue()
    assert "Bad Request: /bao-cao/tai-ve/tien-do.xlsx" in text
    _assert_clean(text)


@pytest.mark.parametrize("debug", [False, True])
def test_500_leaves_no_citizen_id_or_name_and_shows_the_logged_id(app_log, db, debug):
    with override_settings(DEBUG=debug, ROOT_URLCONF="tests.tannkhai.error_urls"):
        response = Client(raise_request_exception=False).get(
            "/leaky-boom/", {"q": AN_CITIZEN_ID, "ten": NAME}
        )
    assert response.status_code == 500
    text = app_log.getvalue()
    assert "Internal Server Error: /leaky-boom/" in text
    assert "Traceback" in text  # the traceback is kept, its values masked
    _assert_clean(text)
    request_id = response["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    assert f"[{request_id}] django.request: Internal Server Error" in text
    assert request_id in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_the_proxys_request_id_is_kept_when_well_formed(app_log, db):
    given = "0123456789abcdef0123456789abcdef"
    with override_settings(DEBUG=False, ROOT_URLCONF="tests.tannkhai.error_urls"):
        response = Client(raise_request_exception=False).get(
            "/leaky-boom/", HTTP_X_REQUEST_ID=given
        )
    assert response["X-Request-ID"] == given
    assert given in response.content.decode()
    assert f"[{given}]" in app_log.getvalue()


@pytest.mark.parametrize("given", ["", "short", "a b c d e f g h", "x" * 65, 'abc"def<ghijk>'])
def test_a_malformed_request_id_is_replaced(db, given):
    response = Client().get("/dang-nhap/", HTTP_X_REQUEST_ID=given)
    assert response["X-Request-ID"] != given
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_every_response_has_an_id_and_they_differ(db):
    client = Client()
    first = client.get("/dang-nhap/")["X-Request-ID"]
    second = client.get("/dang-nhap/")["X-Request-ID"]
    assert first != second


def test_records_outside_a_request_carry_a_dash(app_log):
    logging.getLogger("tannkhai.test").warning("outside")
    assert "[-] tannkhai.test: outside" in app_log.getvalue()


def test_development_server_request_lines_lose_their_query(app_log):
    logging.getLogger("django.server").info(
        '"%s" %s %s', f"GET /ho-gia-dinh/?q={AN_CITIZEN_ID}&ten={NAME} HTTP/1.1", "200", "512"
    )
    text = app_log.getvalue()
    assert '"GET /ho-gia-dinh/ HTTP/1.1" 200 512' in text
    _assert_clean(text)


def test_path_only_filter_on_a_message_without_arguments():
    record = logging.LogRecord(
        "django.request",
        logging.WARNING,
        __file__,
        1,
        "see /x/?q=Nguy%E1%BB%85n%20V and on",
        None,
        None,
    )
    PathOnlyFilter().filter(record)
    assert record.getMessage() == "see /x/ and on"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            f"Key (citizen_id)=({AN_CITIZEN_ID}) already exists.",
            "Key (citizen_id)=([redacted]) already exists.",
        ),
        (
            f"DETAIL:  Failing row contains (7, {NAME}, {AN_CITIZEN_ID}, 1980).",
            "DETAIL:  Failing row contains ([redacted]).",
        ),
        (f"searched {AN_CITIZEN_ID} and 0912345678", "searched [redacted] and [redacted]"),
        (
            "GET /ho-gia-dinh/123/ 200 in 45 ms on 2026-12-01",
            "GET /ho-gia-dinh/123/ 200 in 45 ms on 2026-12-01",
        ),
        ("job 5f0c2a8e-1234-4abc-9def-0123456789ab", "job 5f0c2a8e-1234-4abc-9def-0123456789ab"),
    ],
)
def test_redact(text, expected):
    assert redact(text) == expected


@pytest.mark.usefixtures("plan")
def test_the_audit_log_keeps_a_citizen_id_in_report_parameters_masked(officer, client_for):
    """The access log (who viewed what) keeps the report's parameters, never a raw
    citizen ID among them."""
    from tannkhai.models import AccessLog
    from targets.models import Program

    program = Program.objects.get()
    response = client_for(officer).get(
        "/bao-cao/xem/ke-hoach/", {"program": program.pk, "q": AN_CITIZEN_ID}
    )
    assert response.status_code == 200
    entry = AccessLog.objects.filter(user=officer).latest("at")
    assert AN_CITIZEN_ID not in str(entry.detail)
    assert entry.detail["query"]["q"].endswith(AN_CITIZEN_ID[-4:])
    assert entry.detail["query"]["q_digest"]
