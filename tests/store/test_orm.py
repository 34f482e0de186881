"""``store.orm``: SQLModel sessions obey the same SQLite rules as the stdlib gateway."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from sam_tui.domain.errors import DatabaseProblem
from sam_tui.store import db, migrations, models, orm

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


@pytest.fixture
def engine(db_path: Path) -> Iterator[Engine]:
    made = orm.make_engine(db_path)
    yield made
    made.dispose()


def _other(db_path: Path) -> sqlite3.Connection:
    return sqlite3.connect(db_path, isolation_level=None, timeout=0.1)


def _add_account(engine: Engine, name: str = "Acme") -> int:
    with orm.session(engine) as session:
        account = models.Account(
            name=name, name_key=name.casefold(), created_at=NOW, updated_at=NOW
        )
        session.add(account)
        session.commit()
        assert account.id is not None
        return account.id


def test_engine_migrates_a_new_file(engine: Engine, db_path: Path) -> None:
    raw = sqlite3.connect(db_path)
    try:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST_VERSION
        assert raw.execute("PRAGMA application_id").fetchone()[0] == migrations.APPLICATION_ID
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        raw.close()


def test_engine_refuses_a_foreign_file(db_path: Path) -> None:
    db_path.write_bytes(b"not a database at all" * 100)
    with pytest.raises(DatabaseProblem):
        orm.make_engine(db_path)


def test_session_connection_pragmas(engine: Engine) -> None:
    with orm.session(engine) as session:
        conn = session.connection()
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert int(conn.exec_driver_sql("PRAGMA busy_timeout").scalar() or 0) >= 5000
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_session_rejects_foreign_key_violations(engine: Engine) -> None:
    with orm.session(engine) as session:
        session.add(
            models.Interaction(account_id=4242, occurred_at=NOW, summary="ghost", created_at=NOW)
        )
        with pytest.raises(IntegrityError, match="FOREIGN KEY"):
            session.commit()


def test_session_transaction_begins_immediate(engine: Engine, db_path: Path) -> None:
    """Even a transaction that has only read holds the write lock (no BUSY_SNAPSHOT later)."""
    account_id = _add_account(engine)
    other = _other(db_path)
    try:
        with orm.session(engine) as session:
            assert session.get(models.Account, account_id) is not None  # a read only
            with pytest.raises(sqlite3.OperationalError, match="database is locked"):
                other.execute("BEGIN IMMEDIATE")
            session.commit()
        other.execute("BEGIN IMMEDIATE")  # released at commit
        other.execute("ROLLBACK")
    finally:
        other.close()


def test_session_read_then_write_survives_a_concurrent_commit(
    engine: Engine, db_path: Path
) -> None:
    """The SQLITE_BUSY_SNAPSHOT trap (PITFALLS.md): read, someone else commits, then write."""
    account_id = _add_account(engine)
    gateway = db.connect(db_path)
    gateway.execute("PRAGMA busy_timeout = 100")
    try:
        with orm.session(engine) as session:
            account = session.get(models.Account, account_id)
            assert account is not None
            # another writer is kept out until this transaction ends, instead of making it fail
            with (
                pytest.raises(sqlite3.OperationalError, match="locked"),
                db.write(gateway, "x", NOW),
            ):
                pass
            account.notes = "edited in the cockpit"
            session.add(account)
            session.commit()
        with db.write(gateway, "log", NOW) as tx:
            tx.update("account", account_id, {"tier": "strategic"})
        row = gateway.execute(
            "SELECT notes, tier FROM account WHERE id = ?", (account_id,)
        ).fetchone()
        assert tuple(row) == ("edited in the cockpit", "strategic")
    finally:
        gateway.close()


def test_session_sees_commits_from_other_processes(engine: Engine, db_path: Path) -> None:
    gateway = db.connect(db_path)
    try:
        with orm.session(engine) as session:
            assert session.exec(select(models.Account)).all() == []
        with db.write(gateway, "add", NOW) as tx:
            tx.insert(
                "account",
                {
                    "name": "Initech",
                    "name_key": "initech",
                    "tier": "growth",
                    "status": "prospect",
                    "archived": False,
                },
            )
        with orm.session(engine) as session:  # a short session per refresh sees it
            names = [a.name for a in session.exec(select(models.Account)).all()]
        assert names == ["Initech"]
    finally:
        gateway.close()
