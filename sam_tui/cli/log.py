"""`sam log`: one line from the shell records a client touch (and the follow-up it promised)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from sam_tui.cli import completion as complete
from sam_tui.cli import parsing
from sam_tui.cli.output import day, say
from sam_tui.cli.state import conn
from sam_tui.domain.dates import format_day, humanize
from sam_tui.domain.enums import Channel, ComplaintStatus, Direction, Priority
from sam_tui.domain.errors import InvalidInput
from sam_tui.domain.text import one_line

if TYPE_CHECKING:
    from datetime import datetime

    from sam_tui.services.interactions import LogResult


def log(
    ctx: typer.Context,
    account: Annotated[
        str | None,
        typer.Argument(
            help="Account: name, unique prefix or #ID.",
            show_default=False,
            autocompletion=complete.account,
        ),
    ] = None,
    text: Annotated[
        list[str] | None,
        typer.Argument(help="What happened (the rest of the line).", show_default=False),
    ] = None,
    channel: Annotated[
        Channel, typer.Option("--channel", "-c", help="How you touched the client.")
    ] = Channel.NOTE,
    with_: Annotated[
        str | None,
        typer.Option(
            "--with",
            "-w",
            help="Contact: name, first name or #ID.",
            autocompletion=complete.contact,
        ),
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
    edit: Annotated[
        bool,
        typer.Option("--edit", "-e", help="Write the note in $VISUAL / $EDITOR (a long note)."),
    ] = False,
    eml: Annotated[
        str | None,
        typer.Option(
            "--eml",
            help="Log an e-mail: a .eml file, or - to read it from standard input.",
            show_default=False,
        ),
    ] = None,
    account_opt: Annotated[
        str | None,
        typer.Option(
            "--account",
            "-a",
            help="With --eml: the account, when no address matches.",
            autocompletion=complete.account,
        ),
    ] = None,
    done: Annotated[
        list[str] | None,
        typer.Option(
            "--done",
            help="Close this follow-up of the account (repeat for several); the note is its outcome.",  # noqa: E501
            autocompletion=complete.follow_up_ids,
            show_default=False,
        ),
    ] = None,
    complaint: Annotated[
        list[str] | None,
        typer.Option(
            "--complaint",
            help="This touch answers the complaint (its first response, if none yet).",
            autocompletion=complete.complaint_ids,
            show_default=False,
        ),
    ] = None,
    status: Annotated[
        ComplaintStatus | None,
        typer.Option(help="With --complaint: move it to in-progress, waiting-customer, resolved."),
    ] = None,
) -> None:
    """Log a client touch in one line.

    Example: sam log acme "CFO agreed to pilot" --channel call --with jane --follow-up "next friday"

    Put -- before a note that starts with a dash: sam log acme -- "-10% on the renewal".

    One touch, one command: --done 14 closes follow-up #14 (the note is its outcome), --complaint 3 answers complaint #3 (the first response, if it had none; --status resolved resolves it with the note), all in the one change `sam undo` reverts.

    -e opens your editor for a long note (the text given, if any, is its start). --eml FILE logs an e-mail: the contact and account from its addresses, inbound when the client wrote, its date, subject and first lines; the same message is logged once. From a mail client: pipe the message to `sam log --eml -`.
    """  # noqa: E501
    from sam_tui.services import interactions

    # `is not None`: an empty value (`--follow-up "$DUE"` with DUE unset) is an error,
    # not a promise silently dropped
    occurred = parsing.when(when) if when is not None else None
    due = parsing.due(follow_up) if follow_up is not None else None
    common: dict[str, Any] = {
        "done": [parsing.record_id(ident, "follow-up") for ident in done or ()],
        "complaint_ids": [parsing.record_id(ident, "complaint") for ident in complaint or ()],
        "complaint_status": status,
        "sentiment": parsing.sentiment(sentiment),
        "follow_up_due": due,
        "follow_up_note": follow_up_note,
        "follow_up_priority": Priority.HIGH if high else Priority.NORMAL,
    }
    if eml is not None:
        if text:
            raise InvalidInput("with --eml the note is the message itself; leave out the TEXT")
        if edit:
            raise InvalidInput("--eml takes the note from the message; leave out -e")
        if channel not in (Channel.NOTE, Channel.EMAIL):
            raise InvalidInput("--eml logs an email touch; leave out --channel")
        if account is not None and account_opt is not None and account != account_opt:
            raise InvalidInput(f"two accounts given ({account} and --account {account_opt})")
        _log_mail(ctx, eml, account or account_opt, with_, occurred, inbound, common)
        return
    if account_opt is not None:
        raise InvalidInput(
            "--account goes with --eml; name the account first: sam log ACCOUNT TEXT"
        )
    if account is None:
        raise typer.BadParameter("give the ACCOUNT and what happened", param_hint="ACCOUNT")
    note = " ".join(text or [])
    if edit or not text:
        from sam_tui.cli.editor import note_or_edit

        note = note_or_edit(text, edit, f"What happened with {one_line(account)} (sam log)?")
    result = interactions.log(
        conn(ctx),
        account_ref=account,
        summary=note,
        channel=channel,
        contact_ref=with_,
        occurred_at=occurred,
        direction=Direction.IN if inbound else Direction.OUT,
        **common,
    )
    _report(result)


def _report(result: LogResult, extra: str = "") -> None:
    from sam_tui import clock

    local = result.occurred_at.astimezone()
    today = clock.today()
    stamp = f"{humanize(local.date(), today)} {local:%H:%M}"
    if local.date() != today:
        stamp = f"{format_day(local.date(), today)} {local:%H:%M} ({humanize(local.date(), today)})"
    who = f" ({one_line(result.contact_name)})" if result.contact_name else ""
    line = (
        f"Logged {result.channel.value} with {one_line(result.account_name)}{who}, {stamp}"
        f"{extra} [#{result.interaction_id}]"
    )
    if result.follow_up_id is not None:
        line += f"; follow-up #{result.follow_up_id} due {day(result.follow_up_due)}"
        if result.follow_up_due is not None and result.follow_up_due < today:
            line += ", already overdue"
    for f in result.closed:
        line += f"; done: follow-up #{f.id} {one_line(f.title)}"
    for c in result.answered:
        first = "first response, " if c.first else ""
        line += f"; answered complaint #{c.id} {one_line(c.title)} ({first}{c.status.value})"
    say(line)


def _log_mail(
    ctx: typer.Context,
    source: str,
    account_ref: str | None,
    with_: str | None,
    occurred: datetime | None,
    inbound: bool,
    common: dict[str, Any],
) -> None:
    """`sam log --eml FILE`: the touch is the message; the other options still apply."""
    import sys
    from pathlib import Path

    from sam_tui.interop import eml
    from sam_tui.services import interactions, mail

    if source == "-":
        data = sys.stdin.buffer.read()
    else:
        path = Path(source).expanduser()
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InvalidInput(f"cannot read {path}: {exc.strerror or exc}") from None
    if not data.strip():
        raise InvalidInput("the message is empty (nothing on standard input?)")
    message = eml.parse(data)
    db = conn(ctx)
    party = mail.match(
        db,
        senders=message.senders,
        recipients=message.recipients,
        forwarded_senders=message.forwarded_senders,
        forwarded_recipients=message.forwarded_recipients,
        account_ref=account_ref,
    )
    if with_ is None and party.contact_id is not None:
        with_ = f"#{party.contact_id}"
    direction = Direction.IN if inbound else party.direction
    if common["follow_up_due"] is not None and common["follow_up_note"] is None:
        # the follow-up is about the message: its subject, not the whole text logged
        common = {**common, "follow_up_note": message.subject or "Answer the e-mail"}
    result = interactions.log(
        db,
        account_ref=f"#{party.account_id}",
        summary=message.summary(),
        channel=Channel.EMAIL,
        contact_ref=with_,
        occurred_at=occurred or message.sent_at,
        direction=direction,
        message_id=message.message_id,
        **common,
    )
    way = "inbound" if direction is Direction.IN else "outbound"
    _report(result, f", {way}: {one_line(message.subject or '(no subject)')}")
