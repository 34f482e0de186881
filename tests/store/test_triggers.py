"""Derived data kept by SQL triggers: last-touch columns and the FTS5 search index."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sam_tui.store import db, migrations, triggers

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def _account(tx: db.Tx, name: str, **extra: object) -> int:
    row = {"name": name, "name_key": name.casefold(), "tier": "key", "status": "active"}
    return tx.insert("account", {**row, "archived": False, **extra})


def _touch(tx: db.Tx, account: int, when: str, contact: int | None = None, text: str = "x") -> int:
    return tx.insert(
        "interaction",
        {
            "account_id": account,
            "contact_id": contact,
            "occurred_at": datetime.fromisoformat(when),
            "summary": text,
            "channel": "call",
            "direction": "out",
            "sentiment": 0,
        },
    )


def _last(conn: sqlite3.Connection, table: str, row_id: int) -> str | None:
    value: str | None = conn.execute(
        f"SELECT last_touch_at FROM {table} WHERE id = ?", (row_id,)
    ).fetchone()[0]
    return value


def _search(conn: sqlite3.Connection, query: str) -> list[int]:
    return [
        r[0]
        for r in conn.execute(
            "SELECT rowid FROM search_index WHERE search_index MATCH ? ORDER BY rowid", (query,)
        )
    ]


def test_last_touch_follows_inserts_edits_and_deletes(conn: sqlite3.Connection) -> None:
    with db.write(conn, "test", NOW) as tx:
        acme = _account(tx, "Acme")
        globex = _account(tx, "Globex")
        ann = tx.insert("contact", {"account_id": acme, "name": "Ann", "archived": False})
    assert _last(conn, "account", acme) is None

    with db.write(conn, "test", NOW) as tx:
        newest = _touch(tx, acme, "2026-11-20T10:00:00+00:00", ann)
        _touch(tx, acme, "2026-11-01T10:00:00+00:00")  # logged late: must not move it back
    assert _last(conn, "account", acme) == "2026-11-20T10:00:00Z"
    assert _last(conn, "contact", ann) == "2026-11-20T10:00:00Z"

    with db.write(conn, "test", NOW) as tx:
        tx.update("interaction", newest, {"account_id": globex, "contact_id": None})
    assert _last(conn, "account", acme) == "2026-11-01T10:00:00Z"
    assert _last(conn, "account", globex) == "2026-11-20T10:00:00Z"
    assert _last(conn, "contact", ann) is None

    conn.execute("DELETE FROM interaction WHERE id = ?", (newest,))
    assert _last(conn, "account", globex) is None


def test_search_index_follows_every_write(conn: sqlite3.Connection) -> None:
    with db.write(conn, "test", NOW) as tx:
        acme = _account(tx, "Société Générale", notes="pilot in Lyon")
        note = _touch(tx, acme, "2026-11-20T10:00:00+00:00", text="Müller signed the NDA")
    code = triggers.SEARCH_SOURCES
    account_row = acme * triggers.SEARCH_KINDS + code["account"][0]
    note_row = note * triggers.SEARCH_KINDS + code["interaction"][0]
    assert _search(conn, "societe") == [account_row]  # accents folded
    assert _search(conn, "lyon") == [account_row]
    assert _search(conn, "muller") == [note_row]

    with db.write(conn, "test", NOW) as tx:
        tx.update("account", acme, {"name": "SocGen"})
        tx.update("interaction", note, {"summary": "NDA countersigned"})
    assert _search(conn, "societe") == []
    assert _search(conn, "socgen") == [account_row]
    assert _search(conn, "muller") == []
    assert _search(conn, "countersigned") == [note_row]

    conn.execute("DELETE FROM interaction WHERE id = ?", (note,))
    assert _search(conn, "countersigned") == []
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.execute("INSERT INTO search_index (search_index) VALUES ('integrity-check')")


def _v1_database(path: Path) -> None:
    """A file as the released v1 left it (only the first migration applied)."""
    raw = sqlite3.connect(path, isolation_level=None)
    for statement in db._statements(migrations.MIGRATIONS[0][1]):
        raw.execute(statement)
    raw.execute("PRAGMA user_version = 1")
    raw.execute(f"PRAGMA application_id = {migrations.APPLICATION_ID}")
    raw.executescript(
        """
        INSERT INTO account (id, name, name_key, tier, status, archived, created_at, updated_at)
        VALUES (1, 'Müller GmbH', 'müller gmbh', 'key', 'active', 0, '2026-01-01T00:00:00Z',
                '2026-01-01T00:00:00Z');
        INSERT INTO contact (id, account_id, name, archived, created_at, updated_at)
        VALUES (1, 1, 'Jörg', 0, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
        INSERT INTO interaction (account_id, contact_id, occurred_at, channel, direction,
                                 summary, sentiment, created_at)
        VALUES (1, 1, '2026-10-02T08:00:00Z', 'call', 'out', 'renewal terms', 0,
                '2026-10-02T08:00:00Z'),
               (1, NULL, '2026-11-02T08:00:00Z', 'email', 'out', 'sent the quote', 0,
                '2026-11-02T08:00:00Z');
        """
    )
    raw.close()


def test_upgrade_from_v1_fills_the_derived_data(db_path: Path) -> None:
    _v1_database(db_path)
    conn = db.connect(db_path)
    try:
        assert db.schema_version(conn) == migrations.LATEST_VERSION
        assert _last(conn, "account", 1) == "2026-11-02T08:00:00Z"
        assert _last(conn, "contact", 1) == "2026-10-02T08:00:00Z"
        assert _search(conn, "muller") == [1 * triggers.SEARCH_KINDS + 1]
        assert len(_search(conn, "quote OR terms")) == 2
        assert _search(conn, "jorg") == [1 * triggers.SEARCH_KINDS + 2]
    finally:
        conn.close()
    assert db_path.with_name(f"{db_path.name}.v1.bak").exists()
