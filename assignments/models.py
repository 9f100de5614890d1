"""Helpers of poor households: organisations, people, their assignments to households,
the support log, and the plan's responsibility matrix (section V).

Most helpers have no login: an officer records on their behalf. A person with a login
(an organisation member) sees exactly the households assigned to them and logs their own
support (``households.selectors.households_visible_to``).
"""

from __future__ import annotations

import uuid
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tannkhai.inputs import CleanTextModel
from tannkhai.storage import PrivateStorage, private_storage

__all__ = ["PrivateStorage", "private_storage"]


def commitment_upload_to(instance: Any, filename: str) -> str:
    """A random name: the typed name never reaches the file system."""
    suffix = PurePath(filename).suffix.lower()[:5]
    return f"commitments/{uuid.uuid4().hex}{suffix}"


class Organisation(CleanTextModel, models.Model):
    class Kind(models.TextChoices):
        PARTY_COMMITTEE = "party", _("Đảng ủy, chi bộ")
        FATHERLAND_FRONT = "front", _("Ủy ban MTTQ Việt Nam")
        FARMERS = "farmers", _("Hội Nông dân")
        WOMEN = "women", _("Hội Liên hiệp Phụ nữ")
        YOUTH = "youth", _("Đoàn Thanh niên")
        VETERANS = "veterans", _("Hội Cựu chiến binh")
        TRADE_UNION = "union", _("Công đoàn")
        COMMUNE_OFFICE = "office", _("Cơ quan, ban ngành của xã")
        BUSINESS = "business", _("Doanh nghiệp")
        BANK = "bank", _("Ngân hàng")
        OTHER = "other", _("Tổ chức khác")

    commune = models.ForeignKey(
        "households.Area",
        verbose_name=_("xã / phường"),
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    name = models.CharField(_("tên tổ chức"), max_length=150)
    short_name = models.CharField(_("tên viết tắt"), max_length=50, blank=True)
    kind = models.CharField(
        _("loại tổ chức"), max_length=10, choices=Kind.choices, default=Kind.OTHER
    )
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tổ chức, đoàn thể")
        verbose_name_plural = _("tổ chức, đoàn thể")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "name"], name="organisation_name_per_commune"
            )
        ]

    def __str__(self) -> str:
        return self.short_name or self.name


class Person(CleanTextModel, models.Model):
    """An official, party member or member of an organisation who helps households."""

    commune = models.ForeignKey(
        "households.Area",
        verbose_name=_("xã / phường"),
        on_delete=models.PROTECT,
        related_name="helpers",
    )
    full_name = models.CharField(_("họ và tên"), max_length=150)
    title = models.CharField(_("chức vụ"), max_length=150, blank=True)
    organisations = models.ManyToManyField(
        Organisation, verbose_name=_("tổ chức sinh hoạt"), blank=True, related_name="people"
    )
    is_party_member = models.BooleanField(_("đảng viên"), default=False)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản đăng nhập"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="helper",
        help_text=_("Chỉ khi người này tự đăng nhập để ghi nhận giúp đỡ."),
    )
    is_active = models.BooleanField(_("còn tham gia"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("người giúp đỡ")
        verbose_name_plural = _("người giúp đỡ")
        ordering = ["full_name", "pk"]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.title})" if self.title else self.full_name


class Assignment(CleanTextModel, models.Model):
    """A person and/or an organisation assigned to help a household, for a period."""

    household = models.ForeignKey(
        "households.Household",
        verbose_name=_("hộ"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("người được phân công"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("tổ chức"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
    )
    started_on = models.DateField(_("từ ngày"))
    ended_on = models.DateField(_("đến ngày"), null=True, blank=True)
    end_reason = models.CharField(_("lý do kết thúc"), max_length=200, blank=True)
    aim_year = models.PositiveSmallIntegerField(
        _("phấn đấu thoát nghèo năm"), null=True, blank=True
    )
    commitment_signed_on = models.DateField(_("ngày ký cam kết"), null=True, blank=True)
    commitment_text = models.TextField(_("nội dung cam kết"), blank=True)
    commitment_file = models.FileField(
        _("bản cam kết (scan)"),
        storage=private_storage,
        upload_to=commitment_upload_to,
        max_length=200,
        blank=True,
    )
    note = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người phân công"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phân công giúp đỡ")
        verbose_name_plural = _("phân công giúp đỡ")
        ordering = ["-started_on", "-pk"]
        indexes = [
            # The organisation member's scope: their person's open assignments.
            models.Index(fields=["person", "ended_on"], name="assignment_person_open"),
            # Coverage at a date: the household's assignments by period.
            models.Index(fields=["household", "started_on"], name="assignment_household_from"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="assignment_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(organisation__isnull=False),
                name="assignment_has_helper",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.helper_name} → {self.household}"

    @property
    def helper_name(self) -> str:
        if self.person_id and self.organisation_id:
            return f"{self.person.full_name} ({self.organisation})"  # type: ignore[union-attr]
        if self.person_id:
            return self.person.full_name  # type: ignore[union-attr]
        return str(self.organisation)

    def active_on(self, day: Any) -> bool:
        return self.started_on <= day and (self.ended_on is None or self.ended_on >= day)

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            errors["ended_on"] = _("Ngày kết thúc phải sau ngày bắt đầu.")
        if not self.person_id and not self.organisation_id:
            errors["person"] = _("Hãy chọn người được phân công hoặc tổ chức nhận giúp đỡ.")
        if self.aim_year is not None and not 2000 <= self.aim_year <= 2100:
            errors["aim_year"] = _("Năm phải từ 2000 đến 2100.")
        elif self.aim_year is not None and self.started_on and self.aim_year < self.started_on.year:
            errors["aim_year"] = _("Năm phấn đấu thoát nghèo không được trước năm bắt đầu giúp đỡ.")
        if errors:
            raise ValidationError(errors)


class SupportLog(CleanTextModel, models.Model):
    """One visit or one piece of help, logged by the helper or by an officer for them."""

    class Kind(models.TextChoices):
        VISIT = "visit", _("Thăm hỏi")
        PERSUASION = "persuasion", _("Tuyên truyền, vận động")
        PRODUCTION = "production", _("Hướng dẫn sản xuất")
        MATERIAL = "material", _("Hỗ trợ vật chất")
        JOB = "job", _("Giới thiệu việc làm")
        PAPERWORK = "paperwork", _("Hỗ trợ thủ tục, giấy tờ")

    class Form(models.TextChoices):
        NONE = "none", _("Không có giá trị")
        MONEY = "money", _("Tiền mặt")
        IN_KIND = "in_kind", _("Hiện vật (quy ra tiền)")

    assignment = models.ForeignKey(
        Assignment,
        verbose_name=_("phân công"),
        on_delete=models.PROTECT,
        related_name="support_logs",
    )
    happened_on = models.DateField(_("ngày"))
    kind = models.CharField(_("hình thức giúp đỡ"), max_length=12, choices=Kind.choices)
    notes = models.TextField(_("nội dung"), blank=True)
    value = models.PositiveBigIntegerField(_("giá trị hỗ trợ (đ)"), default=0)
    value_form = models.CharField(
        _("dạng hỗ trợ"), max_length=8, choices=Form.choices, default=Form.NONE
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nhật ký giúp đỡ")
        verbose_name_plural = _("nhật ký giúp đỡ")
        ordering = ["-happened_on", "-pk"]
        indexes = [
            # The yearly evaluation and the household's support summary.
            models.Index(fields=["assignment", "happened_on"], name="supportlog_assignment_day"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(value=0) | ~Q(value_form="none"), name="supportlog_value_has_form"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.happened_on:%d/%m/%Y}"

    def clean(self) -> None:
        if self.value and self.value_form == self.Form.NONE:
            raise ValidationError(
                {"value_form": _("Có giá trị hỗ trợ thì hãy chọn tiền mặt hay hiện vật.")}
            )


# -- the plan's responsibility matrix (section V) --------------------------------------


class ResponsibleUnit(CleanTextModel, models.Model):
    """One of the units or roles the plan assigns duties to (14 in the 2021–2025 plan)."""

    program = models.ForeignKey(
        "targets.Program",
        verbose_name=_("chương trình"),
        on_delete=models.CASCADE,
        related_name="responsible_units",
    )
    code = models.CharField(_("mã"), max_length=20)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    name = models.CharField(_("đơn vị, chức danh"), max_length=300)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đơn vị được phân công")
        verbose_name_plural = _("đơn vị được phân công")
        ordering = ["program", "order"]
        constraints = [
            models.UniqueConstraint(fields=["program", "code"], name="responsible_unit_code"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"


class Duty(CleanTextModel, models.Model):
    """A duty of the plan: the unit that leads it, those that coordinate, its indicators."""

    program = models.ForeignKey(
        "targets.Program",
        verbose_name=_("chương trình"),
        on_delete=models.CASCADE,
        related_name="duties",
    )
    code = models.CharField(_("mã"), max_length=20)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    unit = models.ForeignKey(
        ResponsibleUnit,
        verbose_name=_("đơn vị được giao"),
        on_delete=models.CASCADE,
        related_name="duties",
    )
    text = models.TextField(_("nhiệm vụ"))
    lead = models.ForeignKey(
        ResponsibleUnit,
        verbose_name=_("đơn vị chủ trì"),
        on_delete=models.PROTECT,
        related_name="led_duties",
    )
    coordinators = models.ManyToManyField(
        ResponsibleUnit,
        verbose_name=_("đơn vị phối hợp"),
        blank=True,
        related_name="coordinated_duties",
    )
    indicators = models.ManyToManyField(
        "targets.Indicator",
        verbose_name=_("chỉ tiêu liên quan"),
        blank=True,
        related_name="duties",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nhiệm vụ được phân công")
        verbose_name_plural = _("nhiệm vụ được phân công")
        ordering = ["program", "order"]
        constraints = [
            models.UniqueConstraint(fields=["program", "code"], name="duty_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.text[:60]}"


class DutyStatus(CleanTextModel, models.Model):
    """The year's state of a duty, entered by an officer for the unit."""

    class State(models.TextChoices):
        NOT_STARTED = "not_started", _("Chưa triển khai")
        IN_PROGRESS = "in_progress", _("Đang thực hiện")
        DONE = "done", _("Hoàn thành")
        BEHIND = "behind", _("Chậm, có vướng mắc")

    duty = models.ForeignKey(
        Duty, verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE, related_name="statuses"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    state = models.CharField(_("tình trạng"), max_length=12, choices=State.choices)
    progress_note = models.TextField(_("kết quả thực hiện"), blank=True)
    problems = models.TextField(_("khó khăn, vướng mắc"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người cập nhật"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tình hình thực hiện nhiệm vụ")
        verbose_name_plural = _("tình hình thực hiện nhiệm vụ")
        ordering = ["duty", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["duty", "year"], name="duty_status_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.duty.code} {self.year}: {self.get_state_display()}"
