"""Reading the home screen's data while Textual is still importing, so the first frame is full."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any


class Prefetch(threading.Thread):
    """Runs the triage load on its own connection; the app picks the result up on mount.

    SQLite releases the GIL while it works, so this overlaps with the ~0.2 s of
    Textual imports instead of following them.
    """

    def __init__(self, path: Path) -> None:
        super().__init__(name="sam-prefetch", daemon=True)
        self.path = path
        self.result: Any = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            from sam_tui.services import triage
            from sam_tui.store import db

            conn = db.connect(self.path)
            try:
                self.result = triage.load(conn)
            finally:
                conn.close()
        except BaseException as exc:  # handed to the app, which reloads in a worker
            self.error = exc

    def take(self, timeout: float) -> Any:
        """The result if it arrives within ``timeout`` seconds, else None."""
        self.join(timeout)
        if self.is_alive() or self.error is not None:
            return None
        return self.result
