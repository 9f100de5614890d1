"""How the official documents are laid out on the page: every signer of the minutes on
the page, certificates without page numbers, a long table starting under its heading,
the superior body broken between whole pieces, names of bodies and units as they stood
on the document's date, file names and background-job titles in Vietnamese."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from households.reviews.models import Decision, Posting, QuarterMeeting, ReviewRequest
from reports.builders import documents
from reports.document import Block, Report, body_in_sentence, body_lines, unit_in_sentence
from reports.models import ExportJob
from reports.render import laid_out, pdf_bytes
from tests.reports.conftest import flat, pdf_text
from tests.reports.test_render_format import report as list_report


def text_boxes(box: Any) -> Iterator[Any]:
    if getattr(box, "text", None):
        yield box
    for child in getattr(box, "children", []):
        yield from text_boxes(child)


def placed(report: Report, text: str) -> list[tuple[int, float, float, float]]:
    """Where ``text`` is laid out: (page index, x, y, right edge) in CSS px, and the
    page's width as the last right edge of a page box."""
    found = []
    for index, page in enumerate(laid_out(report).pages):
        for box in text_boxes(page._page_box):
            if text in box.text:
                found.append((index, box.position_x, box.position_y, box.position_x + box.width))
    return found


def test_minutes_print_all_three_signers_side_by_side(officer, decided, areas):
    QuarterMeeting.objects.filter(campaign=decided.campaign, quarter=areas.kp1).update(
        secretary="Lý Thị Hai", fatherland_front_rep="Trần Văn Ba"
    )
    meeting = QuarterMeeting.objects.get(campaign=decided.campaign, quarter=areas.kp1)
    with translation.override("vi"):
        minutes = documents.minutes(user=officer, meeting=meeting)
    document = laid_out(minutes)
    page_width = document.pages[0].width
    # The names close the document: the last time each is laid out.
    secretary, front, chair = (
        placed(minutes, name)[-1] for name in ("Lý Thị Hai", "Trần Văn Ba", "Hồ Văn Một")
    )
    assert chair[3] <= page_width and placed(minutes, "CHỦ TRÌ")[-1][3] <= page_width
    assert secretary[0] == front[0] == chair[0]  # the same page
    assert secretary[2] == front[2] == chair[2]  # the same line
    assert secretary[1] < front[1] < chair[1]


def test_certificates_carry_no_page_number(client_for, officer, decided):
    response = client_for(officer).get(reverse("reports:certificates", args=[decided.decision.pk]))
    pages = pdf_text(response.content)
    assert len(pages) == 2
    for text in pages:
        assert not {"1", "2"} & {line.strip() for line in text.splitlines()}


def test_a_long_table_starts_under_its_heading():
    """Eight rows after a long introduction: kept whole with the signature, the table
    went to page 2 and left page 1 with the header only."""
    result = list_report(landscape=True, n=8)
    for _ in range(4):
        result.blocks.insert(0, Block("paragraph", "Căn cứ " * 60))
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf_bytes(result))).pages]
    assert len(pages) == 2
    assert "Họ và tên chủ hộ" in pages[0] and "Nguyễn Thị Ánh Tuyết 0" in pages[0]
    assert "Họ và tên chủ hộ" in pages[1]  # the header repeated where the table runs on


def test_a_short_table_stays_whole():
    result = list_report(landscape=False, n=3)
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf_bytes(result))).pages]
    assert len(pages) == 1


def test_superior_body_breaks_between_whole_pieces(client_for, officer, decided):
    """A certificate of 2024 is the former town's, under UBND HUYỆN HỚN QUẢN."""
    Decision.objects.filter(pk=decided.decision.pk).update(signed_on=dt.date(2024, 12, 10))
    response = client_for(officer).get(reverse("reports:certificates", args=[decided.decision.pk]))
    lines = [line.strip() for line in pdf_text(response.content)[0].splitlines()]
    assert any("HỚN QUẢN" in line for line in lines), lines
    assert not any(line.endswith("HỚN") for line in lines), lines
    assert "Chủ tịch Ủy ban nhân dân thị trấn Tân Khai chứng nhận" in flat(" ".join(lines))


def test_body_names_in_pieces_and_in_sentences():
    assert body_lines("UBND HUYỆN HỚN QUẢN") == ["UBND HUYỆN", "HỚN QUẢN"]
    assert body_lines("ỦY BAN NHÂN DÂN THỊ XÃ BÌNH LONG") == ["ỦY BAN NHÂN DÂN THỊ XÃ", "BÌNH LONG"]
    assert body_lines("SỞ Y TẾ") == ["SỞ Y TẾ"]
    assert body_in_sentence("ỦY BAN NHÂN DÂN XÃ TÂN KHAI") == "Ủy ban nhân dân xã Tân Khai"
    assert body_in_sentence("Ủy ban nhân dân Xã Tân Khai") == "Ủy ban nhân dân xã Tân Khai"
    assert unit_in_sentence("ỦY BAN NHÂN DÂN THỊ TRẤN TÂN KHAI") == "thị trấn Tân Khai"


def test_certificate_names_the_committee_in_sentence_case(client_for, officer, decided):
    response = client_for(officer).get(reverse("reports:certificates", args=[decided.decision.pk]))
    first = flat(pdf_text(response.content)[0])
    assert "Chủ tịch Ủy ban nhân dân xã Tân Khai chứng nhận" in first
    assert "Chủ tịch ỦY BAN" not in first
    assert "ỦY BAN NHÂN DÂN XÃ TÂN KHAI" in first  # the header keeps its capitals


@pytest.mark.parametrize("kind", ["review", "escape"])
def test_request_form_names_the_quarter_once(client_for, officer, hh_kp1, settings_with_town, kind):
    hh_kp1.address = "Tổ 5, Khu phố 1"
    hh_kp1.save(update_fields=["address"])
    filed = ReviewRequest.objects.create(
        household=hh_kp1, kind=kind, submitted_on=dt.date(2026, 3, 2), reason="Ốm"
    )
    response = client_for(officer).get(reverse("reports:request_form", args=[filed.pk]))
    whole = flat(" ".join(pdf_text(response.content)))
    assert "Nơi ở hiện tại: Tổ 5, Khu phố 1" in whole
    assert "Khu phố 1, Khu phố 1" not in whole
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân xã Tân Khai" in whole
    # An address without the quarter gets it added.
    hh_kp1.address = "12 Nguyễn Huệ"
    hh_kp1.save(update_fields=["address"])
    response = client_for(officer).get(reverse("reports:request_form", args=[filed.pk]))
    assert "Nơi ở hiện tại: 12 Nguyễn Huệ, Khu phố 1" in flat(" ".join(pdf_text(response.content)))


def test_a_2023_posting_names_the_towns_committee(client_for, officer, decided, areas):
    Posting.objects.filter(campaign=decided.campaign, quarter=areas.kp1).update(
        start_date=dt.date(2023, 11, 16),
        end_date=dt.date(2023, 11, 20),
        places="Nhà văn hóa khu phố, trụ sở UBND xã, loa truyền thanh",
    )
    url = reverse("reports:posting", args=[decided.campaign.pk, areas.kp1.pk, "pdf"])
    whole = flat(" ".join(pdf_text(client_for(officer).get(url).content)))
    assert "ỦY BAN NHÂN DÂN THỊ TRẤN TÂN KHAI" in whole
    assert "trụ sở UBND thị trấn Tân Khai, loa truyền thanh;" in whole
    assert "UBND xã" not in whole


@pytest.mark.parametrize(
    ("kind", "name"),
    [
        ("poor", "danh-sach-ho-ngheo"),
        ("near_poor", "danh-sach-ho-can-ngheo"),
        ("escaped", "danh-sach-ho-thoat-ngheo"),
        ("newly_poor", "danh-sach-ho-ngheo-moi"),
    ],
)
def test_list_file_names_are_vietnamese(client_for, officer, decided, kind, name):
    url = reverse("reports:download", args=["danh-sach-ho", "xlsx"])
    response = client_for(officer).get(url, {"campaign": decided.campaign.pk, "list": kind})
    assert f'filename="{name}-' in response["Content-Disposition"]


def test_background_job_is_titled_by_list_campaign_and_quarter(
    settings, decided, officer, client_for, areas
):
    settings.BACKGROUND_EXPORT_ROWS = 0
    client = client_for(officer)
    url = reverse("reports:download", args=["danh-sach-ho", "xlsx"])
    client.get(url, {"campaign": decided.campaign.pk, "list": "near_poor"})
    client.get(url, {"campaign": decided.campaign.pk, "list": "poor", "quarter": areas.kp1.pk})
    titles = set(ExportJob.objects.values_list("title", flat=True))
    campaign = str(decided.campaign)
    assert titles == {
        f"Danh sách hộ cận nghèo – {campaign}",
        f"Danh sách hộ nghèo – {campaign} – Khu phố 1",
    }
    page = client.get(reverse("reports:jobs")).content.decode()
    assert f"Danh sách hộ cận nghèo – {campaign}" in page
