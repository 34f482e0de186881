"""Account health: green, amber or red, with a 0-100 score and the reasons behind it.

The rule (also in README, "Account health"). A score starts at 100; every reason that
moves it says by how much, and the score is kept within 0-100.

| cause                                                          | points               |
|----------------------------------------------------------------|----------------------|
| last touch past the cadence / past twice the cadence (*)       | -20 / -40            |
| renewal in the window without a recent touch (*): the same     | -10                  |
| rule as triage's renewal item (``domain.cadence``)             |                      |
| each open complaint: critical / high / medium / low            | -30 / -20 / -10 / -5 |
| ... past its SLA                                               | -10 more             |
| sentiment: the newest 3 interactions sum below 0               | -15                  |
| ... or not negative but 2+ points below the 3 before (cooling) | -5                   |
| overdue follow-ups                                             | -5 each, max -15     |
| overdue internal requests (open or blocked, past due)          | -5 each, max -15     |
| objectives: at-risk / off-track / missed in the last 90 days   | -5 / -15 / -15,      |
|                                                                | max -30 together     |
| open deal past its expected close                              | -10                  |
| open deal with no stage change in 45+ days (and not past close)| -5                   |
| deal lost in the last 90 days                                  | -10                  |
| ... all deal penalties together                                | max -30              |
| a deal won in the last 90 days                                 | +10 (once)           |

(*) only for accounts triage watches: active and not archived. Prospects, churned and
archived accounts are not expected to hear from you, so neither their cadence nor a
renewal costs them points; complaints, requests and the rest still do.

Green is 70 and up, amber 40-69, red below 40, except that an account with an open
complaint past its SLA or an open critical complaint is never green: its score is
capped at 69 (a won deal must not hide a client waiting past our promise).

Boundaries: a touch exactly at the cadence is not late (day ``cadence + 1`` is), exactly
twice the cadence is -20 (day ``2 * cadence + 1`` is -40); an account never touched
counts from its creation.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import NamedTuple

from sam_tui.domain.cadence import Recency, renewal_needs_touch, renewal_touch_days
from sam_tui.domain.enums import DealStage, Severity
from sam_tui.domain.objectives import ObjectiveStatus


class Health(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"


COMPLAINT_PENALTY = {Severity.CRITICAL: 30, Severity.HIGH: 20, Severity.MEDIUM: 10, Severity.LOW: 5}
BREACH_PENALTY = 10
GREEN_FROM = 70
AMBER_FROM = 40
RECENT_SENTIMENTS = 3
COOLING_DROP = 2
OVERDUE_EACH, OVERDUE_MAX = 5, 15
OBJECTIVE_PENALTY = {
    ObjectiveStatus.AT_RISK: 5,
    ObjectiveStatus.OFF_TRACK: 15,
    ObjectiveStatus.MISSED: 15,
}
OBJECTIVES_MAX = 30
# how long a missed objective, a lost or a won deal weighs on the account
LOOKBACK_DAYS = 90
STALL_DAYS = 45
DEAL_PAST_CLOSE, DEAL_STALLED, DEAL_LOST, DEALS_MAX = 10, 5, 10, 30
DEAL_WON_BONUS = 10
CLOSED_STAGES = frozenset({DealStage.WON, DealStage.LOST})


class OpenComplaint(NamedTuple):
    severity: Severity
    breached: bool


class ObjectiveFact(NamedTuple):
    """One of the account's objectives, already assessed (``domain.objectives``)."""

    title: str
    status: ObjectiveStatus
    # days since the due date: negative while it is still ahead
    days_past_due: int


class DealFact(NamedTuple):
    name: str
    stage: DealStage
    # None: no expected close date
    days_to_close: int | None
    # open deals: days since the last stage change (or creation); closed: since closing
    days_since_change: int


class HealthReport(NamedTuple):
    health: Health
    score: int
    reasons: tuple[str, ...]


# Read once here: in Python 3.11 every ``Health.GREEN`` goes through the enum type's
# ``__getattr__`` (~0.5 us), a few times per account over ~9,000 accounts at once.
_GREEN, _AMBER, _RED = Health.GREEN, Health.AMBER, Health.RED
_CRITICAL = Severity.CRITICAL
_WON, _LOST = DealStage.WON, DealStage.LOST
_MISSED = ObjectiveStatus.MISSED
# tuple.__new__ builds a NamedTuple without its __new__, a Python function (most of the
# cost of building one)
_new = tuple.__new__
# each reason's points, " (-5)" or " (+10)", formatted once: a format spec per reason
# cost three times joining the strings (~15,000 reasons in a portfolio)
_POINTS = {points: f" ({points:+d})" for points in range(-100, 101)}


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def _recency(recency: Recency, days_to_renewal: int | None) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    days_since, cadence, _ = recency
    if days_since > 2 * cadence:
        found.append((-40, f"{recency.describe()}: more than twice the cadence"))
    elif days_since > cadence:  # ``recency.cold``, without the property's call
        found.append((-20, recency.describe()))
    if days_to_renewal is not None and renewal_needs_touch(days_to_renewal, recency):
        wanted = renewal_touch_days(recency.cadence)
        when = (
            f"renewal passed {_days(-days_to_renewal)} ago"
            if days_to_renewal < 0
            else f"renews in {_days(days_to_renewal)}"
        )
        found.append((-10, f"{when} without a touch in {wanted}"))
    return found


def _sentiment(sentiments: Sequence[int]) -> list[tuple[int, str]]:
    recent = sentiments[:RECENT_SENTIMENTS]
    earlier = sentiments[RECENT_SENTIMENTS : 2 * RECENT_SENTIMENTS]
    if not recent:
        return []
    total = sum(recent)
    if total < 0:
        return [(-15, f"recent sentiment negative ({total:+d} over last {len(recent)})")]
    if len(earlier) == RECENT_SENTIMENTS and sum(earlier) - total >= COOLING_DROP:
        return [(-5, f"sentiment cooling: {total:+d} over the last 3, {sum(earlier):+d} before")]
    return []


def _objectives(objectives: Sequence[ObjectiveFact]) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    budget = OBJECTIVES_MAX
    for o in objectives:
        penalty = OBJECTIVE_PENALTY.get(o.status, 0)
        if o.status is _MISSED and o.days_past_due > LOOKBACK_DAYS:
            penalty = 0  # missed long ago: history, not today's health
        penalty = min(penalty, budget)
        if penalty:
            budget -= penalty
            found.append((-penalty, f"objective {o.title}: {o.status.value}"))
    return found


def _deals(deals: Sequence[DealFact]) -> list[tuple[int, str]]:
    penalties: list[tuple[int, str]] = []
    won: DealFact | None = None
    for d in deals:
        if d.stage is _WON:
            if d.days_since_change <= LOOKBACK_DAYS and (
                won is None or d.days_since_change < won.days_since_change
            ):
                won = d
            continue
        if d.stage is _LOST:
            if d.days_since_change <= LOOKBACK_DAYS:
                penalties.append(
                    (DEAL_LOST, f"deal {d.name} lost {_days(d.days_since_change)} ago")
                )
            continue
        if d.days_to_close is not None and d.days_to_close < 0:
            late = _days(-d.days_to_close)
            penalties.append((DEAL_PAST_CLOSE, f"deal {d.name} past its expected close by {late}"))
        elif d.days_since_change >= STALL_DAYS:
            penalties.append(
                (DEAL_STALLED, f"deal {d.name}: no stage change in {_days(d.days_since_change)}")
            )
    found: list[tuple[int, str]] = []
    budget = DEALS_MAX
    for penalty, reason in penalties:
        penalty = min(penalty, budget)
        if penalty:
            budget -= penalty
            found.append((-penalty, reason))
    if won is not None:
        found.append((DEAL_WON_BONUS, f"deal {won.name} won {_days(won.days_since_change)} ago"))
    return found


def assess(
    *,
    recency: Recency,
    complaints: Sequence[OpenComplaint] = (),
    recent_sentiments: Sequence[int] = (),
    overdue_follow_ups: int = 0,
    days_to_renewal: int | None = None,
    overdue_requests: int = 0,
    objectives: Sequence[ObjectiveFact] = (),
    deals: Sequence[DealFact] = (),
    active: bool = True,
) -> HealthReport:
    """Score one account; ``recent_sentiments`` are newest first (6 make the trend).

    ``active``: False for prospects, churned and archived accounts (cadence and renewal
    are then not scored).
    """
    # each part only when it has something to weigh: 10,000 accounts are assessed at once
    moves = _recency(recency, days_to_renewal) if active else []
    for c in complaints:
        penalty = COMPLAINT_PENALTY[c.severity] + (BREACH_PENALTY if c.breached else 0)
        late = ", past SLA" if c.breached else ""
        moves.append((-penalty, f"open {c.severity.value} complaint{late}"))
    if recent_sentiments:
        moves += _sentiment(recent_sentiments)
    if overdue_follow_ups:
        penalty = min(OVERDUE_MAX, OVERDUE_EACH * overdue_follow_ups)
        moves.append((-penalty, f"{overdue_follow_ups} overdue follow-up(s)"))
    if overdue_requests:
        penalty = min(OVERDUE_MAX, OVERDUE_EACH * overdue_requests)
        moves.append((-penalty, f"{overdue_requests} overdue internal request(s)"))
    if objectives:
        moves += _objectives(objectives)
    if deals:
        moves += _deals(deals)
    total = 100
    unhurt = True  # no move took points off: the calm reason, below
    for points, _ in moves:
        total += points
        if points < 0:
            unhurt = False
    score = max(0, min(100, total))
    if (
        score >= GREEN_FROM
        and complaints
        and any(c.breached or c.severity is _CRITICAL for c in complaints)
    ):
        # points can offset points, but not a client waiting past our promise: never green
        moves.append(
            (GREEN_FROM - 1 - score, "kept below green: a complaint is critical or past SLA")
        )
        score = GREEN_FROM - 1
        unhurt = False  # the move just added takes points off
    reasons = [reason + (_POINTS.get(points) or f" ({points:+d})") for points, reason in moves]
    if unhurt:
        if not active:
            calm = "not an active account (cadence and renewal not scored)"
        elif recency.never:
            calm = f"not contacted yet (added {_days(recency.days_since)} ago)"
        else:
            calm = "touched within cadence"
        reasons.insert(0, f"{calm}, no open issues")
    health = _GREEN if score >= GREEN_FROM else _AMBER if score >= AMBER_FROM else _RED
    return _new(HealthReport, (health, score, tuple(reasons)))
