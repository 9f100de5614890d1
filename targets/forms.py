from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from households.forms import DateInput, QuarterChoiceField
from households.models import Area, Member
from tannkhai.dates import LONG_PLANNED, BoundedDateField, check_birth_year
from tannkhai.inputs import MAX_DIGITS, from_model, not_stored
from targets.models import IndustrialPark, JobPlacement, Program, TrainingEnrolment

MEMBER_NOT_FOUND = _("Không tìm thấy người này trong sổ hộ bạn phụ trách. Hãy tìm và chọn lại.")


class WorkerForm(forms.Form):
    """A registry member (picked by search) or a person typed in."""

    # The member picked by search; resolved against the user's scope in ``clean_member_id``.
    member_id = not_stored(
        forms.CharField(
            required=False,
            widget=forms.HiddenInput,
            max_length=20,
            error_messages={"max_length": MEMBER_NOT_FOUND},
        )
    )
    worker_name = from_model(
        JobPlacement,
        "worker_name",
        label=_("Họ và tên (nếu không có trong sổ hộ)"),
        required=False,
    )
    birth_year = from_model(
        JobPlacement,
        "birth_year",
        label=_("Năm sinh"),
        min_value=1900,
        max_value=2100,
        required=False,
    )
    quarter = QuarterChoiceField(
        label=_("Khu phố / ấp"), queryset=Area.objects.none(), required=False
    )

    def __init__(
        self,
        *args: Any,
        quarters: QuerySet[Area],
        members: QuerySet[Member] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["quarter"].queryset = quarters  # type: ignore[attr-defined]
        self.members = members if members is not None else Member.objects.none()

    def clean_member_id(self) -> Member | None:
        """The chosen member, looked up in the user's scope; anything else is a field error."""
        text = (self.cleaned_data.get("member_id") or "").strip()
        if not text:
            return None
        member = None
        if text.isdigit() and len(text) <= 12:
            member = self.members.filter(pk=int(text)).first()
        if member is None:
            raise forms.ValidationError(MEMBER_NOT_FOUND)
        return member

    def clean_birth_year(self) -> int | None:
        year = self.cleaned_data.get("birth_year")
        try:
            check_birth_year(year, field="birth_year")
        except ValidationError as exc:
            raise forms.ValidationError(exc.message_dict["birth_year"]) from exc
        return year


class PlacementForm(WorkerForm):
    placed_on = BoundedDateField(label=_("Ngày có việc làm"), widget=DateInput())
    kind = forms.ChoiceField(label=_("Hình thức"), choices=JobPlacement.Kind.choices)
    industrial_park = forms.ModelChoiceField(
        label=_("Khu công nghiệp"), queryset=IndustrialPark.objects.all(), required=False
    )
    employer = from_model(JobPlacement, "employer", label=_("Nơi làm việc"), required=False)
    channel = forms.ChoiceField(label=_("Kênh"), choices=JobPlacement.Channel.choices)


class EnrolmentForm(WorkerForm):
    occupation = from_model(TrainingEnrolment, "occupation", label=_("Nghề đào tạo"), required=True)
    course = from_model(TrainingEnrolment, "course", label=_("Khóa học, trình độ"), required=False)
    centre = from_model(TrainingEnrolment, "centre", label=_("Cơ sở đào tạo"), required=False)
    start_date = BoundedDateField(label=_("Ngày khai giảng"), widget=DateInput())
    end_date = BoundedDateField(
        label=_("Ngày kết thúc"), bounds=LONG_PLANNED, widget=DateInput(), required=False
    )
    completed = forms.BooleanField(label=_("Đã hoàn thành"), required=False)
    employed_after = forms.BooleanField(label=_("Có việc làm sau đào tạo"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Ngày kết thúc không được trước ngày khai giảng."))
        return data


class TargetValueField(forms.CharField):
    """A target typed the Vietnamese way: "2.056", "65", "65,5"; empty clears it."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = "".join((super().to_python(value) or "").split()).rstrip("%")
        if not text:
            return None
        if len(text) > MAX_DIGITS + 6:
            raise forms.ValidationError(_("Số quá lớn: hãy kiểm tra lại."))
        text = (
            text.replace(".", "").replace(",", ".")
            if "," in text or text.count(".") > 1 or ("." in text and len(text.split(".")[-1]) == 3)
            else text
        )
        try:
            number = Decimal(text)
        except InvalidOperation as exc:
            raise forms.ValidationError(_("Hãy nhập một số (ví dụ 2.056 hoặc 65,5).")) from exc
        if not number.is_finite():
            raise forms.ValidationError(_("Hãy nhập một số (ví dụ 2.056 hoặc 65,5)."))
        if number < 0:
            raise forms.ValidationError(_("Chỉ tiêu không được âm."))
        return number


class ProgramCopyForm(forms.Form):
    name = from_model(Program, "name", label=_("Tên chương trình mới"))
    start_year = from_model(
        Program, "start_year", label=_("Từ năm"), min_value=2000, max_value=2100
    )
    end_year = from_model(Program, "end_year", label=_("Đến năm"), min_value=2000, max_value=2100)

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "name": program.name,
                "start_year": program.end_year + 1,
                "end_year": program.end_year + 5,
            },
        )
        super().__init__(*args, **kwargs)
