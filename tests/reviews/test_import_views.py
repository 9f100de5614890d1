"""Pages of the review-results import: reached from the campaign page, who may import,
the template (headers, drop-down lists, instructions, the user's households), a batch is
its uploader's and its campaign's only, and the batch list shows both kinds."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from households.imports.models import ImportBatch
from households.reviews.models import Review, ReviewCampaign
from tests.households.imports import household_rows, previewed, upload, workbook
from tests.reviews.imports import HEADERS, result_row, review_batch

pytestmark = pytest.mark.django_db


def start(campaign) -> str:
    return f"/ra-soat/{campaign.pk}/nhap-excel/"


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("officer", 200),
        ("quarter_head_kp1", 200),
        ("admin_user", 200),
        ("outsider", 404),
        ("leader", 403),
        ("org_member", 403),
    ],
)
def test_who_may_import_results(persona, client_for, campaign, hh_kp1, name, status):
    client = client_for(persona(name))
    assert client.get(start(campaign)).status_code == status
    assert client.get(start(campaign) + "mau/").status_code == status
    data = workbook([result_row("KP1-001", 1_000_000)], headers=HEADERS)
    response = client.post(start(campaign), {"file": upload(data)})
    assert response.status_code == (302 if status == 200 else status)
    page = client.get(f"/ra-soat/{campaign.pk}/")
    if page.status_code == 200:
        assert (start(campaign) in page.content.decode()) is (status == 200)


def test_upload_preview_confirm_through_the_pages(officer, client_for, campaign, review_kp1):
    client = client_for(officer)
    page = client.get(f"/ra-soat/{campaign.pk}/").content.decode()
    assert "Nhập kết quả từ Excel" in page
    data = workbook([result_row("KP1-001", "1.000.000", deprived=("1", "2", "3"))], HEADERS)
    response = client.post(start(campaign), {"file": upload(data, "kq.xlsx")})
    batch = ImportBatch.objects.get()
    assert batch.kind == "reviews" and batch.target == str(campaign.pk)
    assert response["Location"] == f"{start(campaign)}{batch.pk}/"
    preview = client.get(response["Location"]).content.decode()
    assert "KP1-001" in preview and "Hộ nghèo" in preview and "Chủ hộ" in preview
    assert f'action="{start(campaign)}{batch.pk}/ghi/"' in preview
    done = client.post(f"{start(campaign)}{batch.pk}/ghi/", {"mode": "all"})
    assert done["Location"] == f"{start(campaign)}{batch.pk}/"
    assert Review.objects.get(pk=review_kp1.pk).result == "poor"
    # The registry's import page lists the user's batches of both kinds.
    previewed(officer, household_rows(), name="ho.xlsx")
    listing = client.get("/ho-gia-dinh/nhap-excel/").content.decode()
    assert "kq.xlsx" in listing and "ho.xlsx" in listing
    assert f"{start(campaign)}{batch.pk}/" in listing
    assert "Kết quả rà soát của một đợt" in listing


def test_rejected_rows_download(officer, client_for, campaign, hh_kp1):
    batch = review_batch(officer, campaign, [result_row("KP1-001", "abc")])
    response = client_for(officer).get(f"{start(campaign)}{batch.pk}/dong-loi/")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-1] == "Lỗi" and rows[1][1] == "KP1-001"
    assert "Thu nhập bình quân" in rows[1][-1]


def test_a_batch_is_its_owners_and_its_campaigns_only(
    officer, quarter_head_kp1, client_for, campaign, hh_kp1, areas
):
    batch = review_batch(officer, campaign, [result_row("KP1-001", 1_000_000)])
    other = ReviewCampaign.objects.create(
        commune=areas.commune,
        kind="adhoc",
        year=2025,
        month=3,
        list_year=2025,
        standard=campaign.standard,
    )
    assert client_for(officer).get(f"{start(other)}{batch.pk}/").status_code == 404
    assert client_for(officer).get(f"/ho-gia-dinh/nhap-excel/{batch.pk}/").status_code == 404
    head = client_for(quarter_head_kp1)
    assert head.get(f"{start(campaign)}{batch.pk}/").status_code == 404
    assert head.post(f"{start(campaign)}{batch.pk}/ghi/", {"mode": "all"}).status_code == 404


def test_a_closed_campaign_says_so_and_offers_no_upload(officer, client_for, campaign):
    ReviewCampaign.objects.filter(pk=campaign.pk).update(status=ReviewCampaign.Status.CLOSED)
    client = client_for(officer)
    page = client.get(start(campaign)).content.decode()
    assert "Đợt rà soát đã kết thúc: không nhập kết quả được nữa." in page
    assert 'enctype="multipart/form-data"' not in page
    data = workbook([result_row("KP1-001", 1_000_000)], HEADERS)
    response = client.post(start(campaign), {"file": upload(data)})
    assert response.status_code == 200 and not ImportBatch.objects.exists()
    assert start(campaign) not in client.get(f"/ra-soat/{campaign.pk}/").content.decode()


def test_the_template(quarter_head_kp1, client_for, campaign, review_kp1, review_kp2):
    response = client_for(quarter_head_kp1).get(start(campaign) + "mau/")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    data = book.worksheets[0]
    headers = [c.value for c in data[1]]
    assert headers[:5] == [
        "Mã hộ *",
        "Chủ hộ",
        "Khu phố",
        "Thu nhập bình quân (đồng/người/tháng)",
        "Điểm A",
    ]
    assert headers[5:17] == [f"CS{n}" for n in range(1, 13)]
    assert headers[17:] == ["Nguyên nhân nghèo", "Nhóm hộ", "Ghi chú"]
    # One row per household of the list that the quarter head sees: Khu phố 1 only.
    assert [c.value for c in data["A"][1:] if c.value] == ["KP1-001"]
    assert data["B2"].value == "Nguyễn Văn Ân"
    validations = {str(v.sqref).split(":")[0]: v for v in data.data_validations.dataValidation}
    lists = book["Danh mục"]
    assert lists.sheet_state == "hidden"
    cs1 = validations["F2"]
    assert cs1.type == "list" and cs1.errorStyle == "warning"
    listed = {lists.cell(row=1, column=c).value: c for c in range(1, lists.max_column + 1)}
    column = listed["CS1"]
    assert [lists.cell(row=r, column=column).value for r in (2, 3)] == ["Có", "Không"]
    cause_column = listed["Nguyên nhân nghèo"]
    assert lists.cell(row=2, column=cause_column).value == "Thiếu đất sản xuất"
    assert lists.cell(row=2, column=listed["Nhóm hộ"]).value.startswith("1. ")
    assert validations["S2"].errorStyle == "stop"  # Nhóm hộ: one of the list
    instructions = book["Hướng dẫn"]
    text = " ".join(str(c.value) for row in instructions.iter_rows() for c in row if c.value)
    assert "CS12" in text and "Rà soát định kỳ năm 2025" in text
    assert "hộ thiếu hụt khi" in text


def test_the_campaign_page_button_for_a_quarter_head(quarter_head_kp1, client_for, campaign):
    page = client_for(quarter_head_kp1).get(f"/ra-soat/{campaign.pk}/").content.decode()
    assert 'id="campaign-import"' in page
