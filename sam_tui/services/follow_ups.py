"""Follow-up use cases: promise, list, complete, snooze or cancel what the manager owes a client."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import Any, NamedTuple

from sam_tui import clock
from sam_tui.domain import dates
from sam_tui.domain.enums import FollowUpStatus, Priority
from sam_tui.domain.errors import Conflict, InvalidInput
from sam_tui.domain.text import check_user_text
from sam_tui.services import accounts, contacts
from sam_tui.store import db
from sam_tui.store.sql import Where, by_id, given, reader, tuples


class FollowUpRow(NamedTuple):
    id: int
    account_id: int
    account_name: str
    contact_name: str | None
    title: str
    due_date: date
    priority: Priority
    status: FollowUpStatus
    done_at: datetime | None
    snooze_count: int
    # what came of it (the note of the touch that closed it)
    outcome: str | None = None

    def overdue(self, today: date) -> bool:
        return self.status is FollowUpStatus.OPEN and self.due_date < today


class FollowUpChanges(NamedTuple):
    """A follow-up's corrections; None means "not given"."""

    title: str | None = None
    due: date | None = None
    priority: Priority | None = None

    def columns(self) -> dict[str, object]:
        """The columns to write, checked; empty when nothing is given."""
        return given(
            title=None if self.title is None else check_user_text(self.title, "the follow-up"),
            due_date=self.due,
            priority=self.priority,
        )


_SELECT = """
    SELECT f.id, f.account_id, a.name AS account_name, c.name AS contact_name, f.title,
           f.due_date, f.priority, f.status, f.done_at, f.snooze_count, f.outcome
      FROM follow_up f
      JOIN account a ON a.id = f.account_id
      LEFT JOIN contact c ON c.id = f.contact_id
"""


_row = reader(
    FollowUpRow,
    due_date=date.fromisoformat,
    priority=Priority,
    status=FollowUpStatus,
    done_at=db.parse_ts,
    outcome=str,
)

get = by_id(_SELECT + " WHERE f.id = ?", _row, "follow-up")

# enum lookups by value: Enum.__call__ is slow enough to show on 100,000 rows
_PRIORITIES = {p.value: p for p in Priority}
_STATUSES = {s.value: s for s in FollowUpStatus}
_new_row = tuple.__new__  # a FollowUpRow without NamedTuple's Python-level __new__


def _listed(row: tuple[Any, ...]) -> FollowUpRow:
    """``_row`` of a plain tuple of ``_SELECT``'s columns, by position: what a list of
    100,000 follow-ups reads (names looked up in an sqlite3.Row cost more than the row)."""
    ident, account_id, account, contact, title, due, priority, status, done, snoozed, outcome = row
    return _new_row(
        FollowUpRow,
        (
            ident,
            account_id,
            account,
            contact,
            title,
            date.fromisoformat(due),
            _PRIORITIES[priority],
            _STATUSES[status],
            None if done is None else db.parse_ts(done),
            snoozed,
            None if outcome is None else str(outcome),
        ),
    )


def add(
    conn: sqlite3.Connection,
    *,
    account_ref: str,
    title: str,
    due: date,
    priority: Priority = Priority.NORMAL,
    contact_ref: str | None = None,
) -> FollowUpRow:
    text = check_user_text(title, "the follow-up")
    with db.write(conn, "follow-up add", clock.now()) as tx:
        account = accounts.find_live(conn, account_ref)
        contact = contacts.find(conn, contact_ref, account_id=account.id) if contact_ref else None
        new_id = insert(tx, account.id, contact.id if contact else None, text, due, priority)
        return get(conn, new_id)


def insert(
    tx: db.Tx,
    account_id: int,
    contact_id: int | None,
    title: str,
    due: date,
    priority: Priority,
    *,
    interaction_id: int | None = None,
) -> int:
    """Write an open follow-up inside ``tx`` (its input already checked); returns its id."""
    values: dict[str, object] = {
        "account_id": account_id,
        "contact_id": contact_id,
        "title": title,
        "due_date": due,
        "priority": priority.value,
        "status": FollowUpStatus.OPEN.value,
        "snooze_count": 0,
    }
    if interaction_id is not None:  # the change log names only the links there are
        values["interaction_id"] = interaction_id
    return tx.insert("follow_up", values)


def list_follow_ups(
    conn: sqlite3.Connection, *, account_ref: str | None = None, include_closed: bool = False
) -> list[FollowUpRow]:
    """The open follow-ups (``include_closed``: all), by due date; the overdue ones alone
    are ``each_follow_up``'s (the CLI's --overdue)."""
    return list(each_follow_up(conn, account_ref=account_ref, include_closed=include_closed))


def each_follow_up(
    conn: sqlite3.Connection,
    *,
    overdue_only: bool = False,
    account_ref: str | None = None,
    include_closed: bool = False,
) -> Iterator[FollowUpRow]:
    """``list_follow_ups`` one at a time, as read (100,000 with the closed ones)."""
    where = Where() if include_closed else Where("f.status = 'open'")
    if overdue_only:
        where.add("f.status = 'open' AND f.due_date < ?", clock.today().isoformat())
    if account_ref is not None:
        where.add("f.account_id = ?", accounts.find(conn, account_ref, archived=True).id)
    else:
        where.add("a.archived = 0")
    rows = tuples(conn).execute(_SELECT + where.sql + " ORDER BY f.due_date, f.id", where.params)
    return map(_listed, rows)


def _began(conn: sqlite3.Connection, follow_up_id: int) -> datetime:
    """When a follow-up began: its creation, or the touch it was promised in when that
    was logged backdated (a follow-up may be done before the day it was typed in)."""
    row = conn.execute(
        "SELECT f.created_at, i.occurred_at FROM follow_up f "
        "LEFT JOIN interaction i ON i.id = f.interaction_id WHERE f.id = ?",
        (follow_up_id,),
    ).fetchone()
    return min(db.parse_ts(t) for t in row if t is not None)


def _open(conn: sqlite3.Connection, follow_up_id: int, verb: str) -> FollowUpRow:
    row = get(conn, follow_up_id)
    if row.status is not FollowUpStatus.OPEN:
        raise Conflict(f"follow-up #{follow_up_id} is already {row.status.value}; cannot {verb} it")
    return row


def done(
    conn: sqlite3.Connection,
    follow_up_ids: Sequence[int],
    *,
    outcome: str | None = None,
    at: datetime | None = None,
) -> list[FollowUpRow]:
    """Mark these follow-ups done in one command (one `sam undo`), with what came of them,
    ``at`` a past moment (default now)."""
    text = None if outcome is None else check_user_text(outcome, "the outcome")
    now = clock.now()
    with db.write(conn, "follow-up done", now) as tx:
        return close(tx, follow_up_ids, outcome=text, at=at)


def close(
    tx: db.Tx,
    follow_up_ids: Sequence[int],
    *,
    outcome: str | None,
    at: datetime | None = None,
    account_id: int | None = None,
) -> list[FollowUpRow]:
    """Inside a write: mark the open follow-ups done at ``at`` with ``outcome``; each must
    belong to ``account_id`` when it is given (the touch that closes them)."""
    found = []
    for ident in dict.fromkeys(follow_up_ids):
        row = _open(tx.conn, ident, "complete")
        if account_id is not None and row.account_id != account_id:
            account = tx.conn.execute("SELECT name FROM account WHERE id = ?", (account_id,))
            raise Conflict(
                f"follow-up #{ident} is for {row.account_name}, not {account.fetchone()['name']}"
            )
        began = f"follow-up #{ident} was created"
        since = _began(tx.conn, ident)
        changes: dict[str, object] = {
            "status": FollowUpStatus.DONE.value,
            "done_at": dates.happened(at, tx.now, since=since, began=began, event="its completion"),
        }
        if outcome is not None:
            changes["outcome"] = outcome
        tx.update("follow_up", ident, changes)
        found.append(get(tx.conn, ident))
    return found


def cancel(conn: sqlite3.Connection, follow_up_id: int) -> FollowUpRow:
    now = clock.now()
    with db.write(conn, "follow-up cancel", now) as tx:
        _open(conn, follow_up_id, "cancel")
        tx.update(
            "follow_up", follow_up_id, {"status": FollowUpStatus.CANCELLED.value, "done_at": now}
        )
        return get(conn, follow_up_id)


def snooze(conn: sqlite3.Connection, follow_up_id: int, until: date) -> FollowUpRow:
    now = clock.now()
    if until < now.date():
        raise InvalidInput(f"cannot snooze into the past ({until.isoformat()})")
    with db.write(conn, "follow-up snooze", now) as tx:
        row = _open(conn, follow_up_id, "snooze")
        if until == row.due_date:
            raise Conflict(f"follow-up #{follow_up_id} is already due {until.isoformat()}")
        if until < row.due_date:
            # a snooze puts a promise off; moving it earlier is an edit of its due date
            raise InvalidInput(
                f"follow-up #{follow_up_id} is due {row.due_date.isoformat()}: a snooze moves "
                f"it later, not to {until.isoformat()}"
            )
        tx.update(
            "follow_up",
            follow_up_id,
            {"due_date": until, "snooze_count": row.snooze_count + 1},
        )
        return get(conn, follow_up_id)


def edit(conn: sqlite3.Connection, follow_up_id: int, data: FollowUpChanges) -> FollowUpRow:
    values = data.columns()
    if not values:
        raise InvalidInput("nothing to change")
    with db.write(conn, "follow-up edit", clock.now()) as tx:
        _open(conn, follow_up_id, "edit")
        tx.update("follow_up", follow_up_id, values)
        return get(conn, follow_up_id)
