from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from tannkhai.models import AccessLog, User


class ReadOnly:
    """An admin page or inline of records that change only through the app's screens,
    where the services check the rules: no add, change or delete (put before the admin
    class)."""

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(User)
class UserAdmin(BaseUserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "full_name", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active"]
    filter_horizontal = ["areas", "groups", "user_permissions"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,  # type: ignore[misc]
        (_("Vai trò và địa bàn"), {"fields": ("full_name", "role", "organisation", "areas")}),
    )


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["at", "user", "action", "household", "ip_address"]
    list_filter = ["action"]
    raw_id_fields = ["user", "household"]
    date_hierarchy = "at"
