"""Reading the home screen's data while Textual is still importing, so the first frame is full."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sam_tui.tui.home_feed import Feed


class Prefetch(threading.Thread):
    """Reads what home's first frame shows on its own connection; the app picks it up on mount.

    SQLite releases the GIL while it works, so this overlaps with the ~0.2 s of Textual
    imports instead of following them. On a large book it reads only the top of the queue
    (as many items as the terminal has lines): home fills in the rest in a worker.
    """

    def __init__(self, path: Path) -> None:
        super().__init__(name="sam-prefetch", daemon=True)
        self.path = path
        self.feed: Feed | None = None
        self.result: Any = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            # imported here, in this thread: the main thread is busy importing Textual
            from sam_tui.store import db
            from sam_tui.tui.home_feed import Feed

            self.feed = Feed(self.path)
            conn = db.connect(self.path)
            try:
                self.result = self.feed.first_frame(conn, shutil.get_terminal_size().lines)
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
