from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from assignments.models import Assignment, Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "commune"]


@admin.register(Assignment)
class AssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["member", "household", "organisation", "started_on", "ended_on"]
    raw_id_fields = ["household", "member"]
