"""Shared fixtures: an area tree, one persona per role, and a few households.

Area tree::

    Đồng Nai (province)                     TP Hồ Chí Minh (province)
    └── Tân Khai (commune)                  └── Phường Bến Thành (commune)
        ├── Khu phố 1 (quarter)                 └── Khu phố 9 (quarter)
        └── Khu phố 2 (quarter)

``outsider`` is an officer of Phường Bến Thành: everything of Tân Khai is out of
their scope.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from households.models import Area, Household, Member
from tannkhai.models import Role, User
from tests.browser.artifacts import files_since, summary_lines
from tests.factories import (
    AreaFactory,
    AssignmentFactory,
    HeadFactory,
    HouseholdFactory,
    MemberFactory,
    OrganisationFactory,
    UserFactory,
    make_citizen_id,
)

_STARTED = pytest.StashKey[float]()


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_STARTED] = time.time()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say where the failing browser tests left their screenshots and HTML (written by the
    workers; listed here, in the main process, where the log is printed)."""
    files = files_since(terminalreporter.config.stash[_STARTED])
    if files:
        terminalreporter.section("browser failure artifacts")
        for line in summary_lines(files):
            terminalreporter.write_line(line)


# Citizen IDs used by the fixture households (valid: province, sex, birth year).
AN_CITIZEN_ID = make_citizen_id(sex="male", birth_year=1980, serial=1234)  # 070080001234
HOA_CITIZEN_ID = make_citizen_id(sex="female", birth_year=1982, serial=5678)  # 070182005678
BINH_CITIZEN_ID = make_citizen_id(sex="female", birth_year=1975, serial=4321)
CUONG_CITIZEN_ID = make_citizen_id(sex="male", birth_year=1968, serial=8765, province="079")


@dataclass
class AreaTree:
    province: Area
    commune: Area
    kp1: Area
    kp2: Area
    other_province: Area
    other_commune: Area
    other_quarter: Area


@pytest.fixture
def areas(db: None) -> AreaTree:
    province = AreaFactory(code="75", name="Đồng Nai", kind=Area.Kind.PROVINCE)
    commune = AreaFactory(code="25480", name="Tân Khai", kind=Area.Kind.COMMUNE, parent=province)
    kp1 = AreaFactory(code="TK-KP1", name="Khu phố 1", kind=Area.Kind.QUARTER, parent=commune)
    kp2 = AreaFactory(code="TK-KP2", name="Khu phố 2", kind=Area.Kind.QUARTER, parent=commune)
    other_province = AreaFactory(code="79", name="TP Hồ Chí Minh", kind=Area.Kind.PROVINCE)
    other_commune = AreaFactory(
        code="26734", name="Phường Bến Thành", kind=Area.Kind.COMMUNE, parent=other_province
    )
    other_quarter = AreaFactory(
        code="BT-KP9", name="Khu phố 9", kind=Area.Kind.QUARTER, parent=other_commune
    )
    return AreaTree(province, commune, kp1, kp2, other_province, other_commune, other_quarter)


# ---------------------------------------------------------------- personas


@pytest.fixture
def officer(areas: AreaTree) -> User:
    return UserFactory(
        username="congchuc", full_name="Võ Thị Công Chức", role=Role.OFFICER, areas=[areas.commune]
    )


@pytest.fixture
def quarter_head_kp1(areas: AreaTree) -> User:
    return UserFactory(
        username="truongkp1", full_name="Hồ Văn Một", role=Role.QUARTER_HEAD, areas=[areas.kp1]
    )


@pytest.fixture
def quarter_head_kp2(areas: AreaTree) -> User:
    return UserFactory(
        username="truongkp2", full_name="Hồ Văn Hai", role=Role.QUARTER_HEAD, areas=[areas.kp2]
    )


@pytest.fixture
def leader(areas: AreaTree) -> User:
    return UserFactory(
        username="chutich", full_name="Trương Văn Lãnh Đạo", role=Role.LEADER, areas=[areas.commune]
    )


@pytest.fixture
def org_member(areas: AreaTree, hh_kp1: Household) -> User:
    """A Farmers' Union member assigned to help ``hh_kp1`` (and nothing else)."""
    user = UserFactory(
        username="hoinongdan",
        full_name="Mai Văn Hội Viên",
        role=Role.ORG_MEMBER,
        organisation="Hội Nông dân",
    )
    organisation = OrganisationFactory(commune=areas.commune, name="Hội Nông dân xã Tân Khai")
    AssignmentFactory(household=hh_kp1, member=user, organisation=organisation)
    return user


@pytest.fixture
def admin_user(areas: AreaTree) -> User:
    return UserFactory(username="quantri", full_name="Quản Trị Viên", role=Role.ADMIN)


@pytest.fixture
def outsider(areas: AreaTree) -> User:
    """An officer of another commune, in another province."""
    return UserFactory(
        username="benthanh",
        full_name="Người Ngoài",
        role=Role.OFFICER,
        areas=[areas.other_commune],
    )


PERSONAS = (
    "officer",
    "quarter_head_kp1",
    "quarter_head_kp2",
    "leader",
    "org_member",
    "admin_user",
    "outsider",
)


@pytest.fixture
def persona(request: pytest.FixtureRequest) -> Callable[[str], User]:
    """Look a persona fixture up by name (for parametrised view tests)."""
    return request.getfixturevalue


@pytest.fixture
def client_for(db: None) -> Callable[[User | None], Client]:
    """A fresh test client signed in as ``user`` (anonymous for ``None``)."""

    def make(user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return make


# ---------------------------------------------------------------- households


@pytest.fixture
def hh_kp1(areas: AreaTree) -> Household:
    """Nguyễn Văn Ân's household in Khu phố 1, with his wife Lê Thị Hoa."""
    household = HouseholdFactory(
        quarter=areas.kp1,
        code="KP1-001",
        address="12 Nguyễn Huệ",
        head=HeadFactory(
            full_name="Nguyễn Văn Ân", sex="male", birth_year=1980, citizen_id=AN_CITIZEN_ID
        ),
    )
    MemberFactory(
        household=household,
        full_name="Lê Thị Hoa",
        sex="female",
        birth_year=1982,
        relation_to_head=Member.Relation.SPOUSE,
        citizen_id=HOA_CITIZEN_ID,
    )
    household.refresh_from_db()
    return household


@pytest.fixture
def hh_kp2(areas: AreaTree) -> Household:
    """Đặng Thị Bình's household in Khu phố 2."""
    household = HouseholdFactory(
        quarter=areas.kp2,
        code="KP2-001",
        head=HeadFactory(
            full_name="Đặng Thị Bình", sex="female", birth_year=1975, citizen_id=BINH_CITIZEN_ID
        ),
    )
    household.refresh_from_db()
    return household


@pytest.fixture
def hh_other(areas: AreaTree) -> Household:
    """A household of the other commune (the outsider's)."""
    household = HouseholdFactory(
        quarter=areas.other_quarter,
        code="BT-001",
        head=HeadFactory(
            full_name="Phạm Văn Cường", sex="male", birth_year=1968, citizen_id=CUONG_CITIZEN_ID
        ),
    )
    household.refresh_from_db()
    return household


@pytest.fixture
def households(hh_kp1: Household, hh_kp2: Household, hh_other: Household) -> list[Household]:
    return [hh_kp1, hh_kp2, hh_other]


@pytest.fixture
def reference_data(transactional_db: None) -> None:
    """Reload the data that migrations ship (standards, holidays, ethnicities…).

    Transactional tests empty every table after each test, including rows loaded
    by data migrations, so transactional tests (browser, concurrency) load them again.
    """
    from importlib import import_module

    from django.apps import apps

    for name in ("0003_ethnicities_and_search_index", "0005_standards_and_reference_data"):
        module = import_module(f"households.migrations.{name}")
        loader = getattr(module, "load_ethnicities", None) or module.load
        loader(apps, None)


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """A request with the English cookie leaves English active in the thread; the next
    test would see English messages. Every test starts and ends in Vietnamese."""
    yield
    translation.activate(settings.LANGUAGE_CODE)
