"""Demo allocations and disbursements of the plan's 2022–2023 funding lines.

The five households that registered to escape poverty in 2022 (poor households of the
former town's quarters, see ``households.demo_history``) receive what their registered
needs ask for, through the services (so every rule holds): the eleven livelihood needs
(149.200.000 đ), the new house (80.000.000 đ state support + 20.800.000 đ counterpart),
the house repair (30.000.000 đ) and two policy-bank loans (80.000.000 đ) — 360.000.000 đ
allocated and disbursed, as the plan states.
"""

from __future__ import annotations

import datetime as dt

from funding import services
from funding.models import Allocation, Disbursement, FundingLine, FundingSource
from households.models import Area
from households.reviews.models import SupportNeed
from tannkhai.models import User
from targets.models import Program

# need type code → (line category, {source code: share}); shares are of the need's cost,
# the rest goes to the last source.
LINE_OF_NEED = {
    "new_house": ("new_house", ["central_ntp", "other"]),
    "house_repair": ("house_repair", ["commune_budget"]),
    "vbsp_loan": ("vbsp_loan", ["vbsp"]),
}
LIVELIHOOD_SOURCE = "central_ntp"


def seed_funding(*, commune: Area, officer: User) -> tuple[int, int]:
    """Allocate and disburse the 2022–2023 lines; returns (allocations, disbursements)."""
    program = Program.objects.filter(commune=commune, start_year__lte=2022, end_year__gte=2023)
    lines = {
        line.category.code: line
        for line in FundingLine.objects.filter(
            program__in=program, start_year=2022, end_year=2023
        ).select_related("category", "program__commune")
    }
    if not lines or Allocation.objects.filter(line__in=lines.values()).exists():
        return 0, 0
    sources = {s.code: s for s in FundingSource.objects.all()}
    needs = list(
        SupportNeed.objects.filter(
            registration__household__commune=commune, registration__year=2022
        )
        .select_related("need_type", "registration__household__quarter")
        .order_by("registration__household__code", "pk")
    )
    allocations = disbursements = 0
    for index, need in enumerate(needs):
        household = need.registration.household
        category, source_codes = LINE_OF_NEED.get(
            need.need_type.code, ("livelihood", [LIVELIHOOD_SOURCE])
        )
        line = lines.get(category)
        if line is None:
            continue
        cost = need.estimated_cost
        if category == "new_house" and line.cap_per_unit is not None:
            # State support up to the cap, the rest as counterpart funding.
            state = min(cost, line.cap_per_unit)
            parts = {sources["central_ntp"]: state, sources["other"]: cost - state}
        else:
            parts = {sources[source_codes[0]]: cost}
        allocated_on = dt.date(2022, 4, 1) + dt.timedelta(days=7 * (index % 20))
        allocation = services.allocation_create(
            user=officer,
            line=line,
            household=household,
            need=need,
            parts={s: a for s, a in parts.items() if a},
            allocated_on=allocated_on,
            note="Dữ liệu mẫu.",
        )
        allocations += 1
        for source, amount in parts.items():
            if not amount:
                continue
            # A house is paid in two tranches, the rest at once.
            tranches = [amount // 2, amount - amount // 2] if category == "new_house" else [amount]
            for n, tranche in enumerate(tranches):
                services.disbursement_create(
                    user=officer,
                    allocation=allocation,
                    source=source,
                    paid_on=allocated_on + dt.timedelta(days=14 + 60 * n),
                    amount=tranche,
                    document_number=f"PC-{allocated_on.year}-{allocation.pk:03d}-{n + 1}",
                )
                disbursements += 1
    return allocations, disbursements


def delete_funding(*, commune: Area) -> None:
    """Remove the commune's allocations and disbursements (``seed_demo --reset``)."""
    allocations = Allocation.objects.filter(household__commune=commune)
    Disbursement.objects.filter(allocation__in=allocations).delete()
    allocations.delete()
