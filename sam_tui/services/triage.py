"""The morning triage read model: loads the facts with index-backed queries, ranks in the domain."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from typing import NamedTuple

from sam_tui import clock
from sam_tui.domain.cadence import account_cadence, contact_cadence, recency
from sam_tui.domain.enums import ComplaintStatus, Influence, Priority, Severity, Tier
from sam_tui.domain.sla import sla_state
from sam_tui.domain.triage import (
    AccountFacts,
    ComplaintFacts,
    ContactFacts,
    FollowUpFacts,
    TriageItem,
    build_queue,
)
from sam_tui.store import db


class Kpis(NamedTuple):
    overdue_follow_ups: int
    due_today: int
    open_complaints: int
    breached_complaints: int
    going_cold: int
    renewals_90d: int


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


def _local_date(stamp: str | None) -> date | None:
    return None if stamp is None else db.parse_ts(stamp).astimezone().date()


def _accounts(conn: sqlite3.Connection, values: dict[int, int | None]) -> list[AccountFacts]:
    rows = conn.execute(
        """SELECT a.id, a.name, a.tier, a.status, a.cadence_days, a.renewal_date, a.created_at,
                  a.annual_value_cents,
                  (SELECT MAX(i.occurred_at) FROM interaction i WHERE i.account_id = a.id)
                      AS last_touch
             FROM account a
            WHERE a.archived = 0"""
    )
    facts = []
    for r in rows:
        tier = Tier(r["tier"])
        values[r["id"]] = r["annual_value_cents"]
        facts.append(
            AccountFacts(
                id=r["id"],
                name=r["name"],
                tier=tier,
                cadence_days=account_cadence(tier, r["cadence_days"]),
                created=_local_date(r["created_at"]) or date.min,
                last_touch=_local_date(r["last_touch"]),
                renewal_date=db.opt_date(r["renewal_date"]),
                active=r["status"] == "active",
            )
        )
    return facts


def _follow_ups(conn: sqlite3.Connection, today: date) -> list[FollowUpFacts]:
    rows = conn.execute(
        """SELECT id, account_id, title, due_date, priority FROM follow_up
            WHERE status = 'open' AND due_date <= ?""",
        (today.isoformat(),),
    )
    return [
        FollowUpFacts(
            id=r["id"],
            account_id=r["account_id"],
            title=r["title"],
            due_date=date.fromisoformat(r["due_date"]),
            priority=Priority(r["priority"]),
        )
        for r in rows
    ]


def _complaints(conn: sqlite3.Connection) -> list[ComplaintFacts]:
    rows = conn.execute(
        """SELECT id, account_id, title, severity, status, opened_at, sla_due_at,
                  first_response_at
             FROM complaint WHERE status IN ('open', 'in-progress', 'waiting-customer')"""
    )
    return [
        ComplaintFacts(
            id=r["id"],
            account_id=r["account_id"],
            title=r["title"],
            severity=Severity(r["severity"]),
            status=ComplaintStatus(r["status"]),
            opened_at=db.parse_ts(r["opened_at"]),
            sla_due_at=db.parse_ts(r["sla_due_at"]),
            first_response_at=db.opt_ts(r["first_response_at"]),
        )
        for r in rows
    ]


def _contacts(conn: sqlite3.Connection, accounts: dict[int, AccountFacts]) -> list[ContactFacts]:
    rows = conn.execute(
        """SELECT c.id, c.account_id, c.name, c.role, c.influence, c.cadence_days, c.created_at,
                  (SELECT MAX(i.occurred_at) FROM interaction i WHERE i.contact_id = c.id)
                      AS last_touch
             FROM contact c
            WHERE c.archived = 0
              AND (c.cadence_days IS NOT NULL OR c.influence IN ('decision-maker', 'champion'))"""
    )
    facts = []
    for r in rows:
        account = accounts.get(r["account_id"])
        if account is None:
            continue
        influence = Influence(r["influence"]) if r["influence"] else None
        cadence = contact_cadence(influence, r["cadence_days"], account.cadence_days)
        if cadence is None:
            continue
        facts.append(
            ContactFacts(
                id=r["id"],
                account_id=r["account_id"],
                name=r["name"],
                role=r["role"] or (influence.value if influence else None),
                cadence_days=cadence,
                created=_local_date(r["created_at"]) or date.min,
                last_touch=_local_date(r["last_touch"]),
            )
        )
    return facts


def load(conn: sqlite3.Connection) -> Triage:
    """The ranked queue and the KPI strip, from one consistent snapshot."""
    now = clock.now()
    today = now.date()
    values: dict[int, int | None] = {}
    with db.read(conn):
        accounts = _accounts(conn, values)
        by_id = {a.id: a for a in accounts}
        follow_ups = _follow_ups(conn, today)
        complaints = _complaints(conn)
        contacts = _contacts(conn, by_id)
    items = build_queue(
        now=now, accounts=accounts, follow_ups=follow_ups, complaints=complaints, contacts=contacts
    )
    live_follow_ups = [f for f in follow_ups if f.account_id in by_id]
    live_complaints = [c for c in complaints if c.account_id in by_id]
    kpis = Kpis(
        overdue_follow_ups=sum(1 for f in live_follow_ups if f.due_date < today),
        due_today=sum(1 for f in live_follow_ups if f.due_date == today),
        open_complaints=len(live_complaints),
        breached_complaints=sum(
            1 for c in live_complaints if sla_state(c.opened_at, c.sla_due_at, now).breached
        ),
        going_cold=0,
        renewals_90d=0,
    )
    renewals = sorted(
        (
            Renewal(a.id, a.name, a.renewal_date, values.get(a.id), a.last_touch)
            for a in accounts
            if a.active and a.renewal_date and 0 <= (a.renewal_date - today).days <= 90
        ),
        key=lambda r: (r.renewal_date, r.account_name.casefold()),
    )
    cold = []
    for a in accounts:
        rec = recency(a.last_touch, a.created, today, a.cadence_days)
        if a.active and rec.cold:
            cold.append(ColdAccount(a.id, a.name, rec.days_since, rec.cadence, rec.never))
    cold.sort(key=lambda c: (-(c.days_since - c.cadence_days) / c.cadence_days, c.account_name))
    kpis = kpis._replace(going_cold=len(cold), renewals_90d=len(renewals))
    return Triage(
        now=now,
        items=tuple(items),
        kpis=kpis,
        accounts=len(accounts),
        renewals=tuple(renewals),
        cold=tuple(cold),
    )
