from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from households.area_filter import AreaFilter
from households.models import Household, Livelihood, PovertyStatus
from households.selectors import household_search
from tannkhai.privacy import HOUSEHOLD_DETAIL_FIELDS, Policy, policy_for

SORTS = {
    "head": ("head_sort", "pk"),
    "-head": ("-head_sort", "-pk"),
    "code": ("code", "pk"),
    "-code": ("-code", "-pk"),
    "members": ("member_count", "pk"),
    "-members": ("-member_count", "-pk"),
    "quarter": ("quarter__name", "head_sort", "pk"),
    "-quarter": ("-quarter__name", "-head_sort", "-pk"),
}


class HouseholdFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Tìm kiếm"),
        method="filter_q",
        widget=forms.TextInput(
            attrs={"placeholder": _("Tên chủ hộ, thành viên, số CCCD hoặc mã hộ"), "type": "search"}
        ),
    )
    poverty_status = django_filters.ChoiceFilter(
        label=_("Phân loại"), choices=PovertyStatus.choices, empty_label=_("Tất cả")
    )
    status = django_filters.ChoiceFilter(
        label=_("Tình trạng"),
        choices=[*Household.Status.choices, ("all", _("Tất cả"))],
        method="filter_status",
        empty_label=None,
    )
    is_ethnic_minority = django_filters.BooleanFilter(
        label=_("Hộ DTTS"),
        widget=forms.Select(choices=[("", _("Tất cả")), ("true", _("Có")), ("false", _("Không"))]),
    )
    no_labour_capacity = django_filters.BooleanFilter(
        label=_("KCKNLĐ"),
        widget=forms.Select(choices=[("", _("Tất cả")), ("true", _("Có")), ("false", _("Không"))]),
    )
    person_of_merit = django_filters.BooleanFilter(
        label=_("Người có công"),
        widget=forms.Select(choices=[("", _("Tất cả")), ("true", _("Có")), ("false", _("Không"))]),
    )
    social_protection = django_filters.BooleanFilter(
        label=_("Bảo trợ xã hội"),
        widget=forms.Select(choices=[("", _("Tất cả")), ("true", _("Có")), ("false", _("Không"))]),
    )
    livelihood = django_filters.ChoiceFilter(
        label=_("Nông, lâm, ngư, diêm nghiệp"), choices=Livelihood.choices, empty_label=_("Tất cả")
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sắp xếp"),
        method="filter_sort",
        empty_label=None,
        choices=[
            ("head", _("Tên chủ hộ A→Z")),
            ("-head", _("Tên chủ hộ Z→A")),
            ("code", _("Mã hộ tăng dần")),
            ("-code", _("Mã hộ giảm dần")),
            ("quarter", _("Khu phố")),
            ("-members", _("Nhiều nhân khẩu trước")),
            ("members", _("Ít nhân khẩu trước")),
        ],
    )

    class Meta:
        model = Household
        fields: list[str] = []

    def __init__(
        self,
        data: Any = None,
        *args: Any,
        area: AreaFilter,
        viewer: Any = None,
        **kwargs: Any,
    ) -> None:
        # Always bound, with defaults: active households sorted by head name.
        data = data.copy() if data is not None else {}
        if not data.get("status"):
            data["status"] = Household.Status.ACTIVE
        if not data.get("sort"):
            data["sort"] = "head"
        self.policy: Policy = policy_for(viewer)
        self.area = area
        super().__init__(data, *args, **kwargs)
        if not self.policy.member_details:
            # Filtering on a sensitive field answers it: not offered, parameter ignored.
            for name in HOUSEHOLD_DETAIL_FIELDS:
                self.filters.pop(name, None)

    def is_valid(self) -> bool:
        return super().is_valid() and not self.area.invalid

    @property
    def errors(self) -> Any:
        errors = self.form.errors
        if self.area.invalid:
            return {**errors, "area": [_("Khu vực không thuộc phạm vi của bạn.")]}
        return errors

    def filter_queryset(self, queryset: QuerySet[Household]) -> QuerySet[Household]:
        # The area (commune, then quarter) is chosen outside the form: see area_filter.
        return self.area.apply(super().filter_queryset(queryset))

    search_needs_commune = False

    def filter_q(self, queryset: QuerySet[Household], name: str, value: str) -> QuerySet[Household]:
        if self.area.choose_commune_first and not any(ch.isdigit() for ch in value):
            # A name across a province matches thousands of households and costs a
            # scan of the whole trigram index: names are searched within a commune.
            # Codes and citizen IDs (they hold digits) are searched everywhere in scope.
            self.search_needs_commune = True
            return queryset.none()
        if self.area.commune is not None:
            # Same households (a household's commune is its quarter's), searched from the
            # commune's rows whatever the planner's sample says about the searched text.
            return household_search(
                queryset.filter(commune=self.area.commune),
                value,
                by_citizen_id=self.policy.search_by_citizen_id,
                text_index=False,
            )
        return household_search(queryset, value, by_citizen_id=self.policy.search_by_citizen_id)

    def filter_status(
        self, queryset: QuerySet[Household], name: str, value: str
    ) -> QuerySet[Household]:
        if value == "all":
            return queryset
        return queryset.filter(status=value)

    def filter_sort(
        self, queryset: QuerySet[Household], name: str, value: str
    ) -> QuerySet[Household]:
        return queryset.order_by(*SORTS.get(value, SORTS["head"]))
