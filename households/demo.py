"""Realistic, deterministic demo people and households, and a fast bulk loader.

Used by ``manage.py seed_demo`` (the Tân Khai demo commune) and by
``bench/seed_province.py`` (a province-scale registry). Everything here is
fictional: names are drawn from common Vietnamese name lists, citizen IDs are made
to be *consistent* (province code, sex/century digit, birth year) and unique, not
real.

The generator only builds unsaved model instances; ``save_households`` writes a
batch of them with a few multi-row INSERTs. Primary keys are taken from the
database before the insert so that a household can point at its head in the same
INSERT (the foreign keys are deferred until commit on PostgreSQL and SQLite): no
UPDATE pass is needed, and the history rows show the household as it was created.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import connections, models, transaction
from simple_history.utils import bulk_create_with_history

from households.models import Area, Ethnicity, Household, Member
from households.services import household_search_fields
from tannkhai.formatting import fold

T = TypeVar("T")

Sex = Member.Sex
Rel = Member.Relation
School = Member.Schooling
Voc = Member.Vocational
Emp = Member.Employment
Dis = Member.Disability

# Ethnicity codes (danh mục 54 dân tộc) used by the generator.
KINH, TAY, KHMER, NUNG, STIENG = "01", "02", "05", "07", "22"
ETHNICITY_CODES = (KINH, TAY, KHMER, NUNG, STIENG)

# --- Name lists -----------------------------------------------------------------------------

# Surname frequencies of the South-East region (Nguyễn ≈ 38 %); Huỳnh/Võ are the southern
# forms of Hoàng/Vũ and are more common here.
KINH_SURNAMES: tuple[tuple[str, float], ...] = (
    ("Nguyễn", 38.0),
    ("Trần", 11.0),
    ("Lê", 9.5),
    ("Phạm", 6.5),
    ("Phan", 4.5),
    ("Huỳnh", 3.5),
    ("Võ", 3.2),
    ("Hoàng", 2.2),
    ("Đặng", 2.1),
    ("Bùi", 2.0),
    ("Đỗ", 1.4),
    ("Hồ", 1.3),
    ("Ngô", 1.3),
    ("Vũ", 1.2),
    ("Dương", 1.0),
    ("Trương", 0.9),
    ("Đinh", 0.8),
    ("Lý", 0.6),
    ("Lâm", 0.5),
    ("Mai", 0.5),
    ("Đoàn", 0.5),
    ("Cao", 0.4),
    ("Lương", 0.4),
    ("Hà", 0.4),
    ("Châu", 0.3),
    ("Tô", 0.3),
    ("Tạ", 0.3),
    ("Lưu", 0.3),
    ("Thái", 0.2),
    ("La", 0.2),
    ("Quách", 0.1),
    ("Kiều", 0.1),
)

# Middle names by sex and generation (born before 1975, 1975–1999, from 2000).
MIDDLE_NAMES: dict[tuple[str, int], tuple[tuple[str, float], ...]] = {
    (Sex.MALE, 0): (
        ("Văn", 55),
        ("Hữu", 8),
        ("Đức", 6),
        ("Minh", 6),
        ("Thanh", 6),
        ("Tấn", 5),
        ("Công", 4),
        ("Quang", 4),
        ("Ngọc", 3),
        ("Xuân", 3),
    ),
    (Sex.MALE, 1): (
        ("Văn", 35),
        ("Minh", 10),
        ("Thanh", 8),
        ("Quốc", 8),
        ("Hoàng", 6),
        ("Đức", 6),
        ("Hữu", 6),
        ("Tấn", 5),
        ("Công", 4),
        ("Trung", 3),
        ("Anh", 3),
    ),
    (Sex.MALE, 2): (
        ("Văn", 10),
        ("Minh", 14),
        ("Gia", 12),
        ("Hoàng", 8),
        ("Quốc", 8),
        ("Đức", 8),
        ("Anh", 6),
        ("Bảo", 6),
        ("Thành", 5),
        ("Nhật", 5),
        ("Tuấn", 4),
        ("Khánh", 4),
        ("Đăng", 4),
    ),
    (Sex.FEMALE, 0): (
        ("Thị", 75),
        ("Ngọc", 6),
        ("Kim", 5),
        ("Thu", 4),
        ("Thanh", 4),
        ("Hồng", 3),
        ("Xuân", 3),
    ),
    (Sex.FEMALE, 1): (
        ("Thị", 50),
        ("Ngọc", 10),
        ("Thu", 6),
        ("Kim", 6),
        ("Thanh", 6),
        ("Mỹ", 5),
        ("Phương", 4),
        ("Hồng", 4),
        ("Bích", 3),
        ("Thúy", 3),
    ),
    (Sex.FEMALE, 2): (
        ("Thị", 15),
        ("Ngọc", 14),
        ("Bảo", 10),
        ("Khánh", 8),
        ("Thảo", 6),
        ("Minh", 6),
        ("Gia", 6),
        ("Phương", 6),
        ("Mỹ", 6),
        ("Hoài", 5),
        ("Thanh", 5),
        ("Kim", 5),
        ("Quỳnh", 4),
    ),
}

GIVEN_NAMES = {
    Sex.MALE: (
        "An", "Ân", "Bảo", "Bình", "Cường", "Dũng", "Duy", "Đạt", "Đông", "Hải", "Hậu", "Hiếu",
        "Hòa", "Hoàng", "Hùng", "Hưng", "Huy", "Khải", "Khang", "Khoa", "Kiên", "Lâm", "Lợi",
        "Long", "Lộc", "Mạnh", "Minh", "Nam", "Nghĩa", "Nhân", "Phát", "Phong", "Phúc", "Quang",
        "Quý", "Sang", "Sơn", "Tài", "Tâm", "Thắng", "Thành", "Thịnh", "Tín", "Toàn", "Trí",
        "Trọng", "Trung", "Tuấn", "Tùng", "Tư", "Út", "Việt", "Vinh", "Vũ",
    ),
    Sex.FEMALE: (
        "An", "Anh", "Bích", "Châu", "Chi", "Diễm", "Dung", "Duyên", "Giang", "Hà", "Hân",
        "Hạnh", "Hằng", "Hiền", "Hoa", "Hồng", "Hương", "Hường", "Huyền", "Lan", "Lệ", "Liên",
        "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Ngọc", "Nguyệt", "Nhi", "Nhung", "Oanh",
        "Phượng", "Quyên", "Tâm", "Thảo", "Thu", "Thủy", "Trâm", "Trang", "Trinh", "Tuyết",
        "Uyên", "Vân", "Vy", "Xuân", "Yến",
    ),
}  # fmt: skip

# Young people's given names lean towards a newer fashion.
YOUNG_GIVEN_NAMES = {
    Sex.MALE: ("Khôi", "Phúc", "Khang", "Bảo", "Minh", "Huy", "Nam", "Quân", "Đăng", "Khoa"),
    Sex.FEMALE: ("Ngọc", "Nhi", "Vy", "Hân", "Thư", "Trâm", "An", "My", "Linh", "Như"),
}

STIENG_GIVEN = {
    Sex.MALE: (
        "Lâm", "Sơn", "Ranh", "Brên", "Rí", "Khanh", "Lộc", "Thông", "Nhơn", "Bình", "Xuân",
        "Tếu", "Dũng", "Hoang", "Thái", "Bê", "Trung", "Phi", "Khiêm", "Điệp",
    ),
    Sex.FEMALE: (
        "Bé", "Nga", "Xiêm", "Thoa", "Lai", "Nhe", "Mai", "Hiền", "Thu", "Phi", "Liên", "Bích",
        "Tươi", "Ngọc", "Hằng", "Ni", "Rinh", "Lành",
    ),
}  # fmt: skip
KHMER_SURNAMES = (("Danh", 30.0), ("Thạch", 30.0), ("Lâm", 15.0), ("Sơn", 15.0), ("Kim", 10.0))
KHMER_GIVEN = {
    Sex.MALE: (
        "Sơn", "Sa Rin", "Sóc", "Phol", "Chanh", "Tha", "Ri", "Sa Vanh", "Kha", "Na", "Rết",
        "Sa Phon", "Thươne",
    ),
    Sex.FEMALE: (
        "Sa Ra", "Sô Phia", "Ly Na", "Sa Ly", "Chanh Thy", "Phương", "Sóc Kha", "Mây", "Đa Ra",
        "Sa Mết", "Kim Thy",
    ),
}  # fmt: skip
TAY_NUNG_SURNAMES = (
    ("Hoàng", 25.0),
    ("Nông", 20.0),
    ("Lộc", 10.0),
    ("Triệu", 10.0),
    ("Lương", 8.0),
    ("Vi", 6.0),
    ("Hà", 6.0),
    ("Ma", 5.0),
    ("Lăng", 5.0),
    ("Đàm", 5.0),
)

# Among ethnic-minority households of the area: S'tiêng most, then Khmer, Tày, Nùng.
MINORITY_MIX = ((STIENG, 55.0), (KHMER, 20.0), (TAY, 13.0), (NUNG, 12.0))

# Citizen-ID province code of the place of birth registration. Most residents were
# registered in Bình Phước (070); migrants came from elsewhere.
KINH_ORIGINS = (
    ("075", 3.0),  # Đồng Nai
    ("079", 3.0),  # TP Hồ Chí Minh
    ("074", 2.0),  # Bình Dương
    ("038", 2.0),  # Thanh Hóa
    ("040", 2.0),  # Nghệ An
    ("042", 1.0),  # Hà Tĩnh
    ("036", 1.0),  # Nam Định
    ("034", 1.0),  # Thái Bình
    ("052", 1.0),  # Bình Định
    ("051", 1.0),  # Quảng Ngãi
)
ORIGINS_BY_ETHNICITY = {
    TAY: (("004", 1.0), ("020", 1.0), ("006", 0.5)),  # Cao Bằng, Lạng Sơn, Bắc Kạn
    NUNG: (("020", 1.0), ("004", 1.0), ("024", 0.5)),  # Lạng Sơn, Cao Bằng, Bắc Giang
    KHMER: (("084", 1.0), ("094", 1.0), ("091", 0.7)),  # Trà Vinh, Sóc Trăng, Kiên Giang
}

MOBILE_PREFIXES = (
    "086", "096", "097", "098", "032", "033", "034", "035", "036", "037", "038", "039",
    "088", "091", "094", "081", "083", "084", "085", "089", "090", "093", "070", "079",
    "077", "076", "078", "092", "056", "058",
)  # fmt: skip

NO_LABOUR_SHARE = 0.06  # of households without a working-age member able to work

LIVELIHOODS = (
    "nuôi bò sinh sản",
    "nuôi dê",
    "trồng dưa",
    "trồng cây ăn trái",
    "trồng lúa",
    "nuôi trâu",
)


def weighted(rng: random.Random, table: Sequence[tuple[T, float]]) -> T:
    """One value of ``(value, weight)`` pairs."""
    total = sum(w for _v, w in table)
    x = rng.random() * total
    for value, w in table:
        x -= w
        if x < 0:
            return value
    return table[-1][0]


def _generation(birth_year: int) -> int:
    return 0 if birth_year < 1975 else (1 if birth_year < 2000 else 2)


class CitizenIdAllocator:
    """Unique, consistent 12-digit citizen IDs.

    Digits 1–3 province, 4 sex and century, 5–6 birth year, 7–12 a serial. Serials run
    through a fixed permutation of 000000–999999 per (province, sex, year) prefix, so
    numbers look scattered but never repeat, without remembering the ones handed out.
    """

    _STEP = 387_433  # coprime with 10**6: i * STEP mod 10**6 is a permutation

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._next: dict[str, int] = {}
        self._offset: dict[str, int] = {}

    def allocate(self, province: str, sex: str, birth_year: int) -> str:
        century = (birth_year // 100 - 19) * 2 + (1 if sex == Sex.FEMALE else 0)
        prefix = f"{province}{century}{birth_year % 100:02d}"
        n = self._next.get(prefix, 0)
        if n >= 1_000_000:
            raise RuntimeError(f"citizen-ID serials exhausted for {prefix}")
        if prefix not in self._offset:
            self._offset[prefix] = self._rng.randrange(1_000_000)
        self._next[prefix] = n + 1
        serial = (self._offset[prefix] + n * self._STEP) % 1_000_000
        return f"{prefix}{serial:06d}"


@dataclass
class Person:
    """A member being planned, before it becomes a ``Member``."""

    full_name: str
    sex: str
    age: int
    relation: str
    ethnicity: str
    origin: str  # citizen-ID province code
    surname: str = ""
    disability: str = Dis.NONE


@dataclass(frozen=True)
class QuarterSpec:
    """Where households are generated, and how they look there."""

    quarter: Area
    commune: Area
    code_prefix: str  # household codes are f"{code_prefix}-{n:04d}"
    weight: float = 1.0  # share of the households, relative to the other quarters
    minority_share: float = 0.10
    groups: int = 10  # tổ (residential groups) for addresses


@dataclass
class GeneratedHousehold:
    household: Household
    members: list[Member] = field(default_factory=list)


def search_fields(code: str, head: Member | None, members: Sequence[Member]) -> dict[str, Any]:
    """The denormalised household fields, as ``services.refresh_household_search`` keeps them.

    ``members`` are the active members in primary-key order (the head among them).
    """
    return household_search_fields(
        code=code,
        head=head,
        other_names=[m.full_name for m in members if head is None or m is not head],
        member_count=len(members),
    )


class HouseholdGenerator:
    """Builds unsaved households with their members, deterministically from ``rng``."""

    def __init__(
        self,
        *,
        rng: random.Random,
        today: dt.date,
        ethnicities: Mapping[str, Ethnicity],
        citizen_ids: CitizenIdAllocator | None = None,
        home_province: str = "070",
        insurance_province: str = "70",
    ) -> None:
        missing = [c for c in ETHNICITY_CODES if c not in ethnicities]
        if missing:
            raise ValueError(f"ethnicities missing (run migrate): {missing}")
        self.rng = rng
        self.today = today
        self.ethnicities = ethnicities
        self.citizen_ids = citizen_ids or CitizenIdAllocator(rng)
        self.home_province = home_province
        self.insurance_province = insurance_province

    # --- names --------------------------------------------------------------------------

    def kinh_surname(self) -> str:
        return weighted(self.rng, KINH_SURNAMES)

    def surname_for(self, ethnicity: str, sex: str) -> str:
        rng = self.rng
        if ethnicity == KINH:
            return self.kinh_surname()
        if ethnicity in (TAY, NUNG):
            return weighted(rng, TAY_NUNG_SURNAMES)
        if ethnicity == KHMER:
            return weighted(rng, KHMER_SURNAMES)
        # S'tiêng: men are mostly "Điểu", women "Thị" or "Điểu Thị".
        if sex == Sex.MALE:
            return "Điểu" if rng.random() < 0.85 else "Lâm"
        return ""

    def name(self, *, sex: str, birth_year: int, ethnicity: str, surname: str | None) -> str:
        rng = self.rng
        gen = _generation(birth_year)
        if ethnicity == STIENG:
            given = rng.choice(STIENG_GIVEN[sex])  # type: ignore[index]
            if sex == Sex.MALE:
                family = surname or "Điểu"
                return f"{family} Văn {given}" if rng.random() < 0.3 else f"{family} {given}"
            roll = rng.random()
            if roll < 0.5:
                return f"Thị {given}"
            if roll < 0.85:
                return f"Điểu Thị {given}"
            return f"{surname or 'Lâm'} Thị {given}"
        if ethnicity == KHMER:
            family = surname or weighted(rng, KHMER_SURNAMES)
            given = rng.choice(KHMER_GIVEN[sex])  # type: ignore[index]
            if sex == Sex.FEMALE:
                return f"{family} Thị {given}"
            return f"{family} {given}"
        family = surname or (
            self.kinh_surname() if ethnicity == KINH else weighted(rng, TAY_NUNG_SURNAMES)
        )
        if ethnicity in (TAY, NUNG):
            middle = "Văn" if sex == Sex.MALE else "Thị"
            if rng.random() < 0.2:
                middle = weighted(rng, MIDDLE_NAMES[(sex, gen)])
        else:
            middle = weighted(rng, MIDDLE_NAMES[(sex, gen)])
        if gen == 2 and rng.random() < 0.4:
            given = rng.choice(YOUNG_GIVEN_NAMES[sex])  # type: ignore[index]
        else:
            given = rng.choice(GIVEN_NAMES[sex])  # type: ignore[index]
        if middle == given:
            middle = "Văn" if sex == Sex.MALE else "Thị"
        return f"{family} {middle} {given}"

    def _person(
        self,
        *,
        sex: str,
        age: int,
        relation: str,
        ethnicity: str,
        origin: str,
        surname: str | None = None,
    ) -> Person:
        family = surname if surname is not None else self.surname_for(ethnicity, sex)
        birth_year = self.today.year - age
        return Person(
            full_name=self.name(
                sex=sex, birth_year=birth_year, ethnicity=ethnicity, surname=family or None
            ),
            sex=sex,
            age=age,
            relation=relation,
            ethnicity=ethnicity,
            origin=origin,
            surname=family,
        )

    def _origin(self, ethnicity: str, *, born_here: float) -> str:
        if self.rng.random() < born_here:
            return self.home_province
        table = ORIGINS_BY_ETHNICITY.get(ethnicity, KINH_ORIGINS)
        return weighted(self.rng, table)

    # --- household structure ------------------------------------------------------------

    def _head_age(self) -> int:
        band = weighted(
            self.rng,
            (
                ((22, 29), 8.0),
                ((30, 39), 20.0),
                ((40, 49), 24.0),
                ((50, 59), 22.0),
                ((60, 69), 15.0),
                ((70, 79), 8.0),
                ((80, 85), 3.0),
            ),
        )
        return self.rng.randint(*band)

    def plan_people(self, *, ethnicity: str) -> tuple[list[Person], bool]:
        """The people of one household, head first, and whether they are elderly people alone."""
        rng = self.rng
        people: list[Person] = []
        # A small share of households are elderly people alone (or a couple), sometimes
        # raising a grandchild: the households without labour capacity.
        elderly_alone = rng.random() < 0.03
        head_age = rng.randint(68, 85) if elderly_alone else self._head_age()
        female_head_p = 0.45 if head_age >= 70 else 0.24
        head_sex = Sex.FEMALE if rng.random() < female_head_p else Sex.MALE
        spouse_ethnicity = ethnicity
        if ethnicity != KINH and rng.random() < 0.15:
            spouse_ethnicity = KINH
        head_origin = self._origin(ethnicity, born_here=0.82 if ethnicity == KINH else 0.6)
        head = self._person(
            sex=head_sex, age=head_age, relation=Rel.HEAD, ethnicity=ethnicity, origin=head_origin
        )
        people.append(head)

        if head_sex == Sex.MALE:
            spouse_p = 0.96 if head_age < 60 else (0.88 if head_age < 70 else 0.7)
        else:
            spouse_p = 0.6 if head_age < 60 else 0.35
        if elderly_alone:
            spouse_p = 0.4
        spouse: Person | None = None
        if rng.random() < spouse_p:
            gap = rng.randint(-2, 6)
            spouse_age = head_age - gap if head_sex == Sex.MALE else head_age + gap
            spouse_age = max(18, min(95, spouse_age))
            spouse_sex = Sex.FEMALE if head_sex == Sex.MALE else Sex.MALE
            spouse = self._person(
                sex=spouse_sex,
                age=spouse_age,
                relation=Rel.SPOUSE,
                ethnicity=spouse_ethnicity,
                origin=self._origin(spouse_ethnicity, born_here=0.75),
            )
            people.append(spouse)

        if elderly_alone:
            if rng.random() < 0.2:
                child_age = rng.randint(4, 14)
                people.append(
                    self._person(
                        sex=rng.choice((Sex.MALE, Sex.FEMALE)),
                        age=child_age,
                        relation=Rel.GRANDCHILD,
                        ethnicity=ethnicity,
                        origin=self.home_province,
                    )
                )
            return people, True

        father = head if head_sex == Sex.MALE else spouse
        mother = head if head_sex == Sex.FEMALE else spouse
        children_surname = (
            father.surname
            if father is not None
            else (head.surname if rng.random() < 0.5 else self.surname_for(ethnicity, Sex.MALE))
        )
        mother_age = mother.age if mother is not None else head_age
        n_children = weighted(rng, ((0, 10.0), (1, 25.0), (2, 40.0), (3, 18.0), (4, 7.0)))
        for _ in range(n_children):
            gap = rng.randint(18, 40)
            child_age = mother_age - gap
            if child_age < 0:
                child_age = mother_age - rng.randint(18, max(18, mother_age))
            if child_age < 0:
                continue
            stays = 1.0 if child_age < 22 else (0.45 if child_age < 35 else 0.2)
            if rng.random() >= stays:
                continue
            sex = rng.choice((Sex.MALE, Sex.FEMALE))
            child_ethnicity = ethnicity
            if ethnicity == STIENG and sex == Sex.MALE:
                child_surname = "Điểu"
            elif ethnicity == STIENG:
                child_surname = ""
            else:
                child_surname = children_surname
            child = self._person(
                sex=sex,
                age=child_age,
                relation=Rel.CHILD,
                ethnicity=child_ethnicity,
                origin=self.home_province if rng.random() < 0.9 else head_origin,
                surname=child_surname,
            )
            people.append(child)
            if child_age >= 22 and rng.random() < 0.55:
                in_law_sex = Sex.FEMALE if sex == Sex.MALE else Sex.MALE
                in_law_age = max(18, child_age + rng.randint(-4, 4))
                in_law_ethnicity = child_ethnicity if rng.random() < 0.8 else KINH
                in_law = self._person(
                    sex=in_law_sex,
                    age=in_law_age,
                    relation=Rel.CHILD_IN_LAW,
                    ethnicity=in_law_ethnicity,
                    origin=self._origin(in_law_ethnicity, born_here=0.7),
                )
                people.append(in_law)
                # Grandchildren take their father's family name.
                grandchild_surname = child.surname if sex == Sex.MALE else in_law.surname
                g_ethnicity = child_ethnicity if sex == Sex.MALE else in_law_ethnicity
                parent_age = min(child_age, in_law_age)
                for _g in range(weighted(rng, ((0, 20.0), (1, 35.0), (2, 35.0), (3, 10.0)))):
                    g_age = parent_age - rng.randint(18, 35)
                    if g_age < 0:
                        continue
                    g_sex = rng.choice((Sex.MALE, Sex.FEMALE))
                    people.append(
                        self._person(
                            sex=g_sex,
                            age=g_age,
                            relation=Rel.GRANDCHILD,
                            ethnicity=g_ethnicity,
                            origin=self.home_province,
                            surname=(
                                ("Điểu" if g_sex == Sex.MALE else "")
                                if g_ethnicity == STIENG
                                else grandchild_surname
                            ),
                        )
                    )

        # A widowed parent of the head sometimes lives with the family.
        if head_age <= 62 and rng.random() < 0.12:
            parent_age = head_age + rng.randint(20, 35)
            if parent_age <= 95:
                parent_sex = Sex.FEMALE if rng.random() < 0.65 else Sex.MALE
                people.append(
                    self._person(
                        sex=parent_sex,
                        age=parent_age,
                        relation=Rel.PARENT,
                        ethnicity=ethnicity,
                        origin=self._origin(ethnicity, born_here=0.5),
                        surname=head.surname if parent_sex == Sex.MALE else None,
                    )
                )
        # Now and then an unmarried sibling.
        if 25 <= head_age <= 60 and rng.random() < 0.03:
            people.append(
                self._person(
                    sex=rng.choice((Sex.MALE, Sex.FEMALE)),
                    age=max(16, head_age + rng.randint(-10, 10)),
                    relation=Rel.SIBLING,
                    ethnicity=ethnicity,
                    origin=head_origin,
                    surname=head.surname,
                )
            )
        return people, False

    # --- member attributes --------------------------------------------------------------

    def _birth(self, age: int) -> tuple[int, dt.date | None]:
        """Birth year and, for about 70 % of people, a date of birth."""
        year = self.today.year - age
        if self.rng.random() >= 0.7:
            return year, None
        start = dt.date(year, 1, 1)
        end = min(dt.date(year, 12, 31), self.today)
        return year, start + dt.timedelta(days=self.rng.randint(0, (end - start).days))

    def _disability(self, age: int) -> str:
        p = 0.01 if age < 18 else (0.03 if age < 60 else (0.08 if age < 80 else 0.15))
        if self.rng.random() >= p:
            return Dis.NONE
        return weighted(self.rng, ((Dis.MILD, 50.0), (Dis.SEVERE, 35.0), (Dis.EXTREME, 15.0)))

    def _schooling(self, age: int, minority: bool) -> tuple[str, bool]:
        rng = self.rng
        if age < 3:
            return School.NONE, False
        if age <= 5:
            return (School.PRESCHOOL, True) if rng.random() < 0.9 else (School.NONE, False)
        if age <= 10:
            return (School.PRIMARY, True) if rng.random() < 0.99 else (School.NONE, False)
        if age <= 14:
            return (
                (School.LOWER_SECONDARY, True) if rng.random() < 0.97 else (School.PRIMARY, False)
            )
        if age <= 17:
            if rng.random() < (0.6 if minority else 0.82):
                return School.UPPER_SECONDARY, True
            return School.LOWER_SECONDARY, False
        if age <= 22 and rng.random() < (0.12 if minority else 0.3):
            return School.HIGHER, True
        if minority:
            table = (
                (School.NONE, 15.0),
                (School.PRIMARY, 35.0),
                (School.LOWER_SECONDARY, 30.0),
                (School.UPPER_SECONDARY, 17.0),
                (School.HIGHER, 3.0),
            )
        elif age >= 60:
            table = (
                (School.NONE, 8.0),
                (School.PRIMARY, 35.0),
                (School.LOWER_SECONDARY, 35.0),
                (School.UPPER_SECONDARY, 17.0),
                (School.HIGHER, 5.0),
            )
        elif age >= 40:
            table = (
                (School.NONE, 3.0),
                (School.PRIMARY, 15.0),
                (School.LOWER_SECONDARY, 40.0),
                (School.UPPER_SECONDARY, 32.0),
                (School.HIGHER, 10.0),
            )
        else:
            table = (
                (School.NONE, 1.0),
                (School.PRIMARY, 5.0),
                (School.LOWER_SECONDARY, 24.0),
                (School.UPPER_SECONDARY, 50.0),
                (School.HIGHER, 20.0),
            )
        return weighted(rng, table), False

    def _vocational(self, age: int, schooling: str, in_school: bool) -> str:
        if age < 18 or in_school:
            return Voc.NONE
        if schooling == School.HIGHER:
            return weighted(self.rng, ((Voc.UNIVERSITY, 75.0), (Voc.COLLEGE, 25.0)))
        return weighted(
            self.rng,
            ((Voc.NONE, 70.0), (Voc.SHORT, 17.0), (Voc.INTERMEDIATE, 9.0), (Voc.COLLEGE, 4.0)),
        )

    def _employment(self, p: Person, in_school: bool) -> str:
        rng = self.rng
        if p.age < 15:
            return Emp.CHILD
        if in_school:
            return Emp.STUDENT
        if p.disability in (Dis.SEVERE, Dis.EXTREME):
            return Emp.UNABLE if p.age < 75 or rng.random() < 0.5 else Emp.RETIRED
        retirement_age = 61 if p.sex == Sex.MALE else 58
        if p.age >= 75 or (p.age >= retirement_age and rng.random() < 0.7):
            return Emp.RETIRED
        return weighted(
            rng,
            (
                (Emp.CONTRACT, 30.0 if p.age < 45 else 18.0),
                (Emp.NO_CONTRACT, 25.0),
                (Emp.SELF_EMPLOYED, 41.0 if p.age < 45 else 53.0),
                (Emp.UNEMPLOYED, 4.0),
            ),
        )

    def _insurance(
        self, p: Person, employment: str, in_school: bool, flags: Mapping[str, bool]
    ) -> tuple[bool, str, dt.date | None]:
        rng = self.rng
        if rng.random() >= 0.88:
            return False, "", None
        if p.age < 6:
            kind, level = "TE", 1
        elif flags.get("person_of_merit") and p.relation in (Rel.HEAD, Rel.SPOUSE):
            kind, level = "CC", 1
        elif flags.get("social_protection") and p.age >= 75:
            kind, level = "BT", 2
        elif in_school:
            kind, level = "HS", 4
        elif employment == Emp.CONTRACT:
            kind, level = "DN", 4
        elif employment == Emp.RETIRED and rng.random() < 0.4:
            kind, level = "HT", 2
        elif p.ethnicity != KINH and rng.random() < 0.5:
            kind, level = "DT", 2
        else:
            kind, level = "GD", 4
        serial = f"{self.insurance_province}{rng.randrange(10**8):08d}"
        number = serial if rng.random() < 0.3 else f"{kind}{level}{self.insurance_province}{serial}"
        if kind == "GD":
            expiry = dt.date(self.today.year, 12, 31)
        else:
            expiry = self.today + dt.timedelta(days=rng.randint(-45, 400))
        return True, number, expiry

    def member(self, p: Person, *, minority_household: bool, flags: Mapping[str, bool]) -> Member:
        birth_year, dob = self._birth(p.age)
        schooling, in_school = self._schooling(p.age, minority_household or p.ethnicity != KINH)
        employment = self._employment(p, in_school)
        has_ins, ins_number, ins_expiry = self._insurance(p, employment, in_school, flags)
        citizen_id = ""
        if p.age >= 14 and self.rng.random() < 0.985:
            citizen_id = self.citizen_ids.allocate(p.origin, p.sex, birth_year)
        return Member(
            full_name=p.full_name,
            name_folded=fold(p.full_name),
            sex=p.sex,
            date_of_birth=dob,
            birth_year=birth_year,
            relation_to_head=p.relation,
            ethnicity=self.ethnicities[p.ethnicity],
            citizen_id=citizen_id,
            has_health_insurance=has_ins,
            health_insurance_number=ins_number,
            health_insurance_expiry=ins_expiry,
            schooling_level=schooling,
            in_school=in_school,
            vocational_qualification=self._vocational(p.age, schooling, in_school),
            employment_status=employment,
            disability=p.disability,
        )

    def phone(self) -> str:
        return self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**7):07d}"

    # --- households ---------------------------------------------------------------------

    def household(self, spec: QuarterSpec, code: str) -> GeneratedHousehold:
        rng = self.rng
        minority = rng.random() < spec.minority_share
        ethnicity = weighted(rng, MINORITY_MIX) if minority else KINH
        people, _elderly_alone = self.plan_people(ethnicity=ethnicity)
        for p in people:
            p.disability = self._disability(p.age)
        working = [
            p for p in people if 15 <= p.age <= 60 and p.disability not in (Dis.SEVERE, Dis.EXTREME)
        ]
        # Only some households without a working-age member are recognised as having no
        # labour capacity (about 1 % of all households).
        no_labour = not working and rng.random() < NO_LABOUR_SHARE
        oldest = max(p.age for p in people)
        disabled = any(p.disability in (Dis.SEVERE, Dis.EXTREME) for p in people)
        social_p = 0.004
        if no_labour:
            social_p = 0.4
        elif disabled:
            social_p = 0.3
        elif oldest >= 80:
            social_p = 0.15
        merit_p = 0.08 if people[0].age >= 65 or oldest >= 80 else 0.012
        flags = {
            "no_labour_capacity": no_labour,
            "person_of_merit": rng.random() < merit_p,
            "social_protection": rng.random() < social_p,
        }
        members = [self.member(p, minority_household=minority, flags=flags) for p in people]
        head = members[0]
        household = Household(
            commune=spec.commune,
            quarter=spec.quarter,
            code=code,
            address=f"Tổ {rng.randint(1, spec.groups)}, {spec.quarter.name}",
            phone=self.phone() if rng.random() < 0.6 else "",
            ethnicity=self.ethnicities[ethnicity],
            is_ethnic_minority=minority,
            **flags,
            **search_fields(code, head, members),
        )
        return GeneratedHousehold(household=household, members=members)


def distribute(total: int, specs: Sequence[QuarterSpec]) -> list[int]:
    """Split ``total`` households over the quarters by weight (largest remainder)."""
    weights = [max(0.0, s.weight) for s in specs]
    wsum = sum(weights) or 1.0
    exact = [total * w / wsum for w in weights]
    counts = [int(x) for x in exact]
    order = sorted(range(len(specs)), key=lambda i: exact[i] - counts[i], reverse=True)
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def iter_households(
    generator: HouseholdGenerator,
    specs: Sequence[QuarterSpec],
    counts: Sequence[int],
    *,
    start: Mapping[str, int] | None = None,
    code_width: int = 4,
) -> Iterator[GeneratedHousehold]:
    """Households quarter by quarter, numbered from ``start[prefix]`` (default 1)."""
    for spec, count in zip(specs, counts, strict=True):
        first = (start or {}).get(spec.code_prefix, 1)
        for n in range(first, first + count):
            yield generator.household(spec, f"{spec.code_prefix}-{n:0{code_width}d}")


def load_ethnicities() -> dict[str, Ethnicity]:
    return {e.code: e for e in Ethnicity.objects.filter(code__in=ETHNICITY_CODES)}


def allocate_pks(model: type[models.Model], count: int, *, using: str = "default") -> list[int]:
    """Take ``count`` primary keys for ``model`` ahead of an INSERT.

    PostgreSQL: from the table's identity sequence (safe alongside other writers).
    Others (SQLite): after the highest key used so far; call inside the transaction
    that inserts them (SQLite's write lock keeps other writers out).
    """
    if count <= 0:
        return []
    connection = connections[using]
    table = model._meta.db_table
    pk_column = model._meta.pk.column  # type: ignore[union-attr]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, pk_column, count],
            )
            return sorted(row[0] for row in cursor.fetchall())
        qn = connection.ops.quote_name
        cursor.execute(f"SELECT MAX({qn(pk_column)}) FROM {qn(table)}")
        highest = cursor.fetchone()[0] or 0
        if connection.vendor == "sqlite":
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            highest = max(highest, row[0] if row else 0)
    return list(range(highest + 1, highest + 1 + count))


def save_households(
    batch: Sequence[GeneratedHousehold],
    *,
    history: bool = True,
    using: str = "default",
    batch_size: int = 1000,
) -> tuple[int, int]:
    """Insert generated households and their members; returns (households, members).

    Must run inside ``transaction.atomic``: households are inserted pointing at heads
    that are inserted right after (deferred foreign-key checks).
    """
    if not connections[using].in_atomic_block:
        raise RuntimeError("save_households() must run inside transaction.atomic()")
    if history and using != "default":
        raise ValueError("history rows are written through the default database only")
    if not batch:
        return 0, 0
    households = [g.household for g in batch]
    members = [m for g in batch for m in g.members]
    household_pks = allocate_pks(Household, len(households), using=using)
    for pk, household in zip(household_pks, households, strict=True):
        household.pk = pk
    for pk, member in zip(allocate_pks(Member, len(members), using=using), members, strict=True):
        member.pk = pk
    for g in batch:
        for m in g.members:
            m.household = g.household
        g.household.head = g.members[0] if g.members else None
    with transaction.atomic(using=using, savepoint=False):
        if history:
            bulk_create_with_history(households, Household, batch_size=batch_size)
            bulk_create_with_history(members, Member, batch_size=batch_size)
        else:
            Household.objects.using(using).bulk_create(households, batch_size=batch_size)
            Member.objects.using(using).bulk_create(members, batch_size=batch_size)
    return len(households), len(members)
