"""Plain helpers for the program tests: records, dashboard rows, row counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Model
from django.http import HttpResponse

from households.models import Area, Member
from tannkhai.models import User
from targets.models import (
    Indicator,
    IndustrialPark,
    JobPlacement,
    ManualResult,
    Program,
    TrainingEnrolment,
    YearlyTarget,
)

DASHBOARD = "/chuong-trinh/"
PLACEMENTS = "/chuong-trinh/viec-lam/"
PLACEMENT_CREATE = "/chuong-trinh/viec-lam/them/"
ENROLMENTS = "/chuong-trinh/dao-tao/"
ENROLMENT_CREATE = "/chuong-trinh/dao-tao/them/"
ESCAPED = "/chuong-trinh/thoat-ngheo/"
MEMBER_SEARCH = "/chuong-trinh/tim-nguoi/"


def placement_url(obj: JobPlacement) -> str:
    return f"/chuong-trinh/viec-lam/{obj.pk}/"


def enrolment_url(obj: TrainingEnrolment) -> str:
    return f"/chuong-trinh/dao-tao/{obj.pk}/"


def program_url(program: Program) -> str:
    return f"/chuong-trinh/ke-hoach/{program.pk}/"


def _worker(quarter: Area, member: Member | None, name: str) -> dict[str, Any]:
    if member is not None:
        household = member.household
        return {
            "commune": household.commune,
            "quarter": household.quarter,
            "member": member,
            "household": household,
            "worker_name": member.full_name,
            "birth_year": member.birth_year,
            "household_status": household.poverty_status,
        }
    assert quarter.parent is not None
    return {
        "commune": quarter.parent,
        "quarter": quarter,
        "worker_name": name,
        "birth_year": 1995,
    }


def place(
    quarter: Area,
    day: dt.date,
    *,
    member: Member | None = None,
    name: str = "Trần Văn Lao Động",
    kind: str = JobPlacement.Kind.LOCAL,
    user: User | None = None,
    **extra: Any,
) -> JobPlacement:
    """A job placement stored directly (the entry screens are tested separately)."""
    return JobPlacement.objects.create(
        **_worker(quarter, member, name),
        placed_on=day,
        kind=kind,
        channel=JobPlacement.Channel.CONSULTATION,
        created_by=user,
        **extra,
    )


def enrol(
    quarter: Area,
    day: dt.date,
    *,
    member: Member | None = None,
    name: str = "Lê Thị Học Nghề",
    user: User | None = None,
    **extra: Any,
) -> TrainingEnrolment:
    return TrainingEnrolment.objects.create(
        **_worker(quarter, member, name),
        start_date=day,
        occupation="May công nghiệp",
        created_by=user,
        **extra,
    )


def rows_by_code(response: HttpResponse) -> dict[str, dict[str, Any]]:
    """The dashboard's progress rows, by indicator code."""
    assert response.status_code == 200, response.status_code
    assert response.context is not None
    return {r["indicator"].code: r for r in response.context["rows"]}


def figure(response: HttpResponse, code: str) -> Any:
    return rows_by_code(response)[code]["result"].value


PLAN_MODELS: list[type[Model]] = [
    Program,
    Indicator,
    YearlyTarget,
    ManualResult,
    IndustrialPark,
    JobPlacement,
    TrainingEnrolment,
]


def plan_counts() -> dict[str, int]:
    """Row counts of the program tables and their history, to assert nothing changed."""
    out: dict[str, int] = {}
    for model in PLAN_MODELS:
        out[model.__name__] = model.objects.count()
        history = getattr(model, "history", None)
        if history is not None:
            out[f"{model.__name__}.history"] = history.model.objects.count()
    return out


def targets_snapshot(program: Program) -> dict[str, Any]:
    """Every yearly and period target of ``program``."""
    out: dict[str, Any] = {}
    for indicator in program.indicators.all():
        out[indicator.code] = indicator.period_target
        for t in indicator.targets.all():
            out[f"{indicator.code}-{t.year}"] = t.value
    return out
