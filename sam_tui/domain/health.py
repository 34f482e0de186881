"""Account health: green, amber or red, with a 0-100 score and the reasons behind it.

Starts at 100 and loses points for: a touch overdue against cadence (-20, or -40
past twice the cadence), each open complaint by severity (critical -30, high -20,
medium -10, low -5; -10 more when past SLA), recent sentiment that turned negative
(-15), overdue follow-ups (-5 each, at most -15) and a renewal within 60 days without
a touch in the last 30 (-10). Green is 70 and up, amber 40-69, red below 40.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import NamedTuple

from sam_tui.domain.cadence import Recency
from sam_tui.domain.enums import Severity


class Health(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"


COMPLAINT_PENALTY = {Severity.CRITICAL: 30, Severity.HIGH: 20, Severity.MEDIUM: 10, Severity.LOW: 5}
GREEN_FROM = 70
AMBER_FROM = 40
RECENT_SENTIMENTS = 3


class OpenComplaint(NamedTuple):
    severity: Severity
    breached: bool


class HealthReport(NamedTuple):
    health: Health
    score: int
    reasons: tuple[str, ...]


def assess(
    *,
    recency: Recency,
    complaints: Sequence[OpenComplaint] = (),
    recent_sentiments: Sequence[int] = (),
    overdue_follow_ups: int = 0,
    days_to_renewal: int | None = None,
) -> HealthReport:
    """Score one account; ``recent_sentiments`` are newest first."""
    score = 100
    reasons: list[str] = []
    if recency.days_since > 2 * recency.cadence:
        score -= 40
        reasons.append(f"{recency.describe()}: more than twice the cadence (-40)")
    elif recency.cold:
        score -= 20
        reasons.append(f"{recency.describe()} (-20)")
    for c in complaints:
        penalty = COMPLAINT_PENALTY[c.severity] + (10 if c.breached else 0)
        late = ", past SLA" if c.breached else ""
        score -= penalty
        reasons.append(f"open {c.severity.value} complaint{late} (-{penalty})")
    recent = list(recent_sentiments[:RECENT_SENTIMENTS])
    if recent and sum(recent) < 0:
        score -= 15
        total = sum(recent)
        reasons.append(f"recent sentiment negative ({total:+d} over last {len(recent)}) (-15)")
    if overdue_follow_ups:
        penalty = min(15, 5 * overdue_follow_ups)
        score -= penalty
        reasons.append(f"{overdue_follow_ups} overdue follow-up(s) (-{penalty})")
    if days_to_renewal is not None and 0 <= days_to_renewal <= 60 and recency.days_since > 30:
        score -= 10
        reasons.append(f"renews in {days_to_renewal} days without a touch in 30 (-10)")
    score = max(0, score)
    if not reasons:
        if recency.never:
            reasons.append(
                f"not contacted yet (added {recency.days_since} days ago), no open issues"
            )
        else:
            reasons.append("touched within cadence, no open issues")
    health = (
        Health.GREEN if score >= GREEN_FROM else Health.AMBER if score >= AMBER_FROM else Health.RED
    )
    return HealthReport(health=health, score=score, reasons=tuple(reasons))
