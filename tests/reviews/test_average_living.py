"""Average living standard (Quyết định 24/2021): recognised only through its own
procedure — on the request of a farming / forestry / fishery / salt-making household,
on the income of the previous 12 months without social allowances, by the chairman."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from households.models import Household
from households.reviews import services as svc
from households.reviews.models import AverageLivingRecognition
from tests.utils import field_errors, messages_of, non_field_errors, text

DAY = dt.date(2026, 10, 1)


def farming(household, status="not_poor"):
    Household.objects.filter(pk=household.pk).update(livelihood="farming", poverty_status=status)
    household.refresh_from_db()
    return household


@pytest.fixture
def requested(officer, hh_kp1):
    return svc.average_request_submit(user=officer, household=farming(hh_kp1), requested_on=DAY)


def assess(user, record, *, income, allowances=0, members=2, on=dt.date(2026, 10, 5)):
    return svc.average_assess(
        user=user,
        record=record,
        members_count=members,
        income_12_months=income,
        social_allowances_12_months=allowances,
        assessed_on=on,
    )


def test_only_farming_forestry_fishery_salt_households_ask(officer, hh_kp1):
    with pytest.raises(ValidationError) as exc:
        svc.average_request_submit(user=officer, household=hh_kp1, requested_on=DAY)
    assert "Chỉ hộ làm nông nghiệp, lâm nghiệp, ngư nghiệp, diêm nghiệp" in exc.value.messages[0]


def test_poor_household_does_not_ask(officer, hh_kp1):
    with pytest.raises(ValidationError):
        svc.average_request_submit(
            user=officer, household=farming(hh_kp1, "poor"), requested_on=DAY
        )


def test_request_records_livelihood_standard_and_area(requested, hh_kp1):
    assert requested.status == "requested"
    assert requested.livelihood == "farming"
    assert requested.standard.code == "2022-2025"
    assert requested.area_type == hh_kp1.quarter.settlement_type


@pytest.mark.parametrize(
    ("income", "allowances", "per_person", "status"),
    [
        # rural 2022–2025: line 1.500.000 < income ≤ 2.250.000
        (54_000_000, 0, 2_250_000, "assessed"),
        (54_000_024, 0, 2_250_001, "rejected"),
        # allowances are left out: 60 M with 6 M of allowances is 2.250.000
        (60_000_000, 6_000_000, 2_250_000, "assessed"),
        (36_000_000, 0, 1_500_000, "rejected"),  # at the poverty line: not average
        (36_000_024, 0, 1_500_001, "assessed"),
    ],
)
def test_assessment_on_12_months_without_allowances(
    officer, requested, income, allowances, per_person, status
):
    record = assess(officer, requested, income=income, allowances=allowances)
    assert (record.income_per_person, record.status) == (per_person, status)
    assert record.assessed_by == officer


def test_allowances_above_income_are_refused(officer, requested):
    with pytest.raises(ValidationError) as exc:
        assess(officer, requested, income=1_000_000, allowances=2_000_000)
    assert exc.value.message_dict["social_allowances_12_months"] == [
        "Trợ cấp xã hội không thể lớn hơn tổng thu nhập."
    ]


def test_chairman_recognises_and_the_household_becomes_average(officer, leader, requested):
    record = assess(officer, requested, income=48_000_000)
    record = svc.average_recognise(
        user=leader, record=record, decision_number="45/QĐ-UBND", decision_date=dt.date(2026, 10, 9)
    )
    assert (record.status, record.decided_by, record.decision_number) == (
        "recognised",
        leader,
        "45/QĐ-UBND",
    )
    assert Household.objects.get(pk=record.household_id).poverty_status == "average"


def test_officer_does_not_recognise(officer, requested):
    record = assess(officer, requested, income=48_000_000)
    with pytest.raises(PermissionDenied):
        svc.average_recognise(
            user=officer, record=record, decision_number="45/QĐ-UBND", decision_date=DAY
        )


def test_rejected_file_is_not_recognised(officer, leader, requested):
    record = assess(officer, requested, income=100_000_000)
    with pytest.raises(ValidationError):
        svc.average_recognise(
            user=leader,
            record=record,
            decision_number="45/QĐ-UBND",
            decision_date=dt.date(2026, 10, 9),
        )


# -- screens ---------------------------------------------------------------------------


def test_request_through_the_form(client_for, officer, hh_kp1):
    farming(hh_kp1)
    response = client_for(officer).post(
        f"/ra-soat/ho/{hh_kp1.pk}/muc-song-trung-binh/", {"requested_on": "2026-10-01"}
    )
    assert response.status_code == 302
    assert messages_of(response) == ["Đã nhận giấy đề nghị xác định hộ có mức sống trung bình."]
    assert AverageLivingRecognition.objects.get().household == hh_kp1


def test_request_form_for_a_household_without_livelihood(client_for, officer, hh_kp1):
    response = client_for(officer).post(
        f"/ra-soat/ho/{hh_kp1.pk}/muc-song-trung-binh/", {"requested_on": "2026-10-01"}
    )
    assert response.status_code == 200
    assert "Chỉ hộ làm nông nghiệp" in non_field_errors(response)[0]


def test_assess_form_shows_every_error(client_for, officer, requested):
    response = client_for(officer).post(
        f"/ra-soat/muc-song-trung-binh/{requested.pk}/xac-dinh/",
        {
            "members_count": "2",
            "income_12_months": "1000",
            "social_allowances_12_months": "5000",
            "assessed_on": "2026-09-01",
        },
    )
    assert response.status_code == 200
    assert field_errors(response, "social_allowances_12_months") == [
        "Trợ cấp xã hội không thể lớn hơn tổng thu nhập."
    ]
    assert field_errors(response, "assessed_on") == [
        "Ngày xác định không được trước ngày nộp giấy đề nghị (01/10/2026)."
    ]


def test_list_page_by_persona(client_for, persona, requested):
    for name, code in [
        ("officer", 200),
        ("leader", 200),
        ("quarter_head_kp1", 200),
        ("org_member", 403),
    ]:
        response = client_for(persona(name)).get("/ra-soat/muc-song-trung-binh/")
        assert response.status_code == code, name
        if code == 200:
            assert requested.household.code in text(response)
    body = text(client_for(persona("quarter_head_kp2")).get("/ra-soat/muc-song-trung-binh/"))
    assert requested.household.code not in body


def test_leader_recognises_through_the_form(client_for, officer, leader, requested):
    assess(officer, requested, income=48_000_000)
    response = client_for(leader).post(
        f"/ra-soat/muc-song-trung-binh/{requested.pk}/cong-nhan/",
        {"decision_number": "45/QĐ-UBND", "decision_date": "2026-10-09"},
    )
    assert response.status_code == 302
    assert AverageLivingRecognition.objects.get().status == "recognised"
    body = text(client_for(leader).get("/ra-soat/muc-song-trung-binh/"))
    assert "45/QĐ-UBND · 09/10/2026" in body
