"""Forms of the assignments screens. Every field is built from its column
(``from_model``) or marked ``not_stored``; the services check everything again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from assignments.models import Assignment, DutyStatus, Organisation, Person, SupportLog
from assignments.validators import validate_commitment_file
from households.forms import DateInput
from households.models import Household
from tannkhai.dates import LONG_PLANNED, PAST, PLANNED, bound_date_field
from tannkhai.inputs import BoundedModelMultipleChoiceField, from_model, not_stored
from tannkhai.models import Role, User


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:  # type: ignore[override]
        label = str(obj)
        return f"{label} · {_('đảng viên')}" if obj.is_party_member else label


class CommitmentFileField(forms.FileField):
    def clean(self, data: Any, initial: Any = None) -> Any:
        value = super().clean(data, initial)
        if value:
            validate_commitment_file(value)
        return value


def _date(model: type, name: str, bounds: Any, **kwargs: Any) -> forms.Field:
    field = from_model(model, name, widget=DateInput(), **kwargs)
    return bound_date_field(field, bounds)


class HelperChoiceMixin:
    """The person and organisation fields, limited to the household's commune."""

    fields: dict[str, forms.Field]

    def limit_helpers(
        self, *, people: QuerySet[Person], organisations: QuerySet[Organisation]
    ) -> None:
        self.fields["person"].queryset = people  # type: ignore[attr-defined]
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class AssignmentForm(HelperChoiceMixin, forms.Form):
    person = from_model(
        Assignment,
        "person",
        form_class=PersonChoiceField,
        queryset=Person.objects.none(),
        required=False,
    )
    organisation = from_model(
        Assignment, "organisation", queryset=Organisation.objects.none(), required=False
    )
    started_on = _date(Assignment, "started_on", PLANNED)
    ended_on = _date(
        Assignment,
        "ended_on",
        LONG_PLANNED,
        required=False,
        help_text=_("Để trống nếu chưa định ngày kết thúc."),
    )
    aim_year = from_model(
        Assignment,
        "aim_year",
        min_value=2000,
        max_value=2100,
        required=False,
        help_text=_("Năm hộ phấn đấu thoát nghèo, theo cam kết."),
    )
    commitment_signed_on = _date(
        Assignment, "commitment_signed_on", PAST.named(_("Ngày ký cam kết không được ở tương lai."))
    )
    commitment_text = from_model(
        Assignment, "commitment_text", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    commitment_file = from_model(
        Assignment,
        "commitment_file",
        form_class=CommitmentFileField,
        required=False,
        help_text=_("PDF, JPEG hoặc PNG, tối đa 5 MB."),
    )
    note = from_model(Assignment, "note", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(
        self,
        *args: Any,
        people: QuerySet[Person],
        organisations: QuerySet[Organisation],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commitment_signed_on"].required = False
        self.limit_helpers(people=people, organisations=organisations)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("person") and not data.get("organisation") and not self.has_error("person"):
            self.add_error("person", _("Hãy chọn người được phân công hoặc tổ chức nhận giúp đỡ."))
        start, end = data.get("started_on"), data.get("ended_on")
        if start and end and end < start:
            self.add_error("ended_on", _("Ngày kết thúc phải sau ngày bắt đầu."))
        aim = data.get("aim_year")
        if aim and start and aim < start.year:
            self.add_error(
                "aim_year", _("Năm phấn đấu thoát nghèo không được trước năm bắt đầu giúp đỡ.")
            )
        return data


class BulkAssignForm(HelperChoiceMixin, forms.Form):
    """One helper for several uncovered households at once."""

    households = not_stored(
        BoundedModelMultipleChoiceField(
            label=_("Các hộ được chọn"),
            queryset=Household.objects.none(),
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": _("Hãy chọn ít nhất một hộ.")},
        )
    )
    person = from_model(
        Assignment,
        "person",
        form_class=PersonChoiceField,
        queryset=Person.objects.none(),
        required=False,
    )
    organisation = from_model(
        Assignment, "organisation", queryset=Organisation.objects.none(), required=False
    )
    started_on = _date(Assignment, "started_on", PLANNED)
    aim_year = from_model(Assignment, "aim_year", min_value=2000, max_value=2100, required=False)

    def __init__(
        self,
        *args: Any,
        households: QuerySet[Household],
        people: QuerySet[Person],
        organisations: QuerySet[Organisation],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["households"].queryset = households  # type: ignore[attr-defined]
        self.limit_helpers(people=people, organisations=organisations)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("person") and not data.get("organisation") and not self.has_error("person"):
            self.add_error("person", _("Hãy chọn người được phân công hoặc tổ chức nhận giúp đỡ."))
        return data


class EndForm(forms.Form):
    ended_on = _date(Assignment, "ended_on", PLANNED, required=True)
    end_reason = from_model(Assignment, "end_reason", required=False)


class ReassignForm(HelperChoiceMixin, forms.Form):
    person = from_model(
        Assignment,
        "person",
        form_class=PersonChoiceField,
        queryset=Person.objects.none(),
        required=False,
        label=_("Người nhận giúp đỡ tiếp"),
    )
    organisation = from_model(
        Assignment, "organisation", queryset=Organisation.objects.none(), required=False
    )
    handed_over_on = _date(
        Assignment,
        "started_on",
        PLANNED,
        label=_("Ngày chuyển giao"),
        help_text=_("Người cũ kết thúc ngày hôm trước, người mới bắt đầu từ ngày này."),
    )
    end_reason = from_model(Assignment, "end_reason", required=False)
    note = from_model(Assignment, "note", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(
        self,
        *args: Any,
        people: QuerySet[Person],
        organisations: QuerySet[Organisation],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.limit_helpers(people=people, organisations=organisations)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("person") and not data.get("organisation") and not self.has_error("person"):
            self.add_error("person", _("Hãy chọn người được phân công hoặc tổ chức nhận giúp đỡ."))
        return data


class SupportLogForm(forms.Form):
    happened_on = _date(
        SupportLog, "happened_on", PAST.named(_("Ngày giúp đỡ không được ở tương lai."))
    )
    kind = from_model(SupportLog, "kind", widget=forms.RadioSelect)
    notes = from_model(
        SupportLog, "notes", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    value = from_model(
        SupportLog,
        "value",
        required=False,
        help_text=_("Số tiền, hoặc giá trị hiện vật quy ra tiền (đồng). Để trống nếu không có."),
    )
    value_form = from_model(SupportLog, "value_form", widget=forms.RadioSelect)

    def clean_value(self) -> int:
        return self.cleaned_data.get("value") or 0

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("value") and data.get("value_form") == SupportLog.Form.NONE:
            self.add_error("value_form", _("Có giá trị hỗ trợ thì hãy chọn tiền mặt hay hiện vật."))
        return data


class PersonForm(forms.Form):
    full_name = from_model(Person, "full_name")
    title = from_model(Person, "title", required=False)
    organisations = from_model(
        Person,
        "organisations",
        form_class=BoundedModelMultipleChoiceField,
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    is_party_member = from_model(Person, "is_party_member", required=False)
    phone = from_model(Person, "phone", required=False)
    user = from_model(Person, "user", queryset=User.objects.none(), required=False)
    is_active = from_model(Person, "is_active", required=False)

    def __init__(
        self,
        *args: Any,
        organisations: QuerySet[Organisation],
        person: Person | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = organisations  # type: ignore[attr-defined]
        free = User.objects.filter(role=Role.ORG_MEMBER, is_active=True, helper__isnull=True)
        if person is not None and person.user_id:
            free = free | User.objects.filter(pk=person.user_id)
        self.fields["user"].queryset = free.order_by("username")  # type: ignore[attr-defined]


class DutyStatusForm(forms.Form):
    state = from_model(DutyStatus, "state")
    progress_note = from_model(
        DutyStatus, "progress_note", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    problems = from_model(
        DutyStatus, "problems", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
