"""The forecast read model, forecast snapshots, and what moved since the last snapshot.

A snapshot (``domain.snapshots``) is stored per period label in ``forecast_snapshot``.
``ensure_weekly_snapshot`` keeps one per ISO week for the current fiscal quarter and
year: `sam forecast` and `sam metrics` call it, and so can the cockpit. Automatic
snapshots stay out of the change log: `sam undo` must undo the user's last change, not
a snapshot taken in passing. `sam forecast snapshot` is the user's own act and is logged.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from sam_tui import clock
from sam_tui.domain.periods import Period, PeriodKind, containing
from sam_tui.domain.sales import Forecast, forecast
from sam_tui.domain.snapshots import DealChange, Snapshot, diff, from_json, take, to_json
from sam_tui.services import deals, quotas, settings
from sam_tui.store import db


class SnapshotInfo(NamedTuple):
    id: int
    period_label: str
    taken_at: datetime


class ForecastDiff(NamedTuple):
    period: Period
    now: Forecast
    # the snapshot compared with, or None when there is none before now
    since: SnapshotInfo | None
    then: Mapping[str, int | None]  # its figures (empty without a snapshot)
    # the changes that touch the period (the deal is in it before or after)
    changes: tuple[DealChange, ...]


def load(conn: sqlite3.Connection, period: Period) -> Forecast:
    """The forecast of ``period`` today (formulas in ``domain.sales``)."""
    with db.read(conn):
        return _forecast(conn, period, clock.today())


def _forecast(conn: sqlite3.Connection, period: Period, today: date) -> Forecast:
    return forecast(deals.facts(conn, period), period, quotas.quota_for(conn, period), today)


def current_periods(conn: sqlite3.Connection, today: date | None = None) -> tuple[Period, Period]:
    """The fiscal quarter and the fiscal year holding ``today``."""
    day = today or clock.today()
    fiscal = settings.fiscal_start(conn)
    return containing(PeriodKind.QUARTER, day, fiscal), containing(PeriodKind.YEAR, day, fiscal)


def _snapshot(
    conn: sqlite3.Connection, period: Period, now: datetime, keep: Sequence[int] = ()
) -> Snapshot:
    facts = deals.facts(conn, period, keep=keep)
    figures = forecast(facts, period, quotas.quota_for(conn, period), now.date())
    return take(facts, period, now, figures, keep=keep)


def _insert(conn: sqlite3.Connection, snap: Snapshot, tx: db.Tx | None) -> SnapshotInfo:
    values = {"period": snap.period_label, "taken_at": db.ts(snap.taken_at), "data": to_json(snap)}
    if tx is not None:
        new_id = tx.insert("forecast_snapshot", values)
    else:
        cursor = conn.execute(
            "INSERT INTO forecast_snapshot (period, taken_at, data) VALUES (?, ?, ?)",
            (values["period"], values["taken_at"], values["data"]),
        )
        new_id = int(cursor.lastrowid or 0)
    return SnapshotInfo(new_id, snap.period_label, snap.taken_at)


def take_snapshots(conn: sqlite3.Connection, periods: Sequence[Period]) -> list[SnapshotInfo]:
    """Store a snapshot of each period now (`sam forecast snapshot`; logged)."""
    now = clock.now()
    with db.write(conn, "forecast snapshot", now) as tx:
        return [_insert(conn, _snapshot(conn, p, now), tx) for p in periods]


def _local_midnight(day: date) -> str:
    return db.ts(datetime.combine(day, time()).astimezone())


def ensure_weekly_snapshot(conn: sqlite3.Connection) -> list[SnapshotInfo]:
    """Store this ISO week's snapshot of the current quarter and year, if not there yet.

    Returns the snapshots it stored (none when this week already has them).
    """
    now = clock.now()
    week = containing(PeriodKind.WEEK, now.date())
    low, high = _local_midnight(week.start), _local_midnight(week.end + timedelta(days=1))
    stored: list[SnapshotInfo] = []
    conn.execute("BEGIN IMMEDIATE")
    try:
        for period in current_periods(conn, now.date()):
            found = conn.execute(
                "SELECT 1 FROM forecast_snapshot WHERE period = ? AND taken_at >= ? "
                "AND taken_at < ? LIMIT 1",
                (period.label, low, high),
            ).fetchone()
            if found is None:
                stored.append(_insert(conn, _snapshot(conn, period, now), None))
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return stored


def snapshots(conn: sqlite3.Connection, period: Period | None = None) -> list[SnapshotInfo]:
    """Stored snapshots (of one period, or all), newest first."""
    where, params = ("WHERE period = ?", (period.label,)) if period else ("", ())
    rows = conn.execute(
        f"SELECT id, period, taken_at FROM forecast_snapshot {where} "
        "ORDER BY taken_at DESC, id DESC",
        params,
    )
    return [SnapshotInfo(r["id"], r["period"], db.parse_ts(r["taken_at"])) for r in rows]


def latest_snapshot(
    conn: sqlite3.Connection, period: Period, before: datetime
) -> tuple[SnapshotInfo, Snapshot] | None:
    """The newest snapshot of ``period`` taken at or before ``before``."""
    row = conn.execute(
        "SELECT id, period, taken_at, data FROM forecast_snapshot WHERE period = ? "
        "AND taken_at <= ? ORDER BY taken_at DESC, id DESC LIMIT 1",
        (period.label, db.ts(before)),
    ).fetchone()
    if row is None:
        return None
    taken = db.parse_ts(row["taken_at"])
    return SnapshotInfo(row["id"], row["period"], taken), from_json(row["data"], taken)


def compare(conn: sqlite3.Connection, period: Period) -> ForecastDiff:
    """The forecast now, and what moved in ``period`` since its latest snapshot."""
    now = clock.now()
    with db.read(conn):
        current = _forecast(conn, period, now.date())
        found = latest_snapshot(conn, period, now)
        if found is None:
            return ForecastDiff(period, current, None, {}, ())
        info, old = found
        new = _snapshot(conn, period, now, keep=[d.id for d in old.deals])
    changes = tuple(c for c in diff(old, new, period) if c.touches_period)
    return ForecastDiff(period, current, info, old.figures, changes)


class ForecastChange(NamedTuple):
    """A period's forecast at two moments, for "what moved since last week" in reports."""

    period: Period
    # the snapshot at or before the start (else the first one after it); None: none stored
    then: SnapshotInfo | None
    then_figures: Mapping[str, int | None]
    # when the later figures were seen: the report's moment while it runs, else the
    # latest snapshot up to its end (None when there is none after ``then``)
    now_at: datetime | None
    now_figures: Mapping[str, int | None]
    quota_cents: int | None


def change_between(
    conn: sqlite3.Connection, period: Period, start: datetime, end: datetime, *, live: bool
) -> ForecastChange:
    """``period``'s forecast at ``start`` (from snapshots) and at ``end``.

    ``live``: ``end`` is now, so the later figures are computed, not read from a snapshot.
    """
    found = latest_snapshot(conn, period, start)
    if found is None:
        row = conn.execute(
            "SELECT id, period, taken_at, data FROM forecast_snapshot WHERE period = ? "
            "AND taken_at > ? AND taken_at < ? ORDER BY taken_at, id LIMIT 1",
            (period.label, db.ts(start), db.ts(end)),
        ).fetchone()
        if row is not None:
            taken = db.parse_ts(row["taken_at"])
            found = SnapshotInfo(row["id"], row["period"], taken), from_json(row["data"], taken)
    quota = quotas.quota_for(conn, period) or None
    then: SnapshotInfo | None = None
    then_figures: Mapping[str, int | None] = {}
    if found is not None:
        then, then_figures = found[0], found[1].figures
    now_at: datetime | None = None
    now_figures: Mapping[str, int | None] = {}
    if live:
        now_at, now_figures = end, dict(_forecast(conn, period, end.date()).figures())
    else:
        later = latest_snapshot(conn, period, end)
        if later is not None and (then is None or later[0].taken_at > then.taken_at):
            now_at, now_figures = later[0].taken_at, later[1].figures
    return ForecastChange(period, then, then_figures, now_at, now_figures, quota)
