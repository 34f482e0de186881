"""Logging client touches, the command typed dozens of times a day: keep it small and fast."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date, datetime
from typing import NamedTuple

from sam_tui import clock
from sam_tui.domain.enums import Channel, ComplaintStatus, Direction, Priority
from sam_tui.domain.errors import Conflict, InvalidInput
from sam_tui.domain.text import check_user_text, one_line
from sam_tui.services import accounts, contacts, follow_ups
from sam_tui.store import db


class LogResult(NamedTuple):
    interaction_id: int
    account_id: int
    account_name: str
    contact_name: str | None
    channel: Channel
    occurred_at: datetime
    follow_up_id: int | None
    follow_up_due: date | None
    # the follow-ups this touch closed, and the complaints it answered
    closed: tuple[follow_ups.FollowUpRow, ...] = ()
    answered: tuple[Answered, ...] = ()


class Answered(NamedTuple):
    """A complaint the touch answered: ``first`` when it was its first response."""

    id: int
    title: str
    status: ComplaintStatus
    first: bool


class InteractionRow(NamedTuple):
    id: int
    account_id: int
    account_name: str
    contact_name: str | None
    occurred_at: datetime
    channel: Channel
    direction: Direction
    summary: str
    sentiment: int


def log(
    conn: sqlite3.Connection,
    *,
    account_ref: str,
    summary: str,
    channel: Channel = Channel.NOTE,
    contact_ref: str | None = None,
    occurred_at: datetime | None = None,
    sentiment: int = 0,
    direction: Direction = Direction.OUT,
    follow_up_due: date | None = None,
    follow_up_note: str | None = None,
    follow_up_priority: Priority = Priority.NORMAL,
    message_id: str | None = None,
    done: Sequence[int] = (),
    complaint_ids: Sequence[int] = (),
    complaint_status: ComplaintStatus | None = None,
) -> LogResult:
    """Record one touch, and optionally the follow-up it promised, in one transaction.

    The same transaction (one `sam undo`) closes the account's follow-ups in ``done``
    (the note is their outcome) and answers its complaints in ``complaint_ids`` (the note
    is their next update, and the first response of one not answered yet), moving them to
    ``complaint_status`` if given (resolved: the note is the resolution).
    ``message_id`` (an e-mail's Message-ID) is kept so the same message is logged once.
    """
    text = check_user_text(summary, "the note")
    if sentiment not in (-1, 0, 1):
        raise InvalidInput("sentiment must be +, 0 or -")
    if follow_up_note is not None and follow_up_due is None:
        raise InvalidInput("--follow-up-note needs --follow-up DATE")
    if complaint_status is not None and not complaint_ids:
        raise InvalidInput("--status goes with --complaint ID (the complaint this touch answers)")
    now = clock.now()
    when = occurred_at or now
    with db.write(conn, "log", now) as tx:
        if message_id is not None:
            _refuse_logged_message(conn, message_id)
        account = accounts.find_live(conn, account_ref, then="to log on it again")
        contact = contacts.find(conn, contact_ref, account_id=account.id) if contact_ref else None
        interaction_id = tx.insert(
            "interaction",
            {
                "account_id": account.id,
                "contact_id": contact.id if contact else None,
                "occurred_at": when,
                "channel": channel.value,
                "direction": direction.value,
                "summary": text,
                "sentiment": sentiment,
                # only when there is one: the other columns are those of every schema version
                **({"message_id": message_id} if message_id is not None else {}),
            },
        )
        follow_up_id = None
        if follow_up_due is not None:
            title = check_user_text(follow_up_note, "--follow-up-note") if follow_up_note else text
            follow_up_id = follow_ups.insert(
                tx,
                account.id,
                contact.id if contact else None,
                title,
                follow_up_due,
                follow_up_priority,
                interaction_id=interaction_id,
            )
        closed = follow_ups.close(tx, done, outcome=text, at=when, account_id=account.id)
        answered = _answer(tx, complaint_ids, text, complaint_status, when, account.id)
    return LogResult(
        interaction_id=interaction_id,
        account_id=account.id,
        account_name=account.name,
        contact_name=contact.name if contact else None,
        channel=channel,
        occurred_at=when,
        follow_up_id=follow_up_id,
        follow_up_due=follow_up_due,
        closed=tuple(closed),
        answered=answered,
    )


def _answer(
    tx: db.Tx,
    complaint_ids: Sequence[int],
    note: str,
    status: ComplaintStatus | None,
    at: datetime,
    account_id: int,
) -> tuple[Answered, ...]:
    if not complaint_ids:
        return ()
    from sam_tui.services import complaints  # not on the everyday `sam log` path

    found = []
    for ident in dict.fromkeys(complaint_ids):
        first = complaints.get(tx.conn, ident).first_response_at is None
        reply = complaints.Answer(note, status, at)
        row = complaints.answer(tx, ident, reply, account_id=account_id)
        found.append(Answered(row.id, row.title, row.status, first))
    return tuple(found)


def _refuse_logged_message(conn: sqlite3.Connection, message_id: str) -> None:
    row = conn.execute(
        """SELECT i.id, i.occurred_at, a.name FROM interaction i
             JOIN account a ON a.id = i.account_id WHERE i.message_id = ?""",
        (message_id,),
    ).fetchone()
    if row is not None:
        when = db.parse_ts(row["occurred_at"]).astimezone().date().isoformat()
        raise Conflict(
            f"this message was already logged: interaction #{row['id']} with "
            f"{one_line(row['name'])} on {when} (Message-ID {one_line(message_id[:80])}); "
            "nothing was logged"
        )


def recent(
    conn: sqlite3.Connection, *, account_id: int | None = None, limit: int = 20
) -> list[InteractionRow]:
    where = "WHERE i.account_id = ?" if account_id is not None else ""
    params: tuple[object, ...] = (account_id,) if account_id is not None else ()
    rows = conn.execute(
        f"""SELECT i.id, i.account_id, a.name AS account_name, c.name AS contact_name,
                   i.occurred_at, i.channel, i.direction, i.summary, i.sentiment
              FROM interaction i
              JOIN account a ON a.id = i.account_id
              LEFT JOIN contact c ON c.id = i.contact_id
              {where}
             ORDER BY i.occurred_at DESC, i.id DESC
             LIMIT ?""",
        (*params, limit),
    )
    return [
        InteractionRow(
            id=r["id"],
            account_id=r["account_id"],
            account_name=r["account_name"],
            contact_name=r["contact_name"],
            occurred_at=db.parse_ts(r["occurred_at"]),
            channel=Channel(r["channel"]),
            direction=Direction(r["direction"]),
            summary=r["summary"],
            sentiment=r["sentiment"],
        )
        for r in rows
    ]
