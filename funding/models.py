"""Funding: sources, the program's funding lines, allocations to households and
disbursements.

A funding line is what a program plans to spend on one kind of support over a period
(the seed's "new house, 1 unit, 100.800.000 đ"). An allocation gives part of a line to
one household, split by source; disbursements pay it out. Money is whole đồng.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tannkhai.inputs import CleanTextModel
from tannkhai.models import BilingualName


class FundingSource(CleanTextModel, BilingualName, models.Model):
    """Where money comes from: data, not an enum (programs merge and change names)."""

    code = models.SlugField(_("mã"), max_length=30, unique=True)
    name = models.CharField(_("tên nguồn"), max_length=200)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=200, blank=True)
    is_state = models.BooleanField(
        _("hỗ trợ của Nhà nước"),
        default=True,
        help_text=_(
            "Ngân sách, chương trình mục tiêu quốc gia, tín dụng chính sách: phần này bị giới "
            "hạn bởi mức hỗ trợ tối đa của dòng kinh phí. Bỏ chọn với nguồn đối ứng (hộ gia "
            "đình, cộng đồng, doanh nghiệp, Quỹ Vì người nghèo…)."
        ),
    )
    is_active = models.BooleanField(_("đang sử dụng"), default=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nguồn kinh phí")
        verbose_name_plural = _("nguồn kinh phí")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.label


class FundingCategory(CleanTextModel, BilingualName, models.Model):
    """A kind of support (new house, house repair, policy-bank loan…), with its rule on
    who may receive it."""

    code = models.SlugField(_("mã"), max_length=30, unique=True)
    name = models.CharField(_("nội dung hỗ trợ"), max_length=200)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=200, blank=True)
    requires_poor_or_near_poor = models.BooleanField(
        _("chỉ cho hộ nghèo, cận nghèo"),
        default=True,
        help_text=_("Hộ phải là hộ nghèo hoặc cận nghèo vào ngày phân bổ."),
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nội dung hỗ trợ")
        verbose_name_plural = _("nội dung hỗ trợ")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.label


class FundingLine(CleanTextModel, models.Model):
    """What a program plans to spend on one kind of support over a period."""

    program = models.ForeignKey(
        "targets.Program",
        verbose_name=_("chương trình"),
        on_delete=models.PROTECT,
        related_name="funding_lines",
    )
    start_year = models.PositiveSmallIntegerField(_("từ năm"))
    end_year = models.PositiveSmallIntegerField(_("đến năm"))
    category = models.ForeignKey(
        FundingCategory,
        verbose_name=_("nội dung hỗ trợ"),
        on_delete=models.PROTECT,
        related_name="lines",
    )
    name = models.CharField(_("tên dòng kinh phí"), max_length=255)
    planned_units = models.PositiveIntegerField(_("số lượng kế hoạch"), null=True, blank=True)
    unit = models.CharField(
        _("đơn vị tính"), max_length=30, blank=True, help_text=_("Ví dụ: căn, nhu cầu, hộ.")
    )
    planned_households = models.PositiveIntegerField(
        _("số hộ kế hoạch"),
        null=True,
        blank=True,
        help_text=_("Khi kế hoạch nêu cả số hộ và số nhu cầu (ví dụ 5 hộ, 11 nhu cầu)."),
    )
    planned_amount = models.PositiveBigIntegerField(
        _("tổng nhu cầu kinh phí (đ)"),
        help_text=_("Như kế hoạch ghi, kể cả phần đối ứng (ví dụ 100.800.000 đ cho 1 căn nhà)."),
    )
    cap_per_unit = models.PositiveBigIntegerField(
        _("mức hỗ trợ tối đa mỗi đơn vị (đ)"),
        null=True,
        blank=True,
        help_text=_(
            "Phần hỗ trợ của Nhà nước cho mỗi đơn vị (ví dụ 80.000.000 đ/căn); phần vượt phải "
            "từ nguồn đối ứng. Để trống nếu không giới hạn."
        ),
    )
    notes = models.TextField(_("ghi chú"), blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dòng kinh phí")
        verbose_name_plural = _("dòng kinh phí")
        ordering = ["program", "start_year", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")), name="funding_line_years_ordered"
            ),
            models.UniqueConstraint(
                fields=["program", "start_year", "end_year", "name"],
                name="funding_line_unique_per_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.start_year}–{self.end_year})"

    @property
    def period(self) -> str:
        return f"{self.start_year}–{self.end_year}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        errors: dict[str, str] = {}
        if self.start_year and self.end_year and self.end_year < self.start_year:
            errors["end_year"] = str(_("Năm kết thúc không được trước năm bắt đầu."))
        program = getattr(self, "program", None) if self.program_id else None
        if (
            program is not None
            and self.start_year
            and self.end_year
            and not (program.start_year <= self.start_year <= self.end_year <= program.end_year)
        ):
            errors["start_year"] = str(
                _("Giai đoạn phải nằm trong chương trình (%(a)s–%(b)s).")
                % {"a": program.start_year, "b": program.end_year}
            )
        if errors:
            raise ValidationError(errors)


class FundingLinePlan(CleanTextModel, models.Model):
    """The planned amount of one source on a line (the planned split by source)."""

    line = models.ForeignKey(
        FundingLine,
        verbose_name=_("dòng kinh phí"),
        on_delete=models.CASCADE,
        related_name="plan_parts",
    )
    source = models.ForeignKey(
        FundingSource, verbose_name=_("nguồn kinh phí"), on_delete=models.PROTECT, related_name="+"
    )
    amount = models.PositiveBigIntegerField(_("số tiền kế hoạch (đ)"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kế hoạch theo nguồn")
        verbose_name_plural = _("kế hoạch theo nguồn")
        ordering = ["line", "source__order"]
        constraints = [
            models.UniqueConstraint(fields=["line", "source"], name="one_plan_part_per_source")
        ]

    def __str__(self) -> str:
        return f"{self.line} · {self.source}"


class Allocation(CleanTextModel, models.Model):
    """Support from one line to one household, split by source (``AllocationPart``)."""

    line = models.ForeignKey(
        FundingLine,
        verbose_name=_("dòng kinh phí"),
        on_delete=models.PROTECT,
        related_name="allocations",
    )
    household = models.ForeignKey(
        "households.Household",
        verbose_name=_("hộ"),
        on_delete=models.PROTECT,
        related_name="allocations",
    )
    need = models.ForeignKey(
        "households.SupportNeed",
        verbose_name=_("nhu cầu đã đăng ký"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="allocations",
    )
    units = models.PositiveIntegerField(_("số lượng"), default=1)
    amount = models.PositiveBigIntegerField(
        _("tổng số tiền (đ)"), default=0, editable=False, help_text=_("Tổng các nguồn.")
    )
    allocated_on = models.DateField(_("ngày phân bổ"))
    decision_number = models.CharField(_("số quyết định"), max_length=50, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi nhận"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("ghi nhận lúc"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phân bổ hỗ trợ")
        verbose_name_plural = _("phân bổ hỗ trợ")
        ordering = ["-allocated_on", "-pk"]
        indexes = [
            # The line page and the dashboard panel: a line's allocations by date.
            models.Index(fields=["line", "allocated_on"], name="allocation_line_date"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(units__gte=1), name="allocation_units_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.line.name} · {self.household}"


class AllocationPart(CleanTextModel, models.Model):
    allocation = models.ForeignKey(
        Allocation, verbose_name=_("phân bổ"), on_delete=models.CASCADE, related_name="parts"
    )
    source = models.ForeignKey(
        FundingSource, verbose_name=_("nguồn kinh phí"), on_delete=models.PROTECT, related_name="+"
    )
    amount = models.PositiveBigIntegerField(_("số tiền (đ)"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phần theo nguồn")
        verbose_name_plural = _("phần theo nguồn")
        ordering = ["allocation", "source__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["allocation", "source"], name="one_allocation_part_per_source"
            ),
            models.CheckConstraint(condition=Q(amount__gte=1), name="allocation_part_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.allocation} · {self.source}"


class Disbursement(CleanTextModel, models.Model):
    """Money paid out against an allocation, from one of its sources."""

    allocation = models.ForeignKey(
        Allocation,
        verbose_name=_("phân bổ"),
        on_delete=models.PROTECT,
        related_name="disbursements",
    )
    source = models.ForeignKey(
        FundingSource, verbose_name=_("nguồn kinh phí"), on_delete=models.PROTECT, related_name="+"
    )
    paid_on = models.DateField(_("ngày chi"))
    amount = models.PositiveBigIntegerField(_("số tiền (đ)"))
    document_number = models.CharField(_("số chứng từ"), max_length=50, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi nhận"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("ghi nhận lúc"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("giải ngân")
        verbose_name_plural = _("giải ngân")
        ordering = ["-paid_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=1), name="disbursement_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.allocation} · {self.paid_on:%d/%m/%Y}"


# Policy-bank loans and the Fund for the Poor live in funding/loans/models.py; importing
# them here registers them with Django (app label funding).
from funding.loans import models as loans_models  # noqa: E402, F401
