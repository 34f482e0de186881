"""`sam log`: one line from the shell records a client touch (and the follow-up it promised)."""

from __future__ import annotations

from typing import Annotated

import typer

from sam_tui.cli import parsing
from sam_tui.cli.options import AccountArg
from sam_tui.cli.output import day, say
from sam_tui.cli.state import conn
from sam_tui.domain.dates import format_day, humanize
from sam_tui.domain.enums import Channel, Direction, Priority
from sam_tui.domain.text import one_line


def log(
    ctx: typer.Context,
    account: AccountArg,
    text: Annotated[list[str], typer.Argument(help="What happened (the rest of the line).")],
    channel: Annotated[
        Channel, typer.Option("--channel", "-c", help="How you touched the client.")
    ] = Channel.NOTE,
    with_: Annotated[
        str | None, typer.Option("--with", "-w", help="Contact: name, first name or #ID.")
    ] = None,
    when: Annotated[
        str | None,
        typer.Option(help="When it happened: yesterday, monday, Nov 20 15:00 (default: now)."),
    ] = None,
    sentiment: Annotated[
        str, typer.Option("--sentiment", "-s", help="How it went: +, 0 or -.")
    ] = "0",
    inbound: Annotated[
        bool, typer.Option("--inbound", help="The client reached out (default: you did).")
    ] = False,
    follow_up: Annotated[
        str | None,
        typer.Option(
            "--follow-up", "-f", help="Also create a follow-up due then (next friday, +3d)."
        ),
    ] = None,
    follow_up_note: Annotated[
        str | None, typer.Option(help="Title of that follow-up (default: the note).")
    ] = None,
    high: Annotated[bool, typer.Option("--high", help="Make the follow-up high priority.")] = False,
) -> None:
    """Log a client touch in one line.

    Example: sam log acme "CFO agreed to pilot" --channel call --with jane --follow-up "next friday"

    Put -- before a note that starts with a dash: sam log acme -- "-10% on the renewal".
    """
    from sam_tui.services import interactions

    # `is not None`: an empty value (`--follow-up "$DUE"` with DUE unset) is an error,
    # not a promise silently dropped
    occurred = parsing.when(when) if when is not None else None
    due = parsing.due(follow_up) if follow_up is not None else None
    result = interactions.log(
        conn(ctx),
        account_ref=account,
        summary=" ".join(text),
        channel=channel,
        contact_ref=with_,
        occurred_at=occurred,
        sentiment=parsing.sentiment(sentiment),
        direction=Direction.IN if inbound else Direction.OUT,
        follow_up_due=due,
        follow_up_note=follow_up_note,
        follow_up_priority=Priority.HIGH if high else Priority.NORMAL,
    )
    local = result.occurred_at.astimezone()
    from sam_tui import clock

    today = clock.today()
    stamp = f"{humanize(local.date(), today)} {local:%H:%M}"
    if local.date() != today:
        stamp = f"{format_day(local.date(), today)} {local:%H:%M} ({humanize(local.date(), today)})"
    who = f" ({one_line(result.contact_name)})" if result.contact_name else ""
    line = (
        f"Logged {result.channel.value} with {one_line(result.account_name)}{who}, {stamp}"
        f" [#{result.interaction_id}]"
    )
    if result.follow_up_id is not None:
        line += f"; follow-up #{result.follow_up_id} due {day(result.follow_up_due)}"
        if result.follow_up_due is not None and result.follow_up_due < today:
            line += ", already overdue"
    say(line)
