"""Excel import: confirm writes exactly the previewed rows in one transaction, with
history naming the user and the batch; twice the same file changes nothing; a failure
half-way writes nothing; a change between preview and confirm shows a new preview."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from households import services
from households.imports import engine
from households.imports.models import ImportBatch
from households.models import Household, Member
from tests.households.imports import household_rows, previewed, row, statuses

pytestmark = pytest.mark.django_db


def confirm(user, batch, mode="all"):
    return engine.confirm(user=user, batch=batch, mode=mode)


def test_confirm_writes_households_members_search_fields_and_history(officer, areas):
    batch = confirm(officer, previewed(officer, household_rows(), name="thang-5.xlsx"))
    assert batch.status == ImportBatch.Status.DONE
    assert (batch.new_count, batch.updated_count, batch.rejected_count) == (3, 0, 0)
    assert batch.mode == "all" and batch.confirmed_at and len(batch.sha256) == 64
    household = Household.objects.get(code="KP1-100")
    assert household.quarter == areas.kp1 and household.commune == areas.commune
    assert household.head.full_name == "Trần Văn Nam"
    assert household.phone == "0912345678" and household.address == "5 Lê Lợi"
    assert household.ethnicity.name == "Kinh" and not household.is_ethnic_minority
    # The denormalised fields are what the services compute.
    expected = {
        "head_name": household.head_name,
        "head_sort": household.head_sort,
        "member_count": household.member_count,
        "search_text": household.search_text,
        "head_birth_year": household.head_birth_year,
    }
    services.refresh_household_search(household)
    household.refresh_from_db()
    assert expected == {k: getattr(household, k) for k in expected}
    assert household.member_count == 3 and household.head_birth_year == 1980
    # History: by the importing user, naming the batch.
    reason = f"Nhập từ Excel, lô {batch.short_id}"
    [history] = household.history.all()
    assert (history.history_user, history.history_change_reason, history.head_id) == (
        officer,
        reason,
        household.head_id,
    )
    members = Member.history.filter(household_id=household.pk)
    assert members.count() == 3
    assert set(members.values_list("history_user", "history_change_reason", "history_type")) == {
        (officer.pk, reason, "+")
    }
    child = Member.objects.get(full_name="Trần Minh Khôi")
    assert child.name_folded == "tran minh khoi" and child.schooling_level == "primary"


def test_the_same_file_twice_changes_nothing(officer, areas):
    data = household_rows()
    confirm(officer, previewed(officer, data))
    counts = (Household.history.count(), Member.history.count(), Member.objects.count())
    again = previewed(officer, data)
    assert statuses(again) == ["unchanged"] * 3
    assert not again.new_count and not again.updated_count
    done = confirm(officer, again)
    assert done.status == ImportBatch.Status.DONE and done.unchanged_count == 3
    assert (Household.history.count(), Member.history.count(), Member.objects.count()) == counts


def test_an_update_shows_what_changes_and_keeps_what_is_empty(officer, hh_kp1):
    an = hh_kp1.head
    an.schooling_level = "higher"
    an.save()
    version = hh_kp1.version
    rows = [
        row(
            code="KP1-001",
            name="Nguyễn Văn Ân",
            relation="Chủ hộ",
            birth="1980",
            quarter="Khu phố 1",
            cid=an.citizen_id,
            address="14 Nguyễn Huệ",
            insurance="x",
        ),
        # No citizen ID: found by name and birth year in the household.
        row(
            code="KP1-001",
            name="Lê Thị Hoa",
            relation="Vợ / chồng",
            birth="1982",
            quarter="Khu phố 1",
            disability="Khuyết tật nhẹ",
        ),
        row(
            code="KP1-001",
            name="Nguyễn Thị Út",
            relation="Con",
            sex="Nữ",
            birth="2019",
            quarter="Khu phố 1",
        ),
    ]
    batch = previewed(officer, rows)
    assert statuses(batch) == ["update", "update", "new"], batch.preview
    changes = {tuple(c) for c in batch.preview[0]["c"]}
    assert ("Địa chỉ", "12 Nguyễn Huệ", "14 Nguyễn Huệ") in changes
    assert ("Có thẻ BHYT", "Không", "Có") in changes
    confirm(officer, batch)
    an.refresh_from_db()
    assert an.has_health_insurance and an.schooling_level == "higher"  # empty cell: kept
    hh_kp1.refresh_from_db()
    assert hh_kp1.address == "14 Nguyễn Huệ" and hh_kp1.member_count == 3
    assert hh_kp1.version == version + 1
    assert "nguyen thi ut" in hh_kp1.search_text
    assert Member.objects.get(full_name="Lê Thị Hoa").disability == "mild"
    last = hh_kp1.history.first()
    assert last.history_type == "~" and last.history_user == officer
    assert last.history_change_reason == f"Nhập từ Excel, lô {batch.short_id}"


def test_with_errors_all_or_nothing_writes_nothing(officer, areas):
    rows = household_rows() + household_rows(code="KP1-101")
    rows[4][1] = None
    batch = previewed(officer, rows)
    with pytest.raises(engine.ImportRefused):
        confirm(officer, batch, mode="all")
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEWED
    assert not Household.objects.filter(code__in=["KP1-100", "KP1-101"]).exists()


def test_skip_mode_writes_the_households_without_errors(officer, areas):
    rows = household_rows() + household_rows(code="KP1-101")
    rows[3][6] = "0701800"  # KP1-101's head: a bad citizen ID
    rows[4][6] = "070183009012"
    batch = confirm(officer, previewed(officer, rows), mode="skip")
    assert batch.status == ImportBatch.Status.DONE
    assert (batch.new_count, batch.rejected_count) == (3, 3)
    assert Household.objects.filter(code="KP1-100").exists()
    assert not Household.objects.filter(code="KP1-101").exists()
    assert not Member.objects.filter(citizen_id="070183009012").exists()


def test_the_rejected_rows_download(officer, areas, client_for):
    rows = household_rows() + household_rows(code="KP1-101")
    rows[3][6] = "0701800"
    rows[4][6] = "070183009012"
    batch = confirm(officer, previewed(officer, rows), mode="skip")
    response = client_for(officer).get(f"/ho-gia-dinh/nhap-excel/{batch.pk}/dong-loi/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private"
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "Dòng" and values[0][1] == "Mã hộ" and values[0][-1] == "Lỗi"
    assert [v[0] for v in values[1:]] == [5, 6, 7]
    assert values[1][7] == "0701800"  # the cell as it was
    assert "Số CCCD: Số CCCD/định danh cá nhân phải gồm đúng 12 chữ số." in values[1][-1]
    assert "cả hộ không được ghi" in values[2][-1]


def test_a_failure_half_way_writes_nothing_and_marks_the_batch_failed(officer, areas, monkeypatch):
    import households.resources as resources

    original = resources.copy_history
    calls = []

    def explode(*args, **kwargs):
        calls.append(1)
        raise RuntimeError("disk full")

    batch = previewed(officer, household_rows() + second_household())
    assert batch.new_count == 6
    # Members are created (rows written), then the next write fails.
    monkeypatch.setattr(resources.Household.objects, "bulk_update", explode)
    batch = confirm(officer, batch)
    assert calls
    assert batch.status == ImportBatch.Status.FAILED
    assert "chưa có gì được ghi" in batch.error
    assert not Household.objects.filter(code__startswith="KP1-10").exists()
    assert not Member.objects.filter(citizen_id="070080009001").exists()
    assert not Member.history.exists() and not Household.history.filter(code="KP1-100").exists()
    assert original is resources.copy_history


def test_a_change_between_preview_and_confirm_shows_a_new_preview(officer, hh_kp1):
    rows = [
        row(
            code="KP1-001",
            name="Nguyễn Văn Ân",
            relation="Chủ hộ",
            birth="1980",
            quarter="Khu phố 1",
            cid=hh_kp1.head.citizen_id,
            address="14 Nguyễn Huệ",
        ),
    ]
    batch = previewed(officer, rows)
    assert statuses(batch) == ["update"]
    # Someone edits the household by hand meanwhile.
    services.household_update(
        user=officer, household=hh_kp1, version=hh_kp1.version, address="20 Lê Duẩn"
    )
    batch = confirm(officer, batch)
    assert batch.status == ImportBatch.Status.PREVIEWED
    assert "Dữ liệu đã thay đổi" in batch.error
    assert ("Địa chỉ", "20 Lê Duẩn", "14 Nguyễn Huệ") in {tuple(c) for c in batch.preview[0]["c"]}
    hh_kp1.refresh_from_db()
    assert hh_kp1.address == "20 Lê Duẩn"  # nothing written
    # Confirmed again, it writes what the new preview shows.
    batch = confirm(officer, batch)
    assert batch.status == ImportBatch.Status.DONE
    hh_kp1.refresh_from_db()
    assert hh_kp1.address == "14 Nguyễn Huệ"


def test_a_batch_is_confirmed_once(officer, areas):
    batch = confirm(officer, previewed(officer, household_rows()))
    with pytest.raises(engine.ImportRefused):
        confirm(officer, batch)


def second_household() -> list[list]:
    rows = household_rows(code="KP1-101")
    rows[0][6], rows[1][6] = "070080009011", "070183009012"
    return rows


def counted(context: CaptureQueriesContext) -> int:
    """Queries, without the progress bar's (at most two a second, however long)."""
    return sum(
        1
        for q in context.captured_queries
        if not (
            q["sql"].startswith("UPDATE")
            and "importbatch" in q["sql"]
            and '"status"' not in q["sql"]
        )
    )


def many_rows(n: int) -> list[list]:
    rows = []
    for i in range(n):
        code = f"KP1-{200 + i // 2}"
        head = i % 2 == 0
        rows.append(
            row(
                code=code,
                name=f"Người Số {i}",
                relation="Chủ hộ" if head else "Con",
                sex="Nam",
                birth="1990" if head else "2015",
                cid=f"070090{i:06d}" if head else None,
                quarter="Khu phố 1",
                ethnicity="Kinh",
                insurance="x",
            )
        )
    return rows


def test_preview_and_confirm_queries_do_not_grow_with_the_rows(officer, hh_kp1):
    counts = []
    for n in (10, 100):
        Household.objects.filter(code__startswith="KP1-2").update(head=None)
        Member.objects.filter(household__code__startswith="KP1-2").delete()
        Household.objects.filter(code__startswith="KP1-2").delete()
        with CaptureQueriesContext(connection) as preview:
            batch = previewed(officer, many_rows(n))
        assert batch.new_count == n, batch.preview[:2]
        with CaptureQueriesContext(connection) as written:
            confirm(officer, batch)
        # Again: every row found and unchanged.
        with CaptureQueriesContext(connection) as again:
            assert previewed(officer, many_rows(n)).unchanged_count == n
        counts.append((counted(preview), counted(written), counted(again)))
    (preview_10, write_10, again_10), (preview_100, write_100, again_100) = counts
    assert (preview_10, again_10) == (preview_100, again_100), counts
    # Writing is bulk: SQLite caps the variables of one statement, so 100 members take a
    # few INSERTs more than 10, never one per row.
    assert write_100 - write_10 <= 10, counts
