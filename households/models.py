"""Areas, households and their members.

Every record hangs off an area; a user's scope is an area subtree (see
``households.selectors``). Areas carry a materialised ``path`` so that a subtree is
one indexed prefix match.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
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


# Event texts that name another area, written in Vietnamese with the name filled in.
AREA_EVENT_TEMPLATES = (
    gettext_noop("Nhận sáp nhập %(area)s."),
    gettext_noop("Sáp nhập vào %(into)s."),
)


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

    @property
    def description_display(self) -> str:
        """The description in the reader's language: stored in Vietnamese, translated when
        shown; a text naming an area ("Nhận sáp nhập Thị trấn Tân Khai.") is rebuilt from
        its template so that only the name stays as written."""
        text = self.description
        if not text:
            return ""
        for template in AREA_EVENT_TEMPLATES:
            head, key, tail = re.split(r"%\((\w+)\)s", template)
            if text.startswith(head) and text.endswith(tail) and len(text) > len(head + tail):
                return gettext(template) % {key: text[len(head) : len(text) - len(tail)]}
        return gettext(text)


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
            # The share of trained workers (dashboard, progress report) reads only this
            # index: the members of the scope's households, without their rows.
            models.Index(
                fields=["household", "is_active", "employment_status", "vocational_qualification"],
                name="member_household_work",
            ),
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
        from households.reviews.models import Review

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

    def legal_basis_on(self, day: dt.date) -> str:
        """The standard's legal basis as a document dated ``day`` cites it: the decree that
        issued it, then the amending decrees issued on or before ``day``."""
        later = [a.text for a in self.amendments.all() if a.issued_on <= day]
        return ", ".join([self.legal_basis, "; ".join(later)]) if later else self.legal_basis

    def area_type_label(self, area_type: str) -> str:
        """Urban / rural as this standard's text names them."""
        if area_type == Area.SettlementType.URBAN:
            return str(_(self.urban_term))
        return str(Area.SettlementType(area_type).label) if area_type else ""


class StandardAmendment(CleanTextModel, models.Model):
    """A later decree that amends or extends a standard, with the day it was issued: a
    document cites it only from that day."""

    standard = models.ForeignKey(
        PovertyStandard,
        verbose_name=_("chuẩn nghèo"),
        on_delete=models.CASCADE,
        related_name="amendments",
    )
    text = models.CharField(
        _("nội dung căn cứ"),
        max_length=255,
        help_text=_("Như khi trích dẫn, ví dụ: sửa đổi bởi Nghị định 30/2025/NĐ-CP."),
    )
    issued_on = models.DateField(_("ngày ban hành"))

    class Meta:
        verbose_name = _("văn bản sửa đổi, bổ sung chuẩn nghèo")
        verbose_name_plural = _("văn bản sửa đổi, bổ sung chuẩn nghèo")
        ordering = ["issued_on", "pk"]

    def __str__(self) -> str:
        return self.text


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


# The review procedure's models live in households/reviews/models.py, the Excel
# imports' in households/imports/models.py; importing them here registers them with
# Django (app label households).
from households.imports import models as imports_models  # noqa: E402, F401
from households.reviews import models as reviews_models  # noqa: E402, F401
