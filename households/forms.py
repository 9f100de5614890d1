from __future__ import annotations

import copy
from typing import Any, cast

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import QuerySet
from django.forms.models import construct_instance
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from households.models import Area, AreaEvent, CommuneSettings, Ethnicity, Household, Member
from tannkhai.dates import BIRTH, EXPIRY, PLANNED, BoundedDateField, bound_date_field
from tannkhai.inputs import VERSION_MAX, from_model, not_stored
from tannkhai.privacy import protect_identifiers


def _choices(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    return cast(forms.ModelChoiceField, form.fields[name])


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class CitizenIdField(forms.CharField):
    """Accepts the number as printed on the card (``070 201 000011``) and keeps the digits."""

    def to_python(self, value: Any) -> str:
        text = super().to_python(value) or ""
        return "".join(text.split()).replace(".", "").replace("-", "")


class ModelChecksAtOnce:
    """Run the model's own checks (field validators such as the citizen ID's, ``clean``)
    in the form, on a copy of the instance, so that every field error shows on the first
    submit instead of appearing in stages (form errors first, the service's next time).

    A mixin for model forms (put before ``forms.ModelForm``). The service still validates
    everything again with what only it knows (the household, uniqueness); the form's
    instance is left untouched.
    """

    def _post_clean(self) -> None:
        form = cast(forms.ModelForm, self)
        candidate = copy.copy(form.instance)
        try:
            candidate = construct_instance(form, candidate, form._meta.fields, form._meta.exclude)
        except ValidationError as exc:
            self._merge_errors(exc)
        exclude = form._get_validation_exclusions()  # type: ignore[attr-defined]
        try:
            candidate.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            self._merge_errors(exc)

    def _merge_errors(self, exc: ValidationError) -> None:
        form = cast(forms.ModelForm, self)
        for name, messages in exc.message_dict.items():
            if name == NON_FIELD_ERRORS:
                form.add_error(None, messages)
            elif name in form.fields and name not in form.errors:
                # A field the form already found wrong keeps the form's message only.
                form.add_error(name, messages)


class VersionedForm(forms.Form):
    """Carries the version the user loaded, for conflict detection."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=VERSION_MAX)


class HouseholdForm(forms.ModelForm):
    # A TextField has no length of its own: the form sets one.
    notes = from_model(Household, "notes", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    class Meta:
        model = Household
        fields = [
            "code",
            "address",
            "phone",
            "ethnicity",
            "is_ethnic_minority",
            "no_labour_capacity",
            "person_of_merit",
            "social_protection",
            "livelihood",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "is_ethnic_minority": _("Tự đánh dấu khi chọn dân tộc thiểu số."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "ethnicity").queryset = Ethnicity.objects.order_by("code")
        self.fields["code"].widget.attrs["autocapitalize"] = "characters"
        self.fields["phone"].widget.attrs.update({"inputmode": "tel", "autocomplete": "off"})

    def clean_code(self) -> str:
        code = " ".join((self.cleaned_data.get("code") or "").split()).upper()
        if not code:
            raise forms.ValidationError(_("Mã hộ không được để trống."))
        return code


class HouseholdEditForm(HouseholdForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=VERSION_MAX)


class MemberForm(ModelChecksAtOnce, forms.ModelForm):
    class Meta:
        model = Member
        fields = [
            "full_name",
            "sex",
            "date_of_birth",
            "birth_year",
            "relation_to_head",
            "ethnicity",
            "citizen_id",
            "has_health_insurance",
            "health_insurance_number",
            "health_insurance_expiry",
            "schooling_level",
            "in_school",
            "vocational_qualification",
            "employment_status",
            "disability",
        ]
        widgets = {
            "date_of_birth": DateInput(),
            "health_insurance_expiry": DateInput(),
        }
        field_classes = {"citizen_id": CitizenIdField}

    def __init__(self, *args: Any, viewer: Any = None, **kwargs: Any) -> None:
        """``viewer``: the signed-in user; identifiers are masked unless they may read
        them (no viewer: masked)."""
        super().__init__(*args, **kwargs)
        self.fields["birth_year"].required = False
        self.fields["birth_year"].widget.attrs["inputmode"] = "numeric"
        self.fields["citizen_id"].widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "off", "maxlength": "16"}
        )
        _choices(self, "ethnicity").queryset = Ethnicity.objects.order_by("code")
        self.fields["employment_status"].required = False
        bound_date_field(
            self.fields["date_of_birth"],
            BIRTH.named(_("Ngày sinh không được ở tương lai.")),
        )
        bound_date_field(self.fields["health_insurance_expiry"], EXPIRY)
        protect_identifiers(
            self, viewer=viewer, instance=self.instance if self.instance.pk else None
        )

    def clean_full_name(self) -> str:
        name = " ".join((self.cleaned_data.get("full_name") or "").split())
        if not name:
            raise forms.ValidationError(_("Họ và tên không được để trống."))
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        dob = data.get("date_of_birth")
        if dob and not data.get("birth_year"):
            data["birth_year"] = dob.year
        if not dob and not data.get("birth_year") and "birth_year" not in self.errors:
            self.add_error("birth_year", _("Hãy nhập ngày sinh hoặc ít nhất năm sinh."))
        if dob and dob > timezone.localdate():
            self.add_error("date_of_birth", _("Ngày sinh không được ở tương lai."))
        return data


class MemberEditForm(MemberForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=VERSION_MAX)


class HeadMemberForm(MemberForm):
    """The head's fields on the new-household form (prefix ``head``)."""

    class Meta(MemberForm.Meta):
        fields = [f for f in MemberForm.Meta.fields if f != "relation_to_head"]


class QuarterChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Area) -> str:  # type: ignore[override]
        parent = obj.parent.name if obj.parent_id and obj.parent else ""
        return f"{obj.name} — {parent}" if parent else obj.name


class NewHouseholdForm(ModelChecksAtOnce, HouseholdForm):
    quarter = QuarterChoiceField(label=_("Khu phố / ấp"), queryset=Area.objects.none())
    confirm_duplicate = forms.BooleanField(
        label=_("Tôi đã kiểm tra: đây là một hộ khác, vẫn tạo hộ mới."), required=False
    )

    class Meta(HouseholdForm.Meta):
        fields = ["quarter", *HouseholdForm.Meta.fields]

    def __init__(self, *args: Any, quarters: QuerySet[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "quarter").queryset = quarters
        if quarters.count() == 1:
            self.fields["quarter"].initial = quarters.first()


class MoveForm(VersionedForm):
    quarter = QuarterChoiceField(label=_("Chuyển đến khu phố / ấp"), queryset=Area.objects.none())

    def __init__(self, *args: Any, quarters: QuerySet[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "quarter").queryset = quarters


class RetireHouseholdForm(VersionedForm):
    reason = forms.ChoiceField(label=_("Lý do"), choices=Household.RetiredReason.choices)
    retired_on = BoundedDateField(
        label=_("Ngày"),
        widget=DateInput(),
        future_message=_("Ngày ra khỏi danh sách không được ở tương lai."),
    )
    # Looks the receiving household up by code.
    merged_into_code = not_stored(
        forms.CharField(
            label=_("Mã hộ nhận nhập"),
            max_length=20,
            required=False,
            help_text=_("Chỉ điền khi lý do là nhập vào hộ khác."),
        )
    )
    # Appended to the household's notes.
    note = from_model(
        Household,
        "notes",
        label=_("Ghi chú"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SetHeadForm(VersionedForm):
    member = forms.ModelChoiceField(label=_("Chủ hộ mới"), queryset=Member.objects.none())

    def __init__(self, *args: Any, household: Household, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = household.members.filter(is_active=True)
        if household.head_id is not None:
            members = members.exclude(pk=household.head_id)
        _choices(self, "member").queryset = members


class RetireMemberForm(VersionedForm):
    reason = forms.ChoiceField(label=_("Lý do"), choices=Member.LeftReason.choices)
    left_on = BoundedDateField(
        label=_("Ngày"),
        widget=DateInput(),
        future_message=_("Ngày ra khỏi hộ không được ở tương lai."),
    )


class AreaRenameForm(forms.Form):
    name = from_model(Area, "name", label=_("Tên mới"))
    effective_date = BoundedDateField(label=_("Ngày hiệu lực"), bounds=PLANNED, widget=DateInput())
    legal_basis = from_model(
        AreaEvent, "legal_basis", label=_("Căn cứ (số quyết định, nghị quyết)"), required=False
    )


class AreaMergeForm(forms.Form):
    into = forms.ModelChoiceField(label=_("Sáp nhập vào"), queryset=Area.objects.none())
    effective_date = BoundedDateField(label=_("Ngày hiệu lực"), bounds=PLANNED, widget=DateInput())
    legal_basis = from_model(
        AreaEvent, "legal_basis", label=_("Căn cứ (số quyết định, nghị quyết)"), required=False
    )

    def __init__(self, *args: Any, area: Area, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "into").queryset = (
            Area.objects.filter(kind=area.kind, valid_to__isnull=True)
            .exclude(pk=area.pk)
            .order_by("name")
        )


class CommuneSettingsForm(forms.Form):
    """What the commune prints on its documents (administrators, outside the Django admin)."""

    issuing_body = from_model(CommuneSettings, "issuing_body", label=_("Cơ quan ban hành"))
    superior_body = from_model(
        CommuneSettings, "superior_body", label=_("Cơ quan cấp trên"), required=False
    )
    place_name = from_model(CommuneSettings, "place_name", label=_("Địa danh ghi ngày tháng"))
    chairman_name = from_model(
        CommuneSettings, "chairman_name", label=_("Họ tên Chủ tịch UBND"), required=False
    )
    chairman_is_placeholder = forms.BooleanField(
        label=_("Tên Chủ tịch là tên minh họa (chưa phải tên thật)"), required=False
    )
    vice_chairman_name = from_model(
        CommuneSettings,
        "vice_chairman_name",
        label=_("Họ tên Phó Chủ tịch UBND (phụ trách VH-XH)"),
        required=False,
    )
    vice_chairman_is_placeholder = forms.BooleanField(
        label=_("Tên Phó Chủ tịch là tên minh họa (chưa phải tên thật)"), required=False
    )
