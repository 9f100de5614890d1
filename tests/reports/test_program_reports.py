"""The program reports: each report's numbers in the preview, the PDF and the workbook,
scope per persona, bad input."""

from __future__ import annotations

import pytest
from django.urls import reverse

from households.reviews import services as svc
from households.reviews.selectors import transition_matrix
from tannkhai.models import AccessLog
from targets.selectors import program_quarters
from tests.reports.conftest import flat, pdf_text, xlsx_rows


def get(client, key, fmt=None, **query):
    url = (
        reverse("reports:download", args=[key, fmt])
        if fmt
        else reverse("reports:preview", args=[key])
    )
    return client.get(url, query)


def cells(sheets):
    return [value for rows in sheets.values() for row in rows for value in row if value is not None]


def test_plan_figures_equal_the_seed(client_for, officer, plan, settings_with_town, font_warnings):
    client = client_for(officer)
    pdf = flat(" ".join(pdf_text(get(client, "ke-hoach", "pdf", program=plan.pk).content)))
    for text in (
        "ỦY BAN NHÂN DÂN THỊ TRẤN TÂN KHAI",  # the plan is of 2024: the town's
        "Số: /KH-UBND",
        "Tân Khai, ngày … tháng … năm 2024",
        "KẾ HOẠCH",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "II. CHỈ TIÊU CHỦ YẾU",
        "III. NGUỒN LỰC THỰC HIỆN",
        "IV. NHIỆM VỤ VÀ GIẢI PHÁP CHỦ YẾU",
        "V. PHÂN CÔNG NHIỆM VỤ",
        "Giải quyết việc làm: 2.056 lao động (năm 2022 là 494, năm 2023 là 507, năm 2024 là "
        "525, năm 2025 là 530)",
        "Đào tạo nghề: 602 lao động (bình quân 150 lao động/năm)",
        "Giải quyết việc làm: 487 lao động",
        "TM. ỦY BAN NHÂN DÂN",
        "Lê Văn Thị Trấn",
    ):
        assert text in pdf, text
    sheets = xlsx_rows(get(client, "ke-hoach", "xlsx", program=plan.pk).content)
    values = cells(sheets)
    assert 2056 in values and 602 in values and 494 in values and 487 in values
    assert font_warnings == []


def test_review_results_by_quarter(client_for, officer, decided):
    client = client_for(officer)
    sheets = xlsx_rows(get(client, "ket-qua-ra-soat", "xlsx", campaign=decided.campaign.pk).content)
    rows = next(iter(sheets.values()))
    kp1 = next(r for r in rows if r[1] == "Khu phố 1")
    kp2 = next(r for r in rows if r[1] == "Khu phố 2")
    total = next(r for r in rows if r[1] == "Tổng cộng")
    # households, persons, poor hh, %, poor persons, %, near hh, %, near persons, %
    assert kp1[2:4] == [1, 2] and kp1[4] == 1 and kp1[5] == 100.0 and kp1[6] == 2
    assert kp2[2:4] == [1, 1] and kp2[8] == 1 and kp2[10] == 1
    assert total[2] == 2 and total[4] == 1 and total[8] == 1 and total[5] == 50.0
    pdf = flat(
        " ".join(
            pdf_text(get(client, "ket-qua-ra-soat", "pdf", campaign=decided.campaign.pk).content)
        )
    )
    assert "Tổng cộng 2 3 1 50,0 2 66,7 1 50,0 1 33,3" in pdf


def test_change_report_reuses_the_transition_matrix(client_for, officer, decided, plan):
    plan.refresh_from_db()
    client = client_for(officer)
    response = get(client, "bien-dong", "xlsx", program=plan.pk, year=2025)
    rows = next(iter(xlsx_rows(response.content).values()))
    matrix = transition_matrix(
        user=officer, area=plan.covered_area, year=2025, quarters=program_quarters(plan)
    )
    poor_hh = next(r for r in rows if r[0] == "Hộ nghèo" and r[1] == "hộ")
    expected = matrix.row("poor", "households")
    assert poor_hh[2] == expected.start and poor_hh[-1] == expected.end == 1
    assert poor_hh[-2] == expected.total_increase == 1
    near_p = next(r for r in rows if r[0] == "Hộ cận nghèo" and r[1] == "người")
    assert near_p[-1] == matrix.row("near_poor", "persons").end == 1
    preview = get(client, "bien-dong", program=plan.pk, year=2025).content.decode()
    assert "Đầu kỳ" in preview and "Cuối kỳ" in preview


def test_deprivations_and_breakdowns(client_for, officer, decided):
    client = client_for(officer)
    sheets = xlsx_rows(get(client, "thieu-hut", "xlsx", campaign=decided.campaign.pk).content)
    counts = sheets["Số hộ"]
    header = next(r for r in counts if r[0] == "STT")
    header2 = counts[counts.index(header) + 1]
    total = next(r for r in counts if r[1] == "Tổng cộng")
    by_code = dict(zip(header2[3:], total[3:], strict=False))
    # POOR: indicators 1, 2, 3; NEAR_POOR: indicator 1.
    assert total[2] == 2 and by_code["1"] == 2 and by_code["2"] == 1 and by_code["4"] == 0
    rates = next(r for r in sheets["Tỷ lệ"] if r[1] == "Tổng cộng")
    assert rates[3] == 100.0
    sheets = xlsx_rows(get(client, "phan-loai", "xlsx", campaign=decided.campaign.pk).content)
    groups = next(iter(sheets.values()))
    total = next(r for r in groups if r[1] == "Tổng cộng")
    assert total[2] == 2 and total[4] == 1 and total[9] == 1  # residents, poor, near-poor
    assert "Dân tộc" in sheets and "Nguyên nhân" in sheets


@pytest.mark.parametrize(
    ("kind", "names"),
    [
        ("poor", {"Nguyễn Văn Ân"}),
        ("near_poor", {"Đặng Thị Bình"}),
        ("newly_poor", {"Nguyễn Văn Ân"}),
        ("escaped", set()),
    ],
)
def test_household_lists(client_for, officer, decided, kind, names):
    sheets = xlsx_rows(
        get(
            client_for(officer), "danh-sach-ho", "xlsx", campaign=decided.campaign.pk, list=kind
        ).content
    )
    rows = next(iter(sheets.values()))
    listed = {r[1] for r in rows if isinstance(r[0], int)}
    assert listed == names


def test_quarter_head_lists_cover_their_quarter(
    client_for, quarter_head_kp1, leader, decided, areas
):
    head = client_for(quarter_head_kp1)
    pdf = flat(
        " ".join(
            pdf_text(
                get(
                    head, "danh-sach-ho", "pdf", campaign=decided.campaign.pk, list="near_poor"
                ).content
            )
        )
    )
    assert "Đặng Thị Bình" not in pdf
    rows = next(
        iter(
            xlsx_rows(
                get(head, "ket-qua-ra-soat", "xlsx", campaign=decided.campaign.pk).content
            ).values()
        )
    )
    assert [r[1] for r in rows if isinstance(r[0], int)] == ["Khu phố 1"]
    # Another quarter is out of their scope: 404, not an empty file.
    assert (
        get(
            head, "danh-sach-ho", "pdf", campaign=decided.campaign.pk, quarter=areas.kp2.pk
        ).status_code
        == 404
    )
    # The leader reads the whole commune.
    rows = next(
        iter(
            xlsx_rows(
                get(
                    client_for(leader),
                    "danh-sach-ho",
                    "xlsx",
                    campaign=decided.campaign.pk,
                    list="near_poor",
                ).content
            ).values()
        )
    )
    assert "Đặng Thị Bình" in {r[1] for r in rows}


@pytest.mark.parametrize("key", ["ke-hoach", "ket-qua-ra-soat", "danh-sach-ho"])
def test_organisation_members_print_nothing(client_for, org_member, decided, plan, key):
    assert get(client_for(org_member), key).status_code == 403
    assert get(client_for(org_member), key, "pdf").status_code == 403


def test_bad_input(client_for, officer, outsider, decided, plan, areas, other_campaign):
    client = client_for(officer)
    response = get(client, "bien-dong", "pdf", program=plan.pk, year=2019)
    assert response.status_code == 400
    assert "Năm 2019 không thuộc chương trình 2021–2025." in response.content.decode()
    # A campaign or a quarter of another commune: 404.
    assert get(client, "danh-sach-ho", "xlsx", campaign=other_campaign.pk).status_code == 404
    assert (
        get(
            client, "danh-sach-ho", campaign=decided.campaign.pk, quarter=areas.other_quarter.pk
        ).status_code
        == 404
    )
    # The outsider's own quarter is not in Tân Khai's campaign.
    out = client_for(outsider)
    assert get(out, "danh-sach-ho", campaign=decided.campaign.pk).status_code == 404
    response = get(client, "ket-qua-ra-soat", campaign=decided.campaign.pk, day="31/02/2024")
    assert response.status_code == 200  # the page, with the message where the report was
    assert "Ngày báo cáo phải có dạng ngày/tháng/năm" in response.content.decode()
    assert get(client, "khong-co").status_code == 404
    assert get(client, "ke-hoach", "docx").status_code == 404
    # A malformed id is a message, never a silent default nor a 500.
    response = get(client, "ke-hoach", program="abc")
    assert response.status_code == 200
    assert "Tham số “program” không hợp lệ." in response.content.decode()


def test_a_2023_report_prints_the_towns_committee(client_for, officer, decided, plan, areas):
    # A report is dated within its campaign: the 2023 review's, before the merger.
    campaign_2023 = svc.campaign_create(
        user=officer, commune=areas.commune, kind="periodic", year=2023
    )
    response = get(
        client_for(officer),
        "ket-qua-ra-soat",
        "pdf",
        campaign=campaign_2023.pk,
        day="31/12/2023",
    )
    first = flat(pdf_text(response.content)[0])
    assert "ỦY BAN NHÂN DÂN THỊ TRẤN TÂN KHAI" in first
    assert "Tân Khai, ngày 31 tháng 12 năm 2023" in first
    assert "Số: /BC-UBND" in first
    response = get(
        client_for(officer),
        "ket-qua-ra-soat",
        "pdf",
        campaign=decided.campaign.pk,
        day="05/03/2026",
        signer="vice_chairman",
    )
    whole = flat(" ".join(pdf_text(response.content)))
    assert "ỦY BAN NHÂN DÂN XÃ TÂN KHAI" in whole
    assert "KT. CHỦ TỊCH PHÓ CHỦ TỊCH" in whole and "Phạm Thị Phó" in whole


def test_reports_page_and_previews_log_and_keep_queries_constant(
    client_for, officer, decided, plan, django_assert_max_num_queries
):
    client = client_for(officer)
    assert client.get(reverse("reports:index")).status_code == 200
    with django_assert_max_num_queries(30):
        response = get(client, "danh-sach-ho", campaign=decided.campaign.pk, list="poor")
    assert response.status_code == 200
    assert "Nguyễn Văn Ân" in response.content.decode()
    assert AccessLog.objects.filter(action=AccessLog.Action.DOWNLOAD_REPORT).count() == 1


@pytest.mark.parametrize("key", ["danh-sach-ho", "ket-qua-ra-soat", "thieu-hut", "phan-loai"])
def test_query_count_does_not_grow_with_the_households(client_for, officer, decided, areas, key):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from households.reviews import services as svc
    from tests.factories import HouseholdFactory
    from tests.reviews.helpers import POOR, survey

    client = client_for(officer)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = get(client, key, campaign=decided.campaign.pk)
        assert response.status_code == 200
        return len(captured)

    before = count()
    for n in range(4):
        household = HouseholdFactory(quarter=areas.kp1, code=f"KP1-1{n:02d}")
        review = svc.campaign_add_household(
            user=officer, campaign=decided.campaign, household=household
        )
        survey(officer, review, income=POOR["income"], codes=POOR["codes"])
    assert count() == before


def test_plan_sections_iii_and_v_come_from_the_lines_and_the_matrix(client_for, officer, plan):
    """Section III: each funding line's need, the state's support and the counterpart as
    planned, a subtotal per period (360.000.000 and 14.904.000 đ as the plan states
    them); section V: the responsibility matrix's units and duties."""
    from assignments.models import Duty, ResponsibleUnit

    client = client_for(officer)
    pdf = flat(" ".join(pdf_text(get(client, "ke-hoach", "pdf", program=plan.pk).content)))
    assert "Hỗ trợ xây mới nhà ở 1 căn 100.800.000 80.000.000 20.800.000" in pdf
    assert "360.000.000" in pdf and "14.904.000" in pdf
    assert "Kế hoạch chưa chia theo nguồn" in pdf  # no zero made up for an unsplit line
    rows = [
        row
        for sheet in xlsx_rows(get(client, "ke-hoach", "xlsx", program=plan.pk).content).values()
        for row in sheet
    ]
    subtotal = {row[1]: row[3:6] for row in rows if str(row[1]).startswith("Cộng giai đoạn")}
    # Two of the period's lines are not split by source: the subtotal gives the whole need
    # only, not a partial state share beside it.
    assert subtotal["Cộng giai đoạn 2022–2023"][0] == 360_000_000
    assert subtotal["Cộng giai đoạn 2022–2023"][1:] in ([None, None], ["", ""])
    assert subtotal["Cộng giai đoạn 2024–2025"][0] == 14_904_000
    # The 2024–2025 line is not split by source: no split, rather than a made-up 0.
    assert subtotal["Cộng giai đoạn 2024–2025"][1:] in ([None, None], ["", ""])
    assert ResponsibleUnit.objects.filter(program=plan).count() == 14
    first_duty = Duty.objects.filter(program=plan).order_by("unit__order", "order", "pk").first()
    assert first_duty is not None
    assert flat(first_duty.text)[:40] in pdf
