"""Funding: sources, the program's funding lines, allocations to households and
disbursements."""

from __future__ import annotations

# Policy-bank loans and the Fund for the Poor live in funding/loans/models.py; importing
# them here registers them with Django (app label funding).
from funding.loans import models as loans_models  # noqa: F401
