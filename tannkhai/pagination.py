"""Pagination that never counts more rows than it can show.

``COUNT(*)`` over a million-row table is the slow part of a paginated list on
PostgreSQL. The count here is ``SELECT COUNT(*) FROM (… LIMIT cap + 1)``: exact up
to ``cap`` rows, "more than cap" beyond, and it costs the same whatever the
table's size. Pages past the cap are not offered; the user narrows the filter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from tannkhai.viewutils import parse_query_int


@dataclass
class CappedPage:
    number: int
    page_size: int
    count: int
    capped: bool
    object_list: list[Any] = field(default_factory=list)

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.count // self.page_size))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def start_index(self) -> int:
        return 0 if not self.object_list else (self.number - 1) * self.page_size + 1

    @property
    def end_index(self) -> int:
        return (self.number - 1) * self.page_size + len(self.object_list)

    def page_range(self) -> list[int | None]:
        """Page numbers around the current one, with ``None`` for gaps."""
        last = self.num_pages
        wanted = {1, last, *range(self.number - 2, self.number + 3)}
        pages = sorted(p for p in wanted if 1 <= p <= last)
        out: list[int | None] = []
        for p in pages:
            if out and out[-1] is not None and p - out[-1] > 1:  # type: ignore[operator]
                out.append(None)
            out.append(p)
        return out


def paginate(
    queryset: QuerySet[Any], *, page: str | int | None, page_size: int, cap: int
) -> CappedPage:
    count = queryset.order_by().values("pk")[: cap + 1].count()
    capped = count > cap
    count = min(count, cap)
    number = parse_query_int(str(page or ""), default=1, minimum=1)
    last = max(1, -(-count // page_size))
    number = min(number, last)
    offset = (number - 1) * page_size
    rows = list(queryset[offset : offset + page_size])
    return CappedPage(
        number=number, page_size=page_size, count=count, capped=capped, object_list=rows
    )
