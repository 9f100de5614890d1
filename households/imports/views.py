"""Excel import of the registry: upload, preview, confirm, rejected rows (the owner's)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from households.imports import engine, recovery
from households.imports.models import ImportBatch
from households.permissions import can_edit_registry
from tannkhai import permissions
from tannkhai.audit import log_access
from tannkhai.models import AccessLog
from tannkhai.viewutils import current_user

KIND = ImportBatch.Kind.HOUSEHOLDS
PAGE_SIZE = 100
STATUS_FILTERS = {
    "": _("Tất cả"),
    engine.ERROR: _("Lỗi"),
    engine.NEW: _("Mới"),
    engine.UPDATE: _("Cập nhật"),
    engine.UNCHANGED: _("Không đổi"),
}


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp Excel (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )


class ConfirmForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("Cách ghi"),
        choices=ImportBatch.Mode.choices,
        initial=ImportBatch.Mode.ALL,
        widget=forms.RadioSelect,
    )


@permissions.require(can_edit_registry, methods=("GET", "POST"))
def import_start(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = engine.upload(user=user, kind=KIND, file=form.cleaned_data["file"])
        except engine.ImportRefused as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("households:import_batch", pk=batch.pk)
    context = {
        "form": form,
        "batches": engine.batches_of(user, kind=KIND),
        "background_rows": settings.IMPORT_BACKGROUND_ROWS,
        "max_rows": settings.IMPORT_MAX_ROWS,
        "columns": engine.importer_for(KIND).columns,
    }
    return render(request, "households/import_start.html", context)


@permissions.require(can_edit_registry)
def import_template(request: HttpRequest) -> HttpResponse:
    importer = engine.importer_for(KIND)
    book = importer.template(current_user(request))
    return book.response(filename=importer.template_filename())


@permissions.require(can_edit_registry)
def import_batch(request: HttpRequest, pk: Any) -> HttpResponse:
    user = current_user(request)
    batch = engine.batch_get(user=user, pk=pk, kind=KIND)
    # A worker killed mid-way leaves the batch "running": told here, with "Thử lại".
    recovery.recover([batch])
    if getattr(request, "htmx", False):
        if batch.running:
            return render(request, "households/_import_status.html", {"batch": batch})
        # Finished: the whole page again, with the preview's rows.
        response = HttpResponse("")
        response["HX-Refresh"] = "true"
        return response
    status = request.GET.get("status") or ""
    if status not in STATUS_FILTERS:
        status = ""
    rows = [r for r in batch.preview if not status or r.get("s") == status]
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    if page.object_list:
        # The preview shows names and (masked) citizen IDs of the file's people.
        log_access(
            request,
            action=AccessLog.Action.VIEW_IMPORT,
            detail={"batch": str(batch.pk), "file": batch.filename, "page": page.number},
        )
    context = {
        "batch": batch,
        "page": page,
        "status": status,
        "filters": STATUS_FILTERS,
        "confirm_form": ConfirmForm(
            initial={
                "mode": ImportBatch.Mode.SKIP if engine.has_errors(batch) else ImportBatch.Mode.ALL
            }
        ),
        "can_confirm": batch.status == ImportBatch.Status.PREVIEWED
        and (batch.new_count or batch.updated_count),
    }
    return render(request, "households/import_batch.html", context)


@permissions.require(can_edit_registry)
@require_POST
def import_confirm(request: HttpRequest, pk: Any) -> HttpResponse:
    user = current_user(request)
    batch = engine.batch_get(user=user, pk=pk, kind=KIND)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy chọn cách ghi."))
        return redirect("households:import_batch", pk=batch.pk)
    try:
        batch = engine.confirm(user=user, batch=batch, mode=form.cleaned_data["mode"])
    except engine.ImportRefused as exc:
        messages.error(request, str(exc))
        return redirect("households:import_batch", pk=batch.pk)
    if batch.status == ImportBatch.Status.DONE:
        messages.success(
            request,
            _(
                "Đã nhập: %(new)s dòng mới, %(updated)s dòng cập nhật, "
                "%(unchanged)s dòng không đổi, %(rejected)s dòng bị loại."
            )
            % {
                "new": batch.new_count,
                "updated": batch.updated_count,
                "unchanged": batch.unchanged_count,
                "rejected": batch.rejected_count,
            },
        )
    return redirect("households:import_batch", pk=batch.pk)


@permissions.require(can_edit_registry)
@require_POST
def import_retry(request: HttpRequest, pk: Any) -> HttpResponse:
    """Run an interrupted or failed batch's step again."""
    user = current_user(request)
    batch = engine.batch_get(user=user, pk=pk, kind=KIND)
    try:
        recovery.retry(user=user, batch=batch)
    except recovery.NotRetryable:
        messages.error(request, _("Lô này không ở trạng thái lỗi nên không thử lại được."))
    return redirect("households:import_batch", pk=batch.pk)


@permissions.require(can_edit_registry)
def import_rejected(request: HttpRequest, pk: Any) -> HttpResponse:
    user = current_user(request)
    batch = engine.batch_get(user=user, pk=pk, kind=KIND)
    log_access(
        request,
        action=AccessLog.Action.VIEW_IMPORT,
        detail={"batch": str(batch.pk), "file": batch.filename, "rejected": True},
    )
    return engine.rejected_workbook(batch).response(filename="dong-bi-loai")
