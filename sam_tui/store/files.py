"""Whole-file facts for backups and restore: what a sam file holds and whether it checks out.

Read-only queries over any sam file, ours or a backup opened read-only. Stdlib only:
the daily backup runs them on ``sam log``'s path.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from sam_tui.store import db


def table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Rows in every table of the file (virtual tables are counted through their own
    shadow tables)."""
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name"
        )
    ]
    return {n: int(conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0]) for n in names}


def last_change(conn: sqlite3.Connection) -> datetime | None:
    """When the newest change recorded in the file was made."""
    stamp = conn.execute("SELECT max(at) FROM change_log").fetchone()[0]
    return None if stamp is None else db.parse_ts(stamp)


def problems(conn: sqlite3.Connection, *, thorough: bool) -> list[str]:
    """SQLite's own check of the file: ``["ok"]``, or up to five problems.

    ``thorough`` runs ``integrity_check`` (every index against its table); otherwise
    ``quick_check`` (the file's structure), about eight times faster.
    """
    check = "integrity_check" if thorough else "quick_check"
    return [r[0] for r in conn.execute(f"PRAGMA {check}(5)")]


def is_demo(conn: sqlite3.Connection) -> bool:
    """Whether the file is a demo portfolio (the marker ``sam_tui.demo.fill`` leaves)."""
    row = conn.execute("SELECT value FROM setting WHERE key = 'demo'").fetchone()
    return row is not None and row[0] == "1"


def is_blank(conn: sqlite3.Connection) -> bool:
    """No account and no change yet: nothing worth a copy."""
    return bool(
        conn.execute(
            "SELECT NOT EXISTS (SELECT 1 FROM account) AND NOT EXISTS (SELECT 1 FROM change_log)"
        ).fetchone()[0]
    )
