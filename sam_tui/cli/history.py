"""`sam history` and `sam undo`: what each command changed, and taking the latest one back."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from sam_tui import clock
from sam_tui.cli import completion as complete
from sam_tui.cli.options import JsonOpt, NoPagerOpt, YesOpt
from sam_tui.cli.output import confirmed, emit_json, moment, picked, require_confirmation, say
from sam_tui.cli.state import conn
from sam_tui.cli.table import Column, Output, Span, print_table
from sam_tui.domain.changes import describe
from sam_tui.domain.text import one_line

if TYPE_CHECKING:
    from sam_tui.services.history import Batch


def history(
    ctx: typer.Context,
    account: Annotated[
        str | None,
        typer.Argument(
            help="Only changes to this account and its records: name, unique prefix or #ID.",
            autocompletion=complete.account,
        ),
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, help="How many commands to show.")
    ] = 20,
    no_pager: NoPagerOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """What each command changed, newest first; undone commands are marked.

    Every change sam makes is recorded with its before and after values, one entry
    per command (an undo is an entry too).
    """
    from sam_tui.services import history as service

    batches = service.history(conn(ctx), account_ref=account, limit=limit)
    today = clock.today()
    if as_json:
        emit_json(
            [
                {
                    **picked(b, "at command undone"),
                    "accounts": list(b.accounts),
                    "changes": [
                        {
                            **picked(c, "entity id=entity_id action"),
                            "summary": describe(c, today),
                            **picked(c, "before after"),
                        }
                        for c in b.changes
                    ],
                }
                for b in batches
            ]
        )
        return
    if not batches:
        say("No changes recorded" + (f" for {one_line(account)}." if account else " yet."))
        return
    with Output(paging=not no_pager) as out:
        # one column as wide as the output, whatever the first entries measure: a change
        # too long for it continues under itself, never at the margin where entries start
        column = Column("", width=max(out.width, _NARROWEST), wrap=True, hang=_HANG)
        rows = ((_entry(b, today),) for b in batches)
        print_table(out, (column,), rows, header=False)


# Where an entry's changes start, and where any of its lines continues when it wraps:
# further in than a change, so a continued line never reads as a change of its own.
_INDENT = 4
_HANG = _INDENT + 2
# The narrowest the column gets (COLUMNS=1 would fold every word into letters, and leave
# no room at all for a wide character); a terminal narrower than this gets wider lines.
_NARROWEST = 20


def _entry(b: Batch, today: date) -> tuple[Span, ...]:
    """One command: its time, name and accounts, then one line per change."""
    head = f"{moment(b.at)}  {b.command}"
    if b.accounts:
        head += " — " + ", ".join(one_line(name) for name in b.accounts)
    if b.undone:
        head += "  (undone)"
    pad = " " * _INDENT
    return (
        Span(head),
        *(Span(pad + describe(change, today), newline=True) for change in b.changes),
    )


def undo(
    ctx: typer.Context,
    list_: Annotated[
        bool,
        typer.Option("--list", help="Show what the next undo would revert; change nothing."),
    ] = False,
    yes: YesOpt = False,
) -> None:
    """Revert the latest command's changes; run it again to go further back.

    Created records are deleted and changed ones get their earlier values back, in one transaction, recorded in the history as "undo: COMMAND". If something changed a record since, the undo is refused and nothing changes. Asks for confirmation (--yes skips it; without a terminal, --yes is required).
    """  # noqa: E501
    from sam_tui.services import history as service

    if not list_:
        require_confirmation(yes, "undo")
    connection = conn(ctx)
    plan = service.pending(connection)
    today = clock.today()
    lead = "The next undo reverts" if list_ else "Undo"
    say(f"{lead}: {plan.command} ({moment(plan.at)})")
    for step in plan.steps:
        say(f"    {describe(step, today)}")
    if list_:
        service.undo(connection, batch=plan.batch, dry_run=True)  # refuses as undo would
        return
    if not yes and not confirmed("Undo it?"):
        raise typer.Exit(1)
    service.undo(connection, batch=plan.batch)
    say("Undone. `sam undo` again goes one command further back.")
