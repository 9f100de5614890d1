from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from households.forms import DateInput
from households.models import (
    Area,
    Cause,
    Complaint,
    HouseholdGroup,
    NeedType,
    PovertyStandard,
    Review,
    ReviewCampaign,
    ScreeningItem,
)
from tannkhai.dates import PLANNED, BoundedDateField


class CampaignForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại rà soát"), choices=ReviewCampaign.Kind.choices)
    year = forms.IntegerField(label=_("Năm"), min_value=2021, max_value=2100)
    month = forms.IntegerField(
        label=_("Tháng (rà soát thường xuyên)"), min_value=1, max_value=12, required=False
    )
    standard = forms.ModelChoiceField(
        label=_("Chuẩn nghèo áp dụng"),
        queryset=PovertyStandard.objects.order_by("valid_from"),
        required=False,
        empty_label=_("Theo năm áp dụng danh sách (mặc định)"),
        help_text=_(
            "Rà soát định kỳ cuối năm xác định danh sách năm sau: rà soát cuối năm 2026 áp dụng "
            "chuẩn 2027–2030."
        ),
    )
    commune = forms.ModelChoiceField(label=_("Xã / phường"), queryset=Area.objects.none())

    def __init__(self, *args: Any, communes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["commune"]
        field.queryset = communes  # type: ignore[attr-defined]
        if len(communes) == 1:
            field.initial = communes[0]
            field.widget = forms.HiddenInput()


class SurveyForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    members_count = forms.IntegerField(label=_("Số nhân khẩu"), min_value=1, max_value=50)
    income_mode = forms.ChoiceField(
        label=_("Cách nhập thu nhập"),
        choices=Review.IncomeMode.choices,
        widget=forms.RadioSelect,
        initial=Review.IncomeMode.PER_PERSON,
    )
    income_input = forms.IntegerField(
        label=_("Thu nhập (đồng)"),
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": "1000"}),
        help_text=_("Để trống nếu chỉ có điểm A từ phiếu giấy."),
    )
    score_a = forms.IntegerField(
        label=_("Điểm A (phiếu B1)"),
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    deprived = forms.MultipleChoiceField(
        label=_("Chỉ số thiếu hụt"), required=False, widget=forms.CheckboxSelectMultiple
    )
    causes = forms.MultipleChoiceField(
        label=_("Nguyên nhân nghèo"),
        choices=Cause.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    group = forms.ModelChoiceField(
        label=_("Nhóm hộ (theo kế hoạch)"),
        queryset=HouseholdGroup.objects.all(),
        required=False,
        empty_label=_("— Chưa xếp nhóm —"),
    )
    surveyor = forms.CharField(label=_("Người khảo sát"), max_length=150, required=False)
    surveyed_on = BoundedDateField(
        label=_("Ngày khảo sát"),
        required=False,
        widget=DateInput(),
        future_message=_("Ngày khảo sát không được ở tương lai."),
    )

    def __init__(self, *args: Any, review: Review, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.review = review
        self.indicators = list(
            review.standard.indicators.select_related("dimension").order_by("order")
        )
        self.fields["deprived"].choices = [(i.code, i.name) for i in self.indicators]  # type: ignore[attr-defined]

    def clean_income_input(self) -> int | None:
        value = self.cleaned_data.get("income_input")
        if value is not None and value < 0:
            raise forms.ValidationError(_("Thu nhập không được âm."))
        if value is not None and value > 10**13:
            raise forms.ValidationError(_("Thu nhập quá lớn: hãy kiểm tra lại."))
        return value

    def clean_score_a(self) -> int | None:
        value = self.cleaned_data.get("score_a")
        maximum = int(self.review.standard.score_a_max)
        if value is not None and not 0 <= value <= maximum:
            raise forms.ValidationError(_("Điểm A phải từ 0 đến %(max)s.") % {"max": maximum})
        return value

    def dimensions(self) -> list[tuple[Any, list[Any]]]:
        """Indicators grouped by dimension, for the phone-friendly layout."""
        groups: dict[int, tuple[Any, list[Any]]] = {}
        for indicator in self.indicators:
            groups.setdefault(indicator.dimension_id, (indicator.dimension, []))[1].append(
                indicator
            )
        return list(groups.values())


class MeetingForm(forms.Form):
    held_on = BoundedDateField(
        label=_("Ngày họp"),
        widget=DateInput(),
        future_message=_("Ngày họp không được ở tương lai."),
    )
    chair = forms.CharField(label=_("Người chủ trì"), max_length=150)
    attendees = forms.IntegerField(label=_("Số người dự họp"), min_value=1)
    votes_for = forms.IntegerField(label=_("Số người đồng ý với kết quả"), min_value=0)
    minutes = forms.CharField(
        label=_("Tóm tắt biên bản"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        attendees, votes = data.get("attendees"), data.get("votes_for")
        if attendees is not None and votes is not None and votes > attendees:
            self.add_error(
                "votes_for",
                _("Số người đồng ý (%(v)s) không thể lớn hơn số người dự (%(a)s).")
                % {"v": votes, "a": attendees},
            )
        return data


class PostingForm(forms.Form):
    start_date = BoundedDateField(
        label=_("Ngày bắt đầu niêm yết"), bounds=PLANNED, widget=DateInput()
    )
    places = forms.CharField(
        label=_("Nơi niêm yết"),
        required=False,
        initial=_("Nhà văn hóa khu phố, trụ sở UBND xã, loa truyền thanh"),
    )


class SendBackForm(forms.Form):
    reason = forms.CharField(label=_("Lý do trả lại"), widget=forms.Textarea(attrs={"rows": 2}))


class ComplaintForm(forms.Form):
    received_on = BoundedDateField(
        label=_("Ngày nhận"),
        widget=DateInput(),
        future_message=_("Ngày nhận không được ở tương lai."),
    )
    complainant = forms.CharField(label=_("Người khiếu nại, phản ánh"), max_length=150)
    content = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 3}))
    # A fresh token each time the form is shown; the service records a token once.
    token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4())


class ComplaintResolveForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Kết quả"),
        choices=[c for c in Complaint.Outcome.choices if c[0] != Complaint.Outcome.PENDING],
        widget=forms.RadioSelect,
    )
    resolution = forms.CharField(
        label=_("Nội dung giải quyết"), widget=forms.Textarea(attrs={"rows": 3})
    )
    resolved_on = BoundedDateField(
        label=_("Ngày giải quyết"),
        widget=DateInput(),
        future_message=_("Ngày giải quyết không được ở tương lai."),
    )


class DecisionForm(forms.Form):
    number = forms.CharField(
        label=_("Số quyết định"), max_length=50, help_text=_("Ví dụ: 125/QĐ-UBND")
    )
    signed_on = BoundedDateField(label=_("Ngày ký"), bounds=PLANNED, widget=DateInput())
    signer_name = forms.CharField(label=_("Người ký"), max_length=150)
    signer_title = forms.CharField(label=_("Chức vụ"), max_length=100, initial=_("Chủ tịch"))


class AddHouseholdForm(forms.Form):
    code = forms.CharField(label=_("Mã hộ"), max_length=20)


class RequestForm(forms.Form):
    submitted_on = BoundedDateField(
        label=_("Ngày nộp đơn (Mẫu 01)"),
        widget=DateInput(),
        future_message=_("Ngày nộp đơn không được ở tương lai."),
    )
    reason = forms.CharField(
        label=_("Lý do đề nghị"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, items: list[ScreeningItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"item_{item.code}"] = forms.BooleanField(label=item.text, required=False)

    def answers(self) -> dict[str, bool]:
        return {item.code: bool(self.cleaned_data.get(f"item_{item.code}")) for item in self.items}


class EscapeForm(forms.Form):
    year = forms.IntegerField(label=_("Năm đăng ký thoát nghèo"), min_value=2021, max_value=2100)
    registered_on = BoundedDateField(
        label=_("Ngày đăng ký (Mẫu 04)"),
        widget=DateInput(),
        future_message=_("Ngày đăng ký không được ở tương lai."),
    )
    commitment = forms.CharField(
        label=_("Cam kết, kế hoạch của hộ"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class NeedForm(forms.Form):
    need_type = forms.ModelChoiceField(
        label=_("Nhu cầu"), queryset=NeedType.objects.all(), required=False
    )
    quantity = forms.IntegerField(label=_("Số lượng"), min_value=1, initial=1, required=False)
    estimated_cost = forms.IntegerField(
        label=_("Kinh phí dự kiến (đ)"), min_value=0, required=False
    )
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)


NeedFormSet = forms.formset_factory(NeedForm, extra=4, max_num=20)
