"""Cross-cutting models: users with a role and an area scope, and the access log."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.auth.validators import ASCIIUsernameValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tannkhai.inputs import CleanTextModel

if TYPE_CHECKING:
    from households.models import Area


class BilingualName:
    """For data with a Vietnamese ``name`` and an optional ``name_en``."""

    name: str
    name_en: str

    @property
    def label(self) -> str:
        """The name in the interface language (English when one is recorded)."""
        return self.name_en if get_language() == "en" and self.name_en else self.name


class Role(models.TextChoices):
    OFFICER = "officer", _("Công chức LĐ-TB&XH / VH-XH")
    QUARTER_HEAD = "quarter_head", _("Trưởng khu phố / ấp")
    LEADER = "leader", _("Lãnh đạo UBND")
    ORG_MEMBER = "org_member", _("Thành viên tổ chức, đoàn thể")
    ADMIN = "admin", _("Quản trị")


class CaseInsensitiveUserManager(UserManager["User"]):
    """Sign-in finds ``CanBo`` as ``canbo``: phones capitalise the first letter, and a
    user name is unique ignoring case (see ``User.Meta.constraints``), so the match is
    never ambiguous."""

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})


class User(CleanTextModel, AbstractUser):
    """A person who signs in. What they see is their role applied to their areas."""

    # ASCII only: SQLite folds case only for ASCII letters, so this keeps "unique
    # ignoring case" true on both databases (and sign-in names easy to type anywhere).
    username_validator = ASCIIUsernameValidator()  # type: ignore[assignment]
    username = models.CharField(
        _("tên đăng nhập"),
        max_length=150,
        unique=True,
        help_text=_(
            "Tối đa 150 ký tự: chữ cái không dấu, chữ số và @ . + - _ "
            "(không phân biệt chữ hoa, chữ thường)."
        ),
        validators=[username_validator],
        error_messages={"unique": _("Tên đăng nhập đã được sử dụng.")},
    )
    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices, default=Role.OFFICER)
    areas = models.ManyToManyField(
        "households.Area",
        verbose_name=_("địa bàn phụ trách"),
        blank=True,
        related_name="users",
        help_text=_("Người dùng thấy các địa bàn này và mọi địa bàn trực thuộc."),
    )
    organisation = models.CharField(
        _("tổ chức, đoàn thể"),
        max_length=150,
        blank=True,
        help_text=_("Dành cho thành viên tổ chức: MTTQ, Hội Nông dân, Hội LHPN…"),
    )
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    objects: ClassVar[CaseInsensitiveUserManager] = CaseInsensitiveUserManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        constraints = [
            models.UniqueConstraint(
                Lower("username"),
                name="user_username_unique_ignoring_case",
                violation_error_message=_(
                    "Tên đăng nhập đã được sử dụng (không phân biệt chữ hoa, chữ thường)."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.get_username()

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_username()

    @property
    def is_admin(self) -> bool:
        return self.is_superuser or self.role == Role.ADMIN

    @property
    def is_officer(self) -> bool:
        return self.role == Role.OFFICER

    @property
    def is_quarter_head(self) -> bool:
        return self.role == Role.QUARTER_HEAD

    @property
    def is_leader(self) -> bool:
        return self.role == Role.LEADER

    @property
    def is_org_member(self) -> bool:
        return self.role == Role.ORG_MEMBER

    def scope_areas(self) -> list[Area]:
        return list(self.areas.all())


class AccessLog(CleanTextModel, models.Model):
    """Who viewed or exported personal data, and when (Luật 91/2025/QH15)."""

    class Action(models.TextChoices):
        VIEW_HOUSEHOLD = "view_household", _("Xem hồ sơ hộ")
        EXPORT_HOUSEHOLDS = "export_households", _("Xuất danh sách hộ")
        VIEW_EDIT_FORM = "view_edit_form", _("Mở biểu mẫu sửa hồ sơ")
        VIEW_REVIEW = "view_review", _("Xem phiếu rà soát")
        SEARCH_CITIZEN_ID = "search_citizen_id", _("Tìm theo số CCCD")
        ADMIN_VIEW = "admin_view", _("Xem trong trang quản trị")
        DOWNLOAD_REPORT = "download_report", _("Xem, tải báo cáo, văn bản")
        VIEW_IMPORT = "view_import", _("Xem trước, tải dòng lỗi của tệp nhập Excel")

    user = models.ForeignKey(
        User, verbose_name=_("người dùng"), on_delete=models.PROTECT, related_name="access_logs"
    )
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    action = models.CharField(_("hành động"), max_length=30, choices=Action.choices)
    household = models.ForeignKey(
        "households.Household",
        verbose_name=_("hộ"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="access_logs",
    )
    detail = models.JSONField(_("chi tiết"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)

    class Meta:
        verbose_name = _("nhật ký truy cập")
        verbose_name_plural = _("nhật ký truy cập")
        ordering = ["-at"]
        indexes = [
            # The household page lists who looked at this household.
            models.Index(fields=["household", "-at"], name="accesslog_household_at"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_action_display()} · {self.at:%d/%m/%Y %H:%M}"


class TaskHeartbeat(models.Model):
    """The last sign of life of a background task being run by the task worker.

    The worker's process writes it every ``TASK_HEARTBEAT_SECONDS`` while the task runs
    (``tannkhai.background``); a task still marked running whose beat is older than
    ``TASK_STALE_AFTER`` lost its worker (killed, the machine restarted), and the job it
    was making is marked failed with a way to try again.
    """

    task_id = models.CharField(_("mã tác vụ"), max_length=64, primary_key=True)
    beat_at = models.DateTimeField(_("lần cuối báo còn chạy"))

    class Meta:
        verbose_name = _("tín hiệu tác vụ nền")
        verbose_name_plural = _("tín hiệu tác vụ nền")

    def __str__(self) -> str:
        return f"{self.task_id} · {self.beat_at:%d/%m/%Y %H:%M:%S}"
