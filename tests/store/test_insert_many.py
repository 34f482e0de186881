"""`Tx.insert_many`: the bulk path of imports leaves the rows and the change log `insert` leaves."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

from sam_tui.services import history
from sam_tui.store import db

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def _accounts(n: int, start: int = 0) -> list[dict[str, object]]:
    return [
        {
            "name": f"Account {i}",
            "name_key": f"account {i}",
            "tier": "key",
            "status": "active",
            "archived": i % 2 == 0,  # a bool, stored 0/1
            "renewal_date": date(2027, 1, 1 + i % 28) if i % 3 else None,
        }
        for i in range(start, start + n)
    ]


def _state(conn: sqlite3.Connection) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    rows = [tuple(r) for r in conn.execute("SELECT * FROM account ORDER BY id")]
    log = [
        tuple(r)
        for r in conn.execute(
            "SELECT entity, entity_id, action, before, after FROM change_log ORDER BY id"
        )
    ]
    return rows, log


def test_rows_and_their_log_are_those_of_insert_one_by_one(tmp_path: Path) -> None:
    one, many = db.connect(tmp_path / "one.db"), db.connect(tmp_path / "many.db")
    try:
        with db.write(one, "t", NOW) as tx:
            tx.insert("account", {**_accounts(1, 100)[0]})
            ids_one = [tx.insert("account", row) for row in _accounts(7)]
        with db.write(many, "t", NOW) as tx:
            tx.insert("account", {**_accounts(1, 100)[0]})
            ids_many = tx.insert_many("account", _accounts(7))
        assert ids_many == ids_one == list(range(2, 9))
        assert _state(many) == _state(one)
    finally:
        one.close()
        many.close()


def test_rows_with_different_columns_and_rows_with_ids_keep_their_order(tmp_path: Path) -> None:
    conn = db.connect(tmp_path / "sam.db")
    try:
        rows: list[dict[str, object]] = [*_accounts(2)]
        rows.append({**_accounts(1, 50)[0], "notes": "with notes"})
        rows.append({**_accounts(1, 60)[0], "id": 40})  # an id given: inserted as given
        rows.append(_accounts(1, 70)[0])
        with db.write(conn, "t", NOW) as tx:
            ids = tx.insert_many("account", rows)
            assert tx.insert_many("account", []) == []
        assert ids == [1, 2, 3, 40, 41]
        names = [r[0] for r in conn.execute("SELECT name FROM account ORDER BY id")]
        assert names == ["Account 0", "Account 1", "Account 50", "Account 60", "Account 70"]
        assert conn.execute("SELECT count(*) FROM change_log").fetchone()[0] == 5
    finally:
        conn.close()


def test_undo_takes_a_bulk_insert_back_as_one_command(tmp_path: Path) -> None:
    conn = db.connect(tmp_path / "sam.db")
    try:
        with db.write(conn, "import csv", NOW) as tx:
            tx.insert_many("account", _accounts(300))
        plan = history.undo(conn)
        assert plan.command == "import csv" and len(plan.steps) == 300
        assert conn.execute("SELECT count(*) FROM account").fetchone()[0] == 0
    finally:
        conn.close()
