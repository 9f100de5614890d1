"""Who sees and enters what: one row per persona and screen."""

import datetime as dt

import pytest

from targets.models import JobPlacement, TrainingEnrolment
from tests.targets.helpers import (
    DASHBOARD,
    ENROLMENT_CREATE,
    ENROLMENTS,
    ESCAPED,
    MEMBER_SEARCH,
    PLACEMENT_CREATE,
    PLACEMENTS,
    enrol,
    enrolment_url,
    place,
    placement_url,
    program_url,
)
from tests.utils import text


@pytest.fixture
def records(areas, plan):
    """One placement and one enrolment per quarter of Tân Khai, and one in Bến Thành."""
    return {
        "kp1": place(areas.kp1, dt.date(2024, 2, 1), name="Người Khu Một"),
        "kp2": place(areas.kp2, dt.date(2024, 3, 1), name="Người Khu Hai"),
        "other": place(areas.other_quarter, dt.date(2024, 4, 1), name="Người Bến Thành"),
        "e-kp1": enrol(areas.kp1, dt.date(2024, 2, 1), name="Học Viên Khu Một"),
        "e-kp2": enrol(areas.kp2, dt.date(2024, 3, 1), name="Học Viên Khu Hai"),
        "e-other": enrol(areas.other_quarter, dt.date(2024, 4, 1), name="Học Viên Bến Thành"),
    }


def listed(response):
    return {r.worker_name for r in response.context["page"].object_list}


# persona → placements listed, enrolments listed, may record
LISTS = {
    "officer": ({"Người Khu Một", "Người Khu Hai"}, {"Học Viên Khu Một", "Học Viên Khu Hai"}, True),
    "quarter_head_kp1": ({"Người Khu Một"}, {"Học Viên Khu Một"}, True),
    "quarter_head_kp2": ({"Người Khu Hai"}, {"Học Viên Khu Hai"}, True),
    "leader": ({"Người Khu Một", "Người Khu Hai"}, {"Học Viên Khu Một", "Học Viên Khu Hai"}, False),
    "admin_user": (
        {"Người Khu Một", "Người Khu Hai", "Người Bến Thành"},
        {"Học Viên Khu Một", "Học Viên Khu Hai", "Học Viên Bến Thành"},
        True,
    ),
    "outsider": ({"Người Bến Thành"}, {"Học Viên Bến Thành"}, True),
}


@pytest.mark.parametrize(("name", "expected"), LISTS.items())
def test_record_lists_by_persona(client_for, persona, records, name, expected):
    placements, enrolments, can_record = expected
    client = client_for(persona(name))
    response = client.get(PLACEMENTS)
    assert response.status_code == 200
    assert listed(response) == placements
    assert ('href="/chuong-trinh/viec-lam/them/"' in text(response)) is can_record
    response = client.get(ENROLMENTS)
    assert listed(response) == enrolments
    assert ('href="/chuong-trinh/dao-tao/them/"' in text(response)) is can_record


def test_outsider_filtering_on_our_program_sees_nothing_of_ours(
    client_for, outsider, plan, records
):
    response = client_for(outsider).get(PLACEMENTS, {"program": plan.pk, "year": 2024})
    assert "Người Khu Một" not in listed(response)
    assert "Người Khu Một" not in text(response)


def urls(plan, records):
    return {
        "dashboard": DASHBOARD,
        "placements": PLACEMENTS,
        "enrolments": ENROLMENTS,
        "placement_create": PLACEMENT_CREATE,
        "enrolment_create": ENROLMENT_CREATE,
        "placement_kp1": placement_url(records["kp1"]),
        "enrolment_kp1": enrolment_url(records["e-kp1"]),
        "program": program_url(plan),
        "escaped": f"{ESCAPED}?program={plan.pk}&year=2024",
        "search": f"{MEMBER_SEARCH}?q=nguyen",
    }


SCREENS = [
    "dashboard",
    "placements",
    "enrolments",
    "placement_create",
    "enrolment_create",
    "placement_kp1",
    "enrolment_kp1",
    "program",
    "escaped",
    "search",
]
# GET status of each screen by persona.
STATUS = {
    "officer": dict.fromkeys(SCREENS, 200),
    "quarter_head_kp1": {
        "dashboard": 200,
        "placements": 200,
        "enrolments": 200,
        "placement_create": 200,
        "enrolment_create": 200,
        "placement_kp1": 200,
        "enrolment_kp1": 200,
        "program": 403,
        "escaped": 200,
        "search": 200,
    },
    "quarter_head_kp2": {
        "placement_kp1": 404,
        "enrolment_kp1": 404,
        "program": 403,
    },
    "leader": {
        "dashboard": 200,
        "placements": 200,
        "enrolments": 200,
        "placement_create": 403,
        "enrolment_create": 403,
        "placement_kp1": 403,
        "enrolment_kp1": 403,
        "program": 200,  # read-only (issue 8 item 15)
        "escaped": 200,
        "search": 200,
    },
    "org_member": dict.fromkeys(SCREENS, 403),
    "admin_user": dict.fromkeys(SCREENS, 200),
    "outsider": {
        "dashboard": 200,  # "no program" page
        "placement_kp1": 404,
        "enrolment_kp1": 404,
        "program": 404,
        "escaped": 404,
    },
}
CASES = [
    (name, screen, code) for name, screens in STATUS.items() for screen, code in screens.items()
]


@pytest.mark.parametrize(("name", "screen", "status"), CASES)
def test_screen_status_by_persona(client_for, persona, plan, records, name, screen, status):
    url = urls(plan, records)[screen]
    assert client_for(persona(name)).get(url).status_code == status


@pytest.mark.parametrize(
    "url",
    [
        DASHBOARD,
        PLACEMENTS,
        PLACEMENT_CREATE,
        ENROLMENTS,
        MEMBER_SEARCH,
        "/chuong-trinh/ke-hoach/1/",
    ],
)
def test_anonymous_is_sent_to_login(client_for, db, url):
    response = client_for(None).get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/?next=")


@pytest.mark.parametrize("name", ["leader", "org_member", "outsider", "quarter_head_kp2"])
def test_no_one_else_may_edit_a_kp1_placement(client_for, persona, plan, records, name):
    obj = records["kp1"]
    response = client_for(persona(name)).post(
        placement_url(obj),
        {
            "worker_name": "Đã Sửa",
            "birth_year": 1990,
            "placed_on": "01/02/2024",
            "kind": "local",
            "channel": "other",
        },
    )
    assert response.status_code in (403, 404)
    obj.refresh_from_db()
    assert obj.worker_name == "Người Khu Một"


@pytest.mark.parametrize("name", ["leader", "org_member"])
def test_read_only_personas_cannot_create_records(client_for, persona, plan, areas, name):
    client = client_for(persona(name))
    worker = {"worker_name": "Ai Đó", "birth_year": 1990, "quarter": areas.kp1.pk}
    placement = client.post(
        PLACEMENT_CREATE, {**worker, "placed_on": "01/02/2024", "kind": "local", "channel": "other"}
    )
    enrolment = client.post(
        ENROLMENT_CREATE, {**worker, "start_date": "01/02/2024", "occupation": "Hàn"}
    )
    assert (placement.status_code, enrolment.status_code) == (403, 403)
    assert not JobPlacement.objects.exists()
    assert not TrainingEnrolment.objects.exists()


@pytest.mark.parametrize("name", ["quarter_head_kp1", "leader", "org_member", "outsider"])
def test_targets_page_post_refused(client_for, persona, plan, ind, name):
    response = client_for(persona(name)).post(program_url(plan), {f"t-{ind['VL'].pk}-2022": "1"})
    assert response.status_code in (403, 404)
    assert ind["VL"].targets.get(year=2022).value == 494


def test_org_member_refused_on_the_target_writes(client_for, org_member, plan, ind):
    client = client_for(org_member)
    manual = client.post(
        f"/chuong-trinh/chi-tieu/{ind['SCN'].pk}/ket-qua-nhap-tay/", {"year": "2023", "value": "1"}
    )
    copy = client.post(
        f"/chuong-trinh/ke-hoach/{plan.pk}/sao-chep/",
        {"name": "Mới", "start_year": 2026, "end_year": 2030},
    )
    assert (manual.status_code, copy.status_code) == (403, 403)


def test_leader_reads_the_targets_table_without_inputs(client_for, leader, plan, ind):
    """Issue 8 item 15: leaders read everything in their commune, the targets included."""
    response = client_for(leader).get(program_url(plan))
    assert response.status_code == 200
    page = response.content.decode()
    assert "494" in page  # the 2022 job target
    assert f'name="t-{ind["VL"].pk}-2022"' not in page
    assert "Lưu chỉ tiêu" not in page
    assert "sao-chep" not in page
    assert 'id="targets-read-only"' in page
