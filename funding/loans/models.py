"""Policy-bank loans and the Fund for the Poor's ledger (app label funding)."""

from __future__ import annotations
