"""Starting the full-screen cockpit from the CLI (Textual is imported only here)."""

from __future__ import annotations

import sys

from sam_tui.cli.state import State
from sam_tui.domain.errors import SamError


def open_cockpit(st: State) -> None:
    if not sys.stdout.isatty() or not sys.stdin.isatty():
        raise SamError(
            "the cockpit needs a terminal; for a printout use `sam today` (or `sam --help`)"
        )
    path = st.db_path
    # open and migrate here, so a foreign or newer file is a one-line error, not a TUI crash
    st.conn()
    st.close()
    from sam_tui.tui.collect import Collector
    from sam_tui.tui.prefetch import Prefetch

    # before Textual's import: a full collection would fall in the middle of the start
    collector = Collector()
    collector.start()

    prefetch = Prefetch(path)
    prefetch.start()
    from sam_tui.tui.app import SamApp

    SamApp(path, prefetch=prefetch, collector=collector).run()
