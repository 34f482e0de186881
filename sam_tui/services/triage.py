"""The morning triage read model: loads the facts with index-backed queries, ranks in the domain."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal
from types import MappingProxyType
from typing import NamedTuple

from sam_tui import clock
from sam_tui.domain.cadence import (
    DEFAULT_CADENCE_DAYS,
    KEY_CONTACT_FACTOR,
    KEY_INFLUENCE,
    MIN_THREADS,
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
from sam_tui.services import deals, measures, metrics
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
    # every item of the queue; ``items`` holds the first ``limit`` of them, explained
    total: int = 0
    counts: Mapping[TriageKind, int] = MappingProxyType({})


# enum lookups by value: Enum.__call__ is slow enough to show on 100,000 rows
_TIER = {t.value: t for t in Tier}
_PRIORITY = {p.value: p for p in Priority}
_INFLUENCE = {i.value: i for i in Influence}
_STAGE = {s.value: s for s in DealStage}


def _tuples(conn: sqlite3.Connection) -> sqlite3.Cursor:
    """A cursor yielding plain tuples: sqlite3.Row costs on 10,000-row portfolios."""
    cursor = conn.cursor()
    cursor.row_factory = None
    return cursor


def _accounts(conn: sqlite3.Connection, values: dict[int, int | None]) -> list[AccountFacts]:
    rows = _tuples(conn).execute(
        # dates converted to local time in SQLite (C), not per row in Python
        """SELECT a.id, a.name, a.tier, a.status, a.cadence_days, a.renewal_date,
                  date(a.created_at, 'localtime'), a.annual_value_cents,
                  date(a.last_touch_at, 'localtime')
             FROM account a
            WHERE a.archived = 0"""
    )
    facts = []
    fromiso = date.fromisoformat
    for ident, name, tier_text, status, cadence, renewal, created, value, last in rows:
        tier = _TIER[tier_text]
        values[ident] = value
        facts.append(
            AccountFacts(
                ident,
                name,
                tier,
                cadence or DEFAULT_CADENCE_DAYS[tier],
                fromiso(created) if created else date.min,
                fromiso(last) if last else None,
                fromiso(renewal) if renewal else None,
                status == "active",
            )
        )
    return facts


def _follow_ups(conn: sqlite3.Connection, today: date) -> list[FollowUpFacts]:
    rows = _tuples(conn).execute(
        """SELECT id, account_id, title, due_date, priority FROM follow_up
            WHERE status = 'open' AND due_date <= ?""",
        (today.isoformat(),),
    )
    fromiso = date.fromisoformat
    return [
        FollowUpFacts(ident, account_id, title, fromiso(due), _PRIORITY[priority])
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
_objective = reader(
    ObjectiveFacts,
    target=Decimal,
    current=Decimal,
    start=date.fromisoformat,
    due=date.fromisoformat,
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
    """
    key, influences = one_of("c.influence", KEY_INFLUENCE)
    defaults = [x for tier, days in DEFAULT_CADENCE_DAYS.items() for x in (tier.value, days)]
    tiers = " ".join("WHEN ? THEN ?" for _ in DEFAULT_CADENCE_DAYS)
    rows = _tuples(conn).execute(
        f"""SELECT id, account_id, name, role, influence, cadence_days, created, last_touch,
                  days_since
             FROM (SELECT c.id, c.account_id, c.name, c.role, c.influence, c.cadence_days,
                          date(c.created_at, 'localtime') AS created,
                          date(c.last_touch_at, 'localtime') AS last_touch,
                          CAST(julianday(?) - julianday(COALESCE(
                               date(c.last_touch_at, 'localtime'),
                               date(c.created_at, 'localtime'))) AS INTEGER) AS days_since,
                          COALESCE(NULLIF(c.cadence_days, 0), ? * COALESCE(
                               NULLIF(a.cadence_days, 0), CASE a.tier {tiers} END)) AS cadence
                     FROM contact c JOIN account a ON a.id = c.account_id
                    WHERE c.archived = 0 AND (c.cadence_days IS NOT NULL OR {key})
                      AND a.archived = 0 AND a.status = 'active')
            WHERE days_since > cadence""",
        (today.isoformat(), KEY_CONTACT_FACTOR, *defaults, *influences),
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
    return [
        RequestFacts(
            ident, account_id, team, ask, date.fromisoformat(due), status == "blocked", complaint
        )
        for ident, account_id, team, ask, due, status, complaint in rows
    ]


def _threads(conn: sqlite3.Connection, today: date) -> list[ThreadFacts]:
    """Contacts of the active strategic accounts that look single-threaded.

    SQL keeps only accounts with enough contacts and at most one touched in the window;
    the domain decides (``domain.cadence.threads``).
    """
    cutoff = (today - timedelta(days=THREAD_WINDOW_DAYS)).isoformat()
    rows = _tuples(conn).execute(
        """SELECT c.account_id, c.name, date(c.last_touch_at, 'localtime')
             FROM contact c
            WHERE c.archived = 0 AND c.account_id IN (
                  SELECT t.account_id FROM contact t JOIN account a ON a.id = t.account_id
                   WHERE t.archived = 0 AND a.archived = 0 AND a.status = 'active'
                     AND a.tier = 'strategic'
                   GROUP BY t.account_id
                  HAVING count(*) >= :threads
                     AND sum(coalesce(date(t.last_touch_at, 'localtime') >= :cutoff, 0)) <= 1)
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
    out = []
    for ident, account_id, name, amount, stage_text, own, close in rows:
        stage = _STAGE[stage_text]
        out.append(
            OpenDealFacts(
                id=ident,
                account_id=account_id,
                name=name,
                amount_cents=amount,
                stage=stage,
                probability=effective_probability(stage, own, table),
                expected_close=date.fromisoformat(close),
            )
        )
    return out


def _objectives(conn: sqlite3.Connection, today: date) -> list[ObjectiveFacts]:
    rows = conn.execute(
        """SELECT id, account_id, title, target_value AS target, current_value AS current,
                  start_date AS start, due_date AS due, measure
             FROM objective WHERE closed = 0 AND due_date >= ?""",
        (today.isoformat(),),
    )
    out = []
    for r in rows:
        goal = _objective(r)
        if r["measure"] is not None:  # it measures itself: its figure, as `objective show`'s
            value = measures.current(
                conn, r["measure"], goal.current, goal.account_id, goal.start, goal.due, today
            )
            goal = goal._replace(current=value)
        out.append(goal)
    return out


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
        accounts = _accounts(conn, values)
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
    overdue = due_today = 0
    for f in follow_ups:
        if f.account_id in by_id:
            if f.due_date < today:
                overdue += 1
            elif f.due_date == today:
                due_today += 1
    live_complaints = [c for c in complaints if c.account_id in by_id]
    renewals = [
        Renewal(a.id, a.name, a.renewal_date, values.get(a.id), a.last_touch)
        for a in accounts
        if a.active
        and a.renewal_date
        and 0 <= (a.renewal_date - today).days <= RENEWAL_HORIZON_DAYS
    ]
    cold = []
    for ident, rec in queue.cold.items():
        name = by_id[ident].name
        cold.append(ColdAccount(ident, name, rec.days_since, rec.cadence, rec.never))
    renewals.sort(key=lambda r: (r.renewal_date, r.account_name.casefold()))
    cold.sort(key=lambda c: (-(c.days_since - c.cadence_days) / c.cadence_days, c.account_name))
    kpis = Kpis(
        overdue_follow_ups=overdue,
        due_today=due_today,
        open_complaints=len(live_complaints),
        breached_complaints=sum(
            1 for c in live_complaints if sla_state(c.opened_at, c.sla_due_at, now).breached
        ),
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
