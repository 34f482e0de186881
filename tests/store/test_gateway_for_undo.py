"""What undo and backups need from the gateway: logged deletes, exact restores, keyed rows,
a hook before the first write, and copies that never overwrite or linger half-written."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from sam_tui.domain.errors import NotFound
from sam_tui.store import db

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def _account(tx: db.Tx, name: str = "Acme") -> int:
    return tx.insert(
        "account",
        {
            "name": name,
            "name_key": name.casefold(),
            "tier": "key",
            "status": "active",
            "archived": False,
        },
    )


def _log(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    return conn.execute("SELECT * FROM change_log ORDER BY id").fetchall()


def test_delete_removes_the_row_and_logs_all_of_it(conn: sqlite3.Connection) -> None:
    with db.write(conn, "add", NOW) as tx:
        acme = _account(tx)
    whole = dict(conn.execute("SELECT * FROM account WHERE id = ?", (acme,)).fetchone())
    with db.write(conn, "remove", NOW) as tx:
        assert tx.delete("account", acme) == whole
    assert conn.execute("SELECT count(*) FROM account").fetchone()[0] == 0
    last = _log(conn)[-1]
    assert (last["entity"], last["entity_id"], last["action"]) == ("account", acme, "delete")
    assert json.loads(last["before"]) == whole and last["after"] is None


def test_delete_of_a_missing_row_is_not_found_and_writes_nothing(
    conn: sqlite3.Connection,
) -> None:
    with pytest.raises(NotFound, match="#9"), db.write(conn, "remove", NOW) as tx:
        _account(tx)
        tx.delete("account", 9)
    assert _log(conn) == []


def test_delete_of_a_row_still_referenced_fails_and_rolls_back(conn: sqlite3.Connection) -> None:
    with db.write(conn, "add", NOW) as tx:
        acme = _account(tx)
        tx.insert("contact", {"account_id": acme, "name": "Jane", "archived": False})
    with pytest.raises(sqlite3.IntegrityError), db.write(conn, "remove", NOW) as tx:
        tx.delete("account", acme)
    assert conn.execute("SELECT count(*) FROM account").fetchone()[0] == 1
    assert len(_log(conn)) == 2


def test_update_without_touch_puts_back_exactly_the_values_given(
    conn: sqlite3.Connection,
) -> None:
    with db.write(conn, "add", NOW) as tx:
        acme = _account(tx)
    later = NOW + timedelta(days=3)
    with db.write(conn, "undo", later) as tx:
        tx.update("account", acme, {"tier": "growth"}, touch=False)
    row = conn.execute("SELECT tier, updated_at FROM account").fetchone()
    assert tuple(row) == ("growth", db.ts(NOW))  # not stamped with the undo's time
    assert json.loads(_log(conn)[-1]["after"]) == {"tier": "growth"}


def test_a_row_keyed_by_name_is_updated_by_rowid_and_named_in_the_log(
    conn: sqlite3.Connection,
) -> None:
    with db.write(conn, "set", NOW) as tx:
        rowid = tx.insert("setting", {"key": "backup.keep", "value": "7"})
    with db.write(conn, "set", NOW) as tx:
        tx.update("setting", rowid, {"value": "3"})
    assert conn.execute("SELECT value FROM setting").fetchone()[0] == "3"
    created, updated = _log(conn)
    assert json.loads(created["after"]) == {"key": "backup.keep", "value": "7"}
    assert json.loads(updated["before"]) == {"key": "backup.keep", "value": "7"}
    assert json.loads(updated["after"]) == {"key": "backup.keep", "value": "3"}
    assert db.key_column("setting") == "rowid" and db.key_column("account") == "id"


def test_the_before_write_hook_runs_once_before_the_first_write(db_path: Path) -> None:
    seen: list[bool] = []

    def hook(conn: sqlite3.Connection) -> None:
        seen.append(conn.in_transaction)

    conn = db.connect(db_path, before_write=hook)
    try:
        with db.read(conn):
            conn.execute("SELECT count(*) FROM account").fetchone()
        assert seen == []  # reading never triggers it
        for name in ("A", "B"):
            with db.write(conn, "add", NOW) as tx:
                _account(tx, name)
    finally:
        conn.close()
    assert seen == [False]  # once, outside any transaction


def test_copy_to_refuses_an_existing_file(conn: sqlite3.Connection, tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    target.write_bytes(b"keep me")
    with pytest.raises(FileExistsError):
        db.copy_to(conn, target)
    assert target.read_bytes() == b"keep me"


def test_a_copy_is_one_self_contained_file(conn: sqlite3.Connection, tmp_path: Path) -> None:
    with db.write(conn, "add", NOW) as tx:
        _account(tx)
    target = tmp_path / "copy.db"
    db.copy_to(conn, target)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("copy")) == ["copy.db"]
    copy = sqlite3.connect(target)
    try:
        assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert copy.execute("SELECT name FROM account").fetchall() == [("Acme",)]
    finally:
        copy.close()


def test_a_failed_copy_leaves_no_file(
    conn: sqlite3.Connection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "copy.db"
    real_connect = sqlite3.connect

    class Full(sqlite3.Connection):
        def execute(self, sql: str, *args: object) -> sqlite3.Cursor:  # type: ignore[override]
            if "journal_mode" in sql:
                raise sqlite3.OperationalError("database or disk is full")
            return super().execute(sql, *args)  # type: ignore[arg-type]

    def connect(path: object, **kwargs: object) -> sqlite3.Connection:
        return real_connect(path, factory=Full, **kwargs)  # type: ignore[arg-type,call-overload]

    monkeypatch.setattr(db.sqlite3, "connect", connect)
    with pytest.raises(sqlite3.OperationalError, match="full"):
        db.copy_to(conn, target)
    assert not target.exists()
