"""SQLModel sessions on a sam file, for tests and tools that install the ``test`` extra.

Nothing at run time imports this (SQLAlchemy costs ~0.5 s to import and is not a runtime
dependency); ``tests/store/test_orm.py`` keeps it honest.

The engine applies the same rules as the stdlib gateway (PITFALLS.md, SQLite):
pragmas on every new connection, no implicit transactions from the driver, and
``BEGIN IMMEDIATE`` for every transaction so a read-then-write never fails with
SQLITE_BUSY_SNAPSHOT. Engines are made by this factory, never at import time.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

from sam_tui.store import db


def make_engine(path: Path) -> Engine:
    """An engine on ``path``, which is opened (and migrated) by the gateway first."""
    db.connect(path).close()
    engine = create_engine(f"sqlite:///{path}")

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        # the driver's legacy mode would emit no BEGIN before SELECTs: we emit our own
        dbapi_conn.isolation_level = None
        dbapi_conn.execute(f"PRAGMA busy_timeout = {db.BUSY_TIMEOUT_MS}")
        dbapi_conn.execute("PRAGMA foreign_keys = ON")
        dbapi_conn.execute("PRAGMA synchronous = FULL")

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def session(engine: Engine) -> Session:
    return Session(engine, expire_on_commit=False)
