"""The admin: funding sources and support categories are data administrators edit;
lines, allocations and disbursements are read here and written through the app's
screens and ``load_plan`` (the services check the rules)."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from funding.models import (
    Allocation,
    AllocationPart,
    Disbursement,
    FundingCategory,
    FundingLine,
    FundingLinePlan,
    FundingSource,
)
from households.admin import PersonalDataAdmin
from tannkhai.admin import ReadOnly


@admin.register(FundingSource)
class FundingSourceAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "is_state", "is_active", "order"]
    list_editable = ["is_state", "is_active", "order"]
    search_fields = ["name", "code"]


@admin.register(FundingCategory)
class FundingCategoryAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "requires_poor_or_near_poor", "order"]
    list_editable = ["requires_poor_or_near_poor", "order"]


class FundingLinePlanInline(admin.TabularInline):
    model = FundingLinePlan
    extra = 0


@admin.register(FundingLine)
class FundingLineAdmin(SimpleHistoryAdmin):
    list_display = ["name", "program", "start_year", "end_year", "planned_amount", "cap_per_unit"]
    list_filter = ["category", "start_year"]
    inlines = (FundingLinePlanInline,)


class AllocationPartInline(ReadOnly, admin.TabularInline):
    model = AllocationPart
    extra = 0


@admin.register(Allocation)
class AllocationAdmin(ReadOnly, PersonalDataAdmin):
    list_display = ["household", "line", "allocated_on", "amount", "decision_number"]
    list_filter = ["line__category", "allocated_on"]
    raw_id_fields = ["household", "need"]
    inlines = (AllocationPartInline,)


@admin.register(Disbursement)
class DisbursementAdmin(ReadOnly, PersonalDataAdmin):
    household_id_attr = "allocation__household_id"
    list_display = ["allocation", "source", "paid_on", "amount", "document_number"]
    raw_id_fields = ["allocation"]

    def household_id_of(self, obj: Disbursement) -> int | None:  # type: ignore[override]
        return obj.allocation.household_id


# The admin pages of loans and the Fund live beside their models; admin autodiscovery
# imports this module only.
from funding.loans import admin as loans_admin  # noqa: E402, F401
