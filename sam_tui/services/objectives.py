"""Objective use cases: set a target for an account or the portfolio, record progress, close.

Values are exact decimals stored as text. Every recorded value is kept in
``objective_progress``; the objective's ``current_value`` is the latest. The status is
``domain.objectives.assess`` on today; a closed objective is achieved when it reached
its target, otherwise missed.
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import NamedTuple

from sam_tui import clock
from sam_tui.domain.errors import Conflict, InvalidInput
from sam_tui.domain.measures import Measure, parse_measure
from sam_tui.domain.objectives import (
    Assessment,
    ObjectiveStatus,
    assess,
    format_value,
    parse_value,
)
from sam_tui.domain.text import check_user_text
from sam_tui.services import accounts, measures
from sam_tui.store import db
from sam_tui.store.sql import Where, fetch_one, given


class ProgressRow(NamedTuple):
    at: datetime
    value: Decimal
    note: str | None


class ObjectiveRow(NamedTuple):
    id: int
    account_id: int | None  # None: portfolio-wide
    account_name: str | None
    title: str
    target: Decimal
    current: Decimal
    unit: str | None
    start_date: date
    due_date: date
    closed: bool
    assessment: Assessment
    progress: tuple[ProgressRow, ...] = ()
    # the figure it measures itself by (``domain.measures``); None: progress typed by hand
    measure: Measure | None = None

    @property
    def status(self) -> ObjectiveStatus:
        return self.assessment.status


_COLUMNS = """o.id, o.account_id, a.name AS account_name, o.title, o.target_value,
           o.current_value, o.unit, o.start_date, o.due_date, o.closed, o.measure"""
_FROM = """
      FROM objective o
      LEFT JOIN account a ON a.id = o.account_id
"""
_SELECT = f"SELECT {_COLUMNS}{_FROM}"


def status_of(
    target: Decimal, current: Decimal, start: date, due: date, closed: bool, today: date
) -> Assessment:
    """``assess`` for open objectives; a closed one is achieved or missed, for good."""
    found = assess(target, current, start, due, today)
    if closed and found.status is not ObjectiveStatus.ACHIEVED:
        return found._replace(
            status=ObjectiveStatus.MISSED, reason=f"closed short of the target: {found.reason}"
        )
    return found


def _row(
    conn: sqlite3.Connection, r: sqlite3.Row, today: date, progress: tuple[ProgressRow, ...] = ()
) -> ObjectiveRow:
    target = Decimal(r["target_value"])
    start, due = date.fromisoformat(r["start_date"]), date.fromisoformat(r["due_date"])
    current = measures.current(
        conn, r["measure"], Decimal(r["current_value"]), r["account_id"], start, due, today
    )
    closed = bool(r["closed"])
    return ObjectiveRow(
        id=r["id"],
        account_id=r["account_id"],
        account_name=r["account_name"],
        title=r["title"],
        target=target,
        current=current,
        unit=r["unit"],
        start_date=start,
        due_date=due,
        closed=closed,
        assessment=status_of(target, current, start, due, closed, today),
        progress=progress,
        measure=None if r["measure"] is None else parse_measure(r["measure"]),
    )


def _progress(conn: sqlite3.Connection, objective_id: int) -> tuple[ProgressRow, ...]:
    rows = conn.execute(
        "SELECT at, value, note FROM objective_progress WHERE objective_id = ? ORDER BY at, id",
        (objective_id,),
    )
    return tuple(ProgressRow(db.parse_ts(r["at"]), Decimal(r["value"]), r["note"]) for r in rows)


def get(conn: sqlite3.Connection, objective_id: int) -> ObjectiveRow:
    """One objective with its progress history."""
    found = fetch_one(
        conn,
        _SELECT + " WHERE o.id = ?",
        (objective_id,),
        lambda r: _row(conn, r, clock.today()),
        f"no objective #{objective_id}",
    )
    return found._replace(progress=_progress(conn, objective_id))


def list_objectives(
    conn: sqlite3.Connection, *, account_ref: str | None = None, include_closed: bool = False
) -> list[ObjectiveRow]:
    """Open objectives (or all), soonest due first; portfolio-wide ones included unless an
    account is named."""
    where = Where() if include_closed else Where("o.closed = 0")
    if account_ref is not None:
        where.add("o.account_id = ?", accounts.find(conn, account_ref, archived=True).id)
    else:
        where.add("(a.id IS NULL OR a.archived = 0)")
    today = clock.today()
    rows = conn.execute(_SELECT + where.sql + " ORDER BY o.closed, o.due_date, o.id", where.params)
    return [_row(conn, r, today) for r in rows]


def _check_target(target: Decimal) -> str:
    if not target.is_finite() or target <= 0:
        raise InvalidInput(f"the target must be a number above 0, not {target}")
    return format_value(target)


def _check_dates(start: date, due: date) -> None:
    if due < start:
        raise InvalidInput(
            f"the due date ({due.isoformat()}) is before the start ({start.isoformat()})"
        )


def _unit(unit: str | None) -> str | None:
    return unit.strip() or None if unit is not None else None


class NewObjective(NamedTuple):
    """An objective as the user gave it: ``start`` None is today; ``measure``
    (``won:new,expansion``, ``touches``...) makes it track that figure itself."""

    title: str
    target: Decimal
    due: date
    start: date | None = None
    unit: str | None = None
    measure: str | None = None


def add(
    conn: sqlite3.Connection, data: NewObjective, *, account_ref: str | None = None
) -> ObjectiveRow:
    """A new objective for an account (``account_ref``) or the whole portfolio (None)."""
    title, target, due, start, unit, measure = data
    text = check_user_text(title, "the objective")
    measured = None if measure is None else parse_measure(measure).text
    target_text = _check_target(target)
    begin = start or clock.today()
    _check_dates(begin, due)
    with db.write(conn, "objective add", clock.now()) as tx:
        account_id = None
        if account_ref is not None:
            account = accounts.find(conn, account_ref)
            accounts.require_live(conn, account)
            account_id = account.id
        new_id = tx.insert(
            "objective",
            {
                "account_id": account_id,
                "title": text,
                "target_value": target_text,
                "current_value": "0",
                "measure": measured,
                "unit": _unit(unit),
                "start_date": begin,
                "due_date": due,
                "closed": False,
            },
        )
        return get(conn, new_id)


def parse_progress(text: str, current: Decimal) -> Decimal:
    """``12`` sets the value; ``+3`` adds 3 and ``-1`` takes 1 off the current value."""
    raw = text.strip()
    value = parse_value(raw, "progress")
    new = current + value if raw[:1] in "+-" else value
    if new < 0:
        raise InvalidInput(f"progress cannot go below 0 (it would be {format_value(new)})")
    return new


def record_progress(
    conn: sqlite3.Connection, objective_id: int, value: str, *, note: str | None = None
) -> tuple[ObjectiveRow, Decimal]:
    """Record a new value (``12``, ``+3``); returns the objective and its previous value."""
    now = clock.now()
    text = note.strip() or None if note is not None else None
    with db.write(conn, "objective progress", now) as tx:
        current = get(conn, objective_id)
        if current.closed:
            raise Conflict(
                f"objective #{objective_id} is closed; reopen it first: "
                f"sam objective reopen {objective_id}"
            )
        if current.measure is not None:
            raise Conflict(
                f"objective #{objective_id} measures itself ({current.measure.said}): "
                "its progress is read from the book, not typed"
            )
        new = parse_progress(value, current.current)
        tx.update("objective", objective_id, {"current_value": format_value(new)})
        tx.insert(
            "objective_progress",
            {"objective_id": objective_id, "at": now, "value": format_value(new), "note": text},
        )
        return get(conn, objective_id), current.current


def edit(
    conn: sqlite3.Connection,
    objective_id: int,
    *,
    title: str | None = None,
    target: Decimal | None = None,
    unit: str | None = None,
    start: date | None = None,
    due: date | None = None,
) -> ObjectiveRow:
    """Change an objective's title, target, unit (empty text clears it) or dates."""
    values = given(
        title=None if title is None else check_user_text(title, "the objective"),
        target_value=None if target is None else _check_target(target),
    )
    if unit is not None:
        values["unit"] = _unit(unit)  # empty text clears it
    values.update(given(start_date=start, due_date=due))
    if not values:
        raise InvalidInput("nothing to change: give at least one option (see --help)")
    with db.write(conn, "objective edit", clock.now()) as tx:
        current = get(conn, objective_id)
        _check_dates(start or current.start_date, due or current.due_date)
        tx.update("objective", objective_id, values)
        return get(conn, objective_id)


def set_closed(conn: sqlite3.Connection, objective_id: int, closed: bool) -> ObjectiveRow:
    """Close an objective (it leaves lists and triage) or reopen it."""
    with db.write(conn, "objective close" if closed else "objective reopen", clock.now()) as tx:
        current = get(conn, objective_id)
        if current.closed == closed:
            state = "closed" if closed else "open"
            raise Conflict(f"objective #{objective_id} is already {state}")
        tx.update("objective", objective_id, {"closed": closed})
        return get(conn, objective_id)


class ObjectiveInPeriod(NamedTuple):
    """An objective as it stood at a report's moment, and how far it moved in the period."""

    objective: ObjectiveRow  # value and status at the moment
    before: Decimal  # the value when the period began
    updates: int  # progress recorded in the period

    @property
    def moved(self) -> Decimal:
        return self.objective.current - self.before


def during(
    conn: sqlite3.Connection, first: date, last: date, start: datetime, until: datetime
) -> list[ObjectiveInPeriod]:
    """Objectives running at some point from ``first`` to ``last`` (closed ones only when
    due in it), with their value before ``start`` and before ``until`` (the progress
    recorded in ``[start, until)`` is what moved); worst status first."""
    low, high = db.ts(start), db.ts(until)
    rows = conn.execute(
        f"""SELECT {_COLUMNS},
                  (SELECT p.value FROM objective_progress p WHERE p.objective_id = o.id
                     AND p.at < ? ORDER BY p.at DESC, p.id DESC LIMIT 1) AS before_value,
                  (SELECT p.value FROM objective_progress p WHERE p.objective_id = o.id
                     AND p.at < ? ORDER BY p.at DESC, p.id DESC LIMIT 1) AS then_value,
                  (SELECT count(*) FROM objective_progress p WHERE p.objective_id = o.id
                     AND p.at >= ? AND p.at < ?) AS updates{_FROM}
            WHERE o.start_date <= ? AND o.due_date >= ?
              AND (o.closed = 0 OR o.due_date <= ?) AND (a.id IS NULL OR a.archived = 0)
            ORDER BY o.due_date, o.id""",
        (low, high, low, high, last.isoformat(), first.isoformat(), last.isoformat()),
    )
    # the status on the day of the last moment counted (the period's last day at most)
    day = min((until - timedelta(microseconds=1)).date(), last)
    out = []
    for r in rows:
        row = _row(conn, r, day)
        if row.measure is None:
            value, before = Decimal(r["then_value"] or "0"), Decimal(r["before_value"] or "0")
        else:  # its figure at the period's moment, and up to the day before it began
            value = row.current
            before = measures.current(
                conn,
                r["measure"],
                value,
                row.account_id,
                row.start_date,
                row.due_date,
                first - timedelta(days=1),
            )
        row = row._replace(
            current=value,
            assessment=status_of(row.target, value, row.start_date, row.due_date, row.closed, day),
        )
        out.append(ObjectiveInPeriod(row, before, r["updates"]))
    out.sort(key=lambda o: (_SEVERITY[o.objective.status], o.objective.due_date, o.objective.id))
    return out


_SEVERITY = {
    ObjectiveStatus.OFF_TRACK: 0,
    ObjectiveStatus.MISSED: 1,
    ObjectiveStatus.AT_RISK: 2,
    ObjectiveStatus.ON_TRACK: 3,
    ObjectiveStatus.ACHIEVED: 4,
}
