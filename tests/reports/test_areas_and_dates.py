"""Reports of a campaign count the quarters its commune held when it ran; a program's
reports name the area their figures cover and show the dashboard's coverage; the report's
day lies within its period; a decision cites only the texts issued by its date; a bad
parameter is a message, never a silent default."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from assignments.selectors import coverage
from households.models import Area, AreaEvent, PovertyStandard
from households.reviews import services as svc
from households.reviews.models import Decision, ReviewCampaign
from reports.builders.documents import decision as decision_document
from targets.selectors import reader_scope
from tests.factories import AreaFactory
from tests.reports.conftest import flat, pdf_text, xlsx_rows


def get(client, key, fmt=None, **query):
    url = (
        reverse("reports:download", args=[key, fmt])
        if fmt
        else reverse("reports:preview", args=[key])
    )
    return client.get(url, query)


def quarter_rows(response) -> dict[str, list]:
    rows = next(iter(xlsx_rows(response.content).values()))
    return {r[1]: r for r in rows if isinstance(r[0], int)}


@pytest.fixture
def campaign_2023(officer, areas, settings_with_town, hh_kp1, hh_kp2):
    """Tân Khai's 2023 review: the former town's records, which then held Khu phố 1 only
    (it moved to the new commune on 1/7/2025; Khu phố 2 was not the town's)."""
    return svc.campaign_create(user=officer, commune=areas.commune, kind="periodic", year=2023)


@pytest.mark.parametrize("key", ["ket-qua-ra-soat", "phan-loai"])
def test_a_pre_merger_campaign_counts_its_quarters_then(client_for, officer, campaign_2023, key):
    rows = quarter_rows(get(client_for(officer), key, "xlsx", campaign=campaign_2023.pk))
    assert list(rows) == ["Khu phố 1"]
    assert rows["Khu phố 1"][2] == 1  # Nguyễn Văn Ân's household


def test_a_former_communes_campaign_counts_its_hamlets(
    client_for, officer, areas, settings_with_town, hh_kp1, hh_kp2
):
    """A former commune's own 2023 review takes its hamlet, now under the new commune (and
    its report is the new commune's document when dated after the merger)."""
    former = AreaFactory(
        code="25482",
        name="Xã Đồng Nơ",
        kind=Area.Kind.COMMUNE,
        parent=areas.province,
        valid_to=dt.date(2025, 6, 30),
    )
    Area.objects.filter(pk=former.pk).update(successor=areas.commune)
    AreaEvent.objects.create(
        area=areas.kp2,
        kind=AreaEvent.Kind.MOVED,
        effective_date=dt.date(2025, 7, 1),
        other_area=former,
    )
    campaign = ReviewCampaign.objects.create(
        commune=former,
        kind=ReviewCampaign.Kind.PERIODIC,
        year=2023,
        list_year=2024,
        standard=PovertyStandard.objects.get(code="2022-2025"),
    )
    client = client_for(officer)
    for key in ("ket-qua-ra-soat", "phan-loai"):
        rows = quarter_rows(get(client, key, "xlsx", campaign=campaign.pk))
        assert list(rows) == ["Khu phố 2"], key
        assert rows["Khu phố 2"][2] == 1, key  # Đặng Thị Bình's household, not 0
    first = flat(pdf_text(get(client, "ket-qua-ra-soat", "pdf", campaign=campaign.pk).content)[0])
    assert "ỦY BAN NHÂN DÂN XÃ TÂN KHAI" in first


def test_a_quarter_the_campaign_did_not_hold_is_refused(
    client_for, officer, campaign_2023, campaign, areas
):
    client = client_for(officer)
    for key in ("ket-qua-ra-soat", "phan-loai", "thieu-hut", "danh-sach-ho"):
        response = get(client, key, campaign=campaign_2023.pk, quarter=areas.kp2.pk)
        assert response.status_code == 200, key
        assert "Khu phố 2 không thuộc địa bàn của" in response.content.decode(), key
        assert (
            get(client, key, "pdf", campaign=campaign_2023.pk, quarter=areas.kp2.pk).status_code
            == 400
        )
        assert get(client, key, campaign=campaign_2023.pk, quarter=areas.kp1.pk).status_code == 200
    # The commune's own campaign of 2025 (after the merger) holds both.
    rows = quarter_rows(get(client, "ket-qua-ra-soat", "xlsx", campaign=campaign.pk))
    assert list(rows) == ["Khu phố 1", "Khu phố 2"]


def test_a_quarter_heads_change_report_names_their_quarter(
    client_for, quarter_head_kp1, officer, decided, plan
):
    plan.refresh_from_db()
    head = client_for(quarter_head_kp1)
    preview = flat(get(head, "bien-dong", program=plan.pk, year=2025).content.decode())
    assert "Biến động hộ nghèo, hộ cận nghèo năm 2025 trên địa bàn Khu phố 1" in preview
    assert f"trên địa bàn {plan.covered_area.name}" not in preview
    # The figures are that quarter's: the dashboard's (the reader's scope).
    rows = next(
        iter(xlsx_rows(get(head, "bien-dong", "xlsx", program=plan.pk, year=2025).content).values())
    )
    poor = next(r for r in rows if r[0] == "Hộ nghèo" and r[1] == "hộ")
    expected = reader_scope(quarter_head_kp1, plan).matrix(2025).row("poor", "households")
    assert (poor[2], poor[-1]) == (expected.start, expected.end) == (0, 1)
    # The officer's is the program's area.
    whole = flat(get(client_for(officer), "bien-dong", program=plan.pk, year=2025).content.decode())
    assert f"năm 2025 trên địa bàn {plan.covered_area.name}" in whole


@pytest.mark.parametrize("who", ["officer", "quarter_head_kp1", "quarter_head_kp2"])
def test_progress_coverage_is_the_dashboards(
    client_for, persona, decided, plan, settings_with_town, who
):
    """The dashboard's panel: ``coverage(user, day, quarter=<the reader's quarter>)``, the
    coverage page's figures too, over every quarter the user reads — not only the quarters
    of the program's area (the former town's Khu phố 1 here)."""
    Decision.objects.filter(pk=decided.decision.pk).update(signed_on=dt.date(2025, 12, 1))
    plan.area = settings_with_town
    plan.save(update_fields=["area"])
    user = persona(who)
    client = client_for(user)
    day = dt.date(2025, 12, 31)
    response = get(client, "tien-do", "xlsx", program=plan.pk, year=2025)
    rows = [r for r in xlsx_rows(response.content)["Giúp đỡ"] if isinstance(r[0], int)]
    panel = coverage(user, day, quarter=reader_scope(user, plan).quarter)
    page = client.get(reverse("assignments:coverage"), {"day": "31/12/2025"}).context["summary"]
    assert [(r[1], r[2], r[3]) for r in rows] == [
        (q.name, q.total, q.covered) for q in panel.quarters
    ]
    assert (panel.total, panel.covered) == (page.total, page.covered)
    assert [r[1] for r in rows] == {
        "officer": ["Khu phố 1", "Khu phố 2"],
        "quarter_head_kp1": ["Khu phố 1"],
        "quarter_head_kp2": ["Khu phố 2"],
    }[who]


def test_report_day_within_the_period(client_for, officer, decided, plan, campaign_2023):
    client = client_for(officer)
    today = timezone.localdate()
    cases = [
        ("tien-do", {"program": plan.pk, "year": 2025, "day": "05/03/2021"}, "01/01/2025"),
        ("bien-dong", {"program": plan.pk, "year": 2025, "day": "31/12/2024"}, "01/01/2025"),
        ("danh-sach-ho", {"campaign": decided.campaign.pk, "day": "01/01/2020"}, "01/09/2025"),
        ("ket-qua-ra-soat", {"campaign": campaign_2023.pk, "day": "31/08/2023"}, "01/09/2023"),
        ("ket-qua-ra-soat", {"campaign": campaign_2023.pk, "day": "01/01/2100"}, "quá một năm"),
    ]
    for key, query, message in cases:
        response = get(client, key, **query)
        assert response.status_code == 200
        assert message in response.content.decode(), (key, query)
        assert get(client, key, "pdf", **query).status_code == 400
    ahead = (today + dt.timedelta(days=300)).strftime("%d/%m/%Y")
    for key, query in (
        ("tien-do", {"program": plan.pk, "year": 2025, "day": "01/01/2025"}),
        ("ket-qua-ra-soat", {"campaign": campaign_2023.pk, "day": "01/09/2023"}),
        ("ket-qua-ra-soat", {"campaign": campaign_2023.pk, "day": ahead}),
    ):
        response = get(client, key, "xlsx", **query)
        assert response.status_code == 200, (key, query)


def test_present_but_invalid_parameters_are_refused(client_for, officer, decided, plan):
    client = client_for(officer)
    for key, query, message in (
        ("ke-hoach", {"program": "abc"}, "Tham số “program” không hợp lệ."),
        ("tien-do", {"program": plan.pk, "year": "abc"}, "Năm báo cáo phải là một năm"),
        ("bien-dong", {"program": plan.pk, "year": "1999"}, "Năm báo cáo phải là một năm"),
        ("danh-sach-ho", {"campaign": "x1"}, "Tham số “campaign” không hợp lệ."),
        ("danh-sach-ho", {"campaign": decided.campaign.pk, "quarter": "-3"}, "“quarter”"),
    ):
        response = get(client, key, **query)
        assert response.status_code == 200
        assert message in response.content.decode(), (key, query)
    # Left blank: the defaults.
    assert "không hợp lệ" not in get(client, "ke-hoach", program="").content.decode()


def test_a_decision_cites_only_texts_issued_by_its_date(leader, decided):
    standard = PovertyStandard.objects.get(code="2022-2025")
    assert decided.campaign.standard == standard

    def bases(day: dt.date) -> str:
        Decision.objects.filter(pk=decided.decision.pk).update(signed_on=day)
        decided.decision.refresh_from_db()
        report = decision_document(user=leader, decision=decided.decision)
        return " ".join(
            str(b.text) for b in report.blocks if "Căn cứ" in str(getattr(b, "text", ""))
        )

    early = bases(dt.date(2021, 6, 1))
    assert "Nghị định 07/2021/NĐ-CP ngày 27/01/2021;" in early
    assert "24/2021/QĐ-TTg" not in early  # issued on 16/7/2021
    in_2023 = bases(dt.date(2023, 12, 10))
    assert "24/2021/QĐ-TTg" in in_2023
    assert "30/2025" not in in_2023 and "351/2025" not in in_2023
    in_2025 = bases(dt.date(2025, 12, 10))
    assert "sửa đổi, bổ sung bởi Nghị định 30/2025/NĐ-CP ngày 24/02/2025" in in_2025
    assert "351/2025" not in in_2025
    in_2026 = bases(dt.date(2026, 1, 5))
    assert "kéo dài đến hết năm 2026 theo Nghị định 351/2025/NĐ-CP ngày 30/12/2025" in in_2026
