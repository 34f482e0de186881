"""Periods as this database defines them: the fiscal year's first month (setting
``fiscal-year-start``, "1".."12", default 1 = calendar year)."""

from __future__ import annotations

import sqlite3

from sam_tui.domain.errors import InvalidInput

FISCAL_YEAR_START = "fiscal-year-start"


def fiscal_start(conn: sqlite3.Connection) -> int:
    """The month the fiscal year starts in; 1 when the setting is absent."""
    row = conn.execute("SELECT value FROM setting WHERE key = ?", (FISCAL_YEAR_START,)).fetchone()
    if row is None:
        return 1
    text = str(row[0]).strip()
    if not (text.isascii() and text.isdigit() and 1 <= int(text) <= 12):
        raise InvalidInput(
            f"the setting {FISCAL_YEAR_START} is '{text[:20]}'; it must be a month number 1-12"
        )
    return int(text)
