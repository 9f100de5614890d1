"""The change report page and its drill-down, over the constructed 2022–2025 history."""

import pytest

from tests.utils import text

URL = "/ra-soat/bien-dong/"


def drill_codes(response):
    return {h.code for h in response.context["drill_rows"]}


def test_commune_report_and_drill_down(client_for, officer, areas, history):
    client = client_for(officer)
    response = client.get(URL, {"area": areas.commune.pk, "year": 2023})
    assert response.status_code == 200
    assert response.context["area"] == areas.commune
    body = text(response)
    assert "Hộ nghèo — Tân Khai, 2023" in body
    assert "không cân đối" not in body
    poor = response.context["tables"][0]
    households = poor["rows"][0]
    assert households["balances"]
    # start, dec total, exits (poor → near-poor counts: issue 8), of which to near-poor,
    # of which above near-poor, other, inc total, from near-poor, re-poor, new, other, end
    assert [value for value, _ in households["cells"]] == [4, 2, 2, 0, 2, 0, 2, 1, 0, 1, 0, 4]
    persons = poor["rows"][1]
    # A change of household size is no longer a category ("other" +1 was E growing).
    assert [value for value, _ in persons["cells"]] == [13, 5, 5, 0, 5, 0, 6, 2, 0, 4, 0, 15]
    assert [link for _, link in persons["cells"]] == [None] * 12  # persons do not drill down
    assert "show=poor%7Cdec%3Aescaped" in body

    for show, expected in [
        ("poor|dec:escaped", {"B-ESC", "C-REP"}),
        ("poor|inc:new", {"A-NEW"}),
        ("poor|inc:from_other_list", {"F-NTP"}),
        ("poor|start", {"B-ESC", "C-REP", "D-MOV", "E-SPL"}),
        ("poor|end", {"A-NEW", "D-MOV", "E-SPL", "F-NTP"}),
        ("near_poor|dec:to_other_list", {"F-NTP"}),
        ("poor|inc:re_entered", set()),
    ]:
        drilled = client.get(URL, {"area": areas.commune.pk, "year": 2023, "show": show})
        assert drill_codes(drilled) == expected, show
        heads = {h.head_name for h in drilled.context["drill_rows"]}
        assert all(name in text(drilled) for name in heads)


def test_drill_down_of_the_later_years(client_for, officer, areas, history):
    client = client_for(officer)
    cases = [
        (2024, "poor|dec:other", {"D-MOV"}),
        (2024, "poor|inc:re_entered", {"C-REP"}),
        (2025, "poor|dec:other", {"E-SPL"}),
        (2025, "poor|dec:to_other_list", {"A-NEW"}),
        (2025, "near_poor|inc:from_other_list", {"A-NEW"}),
    ]
    for year, show, expected in cases:
        response = client.get(URL, {"area": areas.commune.pk, "year": year, "show": show})
        assert drill_codes(response) == expected, (year, show)
        assert response.context["drill_label"]


def test_quarter_report(client_for, officer, areas, history):
    response = client_for(officer).get(
        URL, {"area": areas.kp2.pk, "year": 2025, "show": "poor|start"}
    )
    assert response.context["area"] == areas.kp2
    assert drill_codes(response) == {"E-SPL", "F-NTP"}


def test_quarter_head_sees_their_quarter_only(client_for, quarter_head_kp1, areas, history):
    response = client_for(quarter_head_kp1).get(
        URL, {"area": areas.commune.pk, "year": 2023, "show": "poor|start"}
    )
    assert response.status_code == 200
    assert response.context["area"] == areas.kp1
    assert drill_codes(response) == {"B-ESC", "C-REP"}


def test_outsider_cannot_see_tan_khai(client_for, outsider, areas, history):
    response = client_for(outsider).get(
        URL, {"area": areas.commune.pk, "year": 2023, "show": "poor|start"}
    )
    assert response.status_code == 200
    assert response.context["area"] == areas.other_commune
    assert drill_codes(response) == set()
    assert "Hộ nghèo — Tân Khai" not in text(response)
    assert "Hộ nghèo — Phường Bến Thành, 2023" in text(response)


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("officer", 200),
        ("quarter_head_kp1", 200),
        ("leader", 200),
        ("org_member", 403),
        ("admin_user", 200),
        ("outsider", 200),
    ],
)
def test_report_by_persona(persona, client_for, areas, name, status):
    assert client_for(persona(name)).get(URL).status_code == status


def test_bad_year_falls_back(client_for, officer, areas):
    response = client_for(officer).get(URL, {"year": "abc"})
    assert response.status_code == 200
    assert response.context["year"] >= 2021
