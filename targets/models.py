"""The program's indicators, yearly targets and the records that produce results.

Results are computed from records (job placements, training enrolments, recognised
reviews, the registry); a manual result is allowed only for an indicator and year
without records (the 2021 results of the plan) and is always shown as manual.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tannkhai.formatting import fold
from tannkhai.inputs import CleanTextModel
from tannkhai.models import BilingualName


class Program(CleanTextModel, models.Model):
    commune = models.ForeignKey(
        "households.Area",
        verbose_name=_("xã / phường"),
        on_delete=models.PROTECT,
        related_name="programs",
    )
    name = models.CharField(_("tên chương trình"), max_length=300)
    start_year = models.PositiveSmallIntegerField(_("từ năm"))
    end_year = models.PositiveSmallIntegerField(_("đến năm"))
    legal_basis = models.TextField(_("căn cứ"), blank=True)
    plan_number = models.CharField(
        _("số kế hoạch"),
        max_length=50,
        blank=True,
        help_text=_("Ví dụ: 123/KH-UBND. Để trống nếu văn bản chưa ghi số."),
    )
    plan_date = models.DateField(_("ngày kế hoạch"), null=True, blank=True)
    plan_year = models.PositiveSmallIntegerField(
        _("năm ban hành kế hoạch"),
        null=True,
        blank=True,
        help_text=_("Khi văn bản chỉ ghi năm (ví dụ “ngày … tháng … năm 2024”)."),
    )
    area = models.ForeignKey(
        "households.Area",
        verbose_name=_("địa bàn áp dụng"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_(
            "Địa bàn kế hoạch áp dụng, như khi ban hành (ví dụ thị trấn Tân Khai cũ cho "
            "giai đoạn 2021–2025). Để trống: toàn xã / phường."
        ),
    )
    # Bumped by every save of the targets page, so that a save from a stale copy of
    # the page is refused instead of silently reverting someone else's targets.
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("chương trình")
        verbose_name_plural = _("chương trình")
        ordering = ["-start_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")), name="program_years_ordered"
            ),
            models.UniqueConstraint(
                fields=["commune", "name", "start_year"], name="program_unique_per_commune"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.start_year}–{self.end_year})"

    @property
    def covered_area(self) -> Any:
        """The area whose households the program's results count."""
        return self.area or self.commune

    @property
    def plan_reference(self) -> str:
        """How the plan is cited, never with an empty number slot."""
        number = self.plan_number.strip()
        head: str
        if number and number.split("/")[0].strip():
            head = str(_("Kế hoạch số %(number)s")) % {"number": number}
        else:
            head = str(_("Kế hoạch (văn bản chưa ghi số)"))
        if self.plan_date:
            return f"{head} " + _("ngày %(d)s") % {"d": self.plan_date.strftime("%d/%m/%Y")}
        if self.plan_year:
            return f"{head} " + _("năm %(y)s") % {"y": self.plan_year}
        return head

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.end_year + 1))

    def overlapping(self) -> Program | None:
        """Another program of the same commune sharing a year with this one.

        Also refused by the database (migration 0004: an exclusion constraint on
        PostgreSQL, triggers on SQLite) for writes that skip this check.
        """
        if not (self.commune_id and self.start_year and self.end_year):
            return None
        return (
            Program.objects.filter(
                commune_id=self.commune_id,
                start_year__lte=self.end_year,
                end_year__gte=self.start_year,
            )
            .exclude(pk=self.pk)
            .order_by("start_year")
            .first()
        )

    def clean(self) -> None:
        other = self.overlapping()
        if other is not None:
            raise ValidationError(
                {
                    "start_year": _(
                        "Giai đoạn %(a)s–%(b)s trùng với chương trình “%(name)s” "
                        "(%(c)s–%(d)s) của xã: mỗi năm chỉ thuộc một chương trình."
                    )
                    % {
                        "a": self.start_year,
                        "b": self.end_year,
                        "name": other.name,
                        "c": other.start_year,
                        "d": other.end_year,
                    }
                }
            )


class Computation(models.TextChoices):
    """How a computed indicator is counted from records."""

    JOBS = "jobs", _("Số lao động được giải quyết việc làm (hồ sơ giới thiệu việc làm)")
    TRAINING = "training", _("Số lao động được đào tạo nghề (hồ sơ học nghề)")
    POOR_REDUCED = "poor_reduced", _("Số hộ thoát nghèo (rà soát đã công nhận)")
    POVERTY_RATE = "poverty_rate", _("Tỷ lệ hộ nghèo cuối năm")
    NEAR_POVERTY_RATE = "near_poverty_rate", _("Tỷ lệ hộ cận nghèo cuối năm")
    TRAINED_SHARE = "trained_share", _("Tỷ lệ lao động có việc làm đã qua đào tạo")
    HEALTH_INSURANCE = "health_insurance", _("Tỷ lệ người nghèo, cận nghèo có thẻ BHYT")


class Indicator(CleanTextModel, BilingualName, models.Model):
    class Unit(models.TextChoices):
        WORKERS = "workers", _("lao động")
        HOUSEHOLDS = "households", _("hộ")
        HOUSES = "houses", _("căn nhà")
        PERCENT = "percent", _("%")

    class Kind(models.TextChoices):
        FLOW = "flow", _("Lũy kế theo năm (cộng dồn)")
        STOCK = "stock", _("Số cuối năm")
        RATE = "rate", _("Tỷ lệ")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("Càng cao càng tốt")
        LOWER = "lower", _("Càng thấp càng tốt")

    program = models.ForeignKey(
        Program, verbose_name=_("chương trình"), on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.CharField(_("mã"), max_length=20)
    name = models.CharField(_("tên chỉ tiêu"), max_length=255)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=255, blank=True)
    unit = models.CharField(_("đơn vị"), max_length=12, choices=Unit.choices)
    kind = models.CharField(_("loại"), max_length=6, choices=Kind.choices)
    direction = models.CharField(
        _("chiều đánh giá"), max_length=6, choices=Direction.choices, default=Direction.HIGHER
    )
    computation = models.CharField(
        _("cách tính từ hồ sơ"),
        max_length=20,
        choices=Computation.choices,
        blank=True,
        help_text=_("Để trống nếu chỉ tiêu chỉ có kết quả nhập tay."),
    )
    period_target = models.DecimalField(
        _("chỉ tiêu cả giai đoạn"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("Không nhất thiết bằng tổng các năm (ví dụ 602 lao động, bình quân 150/năm)."),
    )
    period_note = models.CharField(_("ghi chú chỉ tiêu giai đoạn"), max_length=255, blank=True)
    yearly_average = models.DecimalField(
        _("bình quân mỗi năm (theo kế hoạch)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text=_(
            "Khi kế hoạch chỉ nêu mức bình quân (ví dụ 150 lao động/năm), không phải chỉ tiêu "
            "từng năm."
        ),
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["program", "order"]
        constraints = [
            models.UniqueConstraint(fields=["program", "code"], name="indicator_code_per_program")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_percent(self) -> bool:
        return self.unit == self.Unit.PERCENT

    def clean(self) -> None:
        if self.is_percent and self.period_target is not None and self.period_target > 100:
            raise ValidationError({"period_target": _("Tỷ lệ không được vượt quá 100%.")})


def _check_value(indicator: Indicator, value: Decimal | None, field: str) -> None:
    if value is None:
        return
    if value < 0:
        raise ValidationError({field: _("Giá trị không được âm.")})
    if indicator.is_percent and value > 100:
        raise ValidationError({field: _("Tỷ lệ không được vượt quá 100%.")})


class YearlyTarget(CleanTextModel, models.Model):
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("chỉ tiêu"), on_delete=models.CASCADE, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    value = models.DecimalField(_("chỉ tiêu"), max_digits=12, decimal_places=2)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chỉ tiêu năm")
        verbose_name_plural = _("chỉ tiêu năm")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="one_target_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.indicator} · {self.year}"

    def clean(self) -> None:
        program = self.indicator.program
        if not program.start_year <= self.year <= program.end_year:
            raise ValidationError(
                {
                    "year": _("Năm %(y)s nằm ngoài giai đoạn %(a)s–%(b)s của chương trình.")
                    % {"y": self.year, "a": program.start_year, "b": program.end_year}
                }
            )
        _check_value(self.indicator, self.value, "value")


class ManualResult(CleanTextModel, models.Model):
    """A result typed in where no records exist (e.g. the plan's 2021 results)."""

    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("chỉ tiêu"),
        on_delete=models.CASCADE,
        related_name="manual_results",
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    value = models.DecimalField(_("kết quả"), max_digits=12, decimal_places=2)
    source = models.CharField(_("nguồn số liệu"), max_length=255, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("thời điểm nhập"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kết quả nhập tay")
        verbose_name_plural = _("kết quả nhập tay")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="one_manual_result_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.indicator} · {self.year}: {self.value}"

    def clean(self) -> None:
        _check_value(self.indicator, self.value, "value")


class IndustrialPark(CleanTextModel, models.Model):
    name = models.CharField(_("tên khu, cụm công nghiệp"), max_length=150, unique=True)

    class Meta:
        verbose_name = _("khu công nghiệp")
        verbose_name_plural = _("khu công nghiệp")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class WorkerRecord(CleanTextModel, models.Model):
    """A worker from the registry, or one described by name, birth year and quarter."""

    commune = models.ForeignKey(
        "households.Area", verbose_name=_("xã / phường"), on_delete=models.PROTECT, related_name="+"
    )
    quarter = models.ForeignKey(
        "households.Area",
        verbose_name=_("khu phố / ấp"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    member = models.ForeignKey(
        "households.Member",
        verbose_name=_("thành viên trong sổ hộ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    household = models.ForeignKey(
        "households.Household",
        verbose_name=_("hộ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    worker_name = models.CharField(_("họ và tên người lao động"), max_length=150)
    # Folded (no diacritics, lower case) for search; kept by save().
    worker_name_folded = models.CharField(
        _("tên không dấu"), max_length=150, editable=False, default=""
    )
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"))
    household_status = models.CharField(
        _("hộ thuộc diện"),
        max_length=15,
        blank=True,
        help_text=_("Phân loại của hộ khi ghi nhận (nghèo, cận nghèo…)."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.worker_name_folded = fold(self.worker_name)
        super().save(*args, **kwargs)


class JobPlacement(WorkerRecord):
    class Kind(models.TextChoices):
        LOCAL = "local", _("Doanh nghiệp, cơ sở tại địa phương")
        INDUSTRIAL_PARK = "industrial_park", _("Khu, cụm công nghiệp")
        LABOUR_EXPORT = "labour_export", _("Xuất khẩu lao động")
        SELF_EMPLOYED = "self_employed", _("Tự tạo việc làm")

    class Channel(models.TextChoices):
        JOB_FAIR = "job_fair", _("Phiên giao dịch việc làm")
        CONSULTATION = "consultation", _("Tư vấn, giới thiệu việc làm")
        OTHER = "other", _("Khác")

    placed_on = models.DateField(_("ngày có việc làm"))
    kind = models.CharField(_("hình thức"), max_length=20, choices=Kind.choices)
    industrial_park = models.ForeignKey(
        IndustrialPark,
        verbose_name=_("khu công nghiệp"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    employer = models.CharField(_("nơi làm việc"), max_length=200, blank=True)
    channel = models.CharField(_("kênh"), max_length=15, choices=Channel.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("giải quyết việc làm")
        verbose_name_plural = _("giải quyết việc làm")
        ordering = ["-placed_on", "-pk"]
        indexes = [
            # Dashboard: placements per commune and year; the drill-down list.
            models.Index(fields=["commune", "placed_on"], name="placement_commune_date"),
            models.Index(fields=["quarter", "placed_on"], name="placement_quarter_date"),
        ]

    def __str__(self) -> str:
        return f"{self.worker_name} · {self.placed_on:%d/%m/%Y}"


class TrainingEnrolment(WorkerRecord):
    occupation = models.CharField(_("nghề đào tạo"), max_length=150)
    course = models.CharField(_("khóa học, trình độ"), max_length=150, blank=True)
    centre = models.CharField(_("cơ sở đào tạo"), max_length=200, blank=True)
    start_date = models.DateField(_("ngày khai giảng"))
    end_date = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    completed = models.BooleanField(_("đã hoàn thành"), default=False)
    employed_after = models.BooleanField(_("có việc làm sau đào tạo"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đào tạo nghề")
        verbose_name_plural = _("đào tạo nghề")
        ordering = ["-start_date", "-pk"]
        indexes = [
            models.Index(fields=["commune", "start_date"], name="enrolment_commune_date"),
            models.Index(fields=["quarter", "start_date"], name="enrolment_quarter_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="enrolment_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.worker_name} · {self.occupation}"
