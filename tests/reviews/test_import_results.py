"""Excel import of a campaign's review results: each row's outcome and reason, the
classification as the survey form computes it, confirm in one transaction with history,
the same file twice, a failure half-way, and who may import which households."""

from __future__ import annotations

import unicodedata

import pytest

from households.imports import engine
from households.imports.models import ImportBatch
from households.models import Household, HouseholdGroup
from households.reviews.models import Review, ReviewCampaign, ReviewEvent
from households.reviews.resources import parse_money
from tests.households.imports import errors, statuses, upload, workbook
from tests.reviews.helpers import survey
from tests.reviews.imports import HEADERS, confirm, result_row, review_batch

pytestmark = pytest.mark.django_db

CODES = ("1", "2", "3")


def test_a_household_not_yet_listed_is_new_and_gets_a_classified_draft(officer, campaign, hh_kp1):
    batch = review_batch(officer, campaign, [result_row("KP1-001", "1.000.000", deprived=CODES)])
    assert statuses(batch) == ["new"]
    [row] = batch.preview
    assert row["k"] == "KP1-001" and row["l"] == "Nguyễn Văn Ân" and row["i"] == "Khu phố 1"
    assert ["Kết quả phân loại", "", "Hộ nghèo"] in row["c"]
    done = confirm(officer, batch)
    assert done.status == ImportBatch.Status.DONE and done.new_count == 1
    review = Review.objects.get(campaign=campaign, household=hh_kp1)
    assert (review.status, review.result, review.income_per_person) == ("draft", "poor", 1_000_000)
    assert review.deprived_codes == ["1", "2", "3"] and review.score_b == 30
    assert review.quarter == hh_kp1.quarter and review.standard == campaign.standard
    assert review.transition == "newly_poor"
    # Added to the list as campaign_add_household does, with history naming the batch.
    [event] = ReviewEvent.objects.filter(review=review)
    assert event.note == "Đưa vào danh sách rà soát" and event.user == officer
    [history] = review.history.all()
    assert history.history_user == officer
    assert history.history_change_reason == f"Nhập từ Excel, lô {done.short_id}"


def test_the_result_is_the_one_the_survey_form_gives(officer, campaign, review_kp1, review_kp2):
    group = HouseholdGroup.objects.order_by("number").first()
    by_hand = survey(
        officer,
        review_kp2,
        income=1_400_000,
        codes=["4", "9"],
        mark=False,
        on=None,
        causes=["no_capital"],
        group=group,
    )
    batch = review_batch(
        officer,
        campaign,
        [
            result_row(
                "KP1-001",
                "1,4tr",
                deprived=("4", "9"),
                cause="Thiếu vốn sản xuất, kinh doanh",
                group=str(group),
            )
        ],
    )
    assert statuses(batch) == ["update"]
    confirm(officer, batch)
    imported = Review.objects.get(pk=review_kp1.pk)
    fields = (
        "result",
        "reason",
        "basis",
        "score_b",
        "income_per_person",
        "deprived_codes",
        "causes",
        "group_id",
        "previous_result",
        "transition",
    )
    assert {f: getattr(imported, f) for f in fields} == {f: getattr(by_hand, f) for f in fields}
    assert imported.result == "near_poor" and imported.version == review_kp1.version + 1


def test_an_update_lists_what_changes_and_keeps_absent_columns(officer, campaign, review_kp1):
    survey(officer, review_kp1, income=5_000_000, codes=["1"], mark=False, on=None)
    Review.objects.filter(pk=review_kp1.pk).update(notes="Giữ nguyên")
    headers = ["Mã hộ", "Thu nhập bình quân", "CS1", "CS2"]
    batch = review_batch(officer, campaign, [["KP1-001", 1_200_000, "x", "có"]], headers=headers)
    [row] = batch.preview
    assert row["s"] == "update"
    assert ["Thu nhập bình quân (đồng/người/tháng)", "5.000.000 đ", "1.200.000 đ"] in row["c"]
    assert ["Chỉ số thiếu hụt", "1", "1, 2"] in row["c"]
    assert ["Kết quả phân loại", "Không nghèo, cận nghèo", "Hộ cận nghèo"] in row["c"]
    confirm(officer, batch)
    review = Review.objects.get(pk=review_kp1.pk)
    assert review.notes == "Giữ nguyên" and review.deprived_codes == ["1", "2"]
    assert review.income_mode == "per_person" and review.income_input == 1_200_000


def test_the_same_file_twice_changes_nothing(officer, campaign, review_kp1, hh_kp2):
    rows = [
        result_row("KP1-001", 1_000_000, deprived=CODES, cause="Thiếu vốn sản xuất, kinh doanh"),
        result_row("KP2-001", "2.500.000", notes="Hộ có con đi làm"),
    ]
    first = confirm(officer, review_batch(officer, campaign, rows))
    assert (first.new_count, first.updated_count) == (1, 1)
    counts = (Review.history.count(), Review.objects.count(), ReviewEvent.objects.count())
    again = review_batch(officer, campaign, rows)
    assert statuses(again) == ["unchanged", "unchanged"]
    done = confirm(officer, again)
    assert done.status == ImportBatch.Status.DONE and done.unchanged_count == 2
    assert (Review.history.count(), Review.objects.count(), ReviewEvent.objects.count()) == counts


def test_score_a_classifies_when_there_is_no_income(officer, campaign, review_kp1):
    batch = review_batch(officer, campaign, [result_row("KP1-001", score=120, deprived=CODES)])
    confirm(officer, batch)
    review = Review.objects.get(pk=review_kp1.pk)
    assert (review.basis, review.score_a, review.result) == ("score_a", 120, "poor")


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1.500.000", 1_500_000),
        ("1,500,000", 1_500_000),
        ("1500000", 1_500_000),
        ("1 500 000 đ", 1_500_000),
        ("1.500.000 đồng", 1_500_000),
        ("1.5tr", 1_500_000),
        ("1,5 triệu", 1_500_000),
        ("800k", 800_000),
        (1500000, 1_500_000),
        (1500000.0, 1_500_000),
        ("", None),
    ],
)
def test_money_in_common_notations(text, amount):
    assert parse_money(text) == amount


@pytest.mark.parametrize("text", ["abc", "1.5.0", "1,2345678tr", 1500.5, True, "12-3"])
def test_money_that_is_not_an_amount_is_refused(text):
    with pytest.raises(ValueError):
        parse_money(text)


def test_each_bad_row_says_its_column_and_reason(
    officer, campaign, areas, review_kp1, hh_kp2, hh_other, make_household
):
    make_household("KP1-050")
    make_household("KP1-060")
    make_household("KP1-070")
    make_household("KP1-080")
    retired = make_household("KP1-090")
    Household.objects.filter(pk=retired.pk).update(
        status="retired", retired_reason="moved_away", retired_on="2025-01-05"
    )
    rows = [
        result_row("KP9-999", 1_000_000),  # 2: unknown code
        result_row("BT-001", 1_000_000),  # 3: another commune's household
        result_row("KP2-001", "nhiều tiền"),  # 4: income not a number
        result_row("KP1-050", 2_000_000_000),  # 5: income out of range
        result_row("KP1-060", score=5000),  # 6: score out of range
        result_row("KP1-070", 1_000_000, cause="Lười lao động"),  # 7: unknown cause
        result_row("KP1-080", 1_000_000, group="Nhóm 9"),  # 8: unknown group
        result_row("KP1-090", 1_000_000),  # 9: retired household
        result_row("KP1-001", 1_000_000, deprived=("1",), mark="hơi thiếu"),  # 10: bad mark
        result_row("KP1-001", 1_000_000),  # 11: duplicate code
        result_row("", 1_000_000),  # 12: no code
    ]
    batch = review_batch(officer, campaign, rows)
    assert statuses(batch) == ["error"] * 11
    assert errors(batch, 2) == [("Mã hộ", "Không có hộ mã KP9-999 trong Tân Khai.")]
    assert errors(batch, 3) == [("Mã hộ", "Không có hộ mã BT-001 trong Tân Khai.")]
    income = "Thu nhập bình quân (đồng/người/tháng)"
    assert errors(batch, 4)[0][0] == income and "1.500.000" in errors(batch, 4)[0][1]
    assert errors(batch, 5) == [
        (income, "Thu nhập bình quân vượt 1.000.000.000 đ mỗi người mỗi tháng: hãy kiểm tra lại.")
    ]
    assert errors(batch, 6) == [("Điểm A", "Điểm A phải từ 0 đến 500.")]
    [(column, reason)] = errors(batch, 7)
    assert column == "Nguyên nhân nghèo" and "Lười lao động" in reason
    assert errors(batch, 8) == [("Nhóm hộ", "“Nhóm 9” không có trong danh sách nhóm hộ.")]
    assert errors(batch, 9) == [("Mã hộ", "Hộ KP1-090 đã ra khỏi danh sách, không thể rà soát.")]
    assert errors(batch, 10)[0][0] == "CS1"
    assert errors(batch, 11) == [
        ("Mã hộ", "Mã hộ KP1-001 xuất hiện nhiều lần trong tệp (dòng 10, 11).")
    ]
    assert errors(batch, 12) == [("Mã hộ", "Cột này không được để trống.")]
    with pytest.raises(engine.ImportRefused):
        confirm(officer, batch)
    assert Review.objects.filter(campaign=campaign).count() == 1


def test_income_or_score_is_needed(officer, campaign, review_kp1):
    batch = review_batch(officer, campaign, [result_row("KP1-001", deprived=CODES)])
    assert errors(batch, 2) == [
        (
            "Thu nhập bình quân (đồng/người/tháng)",
            "Cần nhập thu nhập bình quân đầu người hoặc điểm A để phân loại.",
        )
    ]


def test_a_listed_household_left_as_the_template_wrote_it_is_unchanged(
    officer, campaign, review_kp1
):
    """The campaign's template lists every household; one not surveyed yet and left as
    written (no income, the suggested deprivations) is not an error: nothing to write."""
    suggested = tuple(review_kp1.deprived_codes)
    batch = review_batch(officer, campaign, [result_row("KP1-001", deprived=suggested)])
    assert statuses(batch) == ["unchanged"]
    # A deprivation ticked without an income is still refused, not dropped.
    other = tuple(sorted(set(CODES) - set(suggested))) or ("12",)
    batch = review_batch(officer, campaign, [result_row("KP1-001", deprived=suggested + other)])
    assert statuses(batch) == ["error"]


def test_a_decided_or_surveyed_review_is_not_changed(officer, campaign, review_kp1, review_kp2):
    survey(officer, review_kp1, income=1_000_000, codes=CODES, mark=False, on=None)
    survey(officer, review_kp2, income=1_000_000, codes=CODES)
    Review.objects.filter(pk=review_kp1.pk).update(status=Review.Status.RECOGNISED)
    rows = [
        result_row("KP1-001", 3_000_000),
        result_row("KP2-001", 3_000_000),
    ]
    batch = review_batch(officer, campaign, rows)
    assert errors(batch, 2) == [
        ("", "Phiếu của hộ KP1-001 đã được công nhận bằng quyết định, không sửa được.")
    ]
    assert errors(batch, 3) == [
        ("", "Phiếu đã qua bước khảo sát; muốn sửa, cán bộ phải trả phiếu về khảo sát lại.")
    ]
    # The same values as recognised: unchanged, not an error.
    same = review_batch(officer, campaign, [result_row("KP1-001", 1_000_000, deprived=CODES)])
    assert statuses(same) == ["unchanged"]


def test_skip_mode_writes_the_rows_without_error(officer, campaign, review_kp1, hh_kp2):
    rows = [result_row("KP1-001", 1_000_000, deprived=CODES), result_row("KP2-001", "abc")]
    batch = review_batch(officer, campaign, rows)
    assert statuses(batch) == ["update", "error"]
    done = confirm(officer, batch, mode="skip")
    assert done.status == ImportBatch.Status.DONE
    assert (done.updated_count, done.rejected_count) == (1, 1)
    assert Review.objects.get(pk=review_kp1.pk).result == "poor"
    assert not Review.objects.filter(household=hh_kp2).exists()


def test_a_failure_half_way_writes_nothing(officer, campaign, review_kp1, hh_kp2, monkeypatch):
    rows = [result_row("KP1-001", 1_000_000, deprived=CODES), result_row("KP2-001", 900_000)]
    batch = review_batch(officer, campaign, rows)
    histories = Review.history.count()

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    # The new review and its history are inserted, then the events fail.
    monkeypatch.setattr(ReviewEvent.objects, "bulk_create", broken)
    done = confirm(officer, batch)
    assert done.status == ImportBatch.Status.FAILED
    assert "chưa có gì được ghi" in done.error
    assert not Review.objects.filter(household=hh_kp2).exists()
    assert Review.objects.get(pk=review_kp1.pk).result == ""
    assert Review.history.count() == histories


def test_a_change_after_the_preview_shows_a_new_preview(officer, campaign, review_kp1):
    batch = review_batch(officer, campaign, [result_row("KP1-001", 1_000_000, deprived=CODES)])
    survey(officer, review_kp1, income=1_000_000, codes=CODES, mark=False, on=None)
    done = confirm(officer, batch)
    assert done.status == ImportBatch.Status.PREVIEWED and "thay đổi" in done.error
    assert statuses(done) == ["unchanged"]


def test_headers_by_indicator_name_without_diacritics_in_any_order(officer, campaign, hh_kp1):
    headers = ["ghi chu", "VIEC LAM", "ma ho", "thu nhap binh quan", "Cột khác", "Chỉ số 3"]
    rows = [["Ghi chú ", "x", "kp1-001", "1000000", "bỏ qua", 1]]
    batch = review_batch(officer, campaign, rows, headers=headers)
    assert statuses(batch) == ["new"]
    confirm(officer, batch)
    review = Review.objects.get(household=hh_kp1)
    assert "1" in review.deprived_codes and "3" in review.deprived_codes
    assert review.notes == "Ghi chú"


def test_text_is_normalised_to_nfc(officer, campaign, hh_kp1):
    decomposed = unicodedata.normalize("NFD", "Hộ neo đơn, cần hỗ trợ")
    batch = review_batch(officer, campaign, [result_row("KP1-001", 900_000, notes=decomposed)])
    confirm(officer, batch)
    notes = Review.objects.get(household=hh_kp1).notes
    assert notes == "Hộ neo đơn, cần hỗ trợ" and unicodedata.is_normalized("NFC", notes)


# ---------------------------------------------------------------- scope


def test_a_quarter_head_imports_their_own_quarter_only(quarter_head_kp1, campaign, hh_kp1, hh_kp2):
    rows = [result_row("KP1-001", 1_000_000), result_row("KP2-001", 1_000_000)]
    batch = review_batch(quarter_head_kp1, campaign, rows)
    assert statuses(batch) == ["new", "error"]
    assert errors(batch, 3) == [("Mã hộ", "Hộ KP2-001 ở khu phố / ấp ngoài phạm vi của bạn.")]
    done = confirm(quarter_head_kp1, batch, mode="skip")
    assert done.new_count == 1
    assert list(Review.objects.filter(campaign=campaign).values_list("household", flat=True)) == [
        hh_kp1.pk
    ]


def test_an_officer_imports_any_quarter_of_the_commune(officer, campaign, hh_kp1, hh_kp2):
    rows = [result_row("KP1-001", 1_000_000), result_row("KP2-001", 1_000_000)]
    assert statuses(review_batch(officer, campaign, rows)) == ["new", "new"]


def test_a_closed_or_decided_campaign_refuses_the_file(officer, campaign, hh_kp1):
    ReviewCampaign.objects.filter(pk=campaign.pk).update(status=ReviewCampaign.Status.CLOSED)
    with pytest.raises(engine.ImportRefused, match="Đợt rà soát đã kết thúc"):
        review_batch(officer, campaign, [result_row("KP1-001", 1_000_000)])
    assert not ImportBatch.objects.exists()


def test_a_campaign_closed_after_the_preview_writes_nothing(officer, campaign, hh_kp1):
    batch = review_batch(officer, campaign, [result_row("KP1-001", 1_000_000)])
    ReviewCampaign.objects.filter(pk=campaign.pk).update(status=ReviewCampaign.Status.CLOSED)
    done = confirm(officer, batch)
    assert done.status == ImportBatch.Status.PREVIEWED
    assert errors(done, 2) == [("", "Đợt rà soát đã kết thúc: không nhập kết quả được nữa.")]
    assert not Review.objects.filter(household=hh_kp1).exists()


def test_a_file_without_the_code_column_is_refused(officer, campaign):
    data = workbook([[1_000_000, "x"]], headers=["Thu nhập bình quân", "CS1"])
    batch = engine.upload(user=officer, kind="reviews", file=upload(data), target=str(campaign.pk))
    assert batch.status == ImportBatch.Status.INVALID and "Mã hộ" in batch.error


def test_header_row_is_the_expected_one(officer, campaign, hh_kp1):
    # The helper's headers are the template's own.
    batch = review_batch(officer, campaign, [result_row("KP1-001", 1)], headers=HEADERS)
    assert batch.headers == HEADERS
