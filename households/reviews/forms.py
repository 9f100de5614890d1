from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from households.forms import DateInput
from households.models import Area, HouseholdGroup, PovertyStandard, ScreeningItem
from households.reviews.models import (
    AverageLivingRecognition,
    Cause,
    Complaint,
    Decision,
    EscapeRegistration,
    NeedType,
    Posting,
    QuarterMeeting,
    Review,
    ReviewCampaign,
    ReviewRequest,
    SupportNeed,
)
from tannkhai.dates import PLANNED, BoundedDateField
from tannkhai.inputs import VERSION_MAX, ChecksAtOnce, capped_formset, from_model, not_stored


class CampaignForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại rà soát"), choices=ReviewCampaign.Kind.choices)
    year = from_model(ReviewCampaign, "year", label=_("Năm"), min_value=2021, max_value=2100)
    month = from_model(
        ReviewCampaign,
        "month",
        label=_("Tháng (rà soát thường xuyên)"),
        min_value=1,
        max_value=12,
        required=False,
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
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=VERSION_MAX)
    members_count = from_model(
        Review, "members_count", label=_("Số nhân khẩu"), min_value=1, max_value=50
    )
    income_mode = forms.ChoiceField(
        label=_("Cách nhập thu nhập"),
        choices=Review.IncomeMode.choices,
        widget=forms.RadioSelect,
        initial=Review.IncomeMode.PER_PERSON,
    )
    # Text inputs: money is typed the Vietnamese way ("1.500.000").
    income_input = from_model(
        Review,
        "income_input",
        label=_("Thu nhập (đồng)"),
        required=False,
        help_text=_("Để trống nếu chỉ có điểm A từ phiếu giấy."),
    )
    score_a = from_model(Review, "score_a", label=_("Điểm A (phần B1 của phiếu B)"), required=False)
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
    surveyor = from_model(Review, "surveyor", label=_("Người khảo sát"), required=False)
    notes = from_model(
        Review,
        "notes",
        label=_("Ghi chú"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
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
        # clean_score_a checks the standard's own range, with its own message.
        self.fields["score_a"].max_value = None  # type: ignore[attr-defined]

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


class MeetingForm(ChecksAtOnce, forms.Form):
    held_on = BoundedDateField(
        label=_("Ngày họp"),
        widget=DateInput(),
        future_message=_("Ngày họp không được ở tương lai."),
    )
    chair = from_model(QuarterMeeting, "chair", label=_("Người chủ trì"))
    secretary = from_model(QuarterMeeting, "secretary", label=_("Thư ký"), required=True)
    fatherland_front_rep = from_model(
        QuarterMeeting,
        "fatherland_front_rep",
        label=_("Đại diện Ban công tác Mặt trận"),
        required=True,
    )
    # A quarter's meeting: far fewer than the column's 2³¹ people.
    attendees = from_model(
        QuarterMeeting, "attendees", label=_("Số người dự họp"), min_value=1, max_value=100_000
    )
    votes_for = from_model(
        QuarterMeeting,
        "votes_for",
        label=_("Số người đồng ý với kết quả"),
        min_value=0,
        max_value=100_000,
    )
    minutes = from_model(
        QuarterMeeting,
        "minutes",
        label=_("Tóm tắt biên bản"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PostingForm(ChecksAtOnce, forms.Form):
    start_date = BoundedDateField(
        label=_("Ngày bắt đầu niêm yết"), bounds=PLANNED, widget=DateInput()
    )
    places = from_model(
        Posting,
        "places",
        label=_("Nơi niêm yết"),
        required=False,
        initial=_("Nhà văn hóa khu phố, trụ sở UBND xã, loa truyền thanh"),
    )


class SendBackForm(forms.Form):
    reason = from_model(
        Review,
        "returned_reason",
        label=_("Lý do trả lại"),
        required=True,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ComplaintForm(ChecksAtOnce, forms.Form):
    received_on = BoundedDateField(
        label=_("Ngày nhận"),
        widget=DateInput(),
        future_message=_("Ngày nhận không được ở tương lai."),
    )
    complainant = from_model(Complaint, "complainant", label=_("Người khiếu nại, phản ánh"))
    content = from_model(
        Complaint, "content", label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 3})
    )
    # A fresh token each time the form is shown; the service records a token once.
    token = not_stored(forms.UUIDField(widget=forms.HiddenInput))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4())


class ComplaintResolveForm(ChecksAtOnce, forms.Form):
    outcome = forms.ChoiceField(
        label=_("Kết quả"),
        choices=[c for c in Complaint.Outcome.choices if c[0] != Complaint.Outcome.PENDING],
        widget=forms.RadioSelect,
    )
    resolution = from_model(
        Complaint,
        "resolution",
        label=_("Nội dung giải quyết"),
        required=True,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    resolved_on = BoundedDateField(
        label=_("Ngày giải quyết"),
        widget=DateInput(),
        future_message=_("Ngày giải quyết không được ở tương lai."),
    )


class DecisionForm(ChecksAtOnce, forms.Form):
    number = from_model(
        Decision, "number", label=_("Số quyết định"), help_text=_("Ví dụ: 125/QĐ-UBND")
    )
    # Today at the latest: the date the leader actually signs (PAST bounds, not PLANNED).
    signed_on = BoundedDateField(
        label=_("Ngày ký"),
        widget=DateInput(),
        future_message=_(
            "Ngày ký quyết định không được sau hôm nay: ghi ngày lãnh đạo thực sự ký."
        ),
    )
    signer_name = from_model(Decision, "signer_name", label=_("Người ký"))
    signer_title = from_model(
        Decision, "signer_title", label=_("Chức vụ"), initial=_("Chủ tịch"), required=True
    )


class AddHouseholdForm(forms.Form):
    # Looks a household up by code; stores nothing.
    code = not_stored(forms.CharField(label=_("Mã hộ"), max_length=20))


class RequestForm(ChecksAtOnce, forms.Form):
    kind = forms.ChoiceField(
        label=_("Loại giấy đề nghị"),
        choices=ReviewRequest.Kind.choices,
        initial=ReviewRequest.Kind.REVIEW,
        required=False,
        widget=forms.RadioSelect,
        help_text=_("Mẫu 04 chỉ dành cho hộ nghèo, hộ cận nghèo và không khai phiếu A."),
    )
    submitted_on = BoundedDateField(
        label=_("Ngày nộp giấy đề nghị"),
        widget=DateInput(),
        future_message=_("Ngày nộp đơn không được ở tương lai."),
    )
    reason = from_model(
        ReviewRequest,
        "reason",
        label=_("Lý do đề nghị"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, items: list[ScreeningItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"item_{item.code}"] = forms.BooleanField(label=item.text, required=False)

    def clean_kind(self) -> str:
        # A form posted without the choice (older pages, scripts) is a Mẫu 01 request.
        return self.cleaned_data.get("kind") or ReviewRequest.Kind.REVIEW

    def answers(self) -> dict[str, bool]:
        if self.cleaned_data.get("kind") == ReviewRequest.Kind.ESCAPE:
            return {}
        return {item.code: bool(self.cleaned_data.get(f"item_{item.code}")) for item in self.items}


class EscapeForm(ChecksAtOnce, forms.Form):
    year = from_model(
        EscapeRegistration,
        "year",
        label=_("Năm đăng ký thoát nghèo"),
        min_value=2021,
        max_value=2100,
    )
    registered_on = BoundedDateField(
        label=_("Ngày đăng ký thoát nghèo"),
        widget=DateInput(),
        future_message=_("Ngày đăng ký không được ở tương lai."),
    )
    commitment = from_model(
        EscapeRegistration,
        "commitment",
        label=_("Cam kết, kế hoạch của hộ"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class NeedForm(forms.Form):
    need_type = forms.ModelChoiceField(
        label=_("Nhu cầu"), queryset=NeedType.objects.all(), required=False
    )
    quantity = from_model(
        SupportNeed,
        "quantity",
        label=_("Số lượng"),
        min_value=1,
        max_value=100_000,
        initial=1,
        required=False,
    )
    estimated_cost = from_model(
        SupportNeed, "estimated_cost", label=_("Kinh phí dự kiến (đ)"), required=False
    )
    note = from_model(SupportNeed, "note", label=_("Ghi chú"), required=False)


NeedFormSet = capped_formset(NeedForm, extra=4, max_num=20)


class AverageRequestForm(forms.Form):
    requested_on = BoundedDateField(
        label=_("Ngày nộp giấy đề nghị"),
        widget=DateInput(),
        future_message=_("Ngày nộp giấy đề nghị không được ở tương lai."),
    )


class AverageAssessForm(ChecksAtOnce, forms.Form):
    members_count = from_model(
        AverageLivingRecognition,
        "members_count",
        label=_("Số nhân khẩu"),
        min_value=1,
        max_value=100,
        required=True,
    )
    income_12_months = from_model(
        AverageLivingRecognition,
        "income_12_months",
        label=_("Tổng thu nhập của hộ 12 tháng qua (đ)"),
        required=True,
    )
    social_allowances_12_months = from_model(
        AverageLivingRecognition,
        "social_allowances_12_months",
        label=_("Trong đó: trợ cấp, trợ giúp xã hội (đ)"),
        required=False,
    )
    assessed_on = BoundedDateField(
        label=_("Ngày xác định"),
        widget=DateInput(),
        future_message=_("Ngày xác định không được ở tương lai."),
    )

    def clean_social_allowances_12_months(self) -> int:
        return self.cleaned_data.get("social_allowances_12_months") or 0


class AverageRecogniseForm(ChecksAtOnce, forms.Form):
    decision_number = from_model(
        AverageLivingRecognition,
        "decision_number",
        label=_("Số quyết định"),
        required=True,
        help_text=_("Ví dụ: 125/QĐ-UBND"),
    )
    decision_date = BoundedDateField(
        label=_("Ngày ký"),
        widget=DateInput(),
        future_message=_("Ngày ký không được ở tương lai."),
    )
