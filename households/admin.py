from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from households.models import Area, AreaEvent, CommuneSettings, Ethnicity, Household, Member


class CommuneSettingsInline(admin.StackedInline):
    model = CommuneSettings
    extra = 0


class AreaEventInline(admin.TabularInline):
    model = AreaEvent
    fk_name = "area"
    extra = 0


@admin.register(Area)
class AreaAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "kind", "settlement_type", "parent", "valid_from", "valid_to"]
    list_filter = ["kind", "settlement_type"]
    search_fields = ["name", "code"]
    inlines = (CommuneSettingsInline, AreaEventInline)
    raw_id_fields = ["parent", "successor"]


@admin.register(Ethnicity)
class EthnicityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "is_minority"]
    search_fields = ["name"]


class MemberInline(admin.TabularInline):
    model = Member
    extra = 0
    fields = ("full_name", "sex", "birth_year", "relation_to_head", "is_active")
    readonly_fields = fields
    can_delete = False
    show_change_link = True


@admin.register(Household)
class HouseholdAdmin(SimpleHistoryAdmin):
    """Read-mostly: edits go through the app's screens, which keep derived fields right."""

    list_display = ["code", "head_name", "quarter", "poverty_status", "status"]
    list_filter = ["status", "poverty_status", "is_ethnic_minority"]
    search_fields = ["code", "search_text"]
    raw_id_fields = ["quarter", "head", "merged_into"]
    inlines = [MemberInline]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Member)
class MemberAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "household", "birth_year", "relation_to_head", "is_active"]
    search_fields = ["name_folded", "citizen_id"]
    raw_id_fields = ["household"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
