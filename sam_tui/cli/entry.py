"""The `sam` entry point: plain `sam` goes straight to the cockpit, `sam today`, `sam account
list` and `sam report KIND` straight to their output, the rest to Typer."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sam_tui.cli.state import State


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


# `sam report KIND` and `sam week` (the same command as `sam report week`, cli.main); a
# test holds these to the report group's commands
REPORT_KINDS = ("week", "month", "quarter", "year")

# what prints a quick command's output, given the invocation's state (its book, opened lazily)
Show = Callable[["State"], None]


def _today(rest: list[str]) -> Show | None:
    """`sam today [--json]`: budgeted at 10x a bare `python -c "import sqlite3"`, and
    importing and building Typer takes over one of those ten (~60-80 ms)."""
    if rest not in (["today"], ["today", "--json"]):
        return None
    as_json = len(rest) == 2

    def show(state: State) -> None:
        from sam_tui.cli import queue

        queue.show(state.conn, as_json=as_json)

    return show


def _account_list(rest: list[str]) -> Show | None:
    """`sam account list`, without a single option (any option: Typer parses it)."""
    if rest != ["account", "list"]:
        return None

    def show(state: State) -> None:
        from sam_tui.cli import account_list

        account_list.show(state.conn)

    return show


def _report(rest: list[str]) -> Show | None:
    """`sam report KIND` or `sam week`, with at most one ``--format F`` (``--format=F``,
    ``-f F``); a period, --output, a prefix of a name: Typer parses those."""
    if len(rest) >= 2 and rest[0] == "report" and rest[1] in REPORT_KINDS:
        name, options = rest[1], rest[2:]
    elif rest[:1] == ["week"]:
        name, options = "week", rest[1:]
    else:
        return None
    if not options:
        typed = None
    elif len(options) == 2 and options[0] in ("--format", "-f"):
        typed = options[1]
    elif len(options) == 1 and options[0].startswith("--format="):
        typed = options[0][len("--format=") :]
    else:
        return None
    from sam_tui.reports.render import Format

    # as Typer takes the choice (case_sensitive=False): casefolded, then one of the values
    fmt = None if typed is None else next((f for f in Format if f == typed.casefold()), None)
    if typed is not None and fmt is None:
        return None  # Typer's usage error

    def show(state: State) -> None:
        from sam_tui.cli import reporting

        reporting.run_report(state, name, None, fmt, None, False)

    return show


def quick_command(argv: list[str]) -> tuple[Path | None, bool, Show] | None:
    """For the few commands that skip Typer: the database (None: the default one), whether
    the command line named it, and what prints the command's output from the invocation's
    state (its book, opened when first used); None for anything else (Typer parses it).

    `sam today`, `sam account list` and `sam report KIND [--format F]` are the commands of
    every day, and importing and building Typer (~60-80 ms, over a floor of ~60) is most
    of a short one's time. Their output and errors are the same either way: both paths call
    the same printing (``cli.queue``, ``cli.account_list``, ``cli.reporting``), and
    ``cli.outcome`` tells the errors.
    """
    if "_SAM_COMPLETE" in os.environ:
        return None
    found = _db_option(argv)
    if found is None:
        return None
    db_path, explicit, rest = found
    show = _today(rest) or _account_list(rest) or _report(rest)
    if show is None:
        return None
    return db_path, explicit, show


def _quick(db_path: Path | None, explicit: bool, show: Show) -> None:
    """A command without Typer: what ``main.SamGroup`` and Typer's own main do around it."""
    from sam_tui.cli import outcome
    from sam_tui.cli.state import State

    state = State(db_option=db_path, db_explicit=explicit)

    def command() -> None:
        try:
            show(state)
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
    """`sam`: a ctrl-c at any point ends it quietly with 130, as the commands do (one
    pressed while sam still starts up would otherwise print a traceback)."""
    try:
        _main()
    except KeyboardInterrupt:
        sys.exit(130)


def _main() -> None:
    from sam_tui.cli import streams

    # first: a closed or full stdout must not turn a saved change into an error
    streams.install()
    quick = quick_command(sys.argv[1:])
    if quick is not None:
        _quick(*quick)
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
