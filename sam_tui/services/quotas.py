"""Quotas per period (year, quarter, month or week), and reading the period a command names.

A quota is stored under the period's canonical label (``2026``, ``2026-Q4``, ``2026-11``,
``2026-W47``); quarters and years are fiscal, read with the ``fiscal-year-start`` setting
in force when they are used. A year or quarter without its own quota takes the sum of
its parts' (``domain.figures.quota_of``), and says so.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import NamedTuple

from sam_tui import clock
from sam_tui.domain.errors import InvalidInput, NotFound
from sam_tui.domain.figures import QuotaFigure, quota_labels, quota_of
from sam_tui.domain.money import MAX_CENTS
from sam_tui.domain.periods import Period, PeriodKind, containing, parse_period, read_period
from sam_tui.services import settings
from sam_tui.store import db
from sam_tui.store.sql import one_of


class QuotaRow(NamedTuple):
    period: Period
    amount_cents: int


def current_quarter(conn: sqlite3.Connection, today: date | None = None) -> Period:
    return containing(PeriodKind.QUARTER, today or clock.today(), settings.fiscal_start(conn))


def resolve_period(conn: sqlite3.Connection, text: str | None) -> Period:
    """The period ``text`` names (fiscal setting applied): a label or a phrase relative to
    today (``last``, ``next quarter``, ``this year``); none: the current fiscal quarter."""
    if text is None:
        return current_quarter(conn)
    return read_period(text, clock.today(), settings.fiscal_start(conn))


def quota_figure(conn: sqlite3.Connection, period: Period) -> QuotaFigure:
    """The quota of ``period``: its own, else the sum of its parts' (``domain.figures``)."""
    labels = quota_labels(period)
    found, params = one_of("period", labels)
    stored = {
        r["period"]: int(r["amount_cents"])
        for r in conn.execute(f"SELECT period, amount_cents FROM quota WHERE {found}", params)
    }
    return quota_of(period, stored)


def quota_for(conn: sqlite3.Connection, period: Period) -> int | None:
    """The quota every figure uses (``quota_figure``'s amount)."""
    return quota_figure(conn, period).cents


def _stored(conn: sqlite3.Connection, period: Period) -> sqlite3.Row | None:
    row: sqlite3.Row | None = conn.execute(
        "SELECT id, amount_cents FROM quota WHERE period = ?", (period.label,)
    ).fetchone()
    return row


def set_quota(
    conn: sqlite3.Connection, period_text: str, amount_cents: int
) -> tuple[QuotaRow, int | None]:
    """Set (or replace) a period's quota; returns it and the amount it replaced."""
    if amount_cents <= 0:
        raise InvalidInput("a quota must be more than 0 (to remove one: sam quota unset PERIOD)")
    if amount_cents > MAX_CENTS:
        raise InvalidInput("the quota is too large")
    with db.write(conn, "quota set", clock.now()) as tx:
        period = resolve_period(conn, period_text)
        row = _stored(conn, period)
        if row is None:
            tx.insert("quota", {"period": period.label, "amount_cents": amount_cents})
            return QuotaRow(period, amount_cents), None
        tx.update("quota", row["id"], {"amount_cents": amount_cents})
        return QuotaRow(period, amount_cents), int(row["amount_cents"])


def unset(conn: sqlite3.Connection, period_text: str) -> QuotaRow:
    with db.write(conn, "quota unset", clock.now()) as tx:
        period = resolve_period(conn, period_text)
        row = _stored(conn, period)
        if row is None:
            raise NotFound(f"no quota for {period.label}")
        tx.delete("quota", row["id"])
        return QuotaRow(period, int(row["amount_cents"]))


_KIND_ORDER = {PeriodKind.YEAR: 0, PeriodKind.QUARTER: 1, PeriodKind.MONTH: 2, PeriodKind.WEEK: 3}


def list_quotas(conn: sqlite3.Connection) -> list[QuotaRow]:
    """Every quota, by start date, a year before its quarters and months."""
    fiscal = settings.fiscal_start(conn)
    rows = [
        QuotaRow(parse_period(r["period"], fiscal), int(r["amount_cents"]))
        for r in conn.execute("SELECT period, amount_cents FROM quota")
    ]
    rows.sort(key=lambda q: (q.period.start, _KIND_ORDER[q.period.kind], q.period.label))
    return rows
