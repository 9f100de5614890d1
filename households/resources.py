"""Excel import of households and their members (one row per member, grouped by the
household's code), on django-import-export's resources.

What comes from django-import-export: the column ↔ attribute mapping and the parsing
of each cell (``Field`` and ``Widget``: a widget's ``ValueError`` becomes the column's
reason), the row → instance step (``import_instance``), the comparison that finds
unchanged rows (``skip_row`` with ``skip_unchanged``), the instance loader, and the bulk
lists (``save_instance`` with ``use_bulk`` collects ``create_instances`` /
``update_instances``; ``bulk_create`` / ``bulk_update`` write them, here with
django-simple-history's bulk helpers so that the history names the user and the batch).

What does not: ``Resource.import_data`` / ``import_row``. They take one row as one
object and decide it alone, while here several rows make one household: the household's
fields must agree across its rows, it needs exactly one head, and it is written or
skipped whole. The user's scope, duplicate keys inside the file and the preview's
digest are decided per file. ``import_row`` also deep-copies each instance and renders
a diff per row, which alone would exceed the time budget at 40,000 rows. So this module
drives the resources' steps itself, group by group, with every lookup loaded once per
file (``ImportLookups``), and no query per row.

The rules are the registry services' (``households.services``): the same cleaning
(``household_clean``, ``member_clean``), the same head rule (``check_head_relation``),
the same citizen-ID message (``citizen_id_taken_message``), the same denormalised
search fields (``household_search_fields``).
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connection, models
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources, widgets

from households import selectors, services
from households.imports import engine
from households.imports.engine import ERROR, NEW, UNCHANGED, UPDATE, ImportColumn, RowOutcome
from households.imports.models import ImportBatch
from households.models import Area, Ethnicity, Household, Member
from households.permissions import can_edit_registry
from tannkhai import xlsx
from tannkhai.bulk_history import copy_history, create_with_history, update_with_history
from tannkhai.formatting import fold, format_date, mask_citizen_id
from tannkhai.inputs import normalise_line
from tannkhai.models import User

CHUNK = 5000  # ids per IN (…) query: SQLite allows 32,766 parameters
BATCH = 1000  # rows per INSERT / UPDATE statement


# ---------------------------------------------------------------- cells → values


def _text(value: Any) -> str:
    """A cell as one line of text. The reader gives text in NFC; ``str.split`` also
    splits on the odd spaces (no-break…), so they become plain spaces."""
    if value is None:
        return ""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    return " ".join(normalise_line(str(value)).split())


class TextWidget(widgets.Widget):
    """Text normalised to NFC with single spaces; an empty cell is "no value"."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
        return _text(value) or None


class CodeWidget(TextWidget):
    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
        text = _text(value)
        return text.upper() if text else None


class DigitsWidget(widgets.Widget):
    """A number typed as digits; Excel drops leading zeros of a number cell, so a
    number shorter than ``length`` gets them back."""

    def __init__(self, length: int) -> None:
        self.length = length

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
        if value is None or value == "":
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(int(value)).zfill(self.length)
        return re.sub(r"[\s.\-]", "", _text(value)) or None


class PhoneWidget(widgets.Widget):
    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
        if value is None or value == "":
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            digits = str(int(value))
            return digits if digits.startswith("84") else "0" + digits
        return _text(value) or None


class ChoiceWidget(widgets.Widget):
    """A value from a list: matched on its label (any case, with or without
    diacritics), its code, or a usual synonym."""

    def __init__(self, mapping: dict[str, Any]) -> None:
        self.mapping = mapping
        self.seen: dict[Any, Any] = {}  # cells repeat: each distinct text is folded once

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
        if value in self.seen:
            return self.seen[value]
        text = _text(value)
        if not text:
            return None
        key = fold(text)
        if key in self.mapping:
            self.seen[value] = self.mapping[key]
            return self.mapping[key]
        raise ValueError(_("“%(value)s” không có trong danh sách của cột.") % {"value": text})


YES = {"x", "co", "1", "yes", "y", "true", "dung", "v"}
NO = {"khong", "0", "no", "n", "false", "sai", "-"}


class YesNoWidget(widgets.Widget):
    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            return value
        key = fold(_text(value))
        if key in YES:
            return True
        if key in NO:
            return False
        raise ValueError(_("Hãy ghi “Có” (hoặc x, 1) hay “Không” (hoặc 0, để trống)."))


DATE_TEXT = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


BIRTH_FORMAT = gettext_lazy(
    "Ngày sinh phải ghi dạng dd/mm/yyyy (ví dụ 05/03/1980) hoặc chỉ năm sinh."
)


def parse_birth(value: Any) -> tuple[dt.date | None, int | None]:
    """A birth date as dd/mm/yyyy text, an Excel date or a year: (date, year)."""
    if value is None or value == "":
        return None, None
    bad = ValueError(BIRTH_FORMAT)  # (lazy: translated only when the row is refused)
    if isinstance(value, dt.datetime):
        return value.date(), value.year
    if isinstance(value, dt.date):
        return value, value.year
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer() and 1900 <= int(value) <= 2100:
            return None, int(value)
        raise bad
    text = _text(value)
    if text.isdigit() and len(text) == 4:
        return None, int(text)
    match = DATE_TEXT.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        match = ISO_DATE.match(text)
        if not match:
            raise bad
        year, month, day = (int(g) for g in match.groups())
    try:
        date = dt.date(year, month, day)
    except ValueError as exc:
        raise bad from exc
    return date, date.year


class BirthWidget(widgets.Widget):
    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
        return parse_birth(value)


class BirthField(fields.Field):
    """``Ngày sinh``: a date sets the date and the year; a year alone sets the year and
    keeps a known date of that year."""

    def save(self, instance: Any, row: Any, is_m2m: bool = False, **kwargs: Any) -> None:
        date, year = self.clean(row, **kwargs)
        if year is None:
            return
        if date is None and instance.date_of_birth and instance.date_of_birth.year == year:
            return
        instance.date_of_birth = date
        instance.birth_year = year

    def get_value(self, instance: Any) -> Any:
        return (instance.date_of_birth, instance.birth_year)


class YearWidget(widgets.Widget):
    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
        if value is None or value == "":
            return None
        date, year = parse_birth(value)
        if date is not None:
            raise ValueError(_("Cột Năm sinh chỉ ghi năm (ví dụ 1980)."))
        return year


class LookupWidget(widgets.Widget):
    """A row of a list loaded once per file (quarters, ethnicities), by name or code."""

    def __init__(self, mapping: dict[str, Any], unknown: str) -> None:
        self.mapping = mapping
        self.unknown = unknown
        self.seen: dict[Any, Any] = {}

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
        if value in self.seen:
            return self.seen[value]
        text = _text(value)
        if not text:
            return None
        found = self.mapping.get(fold(text))
        if found is not None and not isinstance(found, str):
            self.seen[value] = found
        if found is None:
            raise ValueError(self.unknown % {"value": text})
        if isinstance(found, str):  # a known name the user may not import into
            raise ValueError(found % {"value": text})
        return found


# ---------------------------------------------------------------- columns

COLUMNS = (
    ImportColumn("code", "Mã hộ", required=True),
    ImportColumn("full_name", "Họ và tên", ("Họ tên", "Tên thành viên"), required=True),
    ImportColumn("relation", "Quan hệ với chủ hộ", ("Quan hệ", "Quan hệ chủ hộ"), required=True),
    ImportColumn("sex", "Giới tính"),
    ImportColumn("birth", "Ngày sinh", ("Ngày tháng năm sinh", "Ngày sinh (dd/mm/yyyy)")),
    ImportColumn("birth_year", "Năm sinh"),
    ImportColumn("ethnicity", "Dân tộc"),
    ImportColumn(
        "citizen_id",
        "Số CCCD",
        ("CCCD", "Số định danh", "Số CCCD / định danh", "Số định danh cá nhân", "Số CCCD/CMND"),
    ),
    ImportColumn("quarter", "Khu phố", ("Khu phố / ấp", "Khu phố/ấp", "Ấp", "Thôn"), required=True),
    ImportColumn("address", "Địa chỉ"),
    ImportColumn("phone", "Số điện thoại", ("Điện thoại", "SĐT")),
    ImportColumn("insurance", "Có thẻ BHYT", ("BHYT", "Thẻ BHYT")),
    ImportColumn("schooling", "Trình độ học vấn", ("Học vấn",)),
    ImportColumn("vocational", "Trình độ chuyên môn", ("Trình độ chuyên môn kỹ thuật",)),
    ImportColumn("employment", "Tình trạng việc làm", ("Việc làm",)),
    ImportColumn("disability", "Khuyết tật"),
)
HEADER = {c.key: c.header for c in COLUMNS}
HOUSEHOLD_KEYS = ("code", "quarter", "address", "phone")
MEMBER_KEYS = tuple(c.key for c in COLUMNS if c.key not in HOUSEHOLD_KEYS)


def _vi_labels(choices: type[models.TextChoices]) -> list[str]:
    with translation.override("vi"):
        return [str(label) for label in choices.labels]


def _choice_mapping(
    choices: type[models.TextChoices], synonyms: Mapping[str, str] | None = None
) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for value, label in choices.choices:
        mapping[fold(value)] = value
        mapping[fold(str(label))] = value
        with translation.override("vi"):
            mapping[fold(str(choices(value).label))] = value
    for text, value in (synonyms or {}).items():
        mapping[fold(text)] = value
    return mapping


R = Member.Relation
RELATION_SYNONYMS = {
    "vợ": R.SPOUSE,
    "chồng": R.SPOUSE,
    "con trai": R.CHILD,
    "con gái": R.CHILD,
    "con nuôi": R.CHILD,
    "con dâu": R.CHILD_IN_LAW,
    "con rể": R.CHILD_IN_LAW,
    "cháu nội": R.GRANDCHILD,
    "cháu ngoại": R.GRANDCHILD,
    "cha": R.PARENT,
    "mẹ": R.PARENT,
    "bố": R.PARENT,
    "ông": R.GRANDPARENT,
    "bà": R.GRANDPARENT,
    "anh": R.SIBLING,
    "chị": R.SIBLING,
    "em": R.SIBLING,
}
SEX_SYNONYMS = {"nam": Member.Sex.MALE, "nữ": Member.Sex.FEMALE, "nu": Member.Sex.FEMALE}


@dataclass
class ImportLookups:
    """Everything a file is checked against that does not depend on its rows, loaded
    once: the user's quarters (and the other quarters of their communes, to say why a
    row is refused), the ethnicities."""

    quarters: dict[str, Any]
    quarter_labels: list[str]
    ethnicities: dict[str, Ethnicity]
    ethnicity_labels: list[str]

    @classmethod
    def for_user(cls, user: User) -> ImportLookups:
        mine = list(selectors.quarters_visible_to(user))
        names = defaultdict(list)
        for quarter in mine:
            names[fold(quarter.name)].append(quarter)
        quarters: dict[str, Any] = {}
        labels = []
        for quarter in mine:
            label = quarter_label(quarter, unique=len(names[fold(quarter.name)]) == 1)
            labels.append(label)
            quarters[fold(label)] = quarter
            quarters[fold(quarter.code)] = quarter
            if len(names[fold(quarter.name)]) == 1:
                quarters[fold(quarter.name)] = quarter
        if not (user.is_superuser or user.is_admin):
            # Quarters of the same communes outside the user's scope: named, refused.
            communes = {q.parent_id for q in mine}
            refusal = _("Khu phố / ấp “%(value)s” không thuộc phạm vi của bạn.")
            for quarter in Area.objects.filter(kind=Area.Kind.QUARTER, parent_id__in=communes).only(
                "name", "code"
            ):
                quarters.setdefault(fold(quarter.name), refusal)
                quarters.setdefault(fold(quarter.code), refusal)
        ethnicities: dict[str, Ethnicity] = {}
        ethnicity_labels = []
        for ethnicity in Ethnicity.objects.order_by("code"):
            ethnicities[fold(ethnicity.name)] = ethnicity
            ethnicities[fold(ethnicity.code)] = ethnicity
            ethnicity_labels.append(ethnicity.name)
        return cls(quarters, labels, ethnicities, ethnicity_labels)


def quarter_label(quarter: Area, *, unique: bool) -> str:
    """The quarter as the template lists it: its name, with the commune when the user's
    quarters repeat the name."""
    if unique or quarter.parent is None:
        return quarter.name
    return f"{quarter.name} ({quarter.parent.name})"


# ---------------------------------------------------------------- resources


class CachedFieldsMixin:
    """The import fields once per resource (the base recomputes their order per call)."""

    _import_fields: list[fields.Field] | None = None

    def get_import_fields(self) -> list[fields.Field]:
        if self._import_fields is None:
            self._import_fields = super().get_import_fields()  # type: ignore[misc]
        return self._import_fields


class HouseholdResource(CachedFieldsMixin, resources.ModelResource):
    code = fields.Field(attribute="code", column_name="code", widget=CodeWidget())
    quarter = fields.Field(attribute="quarter", column_name="quarter", saves_null_values=False)
    address = fields.Field(
        attribute="address", column_name="address", widget=TextWidget(), saves_null_values=False
    )
    phone = fields.Field(
        attribute="phone", column_name="phone", widget=PhoneWidget(), saves_null_values=False
    )

    class Meta:
        model = Household
        fields = ("code", "quarter", "address", "phone")
        import_id_fields = ("code",)
        use_bulk = True
        skip_unchanged = True
        skip_diff = False
        clean_model_instances = False  # household_clean, without per-row lookups

    def __init__(self, lookups: ImportLookups) -> None:
        super().__init__()
        self.fields["quarter"].widget = LookupWidget(
            lookups.quarters, _("Không có khu phố / ấp “%(value)s” trong phạm vi của bạn.")
        )


class MemberResource(CachedFieldsMixin, resources.ModelResource):
    full_name = fields.Field(
        attribute="full_name", column_name="full_name", widget=TextWidget(), saves_null_values=False
    )
    relation_to_head = fields.Field(
        attribute="relation_to_head",
        column_name="relation",
        widget=ChoiceWidget(_choice_mapping(Member.Relation, RELATION_SYNONYMS)),
        saves_null_values=False,
    )
    sex = fields.Field(
        attribute="sex",
        column_name="sex",
        widget=ChoiceWidget(_choice_mapping(Member.Sex, SEX_SYNONYMS)),
        saves_null_values=False,
    )
    date_of_birth = BirthField(attribute="date_of_birth", column_name="birth", widget=BirthWidget())
    birth_year = fields.Field(
        attribute="birth_year",
        column_name="birth_year",
        widget=YearWidget(),
        saves_null_values=False,
    )
    ethnicity = fields.Field(
        attribute="ethnicity", column_name="ethnicity", saves_null_values=False
    )
    citizen_id = fields.Field(
        attribute="citizen_id",
        column_name="citizen_id",
        widget=DigitsWidget(12),
        saves_null_values=False,
    )
    has_health_insurance = fields.Field(
        attribute="has_health_insurance",
        column_name="insurance",
        widget=YesNoWidget(),
        saves_null_values=False,
    )
    schooling_level = fields.Field(
        attribute="schooling_level",
        column_name="schooling",
        widget=ChoiceWidget(_choice_mapping(Member.Schooling)),
        saves_null_values=False,
    )
    vocational_qualification = fields.Field(
        attribute="vocational_qualification",
        column_name="vocational",
        widget=ChoiceWidget(_choice_mapping(Member.Vocational)),
        saves_null_values=False,
    )
    employment_status = fields.Field(
        attribute="employment_status",
        column_name="employment",
        widget=ChoiceWidget(_choice_mapping(Member.Employment)),
        saves_null_values=False,
    )
    disability = fields.Field(
        attribute="disability",
        column_name="disability",
        widget=ChoiceWidget(_choice_mapping(Member.Disability, {"có": "mild"})),
        saves_null_values=False,
    )

    class Meta:
        model = Member
        fields = (
            "full_name",
            "relation_to_head",
            "sex",
            "date_of_birth",
            "birth_year",
            "ethnicity",
            "citizen_id",
            "has_health_insurance",
            "schooling_level",
            "vocational_qualification",
            "employment_status",
            "disability",
        )
        import_id_fields = ("citizen_id",)
        use_bulk = True
        skip_unchanged = True
        skip_diff = False
        clean_model_instances = False  # member_clean, without per-row lookups

    def __init__(self, lookups: ImportLookups) -> None:
        super().__init__()
        self.fields["ethnicity"].widget = LookupWidget(
            lookups.ethnicities, _("Không có dân tộc “%(value)s” trong danh mục 54 dân tộc.")
        )

    # Who writes and why, for the history rows of the bulk writes (set by the write).
    history_user: User | None = None
    change_reason = ""

    def bulk_create(
        self,
        using_transactions: bool,
        dry_run: bool,
        raise_errors: bool,
        batch_size: int | None = None,
        result: Any = None,
    ) -> None:
        """The collected new members, with their history rows."""
        if self.create_instances and not dry_run:
            write_new_members(
                self.create_instances, user=self.history_user, reason=self.change_reason
            )
        self.create_instances.clear()

    def bulk_update(
        self,
        using_transactions: bool,
        dry_run: bool,
        raise_errors: bool,
        batch_size: int | None = None,
        result: Any = None,
    ) -> None:
        """The collected changed members, with their history rows."""
        if self.update_instances and not dry_run:
            write_updated_members(
                self.update_instances, user=self.history_user, reason=self.change_reason
            )
        self.update_instances.clear()


def attribute_columns(resource: resources.Resource) -> dict[str, str]:
    """Model attribute → the file's column key (where a model error is shown)."""
    return {f.attribute: f.column_name for f in resource.fields.values()}


class MemberLoader:
    """Finds the member a row is about, from members loaded once per file: by citizen
    ID, else by name and birth year within the row's existing household."""

    def __init__(self, by_citizen_id: dict[str, Member], by_household: dict[int, list[Member]]):
        self.by_citizen_id = by_citizen_id
        self.by_household = by_household
        self.household: Household | None = None

    def get_instance(self, row: dict[str, Any]) -> Member | None:
        household = self.household
        if household is None or household.pk is None:
            return None
        citizen_id = row.get("_citizen_id")
        if citizen_id:
            member = self.by_citizen_id.get(citizen_id)
            if member is not None and member.household_id == household.pk:
                return member
        name, year = row.get("_name_folded"), row.get("_year")
        if not name:
            return None
        for member in self.by_household.get(household.pk, []):
            if member.name_folded == name and (year is None or member.birth_year == year):
                if citizen_id and member.citizen_id and member.citizen_id != citizen_id:
                    continue
                return member
        return None


# ---------------------------------------------------------------- the plan


@dataclass
class Group:
    """The rows of one household code, and what writing it means."""

    code: str
    rows: list[tuple[dict[str, Any], RowOutcome]] = field(default_factory=list)
    household: Household | None = None
    household_new: bool = False
    household_changed: list[str] = field(default_factory=list)
    new_members: list[Member] = field(default_factory=list)
    updated_members: list[Member] = field(default_factory=list)
    head: Member | None = None
    members: list[Member] = field(default_factory=list)  # all active members after the write

    @property
    def failed(self) -> bool:
        return any(outcome.status == ERROR for _row, outcome in self.rows)


def _display(model: type[models.Model], attribute: str, value: Any) -> str:
    if value is None or value == "":
        return ""
    if attribute == "citizen_id":
        return mask_citizen_id(value)
    if isinstance(value, tuple):  # (date of birth, year)
        date, year = value
        return format_date(date) if date else str(year or "")
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, models.Model):
        return str(value)
    django_field: Any = model._meta.get_field(attribute)
    if django_field.choices:
        return str(dict(django_field.flatchoices).get(value, value))
    return str(value)


def _changes(
    resource: resources.Resource, instance: Any, original: Any, row: dict[str, Any]
) -> list[tuple[str, str, str]]:
    model = resource._meta.model
    changes = []
    for resource_field in resource.get_import_fields():
        if resource_field.column_name not in row:
            continue
        old, new = resource_field.get_value(original), resource_field.get_value(instance)
        if old != new:
            changes.append(
                (
                    HEADER[resource_field.column_name],
                    _display(model, resource_field.attribute, old),
                    _display(model, resource_field.attribute, new),
                )
            )
    return changes


def _errors_by_column(exc: ValidationError, columns: dict[str, str]) -> list[tuple[str, str]]:
    found = []
    for attribute, messages in exc.message_dict.items():
        key = columns.get(attribute, "")
        header = HEADER.get(key, "") if attribute != NON_FIELD_ERRORS else ""
        for message in messages:
            found.append((header, str(message)))
    return found


def _chunks(values: list[Any]) -> Iterable[list[Any]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


class HouseholdPlan(engine.Plan):
    def __init__(
        self,
        rows: list[RowOutcome],
        groups: list[Group],
        hh_resource: HouseholdResource,
        member_resource: MemberResource,
    ) -> None:
        self.rows = rows
        self.groups = groups
        self.hh_resource = hh_resource
        self.member_resource = member_resource

    def write(self, *, user: User, batch: ImportBatch, skip_errors: bool) -> None:
        """Write every group without an error (all of them in "all or nothing" mode,
        which the engine lets through only when no row has an error)."""
        groups = [g for g in self.groups if not g.failed and g.household is not None]
        reason = (_("Nhập từ Excel, lô %(batch)s") % {"batch": batch.short_id})[:100]
        now = timezone.now()
        # The households' search fields, head name, member count and version, from the
        # members they will have (computed before writing: new households are inserted
        # with them).
        changed_households, changed_fields, touched = [], set(), []
        for group in groups:
            household = group.household
            assert household is not None
            if not (
                group.household_new
                or group.household_changed
                or group.new_members
                or group.updated_members
            ):
                continue
            head = (
                group.head
                if group.household_new
                else next((m for m in group.members if m.pk == household.head_id), None)
            )
            names = [m.full_name for m in group.members if m is not head]
            for name, value in services.household_search_fields(
                code=household.code, head=head, other_names=names, member_count=len(group.members)
            ).items():
                setattr(household, name, value)
            if group.household_new:
                continue
            household.version += 1
            household.updated_at = now
            touched.append(household)
            if group.household_changed:
                changed_households.append(household)
                changed_fields.update(group.household_changed)
        # 1. New households: the resource's bulk list, without history until their head
        # is known (step 3), so that their first history row names the head.
        new_households = list(self.hh_resource.create_instances)
        self.hh_resource.bulk_create(True, False, True, batch_size=BATCH)
        # 2. New and changed members: the resource's bulk lists, with history.
        for group in groups:
            for member in group.new_members:
                member.household_id = group.household.pk  # type: ignore[union-attr]
        for member in self.member_resource.update_instances:
            member.version += 1
            member.updated_at = now
        self.member_resource.history_user = user
        self.member_resource.change_reason = reason
        self.member_resource.bulk_create(True, False, True, batch_size=BATCH)
        self.member_resource.bulk_update(True, False, True, batch_size=BATCH)
        # 3. The new households' head — the one member of each whose relation is "head"
        # (the plan refused a new household without exactly one), set by one UPDATE per
        # chunk rather than a CASE of a thousand branches; the changed households' fields.
        for group in groups:
            if group.household_new:
                group.household.head = group.head  # type: ignore[union-attr]
        head_of = Member.objects.filter(
            household=models.OuterRef("pk"), relation_to_head=Member.Relation.HEAD
        ).values("pk")[:1]
        for chunk in _chunks([h.pk for h in new_households]):
            Household.objects.filter(pk__in=chunk).update(head=models.Subquery(head_of))
        search = ["head_name", "head_sort", "head_birth_year", "member_count", "search_text"]
        Household.objects.bulk_update(
            touched,
            [*search, "version", "updated_at", *sorted(changed_fields)],
            batch_size=BATCH,
        )
        # 4. History: a new household once, with its head; a household whose own fields
        # changed (its members have their own history rows).
        copy_history(Household, [h.pk for h in new_households], user=user, reason=reason, date=now)
        copy_history(
            Household,
            [h.pk for h in changed_households],
            user=user,
            reason=reason,
            history_type="~",
            date=now,
        )


def write_new_members(members: list[Member], *, user: User | None, reason: str) -> None:
    create_with_history(Member, members, user=user, reason=reason, batch_size=BATCH)


# What the file sets on a member (the model checks the other fields of new members'
# defaults and stored members' values need not run again).
IMPORTED_FIELDS = frozenset(MemberResource._meta.fields) | {"full_name"}

MEMBER_WRITE_FIELDS = [
    "full_name",
    "name_folded",
    "relation_to_head",
    "sex",
    "date_of_birth",
    "birth_year",
    "ethnicity",
    "citizen_id",
    "has_health_insurance",
    "schooling_level",
    "vocational_qualification",
    "employment_status",
    "disability",
    "version",
    "updated_at",
]


def write_updated_members(members: list[Member], *, user: User | None, reason: str) -> None:
    if members:
        update_with_history(
            Member, members, MEMBER_WRITE_FIELDS, user=user, reason=reason, batch_size=BATCH
        )


class HouseholdImporter(engine.Importer):
    kind = ImportBatch.Kind.HOUSEHOLDS
    title = "Hộ gia đình và thành viên"
    columns = COLUMNS

    def allowed(self, user: User) -> bool:
        return can_edit_registry(user)

    def template_filename(self) -> str:
        return "mau-nhap-ho-gia-dinh"

    # ------------------------------------------------------------ template

    def template(self, user: User) -> xlsx.XlsxTemplate:
        lookups = ImportLookups.for_user(user)
        # Headers and lists are the file's format: Vietnamese whatever the interface
        # language (the importer matches them); the instructions follow the interface.
        yes_no = ("Có", "Không")
        choices = {
            "relation": tuple(_vi_labels(Member.Relation)),
            "sex": tuple(_vi_labels(Member.Sex)),
            "ethnicity": tuple(lookups.ethnicity_labels),
            "quarter": tuple(lookups.quarter_labels),
            "insurance": yes_no,
            "schooling": tuple(_vi_labels(Member.Schooling)),
            "vocational": tuple(_vi_labels(Member.Vocational)),
            "employment": tuple(_vi_labels(Member.Employment)),
            "disability": tuple(_vi_labels(Member.Disability)),
        }
        widths = {"full_name": 26, "address": 28, "employment": 30, "vocational": 22}
        text_columns = {"code", "citizen_id", "phone", "birth"}
        shown = [c for c in COLUMNS if c.key != "birth_year"]
        meanings = template_meanings()
        columns = [
            xlsx.TemplateColumn(
                header=c.header,
                width=widths.get(c.key, 16),
                choices=choices.get(c.key, ()),
                required=c.required,
                meaning=meanings[c.key][0],
                format=meanings[c.key][1],
                text=c.key in text_columns,
            )
            for c in shown
        ]
        return engine.template_book(
            data_title=_("Hộ và thành viên"),
            columns=columns,
            notes=[
                _("Mỗi dòng là một thành viên; các thành viên cùng hộ ghi cùng Mã hộ."),
                _(
                    "Cột có dấu * là bắt buộc. Tên cột không phân biệt hoa thường, có dấu "
                    "hay không dấu; thứ tự cột tùy ý; cột khác bị bỏ qua."
                ),
                _(
                    "Hộ đã có (cùng Mã hộ trong xã) được cập nhật; thành viên được nhận ra "
                    "theo Số CCCD, hoặc theo họ tên và năm sinh khi không có số CCCD."
                ),
                _(
                    "Ô để trống: giữ nguyên giá trị đang có (hộ, thành viên đã có) hoặc "
                    "giá trị mặc định (mới)."
                ),
                _("Nhập cùng một tệp hai lần không thay đổi gì ở lần thứ hai."),
            ],
        )

    # ------------------------------------------------------------ plan

    def plan(
        self, *, user: User, table: engine.ImportTable, progress: engine.Progress
    ) -> HouseholdPlan:
        lookups = ImportLookups.for_user(user)
        hh_resource = HouseholdResource(lookups)
        member_resource = MemberResource(lookups)
        hh_columns = attribute_columns(hh_resource)
        member_columns = attribute_columns(member_resource)
        only_year = "birth_year" in table.columns and "birth" not in table.columns
        member_columns["birth_year"] = "birth_year" if only_year else "birth"
        member_columns["name_folded"] = "full_name"
        present = set(table.columns)

        # Group the rows by household code, parsing what identifies them.
        groups: dict[str, Group] = {}
        outcomes: list[RowOutcome] = []
        citizen_rows: dict[str, list[RowOutcome]] = defaultdict(list)
        for number, values, raw in table.rows:
            row = {key: values.get(key) for key in present}
            outcome = RowOutcome(number=number, raw=raw)
            outcomes.append(outcome)
            try:
                code = hh_resource.fields["code"].clean(row) or ""
            except ValueError:
                code = ""
            outcome.key = code
            outcome.label = _text(row.get("full_name"))
            try:
                citizen_id = (
                    member_resource.fields["citizen_id"].clean(row) or ""
                    if "citizen_id" in present
                    else ""
                )
            except ValueError:
                citizen_id = ""
            row["_citizen_id"] = citizen_id
            outcome.identifier = mask_citizen_id(citizen_id)
            row["_name_folded"] = fold(outcome.label)
            try:
                _date, year = parse_birth(row.get("birth"))
                if year is None and row.get("birth_year") not in (None, ""):
                    year = YearWidget().clean(row.get("birth_year"))
            except ValueError:
                year = None
            row["_year"] = year
            if citizen_id:
                citizen_rows[citizen_id].append(outcome)
            for column in COLUMNS:
                if column.required and column.key != "quarter" and not _text(row.get(column.key)):
                    outcome.error(column.header, _("Cột này không được để trống."))
            if not code:
                continue
            groups.setdefault(code, Group(code=code)).rows.append((row, outcome))

        # The same citizen ID twice in the file.
        for rows in citizen_rows.values():
            if len(rows) > 1:
                numbers = ", ".join(str(r.number) for r in rows)
                for outcome in rows:
                    outcome.error(
                        HEADER["citizen_id"],
                        _("Số CCCD xuất hiện nhiều lần trong tệp (dòng %(rows)s).")
                        % {"rows": numbers},
                    )

        # What the file refers to in the database, loaded once.
        existing = self._existing_households(list(groups))
        visible = self._visible(user, [h.pk for h in existing.values()])
        by_citizen_id = self._members_by_citizen_id(list(citizen_rows))
        holders_visible = self._visible(user, [m.household_id for m in by_citizen_id.values()])
        by_household: dict[int, list[Member]] = defaultdict(list)
        for chunk in _chunks([h.pk for h in existing.values()]):
            for member in (
                Member.objects.filter(household_id__in=chunk, is_active=True)
                .select_related("ethnicity")
                .order_by("pk")
            ):
                by_household[member.household_id].append(member)
        # One object per member: the household's list and the citizen-ID index share it.
        for members in by_household.values():
            for member in members:
                if member.citizen_id in by_citizen_id:
                    by_citizen_id[member.citizen_id] = member
        loader = MemberLoader(by_citizen_id, by_household)

        for group in groups.values():
            self._plan_group(
                group,
                hh_resource=hh_resource,
                member_resource=member_resource,
                hh_columns=hh_columns,
                member_columns=member_columns,
                existing=existing,
                visible=visible,
                by_citizen_id=by_citizen_id,
                holders_visible=holders_visible,
                loader=loader,
                present=present,
            )
            progress.step(len(group.rows))
            if group.failed:
                failed = [o for _r, o in group.rows if o.status == ERROR]
                numbers = ", ".join(str(o.number) for o in failed)
                for _row, outcome in group.rows:
                    if outcome.status != ERROR:
                        outcome.changes = []
                        outcome.error(
                            "",
                            _("Hộ %(code)s có dòng lỗi (dòng %(rows)s): cả hộ không được ghi.")
                            % {"code": group.code, "rows": numbers},
                        )
        return HouseholdPlan(outcomes, list(groups.values()), hh_resource, member_resource)

    def _existing_households(self, codes: list[str]) -> dict[tuple[int, str], Household]:
        found: dict[tuple[int, str], Household] = {}
        for chunk in _chunks(codes):
            # Every household with these codes, in scope or not: a code already taken
            # in the commune is refused, not created twice.
            queryset = Household.objects.filter(code__in=chunk).select_related(
                "quarter", "ethnicity"
            )
            if connection.in_atomic_block and connection.features.has_select_for_update:
                # Confirm plans and writes in one transaction: a concurrent edit waits.
                queryset = queryset.select_for_update(of=("self",))
            for household in queryset:
                found[(household.commune_id, household.code)] = household
        return found

    def _visible(self, user: User, pks: list[int]) -> set[int]:
        visible: set[int] = set()
        for chunk in _chunks(sorted(set(pks))):
            visible.update(
                selectors.households_visible_to(user)
                .filter(pk__in=chunk)
                .values_list("pk", flat=True)
            )
        return visible

    def _members_by_citizen_id(self, citizen_ids: list[str]) -> dict[str, Member]:
        found: dict[str, Member] = {}
        for chunk in _chunks(citizen_ids):
            for member in Member.objects.filter(
                citizen_id__in=chunk, is_active=True
            ).select_related("household", "ethnicity"):
                found[member.citizen_id] = member
        return found

    def _plan_group(
        self,
        group: Group,
        *,
        hh_resource: HouseholdResource,
        member_resource: MemberResource,
        hh_columns: dict[str, str],
        member_columns: dict[str, str],
        existing: dict[tuple[int, str], Household],
        visible: set[int],
        by_citizen_id: dict[str, Member],
        holders_visible: set[int],
        loader: MemberLoader,
        present: set[str],
    ) -> None:
        # The household's fields: the same on every row that gives them.
        merged: dict[str, Any] = {"code": group.code}
        for key in ("quarter", "address", "phone"):
            if key not in present:
                continue
            seen: dict[Any, list[RowOutcome]] = {}
            raw_of: dict[Any, Any] = {}
            for row, outcome in group.rows:
                try:
                    value = hh_resource.fields[key].clean(row)
                except ValueError as exc:
                    outcome.error(HEADER[key], str(exc))
                    continue
                if value is None:
                    continue
                marker = value.pk if isinstance(value, models.Model) else fold(str(value))
                seen.setdefault(marker, []).append(outcome)
                raw_of.setdefault(marker, row.get(key))
            if len(seen) > 1:
                numbers = ", ".join(str(o.number) for rows in seen.values() for o in rows)
                for rows in seen.values():
                    for outcome in rows:
                        outcome.error(
                            HEADER[key],
                            _("Các dòng của hộ %(code)s ghi %(column)s khác nhau (dòng %(rows)s).")
                            % {"code": group.code, "column": HEADER[key], "rows": numbers},
                        )
            elif seen:
                merged[key] = next(iter(raw_of.values()))
            elif key == "quarter":
                for _row, outcome in group.rows:
                    outcome.error(HEADER["quarter"], _("Cột này không được để trống."))
        if group.failed or "quarter" not in merged:
            return
        quarter = hh_resource.fields["quarter"].clean(merged)
        first = group.rows[0][1]
        try:
            commune = services.commune_of(quarter)
        except ValidationError as exc:
            for _row, outcome in group.rows:
                for message in exc.messages:
                    outcome.error(HEADER["quarter"], message)
            return

        # The household: found by its code in the quarter's commune, or new.
        household = existing.get((commune.pk, group.code))
        if household is not None:
            problem = ""
            if household.pk not in visible:
                problem = _("Mã hộ %(code)s đã có trong xã, ở địa bàn ngoài phạm vi của bạn.") % {
                    "code": group.code
                }
            elif not household.is_active:
                problem = _("Hộ %(code)s đã ra khỏi danh sách, không nhập vào hộ này được.") % {
                    "code": group.code
                }
            elif household.quarter_id != quarter.pk:
                problem = _(
                    "Hộ %(code)s đang ở khu phố / ấp khác; hãy dùng “Chuyển khu phố” trên hồ sơ hộ."
                ) % {"code": group.code}
            if problem:
                for _row, outcome in group.rows:
                    outcome.error(HEADER["quarter" if household.pk in visible else "code"], problem)
                return
        new = household is None
        instance = household or Household(
            commune=commune, quarter=quarter, status=Household.Status.ACTIVE
        )
        original = instance if new else copy.copy(instance)
        try:
            hh_resource.import_instance(instance, merged)
        except ValidationError as exc:
            for error in _errors_by_column(exc, hh_columns):
                first.error(*error)
        try:
            services.household_clean(instance, relations_checked=True)
        except ValidationError as exc:
            for error in _errors_by_column(exc, hh_columns):
                first.error(*error)
        if group.failed:
            return
        group.household = instance
        group.household_new = new
        hh_changes: list[tuple[str, str, str]] = []
        if not new and not hh_resource.skip_row(instance, original, merged):
            hh_changes = _changes(hh_resource, instance, original, merged)
            group.household_changed = [
                f.attribute
                for f in hh_resource.get_import_fields()
                if f.column_name in merged and f.get_value(instance) != f.get_value(original)
            ]

        # The members.
        loader.household = instance
        current = list(loader.by_household.get(instance.pk, [])) if not new else []
        matched: dict[int, RowOutcome] = {}
        heads: list[tuple[Member, RowOutcome]] = []
        for row, outcome in group.rows:
            member, member_new = member_resource.get_or_init_instance(loader, row)
            if member_new:
                member.household = instance
            elif member.pk in matched:
                outcome.error(
                    HEADER["full_name"],
                    _("Dòng này trùng thành viên với dòng %(row)s.")
                    % {"row": matched[member.pk].number},
                )
                continue
            else:
                matched[member.pk] = outcome
            before = member if member_new else copy.copy(member)
            errors: list[tuple[str, str]] = []
            try:
                member_resource.import_instance(member, row)
            except ValidationError as exc:
                errors += _errors_by_column(exc, member_columns)
            if (
                member_new
                and not member.birth_year
                and not any(e[0] in (HEADER["birth"], HEADER["birth_year"]) for e in errors)
            ):
                errors.append(
                    (
                        HEADER[member_columns["birth_year"]],
                        _("Hãy nhập ngày sinh hoặc ít nhất năm sinh."),
                    )
                )
            try:
                services.member_clean(member, relations_checked=True, fields=IMPORTED_FIELDS)
            except ValidationError as exc:
                errors += [
                    e
                    for e in _errors_by_column(exc, member_columns)
                    if e[0] not in {c for c, _m in errors}
                ]
            holder = by_citizen_id.get(member.citizen_id) if member.citizen_id else None
            if holder is not None and holder.pk != member.pk:
                errors.append(
                    (
                        HEADER["citizen_id"],
                        services.citizen_id_taken_message(
                            holder=holder.household,
                            commune_id=commune.pk,
                            visible=holder.household_id in holders_visible,
                        ),
                    )
                )
            is_head = not new and household is not None and member.pk == household.head_id
            try:
                services.check_head_relation(
                    is_head=is_head,
                    household_has_head=not new and bool(household and household.head_id),
                    relation=member.relation_to_head,
                )
            except ValidationError as exc:
                errors += _errors_by_column(exc, member_columns)
            if member.relation_to_head == Member.Relation.HEAD:
                heads.append((member, outcome))
            for error in errors:
                outcome.error(*error)
            if outcome.status == ERROR:
                continue
            if member_new:
                outcome.status = NEW
                group.new_members.append(member)
            elif member_resource.skip_row(member, before, row):
                outcome.status = UNCHANGED
            else:
                outcome.status = UPDATE
                outcome.changes = _changes(member_resource, member, before, row)
                group.updated_members.append(member)
        if len(heads) > 1:
            numbers = ", ".join(str(o.number) for _m, o in heads)
            for _member, outcome in heads:
                outcome.error(
                    HEADER["relation"],
                    _("Hộ %(code)s có nhiều dòng là chủ hộ (dòng %(rows)s).")
                    % {"code": group.code, "rows": numbers},
                )
        elif new and not heads:
            first.error(
                HEADER["relation"],
                _("Hộ mới %(code)s cần một dòng có quan hệ “Chủ hộ”.") % {"code": group.code},
            )
        if group.failed:
            return
        if new:
            group.head = heads[0][0]
            if instance.ethnicity is None and group.head.ethnicity is not None:
                instance.ethnicity = group.head.ethnicity
            if instance.ethnicity is not None:
                instance.is_ethnic_minority = instance.ethnicity.is_minority
        elif hh_changes:
            target = next((o for _r, o in group.rows if o.status == UPDATE), first)
            if target.status == UNCHANGED:
                target.status = UPDATE
            target.changes = hh_changes + target.changes
        group.members = current + group.new_members
        # The resources' bulk lists (nothing is written here): what the write creates or
        # updates, once the whole household is known to be without error.
        if new:
            hh_resource.save_instance(instance, True, merged)
        for member in group.new_members:
            member_resource.save_instance(member, True, {})
        for member in group.updated_members:
            member_resource.save_instance(member, False, {})


def template_meanings() -> dict[str, tuple[str, str]]:
    return {
        "code": (
            _("Mã hộ trong xã; các thành viên cùng hộ ghi cùng mã."),
            _("Chữ và số, ví dụ KP1-001."),
        ),
        "full_name": (_("Họ và tên thành viên."), _("Có dấu, ví dụ Nguyễn Văn An.")),
        "relation": (
            _("Quan hệ với chủ hộ; mỗi hộ mới có đúng một dòng “Chủ hộ”."),
            _("Chọn trong danh sách."),
        ),
        "sex": (_("Giới tính (bắt buộc với thành viên mới)."), _("Nam hoặc Nữ.")),
        "birth": (
            _("Ngày sinh, hoặc chỉ năm sinh khi không rõ ngày (bắt buộc với thành viên mới)."),
            _("dd/mm/yyyy (ví dụ 05/03/1980) hoặc yyyy."),
        ),
        "birth_year": (_("Năm sinh."), _("yyyy.")),
        "ethnicity": (_("Dân tộc."), _("Chọn trong danh sách 54 dân tộc.")),
        "citizen_id": (
            _("Số căn cước công dân / số định danh cá nhân; để trống nếu chưa có."),
            _("Đúng 12 chữ số, ghi dạng văn bản để giữ số 0 đầu."),
        ),
        "quarter": (
            _("Khu phố / ấp của hộ; các dòng cùng hộ ghi như nhau."),
            _("Chọn trong danh sách (các khu phố bạn phụ trách)."),
        ),
        "address": (_("Địa chỉ của hộ; các dòng cùng hộ ghi như nhau."), ""),
        "phone": (
            _("Số điện thoại của hộ."),
            _("10 hoặc 11 chữ số, bắt đầu bằng 0 hoặc +84."),
        ),
        "insurance": (_("Có thẻ bảo hiểm y tế."), _("Có / Không (hoặc x, 1, yes).")),
        "schooling": (_("Trình độ học vấn cao nhất."), _("Chọn trong danh sách.")),
        "vocational": (_("Trình độ chuyên môn kỹ thuật."), _("Chọn trong danh sách.")),
        "employment": (_("Tình trạng việc làm."), _("Chọn trong danh sách.")),
        "disability": (_("Mức độ khuyết tật."), _("Chọn trong danh sách.")),
    }


engine.register(HouseholdImporter())
