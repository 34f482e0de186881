"""The cockpit's database work: a job on its own connection in a worker thread, its result
handed back on the UI thread (``SamApp.db_call`` starts them)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from sam_tui.domain.errors import SamError
from sam_tui.store import db

if TYPE_CHECKING:
    from sam_tui.tui.app import SamApp

T = TypeVar("T")


def run(
    app: SamApp,
    fn: Callable[[sqlite3.Connection], T],
    done: Callable[[T], Any] | None,
    failed: Callable[[SamError], Any] | None,
    keep: str | None,
) -> None:
    """In the worker thread: ``fn``'s result (kept under ``keep``, or the one kept while
    nothing was committed) to ``done``; a SamError to ``failed`` or an error toast."""
    try:
        if keep is None:
            result = read(app, fn)
        else:
            with app.reads.reading(keep):
                version = app.reads.version()
                result = app.reads.get(keep, version)
                if result is None:
                    result = read(app, fn)
                    app.reads.put(keep, version, result)
    except SamError as exc:
        app.call_from_thread(failed or app.show_error, exc)
        return
    if done is not None:
        app.call_from_thread(done, result)


def read(app: SamApp, fn: Callable[[sqlite3.Connection], T]) -> T:
    # One connection per job: SQLite connections are bound to their thread, and a
    # short-lived one never holds an old snapshot or blocks checkpoints.
    conn = db.connect(app.db_path, before_write=lambda c: daily_backup(app, c))
    try:
        return fn(conn)
    finally:
        conn.close()


def daily_backup(app: SamApp, conn: sqlite3.Connection) -> None:
    """Before a job's first write (worker thread): today's automatic backup."""
    from sam_tui.interop.backup import daily

    problem = daily(conn, app.db_path)
    if problem:
        app.call_from_thread(app.notify, problem, title="Backup", severity="warning", markup=False)
