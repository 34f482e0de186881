"""The morning triage read model: loads the facts with index-backed queries, ranks in the domain.

Over 450 lines on purpose: each kind of triage item has its own index-backed reader here,
and the whole queue (``load``) and the cockpit's first frame (``head``) must read the same
facts the same way; side by side, a reader changed for one is seen to hold for the other.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Mapping
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from types import MappingProxyType
from typing import NamedTuple

from sam_tui import clock
from sam_tui.domain.cadence import (
    DEFAULT_CADENCE_DAYS,
    KEY_CONTACT_FACTOR,
    KEY_INFLUENCE,
    MIN_THREADS,
    RENEWAL_GRACE_DAYS,
    RENEWAL_HORIZON_DAYS,
    THREAD_WINDOW_DAYS,
    contact_cadence,
)
from sam_tui.domain.enums import (
    OPEN_COMPLAINT_STATUSES,
    OPEN_REQUEST_STATUSES,
    ComplaintStatus,
    DealStage,
    Influence,
    Priority,
    Severity,
    Tier,
)
from sam_tui.domain.sales import OPEN_STAGES, effective_probability
from sam_tui.domain.sla import sla_state
from sam_tui.domain.triage import (
    CEILING,
    AccountFacts,
    ComplaintFacts,
    ContactFacts,
    FollowUpFacts,
    ObjectiveFacts,
    OpenDealFacts,
    RequestFacts,
    ThreadFacts,
    TriageItem,
    TriageKind,
    rank,
)
from sam_tui.services import deals, metrics
from sam_tui.store import db
from sam_tui.store.sql import one_of, reader


class Kpis(NamedTuple):
    overdue_follow_ups: int
    due_today: int
    open_complaints: int
    breached_complaints: int
    going_cold: int
    renewals_90d: int
    # the current fiscal quarter's label, quota, attainment and coverage (domain.sales);
    # None where there is no quota (or, for coverage, the quota is met)
    quota_period: str = ""
    quota_cents: int | None = None
    attainment: Decimal | None = None
    coverage: Decimal | None = None


class Renewal(NamedTuple):
    account_id: int
    account_name: str
    renewal_date: date
    value_cents: int | None
    last_touch: date | None


class ColdAccount(NamedTuple):
    account_id: int
    account_name: str
    days_since: int
    cadence_days: int
    never: bool


class Triage(NamedTuple):
    now: datetime
    items: tuple[TriageItem, ...]
    kpis: Kpis
    accounts: int
    renewals: tuple[Renewal, ...] = ()
    cold: tuple[ColdAccount, ...] = ()
    # False: only the top of the queue (``head``); renewals, cold accounts, the quota and
    # the length of the queue come with ``load``
    complete: bool = True
    # every item of the queue; ``items`` holds the first ``limit`` of them, explained
    total: int = 0
    counts: Mapping[TriageKind, int] = MappingProxyType({})


# enum lookups by value: Enum.__call__ is slow enough to show on 100,000 rows
_TIER = {t.value: t for t in Tier}
_PRIORITY = {p.value: p for p in Priority}
_INFLUENCE = {i.value: i for i in Influence}
_STAGE = {s.value: s for s in DealStage}


# a NamedTuple made straight from its values, in the order of its fields, without its
# Python-level __new__: the readers below make one per row, some 20,000 for a large book
_new = tuple.__new__


def _tuples(conn: sqlite3.Connection) -> sqlite3.Cursor:
    """A cursor yielding plain tuples: sqlite3.Row costs on 10,000-row portfolios."""
    cursor = conn.cursor()
    cursor.row_factory = None
    return cursor


def _accounts(
    conn: sqlite3.Connection, today: date, values: dict[int, int | None]
) -> list[AccountFacts]:
    """Every live account; the dates only of the active ones that may have gone cold or
    renew in the window (``dated``): most of a book needs its name and tier only.

    Gone cold, as ``domain.cadence.is_cold`` has it: the last touch (or the creation), on
    its local day, over ``cadence`` days before today. SQL keeps those last touched over
    ``cadence - 1`` days before, in UTC (no local day is more than a day from UTC's), and
    the domain checks again: SQL may only keep too many. Both read the table straight
    through (+: not by the archived index, a lookup per account).
    """
    low = today - timedelta(days=RENEWAL_GRACE_DAYS)
    high = today + timedelta(days=RENEWAL_HORIZON_DAYS)
    tiers = " ".join("WHEN ? THEN ?" for _ in DEFAULT_CADENCE_DAYS)
    defaults = [x for tier, days in DEFAULT_CADENCE_DAYS.items() for x in (tier.value, days)]
    dated = {
        row[0]: row
        for row in _tuples(conn).execute(
            # dates converted to local time in SQLite (C), not per row in Python
            f"""SELECT a.id, a.renewal_date, date(a.created_at, 'localtime'),
                      a.annual_value_cents, date(a.last_touch_at, 'localtime')
                 FROM account a
                WHERE +a.archived = 0 AND a.status = 'active'
                  AND (a.renewal_date BETWEEN ? AND ?
                       OR julianday(coalesce(a.last_touch_at, a.created_at))
                          < julianday(?) + 1 - coalesce(nullif(a.cadence_days, 0),
                                                        CASE a.tier {tiers} END))""",
            (low.isoformat(), high.isoformat(), today.isoformat(), *defaults),
        )
    }
    facts: list[AccountFacts] = []
    add = facts.append
    fromiso = date.fromisoformat
    # straight into the tuples, fields in order (AccountFacts' own __new__ is a Python
    # function): every live account of the book is read, 10,000 in a large one
    new, tiers_of, days_of, undated = _new, _TIER, DEFAULT_CADENCE_DAYS, date.min
    rows = _tuples(conn).execute(
        """SELECT a.id, a.name, a.tier, a.status, a.cadence_days FROM account a
            WHERE +a.archived = 0"""
    )
    for ident, name, tier_text, status, cadence in rows:
        tier = tiers_of[tier_text]
        days = cadence or days_of[tier]
        found = dated.get(ident)
        if found is None:  # as _account_fact has it
            add(new(AccountFacts, (ident, name, tier, days, undated, None, None,
                                   status == "active", False)))  # fmt: skip
            continue
        _, renewal, created, value, last = found
        if renewal:  # the value is shown with a renewal only
            values[ident] = value
        last_day = fromiso(last) if last else None
        renews = fromiso(renewal) if renewal else None
        add(new(AccountFacts, (ident, name, tier, days, fromiso(created), last_day, renews,
                               True, True)))  # fmt: skip
    return facts


def _follow_ups(conn: sqlite3.Connection, today: date) -> list[FollowUpFacts]:
    rows = _tuples(conn).execute(
        """SELECT id, account_id, title, due_date, priority FROM follow_up
            WHERE status = 'open' AND due_date <= ?""",
        (today.isoformat(),),
    )
    fromiso, new, priorities = date.fromisoformat, _new, _PRIORITY
    return [
        new(FollowUpFacts, (ident, account_id, title, fromiso(due), priorities[priority]))
        for ident, account_id, title, due, priority in rows
    ]


# as services.complaints reads them; not imported from there, which would put its
# imports on the cockpit's first paint
_complaint = reader(
    ComplaintFacts,
    severity=Severity,
    status=ComplaintStatus,
    opened_at=db.parse_ts,
    sla_due_at=db.parse_ts,
    first_response_at=db.parse_ts,
)


def _complaints(conn: sqlite3.Connection) -> list[ComplaintFacts]:
    owed, statuses = one_of("status", OPEN_COMPLAINT_STATUSES)
    rows = conn.execute(
        f"""SELECT id, account_id, title, severity, status, opened_at, sla_due_at,
                  first_response_at
             FROM complaint WHERE {owed}""",
        statuses,
    )
    return [_complaint(r) for r in rows]


def _contacts(
    conn: sqlite3.Connection, accounts: dict[int, AccountFacts], today: date
) -> list[ContactFacts]:
    """Contacts past their cadence at live, active accounts (the domain decides the rest).

    SQL keeps only the cold ones: a book of 25,000 contacts sends a few hundred to Python.
    The cadence it compares with is ``domain.cadence.contact_cadence`` (own, else twice the
    account's for a key contact); Python checks it again, so SQL may only keep too many.
    The local dates are worked out only for contacts whose last touch (or creation), in
    UTC, is over ``cadence - 1`` days old: no local day is more than a day from UTC's.
    The contacts are read straight through, each one's account by its id (CROSS JOIN
    keeps that order): the other way round, every contact row is looked up one by one.
    Before that lookup, a key contact without a cadence of their own is passed over when
    touched too lately for even the shortest such cadence (twice the shortest account's).
    """
    shortest = min((a.cadence_days for a in accounts.values() if a.active), default=1)
    bound = today + timedelta(days=1 - KEY_CONTACT_FACTOR * shortest)
    key, influences = one_of("c.influence", KEY_INFLUENCE)
    defaults = [x for tier, days in DEFAULT_CADENCE_DAYS.items() for x in (tier.value, days)]
    tiers = " ".join("WHEN ? THEN ?" for _ in DEFAULT_CADENCE_DAYS)
    rows = _tuples(conn).execute(
        f"""SELECT id, account_id, name, role, influence, cadence_days,
                  date(created_at, 'localtime'), date(last_touch_at, 'localtime'), days_since
             FROM (SELECT *, CAST(julianday(?) - julianday(COALESCE(
                                  date(last_touch_at, 'localtime'),
                                  date(created_at, 'localtime'))) AS INTEGER) AS days_since
                     FROM (SELECT c.id, c.account_id, c.name, c.role, c.influence,
                                  c.cadence_days, c.created_at, c.last_touch_at,
                                  COALESCE(NULLIF(c.cadence_days, 0), ? * COALESCE(
                                      NULLIF(a.cadence_days, 0), CASE a.tier {tiers} END))
                                  AS cadence
                             FROM contact c CROSS JOIN account a ON a.id = c.account_id
                            WHERE c.archived = 0 AND (c.cadence_days IS NOT NULL OR {key})
                              AND (c.cadence_days IS NOT NULL
                                   OR coalesce(c.last_touch_at, c.created_at) < ?)
                              AND a.archived = 0 AND a.status = 'active')
                    WHERE julianday(COALESCE(last_touch_at, created_at))
                          < julianday(?) + 1 - cadence)
            WHERE days_since > cadence""",
        (
            today.isoformat(),
            KEY_CONTACT_FACTOR,
            *defaults,
            *influences,
            db.ts(datetime.combine(bound, time(), tzinfo=UTC)),
            today.isoformat(),
        ),
    )
    facts = []
    for ident, account_id, name, role, influence_text, own, created, last, days in rows:
        account = accounts.get(account_id)
        if account is None:
            continue
        influence = _INFLUENCE[influence_text] if influence_text else None
        cadence = contact_cadence(influence, own, account.cadence_days)
        if cadence is None or days <= cadence:
            continue
        facts.append(
            ContactFacts(
                id=ident,
                account_id=account_id,
                name=name,
                role=role or (influence.value if influence else None),
                cadence_days=cadence,
                created=date.fromisoformat(created) if created else date.min,
                last_touch=date.fromisoformat(last) if last else None,
                influence=influence,
            )
        )
    return facts


def _requests(conn: sqlite3.Connection, today: date) -> list[RequestFacts]:
    """Open and blocked requests past due (index ix_request_status_due)."""
    owed, statuses = one_of("r.status", OPEN_REQUEST_STATUSES)
    rows = _tuples(conn).execute(
        f"""SELECT r.id, r.account_id, r.team, r.ask, r.due_date, r.status,
                  CASE WHEN p.status != 'resolved' THEN p.id END
             FROM internal_request r LEFT JOIN complaint p ON p.id = r.complaint_id
            WHERE {owed} AND r.due_date < ?""",
        (*statuses, today.isoformat()),
    )
    fromiso, new = date.fromisoformat, _new
    return [
        new(
            RequestFacts,
            (ident, account_id, team, ask, fromiso(due), status == "blocked", complaint),
        )
        for ident, account_id, team, ask, due, status, complaint in rows
    ]


def _threads(conn: sqlite3.Connection, today: date) -> list[ThreadFacts]:
    """Contacts of the active strategic accounts that look single-threaded.

    SQL keeps only accounts with enough contacts and at most one touched in the window;
    the domain decides (``domain.cadence.threads``). Touched in the window: on its first
    local day or later, that is at or after that day's local midnight, as stored (UTC).
    """
    first = today - timedelta(days=THREAD_WINDOW_DAYS)
    cutoff = db.ts(datetime.combine(first, time()).astimezone())
    rows = _tuples(conn).execute(
        """SELECT c.account_id, c.name, date(c.last_touch_at, 'localtime')
             FROM contact c
            WHERE c.archived = 0 AND c.account_id IN (
                  SELECT t.account_id FROM contact t JOIN account a ON a.id = t.account_id
                   WHERE t.archived = 0 AND a.archived = 0 AND a.status = 'active'
                     AND a.tier = 'strategic'
                   GROUP BY t.account_id
                  HAVING count(*) >= :threads
                     AND sum(coalesce(t.last_touch_at >= :cutoff, 0)) <= 1)
            ORDER BY c.account_id, c.id""",
        {"cutoff": cutoff, "threads": MIN_THREADS},
    )
    grouped: dict[int, list[tuple[str, date | None]]] = {}
    for account_id, name, last in rows:
        grouped.setdefault(account_id, []).append(
            (name, date.fromisoformat(last) if last else None)
        )
    return [ThreadFacts(account_id, tuple(people)) for account_id, people in grouped.items()]


def _late_deals(conn: sqlite3.Connection, today: date) -> list[OpenDealFacts]:
    table = deals.probabilities(conn)
    opened, stages = one_of("stage", OPEN_STAGES)
    rows = _tuples(conn).execute(
        f"""SELECT id, account_id, name, amount_cents, stage, probability, expected_close
             FROM deal WHERE {opened} AND expected_close < ?""",
        (*stages, today.isoformat()),
    )
    fromiso, new, stages_of = date.fromisoformat, _new, _STAGE
    out = []
    for ident, account_id, name, amount, stage_text, own, close in rows:
        stage = stages_of[stage_text]
        probability = effective_probability(stage, own, table)
        out.append(
            new(
                OpenDealFacts, (ident, account_id, name, amount, stage, probability, fromiso(close))
            )
        )
    return out


def _objectives(conn: sqlite3.Connection, today: date) -> list[ObjectiveFacts]:
    rows = _tuples(conn).execute(
        """SELECT id, account_id, title, target_value, current_value, start_date, due_date,
                  measure
             FROM objective WHERE closed = 0 AND due_date >= ?""",
        (today.isoformat(),),
    )
    out = []
    for ident, account_id, title, target, current, start, due, measure in rows:
        start_date, due_date = date.fromisoformat(start), date.fromisoformat(due)
        goal = ObjectiveFacts(
            ident, account_id, title, Decimal(target), Decimal(current), start_date, due_date
        )
        if measure is not None:  # it measures itself: its figure, as `objective show`'s
            # imported here: most books measure no objective, and measures reads activity
            from sam_tui.services import measures

            value = measures.current(
                conn, measure, goal.current, goal.account_id, goal.start, goal.due, today
            )
            goal = goal._replace(current=value)
        out.append(goal)
    return out


# The kinds the first frame scores (the highest ceilings); every other kind is scored by
# ``load``, and can reach at most the highest ceiling among them.
HEAD_KINDS = (TriageKind.COMPLAINT, TriageKind.FOLLOW_UP, TriageKind.REQUEST)
HEAD_CUT = max(score for kind, score in CEILING.items() if kind not in HEAD_KINDS)


def _account_fact(
    ident: int, name: str, tier_text: str, cadence: int | None, active: bool = False
) -> AccountFacts:
    """An account to name and weigh its records' items only: its dates not read (not
    ``dated``), so it is not scored as going cold or renewing."""
    tier = _TIER[tier_text]
    days = cadence or DEFAULT_CADENCE_DAYS[tier]
    return AccountFacts(ident, name, tier, days, date.min, None, None, active, False)


def _top_follow_ups(
    conn: sqlite3.Connection, today: date, rows: int, accounts: dict[int, AccountFacts]
) -> list[FollowUpFacts]:
    """The due follow-ups that may be among the first ``rows`` items: within one priority
    and one tier a follow-up scores by lateness alone, so each such group's ``rows``
    latest (with every one due the same day as the last of them) are enough."""
    rows_ = _tuples(conn).execute(
        """SELECT id, account_id, title, due_date, priority, name, tier, cadence_days
             FROM (SELECT f.id, f.account_id, f.title, f.due_date, f.priority,
                          a.name, a.tier, a.cadence_days,
                          rank() OVER (PARTITION BY f.priority, a.tier
                                       ORDER BY f.due_date) AS place
                     FROM follow_up f JOIN account a ON a.id = f.account_id
                    WHERE f.status = 'open' AND f.due_date <= ? AND a.archived = 0)
            WHERE place <= ?""",
        (today.isoformat(), rows),
    )
    found = []
    for ident, account_id, title, due, priority, name, tier, cadence in rows_:
        accounts.setdefault(account_id, _account_fact(account_id, name, tier, cadence))
        found.append(
            FollowUpFacts(ident, account_id, title, date.fromisoformat(due), _PRIORITY[priority])
        )
    return found


def _top_requests(
    conn: sqlite3.Connection, today: date, rows: int, accounts: dict[int, AccountFacts]
) -> list[RequestFacts]:
    """Overdue requests that may be among the first ``rows`` items: ranked by lateness
    within each group scored alike (blocked or not, for an open complaint or not, tier)."""
    owed, statuses = one_of("r.status", OPEN_REQUEST_STATUSES)
    found_rows = _tuples(conn).execute(
        f"""SELECT id, account_id, team, ask, due_date, status, complaint, name, tier,
                  cadence_days
             FROM (SELECT r.id, r.account_id, r.team, r.ask, r.due_date, r.status,
                          CASE WHEN p.status != 'resolved' THEN p.id END AS complaint,
                          a.name, a.tier, a.cadence_days,
                          rank() OVER (PARTITION BY r.status, a.tier,
                                                    p.status IS NOT NULL
                                                    AND p.status != 'resolved'
                                       ORDER BY r.due_date) AS place
                     FROM internal_request r JOIN account a ON a.id = r.account_id
                          LEFT JOIN complaint p ON p.id = r.complaint_id
                    WHERE {owed} AND r.due_date < ? AND a.archived = 0)
            WHERE place <= ?""",
        (*statuses, today.isoformat(), rows),
    )
    found = []
    for ident, account_id, team, ask, due, status, complaint, name, tier, cadence in found_rows:
        accounts.setdefault(account_id, _account_fact(account_id, name, tier, cadence))
        found.append(
            RequestFacts(
                ident,
                account_id,
                team,
                ask,
                date.fromisoformat(due),
                status == "blocked",
                complaint,
            )
        )
    return found


def head(conn: sqlite3.Connection, rows: int) -> Triage | None:
    """The first ``rows`` items of the queue exactly as ``load`` ranks them, and the KPIs
    of follow-ups and complaints, in time that does not grow with the portfolio; None when
    the top cannot be known without scoring every kind (then ``load``).

    Only complaints, due follow-ups and overdue requests can reach the top (``CEILING``):
    when the ``rows``-th of their items scores above ``HEAD_CUT``, no item of another kind
    comes before it. The result is marked incomplete: renewals, cold accounts, the quota
    and the length of the queue come with ``load``.
    """
    now = clock.now()
    today = now.date()
    accounts: dict[int, AccountFacts] = {}
    with db.read(conn):
        follow_ups = _top_follow_ups(conn, today, rows, accounts)
        requests = _top_requests(conn, today, rows, accounts)
        complaints = _complaints(conn)
        missing = {c.account_id for c in complaints} - set(accounts)
        for found in _tuples(conn).execute(
            """SELECT id, name, tier, cadence_days FROM account
                WHERE archived = 0 AND id IN (SELECT value FROM json_each(?))""",
            (json.dumps(sorted(missing)),),
        ):
            accounts[found[0]] = _account_fact(*found)
        overdue, due_today = conn.execute(
            """SELECT coalesce(sum(f.due_date < :today), 0), coalesce(sum(f.due_date = :today), 0)
                 FROM follow_up f JOIN account a ON a.id = f.account_id
                WHERE f.status = 'open' AND f.due_date <= :today AND a.archived = 0""",
            {"today": today.isoformat()},
        ).fetchone()
        (live,) = conn.execute("SELECT count(*) FROM account WHERE archived = 0").fetchone()
    items = rank(
        now=now,
        accounts=list(accounts.values()),
        follow_ups=follow_ups,
        complaints=complaints,
        requests=requests,
        limit=rows,
    ).items
    if len(items) < rows or items[rows - 1].score <= HEAD_CUT:
        return None
    kpis = _record_kpis([], complaints, accounts, now)._replace(
        overdue_follow_ups=overdue, due_today=due_today
    )
    return Triage(now=now, items=items, kpis=kpis, accounts=live, complete=False)


def _record_kpis(
    follow_ups: list[FollowUpFacts],
    complaints: list[ComplaintFacts],
    live: Collection[int],
    now: datetime,
) -> Kpis:
    """The KPI strip's counts of the follow-ups and complaints of the ``live`` accounts."""
    today = now.date()
    follow_ups = [f for f in follow_ups if f.account_id in live]
    complaints = [c for c in complaints if c.account_id in live]
    return Kpis(
        overdue_follow_ups=sum(1 for f in follow_ups if f.due_date < today),
        due_today=sum(1 for f in follow_ups if f.due_date == today),
        open_complaints=len(complaints),
        breached_complaints=sum(
            1 for c in complaints if sla_state(c.opened_at, c.sla_due_at, now).breached
        ),
        going_cold=0,
        renewals_90d=0,
    )


def load(conn: sqlite3.Connection, limit: int | None = None) -> Triage:
    """The ranked queue and the KPI strip, from one consistent snapshot.

    ``limit``: explain only the first ``limit`` items (``items``); every item is still
    scored and counted (``total``, ``counts``), so the order and the counts are the whole
    queue's. None: every item.
    """
    now = clock.now()
    today = now.date()
    values: dict[int, int | None] = {}
    with db.read(conn):
        accounts = _accounts(conn, today, values)
        by_id = {a.id: a for a in accounts}
        follow_ups = _follow_ups(conn, today)
        complaints = _complaints(conn)
        contacts = _contacts(conn, by_id, today)
        requests = _requests(conn, today)
        threads = _threads(conn, today)
        late_deals = _late_deals(conn, today)
        goals = _objectives(conn, today)
        quarter = metrics.quarter_kpis(conn, today)
    queue = rank(
        now=now,
        accounts=accounts,
        follow_ups=follow_ups,
        complaints=complaints,
        contacts=contacts,
        requests=requests,
        threads=threads,
        deals=late_deals,
        objectives=goals,
        limit=limit,
    )
    cold = [
        _new(ColdAccount, (ident, by_id[ident].name, days_since, cadence, never))
        for ident, (days_since, cadence, never) in queue.cold.items()
    ]
    renewals = sorted(
        (
            _new(Renewal, (a.id, a.name, a.renewal_date, values.get(a.id), a.last_touch))
            for a in accounts
            if a.active
            and a.renewal_date
            and 0 <= (a.renewal_date - today).days <= RENEWAL_HORIZON_DAYS
        ),
        key=lambda r: (r.renewal_date, r.account_name.casefold()),
    )
    cold.sort(key=lambda c: (-(c.days_since - c.cadence_days) / c.cadence_days, c.account_name))
    kpis = _record_kpis(follow_ups, complaints, by_id, now)._replace(
        going_cold=len(cold),
        renewals_90d=len(renewals),
        quota_period=quarter.period.label,
        quota_cents=quarter.quota_cents,
        attainment=quarter.attainment,
        coverage=quarter.coverage,
    )
    return Triage(
        now=now,
        items=queue.items,
        kpis=kpis,
        accounts=len(accounts),
        renewals=tuple(renewals),
        cold=tuple(cold),
        total=queue.total,
        counts=queue.counts,
    )
