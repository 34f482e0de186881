"""The `sam` entry point: plain `sam` goes straight to the cockpit, the rest to Typer."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def _bare_cockpit_db(argv: list[str]) -> Path | None | bool:
    """For plain `sam` / `sam --db PATH`: the database to open, skipping Typer entirely.

    Returns False when the arguments need the real parser (anything else at all).
    Importing and building Typer costs ~60 ms, and the cockpit's start is budgeted.
    Shell completion runs `sam` with no arguments and the words in the environment.
    """
    if "_SAM_COMPLETE" in os.environ:
        return False
    if not argv:
        env = os.environ.get("SAM_DB")
        return Path(env) if env else None
    if len(argv) == 2 and argv[0] == "--db" and argv[1] and not argv[1].startswith("-"):
        return Path(argv[1])
    if len(argv) == 1 and argv[0].startswith("--db=") and len(argv[0]) > 5:
        return Path(argv[0][5:])
    return False


def main() -> None:
    from sam_tui.cli import streams

    # first: a closed or full stdout must not turn a saved change into an error
    streams.install()
    bare = _bare_cockpit_db(sys.argv[1:])
    if bare is False:
        from sam_tui.cli.main import run

        run()
        return
    from sam_tui.cli.cockpit import open_cockpit
    from sam_tui.cli.output import error_line
    from sam_tui.cli.state import State
    from sam_tui.domain.errors import SamError

    db_path = bare if isinstance(bare, Path) else None
    try:
        open_cockpit(State(db_option=db_path, db_explicit=db_path is not None))
    except SamError as exc:
        sys.stderr.write(error_line(str(exc)) + "\n")
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
