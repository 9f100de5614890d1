from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tannkhai import permissions
from tannkhai.forms import AdminSetPasswordForm, NewUserForm, UserForm
from tannkhai.models import Role, User


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page links; send them to the static icon."""
    # Not permanent: the static name carries a content hash that changes with the icon.
    return redirect(static("favicon.ico"))


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Leaders and officers start on the progress dashboard, others on the registry."""
    user: User = request.user  # type: ignore[assignment]
    if user.is_superuser or user.role in (Role.LEADER, Role.OFFICER, Role.ADMIN):
        return redirect("targets:dashboard")
    return redirect("households:list")


@permissions.require(permissions.can_manage_users)
def user_list(request: HttpRequest) -> HttpResponse:
    users = User.objects.prefetch_related("areas").order_by("-is_active", "role", "username")
    return render(request, "accounts/user_list.html", {"users": users})


@permissions.require(permissions.can_manage_users)
@require_http_methods(["GET", "POST"])
def user_create(request: HttpRequest) -> HttpResponse:
    form = NewUserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = form.save(commit=False)
            user.set_password(form.cleaned_data["password"])
            user.save()
            form.save_m2m()
        messages.success(request, _("Đã tạo người dùng %(name)s.") % {"name": user.username})
        return redirect("accounts:users")
    return render(request, "accounts/user_form.html", {"form": form, "object": None})


@permissions.require(permissions.can_manage_users)
@require_http_methods(["GET", "POST"])
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    target = get_object_or_404(User, pk=pk)
    form = UserForm(request.POST or None, instance=target)
    if request.method == "POST" and form.is_valid():
        if target.pk == request.user.pk and not form.cleaned_data["is_active"]:
            form.add_error("is_active", _("Bạn không thể tự khóa tài khoản của mình."))
        else:
            form.save()
            messages.success(request, _("Đã lưu người dùng %(name)s.") % {"name": target.username})
            return redirect("accounts:users")
    return render(request, "accounts/user_form.html", {"form": form, "object": target})


@permissions.require(permissions.can_manage_users)
@require_http_methods(["GET", "POST"])
def user_set_password(request: HttpRequest, pk: int) -> HttpResponse:
    target = get_object_or_404(User, pk=pk)
    form = AdminSetPasswordForm(target, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request, _("Đã đặt mật khẩu mới cho %(name)s.") % {"name": target.username}
        )
        return redirect("accounts:users")
    return render(request, "accounts/user_password.html", {"form": form, "object": target})
