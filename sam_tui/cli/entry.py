"""The `sam` entry point: plain `sam` goes straight to the cockpit, `sam today` straight to
its queue, the rest to Typer."""

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


def _db_option(argv: list[str]) -> tuple[Path | None, bool, list[str]] | None:
    """The database a leading ``--db PATH`` (or SAM_DB) names as Typer would take it, whether
    the command line gave it, and the arguments after it; None when only Typer can tell
    (a value it would refuse: a folder, a file it cannot read, one that looks like an
    option)."""
    explicit = bool(argv) and (argv[0] == "--db" or argv[0].startswith("--db="))
    if not explicit:
        value = os.environ.get("SAM_DB") or None  # an empty variable is no value (click)
    elif argv[0] == "--db":
        if len(argv) < 2:
            return None
        value, argv = argv[1], argv[2:]
    else:
        value, argv = argv[0][5:], argv[1:]
    if value is None:
        return None, False, argv
    if not value or value.startswith("-") or os.path.isdir(value):
        return None
    if os.path.exists(value) and not os.access(value, os.R_OK):
        return None
    return Path(value), explicit, argv


def _today_options(argv: list[str]) -> tuple[Path | None, bool, bool] | None:
    """For `sam [--db PATH] today [--json]`: the database (None: the default one), whether
    the command line named it, and --json; None for anything else (Typer parses it).

    `sam today` is budgeted at 10x a bare `python -c "import sqlite3"`, and importing and
    building Typer takes over one of those ten (~60-80 ms). Its options and errors are the
    same either way (``cli.queue`` prints, ``cli.outcome`` tells the errors).
    """
    if "_SAM_COMPLETE" in os.environ:
        return None
    found = _db_option(argv)
    if found is None:
        return None
    db_path, explicit, rest = found
    if rest not in (["today"], ["today", "--json"]):
        return None
    return db_path, explicit, len(rest) == 2


def _today(db_path: Path | None, explicit: bool, as_json: bool) -> None:
    """`sam today [--json]` without Typer: what its command and ``main.SamGroup`` do."""
    from sam_tui.cli import outcome, queue
    from sam_tui.cli.state import State

    state = State(db_option=db_path, db_explicit=explicit)

    def command() -> None:
        try:
            queue.show(state.conn, as_json=as_json)
        except outcome.USER_ERRORS as exc:
            line = outcome.user_error(exc, lambda: state.db_path)
            if line is None:
                raise
            sys.stderr.write(line + "\n")
            raise SystemExit(1) from None
        except KeyboardInterrupt:
            raise SystemExit(130) from None  # as Typer ends on ctrl-c: quietly
        finally:
            state.close()

    outcome.run(command)


def main() -> None:
    from sam_tui.cli import streams

    # first: a closed or full stdout must not turn a saved change into an error
    streams.install()
    quick = _today_options(sys.argv[1:])
    if quick is not None:
        _today(*quick)
        return
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
