from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from households.models import (
    Area,
    AreaEvent,
    CommuneSettings,
    Dimension,
    Ethnicity,
    Holiday,
    Household,
    HouseholdGroup,
    Indicator,
    Member,
    PovertyStandard,
    ScreeningItem,
    StandardAmendment,
)
from households.reviews.models import (
    Complaint,
    Decision,
    EscapeRegistration,
    NeedType,
    Posting,
    QuarterMeeting,
    Review,
    ReviewCampaign,
    SupportNeed,
)
from households.selectors import is_citizen_id_query
from households.standards import RULE_FIELDS, standard_confirm_definitions, standard_copy
from tannkhai.admin import ReadOnly
from tannkhai.audit import log_access, log_citizen_id_search
from tannkhai.models import AccessLog
from tannkhai.privacy import IDENTIFIER_FIELDS, policy_for


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


class PersonalDataAdmin(SimpleHistoryAdmin):
    """Admin pages of registry records: each view is logged like the app's pages, and
    staff who may not read identifiers in full see them masked (tannkhai.privacy)."""

    # The attribute holding the household's id on this admin's objects.
    household_id_attr = "household_id"

    def household_id_of(self, obj: Any) -> int | None:
        value = getattr(obj, self.household_id_attr, None)
        return int(value) if value is not None else None

    def _log(self, request: HttpRequest, object_id: str, page: str) -> None:
        obj = self.get_object(request, unquote(object_id))
        if obj is not None:
            log_access(
                request,
                action=AccessLog.Action.ADMIN_VIEW,
                household_id=self.household_id_of(obj),
                detail={"model": self.model._meta.model_name, "object": obj.pk, "page": page},
            )

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        if response.status_code == 200:
            self._log(request, object_id, "change")
        return response

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response = super().history_view(request, object_id, extra_context)
        if response.status_code == 200:
            self._log(request, object_id, "history")
        return response

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        # A past version shows every field unmasked: only for those who may read them.
        if not policy_for(request.user).full_identifiers:
            raise PermissionDenied
        response = super().history_form_view(request, object_id, version_id, extra_context)
        if response.status_code == 200:
            self._log(request, object_id, "history_version")
        return response

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        citizen_id = is_citizen_id_query(request.GET.get("q") or "")
        if citizen_id and response.status_code == 200:
            context = getattr(response, "context_data", None) or {}
            cl = context.get("cl")
            found = list(cl.result_list) if cl is not None else []
            log_citizen_id_search(
                request,
                where=f"admin:{self.model._meta.model_name}",
                citizen_id=citizen_id,
                household_ids=sorted({i for i in map(self.household_id_of, found) if i}),
            )
        return response


@admin.register(Household)
class HouseholdAdmin(ReadOnly, PersonalDataAdmin):
    """Read-mostly: edits go through the app's screens, which keep derived fields right."""

    list_display = ["code", "head_name", "quarter", "poverty_status", "status"]
    list_filter = ["status", "poverty_status", "is_ethnic_minority"]
    search_fields = ["code", "search_text"]
    raw_id_fields = ["quarter", "head", "merged_into"]
    inlines = [MemberInline]

    household_id_attr = "pk"


@admin.register(Member)
class MemberAdmin(ReadOnly, PersonalDataAdmin):
    list_display = ["full_name", "household", "birth_year", "relation_to_head", "is_active"]
    search_fields = ["name_folded", "citizen_id"]
    raw_id_fields = ["household"]

    def get_search_fields(self, request: HttpRequest) -> list[str]:
        fields = list(super().get_search_fields(request))
        if not policy_for(request.user).full_identifiers:
            fields = [f for f in fields if f not in IDENTIFIER_FIELDS]
        return fields

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        fields = list(super().get_fields(request, obj))
        if policy_for(request.user).full_identifiers:
            return fields
        masked = {"citizen_id": "masked_citizen_id", "health_insurance_number": "masked_insurance"}
        return [masked.get(f, f) for f in fields]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        if not policy_for(request.user).full_identifiers:
            fields += ["masked_citizen_id", "masked_insurance"]
        return fields

    @admin.display(description=gettext_lazy("số CCCD / định danh"))
    def masked_citizen_id(self, obj: Member) -> str:
        return policy_for(None).identifier(obj.citizen_id)

    @admin.display(description=gettext_lazy("mã thẻ BHYT"))
    def masked_insurance(self, obj: Member) -> str:
        return policy_for(None).identifier(obj.health_insurance_number)


# -- poverty standards and the review procedure -------------------------------------


class DimensionInline(admin.TabularInline):
    model = Dimension
    extra = 0
    fields = ("code", "order", "name", "name_en", "needs_verification")


class IndicatorInline(admin.StackedInline):
    model = Indicator
    extra = 0
    fields = (
        ("code", "order", "dimension"),
        ("name", "name_en"),
        "definition",
        ("suggestion_rule", "needs_verification"),
    )


class ScreeningItemInline(admin.TabularInline):
    model = ScreeningItem
    extra = 0


class StandardAmendmentInline(admin.TabularInline):
    model = StandardAmendment
    extra = 0


@admin.register(PovertyStandard)
class PovertyStandardAdmin(SimpleHistoryAdmin):
    list_display = [
        "code",
        "name",
        "valid_from",
        "valid_to",
        "income_line_rural",
        "income_line_urban",
        "unconfirmed_count",
    ]
    inlines = (DimensionInline, IndicatorInline, ScreeningItemInline, StandardAmendmentInline)
    actions = ["make_new_version", "confirm_definitions"]

    @admin.display(description=gettext_lazy("định nghĩa chưa xác nhận"))
    def unconfirmed_count(self, obj: PovertyStandard) -> int:
        return len(obj.unconfirmed_definitions())

    @admin.action(description=gettext_lazy("Xác nhận các chiều, chỉ số theo văn bản gốc"))
    def confirm_definitions(
        self, request: HttpRequest, queryset: QuerySet[PovertyStandard]
    ) -> None:
        for standard in queryset:
            try:
                count = standard_confirm_definitions(user=request.user, standard=standard)
            except ValidationError as exc:
                self.message_user(request, "; ".join(exc.messages), messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("%(standard)s: đã xác nhận %(n)s chiều, chỉ số.")
                    % {"standard": standard, "n": count},
                )

    def get_readonly_fields(
        self, request: HttpRequest, obj: PovertyStandard | None = None
    ) -> list[str]:
        # A standard used by recognised reviews keeps its rules: make a new version.
        return list(RULE_FIELDS) if obj is not None and obj.is_locked else []

    def get_inlines(self, request: HttpRequest, obj: PovertyStandard | None = None) -> list[type]:
        if obj is not None and obj.is_locked:
            return [ScreeningItemInline, StandardAmendmentInline]
        return list(self.inlines)

    @admin.action(description=gettext_lazy("Tạo phiên bản mới (sao chép chỉ số)"))
    def make_new_version(self, request: HttpRequest, queryset: QuerySet[PovertyStandard]) -> None:
        for standard in queryset:
            try:
                copy = standard_copy(standard=standard)
            except ValidationError as exc:
                self.message_user(request, "; ".join(exc.messages), messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("Đã tạo %(code)s: hãy sửa mã, hiệu lực và mức chuẩn.") % {"code": copy.code},
                )


@admin.register(HouseholdGroup)
class HouseholdGroupAdmin(admin.ModelAdmin):
    list_display = ["number", "name"]


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "name"]
    date_hierarchy = "date"


@admin.register(NeedType)
class NeedTypeAdmin(admin.ModelAdmin):
    list_display = ["order", "code", "name"]


class ReadOnlyAdmin(ReadOnly, SimpleHistoryAdmin):
    """Workflow records change only through the app's screens (services check the rules)."""


@admin.register(ReviewCampaign)
class ReviewCampaignAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "commune", "list_year", "standard", "status"]


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ["household", "campaign", "status", "result", "transition"]
    list_filter = ["status", "result", "transition"]
    raw_id_fields = ["household"]


@admin.register(QuarterMeeting)
class QuarterMeetingAdmin(ReadOnlyAdmin):
    list_display = ["quarter", "campaign", "held_on", "attendees", "votes_for", "passed"]


@admin.register(Posting)
class PostingAdmin(ReadOnlyAdmin):
    list_display = ["quarter", "campaign", "start_date", "end_date"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["number", "campaign", "signed_on", "status"]


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdmin):
    list_display = ["review", "received_on", "outcome"]


class SupportNeedInline(admin.TabularInline):
    model = SupportNeed
    extra = 0


@admin.register(EscapeRegistration)
class EscapeRegistrationAdmin(ReadOnlyAdmin):
    list_display = ["household", "year", "registered_on"]
    inlines = (SupportNeedInline,)
