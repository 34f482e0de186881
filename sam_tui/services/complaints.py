"""Complaint use cases: open with an SLA clock, record updates, resolve, list by urgency."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime
from typing import Any, NamedTuple

from sam_tui import clock
from sam_tui.domain import dates
from sam_tui.domain.enums import OPEN_COMPLAINT_STATUSES, ComplaintStatus, Severity
from sam_tui.domain.errors import Conflict, InvalidInput
from sam_tui.domain.sla import SlaState, sla_due, sla_state
from sam_tui.domain.text import check_user_text
from sam_tui.services import accounts, contacts
from sam_tui.store import db
from sam_tui.store.sql import Where, fetch_one, given, reader


class ComplaintUpdateRow(NamedTuple):
    at: datetime
    text: str
    status: ComplaintStatus | None


class ComplaintRow(NamedTuple):
    id: int
    account_id: int
    account_name: str
    contact_name: str | None
    title: str
    severity: Severity
    status: ComplaintStatus
    team: str | None
    opened_at: datetime
    sla_due_at: datetime
    first_response_at: datetime | None
    resolved_at: datetime | None
    resolution: str | None
    updates: tuple[ComplaintUpdateRow, ...] = ()

    @property
    def is_open(self) -> bool:
        return self.status is not ComplaintStatus.RESOLVED

    def sla(self, now: datetime) -> SlaState:
        return sla_state(self.opened_at, self.sla_due_at, now)


class ComplaintChanges(NamedTuple):
    """A complaint's corrections; None means "not given" (empty team text clears it)."""

    title: str | None = None
    severity: Severity | None = None
    team: str | None = None


_SELECT = """
    SELECT p.id, p.account_id, a.name AS account_name, c.name AS contact_name, p.title,
           p.severity, p.status, p.team, p.opened_at, p.sla_due_at, p.first_response_at,
           p.resolved_at, p.resolution
      FROM complaint p
      JOIN account a ON a.id = p.account_id
      LEFT JOIN contact c ON c.id = p.contact_id
"""


# how a complaint's stored columns read (services.activity reads its events with them)
STORED: dict[str, Callable[[Any], object]] = {
    "severity": Severity,
    "status": ComplaintStatus,
    "opened_at": db.parse_ts,
    "sla_due_at": db.parse_ts,
    "first_response_at": db.parse_ts,
    "resolved_at": db.parse_ts,
}
_row = reader(ComplaintRow, **STORED)
_update = reader(ComplaintUpdateRow, at=db.parse_ts, status=ComplaintStatus)


def get(conn: sqlite3.Connection, complaint_id: int) -> ComplaintRow:
    """One complaint with its updates."""
    found = fetch_one(
        conn, _SELECT + " WHERE p.id = ?", (complaint_id,), _row, f"no complaint #{complaint_id}"
    )
    updates = conn.execute(
        "SELECT at, text, status FROM complaint_update WHERE complaint_id = ? ORDER BY at, id",
        (complaint_id,),
    )
    return found._replace(updates=tuple(_update(r) for r in updates))


def sla_overrides(conn: sqlite3.Connection) -> dict[Severity, int]:
    """Per-database SLA days (settings ``sla.<severity>``), where the user set them."""
    found: dict[Severity, int] = {}
    for r in conn.execute("SELECT key, value FROM setting WHERE key LIKE 'sla.%'"):
        try:
            found[Severity(r["key"].removeprefix("sla."))] = int(r["value"])
        except ValueError:
            continue
    return found


def open_complaint(
    conn: sqlite3.Connection,
    *,
    account_ref: str,
    title: str,
    severity: Severity = Severity.MEDIUM,
    team: str | None = None,
    contact_ref: str | None = None,
    at: datetime | None = None,
) -> ComplaintRow:
    """Open a complaint; ``at`` backdates it (the SLA clock runs from then)."""
    text = check_user_text(title, "the complaint")
    now = clock.now()
    opened = dates.happened(at, now)
    with db.write(conn, "complaint open", now) as tx:
        account = accounts.find_live(conn, account_ref)
        contact = contacts.find(conn, contact_ref, account_id=account.id) if contact_ref else None
        new_id = tx.insert(
            "complaint",
            {
                "account_id": account.id,
                "contact_id": contact.id if contact else None,
                "title": text,
                "severity": severity.value,
                "opened_at": opened,
                "sla_due_at": sla_due(opened, severity, sla_overrides(conn)),
                "status": ComplaintStatus.OPEN.value,
                "team": team.strip() if team and team.strip() else None,
            },
        )
        return get(conn, new_id)


def _progress(
    tx: db.Tx,
    current: ComplaintRow,
    changes: dict[str, object],
    note: str,
    at: datetime | None = None,
) -> ComplaintRow:
    """Apply ``changes`` and keep ``note`` as the complaint's next update (with the status
    it moved to), at ``at`` (backdated: not before the complaint was opened nor before its
    latest update, so its story reads in order); the earliest update is its first
    response, so SLA figures count from the times it happened."""
    resolving = changes.get("resolved_at") is not None
    last = tx.conn.execute(
        "SELECT MAX(at) FROM complaint_update WHERE complaint_id = ?", (current.id,)
    ).fetchone()[0]
    when = dates.happened(
        at,
        tx.now,
        since=current.opened_at,
        began=f"complaint #{current.id} was opened",
        event="its resolution" if resolving else "an update",
        last=None if last is None else db.parse_ts(last),
        changed=f"complaint #{current.id} last changed",
    )
    if current.first_response_at is None or when < current.first_response_at:
        changes["first_response_at"] = when
    if "resolved_at" in changes and changes["resolved_at"] is not None:
        changes["resolved_at"] = when
    if changes:
        tx.update("complaint", current.id, changes)
    tx.insert(
        "complaint_update",
        {"complaint_id": current.id, "at": when, "text": note, "status": changes.get("status")},
    )
    return get(tx.conn, current.id)


class Answer(NamedTuple):
    """A complaint's next update: its (checked) text, the status it moves the complaint to
    (None: as it is) and when it happened (None: now)."""

    note: str
    status: ComplaintStatus | None = None
    at: datetime | None = None


def answer(
    tx: db.Tx, complaint_id: int, reply: Answer, *, account_id: int | None = None
) -> ComplaintRow:
    """Inside a write: ``reply`` answers the complaint (its next update; the first one is
    its first response), optionally moving it to a status; resolved, its note is the
    resolution. With ``account_id``, the complaint must be that account's."""
    note, status, at = reply
    current = get(tx.conn, complaint_id)
    if account_id is not None and current.account_id != account_id:
        account = tx.conn.execute("SELECT name FROM account WHERE id = ?", (account_id,))
        raise Conflict(
            f"complaint #{complaint_id} is {current.account_name}'s, not "
            f"{account.fetchone()['name']}'s"
        )
    if not current.is_open and status in (None, ComplaintStatus.RESOLVED):
        raise Conflict(f"complaint #{complaint_id} is resolved; reopen it with --status open")
    changes: dict[str, object] = {}
    if status is ComplaintStatus.RESOLVED:
        changes.update(status=status.value, resolution=note, resolved_at=tx.now)
    elif status is not None and status is not current.status:
        changes["status"] = status.value
        if not current.is_open:
            changes["resolved_at"] = None
            changes["resolution"] = None
    return _progress(tx, current, changes, note, at)


def add_update(
    conn: sqlite3.Connection,
    complaint_id: int,
    text: str,
    *,
    status: ComplaintStatus | None = None,
    at: datetime | None = None,
) -> ComplaintRow:
    """Record progress; the first update is the first response the SLA report measures."""
    note = check_user_text(text, "the update")
    if status is ComplaintStatus.RESOLVED:
        raise InvalidInput(
            f"use `sam complaint resolve {complaint_id} TEXT` to resolve: it records the resolution"
        )
    with db.write(conn, "complaint update", clock.now()) as tx:
        return answer(tx, complaint_id, Answer(note, status, at))


def resolve(
    conn: sqlite3.Connection, complaint_id: int, text: str, *, at: datetime | None = None
) -> ComplaintRow:
    note = check_user_text(text, "the resolution")
    with db.write(conn, "complaint resolve", clock.now()) as tx:
        if not get(conn, complaint_id).is_open:
            raise Conflict(f"complaint #{complaint_id} is already resolved")
        return answer(tx, complaint_id, Answer(note, ComplaintStatus.RESOLVED, at))


def list_complaints(
    conn: sqlite3.Connection,
    *,
    open_only: bool = False,
    account_ref: str | None = None,
) -> list[ComplaintRow]:
    """Open ones first, by time left to SLA; then resolved ones, latest first."""
    where = Where()
    if open_only:
        where.one_of("p.status", OPEN_COMPLAINT_STATUSES)
    if account_ref is not None:
        where.add("p.account_id = ?", accounts.find(conn, account_ref, archived=True).id)
    order = (
        " ORDER BY (p.status = 'resolved'), "
        "CASE WHEN p.status = 'resolved' THEN NULL ELSE p.sla_due_at END, "
        "p.resolved_at DESC, p.id"
    )
    return [_row(r) for r in conn.execute(_SELECT + where.sql + order, where.params)]


def edit(conn: sqlite3.Connection, complaint_id: int, data: ComplaintChanges) -> ComplaintRow:
    """Correct a complaint; a new severity moves the SLA deadline (from when it was opened)."""
    title, severity, team = data
    changes = given(title=None if title is None else check_user_text(title, "the complaint"))
    if team is not None:
        changes["team"] = team.strip() or None  # empty text clears it
    with db.write(conn, "complaint edit", clock.now()) as tx:
        current = get(conn, complaint_id)
        if severity is not None and severity is not current.severity:
            changes["severity"] = severity.value
            changes["sla_due_at"] = sla_due(current.opened_at, severity, sla_overrides(conn))
        if not changes:
            raise InvalidInput("nothing to change")
        tx.update("complaint", complaint_id, changes)
        return get(conn, complaint_id)
