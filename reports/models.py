"""Files made in the background: a long list or the whole registry, asked for by one
user, made by the task worker (``manage.py db_worker``) and downloaded by that user only."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tannkhai.inputs import CleanTextModel


class ExportJob(CleanTextModel):
    class Kind(models.TextChoices):
        REGISTRY = "registry", _("Danh sách hộ gia đình (Excel)")
        REPORT = "report", _("Báo cáo")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang tạo")
        DONE = "done", _("Đã xong")
        FAILED = "failed", _("Không tạo được")

    # A random key: the address of a job reveals nothing and cannot be guessed.
    id = models.UUIDField(_("mã"), primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người yêu cầu"),
        on_delete=models.CASCADE,
        related_name="export_jobs",
    )
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    report_key = models.CharField(_("báo cáo"), max_length=40, blank=True)
    fmt = models.CharField(_("định dạng"), max_length=10)
    # The query string the user chose (filters, report parameters), read again by the
    # worker through the same scoped selectors as the page.
    query = models.TextField(_("tham số"), blank=True)
    language = models.CharField(_("ngôn ngữ"), max_length=10, default="vi")
    title = models.CharField(_("tên tệp"), max_length=255)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    done = models.PositiveIntegerField(_("số dòng đã ghi"), default=0)
    total = models.PositiveIntegerField(_("tổng số dòng"), default=0)
    # Relative to the private storage (MEDIA_ROOT/private); empty until done.
    file = models.CharField(_("tệp"), max_length=255, blank=True)
    filename = models.CharField(_("tên tải về"), max_length=120, blank=True)
    size = models.PositiveBigIntegerField(_("dung lượng"), default=0)
    error = models.TextField(_("lỗi"), blank=True)
    # A failure that says nothing about the request (the worker stopped, an unexpected
    # error): the owner may try again, so the parameters are kept until then.
    retryable = models.BooleanField(_("có thể thử lại"), default=False)
    task_id = models.CharField(_("mã tác vụ"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("yêu cầu lúc"), auto_now_add=True)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)
    downloaded_at = models.DateTimeField(_("tải về lần đầu lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("tệp tạo nền")
        verbose_name_plural = _("tệp tạo nền")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="exportjob_owner_created")]

    def __str__(self) -> str:
        return str(self.title)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.total:
            return 0
        return min(99, self.done * 100 // self.total)

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
