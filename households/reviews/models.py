"""The review procedure's models (app label ``households``).

They are imported at the end of ``households.models`` so that Django registers them;
the registry models they point to are defined there first.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from households.models import (
    Area,
    Household,
    HouseholdGroup,
    Livelihood,
    PovertyStandard,
    PovertyStatus,
    result_label,
)
from tannkhai.inputs import CleanTextModel


class Cause(models.TextChoices):
    NO_LAND = "no_land", _("Thiếu đất sản xuất")
    NO_CAPITAL = "no_capital", _("Thiếu vốn sản xuất, kinh doanh")
    NO_LABOUR = "no_labour", _("Thiếu lao động")
    NO_TOOLS = "no_tools", _("Thiếu phương tiện sản xuất")
    NO_KNOWLEDGE = "no_knowledge", _("Không biết cách làm ăn, không có kiến thức sản xuất")
    NO_SKILLS = "no_skills", _("Không có tay nghề")
    ILLNESS = "illness", _("Ốm đau, bệnh nặng, tai nạn")
    OTHER = "other", _("Nguyên nhân khác")


class ReviewCampaign(CleanTextModel, models.Model):
    class Kind(models.TextChoices):
        PERIODIC = "periodic", _("Rà soát định kỳ")
        ADHOC = "adhoc", _("Rà soát thường xuyên")

    class Status(models.TextChoices):
        OPEN = "open", _("Đang thực hiện")
        CLOSED = "closed", _("Đã kết thúc")

    commune = models.ForeignKey(
        Area, verbose_name=_("xã / phường"), on_delete=models.PROTECT, related_name="campaigns"
    )
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("năm rà soát"))
    month = models.PositiveSmallIntegerField(
        _("tháng"), null=True, blank=True, help_text=_("Chỉ với rà soát thường xuyên.")
    )
    list_year = models.PositiveSmallIntegerField(
        _("năm áp dụng danh sách"),
        help_text=_("Rà soát định kỳ cuối năm xác định danh sách của năm sau."),
    )
    standard = models.ForeignKey(
        PovertyStandard,
        verbose_name=_("chuẩn nghèo áp dụng"),
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đợt rà soát")
        verbose_name_plural = _("đợt rà soát")
        ordering = ["-year", "-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "year"],
                condition=Q(kind="periodic"),
                name="one_periodic_campaign_per_year",
            ),
            models.UniqueConstraint(
                fields=["commune", "year", "month"],
                condition=Q(kind="adhoc"),
                name="one_adhoc_campaign_per_month",
            ),
            models.CheckConstraint(
                condition=Q(kind="periodic", month__isnull=True)
                | Q(kind="adhoc", month__gte=1, month__lte=12),
                name="campaign_month_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.PERIODIC:
            return _("Rà soát định kỳ năm %(year)s") % {"year": self.year}
        return _("Rà soát thường xuyên tháng %(month)s/%(year)s") % {
            "month": self.month,
            "year": self.year,
        }

    @property
    def window(self) -> tuple[dt.date, dt.date]:
        """The legal window: 1 Sep – 14 Dec, or from the 15th of the month."""
        if self.kind == self.Kind.PERIODIC:
            return dt.date(self.year, 9, 1), dt.date(self.year, 12, 14)
        assert self.month is not None
        start = dt.date(self.year, self.month, 15)
        end = dt.date(self.year + (self.month == 12), self.month % 12 + 1, 14)
        return start, end

    # A monthly review handles the requests from the 15th; the decision and the
    # certificates are due within 15 days of that start (Quyết định 24/2021). Days
    # are counted from the day after the start (Bộ luật Dân sự 2015, Điều 147).
    ADHOC_DAYS = 15

    @property
    def due_date(self) -> dt.date | None:
        """Last day for the decision and certificates of a monthly review (None if periodic)."""
        if self.kind != self.Kind.ADHOC or self.month is None:
            return None
        return dt.date(self.year, self.month, 15) + dt.timedelta(days=self.ADHOC_DAYS)

    def deadline_state(self, *, today: dt.date, unrecognised: int) -> str:
        """ "" (no monthly deadline), "done", "due" or "overdue" (past the due date with
        reviews not yet recognised by the decision)."""
        due = self.due_date
        if due is None:
            return ""
        if not unrecognised:
            return "done"
        return "overdue" if today > due else "due"


class ReviewRequest(CleanTextModel, models.Model):
    """A household's request during the year (Quyết định 24/2021).

    Mẫu 01 asks to be reviewed as poor / near-poor and is screened with Phiếu A first;
    Mẫu 04 asks to be recognised as escaped from poverty / near-poverty: only a household
    on the current poor / near-poor list files it, and Phiếu A does not apply to it.
    Both feed the next review (the monthly one, or the periodic one).
    """

    class Kind(models.TextChoices):
        REVIEW = "review", _("Mẫu 01: đề nghị rà soát hộ nghèo, hộ cận nghèo")
        ESCAPE = "escape", _("Mẫu 04: đề nghị công nhận hộ thoát nghèo, hộ thoát cận nghèo")

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ xét")
        SCREENED_OUT = "screened_out", _("Không đủ điều kiện (phiếu A)")
        INCLUDED = "included", _("Đã đưa vào đợt rà soát")

    household = models.ForeignKey(
        Household, verbose_name=_("hộ"), on_delete=models.PROTECT, related_name="review_requests"
    )
    kind = models.CharField(
        _("loại giấy đề nghị"), max_length=10, choices=Kind.choices, default=Kind.REVIEW
    )
    submitted_on = models.DateField(_("ngày nộp đơn"))
    reason = models.TextField(_("lý do đề nghị"), blank=True)
    screening_answers = models.JSONField(_("trả lời phiếu A"), default=dict, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=15, choices=Status.choices, default=Status.PENDING
    )
    campaign = models.ForeignKey(
        ReviewCampaign,
        verbose_name=_("đợt rà soát"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("giấy đề nghị (Mẫu 01, Mẫu 04)")
        verbose_name_plural = _("giấy đề nghị (Mẫu 01, Mẫu 04)")
        ordering = ["-submitted_on"]

    def __str__(self) -> str:
        return f"{self.household} · {self.submitted_on:%d/%m/%Y}"


class QuarterMeeting(CleanTextModel, models.Model):
    """The quarter's meeting (họp dân) that agrees the survey results; ≥ 50% needed."""

    campaign = models.ForeignKey(
        ReviewCampaign,
        verbose_name=_("đợt rà soát"),
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    quarter = models.ForeignKey(
        Area, verbose_name=_("khu phố / ấp"), on_delete=models.PROTECT, related_name="meetings"
    )
    held_on = models.DateField(_("ngày họp"))
    chair = models.CharField(_("chủ trì"), max_length=150)
    secretary = models.CharField(_("thư ký"), max_length=150, blank=True)
    fatherland_front_rep = models.CharField(
        _("đại diện Ban công tác Mặt trận"), max_length=150, blank=True
    )
    attendees = models.PositiveIntegerField(_("số người dự"))
    votes_for = models.PositiveIntegerField(_("số người đồng ý"))
    minutes = models.TextField(_("tóm tắt biên bản"), blank=True)
    passed = models.BooleanField(_("đạt (≥ 50% đồng ý)"), editable=False, default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cuộc họp dân")
        verbose_name_plural = _("cuộc họp dân")
        ordering = ["-held_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(votes_for__lte=models.F("attendees")), name="meeting_votes_le_attendees"
            ),
            models.CheckConstraint(condition=Q(attendees__gte=1), name="meeting_has_attendees"),
        ]

    def __str__(self) -> str:
        return f"{self.quarter} · {self.held_on:%d/%m/%Y}"

    @staticmethod
    def agreement_reached(*, attendees: int, votes_for: int) -> bool:
        return attendees > 0 and votes_for * 2 >= attendees


class Posting(CleanTextModel, models.Model):
    """Public posting (niêm yết) of a quarter's results for 3 working days."""

    campaign = models.ForeignKey(
        ReviewCampaign,
        verbose_name=_("đợt rà soát"),
        on_delete=models.PROTECT,
        related_name="postings",
    )
    quarter = models.ForeignKey(
        Area, verbose_name=_("khu phố / ấp"), on_delete=models.PROTECT, related_name="postings"
    )
    start_date = models.DateField(_("ngày bắt đầu niêm yết"))
    working_days = models.PositiveSmallIntegerField(_("số ngày làm việc"), default=3)
    end_date = models.DateField(_("ngày kết thúc niêm yết"), editable=False)
    places = models.CharField(
        _("nơi niêm yết"),
        max_length=255,
        default=_("Nhà văn hóa khu phố, trụ sở UBND xã, loa truyền thanh"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("niêm yết công khai")
        verbose_name_plural = _("niêm yết công khai")
        ordering = ["-start_date"]

    def __str__(self) -> str:
        return f"{self.quarter} · {self.start_date:%d/%m/%Y}–{self.end_date:%d/%m/%Y}"


class Decision(CleanTextModel, models.Model):
    """The chairman's decision recognising the lists (poor, near-poor, escaped…)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        APPROVED = "approved", _("Đã ký ban hành")

    campaign = models.ForeignKey(
        ReviewCampaign,
        verbose_name=_("đợt rà soát"),
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    number = models.CharField(_("số quyết định"), max_length=50, help_text=_("Ví dụ: 125/QĐ-UBND"))
    signed_on = models.DateField(_("ngày ký"))
    signer_name = models.CharField(_("người ký"), max_length=150)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=100, default=_("Chủ tịch"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi nhận ký"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("ghi nhận ký lúc"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quyết định công nhận")
        verbose_name_plural = _("quyết định công nhận")
        ordering = ["-signed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "number"], name="decision_number_per_campaign"
            ),
        ]

    def __str__(self) -> str:
        return _("Quyết định số %(number)s") % {"number": self.number}


class Transition(models.TextChoices):
    CONTINUING_POOR = "continuing_poor", _("Nghèo tiếp tục")
    CONTINUING_NEAR_POOR = "continuing_near_poor", _("Cận nghèo tiếp tục")
    NEWLY_POOR = "newly_poor", _("Nghèo phát sinh mới")
    RE_POOR = "re_poor", _("Tái nghèo")
    NEAR_POOR_TO_POOR = "near_poor_to_poor", _("Cận nghèo → nghèo")
    POOR_TO_NEAR_POOR = "poor_to_near_poor", _("Nghèo → cận nghèo")
    ESCAPED = "escaped", _("Thoát nghèo")
    NEWLY_NEAR_POOR = "newly_near_poor", _("Cận nghèo phát sinh mới")
    RE_NEAR_POOR = "re_near_poor", _("Tái cận nghèo")
    ESCAPED_NEAR_POVERTY = "escaped_near_poverty", _("Thoát cận nghèo")
    UNCHANGED_OTHER = "unchanged_other", _("Không thuộc diện nghèo, cận nghèo")


POVERTY_EXIT_TO_NEAR_POOR = Transition.POOR_TO_NEAR_POOR


POVERTY_EXIT_ABOVE_NEAR_POOR = Transition.ESCAPED


POVERTY_EXITS: frozenset[str] = frozenset({POVERTY_EXIT_TO_NEAR_POOR, POVERTY_EXIT_ABOVE_NEAR_POOR})


POVERTY_ENTRIES: frozenset[str] = frozenset(
    {Transition.NEWLY_POOR, Transition.RE_POOR, Transition.NEAR_POOR_TO_POOR}
)


class Review(CleanTextModel, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang khảo sát")
        SURVEYED = "surveyed", _("Đã khảo sát")
        AGREED = "agreed", _("Họp dân thống nhất")
        POSTED = "posted", _("Đang niêm yết")
        RECOGNISED = "recognised", _("Đã công nhận")

    class IncomeMode(models.TextChoices):
        PER_PERSON = "per_person", _("Bình quân người/tháng")
        HOUSEHOLD_MONTHLY = "household_monthly", _("Tổng thu nhập hộ/tháng")
        HOUSEHOLD_YEARLY = "household_yearly", _("Tổng thu nhập hộ/năm")

    campaign = models.ForeignKey(
        ReviewCampaign,
        verbose_name=_("đợt rà soát"),
        on_delete=models.PROTECT,
        related_name="reviews",
    )
    household = models.ForeignKey(
        Household, verbose_name=_("hộ"), on_delete=models.PROTECT, related_name="reviews"
    )
    quarter = models.ForeignKey(
        Area,
        verbose_name=_("khu phố / ấp (khi rà soát)"),
        on_delete=models.PROTECT,
        related_name="reviews",
    )
    area_type = models.CharField(
        _("khu vực áp dụng"), max_length=5, choices=Area.SettlementType.choices
    )
    standard = models.ForeignKey(
        PovertyStandard,
        verbose_name=_("chuẩn nghèo"),
        on_delete=models.PROTECT,
        related_name="reviews",
    )
    members_count = models.PositiveSmallIntegerField(_("số nhân khẩu"), default=0)
    income_mode = models.CharField(
        _("cách nhập thu nhập"),
        max_length=20,
        choices=IncomeMode.choices,
        default=IncomeMode.PER_PERSON,
    )
    income_input = models.PositiveBigIntegerField(_("thu nhập đã nhập (đ)"), null=True, blank=True)
    income_per_person = models.PositiveBigIntegerField(
        _("thu nhập bình quân (đ/người/tháng)"), null=True, blank=True
    )
    score_a = models.PositiveIntegerField(_("điểm A"), null=True, blank=True)
    deprived_codes = models.JSONField(_("chỉ số thiếu hụt"), default=list, blank=True)
    suggested_codes = models.JSONField(_("chỉ số gợi ý từ sổ hộ"), default=list, blank=True)
    result = models.CharField(
        _("kết quả phân loại"), max_length=15, choices=PovertyStatus.choices, blank=True
    )
    reason = models.TextField(_("căn cứ phân loại"), blank=True)
    basis = models.CharField(_("căn cứ thu nhập"), max_length=10, blank=True)
    score_b = models.PositiveSmallIntegerField(_("điểm B"), default=0)
    previous_result = models.CharField(
        _("phân loại trước"),
        max_length=15,
        choices=PovertyStatus.choices,
        default=PovertyStatus.UNCLASSIFIED,
    )
    transition = models.CharField(
        _("biến động"), max_length=25, choices=Transition.choices, blank=True
    )
    causes = models.JSONField(_("nguyên nhân nghèo"), default=list, blank=True)
    group = models.ForeignKey(
        HouseholdGroup,
        verbose_name=_("nhóm hộ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviews",
    )
    surveyor = models.CharField(_("người khảo sát"), max_length=150, blank=True)
    notes = models.TextField(_("ghi chú"), max_length=2000, blank=True)
    surveyed_on = models.DateField(_("ngày khảo sát"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    returned_reason = models.TextField(_("lý do trả lại"), blank=True)
    meeting = models.ForeignKey(
        QuarterMeeting,
        verbose_name=_("cuộc họp dân"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviews",
    )
    posting = models.ForeignKey(
        Posting,
        verbose_name=_("đợt niêm yết"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviews",
    )
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("quyết định"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviews",
    )
    certificate_number = models.CharField(_("số giấy chứng nhận"), max_length=30, blank=True)
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["version", "updated_at"])

    class Meta:
        verbose_name = _("phiếu rà soát")
        verbose_name_plural = _("phiếu rà soát")
        ordering = ["campaign", "quarter", "household__head_sort"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "household"], name="one_review_per_household_per_campaign"
            ),
        ]
        indexes = [
            # Campaign page: counts by quarter and status.
            models.Index(fields=["campaign", "quarter", "status"], name="review_campaign_quarter"),
            # Household timeline and "last recognised review" lookups.
            models.Index(fields=["household", "status"], name="review_household_status"),
        ]

    def __str__(self) -> str:
        return f"{self.household} · {self.campaign}"

    @property
    def result_display(self) -> str:
        """The result as the lists read it: a result in the average-living-standard band is
        "not poor / near-poor" (that status has its own procedure)."""
        return result_label(self.result) if self.result else ""

    @property
    def area_type_label(self) -> str:
        return self.standard.area_type_label(self.area_type)


class Complaint(CleanTextModel, models.Model):
    """A complaint during the posting; an upheld complaint sends the review back to re-check."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Chưa giải quyết")
        RECHECK = "recheck", _("Phúc tra, khảo sát lại")
        REJECTED = "rejected", _("Không có cơ sở, giữ kết quả")

    review = models.ForeignKey(
        Review, verbose_name=_("phiếu rà soát"), on_delete=models.PROTECT, related_name="complaints"
    )
    received_on = models.DateField(_("ngày nhận"))
    complainant = models.CharField(_("người khiếu nại"), max_length=150)
    content = models.TextField(_("nội dung"))
    outcome = models.CharField(
        _("kết quả giải quyết"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING
    )
    resolution = models.TextField(_("nội dung giải quyết"), blank=True)
    resolved_on = models.DateField(_("ngày giải quyết"), null=True, blank=True)
    # One token per complaint form shown: a double submit of that form is refused
    # instead of recording the same complaint twice.
    submission_token = models.UUIDField(
        _("mã lần gửi"), null=True, blank=True, unique=True, editable=False
    )
    history = HistoricalRecords(excluded_fields=["submission_token"])

    class Meta:
        verbose_name = _("khiếu nại")
        verbose_name_plural = _("khiếu nại")
        ordering = ["-received_on"]

    def __str__(self) -> str:
        return f"{self.review.household} · {self.received_on:%d/%m/%Y}"


class ReviewEvent(CleanTextModel, models.Model):
    """Each step of a review's workflow, with who did it and why (returns included)."""

    review = models.ForeignKey(
        Review, verbose_name=_("phiếu rà soát"), on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    from_status = models.CharField(_("từ bước"), max_length=12, choices=Review.Status.choices)
    to_status = models.CharField(_("sang bước"), max_length=12, choices=Review.Status.choices)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("bước rà soát")
        verbose_name_plural = _("các bước rà soát")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.review_id}: {self.from_status} → {self.to_status}"


class NeedType(CleanTextModel, models.Model):
    code = models.CharField(_("mã"), max_length=30, unique=True)
    name = models.CharField(_("loại nhu cầu"), max_length=150)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("loại nhu cầu hỗ trợ")
        verbose_name_plural = _("loại nhu cầu hỗ trợ")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name


class EscapeRegistration(CleanTextModel, models.Model):
    """A poor household's commitment to escape poverty by a year, with its support needs.

    Local practice (đăng ký thoát nghèo): no form of Quyết định 24/2021 — not Mẫu 04,
    which is the request to be recognised as escaped (``ReviewRequest.Kind.ESCAPE``).
    """

    household = models.ForeignKey(
        Household,
        verbose_name=_("hộ"),
        on_delete=models.PROTECT,
        related_name="escape_registrations",
    )
    year = models.PositiveSmallIntegerField(_("năm đăng ký thoát nghèo"))
    registered_on = models.DateField(_("ngày đăng ký"))
    commitment = models.TextField(_("cam kết, kế hoạch của hộ"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đăng ký thoát nghèo")
        verbose_name_plural = _("đăng ký thoát nghèo")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "year"], name="one_escape_registration_per_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household} · {self.year}"


class SupportNeed(CleanTextModel, models.Model):
    class Status(models.TextChoices):
        REGISTERED = "registered", _("Đã đăng ký")
        SUPPORTING = "supporting", _("Đang hỗ trợ")
        MET = "met", _("Đã đáp ứng")

    registration = models.ForeignKey(
        EscapeRegistration,
        verbose_name=_("đăng ký thoát nghèo"),
        on_delete=models.CASCADE,
        related_name="needs",
    )
    need_type = models.ForeignKey(NeedType, verbose_name=_("nhu cầu"), on_delete=models.PROTECT)
    quantity = models.PositiveIntegerField(_("số lượng"), default=1)
    estimated_cost = models.PositiveBigIntegerField(_("kinh phí dự kiến (đ)"), default=0)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=Status.choices, default=Status.REGISTERED
    )
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nhu cầu hỗ trợ")
        verbose_name_plural = _("nhu cầu hỗ trợ")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="need_quantity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.need_type} × {self.quantity}"


# The one definition of "thoát nghèo" (escaped from poverty), used by the change report,
# the decision screen and the dashboard: a poor household that is no longer poor, whether
# it is now near-poor or above the near-poor line. Shown split where useful.
# Into poverty during the period: newly poor, re-poor, near-poor → poor.


def exits_poverty(*, previous: str | None, current: str | None) -> bool:
    """True when a household poor before is not poor now (near-poor or above)."""
    return previous == PovertyStatus.POOR and current is not None and current != PovertyStatus.POOR


class AverageLivingRecognition(CleanTextModel, models.Model):
    """Recognition of a farming / forestry / fishery / salt-making household as having an
    average living standard (Quyết định 24/2021): only on the household's request, on its
    income over the previous 12 months excluding social allowances, by the chairman."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Đã nhận giấy đề nghị")
        ASSESSED = "assessed", _("Đã xác định thu nhập")
        RECOGNISED = "recognised", _("Đã công nhận")
        REJECTED = "rejected", _("Không đủ điều kiện")

    household = models.ForeignKey(
        Household,
        verbose_name=_("hộ"),
        on_delete=models.PROTECT,
        related_name="average_living_recognitions",
    )
    livelihood = models.CharField(_("nghề"), max_length=10, choices=Livelihood.choices)
    requested_on = models.DateField(_("ngày nộp giấy đề nghị"))
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=Status.choices, default=Status.REQUESTED
    )
    area_type = models.CharField(
        _("khu vực áp dụng"), max_length=5, choices=Area.SettlementType.choices
    )
    standard = models.ForeignKey(
        PovertyStandard, verbose_name=_("chuẩn nghèo"), on_delete=models.PROTECT, related_name="+"
    )
    members_count = models.PositiveSmallIntegerField(_("số nhân khẩu"), null=True, blank=True)
    income_12_months = models.PositiveBigIntegerField(
        _("tổng thu nhập của hộ 12 tháng qua (đ)"), null=True, blank=True
    )
    social_allowances_12_months = models.PositiveBigIntegerField(
        _("trợ cấp, trợ giúp xã hội trong 12 tháng (đ)"),
        null=True,
        blank=True,
        help_text=_("Không tính vào thu nhập khi xác định mức sống trung bình."),
    )
    income_per_person = models.PositiveBigIntegerField(
        _("thu nhập bình quân (đ/người/tháng)"), null=True, blank=True, editable=False
    )
    assessed_on = models.DateField(_("ngày xác định thu nhập"), null=True, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xác định"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decision_number = models.CharField(_("số quyết định"), max_length=50, blank=True)
    decision_date = models.DateField(_("ngày ký quyết định"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người phê duyệt"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("công nhận hộ có mức sống trung bình")
        verbose_name_plural = _("công nhận hộ có mức sống trung bình")
        ordering = ["-requested_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.household} · {self.requested_on:%d/%m/%Y}"
