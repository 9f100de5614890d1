from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from assignments.models import (
    Assignment,
    Duty,
    DutyStatus,
    Organisation,
    Person,
    ResponsibleUnit,
    SupportLog,
)


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "kind", "commune", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "title", "is_party_member", "phone", "user", "is_active"]
    list_filter = ["is_party_member", "is_active"]
    search_fields = ["full_name", "title"]
    filter_horizontal = ["organisations"]
    raw_id_fields = ["user"]


@admin.register(Assignment)
class AssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["household", "person", "organisation", "started_on", "ended_on"]
    raw_id_fields = ["household", "person", "created_by"]
    date_hierarchy = "started_on"


@admin.register(SupportLog)
class SupportLogAdmin(SimpleHistoryAdmin):
    list_display = ["happened_on", "assignment", "kind", "value", "recorded_by"]
    list_filter = ["kind"]
    raw_id_fields = ["assignment", "recorded_by"]


class DutyInline(admin.StackedInline):
    model = Duty
    fk_name = "unit"
    extra = 0
    filter_horizontal = ["coordinators", "indicators"]


@admin.register(ResponsibleUnit)
class ResponsibleUnitAdmin(SimpleHistoryAdmin):
    list_display = ["order", "name", "program"]
    inlines = (DutyInline,)


@admin.register(DutyStatus)
class DutyStatusAdmin(SimpleHistoryAdmin):
    list_display = ["duty", "year", "state", "updated_by", "updated_at"]
    list_filter = ["year", "state"]
