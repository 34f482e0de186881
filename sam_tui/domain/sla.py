"""Complaint SLA clocks: the deadline from severity, and where a complaint stands against it."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import NamedTuple

from sam_tui.domain.enums import Severity

# Days to resolve, by severity (DESIGN.md). Overridable per database with settings.
DEFAULT_SLA_DAYS: Mapping[Severity, int] = {
    Severity.CRITICAL: 1,
    Severity.HIGH: 3,
    Severity.MEDIUM: 7,
    Severity.LOW: 14,
}

# "Near" the deadline: within a day, or within the last quarter of the window.
NEAR_FLOOR = timedelta(hours=24)
NEAR_FRACTION = 0.25


def sla_window(severity: Severity, overrides: Mapping[Severity, int] | None = None) -> timedelta:
    days = (overrides or {}).get(severity, DEFAULT_SLA_DAYS[severity])
    return timedelta(days=days)


def sla_due(
    opened_at: datetime, severity: Severity, overrides: Mapping[Severity, int] | None = None
) -> datetime:
    return opened_at + sla_window(severity, overrides)


class SlaState(NamedTuple):
    remaining: timedelta
    window: timedelta

    @property
    def breached(self) -> bool:
        return self.remaining <= timedelta(0)

    @property
    def near(self) -> bool:
        """Not breached yet, but inside the warning zone."""
        threshold = max(NEAR_FLOOR, self.window * NEAR_FRACTION)
        return not self.breached and self.remaining <= threshold

    @property
    def threshold(self) -> timedelta:
        return max(NEAR_FLOOR, self.window * NEAR_FRACTION)


def sla_state(opened_at: datetime, due_at: datetime, now: datetime) -> SlaState:
    return SlaState(remaining=due_at - now, window=due_at - opened_at)


def duration_words(span: timedelta) -> str:
    """A length of time as people read a clock: ``5 days``, ``1 day 4h``, and under a day
    hours and minutes (``1h 30m``, ``45m``; at least ``1m``), never rounded up to an hour."""
    seconds = abs(int(span.total_seconds()))
    days, rest = divmod(seconds, 86400)
    if days >= 2:
        return f"{days} days"
    hours, minutes = rest // 3600, rest % 3600 // 60
    if days:
        return "1 day" + (f" {hours}h" if hours else "")
    if hours:
        return f"{hours}h" + (f" {minutes}m" if minutes else "")
    return f"{max(1, minutes)}m"


def describe_remaining(remaining: timedelta) -> str:
    """``"SLA due in 1h 30m"``; once the deadline has passed, ``"SLA late by 2 days"``."""
    if remaining <= timedelta(0):
        return f"SLA late by {duration_words(remaining)}"
    return f"SLA due in {duration_words(remaining)}"


def late_or_left(remaining: timedelta) -> str:
    """For a Due column: ``1h 5m late`` past the deadline, ``in 1h 30m`` under a day before
    it, else empty (the column shows the date)."""
    if remaining <= timedelta(0):
        return f"{duration_words(remaining)} late"
    if remaining < timedelta(days=1):
        return f"in {duration_words(remaining)}"
    return ""
