"""What an objective that measures itself has reached: its figure, read from the book.

The figures are ``domain.measures``'; touches and accounts touched are
``domain.figures``' (read through ``services.activity``), so an objective and the
reports count them alike. Every read is index-backed: deals by close moment, touches by
time (and account), complaints by account.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from decimal import Decimal

from sam_tui.domain.enums import DealStage
from sam_tui.domain.measures import Measure, MeasureKind, parse_measure
from sam_tui.services import activity
from sam_tui.store.sql import Where


def reached(
    conn: sqlite3.Connection, measure: Measure, account_id: int | None, first: date, last: date
) -> Decimal:
    """The figure from ``first`` to ``last`` (local days, both included), for the account
    (None: the whole portfolio); money in currency units. Nothing before ``first``: 0."""
    if last < first:
        return Decimal(0)
    start, end = activity.day_bounds(first, last)
    kind = measure.kind
    if kind in (MeasureKind.WON, MeasureKind.DEALS_WON):
        where = Where().add("stage = ?", DealStage.WON.value)
        where.add("closed_at >= ?", start).add("closed_at < ?", end)
        if measure.deal_kinds:
            where.one_of("kind", measure.deal_kinds)
        if account_id is not None:
            where.add("account_id = ?", account_id)
        row = conn.execute(
            f"SELECT coalesce(sum(amount_cents), 0), count(*) FROM deal{where.sql}", where.params
        ).fetchone()
        return Decimal(row[0]) / 100 if kind is MeasureKind.WON else Decimal(row[1])
    if kind in (MeasureKind.TOUCHES, MeasureKind.ACCOUNTS_TOUCHED):
        if account_id is None:
            figures = activity.touch_figures(conn, first, last)
            return Decimal(
                figures.touches if kind is MeasureKind.TOUCHES else figures.accounts_touched
            )
        row = conn.execute(
            "SELECT count(*) FROM interaction WHERE account_id = ? "
            "AND occurred_at >= ? AND occurred_at < ?",
            (account_id, start, end),
        ).fetchone()
        count = int(row[0])
        return Decimal(count if kind is MeasureKind.TOUCHES else min(count, 1))
    where = Where("resolved_at <= sla_due_at")
    where.add("resolved_at >= ?", start).add("resolved_at < ?", end)
    if account_id is not None:
        where.add("account_id = ?", account_id)
    row = conn.execute(f"SELECT count(*) FROM complaint{where.sql}", where.params).fetchone()
    return Decimal(row[0])


def current(
    conn: sqlite3.Connection,
    measure: str | None,
    stored: Decimal,
    account_id: int | None,
    start: date,
    due: date,
    today: date,
) -> Decimal:
    """An objective's value on ``today``: typed by hand (``stored``) unless it measures
    itself, then its figure from its start to today (its due date once past)."""
    if measure is None:
        return stored
    return reached(conn, parse_measure(measure), account_id, start, min(today, due))
