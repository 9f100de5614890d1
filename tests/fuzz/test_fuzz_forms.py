"""Property-based fuzzing of every form of the project, through the real views.

Each entry below opens a page as a persona allowed to use it, takes the page's forms and a
valid submission, and lets Hypothesis replace a few fields with hostile values (control and
zero-width characters, 20,000-character strings, 5,000-digit numbers, 0001-01-01 and
9999-12-31, wrong types). Whatever is posted: never a 500, and a page re-shown with errors
(200) has saved nothing. Every example runs inside a savepoint that is rolled back.

A new form class of the project fails ``test_every_form_is_fuzzed`` until an entry covers it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
from django import forms
from django.apps import apps
from django.db import transaction
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from assignments import forms as af
from funding import forms as ff
from funding import services as fsvc
from funding.loans import forms as lf
from funding.models import FundingSource
from households import forms as hf
from households.imports import views as import_views
from households.models import Household
from households.reviews import forms as rf
from households.reviews import services as rsvc
from households.reviews.models import Complaint, NeedType, Review
from tannkhai import forms as tf
from targets import forms as tgf
from tests.fuzz.strategies import edge_values, field_values, garbage
from tests.households.test_household_create import post_data as household_post
from tests.reviews.helpers import POSTING_START, meet, post, survey
from tests.tannkhai.test_form_rules import PROJECT_APPS, project_forms
from tests.tannkhai.test_users_views import new_user

Get = Callable[[str], Any]


@dataclass
class Page:
    url: str
    persona: str
    # Where the form is shown when ``url`` only takes POST.
    form_page: str | None = None
    # Context names of the forms to fuzz (default: every form in the context).
    contexts: tuple[str, ...] = ()
    baseline: dict[str, Any] = field(default_factory=dict)
    # Values never fuzzed (the version a user loaded).
    keep: dict[str, Any] = field(default_factory=dict)
    # Extra fields that are no form class (the targets table, manual results).
    extra_fields: dict[str, forms.Field] = field(default_factory=dict)


@dataclass
class Entry:
    name: str
    covers: tuple[type[forms.BaseForm], ...]
    setup: Callable[[Get], Page]
    reason_xfail: str = ""


def _household(get: Get) -> Household:
    return get("hh_kp1")


def _surveyed(get: Get) -> Review:
    review = get("review_kp1")
    return survey(get("officer"), review, income=1_000_000, codes=["1", "2", "3"])


def _agreed(get: Get) -> Review:
    review = _surveyed(get)
    meet(get("officer"), get("campaign"), get("areas").kp1)
    return Review.objects.get(pk=review.pk)


def _posted(get: Get) -> Review:
    review = _agreed(get)
    post(get("officer"), get("campaign"), get("areas").kp1)
    return Review.objects.get(pk=review.pk)


def _poor(get: Get) -> Household:
    household = _household(get)
    Household.objects.filter(pk=household.pk).update(poverty_status="poor")
    household.refresh_from_db()
    return household


def _farming(get: Get) -> Household:
    household = _household(get)
    Household.objects.filter(pk=household.pk).update(livelihood="farming")
    household.refresh_from_db()
    return household


def _average(get: Get, *, assessed: bool = False) -> Any:
    record = rsvc.average_request_submit(
        user=get("officer"), household=_farming(get), requested_on=dt.date(2026, 10, 1)
    )
    if assessed:
        record = rsvc.average_assess(
            user=get("officer"),
            record=record,
            members_count=2,
            income_12_months=48_000_000,
            social_allowances_12_months=0,
            assessed_on=dt.date(2026, 10, 5),
        )
    return record


SURVEY = {
    "members_count": "2",
    "income_mode": "per_person",
    "income_input": "1.400.000",
    "deprived": ["1", "4", "9"],
    "surveyor": "Hồ Văn Một",
    "surveyed_on": "2026-11-02",
}


def _survey_page(get: Get, *, preview: bool = False) -> Page:
    review = get("review_kp1")
    url = f"/ra-soat/phieu/{review.pk}/"
    return Page(
        url=url + ("phan-loai/" if preview else ""),
        form_page=url if preview else None,
        persona="officer",
        contexts=("form",),
        baseline={**SURVEY, "save_draft": "1"},
        keep={"version": str(review.version)},
    )


def _escape_page(get: Get) -> Page:
    household = _poor(get)
    loan = NeedType.objects.order_by("order").first()
    assert loan is not None
    return Page(
        url=f"/ra-soat/ho/{household.pk}/thoat-ngheo/",
        persona="officer",
        baseline={
            "year": "2026",
            "registered_on": "2026-11-02",
            "commitment": "Nuôi bò",
            "needs-TOTAL_FORMS": "4",
            "needs-INITIAL_FORMS": "0",
            "needs-0-need_type": str(loan.pk),
            "needs-0-quantity": "1",
            "needs-0-estimated_cost": "50.000.000",
        },
    )


def _targets_page(get: Get) -> Page:
    plan = get("plan")
    fields: dict[str, forms.Field] = {}
    for indicator in plan.indicators.all():
        fields[f"p-{indicator.pk}"] = forms.CharField()
        for year in plan.years:
            fields[f"t-{indicator.pk}-{year}"] = forms.CharField()
    return Page(url=f"/chuong-trinh/ke-hoach/{plan.pk}/", persona="officer", extra_fields=fields)


def _manual_result(get: Get) -> Page:
    plan = get("plan")
    indicator = plan.indicators.order_by("order").first()
    return Page(
        url=f"/chuong-trinh/chi-tieu/{indicator.pk}/ket-qua-nhap-tay/",
        form_page=f"/chuong-trinh/ke-hoach/{plan.pk}/",
        contexts=("no form: only the fields below",),
        persona="officer",
        baseline={"year": "2021", "value": "65,5", "source": "Báo cáo năm 2021"},
        extra_fields={
            "year": forms.IntegerField(),
            "value": forms.CharField(),
            "source": forms.CharField(),
        },
    )


def _complaint(get: Get) -> Complaint:
    review = _posted(get)
    from households.reviews import services as svc

    return svc.complaint_record(
        user=get("officer"),
        review=review,
        received_on=POSTING_START,
        complainant="Lê Văn Khiếu",
        content="Chưa đúng thu nhập",
    )


def _funding_line(get: Get) -> Any:
    return get("plan").funding_lines.get(category__code="vbsp_loan")


def _allocation_page(get: Get) -> Page:
    vbsp = FundingSource.objects.get(code="vbsp")
    return Page(
        url=f"/ho-tro/dong/{_funding_line(get).pk}/phan-bo/",
        persona="officer",
        baseline={
            "household": _household(get).code,
            "allocated_on": "2023-05-02",
            "units": "1",
            f"part_{vbsp.pk}": "40.000.000",
        },
    )


def _disbursement_page(get: Get) -> Page:
    vbsp = FundingSource.objects.get(code="vbsp")
    allocation = fsvc.allocation_create(
        user=get("officer"),
        line=_funding_line(get),
        household=_household(get),
        parts={vbsp: 40_000_000},
        allocated_on=dt.date(2023, 5, 2),
    )
    return Page(
        url=f"/ho-tro/phan-bo/{allocation.pk}/chi/",
        form_page=f"/ho-tro/phan-bo/{allocation.pk}/",
        contexts=("form",),
        persona="officer",
        baseline={"source": str(vbsp.pk), "paid_on": "2023-06-01", "amount": "10.000.000"},
    )


def _fund(get: Get) -> Any:
    from funding.loans import services as loans_services

    return loans_services.fund_open(
        user=get("officer"),
        commune=get("areas").commune,
        opened_on=dt.date(2025, 1, 1),
        opening_balance=20_000_000,
    )


def _loan(get: Get) -> Any:
    from tests.funding_loans.conftest import make_loan

    return make_loan(get("officer"), _household(get))


LOAN = {
    "program": "poor",
    "amount": "40.000.000",
    "term_months": "36",
    "interest_rate": "0,55",
    "disbursed_on": "2024-03-15",
}


def _import_batch(get: Get) -> Any:
    from tests.households.imports import household_rows, previewed

    return previewed(get("officer"), household_rows())


ENTRIES: list[Entry] = [
    Entry(
        "import_upload",
        (import_views.UploadForm,),
        lambda get: Page(url="/ho-gia-dinh/nhap-excel/", persona="officer"),
    ),
    Entry(
        "import_confirm",
        (import_views.ConfirmForm,),
        lambda get: (
            lambda batch: Page(
                url=f"/ho-gia-dinh/nhap-excel/{batch.pk}/ghi/",
                form_page=f"/ho-gia-dinh/nhap-excel/{batch.pk}/",
                contexts=("confirm_form",),
                persona="officer",
            )
        )(_import_batch(get)),
    ),
    Entry(
        "household_create",
        (hf.NewHouseholdForm, hf.HouseholdForm, hf.HeadMemberForm, hf.MemberForm),
        lambda get: Page(
            url="/ho-gia-dinh/them/",
            persona="officer",
            baseline=household_post(get("areas").kp1),
        ),
    ),
    Entry(
        "household_edit",
        (hf.HouseholdEditForm,),
        lambda get: Page(url=f"/ho-gia-dinh/{_household(get).pk}/sua/", persona="officer"),
    ),
    Entry(
        "member_create",
        (hf.MemberForm,),
        lambda get: Page(
            url=f"/ho-gia-dinh/{_household(get).pk}/them-thanh-vien/",
            persona="officer",
            baseline={
                "full_name": "Nguyễn Thị Út",
                "sex": "female",
                "birth_year": "2010",
                "relation_to_head": "child",
                "schooling_level": "primary",
                "vocational_qualification": "none",
                "disability": "none",
            },
        ),
    ),
    Entry(
        "member_edit",
        (hf.MemberEditForm,),
        lambda get: Page(
            url=f"/ho-gia-dinh/thanh-vien/{_household(get).head_id}/sua/", persona="officer"
        ),
    ),
    Entry(
        "household_move",
        (hf.MoveForm, hf.VersionedForm),
        lambda get: Page(
            url=f"/ho-gia-dinh/{_household(get).pk}/chuyen-khu-pho/",
            persona="officer",
            baseline={"quarter": str(get("areas").kp2.pk)},
        ),
    ),
    Entry(
        "household_retire",
        (hf.RetireHouseholdForm,),
        lambda get: Page(
            url=f"/ho-gia-dinh/{_household(get).pk}/ra-khoi-danh-sach/",
            persona="officer",
            baseline={"reason": "moved_away", "retired_on": "2026-01-05", "note": "Chuyển đi"},
        ),
    ),
    Entry(
        "household_set_head",
        (hf.SetHeadForm,),
        lambda get: Page(url=f"/ho-gia-dinh/{_household(get).pk}/doi-chu-ho/", persona="officer"),
    ),
    Entry(
        "member_retire",
        (hf.RetireMemberForm,),
        lambda get: Page(
            url=f"/ho-gia-dinh/thanh-vien/{_household(get).members.exclude(pk=_household(get).head_id).first().pk}/ra-khoi-ho/",
            persona="officer",
            baseline={"reason": "moved_out", "left_on": "2026-01-05"},
        ),
    ),
    Entry(
        "area_rename",
        (hf.AreaRenameForm,),
        lambda get: Page(
            url=f"/ho-gia-dinh/dia-ban/{get('areas').kp1.pk}/doi-ten/",
            persona="admin_user",
            baseline={"name": "Khu phố Tân Hiệp", "effective_date": "2025-07-01"},
        ),
    ),
    Entry(
        "commune_settings",
        (hf.CommuneSettingsForm,),
        lambda get: Page(
            url=f"/ho-gia-dinh/dia-ban/{get('areas').commune.pk}/van-ban/",
            persona="admin_user",
            baseline={"issuing_body": "ỦY BAN NHÂN DÂN XÃ TÂN KHAI", "place_name": "Tân Khai"},
        ),
    ),
    Entry(
        "area_merge",
        (hf.AreaMergeForm,),
        lambda get: Page(
            url=f"/ho-gia-dinh/dia-ban/{get('areas').kp2.pk}/sap-nhap/",
            persona="admin_user",
            baseline={"into": str(get("areas").kp1.pk), "effective_date": "2025-07-01"},
        ),
    ),
    Entry(
        "campaign_create",
        (rf.CampaignForm,),
        lambda get: Page(
            url="/ra-soat/tao/",
            form_page="/ra-soat/",
            persona="officer",
            baseline={"kind": "periodic", "year": "2025", "commune": str(get("areas").commune.pk)},
        ),
    ),
    Entry("survey", (rf.SurveyForm,), _survey_page),
    Entry("survey_preview", (rf.SurveyForm,), lambda get: _survey_page(get, preview=True)),
    Entry(
        "meeting",
        (rf.MeetingForm,),
        lambda get: Page(
            url=f"/ra-soat/{get('campaign').pk}/khu-pho/{_surveyed(get).quarter_id}/hop-dan/",
            persona="officer",
            baseline={
                "held_on": "2026-11-10",
                "chair": "Hồ Văn Một",
                "secretary": "Lê Thị Hai",
                "fatherland_front_rep": "Trần Văn Ba",
                "attendees": "30",
                "votes_for": "20",
            },
        ),
    ),
    Entry(
        "posting",
        (rf.PostingForm,),
        lambda get: Page(
            url=f"/ra-soat/{get('campaign').pk}/khu-pho/{_agreed(get).quarter_id}/niem-yet/",
            persona="officer",
            baseline={"start_date": POSTING_START.isoformat()},
        ),
    ),
    Entry(
        "send_back",
        (rf.SendBackForm,),
        lambda get: Page(
            url=f"/ra-soat/phieu/{_surveyed(get).pk}/tra-lai/",
            form_page=f"/ra-soat/phieu/{get('review_kp1').pk}/",
            contexts=("send_back_form",),
            persona="officer",
            baseline={"reason": "Thu nhập chưa đúng"},
        ),
    ),
    Entry(
        "complaint_create",
        (rf.ComplaintForm,),
        lambda get: Page(
            url=f"/ra-soat/phieu/{_posted(get).pk}/khieu-nai/",
            form_page=f"/ra-soat/phieu/{get('review_kp1').pk}/",
            contexts=("complaint_form",),
            persona="officer",
            baseline={
                "received_on": POSTING_START.isoformat(),
                "complainant": "Lê Văn Khiếu",
                "content": "Chưa đúng",
            },
        ),
    ),
    Entry(
        "complaint_resolve",
        (rf.ComplaintResolveForm,),
        lambda get: Page(
            url=f"/ra-soat/khieu-nai/{_complaint(get).pk}/",
            persona="officer",
            baseline={
                "outcome": "rejected",
                "resolution": "Đã kiểm tra lại",
                "resolved_on": POSTING_START.isoformat(),
            },
        ),
    ),
    Entry(
        "decision_prepare",
        (rf.DecisionForm,),
        lambda get: Page(
            url=f"/ra-soat/{_posted(get).campaign_id}/quyet-dinh/",
            persona="officer",
            baseline={
                "number": "125/QĐ-UBND",
                "signed_on": "2026-11-20",
                "signer_name": "Trương Văn Lãnh Đạo",
                "signer_title": "Chủ tịch",
            },
        ),
    ),
    Entry(
        "campaign_add_household",
        (rf.AddHouseholdForm,),
        lambda get: Page(
            url=f"/ra-soat/{get('campaign').pk}/khu-pho/{get('areas').kp1.pk}/",
            persona="officer",
            contexts=("add_form",),
            baseline={"code": _household(get).code},
        ),
    ),
    Entry(
        "request_create",
        (rf.RequestForm,),
        lambda get: Page(
            url=f"/ra-soat/ho/{_household(get).pk}/de-nghi/",
            persona="officer",
            baseline={"submitted_on": "2026-11-02", "reason": "Ốm đau"},
        ),
    ),
    Entry("escape_register", (rf.EscapeForm, rf.NeedForm), _escape_page),
    Entry(
        "average_request",
        (rf.AverageRequestForm,),
        lambda get: Page(
            url=f"/ra-soat/ho/{_farming(get).pk}/muc-song-trung-binh/",
            persona="officer",
            baseline={"requested_on": "2026-10-01"},
        ),
    ),
    Entry(
        "average_assess",
        (rf.AverageAssessForm,),
        lambda get: Page(
            url=f"/ra-soat/muc-song-trung-binh/{_average(get).pk}/xac-dinh/",
            persona="officer",
            baseline={
                "members_count": "2",
                "income_12_months": "48.000.000",
                "social_allowances_12_months": "0",
                "assessed_on": "2026-10-05",
            },
        ),
    ),
    Entry(
        "average_recognise",
        (rf.AverageRecogniseForm,),
        lambda get: Page(
            url=f"/ra-soat/muc-song-trung-binh/{_average(get, assessed=True).pk}/cong-nhan/",
            persona="leader",
            baseline={"decision_number": "45/QĐ-UBND", "decision_date": "2026-10-09"},
        ),
    ),
    Entry(
        "placement_create",
        (tgf.PlacementForm, tgf.WorkerForm),
        lambda get: Page(
            url="/chuong-trinh/viec-lam/them/",
            persona="officer",
            baseline={
                "worker_name": "Trần Thị Mới",
                "birth_year": "1999",
                "quarter": str(get("plan") and get("areas").kp1.pk),
                "placed_on": "15/03/2024",
                "kind": "local",
                "channel": "job_fair",
            },
        ),
    ),
    Entry(
        "enrolment_create",
        (tgf.EnrolmentForm,),
        lambda get: Page(
            url="/chuong-trinh/dao-tao/them/",
            persona="officer",
            baseline={
                "worker_name": "Trần Thị Mới",
                "birth_year": "1999",
                "quarter": str(get("plan") and get("areas").kp1.pk),
                "occupation": "May công nghiệp",
                "start_date": "01/03/2024",
            },
        ),
    ),
    Entry("program_targets", (), _targets_page),
    Entry(
        "program_copy",
        (tgf.ProgramCopyForm,),
        lambda get: Page(
            url=f"/chuong-trinh/ke-hoach/{get('plan').pk}/sao-chep/",
            form_page=f"/chuong-trinh/ke-hoach/{get('plan').pk}/",
            contexts=("copy_form",),
            persona="officer",
            baseline={"name": "Kế hoạch 2026–2030", "start_year": "2026", "end_year": "2030"},
        ),
    ),
    Entry("manual_result", (), _manual_result),
    Entry("allocation_create", (ff.AllocationForm,), _allocation_page),
    Entry("disburse", (ff.DisbursementForm,), _disbursement_page),
    Entry(
        "user_create",
        (tf.NewUserForm, tf.UserForm),
        lambda get: Page(
            url="/tai-khoan/nguoi-dung/them/",
            persona="admin_user",
            baseline=new_user(get("areas")),
        ),
    ),
    Entry(
        "user_edit",
        (tf.UserForm,),
        lambda get: Page(
            url=f"/tai-khoan/nguoi-dung/{get('quarter_head_kp1').pk}/", persona="admin_user"
        ),
    ),
    Entry(
        "loan_create",
        (lf.LoanForm,),
        lambda get: Page(
            url=f"/vay-von-va-quy/ho/{_household(get).pk}/vay-moi/",
            persona="officer",
            baseline={**LOAN, "borrower": str(_household(get).head_id)},
        ),
    ),
    Entry(
        "loan_edit",
        (lf.LoanForm,),
        lambda get: Page(url=f"/vay-von-va-quy/{_loan(get).pk}/sua/", persona="officer"),
    ),
    Entry(
        "repayment",
        (lf.RepaymentForm,),
        lambda get: (
            lambda loan: Page(
                url=f"/vay-von-va-quy/{loan.pk}/tra-no/",
                form_page=f"/vay-von-va-quy/{loan.pk}/",
                contexts=("form",),
                persona="officer",
                baseline={"paid_on": "2024-09-15", "principal": "1.000.000", "interest": "0"},
            )
        )(_loan(get)),
    ),
    Entry(
        "fund_open",
        (lf.FundOpenForm,),
        lambda get: Page(
            url="/vay-von-va-quy/quy/mo-so/",
            persona="officer",
            baseline={"opened_on": "2025-01-01", "opening_balance": "20.000.000"},
        ),
    ),
    Entry(
        "donation",
        (lf.DonationForm,),
        lambda get: (
            _fund(get)
            and Page(
                url="/vay-von-va-quy/quy/ung-ho/",
                persona="officer",
                baseline={
                    "donor_name": "Công ty A",
                    "donor_kind": "business",
                    "amount": "5.000.000",
                    "received_on": "2025-02-01",
                },
            )
        ),
    ),
    Entry(
        "spending",
        (lf.SpendingForm,),
        lambda get: (
            _fund(get)
            and Page(
                url="/vay-von-va-quy/quy/chi/",
                persona="officer",
                baseline={
                    "household_code": _household(get).code,
                    "amount": "5.000.000",
                    "spent_on": "2025-02-01",
                    "decision_number": "01/QĐ",
                },
            )
        ),
    ),
    Entry(
        "sign_in",
        (tf.SignInForm,),
        lambda get: Page(
            url="/dang-nhap/",
            persona="anonymous",
            baseline={"username": "congchuc", "password": "sai-mat-khau"},
        ),
    ),
    Entry(
        "user_password",
        (tf.AdminSetPasswordForm,),
        lambda get: Page(
            url=f"/tai-khoan/nguoi-dung/{get('quarter_head_kp1').pk}/mat-khau/",
            persona="admin_user",
            baseline={"new_password1": "Rất-khó-đoán-2025", "new_password2": "Rất-khó-đoán-2025"},
        ),
    ),
]


def _assignment(get: Get) -> Any:
    get("org_member")
    return get("hh_kp1").assignments.get()


ENTRIES += [
    Entry(
        "assignment_create",
        (af.AssignmentForm,),
        lambda get: Page(
            url=f"/giup-do/ho/{get('hh_kp2').pk}/phan-cong/",
            persona="officer",
            baseline={
                "person": str(_assignment(get).person_id),
                "started_on": "2026-01-05",
                "commitment_text": "Cam kết giúp hộ",
            },
        ),
    ),
    Entry(
        "assignment_bulk",
        (af.BulkAssignForm,),
        lambda get: Page(
            url="/giup-do/bao-phu/phan-cong/",
            form_page="/giup-do/bao-phu/",
            persona="officer",
            contexts=("bulk_form",),
            baseline={"person": str(_assignment(get).person_id), "started_on": "2026-01-05"},
        ),
    ),
    Entry(
        "assignment_end",
        (af.EndForm,),
        lambda get: Page(
            url=f"/giup-do/{_assignment(get).pk}/ket-thuc/",
            persona="officer",
            baseline={"ended_on": "2026-01-05", "end_reason": "Hộ thoát nghèo"},
        ),
    ),
    Entry(
        "assignment_reassign",
        (af.ReassignForm,),
        lambda get: Page(
            url=f"/giup-do/{_assignment(get).pk}/chuyen-giao/",
            persona="officer",
            baseline={"organisation": str(_assignment(get).organisation_id)},
        ),
    ),
    Entry(
        "support_log",
        (af.SupportLogForm,),
        lambda get: Page(
            url=f"/giup-do/{_assignment(get).pk}/ghi-nhan/",
            persona="org_member",
            baseline={"kind": "visit", "value_form": "money", "value": "500.000"},
        ),
    ),
    Entry(
        "person_edit",
        (af.PersonForm,),
        lambda get: Page(
            url=f"/giup-do/nguoi-giup-do/{_assignment(get).person_id}/",
            persona="officer",
            baseline={"full_name": "Mai Văn Hội Viên", "is_party_member": "on"},
        ),
    ),
    Entry(
        "duty_status",
        (af.DutyStatusForm,),
        lambda get: Page(
            url=f"/giup-do/nhiem-vu/{get('plan').duties.order_by('order').first().pk}/?year=2025",
            persona="officer",
            baseline={"state": "in_progress", "progress_note": "Đã triển khai"},
        ),
    ),
]


def test_every_form_is_fuzzed():
    covered = {form for entry in ENTRIES for form in entry.covers}
    missing = [f"{c.__module__}.{c.__qualname__}" for c in project_forms() if c not in covered]
    assert missing == [], "add an entry to tests/fuzz/test_fuzz_forms.py for these forms"


# -- the property ---------------------------------------------------------------------


def row_counts() -> dict[str, int]:
    """Rows of every project table (history included): what a rejected form must not change."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS and model.__name__ != "AccessLog"
    }


@contextmanager
def rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _value(bf: forms.BoundField) -> Any:
    value = bf.value()
    if isinstance(bf.field, forms.BooleanField):
        return "on" if value else None
    if value is None:
        return None
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _page_fields(client: Client, page: Page) -> tuple[dict[str, forms.Field], dict[str, Any]]:
    """Every field (by posted name) of the page's forms, and what the page would post."""
    response = client.get(page.form_page or page.url)
    assert response.status_code == 200, (page.form_page or page.url, response.status_code)
    fields: dict[str, forms.Field] = dict(page.extra_fields)
    current: dict[str, Any] = {}
    found: list[forms.BaseForm] = []
    contexts = response.context if isinstance(response.context, list) else [response.context]
    variables: dict[str, Any] = {}
    for context in contexts:
        for name, value in context.flatten().items():
            variables.setdefault(name, value)
    for name, value in variables.items():
        if page.contexts and name not in page.contexts:
            continue
        if isinstance(value, forms.BaseFormSet):
            found += [value.management_form, *value.forms]
        elif isinstance(value, forms.BaseForm) and value not in found:
            found.append(value)
    for form in found:
        for bf in form:
            fields[bf.html_name] = bf.field
            current[bf.html_name] = _value(bf)
    return fields, {k: v for k, v in current.items() if v is not None}


@pytest.mark.parametrize(
    "entry",
    [
        pytest.param(
            e,
            marks=[pytest.mark.xfail(strict=False, reason=e.reason_xfail)]
            if e.reason_xfail
            else [],
        )
        for e in ENTRIES
    ],
    ids=lambda e: e.name,
)
def test_fuzz_form(entry: Entry, request: pytest.FixtureRequest, client_for) -> None:
    get = request.getfixturevalue
    page = entry.setup(get)
    client = Client() if page.persona == "anonymous" else client_for(get(page.persona))
    fields, current = _page_fields(client, page)
    baseline = {**current, **page.baseline, **page.keep}
    names = sorted(n for n in fields if n not in page.keep)
    assert names, f"{entry.name}: no field found"

    before = row_counts()  # the same before every example: each one is rolled back

    def check(body: dict[str, Any]) -> None:
        with rolled_back():
            response = client.post(page.url, body)
            assert response.status_code in (200, 302), response.status_code
            if response.status_code == 200:
                assert row_counts() == before, "a page shown again with errors saved rows"

    # A fixed sweep first: each field alone at the edges of its type, on a valid submission.
    for name in names:
        for value in edge_values(fields[name]):
            check({**baseline, name: value})

    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        changed = data.draw(st.sets(st.sampled_from(names), min_size=1, max_size=4), "fields")
        body = dict(baseline)
        for name in sorted(changed):
            value = data.draw(st.one_of(st.none(), field_values(fields[name]), garbage), name)
            if value is None:
                body.pop(name, None)
            else:
                body[name] = value
        check(body)

    run()
