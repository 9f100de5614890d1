"""factory_boy factories for the registry.

Households and members are created through the services (``household_create``,
``member_create``) so that the derived fields — head name, member count,
``search_text`` — are exactly what the product computes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.utils import timezone

from assignments.models import Assignment, Organisation, Person
from households import services
from households.models import Area, Household, Member
from tannkhai.models import Role, User

PASSWORD = "Mk-tannkhai-2025!"


def make_citizen_id(*, sex: str, birth_year: int, serial: int, province: str = "070") -> str:
    """A well-formed 12-digit citizen ID for ``sex`` born in ``birth_year``."""
    century_digit = (birth_year // 100 - 19) * 2 + (0 if sex == Member.Sex.MALE else 1)
    return f"{province}{century_digit}{birth_year % 100:02d}{serial:06d}"


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    code = factory.Sequence(lambda n: f"A{n:05d}")
    name = factory.Sequence(lambda n: f"Địa bàn {n}")
    kind = Area.Kind.QUARTER
    parent = None


def add_quarters(commune: Area, count: int, *, start: int = 0) -> list[Area]:
    """``count`` more quarters of ``commune`` ("Khu phố 000", …), numbered from ``start``."""
    return [
        AreaFactory(
            code=f"{commune.code}-Q{n:03d}",
            name=f"Khu phố {n:03d}",
            kind=Area.Kind.QUARTER,
            parent=commune,
        )
        for n in range(start, start + count)
    ]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Cán bộ {n}")
    role = Role.OFFICER
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def areas(self, create: bool, extracted: list[Area] | None, **kwargs: Any) -> None:
        if create and extracted:
            self.areas.set(extracted)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Hội Nông dân {n}")
    short_name = "HND"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    full_name = factory.Sequence(lambda n: f"Đảng viên {n}")
    title = "Đảng viên"
    is_party_member = True


def person_for(user: User, *, commune: Area) -> Person:
    """The helper a login belongs to (created on first use)."""
    person = Person.objects.filter(user=user).first()
    if person is None:
        person = Person.objects.create(
            commune=commune, full_name=user.full_name or user.username, user=user
        )
    return person


class AssignmentFactory(factory.django.DjangoModelFactory):
    """``member=<user>`` assigns the person that login belongs to (made on first use)."""

    class Meta:
        model = Assignment

    started_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=30))
    ended_on = None

    @classmethod
    def _create(cls, model_class: type[Assignment], *args: Any, **kwargs: Any) -> Assignment:
        user = kwargs.pop("member", None)
        if user is not None:
            kwargs["person"] = person_for(user, commune=kwargs["household"].commune)
            organisation = kwargs.get("organisation")
            if organisation is not None:
                kwargs["person"].organisations.add(organisation)
        return super()._create(model_class, *args, **kwargs)


class HeadFactory(factory.DictFactory):
    """The ``head`` dict that ``household_create`` takes."""

    full_name = factory.Sequence(lambda n: f"Trần Văn Hộ {n}")
    sex = Member.Sex.MALE
    birth_year = 1970
    citizen_id = ""


class HouseholdFactory(factory.Factory):
    class Meta:
        model = Household

    user = None
    quarter = None
    code = factory.Sequence(lambda n: f"HH{n:05d}")
    address = factory.Sequence(lambda n: f"Số {n}, đường Hùng Vương")
    head = factory.SubFactory(HeadFactory)

    @classmethod
    def _create(cls, model_class: type[Household], *args: Any, **kwargs: Any) -> Household:
        return services.household_create(**kwargs)

    @classmethod
    def _build(cls, model_class: type[Household], *args: Any, **kwargs: Any) -> Household:
        raise NotImplementedError("households are only made through household_create")


class MemberFactory(factory.Factory):
    class Meta:
        model = Member

    user = None
    household = None
    full_name = factory.Sequence(lambda n: f"Lê Thị Thành Viên {n}")
    sex = Member.Sex.FEMALE
    birth_year = 2005
    relation_to_head = Member.Relation.CHILD

    @classmethod
    def _create(cls, model_class: type[Member], *args: Any, **kwargs: Any) -> Member:
        return services.member_create(**kwargs)

    @classmethod
    def _build(cls, model_class: type[Member], *args: Any, **kwargs: Any) -> Member:
        raise NotImplementedError("members are only made through member_create")
