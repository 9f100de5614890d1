"""Areas, households and their members.

Every record hangs off an area; a user's scope is an area subtree (see
``households.selectors``). Areas carry a materialised ``path`` so that a subtree is
one indexed prefix match.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from households.validators import (
    citizen_id_birth_year,
    citizen_id_sex_and_century,
    validate_citizen_id,
    validate_health_insurance_number,
    validate_phone,
)
from tannkhai.inputs import CleanTextModel
from tannkhai.models import BilingualName


class Area(CleanTextModel, models.Model):
    class Kind(models.TextChoices):
        PROVINCE = "province", _("Tỉnh / Thành phố")
        DISTRICT = "district", _("Huyện (trước 01/7/2025)")
        COMMUNE = "commune", _("Xã / Phường / Đặc khu")
        QUARTER = "quarter", _("Khu phố / Ấp / Thôn")

    class SettlementType(models.TextChoices):
        URBAN = "urban", _("Thành thị")
        RURAL = "rural", _("Nông thôn")

    code = models.CharField(
        _("mã"), max_length=20, unique=True, help_text=_("Mã đơn vị hành chính hoặc mã nội bộ.")
    )
    name = models.CharField(_("tên"), max_length=150)
    kind = models.CharField(_("cấp"), max_length=10, choices=Kind.choices)
    settlement_type = models.CharField(
        _("khu vực"),
        max_length=5,
        choices=SettlementType.choices,
        default=SettlementType.RURAL,
        help_text=_(
            "Quyết định chuẩn thu nhập áp dụng (nông thôn / thành thị). Thị trấn tính là "
            "thành thị, xã là nông thôn — cần xác minh theo văn bản hiện hành."
        ),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("trực thuộc"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    path = models.CharField(
        _("đường dẫn cây địa bàn"), max_length=255, editable=False, db_index=True, default=""
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("sáp nhập vào"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
    )
    history = HistoricalRecords(excluded_fields=["path"])

    class Meta:
        verbose_name = _("địa bàn")
        verbose_name_plural = _("địa bàn")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="area_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        super().save(*args, **kwargs)  # type: ignore[arg-type]
        # Zero-padded so that text order is tree order ("…/00000008/" < "…/00000010/").
        expected = (self.parent.path if self.parent else "") + f"{self.pk:08d}/"
        if self.path != expected:
            old = self.path
            self.path = expected
            Area.objects.filter(pk=self.pk).update(path=expected)
            if old:
                # Re-root the subtree when the area moved under another parent.
                for child in Area.objects.filter(path__startswith=old).exclude(pk=self.pk):
                    Area.objects.filter(pk=child.pk).update(path=expected + child.path[len(old) :])

    def clean(self) -> None:
        if self.parent_id and self.pk and self.parent_id == self.pk:
            raise ValidationError({"parent": _("Một địa bàn không thể trực thuộc chính nó.")})
        if self.parent is not None and self.pk and self.parent.path.startswith(self.path or "-"):
            raise ValidationError(
                {"parent": _("Không thể chuyển địa bàn vào một địa bàn trực thuộc nó.")}
            )

    @property
    def is_active(self) -> bool:
        return self.valid_to is None or self.valid_to >= timezone.localdate()

    @property
    def commune(self) -> Area | None:
        """The commune this area is in (itself for a commune)."""
        node: Area | None = self
        while node is not None and node.kind not in (self.Kind.COMMUNE,):
            node = node.parent
        return node


class AreaEvent(CleanTextModel, models.Model):
    """A dated change of an area: creation, rename, merger, reclassification, retirement."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Thành lập")
        RENAMED = "renamed", _("Đổi tên")
        MERGED_INTO = "merged_into", _("Sáp nhập vào địa bàn khác")
        ABSORBED = "absorbed", _("Nhận sáp nhập")
        MOVED = "moved", _("Chuyển trực thuộc")
        RECLASSIFIED = "reclassified", _("Đổi loại khu vực")
        RETIRED = "retired", _("Giải thể / ngừng hoạt động")

    area = models.ForeignKey(
        Area, verbose_name=_("địa bàn"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("loại thay đổi"), max_length=20, choices=Kind.choices)
    effective_date = models.DateField(_("ngày hiệu lực"))
    legal_basis = models.CharField(_("căn cứ"), max_length=255, blank=True)
    description = models.TextField(_("nội dung"), blank=True)
    other_area = models.ForeignKey(
        Area,
        verbose_name=_("địa bàn liên quan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("thời điểm ghi nhận"), auto_now_add=True)

    class Meta:
        verbose_name = _("sự kiện địa bàn")
        verbose_name_plural = _("sự kiện địa bàn")
        ordering = ["effective_date", "pk"]

    def __str__(self) -> str:
        return f"{self.area} · {self.get_kind_display()} · {self.effective_date:%d/%m/%Y}"


class CommuneSettings(CleanTextModel, models.Model):
    """What the commune prints on its documents; data, not template literals."""

    commune = models.OneToOneField(
        Area,
        verbose_name=_("xã / phường"),
        on_delete=models.CASCADE,
        related_name="settings",
        limit_choices_to={"kind": Area.Kind.COMMUNE},
    )
    superior_body = models.CharField(
        _("cơ quan cấp trên"),
        max_length=150,
        blank=True,
        help_text=_("Dòng trên cùng của tiêu đề văn bản, nếu có (ví dụ: UBND TỈNH ĐỒNG NAI)."),
    )
    issuing_body = models.CharField(
        _("cơ quan ban hành"), max_length=150, help_text=_("Ví dụ: ỦY BAN NHÂN DÂN XÃ TÂN KHAI")
    )
    place_name = models.CharField(
        _("địa danh ghi ngày tháng"), max_length=100, help_text=_("Ví dụ: Tân Khai")
    )
    chairman_name = models.CharField(_("họ tên Chủ tịch UBND"), max_length=150, blank=True)
    vice_chairman_name = models.CharField(
        _("họ tên Phó Chủ tịch UBND (phụ trách VH-XH)"), max_length=150, blank=True
    )
    # Names typed to try the app (the demo's) are marked, so nobody signs with them.
    chairman_is_placeholder = models.BooleanField(
        _("tên Chủ tịch là tên minh họa"),
        default=False,
        help_text=_("Đánh dấu khi chưa nhập tên thật; bỏ đánh dấu khi đã kiểm tra."),
    )
    vice_chairman_is_placeholder = models.BooleanField(
        _("tên Phó Chủ tịch là tên minh họa"), default=False
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("thông tin văn bản của xã")
        verbose_name_plural = _("thông tin văn bản của xã")

    def __str__(self) -> str:
        return self.issuing_body


class Ethnicity(CleanTextModel, models.Model):
    """The 54 ethnic groups of Viet Nam (danh mục các dân tộc Việt Nam)."""

    code = models.CharField(_("mã"), max_length=2, unique=True)
    name = models.CharField(_("tên dân tộc"), max_length=50)
    is_minority = models.BooleanField(_("dân tộc thiểu số"), default=True)

    class Meta:
        verbose_name = _("dân tộc")
        verbose_name_plural = _("dân tộc")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class PovertyStatus(models.TextChoices):
    UNCLASSIFIED = "unclassified", _("Chưa rà soát")
    POOR = "poor", _("Hộ nghèo")
    NEAR_POOR = "near_poor", _("Hộ cận nghèo")
    AVERAGE = "average", _("Hộ có mức sống trung bình")
    NOT_POOR = "not_poor", _("Không nghèo, cận nghèo")


# A review's result in the average band is information only: for the lists the household
# is not poor / near-poor. Average living standard is recognised only through its own
# procedure (AverageLivingRecognition), on request of a farming / forestry / fishery /
# salt-making household.
IN_AVERAGE_BAND = _("Không nghèo, cận nghèo (trong khoảng mức sống trung bình)")


def list_status(result: str) -> str:
    """The status a review's result gives the household on the lists."""
    return PovertyStatus.NOT_POOR if result == PovertyStatus.AVERAGE else result


def result_label(result: str) -> str:
    return str(IN_AVERAGE_BAND if result == PovertyStatus.AVERAGE else PovertyStatus(result).label)


class Livelihood(models.TextChoices):
    """Farming, forestry, fishery, salt-making: who may be recognised as average living standard."""

    FARMING = "farming", _("Nông nghiệp")
    FORESTRY = "forestry", _("Lâm nghiệp")
    FISHERY = "fishery", _("Ngư nghiệp")
    SALT = "salt", _("Diêm nghiệp")


class Household(CleanTextModel, models.Model):
    free_text_fields = ("address",)

    class Status(models.TextChoices):
        ACTIVE = "active", _("Đang cư trú")
        RETIRED = "retired", _("Đã ra khỏi danh sách")

    class RetiredReason(models.TextChoices):
        MOVED_AWAY = "moved_away", _("Chuyển đi nơi khác")
        DISSOLVED = "dissolved", _("Giải thể (không còn thành viên)")
        MERGED = "merged", _("Nhập vào hộ khác")
        SPLIT = "split", _("Tách thành các hộ mới")

    commune = models.ForeignKey(
        Area,
        verbose_name=_("xã / phường"),
        on_delete=models.PROTECT,
        related_name="commune_households",
        editable=False,
    )
    quarter = models.ForeignKey(
        Area,
        verbose_name=_("khu phố / ấp"),
        on_delete=models.PROTECT,
        related_name="households",
        limit_choices_to={"kind": Area.Kind.QUARTER},
    )
    code = models.CharField(_("mã hộ"), max_length=20)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(
        _("điện thoại"), max_length=20, blank=True, validators=[validate_phone]
    )
    head = models.ForeignKey(
        "Member",
        verbose_name=_("chủ hộ"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    ethnicity = models.ForeignKey(
        Ethnicity, verbose_name=_("dân tộc"), on_delete=models.PROTECT, null=True, blank=True
    )
    is_ethnic_minority = models.BooleanField(_("hộ dân tộc thiểu số (DTTS)"), default=False)
    no_labour_capacity = models.BooleanField(
        _("hộ không có khả năng lao động (KCKNLĐ)"), default=False
    )
    person_of_merit = models.BooleanField(_("hộ có người có công (CSCC)"), default=False)
    social_protection = models.BooleanField(_("hộ hưởng bảo trợ xã hội"), default=False)
    livelihood = models.CharField(
        _("hộ làm nông, lâm, ngư, diêm nghiệp"),
        max_length=10,
        choices=Livelihood.choices,
        blank=True,
        help_text=_("Để trống nếu hộ không sống chủ yếu bằng các nghề này."),
    )
    poverty_status = models.CharField(
        _("phân loại hiện tại"),
        max_length=15,
        choices=PovertyStatus.choices,
        default=PovertyStatus.UNCLASSIFIED,
        editable=False,
    )
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    retired_reason = models.CharField(
        _("lý do ra khỏi danh sách"), max_length=15, choices=RetiredReason.choices, blank=True
    )
    retired_on = models.DateField(_("ngày ra khỏi danh sách"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("nhập vào hộ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
    )
    notes = models.TextField(_("ghi chú"), blank=True)

    # Kept by the services so that lists sort and search without joins.
    head_name = models.CharField(_("tên chủ hộ"), max_length=150, blank=True, editable=False)
    head_sort = models.CharField(
        _("tên chủ hộ để sắp xếp"), max_length=150, blank=True, editable=False
    )
    head_birth_year = models.PositiveSmallIntegerField(
        _("năm sinh chủ hộ"), null=True, blank=True, editable=False
    )
    member_count = models.PositiveSmallIntegerField(_("số nhân khẩu"), default=0, editable=False)
    search_text = models.TextField(_("nội dung tìm kiếm"), blank=True, editable=False)

    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ngày cập nhật"), auto_now=True)

    history = HistoricalRecords(
        excluded_fields=["head_sort", "search_text", "member_count", "version", "updated_at"]
    )

    class Meta:
        verbose_name = _("hộ gia đình")
        verbose_name_plural = _("hộ gia đình")
        constraints = [
            models.UniqueConstraint(fields=["commune", "code"], name="household_code_per_commune"),
            models.CheckConstraint(
                condition=Q(status="active", retired_on__isnull=True)
                | Q(status="retired", retired_on__isnull=False),
                name="household_retired_has_date",
            ),
        ]
        indexes = [
            # Registry list within a quarter, sorted by head name (the default view).
            models.Index(fields=["quarter", "status", "head_sort"], name="hh_quarter_status_head"),
            # Commune-wide list sorted by head name or code.
            models.Index(fields=["commune", "status", "head_sort"], name="hh_commune_status_head"),
            # Filters by current classification (poor / near-poor lists).
            models.Index(fields=["poverty_status", "status"], name="hh_poverty_status"),
            # Province-wide lists (administrators) sorted by head name or by code.
            models.Index(fields=["status", "head_sort", "id"], name="hh_status_head"),
            models.Index(fields=["status", "code", "id"], name="hh_status_code"),
            # Duplicate warning: same head name and birth year in the commune.
            models.Index(fields=["commune", "head_sort", "head_birth_year"], name="hh_dup_head"),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.head_name}" if self.head_name else self.code

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class Member(CleanTextModel, models.Model):
    class Sex(models.TextChoices):
        MALE = "male", _("Nam")
        FEMALE = "female", _("Nữ")

    class Relation(models.TextChoices):
        HEAD = "head", _("Chủ hộ")
        SPOUSE = "spouse", _("Vợ / chồng")
        CHILD = "child", _("Con")
        CHILD_IN_LAW = "child_in_law", _("Con dâu / con rể")
        GRANDCHILD = "grandchild", _("Cháu")
        PARENT = "parent", _("Cha / mẹ")
        GRANDPARENT = "grandparent", _("Ông / bà")
        SIBLING = "sibling", _("Anh / chị / em")
        OTHER = "other", _("Khác")

    class Schooling(models.TextChoices):
        NONE = "none", _("Chưa đi học / không biết chữ")
        PRESCHOOL = "preschool", _("Mầm non")
        PRIMARY = "primary", _("Tiểu học")
        LOWER_SECONDARY = "lower_secondary", _("Trung học cơ sở")
        UPPER_SECONDARY = "upper_secondary", _("Trung học phổ thông")
        HIGHER = "higher", _("Cao đẳng, đại học trở lên")

    class Vocational(models.TextChoices):
        NONE = "none", _("Chưa qua đào tạo")
        SHORT = "short", _("Sơ cấp / dưới 3 tháng")
        INTERMEDIATE = "intermediate", _("Trung cấp")
        COLLEGE = "college", _("Cao đẳng")
        UNIVERSITY = "university", _("Đại học trở lên")

    class Employment(models.TextChoices):
        CONTRACT = "contract", _("Làm công, có hợp đồng lao động")
        NO_CONTRACT = "no_contract", _("Làm công, không có hợp đồng")
        SELF_EMPLOYED = "self_employed", _("Tự làm, sản xuất nông nghiệp, kinh doanh")
        UNEMPLOYED = "unemployed", _("Thất nghiệp, đang tìm việc")
        STUDENT = "student", _("Đang đi học")
        RETIRED = "retired", _("Nghỉ hưu, già yếu")
        UNABLE = "unable", _("Không có khả năng lao động")
        CHILD = "child", _("Trẻ em dưới tuổi lao động")

    class Disability(models.TextChoices):
        NONE = "none", _("Không")
        MILD = "mild", _("Khuyết tật nhẹ")
        SEVERE = "severe", _("Khuyết tật nặng")
        EXTREME = "extreme", _("Khuyết tật đặc biệt nặng")

    class LeftReason(models.TextChoices):
        DIED = "died", _("Qua đời")
        MOVED_OUT = "moved_out", _("Chuyển đi")
        MARRIED_OUT = "married_out", _("Kết hôn, về ở nơi khác")
        OTHER = "other", _("Khác")

    household = models.ForeignKey(
        Household, verbose_name=_("hộ"), on_delete=models.PROTECT, related_name="members"
    )
    full_name = models.CharField(_("họ và tên"), max_length=150)
    name_folded = models.CharField(
        _("tên không dấu"), max_length=150, editable=False, db_index=True, default=""
    )
    sex = models.CharField(_("giới tính"), max_length=6, choices=Sex.choices)
    date_of_birth = models.DateField(_("ngày sinh"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(
        _("năm sinh"),
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
        help_text=_("Chỉ cần năm sinh khi không rõ ngày sinh."),
    )
    relation_to_head = models.CharField(
        _("quan hệ với chủ hộ"), max_length=15, choices=Relation.choices
    )
    ethnicity = models.ForeignKey(
        Ethnicity, verbose_name=_("dân tộc"), on_delete=models.PROTECT, null=True, blank=True
    )
    citizen_id = models.CharField(
        _("số CCCD / định danh"),
        max_length=12,
        blank=True,
        validators=[validate_citizen_id],
        help_text=_("12 chữ số. Để trống nếu chưa có (trẻ em)."),
    )
    has_health_insurance = models.BooleanField(_("có thẻ BHYT"), default=False)
    health_insurance_number = models.CharField(
        _("mã thẻ BHYT"), max_length=15, blank=True, validators=[validate_health_insurance_number]
    )
    health_insurance_expiry = models.DateField(_("hạn thẻ BHYT"), null=True, blank=True)
    schooling_level = models.CharField(
        _("trình độ học vấn"), max_length=20, choices=Schooling.choices, default=Schooling.NONE
    )
    in_school = models.BooleanField(_("đang đi học"), default=False)
    vocational_qualification = models.CharField(
        _("trình độ chuyên môn kỹ thuật"),
        max_length=15,
        choices=Vocational.choices,
        default=Vocational.NONE,
    )
    employment_status = models.CharField(
        _("tình trạng việc làm"), max_length=15, choices=Employment.choices, blank=True
    )
    disability = models.CharField(
        _("khuyết tật"), max_length=10, choices=Disability.choices, default=Disability.NONE
    )
    is_active = models.BooleanField(_("đang là thành viên"), default=True)
    left_on = models.DateField(_("ngày ra khỏi hộ"), null=True, blank=True)
    left_reason = models.CharField(
        _("lý do ra khỏi hộ"), max_length=15, choices=LeftReason.choices, blank=True
    )
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ngày cập nhật"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["name_folded", "version", "updated_at"])

    class Meta:
        verbose_name = _("thành viên hộ")
        verbose_name_plural = _("thành viên hộ")
        ordering = ["pk"]
        constraints = [
            # A person is an active member of one household at a time.
            models.UniqueConstraint(
                fields=["citizen_id"],
                condition=Q(is_active=True) & ~Q(citizen_id=""),
                name="member_citizen_id_active_unique",
            ),
            models.CheckConstraint(
                condition=Q(is_active=True) | Q(left_on__isnull=False),
                name="member_left_has_date",
            ),
        ]
        indexes = [
            # Citizen-ID search and the duplicate warning.
            models.Index(fields=["citizen_id"], name="member_citizen_id"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def age_on(self, day: dt.date) -> int:
        if self.date_of_birth:
            dob = self.date_of_birth
            return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))
        return day.year - self.birth_year

    @property
    def age(self) -> int:
        return self.age_on(timezone.localdate())

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        today = timezone.localdate()
        if self.full_name is not None and not self.full_name.strip():
            errors["full_name"] = _("Họ và tên không được để trống.")
        if self.date_of_birth:
            if self.date_of_birth > today:
                errors["date_of_birth"] = _("Ngày sinh không được ở tương lai.")
            elif self.birth_year and self.birth_year != self.date_of_birth.year:
                errors["birth_year"] = _("Năm sinh không khớp với ngày sinh.")
        if self.birth_year and self.birth_year > today.year:
            errors["birth_year"] = _("Năm sinh không được ở tương lai.")
        if self.citizen_id and "citizen_id" not in errors:
            try:
                validate_citizen_id(self.citizen_id)
            except ValidationError:
                pass  # the field validator reports it
            else:
                sex, _century = citizen_id_sex_and_century(self.citizen_id)
                if self.sex and sex != self.sex:
                    errors["citizen_id"] = _(
                        "Số CCCD không khớp giới tính "
                        "(chữ số thứ 4 mã hóa giới tính và thế kỷ sinh)."
                    )
                elif self.birth_year and citizen_id_birth_year(self.citizen_id) != self.birth_year:
                    errors["citizen_id"] = _(
                        "Số CCCD không khớp năm sinh (chữ số thứ 4 đến 6 mã hóa năm sinh)."
                    )
        if self.health_insurance_number and not self.has_health_insurance:
            errors["has_health_insurance"] = _("Đã nhập mã thẻ BHYT: hãy đánh dấu “có thẻ BHYT”.")
        if self.health_insurance_expiry and not self.has_health_insurance:
            errors["has_health_insurance"] = _("Đã nhập hạn thẻ BHYT: hãy đánh dấu “có thẻ BHYT”.")
        if self.is_active and (self.left_on or self.left_reason):
            errors["left_on"] = _("Thành viên đang trong hộ thì không có ngày ra khỏi hộ.")
        if errors:
            raise ValidationError(errors)


# ---------------------------------------------------------------------------
# Poverty standards, reviews and the Decision 24/2021 procedure
# ---------------------------------------------------------------------------

VERIFY_NOTE = _("Cần xác minh với văn bản gốc trước khi sử dụng.")


class PovertyStandard(CleanTextModel, models.Model):
    """A versioned poverty standard (chuẩn nghèo): lines, thresholds and indicators."""

    code = models.CharField(_("mã"), max_length=20, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=255)
    valid_from = models.DateField(_("áp dụng từ"))
    valid_to = models.DateField(_("áp dụng đến"), null=True, blank=True)
    income_line_rural = models.PositiveBigIntegerField(
        _("chuẩn thu nhập nông thôn (đ/người/tháng)")
    )
    income_line_urban = models.PositiveBigIntegerField(
        _("chuẩn thu nhập thành thị (đ/người/tháng)")
    )
    average_upper_rural = models.PositiveBigIntegerField(
        _("mức sống trung bình tối đa, nông thôn"),
        null=True,
        blank=True,
        help_text=_("Để trống nếu chuẩn này chưa quy định hộ có mức sống trung bình."),
    )
    average_upper_urban = models.PositiveBigIntegerField(
        _("mức sống trung bình tối đa, thành thị"), null=True, blank=True
    )
    # Nghị định 30/2025 (amending 07/2021): a household that is neither poor nor near-poor
    # with an income per person per month at or below these is a low-income household;
    # its workers are counted apart in training and job support. Data, not constants.
    low_income_rural = models.PositiveBigIntegerField(
        _("ngưỡng hộ thu nhập thấp, nông thôn (đ/người/tháng)"),
        null=True,
        blank=True,
        help_text=_("Để trống nếu chuẩn này chưa quy định hộ thu nhập thấp."),
    )
    low_income_urban = models.PositiveBigIntegerField(
        _("ngưỡng hộ thu nhập thấp, thành thị (đ/người/tháng)"), null=True, blank=True
    )
    min_deprivations_poor = models.PositiveSmallIntegerField(
        _("số chỉ số thiếu hụt tối thiểu của hộ nghèo"), default=3
    )
    score_a_cutoff_rural = models.PositiveIntegerField(
        _("ngưỡng điểm A nông thôn"), null=True, blank=True
    )
    score_a_cutoff_urban = models.PositiveIntegerField(
        _("ngưỡng điểm A thành thị"), null=True, blank=True
    )
    score_a_max = models.PositiveIntegerField(
        _("điểm A tối đa hợp lệ"),
        default=1000,
        help_text=_("Giới hạn kiểm tra nhập liệu cho điểm A (phần B1 của phiếu B)."),
    )
    b_points_per_deprivation = models.PositiveSmallIntegerField(
        _("điểm B mỗi chỉ số thiếu hụt"), default=10
    )
    urban_term = models.CharField(
        _("tên gọi khu vực thành thị"),
        max_length=30,
        default="Thành thị",
        help_text=_("Theo văn bản của chuẩn: Nghị định 351/2025/NĐ-CP dùng “Đô thị”."),
    )
    notes = models.TextField(_("ghi chú, nội dung cần xác minh"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chuẩn nghèo")
        verbose_name_plural = _("chuẩn nghèo")
        ordering = ["valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="standard_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from households.standards import check_rules_unchanged

        check_rules_unchanged(self)

    def in_force_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    @property
    def is_locked(self) -> bool:
        """Rules are frozen once a recognised review used them: make a new version."""
        return Review.objects.filter(standard=self, status=Review.Status.RECOGNISED).exists()

    def unconfirmed_definitions(self) -> list[str]:
        """Dimensions and indicators still taken from a draft (not confirmed against the text)."""
        names = [
            str(_("Chiều %(name)s") % {"name": d.name})
            for d in self.dimensions.filter(needs_verification=True)
        ]
        names += [
            str(_("Chỉ số %(code)s. %(name)s") % {"code": i.code, "name": i.name})
            for i in self.indicators.filter(needs_verification=True)
        ]
        return names

    def area_type_label(self, area_type: str) -> str:
        """Urban / rural as this standard's text names them."""
        if area_type == Area.SettlementType.URBAN:
            return str(_(self.urban_term))
        return str(Area.SettlementType(area_type).label) if area_type else ""


class Dimension(CleanTextModel, BilingualName, models.Model):
    standard = models.ForeignKey(
        PovertyStandard,
        verbose_name=_("chuẩn nghèo"),
        on_delete=models.CASCADE,
        related_name="dimensions",
    )
    code = models.CharField(_("mã"), max_length=10)
    name = models.CharField(_("tên"), max_length=150)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=150, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    needs_verification = models.BooleanField(
        _("cần xác minh"), default=False, help_text=VERIFY_NOTE
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chiều thiếu hụt")
        verbose_name_plural = _("chiều thiếu hụt")
        ordering = ["standard", "order"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "code"], name="dimension_code_per_standard")
        ]

    def __str__(self) -> str:
        return self.name


class SuggestionRule(models.TextChoices):
    EMPLOYMENT = (
        "employment",
        _("Có người trong tuổi lao động thất nghiệp / làm công không hợp đồng"),
    )
    DEPENDANTS = "dependants", _("Người phụ thuộc chiếm trên 50% nhân khẩu")
    HEALTH_INSURANCE = "health_insurance", _("Có người từ 6 tuổi không có thẻ BHYT còn hạn")
    ADULT_EDUCATION = (
        "adult_education",
        _("Có người 16–30 tuổi chưa tốt nghiệp THCS và chưa qua đào tạo"),
    )
    CHILD_SCHOOLING = "child_schooling", _("Có trẻ 3 đến dưới 16 tuổi không đi học")


class Indicator(CleanTextModel, BilingualName, models.Model):
    standard = models.ForeignKey(
        PovertyStandard,
        verbose_name=_("chuẩn nghèo"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    dimension = models.ForeignKey(
        Dimension, verbose_name=_("chiều"), on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.CharField(_("mã"), max_length=10)
    name = models.CharField(_("tên chỉ số"), max_length=150)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=150, blank=True)
    definition = models.TextField(_("hộ thiếu hụt khi"))
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    needs_verification = models.BooleanField(
        _("cần xác minh"), default=False, help_text=VERIFY_NOTE
    )
    suggestion_rule = models.CharField(
        _("gợi ý từ sổ hộ"),
        max_length=20,
        choices=SuggestionRule.choices,
        blank=True,
        help_text=_("Dữ liệu thành viên nào gợi ý chỉ số này khi khảo sát."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chỉ số thiếu hụt")
        verbose_name_plural = _("chỉ số thiếu hụt")
        ordering = ["standard", "order"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "code"], name="indicator_code_per_standard")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class ScreeningItem(CleanTextModel, models.Model):
    """A yes/no item of the quick identification sheet (Phiếu A); any "yes" screens out."""

    standard = models.ForeignKey(
        PovertyStandard,
        verbose_name=_("chuẩn nghèo"),
        on_delete=models.CASCADE,
        related_name="screening_items",
    )
    code = models.CharField(_("mã"), max_length=10)
    text = models.CharField(_("nội dung"), max_length=255)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("câu hỏi phiếu A")
        verbose_name_plural = _("câu hỏi phiếu A")
        ordering = ["standard", "order"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "code"], name="screening_code_per_standard")
        ]

    def __str__(self) -> str:
        return self.text


class HouseholdGroup(CleanTextModel, models.Model):
    """The plan's five groups of poor households and the measures it recommends (IV.2.3)."""

    number = models.PositiveSmallIntegerField(_("nhóm"), unique=True)
    name = models.CharField(_("tên nhóm"), max_length=255)
    measures = models.TextField(_("giải pháp hỗ trợ theo kế hoạch"))

    class Meta:
        verbose_name = _("nhóm hộ nghèo")
        verbose_name_plural = _("nhóm hộ nghèo")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class Holiday(CleanTextModel, models.Model):
    """Public holidays skipped when counting working days of the public posting."""

    date = models.DateField(_("ngày"), unique=True)
    name = models.CharField(_("tên ngày nghỉ"), max_length=150)

    class Meta:
        verbose_name = _("ngày nghỉ lễ")
        verbose_name_plural = _("ngày nghỉ lễ")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.name}"


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
    created_at = models.DateTimeField(auto_now_add=True)
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
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
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
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
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
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
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


# The one definition of "thoát nghèo" (escaped from poverty), used by the change report,
# the decision screen and the dashboard: a poor household that is no longer poor, whether
# it is now near-poor or above the near-poor line. Shown split where useful.
POVERTY_EXIT_TO_NEAR_POOR = Transition.POOR_TO_NEAR_POOR
POVERTY_EXIT_ABOVE_NEAR_POOR = Transition.ESCAPED
POVERTY_EXITS: frozenset[str] = frozenset({POVERTY_EXIT_TO_NEAR_POOR, POVERTY_EXIT_ABOVE_NEAR_POOR})
# Into poverty during the period: newly poor, re-poor, near-poor → poor.
POVERTY_ENTRIES: frozenset[str] = frozenset(
    {Transition.NEWLY_POOR, Transition.RE_POOR, Transition.NEAR_POOR_TO_POOR}
)


def exits_poverty(*, previous: str | None, current: str | None) -> bool:
    """True when a household poor before is not poor now (near-poor or above)."""
    return previous == PovertyStatus.POOR and current is not None and current != PovertyStatus.POOR


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
    surveyed_on = models.DateField(_("ngày khảo sát"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    returned_reason = models.TextField(_("lý do trả lại"), blank=True)
    meeting = models.ForeignKey(
        QuarterMeeting, on_delete=models.PROTECT, null=True, blank=True, related_name="reviews"
    )
    posting = models.ForeignKey(
        Posting, on_delete=models.PROTECT, null=True, blank=True, related_name="reviews"
    )
    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="reviews"
    )
    certificate_number = models.CharField(_("số giấy chứng nhận"), max_length=30, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
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
    submission_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    history = HistoricalRecords(excluded_fields=["submission_token"])

    class Meta:
        verbose_name = _("khiếu nại")
        verbose_name_plural = _("khiếu nại")
        ordering = ["-received_on"]

    def __str__(self) -> str:
        return f"{self.review.household} · {self.received_on:%d/%m/%Y}"


class ReviewEvent(CleanTextModel, models.Model):
    """Each step of a review's workflow, with who did it and why (returns included)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    from_status = models.CharField(max_length=12, choices=Review.Status.choices)
    to_status = models.CharField(max_length=12, choices=Review.Status.choices)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.review_id}: {self.from_status} → {self.to_status}"


class NeedType(CleanTextModel, models.Model):
    code = models.CharField(_("mã"), max_length=30, unique=True)
    name = models.CharField(_("loại nhu cầu"), max_length=150)
    order = models.PositiveSmallIntegerField(default=0)

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
        EscapeRegistration, on_delete=models.CASCADE, related_name="needs"
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
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("công nhận hộ có mức sống trung bình")
        verbose_name_plural = _("công nhận hộ có mức sống trung bình")
        ordering = ["-requested_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.household} · {self.requested_on:%d/%m/%Y}"
