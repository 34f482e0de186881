"""Home's data: the top of the triage queue for the first frame, then all of it, kept while
nothing is committed to the book.

``first_frame`` and ``whole`` are the two reads home makes; the rest of the cockpit does not
call the triage service.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

from sam_tui.services import triage
from sam_tui.store import db

# A kept queue is shown again for this long at most: the time of day moves it too (an SLA
# nearing, "due today" at midnight), even when nothing is written.
KEEP_SECONDS = 60.0


def first_frame(conn: sqlite3.Connection, rows: int) -> triage.Triage:
    """What the first frame shows: the first ``rows`` items when they can be known without
    scoring the whole queue (a large book), else the whole queue (it is quick then)."""
    return triage.head(conn, rows) or whole(conn)


def whole(conn: sqlite3.Connection) -> triage.Triage:
    """The whole queue, the KPI strip and the panels."""
    return triage.load(conn)


class Feed:
    """Home's reads, the whole queue kept per ``PRAGMA data_version``.

    One connection, never used to read data, answers ``data_version`` for any thread (under
    a lock): its value changes when any other connection commits, the cockpit's own writes
    included. A queue read after a version was taken is kept under that version, so a
    commit that lands during the read is noticed by the next ``whole``.
    """

    def __init__(self, path: Path) -> None:
        self._path = path
        self._lock = threading.Lock()
        self._probe: sqlite3.Connection | None = None
        self._kept: tuple[int, float, triage.Triage] | None = None

    def version(self) -> int | None:
        """The book's data version as this feed sees it (None: it cannot be read)."""
        with self._lock:
            try:
                if self._probe is None:
                    self._probe = sqlite3.connect(
                        self._path, isolation_level=None, check_same_thread=False, timeout=1.0
                    )
                return db.data_version(self._probe)
            except sqlite3.Error:
                return None

    def first_frame(self, conn: sqlite3.Connection, rows: int) -> triage.Triage:
        version = self.version()
        data = first_frame(conn, rows)
        self._keep(version, data)
        return data

    def whole(self, conn: sqlite3.Connection) -> triage.Triage:
        """The whole queue: the one kept if nothing was committed since it was read."""
        version = self.version()
        with self._lock:
            kept = self._kept
        if (
            kept is not None
            and version is not None
            and kept[0] == version
            and time.monotonic() - kept[1] < KEEP_SECONDS
        ):
            return kept[2]
        data = whole(conn)
        self._keep(version, data)
        return data

    def _keep(self, version: int | None, data: triage.Triage) -> None:
        if version is not None and data.complete:
            with self._lock:
                self._kept = (version, time.monotonic(), data)

    def close(self) -> None:
        with self._lock:
            if self._probe is not None:
                self._probe.close()
                self._probe = None
