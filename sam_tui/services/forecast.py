"""The forecast read model: the forecast of a period now or as it stood at any moment,
what moved between two moments, and forecast snapshots (kept as a cross-check).

The forecast at a past moment is rebuilt from the deals' recorded history
(``domain.history``): the deals as the book stood then, with the period's quota and the
stage probabilities as they are now. A report's "change in the period" and
``sam forecast --as-of/--since`` are that rebuild at two moments; nothing depends on which
snapshots happen to exist.

A snapshot (``domain.snapshots``) is stored per period label in ``forecast_snapshot``.
``ensure_weekly_snapshot`` keeps one per ISO week for the current fiscal quarter and
year: `sam forecast` and `sam metrics` call it. They are a check that the rebuild is
right (``tests/services/test_forecast_history.py`` rebuilds every stored one). Automatic
snapshots stay out of the change log: `sam undo` must undo the user's last change, not a
snapshot taken in passing. `sam forecast snapshot` is the user's own act and is logged.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from sam_tui import clock
from sam_tui.domain.enums import DealKind, DealStage
from sam_tui.domain.history import DRIFT, DealInfo, HistoryRow, day_before, facts_at
from sam_tui.domain.periods import Period, PeriodKind, containing, parse_period
from sam_tui.domain.sales import DealFacts, Forecast, forecast
from sam_tui.domain.snapshots import DealChange, Snapshot, diff, from_json, take, to_json
from sam_tui.services import deals, quotas, settings
from sam_tui.store import db
from sam_tui.store.sql import tuples


class SnapshotInfo(NamedTuple):
    id: int
    period_label: str
    taken_at: datetime


def load(
    conn: sqlite3.Connection, period: Period, *, facts: list[DealFacts] | None = None
) -> Forecast:
    """The forecast of ``period`` today (formulas in ``domain.sales``). ``facts``:
    ``deals.facts(conn, period)`` when the caller already read it."""
    with db.read(conn):
        found = deals.facts(conn, period) if facts is None else facts
        return forecast(found, period, quotas.quota_for(conn, period), clock.today())


def current_periods(conn: sqlite3.Connection, today: date | None = None) -> tuple[Period, Period]:
    """The fiscal quarter and the fiscal year holding ``today``."""
    day = today or clock.today()
    fiscal = settings.fiscal_start(conn)
    return containing(PeriodKind.QUARTER, day, fiscal), containing(PeriodKind.YEAR, day, fiscal)


def _snapshot(conn: sqlite3.Connection, period: Period, now: datetime) -> Snapshot:
    facts = deals.facts(conn, period)
    figures = forecast(facts, period, quotas.quota_for(conn, period), now.date())
    return take(facts, period, now, figures)


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


# --- the forecast at any moment, from the deals' history ------------------------------------


class DealsThen(NamedTuple):
    """What rebuilding a period's deals at moments from ``since`` on needs, read once."""

    current: list[DealFacts]  # the deals that can count in the period, as they stand now
    histories: dict[int, list[HistoryRow]]  # every deal recorded as changed since
    info: dict[int, DealInfo]
    probabilities: dict[DealStage, int]
    quota_cents: int | None

    def facts(self, at: datetime) -> list[DealFacts]:
        """The deals as they stood at ``at``: as the book then knew them."""
        return facts_at(self.current, self.histories, self.info, at, self.probabilities, at)


_INFO = """
    SELECT d.id, d.account_id, a.name, d.name, date(d.created_at, 'localtime'), d.kind
      FROM deal d
      JOIN account a ON a.id = d.account_id
     WHERE d.id IN (SELECT value FROM json_each(?))
"""

_KINDS = {k.value: k for k in DealKind}


def deals_since(
    conn: sqlite3.Connection,
    period: Period,
    since: datetime,
    current: list[DealFacts] | None,
    *,
    changed: deals.ChangedDeals | None = None,
) -> DealsThen:
    """One pass over the history of the deals recorded as changed from ``since`` on (less
    ``DRIFT``); every other deal stood then as it stands now. ``current``:
    ``deals.facts(conn, period)`` when the caller already read it; ``changed``:
    ``deals.changed_since`` from ``since`` or before, likewise."""
    now = deals.facts(conn, period) if current is None else current
    if changed is None:
        changed = deals.changed_since(conn, since)
    elif changed.since > since:
        raise ValueError("the deals' history was read from after the moment asked about")
    # of the deals read, those with a row recorded after ``low`` (a row not dated back is
    # recorded when it took effect), to the second as stored
    low = db.parse_ts(db.ts(since - DRIFT))
    histories = {
        deal_id: rows
        for deal_id, rows in changed.histories.items()
        if any(row.recorded > low for row in rows)
    }
    # what a deal's history does not hold: as the period's deals (read already) have it
    info = {
        d.id: DealInfo(d.id, d.account_id, d.account_name, d.name, d.created, d.kind)
        for d in now
        if d.id in histories
    }
    rest = [deal_id for deal_id in histories if deal_id not in info]
    if rest:
        for deal_id, account_id, account_name, name, created, kind in tuples(conn).execute(
            _INFO, (json.dumps(rest),)
        ):
            info[deal_id] = DealInfo(
                deal_id, account_id, account_name, name, date.fromisoformat(created), _KINDS[kind]
            )
    return DealsThen(
        current=now,
        histories=histories,
        info=info,
        probabilities=deals.probabilities(conn),
        quota_cents=quotas.quota_for(conn, period),
    )


def at_moment(then: DealsThen, period: Period, at: datetime, day: date | None = None) -> Forecast:
    """``period``'s forecast as it stood at ``at`` (its run rate counts the days to
    ``day``, default the last day ``at`` closes: midnight ends the day before)."""
    return forecast(then.facts(at), period, then.quota_cents, day or day_before(at))


def as_of(conn: sqlite3.Connection, period: Period, at: datetime) -> Forecast:
    """The forecast of ``period`` as it stood at ``at`` (``sam forecast --as-of``)."""
    with db.read(conn):
        return at_moment(deals_since(conn, period, at, None), period, at)


class ForecastChange(NamedTuple):
    """A period's forecast at two moments, and every deal that moved between them."""

    period: Period
    start: datetime
    end: datetime
    then: Forecast
    now: Forecast
    # the changes that touch the period (the deal is in it before or after)
    changes: tuple[DealChange, ...]


def change_between(
    conn: sqlite3.Connection,
    period: Period,
    start: datetime,
    end: datetime,
    *,
    current: list[DealFacts] | None = None,
    changed: deals.ChangedDeals | None = None,
) -> ForecastChange:
    """``period``'s forecast as it stood at ``start`` and at ``end``, rebuilt from one pass
    over the history since ``start``, with the deals that moved in between (each moment's
    run rate counts the days it closes: midnight ends the day before). ``changed``:
    ``deals.changed_since`` from ``start`` or before, when the caller read it."""
    return _change(conn, period, start, end, start, end, current, changed)


# stored moments are whole seconds: as things stood a microsecond before a moment is all
# that was recorded before it, nothing recorded at it
_JUST_BEFORE = timedelta(microseconds=1)


def change_in(
    conn: sqlite3.Connection,
    period: Period,
    start: datetime,
    until: datetime,
    *,
    current: list[DealFacts] | None = None,
    changed: deals.ChangedDeals | None = None,
) -> ForecastChange:
    """How ``period``'s forecast moved over the span ``[start, until)`` (a report's): as it
    stood before ``start`` and before ``until``, so the deal changes it names are those
    recorded in the span, as ``deals.moves_between`` lists them (``change_between``
    compares two moments instead, each holding what was recorded at it). The result's
    ``start`` and ``end`` are ``start`` and ``until``; run rates count the same days."""
    return _change(
        conn, period, start, until, start - _JUST_BEFORE, until - _JUST_BEFORE, current, changed
    )


def _change(
    conn: sqlite3.Connection,
    period: Period,
    start: datetime,
    end: datetime,
    then_at: datetime,
    now_at: datetime,
    current: list[DealFacts] | None,
    changed: deals.ChangedDeals | None,
) -> ForecastChange:
    """``change_between`` and ``change_in``: the deals as they stood at ``then_at`` and at
    ``now_at`` (from ``start`` on, less a moment, as ``deals_since`` reads them)."""
    with db.read(conn):
        then_deals = deals_since(conn, period, start, current, changed=changed)
    before, after = then_deals.facts(then_at), then_deals.facts(now_at)
    then = forecast(before, period, then_deals.quota_cents, day_before(start))
    now = forecast(after, period, then_deals.quota_cents, day_before(end))
    ids = {d.id for d in before} | {d.id for d in after}
    old = take(before, period, start, then, keep=ids)
    new = take(after, period, end, now, keep=ids)
    moved = tuple(c for c in diff(old, new, period) if c.touches_period)
    return ForecastChange(period, start, end, then, now, moved)


def week_start(now: datetime) -> datetime:
    """Local midnight on the Monday of ``now``'s ISO week: ``--diff``'s default start."""
    week = containing(PeriodKind.WEEK, now.astimezone().date())
    return _midnight(week.start)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time()).astimezone()


def check_snapshot(conn: sqlite3.Connection, info: SnapshotInfo) -> tuple[Snapshot, Snapshot]:
    """A stored snapshot and the same period rebuilt at its moment from the history, for
    the check that both agree (deals and figures)."""
    row = conn.execute("SELECT data FROM forecast_snapshot WHERE id = ?", (info.id,)).fetchone()
    stored = from_json(row["data"], info.taken_at)
    period = parse_period(info.period_label, settings.fiscal_start(conn))
    with db.read(conn):
        then = deals_since(conn, period, info.taken_at, None)
    facts = then.facts(info.taken_at)
    figures = forecast(facts, period, then.quota_cents, info.taken_at.astimezone().date())
    return stored, take(facts, period, info.taken_at, figures)
