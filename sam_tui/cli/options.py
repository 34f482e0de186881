"""Arguments and options many commands take, declared once.

Typer reads a parameter's declaration from its type annotation, so a shared
``Annotated`` alias is the whole declaration: the same name, help and flags everywhere.
"""

from __future__ import annotations

from typing import Annotated

import typer
from typer import _click as click
from typer.core import TyperGroup

from sam_tui.cli import completion as complete

AccountArg = Annotated[
    str,
    typer.Argument(help="Account: name, unique prefix or #ID.", autocompletion=complete.account),
]
OnlyAccountOpt = Annotated[
    str | None,
    typer.Option(
        "--account",
        "-a",
        help="Only this account: name, unique prefix or #ID.",
        autocompletion=complete.account,
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="One JSON document on stdout.")]
YesOpt = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]
PeriodOpt = Annotated[
    str | None,
    typer.Option(
        "--period",
        "-p",
        help="2026-Q4, 2026, 2026-11 or 2026-W47; or from today: this, last, next (fiscal "
        "quarter), last month, this year, next week... (default: the current fiscal quarter).",
    ),
]
# backdating what happened: a past moment, never a future one
WhenOpt = typer.Option(
    "--when", help="When it happened, if not now: yesterday, monday 15:00, Nov 20 (not future)."
)


def unique_prefix(ctx: click.Context, typed: str, names: list[str]) -> str | None:
    """The one name ``typed`` begins (None: none does); several are a usage error naming
    them, as an account prefix that fits several names is."""
    matches = [n for n in names if n.startswith(typed)] if typed else []
    if len(matches) > 1:
        ctx.fail(f"'{typed}' could be {', '.join(matches[:-1])} or {matches[-1]}: type more of it")
    return matches[0] if matches else None


class PrefixGroup(TyperGroup):
    """A command group whose commands take a unique prefix: `sam account li`, `sam deal sh 3`."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        found = super().get_command(ctx, cmd_name)
        if found is not None:
            return found
        name = unique_prefix(ctx, cmd_name, self.list_commands(ctx))
        return None if name is None else super().get_command(ctx, name)


def group(help: str, *, overview: bool = False) -> typer.Typer:
    """A command group (`sam account ...`): bare, it prints its help, or with ``overview``
    runs its callback (`sam team` prints the roll-up)."""
    return typer.Typer(
        cls=PrefixGroup,
        add_completion=False,
        no_args_is_help=not overview,
        invoke_without_command=overview,
        help=help,
    )


WideOpt = Annotated[
    bool, typer.Option("--wide", help="Show every column, however narrow the terminal.")
]
NoPagerOpt = Annotated[
    bool,
    typer.Option("--no-pager", help="Never page: print straight to the terminal."),
]
