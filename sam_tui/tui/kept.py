"""What the cockpit's screens read, kept while nothing is committed to the book.

Switching back to a screen whose data did not change shows it again without reading it
again; on a large book that is most of the time a switch takes.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from typing import Any, NamedTuple

from sam_tui.store import db

# A kept read is used again for this long at most: the time of day moves what screens show
# too (an SLA passing, "due today" at midnight), even when nothing is written.
KEEP_SECONDS = 60.0


class _Entry(NamedTuple):
    version: int
    at: float  # time.monotonic() when it was read
    data: Any


class Kept:
    """Reads kept by name, each with the ``PRAGMA data_version`` it was read under.

    One connection, never used to read data, answers ``data_version`` for any thread
    (under a lock): its value changes when any other connection commits, the cockpit's
    own writes included. Take the version before reading: a commit that lands during the
    read then shows as a new version the next time.
    """

    def __init__(self, path: Path) -> None:
        self._path = path
        self._lock = threading.Lock()
        self._probe: sqlite3.Connection | None = None
        self._entries: dict[str, _Entry] = {}
        self._reading: dict[str, threading.Lock] = {}

    def reading(self, name: str) -> threading.Lock:
        """Held while ``name`` is read: a second read of it waits, then finds it kept
        (a reload asked for while one is running costs nothing more)."""
        with self._lock:
            return self._reading.setdefault(name, threading.Lock())

    def version(self) -> int | None:
        """The book's data version as seen from here (None: it cannot be read)."""
        with self._lock:
            try:
                if self._probe is None:
                    self._probe = sqlite3.connect(
                        self._path, isolation_level=None, check_same_thread=False, timeout=1.0
                    )
                return db.data_version(self._probe)
            except sqlite3.Error:
                return None

    def get(self, name: str, version: int | None) -> Any:
        """What was read as ``name`` under ``version``, if recent enough; else None."""
        with self._lock:
            entry = self._entries.get(name)
        if entry is None or version is None or entry.version != version:
            return None
        if time.monotonic() - entry.at >= KEEP_SECONDS:
            return None
        return entry.data

    def last(self, name: str) -> Any:
        """The latest read of ``name``, however old (None: never read): what a screen shows
        at once when it is first opened, while it reads afresh."""
        with self._lock:
            entry = self._entries.get(name)
        return None if entry is None else entry.data

    def put(self, name: str, version: int | None, data: Any) -> None:
        if version is None:
            return
        with self._lock:
            self._entries[name] = _Entry(version, time.monotonic(), data)

    def close(self) -> None:
        with self._lock:
            if self._probe is not None:
                self._probe.close()
                self._probe = None
