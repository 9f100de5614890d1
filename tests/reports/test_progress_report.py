"""The yearly progress report ("tien-do"): targets against results, the year's review
results, funding, helpers' coverage and the matrix's state — each figure equal to the
screen that shows it, in the PDF, the workbook and the preview; the official frame; scope
per persona; bad input; a bounded number of queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from assignments import services as asvc
from assignments.models import Assignment, Duty, DutyStatus, Person
from households.models import Household
from households.reviews.selectors import transition_matrix
from reports import catalogue
from targets.models import Program
from targets.selectors import program_quarters
from tests.funding.conftest import allocate, pay
from tests.reports.conftest import flat, pdf_text, xlsx_rows
from tests.targets.conftest import history  # noqa: F401 (fixture)
from tests.targets.helpers import DASHBOARD, place, rows_by_code

YEAR = 2023
END = "2023-12-31"


def get(client, fmt=None, **query):
    url = (
        reverse("reports:download", args=["tien-do", fmt])
        if fmt
        else reverse("reports:preview", args=["tien-do"])
    )
    return client.get(url, query)


def data_rows(sheet: list[list[Any]]) -> list[list[Any]]:
    """The numbered rows of a sheet (after its title and header rows)."""
    return [r for r in sheet if isinstance(r[0], int)]


def totals_row(sheet: list[list[Any]]) -> list[Any]:
    return next(r for r in sheet if r[1] == "Tổng cộng")


def number(value: Any) -> Any:
    """A figure as the workbook holds it (Decimal → float; a blank cell → None)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


@pytest.fixture
def world(officer, leader, areas, plan, history):  # noqa: F811
    """The plan with its 2022–2025 reviews, 2023's job placements, two allocations (one in
    each quarter) partly paid, two helpers' assignments and two duties' state in 2023.

    Poor at the end of 2023 (the 2023 decision, 01/12/2023): A-NEW (Khu phố 1), D-MOV,
    E-SPL, F-NTP (Khu phố 2). A-NEW has a helper then; D-MOV's ended in June.
    """
    for day in (dt.date(2023, 6, 1), dt.date(2023, 9, 1)):
        place(areas.kp1, day)
    place(areas.kp2, dt.date(2023, 7, 1))
    lines = {line.category.code: line for line in plan.funding_lines.select_related("category")}
    house = allocate(
        officer,
        lines["new_house"],
        history["B-ESC"],
        {"central_ntp": 80_000_000, "other": 20_800_000},
    )
    pay(officer, house, "central_ntp", 40_000_000)
    repair = allocate(officer, lines["house_repair"], history["F-NTP"], {"central_ntp": 30_000_000})
    pay(officer, repair, "central_ntp", 30_000_000)
    helper = Person.objects.create(commune=areas.commune, full_name="Trần Văn Giúp")
    Assignment.objects.create(
        household=history["A-NEW"], person=helper, started_on=dt.date(2023, 6, 1)
    )
    Assignment.objects.create(
        household=history["D-MOV"],
        person=helper,
        started_on=dt.date(2023, 1, 1),
        ended_on=dt.date(2023, 6, 30),
    )
    duties = list(Duty.objects.filter(program=plan).order_by("unit__order", "order", "pk")[:2])
    asvc.duty_status_save(
        user=officer,
        duty=duties[0],
        year=YEAR,
        state=DutyStatus.State.DONE,
        progress_note="Đã tổ chức 4 lớp tập huấn",
    )
    asvc.duty_status_save(
        user=officer,
        duty=duties[1],
        year=YEAR,
        state=DutyStatus.State.BEHIND,
        problems="Thiếu kinh phí đối ứng",
    )
    plan.refresh_from_db()
    return plan


def test_listed_after_the_plan():
    keys = [spec.key for spec in catalogue.SPECS]
    assert keys[keys.index("ke-hoach") + 1] == "tien-do"
    assert catalogue.BY_KEY["tien-do"].needs == ("program", "year", "day", "signer")


def test_targets_equal_the_dashboard(client_for, officer, world):
    client = client_for(officer)
    shown = rows_by_code(client.get(DASHBOARD, {"program": world.pk, "year": YEAR}))
    sheet = xlsx_rows(get(client, "xlsx", program=world.pk, year=YEAR).content)["Chỉ tiêu"]
    rows = {r[1]: r for r in data_rows(sheet)}
    assert len(rows) == len(shown) == 7
    for row in shown.values():
        printed = rows[row["indicator"].name]
        expected_target = number(row["target"])
        if expected_target is None and row["indicator"].yearly_average is not None:
            expected_target = "bình quân 150/năm"  # as the dashboard shows it
        assert printed[2] == row["indicator"].get_unit_display()
        assert printed[3] == expected_target, row["indicator"].code
        assert printed[4] == number(row["result"].value), row["indicator"].code
        assert printed[5] == (None if row["percent"] is None else float(row["percent"]))
        assert printed[6] == str(row["status_label"])
    # Three placements against 507: 0,6 %, a finished year that missed: "Không đạt".
    assert rows["Giải quyết việc làm"][3:7] == [507, 3, 0.6, "Không đạt"]
    # Net fall of the poor list in 2023: 4 → 4.
    assert rows["Giảm hộ nghèo"][4] == shown["GN"]["result"].value == 0


def test_review_results_equal_the_change_report(client_for, officer, world):
    client = client_for(officer)
    sheet = xlsx_rows(get(client, "xlsx", program=world.pk, year=YEAR).content)["Rà soát"]
    matrix = transition_matrix(
        user=officer, area=world.covered_area, year=YEAR, quarters=program_quarters(world)
    )
    poor = next(r for r in sheet if r[0] == "Hộ nghèo")
    row = matrix.row("poor", "households")
    # Start, escaped, new, re-poor, end, rates.
    assert poor[1:6] == [row.start, row.exits, row.increases["new"], 0, row.end]
    assert poor[1:6] == [4, 2, 1, 0, 4]  # B-ESC and C-REP escape; A-NEW is newly poor
    assert poor[7] == float(matrix.rate("poor"))
    near = next(r for r in sheet if r[0] == "Hộ cận nghèo")
    assert near[1] == matrix.row("near_poor", "households").start == 1
    assert near[5] == matrix.row("near_poor", "households").end == 0


@pytest.mark.parametrize("who", ["officer", "leader", "quarter_head_kp1", "quarter_head_kp2"])
def test_funding_equals_the_funding_lines_page(client_for, persona, world, who):
    client = client_for(persona(who))
    page = client.get(reverse("funding:lines"), {"program": world.pk})
    period = next(p for p in page.context["periods"] if p["period"] == "2022–2023")
    sheet = xlsx_rows(get(client, "xlsx", program=world.pk, year=YEAR).content)["Kinh phí"]
    rows = data_rows(sheet)
    assert [r[1] for r in rows] == [f.line.name for f in period["rows"]]
    for printed, figures in zip(rows, period["rows"], strict=True):
        assert printed[3:7] == [
            figures.planned,
            figures.allocated,
            figures.disbursed,
            figures.remaining,
        ]
    sums = period["totals"]
    assert totals_row(sheet)[3:7] == [sums.planned, sums.allocated, sums.disbursed, sums.remaining]
    expected = {
        "officer": (130_800_000, 70_000_000),
        "leader": (130_800_000, 70_000_000),
        "quarter_head_kp1": (100_800_000, 40_000_000),  # the new house in Khu phố 1
        "quarter_head_kp2": (30_000_000, 30_000_000),
    }[who]
    assert tuple(totals_row(sheet)[4:6]) == expected
    assert totals_row(sheet)[3] == 360_000_000  # the plan: the commune's


@pytest.mark.parametrize("who", ["officer", "leader", "quarter_head_kp1", "quarter_head_kp2"])
def test_coverage_equals_the_coverage_page(client_for, persona, world, who):
    client = client_for(persona(who))
    page = client.get(reverse("assignments:coverage"), {"day": END})
    summary = page.context["summary"]
    sheet = xlsx_rows(get(client, "xlsx", program=world.pk, year=YEAR).content)["Giúp đỡ"]
    rows = data_rows(sheet)
    assert [(r[1], r[2], r[3], r[4]) for r in rows] == [
        (q.name, q.total, q.covered, q.uncovered) for q in summary.quarters
    ]
    assert [r[5] for r in rows] == [float(q.percent) for q in summary.quarters]
    total = totals_row(sheet)
    assert total[2:5] == [summary.total, summary.covered, summary.uncovered]
    assert total[5] == float(summary.percent)
    expected = {
        "officer": {"Khu phố 1": (1, 1), "Khu phố 2": (3, 0)},
        "leader": {"Khu phố 1": (1, 1), "Khu phố 2": (3, 0)},
        "quarter_head_kp1": {"Khu phố 1": (1, 1)},
        "quarter_head_kp2": {"Khu phố 2": (3, 0)},
    }[who]
    assert {r[1]: (r[2], r[3]) for r in rows} == expected


def test_pdf_preview_and_workbook_show_the_sections(client_for, officer, world, font_warnings):
    client = client_for(officer)
    query = {"program": world.pk, "year": YEAR, "day": "15/01/2024"}
    pdf = flat(" ".join(pdf_text(get(client, "pdf", **query).content)))
    for text in (
        "BÁO CÁO",
        "Kết quả thực hiện Chương trình giảm nghèo bền vững năm 2023 trên địa bàn Tân Khai",
        "I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU",
        "II. KẾT QUẢ RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO",
        "III. NGUỒN LỰC HỖ TRỢ",
        "IV. PHÂN CÔNG GIÚP ĐỠ HỘ NGHÈO, HỘ CẬN NGHÈO",
        "V. TÌNH HÌNH THỰC HIỆN NHIỆM VỤ ĐƯỢC PHÂN CÔNG",
        "Giải quyết việc làm lao động 507 3 0,6 Không đạt",
        "Hộ nghèo 4 2 1 0 4",
        "Hỗ trợ xây mới nhà ở 1 căn 100.800.000 100.800.000 40.000.000 0",
        "Tổng cộng 360.000.000 130.800.000 70.000.000 229.200.000",
        "Khu phố 1 1 1 0 100,0",
        "Khu phố 2 3 0 3 0,0",
        "Tổng cộng 4 1 3 25,0",
        "Tại ngày 31/12/2023: 4 hộ nghèo, cận nghèo",
        "Hoàn thành Đã tổ chức 4 lớp tập huấn",
        "Chậm, có vướng mắc Vướng mắc: Thiếu kinh phí đối ứng",
        "Chưa cập nhật",
    ):
        assert text in pdf, text
    assert font_warnings == []
    preview = get(client, **query)
    assert preview.status_code == 200
    body = flat(preview.content.decode())
    for text in ("V. TÌNH HÌNH THỰC HIỆN NHIỆM VỤ ĐƯỢC PHÂN CÔNG", "130.800.000", "Không đạt"):
        assert text in body, text
    sheets = xlsx_rows(get(client, "xlsx", **query).content)
    assert list(sheets) == ["Chỉ tiêu", "Rà soát", "Kinh phí", "Giúp đỡ", "Nhiệm vụ"]
    duties = data_rows(sheets["Nhiệm vụ"])
    states = [r[3] for r in sheets["Nhiệm vụ"] if r[2] and r[3] not in (None, "Tình trạng")]
    assert states[:2] == ["Hoàn thành", "Chậm, có vướng mắc"]
    assert duties[0][4] == "Đã tổ chức 4 lớp tập huấn"


def test_frame_header_date_number_and_signature(client_for, officer, world, settings_with_town):
    """A report dated before the 1/7/2025 merger is the former town's; after, the
    commune's, signed by the vice-chairman when asked."""
    client = client_for(officer)
    first = flat(
        pdf_text(get(client, "pdf", program=world.pk, year=YEAR, day="20/12/2023").content)[0]
    )
    assert "ỦY BAN NHÂN DÂN THỊ TRẤN TÂN KHAI" in first
    assert "UBND HUYỆN HỚN QUẢN" in first
    assert "Số: /BC-UBND" in first
    assert "Tân Khai, ngày 20 tháng 12 năm 2023" in first
    whole = flat(
        " ".join(
            pdf_text(get(client, "pdf", program=world.pk, year=YEAR, day="20/12/2023").content)
        )
    )
    assert "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH" in whole and "Lê Văn Thị Trấn" in whole
    # The coverage is on the report's day when it comes before the end of the year.
    assert "Tại ngày 20/12/2023" in whole
    later = flat(
        " ".join(
            pdf_text(
                get(
                    client,
                    "pdf",
                    program=world.pk,
                    year=YEAR,
                    day="05/03/2026",
                    signer="vice_chairman",
                ).content
            )
        )
    )
    assert "ỦY BAN NHÂN DÂN XÃ TÂN KHAI" in later and "THỊ TRẤN" not in later
    assert "Tân Khai, ngày 05 tháng 3 năm 2026" in later
    assert "KT. CHỦ TỊCH PHÓ CHỦ TỊCH" in later and "Phạm Thị Phó" in later


def test_quarter_head_reads_their_quarter(client_for, quarter_head_kp1, world, areas):
    client = client_for(quarter_head_kp1)
    shown = rows_by_code(client.get(DASHBOARD, {"program": world.pk, "year": YEAR}))
    sheets = xlsx_rows(get(client, "xlsx", program=world.pk, year=YEAR).content)
    rows = {r[1]: r for r in data_rows(sheets["Chỉ tiêu"])}
    # Targets are the commune's: none beside a quarter's results, as on the dashboard.
    assert rows["Giải quyết việc làm"][3:7] == [None, 2, None, "Không giao chỉ tiêu"]
    assert shown["VL"]["result"].value == 2 and shown["VL"]["target"] is None
    assert rows["Đào tạo nghề"][3] is None  # no "yearly average" beside a quarter's figure
    poor = next(r for r in sheets["Rà soát"] if r[0] == "Hộ nghèo")
    matrix = transition_matrix(user=quarter_head_kp1, area=areas.kp1, year=YEAR)
    assert poor[1:6] == [
        matrix.row("poor", "households").start,
        matrix.row("poor", "households").exits,
        matrix.row("poor", "households").increases["new"],
        0,
        matrix.row("poor", "households").end,
    ]
    assert poor[1:6] == [2, 2, 1, 0, 1]  # Khu phố 1: B-ESC, C-REP out; A-NEW in
    pdf = flat(" ".join(pdf_text(get(client, "pdf", program=world.pk, year=YEAR).content)))
    assert "trên địa bàn Khu phố 1" in pdf
    assert "Khu phố 2" not in pdf
    assert "chỉ tính các hộ thuộc khu phố, ấp được phân công" in pdf


def test_out_of_scope(client_for, officer, outsider, org_member, world, areas):
    # A user of another commune: the program is not theirs.
    assert get(client_for(outsider), program=world.pk).status_code == 404
    assert get(client_for(outsider), "pdf", program=world.pk).status_code == 404
    # A program of another commune: not the officer's.
    other = Program.objects.create(
        commune=areas.other_commune, name="Giảm nghèo bền vững", start_year=2021, end_year=2025
    )
    assert get(client_for(officer), program=other.pk, year=YEAR).status_code == 404
    assert get(client_for(officer), "xlsx", program=other.pk, year=YEAR).status_code == 404
    # Organisation members print nothing.
    assert get(client_for(org_member), program=world.pk).status_code == 403
    assert get(client_for(org_member), "pdf", program=world.pk).status_code == 403


def test_a_year_outside_the_program(client_for, officer, plan):
    client = client_for(officer)
    message = "Năm 2019 không thuộc chương trình 2021–2025."
    preview = get(client, program=plan.pk, year=2019)
    assert preview.status_code == 200 and message in preview.content.decode()
    download = get(client, "pdf", program=plan.pk, year=2019)
    assert download.status_code == 400 and message in download.content.decode()
    bad_day = get(client, "xlsx", program=plan.pk, year=2023, day="31/02/2023")
    assert bad_day.status_code == 400
    assert "Ngày báo cáo phải có dạng ngày/tháng/năm" in bad_day.content.decode()


def test_sections_with_nothing_to_show_say_so(client_for, officer, plan, font_warnings):
    client = client_for(officer)
    pdf = flat(
        " ".join(pdf_text(get(client, "pdf", program=plan.pk, year=2021, day="31/12/2021").content))
    )
    for text in (
        "Năm 2021 chưa có kết quả rà soát hộ nghèo, hộ cận nghèo được công nhận.",
        "Năm 2021 không thuộc giai đoạn của dòng kinh phí nào (các giai đoạn: 2022–2023, "
        "2024–2025).",
        "Ngày 31/12/2021 không có hộ nghèo, hộ cận nghèo nào (theo quyết định công nhận).",
        "Chưa có đơn vị nào cập nhật tình hình thực hiện nhiệm vụ năm 2021.",
        # 2021 stands on the plan's own (manual) results.
        "Giải quyết việc làm lao động 487",
    ):
        assert text in pdf, text
    assert font_warnings == []


def test_queries_are_bounded_and_do_not_grow(
    client_for, officer, world, areas, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import HouseholdFactory

    client = client_for(officer)
    query = {"program": world.pk, "year": YEAR, "day": "15/01/2024"}
    get(client, **query)  # the session and the caches
    with django_assert_max_num_queries(70):
        assert get(client, **query).status_code == 200

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert get(client, "xlsx", **query).status_code == 200
        return len(captured)

    before = count()
    lines = {line.category.code: line for line in world.funding_lines.select_related("category")}
    for n in range(3):
        household = HouseholdFactory(quarter=areas.kp1, code=f"KP1-2{n:02d}")
        place(areas.kp2, dt.date(2023, 3, 1 + n))
        Assignment.objects.create(
            household=household,
            person=Person.objects.first(),
            started_on=dt.date(2023, 1, 1),
        )
    allocate(
        officer,
        lines["livelihood"],
        Household.objects.get(code="C-REP"),
        {"central_ntp": 5_000_000},
    )
    assert count() == before


def test_reads_the_change_report_of_its_year_only(client_for, officer, world, monkeypatch):
    """The report of one year computes that year's change report once (its targets and its
    review section share it), not one per program year as the dashboard's chart does."""
    from households.reviews import selectors as review_selectors
    from targets import selectors as target_selectors

    years: list[int] = []

    def counting(**kwargs: Any) -> Any:
        years.append(kwargs["year"])
        return review_selectors.transition_matrix(**kwargs)

    monkeypatch.setattr(target_selectors, "transition_matrix", counting)
    response = get(client_for(officer), program=world.pk, year=YEAR, day="15/01/2024")
    assert response.status_code == 200
    assert years == [YEAR]
