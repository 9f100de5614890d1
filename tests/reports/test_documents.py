"""Documents of the review procedure: the decision and its annex lists (Mẫu số 02), the
certificates (Mẫu số 03), the minutes, the posting list and the requests (Mẫu số 01,
04), in PDF (text through pypdf) and Excel; who gets them; no font warnings."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from households.reviews.models import ReviewRequest
from tannkhai.models import AccessLog
from tests.reports.conftest import flat, pdf_text, xlsx_rows


def test_decision_pdf_official_frame_and_annexes(client_for, leader, decided, font_warnings):
    response = client_for(leader).get(
        reverse("reports:decision", args=[decided.decision.pk, "pdf"])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pages = pdf_text(response.content)
    first = flat(pages[0])
    for text in (
        "ỦY BAN NHÂN DÂN XÃ TÂN KHAI",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 125/QĐ-UBND",
        "Tân Khai, ngày 20 tháng 11 năm 2026",
        "QUYẾT ĐỊNH",
        "- Danh sách hộ nghèo: 1 hộ, 2 nhân khẩu (Phụ lục I);",
        "- Danh sách hộ cận nghèo: 1 hộ, 1 nhân khẩu (Phụ lục II);",
    ):
        assert text in first, text
    whole = flat(" ".join(pages))
    assert "Nơi nhận:" in whole
    assert "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH" in whole
    assert "Trương Văn Lãnh Đạo" in whole
    assert "Phụ lục I DANH SÁCH HỘ NGHÈO" in whole
    assert "Nguyễn Văn Ân" in whole and "Đặng Thị Bình" in whole
    assert "DỰ THẢO" not in whole
    # Page numbers from page 2 only.
    assert "1" not in [line.strip() for line in pages[0].splitlines()]
    assert "2" in [line.strip() for line in pages[1].splitlines()]
    assert font_warnings == []


def test_draft_decision_is_watermarked(client_for, officer, drafted):
    response = client_for(officer).get(
        reverse("reports:decision", args=[drafted.decision.pk, "pdf"])
    )
    assert response.status_code == 200
    assert "DỰ THẢO" in flat(" ".join(pdf_text(response.content)))


def test_decision_excel_has_one_sheet_per_annex(client_for, officer, decided):
    response = client_for(officer).get(
        reverse("reports:decision", args=[decided.decision.pk, "xlsx"])
    )
    sheets = xlsx_rows(response.content)
    assert list(sheets) == ["Phụ lục I", "Phụ lục II", "Phụ lục III", "Phụ lục IV"]
    poor = sheets["Phụ lục I"]
    assert poor[0][0] == "ỦY BAN NHÂN DÂN XÃ TÂN KHAI"
    names = [row[1] for row in poor]
    assert "Nguyễn Văn Ân" in names and "Đặng Thị Bình" not in names
    ann = next(row for row in poor if row[1] == "Nguyễn Văn Ân")
    assert ann[2] == "1980" and ann[3] is None and ann[10] == 2  # male: birth year under "Nam"


def test_quarter_head_prints_their_quarter_only(client_for, quarter_head_kp2, decided):
    response = client_for(quarter_head_kp2).get(
        reverse("reports:decision", args=[decided.decision.pk, "pdf"])
    )
    whole = flat(" ".join(pdf_text(response.content)))
    assert "Đặng Thị Bình" in whole
    assert "Nguyễn Văn Ân" not in whole
    assert "Bản in gồm 1/2 hộ" in whole


@pytest.mark.parametrize(("name", "status"), [("org_member", 403), ("outsider", 404), (None, 302)])
def test_decision_refused_outside_scope(client_for, persona, decided, name, status):
    user = persona(name) if name else None
    response = client_for(user).get(reverse("reports:decision", args=[decided.decision.pk, "pdf"]))
    assert response.status_code == status


def test_unknown_format_is_404(client_for, officer, decided):
    response = client_for(officer).get(
        reverse("reports:decision", args=[decided.decision.pk, "doc"])
    )
    assert response.status_code == 404


def test_certificates_one_page_each(client_for, officer, decided, font_warnings):
    response = client_for(officer).get(reverse("reports:certificates", args=[decided.decision.pk]))
    pages = pdf_text(response.content)
    assert len(pages) == 2
    assert "GIẤY CHỨNG NHẬN HỘ NGHÈO" in flat(pages[0])
    assert "Nguyễn Văn Ân" in flat(pages[0]) and "Lê Thị Hoa" in flat(pages[0])
    assert f"Số: {decided.poor.certificate_number}" in flat(pages[0])
    assert "GIẤY CHỨNG NHẬN HỘ CẬN NGHÈO" in flat(pages[1])
    assert "Đặng Thị Bình" in flat(pages[1])
    assert font_warnings == []


def test_minutes_name_chair_secretary_and_front(client_for, quarter_head_kp1, decided, areas):
    url = reverse("reports:minutes", args=[decided.campaign.pk, areas.kp1.pk])
    response = client_for(quarter_head_kp1).get(url)
    assert response.status_code == 200
    whole = flat(" ".join(pdf_text(response.content)))
    assert "BIÊN BẢN" in whole and "KHU PHỐ 1" in whole
    assert "THƯ KÝ" in whole and "CHỦ TRÌ" in whole and "ĐẠI DIỆN BAN CÔNG TÁC MẶT TRẬN" in whole
    assert "Kết quả biểu quyết: 15/20 người dự họp đồng ý (75%)" in whole
    assert "Nguyễn Văn Ân" in whole
    # Khu phố 2's minutes are not Khu phố 1's head's to print.
    other = reverse("reports:minutes", args=[decided.campaign.pk, areas.kp2.pk])
    assert client_for(quarter_head_kp1).get(other).status_code == 404


def test_posting_list_pdf_and_excel(client_for, officer, decided, areas):
    url = reverse("reports:posting", args=[decided.campaign.pk, areas.kp2.pk, "pdf"])
    whole = flat(" ".join(pdf_text(client_for(officer).get(url).content)))
    assert "Niêm yết công khai kết quả rà soát" in whole
    assert "12/11/2026" in whole and "16/11/2026" in whole
    assert "Đặng Thị Bình" in whole and "Nguyễn Văn Ân" not in whole
    url = reverse("reports:posting", args=[decided.campaign.pk, areas.kp2.pk, "xlsx"])
    sheets = xlsx_rows(client_for(officer).get(url).content)
    assert list(sheets) == ["Danh sách hộ cận nghèo"]


@pytest.mark.parametrize(
    ("kind", "form", "title"),
    [
        ("review", "Mẫu số 01", "GIẤY ĐỀ NGHỊ RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO"),
        ("escape", "Mẫu số 04", "GIẤY ĐỀ NGHỊ CÔNG NHẬN HỘ THOÁT NGHÈO, HỘ THOÁT CẬN NGHÈO"),
    ],
)
def test_request_forms(client_for, persona, hh_kp1, settings_with_town, kind, form, title):
    filed = ReviewRequest.objects.create(
        household=hh_kp1, kind=kind, submitted_on=dt.date(2026, 3, 2), reason="Chồng ốm nặng"
    )
    url = reverse("reports:request_form", args=[filed.pk])
    response = client_for(persona("officer")).get(url)
    whole = flat(" ".join(pdf_text(response.content)))
    for text in (form, title, "Kính gửi: Chủ tịch Ủy ban nhân dân xã Tân Khai", "Nguyễn Văn Ân"):
        assert text in whole
    assert "Tân Khai, ngày 02 tháng 3 năm 2026" in whole
    assert "070080001234" in whole  # officers see the citizen ID in full
    leader_text = flat(" ".join(pdf_text(client_for(persona("leader")).get(url).content)))
    assert "070080001234" not in leader_text and "1234" in leader_text
    assert client_for(persona("quarter_head_kp2")).get(url).status_code == 404
    assert client_for(persona("org_member")).get(url).status_code == 403
    assert AccessLog.objects.filter(
        action=AccessLog.Action.DOWNLOAD_REPORT, household=hh_kp1
    ).exists()


def test_every_download_is_logged(client_for, leader, decided):
    client_for(leader).get(reverse("reports:decision", args=[decided.decision.pk, "xlsx"]))
    log = AccessLog.objects.get(action=AccessLog.Action.DOWNLOAD_REPORT)
    assert log.user == leader
    assert log.detail["report"] == "quyet-dinh" and log.detail["format"] == "xlsx"
