"""Reading the home screen's data while Textual is still importing, so the first frame is full."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from pathlib import Path
from typing import Any

from sam_tui.tui.kept import Kept

HOME = "home"  # the name home's reads are kept under


def first_frame(conn: sqlite3.Connection, rows: int) -> Any:
    """What home's first frame shows: the first ``rows`` items of the queue when they can be
    known without scoring all of it (a large book), else the whole queue (quick then)."""
    from sam_tui.services import triage

    return triage.head(conn, rows) or whole(conn)


def whole(conn: sqlite3.Connection) -> Any:
    """The whole queue, the KPI strip and the panels: what home shows after its first frame."""
    from sam_tui.services import triage

    return triage.load(conn)


class Prefetch(threading.Thread):
    """Reads what home's first frame shows on its own connection; the app picks it up on mount.

    SQLite releases the GIL while it works, so this overlaps with the ~0.2 s of Textual
    imports instead of following them. On a large book it reads only the top of the queue
    (as many items as the terminal has lines): home reads the rest after the first frame.
    """

    def __init__(self, path: Path) -> None:
        super().__init__(name="sam-prefetch", daemon=True)
        self.path = path
        # the cockpit keeps its reads here; the whole queue read now is the first
        self.kept = Kept(path)
        self.result: Any = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            # imported here, in this thread: the main thread is busy importing Textual
            from sam_tui.store import db

            version = self.kept.version()
            conn = db.connect(self.path)
            try:
                self.result = first_frame(conn, shutil.get_terminal_size().lines)
            finally:
                conn.close()
            if self.result.complete:
                self.kept.put(HOME, version, self.result)
        except BaseException as exc:  # handed to the app, which reloads in a worker
            self.error = exc

    def take(self, timeout: float) -> Any:
        """The result if it arrives within ``timeout`` seconds, else None."""
        self.join(timeout)
        if self.is_alive() or self.error is not None:
            return None
        return self.result
