"""Hypothesis profiles for the fuzz tests.

``ci`` (default): few examples, derandomised, no example database — fast and the same on
every run. ``long``: many more examples, for a local hunt (``HYPOTHESIS_PROFILE=long``).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

COMMON = {
    "deadline": None,
    "database": None,
    "derandomize": True,
    "print_blob": True,
    # Each example runs inside a savepoint that is rolled back; the page fixtures are built
    # once per test, outside the examples, so sharing them between examples is intended.
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
}
settings.register_profile("ci", max_examples=8, **COMMON)
settings.register_profile("long", max_examples=300, **{**COMMON, "derandomize": False})
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# The review and program fixtures, for the pages that need them.
from tests.reviews.conftest import campaign, review_kp1, standard_2022  # noqa: E402, F401
from tests.targets.conftest import plan  # noqa: E402, F401
