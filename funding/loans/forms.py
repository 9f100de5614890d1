from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from funding.loans.models import (
    MAX_RATE,
    EntrustedOrganisation,
    FundDonation,
    FundSpending,
    LoanProgram,
    LoanRepayment,
    PolicyLoan,
    PoorFund,
)
from households.forms import DateInput
from households.models import Household, Member
from tannkhai.dates import BoundedDateField, DateBounds
from tannkhai.inputs import from_model, not_stored

# A due date may lie years ahead (terms up to 240 months, extensions).
DUE = DateBounds(future_days=366 * 41)

HOUSEHOLD_NOT_FOUND = _(
    "Không tìm thấy hộ có mã này trong địa bàn bạn phụ trách. Hãy kiểm tra lại mã hộ."
)


class RateField(forms.DecimalField):
    """A rate typed the Vietnamese way: ``0,55``, ``0.55`` or ``0,55%``."""

    default_error_messages = {
        "invalid": _("Hãy nhập lãi suất là một số, ví dụ 0,55."),
        "max_digits": _("Lãi suất có quá nhiều chữ số: hãy kiểm tra lại."),
        "max_decimal_places": _("Lãi suất ghi tối đa %(max)s chữ số sau dấu phẩy."),
        "max_whole_digits": _("Lãi suất có quá nhiều chữ số: hãy kiểm tra lại."),
        "min_value": _("Lãi suất không được âm."),
        "max_value": _("Lãi suất tối đa %(limit_value)s %%/tháng."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs["widget"] = forms.TextInput(attrs={"inputmode": "decimal"})
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = "".join(str(value if value is not None else "").split()).rstrip("%")
        if not text:
            return None
        if len(text) > 20:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        text = text.replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation as exc:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from exc
        if not number.is_finite():
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return number

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return forms.Field.widget_attrs(self, widget)


class BorrowerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Member) -> str:  # type: ignore[override]
        return f"{obj.full_name} ({obj.birth_year})"


class LoanForm(forms.Form):
    borrower = BorrowerChoiceField(
        label=_("Người vay"),
        queryset=Member.objects.none(),
        error_messages={"invalid_choice": _("Hãy chọn một thành viên đang cư trú của hộ.")},
    )
    program = forms.ChoiceField(label=_("Chương trình cho vay"), choices=LoanProgram.choices)
    contract_number = from_model(
        PolicyLoan, "contract_number", label=_("Số khế ước / hợp đồng"), required=False
    )
    amount = from_model(PolicyLoan, "amount", label=_("Số tiền vay (đ)"), min_value=1)
    term_months = from_model(
        PolicyLoan, "term_months", label=_("Thời hạn (tháng)"), min_value=1, max_value=240
    )
    interest_rate = from_model(
        PolicyLoan,
        "interest_rate",
        form_class=RateField,
        label=_("Lãi suất (%/tháng)"),
        min_value=Decimal(0),
        max_value=MAX_RATE,
    )
    disbursed_on = BoundedDateField(
        label=_("Ngày giải ngân"),
        widget=DateInput(),
        future_message=_("Ngày giải ngân không được ở tương lai."),
    )
    due_on = BoundedDateField(
        label=_("Ngày đến hạn"),
        bounds=DUE,
        widget=DateInput(),
        required=False,
        help_text=_("Để trống: tính từ ngày giải ngân và thời hạn. Sửa khi được gia hạn."),
    )
    savings_group = from_model(
        PolicyLoan, "savings_group", label=_("Tổ tiết kiệm và vay vốn"), required=False
    )
    entrusted_organisation = forms.ChoiceField(
        label=_("Tổ chức nhận ủy thác"),
        choices=[("", "—"), *EntrustedOrganisation.choices],
        required=False,
    )
    purpose = from_model(PolicyLoan, "purpose", label=_("Mục đích sử dụng vốn"), required=False)
    note = from_model(
        PolicyLoan,
        "note",
        label=_("Ghi chú"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    written_off = not_stored(
        forms.BooleanField(label=_("Đã xóa nợ (theo quyết định của ngân hàng)"), required=False)
    )

    def __init__(
        self, *args: Any, members: QuerySet[Member], editing: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["borrower"].queryset = members  # type: ignore[attr-defined]
        if not editing:
            del self.fields["written_off"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        disbursed, due = data.get("disbursed_on"), data.get("due_on")
        if disbursed and due and due < disbursed:
            self.add_error("due_on", _("Ngày đến hạn không được trước ngày giải ngân."))
        return data


class RepaymentForm(forms.Form):
    paid_on = BoundedDateField(
        label=_("Ngày trả"),
        widget=DateInput(),
        future_message=_("Ngày trả không được ở tương lai."),
    )
    principal = from_model(LoanRepayment, "principal", label=_("Tiền gốc (đ)"), required=False)
    interest = from_model(LoanRepayment, "interest", label=_("Tiền lãi (đ)"), required=False)
    document_number = from_model(
        LoanRepayment, "document_number", label=_("Số chứng từ"), required=False
    )
    note = from_model(LoanRepayment, "note", label=_("Ghi chú"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["principal"] = data.get("principal") or 0
        data["interest"] = data.get("interest") or 0
        if (
            not self.has_error("principal")
            and not self.has_error("interest")
            and data["principal"] == 0
            and data["interest"] == 0
        ):
            self.add_error("principal", _("Hãy nhập tiền gốc hoặc tiền lãi đã trả."))
        return data


class FundOpenForm(forms.Form):
    opened_on = BoundedDateField(
        label=_("Ngày bắt đầu ghi sổ"),
        widget=DateInput(),
        future_message=_("Ngày bắt đầu ghi sổ không được ở tương lai."),
    )
    opening_balance = from_model(
        PoorFund, "opening_balance", label=_("Số dư của Quỹ vào ngày đó (đ)")
    )


class DonationForm(forms.Form):
    donor_name = from_model(FundDonation, "donor_name", label=_("Người, đơn vị ủng hộ"))
    donor_kind = forms.ChoiceField(
        label=_("Loại nhà tài trợ"), choices=FundDonation.DonorKind.choices
    )
    amount = from_model(FundDonation, "amount", label=_("Số tiền (đ)"), min_value=1)
    received_on = BoundedDateField(
        label=_("Ngày nhận"),
        widget=DateInput(),
        future_message=_("Ngày nhận không được ở tương lai."),
    )
    receipt_number = from_model(
        FundDonation, "receipt_number", label=_("Số biên lai"), required=False
    )
    note = from_model(FundDonation, "note", label=_("Ghi chú"), required=False)


class SpendingForm(forms.Form):
    household_code = not_stored(
        forms.CharField(
            label=_("Mã hộ được hỗ trợ"),
            max_length=20,
            required=False,
            help_text=_("Để trống khi chi cho một nội dung chung (ghi ở ô Nội dung chi)."),
            error_messages={"max_length": HOUSEHOLD_NOT_FOUND},
        )
    )
    purpose = from_model(FundSpending, "purpose", label=_("Nội dung chi"), required=False)
    amount = from_model(FundSpending, "amount", label=_("Số tiền (đ)"), min_value=1)
    spent_on = BoundedDateField(
        label=_("Ngày chi"),
        widget=DateInput(),
        future_message=_("Ngày chi không được ở tương lai."),
    )
    decision_number = from_model(FundSpending, "decision_number", label=_("Số quyết định chi"))
    note = from_model(FundSpending, "note", label=_("Ghi chú"), required=False)

    def __init__(self, *args: Any, households: QuerySet[Household], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.households = households

    def clean_household_code(self) -> Household | None:
        """The household with this code among those the user may support, else an error."""
        code = (self.cleaned_data.get("household_code") or "").strip()
        if not code:
            return None
        household = self.households.filter(code=code).select_related("quarter").first()
        if household is None:
            raise forms.ValidationError(HOUSEHOLD_NOT_FOUND)
        return household

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            not self.has_error("household_code")
            and data.get("household_code") is None
            and not (data.get("purpose") or "").strip()
        ):
            self.add_error("purpose", _("Hãy nhập mã hộ được hỗ trợ hoặc ghi nội dung chi."))
        return data
