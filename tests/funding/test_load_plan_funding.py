"""``load_plan`` adds the seed plan's funding lines (DOMAIN.md §8, section III), idempotently."""

from io import StringIO

from django.core.management import call_command

from funding.models import FundingCategory, FundingLine, FundingLinePlan, FundingSource


def _lines(plan, start):
    return list(plan.funding_lines.filter(start_year=start).order_by("order"))


def test_four_lines_of_2022_2023_total_360_million(plan):
    lines = _lines(plan, 2022)
    assert [
        (line.category.code, line.planned_units, line.unit, line.planned_amount) for line in lines
    ] == [
        ("new_house", 1, "căn", 100_800_000),
        ("house_repair", 1, "căn", 30_000_000),
        ("vbsp_loan", 2, "nhu cầu", 80_000_000),
        ("livelihood", 11, "nhu cầu", 149_200_000),
    ]
    assert all((line.start_year, line.end_year) == (2022, 2023) for line in lines)
    assert sum(line.planned_amount for line in lines) == 360_000_000
    assert lines[3].planned_households == 5


def test_2024_2025_total_kept_as_stated(plan):
    (line,) = _lines(plan, 2024)
    assert (line.start_year, line.end_year, line.planned_amount) == (2024, 2025, 14_904_000)
    assert "giữ nguyên" in line.notes


def test_the_house_keeps_need_support_and_counterpart(plan, lines):
    house = lines["new_house"]
    assert house.planned_amount == 100_800_000
    assert house.cap_per_unit == 80_000_000
    split = {p.source.code: (p.amount, p.source.is_state) for p in house.plan_parts.all()}
    assert split == {"central_ntp": (80_000_000, True), "other": (20_800_000, False)}


def test_sources_and_categories_are_data(db):
    assert set(FundingSource.objects.values_list("code", flat=True)) >= {
        "commune_budget",
        "central_ntp",
        "vbsp",
        "province",
        "fund_for_poor",
        "donors",
        "household",
        "other",
    }
    assert FundingCategory.objects.get(code="new_house").requires_poor_or_near_poor
    assert not FundingCategory.objects.get(code="vbsp_loan").requires_poor_or_near_poor


def test_idempotent_and_keeps_edits(plan, areas):
    counts = (FundingLine.objects.count(), FundingLinePlan.objects.count())
    FundingLine.objects.filter(program=plan, category__code="house_repair").update(
        notes="Sửa trong ứng dụng"
    )
    out = StringIO()
    call_command("load_plan", commune=areas.commune.code, stdout=out)
    assert "nothing changed" in out.getvalue()
    assert (FundingLine.objects.count(), FundingLinePlan.objects.count()) == counts
    assert FundingLine.objects.get(category__code="house_repair").notes == "Sửa trong ứng dụng"
