"""Demo policy-bank loans and a Fund for the Poor ledger (``seed_demo``).

Loans go to poor and near-poor households of the former thị trấn Tân Khai: the plan's
two production loans of 2022–2023 (80.000.000 đ), one of them now overdue, one loan
repaid in full, and a few others. The Fund's book starts on 1/1/2025 and runs to today.
Everything goes through the services (so the balance rules hold) and is idempotent.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone

from funding.loans import services
from funding.loans.models import (
    FundDonation,
    FundSpending,
    LoanProgram,
    LoanRepayment,
    PolicyLoan,
    PoorFund,
    add_months,
)
from households.models import Area, Household, PovertyStatus
from households.reviews.models import Review
from households.selectors import quarters_as_they_stood
from tannkhai.models import User
from targets.models import Program

# (program, amount, months, rate %/month, disbursed, principal repaid by the schedule,
# savings group, purpose). ``None`` repaid: by equal instalments every 6 months.
LOANS = (
    (LoanProgram.POOR, 40_000_000, 60, "0.55", dt.date(2022, 3, 15), None, "Nuôi bò sinh sản"),
    (LoanProgram.NEAR_POOR, 40_000_000, 36, "0.66", dt.date(2023, 6, 10), "overdue", "Nuôi dê"),
    (LoanProgram.HOUSING, 30_000_000, 36, "0.25", dt.date(2021, 5, 5), "repaid", "Sửa nhà ở"),
    (
        LoanProgram.NEWLY_ESCAPED,
        30_000_000,
        36,
        "0.75",
        dt.date(2024, 9, 2),
        None,
        "Trồng dưa lưới",
    ),
    (LoanProgram.JOBS, 50_000_000, 60, "0.55", dt.date(2025, 2, 20), None, "Mở tiệm sửa xe máy"),
    (
        LoanProgram.WATER,
        20_000_000,
        60,
        "0.75",
        dt.date(2023, 4, 10),
        None,
        "Giếng khoan, nhà vệ sinh",
    ),
)
GROUPS = ("Tổ TK&VV Khu phố 1", "Tổ TK&VV Khu phố 2", "Tổ TK&VV Khu phố 3")
ORGS = ("farmers", "women", "veterans", "youth")

DONATIONS = (
    ("Công ty TNHH Cao su Tân Khai", "business", 20_000_000),
    ("Cán bộ, công chức UBND xã (một ngày lương)", "agency", 12_450_000),
    ("Hội Nông dân xã", "organisation", 3_000_000),
    ("Ông Nguyễn Văn Phước (Khu phố 2)", "individual", 2_000_000),
    ("Công ty CP Chế biến Nông sản Hớn Quản", "business", 10_000_000),
    ("Bà Trần Thị Mai (Việt kiều Mỹ)", "individual", 5_000_000),
    ("Trường THCS Tân Khai", "agency", 1_850_000),
    ("Nhà hảo tâm không nêu tên", "other", 1_000_000),
)
PURPOSES = (
    ("Quà Tết Nguyên đán cho hộ nghèo, cận nghèo", 15_000_000, 1, 20),
    ("Học bổng cho học sinh nghèo vượt khó", 6_000_000, 9, 5),
)


def _once_poor(commune: Area) -> Any:
    """Households of the commune recognised poor or near-poor by some review: the plan's
    borrowers (most have escaped since)."""
    reviewed = Review.objects.filter(
        status=Review.Status.RECOGNISED,
        result__in=[PovertyStatus.POOR, PovertyStatus.NEAR_POOR],
    ).values("household_id")
    return (
        Household.objects.filter(commune=commune, status=Household.Status.ACTIVE, pk__in=reviewed)
        .exclude(head=None)
        .select_related("head")
        .order_by("quarter__code", "code")
    )


def _former_town_households(commune: Area) -> list[Household]:
    """The once-poor households of the area the 2021–2025 plan covers (the former town)."""
    program = Program.objects.filter(commune=commune).exclude(area=None).first()
    households = _once_poor(commune)
    if program is not None and program.area is not None:
        households = households.filter(
            quarter__in=quarters_as_they_stood(program.area).values("pk")
        )
    return list(households)


def _seed_loans(*, commune: Area, officer: User, rng: random.Random, today: dt.date) -> int:
    households = _former_town_households(commune)
    if not households:
        return 0
    rng.shuffle(households)
    # The plan's two production loans of 2022–2023 (the funding line "vốn vay NHCSXH",
    # 2 × 40.000.000 đ) go to the households the line was allocated to.
    from funding.models import Allocation

    planned = [
        a.household
        for a in Allocation.objects.filter(
            household__commune=commune, line__category__code="vbsp_loan"
        )
        .select_related("household__head")
        .order_by("allocated_on", "pk")
    ]
    households = planned + [h for h in households if h not in planned]
    made = 0
    for (program, amount, months, rate, disbursed, plan, purpose), household in zip(
        LOANS, households, strict=False
    ):
        if disbursed > today:
            continue
        loan = services.loan_save(
            user=officer,
            household=household,
            borrower=household.head,  # type: ignore[arg-type]
            program=program,
            amount=amount,
            term_months=months,
            interest_rate=Decimal(rate),
            disbursed_on=disbursed,
            contract_number=f"{disbursed:%y}{made + 1:04d}/KƯ",
            savings_group=rng.choice(GROUPS),
            entrusted_organisation=rng.choice(ORGS),
            purpose=purpose,
        )
        made += 1
        due = add_months(disbursed, months)
        instalments = max(1, months // 6)
        share = amount // instalments // 100_000 * 100_000
        paid = 0
        for n in range(1, instalments + 1):
            day = add_months(disbursed, 6 * n)
            if day > today:
                break
            if plan == "overdue" and day > dt.date(2024, 12, 31):
                break  # stopped paying: past its due date with a balance
            principal = amount - paid if n == instalments else share
            if plan != "repaid" and day >= due:
                break
            rate_monthly = Decimal(rate) / 100
            interest = int((amount - paid) * rate_monthly * 6)
            services.repayment_record(
                user=officer,
                loan=PolicyLoan.objects.get(pk=loan.pk),
                paid_on=day,
                principal=principal,
                interest=interest,
                document_number=f"PT-{day:%y%m%d}-{loan.pk}",
            )
            paid += principal
    return made


def _seed_fund(*, commune: Area, officer: User, rng: random.Random, today: dt.date) -> int:
    opened = dt.date(2025, 1, 1)
    if today < opened:
        return 0
    services.fund_open(user=officer, commune=commune, opened_on=opened, opening_balance=38_500_000)
    poor = list(_once_poor(commune)[:40])
    records = 0
    for year in range(2025, today.year + 1):
        for index, (donor, kind, amount) in enumerate(DONATIONS):
            day = dt.date(year, 1 + index * 11 // len(DONATIONS), 5 + index)
            if day > today:
                continue
            services.donation_record(
                user=officer,
                commune=commune,
                donor_name=donor,
                donor_kind=kind,
                amount=amount + (year - 2025) * 500_000,
                received_on=day,
                receipt_number=f"{index + 1:03d}/{year}",
            )
            records += 1
        for purpose, amount, month, day_of_month in PURPOSES:
            day = dt.date(year, month, day_of_month)
            if day <= today:
                services.spending_record(
                    user=officer,
                    commune=commune,
                    purpose=purpose,
                    amount=amount,
                    spent_on=day,
                    decision_number=f"{month:02d}/QĐ-BVĐ-{year}",
                )
                records += 1
        for n, household in enumerate(rng.sample(poor, min(6, len(poor)))):
            day = dt.date(year, 3 + n, 12)
            if day > today:
                continue
            services.spending_record(
                user=officer,
                commune=commune,
                household=household,
                purpose=rng.choice(
                    [
                        "Hỗ trợ mua thẻ bảo hiểm y tế",
                        "Hỗ trợ sửa chữa nhà ở",
                        "Hỗ trợ con giống (dê)",
                        "Thăm hỏi khi ốm đau",
                    ]
                ),
                amount=rng.choice([2_000_000, 3_000_000, 5_000_000]),
                spent_on=day,
                decision_number=f"{10 + n}/QĐ-BVĐ-{year}",
            )
            records += 1
    return records


def seed_loans_and_fund(*, commune: Area, officer: User, seed: int) -> tuple[int, int]:
    """Loans and the Fund's book, once: returns (loans, ledger records) made now."""
    rng = random.Random(seed)
    today = timezone.localdate()
    loans = 0
    if not PolicyLoan.objects.filter(household__commune=commune).exists():
        loans = _seed_loans(commune=commune, officer=officer, rng=rng, today=today)
    records = 0
    if not PoorFund.objects.filter(commune=commune).exists():
        records = _seed_fund(commune=commune, officer=officer, rng=rng, today=today)
    return loans, records


def delete_loans_and_fund(*, commune: Area) -> None:
    """Remove the commune's loans and Fund (``seed_demo --reset``)."""
    loans = PolicyLoan.objects.filter(household__commune=commune)
    LoanRepayment.objects.filter(loan__in=loans).delete()
    loans.delete()
    funds = PoorFund.objects.filter(commune=commune)
    FundSpending.objects.filter(Q(fund__in=funds) | Q(household__commune=commune)).delete()
    FundDonation.objects.filter(fund__in=funds).delete()
    funds.delete()
