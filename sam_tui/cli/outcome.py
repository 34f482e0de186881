"""How a command ends: a user's error is one line and exit 1, a bug one line too, and the
exit code agrees with what was saved; for the Typer app and the commands that skip it."""

from __future__ import annotations

import gc
import os
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

from sam_tui.cli import streams
from sam_tui.cli.output import error_line
from sam_tui.domain.errors import SamError
from sam_tui.store.db import describe_sqlite_error

# what a command may raise that is the user's doing, not a bug (``user_error``)
USER_ERRORS = (SamError, sqlite3.Error, UnicodeEncodeError)


def user_error(exc: Exception, db_path: Callable[[], Path]) -> str | None:
    """The line to tell the user for ``exc``; None when it is not theirs (a bug).
    ``db_path``: the database this command uses (a failed read or write names it)."""
    if isinstance(exc, SamError):
        return error_line(str(exc))
    if isinstance(exc, sqlite3.Error):
        return error_line(describe_sqlite_error(exc, db_path()))
    # Python hands invalid UTF-8 bytes in argv over as lone surrogates (a raw 0x9b typed
    # as $'\x9b'); SQLite cannot store them. The user's input, not a bug.
    if isinstance(exc, UnicodeEncodeError) and "surrogate" in exc.reason:
        return error_line(
            "the text contains bytes that are not valid UTF-8 (check the terminal's "
            "encoding); nothing was saved"
        )
    return None


def _exit_code(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    sys.stderr.write(f"{code}\n")  # sys.exit("message"), as Python itself would print it
    return 1


def run(command: Callable[[], object]) -> NoReturn:
    """Run ``command``, then exit: user errors are one line; a bug is one line too.

    The exit code agrees with what was saved (``cli.streams``): a change that committed is
    never followed by "nothing was saved", whatever happens to stdout afterwards.
    """
    streams.install()
    # What is imported by now lives until exit: out of the collector's way, a command that
    # builds 10,000 rows (sam today, a list) spends ~10% less time in collections
    gc.freeze()
    try:
        command()
        code = 0
    except SystemExit as exc:
        code = _exit_code(exc.code)
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        code = 130
    except Exception as exc:  # a bug, not the user's fault: still no traceback by default
        if os.environ.get("SAM_DEBUG"):
            raise
        outcome = (
            "your change was saved before it" if streams.anything_saved() else "nothing was saved"
        )
        sys.stderr.write(
            f"error: internal error ({type(exc).__name__}: {exc}); {outcome}. "
            "Set SAM_DEBUG=1 to see the traceback and please report it.\n"
        )
        code = 1
    sys.exit(streams.finish(code))
