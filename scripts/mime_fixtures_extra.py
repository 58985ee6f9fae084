"""Binary fixture builders for scripts/mime-fixtures.py (TNEF, mbox)."""


def fixtures():
    return {}
