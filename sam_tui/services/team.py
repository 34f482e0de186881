"""The team roll-up: several managers' books read together, with one manager's own functions.

The one adapter between the team view and the figures. Each manager's line is what that
manager's own reports show: ``metrics.load`` (attainment, coverage, win rate: the report's
``metrics_of``), ``forecast.load`` (closed won, commit, best case, weighted: ``forecast_of``),
``deals.facts`` with ``domain.sales.slipped`` (the highlights' slipped deals) and
``triage.load`` (what needs the manager today). The team's figures are the same domain
functions (``sales_metrics``, ``forecast``) over every manager's deals together against
the sum of their quotas, so for one manager they are exactly that manager's figures.
When a figure's definition moves (domain/, services/), this module is the one to adapt.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import NamedTuple

from sam_tui import clock
from sam_tui.domain import sales as sales_rules
from sam_tui.domain.periods import Period
from sam_tui.domain.sales import DealFacts, Forecast, SalesMetrics
from sam_tui.domain.triage import TriageItem, TriageKind, rank_key
from sam_tui.services import activity, deals, forecast, metrics, periods, quotas, triage
from sam_tui.store import db


class Freshness(NamedTuple):
    """How current a manager's copy is (from the pull: interop.team)."""

    replicated_at: datetime | None  # the newest change on the manager's replica when pulled
    pulled_at: datetime | None  # when the lead's copy was made
    last_change: datetime | None  # the newest change recorded in the book
    problem: str | None = None  # the last pull failed: why (the copy, if any, is older)


class Member(NamedTuple):
    """One manager's book, open read-only, and how fresh it is."""

    name: str
    conn: sqlite3.Connection | None  # None: never pulled (nothing to read)
    freshness: Freshness


class ManagerLine(NamedTuple):
    name: str
    sales: SalesMetrics  # as the manager's `sam metrics` and reports show it
    forecast: Forecast  # as `sam forecast` shows it
    slipped: tuple[DealFacts, ...]  # open deals past their expected close in the period
    accounts: int  # live accounts in the book (triage's count)


class Flagged(NamedTuple):
    """A triage item of one manager's, in the team's list."""

    manager: str
    item: TriageItem


class ColdAccount(NamedTuple):
    manager: str
    account: triage.ColdAccount


class Renewal(NamedTuple):
    manager: str
    renewal: triage.Renewal


class TeamRollup(NamedTuple):
    period: Period
    previous: Period
    now: datetime
    as_of: datetime  # "slipped" and "overdue" are measured here: the period's end, or now
    sales: SalesMetrics  # the team's, over every manager's deals against the quotas' sum
    forecast: Forecast
    previous_sales: SalesMetrics
    previous_forecast: Forecast
    managers: tuple[ManagerLine, ...]
    # complaints past or near their SLA and overdue follow-ups, by the triage rule
    attention: tuple[Flagged, ...]
    cold: tuple[ColdAccount, ...]
    single_threaded: tuple[Flagged, ...]
    renewals: tuple[Renewal, ...]
    freshness: tuple[tuple[str, Freshness], ...]  # every member, read or not
    notes: tuple[str, ...]  # what a reader must know (differing fiscal years, no quota)


def fiscal_start(members: Sequence[Member]) -> int:
    """The team's fiscal year: the first readable manager's (1 when none is)."""
    for m in members:
        if m.conn is not None:
            return periods.fiscal_start(m.conn)
    return 1


class _Read(NamedTuple):
    line: ManagerLine
    facts: list[DealFacts]
    quota: int | None
    previous_facts: list[DealFacts]
    previous_quota: int | None
    today: triage.Triage


def _read(member: Member, conn: sqlite3.Connection, period: Period, as_of: date) -> _Read:
    previous = period.previous()
    with db.read(conn):
        sales = metrics.load(conn, period).sales
        figures = forecast.load(conn, period)
        facts = deals.facts(conn, period)
        previous_facts = deals.facts(conn, previous)
        quota = quotas.quota_for(conn, period)
        previous_quota = quotas.quota_for(conn, previous)
        today = triage.load(conn)
    slipped = tuple(sales_rules.slipped(facts, period, as_of))
    line = ManagerLine(member.name, sales, figures, slipped, today.accounts)
    return _Read(line, facts, quota, previous_facts, previous_quota, today)


def _sum(values: Sequence[int | None]) -> int | None:
    given = [v for v in values if v]
    return sum(given) if given else None


def rollup(members: Sequence[Member], period: Period, now: datetime | None = None) -> TeamRollup:
    """The team's figures for ``period`` and what needs attention across the team today."""
    now = now or clock.now()
    today = now.date()
    previous = period.previous()
    as_of = min(now, activity.local_midnight(period.end + timedelta(days=1)))
    reads = [(m, _read(m, m.conn, period, as_of.date())) for m in members if m.conn is not None]
    notes: list[str] = []
    starts = {m.name: periods.fiscal_start(m.conn) for m, _ in reads if m.conn is not None}
    if len(set(starts.values())) > 1:
        notes.append(
            "The managers' fiscal years start in different months; periods follow "
            f"{next(iter(starts))}'s (month {period.fiscal_start})."
        )
    facts = [f for _, r in reads for f in r.facts]
    quota = _sum([r.quota for _, r in reads])
    previous_facts = [f for _, r in reads for f in r.previous_facts]
    previous_quota = _sum([r.previous_quota for _, r in reads])
    missing = [m for m, r in reads if not r.quota]
    if reads and missing and quota is not None:
        notes.append(
            f"No quota for {period.label} in {', '.join(m.name for m in missing)}'s book: the "
            "team quota is the sum of the others'."
        )
    attention = [
        Flagged(m.name, item)
        for m, r in reads
        for item in r.today.items
        if item.kind is TriageKind.COMPLAINT
        or (item.kind is TriageKind.FOLLOW_UP and item.due < today)
    ]
    attention.sort(key=lambda f: (*rank_key(f.item), f.manager.casefold()))
    single = [
        Flagged(m.name, item)
        for m, r in reads
        for item in r.today.items
        if item.kind is TriageKind.SINGLE_THREADED
    ]
    single.sort(key=lambda f: (*rank_key(f.item), f.manager.casefold()))
    cold = [ColdAccount(m.name, c) for m, r in reads for c in r.today.cold]
    # coldest first, relative to each account's own cadence (the home screen's order)
    cold.sort(
        key=lambda c: (
            -(c.account.days_since - c.account.cadence_days) / c.account.cadence_days,
            c.account.account_name.casefold(),
            c.manager.casefold(),
        )
    )
    renewals = [Renewal(m.name, r) for m, read in reads for r in read.today.renewals]
    renewals.sort(
        key=lambda r: (r.renewal.renewal_date, r.renewal.account_name.casefold(), r.manager)
    )
    return TeamRollup(
        period=period,
        previous=previous,
        now=now,
        as_of=as_of,
        sales=sales_rules.sales_metrics(facts, period, quota),
        forecast=sales_rules.forecast(facts, period, quota, today),
        previous_sales=sales_rules.sales_metrics(previous_facts, previous, previous_quota),
        previous_forecast=sales_rules.forecast(previous_facts, previous, previous_quota, today),
        managers=tuple(r.line for _, r in reads),
        attention=tuple(attention),
        cold=tuple(cold),
        single_threaded=tuple(single),
        renewals=tuple(renewals),
        freshness=tuple((m.name, m.freshness) for m in members),
        notes=tuple(notes),
    )
