"""Every URL of the project × every persona × an object in and out of scope, GET and POST.

The URL list comes from the URLconf itself (``get_resolver()``), so a new screen is
tested the day it is added — or rather, this test fails until someone states in
``URLS`` below who may open it and who may submit it, and how to fill its URL from the
fixtures. Expected answers:

* anonymous → redirect to the login page (``/dang-nhap/?next=…``);
* a role that may not use the screen → 403 (404 is accepted when the object is also
  out of their scope: the view may check scope first; neither tells them anything);
* a role that may, on an object outside their scope → 404;
* a role that may, in scope → 200 or 302 (POST with empty data: a form with errors,
  or a redirect with a message);
* a GET on a POST-only URL → 405 (or 403/404 as above); a POST on a read-only page →
  405 or the same as the GET (it changes nothing);
* never a 500;
* and every HTML page it renders has nothing the CSP blocks (inline style, script,
  event handler), whatever template, widget or partial produced it.

The data is built once per module (the requests are rolled back one test at a time).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from funding import services as funding_services
from funding.loans import services as loans_services
from funding.models import FundingLine, FundingSource
from households.models import Area, Household, Member
from households.reviews import services as svc
from households.reviews.models import (
    AverageLivingRecognition,
    Complaint,
    Review,
    ReviewCampaign,
    ReviewRequest,
)
from tannkhai.models import Role, User
from targets.models import Program
from tests.factories import (
    AreaFactory,
    AssignmentFactory,
    HeadFactory,
    HouseholdFactory,
    MemberFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.funding_loans.conftest import make_loan
from tests.reviews.helpers import POOR, meet, post, prepare, survey
from tests.tannkhai.csp_rules import violations
from tests.targets.helpers import enrol, place
from tests.utils import blank_pdf

# ----------------------------------------------------------------------------- personas

PERSONAS = (
    "anonymous",
    "no_role",  # signed in, no role (a half-made account)
    "officer_no_areas",  # an officer whose areas were never set
    "officer",
    "leader",
    "qh_kp1",  # quarter head of the object's quarter
    "qh_kp2",  # quarter head of another quarter of the same commune
    "org_assigned",  # organisation member assigned to the household
    "org_unassigned",  # organisation member of the same organisation, not assigned
    "admin",
)

ROLE_OF = {
    "anonymous": None,
    "no_role": "",
    "officer_no_areas": Role.OFFICER,
    "officer": Role.OFFICER,
    "leader": Role.LEADER,
    "qh_kp1": Role.QUARTER_HEAD,
    "qh_kp2": Role.QUARTER_HEAD,
    "org_assigned": Role.ORG_MEMBER,
    "org_unassigned": Role.ORG_MEMBER,
    "admin": Role.ADMIN,
}

# Who can see an object of Tân Khai, by the kind of object (scope, not role).
VISIBLE: dict[str, frozenset[str]] = {
    # Campaigns, decisions, programs, indicators: the commune's, so both quarter heads.
    "commune": frozenset({"officer", "leader", "qh_kp1", "qh_kp2", "admin"}),
    # Reviews, complaints, placements, enrolments, the quarter itself: Khu phố 1.
    "kp1": frozenset({"officer", "leader", "qh_kp1", "admin"}),
    # A household of Khu phố 1 and its members: also the organisation member assigned.
    "household": frozenset({"officer", "leader", "qh_kp1", "admin", "org_assigned"}),
    # User accounts are not area data: the role decides.
    "global": frozenset(PERSONAS) - {"anonymous"},
    # A page without an object.
    "none": frozenset(PERSONAS) - {"anonymous"},
    # A background file: its owner only (the inside officer), not even an administrator.
    "owner": frozenset({"officer"}),
}

# Role sets (by role value; "" is the account without a role).
ANY = frozenset({"", Role.OFFICER, Role.LEADER, Role.QUARTER_HEAD, Role.ORG_MEMBER, Role.ADMIN})
STAFF = frozenset({Role.OFFICER, Role.LEADER, Role.QUARTER_HEAD, Role.ADMIN})  # not org members
EDITORS = frozenset({Role.OFFICER, Role.QUARTER_HEAD, Role.ADMIN})
OFFICERS = frozenset({Role.OFFICER, Role.ADMIN})
APPROVERS = frozenset({Role.LEADER, Role.ADMIN})
EXPORTERS = STAFF
ADMINS = frozenset({Role.ADMIN})


# ------------------------------------------------------------------------------- world


@dataclass
class Side:
    """The objects of one commune: Tân Khai ("in") or Phường Bến Thành ("out")."""

    household: Household
    member: Member
    campaign: ReviewCampaign
    quarter: Area
    draft_review: Review
    complaint: Complaint
    decision: Any
    program: Program
    indicator: Any
    placement: Any
    enrolment: Any
    area: Area
    user: User
    average: Any
    funding_line: Any
    allocation: Any
    loan: Any = None
    # The assignments app: an assignment of the side's household, a helper, a plan duty.
    assignment: Any = None
    person: Any = None
    duty: Any = None
    filed: Any = None
    # A finished background export of the side's officer: only its owner opens it.
    job: Any = None
    fund: Any = None
    # A previewed Excel import of the side's officer: only its owner opens it.
    import_batch: Any = None
    # A previewed import of review results of the side's campaign, by its officer.
    review_batch: Any = None


@dataclass
class World:
    users: dict[str, User | None]
    inside: Side
    outside: Side
    extra: dict[str, Any] = field(default_factory=dict)

    def side(self, scope: str) -> Side:
        return self.inside if scope == "in" else self.outside


def _side(
    *,
    officer: User,
    commune: Area,
    quarter: Area,
    prefix: str,
    number: str,
    household: Household,
) -> Side:
    member = household.members.exclude(pk=household.head_id).first() or household.head
    campaign = svc.campaign_create(user=officer, commune=commune, kind="periodic", year=2025)
    posted = svc.campaign_add_household(user=officer, campaign=campaign, household=household)
    second = HouseholdFactory(quarter=quarter, code=f"{prefix}-002")
    draft = svc.campaign_add_household(user=officer, campaign=campaign, household=second)
    survey(officer, posted, income=POOR["income"], codes=POOR["codes"])
    meet(officer, campaign, quarter)
    post(officer, campaign, quarter)
    decision = prepare(officer, campaign, number=number)
    complaint = svc.complaint_record(
        user=officer,
        review=Review.objects.get(pk=posted.pk),
        received_on=dt.date(2026, 11, 13),
        complainant="Người khiếu nại",
        content="Đề nghị xem lại",
    )
    call_command("load_plan", commune=commune.code, stdout=StringIO())
    program = Program.objects.get(commune=commune)
    funding_line = FundingLine.objects.get(program=program, category__code="vbsp_loan")
    allocation = funding_services.allocation_create(
        user=officer,
        line=funding_line,
        household=household,
        parts={FundingSource.objects.get(code="vbsp"): 40_000_000},
        allocated_on=dt.date(2023, 5, 2),
    )
    loan = make_loan(officer, household)
    fund = loans_services.fund_open(
        user=officer, commune=commune, opened_on=dt.date(2025, 1, 1), opening_balance=1_000_000
    )
    return Side(
        loan=loan,
        fund=fund,
        household=household,
        member=member,
        campaign=campaign,
        quarter=quarter,
        draft_review=draft,
        complaint=complaint,
        decision=decision,
        program=program,
        indicator=program.indicators.order_by("order").first(),
        placement=place(quarter, dt.date(2024, 5, 1), user=officer),
        enrolment=enrol(quarter, dt.date(2024, 5, 1), user=officer),
        area=quarter,
        user=officer,
        average=AverageLivingRecognition.objects.create(
            household=household,
            livelihood="farming",
            requested_on=dt.date(2026, 10, 1),
            area_type=quarter.settlement_type,
            standard=campaign.standard,
            members_count=2,
        ),
        funding_line=funding_line,
        allocation=allocation,
        filed=ReviewRequest.objects.create(
            household=household, kind="review", submitted_on=dt.date(2026, 3, 2)
        ),
    )


def build_world() -> World:
    province = AreaFactory(code="75", name="Đồng Nai", kind=Area.Kind.PROVINCE)
    commune = AreaFactory(code="25480", name="Tân Khai", kind=Area.Kind.COMMUNE, parent=province)
    kp1 = AreaFactory(code="TK-KP1", name="Khu phố 1", kind=Area.Kind.QUARTER, parent=commune)
    kp2 = AreaFactory(code="TK-KP2", name="Khu phố 2", kind=Area.Kind.QUARTER, parent=commune)
    other_province = AreaFactory(code="79", name="TP Hồ Chí Minh", kind=Area.Kind.PROVINCE)
    other_commune = AreaFactory(
        code="26734", name="Phường Bến Thành", kind=Area.Kind.COMMUNE, parent=other_province
    )
    other_quarter = AreaFactory(
        code="BT-KP9", name="Khu phố 9", kind=Area.Kind.QUARTER, parent=other_commune
    )
    users: dict[str, Any] = {
        "anonymous": None,
        "no_role": UserFactory(username="khongvaitro", role=""),
        "officer_no_areas": UserFactory(username="chuacodiaban", role=Role.OFFICER),
        "officer": UserFactory(username="congchuc", role=Role.OFFICER, areas=[commune]),
        "leader": UserFactory(username="chutich", role=Role.LEADER, areas=[commune]),
        "qh_kp1": UserFactory(username="truongkp1", role=Role.QUARTER_HEAD, areas=[kp1]),
        "qh_kp2": UserFactory(username="truongkp2", role=Role.QUARTER_HEAD, areas=[kp2]),
        "org_assigned": UserFactory(
            username="hoinongdan", role=Role.ORG_MEMBER, organisation="Hội Nông dân"
        ),
        "org_unassigned": UserFactory(
            username="hoinongdan2", role=Role.ORG_MEMBER, organisation="Hội Nông dân"
        ),
        "admin": UserFactory(username="quantri", role=Role.ADMIN),
    }
    outsider = UserFactory(username="benthanh", role=Role.OFFICER, areas=[other_commune])
    hh_in = HouseholdFactory(quarter=kp1, code="KP1-001", head=HeadFactory())
    MemberFactory(household=hh_in, relation_to_head=Member.Relation.SPOUSE)
    hh_in.refresh_from_db()
    hh_out = HouseholdFactory(quarter=other_quarter, code="BT-001", head=HeadFactory())
    MemberFactory(household=hh_out, relation_to_head=Member.Relation.SPOUSE)
    hh_out.refresh_from_db()
    organisation = OrganisationFactory(commune=commune, name="Hội Nông dân xã Tân Khai")
    AssignmentFactory(household=hh_in, member=users["org_assigned"], organisation=organisation)
    officer = users["officer"]
    assert officer is not None
    inside = _side(
        officer=officer,
        commune=commune,
        quarter=kp1,
        prefix="KP1",
        number="125/QĐ-UBND",
        household=hh_in,
    )
    outside = _side(
        officer=outsider,
        commune=other_commune,
        quarter=other_quarter,
        prefix="BT",
        number="126/QĐ-UBND",
        household=hh_out,
    )
    _helpers(inside, hh_in, users["org_assigned"])
    _helpers(outside, hh_out, None)
    inside.job = _finished_export(officer)
    outside.job = _finished_export(outsider)
    inside.import_batch = _previewed_import(officer, "Khu phố 1")
    outside.import_batch = _previewed_import(outsider, other_quarter.name)
    inside.review_batch = _previewed_results(officer, inside)
    outside.review_batch = _previewed_results(outsider, outside)
    return World(users=users, inside=inside, outside=outside)


def _finished_export(owner: User) -> Any:
    from django.http import QueryDict

    from reports import jobs
    from reports.models import ExportJob

    job = jobs.start(
        user=owner, kind=ExportJob.Kind.REGISTRY, fmt="xlsx", title="x", query=QueryDict("")
    )
    jobs.run(str(job.pk))
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE
    return job


def _previewed_import(owner: User, quarter: str) -> Any:
    from tests.households.imports import household_rows, previewed

    rows = household_rows(code="IMP-1", quarter=quarter)
    rows[2][4] = "31/02/2015"  # one row in error: the rejected rows' file has a row
    batch = previewed(owner, rows)
    assert batch.status == "previewed"
    return batch


def _previewed_results(owner: User, side: Side) -> Any:
    from tests.reviews.imports import result_row, review_batch

    rows = [result_row(side.draft_review.household.code, "abc")]  # rejected: a file to download
    batch = review_batch(owner, side.campaign, rows)
    assert batch.status == "previewed"
    return batch


def _results_batch(side: Side) -> dict[str, Any]:
    return {"pk": side.campaign.pk, "batch_pk": side.review_batch.pk}


def _helpers(side: Side, household: Household, login: User | None) -> None:
    """The side's assignment (the organisation member's, inside), with a commitment scan."""
    from django.core.files.base import ContentFile

    from assignments.models import Assignment, Person

    if login is not None:
        assignment = Assignment.objects.get(household=household, person__user=login)
    else:
        person = Person.objects.create(commune=household.commune, full_name="Người Giúp Đỡ")
        assignment = Assignment.objects.create(
            household=household, person=person, started_on=dt.date(2025, 1, 1)
        )
    assignment.commitment_file.save("cam-ket.pdf", ContentFile(blank_pdf()))
    side.assignment = assignment
    side.person = assignment.person
    side.duty = side.program.duties.order_by("order").first()


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """Built once for the module, inside a transaction rolled back at its end; each
    test runs in its own savepoint (``db``), so a POST that succeeds changes nothing
    for the next one."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


# ------------------------------------------------------------------------------ table

Kwargs = Callable[[Side], dict[str, Any]]


@dataclass(frozen=True)
class Url:
    """Who may GET and POST a URL, and how to fill it from one side of the world.

    ``get``/``post``: the roles allowed (scope permitting); ``None``: the method is not
    what the URL is for (405 expected, or for POST on a read-only page the GET's
    answer). ``visible``: which objects' scope applies (a key of ``VISIBLE``).
    ``lenient``: personas for which 403 is also right (they have the role but nothing
    to work on, e.g. an officer without areas on a page without an object).
    """

    get: frozenset[str] | None
    post: frozenset[str] | None
    kwargs: Kwargs | None = None
    visible: str = "none"
    query: Callable[[Side], str] | None = None
    lenient: frozenset[str] = frozenset({"officer_no_areas", "no_role"})


def _pk(attr: str) -> Kwargs:
    return lambda s: {"pk": getattr(s, attr).pk}


URLS: dict[str, Url] = {
    # -- accounts (tannkhai) ------------------------------------------------------------
    "home": Url(get=ANY, post=ANY),
    "login": Url(get=frozenset(), post=frozenset()),  # special-cased below
    "logout": Url(get=None, post=ANY),  # special-cased below
    "accounts:password_change": Url(get=ANY, post=ANY),
    "accounts:password_change_done": Url(get=ANY, post=None),
    "accounts:users": Url(get=ADMINS, post=None),
    "accounts:user_create": Url(get=ADMINS, post=ADMINS),
    "accounts:user_edit": Url(get=ADMINS, post=ADMINS, kwargs=_pk("user"), visible="global"),
    "accounts:user_password": Url(get=ADMINS, post=ADMINS, kwargs=_pk("user"), visible="global"),
    # -- registry --------------------------------------------------------------------------
    "households:list": Url(get=ANY, post=None),
    "households:export": Url(get=EXPORTERS, post=None),
    "households:quarter_options": Url(get=ANY, post=None),
    "households:create": Url(get=EDITORS, post=EDITORS),
    "households:import": Url(get=EDITORS, post=EDITORS),
    "households:import_template": Url(get=EDITORS, post=None),
    "households:import_batch": Url(
        get=EDITORS, post=None, kwargs=_pk("import_batch"), visible="owner"
    ),
    "households:import_confirm": Url(
        get=None, post=EDITORS, kwargs=_pk("import_batch"), visible="owner"
    ),
    "households:import_rejected": Url(
        get=EDITORS, post=None, kwargs=_pk("import_batch"), visible="owner"
    ),
    "households:import_retry": Url(
        get=None, post=EDITORS, kwargs=_pk("import_batch"), visible="owner"
    ),
    "households:detail": Url(get=ANY, post=None, kwargs=_pk("household"), visible="household"),
    "households:edit": Url(get=EDITORS, post=EDITORS, kwargs=_pk("household"), visible="household"),
    "households:move": Url(
        get=OFFICERS, post=OFFICERS, kwargs=_pk("household"), visible="household"
    ),
    "households:retire": Url(
        get=OFFICERS, post=OFFICERS, kwargs=_pk("household"), visible="household"
    ),
    "households:set_head": Url(
        get=EDITORS, post=EDITORS, kwargs=_pk("household"), visible="household"
    ),
    "households:member_create": Url(
        get=EDITORS, post=EDITORS, kwargs=_pk("household"), visible="household"
    ),
    "households:member_edit": Url(
        get=EDITORS, post=EDITORS, kwargs=_pk("member"), visible="household"
    ),
    "households:member_retire": Url(
        get=EDITORS, post=EDITORS, kwargs=_pk("member"), visible="household"
    ),
    "households:areas": Url(get=STAFF, post=None),
    "households:area_detail": Url(get=STAFF, post=None, kwargs=_pk("area"), visible="kp1"),
    "households:area_rename": Url(get=ADMINS, post=ADMINS, kwargs=_pk("area"), visible="kp1"),
    "households:commune_settings": Url(
        get=ADMINS, post=ADMINS, kwargs=lambda s: {"pk": s.program.commune_id}, visible="commune"
    ),
    "households:area_merge": Url(get=ADMINS, post=ADMINS, kwargs=_pk("area"), visible="kp1"),
    # -- reviews ---------------------------------------------------------------------------
    "reviews:campaigns": Url(get=STAFF, post=None),
    "reviews:campaign_create": Url(get=None, post=OFFICERS),
    "reviews:transitions": Url(get=STAFF, post=None),
    "reviews:campaign": Url(get=STAFF, post=None, kwargs=_pk("campaign"), visible="commune"),
    "reviews:import": Url(get=EDITORS, post=EDITORS, kwargs=_pk("campaign"), visible="commune"),
    "reviews:import_template": Url(
        get=EDITORS, post=None, kwargs=_pk("campaign"), visible="commune"
    ),
    "reviews:import_batch": Url(get=EDITORS, post=None, kwargs=_results_batch, visible="owner"),
    "reviews:import_confirm": Url(get=None, post=EDITORS, kwargs=_results_batch, visible="owner"),
    "reviews:import_retry": Url(get=None, post=EDITORS, kwargs=_results_batch, visible="owner"),
    "reviews:import_rejected": Url(get=EDITORS, post=None, kwargs=_results_batch, visible="owner"),
    "reviews:quarter": Url(
        get=STAFF,
        post=EDITORS,
        kwargs=lambda s: {"pk": s.campaign.pk, "quarter_pk": s.quarter.pk},
        visible="kp1",
    ),
    "reviews:meeting": Url(
        get=EDITORS,
        post=EDITORS,
        kwargs=lambda s: {"pk": s.campaign.pk, "quarter_pk": s.quarter.pk},
        visible="kp1",
    ),
    "reviews:posting": Url(
        get=OFFICERS,
        post=OFFICERS,
        kwargs=lambda s: {"pk": s.campaign.pk, "quarter_pk": s.quarter.pk},
        visible="kp1",
    ),
    "reviews:decision_prepare": Url(
        get=OFFICERS, post=OFFICERS, kwargs=_pk("campaign"), visible="commune"
    ),
    # The survey of a draft review: staff read it, editors of its quarter save it.
    "reviews:survey": Url(get=STAFF, post=EDITORS, kwargs=_pk("draft_review"), visible="kp1"),
    "reviews:preview": Url(get=None, post=STAFF, kwargs=_pk("draft_review"), visible="kp1"),
    "reviews:send_back": Url(get=None, post=OFFICERS, kwargs=_pk("draft_review"), visible="kp1"),
    "reviews:complaint": Url(get=None, post=OFFICERS, kwargs=_pk("draft_review"), visible="kp1"),
    "reviews:complaint_resolve": Url(
        get=OFFICERS, post=OFFICERS, kwargs=_pk("complaint"), visible="kp1"
    ),
    "reviews:decision": Url(get=STAFF, post=None, kwargs=_pk("decision"), visible="commune"),
    "reviews:decision_approve": Url(
        get=None, post=APPROVERS, kwargs=_pk("decision"), visible="commune"
    ),
    "reviews:request": Url(get=EDITORS, post=EDITORS, kwargs=_pk("household"), visible="household"),
    "reviews:escape": Url(get=EDITORS, post=EDITORS, kwargs=_pk("household"), visible="household"),
    "reviews:average_request": Url(
        get=EDITORS, post=EDITORS, kwargs=_pk("household"), visible="household"
    ),
    "reviews:average_list": Url(get=STAFF, post=None),
    "reviews:average_assess": Url(
        get=OFFICERS, post=OFFICERS, kwargs=_pk("average"), visible="kp1"
    ),
    "reviews:average_recognise": Url(
        get=APPROVERS, post=APPROVERS, kwargs=_pk("average"), visible="kp1"
    ),
    # -- program and records ---------------------------------------------------------------
    "targets:dashboard": Url(get=STAFF, post=None),
    "targets:escaped": Url(
        get=STAFF,
        post=None,
        visible="commune",
        query=lambda s: f"program={s.program.pk}",
    ),
    "targets:placements": Url(get=STAFF, post=None),
    "targets:placement_create": Url(get=EDITORS, post=EDITORS),
    "targets:placement_edit": Url(
        get=EDITORS, post=EDITORS, kwargs=_pk("placement"), visible="kp1"
    ),
    "targets:enrolments": Url(get=STAFF, post=None),
    "targets:enrolment_create": Url(get=EDITORS, post=EDITORS),
    "targets:enrolment_edit": Url(
        get=EDITORS, post=EDITORS, kwargs=_pk("enrolment"), visible="kp1"
    ),
    "targets:member_search": Url(get=STAFF, post=None, query=lambda s: "q=nguyen"),
    # Leaders read the targets table (read-only: a POST is 403).
    "targets:program": Url(
        get=OFFICERS | {Role.LEADER}, post=OFFICERS, kwargs=_pk("program"), visible="commune"
    ),
    "targets:program_copy": Url(get=None, post=OFFICERS, kwargs=_pk("program"), visible="commune"),
    "targets:manual_result": Url(
        get=None, post=OFFICERS, kwargs=_pk("indicator"), visible="commune"
    ),
    # -- funding: officers record, leaders and quarter heads read (quarter heads their
    # quarters' allocations); organisation members see support on the household page only.
    "funding:lines": Url(get=STAFF, post=None),
    "funding:line": Url(get=STAFF, post=None, kwargs=_pk("funding_line"), visible="commune"),
    "funding:line_export": Url(get=STAFF, post=None, kwargs=_pk("funding_line"), visible="commune"),
    "funding:allocation_create": Url(
        get=OFFICERS, post=OFFICERS, kwargs=_pk("funding_line"), visible="commune"
    ),
    "funding:allocations": Url(get=STAFF, post=None),
    "funding:allocation": Url(get=STAFF, post=None, kwargs=_pk("allocation"), visible="kp1"),
    "funding:disburse": Url(get=None, post=OFFICERS, kwargs=_pk("allocation"), visible="kp1"),
    "funding:disbursements": Url(get=STAFF, post=None),
    # -- policy-bank loans and the Fund for the Poor ------------------------------------------
    "loans:loans": Url(get=STAFF | {Role.ORG_MEMBER}, post=None),
    "loans:export": Url(get=STAFF, post=None),
    "loans:start": Url(get=OFFICERS, post=None, query=lambda s: "code=KP1-001"),
    "loans:loan": Url(
        get=STAFF | {Role.ORG_MEMBER}, post=None, kwargs=_pk("loan"), visible="household"
    ),
    "loans:loan_edit": Url(get=OFFICERS, post=OFFICERS, kwargs=_pk("loan"), visible="household"),
    "loans:repayment_create": Url(get=None, post=OFFICERS, kwargs=_pk("loan"), visible="household"),
    "loans:household": Url(
        get=STAFF | {Role.ORG_MEMBER}, post=None, kwargs=_pk("household"), visible="household"
    ),
    "loans:loan_create": Url(
        get=OFFICERS, post=OFFICERS, kwargs=_pk("household"), visible="household"
    ),
    "loans:ledger": Url(get=STAFF, post=None),
    "loans:public": Url(get=STAFF, post=None),
    "loans:fund_open": Url(get=OFFICERS, post=OFFICERS),
    "loans:donation_create": Url(get=OFFICERS, post=OFFICERS),
    "loans:spending_create": Url(get=OFFICERS, post=OFFICERS),
    # -- reports and documents (read-only; organisation members print nothing) ------------
    "reports:index": Url(get=STAFF, post=None),
    "reports:quarter_options": Url(get=STAFF, post=None),
    "reports:preview": Url(
        get=STAFF,
        post=None,
        kwargs=lambda s: {"key": "danh-sach-ho"},
        visible="commune",
        query=lambda s: f"campaign={s.campaign.pk}",
    ),
    "reports:download": Url(
        get=STAFF,
        post=None,
        kwargs=lambda s: {"key": "ket-qua-ra-soat", "fmt": "xlsx"},
        visible="commune",
        query=lambda s: f"campaign={s.campaign.pk}",
    ),
    "reports:decision": Url(
        get=STAFF,
        post=None,
        kwargs=lambda s: {"pk": s.decision.pk, "fmt": "pdf"},
        visible="commune",
    ),
    "reports:certificates": Url(get=STAFF, post=None, kwargs=_pk("decision"), visible="commune"),
    "reports:minutes": Url(
        get=STAFF,
        post=None,
        kwargs=lambda s: {"pk": s.campaign.pk, "quarter_pk": s.quarter.pk},
        visible="kp1",
    ),
    "reports:posting": Url(
        get=STAFF,
        post=None,
        kwargs=lambda s: {"pk": s.campaign.pk, "quarter_pk": s.quarter.pk, "fmt": "xlsx"},
        visible="kp1",
    ),
    "reports:request_form": Url(get=STAFF, post=None, kwargs=_pk("filed"), visible="household"),
    "reports:jobs": Url(get=ANY, post=None),
    "reports:job": Url(get=ANY, post=None, kwargs=_pk("job"), visible="owner"),
    "reports:job_download": Url(get=ANY, post=None, kwargs=_pk("job"), visible="owner"),
    "reports:job_retry": Url(get=None, post=ANY, kwargs=_pk("job"), visible="owner"),
    "reports:fund_disclosure": Url(
        get=STAFF,
        post=None,
        kwargs=lambda s: {"fund_pk": s.fund.pk, "year": 2025, "fmt": "xlsx"},
        visible="commune",
    ),
    "reports:household_file": Url(
        get=STAFF, post=None, kwargs=_pk("household"), visible="household"
    ),
}

# Who reads assignments: staff in scope, organisation members their own.
HELPERS_READERS = STAFF | {Role.ORG_MEMBER}
SUPPORT_WRITERS = OFFICERS | {Role.ORG_MEMBER}
EVALUATORS = OFFICERS | {Role.LEADER}

URLS.update(
    {
        "assignments:list": Url(get=HELPERS_READERS, post=None),
        "assignments:coverage": Url(get=STAFF, post=None),
        "assignments:bulk_assign": Url(get=None, post=OFFICERS),
        "assignments:create": Url(
            get=OFFICERS, post=OFFICERS, kwargs=_pk("household"), visible="household"
        ),
        "assignments:detail": Url(
            get=HELPERS_READERS, post=None, kwargs=_pk("assignment"), visible="household"
        ),
        "assignments:end": Url(
            get=OFFICERS, post=OFFICERS, kwargs=_pk("assignment"), visible="household"
        ),
        "assignments:reassign": Url(
            get=OFFICERS, post=OFFICERS, kwargs=_pk("assignment"), visible="household"
        ),
        "assignments:commitment_file": Url(
            get=HELPERS_READERS, post=None, kwargs=_pk("assignment"), visible="household"
        ),
        "assignments:log_create": Url(
            get=SUPPORT_WRITERS,
            post=SUPPORT_WRITERS,
            kwargs=_pk("assignment"),
            visible="household",
        ),
        "assignments:people": Url(get=STAFF, post=None),
        "assignments:person_create": Url(get=OFFICERS, post=OFFICERS),
        "assignments:person_edit": Url(
            get=OFFICERS, post=OFFICERS, kwargs=_pk("person"), visible="commune"
        ),
        "assignments:evaluation": Url(get=EVALUATORS, post=None),
        "assignments:evaluation_export": Url(get=EVALUATORS, post=None),
        "assignments:matrix": Url(get=STAFF, post=None),
        "assignments:duty_status": Url(
            get=OFFICERS, post=OFFICERS, kwargs=_pk("duty"), visible="commune"
        ),
    }
)

# Left out on purpose, each with the reason.
SKIPPED = {
    "admin": "Django's admin: staff/superuser only, its own permission system and tests",
    "set_language": "i18n switch (django.conf.urls.i18n): no data, POST only, any user",
    "favicon": "redirect to the static icon: no data, public like every static file",
    "healthz": "health check for monitoring: public on purpose, counts and timings only "
    "(tests/tannkhai/test_healthz.py)",
}


# ------------------------------------------------------------------------ the URLconf


def walk(patterns: list[Any], namespace: str = "", prefix: str = "") -> Iterator[tuple[str, str]]:
    """(name, route) of every named pattern, namespaces joined with ":"."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            ns = entry.namespace or ""
            joined = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from walk(entry.url_patterns, joined, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            if entry.name is None:
                yield (f"<unnamed {route}>", route)
                continue
            if entry.name in SKIPPED:
                continue
            yield (f"{namespace}:{entry.name}" if namespace else entry.name, route)


URL_NAMES = sorted({name for name, _route in walk(get_resolver().url_patterns)})


def test_every_url_is_declared() -> None:
    missing = [n for n in URL_NAMES if n not in URLS]
    assert not missing, (
        "These URL patterns are not in the permission matrix. Add each to URLS in "
        "tests/tannkhai/test_permission_matrix.py, saying which roles may GET and POST it "
        "and how to fill its kwargs from the fixtures (or to SKIPPED with a reason): "
        + ", ".join(missing)
    )


def test_table_has_no_stale_entries() -> None:
    stale = sorted(set(URLS) - set(URL_NAMES))
    assert not stale, f"URLS names patterns that no longer exist: {stale}"


# ------------------------------------------------------------------------ expectations

OK = frozenset({200, 302})


def expected(name: str, persona: str, method: str, scope: str) -> frozenset[int] | str:
    """The acceptable status codes (or "login") for one request."""
    url = URLS[name]
    role = ROLE_OF[persona]
    if name == "login":
        return frozenset({200}) if persona == "anonymous" else frozenset({302})
    if name == "logout":
        return frozenset({405}) if method == "GET" else frozenset({302})
    if persona == "anonymous":
        return "login"
    allowed = url.get if method == "GET" else url.post
    if allowed is None:
        if method == "POST":
            # Read-only page: a POST changes nothing; 405 or the GET's answer.
            get_answer = expected(name, persona, "GET", scope)
            assert not isinstance(get_answer, str)
            return get_answer | {405}
        return frozenset({403, 404, 405})
    if url.visible == "none":
        visible = True
    elif scope == "out":
        visible = (persona == "admin" and url.visible != "owner") or url.visible == "global"
    else:
        visible = persona in VISIBLE[url.visible]
    role_ok = role in allowed
    if role_ok and visible:
        answer = OK
        if persona in url.lenient:
            answer = answer | {403}
        return answer
    if role_ok:
        return frozenset({404})
    return frozenset({403}) if visible else frozenset({403, 404})


def _url(name: str, world: World, scope: str) -> str:
    spec = URLS[name]
    side = world.side(scope)
    path = reverse(name, kwargs=spec.kwargs(side) if spec.kwargs else None)
    if spec.query:
        path += "?" + spec.query(side)
    return path


def _scopes(name: str) -> tuple[str, ...]:
    spec = URLS.get(name)
    if spec is None or spec.visible in ("none", "global"):
        return ("in",)
    return ("in", "out")


CASES = [(name, persona) for name in URL_NAMES for persona in PERSONAS]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "persona"), CASES, ids=[f"{n}-{p}" for n, p in CASES])
def test_permission_matrix(world: World, name: str, persona: str) -> None:
    if name not in URLS:
        pytest.fail(f"{name} is not declared in URLS (see test_every_url_is_declared)")
    user = world.users[persona]
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    wrong = []
    for scope in _scopes(name):
        path = _url(name, world, scope)
        for method in ("GET", "POST"):
            response = client.get(path) if method == "GET" else client.post(path, {})
            want = expected(name, persona, method, scope)
            status = response.status_code
            if want == "login":
                good = status == 302 and response["Location"].startswith("/dang-nhap/?next=")
            else:
                good = status in want and status < 500
            if not good:
                where = response.get("Location", "")
                wrong.append(
                    f"{method} {path} ({scope} of scope) as {persona}: {status} {where}"
                    f" — expected {want if isinstance(want, str) else sorted(want)}"
                )
            elif status == 200 and response["Content-Type"].startswith("text/html"):
                # What the page renders, widgets and partials included, must pass the CSP.
                for problem in violations(response.content.decode()):
                    wrong.append(f"{method} {path} as {persona}: CSP would block line {problem}")
    assert not wrong, "\n".join(wrong)
