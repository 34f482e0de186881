"""Contact use cases: the people at each account, their influence and their own cadence."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import datetime
from typing import NamedTuple

from sam_tui import clock
from sam_tui.domain import refs
from sam_tui.domain.cadence import KEY_INFLUENCE, account_cadence, contact_cadence, recency
from sam_tui.domain.enums import Influence, Tier
from sam_tui.domain.errors import Ambiguous, InvalidInput, NotFound
from sam_tui.domain.text import check_user_text, one_line
from sam_tui.services import accounts
from sam_tui.store import db
from sam_tui.store.sql import reader


class ContactRow(NamedTuple):
    id: int
    account_id: int
    account_name: str
    name: str
    role: str | None
    email: str | None
    phone: str | None
    influence: Influence | None
    cadence_days: int | None
    last_touch: datetime | None


class ContactCadence(NamedTuple):
    """One contact against their cadence: own, derived (key people) or none."""

    contact: ContactRow
    # effective days between touches; None: nobody expects a regular touch
    cadence_days: int | None
    own_cadence: bool
    key: bool
    days_since: int
    never: bool

    @property
    def cold(self) -> bool:
        return self.cadence_days is not None and self.days_since > self.cadence_days


class ContactInput(NamedTuple):
    name: str | None = None
    role: str | None = None
    email: str | None = None
    phone: str | None = None
    influence: Influence | None = None
    cadence_days: int | None = None
    notes: str | None = None

    def columns(self) -> dict[str, object]:
        values: dict[str, object] = {}
        if self.name is not None:
            values["name"] = check_user_text(self.name, "contact name")
        if self.email is not None and self.email.strip() and "@" not in self.email:
            raise InvalidInput(f"'{self.email}' does not look like an email address")
        if self.cadence_days is not None and self.cadence_days <= 0:
            raise InvalidInput(
                f"cadence must be a positive number of days, not {self.cadence_days}"
            )
        for column in ("role", "email", "phone", "notes"):
            value = getattr(self, column)
            if value is not None:
                values[column] = value.strip() or None
        if self.influence is not None:
            values["influence"] = self.influence.value
        if self.cadence_days is not None:
            values["cadence_days"] = self.cadence_days
        return values


_SELECT = """
    SELECT c.id, c.account_id, a.name AS account_name, c.name, c.role, c.email, c.phone,
           c.influence, c.cadence_days,
           c.last_touch_at AS last_touch
      FROM contact c JOIN account a ON a.id = c.account_id
"""


_row = reader(ContactRow, influence=Influence, last_touch=db.parse_ts)


def add(conn: sqlite3.Connection, account_ref: str, data: ContactInput) -> tuple[int, str]:
    """Add a contact; returns its id and the account's name."""
    if data.name is None:
        raise InvalidInput("contact name cannot be empty")
    values = data.columns()
    with db.write(conn, "contact add", clock.now()) as tx:
        account = accounts.find(conn, account_ref)
        values["account_id"] = account.id
        values["archived"] = False
        return tx.insert("contact", values), account.name


def list_contacts(conn: sqlite3.Connection, account_ref: str | None = None) -> list[ContactRow]:
    return list(each_contact(conn, account_ref))


def each_contact(conn: sqlite3.Connection, account_ref: str | None = None) -> Iterator[ContactRow]:
    """``list_contacts`` one at a time, as read (a book holds tens of thousands)."""
    if account_ref is None:
        rows = conn.execute(
            _SELECT + " WHERE c.archived = 0 AND a.archived = 0"
            " ORDER BY a.name_key, c.name COLLATE NOCASE"
        )
    else:
        account = accounts.find(conn, account_ref, archived=True)
        rows = conn.execute(
            _SELECT + " WHERE c.archived = 0 AND c.account_id = ? ORDER BY c.name COLLATE NOCASE",
            (account.id,),
        )
    return map(_row, rows)


def find(conn: sqlite3.Connection, ref: str, *, account_id: int | None = None) -> ContactRow:
    """A contact by ``#ID`` or name (exact, then unique prefix), optionally within one account."""
    ident = refs.parse_id_ref(ref)
    if ident is None and ref.strip().isascii() and ref.strip().isdigit() and len(ref) < 19:
        ident = int(ref.strip())
    if ident is not None:
        row = conn.execute(_SELECT + " WHERE c.id = ?", (ident,)).fetchone()
        if row is None or (account_id is not None and row["account_id"] != account_id):
            raise NotFound(f"no contact #{ident}" + (" at this account" if account_id else ""))
        return _row(row)
    where = " WHERE c.archived = 0" + (" AND c.account_id = ?" if account_id is not None else "")
    params: tuple[object, ...] = (account_id,) if account_id is not None else ()
    people = [_row(r) for r in conn.execute(_SELECT + where, params)]
    key = refs.name_key(ref)
    if not key:
        raise InvalidInput("contact reference is empty")
    exact = [p for p in people if refs.name_key(p.name) == key]
    # first names are how people are referred to in a hurry: "--with jane"
    matches = exact or [
        p
        for p in people
        if refs.name_key(p.name).startswith(key)
        or any(part.startswith(key) for part in refs.name_key(p.name).split())
    ]
    if len(matches) == 1:
        return matches[0]
    where_text = f" at {matches[0].account_name}" if account_id is not None and matches else ""
    if not matches:
        scope = ""
        if account_id is not None:
            name = conn.execute("SELECT name FROM account WHERE id = ?", (account_id,)).fetchone()
            scope = f" at {one_line(name['name'])}" if name else ""
        raise NotFound(f"unknown contact '{ref}'{scope}")
    listing = ", ".join(
        f"{one_line(p.name)} (#{p.id}, {one_line(p.account_name)})" for p in matches[:6]
    )
    raise Ambiguous(f"'{ref}' matches several contacts{where_text}: {listing}; use #ID")


CLEARABLE = ("role", "email", "phone", "influence", "cadence_days", "notes")


def edit(
    conn: sqlite3.Connection,
    ref: str,
    data: ContactInput,
    *,
    account_ref: str | None = None,
    clear: tuple[str, ...] = (),
) -> ContactRow:
    """Apply the given fields; ``clear`` names optional fields to empty (``CLEARABLE``)."""
    values = data.columns()
    for column in clear:
        shown = column.removesuffix("_days")
        if column not in CLEARABLE:
            choices = ", ".join(c.removesuffix("_days") for c in CLEARABLE)
            raise InvalidInput(f"cannot clear {shown}: choose from {choices}")
        if column in values:
            raise InvalidInput(f"{shown} is both given and cleared")
        values[column] = None
    if not values:
        raise InvalidInput("nothing to change: give at least one option (see --help)")
    with db.write(conn, "contact edit", clock.now()) as tx:
        account_id = accounts.find(conn, account_ref).id if account_ref else None
        contact = find(conn, ref, account_id=account_id)
        tx.update("contact", contact.id, values)
        return find(conn, f"#{contact.id}")


def cadence_status(conn: sqlite3.Connection, account_id: int) -> list[ContactCadence]:
    """The account's live contacts with their cadence and how long since their last touch.

    Key people (decision-makers, champions) without a cadence of their own get twice the
    account's (``domain.cadence``); a contact never touched counts from when it was added.
    """
    account = conn.execute(
        "SELECT tier, cadence_days FROM account WHERE id = ?", (account_id,)
    ).fetchone()
    if account is None:
        raise NotFound(f"no account #{account_id}")
    account_days = account_cadence(Tier(account["tier"]), account["cadence_days"])
    today = clock.today()
    created = {
        r["id"]: db.parse_ts(r["created_at"]).astimezone().date()
        for r in conn.execute(
            "SELECT id, created_at FROM contact WHERE account_id = ? AND archived = 0",
            (account_id,),
        )
    }
    found = []
    for person in list_contacts(conn, f"#{account_id}"):
        cadence = contact_cadence(person.influence, person.cadence_days, account_days)
        last = person.last_touch.astimezone().date() if person.last_touch else None
        rec = recency(last, created.get(person.id, today), today, cadence or 1)
        found.append(
            ContactCadence(
                contact=person,
                cadence_days=cadence,
                own_cadence=person.cadence_days is not None,
                key=person.influence in KEY_INFLUENCE,
                days_since=rec.days_since,
                never=rec.never,
            )
        )
    return found
