"""Arguments and options many commands take, declared once.

Typer reads a parameter's declaration from its type annotation, so a shared
``Annotated`` alias is the whole declaration: the same name, help and flags everywhere.
"""

from __future__ import annotations

from typing import Annotated

import typer

from sam_tui.cli import completion as complete

AccountArg = Annotated[
    str,
    typer.Argument(help="Account: name, unique prefix or #ID.", autocompletion=complete.account),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="One JSON document on stdout.")]


def group(help: str) -> typer.Typer:
    """A command group (`sam account ...`): bare, it prints its help."""
    return typer.Typer(add_completion=False, no_args_is_help=True, help=help)


WideOpt = Annotated[
    bool, typer.Option("--wide", help="Show every column, however narrow the terminal.")
]
NoPagerOpt = Annotated[
    bool,
    typer.Option("--no-pager", help="Never page: print straight to the terminal."),
]
