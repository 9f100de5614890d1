"""Demo helpers: people of several organisations, assignments that cover the demo's poor
and near-poor households of each year (with one deliberate gap today), and a season of
support logs. Run by ``seed_demo`` after the review history; idempotent."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from django.db.models import Q
from django.utils import timezone

from assignments.models import Assignment, Organisation, Person, SupportLog
from assignments.selectors import poor_households_on
from households.models import Area, Household
from households.reviews.models import Decision
from tannkhai.models import User

# short name of the seed's organisations → kind
KINDS = {
    "MTTQ": Organisation.Kind.FATHERLAND_FRONT,
    "HND": Organisation.Kind.FARMERS,
    "Hội LHPN": Organisation.Kind.WOMEN,
    "Đoàn TN": Organisation.Kind.YOUTH,
    "Hội CCB": Organisation.Kind.VETERANS,
    "CĐ": Organisation.Kind.TRADE_UNION,
}
EXTRA_ORGANISATIONS = (
    ("Đảng ủy xã Tân Khai", "Đảng ủy", Organisation.Kind.PARTY_COMMITTEE),
    ("Văn phòng HĐND và UBND xã", "VP UBND", Organisation.Kind.COMMUNE_OFFICE),
    ("Ngân hàng Chính sách xã hội, phòng giao dịch Hớn Quản", "NHCSXH", Organisation.Kind.BANK),
    ("Công ty TNHH Chế biến nông sản Minh Hưng", "Cty Minh Hưng", Organisation.Kind.BUSINESS),
)
# full name, title, organisation short names, party member
PEOPLE = (
    ("Nguyễn Thanh Bình", "Bí thư Đảng ủy", ("Đảng ủy",), True),
    ("Trần Thị Mỹ Dung", "Phó Bí thư Đảng ủy", ("Đảng ủy",), True),
    ("Lê Văn Sơn", "Chủ tịch Ủy ban MTTQ xã", ("MTTQ", "Đảng ủy"), True),
    ("Phạm Thị Hồng", "Chủ tịch Hội LHPN", ("Hội LHPN", "Đảng ủy"), True),
    ("Võ Minh Tuấn", "Bí thư Đoàn Thanh niên", ("Đoàn TN", "Đảng ủy"), True),
    ("Huỳnh Văn Lộc", "Chủ tịch Hội CCB", ("Hội CCB", "Đảng ủy"), True),
    ("Đỗ Thị Thanh", "Chủ tịch Công đoàn", ("CĐ",), True),
    ("Ngô Văn Hải", "Chủ tịch Hội Nông dân", ("HND", "Đảng ủy"), True),
    ("Bùi Thị Ngọc Ánh", "Công chức Văn phòng – Thống kê", ("VP UBND", "Đảng ủy"), True),
    ("Dương Văn Khánh", "Công chức Địa chính – xây dựng", ("VP UBND", "Đảng ủy"), True),
    ("Lý Thị Kim Oanh", "Hội viên Hội LHPN", ("Hội LHPN",), False),
    ("Trịnh Văn Phát", "Hội viên Hội Nông dân", ("HND",), False),
    ("Châu Thị Bích", "Đoàn viên", ("Đoàn TN",), False),
    ("Mai Văn Tâm", "Hội viên Hội CCB", ("Hội CCB",), True),
    ("Tạ Minh Nhật", "Cán bộ tín dụng", ("NHCSXH",), False),
    ("Hồ Thị Thu Trang", "Đảng viên chi bộ Khu phố 3", ("Đảng ủy",), True),
    ("Lâm Văn Đức", "Đảng viên chi bộ Ấp Đồng Nơ", ("Đảng ủy",), True),
    # No assignment: the coverage page lists party members without a poor household.
    ("Kiều Văn Thành", "Đảng viên chi bộ Khu phố 6", ("Đảng ủy",), True),
)
ORG_MEMBER_LOGIN = "hoinongdan"
NOTES = {
    SupportLog.Kind.VISIT: "Thăm hỏi, nắm tình hình sản xuất, đời sống của hộ.",
    SupportLog.Kind.PERSUASION: "Vận động hộ đăng ký thoát nghèo, cho con đi học đầy đủ.",
    SupportLog.Kind.PRODUCTION: "Hướng dẫn kỹ thuật chăn nuôi bò, làm chuồng trại.",
    SupportLog.Kind.MATERIAL: "Tặng gạo, nhu yếu phẩm.",
    SupportLog.Kind.JOB: "Giới thiệu việc làm tại khu công nghiệp Minh Hưng.",
    SupportLog.Kind.PAPERWORK: "Hướng dẫn làm hồ sơ vay vốn Ngân hàng CSXH.",
}


def _organisations(commune: Area) -> dict[str, Organisation]:
    for short, kind in KINDS.items():
        Organisation.objects.filter(commune=commune, short_name=short).update(kind=kind)
    for name, short, kind in EXTRA_ORGANISATIONS:
        Organisation.objects.get_or_create(
            commune=commune, name=name, defaults={"short_name": short, "kind": kind}
        )
    return {o.short_name: o for o in Organisation.objects.filter(commune=commune)}


def _people(commune: Area, organisations: dict[str, Organisation]) -> list[Person]:
    people = []
    for name, title, orgs, party in PEOPLE:
        person = Person.objects.create(
            commune=commune, full_name=name, title=title, is_party_member=party
        )
        person.organisations.set([organisations[o] for o in orgs if o in organisations])
        people.append(person)
    return people


def _login_person(commune: Area, organisations: dict[str, Organisation]) -> Person | None:
    user = User.objects.filter(username=ORG_MEMBER_LOGIN).first()
    if user is None:
        return None
    person = Person.objects.filter(user=user).first()
    if person is None:
        person = Person.objects.create(
            commune=commune,
            full_name=user.full_name or user.username,
            title="Hội viên Hội Nông dân",
            phone="0912 345 678",
            user=user,
        )
        if "HND" in organisations:
            person.organisations.add(organisations["HND"])
    return person


def _listed_periods(commune: Area) -> dict[int, list[tuple[dt.date, dt.date | None]]]:
    """Per household, the periods it was on the poor or near-poor list, from the days the
    commune's recognition decisions were signed."""
    days = sorted(
        set(
            Decision.objects.filter(
                campaign__reviews__household__commune=commune, status=Decision.Status.APPROVED
            ).values_list("signed_on", flat=True)
        )
    )
    households = Household.objects.filter(commune=commune)
    periods: dict[int, list[tuple[dt.date, dt.date | None]]] = defaultdict(list)
    open_since: dict[int, dt.date] = {}
    for day in days:
        listed = set(poor_households_on(households, day).values_list("pk", flat=True))
        for hid in listed - set(open_since):
            open_since[hid] = day
        for hid in set(open_since) - listed:
            periods[hid].append((open_since.pop(hid), day - dt.timedelta(days=1)))
    for hid, since in open_since.items():
        periods[hid].append((since, None))
    return periods


def seed_assignments(*, commune: Area, officer: User, seed: int) -> int:
    """Create the demo's helpers, assignments and support logs once; returns assignments."""
    if Person.objects.filter(commune=commune, user__isnull=True).exists():
        return 0
    rng = random.Random(seed + 10)
    today = timezone.localdate()
    organisations = _organisations(commune)
    people = _people(commune, organisations)
    helpers = people[:-1]  # the last party member is left without a household on purpose
    login_person = _login_person(commune, organisations)
    periods = _listed_periods(commune)
    listed_now = sorted(hid for hid, spans in periods.items() if spans[-1][1] is None)
    # One deliberate gap: the first household on today's lists has nobody assigned.
    gap = listed_now[0] if listed_now else None
    login_quarters = set(
        Area.objects.filter(code__in=[f"{commune.code}.KP1", f"{commune.code}.KP3"]).values_list(
            "pk", flat=True
        )
    )
    quarter_of = dict(Household.objects.filter(pk__in=list(periods)).values_list("pk", "quarter"))
    login_count = 0
    rows: list[Assignment] = []
    for index, hid in enumerate(sorted(periods)):
        for start, end in periods[hid]:
            if hid == gap and end is None:
                continue
            if (
                login_person is not None
                and end is None
                and quarter_of.get(hid) in login_quarters
                and login_count < 4
            ):
                person = login_person
                login_count += 1
            else:
                person = helpers[index % len(helpers)]
            organisation = person.organisations.first()
            rows.append(
                Assignment(
                    household_id=hid,
                    person=person,
                    organisation=organisation,
                    started_on=start,
                    ended_on=end,
                    end_reason="Hộ thoát nghèo, cận nghèo" if end else "",
                    aim_year=min(start.year + 2, 2030),
                    commitment_signed_on=start,
                    commitment_text=(
                        "Cam kết thường xuyên thăm hỏi, hướng dẫn, giúp đỡ hộ phát triển sản "
                        "xuất, vươn lên thoát nghèo bền vững."
                    ),
                    created_by=officer,
                )
            )
    if login_person is not None and login_count == 0:
        # No listed household in the login's quarters: help a few households there anyway.
        for hid in (
            Household.objects.filter(quarter__in=login_quarters, status=Household.Status.ACTIVE)
            .order_by("code")
            .values_list("pk", flat=True)[:3]
        ):
            rows.append(
                Assignment(
                    household_id=hid,
                    person=login_person,
                    organisation=login_person.organisations.first(),
                    started_on=dt.date(2025, 9, 1),
                    note="Hướng dẫn, hỗ trợ hộ phát triển sản xuất.",
                    created_by=officer,
                )
            )
    created = Assignment.objects.bulk_create(rows)
    _support_logs(created, officer=officer, today=today, rng=rng)
    return len(created)


def _support_logs(
    assignments: list[Assignment], *, officer: User, today: dt.date, rng: random.Random
) -> None:
    """A season (the last four months) of visits and support for the running assignments,
    and a few entries for the ended ones."""
    kinds = list(SupportLog.Kind)
    logs: list[SupportLog] = []
    for assignment in assignments:
        end = assignment.ended_on or today
        season_start = max(assignment.started_on, end - dt.timedelta(days=120))
        span = (end - season_start).days
        if span < 0:
            continue
        for _ in range(rng.randint(2, 5) if assignment.ended_on is None else rng.randint(1, 2)):
            kind = rng.choice(kinds) if rng.random() < 0.6 else SupportLog.Kind.VISIT
            value, form = 0, SupportLog.Form.NONE
            if kind == SupportLog.Kind.MATERIAL:
                value, form = (
                    rng.choice((300_000, 500_000, 1_000_000, 2_000_000)),
                    (SupportLog.Form.IN_KIND),
                )
            elif kind == SupportLog.Kind.PRODUCTION and rng.random() < 0.3:
                value, form = 1_500_000, SupportLog.Form.MONEY
            logs.append(
                SupportLog(
                    assignment=assignment,
                    happened_on=season_start + dt.timedelta(days=rng.randint(0, span)),
                    kind=kind,
                    notes=NOTES[kind],
                    value=value,
                    value_form=form,
                    recorded_by=officer,
                )
            )
    SupportLog.objects.bulk_create(logs)


def delete_assignments(*, commune: Area) -> None:
    """Remove the commune's helpers' records (``seed_demo --reset``, DEBUG only)."""
    assignments = Assignment.objects.filter(Q(household__commune=commune))
    for qs in (
        SupportLog.history.filter(assignment_id__in=assignments.values("pk")),
        SupportLog.objects.filter(assignment__in=assignments),
        Assignment.history.filter(household_id__in=assignments.values("household_id")),
        assignments,
        Person.history.filter(commune_id=commune.pk),
    ):
        qs._raw_delete(qs.db)
    people = Person.objects.filter(commune=commune)
    Person.organisations.through.objects.filter(person__in=people).delete()
    people._raw_delete(people.db)
