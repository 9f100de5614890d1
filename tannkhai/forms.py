from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm, UsernameField
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from households.models import Area
from tannkhai.inputs import BoundedModelMultipleChoiceField, not_stored
from tannkhai.models import Role, User


class AreaMultipleChoiceField(BoundedModelMultipleChoiceField):
    def label_from_instance(self, obj: Area) -> str:  # type: ignore[override]
        return f"{obj.get_kind_display()}: {obj.name}"


class UserForm(forms.ModelForm):
    areas = AreaMultipleChoiceField(
        label=_("Địa bàn phụ trách"),
        queryset=Area.objects.filter(valid_to__isnull=True).order_by("path"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Người dùng thấy các địa bàn này và mọi địa bàn trực thuộc."),
    )

    class Meta:
        model = User
        fields = ["username", "full_name", "email", "role", "organisation", "areas", "is_active"]

    def clean_username(self) -> str:
        username: str = self.cleaned_data.get("username") or ""
        if (
            username
            and User.objects.filter(username__iexact=username).exclude(pk=self.instance.pk).exists()
        ):
            raise forms.ValidationError(
                _("Tên đăng nhập đã được sử dụng (không phân biệt chữ hoa, chữ thường)."),
                code="unique",
            )
        return username

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        role = data.get("role")
        areas = data.get("areas")
        if role in (Role.OFFICER, Role.LEADER, Role.QUARTER_HEAD) and not areas:
            self.add_error("areas", _("Vai trò này cần ít nhất một địa bàn phụ trách."))
        if role == Role.QUARTER_HEAD and areas and any(a.kind != Area.Kind.QUARTER for a in areas):
            self.add_error("areas", _("Trưởng khu phố / ấp chỉ phụ trách khu phố / ấp."))
        if role == Role.ORG_MEMBER and not data.get("organisation"):
            self.add_error("organisation", _("Hãy ghi tổ chức, đoàn thể của người dùng."))
        return data


class NewUserForm(UserForm):
    password = forms.CharField(
        label=_("Mật khẩu ban đầu"),
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        # The same rules as the self-service change, judged against the user being
        # created: the instance now carries the typed user name, full name and e-mail.
        password = self.cleaned_data.get("password")
        if password:
            try:
                validate_password(password, self.instance)
            except forms.ValidationError as error:
                self.add_error("password", error)


class SignInForm(AuthenticationForm):
    """Django's sign-in form, saying what is true here: the user name ignores case."""

    # A lookup, as long as the column allows.
    username = not_stored(
        UsernameField(max_length=150, widget=forms.TextInput(attrs={"autofocus": True}))
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Tên đăng nhập hoặc mật khẩu không đúng. Mật khẩu phân biệt chữ hoa, chữ thường; "
            "tên đăng nhập thì không."
        ),
    }


class AdminSetPasswordForm(SetPasswordForm):
    pass
