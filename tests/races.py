"""Run two service calls at the same time on two real database connections.

Each call runs in its own thread (Django gives each thread its own connection). Both
start together, and each one pauses just before its first write (the services call
``attribute`` right before saving) until the other one has reached the same point, or
for ``PAUSE`` seconds. Without row locks both calls have then read the old state and
both write: the race that lost updates and duplicated events. With the locks, the
second call waits on the first one's lock before it reads, so it never reaches the
pause; the first one writes after ``PAUSE``, commits, and the second reads the new
state and is refused.

Real row locks need PostgreSQL: on SQLite these tests are skipped (its ``BEGIN
IMMEDIATE`` transactions serialise writers, and the stale-state tests cover the checks).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass
from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")

# Mark a module of race tests with this: transactional (the threads must see committed
# rows), and skipped on SQLite.
postgres_races = [
    pytest.mark.skipif(
        not ON_POSTGRES,
        reason="needs real row locks and concurrent connections: PostgreSQL only "
        "(CI runs the suite again with DATABASE_URL)",
    ),
    pytest.mark.django_db(transaction=True),
]

PAUSE = 2.0
# Where the services stamp who made a change, right before they save.
WRITE_HOOKS = (
    "households.reviews.services.attribute",
    "households.services.attribute",
    "targets.services.attribute",
    "funding.services.attribute",
    "funding.loans.services.attribute",
)


@dataclass
class Outcome:
    value: Any = None
    refused: ValidationError | None = None
    error: BaseException | None = None

    @property
    def won(self) -> bool:
        return self.refused is None and self.error is None


@contextmanager
def _pause_before_first_write(barrier: threading.Barrier) -> Iterator[None]:
    from tannkhai.audit import attribute as real_attribute

    local = threading.local()

    def attribute(obj: Any, user: Any) -> None:
        if not getattr(local, "paused", False):
            local.paused = True
            with suppress(threading.BrokenBarrierError):
                barrier.wait(timeout=PAUSE)
        real_attribute(obj, user)

    with ExitStack() as stack:
        for hook in WRITE_HOOKS:
            stack.enter_context(mock.patch(hook, attribute))
        yield


def race(*calls: Callable[[], Any]) -> list[Outcome]:
    """Run ``calls`` at once, each on its own connection; their outcomes in order."""
    start = threading.Barrier(len(calls))
    before_write = threading.Barrier(len(calls))
    outcomes = [Outcome() for _ in calls]

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            start.wait(timeout=10)
            outcomes[index].value = call()
        except ValidationError as exc:
            outcomes[index].refused = exc
        except BaseException as exc:  # reported by the test, with its traceback
            outcomes[index].error = exc
        finally:
            connection.close()

    with _pause_before_first_write(before_write):
        threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    for outcome in outcomes:
        if outcome.error is not None:
            raise outcome.error
    return outcomes


def one_wins(outcomes: list[Outcome], refusal: str | Callable[[Any], str]) -> Outcome:
    """Exactly one call succeeded and the other was refused with ``refusal`` (or the
    message ``refusal`` gives for the winner's result)."""
    winners = [o for o in outcomes if o.won]
    losers = [o for o in outcomes if not o.won]
    assert len(winners) == 1, [o.refused and o.refused.messages for o in outcomes]
    assert len(losers) == 1
    assert losers[0].refused is not None
    expected = refusal(winners[0].value) if callable(refusal) else refusal
    assert losers[0].refused.messages == [expected]
    return winners[0]
