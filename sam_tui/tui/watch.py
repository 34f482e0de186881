"""Noticing other processes' writes: a thread polling ``PRAGMA data_version`` on one connection."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

from sam_tui.store import db


class DatabaseWatcher(threading.Thread):
    """Calls ``changed`` (from this thread) whenever another connection commits.

    A commit in WAL mode does not touch the main file's mtime, so we ask SQLite:
    data_version changes on this connection when any other connection commits.
    """

    def __init__(self, path: Path, interval: float, changed: Callable[[], None]) -> None:
        super().__init__(name="sam-db-watch", daemon=True)
        self._path = path
        self._interval = interval
        self._changed = changed
        self._stop_event = threading.Event()

    def stop(self) -> None:
        self._stop_event.set()

    def run(self) -> None:
        try:
            conn = sqlite3.connect(self._path, isolation_level=None, timeout=1.0)
        except sqlite3.Error:
            return
        try:
            last = self._version(conn)
            while not self._stop_event.wait(self._interval):
                current = self._version(conn)
                if current is not None and current != last:
                    last = current
                    try:
                        self._changed()
                    except RuntimeError:
                        # the app is shutting down: its event loop is gone
                        return
        finally:
            conn.close()

    @staticmethod
    def _version(conn: sqlite3.Connection) -> int | None:
        try:
            return db.data_version(conn)
        except sqlite3.Error:
            return None
