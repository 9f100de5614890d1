"""Issue 8 item 8: records broken down by the worker's household, low-income included.

A low-income household (Nghị định 30/2025) is neither poor nor near-poor, with an income
per person per month ≤ 2.250.000 đ (rural) / 3.000.000 đ (urban): thresholds stored on
the poverty standard. The group is read from the household's latest recognised review
signed on or before the record's date.
"""

import datetime as dt

import pytest

from households.models import Area, Household, PovertyStandard
from households.reviews import services as svc
from targets import selectors as sel
from targets.models import JobPlacement, TrainingEnrolment
from tests.factories import MemberFactory
from tests.reviews.conftest import campaign, make_household  # noqa: F401 (fixtures)
from tests.reviews.helpers import POOR, SIGN_DAY, meet, post, prepare, survey
from tests.targets.helpers import ENROLMENTS, PLACEMENTS, enrol, place
from tests.utils import text

AFTER = SIGN_DAY + dt.timedelta(days=3)


def test_the_thresholds_are_data_on_the_standard(db):
    standard = PovertyStandard.objects.get(code="2022-2025")
    assert (standard.low_income_rural, standard.low_income_urban) == (2_250_000, 3_000_000)
    # Not defined for the 2027–2030 standard yet: nobody is classed low-income under it.
    later = PovertyStandard.objects.get(code="2027-2030")
    assert (later.low_income_rural, later.low_income_urban) == (None, None)


@pytest.fixture
def recognised(officer, leader, campaign, areas, make_household):  # noqa: F811
    """Households of a rural quarter (Khu phố 1) and an urban one (Khu phố 2), recognised
    by a decision signed on SIGN_DAY, with incomes at and just above the thresholds."""
    Area.objects.filter(pk=areas.kp1.pk).update(settlement_type="rural")
    Area.objects.filter(pk=areas.kp2.pk).update(settlement_type="urban")
    plan = {
        "R-AT": (areas.kp1, {"income": 2_250_000, "codes": []}),
        "R-ABOVE": (areas.kp1, {"income": 2_250_001, "codes": []}),
        "R-POOR": (areas.kp1, POOR),
        "U-AT": (areas.kp2, {"income": 3_000_000, "codes": []}),
        "U-ABOVE": (areas.kp2, {"income": 3_000_001, "codes": []}),
    }
    households = {}
    for code, (quarter, outcome) in plan.items():
        household = make_household(code, quarter=quarter)
        review = svc.campaign_add_household(user=officer, campaign=campaign, household=household)
        survey(officer, review, income=outcome["income"], codes=outcome["codes"])
        households[code] = household
    for quarter in (areas.kp1, areas.kp2):
        meet(officer, campaign, quarter)
        post(officer, campaign, quarter)
    svc.decision_approve(user=leader, decision=prepare(officer, campaign))
    return households


def _worker(household: Household):
    return MemberFactory(household=household, full_name=f"Người {household.code}")


def _group(record) -> str:
    model = type(record)
    field = "placed_on" if model is JobPlacement else "start_date"
    return sel.with_income_group(model.objects.filter(pk=record.pk), field).get().income_group


@pytest.mark.parametrize(
    ("code", "group"),
    [
        ("R-AT", "low_income"),  # 2.250.000 đ rural: at the threshold
        ("R-ABOVE", "other"),
        ("U-AT", "low_income"),  # 3.000.000 đ urban: at the threshold
        ("U-ABOVE", "other"),
        ("R-POOR", "poor"),
    ],
)
def test_group_at_the_boundaries(recognised, code, group):
    household = recognised[code]
    placement = place(household.quarter, AFTER, member=_worker(household))
    enrolment = enrol(household.quarter, AFTER, member=_worker(household))
    assert _group(placement) == group
    assert _group(enrolment) == group


def test_group_is_taken_at_the_records_date(recognised):
    household = recognised["R-AT"]
    before = place(household.quarter, SIGN_DAY - dt.timedelta(days=1), member=_worker(household))
    on_the_day = place(household.quarter, SIGN_DAY, member=_worker(household))
    assert _group(before) == "unknown"  # not yet recognised then
    assert _group(on_the_day) == "low_income"


def test_a_worker_without_household_is_unknown(recognised, areas):
    assert _group(place(areas.kp1, AFTER, name="Người Ngoài Sổ")) == "unknown"


def test_lists_filter_and_count_by_group(client_for, officer, recognised, areas):
    for code in ("R-AT", "U-AT", "R-ABOVE", "R-POOR"):
        household = recognised[code]
        place(household.quarter, AFTER, member=_worker(household))
        enrol(household.quarter, AFTER, member=_worker(household))
    place(areas.kp1, AFTER, name="Người Ngoài Sổ")
    client = client_for(officer)
    response = client.get(PLACEMENTS, {"group": "low_income"})
    names = {r.worker_name for r in response.context["page"].object_list}
    assert names == {"Người R-AT", "Người U-AT"}
    counts = {code: n for code, _label, n in response.context["groups"]}
    assert counts == {"poor": 1, "near_poor": 0, "low_income": 2, "other": 1, "unknown": 1}
    assert 'data-group="low_income">Hộ thu nhập thấp <strong>2</strong>' in text(response)
    enrolments = client.get(ENROLMENTS, {"group": "low_income"})
    assert {r.worker_name for r in enrolments.context["page"].object_list} == names
    assert TrainingEnrolment.objects.count() == 4
