"""Policy-bank (NHCSXH) loans to households and the Fund for the Poor's ledger."""
