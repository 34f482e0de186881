"""What the shell offers on TAB: account and contact names, and the ids of open records.

Read-only and small (a prefix, a limit): it runs on every TAB press.
"""

from __future__ import annotations

import sqlite3

from sam_tui.domain.enums import OPEN_STAGES
from sam_tui.domain.refs import name_key
from sam_tui.store.sql import one_of

LIMIT = 40
_MAX_CHAR = "\U0010ffff"  # the highest code point: the end of a prefix range


def account_names(conn: sqlite3.Connection, prefix: str) -> list[tuple[str, str]]:
    """(name, what it is) of live accounts whose name starts with ``prefix`` (any case)."""
    key = name_key(prefix)
    rows = conn.execute(
        """SELECT name, tier, status FROM account
            WHERE archived = 0 AND name_key >= ? AND name_key < ?
            ORDER BY name_key LIMIT ?""",
        (key, key + _MAX_CHAR, LIMIT),
    )
    return [(r["name"], f"{r['tier']} {r['status']}") for r in rows]


def contact_names(
    conn: sqlite3.Connection, prefix: str, account: str | None = None
) -> list[tuple[str, str]]:
    """(name, account) of live contacts (of ``account``, as `sam` reads it, when given)."""
    scope, params = "", []
    if account:
        from sam_tui.domain.errors import SamError
        from sam_tui.services.accounts import find

        try:
            scope, params = " AND a.id = ?", [find(conn, account).id]
        except SamError:  # not an account (yet): every contact is a candidate
            pass
    rows = conn.execute(
        f"""SELECT c.name, a.name AS account FROM contact c JOIN account a ON a.id = c.account_id
             WHERE c.archived = 0 AND a.archived = 0 AND c.name LIKE ? ESCAPE '\\'{scope}
             ORDER BY c.name COLLATE NOCASE LIMIT ?""",
        [_like(prefix), *params, LIMIT],
    )
    return [(r["name"], r["account"]) for r in rows]


def _like(prefix: str) -> str:
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


_OPEN_STAGE, _OPEN_STAGE_VALUES = one_of("d.stage", OPEN_STAGES)
# kind -> the open records' query (id, what) and the values it binds; the prefix is on the
# id's digits
_BINDS = {"deal": _OPEN_STAGE_VALUES}
_OPEN = {
    "follow-up": (
        "SELECT f.id, a.name || ': ' || f.title || ' (due ' || f.due_date || ')' AS what "
        "FROM follow_up f JOIN account a ON a.id = f.account_id WHERE f.status = 'open'"
    ),
    "complaint": (
        "SELECT k.id, a.name || ': ' || k.title || ' (' || k.severity || ')' AS what "
        "FROM complaint k JOIN account a ON a.id = k.account_id WHERE k.status <> 'resolved'"
    ),
    "deal": (
        "SELECT d.id, a.name || ': ' || d.name || ' (' || d.stage || ')' AS what "
        "FROM deal d JOIN account a ON a.id = d.account_id "
        f"WHERE {_OPEN_STAGE}"
    ),
    "request": (
        "SELECT r.id, a.name || ': ' || r.team || ', ' || r.ask AS what "
        "FROM internal_request r JOIN account a ON a.id = r.account_id WHERE r.status <> 'done'"
    ),
    "idea": (
        "SELECT i.id, a.name || ': ' || i.title AS what "
        "FROM idea i JOIN account a ON a.id = i.account_id WHERE i.status <> 'converted'"
    ),
}


def open_ids(conn: sqlite3.Connection, kind: str, prefix: str) -> list[tuple[str, str]]:
    """(id, what it is) of open records of ``kind`` whose id starts with ``prefix``."""
    digits = prefix.lstrip("#")
    if digits and not digits.isdigit():
        return []
    rows = conn.execute(
        f"SELECT * FROM ({_OPEN[kind]}) WHERE CAST(id AS TEXT) LIKE ? ORDER BY id DESC LIMIT ?",
        (*_BINDS.get(kind, ()), digits + "%", LIMIT),
    )
    return [(str(r["id"]), " ".join(str(r["what"]).split())) for r in rows]
