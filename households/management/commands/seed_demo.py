"""Demo data for the Tân Khai commune: areas with their 2025 history, users, households.

    python manage.py seed_demo [--households 3000] [--seed 2026] [--reset]

Deterministic for a given seed (and day: ages are counted from today). Idempotent: when
the demo commune already has households it only prints the demo logins. ``--reset``
deletes the demo households first and is refused when DEBUG is off.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from assignments import demo as assignments_demo
from assignments.models import Organisation
from funding import demo as funding_demo
from funding.loans import demo as loans_demo
from households import demo, demo_history
from households.models import Area, AreaEvent, CommuneSettings, Household, Member
from tannkhai.models import AccessLog, Role, User
from targets import demo as targets_demo

DEMO_PASSWORD = "TanKhai@2026"
REFORM_DAY = dt.date(2025, 7, 1)
LAST_OLD_DAY = dt.date(2025, 6, 30)
LEGAL_BASIS = (
    "Nghị quyết 1662/NQ-UBTVQH15 về sắp xếp các đơn vị hành chính cấp xã của tỉnh Đồng Nai năm 2025"
)
COMMUNE_CODE = "75.TANKHAI"
TOWN_CODE = "70.HONQUAN.TANKHAI"
# The hamlets that joined on 1/7/2025 and the former communes they came from.
HAMLET_ORIGINS = {"TH": "70.HONQUAN.TANHIEP", "DN": "70.HONQUAN.DONGNO"}
HAMLET_MOVES = {
    "TH": gettext_noop("Chuyển từ Xã Tân Hiệp về Xã Tân Khai."),
    "DN": gettext_noop("Chuyển từ Xã Đồng Nơ về Xã Tân Khai."),
}

# (code suffix, name, weight, ethnic-minority share, residential groups). The former
# town's quarters are larger and mostly Kinh; the hamlets of the former rural communes
# have more S'tiêng households. Overall about 10 % minority households.
QUARTERS = (
    ("KP1", "Khu phố 1", 1.35, 0.05, 12),
    ("KP2", "Khu phố 2", 1.25, 0.05, 11),
    ("KP3", "Khu phố 3", 1.15, 0.06, 10),
    ("KP4", "Khu phố 4", 1.05, 0.06, 10),
    ("KP5", "Khu phố 5", 0.95, 0.08, 9),
    ("KP6", "Khu phố 6", 0.85, 0.08, 8),
    ("DN", "Ấp Đồng Nơ", 0.75, 0.26, 8),
    ("TH", "Ấp Tân Hiệp", 0.65, 0.22, 7),
)

ORGANISATIONS = (
    ("Ủy ban MTTQ Việt Nam xã", "MTTQ"),
    ("Hội Nông dân", "HND"),
    ("Hội Liên hiệp Phụ nữ", "Hội LHPN"),
    ("Đoàn Thanh niên", "Đoàn TN"),
    ("Hội Cựu chiến binh", "Hội CCB"),
    ("Công đoàn", "CĐ"),
)


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    role: str
    area_codes: tuple[str, ...] = ()
    organisation: str = ""
    superuser: bool = False


DEMO_USERS = (
    DemoUser("admin", "Phạm Minh Quân", Role.ADMIN, superuser=True),
    DemoUser("canbo", "Lê Thị Thu Hà", Role.OFFICER, (COMMUNE_CODE,)),
    DemoUser("lanhdao", "Trần Văn Phúc", Role.LEADER, (COMMUNE_CODE,)),
    DemoUser("truongkp1", "Nguyễn Văn Tám", Role.QUARTER_HEAD, (f"{COMMUNE_CODE}.KP1",)),
    DemoUser("truongkp2", "Võ Thị Hồng Nhung", Role.QUARTER_HEAD, (f"{COMMUNE_CODE}.KP2",)),
    DemoUser("hoinongdan", "Đặng Văn Lực", Role.ORG_MEMBER, organisation="Hội Nông dân"),
)


# The smallest demo whose review history can be told (see households.demo_history).
MIN_HOUSEHOLDS = 100


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu (xã Tân Khai): địa bàn, người dùng, hộ gia đình."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--households", type=int, default=3000, help="số hộ (mặc định 3000, ít nhất 100)"
        )
        parser.add_argument("--seed", type=int, default=2026, help="hạt giống ngẫu nhiên")
        parser.add_argument(
            "--reset",
            action="store_true",
            help="xóa hộ mẫu đã có rồi tạo lại (chỉ khi DEBUG bật)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        n: int = options["households"]
        seed: int = options["seed"]
        if n < MIN_HOUSEHOLDS:
            raise CommandError(
                f"--households must be at least {MIN_HOUSEHOLDS}: the demo's review history "
                "(the plan's poor households, the near-poor lists of each year, the open "
                "2026 review in every quarter) needs that many."
            )
        if options["reset"] and not settings.DEBUG:
            raise CommandError("--reset is refused when DEBUG is off (it deletes households).")
        commune = Area.objects.filter(code=COMMUNE_CODE).first()
        if commune is not None and Household.objects.filter(commune=commune).exists():
            if not options["reset"]:
                self.stdout.write(
                    "Demo data is already present (xã Tân Khai has households); nothing done. "
                    "Use --reset (DEBUG only) to recreate it."
                )
                self._print_logins(created=set())
                return
            self._reset(commune)

        started = time.perf_counter()
        rng = random.Random(seed)
        with transaction.atomic():
            areas = self._areas()
            self._commune_settings(areas)
            self._organisations(areas[COMMUNE_CODE])
            created_users = self._users(areas, reset=options["reset"])
            setup_done = time.perf_counter()
            households, members = self._households(areas, n, rng)
            call_command("load_plan", commune=COMMUNE_CODE, stdout=self.stdout)
            jobs, trainees = targets_demo.seed_results(
                commune=areas[COMMUNE_CODE],
                officer=User.objects.get(username="canbo"),
                seed=seed,
            )
            reviews = demo_history.seed_review_history(
                commune=areas[COMMUNE_CODE],
                officer=User.objects.get(username="canbo"),
                leader=User.objects.get(username="lanhdao"),
                recorder=User.objects.get(username="admin"),
                seed=seed,
            )
            allocations, _paid = funding_demo.seed_funding(
                commune=areas[COMMUNE_CODE], officer=User.objects.get(username="canbo")
            )
            loans_demo.seed_loans_and_fund(
                commune=areas[COMMUNE_CODE], officer=User.objects.get(username="canbo"), seed=seed
            )
            helped = assignments_demo.seed_assignments(
                commune=areas[COMMUNE_CODE],
                officer=User.objects.get(username="canbo"),
                seed=seed,
            )
        elapsed = time.perf_counter() - started
        load = max(time.perf_counter() - setup_done, 1e-9)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {households:,} households and {members:,} members in {elapsed:.1f} s "
                f"({households / load:,.0f} households/s, {members / load:,.0f} members/s, "
                f"{2 * (households + members) / load:,.0f} rows/s incl. history); "
                f"{reviews:,} reviews 2021–2026, {jobs:,} job placements, "
                f"{trainees:,} training enrolments, {allocations:,} funding allocations, "
                f"{helped:,} assignments of helpers."
            )
        )
        self._print_logins(created=created_users)

    # --- areas --------------------------------------------------------------------------

    def _area(self, code: str, **fields: Any) -> tuple[Area, bool]:
        area = Area.objects.filter(code=code).first()
        if area is not None:
            return area, False
        area = Area(code=code, **fields)
        area.full_clean()
        area.save()
        return area, True

    def _event(self, area: Area, kind: str, description: str, **fields: Any) -> None:
        AreaEvent.objects.get_or_create(
            area=area,
            kind=kind,
            effective_date=fields.pop("effective_date", REFORM_DAY),
            other_area=fields.pop("other_area", None),
            defaults={"legal_basis": LEGAL_BASIS, "description": description, **fields},
        )

    def _areas(self) -> dict[str, Area]:
        K, S = Area.Kind, Area.SettlementType
        dong_nai, _ = self._area("75", name="Tỉnh Đồng Nai", kind=K.PROVINCE, valid_from=REFORM_DAY)
        binh_phuoc, _ = self._area(
            "70",
            name="Tỉnh Bình Phước",
            kind=K.PROVINCE,
            valid_to=LAST_OLD_DAY,
            successor=dong_nai,
        )
        hon_quan, _ = self._area(
            "70.HONQUAN",
            name="Huyện Hớn Quản",
            kind=K.DISTRICT,
            parent=binh_phuoc,
            valid_to=LAST_OLD_DAY,
        )
        commune, _ = self._area(
            COMMUNE_CODE,
            name="Xã Tân Khai",
            kind=K.COMMUNE,
            settlement_type=S.RURAL,
            parent=dong_nai,
            valid_from=REFORM_DAY,
        )
        town, _ = self._area(
            TOWN_CODE,
            name="Thị trấn Tân Khai",
            kind=K.COMMUNE,
            settlement_type=S.URBAN,
            parent=hon_quan,
            valid_to=LAST_OLD_DAY,
            successor=commune,
        )
        tan_hiep, _ = self._area(
            "70.HONQUAN.TANHIEP",
            name="Xã Tân Hiệp",
            kind=K.COMMUNE,
            settlement_type=S.RURAL,
            parent=hon_quan,
            valid_to=LAST_OLD_DAY,
            successor=commune,
        )
        dong_no, _ = self._area(
            "70.HONQUAN.DONGNO",
            name="Xã Đồng Nơ",
            kind=K.COMMUNE,
            settlement_type=S.RURAL,
            parent=hon_quan,
            valid_to=LAST_OLD_DAY,
            successor=commune,
        )
        areas = {a.code: a for a in (dong_nai, binh_phuoc, hon_quan, commune, town)}
        areas.update({tan_hiep.code: tan_hiep, dong_no.code: dong_no})

        self._event(
            dong_nai,
            AreaEvent.Kind.CREATED,
            gettext_noop(
                "Thành lập tỉnh Đồng Nai mới trên cơ sở sắp xếp tỉnh Bình Phước và tỉnh Đồng Nai."
            ),
            legal_basis="Nghị quyết 202/2025/QH15",
        )
        self._event(
            binh_phuoc,
            AreaEvent.Kind.MERGED_INTO,
            gettext_noop("Sắp xếp vào tỉnh Đồng Nai."),
            other_area=dong_nai,
            legal_basis="Nghị quyết 202/2025/QH15",
        )
        self._event(
            hon_quan,
            AreaEvent.Kind.RETIRED,
            gettext_noop("Kết thúc hoạt động của đơn vị hành chính cấp huyện."),
            legal_basis="Luật Tổ chức chính quyền địa phương 2025 (cần xác minh)",
        )
        self._event(
            commune,
            AreaEvent.Kind.CREATED,
            gettext_noop(
                "Thành lập xã Tân Khai trên cơ sở thị trấn Tân Khai, xã Tân Hiệp và xã Đồng Nơ."
            ),
        )
        for old in (town, tan_hiep, dong_no):
            self._event(
                old,
                AreaEvent.Kind.MERGED_INTO,
                gettext_noop("Sáp nhập vào Xã Tân Khai."),
                other_area=commune,
            )
            self._event(
                commune,
                AreaEvent.Kind.ABSORBED,
                f"Nhận sáp nhập {old.name}.",
                other_area=old,
            )

        for suffix, name, *_rest in QUARTERS:
            code = f"{COMMUNE_CODE}.{suffix}"
            if suffix.startswith("KP"):
                # The town's quarters: created as they were (urban, under the town), then
                # moved and reclassified, so that their history shows the change.
                quarter, created = self._area(
                    code, name=name, kind=K.QUARTER, settlement_type=S.URBAN, parent=town
                )
                if created:
                    quarter.parent = commune
                    quarter.settlement_type = S.RURAL
                    quarter.full_clean()
                    quarter.save()
                self._event(
                    quarter,
                    AreaEvent.Kind.MOVED,
                    gettext_noop("Chuyển từ Thị trấn Tân Khai về Xã Tân Khai."),
                    other_area=town,
                )
                self._event(
                    quarter,
                    AreaEvent.Kind.RECLASSIFIED,
                    gettext_noop(
                        "Đổi loại khu vực: thành thị → nông thôn (xã). Cần xác minh theo văn bản."
                    ),
                )
            else:
                # A hamlet of a former rural commune: created under it, then moved, so that
                # its reviews before 1/7/2025 are that commune's (area as it stood).
                former = areas[HAMLET_ORIGINS[suffix]]
                quarter, created = self._area(
                    code, name=name, kind=K.QUARTER, settlement_type=S.RURAL, parent=former
                )
                if created:
                    quarter.parent = commune
                    quarter.full_clean()
                    quarter.save()
                self._event(
                    quarter,
                    AreaEvent.Kind.MOVED,
                    HAMLET_MOVES[suffix],
                    other_area=former,
                )
            areas[code] = quarter
        return areas

    def _commune_settings(self, areas: dict[str, Area]) -> None:
        CommuneSettings.objects.get_or_create(
            commune=areas[COMMUNE_CODE],
            defaults={
                "issuing_body": "ỦY BAN NHÂN DÂN XÃ TÂN KHAI",
                "superior_body": "",
                "place_name": "Tân Khai",
                # Plausible but fictional names, flagged as placeholders: the settings
                # screen shows them as such and the decision form does not prefill them.
                "chairman_name": "Nguyễn Văn Hùng",
                "chairman_is_placeholder": True,
                "vice_chairman_name": "Trần Thị Thu Hà",
                "vice_chairman_is_placeholder": True,
            },
        )
        # The former communes signed the demo's decisions before 1/7/2025: their signers
        # of that time, fictional like every demo name, are not placeholders (they are the
        # names on those decisions, and nobody signs for a commune that no longer exists).
        former = (
            (TOWN_CODE, "THỊ TRẤN TÂN KHAI", "Tân Khai", "Lê Văn Thành", "Phạm Thị Lan"),
            (HAMLET_ORIGINS["TH"], "XÃ TÂN HIỆP", "Tân Hiệp", "Trịnh Văn Dũng", "Lý Thị Hoa"),
            (HAMLET_ORIGINS["DN"], "XÃ ĐỒNG NƠ", "Đồng Nơ", "Điểu Văn Khanh", "Võ Thị Yến"),
        )
        for code, unit, place, chairman, vice in former:
            CommuneSettings.objects.get_or_create(
                commune=areas[code],
                defaults={
                    "issuing_body": f"ỦY BAN NHÂN DÂN {unit}",
                    "superior_body": "ỦY BAN NHÂN DÂN HUYỆN HỚN QUẢN",
                    "place_name": place,
                    "chairman_name": chairman,
                    "vice_chairman_name": vice,
                },
            )

    def _organisations(self, commune: Area) -> dict[str, Organisation]:
        out = {}
        for name, short in ORGANISATIONS:
            org, _ = Organisation.objects.get_or_create(
                commune=commune, name=name, defaults={"short_name": short}
            )
            out[short] = org
        return out

    # --- users --------------------------------------------------------------------------

    def _users(self, areas: dict[str, Area], *, reset: bool) -> set[str]:
        """Create the demo users; existing accounts are left alone unless ``reset``."""
        password = make_password(DEMO_PASSWORD)  # hashed once, shared by the demo accounts
        created: set[str] = set()
        for spec in DEMO_USERS:
            user = User.objects.filter(username=spec.username).first()
            if user is not None and not reset:
                continue
            if user is None:
                user = User(username=spec.username)
                created.add(spec.username)
            user.full_name = spec.full_name
            user.role = spec.role
            user.organisation = spec.organisation
            user.is_staff = spec.superuser
            user.is_superuser = spec.superuser
            user.is_active = True
            user.password = password
            user.save()
            user.areas.set([areas[code] for code in spec.area_codes])
            created.add(spec.username)
        return created

    def _print_logins(self, *, created: set[str]) -> None:
        self.stdout.write("")
        self.stdout.write("Tài khoản mẫu / demo logins:")
        for spec in DEMO_USERS:
            user = User.objects.filter(username=spec.username).first()
            if user is None:
                state = "(chưa có)"
            elif spec.username in created:
                state = ""
            else:
                state = "(đã có sẵn, không đổi)"
            scope = ", ".join(spec.area_codes) or spec.organisation or "toàn bộ"
            self.stdout.write(
                f"  {spec.username:<11} {spec.role:<13} {scope:<22} {spec.full_name} {state}"
            )
        self.stdout.write(f"Mật khẩu / password: {DEMO_PASSWORD}")

    # --- households ---------------------------------------------------------------------

    def _households(self, areas: dict[str, Area], n: int, rng: random.Random) -> tuple[int, int]:
        commune = areas[COMMUNE_CODE]
        specs = [
            demo.QuarterSpec(
                quarter=areas[f"{COMMUNE_CODE}.{suffix}"],
                commune=commune,
                code_prefix=suffix,
                weight=weight,
                minority_share=minority,
                groups=groups,
            )
            for suffix, _name, weight, minority, groups in QUARTERS
        ]
        generator = demo.HouseholdGenerator(
            rng=rng, today=timezone.localdate(), ethnicities=demo.load_ethnicities()
        )
        counts = demo.distribute(n, specs)
        width = max(4, len(str(max(counts, default=0))))
        households = members = 0
        batch: list[demo.GeneratedHousehold] = []
        for generated in demo.iter_households(generator, specs, counts, code_width=width):
            for member in generated.members:
                member.clean_fields(exclude=["household", "ethnicity"])
                member.clean()
            batch.append(generated)
            if len(batch) >= 1000:
                h, m = demo.save_households(batch)
                households, members = households + h, members + m
                batch = []
        h, m = demo.save_households(batch)
        return households + h, members + m

    # --- reset --------------------------------------------------------------------------

    def _reset(self, commune: Area) -> None:
        households = Household.objects.filter(commune=commune)
        ids = list(households.values_list("pk", flat=True))
        self.stdout.write(f"--reset: deleting {len(ids):,} demo households…")
        # Raw deletes: no per-row signals, so no "deleted" history rows for demo data. A
        # record of another app still pointing at a demo household makes the commit fail.
        try:
            with transaction.atomic():
                funding_demo.delete_funding(commune=commune)
                demo_history.delete_review_history(commune=commune)
                targets_demo.delete_results(commune=commune)
                loans_demo.delete_loans_and_fund(commune=commune)
                assignments_demo.delete_assignments(commune=commune)
                AccessLog.objects.filter(household_id__in=ids).update(household=None)
                households.update(head=None, merged_into=None)
                for start in range(0, len(ids), 2000):
                    chunk = ids[start : start + 2000]
                    for qs in (
                        Member.history.filter(household_id__in=chunk),
                        Member.objects.filter(household_id__in=chunk),
                        Household.history.filter(id__in=chunk),
                        Household.objects.filter(pk__in=chunk),
                    ):
                        qs._raw_delete(qs.db)
        except IntegrityError as exc:
            raise CommandError(
                "Other records (reviews, decisions…) refer to the demo households; "
                "recreate the database instead of --reset."
            ) from exc
