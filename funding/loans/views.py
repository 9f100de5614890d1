"""Policy-bank loans (list, per-quarter totals, detail, repayments, export) and the Fund
for the Poor (ledger, donations, spending, the public list)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from funding.loans import selectors as sel
from funding.loans import services
from funding.loans.forms import DonationForm, FundOpenForm, LoanForm, RepaymentForm, SpendingForm
from funding.loans.models import (
    FundDonation,
    LoanProgram,
    PolicyLoan,
)
from funding.loans.permissions import (
    can_export_loans,
    can_read_household_support,
    can_read_ledger,
    can_read_loans,
    can_record,
    can_record_in,
)
from funding.loans.selectors import program_label
from households import selectors as hh_selectors
from households.area_filter import area_filter
from households.models import Area, Household, Member
from households.selectors import household_get
from reports.permissions import can_print_fund_disclosure
from tannkhai.audit import log_access, query_detail
from tannkhai.formatting import fold, format_date, format_vnd
from tannkhai.models import AccessLog, User
from tannkhai.pagination import paginate
from tannkhai.permissions import require
from tannkhai.privacy import policy_for
from tannkhai.viewutils import (
    apply_errors,
    current_user,
    query_choice,
    query_int,
    query_text,
    query_year,
)
from tannkhai.xlsx import Column, XlsxExport

STATUS_LABELS = {
    sel.OUTSTANDING: gettext_lazy("Còn dư nợ (trong hạn và quá hạn)"),
    sel.IN_TERM: gettext_lazy("Trong hạn"),
    sel.OVERDUE: gettext_lazy("Quá hạn"),
    sel.REPAID: gettext_lazy("Đã trả hết"),
    sel.WRITTEN_OFF: gettext_lazy("Đã xóa nợ"),
}


def _label_loans(user: User, loans: list[PolicyLoan]) -> list[PolicyLoan]:
    for loan in loans:
        loan.program_label = program_label(user, loan.program)  # type: ignore[attr-defined]
    return loans


def _status_label(loan: PolicyLoan) -> str:
    if loan.is_overdue:
        return _("Quá hạn")
    return str(loan.get_status_display())


# -- loans ---------------------------------------------------------------------------


def _loan_filters(request: HttpRequest) -> dict[str, Any]:
    user = current_user(request)
    show_program = policy_for(user).member_details
    return {
        "status": query_choice(request, "status", choices=sel.STATUS_FILTERS),
        "area": area_filter(user, request.GET),
        "program": query_choice(request, "program", choices=LoanProgram.values)
        if show_program
        else None,
        "q": query_text(request, "q", max_length=50),
    }


def _filtered(request: HttpRequest, filters: dict[str, Any]) -> Any:
    user = current_user(request)
    loans = sel.filter_loans(
        sel.loans_visible_to(user),
        status=filters["status"],
        program=filters["program"],
    )
    loans = filters["area"].apply(loans, through="household")
    if filters["q"]:
        loans = loans.filter(
            Q(household__code__icontains=filters["q"])
            | Q(household__head_sort__contains=fold(filters["q"]))
            | Q(borrower__name_folded__contains=fold(filters["q"]))
        )
    return loans


def _drill(**params: Any) -> str:
    return reverse("loans:loans") + "?" + urlencode({k: v for k, v in params.items() if v})


@require(can_read_loans)
def loan_list(request: HttpRequest) -> HttpResponse:
    """Loans by status, quarter and program, with the outstanding balance per quarter:
    each figure opens exactly the loans it adds up."""
    user = current_user(request)
    filters = _loan_filters(request)
    loans = _filtered(request, filters).select_related(
        "household", "household__quarter", "borrower"
    )
    page = paginate(
        loans.order_by("-disbursed_on", "-pk"),
        page=request.GET.get("page"),
        page_size=settings.REGISTRY_PAGE_SIZE,
        cap=settings.REGISTRY_COUNT_CAP,
    )
    _label_loans(user, page.object_list)
    rows, total = sel.outstanding_by_quarter(
        sel.filter_loans(sel.loans_visible_to(user), program=filters["program"])
    )
    program = filters["program"] or ""
    summary = [
        {
            "row": r,
            "url": _drill(quarter=r.quarter_id, status=sel.OUTSTANDING, program=program),
            "overdue_url": _drill(quarter=r.quarter_id, status=sel.OVERDUE, program=program),
        }
        for r in rows
    ]
    return render(
        request,
        "funding/loans/loan_list.html",
        {
            "page": page,
            "summary": summary,
            "total": total,
            "total_url": _drill(status=sel.OUTSTANDING, program=program),
            "total_overdue_url": _drill(status=sel.OVERDUE, program=program),
            "filters": filters,
            "area": filters["area"],
            "statuses": list(STATUS_LABELS.items()),
            "programs": LoanProgram.choices if policy_for(user).member_details else [],
            "can_record": can_record(user),
            "can_export": can_export_loans(user),
            "export_query": request.GET.urlencode(),
        },
    )


@require(can_export_loans)
def loan_export(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    filters = _loan_filters(request)
    loans = (
        _filtered(request, filters)
        .select_related("household", "household__quarter", "borrower")
        .order_by("household__quarter__name", "household__code", "disbursed_on", "pk")
    )
    log_access(
        request,
        action=AccessLog.Action.EXPORT_HOUSEHOLDS,
        detail={"export": "policy_loans", **query_detail(request.GET)},
    )
    export = XlsxExport(
        sheet_title=_("Vay vốn NHCSXH"),
        title=_("DANH SÁCH HỘ VAY VỐN NGÂN HÀNG CHÍNH SÁCH XÃ HỘI"),
        subtitle=_("Ngày xuất: %(d)s") % {"d": format_date(timezone.localdate())},
        columns=[
            Column(_("Mã hộ"), 12),
            Column(_("Chủ hộ"), 24),
            Column(_("Khu phố / ấp"), 16),
            Column(_("Người vay"), 24),
            Column(_("Chương trình"), 30),
            Column(_("Số khế ước"), 14),
            Column(_("Số tiền vay (đ)"), 16),
            Column(_("Thời hạn (tháng)"), 10),
            Column(_("Lãi suất (%/tháng)"), 10),
            Column(_("Ngày giải ngân"), 12),
            Column(_("Ngày đến hạn"), 12),
            Column(_("Gốc đã trả (đ)"), 16),
            Column(_("Dư nợ (đ)"), 16),
            Column(_("Tình trạng"), 14),
            Column(_("Tổ TK&VV"), 20),
        ],
    )
    for loan in loans.iterator(chunk_size=2000):
        export.append(
            [
                loan.household.code,
                loan.household.head_name,
                loan.household.quarter.name,
                loan.borrower.full_name,
                program_label(user, loan.program),
                loan.contract_number,
                loan.amount,
                loan.term_months,
                float(loan.interest_rate),
                format_date(loan.disbursed_on),
                format_date(loan.due_on),
                loan.principal_repaid,
                loan.balance,
                _status_label(loan),
                loan.savings_group,
            ]
        )
    return export.response(filename="vay-von-nhcsxh")


@require(can_record)
def loan_start(request: HttpRequest) -> HttpResponse:
    """Find the borrower household by its code, then open its new-loan form."""
    user = current_user(request)
    code = query_text(request, "code", max_length=20)
    error = ""
    if code:
        household = (
            hh_selectors.households_visible_to(user)
            .filter(code=code, status=Household.Status.ACTIVE)
            .first()
        )
        if household is not None:
            return redirect("loans:loan_create", pk=household.pk)
        error = _("Không tìm thấy hộ đang cư trú có mã này trong địa bàn bạn phụ trách.")
    return render(request, "funding/loans/loan_start.html", {"code": code, "error": error})


def _members_for(household: Household, loan: PolicyLoan | None = None) -> Any:
    """The household's current members (and, on a loan, its borrower even if gone)."""
    members = Member.objects.filter(household=household)
    active = Q(is_active=True)
    if loan is not None:
        active |= Q(pk=loan.borrower_id)
    return members.filter(active).order_by("pk")


def _loan_form_view(
    request: HttpRequest, *, household: Household, loan: PolicyLoan | None
) -> HttpResponse:
    user = current_user(request)
    if not can_record_in(user, household.quarter):
        raise PermissionDenied
    initial: dict[str, Any] = {"disbursed_on": timezone.localdate(), "term_months": 60}
    if household.head_id:
        initial["borrower"] = household.head_id
    if loan is not None:
        initial = {
            "borrower": loan.borrower_id,
            "program": loan.program,
            "contract_number": loan.contract_number,
            "amount": loan.amount,
            "term_months": loan.term_months,
            "interest_rate": str(loan.interest_rate).replace(".", ","),
            "disbursed_on": loan.disbursed_on,
            "due_on": loan.due_on,
            "savings_group": loan.savings_group,
            "entrusted_organisation": loan.entrusted_organisation,
            "purpose": loan.purpose,
            "note": loan.note,
            "written_off": loan.status == PolicyLoan.Status.WRITTEN_OFF,
        }
    form = LoanForm(
        request.POST or None,
        members=_members_for(household, loan),
        editing=loan is not None,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["written_off"] = bool(data.get("written_off"))
        try:
            saved = services.loan_save(user=user, household=household, loan=loan, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu khoản vay."))
            return redirect("loans:loan", pk=saved.pk)
    return render(
        request,
        "funding/loans/loan_form.html",
        {"form": form, "household": household, "loan": loan},
    )


@require(can_record, methods=("GET", "POST"))
def loan_create(request: HttpRequest, pk: int) -> HttpResponse:
    household = household_get(user=current_user(request), pk=pk)
    if not household.is_active:
        messages.error(
            request,
            _("Hộ %(code)s đã ra khỏi danh sách: không ghi khoản vay mới cho hộ này.")
            % {"code": household.code},
        )
        return redirect("loans:household", pk=household.pk)
    return _loan_form_view(request, household=household, loan=None)


@require(can_record, methods=("GET", "POST"))
def loan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    loan = sel.loan_get(user=current_user(request), pk=pk)
    return _loan_form_view(request, household=loan.household, loan=loan)


def _loan_page(
    request: HttpRequest, loan: PolicyLoan, form: RepaymentForm | None = None
) -> HttpResponse:
    user = current_user(request)
    log_access(
        request,
        action=AccessLog.Action.VIEW_HOUSEHOLD,
        household_id=loan.household_id,
        detail={"page": "policy_loan", "loan": loan.pk},
    )
    recorder = can_record_in(user, loan.household.quarter)
    if form is None and recorder and loan.status == PolicyLoan.Status.ACTIVE:
        form = RepaymentForm(initial={"paid_on": timezone.localdate()})
    repayments = list(loan.repayments.select_related("created_by").order_by("paid_on", "pk"))
    running = loan.amount
    rows = []
    for r in repayments:
        running -= r.principal
        rows.append({"repayment": r, "balance": running})
    return render(
        request,
        "funding/loans/loan_detail.html",
        {
            "loan": loan,
            "program": program_label(user, loan.program),
            "status": _status_label(loan),
            "rows": rows,
            "interest_paid": sum(r.interest for r in repayments),
            "form": form,
            "can_record": recorder,
        },
    )


@require(can_read_loans)
def loan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _loan_page(request, sel.loan_get(user=current_user(request), pk=pk))


@require(can_record, methods=("POST",))
def repayment_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    loan = sel.loan_get(user=user, pk=pk)
    form = RepaymentForm(request.POST)
    if form.is_valid():
        try:
            services.repayment_record(user=user, loan=loan, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi lần trả nợ."))
            return redirect("loans:loan", pk=loan.pk)
    loan.refresh_from_db()
    return _loan_page(request, loan, form)


@require(can_read_household_support)
def household_support(request: HttpRequest, pk: int) -> HttpResponse:
    """A household's policy-bank loans and the Fund's support to it."""
    user = current_user(request)
    household = household_get(user=user, pk=pk)
    log_access(
        request,
        action=AccessLog.Action.VIEW_HOUSEHOLD,
        household_id=household.pk,
        detail={"page": "loans_and_fund"},
    )
    loans = _label_loans(user, list(sel.loans_for_household(user, household)))
    spending = list(sel.fund_spending_for_household(user, household))
    recorder = can_record_in(user, household.quarter)
    return render(
        request,
        "funding/loans/household.html",
        {
            "household": household,
            "loans": loans,
            "spending": spending,
            "loan_total": sum(loan.amount for loan in loans),
            "balance_total": sum(loan.balance for loan in loans),
            "spending_total": sum(s.amount for s in spending),
            "can_record": recorder and household.is_active,
        },
    )


# -- the Fund for the Poor -----------------------------------------------------------


def _commune(request: HttpRequest, source: Any = None) -> Area:
    """The commune whose Fund is shown: ``?commune=`` among the user's, else the first."""
    user = current_user(request)
    communes = list(sel.fund_communes(user))
    if not communes:
        raise PermissionDenied
    wanted = query_int(request, "commune", default=None)
    if wanted is None:
        return communes[0]
    for commune in communes:
        if commune.pk == wanted:
            return commune
    raise Http404


@require(can_read_ledger)
def ledger(request: HttpRequest) -> HttpResponse:
    """The Fund's book of one year: opening balance, donations, spending, running balance."""
    user = current_user(request)
    commune = _commune(request)
    fund = sel.fund_of(commune)
    years = sel.ledger_years(fund)
    year = query_year(request, default=None)
    if year not in years:
        year = years[-1]
    book = sel.ledger(user=user, fund=fund, year=year) if fund is not None else None
    return render(
        request,
        "funding/loans/ledger.html",
        {
            "commune": commune,
            "communes": sel.fund_communes(user),
            "fund": fund,
            "book": book,
            "year": year,
            "years": years,
            "can_record": can_record_in(user, commune),
            "can_print": can_print_fund_disclosure(user),
        },
    )


def _commune_query(commune: Area) -> str:
    return f"?commune={commune.pk}"


@require(can_record, methods=("GET", "POST"))
def fund_open(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    commune = _commune(request)
    if not can_record_in(user, commune):
        raise PermissionDenied
    fund = sel.fund_of(commune)
    initial = (
        {"opened_on": fund.opened_on, "opening_balance": fund.opening_balance}
        if fund
        else {"opened_on": timezone.localdate().replace(month=1, day=1)}
    )
    form = FundOpenForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.fund_open(user=user, commune=commune, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu số dư đầu kỳ của Quỹ."))
            return redirect(reverse("loans:ledger") + _commune_query(commune))
    return render(
        request,
        "funding/loans/fund_form.html",
        {
            "form": form,
            "commune": commune,
            "title": _("Số dư đầu kỳ của Quỹ Vì người nghèo"),
            "intro": _(
                "Ngày bắt đầu ghi sổ và số dư của Quỹ vào ngày đó; số dư các năm sau được "
                "chuyển tiếp từ sổ."
            ),
        },
    )


@require(can_record, methods=("GET", "POST"))
def donation_create(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    commune = _commune(request)
    if not can_record_in(user, commune):
        raise PermissionDenied
    if sel.fund_of(commune) is None:
        messages.info(request, _("Hãy mở sổ Quỹ (số dư đầu kỳ) trước khi ghi khoản ủng hộ."))
        return redirect(reverse("loans:fund_open") + _commune_query(commune))
    form = DonationForm(
        request.POST or None,
        initial={
            "received_on": timezone.localdate(),
            "donor_kind": FundDonation.DonorKind.INDIVIDUAL,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            donation = services.donation_record(user=user, commune=commune, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi khoản ủng hộ."))
            return redirect(
                reverse("loans:ledger")
                + _commune_query(commune)
                + f"&year={donation.received_on.year}"
            )
    return render(
        request,
        "funding/loans/fund_form.html",
        {"form": form, "commune": commune, "title": _("Ghi khoản ủng hộ Quỹ")},
    )


@require(can_record, methods=("GET", "POST"))
def spending_create(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    commune = _commune(request)
    if not can_record_in(user, commune):
        raise PermissionDenied
    fund = sel.fund_of(commune)
    if fund is None:
        messages.info(request, _("Hãy mở sổ Quỹ (số dư đầu kỳ) trước khi ghi khoản chi."))
        return redirect(reverse("loans:fund_open") + _commune_query(commune))
    households = hh_selectors.households_visible_to(user).filter(commune=commune)
    initial: dict[str, Any] = {"spent_on": timezone.localdate()}
    wanted = query_int(request, "household", default=None)
    if wanted is not None:
        chosen = households.filter(pk=wanted).first()
        if chosen is not None:
            initial["household_code"] = chosen.code
    form = SpendingForm(request.POST or None, households=households, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        household = data.pop("household_code")
        try:
            spending = services.spending_record(
                user=user, commune=commune, household=household, **data
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "household" in exc.error_dict:
                exc = ValidationError(
                    {
                        ("household_code" if name == "household" else name): messages_
                        for name, messages_ in exc.message_dict.items()
                    }
                )
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi khoản chi."))
            year = spending.spent_on.year
            return redirect(reverse("loans:ledger") + _commune_query(commune) + f"&year={year}")
    today = timezone.localdate()
    return render(
        request,
        "funding/loans/fund_form.html",
        {
            "form": form,
            "commune": commune,
            "title": _("Ghi khoản chi Quỹ"),
            "intro": _("Số dư hiện tại: %(b)s.")
            % {"b": format_vnd(sel.balance_before(fund, today + dt.timedelta(days=1)))},
        },
    )


@require(can_read_ledger)
def public_list(request: HttpRequest) -> HttpResponse:
    """The year's donations and spending for posting: donors by name, households by
    head name and quarter only. Printable HTML; the official PDF and Excel are
    ``reports:fund_disclosure``."""
    user = current_user(request)
    commune = _commune(request)
    fund = sel.fund_of(commune)
    years = sel.ledger_years(fund)
    year = query_year(request, default=None)
    if year not in years:
        year = years[-1]
    book = sel.ledger(user=user, fund=fund, year=year, public=True) if fund is not None else None
    today = timezone.localdate()
    return render(
        request,
        "funding/loans/public_list.html",
        {
            "commune": commune,
            "settings": hh_selectors.commune_settings_on(
                commune, min(today, dt.date(year, 12, 31))
            ),
            "fund": fund,
            "book": book,
            "year": year,
            "years": years,
            "today": today,
            "can_print": can_print_fund_disclosure(user),
        },
    )
