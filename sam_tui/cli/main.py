"""The `sam` command: global options, the command groups, and where errors become exit 1."""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from sam_tui.cli import accounts, complaints, contacts, demo, follow_ups, log, today
from sam_tui.cli.output import error_line
from sam_tui.cli.state import State
from sam_tui.domain.errors import SamError
from sam_tui.store.db import describe_sqlite_error


class SamGroup(TyperGroup):
    """Turns every user-caused error into one line on stderr and exit code 1."""

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except SamError as exc:
            sys.stderr.write(error_line(str(exc)) + "\n")
            raise typer.Exit(1) from None
        except sqlite3.Error as exc:
            path = ctx.obj.db_path if isinstance(ctx.obj, State) else Path("database")
            sys.stderr.write(error_line(describe_sqlite_error(exc, path)) + "\n")
            raise typer.Exit(1) from None
        finally:
            if isinstance(ctx.obj, State):
                ctx.obj.close()


app = typer.Typer(
    name="sam",
    cls=SamGroup,
    help=(
        "sam: the key-account manager's cockpit. Run `sam` for the full-screen cockpit, "
        "`sam today` for the ranked list of what needs you, `sam log ACCOUNT TEXT` to record "
        "a client touch."
    ),
    epilog=(
        "Dates: 2026-12-05, Dec 5, tomorrow, friday, next friday, in 3 days, +3d, 2w, eow, "
        "eom, eoq. Accounts: exact name, unique prefix or #ID. SAM_NOW pins the clock."
    ),
    invoke_without_command=True,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

app.add_typer(accounts.app, name="account", help="Add, list, show, edit and archive accounts.")
app.add_typer(contacts.app, name="contact", help="The people at each account.")
app.add_typer(
    follow_ups.app, name="follow-up", help="What you owe clients, with due dates: add, list, done."
)
app.add_typer(complaints.app, name="complaint", help="Complaints against their SLA clock.")
app.command("log")(log.log)
app.command("today")(today.today)
app.command("demo")(demo.demo)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        sys.stdout.write(f"sam {version('sam-tui')}\n")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            envvar="SAM_DB",
            help="Database file (default: your user data folder's sam.db).",
            show_envvar=True,
            dir_okay=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Open the cockpit when no command is given."""
    source = ctx.get_parameter_source("db")
    explicit = source is not None and source.name == "COMMANDLINE"
    ctx.obj = State(db_option=db, db_explicit=explicit)
    if ctx.invoked_subcommand is None:
        from sam_tui.cli.cockpit import open_cockpit

        open_cockpit(ctx.obj)


def main() -> None:
    """Console-script entry point: user errors are one line; a bug is one line too."""
    try:
        app(prog_name="sam")
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        sys.exit(130)
    except Exception as exc:  # a bug, not the user's fault: still no traceback by default
        if os.environ.get("SAM_DEBUG"):
            raise
        sys.stderr.write(
            f"error: internal error ({type(exc).__name__}: {exc}); nothing was saved. "
            "Set SAM_DEBUG=1 to see the traceback and please report it.\n"
        )
        sys.exit(1)
