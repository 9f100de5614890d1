"""Demo job placements and training enrolments for the plan's years, near its targets."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from households.models import Area, Household, Member
from tannkhai.formatting import fold
from tannkhai.models import User
from targets import plan_data
from targets.models import IndustrialPark, JobPlacement, TrainingEnrolment

JOB_TARGETS = {2022: 494, 2023: 507, 2024: 525, 2025: 530, 2026: 530}
TRAINING_TARGETS = {2022: 150, 2023: 150, 2024: 150, 2025: 150, 2026: 150}
EMPLOYERS = [
    "Công ty TNHH Cao su Tân Khai",
    "Công ty CP Chế biến Nông sản Hớn Quản",
    "Cơ sở may mặc Thanh Bình",
    "Trang trại Bò sữa Đồng Nơ",
    "Hợp tác xã Dưa lưới Tân Hiệp",
    "Công ty TNHH Gỗ Minh Phát",
]
PARK_EMPLOYERS = [
    "Công ty TNHH Sikiko",
    "Công ty CP Điện tử Việt Kiều",
    "Công ty TNHH Giày Minh Hưng",
]
OCCUPATIONS = [
    ("May công nghiệp", "Sơ cấp, 3 tháng"),
    ("Kỹ thuật chăn nuôi bò", "Dưới 3 tháng"),
    ("Trồng dưa lưới trong nhà màng", "Dưới 3 tháng"),
    ("Sửa chữa xe máy", "Sơ cấp, 3 tháng"),
    ("Điện dân dụng", "Sơ cấp, 3 tháng"),
    ("Kỹ thuật trồng cây ăn trái", "Dưới 3 tháng"),
    ("Cạo mủ cao su", "Dưới 3 tháng"),
    ("Hàn", "Trung cấp"),
]
CENTRE = "Trung tâm GDNN-GDTX huyện Hớn Quản"
EXPORT = [
    "Xuất khẩu lao động Nhật Bản",
    "Xuất khẩu lao động Hàn Quốc",
    "Xuất khẩu lao động Đài Loan",
]


def _day(rng: random.Random, year: int, until: dt.date) -> dt.date:
    end = min(dt.date(year, 12, 31), until)
    span = (end - dt.date(year, 1, 1)).days
    return dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, max(span, 0)))


def seed_results(*, commune: Area, officer: User, seed: int) -> tuple[int, int]:
    """Placements and enrolments for each year from 2022 to today; returns their numbers."""
    if JobPlacement.objects.filter(commune=commune).exists():
        return 0, 0
    rng = random.Random(seed)
    today = timezone.localdate()
    for name in plan_data.INDUSTRIAL_PARKS:
        IndustrialPark.objects.get_or_create(name=name)
    parks = list(IndustrialPark.objects.filter(name__in=plan_data.INDUSTRIAL_PARKS))
    workers = list(
        Member.objects.filter(
            is_active=True,
            household__commune=commune,
            household__status=Household.Status.ACTIVE,
            birth_year__lte=today.year - 18,
            birth_year__gte=today.year - 55,
        ).select_related("household", "household__quarter")
    )
    quarters = list(Area.objects.filter(parent=commune, kind=Area.Kind.QUARTER))
    placements: list[JobPlacement] = []
    enrolments: list[TrainingEnrolment] = []

    def who() -> dict[str, object]:
        if workers and rng.random() < 0.7:
            m = rng.choice(workers)
            return {
                "member": m,
                "household": m.household,
                "worker_name": m.full_name,
                "birth_year": m.birth_year,
                "quarter": m.household.quarter,
                "household_status": m.household.poverty_status,
            }
        surname = rng.choice(["Nguyễn", "Trần", "Lê", "Phạm", "Võ", "Huỳnh", "Điểu"])
        given = rng.choice(["Văn Hòa", "Thị Lan", "Minh Tuấn", "Thị Hồng", "Văn Đức", "Thanh Tâm"])
        return {
            "member": None,
            "household": None,
            "worker_name": f"{surname} {given}",
            "birth_year": rng.randint(today.year - 50, today.year - 18),
            "quarter": rng.choice(quarters),
            "household_status": "",
        }

    # Records fall inside the plan's period (placements outside a program are refused).
    for year in range(2022, min(today.year, plan_data.END_YEAR) + 1):
        share = 1.0 if year < today.year else (today.timetuple().tm_yday / 365) * 0.95
        for _ in range(int(JOB_TARGETS.get(year, 500) * rng.uniform(0.94, 1.05) * share)):
            kind = rng.choices(
                ["industrial_park", "local", "self_employed", "labour_export"], [45, 30, 15, 10]
            )[0]
            park = rng.choice(parks) if kind == "industrial_park" else None
            employer = {
                "industrial_park": rng.choice(PARK_EMPLOYERS),
                "local": rng.choice(EMPLOYERS),
                "self_employed": "Tự sản xuất, kinh doanh",
                "labour_export": rng.choice(EXPORT),
            }[kind]
            placements.append(
                JobPlacement(
                    commune=commune,
                    created_by=officer,
                    placed_on=_day(rng, year, today),
                    kind=kind,
                    industrial_park=park,
                    employer=employer,
                    channel=rng.choice(["job_fair", "consultation", "consultation", "other"]),
                    **who(),
                )
            )
        for _ in range(int(TRAINING_TARGETS[year] * rng.uniform(0.9, 1.08) * share)):
            start = _day(rng, year, today)
            occupation, course = rng.choice(OCCUPATIONS)
            end = start + dt.timedelta(days=rng.choice([45, 60, 90]))
            completed = end <= today and rng.random() < 0.92
            enrolments.append(
                TrainingEnrolment(
                    commune=commune,
                    created_by=officer,
                    occupation=occupation,
                    course=course,
                    centre=CENTRE,
                    start_date=start,
                    end_date=end,
                    completed=completed,
                    employed_after=completed and rng.random() < 0.7,
                    **who(),
                )
            )
    for record in [*placements, *enrolments]:
        record.worker_name_folded = fold(record.worker_name)  # bulk_create skips save()
    bulk_create_with_history(placements, JobPlacement, batch_size=1000, default_user=officer)
    bulk_create_with_history(enrolments, TrainingEnrolment, batch_size=1000, default_user=officer)
    return len(placements), len(enrolments)


def delete_results(*, commune: Area) -> None:
    """Remove the commune's placements and enrolments (``seed_demo --reset``)."""
    JobPlacement.objects.filter(commune=commune).delete()
    TrainingEnrolment.objects.filter(commune=commune).delete()
