"""Read models for the address book and spreadsheet exports: contacts as cards, tables as rows.

Rows come as plain Python values (``str``, ``int``, ``Decimal`` money, ``date``, aware
``datetime``, ``bool``, ``None``), streamed from one read snapshot so an export of a
million interactions never sits in memory whole. ``interop.vcard`` and ``interop.csv_export``
turn them into files.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from sam_tui.domain.errors import InvalidInput
from sam_tui.services import accounts, contacts
from sam_tui.store import db

# --- contacts for the address book ---------------------------------------------------------


class CardContact(NamedTuple):
    id: int
    account_id: int
    account_name: str
    name: str
    role: str | None
    email: str | None
    phone: str | None
    influence: str | None
    cadence_days: int | None  # the cadence in force: own, or derived for key people
    own_cadence: bool
    notes: str | None
    updated_at: str  # stored UTC text, e.g. 2026-11-26T09:00:00Z


def card_contacts(conn: sqlite3.Connection, account_ref: str | None = None) -> list[CardContact]:
    """Every live contact (of one account with ``account_ref``), with its cadence in force."""
    with db.read(conn):
        people = contacts.list_contacts(conn, account_ref)
        extra = {
            r["id"]: (r["notes"], r["updated_at"])
            for r in conn.execute("SELECT id, notes, updated_at FROM contact WHERE archived = 0")
        }
        cadences = {}
        for account_id in dict.fromkeys(p.account_id for p in people):
            for status in contacts.cadence_status(conn, account_id):
                cadences[status.contact.id] = (status.cadence_days, status.own_cadence)
    found = []
    for p in people:
        notes, updated = extra.get(p.id, (None, ""))
        cadence, own = cadences.get(p.id, (p.cadence_days, p.cadence_days is not None))
        found.append(
            CardContact(
                id=p.id,
                account_id=p.account_id,
                account_name=p.account_name,
                name=p.name,
                role=p.role,
                email=p.email,
                phone=p.phone,
                influence=p.influence.value if p.influence else None,
                cadence_days=cadence,
                own_cadence=own,
                notes=notes,
                updated_at=updated,
            )
        )
    return found


def account_exists(conn: sqlite3.Connection, ref: str) -> str:
    """The account's name (an unknown or ambiguous ``ref`` is the usual one-line error)."""
    return accounts.find(conn, ref, archived=True).name


# --- tables for spreadsheets ----------------------------------------------------------------


class Column(NamedTuple):
    header: str  # in words: what a spreadsheet user reads
    sql: str  # the expression selecting it
    kind: str  # text, number, money, date, moment (a stored UTC timestamp), flag


class Table(NamedTuple):
    columns: tuple[Column, ...]
    source: str  # FROM ... (joins), then the ORDER BY
    order: str


def _c(header: str, sql: str, kind: str = "text") -> Column:
    return Column(header, sql, kind)


_CREATED = (_c("Created", "t.created_at", "moment"),)
_TIMES = (*_CREATED, _c("Updated", "t.updated_at", "moment"))
_OWNER = (_c("Account ID", "t.account_id", "number"), _c("Account", "a.name"))
# a record of an account that may name one of its contacts
_ABOUT_CONTACT = (
    _c("ID", "t.id", "number"),
    *_OWNER,
    _c("Contact ID", "t.contact_id", "number"),
    _c("Contact", "c.name"),
)
_JOIN_ACCOUNT = " JOIN account a ON a.id = t.account_id"
_JOIN_CONTACT = " LEFT JOIN contact c ON c.id = t.contact_id"

TABLES: dict[str, Table] = {
    "accounts": Table(
        (
            _c("ID", "t.id", "number"),
            _c("Name", "t.name"),
            _c("Tier", "t.tier"),
            _c("Status", "t.status"),
            _c("Archived", "t.archived", "flag"),
            _c("Industry", "t.industry"),
            _c("Region", "t.region"),
            _c("Annual value", "t.annual_value_cents", "money"),
            _c("Renewal date", "t.renewal_date", "date"),
            _c("Cadence (days)", "t.cadence_days", "number"),
            _c("Prospect stage", "t.prospect_stage"),
            _c("Fit reason", "t.fit_reason"),
            _c("Disqualified reason", "t.disqualified_reason"),
            _c("Notes", "t.notes"),
            _c("Last touch", "t.last_touch_at", "moment"),
            *_TIMES,
        ),
        "FROM account t",
        "t.id",
    ),
    "contacts": Table(
        (
            _c("ID", "t.id", "number"),
            *_OWNER,
            _c("Name", "t.name"),
            _c("Role", "t.role"),
            _c("Email", "t.email"),
            _c("Phone", "t.phone"),
            _c("Influence", "t.influence"),
            _c("Cadence (days)", "t.cadence_days", "number"),
            _c("Notes", "t.notes"),
            _c("Archived", "t.archived", "flag"),
            _c("Last touch", "t.last_touch_at", "moment"),
            *_TIMES,
        ),
        "FROM contact t" + _JOIN_ACCOUNT,
        "t.id",
    ),
    "deals": Table(
        (
            _c("ID", "t.id", "number"),
            *_OWNER,
            _c("Name", "t.name"),
            _c("Amount", "t.amount_cents", "money"),
            _c("Kind", "t.kind"),
            _c("Stage", "t.stage"),
            _c("Probability (%)", "t.probability", "number"),
            _c("Forecast category", "t.forecast_category"),
            _c("Expected close", "t.expected_close", "date"),
            _c("Closed", "t.closed_at", "moment"),
            _c("Lost reason", "t.lost_reason"),
            *_TIMES,
        ),
        "FROM deal t" + _JOIN_ACCOUNT,
        "t.id",
    ),
    "interactions": Table(
        (
            *_ABOUT_CONTACT,
            _c("When", "t.occurred_at", "moment"),
            _c("Channel", "t.channel"),
            _c("Direction", "t.direction"),
            _c("Summary", "t.summary"),
            _c("Sentiment", "t.sentiment", "number"),
            *_CREATED,
        ),
        "FROM interaction t" + _JOIN_ACCOUNT + _JOIN_CONTACT,
        "t.id",
    ),
    "follow-ups": Table(
        (
            *_ABOUT_CONTACT,
            _c("Title", "t.title"),
            _c("Due date", "t.due_date", "date"),
            _c("Due time", "t.due_time"),
            _c("Priority", "t.priority"),
            _c("Status", "t.status"),
            _c("Done", "t.done_at", "moment"),
            _c("Snoozed (times)", "t.snooze_count", "number"),
            *_TIMES,
        ),
        "FROM follow_up t" + _JOIN_ACCOUNT + _JOIN_CONTACT,
        "t.id",
    ),
    "complaints": Table(
        (
            *_ABOUT_CONTACT,
            _c("Title", "t.title"),
            _c("Severity", "t.severity"),
            _c("Status", "t.status"),
            _c("Team", "t.team"),
            _c("Opened", "t.opened_at", "moment"),
            _c("First response", "t.first_response_at", "moment"),
            _c("SLA due", "t.sla_due_at", "moment"),
            _c("Resolved", "t.resolved_at", "moment"),
            _c("Resolution", "t.resolution"),
            *_TIMES,
        ),
        "FROM complaint t" + _JOIN_ACCOUNT + _JOIN_CONTACT,
        "t.id",
    ),
    "requests": Table(
        (
            _c("ID", "t.id", "number"),
            *_OWNER,
            _c("Team", "t.team"),
            _c("Ask", "t.ask"),
            _c("Complaint ID", "t.complaint_id", "number"),
            _c("Asked", "t.asked_at", "moment"),
            _c("Due date", "t.due_date", "date"),
            _c("Status", "t.status"),
            _c("Outcome", "t.outcome"),
            _c("Done", "t.done_at", "moment"),
            *_TIMES,
        ),
        "FROM internal_request t" + _JOIN_ACCOUNT,
        "t.id",
    ),
}


def table_name(text: str) -> str:
    """``follow`` -> ``follow-ups``: a unique prefix of a table's name."""
    word = text.strip().lower()
    matches = [name for name in TABLES if name.startswith(word)] if word else []
    if word in TABLES:
        return word
    if len(matches) != 1:
        raise InvalidInput(f"no table '{text}' to export; tables: {', '.join(TABLES)}")
    return matches[0]


_CONVERT: dict[str, Callable[[object], object]] = {
    "text": str,
    "number": lambda v: v,
    "money": lambda v: Decimal(int(str(v))) / 100,
    "date": lambda v: date.fromisoformat(str(v)),
    "moment": lambda v: db.parse_ts(str(v)),
    "flag": bool,
}


def rows(conn: sqlite3.Connection, name: str) -> Iterator[tuple[object, ...]]:
    """Every row of table ``name`` (see ``TABLES``), oldest first, from one read snapshot."""
    table = TABLES[name]
    select = ", ".join(c.sql for c in table.columns)
    converters = [_CONVERT[c.kind] for c in table.columns]
    with db.read(conn):
        cursor = conn.execute(f"SELECT {select} {table.source} ORDER BY {table.order}")
        for raw in cursor:
            yield tuple(
                None if value is None else convert(value)
                for convert, value in zip(converters, raw, strict=True)
            )
