"""Periods as this database defines them: the fiscal year's first month (setting
``fiscal-year-start``, "1".."12", default 1 = calendar year), read through the settings
registry (``services.settings``), the one place that validates it."""

from __future__ import annotations

import sqlite3

from sam_tui.services import settings

FISCAL_YEAR_START = "fiscal-year-start"


def fiscal_start(conn: sqlite3.Connection) -> int:
    """The month the fiscal year starts in; 1 when the setting is absent."""
    return settings.fiscal_start(conn)
