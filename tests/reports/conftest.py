"""Fixtures of the reports: a recognised campaign in both quarters, the commune's
settings and its predecessor (the former town), and readers of PDF and Excel files."""

from __future__ import annotations

import datetime as dt
import io
import logging
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from households.models import Area, AreaEvent, CommuneSettings, Household
from households.reviews import services as svc
from households.reviews.models import Decision, Review, ReviewCampaign
from tannkhai.models import User
from tests.conftest import AreaTree
from tests.factories import AreaFactory
from tests.reviews.conftest import campaign, other_campaign  # noqa: F401 (fixture)
from tests.reviews.helpers import NEAR_POOR, POOR, meet, post, prepare, survey
from tests.targets.conftest import plan  # noqa: F401 (fixture)


@pytest.fixture
def settings_with_town(areas: AreaTree) -> Area:
    """Tân Khai (xã since 1/7/2025) took over the former thị trấn Tân Khai."""
    town = AreaFactory(
        code="25481",
        name="Thị trấn Tân Khai",
        kind=Area.Kind.COMMUNE,
        parent=areas.province,
        valid_to=dt.date(2025, 6, 30),
    )
    Area.objects.filter(pk=town.pk).update(successor=areas.commune)
    Area.objects.filter(pk=areas.commune.pk).update(valid_from=dt.date(2025, 7, 1))
    areas.commune.refresh_from_db()
    AreaEvent.objects.create(
        area=areas.kp1,
        kind=AreaEvent.Kind.MOVED,
        effective_date=dt.date(2025, 7, 1),
        other_area=town,
    )
    CommuneSettings.objects.create(
        commune=areas.commune,
        issuing_body="ỦY BAN NHÂN DÂN XÃ TÂN KHAI",
        place_name="Tân Khai",
        chairman_name="Trương Văn Lãnh Đạo",
        vice_chairman_name="Phạm Thị Phó",
    )
    CommuneSettings.objects.create(
        commune=town,
        issuing_body="ỦY BAN NHÂN DÂN THỊ TRẤN TÂN KHAI",
        superior_body="UBND HUYỆN HỚN QUẢN",
        place_name="Tân Khai",
        chairman_name="Lê Văn Thị Trấn",
    )
    return town


@dataclass
class Decided:
    campaign: ReviewCampaign
    poor: Review  # Khu phố 1: Nguyễn Văn Ân
    near: Review  # Khu phố 2: Đặng Thị Bình
    decision: Decision


def _decide(
    officer: User, review: ReviewCampaign, areas: AreaTree, hh1: Household, hh2: Household
) -> Decided:
    poor = svc.campaign_add_household(user=officer, campaign=review, household=hh1)
    near = svc.campaign_add_household(user=officer, campaign=review, household=hh2)
    survey(officer, poor, income=POOR["income"], codes=POOR["codes"], members=2)
    survey(officer, near, income=NEAR_POOR["income"], codes=NEAR_POOR["codes"], members=1)
    for quarter in (areas.kp1, areas.kp2):
        meet(officer, review, quarter)
        post(officer, review, quarter)
    decision = prepare(officer, review)
    return Decided(review, poor, near, decision)


@pytest.fixture
def drafted(
    officer: User,
    campaign: ReviewCampaign,  # noqa: F811
    areas: AreaTree,
    hh_kp1: Household,
    hh_kp2: Household,
    settings_with_town: Area,
) -> Decided:
    """Both households surveyed, met, posted; the decision prepared, not signed."""
    return _decide(officer, campaign, areas, hh_kp1, hh_kp2)


@pytest.fixture
def decided(drafted: Decided, leader: User) -> Decided:
    svc.decision_approve(user=leader, decision=drafted.decision)
    drafted.decision.refresh_from_db()
    drafted.poor.refresh_from_db()
    drafted.near.refresh_from_db()
    return drafted


def pdf_text(content: bytes) -> list[str]:
    """The text of each page."""
    assert content.startswith(b"%PDF")
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def flat(text: str) -> str:
    return " ".join(text.split())


def xlsx_rows(content: bytes) -> dict[str, list[list[object]]]:
    """Every sheet's rows as values."""
    book = load_workbook(io.BytesIO(content))
    return {
        sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)]
        for sheet in book.worksheets
    }


@pytest.fixture
def font_warnings() -> Iterator[list[logging.LogRecord]]:
    """WeasyPrint's warnings (a missing glyph, an unloadable font) while the test runs."""
    records: list[logging.LogRecord] = []

    class Catch(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Catch(level=logging.WARNING)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield records
    finally:
        logger.removeHandler(handler)
