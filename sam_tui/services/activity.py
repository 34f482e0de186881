"""What happened in a span of days: touches, follow-ups and complaints, the read model of reports.

Spans are whole local days, ``first`` to ``last`` inclusive, turned into UTC bounds for
the stored timestamps. "Still open", "overdue" and "past SLA" are measured at a moment
(``as_of``: a period's end, or now while it runs) from the rows' own history (created,
done, opened, answered, resolved); what has no history (a snoozed due date, health,
renewal dates) is read as it stands now.

Over 450 lines on purpose: every report section reads its period through these queries,
and keeping them side by side keeps their span and ``as_of`` rules one rule.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, NamedTuple

from sam_tui.domain.cadence import account_cadence
from sam_tui.domain.enums import (
    Channel,
    ComplaintStatus,
    FollowUpStatus,
    Priority,
    ProspectStage,
    Severity,
    Tier,
)
from sam_tui.domain.figures import COUNTED, PROSPECTS, AccountScope, TouchFigures
from sam_tui.store import db, sql


def local_midnight(day: date) -> datetime:
    """The start of ``day`` in local time (the zone's own offset on that date)."""
    return datetime.combine(day, time()).astimezone()


def recorded_by(now: datetime) -> datetime:
    """The exclusive end of what is recorded by ``now``, as moments are stored: the first
    moment after it (``store.db.moment_after``), so a span ``[start, recorded_by(now))`` holds
    what was recorded in the very second of ``now`` too (a touch or a deal added a moment
    before a report in the same second)."""
    return db.moment_after(now).astimezone()


def used(conn: sqlite3.Connection, table: str) -> bool:
    """Whether the feature behind ``table`` was ever used (it holds a row)."""
    return sql.has_rows(conn, table)


def day_bounds(first: date, last: date) -> tuple[str, str]:
    """The half-open span of local days ``first`` to ``last`` (both included), as stored."""
    return db.ts(local_midnight(first)), db.ts(local_midnight(last + timedelta(days=1)))


@contextmanager
def snapshot(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One read transaction for a whole report, so its sections agree with each other."""
    with db.read(conn):
        yield conn


def commits_seen(conn: sqlite3.Connection) -> int:
    """Changes whenever another connection commits: equal before and after a report
    built in two processes, nobody wrote in between (both halves read the same book)."""
    return db.data_version(conn)


def open_book(path: str) -> sqlite3.Connection:
    """Another connection to a book this process has already opened (and upgraded);
    never creates one."""
    if not Path(path).is_file():
        raise FileNotFoundError(path)
    return db.connect(Path(path), migrate=False)


# --- touches -----------------------------------------------------------------------------


class AccountTouches(NamedTuple):
    account_id: int
    name: str
    tier: Tier
    touches: int
    channels: tuple[tuple[Channel, int], ...]  # most used first
    last_at: datetime
    net_sentiment: int


def scope_sql(scope: AccountScope, alias: str = "a") -> tuple[str, list[object]]:
    """The SQL condition for the accounts a figure counts (``domain.figures``)."""
    clause, params = sql.one_of(f"{alias}.status", scope.statuses)
    return f"{alias}.archived = 0 AND {clause}", params


def touches_by_account(
    conn: sqlite3.Connection, first: date, last: date, scope: AccountScope = COUNTED
) -> list[AccountTouches]:
    """Every account of ``scope`` touched in the span, most touches first, then by name."""
    start, end = day_bounds(first, last)
    counted, params = scope_sql(scope)
    # a week's few thousand touches read in time order, each account found by its key;
    # a longer span account by account, through the (account, moment) index
    join = "CROSS JOIN" if (last - first).days < 8 else "JOIN"
    rows = sql.tuples(conn).execute(
        f"""SELECT i.account_id, a.name, a.tier, i.channel, COUNT(*) AS n,
                  MAX(i.occurred_at) AS last_at, SUM(i.sentiment) AS sentiment
             FROM interaction i {join} account a ON a.id = i.account_id
            WHERE i.occurred_at >= ? AND i.occurred_at < ? AND {counted}
            GROUP BY i.account_id, i.channel""",
        (start, end, *params),
    )
    found: dict[int, tuple[str, Tier, dict[Channel, int], str, int]] = {}
    for ident, name, tier, channel, n, last_at, sentiment in rows:
        known = found.get(ident)
        if known is None:
            found[ident] = (name, _TIERS[tier], {_CHANNELS[channel]: n}, last_at, sentiment)
        else:
            known[2][_CHANNELS[channel]] = n
            found[ident] = (
                name,
                known[1],
                known[2],
                max(known[3], last_at),
                known[4] + sentiment,
            )
    result = [
        AccountTouches(
            account_id=ident,
            name=name,
            tier=tier,
            touches=sum(channels.values()),
            channels=tuple(sorted(channels.items(), key=lambda kv: (-kv[1], kv[0].value))),
            last_at=db.parse_ts(last_at),
            net_sentiment=sentiment,
        )
        for ident, (name, tier, channels, last_at, sentiment) in found.items()
    ]
    result.sort(key=lambda t: (-t.touches, t.name.casefold(), t.account_id))
    return result


def _slot(bound: str) -> str | None:
    """The quarter hour (``touch_slot``'s key) a stored moment starts; None when it is
    not the start of one (a zone's old local mean time)."""
    return bound[:16] if bound[14:16] in ("00", "15", "30", "45") and bound[16:] == ":00Z" else None


def touches_in(conn: sqlite3.Connection, spans: Sequence[tuple[date, date]]) -> list[int]:
    """Touches (``domain.figures``: interactions with an account) in each span, in order.

    Every interaction in the span, summed from its quarter hours (``touch_slot``), less
    those of the accounts that do not count (prospects, churned, archived), summed from
    the same quarter hours set aside (``touch_slot_aside``). A span whose local midnights
    are no quarter hours (a zone's old local mean time) is counted from the time index,
    less those accounts' touches, each counted from its (account, time) index: nothing
    here reads a row per touch of a counted account."""
    return [touches for touches, _ in _touch_counts(conn, spans)]


def _touch_counts(
    conn: sqlite3.Connection, spans: Sequence[tuple[date, date]]
) -> list[tuple[int, int]]:
    """``touches_in``'s touches and the prospect touches (``domain.figures``) of each span:
    the prospects' touches are among those taken off, counted in the same pass."""
    if not spans:
        return []
    counted, params = scope_sql(COUNTED)
    prospects, prospect_params = scope_sql(PROSPECTS)
    bounds = []
    slots: list[tuple[str, str]] = []  # each span's quarter hours, while they are whole
    for first, last in spans:
        low, high = day_bounds(first, last)
        slot_low, slot_high = _slot(low), _slot(high)
        whole = slot_low is not None and slot_high is not None
        bounds.append((low, high, slot_low if whole else None, slot_high if whole else None))
        if slot_low is not None and slot_high is not None:
            slots.append((slot_low, slot_high))
    if len(slots) == len(spans):
        return _slot_counts(conn, slots)
    rows = conn.execute(
        # theirs: one account at a time, each span's stretch of its index in turn (the
        # pages stay in cache), rather than every account again for each span
        f"""WITH span(n, low, high, slot_low, slot_high) AS MATERIALIZED (
                 VALUES {", ".join(["(?, ?, ?, ?, ?)"] * len(bounds))}),
                 other AS MATERIALIZED (
                     SELECT a.id, ({prospects}) AS prospect FROM account a
                      WHERE NOT ({counted})),
                 theirs AS MATERIALIZED (
                     SELECT span.n, COUNT(*) AS touches, SUM(other.prospect) AS prospects
                       FROM other CROSS JOIN span CROSS JOIN interaction i
                            ON i.account_id = other.id
                           AND i.occurred_at >= span.low AND i.occurred_at < span.high
                      GROUP BY span.n)
           SELECT CASE WHEN span.slot_low IS NULL
                       THEN (SELECT COUNT(*) FROM interaction
                              WHERE occurred_at >= span.low AND occurred_at < span.high)
                       ELSE (SELECT coalesce(SUM(touches), 0) FROM touch_slot
                              WHERE slot >= span.slot_low AND slot < span.slot_high)
                  END
                - coalesce((SELECT touches FROM theirs WHERE theirs.n = span.n), 0),
                  coalesce((SELECT prospects FROM theirs WHERE theirs.n = span.n), 0)
             FROM span
            ORDER BY n""",
        (
            *(v for n, b in enumerate(bounds) for v in (n, *b)),
            *prospect_params,
            *params,
        ),
    )
    return [(int(touches), int(prospect)) for touches, prospect in rows]


def _slot_counts(
    conn: sqlite3.Connection, slots: Sequence[tuple[str, str]]
) -> list[tuple[int, int]]:
    """``_touch_counts`` of spans from quarter hour to quarter hour: each span's quarter
    hours less those set aside, and the prospects' among these."""
    rows = conn.execute(
        f"""WITH span(n, low, high) AS MATERIALIZED (
                 VALUES {", ".join(["(?, ?, ?)"] * len(slots))})
           SELECT (SELECT coalesce(SUM(touches), 0) FROM touch_slot
                    WHERE slot >= span.low AND slot < span.high)
                - (SELECT coalesce(SUM(touches), 0) FROM touch_slot_aside
                    WHERE slot >= span.low AND slot < span.high),
                  (SELECT coalesce(SUM(prospects), 0) FROM touch_slot_aside
                    WHERE slot >= span.low AND slot < span.high)
             FROM span
            ORDER BY n""",
        [v for n, (low, high) in enumerate(slots) for v in (n, low, high)],
    )
    return [(int(touches), int(prospect)) for touches, prospect in rows]


def touch_figures(
    conn: sqlite3.Connection,
    first: date,
    last: date,
    *,
    touches: int | None = None,
    accounts_touched: int | None = None,
) -> TouchFigures:
    """Touches, accounts touched and prospect touches in the span (``domain.figures``).
    ``touches``: ``touches_in`` of the span, ``accounts_touched`` the accounts touched in
    it, when the caller already counted them."""
    start, end = day_bounds(first, last)
    counted, params = scope_sql(COUNTED)
    accounts = (accounts_touched,) if accounts_touched is not None else conn.execute(
        # the stored last touch is the newest: before the span, none in it; in the span,
        # one in it. Only an account touched after the span is probed
        f"""SELECT COUNT(*) FROM account a
             WHERE {counted} AND a.last_touch_at >= ?
               AND (a.last_touch_at < ?
                    OR EXISTS (SELECT 1 FROM interaction i WHERE i.account_id = a.id
                                AND i.occurred_at >= ? AND i.occurred_at < ?))""",
        (*params, start, end, start, end),
    ).fetchone()
    if touches is None:
        ((touches, prospect_touches),) = _touch_counts(conn, [(first, last)])
    elif (slot_low := _slot(start)) is not None and (slot_high := _slot(end)) is not None:
        ((_, prospect_touches),) = _slot_counts(conn, [(slot_low, slot_high)])
    else:
        prospects, prospect_params = scope_sql(PROSPECTS)
        prospect_touches = conn.execute(
            f"""SELECT COUNT(*) FROM account a CROSS JOIN interaction i ON i.account_id = a.id
                 WHERE {prospects} AND i.occurred_at >= ? AND i.occurred_at < ?""",
            (*prospect_params, start, end),
        ).fetchone()[0]
    return TouchFigures(
        touches=touches,
        accounts_touched=int(accounts[0]),
        prospect_touches=int(prospect_touches),
    )


def days_of(first: date, last: date) -> list[tuple[date, date]]:
    """Each day of the span as a span of its own."""
    return [(d, d) for d in (first + timedelta(days=n) for n in range((last - first).days + 1))]


class UntouchedAccount(NamedTuple):
    account_id: int
    name: str
    tier: Tier
    cadence_days: int
    last_touch: datetime | None  # the last one before the span ended
    created: date


def _existed(end: str) -> str:
    """The SQL condition for an account that existed before the moment ``end`` (a
    parameter): added before it, or touched before it (``domain.figures``: a touch dated
    before the account was added to sam, a CRM's history, shows it was there). The lookup
    runs only for accounts added later, through the (account, moment) index."""
    return f"""(a.created_at < {end} OR EXISTS (SELECT 1 FROM interaction e
                                                   WHERE e.account_id = a.id
                                                     AND e.occurred_at < {end}))"""


def active_accounts(conn: sqlite3.Connection, until: date) -> int:
    """Accounts (``domain.figures``) that existed on ``until``."""
    _, end = day_bounds(until, until)
    counted, params = scope_sql(COUNTED)
    row = conn.execute(
        f"SELECT COUNT(*) FROM account a WHERE {counted} AND {_existed('?')}",
        (*params, end, end),
    ).fetchone()
    return int(row[0])


def _last_touch_before(moment: str) -> str:
    """Live active accounts that existed before ``:end``, with their last touch before the
    parameter named ``moment``: the stored one, unless it falls after it (a past span)."""
    return f"""SELECT a.id, a.name, a.tier, a.cadence_days, a.created_at,
                  CASE WHEN a.last_touch_at < {moment} THEN a.last_touch_at
                       ELSE (SELECT MAX(i.occurred_at) FROM interaction i
                              WHERE i.account_id = a.id AND i.occurred_at < {moment})
                  END AS last_touch
             FROM account a
            WHERE a.archived = 0 AND a.status = 'active' AND {_existed(":end")}"""


_TIERS = {t.value: t for t in Tier}
_CHANNELS = {c.value: c for c in Channel}


def _untouched(row: Sequence[Any]) -> UntouchedAccount:
    """A row of ``_last_touch_before`` (a tuple: thousands of accounts at a time)."""
    ident, name, tier_text, own_cadence, created_at, last_touch = row
    tier = _TIERS[tier_text]
    return UntouchedAccount(
        ident,
        name,
        tier,
        account_cadence(tier, own_cadence),
        db.opt_ts(last_touch),
        db.parse_ts(created_at).astimezone().date(),
    )


def untouched_accounts(conn: sqlite3.Connection, first: date, last: date) -> list[UntouchedAccount]:
    """Live active accounts with no touch in the span (each lookup is index-backed)."""
    start, end = day_bounds(first, last)
    rows = sql.tuples(conn).execute(
        _last_touch_before(":start")
        # the stored last touch (the newest) answers for most accounts without a probe of
        # the touches' index for each: before the span, none in it; in it, one in it
        + """ AND (a.last_touch_at IS NULL OR a.last_touch_at < :start
                   OR (a.last_touch_at >= :end
                       AND NOT EXISTS (SELECT 1 FROM interaction i
                                        WHERE i.account_id = a.id AND i.occurred_at >= :start
                                          AND i.occurred_at < :end)))""",
        {"start": start, "end": end},
    )
    result = [_untouched(r) for r in rows]
    return result


# --- follow-ups --------------------------------------------------------------------------


class FollowUpEvent(NamedTuple):
    id: int
    account_id: int
    account_name: str
    title: str
    due_date: date
    priority: Priority
    status: FollowUpStatus
    created_at: datetime
    done_at: datetime | None


# CROSS JOIN keeps follow_up as the outer loop: one pass over the table (~20 ms for
# 100,000 rows) beats the planner's choice of walking every account's follow-ups.
_FOLLOW_UP = """
    SELECT f.id, f.account_id, a.name AS account_name, f.title, f.due_date, f.priority,
           f.status, f.created_at, f.done_at
      FROM follow_up f CROSS JOIN account a ON a.id = f.account_id
"""


# enum lookups by value: Enum.__call__ shows on the large portfolio's thousands of rows
_PRIORITY = {p.value: p for p in Priority}
_STATUS = {s.value: s for s in FollowUpStatus}


_follow_up = sql.reader(
    FollowUpEvent,
    due_date=date.fromisoformat,
    priority=_PRIORITY.__getitem__,
    status=_STATUS.__getitem__,
    created_at=db.parse_ts,
    done_at=db.parse_ts,
)


def _done_in(first: date, last: date) -> tuple[str, dict[str, object]]:
    start, end = day_bounds(first, last)
    # "+" keeps SQLite off the status index: most rows are done, and a lookup per row
    # through it is ten times slower than reading the table once
    return (
        "+f.status = 'done' AND f.done_at >= :done_from AND f.done_at < :done_until",
        {"done_from": start, "done_until": end},
    )


def _created_in(first: date, last: date) -> tuple[str, dict[str, object]]:
    start, end = day_bounds(first, last)
    return (
        "f.created_at >= :created_from AND f.created_at < :created_until",
        {"created_from": start, "created_until": end},
    )


# not of an archived account, asked of the follow-up alone (the archived are read once):
# SQLite then joins the account only for the rows kept, not for each of 100,000
_LIVE_ACCOUNT = "f.account_id NOT IN (SELECT id FROM account WHERE archived <> 0)"


def _open_at(as_of: datetime) -> tuple[str, dict[str, object]]:
    """Follow-ups that existed and were still open at ``as_of`` (done or cancelled later)."""
    return (
        f"f.created_at <= :as_of AND (f.status = 'open' OR f.done_at > :as_of) AND {_LIVE_ACCOUNT}",
        {"as_of": db.ts(as_of)},
    )


def _overdue_at(as_of: datetime) -> tuple[str, dict[str, object]]:
    where, params = _open_at(as_of)
    return f"{where} AND f.due_date < :day", {**params, "day": as_of.date().isoformat()}


def follow_ups_done(conn: sqlite3.Connection, first: date, last: date) -> list[FollowUpEvent]:
    """Marked done in the span, in the order they were done."""
    where, params = _done_in(first, last)
    rows = conn.execute(_FOLLOW_UP + f" WHERE {where} ORDER BY f.done_at, f.id", params)
    return [_follow_up(r) for r in rows]


def follow_ups_created(conn: sqlite3.Connection, first: date, last: date) -> list[FollowUpEvent]:
    """Promised in the span (whatever became of them since), by due date."""
    where, params = _created_in(first, last)
    rows = conn.execute(_FOLLOW_UP + f" WHERE {where} ORDER BY f.due_date, f.id", params)
    return [_follow_up(r) for r in rows]


def follow_ups_overdue(conn: sqlite3.Connection, as_of: datetime) -> list[FollowUpEvent]:
    """Open at ``as_of`` and due before that day, oldest due first (as `follow-up list
    --overdue` shows them when ``as_of`` is now)."""
    where, params = _overdue_at(as_of)
    rows = conn.execute(_FOLLOW_UP + f" WHERE {where} ORDER BY f.due_date, f.id", params)
    return [_follow_up(r) for r in rows]


class FollowUpCounts(NamedTuple):
    done: int
    created: int
    overdue: int


def follow_up_counts(
    conn: sqlite3.Connection, first: date, last: date, as_of: datetime
) -> FollowUpCounts:
    """How many follow-ups ``follow_ups_done`` and ``follow_ups_created`` list for the span
    and ``follow_ups_overdue`` at ``as_of``: one pass over the table instead of three."""
    parts = [_done_in(first, last), _created_in(first, last), _overdue_at(as_of)]
    row = conn.execute(
        f"SELECT {', '.join(f'COUNT(*) FILTER (WHERE {where})' for where, _ in parts)}"
        " FROM follow_up f"
        f" WHERE {' OR '.join(f'({where})' for where, _ in parts)}",
        {name: value for _, params in parts for name, value in params.items()},
    ).fetchone()
    return FollowUpCounts(*row)


def follow_ups_due(
    conn: sqlite3.Connection, first: date, last: date, as_of: datetime
) -> list[FollowUpEvent]:
    """Due in the span and open at ``as_of``: the agenda as it stood then."""
    where, params = _open_at(as_of)
    rows = conn.execute(
        _FOLLOW_UP + f" WHERE {where} AND f.due_date >= :first AND f.due_date <= :last"
        " ORDER BY f.due_date, f.priority = 'high' DESC, f.id",
        {**params, "first": first.isoformat(), "last": last.isoformat()},
    )
    return [_follow_up(r) for r in rows]


# --- complaints --------------------------------------------------------------------------


class ComplaintEvent(NamedTuple):
    id: int
    account_id: int
    account_name: str
    title: str
    severity: Severity
    status: ComplaintStatus  # as it stands now
    team: str | None
    opened_at: datetime
    sla_due_at: datetime
    first_response_at: datetime | None
    resolved_at: datetime | None
    opened: bool  # in the span
    answered: bool  # first response in the span
    resolved: bool  # in the span
    past_sla: bool  # open at as_of and past its SLA deadline

    @property
    def within_sla(self) -> bool | None:
        """Resolved by the deadline; None while unresolved."""
        if self.resolved_at is None:
            return None
        return self.resolved_at <= self.sla_due_at


def complaint_activity(
    conn: sqlite3.Connection, first: date, last: date, as_of: datetime
) -> list[ComplaintEvent]:
    """Complaints opened, answered or resolved in the span, or open past SLA at ``as_of``;
    by when they were opened."""
    # not imported above: measures (and so the cockpit's first paint) imports this module
    from sam_tui.services import complaints

    start, end = day_bounds(first, last)
    rows = conn.execute(
        """SELECT p.id, p.account_id, a.name AS account_name, p.title, p.severity, p.status,
                  p.team, p.opened_at, p.sla_due_at, p.first_response_at, p.resolved_at,
                  p.opened_at >= :start AS opened,
                  p.first_response_at IS NOT NULL AND p.first_response_at >= :start
                  AND p.first_response_at < :end AS answered,
                  p.resolved_at IS NOT NULL AND p.resolved_at >= :start
                  AND p.resolved_at < :end AS resolved,
                  p.opened_at <= :as_of AND p.sla_due_at <= :as_of
                  AND (p.resolved_at IS NULL OR p.resolved_at > :as_of) AS past_sla
             FROM complaint p JOIN account a ON a.id = p.account_id
            WHERE p.opened_at < :end
              AND (p.resolved_at IS NULL OR p.resolved_at >= :start)
            ORDER BY p.opened_at, p.id""",
        {"start": start, "end": end, "as_of": db.ts(as_of)},
    )
    flags = {"opened": bool, "answered": bool, "resolved": bool, "past_sla": bool}
    events = map(sql.reader(ComplaintEvent, **complaints.STORED, **flags), rows)
    return [e for e in events if e.opened or e.answered or e.resolved or e.past_sla]


# --- portfolio: the month, quarter and year reports ---------------------------------------


class ValuedAccount(NamedTuple):
    account_id: int
    name: str
    tier: Tier
    value_cents: int
    renewal_date: date | None


def largest_accounts(conn: sqlite3.Connection, limit: int) -> list[ValuedAccount]:
    """Live active accounts with the largest annual value (as it stands now), by name on ties."""
    rows = conn.execute(
        """SELECT id, name, tier, annual_value_cents, renewal_date FROM account
            WHERE archived = 0 AND status = 'active' AND annual_value_cents > 0
            ORDER BY annual_value_cents DESC, name_key LIMIT ?""",
        (limit,),
    )
    return [ValuedAccount(r[0], r[1], Tier(r[2]), r[3], db.opt_date(r[4])) for r in rows]


class ProspectMove(NamedTuple):
    account_id: int
    name: str
    at: datetime
    from_stage: ProspectStage | None  # None: the prospect was added
    to_stage: ProspectStage


def prospect_moves(conn: sqlite3.Connection, first: date, last: date) -> list[ProspectMove]:
    """Every recorded prospect stage change in the span (additions too), oldest first."""
    start, end = day_bounds(first, last)
    rows = conn.execute(
        """SELECT s.account_id, a.name, s.at, s.from_stage, s.to_stage
             FROM prospect_stage_change s JOIN account a ON a.id = s.account_id
            WHERE s.at >= ? AND s.at < ? ORDER BY s.at, s.id""",
        (start, end),
    )
    return [
        ProspectMove(
            r[0],
            r[1],
            db.parse_ts(r[2]),
            ProspectStage(r[3]) if r[3] else None,
            ProspectStage(r[4]),
        )
        for r in rows
    ]


class AccountActivity(NamedTuple):
    account_id: int
    name: str
    tier: Tier
    touches: int
    last_at: datetime


def touch_ranking(conn: sqlite3.Connection, first: date, last: date) -> list[AccountActivity]:
    """Every account (``domain.figures``) touched in the span with its touch count, most
    touches first, then by name: each account's touches counted on its own stretch of the
    (account, time) index, so a year reads a year of touches, not the whole history."""
    start, end = day_bounds(first, last)
    counted, params = scope_sql(COUNTED)
    rows = sql.tuples(conn).execute(
        # MATERIALIZED: counted once per account (flattened, SQLite counts it again for
        # the WHERE); the last touch only for the accounts kept
        f"""WITH counts AS MATERIALIZED (
                 SELECT a.id, a.name, a.tier, a.name_key, a.last_touch_at,
                        (SELECT COUNT(*) FROM interaction i
                          WHERE i.account_id = a.id
                            AND i.occurred_at >= ? AND i.occurred_at < ?) AS n
                   FROM account a
                  WHERE {counted})
           SELECT id, name, tier, n,
                  -- the stored last touch when it falls in the span (a running period)
                  CASE WHEN last_touch_at >= ? AND last_touch_at < ? THEN last_touch_at
                       ELSE (SELECT MAX(i.occurred_at) FROM interaction i
                              WHERE i.account_id = counts.id
                                AND i.occurred_at >= ? AND i.occurred_at < ?)
                  END
             FROM counts
            WHERE n > 0
            ORDER BY n DESC, name_key""",
        (start, end, *params, start, end, start, end),
    )
    # enums by value, each moment parsed once: a year ranks ~9,000 accounts
    moments: dict[str, datetime] = {}
    return [
        AccountActivity(ident, name, _TIERS[tier], n, db.parse_ts_once(last, moments))
        for ident, name, tier, n, last in rows
    ]


def cadence_lapses(conn: sqlite3.Connection, first: date, last: date) -> list[UntouchedAccount]:
    """Live active accounts whose cadence ran out within the span: the day after their
    last touch by the span's end (their creation, never touched) plus their cadence
    falls in it. ``last_touch`` is that touch."""
    _, end = day_bounds(last, last)
    result = []
    # the local day of each moment, worked out once: ~9,000 accounts share ~2,500 last
    # touches, and astimezone() was a quarter of the time
    days: dict[str, date] = {}
    for r in sql.tuples(conn).execute(_last_touch_before(":end"), {"end": end}):
        # the lapse from the row itself: most of 10,000 accounts do not lapse in the span
        _, _, tier, own_cadence, created_at, last_touch = r
        moment = last_touch or created_at
        since = days.get(moment)
        if since is None:
            since = days[moment] = db.parse_ts(moment).astimezone().date()
        if first <= since + timedelta(days=account_cadence(_TIERS[tier], own_cadence) + 1) <= last:
            result.append(_untouched(r))
    return result
