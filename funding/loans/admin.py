"""Admin pages of loans and the Fund: read-only (the app's screens enforce the balance
rules under row locks), every view logged like the registry's (``PersonalDataAdmin``).

Registered by ``funding/admin.py`` (``from funding.loans import admin``)."""

from __future__ import annotations

from django.contrib import admin

from funding.loans.models import FundDonation, FundSpending, LoanRepayment, PolicyLoan, PoorFund
from households.admin import PersonalDataAdmin
from tannkhai.admin import ReadOnly


class ReadOnlyPersonalDataAdmin(ReadOnly, PersonalDataAdmin):
    pass


class LoanRepaymentInline(admin.TabularInline):
    model = LoanRepayment
    extra = 0
    fields = ("paid_on", "principal", "interest", "document_number", "note")
    readonly_fields = fields
    can_delete = False


@admin.register(PolicyLoan)
class PolicyLoanAdmin(ReadOnlyPersonalDataAdmin):
    list_display = ["household", "program", "amount", "principal_repaid", "due_on", "status"]
    list_filter = ["status", "program"]
    search_fields = ["household__code", "contract_number"]
    raw_id_fields = ["household", "borrower"]
    inlines = (LoanRepaymentInline,)


@admin.register(PoorFund)
class PoorFundAdmin(ReadOnlyPersonalDataAdmin):
    household_id_attr = "_no_household"
    list_display = ["commune", "opened_on", "opening_balance"]


@admin.register(FundDonation)
class FundDonationAdmin(ReadOnlyPersonalDataAdmin):
    household_id_attr = "_no_household"
    list_display = ["donor_name", "donor_kind", "amount", "received_on", "receipt_number"]
    list_filter = ["donor_kind"]
    date_hierarchy = "received_on"


@admin.register(FundSpending)
class FundSpendingAdmin(ReadOnlyPersonalDataAdmin):
    list_display = ["spent_on", "household", "purpose", "amount", "decision_number"]
    date_hierarchy = "spent_on"
    raw_id_fields = ["household"]
