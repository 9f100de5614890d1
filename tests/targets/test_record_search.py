"""The placement and enrolment lists search names ignoring diacritics and case,
for registry members and for workers typed in by name alike."""

import datetime as dt

from tannkhai.formatting import fold
from tests.targets.helpers import ENROLMENTS, PLACEMENTS, enrol, place


def _names(response):
    return response.content.decode()


def test_placement_list_finds_a_typed_name_without_diacritics(areas, officer, client_for):
    place(areas.kp1, dt.date(2024, 5, 2), name="Điểu Thị Lan")
    place(areas.kp1, dt.date(2024, 5, 3), name="Nguyễn Văn Hòa")
    for query in ("dieu thi lan", "ĐIỂU THỊ", "Dieu"):
        body = _names(client_for(officer).get(PLACEMENTS, {"q": query}))
        assert "Điểu Thị Lan" in body
        assert "Nguyễn Văn Hòa" not in body
        assert "1 hồ sơ." in body


def test_enrolment_list_finds_a_registry_member_without_diacritics(
    areas, officer, client_for, hh_kp1
):
    member = hh_kp1.head
    enrol(areas.kp1, dt.date(2024, 3, 1), member=member)
    enrol(areas.kp1, dt.date(2024, 3, 1), name="Lê Thị Học Nghề")
    body = _names(client_for(officer).get(ENROLMENTS, {"q": fold(member.full_name)}))
    assert member.full_name in body
    assert "Lê Thị Học Nghề" not in body


def test_search_stays_in_scope(areas, quarter_head_kp2, client_for):
    place(areas.kp1, dt.date(2024, 5, 2), name="Điểu Thị Lan")
    body = _names(client_for(quarter_head_kp2).get(PLACEMENTS, {"q": "dieu"}))
    assert "Điểu Thị Lan" not in body
    assert "0 hồ sơ." in body
