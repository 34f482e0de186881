"""Full garbage collections at quiet moments, never between two keystrokes.

Python runs a full collection on its own when enough objects have survived the younger
ones: one fell in the middle of the cockpit's start (the imports leave ~30,000 objects
to walk), 30-60 ms before the first frame, which is why ``sam`` starts the collector
before it imports Textual and freezes what start-up made once the first frame is out. Then
too, with a large book's data in memory (10,000 accounts, their rows, the queue) one
takes 0.1-0.4 s, and it fell mid-typing, several times a minute while screens loaded
(measured by bench/cockpit_screens.py). Young objects are still collected as usual;
the full collections wait until no key was pressed for ``QUIET`` seconds (at most one
every ``EVERY`` seconds).
"""

from __future__ import annotations

import gc
import time

QUIET = 2.0  # seconds without input before a full collection may run
EVERY = 20.0  # and at most this often
# a third threshold so high that Python never starts a full collection by itself
NEVER = 1_000_000_000


class Collector:
    """Started with the cockpit, stopped with it (the thresholds it found are restored)."""

    def __init__(self, quiet: float = QUIET, every: float = EVERY) -> None:
        self.quiet = quiet
        self.every = every
        self._thresholds: tuple[int, int, int] | None = None
        self._frozen = False
        self._input = self._full = time.monotonic()

    def start(self) -> None:
        if self._thresholds is None:
            self._thresholds = gc.get_threshold()
            young, middle, _ = self._thresholds
            gc.set_threshold(young, middle, NEVER)

    def settled(self) -> None:
        """Start-up is over: what it made (modules, classes, stylesheets) lives as long as
        the cockpit, so full collections stop walking it (``gc.freeze``)."""
        if self._thresholds is not None and not self._frozen:
            gc.freeze()
            self._frozen = True

    def stop(self) -> None:
        if self._frozen:
            gc.unfreeze()
            self._frozen = False
        if self._thresholds is not None:
            gc.set_threshold(*self._thresholds)
            self._thresholds = None

    def input(self) -> None:
        """A key was pressed (or the mouse used)."""
        self._input = time.monotonic()

    def tick(self) -> None:
        """Called every second or so: collect if it has been quiet long enough."""
        now = time.monotonic()
        if self._thresholds is not None and now - self._input >= self.quiet:
            if now - self._full >= self.every:
                gc.collect()
                self._full = time.monotonic()
