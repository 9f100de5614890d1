"""Writes to the registry. Keyword-only, validated with ``full_clean``, atomic.

Each service raises ``ValidationError`` with a translated message and writes
nothing when the input is wrong. Edits carry the version the user loaded, so that
a concurrent change is reported instead of silently overwritten.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from households import selectors
from households.models import Area, AreaEvent, CommuneSettings, Household, Member
from tannkhai.audit import attribute
from tannkhai.dates import BIRTH, EXPIRY, PAST, PLANNED, check_not_before
from tannkhai.formatting import fold
from tannkhai.locking import lock_row
from tannkhai.models import User

HOUSEHOLD_EDITABLE_FIELDS = (
    "code",
    "address",
    "phone",
    "ethnicity",
    "is_ethnic_minority",
    "no_labour_capacity",
    "person_of_merit",
    "social_protection",
    "livelihood",
    "notes",
)
MEMBER_EDITABLE_FIELDS = (
    "full_name",
    "sex",
    "date_of_birth",
    "birth_year",
    "relation_to_head",
    "ethnicity",
    "citizen_id",
    "has_health_insurance",
    "health_insurance_number",
    "health_insurance_expiry",
    "schooling_level",
    "in_school",
    "vocational_qualification",
    "employment_status",
    "disability",
)


def _stale_error() -> ValidationError:
    return ValidationError(
        _(
            "Hồ sơ này vừa được người khác cập nhật. Dữ liệu bạn nhập vẫn còn trên biểu mẫu: "
            "hãy mở hồ sơ trong thẻ mới để xem thay đổi, rồi lưu lại."
        ),
        code="stale",
    )


def _commune_of(quarter: Area) -> Area:
    if quarter.kind != Area.Kind.QUARTER:
        raise ValidationError({"quarter": _("Hãy chọn một khu phố / ấp.")})
    commune = quarter.commune
    if commune is None:
        raise ValidationError({"quarter": _("Khu phố / ấp này chưa thuộc xã / phường nào.")})
    if not quarter.is_active:
        raise ValidationError({"quarter": _("Khu phố / ấp này đã ngừng hoạt động.")})
    return commune


def commune_of(quarter: Area) -> Area:
    """The commune of a quarter a household may be put in (active, under a commune)."""
    return _commune_of(quarter)


BIRTH_IN_FUTURE = gettext_lazy("Ngày sinh không được ở tương lai.")


def member_clean(
    member: Member, *, relations_checked: bool = False, fields: Collection[str] | None = None
) -> None:
    """Normalise and check a member as every write does (the name, its folded form, the
    birth year from the date, the model's checks). ``relations_checked``: the related
    rows (ethnicity) were taken from a loaded list, so they are not looked up again (the
    Excel import checks thousands of members at once). ``fields``: only these fields were
    set (the others hold defaults or stored values): the others' field checks are
    skipped, the model's ``clean`` still runs."""
    BIRTH.check(
        member.date_of_birth,
        field="date_of_birth",
        future=BIRTH_IN_FUTURE,
    )
    EXPIRY.check(member.health_insurance_expiry, field="health_insurance_expiry")
    if member.date_of_birth and not member.birth_year:
        member.birth_year = member.date_of_birth.year
    member.full_name = " ".join((member.full_name or "").split())
    member.name_folded = fold(member.full_name)
    # Constraints are checked by _check_citizen_id_free (with a clear message) and,
    # as a backstop, by the database on save.
    exclude = ["household", "ethnicity"] if relations_checked else ["household"]
    if fields is not None:
        exclude += [f.name for f in Member._meta.concrete_fields if f.name not in fields]
    # A member has no unique field but its key: the unique check finds nothing to ask.
    member.full_clean(
        exclude=exclude, validate_unique=not relations_checked, validate_constraints=False
    )


def household_clean(household: Household, *, relations_checked: bool = False) -> None:
    """Normalise and check a household as every write does. ``relations_checked``: its
    quarter and ethnicity come from loaded lists and its code was checked against the
    commune's codes, so nothing is looked up again (see ``member_clean``)."""
    household.code = (household.code or "").strip().upper()
    if relations_checked:
        household.full_clean(
            exclude=["commune", "head", "quarter", "ethnicity", "merged_into"],
            validate_unique=False,
            validate_constraints=False,
        )
    else:
        household.full_clean(exclude=["commune", "head"])


def household_search_fields(
    *, code: str, head: Member | None, other_names: list[str], member_count: int
) -> dict[str, Any]:
    """The denormalised fields that lists sort and search on (no joins at read time)."""
    head_name = head.full_name if head else ""
    return {
        "head_name": head_name,
        "head_sort": fold(head_name),
        "head_birth_year": head.birth_year if head else None,
        "member_count": member_count,
        "search_text": fold(" | ".join([code, head_name, *other_names])),
    }


def refresh_household_search(household: Household) -> None:
    """Recompute the denormalised head name, member count and search text."""
    members = list(household.members.filter(is_active=True).only("full_name", "pk"))
    head = household.head if household.head_id else None
    fields = household_search_fields(
        code=household.code,
        head=head,
        other_names=[m.full_name for m in members if not head or m.pk != head.pk],
        member_count=len(members),
    )
    for name, value in fields.items():
        setattr(household, name, value)
    Household.objects.filter(pk=household.pk).update(**fields)


def _save_household(household: Household, user: User | None = None) -> None:
    attribute(household, user)
    household_clean(household)
    try:
        with transaction.atomic():
            household.save()
    except IntegrityError as exc:
        raise ValidationError({"code": _("Mã hộ này đã có trong xã.")}) from exc


def _sync_ethnic_flag(household: Household) -> None:
    if household.ethnicity is not None:
        household.is_ethnic_minority = household.ethnicity.is_minority


@transaction.atomic
def household_create(
    *,
    user: User,
    quarter: Area,
    head: dict[str, Any],
    code: str,
    address: str = "",
    phone: str = "",
    ethnicity: Any = None,
    is_ethnic_minority: bool = False,
    no_labour_capacity: bool = False,
    person_of_merit: bool = False,
    social_protection: bool = False,
    livelihood: str = "",
    notes: str = "",
) -> Household:
    """A new household with its head as first member."""
    commune = _commune_of(quarter)
    household = Household(
        commune=commune,
        quarter=quarter,
        code=code,
        address=address,
        phone=phone,
        ethnicity=ethnicity,
        is_ethnic_minority=is_ethnic_minority,
        no_labour_capacity=no_labour_capacity,
        person_of_merit=person_of_merit,
        social_protection=social_protection,
        livelihood=livelihood,
        notes=notes,
    )
    _sync_ethnic_flag(household)
    if Household.objects.filter(commune=commune, code=household.code.strip().upper()).exists():
        raise ValidationError({"code": _("Mã hộ này đã có trong xã.")})
    _save_household(household, user)
    member = Member(household=household, relation_to_head=Member.Relation.HEAD, **head)
    if member.ethnicity is None:
        member.ethnicity = ethnicity
    try:
        member_clean(member)
        _check_citizen_id_free(member, user)
    except ValidationError as exc:
        # The head's fields are prefixed on the form; keep the error on them.
        raise ValidationError(
            {f"head_{k}": v for k, v in exc.message_dict.items()}
            if hasattr(exc, "error_dict")
            else exc
        ) from exc
    _save_member(member, user)
    household.head = member
    attribute(household, user)
    household.save(update_fields=["head"])
    refresh_household_search(household)
    return household


def _save_member(member: Member, user: User | None = None) -> None:
    attribute(member, user)
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError as exc:
        raise ValidationError(
            {"citizen_id": _("Số CCCD này đã thuộc một thành viên đang cư trú ở hộ khác.")}
        ) from exc


def _check_citizen_id_free(member: Member, user: User | None) -> None:
    """The number is free, or a message that names the holder's household only when
    ``user`` may read it (no user: a command or the demo loader)."""
    if not member.citizen_id:
        return
    others = Member.objects.filter(citizen_id=member.citizen_id, is_active=True)
    if member.pk:
        others = others.exclude(pk=member.pk)
    other = others.select_related("household").first()
    if other is None:
        return
    visible = (
        user is None or selectors.households_visible_to(user).filter(pk=other.household_id).exists()
    )
    raise ValidationError(
        {
            "citizen_id": citizen_id_taken_message(
                holder=other.household, commune_id=member.household.commune_id, visible=visible
            )
        }
    )


def citizen_id_taken_message(*, holder: Household, commune_id: int | None, visible: bool) -> str:
    """What a user is told when a citizen ID belongs to an active member of ``holder``:
    the household's code only when ``visible`` (the user may read it)."""
    if visible:
        return _("Số CCCD này đã thuộc thành viên của hộ %(code)s.") % {"code": holder.code}
    if holder.commune_id == commune_id:
        # Not the user's household to know about: say whom to ask, not where it is.
        return _(
            "Số CCCD này đã được đăng ký cho một người trong xã. Hãy liên hệ công chức "
            "LĐ-TB&XH của xã để kiểm tra."
        )
    # Don't reveal a household outside the commune.
    return _("Số CCCD này đã thuộc một người đang cư trú ở xã / phường khác.")


def _bump(model: type[Household] | type[Member], obj: Household | Member, version: int) -> None:
    """Lock the row, check it is still at the version the user loaded, claim the next one.

    Called before any check of the object's state: what the checks read is then what
    the save overwrites (a concurrent save has either committed, bumping the version
    and failing this one, or waits for this transaction to end).
    """
    lock_row(obj)
    if obj.version != version:
        raise _stale_error()
    model.objects.filter(pk=obj.pk).update(version=F("version") + 1)
    obj.version = version + 1


@transaction.atomic
def household_update(*, user: User, household: Household, version: int, **fields: Any) -> Household:
    unknown = set(fields) - set(HOUSEHOLD_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    _bump(Household, household, version)
    for name, value in fields.items():
        setattr(household, name, value)
    _sync_ethnic_flag(household)
    clash = Household.objects.filter(
        commune_id=household.commune_id, code=(household.code or "").strip().upper()
    ).exclude(pk=household.pk)
    if clash.exists():
        raise ValidationError({"code": _("Mã hộ này đã có trong xã.")})
    _save_household(household, user)
    refresh_household_search(household)
    return household


@transaction.atomic
def household_move(*, user: User, household: Household, quarter: Area, version: int) -> Household:
    """Move a household to another quarter (it keeps its code within the commune)."""
    _bump(Household, household, version)
    if not household.is_active:
        raise ValidationError(_("Hộ đã ra khỏi danh sách, không thể chuyển khu phố."))
    commune = _commune_of(quarter)
    if quarter.pk == household.quarter_id:
        raise ValidationError({"quarter": _("Hộ đang ở khu phố / ấp này.")})
    if (
        commune.pk != household.commune_id
        and Household.objects.filter(commune=commune, code=household.code).exists()
    ):
        raise ValidationError(
            {"quarter": _("Xã chuyển đến đã có hộ cùng mã %(code)s.") % {"code": household.code}}
        )
    household.quarter = quarter
    household.commune = commune
    _save_household(household, user)
    return household


@transaction.atomic
def household_set_head(
    *, user: User, household: Household, member: Member, version: int
) -> Household:
    _bump(Household, household, version)
    lock_row(member)
    if member.household_id != household.pk or not member.is_active:
        raise ValidationError(
            {"head": _("Chủ hộ phải là một thành viên đang cư trú của chính hộ này.")}
        )
    old_head = household.head if household.head_id else None
    if old_head is not None and old_head.pk != member.pk:
        old_head.relation_to_head = Member.Relation.OTHER
        attribute(old_head, user)
        old_head.save(update_fields=["relation_to_head", "updated_at"])
    member.relation_to_head = Member.Relation.HEAD
    attribute(member, user)
    member.save(update_fields=["relation_to_head", "updated_at"])
    household.head = member
    attribute(household, user)
    household.save(update_fields=["head", "updated_at"])
    refresh_household_search(household)
    return household


@transaction.atomic
def household_retire(
    *,
    user: User,
    household: Household,
    reason: str,
    retired_on: dt.date,
    version: int,
    merged_into: Household | None = None,
    note: str = "",
) -> Household:
    """Take a household off the list. Its records stay; nothing is deleted."""
    _bump(Household, household, version)
    if not household.is_active:
        raise ValidationError(_("Hộ này đã ra khỏi danh sách."))
    if reason not in Household.RetiredReason.values:
        raise ValidationError({"reason": _("Hãy chọn lý do.")})
    PAST.check(
        retired_on,
        field="retired_on",
        future=_("Ngày ra khỏi danh sách không được ở tương lai."),
    )
    if reason == Household.RetiredReason.MERGED:
        if merged_into is None:
            raise ValidationError({"merged_into": _("Hãy chọn hộ nhận nhập.")})
        if merged_into.pk == household.pk or not merged_into.is_active:
            raise ValidationError(
                {"merged_into": _("Hộ nhận nhập phải là một hộ khác đang cư trú.")}
            )
    elif merged_into is not None:
        raise ValidationError({"merged_into": _("Chỉ chọn hộ nhận nhập khi lý do là nhập hộ.")})
    household.status = Household.Status.RETIRED
    household.retired_reason = reason
    household.retired_on = retired_on
    household.merged_into = merged_into
    if note:
        stamp = retired_on.strftime("%d/%m/%Y")
        household.notes = (household.notes + "\n" if household.notes else "") + f"[{stamp}] {note}"
    attribute(household, user)
    household.save()
    return household


def check_head_relation(*, is_head: bool, household_has_head: bool, relation: str) -> None:
    """A member's relation may not change who heads the household: that is "Đổi chủ
    hộ" (``household_set_head``), which keeps the old head as a member."""
    if is_head and relation != Member.Relation.HEAD:
        raise ValidationError(
            {"relation_to_head": _("Đây là chủ hộ. Dùng “Đổi chủ hộ” để chọn chủ hộ khác.")}
        )
    if not is_head and relation == Member.Relation.HEAD and household_has_head:
        raise ValidationError(
            {"relation_to_head": _("Hộ đã có chủ hộ. Dùng “Đổi chủ hộ” để thay chủ hộ.")}
        )


@transaction.atomic
def member_create(*, user: User, household: Household, **fields: Any) -> Member:
    lock_row(household)
    if not household.is_active:
        raise ValidationError(_("Hộ đã ra khỏi danh sách, không thể thêm thành viên."))
    unknown = set(fields) - set(MEMBER_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    check_head_relation(
        is_head=False,
        household_has_head=bool(household.head_id),
        relation=fields.get("relation_to_head", ""),
    )
    member = Member(household=household, **fields)
    member_clean(member)
    _check_citizen_id_free(member, user)
    _save_member(member, user)
    if member.relation_to_head == Member.Relation.HEAD:
        household.head = member
        attribute(household, user)
        household.save(update_fields=["head", "updated_at"])
    Household.objects.filter(pk=household.pk).update(version=F("version") + 1)
    refresh_household_search(household)
    return member


@transaction.atomic
def member_update(*, user: User, member: Member, version: int, **fields: Any) -> Member:
    unknown = set(fields) - set(MEMBER_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    household = lock_row(member.household)
    _bump(Member, member, version)
    check_head_relation(
        is_head=household.head_id == member.pk,
        household_has_head=True,
        relation=fields.get("relation_to_head", member.relation_to_head),
    )
    for name, value in fields.items():
        setattr(member, name, value)
    member_clean(member)
    _check_citizen_id_free(member, user)
    _save_member(member, user)
    refresh_household_search(household)
    return member


@transaction.atomic
def member_retire(
    *, user: User, member: Member, reason: str, left_on: dt.date, version: int
) -> Member:
    """A member leaves the household (died, moved out…). The record is kept."""
    household = lock_row(member.household)
    _bump(Member, member, version)
    if not member.is_active:
        raise ValidationError(_("Thành viên này đã ra khỏi hộ."))
    if reason not in Member.LeftReason.values:
        raise ValidationError({"reason": _("Hãy chọn lý do.")})
    PAST.check(left_on, field="left_on", future=_("Ngày ra khỏi hộ không được ở tương lai."))
    check_not_before(
        left_on,
        member.date_of_birth,
        field="left_on",
        message=_("Ngày ra khỏi hộ không được trước ngày sinh (%(d)s)."),
    )
    if household.head_id == member.pk:
        raise ValidationError(
            _("Đây là chủ hộ: hãy chọn chủ hộ mới trước khi cho thành viên này ra khỏi hộ.")
        )
    member.is_active = False
    member.left_on = left_on
    member.left_reason = reason
    attribute(member, user)
    member.save()
    refresh_household_search(household)
    return member


# Descriptions are stored in the source language (Vietnamese, gettext_noop) whoever
# writes them, and translated where they are shown.
def _area_event_create(**fields: Any) -> AreaEvent:
    event = AreaEvent(**fields)
    event.full_clean()
    event.save()
    return event


@transaction.atomic
def area_rename(
    *, user: User, area: Area, name: str, effective_date: dt.date, legal_basis: str = ""
) -> Area:
    lock_row(area)
    PLANNED.check(effective_date, field="effective_date")
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Tên địa bàn không được để trống.")})
    if name == area.name:
        raise ValidationError({"name": _("Tên mới trùng tên hiện tại.")})
    old = area.name
    area.name = name
    area.full_clean()
    attribute(area, user)
    area.save()
    _area_event_create(
        area=area,
        kind=AreaEvent.Kind.RENAMED,
        effective_date=effective_date,
        legal_basis=legal_basis,
        description=gettext_noop("Đổi tên từ “%(old)s” thành “%(new)s”.")
        % {"old": old, "new": name},
    )
    return area


@transaction.atomic
def area_merge(
    *,
    user: User,
    area: Area,
    into: Area,
    effective_date: dt.date,
    legal_basis: str = "",
) -> Area:
    """Retire ``area`` into ``into``: its active households and sub-areas move across.

    Past records (reviews, decisions) keep pointing at the retired area as it was.
    """
    if area.pk == into.pk:
        raise ValidationError({"into": _("Không thể sáp nhập một địa bàn vào chính nó.")})
    for locked in sorted((area, into), key=lambda a: a.pk):
        lock_row(locked)
    PLANNED.check(effective_date, field="effective_date")
    check_not_before(
        effective_date,
        area.valid_from,
        field="effective_date",
        message=_("Ngày hiệu lực không được trước ngày địa bàn được lập (%(d)s)."),
    )
    if area.kind != into.kind:
        raise ValidationError({"into": _("Chỉ sáp nhập vào địa bàn cùng cấp.")})
    if not area.is_active or not into.is_active:
        raise ValidationError({"into": _("Cả hai địa bàn phải đang hoạt động.")})
    if into.path.startswith(area.path):
        raise ValidationError({"into": _("Không thể sáp nhập vào địa bàn trực thuộc nó.")})
    for child in list(area.children.all()):
        child.parent = into
        child.save()
        # Record where the child stood, so figures "as the areas stood" can be rebuilt.
        _area_event_create(
            area=child,
            kind=AreaEvent.Kind.MOVED,
            effective_date=effective_date,
            legal_basis=legal_basis,
            other_area=area,
            description=_("Chuyển từ %(old)s về %(new)s.") % {"old": area.name, "new": into.name},
        )
    if area.kind == Area.Kind.QUARTER:
        old_commune, new_commune = area.commune, into.commune
        households = Household.objects.filter(quarter=area, status=Household.Status.ACTIVE)
        if new_commune and old_commune and new_commune.pk != old_commune.pk:
            clash = Household.objects.filter(
                commune=new_commune, code__in=households.values("code")
            ).exists()
            if clash:
                raise ValidationError(
                    {"into": _("Có hộ trùng mã giữa hai xã; hãy đổi mã trước khi sáp nhập.")}
                )
        for household in households:
            household.quarter = into
            if new_commune is not None:
                household.commune = new_commune
            household.version += 1
            attribute(household, user)
            household.save()
    area.valid_to = effective_date - dt.timedelta(days=1)
    area.successor = into
    area.full_clean()
    attribute(area, user)
    area.save()
    _area_event_create(
        area=area,
        kind=AreaEvent.Kind.MERGED_INTO,
        effective_date=effective_date,
        legal_basis=legal_basis,
        other_area=into,
        description=gettext_noop("Sáp nhập vào %(into)s.") % {"into": into.name},
    )
    _area_event_create(
        area=into,
        kind=AreaEvent.Kind.ABSORBED,
        effective_date=effective_date,
        legal_basis=legal_basis,
        other_area=area,
        description=gettext_noop("Nhận sáp nhập %(area)s.") % {"area": area.name},
    )
    return area


COMMUNE_SETTINGS_FIELDS = (
    "issuing_body",
    "superior_body",
    "place_name",
    "chairman_name",
    "chairman_is_placeholder",
    "vice_chairman_name",
    "vice_chairman_is_placeholder",
)


@transaction.atomic
def commune_settings_save(*, user: User, commune: Area, **fields: Any) -> CommuneSettings:
    """Create or change what the commune prints on its documents (administrators only).

    Every save is kept in the settings' history with who made it.
    """
    from households.permissions import can_manage_areas

    if not can_manage_areas(user):
        raise PermissionDenied
    unknown = set(fields) - set(COMMUNE_SETTINGS_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    if commune.kind != Area.Kind.COMMUNE:
        raise ValidationError(_("Chỉ xã / phường có thông tin in trên văn bản."))
    lock_row(commune)
    settings_obj = CommuneSettings.objects.filter(commune=commune).first() or CommuneSettings(
        commune=commune
    )
    for name, value in fields.items():
        setattr(settings_obj, name, " ".join(value.split()) if isinstance(value, str) else value)
    settings_obj.full_clean()
    attribute(settings_obj, user)
    settings_obj.save()
    return settings_obj
