"""Helpers of the review-results import tests: a workbook of result rows, upload."""

from __future__ import annotations

from typing import Any

from households.imports import engine
from tests.households.imports import upload, workbook

HEADERS = [
    "Mã hộ",
    "Thu nhập bình quân (đồng/người/tháng)",
    "Điểm A",
    *(f"CS{n}" for n in range(1, 13)),
    "Nguyên nhân nghèo",
    "Nhóm hộ",
    "Ghi chú",
]


def result_row(
    code: str,
    income: Any = None,
    *,
    score: Any = None,
    deprived: tuple[str, ...] = (),
    cause: Any = None,
    group: Any = None,
    notes: Any = None,
    mark: str = "x",
) -> list[Any]:
    return [
        code,
        income,
        score,
        *(mark if str(n) in deprived else None for n in range(1, 13)),
        cause,
        group,
        notes,
    ]


def review_batch(
    user: Any,
    campaign: Any,
    rows: list[list[Any]],
    *,
    headers: list[str] | None = None,
    name: str = "ket-qua.xlsx",
) -> Any:
    """A batch of ``user`` for ``campaign``, uploaded and previewed (inline)."""
    data = workbook(rows, headers=headers or HEADERS)
    file = upload(data, name)
    return engine.upload(user=user, kind="reviews", file=file, target=str(campaign.pk))


def confirm(user: Any, batch: Any, mode: str = "all") -> Any:
    return engine.confirm(user=user, batch=batch, mode=mode)
