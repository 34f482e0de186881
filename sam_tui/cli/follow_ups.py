"""`sam follow-up ...`: what you promised clients, and when."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cache, partial
from typing import Annotated, Any

import typer

from sam_tui import clock
from sam_tui.cli import completion as complete
from sam_tui.cli import parsing
from sam_tui.cli.options import (
    AccountArg,
    JsonOpt,
    NoPagerOpt,
    OnlyAccountOpt,
    WhenOpt,
    WideOpt,
    group,
)
from sam_tui.cli.output import day, emit_json, picked, say
from sam_tui.cli.state import conn
from sam_tui.cli.table import Cell, Column, Span, id_column, name_column, peek, print_list, widest
from sam_tui.domain.enums import FollowUpStatus, Priority
from sam_tui.domain.text import one_line
from sam_tui.store.sql import largest_id

app = group("What you owe clients, with due dates: add, list, done, snooze, cancel.")

IdArg = Annotated[
    str,
    typer.Argument(
        help="Follow-up ID (as shown by list or today).", autocompletion=complete.follow_up_ids
    ),
]


@app.command("add")
def add(
    ctx: typer.Context,
    account: AccountArg,
    text: Annotated[list[str], typer.Argument(help="What to do.")],
    due: Annotated[
        str, typer.Option("--due", "-d", help="When: tomorrow, friday, next friday, +3d, Dec 5.")
    ],
    priority: Annotated[Priority, typer.Option(help="low, normal or high.")] = Priority.NORMAL,
    with_: Annotated[
        str | None,
        typer.Option("--with", "-w", help="Contact it concerns.", autocompletion=complete.contact),
    ] = None,
) -> None:
    """Add a follow-up."""
    from sam_tui.services import follow_ups

    row = follow_ups.add(
        conn(ctx),
        account_ref=account,
        title=" ".join(text),
        due=parsing.due(due),
        priority=priority,
        contact_ref=with_,
    )
    late = ", already overdue" if row.due_date < clock.today() else ""
    say(
        f"Follow-up #{row.id} for {one_line(row.account_name)} due {day(row.due_date)}{late}: "
        f"{one_line(row.title)}"
    )


LIST_COLUMNS = (
    id_column(),
    Column("Due"),
    name_column("Account"),
    Column("Follow-up", flex=True, wrap=True, min_width=16),
    Column("Pri", min_width=widest(Priority), drop=1),
)


# the cells of a list by member, not through Enum's ``.value`` (a Python-level property)
_CLOSED = {s: Span(f" ({s.value})", "dim") for s in FollowUpStatus if s is not FollowUpStatus.OPEN}
_PRIORITY_TEXT = {p: "" if p is Priority.NORMAL else p.value for p in Priority}


def _list_row(f: Any, today: date, due: Callable[[date], str]) -> tuple[Cell, ...]:
    """``due``: the Due column's text of a day (``day``, worked out once a day)."""
    style = "bold red" if f.overdue(today) else "yellow" if f.due_date == today else ""
    title: Cell = f.title
    if f.status is not FollowUpStatus.OPEN:
        title = (Span(f.title), _CLOSED[f.status])
    return (
        str(f.id),
        Span(due(f.due_date), style),
        f.account_name,
        title,
        _PRIORITY_TEXT[f.priority],
    )


@app.command("list")
def list_(
    ctx: typer.Context,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only overdue ones.")] = False,
    account: OnlyAccountOpt = None,
    all_: Annotated[bool, typer.Option("--all", help="Include done and cancelled.")] = False,
    wide: WideOpt = False,
    no_pager: NoPagerOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """List open follow-ups, earliest due first.

    On a narrow terminal the Pri column gives way first and the text wraps; --wide shows every column. On a terminal a long list opens in your pager (PAGER; --no-pager prints it straight).
    """  # noqa: E501
    from sam_tui.services import follow_ups

    rows = follow_ups.each_follow_up(
        conn(ctx), overdue_only=overdue, account_ref=account, include_closed=all_
    )
    today = clock.today()
    if as_json:
        fields = "id account_id account=account_name contact=contact_name title due=due_date"
        emit_json(
            [
                {
                    **picked(f, f"{fields} priority status"),
                    "overdue": f.overdue(today),
                    **picked(f, "done_at snoozed=snooze_count"),
                }
                for f in rows
            ]
        )
        return
    first, every = peek(rows)
    if first is None:
        say("Nothing overdue." if overdue else "No open follow-ups.")
        return
    ids = largest_id(conn(ctx), "follow_up")
    # 100,000 follow-ups fall due on a few thousand days
    due = cache(partial(day, today=today))
    lines = (_list_row(f, today, due) for f in every)
    print_list(LIST_COLUMNS, lines, no_pager=no_pager, gap=2, wide=wide, ids=ids)


@app.command("done")
def done(
    ctx: typer.Context,
    follow_up_ids: Annotated[
        list[str],
        typer.Argument(
            help="Follow-up IDs (as shown by list or today): one or several.",
            autocompletion=complete.follow_up_ids,
            show_default=False,
        ),
    ],
    outcome: Annotated[
        str | None,
        typer.Option("--outcome", "-o", help="What came of it (kept with each follow-up)."),
    ] = None,
    when: Annotated[str | None, WhenOpt] = None,
) -> None:
    """Mark one or several follow-ups done, in one command (`sam undo` reverts them together).

    Example: sam follow-up done 14 15 --outcome "Deck sent, call booked" --when yesterday
    """
    from sam_tui.services import follow_ups

    ids = [parsing.record_id(ident, "follow-up") for ident in follow_up_ids]
    at = parsing.when(when) if when is not None else None
    for row in follow_ups.done(conn(ctx), ids, outcome=outcome, at=at):
        said = f" ({parsing.moment(row.done_at)})" if at is not None and row.done_at else ""
        say(
            f"Done: follow-up #{row.id} for {one_line(row.account_name)}: "
            f"{one_line(row.title)}{said}"
        )


@app.command("snooze")
def snooze(
    ctx: typer.Context,
    follow_up_id: IdArg,
    until: Annotated[
        list[str],
        typer.Argument(
            help="New due date: tomorrow, monday, next friday, in 3 days, +1w, Dec 5 "
            "(no quotes needed).",
        ),
    ],
) -> None:
    """Move a follow-up to a later date."""
    from sam_tui.services import follow_ups

    row = follow_ups.snooze(
        conn(ctx), parsing.record_id(follow_up_id, "follow-up"), parsing.due(" ".join(until))
    )
    say(f"Snoozed follow-up #{row.id} for {one_line(row.account_name)} to {day(row.due_date)}")


@app.command("cancel")
def cancel(ctx: typer.Context, follow_up_id: IdArg) -> None:
    """Cancel a follow-up that no longer applies."""
    from sam_tui.services import follow_ups

    row = follow_ups.cancel(conn(ctx), parsing.record_id(follow_up_id, "follow-up"))
    say(f"Cancelled follow-up #{row.id} for {one_line(row.account_name)}")
