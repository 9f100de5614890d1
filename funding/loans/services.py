"""Writes of policy-bank loans and the Fund for the Poor.

Each service checks who may write, locks the row whose state it checks (the loan for a
repayment, the commune's fund for a spending) and reads it again after the lock, so two
officers recording at the same moment cannot both pass a check that only one of them
may pass (see ``tannkhai.locking``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from funding.loans.models import (
    MAX_TERM_MONTHS,
    FundDonation,
    FundSpending,
    LoanRepayment,
    PolicyLoan,
    PoorFund,
    add_months,
)
from funding.loans.permissions import can_record_in
from funding.loans.selectors import balance_before
from households.models import Area, Household, Member
from tannkhai.audit import attribute
from tannkhai.dates import PAST, check_not_before
from tannkhai.formatting import format_date, format_vnd
from tannkhai.locking import lock_row
from tannkhai.models import User
from tannkhai.permissions import in_scope


def _errors_of(exc: ValidationError) -> dict[str, str]:
    return {name: messages[0] for name, messages in exc.message_dict.items()}


def _collect(errors: dict[str, str], check: Any, *args: Any, **kwargs: Any) -> None:
    """Run a check that raises a field ValidationError; keep its message with the others."""
    try:
        check(*args, **kwargs)
    except ValidationError as exc:
        for name, message in _errors_of(exc).items():
            errors.setdefault(name, message)


# -- loans ---------------------------------------------------------------------------


def _check_borrower(household: Household, borrower: Member) -> None:
    if borrower.household_id != household.pk:
        raise ValidationError(
            {
                "borrower": _("%(name)s không phải thành viên của hộ %(code)s.")
                % {"name": borrower.full_name, "code": household.code}
            }
        )
    if not borrower.is_active:
        raise ValidationError(
            {
                "borrower": _("%(name)s đã ra khỏi hộ: hãy chọn một thành viên đang cư trú.")
                % {"name": borrower.full_name}
            }
        )


@transaction.atomic
def loan_save(
    *,
    user: User,
    household: Household,
    borrower: Member,
    program: str,
    amount: int,
    term_months: int,
    interest_rate: Decimal,
    disbursed_on: dt.date,
    due_on: dt.date | None = None,
    contract_number: str = "",
    savings_group: str = "",
    entrusted_organisation: str = "",
    purpose: str = "",
    note: str = "",
    written_off: bool = False,
    loan: PolicyLoan | None = None,
) -> PolicyLoan:
    """Record a new loan to ``household`` or correct ``loan`` (an extension is a new due
    date; a write-off sets the status). Every field error is reported at once."""
    if not can_record_in(user, household.quarter):
        raise PermissionDenied
    household = lock_row(household)
    if loan is not None:
        loan = lock_row(loan)
        if loan.household_id != household.pk:
            raise PermissionDenied
    errors: dict[str, str] = {}
    if loan is None and not household.is_active:
        errors["__all__"] = _(
            "Hộ %(code)s đã ra khỏi danh sách: không ghi khoản vay mới cho hộ này."
        ) % {"code": household.code}
    if loan is None or borrower.pk != loan.borrower_id:
        _collect(errors, _check_borrower, household, borrower)
    if amount is None or amount < 1:
        errors["amount"] = _("Số tiền vay phải lớn hơn 0.")
    if term_months is None or not 1 <= term_months <= MAX_TERM_MONTHS:
        errors["term_months"] = _("Thời hạn phải từ 1 đến %(max)s tháng.") % {
            "max": MAX_TERM_MONTHS
        }
    _collect(
        errors,
        PAST.check,
        disbursed_on,
        field="disbursed_on",
        future=_("Ngày giải ngân không được ở tương lai."),
    )
    if due_on is None and disbursed_on is not None and "term_months" not in errors:
        due_on = add_months(disbursed_on, term_months)
    if due_on is not None and disbursed_on is not None:
        _collect(
            errors,
            check_not_before,
            due_on,
            disbursed_on,
            field="due_on",
            message=_("Ngày đến hạn không được trước ngày giải ngân (%(d)s)."),
        )
        if due_on > add_months(disbursed_on, MAX_TERM_MONTHS * 2):
            errors.setdefault(
                "due_on", _("Ngày đến hạn quá xa so với ngày giải ngân: hãy kiểm tra lại.")
            )
    if loan is not None:
        first = loan.repayments.order_by("paid_on").values_list("paid_on", flat=True).first()
        if first is not None and disbursed_on is not None and disbursed_on > first:
            errors.setdefault(
                "disbursed_on",
                _("Ngày giải ngân không được sau lần trả nợ đầu tiên (%(d)s).")
                % {"d": format_date(first)},
            )
        if amount is not None and amount < loan.principal_repaid:
            errors.setdefault(
                "amount",
                _("Số tiền vay không được nhỏ hơn số gốc đã trả (%(paid)s).")
                % {"paid": format_vnd(loan.principal_repaid)},
            )
    if errors:
        raise ValidationError(errors)
    obj = loan or PolicyLoan(household=household, created_by=user)
    obj.borrower = borrower
    obj.program = program
    obj.amount = amount
    obj.term_months = term_months
    obj.interest_rate = interest_rate
    obj.disbursed_on = disbursed_on
    assert due_on is not None
    obj.due_on = due_on
    obj.contract_number = contract_number
    obj.savings_group = savings_group
    obj.entrusted_organisation = entrusted_organisation
    obj.purpose = purpose
    obj.note = note
    if obj.principal_repaid >= obj.amount:
        obj.status = PolicyLoan.Status.REPAID
    elif written_off:
        obj.status = PolicyLoan.Status.WRITTEN_OFF
    else:
        obj.status = PolicyLoan.Status.ACTIVE
    obj.full_clean()
    attribute(obj, user)
    obj.save()
    return obj


@transaction.atomic
def repayment_record(
    *,
    user: User,
    loan: PolicyLoan,
    paid_on: dt.date,
    principal: int = 0,
    interest: int = 0,
    document_number: str = "",
    note: str = "",
) -> LoanRepayment:
    """A repayment of principal and/or interest. The loan's row is locked and read again:
    principal beyond the balance is refused, also when two are recorded at once."""
    household = loan.household
    if not can_record_in(user, household.quarter):
        raise PermissionDenied
    loan = lock_row(loan)
    if loan.status == PolicyLoan.Status.WRITTEN_OFF:
        raise ValidationError(_("Khoản vay này đã được xóa nợ: không ghi trả nợ."))
    errors: dict[str, str] = {}
    _collect(
        errors, PAST.check, paid_on, field="paid_on", future=_("Ngày trả không được ở tương lai.")
    )
    _collect(
        errors,
        check_not_before,
        paid_on,
        loan.disbursed_on,
        field="paid_on",
        message=_("Ngày trả không được trước ngày giải ngân (%(d)s)."),
    )
    principal, interest = principal or 0, interest or 0
    if principal < 0:
        errors["principal"] = _("Tiền gốc không được âm.")
    if interest < 0:
        errors["interest"] = _("Tiền lãi không được âm.")
    if principal == 0 and interest == 0 and "principal" not in errors:
        errors["principal"] = _("Hãy nhập tiền gốc hoặc tiền lãi đã trả.")
    if principal > loan.balance:
        errors["principal"] = (
            _("Tiền gốc trả vượt dư nợ: khoản vay chỉ còn %(balance)s.")
            % {"balance": format_vnd(loan.balance)}
            if loan.balance
            else _("Khoản vay đã trả hết gốc.")
        )
    if errors:
        raise ValidationError(errors)
    repayment = LoanRepayment(
        loan=loan,
        paid_on=paid_on,
        principal=principal,
        interest=interest,
        document_number=document_number,
        note=note,
        created_by=user,
    )
    repayment.full_clean()
    attribute(repayment, user)
    repayment.save()
    if principal:
        loan.principal_repaid += principal
        if loan.principal_repaid >= loan.amount:
            loan.status = PolicyLoan.Status.REPAID
        attribute(loan, user)
        loan.save(update_fields=["principal_repaid", "status"])
    return repayment


# -- the Fund for the Poor -----------------------------------------------------------


def _fund_for_writing(user: User, commune: Area) -> PoorFund:
    if not can_record_in(user, commune):
        raise PermissionDenied
    fund = PoorFund.objects.filter(commune=commune).first()
    if fund is None:
        raise ValidationError(
            _("Chưa mở sổ Quỹ Vì người nghèo của %(commune)s: hãy nhập số dư đầu kỳ trước.")
            % {"commune": commune.name}
        )
    return lock_row(fund)


def lowest_balance_from(fund: PoorFund, day: dt.date) -> tuple[int, dt.date]:
    """The lowest end-of-day balance of the Fund from ``day`` on, and its day."""
    running = balance_before(fund, day)
    changes: dict[dt.date, int] = defaultdict(int)
    changes[day] += 0
    for when, amount in fund.donations.filter(received_on__gte=day).values_list(
        "received_on", "amount"
    ):
        changes[when] += amount
    for when, amount in fund.spendings.filter(spent_on__gte=day).values_list("spent_on", "amount"):
        changes[when] -= amount
    lowest: tuple[int, dt.date] | None = None
    for when in sorted(changes):
        running += changes[when]
        if lowest is None or running < lowest[0]:
            lowest = (running, when)
    assert lowest is not None
    return lowest


def _check_ledger_date(fund: PoorFund, value: dt.date | None, *, field: str, future: str) -> None:
    PAST.check(value, field=field, future=future)
    check_not_before(
        value,
        fund.opened_on,
        field=field,
        message=_("Sổ Quỹ bắt đầu từ ngày %(d)s: không ghi khoản trước ngày này."),
    )


@transaction.atomic
def fund_open(*, user: User, commune: Area, opened_on: dt.date, opening_balance: int) -> PoorFund:
    """Open the commune's ledger (or correct its start): the balance on ``opened_on``.

    A lower opening balance must not make any later day's balance negative, and no
    record may fall before the new start."""
    if not can_record_in(user, commune):
        raise PermissionDenied
    # The commune's row guards the creation of its one fund.
    lock_row(commune)
    errors: dict[str, str] = {}
    _collect(
        errors,
        PAST.check,
        opened_on,
        field="opened_on",
        future=_("Ngày bắt đầu ghi sổ không được ở tương lai."),
    )
    if opening_balance is None or opening_balance < 0:
        errors["opening_balance"] = _("Số dư đầu kỳ không được âm.")
    fund = PoorFund.objects.filter(commune=commune).first()
    if fund is not None and not errors:
        fund = lock_row(fund)
        donated = fund.donations.order_by("received_on").values_list("received_on", flat=True)
        spent = fund.spendings.order_by("spent_on").values_list("spent_on", flat=True)
        first_days = [d for d in (donated.first(), spent.first()) if d is not None]
        if first_days and min(first_days) < opened_on:
            errors["opened_on"] = _(
                "Sổ đã có khoản ghi ngày %(d)s: ngày bắt đầu không được sau ngày đó."
            ) % {"d": format_date(min(first_days))}
        else:
            candidate = PoorFund(
                pk=fund.pk, commune=commune, opened_on=opened_on, opening_balance=opening_balance
            )
            lowest, when = lowest_balance_from(candidate, opened_on)
            if lowest < 0:
                errors["opening_balance"] = _(
                    "Với số dư đầu kỳ này, số dư Quỹ ngày %(d)s sẽ âm (%(b)s)."
                ) % {"d": format_date(when), "b": format_vnd(lowest)}
    if errors:
        raise ValidationError(errors)
    fund = fund or PoorFund(commune=commune)
    fund.opened_on = opened_on
    fund.opening_balance = opening_balance
    fund.full_clean()
    attribute(fund, user)
    fund.save()
    return fund


@transaction.atomic
def donation_record(
    *,
    user: User,
    commune: Area,
    donor_name: str,
    donor_kind: str,
    amount: int,
    received_on: dt.date,
    receipt_number: str = "",
    note: str = "",
) -> FundDonation:
    fund = _fund_for_writing(user, commune)
    errors: dict[str, str] = {}
    _collect(
        errors,
        _check_ledger_date,
        fund,
        received_on,
        field="received_on",
        future=_("Ngày nhận không được ở tương lai."),
    )
    if amount is None or amount < 1:
        errors["amount"] = _("Số tiền phải lớn hơn 0.")
    if not (donor_name or "").strip():
        errors["donor_name"] = _("Hãy nhập tên người, đơn vị ủng hộ.")
    if errors:
        raise ValidationError(errors)
    donation = FundDonation(
        fund=fund,
        donor_name=donor_name,
        donor_kind=donor_kind,
        amount=amount,
        received_on=received_on,
        receipt_number=receipt_number,
        note=note,
        created_by=user,
    )
    donation.full_clean()
    attribute(donation, user)
    donation.save()
    return donation


@transaction.atomic
def spending_record(
    *,
    user: User,
    commune: Area,
    amount: int,
    spent_on: dt.date,
    decision_number: str,
    household: Household | None = None,
    purpose: str = "",
    note: str = "",
) -> FundSpending:
    """Spend from the Fund, for a household of the commune or a stated purpose.

    The fund's row is locked and the balances read again: a spending that would make the
    balance negative on its day or any later day is refused, also when two officers
    spend at the same moment."""
    fund = _fund_for_writing(user, commune)
    errors: dict[str, str] = {}
    if household is not None:
        if household.commune_id != commune.pk or not in_scope(user, household.quarter):
            errors["household"] = _("Hộ này không thuộc địa bàn bạn phụ trách.")
        elif not household.is_active:
            errors["household"] = _(
                "Hộ %(code)s đã ra khỏi danh sách: không chi hỗ trợ cho hộ này."
            ) % {"code": household.code}
    elif not (purpose or "").strip():
        errors["purpose"] = _("Hãy chọn hộ được hỗ trợ hoặc ghi nội dung chi.")
    _collect(
        errors,
        _check_ledger_date,
        fund,
        spent_on,
        field="spent_on",
        future=_("Ngày chi không được ở tương lai."),
    )
    if amount is None or amount < 1:
        errors["amount"] = _("Số tiền phải lớn hơn 0.")
    if not (decision_number or "").strip():
        errors["decision_number"] = _("Hãy nhập số quyết định chi.")
    if not errors:
        lowest, when = lowest_balance_from(fund, spent_on)
        if amount > lowest:
            errors["amount"] = _(
                "Quỹ không đủ để chi %(amount)s: số dư ngày %(d)s chỉ còn %(balance)s."
            ) % {
                "amount": format_vnd(amount),
                "d": format_date(when),
                "balance": format_vnd(lowest),
            }
    if errors:
        raise ValidationError(errors)
    spending = FundSpending(
        fund=fund,
        household=household,
        purpose=purpose,
        amount=amount,
        spent_on=spent_on,
        decision_number=decision_number,
        note=note,
        created_by=user,
    )
    spending.full_clean()
    attribute(spending, user)
    spending.save()
    return spending
