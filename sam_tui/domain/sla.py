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


def describe_remaining(remaining: timedelta) -> str:
    """``"past SLA by 2 days"`` / ``"SLA due in 5 hours"``."""
    seconds = abs(remaining.total_seconds())
    if seconds >= 2 * 86400:
        amount = f"{int(seconds // 86400)} days"
    elif seconds >= 2 * 3600:
        amount = f"{int(seconds // 3600)} hours"
    elif seconds >= 3600:
        amount = "1 hour"
    else:
        minutes = max(1, int(seconds // 60))
        amount = "1 minute" if minutes == 1 else f"{minutes} minutes"
    if remaining <= timedelta(0):
        return f"past SLA by {amount}"
    return f"SLA due in {amount}"
