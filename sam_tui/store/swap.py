"""Replacing a book's whole contents with another sam file's, under the book's write lock.

The SQL half of ``interop.backup.restore``: the incoming file has been checked (schema,
integrity, references) before anything here runs; this module attaches it, takes the
write lock, lets the caller save the current data while the lock is held, and swaps.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from sam_tui.store import db
from sam_tui.store.migrations import APPLICATION_ID
from sam_tui.store.schema import replicator_table

T = TypeVar("T")


def fold_wal(path: Path) -> None:
    """Apply a private copy's ``-wal`` into the file itself and remove it (rollback mode).

    Raises sqlite3.DatabaseError for a file SQLite cannot read.
    """
    raw = sqlite3.connect(path, isolation_level=None)
    try:
        raw.execute("PRAGMA journal_mode = DELETE")
    finally:
        raw.close()


def broken_references(path: Path) -> int:
    """Rows of the sam file at ``path`` that point at records it does not hold."""
    conn = db.connect(path, backup_before_upgrade=False)
    try:
        return db.broken_references(conn)
    finally:
        conn.close()


def replace_with(db_path: Path, incoming: Path, under_lock: Callable[[sqlite3.Connection], T]) -> T:
    """Make the book at ``db_path`` an exact copy of the checked file ``incoming``.

    ``under_lock(conn)`` runs once the write lock is held and before anything changes
    (the caller saves the current data there: nothing can commit in between); its result
    is returned. One transaction: other processes see the old book or the new one.
    """
    conn = sqlite3.connect(db_path, isolation_level=None, timeout=db.BUSY_TIMEOUT_MS / 1000)
    try:
        conn.execute(f"PRAGMA busy_timeout = {db.BUSY_TIMEOUT_MS}")
        # a table replaced with its rows is dropped first: with foreign keys on, the drop
        # would fail; the incoming file's references were checked by the caller
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("ATTACH DATABASE ? AS incoming", (str(incoming),))
        conn.execute("BEGIN IMMEDIATE")
        try:
            result = under_lock(conn)
            _swap(conn)
            conn.execute("COMMIT")
            db.note_commit()
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("DETACH DATABASE incoming")
    finally:
        conn.close()
    return result


def _swap(conn: sqlite3.Connection) -> None:
    """Inside the caller's write transaction: make ``main`` an exact copy of ``incoming``
    (both at this sam's schema): its objects dropped, the incoming ones created, rows copied
    before the indexes and triggers are made (no trigger fires on the copied rows)."""
    sequences = dict(conn.execute("SELECT name, seq FROM main.sqlite_sequence").fetchall())
    # Litestream's own tables stay as they are on both sides: a replicator running on this
    # book keeps writing them, and this swap reaches the replica as one more transaction
    objects = [
        row
        for row in conn.execute(
            "SELECT type, name, sql FROM main.sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        ).fetchall()
        if not replicator_table(*row)
    ]
    virtual = [n for t, n, sql in objects if t == "table" and sql.upper().startswith("CREATE V")]
    for kind in ("trigger", "view"):
        for t, name, _sql in objects:
            if t == kind:
                conn.execute(f'DROP {kind.upper()} main."{name}"')
    for name in virtual:  # takes its shadow tables with it
        conn.execute(f'DROP TABLE main."{name}"')
    for t, name, _sql in objects:
        shadow = any(name.startswith(v + "_") for v in virtual)
        if t == "table" and name not in virtual and not shadow:
            conn.execute(f'DROP TABLE main."{name}"')
    wanted = [
        row
        for row in conn.execute(
            "SELECT type, name, sql FROM incoming.sqlite_master WHERE sql IS NOT NULL "
            "AND name NOT LIKE 'sqlite_%' ORDER BY rowid"
        ).fetchall()
        if not replicator_table(*row)
    ]
    tables = [(n, sql) for t, n, sql in wanted if t == "table"]
    virtual_in = [n for n, sql in tables if sql.upper().startswith("CREATE V")]
    for _name, sql in tables:
        if not any(_name.startswith(v + "_") for v in virtual_in):
            conn.execute(sql)  # the schema check made sure this is sam's own DDL
    for name, _sql in tables:
        if name in virtual_in:
            continue  # filled through its shadow tables, copied as they are
        conn.execute(f'DELETE FROM main."{name}"')  # a new virtual table's own bookkeeping
        conn.execute(f'INSERT INTO main."{name}" SELECT * FROM incoming."{name}"')
    for kind in ("index", "trigger", "view"):
        for t, _name, sql in wanted:
            if t == kind:
                conn.execute(sql)
    merged = dict(conn.execute("SELECT name, seq FROM incoming.sqlite_sequence").fetchall())
    for name, seq in sequences.items():
        merged[name] = max(seq, merged.get(name, 0))
    conn.execute("DELETE FROM main.sqlite_sequence")
    conn.executemany("INSERT INTO main.sqlite_sequence (name, seq) VALUES (?, ?)", merged.items())
    version = conn.execute("PRAGMA incoming.user_version").fetchone()[0]
    conn.execute(f"PRAGMA main.user_version = {int(version)}")
    conn.execute(f"PRAGMA main.application_id = {APPLICATION_ID}")
