"""`sam today`: the ranked triage queue, the morning printout (``cli.queue`` prints it)."""

from __future__ import annotations

from typing import Annotated

import typer

from sam_tui.cli import queue
from sam_tui.cli.options import JsonOpt, NoPagerOpt
from sam_tui.cli.state import conn


def today(
    ctx: typer.Context,
    explain: Annotated[
        bool, typer.Option("--explain", "-e", help="Show why each item scored what it did.")
    ] = False,
    limit: Annotated[
        int | None,
        typer.Option(help="Show at most this many items (0: all).", min=0, show_default=False),
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="Show every item.")] = False,
    no_pager: NoPagerOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """What needs you today, most urgent first.

    Shows the items that fit the terminal (30 when output is not a terminal), then how many more there are; --all shows every one, --limit N the first N (through your pager on a terminal when they outgrow it; --no-pager prints them straight). --json has every item unless --limit says otherwise. On a narrow terminal the Item column gives way first.
    """  # noqa: E501
    queue.show(lambda: conn(ctx), explain, limit, all_, no_pager, as_json)
