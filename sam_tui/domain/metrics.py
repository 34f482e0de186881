"""Relationship and service metrics for a period, and the exact arithmetic all metrics share.

Ratios are exact ``Decimal`` values (or None when the denominator is zero: "no data",
never 0%). Durations are averaged in seconds, then shown in hours rounded half-even to
0.1 h. Dates and times passed in are local: a record belongs to the period that holds
its local date.

- **interactions per account** = interactions logged in the period on live accounts /
  live accounts that existed by the period's end (live: active and not archived, as
  triage counts them; existed: added, or touched, by then, as ``domain.figures`` says).
- **touched within cadence** = live accounts whose last touch on or before the reference
  day is within their cadence, / live accounts that existed on that day. The reference
  day is the period's last day, or today while the period is running; a period that has
  not started has no figure. "Within cadence" is the triage rule: days since the last
  touch (since creation when never touched) <= cadence days.
- **first response** (hours) over complaints opened in the period that have a first
  response; those still waiting are counted apart.
- **resolution** (hours, opened to resolved) over complaints resolved in the period.
- **SLA compliance** = met / (met + breached), over complaints whose SLA deadline falls in
  the period: met when resolved by the deadline; breached when resolved after it, or
  still unresolved once it has passed. Unresolved ones not yet due are pending, left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from typing import NamedTuple

from sam_tui.domain.cadence import is_cold
from sam_tui.domain.periods import Period

_TENTH = Decimal("0.1")


def ratio(numerator: int | Decimal, denominator: int | Decimal) -> Decimal | None:
    """``numerator / denominator`` exactly, or None when there is nothing to divide by."""
    if not denominator:
        return None
    return Decimal(numerator) / Decimal(denominator)


def mean(values: Sequence[int | Decimal]) -> Decimal | None:
    if not values:
        return None
    return Decimal(sum(values)) / len(values)


def median(values: Sequence[int | Decimal]) -> Decimal | None:
    """The middle value; with an even count, the mean of the two middle ones."""
    if not values:
        return None
    ordered = sorted(Decimal(v) for v in values)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[mid]
    return (ordered[mid - 1] + ordered[mid]) / 2


def hours(seconds: Decimal | None) -> Decimal | None:
    """Seconds as hours, rounded half-even to 0.1 h."""
    if seconds is None:
        return None
    return (seconds / 3600).quantize(_TENTH, ROUND_HALF_EVEN)


def reference_day(period: Period, today: date) -> date | None:
    """The day a "state of things" figure is read on: the period's end, or today inside it."""
    if today < period.start:
        return None
    return min(today, period.end)


# --- relationships ------------------------------------------------------------------------


class AccountTouch(NamedTuple):
    account_id: int
    cadence_days: int
    created: date
    # the newest touch on or before the reference day
    last_touch: date | None


class ActivityMetrics(NamedTuple):
    interactions: int
    accounts: int  # live accounts that existed by the period's end
    per_account: Decimal | None
    as_of: date | None
    measured: int  # live accounts that existed on ``as_of``
    within_cadence: int
    share_within_cadence: Decimal | None


def activity(
    interactions: int, accounts: Sequence[AccountTouch], period: Period, today: date
) -> ActivityMetrics:
    as_of = reference_day(period, today)
    # existed (``domain.figures``): added by then, or touched by then (``last_touch`` is
    # the newest touch on or before the reference day, itself never after the period)
    existing = sum(1 for a in accounts if a.created <= period.end or a.last_touch is not None)
    measured = within = 0
    if as_of is not None:
        for a in accounts:
            if a.created > as_of and a.last_touch is None:
                continue
            measured += 1
            if not is_cold(a.last_touch, a.created, as_of, a.cadence_days):
                within += 1
    return ActivityMetrics(
        interactions=interactions,
        accounts=existing,
        per_account=ratio(interactions, existing),
        as_of=as_of,
        measured=measured,
        within_cadence=within,
        share_within_cadence=ratio(within, measured) if as_of is not None else None,
    )


# --- complaints ---------------------------------------------------------------------------


class ComplaintTimes(NamedTuple):
    """One complaint's clock, in local time."""

    opened_at: datetime
    sla_due_at: datetime
    first_response_at: datetime | None
    resolved_at: datetime | None


class Durations(NamedTuple):
    cases: int
    mean_hours: Decimal | None
    median_hours: Decimal | None


def durations(spans: Sequence[timedelta]) -> Durations:
    """Count, mean and median of durations, in hours to 0.1 h (rounded once, at the end)."""
    seconds = [span // timedelta(seconds=1) for span in spans]
    return Durations(len(seconds), hours(mean(seconds)), hours(median(seconds)))


class ServiceMetrics(NamedTuple):
    first_response: Durations
    awaiting_first_response: int
    resolution: Durations
    sla_met: int
    sla_breached: int
    sla_pending: int
    sla_compliance: Decimal | None

    @property
    def opened(self) -> int:
        """Complaints opened in the period: those answered (``first_response.cases``) and
        those still awaiting a first response."""
        return self.first_response.cases + self.awaiting_first_response


def service(complaints: Iterable[ComplaintTimes], period: Period, now: datetime) -> ServiceMetrics:
    first: list[timedelta] = []
    resolved: list[timedelta] = []
    awaiting = met = breached = pending = 0
    for c in complaints:
        if c.opened_at.date() in period:
            if c.first_response_at is None:
                awaiting += 1
            else:
                first.append(c.first_response_at - c.opened_at)
        if c.resolved_at is not None and c.resolved_at.date() in period:
            resolved.append(c.resolved_at - c.opened_at)
        if c.sla_due_at.date() in period:
            if c.resolved_at is not None:
                if c.resolved_at <= c.sla_due_at:
                    met += 1
                else:
                    breached += 1
            elif now > c.sla_due_at:
                breached += 1
            else:
                pending += 1
    return ServiceMetrics(
        first_response=durations(first),
        awaiting_first_response=awaiting,
        resolution=durations(resolved),
        sla_met=met,
        sla_breached=breached,
        sla_pending=pending,
        sla_compliance=ratio(met, met + breached),
    )
