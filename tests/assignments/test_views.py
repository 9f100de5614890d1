"""Screens: the household page's section, the lists by persona, the scoped commitment scan,
and what organisation members see."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from assignments.models import Assignment
from households.models import Household, PovertyStatus
from tests.factories import AssignmentFactory

TODAY = timezone.localdate()


def test_officer_assigns_from_the_household_page(officer, hh_kp1, helper, client_for):
    client = client_for(officer)
    page = client.get(f"/ho-gia-dinh/{hh_kp1.pk}/").content.decode()
    assert f"/giup-do/ho/{hh_kp1.pk}/phan-cong/" in page
    scan = SimpleUploadedFile("scan.png", b"\x89PNG\r\n\x1a\n" + b"0" * 50)
    response = client.post(
        f"/giup-do/ho/{hh_kp1.pk}/phan-cong/",
        {
            "person": helper.pk,
            "started_on": TODAY.isoformat(),
            "aim_year": str(TODAY.year + 1),
            "commitment_file": scan,
        },
    )
    assert response.status_code == 302
    a = Assignment.objects.get()
    file = client.get(f"/giup-do/{a.pk}/cam-ket/")
    assert file.status_code == 200 and file["Content-Type"] == "image/png"
    assert "Trần Văn Giúp" in client.get(f"/ho-gia-dinh/{hh_kp1.pk}/").content.decode()


def test_bad_assignment_form_shows_every_error_and_saves_nothing(officer, hh_kp1, client_for):
    response = client_for(officer).post(
        f"/giup-do/ho/{hh_kp1.pk}/phan-cong/",
        {
            "started_on": TODAY.isoformat(),
            "ended_on": (TODAY - dt.timedelta(days=1)).isoformat(),
            "commitment_file": SimpleUploadedFile("x.pdf", b"not a pdf"),
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"person", "ended_on", "commitment_file"} <= set(errors)
    assert not Assignment.objects.exists()


def test_assigning_outside_scope_is_404(officer, hh_other, client_for):
    assert client_for(officer).get(f"/giup-do/ho/{hh_other.pk}/phan-cong/").status_code == 404


def test_retired_household_cannot_be_assigned(officer, hh_kp1, client_for):
    Household.objects.filter(pk=hh_kp1.pk).update(
        status=Household.Status.RETIRED, retired_on=TODAY, retired_reason="moved_away"
    )
    assert client_for(officer).get(f"/giup-do/ho/{hh_kp1.pk}/phan-cong/").status_code == 403


def test_commitment_scan_is_never_public(officer, org_member, outsider, hh_kp1, client_for):
    a = hh_kp1.assignments.get()
    a.commitment_file.save("c.pdf", SimpleUploadedFile("c.pdf", b"%PDF-1.4 x"))
    url = f"/giup-do/{a.pk}/cam-ket/"
    assert client_for(org_member).get(url).status_code == 200
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302
    with pytest.raises(ValueError):
        a.commitment_file.url  # noqa: B018 (no public URL exists)


def test_quarter_head_sees_the_assignments_of_their_quarter(
    org_member, quarter_head_kp1, quarter_head_kp2, hh_kp2, client_for, helper
):
    AssignmentFactory(household=hh_kp2, person=helper)
    own = client_for(quarter_head_kp1).get("/giup-do/").context["page"].object_list
    assert [a.household.code for a in own] == ["KP1-001"]
    other = client_for(quarter_head_kp2).get("/giup-do/").context["page"].object_list
    assert [a.household.code for a in other] == ["KP2-001"]


def test_org_member_household_page_has_no_review_detail(org_member, hh_kp1, client_for):
    Household.objects.filter(pk=hh_kp1.pk).update(poverty_status=PovertyStatus.POOR)
    html = client_for(org_member).get(f"/ho-gia-dinh/{hh_kp1.pk}/").content.decode()
    assert "Kết quả rà soát" not in html and "Hộ nghèo" not in html
    assert "Mai Văn Hội Viên" in html  # their own assignment
    assert "Ghi nhận" in client_for(org_member).get("/giup-do/").content.decode()


def test_org_member_sees_only_their_own_assignments(org_member, hh_kp1, helper, client_for):
    AssignmentFactory(household=hh_kp1, person=helper)
    listed = client_for(org_member).get("/giup-do/").context["page"].object_list
    assert [a.person.full_name for a in listed] == ["Mai Văn Hội Viên"]


@pytest.mark.parametrize("url", ["/giup-do/bao-phu/", "/giup-do/nguoi-giup-do/"])
def test_org_member_has_no_commune_pages(org_member, client_for, url):
    assert client_for(org_member).get(url).status_code == 403


def test_list_query_count_is_constant(officer, areas, helper, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import HouseholdFactory

    def add(n: int) -> None:
        for _ in range(n):
            AssignmentFactory(household=HouseholdFactory(quarter=areas.kp1), person=helper)

    client = client_for(officer)
    add(2)
    with CaptureQueriesContext(connection) as few:
        client.get("/giup-do/")
    add(8)
    with CaptureQueriesContext(connection) as many:
        client.get("/giup-do/")
    assert len(many) == len(few)


def test_data_migration_gives_each_login_a_person(org_member):
    """conftest's organisation member is assigned through the person of their login, the
    shape the migration gives existing assignments."""
    a = Assignment.objects.get()
    assert a.person.user == org_member and a.organisation in a.person.organisations.all()
