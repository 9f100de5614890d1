"""Writes of funding: allocations to households and disbursements.

Each service checks the role, locks the row whose state it checks (the line for its
remaining amount, the allocation for what is left to pay) and reads it again, then
reports every problem of the input at once as field errors.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from funding.models import Allocation, AllocationPart, Disbursement, FundingLine, FundingSource
from funding.permissions import can_record_funding, can_record_funding_in
from funding.selectors import POOR_OR_NEAR
from households.models import Household, PovertyStatus
from households.reviews.models import SupportNeed
from households.reviews.selectors import household_status_on
from tannkhai.audit import attribute
from tannkhai.dates import PAST, PLANNED
from tannkhai.formatting import format_date, format_vnd
from tannkhai.locking import lock_row
from tannkhai.models import User


def _date_error(value: dt.date | None, *, field: str, bounds: object = PAST) -> str | None:
    try:
        bounds.check(value, field=field)  # type: ignore[attr-defined]
    except ValidationError as exc:
        return str(exc.message_dict[field][0])
    return None


def _status_label(status: str) -> str:
    return str(PovertyStatus(status).label) if status in PovertyStatus.values else status


@transaction.atomic
def allocation_create(
    *,
    user: User,
    line: FundingLine,
    household: Household,
    parts: Mapping[FundingSource, int],
    allocated_on: dt.date,
    units: int = 1,
    need: SupportNeed | None = None,
    decision_number: str = "",
    decision_date: dt.date | None = None,
    note: str = "",
) -> Allocation:
    """Give ``household`` support from ``line``, split by source.

    Refused, with every reason at once: a retired household; a category for poor and
    near-poor households when the household was neither on ``allocated_on``; a date
    outside the line's period or in the future; state support above the line's cap per
    unit (the rest must be counterpart funding); more than the line has left without a
    decision (number and date); a need of another household or already answered.
    """
    if not can_record_funding(user):
        raise PermissionDenied
    if not (
        can_record_funding_in(user, household.quarter)
        and can_record_funding_in(user, line.program.commune)
    ):
        raise ValidationError(
            {"household": _("Không tìm thấy hộ này trong địa bàn bạn phụ trách.")},
            code="out_of_scope",
        )
    if household.commune_id != line.program.commune_id:
        raise ValidationError(
            {"household": _("Hộ không thuộc xã của chương trình.")}, code="other_commune"
        )
    # The line's row guards its remaining amount: two allocations at once cannot both
    # take the last of it without a decision.
    line = lock_row(line)
    household = lock_row(household)
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if not household.is_active:
        add(
            "household",
            _("Hộ %(code)s đã ra khỏi danh sách ngày %(d)s: không phân bổ hỗ trợ.")
            % {"code": household.code, "d": format_date(household.retired_on)},
        )
    date_error = _date_error(allocated_on, field="allocated_on")
    if date_error:
        add("allocated_on", date_error)
    elif not line.start_year <= allocated_on.year <= line.end_year:
        add(
            "allocated_on",
            _("Ngày phân bổ phải trong giai đoạn của dòng kinh phí (%(period)s).")
            % {"period": line.period},
        )
    if (
        not date_error
        and household.is_active
        and line.category.requires_poor_or_near_poor
        and (status := household_status_on(household, allocated_on)) not in POOR_OR_NEAR
    ):
        add(
            "household",
            _(
                "“%(category)s” chỉ dành cho hộ nghèo, cận nghèo: ngày %(d)s hộ %(code)s "
                "là “%(status)s”."
            )
            % {
                "category": line.category.label,
                "d": format_date(allocated_on),
                "code": household.code,
                "status": _status_label(status),
            },
        )
    if units < 1:
        add("units", _("Số lượng phải từ 1 trở lên."))
    if need is not None:
        need = lock_row(need)
        if need.registration.household_id != household.pk:
            add("need", _("Nhu cầu này là của hộ khác."))
        elif need.status == SupportNeed.Status.MET:
            add("need", _("Nhu cầu này đã được đáp ứng."))
        elif Allocation.objects.filter(need=need).exists():
            add("need", _("Nhu cầu này đã có khoản phân bổ khác đáp ứng."))
    amounts = {source: amount for source, amount in parts.items() if amount}
    if any(amount < 0 for amount in amounts.values()):
        add("__all__", _("Số tiền không được âm."))
    total = sum(amounts.values())
    if total <= 0:
        add("__all__", _("Hãy nhập số tiền của ít nhất một nguồn."))
    state = sum(amount for source, amount in amounts.items() if source.is_state)
    if line.cap_per_unit is not None and units >= 1 and state > line.cap_per_unit * units:
        cap = line.cap_per_unit * units
        add(
            "__all__",
            _(
                "Phần hỗ trợ của Nhà nước %(state)s vượt mức tối đa %(cap)s (%(per)s × %(units)s): "
                "phần vượt %(over)s phải ghi vào nguồn đối ứng (hộ gia đình, Quỹ Vì người "
                "nghèo, doanh nghiệp, nguồn khác…)."
            )
            % {
                "state": format_vnd(state),
                "cap": format_vnd(cap),
                "per": format_vnd(line.cap_per_unit),
                "units": units,
                "over": format_vnd(state - cap),
            },
        )
    decision_number = (decision_number or "").strip()
    if decision_date is not None:
        decision_error = _date_error(decision_date, field="decision_date", bounds=PLANNED)
        if decision_error:
            add("decision_date", decision_error)
    if decision_number and decision_date is None:
        add("decision_date", _("Hãy nhập ngày của quyết định."))
    if decision_date is not None and not decision_number:
        add("decision_number", _("Hãy nhập số quyết định."))
    allocated = Allocation.objects.filter(line=line).aggregate(s=Sum("amount"))["s"] or 0
    remaining = line.planned_amount - allocated
    if total > 0 and total > remaining and not (decision_number and decision_date):
        add(
            "decision_number",
            _(
                "Dòng kinh phí còn %(remaining)s, khoản này %(total)s: phân bổ vượt kế hoạch "
                "cần ghi số và ngày quyết định cho phép."
            )
            % {"remaining": format_vnd(max(remaining, 0)), "total": format_vnd(total)},
        )
    if errors:
        raise ValidationError(errors)
    allocation = Allocation(
        line=line,
        household=household,
        need=need,
        units=units,
        amount=total,
        allocated_on=allocated_on,
        decision_number=decision_number,
        decision_date=decision_date,
        note=note,
        created_by=user,
    )
    allocation.full_clean()
    attribute(allocation, user)
    allocation.save()
    for source, amount in sorted(amounts.items(), key=lambda item: item[0].order):
        part = AllocationPart(allocation=allocation, source=source, amount=amount)
        part.full_clean()
        attribute(part, user)
        part.save()
    if need is not None and need.status == SupportNeed.Status.REGISTERED:
        need.status = SupportNeed.Status.SUPPORTING
        attribute(need, user)
        need.save()
    return allocation


@transaction.atomic
def disbursement_create(
    *,
    user: User,
    allocation: Allocation,
    source: FundingSource | None,
    paid_on: dt.date,
    amount: int,
    document_number: str = "",
    note: str = "",
) -> Disbursement:
    """Pay part of ``allocation`` from one of its sources.

    The sum of its disbursements never exceeds the allocation, nor a source's part of it:
    the allocation row is locked and what was paid read again, so two officers paying
    the last of it at the same moment cannot both succeed.
    """
    if not can_record_funding_in(user, allocation.household.quarter):
        raise PermissionDenied
    allocation = lock_row(allocation)
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    date_error = _date_error(paid_on, field="paid_on")
    if date_error:
        add("paid_on", date_error)
    elif paid_on < allocation.allocated_on:
        add(
            "paid_on",
            _("Ngày chi không được trước ngày phân bổ (%(d)s).")
            % {"d": format_date(allocation.allocated_on)},
        )
    if amount is None or amount < 1:
        add("amount", _("Số tiền phải lớn hơn 0."))
    part = None
    if source is None:
        add("source", _("Hãy chọn nguồn kinh phí."))
    else:
        part = AllocationPart.objects.filter(allocation=allocation, source=source).first()
        if part is None:
            add(
                "source",
                _("Khoản phân bổ này không có phần từ nguồn “%(source)s”.")
                % {"source": source.label},
            )
    if "amount" not in errors and amount:
        paid = Disbursement.objects.filter(allocation=allocation)
        paid_total = paid.aggregate(s=Sum("amount"))["s"] or 0
        if paid_total + amount > allocation.amount:
            add(
                "amount",
                _(
                    "Vượt số còn lại của khoản phân bổ: đã chi %(paid)s trên %(total)s, "
                    "còn %(left)s."
                )
                % {
                    "paid": format_vnd(paid_total),
                    "total": format_vnd(allocation.amount),
                    "left": format_vnd(allocation.amount - paid_total),
                },
            )
        elif part is not None:
            paid_source = paid.filter(source=source).aggregate(s=Sum("amount"))["s"] or 0
            if paid_source + amount > part.amount:
                add(
                    "amount",
                    _(
                        "Vượt phần của nguồn “%(source)s”: đã chi %(paid)s trên %(part)s, "
                        "còn %(left)s."
                    )
                    % {
                        "source": part.source.label,
                        "paid": format_vnd(paid_source),
                        "part": format_vnd(part.amount),
                        "left": format_vnd(part.amount - paid_source),
                    },
                )
    if errors:
        raise ValidationError(errors)
    assert source is not None
    disbursement = Disbursement(
        allocation=allocation,
        source=source,
        paid_on=paid_on,
        amount=amount,
        document_number=(document_number or "").strip(),
        note=note,
        created_by=user,
    )
    disbursement.full_clean()
    attribute(disbursement, user)
    disbursement.save()
    paid_now = Disbursement.objects.filter(allocation=allocation).aggregate(s=Sum("amount"))["s"]
    if allocation.need_id is not None and paid_now == allocation.amount:
        need = lock_row(SupportNeed.objects.get(pk=allocation.need_id))
        if need.status != SupportNeed.Status.MET:
            need.status = SupportNeed.Status.MET
            attribute(need, user)
            need.save()
    return disbursement
