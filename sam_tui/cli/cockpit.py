"""Starting the full-screen cockpit from the CLI (Textual is imported only here)."""

from __future__ import annotations

import sys

from sam_tui.cli.state import State
from sam_tui.domain.errors import SamError


def open_cockpit(st: State) -> None:
    if not sys.stdout.isatty() or not sys.stdin.isatty():
        raise SamError("the cockpit needs a terminal; for a printout use `sam today`")
    from sam_tui.cli import today

    path = st.db_path
    st.conn()  # open and migrate here, so a bad file is a one-line error, not a TUI crash
    st.close()
    raise SamError(f"cockpit not available yet; showing nothing for {path}") from today
