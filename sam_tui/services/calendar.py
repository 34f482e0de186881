"""What goes into the manager's calendar: dated commitments as plain items, with their versions.

Read by ``interop.ics``. Each item names the record it comes from (kind and id), its
state (open, done, cancelled), when it last changed (``updated_at``) and how many times
(SEQUENCE: the change log's updates of that record), so a calendar that imports the file
again updates the event instead of adding a second one. Closed items stay in the export
for ``CLOSED_WINDOW_DAYS`` after their date, as cancellations that clear them from the
calendar; older ones drop out, so the file does not grow with history.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import NamedTuple

from sam_tui import clock
from sam_tui.domain.enums import OPEN_STAGES, ComplaintStatus, DealStage, FollowUpStatus, Priority
from sam_tui.domain.errors import InvalidInput
from sam_tui.store import db
from sam_tui.store.sql import one_of

CLOSED_WINDOW_DAYS = 90
BOOK_ID_KEY = "book.id"


class ItemKind(StrEnum):
    FOLLOW_UP = "follow-ups"
    RENEWAL = "renewals"
    CLOSE_DATE = "close-dates"
    SLA = "sla"


class ItemState(StrEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


class CalendarItem(NamedTuple):
    kind: ItemKind
    record_id: int  # the follow-up, account, deal or complaint
    account_id: int
    account_name: str
    title: str  # the follow-up's title, the deal's name, the complaint's title; "" for renewals
    day: date  # the day it falls on (local date of an SLA deadline)
    at: datetime | None  # a timed item (an SLA deadline), else None
    state: ItemState
    updated_at: datetime
    sequence: int
    contact_name: str | None = None
    detail: str = ""  # priority, severity, amount and stage: a few words
    done_at: datetime | None = None


def parse_kinds(text: str) -> frozenset[ItemKind]:
    """``follow-ups,renewals`` -> the kinds; each word may be a unique prefix."""
    found: set[ItemKind] = set()
    for word in (w.strip().lower() for w in text.split(",")):
        if not word:
            continue
        matches = [k for k in ItemKind if k.value.startswith(word)]
        if len(matches) != 1:
            known = ", ".join(k.value for k in ItemKind)
            raise InvalidInput(f"--what takes a list of: {known}; not '{word}'")
        found.add(matches[0])
    if not found:
        raise InvalidInput(f"--what is empty; give one or more of {', '.join(ItemKind)}")
    return frozenset(found)


def book_id(conn: sqlite3.Connection) -> str:
    """A random id for this book, made on first use: it keeps two books' UIDs apart.

    Stored outside the change log, as automatic forecast snapshots are: `sam undo` must
    undo the user's last change, and a calendar would duplicate every event if the id
    ever changed.
    """
    row = conn.execute("SELECT value FROM setting WHERE key = ?", (BOOK_ID_KEY,)).fetchone()
    if row is not None:
        return str(row["value"])
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(
            "INSERT OR IGNORE INTO setting (key, value) VALUES (?, ?)",
            (BOOK_ID_KEY, os.urandom(8).hex()),
        )
        value = conn.execute("SELECT value FROM setting WHERE key = ?", (BOOK_ID_KEY,)).fetchone()
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return str(value["value"])


def _changes(entity: str, alias: str) -> str:
    # the record's updates in the change log (index ix_change_log_entity): every logged
    # change, undos included, only ever adds rows, so the count never goes back
    return (
        f"(SELECT count(*) FROM change_log cl WHERE cl.entity = '{entity}' "
        f"AND cl.entity_id = {alias}.id AND cl.action <> 'create')"
    )


def _follow_ups(conn: sqlite3.Connection, since: date) -> Iterable[CalendarItem]:
    rows = conn.execute(
        f"""SELECT f.id, f.account_id, a.name AS account_name, c.name AS contact_name,
                   f.title, f.due_date, f.priority, f.status, f.done_at, f.updated_at,
                   {_changes("follow_up", "f")} AS sequence
              FROM follow_up f
              JOIN account a ON a.id = f.account_id
              LEFT JOIN contact c ON c.id = f.contact_id
             WHERE f.status = 'open' OR f.due_date >= ?
             ORDER BY f.due_date, f.id""",
        (since.isoformat(),),
    )
    for r in rows:
        status = FollowUpStatus(r["status"])
        priority = Priority(r["priority"])
        yield CalendarItem(
            kind=ItemKind.FOLLOW_UP,
            record_id=r["id"],
            account_id=r["account_id"],
            account_name=r["account_name"],
            title=r["title"],
            day=date.fromisoformat(r["due_date"]),
            at=None,
            state=ItemState(status.value),
            updated_at=db.parse_ts(r["updated_at"]),
            sequence=r["sequence"],
            contact_name=r["contact_name"],
            detail="" if priority is Priority.NORMAL else f"{priority.value} priority",
            done_at=db.opt_ts(r["done_at"]),
        )


def _renewals(conn: sqlite3.Connection, since: date) -> Iterable[CalendarItem]:
    from sam_tui.domain.money import format_money

    rows = conn.execute(
        f"""SELECT a.id, a.name, a.renewal_date, a.annual_value_cents, a.status, a.archived,
                   a.updated_at, {_changes("account", "a")} AS sequence
              FROM account a
             WHERE a.renewal_date >= ?
             ORDER BY a.renewal_date, a.id""",
        (since.isoformat(),),
    )
    for r in rows:
        live = r["status"] == "active" and not r["archived"]
        value = r["annual_value_cents"]
        yield CalendarItem(
            kind=ItemKind.RENEWAL,
            record_id=r["id"],
            account_id=r["id"],
            account_name=r["name"],
            title="",
            day=date.fromisoformat(r["renewal_date"]),
            at=None,
            state=ItemState.OPEN if live else ItemState.CANCELLED,
            updated_at=db.parse_ts(r["updated_at"]),
            sequence=r["sequence"],
            detail="" if value is None else f"annual value {format_money(value)}",
        )


def _close_dates(conn: sqlite3.Connection, since: date) -> Iterable[CalendarItem]:
    from sam_tui.domain.money import format_money

    open_stage, open_stages = one_of("d.stage", OPEN_STAGES)
    rows = conn.execute(
        f"""SELECT d.id, d.account_id, a.name AS account_name, d.name, d.amount_cents,
                   d.stage, d.expected_close, d.closed_at, d.updated_at,
                   {_changes("deal", "d")} AS sequence
              FROM deal d
              JOIN account a ON a.id = d.account_id
             WHERE d.expected_close IS NOT NULL
               AND ({open_stage} OR d.expected_close >= ?)
             ORDER BY d.expected_close, d.id""",
        (*open_stages, since.isoformat()),
    )
    for r in rows:
        stage = DealStage(r["stage"])
        closed = stage in (DealStage.WON, DealStage.LOST)
        yield CalendarItem(
            kind=ItemKind.CLOSE_DATE,
            record_id=r["id"],
            account_id=r["account_id"],
            account_name=r["account_name"],
            title=r["name"],
            day=date.fromisoformat(r["expected_close"]),
            at=None,
            state=ItemState.DONE if closed else ItemState.OPEN,
            updated_at=db.parse_ts(r["updated_at"]),
            sequence=r["sequence"],
            detail=f"{format_money(r['amount_cents'])}, {stage.value}",
            done_at=db.opt_ts(r["closed_at"]),
        )


def _sla(conn: sqlite3.Connection, since: datetime) -> Iterable[CalendarItem]:
    rows = conn.execute(
        f"""SELECT k.id, k.account_id, a.name AS account_name, c.name AS contact_name,
                   k.title, k.severity, k.sla_due_at, k.status, k.resolved_at, k.updated_at,
                   {_changes("complaint", "k")} AS sequence
              FROM complaint k
              JOIN account a ON a.id = k.account_id
              LEFT JOIN contact c ON c.id = k.contact_id
             WHERE k.status <> 'resolved' OR k.sla_due_at >= ?
             ORDER BY k.sla_due_at, k.id""",
        (db.ts(since),),
    )
    for r in rows:
        due = db.parse_ts(r["sla_due_at"])
        resolved = r["status"] == ComplaintStatus.RESOLVED.value
        yield CalendarItem(
            kind=ItemKind.SLA,
            record_id=r["id"],
            account_id=r["account_id"],
            account_name=r["account_name"],
            title=r["title"],
            day=due.astimezone().date(),
            at=due,
            state=ItemState.DONE if resolved else ItemState.OPEN,
            updated_at=db.parse_ts(r["updated_at"]),
            sequence=r["sequence"],
            contact_name=r["contact_name"],
            detail=f"{r['severity']} complaint, {r['status']}",
            done_at=db.opt_ts(r["resolved_at"]),
        )


def items(conn: sqlite3.Connection, kinds: frozenset[ItemKind]) -> list[CalendarItem]:
    """Every dated commitment of ``kinds``, in one read snapshot, by day."""
    today = clock.today()
    since = today - timedelta(days=CLOSED_WINDOW_DAYS)
    found: list[CalendarItem] = []
    with db.read(conn):
        if ItemKind.FOLLOW_UP in kinds:
            found.extend(_follow_ups(conn, since))
        if ItemKind.RENEWAL in kinds:
            found.extend(_renewals(conn, since))
        if ItemKind.CLOSE_DATE in kinds:
            found.extend(_close_dates(conn, since))
        if ItemKind.SLA in kinds:
            found.extend(_sla(conn, clock.now() - timedelta(days=CLOSED_WINDOW_DAYS)))
    found.sort(key=lambda i: (i.day, list(ItemKind).index(i.kind), i.record_id))
    return found
