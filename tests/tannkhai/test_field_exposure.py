"""The field-exposure matrix (issue 7): what each persona's pages, partials and exports
show of the fixtures' personal data.

Every GET URL of the URLconf is fetched by every persona, for every fixture object it
can take, as a page and — where the URL answers htmx differently (``Vary:
HX-Request``) — as a partial. Whatever answers 200 is scanned (HTML as text, xlsx
through openpyxl):

- nobody but officers and administrators gets a fixture's citizen ID or
  health-insurance number in full;
- organisation members get no ethnicity, disability, DTTS / KCKNLĐ / CSCC / BTXH
  flag or classification of the fixtures.

A URL pattern that this file does not know how to fill fails the test: say here which
objects its parameters take, and the new page is covered. Positive controls check that
the scan is not vacuous (the officer does see the full numbers where they are shown).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from openpyxl import load_workbook
from pypdf import PdfReader

from funding import services as funding_services
from funding.loans import services as loans_services
from funding.models import FundingSource
from households.models import Ethnicity, Household, Member, PovertyStatus
from households.reviews import services as svc
from households.reviews.models import AverageLivingRecognition, ReviewRequest
from tannkhai.models import Role, User
from targets.models import Program
from tests.conftest import AN_CITIZEN_ID, BINH_CITIZEN_ID, CUONG_CITIZEN_ID, HOA_CITIZEN_ID
from tests.factories import UserFactory
from tests.funding_loans.conftest import make_loan, spend
from tests.reviews.conftest import campaign  # noqa: F401 (fixture)
from tests.reviews.helpers import POSTING_START, prepare, to_posted
from tests.targets.conftest import plan  # noqa: F401 (fixture)
from tests.targets.helpers import enrol, place
from tests.utils import blank_pdf

INSURANCE = {
    AN_CITIZEN_ID: "GD4797911110001",
    HOA_CITIZEN_ID: "GD4797922220002",
    BINH_CITIZEN_ID: "HN4797933330003",
    CUONG_CITIZEN_ID: "DN4797944440004",
}
IDENTIFIERS = [*INSURANCE, *INSURANCE.values()]

# What organisation members must not see of the fixtures. The fixtures use ethnic
# groups, a disability and flags that appear nowhere else on the pages.
ORG_MEMBER_FORBIDDEN = [
    "Chơ Ro",
    "Xơ Đăng",
    "Khuyết tật nặng",
    "DTTS",
    "KCKNLĐ",
    "CSCC",
    "BTXH",
    "bảo trợ xã hội",
    "khả năng lao động",
    "người có công",
    "Hộ nghèo",
    "Hộ cận nghèo",
    "Thoát nghèo",
]

TAN_KHAI = {AN_CITIZEN_ID, HOA_CITIZEN_ID, BINH_CITIZEN_ID}
# The numbers each persona may read in full: officers and administrators, in scope.
FULL_VIEW = {
    "officer": TAN_KHAI | {INSURANCE[c] for c in TAN_KHAI},
    "admin_user": set(IDENTIFIERS),
    "outsider": {CUONG_CITIZEN_ID, INSURANCE[CUONG_CITIZEN_ID]},
}
PERSONAS = [
    "officer",
    "admin_user",
    "leader",
    "quarter_head_kp1",
    "quarter_head_kp2",
    "org_member",
    "org_member_unassigned",
    "outsider",
]


@dataclass
class World:
    households: list[Household]
    members: list[Member]
    objects: dict[str, list[Any]]


@pytest.fixture
def world(
    areas: Any,
    hh_kp1: Household,
    hh_kp2: Household,
    hh_other: Household,
    officer: User,
    outsider: User,
    quarter_head_kp1: User,
    campaign: Any,  # noqa: F811
    plan: Program,  # noqa: F811
) -> World:
    cho_ro = Ethnicity.objects.get(name="Chơ Ro")
    xo_dang = Ethnicity.objects.get(name="Xơ Đăng")
    for household, ethnicity in ((hh_kp1, cho_ro), (hh_kp2, xo_dang), (hh_other, cho_ro)):
        Household.objects.filter(pk=household.pk).update(
            ethnicity=ethnicity,
            is_ethnic_minority=True,
            no_labour_capacity=True,
            person_of_merit=True,
            social_protection=True,
            poverty_status=PovertyStatus.POOR,
        )
    members = list(Member.objects.filter(household__in=[hh_kp1, hh_kp2, hh_other]))
    for member in members:
        Member.objects.filter(pk=member.pk).update(
            ethnicity=cho_ro,
            has_health_insurance=True,
            health_insurance_number=INSURANCE[member.citizen_id],
            disability=Member.Disability.SEVERE,
        )
    # The review procedure up to a draft decision with a pending complaint (Khu phố 1),
    # another review in Khu phố 2, and one in the other commune.
    review_kp1 = svc.campaign_add_household(user=officer, campaign=campaign, household=hh_kp1)
    review_kp2 = svc.campaign_add_household(user=officer, campaign=campaign, household=hh_kp2)
    to_posted(officer, campaign, [review_kp1, review_kp2])
    decision = prepare(officer, campaign)
    complaint = svc.complaint_record(
        user=officer,
        review=svc_fresh(review_kp1),
        received_on=POSTING_START + dt.timedelta(days=1),
        complainant="Bà Tư",
        content="Khiếu nại thử",
    )
    other_campaign = svc.campaign_create(
        user=outsider, commune=areas.other_commune, kind="periodic", year=2025
    )
    # The household is poor: the campaign took it in when it opened.
    review_other = other_campaign.reviews.get(household=hh_other)
    an = hh_kp1.members.get(citizen_id=AN_CITIZEN_ID)
    binh = hh_kp2.members.get(citizen_id=BINH_CITIZEN_ID)
    placements = [
        place(areas.kp1, dt.date(2025, 3, 1), member=an),
        place(areas.kp2, dt.date(2025, 3, 1), member=binh),
    ]
    enrolments = [
        enrol(areas.kp1, dt.date(2025, 3, 1), member=an),
        enrol(areas.kp2, dt.date(2025, 3, 1), member=binh),
    ]
    households = [Household.objects.get(pk=h.pk) for h in (hh_kp1, hh_kp2, hh_other)]
    requests = [
        ReviewRequest.objects.create(household=h, kind=kind, submitted_on=dt.date(2026, 3, 2))
        for h, kind in ((hh_kp1, "review"), (hh_kp2, "escape"), (hh_other, "review"))
    ]
    averages = [
        AverageLivingRecognition.objects.create(
            household=h,
            livelihood="farming",
            requested_on=dt.date(2026, 10, 1),
            area_type=h.quarter.settlement_type,
            standard=campaign.standard,
            members_count=h.member_count,
        )
        for h in households
    ]
    funding_line = plan.funding_lines.get(category__code="vbsp_loan")
    vbsp = FundingSource.objects.get(code="vbsp")
    allocations = [
        funding_services.allocation_create(
            user=officer,
            line=funding_line,
            household=h,
            parts={vbsp: 40_000_000},
            allocated_on=dt.date(2023, 5, 2),
        )
        for h in households[:2]
    ]
    loans = [make_loan(officer, households[0]), make_loan(officer, households[1])]
    loans.append(make_loan(outsider, households[2]))
    fund = loans_services.fund_open(
        user=officer,
        commune=areas.commune,
        opened_on=dt.date(2025, 1, 1),
        opening_balance=9_000_000,
    )
    for household in households[:2]:
        spend(officer, areas.commune, 1_000_000, dt.date(2025, 2, 1), household=household)
    assert fund.pk
    return World(
        households=households,
        members=members,
        objects={
            "funding_line": [funding_line],
            "allocation": allocations,
            "household": households,
            "member": members,
            "area": [areas.commune, areas.kp1, areas.kp2, areas.other_quarter],
            "campaign": [campaign, other_campaign],
            "review": [review_kp1, review_kp2, review_other],
            "decision": [decision],
            "complaint": [complaint],
            "placement": placements,
            "enrolment": enrolments,
            "program": [plan],
            "indicator": list(plan.indicators.all()[:1]),
            "user": [officer],
            "average": averages,
            "loan": loans,
            **helper_objects(areas, households, officer),
            "request": requests,
            "job": export_jobs(officer, quarter_head_kp1),
            "import_batch": import_batches(officer, quarter_head_kp1),
            "review_batch": review_batches(campaign, officer, quarter_head_kp1),
            "fund": [fund],
        },
    )


def review_batches(of_campaign: Any, *owners: User) -> list[Any]:
    """A previewed import of review results of each owner, one row rejected."""
    from tests.reviews.imports import result_row, review_batch

    rows = [result_row("KP1-001", "abc"), result_row("KP2-001", 1)]
    made = [review_batch(owner, of_campaign, rows) for owner in owners]
    assert all(b.status == "previewed" for b in made)
    return made


def _results_batch(w: World) -> list[dict[str, Any]]:
    return [{"pk": int(b.target), "batch_pk": b.pk} for b in w.objects["review_batch"]]


def import_batches(*owners: User) -> list[Any]:
    """A previewed Excel import of each owner, with a rejected row; only its owner opens
    it (the preview masks citizen IDs; the rejected rows' file is what the owner sent)."""
    from tests.households.imports import household_rows, previewed

    made = []
    for owner in owners:
        rows = household_rows(code="IMP-1")
        rows[2][4] = "31/02/2015"
        made.append(previewed(owner, rows))
    assert all(b.status == "previewed" for b in made)
    return made


def export_jobs(*owners: User) -> list[Any]:
    """A finished registry export of each owner (the officer's holds full citizen IDs, the
    quarter head's masked ones); only its owner may open it."""
    from django.http import QueryDict

    from reports import jobs
    from reports.models import ExportJob

    made = []
    for owner in owners:
        job = jobs.start(
            user=owner, kind=ExportJob.Kind.REGISTRY, fmt="xlsx", title="x", query=QueryDict("")
        )
        jobs.run(str(job.pk))
        made.append(ExportJob.objects.get(pk=job.pk))
    assert all(j.status == ExportJob.Status.DONE for j in made)
    return made


def helper_objects(areas: Any, households: list[Household], officer: User) -> dict[str, list[Any]]:
    """Assignments (the organisation member's of hh_kp1, one in KP2, one in the other
    commune), each with a support log and a commitment scan; helpers; a plan duty."""
    from django.core.files.base import ContentFile

    from assignments.models import Assignment, Duty, Person, SupportLog

    for household in households[1:]:
        person = Person.objects.create(commune=household.commune, full_name="Người Giúp Đỡ")
        Assignment.objects.create(
            household=household, person=person, started_on=dt.date(2025, 1, 1)
        )
    assignments = list(Assignment.objects.order_by("pk"))
    for assignment in assignments:
        assignment.commitment_file.save("cam-ket.pdf", ContentFile(blank_pdf()))
        SupportLog.objects.create(
            assignment=assignment,
            happened_on=assignment.started_on,
            kind=SupportLog.Kind.MATERIAL,
            notes="Tặng gạo",
            value=500_000,
            value_form=SupportLog.Form.IN_KIND,
            recorded_by=officer,
        )
    return {
        "assignment": assignments,
        "person": list(Person.objects.order_by("pk")),
        "duty": list(Duty.objects.order_by("pk")[:1]),
    }


def svc_fresh(review: Any) -> Any:
    review.refresh_from_db()
    return review


# -- how to fill each URL pattern ----------------------------------------------------

Filler = Callable[[World], list[dict[str, Any]]]


def _pk(kind: str) -> Filler:
    return lambda w: [{"pk": o.pk} for o in w.objects[kind]]


def _quarter_of_campaign(w: World) -> list[dict[str, Any]]:
    return [
        {"pk": c.pk, "quarter_pk": q.pk}
        for c in w.objects["campaign"]
        for q in w.objects["area"]
        if q.kind == "quarter"
    ]


NONE: Filler = lambda w: [{}]  # noqa: E731

FILL: dict[str, Filler] = {
    "home": NONE,
    "favicon": NONE,
    "healthz": NONE,
    "households:list": NONE,
    "households:export": NONE,
    "households:quarter_options": NONE,
    "households:create": NONE,
    "households:import": NONE,
    "households:import_template": NONE,
    "households:import_batch": _pk("import_batch"),
    "households:import_confirm": _pk("import_batch"),
    "households:import_rejected": _pk("import_batch"),
    "households:import_retry": _pk("import_batch"),
    "households:detail": _pk("household"),
    "households:edit": _pk("household"),
    "households:move": _pk("household"),
    "households:retire": _pk("household"),
    "households:set_head": _pk("household"),
    "households:member_create": _pk("household"),
    "households:member_edit": _pk("member"),
    "households:member_retire": _pk("member"),
    "households:areas": NONE,
    "households:area_detail": _pk("area"),
    "households:area_rename": _pk("area"),
    "households:commune_settings": _pk("area"),
    "households:area_merge": _pk("area"),
    "reviews:campaigns": NONE,
    "reviews:campaign_create": NONE,
    "reviews:transitions": NONE,
    "reviews:campaign": _pk("campaign"),
    "reviews:import": _pk("campaign"),
    "reviews:import_template": _pk("campaign"),
    "reviews:import_batch": _results_batch,
    "reviews:import_confirm": _results_batch,
    "reviews:import_retry": _results_batch,
    "reviews:import_rejected": _results_batch,
    "reviews:quarter": _quarter_of_campaign,
    "reviews:meeting": _quarter_of_campaign,
    "reviews:posting": _quarter_of_campaign,
    "reviews:decision_prepare": _pk("campaign"),
    "reviews:survey": _pk("review"),
    "reviews:preview": _pk("review"),
    "reviews:send_back": _pk("review"),
    "reviews:complaint": _pk("review"),
    "reviews:complaint_resolve": _pk("complaint"),
    "reviews:decision": _pk("decision"),
    "reviews:decision_approve": _pk("decision"),
    "reviews:request": _pk("household"),
    "reviews:escape": _pk("household"),
    "reviews:average_request": _pk("household"),
    "reviews:average_list": NONE,
    "reviews:average_assess": _pk("average"),
    "reviews:average_recognise": _pk("average"),
    "targets:dashboard": NONE,
    "targets:escaped": NONE,
    "targets:placements": NONE,
    "targets:placement_create": NONE,
    "targets:placement_edit": _pk("placement"),
    "targets:enrolments": NONE,
    "targets:enrolment_create": NONE,
    "targets:enrolment_edit": _pk("enrolment"),
    "targets:member_search": NONE,
    "targets:program": _pk("program"),
    "targets:program_copy": _pk("program"),
    "targets:manual_result": _pk("indicator"),
    "funding:lines": NONE,
    "funding:line": _pk("funding_line"),
    "funding:line_export": _pk("funding_line"),
    "funding:allocation_create": _pk("funding_line"),
    "funding:allocations": NONE,
    "funding:allocation": _pk("allocation"),
    "funding:disburse": _pk("allocation"),
    "funding:disbursements": NONE,
    "loans:loans": NONE,
    "loans:export": NONE,
    "loans:start": NONE,
    "loans:loan": _pk("loan"),
    "loans:loan_edit": _pk("loan"),
    "loans:repayment_create": _pk("loan"),
    "loans:household": _pk("household"),
    "loans:loan_create": _pk("household"),
    "loans:ledger": NONE,
    "loans:public": NONE,
    "loans:fund_open": NONE,
    "loans:donation_create": NONE,
    "loans:spending_create": NONE,
    "assignments:list": NONE,
    "assignments:coverage": NONE,
    "assignments:bulk_assign": NONE,
    "assignments:create": _pk("household"),
    "assignments:detail": _pk("assignment"),
    "assignments:end": _pk("assignment"),
    "assignments:reassign": _pk("assignment"),
    "assignments:commitment_file": _pk("assignment"),
    "assignments:log_create": _pk("assignment"),
    "assignments:people": NONE,
    "assignments:person_create": NONE,
    "assignments:person_edit": _pk("person"),
    "assignments:evaluation": NONE,
    "assignments:evaluation_export": NONE,
    "assignments:matrix": NONE,
    "assignments:duty_status": _pk("duty"),
    "accounts:password_change": NONE,
    "accounts:password_change_done": NONE,
    "accounts:users": NONE,
    "accounts:user_create": NONE,
    "accounts:user_edit": _pk("user"),
    "accounts:user_password": _pk("user"),
    "login": NONE,
    "logout": NONE,
    "set_language": NONE,
    "reports:index": NONE,
    "reports:quarter_options": NONE,
    "reports:preview": lambda w: [{"key": k} for k in ("danh-sach-ho", "ket-qua-ra-soat")],
    "reports:download": lambda w: [{"key": "danh-sach-ho", "fmt": f} for f in ("pdf", "xlsx")],
    "reports:decision": lambda w: [
        {"pk": d.pk, "fmt": f} for d in w.objects["decision"] for f in ("pdf", "xlsx")
    ],
    "reports:certificates": _pk("decision"),
    "reports:minutes": _quarter_of_campaign,
    "reports:posting": lambda w: [
        {**kwargs, "fmt": f} for kwargs in _quarter_of_campaign(w) for f in ("pdf", "xlsx")
    ],
    "reports:request_form": _pk("request"),
    "reports:jobs": NONE,
    "reports:job": _pk("job"),
    "reports:job_download": _pk("job"),
    "reports:job_retry": _pk("job"),
    "reports:fund_disclosure": lambda w: [
        {"fund_pk": f.pk, "year": 2025, "fmt": fmt}
        for f in w.objects["fund"]
        for fmt in ("pdf", "xlsx")
    ],
    "reports:household_file": _pk("household"),
}

# Query strings that render personal data differently (searches, drill-downs).
QUERIES: dict[str, Callable[[World], list[str]] | list[str]] = {
    "households:list": ["", f"?q={AN_CITIZEN_ID}", f"?q={BINH_CITIZEN_ID}", "?q=Nguyen"],
    "households:export": ["", f"?q={AN_CITIZEN_ID}"],
    "targets:member_search": [f"?q={AN_CITIZEN_ID}", f"?q={BINH_CITIZEN_ID}", "?q=Nguyen"],
    "reviews:transitions": ["", "?year=2025&show=poor|start", "?year=2026&show=poor|end"],
    "targets:escaped": lambda w: [
        f"?program={p.pk}&year={year}" for p in w.objects["program"] for year in (2025, 2026)
    ],
    "targets:dashboard": lambda w: ["", *[f"?program={p.pk}" for p in w.objects["program"]]],
    "loans:ledger": ["", "?year=2025"],
    "loans:public": ["", "?year=2025"],
    "loans:loans": ["", "?q=Nguyen", "?status=outstanding"],
    "loans:export": ["", "?q=KP1"],
    "assignments:list": ["", "?state=all"],
    "assignments:coverage": ["", "?day=2025-06-01"],
    "assignments:evaluation": ["?year=2025"],
    "assignments:evaluation_export": ["?year=2025"],
}

# Answers to a GET that render no personal data: POST-only actions, redirects.
NOT_RENDERED = {302, 405}

# The Django admin (staff only, none of the personas) is covered by
# tests/tannkhai/test_access_log.py; its URLs come from ModelAdmins, not this URLconf.
SKIPPED_NAMESPACES = {"admin"}


def _patterns(
    resolvers: list[Any], prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str]]:
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            if ns in SKIPPED_NAMESPACES:
                continue
            yield from _patterns(
                entry.url_patterns, prefix + str(entry.pattern), f"{ns}" if ns else namespace
            )
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace else str(entry.name)
            yield name, prefix + str(entry.pattern)


def url_patterns() -> list[tuple[str, str]]:
    return list(_patterns(get_resolver().url_patterns))


def test_every_url_pattern_is_known_to_the_matrix():
    unknown = sorted({name for name, _route in url_patterns()} - set(FILL))
    assert unknown == [], (
        "New URL patterns: add them to FILL in tests/tannkhai/test_field_exposure.py "
        f"(which fixture objects their parameters take): {unknown}"
    )


def urls_for(world: World) -> list[tuple[str, str]]:
    from django.urls import reverse

    urls: list[tuple[str, str]] = []
    for name, _route in url_patterns():
        queries = QUERIES.get(name, [""])
        for kwargs in FILL[name](world):
            for query in queries(world) if callable(queries) else queries:
                urls.append((name, reverse(name, kwargs=kwargs) + query))
    return urls


# -- scanning ------------------------------------------------------------------------


def content_of(response: Any) -> str:
    raw = (
        b"".join(response.streaming_content)
        if getattr(response, "streaming", False)
        else response.content
    )
    if response["Content-Type"].startswith("application/vnd.openxmlformats"):
        book = load_workbook(io.BytesIO(raw))
        return "\n".join(
            str(cell)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
            if cell is not None
        )
    if response["Content-Type"] == "application/pdf":
        reader = PdfReader(io.BytesIO(raw))
        return "\n".join(page.extract_text() for page in reader.pages)
    return raw.decode()


def leaks(persona: str, body: str, url: str) -> list[str]:
    found = []
    allowed = FULL_VIEW.get(persona, set())
    # A number the user typed into a search comes back in the search box.
    found += [
        f"identifier {v}" for v in IDENTIFIERS if v in body and v not in allowed and v not in url
    ]
    if persona.startswith("org_member"):
        found += [f"sensitive {w!r}" for w in ORG_MEMBER_FORBIDDEN if w in body]
    return found


@pytest.fixture
def org_member_unassigned(areas: Any) -> User:
    """A Women's Union member with no household assigned."""
    return UserFactory(
        username="hoiphunu",
        full_name="Lý Thị Hội Phụ Nữ",
        role=Role.ORG_MEMBER,
        organisation="Hội LHPN",
    )


def test_field_exposure_matrix(
    world: World,
    persona: Callable[[str], User],
    org_member: User,
    org_member_unassigned: User,
    client_for: Callable[[User | None], Client],
) -> None:
    urls = urls_for(world)
    problems: list[str] = []
    seen: dict[str, dict[str, str]] = {}
    opened: dict[str, int] = {}
    statuses: dict[str, set[int]] = {}
    for name in PERSONAS:
        client = client_for(persona(name))
        seen[name] = {}
        opened[name] = 0
        for url_name, url in urls:
            response = client.get(url)
            assert response.status_code < 500, (name, url, response.status_code)
            statuses.setdefault(url_name, set()).add(response.status_code)
            variants = [("page", response)]
            if "HX-Request" in response.get("Vary", ""):
                variants.append(("partial", client.get(url, HTTP_HX_REQUEST="true")))
            for kind, answer in variants:
                if answer.status_code != 200:
                    continue
                opened[name] += 1
                body = content_of(answer)
                seen[name][url] = body
                problems += [f"{name} {kind} {url}: {leak}" for leak in leaks(name, body, url)]
    assert problems == [], "\n".join(problems)

    # Positive controls: the scan would have seen the numbers and the flags.
    an_page = f"/ho-gia-dinh/{world.households[0].pk}/"
    hoa = next(m for m in world.members if m.citizen_id == HOA_CITIZEN_ID)
    hoa_form = f"/ho-gia-dinh/thanh-vien/{hoa.pk}/sua/"
    assert AN_CITIZEN_ID in seen["officer"][an_page]
    assert INSURANCE[HOA_CITIZEN_ID] in seen["officer"][hoa_form]
    assert INSURANCE[HOA_CITIZEN_ID] in seen["admin_user"][hoa_form]
    assert AN_CITIZEN_ID in seen["officer"]["/ho-gia-dinh/xuat-excel/"]
    an_file = f"/bao-cao/ho/{world.households[0].pk}/ho-so.pdf"
    assert AN_CITIZEN_ID in seen["officer"][an_file]
    assert "••••••••" + AN_CITIZEN_ID[-4:] in seen["quarter_head_kp1"][an_file]
    assert "••••••••" + AN_CITIZEN_ID[-4:] in seen["quarter_head_kp1"][an_page]
    assert "••••••••" + AN_CITIZEN_ID[-4:] in seen["quarter_head_kp1"]["/ho-gia-dinh/xuat-excel/"]
    assert "•••••••••••0002" in seen["quarter_head_kp1"][hoa_form]
    for word in ("Chơ Ro", "Khuyết tật nặng", "DTTS", "Hộ nghèo"):
        assert word in seen["quarter_head_kp1"][an_page] + seen["quarter_head_kp1"][hoa_form]
    assert "KP1-001" in seen["org_member"][an_page]
    assert "Nguyễn Văn Ân" in seen["org_member"]["/ho-gia-dinh/"]
    assert an_page not in seen["org_member_unassigned"]
    assert an_page not in seen["quarter_head_kp2"]
    for name in PERSONAS:
        assert opened[name] > 0, name
    # Every pattern was really rendered by someone, else its fixture objects are wrong.
    # A POST-only action answers 405 to the roles allowed to use it and 403/404 to the rest.
    unopened = {
        n: s
        for n, s in statuses.items()
        if 200 not in s and not (s & NOT_RENDERED and s <= NOT_RENDERED | {403, 404})
    }
    assert unopened == {}
