"""An import of an Excel file: who uploaded it, what the preview found, what was written."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tannkhai.inputs import CleanTextModel


class ImportBatch(CleanTextModel):
    # The uploaded file's own name: kept (invisible characters stripped), never refused.
    free_text_fields = ("filename",)

    class Kind(models.TextChoices):
        HOUSEHOLDS = "households", _("Hộ gia đình và thành viên")
        REVIEWS = "reviews", _("Kết quả rà soát của một đợt")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang xử lý")
        PREVIEWED = "previewed", _("Chờ xác nhận")
        INVALID = "invalid", _("Tệp không đọc được")
        DONE = "done", _("Đã nhập")
        FAILED = "failed", _("Không nhập được")

    class Stage(models.TextChoices):
        PREVIEW = "preview", _("Xem trước")
        CONFIRM = "confirm", _("Ghi dữ liệu")

    class Mode(models.TextChoices):
        ALL = "all", _("Tất cả hoặc không gì cả")
        SKIP = "skip", _("Bỏ qua các dòng lỗi")

    # A random key: the address of a batch reveals nothing and cannot be guessed.
    id = models.UUIDField(_("mã"), primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        on_delete=models.PROTECT,
        related_name="import_batches",
    )
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    # What the kind is about beyond the user: the campaign's id for review results,
    # empty for households.
    target = models.CharField(_("đối tượng"), max_length=40, blank=True)
    filename = models.CharField(_("tên tệp"), max_length=255)
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    # Relative to the private storage (MEDIA_ROOT/private/imports/).
    file = models.CharField(_("tệp"), max_length=255)
    language = models.CharField(_("ngôn ngữ"), max_length=10, default="vi")
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    stage = models.CharField(_("bước"), max_length=10, choices=Stage.choices, default=Stage.PREVIEW)
    mode = models.CharField(_("cách ghi"), max_length=5, choices=Mode.choices, blank=True)
    total = models.PositiveIntegerField(_("số dòng"), default=0)
    done = models.PositiveIntegerField(_("số dòng đã xử lý"), default=0)
    new_count = models.PositiveIntegerField(_("mới"), default=0)
    updated_count = models.PositiveIntegerField(_("cập nhật"), default=0)
    unchanged_count = models.PositiveIntegerField(_("không đổi"), default=0)
    rejected_count = models.PositiveIntegerField(_("bị loại"), default=0)
    # The preview's rows (status, reasons, what changes) and a digest of that outcome:
    # confirm writes only when planning again gives the same digest.
    preview = models.JSONField(_("xem trước"), default=list, blank=True)
    headers = models.JSONField(_("dòng tiêu đề của tệp"), default=list, blank=True)
    digest = models.CharField(_("mã kết quả xem trước"), max_length=64, blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    task_id = models.CharField(_("mã tác vụ"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)
    previewed_at = models.DateTimeField(_("xem trước lúc"), null=True, blank=True)
    # When the step now running (preview or write) started: a step run inside a web
    # request that is still "running" long after it started lost its request.
    started_at = models.DateTimeField(_("bắt đầu xử lý lúc"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("ghi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lô nhập Excel")
        verbose_name_plural = _("lô nhập Excel")
        ordering = ["-created_at"]
        indexes = [
            # The upload page lists the user's recent batches.
            models.Index(fields=["owner", "-created_at"], name="importbatch_owner_created"),
        ]

    def __str__(self) -> str:
        return f"{self.filename} · {self.created_at:%d/%m/%Y %H:%M}"

    @property
    def short_id(self) -> str:
        return str(self.id)[:8]

    @property
    def running(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.total:
            return 0
        return min(99, self.done * 100 // self.total)
