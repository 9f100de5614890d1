"""Organisations and the assignment of their members to households.

An organisation member sees exactly the households assigned to them.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tannkhai.inputs import CleanTextModel


class Organisation(CleanTextModel, models.Model):
    commune = models.ForeignKey(
        "households.Area",
        verbose_name=_("xã / phường"),
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    name = models.CharField(_("tên tổ chức"), max_length=150)
    short_name = models.CharField(_("tên viết tắt"), max_length=50, blank=True)

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


class Assignment(CleanTextModel, models.Model):
    """A person (a user of the app) assigned to help a household."""

    household = models.ForeignKey(
        "households.Household",
        verbose_name=_("hộ"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người được phân công"),
        on_delete=models.PROTECT,
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
    note = models.TextField(_("ghi chú"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phân công giúp đỡ")
        verbose_name_plural = _("phân công giúp đỡ")
        ordering = ["-started_on"]
        indexes = [
            # The organisation member's scope: their open assignments.
            models.Index(fields=["member", "ended_on"], name="assignment_member_open"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="assignment_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} → {self.household}"

    def clean(self) -> None:
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("Ngày kết thúc phải sau ngày bắt đầu.")})
