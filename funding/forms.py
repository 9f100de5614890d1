"""Forms of funding: an allocation to a household (amounts by source) and a disbursement."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from funding.models import Allocation, AllocationPart, Disbursement, FundingSource
from households.forms import DateInput
from households.models import Household
from households.reviews.models import SupportNeed
from tannkhai.dates import PLANNED, BoundedDateField
from tannkhai.formatting import format_vnd
from tannkhai.inputs import from_model, not_stored

HOUSEHOLD_NOT_FOUND = _("Không tìm thấy hộ có mã này trong địa bàn bạn phụ trách.")
PART_PREFIX = "part_"


class NeedChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: SupportNeed) -> str:  # type: ignore[override]
        household = obj.registration.household
        return (
            f"{household.code} · {obj.need_type} × {obj.quantity} "
            f"({format_vnd(obj.estimated_cost)}, {obj.registration.year})"
        )


class AllocationForm(forms.Form):
    """Support from a line to one household; one amount field per funding source."""

    household = not_stored(
        forms.CharField(
            label=_("Mã hộ"),
            max_length=20,
            help_text=_("Mã hộ trong sổ hộ, ví dụ KP1-0012."),
        )
    )
    need = NeedChoiceField(
        label=_("Đáp ứng nhu cầu đã đăng ký (nếu có)"),
        queryset=SupportNeed.objects.none(),
        required=False,
    )
    units = from_model(Allocation, "units", label=_("Số lượng"), min_value=1, initial=1)
    allocated_on = BoundedDateField(label=_("Ngày phân bổ"), widget=DateInput())
    decision_number = from_model(
        Allocation,
        "decision_number",
        label=_("Số quyết định"),
        required=False,
        help_text=_("Bắt buộc khi phân bổ vượt số còn lại của dòng kinh phí."),
    )
    decision_date = BoundedDateField(
        label=_("Ngày quyết định"), bounds=PLANNED, widget=DateInput(), required=False
    )
    note = from_model(
        Allocation,
        "note",
        label=_("Ghi chú"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self,
        *args: Any,
        households: QuerySet[Household],
        needs: QuerySet[SupportNeed],
        sources: list[FundingSource],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.households = households
        self.fields["need"].queryset = needs  # type: ignore[attr-defined]
        self.sources = sources
        for source in sources:
            field = from_model(
                AllocationPart,
                "amount",
                label=source.label,
                required=False,
                help_text=_("Hỗ trợ của Nhà nước") if source.is_state else _("Nguồn đối ứng"),
            )
            self.fields[f"{PART_PREFIX}{source.pk}"] = field

    def part_fields(self) -> list[forms.BoundField]:
        return [self[f"{PART_PREFIX}{source.pk}"] for source in self.sources]

    def clean_household(self) -> Household:
        code = (self.cleaned_data.get("household") or "").strip()
        household = self.households.filter(code__iexact=code).first() if code else None
        if household is None:
            raise forms.ValidationError(HOUSEHOLD_NOT_FOUND)
        return household

    def parts(self) -> dict[FundingSource, int]:
        return {
            source: self.cleaned_data.get(f"{PART_PREFIX}{source.pk}") or 0
            for source in self.sources
        }

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "household": data["household"],
            "need": data.get("need"),
            "units": data.get("units") or 1,
            "allocated_on": data["allocated_on"],
            "decision_number": data.get("decision_number") or "",
            "decision_date": data.get("decision_date"),
            "note": data.get("note") or "",
            "parts": self.parts(),
        }


class DisbursementForm(forms.Form):
    source = forms.ModelChoiceField(
        label=_("Nguồn kinh phí"), queryset=FundingSource.objects.none()
    )
    paid_on = BoundedDateField(
        label=_("Ngày chi"),
        widget=DateInput(),
        future_message=_("Ngày chi không được ở tương lai."),
    )
    amount = from_model(Disbursement, "amount", label=_("Số tiền (đ)"), min_value=1)
    document_number = from_model(
        Disbursement, "document_number", label=_("Số chứng từ"), required=False
    )
    note = from_model(
        Disbursement,
        "note",
        label=_("Ghi chú"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, sources: QuerySet[FundingSource], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = sources  # type: ignore[attr-defined]
