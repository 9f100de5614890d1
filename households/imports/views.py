"""Excel imports: upload, preview, confirm, rejected rows (the owner's), for the registry
(households and members) and for a campaign's review results. The pages of a batch are
the same for both kinds; each kind's URLs say where they are."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from households.imports import engine, recovery
from households.imports.models import ImportBatch
from households.permissions import can_edit_registry
from households.reviews import selectors as review_selectors
from households.reviews.models import ReviewCampaign
from tannkhai import permissions
from tannkhai.audit import log_access
from tannkhai.models import AccessLog
from tannkhai.viewutils import current_user

KIND = ImportBatch.Kind.HOUSEHOLDS
REVIEWS = ImportBatch.Kind.REVIEWS
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


# ---------------------------------------------------------------- a batch's pages


def batch_urls(batch: ImportBatch) -> dict[str, str]:
    """Where a batch's pages are: the registry's, or its campaign's."""
    if batch.kind == REVIEWS:
        args: tuple[Any, ...] = (batch.target, batch.pk)
        return {
            "start": reverse("reviews:import", args=(batch.target,)),
            "page": reverse("reviews:import_batch", args=args),
            "confirm": reverse("reviews:import_confirm", args=args),
            "rejected": reverse("reviews:import_rejected", args=args),
            "retry": reverse("reviews:import_retry", args=args),
        }
    return {
        "start": reverse("households:import"),
        "page": reverse("households:import_batch", args=(batch.pk,)),
        "confirm": reverse("households:import_confirm", args=(batch.pk,)),
        "rejected": reverse("households:import_rejected", args=(batch.pk,)),
        "retry": reverse("households:import_retry", args=(batch.pk,)),
    }


def _with_urls(batches: list[ImportBatch]) -> list[ImportBatch]:
    for batch in batches:
        batch.url = batch_urls(batch)["page"]  # type: ignore[attr-defined]
    return batches


def _batch_page(
    request: HttpRequest,
    batch: ImportBatch,
    *,
    crumbs: list[tuple[str, str]],
    row_headers: tuple[str, str],
) -> HttpResponse:
    # A worker killed mid-way leaves the batch "running": told here, with "Thử lại".
    recovery.recover([batch])
    urls = batch_urls(batch)
    if getattr(request, "htmx", False):
        if batch.running:
            return render(request, "households/_import_status.html", {"batch": batch, "urls": urls})
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
        # The preview shows names (and masked citizen IDs) of the file's people.
        log_access(
            request,
            action=AccessLog.Action.VIEW_IMPORT,
            detail={"batch": str(batch.pk), "file": batch.filename, "page": page.number},
        )
    context = {
        "batch": batch,
        "urls": urls,
        "crumbs": crumbs,
        "row_headers": row_headers,
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


def _confirm(request: HttpRequest, batch: ImportBatch) -> HttpResponse:
    user = current_user(request)
    page = batch_urls(batch)["page"]
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy chọn cách ghi."))
        return redirect(page)
    try:
        batch = engine.confirm(user=user, batch=batch, mode=form.cleaned_data["mode"])
    except engine.ImportRefused as exc:
        messages.error(request, str(exc))
        return redirect(page)
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
    return redirect(page)


def _rejected(request: HttpRequest, batch: ImportBatch) -> HttpResponse:
    log_access(
        request,
        action=AccessLog.Action.VIEW_IMPORT,
        detail={"batch": str(batch.pk), "file": batch.filename, "rejected": True},
    )
    return engine.rejected_workbook(batch).response(filename="dong-bi-loai")


# ---------------------------------------------------------------- households


def _registry_crumbs() -> list[tuple[str, str]]:
    return [
        (str(_("Hộ gia đình")), reverse("households:list")),
        (str(_("Nhập từ Excel")), reverse("households:import")),
    ]


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
        # Every kind: the review results imported from the campaigns' pages too.
        "batches": _with_urls(engine.batches_of(user)),
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
    batch = engine.batch_get(user=current_user(request), pk=pk, kind=KIND)
    return _batch_page(
        request,
        batch,
        crumbs=_registry_crumbs(),
        row_headers=(str(_("Họ và tên")), str(_("Số CCCD"))),
    )


@permissions.require(can_edit_registry)
@require_POST
def import_confirm(request: HttpRequest, pk: Any) -> HttpResponse:
    return _confirm(request, engine.batch_get(user=current_user(request), pk=pk, kind=KIND))


@permissions.require(can_edit_registry)
@require_POST
def import_retry(request: HttpRequest, pk: Any) -> HttpResponse:
    """Run an interrupted or failed batch's step again."""
    return _retry(request, engine.batch_get(user=current_user(request), pk=pk, kind=KIND))


def _retry(request: HttpRequest, batch: ImportBatch) -> HttpResponse:
    try:
        recovery.retry(user=current_user(request), batch=batch)
    except recovery.NotRetryable:
        messages.error(request, _("Lô này không ở trạng thái lỗi nên không thử lại được."))
    return redirect(batch_urls(batch)["page"])


@permissions.require(can_edit_registry)
def import_rejected(request: HttpRequest, pk: Any) -> HttpResponse:
    return _rejected(request, engine.batch_get(user=current_user(request), pk=pk, kind=KIND))


# ---------------------------------------------------------------- a campaign's review results


def _campaign(request: HttpRequest, pk: int) -> ReviewCampaign:
    """The campaign, when the user sees it (404 otherwise)."""
    return review_selectors.campaign_get(user=current_user(request), pk=pk)


def _review_batch(request: HttpRequest, campaign: ReviewCampaign, batch_pk: Any) -> ImportBatch:
    batch = engine.batch_get(user=current_user(request), pk=batch_pk, kind=REVIEWS)
    if batch.target != str(campaign.pk):
        raise Http404
    return batch


def _campaign_crumbs(campaign: ReviewCampaign) -> list[tuple[str, str]]:
    return [
        (str(_("Rà soát")), reverse("reviews:campaigns")),
        (str(campaign), reverse("reviews:campaign", args=(campaign.pk,))),
        (str(_("Nhập kết quả từ Excel")), reverse("reviews:import", args=(campaign.pk,))),
    ]


@permissions.require(can_edit_registry, methods=("GET", "POST"))
def review_import_start(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    campaign = _campaign(request, pk)
    importer = engine.importer_for(REVIEWS).for_target(str(campaign.pk))
    refusal = importer.refusal()  # type: ignore[attr-defined]
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = engine.upload(
                user=user, kind=REVIEWS, file=form.cleaned_data["file"], target=str(campaign.pk)
            )
        except engine.ImportRefused as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("reviews:import_batch", pk=campaign.pk, batch_pk=batch.pk)
    context = {
        "campaign": campaign,
        "refusal": refusal,
        "form": form,
        "batches": _with_urls(engine.batches_of(user, kind=REVIEWS, target=str(campaign.pk))),
        "background_rows": settings.IMPORT_BACKGROUND_ROWS,
        "max_rows": settings.IMPORT_MAX_ROWS,
        "uses_score_a": importer.uses_score_a(),  # type: ignore[attr-defined]
    }
    return render(request, "reviews/import_start.html", context)


@permissions.require(can_edit_registry)
def review_import_template(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    importer = engine.importer_for(REVIEWS).for_target(str(campaign.pk))
    book = importer.template(current_user(request))
    return book.response(filename=importer.template_filename())


@permissions.require(can_edit_registry)
def review_import_batch(request: HttpRequest, pk: int, batch_pk: Any) -> HttpResponse:
    campaign = _campaign(request, pk)
    batch = _review_batch(request, campaign, batch_pk)
    return _batch_page(
        request,
        batch,
        crumbs=_campaign_crumbs(campaign),
        row_headers=(str(_("Chủ hộ")), str(_("Khu phố / ấp"))),
    )


@permissions.require(can_edit_registry)
@require_POST
def review_import_confirm(request: HttpRequest, pk: int, batch_pk: Any) -> HttpResponse:
    campaign = _campaign(request, pk)
    return _confirm(request, _review_batch(request, campaign, batch_pk))


@permissions.require(can_edit_registry)
@require_POST
def review_import_retry(request: HttpRequest, pk: int, batch_pk: Any) -> HttpResponse:
    campaign = _campaign(request, pk)
    return _retry(request, _review_batch(request, campaign, batch_pk))


@permissions.require(can_edit_registry)
def review_import_rejected(request: HttpRequest, pk: int, batch_pk: Any) -> HttpResponse:
    campaign = _campaign(request, pk)
    return _rejected(request, _review_batch(request, campaign, batch_pk))
