"""The `sam` command: global options, the command groups, and where errors become exit 1."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
import typer.main
from typer import _click as click
from typer.core import TyperGroup

from sam_tui.cli import outcome
from sam_tui.cli.options import unique_prefix
from sam_tui.cli.state import State

# Command modules load only when their command runs (or for --help): `sam log` must not
# pay for building every other command's parameters on each keystroke-fast invocation.
# name -> (module, attribute: a Typer group or a command function)
COMMANDS: dict[str, tuple[str, str]] = {
    "log": ("sam_tui.cli.log", "log"),
    "today": ("sam_tui.cli.today", "today"),
    "account": ("sam_tui.cli.accounts", "app"),
    "contact": ("sam_tui.cli.contacts", "app"),
    "follow-up": ("sam_tui.cli.follow_ups", "app"),
    "complaint": ("sam_tui.cli.complaints", "app"),
    "request": ("sam_tui.cli.requests", "app"),
    "idea": ("sam_tui.cli.ideas", "app"),
    "prospect": ("sam_tui.cli.prospects", "app"),
    "search": ("sam_tui.cli.search", "search"),
    "demo": ("sam_tui.cli.demo", "demo"),
    "deal": ("sam_tui.cli.deals", "app"),
    "quota": ("sam_tui.cli.quotas", "app"),
    "objective": ("sam_tui.cli.objectives", "app"),
    "metrics": ("sam_tui.cli.metrics", "metrics"),
    "forecast": ("sam_tui.cli.forecast", "app"),
    "config": ("sam_tui.cli.config", "config"),
    "report": ("sam_tui.cli.reports", "app"),
    "week": ("sam_tui.cli.reports", "week"),
    "history": ("sam_tui.cli.history", "history"),
    "undo": ("sam_tui.cli.history", "undo"),
    "backup": ("sam_tui.cli.backup", "backup"),
    "restore": ("sam_tui.cli.backup", "restore"),
    "import": ("sam_tui.cli.imports", "app"),
    "export": ("sam_tui.cli.export", "app"),
    "replicate": ("sam_tui.cli.replicate", "app"),
    "team": ("sam_tui.cli.team", "app"),
}


class SamGroup(TyperGroup):
    """Loads command modules lazily, and turns user-caused errors into one line and exit 1."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*COMMANDS, *(c for c in super().list_commands(ctx) if c not in COMMANDS)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            # a unique prefix is enough, as for account names: `sam fo list`, `sam comp open`
            found = unique_prefix(ctx, cmd_name, list(COMMANDS))
            if found is None:
                return super().get_command(ctx, cmd_name)
            cmd_name = found
            target = COMMANDS[cmd_name]
        module = importlib.import_module(target[0])
        obj = getattr(module, target[1])
        if isinstance(obj, typer.Typer):
            command: click.Command = typer.main.get_group(obj)
        else:
            single = typer.Typer(add_completion=False)
            single.command(cmd_name)(obj)
            command = typer.main.get_command(single)
        command.name = cmd_name
        return command

    def shell_complete(self, ctx: click.Context, incomplete: str) -> list[Any]:
        """Command names without importing every command module: this runs on each TAB."""
        from typer._click.shell_completion import CompletionItem

        names = [CompletionItem(n) for n in COMMANDS if n.startswith(incomplete)]
        # the group's own options (--db, --help...), as click.Command lists them
        return [*names, *click.Command.shell_complete(self, ctx, incomplete)]

    def _main_shell_completion(self, *args: Any, **kwargs: Any) -> None:
        # Typer registers its shell classes while building the app; ours escapes bash words
        from sam_tui.cli.completion import install_shell_classes

        install_shell_classes()
        super()._main_shell_completion(*args, **kwargs)

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except outcome.USER_ERRORS as exc:
            line = outcome.user_error(
                exc, lambda: ctx.obj.db_path if isinstance(ctx.obj, State) else Path("database")
            )
            if line is None:
                raise
            sys.stderr.write(line + "\n")
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


def run() -> None:
    """Run the Typer app (``cli.outcome``: how errors and the exit code are told)."""
    outcome.run(lambda: app(prog_name="sam"))
