"""Policy-bank loans and the Fund for the Poor's ledger (app label funding).

- **Policy-bank loans** (Ngân hàng Chính sách xã hội, NHCSXH): a loan to a household's
  member under one of the bank's programs, its repayments and its outstanding balance.
  ``principal_repaid`` is kept by the repayment service under the loan's row lock, so
  the balance (amount − principal repaid) is a column the lists add up per quarter, and
  the database refuses a balance below zero.
- **Fund for the Poor** (Quỹ Vì người nghèo): one fund per commune with its opening
  balance, donations in and spending out. Balances are computed from the records; the
  spending service locks the fund's row and refuses a spending that would make the
  balance negative on any day from its date on.
"""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tannkhai.inputs import CleanTextModel

# VBSP loans without collateral run up to 120 months; student loans can run longer.
MAX_TERM_MONTHS = 240
# Interest in % per month; the bank's rates are well below 2 %/month.
MAX_RATE = Decimal("5")


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months, the day clamped to the month's end
    (31/01 + 1 month → 28/02 or 29/02)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class LoanProgram(models.TextChoices):
    """The bank's lending programs for households (Nghị định 78/2002/NĐ-CP and later)."""

    POOR = "poor", _("Cho vay hộ nghèo")
    NEAR_POOR = "near_poor", _("Cho vay hộ cận nghèo")
    NEWLY_ESCAPED = "newly_escaped", _("Cho vay hộ mới thoát nghèo")
    HOUSING = "housing", _("Cho vay nhà ở")
    STUDENT = "student", _("Cho vay học sinh, sinh viên")
    WATER = "water", _("Cho vay nước sạch và vệ sinh môi trường nông thôn")
    JOBS = "jobs", _("Cho vay giải quyết việc làm")
    OTHER = "other", _("Chương trình khác")


# Programs whose name says the household's classification: organisation members, who may
# not read it, see them as "production and business" loans.
CLASSIFYING_PROGRAMS = frozenset(
    {LoanProgram.POOR, LoanProgram.NEAR_POOR, LoanProgram.NEWLY_ESCAPED}
)
PRODUCTION_LABEL = _("Cho vay sản xuất, kinh doanh")


class EntrustedOrganisation(models.TextChoices):
    """The four mass organisations the bank entrusts with its household loans."""

    FARMERS = "farmers", _("Hội Nông dân")
    WOMEN = "women", _("Hội Liên hiệp Phụ nữ")
    VETERANS = "veterans", _("Hội Cựu chiến binh")
    YOUTH = "youth", _("Đoàn Thanh niên")


class PolicyLoan(CleanTextModel, models.Model):
    free_text_fields = ("savings_group",)

    class Status(models.TextChoices):
        ACTIVE = "active", _("Đang vay")
        REPAID = "repaid", _("Đã trả hết")
        WRITTEN_OFF = "written_off", _("Đã xóa nợ")

    household = models.ForeignKey(
        "households.Household",
        verbose_name=_("hộ vay"),
        on_delete=models.PROTECT,
        related_name="policy_loans",
    )
    borrower = models.ForeignKey(
        "households.Member",
        verbose_name=_("người vay"),
        on_delete=models.PROTECT,
        related_name="policy_loans",
    )
    program = models.CharField(
        _("chương trình cho vay"), max_length=15, choices=LoanProgram.choices
    )
    contract_number = models.CharField(_("số khế ước / hợp đồng"), max_length=50, blank=True)
    amount = models.PositiveBigIntegerField(
        _("số tiền vay"), validators=[MinValueValidator(1)], help_text=_("Đồng, số nguyên.")
    )
    term_months = models.PositiveSmallIntegerField(
        _("thời hạn (tháng)"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_TERM_MONTHS)],
    )
    interest_rate = models.DecimalField(
        _("lãi suất (%/tháng)"),
        max_digits=5,
        decimal_places=3,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(MAX_RATE)],
        help_text=_("Ví dụ 0,55 (phần trăm mỗi tháng)."),
    )
    savings_group = models.CharField(_("tổ tiết kiệm và vay vốn"), max_length=150, blank=True)
    entrusted_organisation = models.CharField(
        _("tổ chức nhận ủy thác"),
        max_length=10,
        choices=EntrustedOrganisation.choices,
        blank=True,
    )
    purpose = models.CharField(_("mục đích sử dụng vốn"), max_length=255, blank=True)
    disbursed_on = models.DateField(_("ngày giải ngân"))
    due_on = models.DateField(
        _("ngày đến hạn"),
        help_text=_("Để trống: tính từ ngày giải ngân và thời hạn. Sửa khi được gia hạn."),
    )
    status = models.CharField(
        _("tình trạng"), max_length=12, choices=Status.choices, default=Status.ACTIVE
    )
    # Kept by the repayment service under the loan's row lock (see services).
    principal_repaid = models.PositiveBigIntegerField(_("gốc đã trả"), default=0, editable=False)
    note = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("ngày nhập"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("khoản vay NHCSXH")
        verbose_name_plural = _("khoản vay NHCSXH")
        ordering = ["-disbursed_on", "-pk"]
        constraints = [
            # The outstanding balance is never negative, whatever writes it.
            models.CheckConstraint(
                condition=Q(principal_repaid__lte=F("amount")), name="loan_repaid_within_amount"
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=F("disbursed_on")), name="loan_due_after_disbursement"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="loan_amount_positive"),
        ]
        indexes = [
            # The loan list and the per-quarter totals: outstanding loans by due date.
            models.Index(fields=["status", "due_on"], name="loan_status_due"),
        ]

    def __str__(self) -> str:
        return f"{self.get_program_display()} · {self.amount:,} đ".replace(",", ".")

    @property
    def balance(self) -> int:
        """What the household still owes (0 once repaid or written off… of principal)."""
        if self.status == self.Status.WRITTEN_OFF:
            return 0
        return self.amount - self.principal_repaid

    @property
    def written_off_amount(self) -> int:
        if self.status != self.Status.WRITTEN_OFF:
            return 0
        return self.amount - self.principal_repaid

    def is_overdue_on(self, day: dt.date) -> bool:
        return self.status == self.Status.ACTIVE and self.due_on < day and self.balance > 0

    @property
    def is_overdue(self) -> bool:
        return self.is_overdue_on(timezone.localdate())

    @property
    def computed_due_on(self) -> dt.date:
        return add_months(self.disbursed_on, self.term_months)


class LoanRepayment(CleanTextModel, models.Model):
    loan = models.ForeignKey(
        PolicyLoan,
        verbose_name=_("khoản vay"),
        on_delete=models.PROTECT,
        related_name="repayments",
    )
    paid_on = models.DateField(_("ngày trả"))
    principal = models.PositiveBigIntegerField(_("tiền gốc"), default=0)
    interest = models.PositiveBigIntegerField(_("tiền lãi"), default=0)
    document_number = models.CharField(_("số chứng từ"), max_length=50, blank=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("ngày nhập"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lần trả nợ")
        verbose_name_plural = _("lần trả nợ")
        ordering = ["paid_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(principal__gt=0) | Q(interest__gt=0), name="repayment_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.loan} · {self.paid_on:%d/%m/%Y}"


class PoorFund(CleanTextModel, models.Model):
    """The commune's Fund for the Poor: its row is the lock every spending takes."""

    commune = models.OneToOneField(
        "households.Area",
        verbose_name=_("xã / phường"),
        on_delete=models.PROTECT,
        related_name="poor_fund",
    )
    opened_on = models.DateField(
        _("ngày bắt đầu ghi sổ"),
        help_text=_("Số dư đầu kỳ là số dư của Quỹ vào ngày này."),
    )
    opening_balance = models.PositiveBigIntegerField(_("số dư đầu kỳ"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Quỹ Vì người nghèo")
        verbose_name_plural = _("Quỹ Vì người nghèo")

    def __str__(self) -> str:
        return str(_("Quỹ Vì người nghèo %(commune)s")) % {"commune": self.commune}


class FundDonation(CleanTextModel, models.Model):
    class DonorKind(models.TextChoices):
        INDIVIDUAL = "individual", _("Cá nhân")
        BUSINESS = "business", _("Doanh nghiệp")
        ORGANISATION = "organisation", _("Tổ chức, đoàn thể")
        AGENCY = "agency", _("Cơ quan, đơn vị")
        OTHER = "other", _("Khác")

    fund = models.ForeignKey(
        PoorFund, verbose_name=_("quỹ"), on_delete=models.PROTECT, related_name="donations"
    )
    donor_name = models.CharField(_("người, đơn vị ủng hộ"), max_length=200)
    donor_kind = models.CharField(_("loại nhà tài trợ"), max_length=12, choices=DonorKind.choices)
    amount = models.PositiveBigIntegerField(_("số tiền"), validators=[MinValueValidator(1)])
    received_on = models.DateField(_("ngày nhận"))
    receipt_number = models.CharField(_("số biên lai"), max_length=50, blank=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("ngày nhập"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("khoản ủng hộ Quỹ")
        verbose_name_plural = _("khoản ủng hộ Quỹ")
        ordering = ["received_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="donation_amount_positive"),
        ]
        indexes = [
            # The ledger of a year.
            models.Index(fields=["fund", "received_on"], name="donation_fund_date"),
        ]

    def __str__(self) -> str:
        return f"{self.donor_name} · {self.received_on:%d/%m/%Y}"


class FundSpending(CleanTextModel, models.Model):
    fund = models.ForeignKey(
        PoorFund, verbose_name=_("quỹ"), on_delete=models.PROTECT, related_name="spendings"
    )
    household = models.ForeignKey(
        "households.Household",
        verbose_name=_("hộ được hỗ trợ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fund_spendings",
    )
    purpose = models.CharField(
        _("nội dung chi"),
        max_length=255,
        blank=True,
        help_text=_("Bắt buộc khi không chi cho một hộ cụ thể."),
    )
    amount = models.PositiveBigIntegerField(_("số tiền"), validators=[MinValueValidator(1)])
    spent_on = models.DateField(_("ngày chi"))
    decision_number = models.CharField(_("số quyết định"), max_length=50)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("ngày nhập"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("khoản chi Quỹ")
        verbose_name_plural = _("khoản chi Quỹ")
        ordering = ["spent_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="spending_amount_positive"),
            models.CheckConstraint(
                condition=Q(household__isnull=False) | ~Q(purpose=""),
                name="spending_household_or_purpose",
            ),
        ]
        indexes = [
            models.Index(fields=["fund", "spent_on"], name="spending_fund_date"),
        ]

    def __str__(self) -> str:
        return f"{self.purpose or self.household} · {self.spent_on:%d/%m/%Y}"
