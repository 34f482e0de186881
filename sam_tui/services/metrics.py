"""The metrics read model: sales, relationship and service figures for one period.

The formulas live in the domain (``domain.sales`` for sales, ``domain.metrics`` for the
rest, ``domain.figures`` for what counts as an account, a touch and a quota). Deals and
complaints count whatever became of their account later (archiving an account does not
rewrite history); touches, interactions per account and cadence cover active accounts
that are not archived, as triage does.
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import NamedTuple

from sam_tui import clock
from sam_tui.domain.cadence import account_cadence
from sam_tui.domain.enums import Tier
from sam_tui.domain.figures import COUNTED, QuotaFigure, TouchFigures
from sam_tui.domain.metrics import (
    AccountTouch,
    ActivityMetrics,
    ComplaintTimes,
    ServiceMetrics,
    activity,
    service,
)
from sam_tui.domain.periods import Period
from sam_tui.domain.sales import DealFacts, SalesMetrics, sales_metrics
from sam_tui.services import deals, quotas
from sam_tui.store import db
from sam_tui.store.sql import tuples


class MetricsReport(NamedTuple):
    period: Period
    today: date
    sales: SalesMetrics
    activity: ActivityMetrics
    service: ServiceMetrics
    # touches, accounts touched, prospect touches (``domain.figures``)
    touches: TouchFigures
    # the quota used, and what it adds up when the period has none of its own
    quota: QuotaFigure


class QuotaKpis(NamedTuple):
    """Attainment and coverage of the current fiscal quarter, for the KPI strip."""

    period: Period
    quota_cents: int | None
    attainment: Decimal | None
    coverage: Decimal | None


def _bound(day: date) -> str:
    """The stored UTC form of local midnight at the start of ``day``."""
    return db.ts(datetime.combine(day, time()).astimezone())


_TIERS = {t.value: t for t in Tier}


class _Touches(NamedTuple):
    accounts: list[AccountTouch]
    # accounts touched in the period, when the reads above answer it (a period over)
    touched: int | None


def _touches(conn: sqlite3.Connection, period: Period, today: date) -> _Touches:
    # here, not at the top: `sam today` reads only quarter_kpis
    from sam_tui.services import activity as reads

    as_of = min(today, period.end)
    counted, params = reads.scope_sql(COUNTED)
    bound = _bound(as_of + timedelta(days=1))
    rows = tuples(conn).execute(
        # the stored last touch when it is before the bound (a running period): no lookup
        # (materialized: flattened, the lookup would run once for each use of ``last``)
        f"""WITH a AS MATERIALIZED (
                 SELECT a.id, a.tier, a.cadence_days, a.created_at,
                        CASE WHEN a.last_touch_at < ? THEN a.last_touch_at
                             ELSE (SELECT max(i.occurred_at) FROM interaction i
                                    WHERE i.account_id = a.id AND i.occurred_at < ?)
                        END AS last
                   FROM account a
                  WHERE {counted})
           SELECT id, tier, cadence_days, date(created_at, 'localtime'),
                  date(last, 'localtime'), last
             FROM a""",
        (bound, bound, *params),
    )
    cadences = {(t.value, None): account_cadence(t, None) for t in Tier}
    parse = date.fromisoformat
    found = []
    stamps = []
    for ident, tier, own_cadence, created, last, stamp in rows:
        cadence = cadences.get((tier, own_cadence))
        if cadence is None:
            cadence = cadences[tier, own_cadence] = account_cadence(_TIERS[tier], own_cadence)
        found.append(
            AccountTouch(ident, cadence, parse(created), None if last is None else parse(last))
        )
        if stamp is not None:
            stamps.append(stamp)
    if as_of < period.end:
        return _Touches(found, None)
    # the period is over: each account's last touch before its end is read above, and
    # it is in the period when it is not before its start
    start = _bound(period.start)
    return _Touches(found, sum(1 for stamp in stamps if stamp >= start))


def _local(stamp: str | None) -> datetime | None:
    return None if stamp is None else db.parse_ts(stamp).astimezone()


def _complaints(conn: sqlite3.Connection, period: Period) -> list[ComplaintTimes]:
    # a day's margin either side: the period's bounds are local, the stored times UTC
    low, high = _bound(period.start - timedelta(days=1)), _bound(period.end + timedelta(days=2))
    rows = conn.execute(
        """SELECT opened_at, sla_due_at, first_response_at, resolved_at FROM complaint
            WHERE opened_at BETWEEN :low AND :high OR sla_due_at BETWEEN :low AND :high
               OR resolved_at BETWEEN :low AND :high""",
        {"low": low, "high": high},
    )
    out = []
    for r in rows:
        opened, due = _local(r["opened_at"]), _local(r["sla_due_at"])
        assert opened is not None and due is not None
        out.append(
            ComplaintTimes(opened, due, _local(r["first_response_at"]), _local(r["resolved_at"]))
        )
    return out


def load(
    conn: sqlite3.Connection,
    period: Period,
    *,
    facts: list[DealFacts] | None = None,
    touches: int | None = None,
) -> MetricsReport:
    """Every metric of ``period`` from one consistent read (see README for the formulas).
    ``facts``: ``deals.facts(conn, period)``, ``touches``: the period's touches
    (``activity.touches_in``), when the caller already read them."""
    from sam_tui.services import activity as reads

    now = clock.now()
    today = now.date()
    with db.read(conn):
        quota = quotas.quota_figure(conn, period)
        found = deals.facts(conn, period) if facts is None else facts
        sales = sales_metrics(found, period, quota.cents)
        accounts = _touches(conn, period, today)
        figures = reads.touch_figures(
            conn, period.start, period.end, touches=touches, accounts_touched=accounts.touched
        )
        touched = activity(figures.touches, accounts.accounts, period, today)
        served = service(_complaints(conn, period), period, now.astimezone())
    return MetricsReport(
        period=period,
        today=today,
        sales=sales,
        activity=touched,
        service=served,
        touches=figures,
        quota=quota,
    )


def quarter_kpis(conn: sqlite3.Connection, today: date) -> QuotaKpis:
    """Attainment and coverage of the fiscal quarter holding ``today`` (inside a read)."""
    period = quotas.current_quarter(conn, today)
    quota = quotas.quota_for(conn, period)
    sales = sales_metrics(deals.facts(conn, period, quota_only=True), period, quota)
    return QuotaKpis(period, sales.quota_cents, sales.attainment, sales.coverage)
