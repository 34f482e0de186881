"""Objective status: progress against the time elapsed, with the rule spelled out.

An objective runs from its start date to its due date and counts up to a target
(revenue, workshops held, NPS points...). Let ``progress = current / target`` and
``elapsed = days from start to today / days from start to due`` (0 before the start,
1 on and after the due date). Then, in order:

- **achieved**: current >= target (whenever that happens);
- **missed**: the due date has passed without reaching the target;
- **on-track**: nothing is expected yet (before the start or on its first day), or
  progress >= 90% of elapsed (``progress >= 0.9 * elapsed``);
- **at-risk**: progress >= 70% of elapsed;
- **off-track**: below that.

Example: target 10 workshops from Jan 1 to Dec 31; on Jul 2 (half the year elapsed)
5 held is on-track, 4 (80%) at-risk, 3 (60%) off-track.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import NamedTuple

from sam_tui.domain.errors import InvalidInput

ON_TRACK_FROM = Decimal("0.9")
AT_RISK_FROM = Decimal("0.7")


class ObjectiveStatus(StrEnum):
    ON_TRACK = "on-track"
    AT_RISK = "at-risk"
    OFF_TRACK = "off-track"
    ACHIEVED = "achieved"
    MISSED = "missed"


class Assessment(NamedTuple):
    status: ObjectiveStatus
    progress: Decimal  # current / target, 0 when the target is 0
    elapsed: Decimal  # share of the objective's time used, 0..1
    reason: str


def elapsed_share(start: date, due: date, today: date) -> Decimal:
    if today <= start:
        return Decimal(0)
    if today >= due:
        return Decimal(1)
    return Decimal((today - start).days) / Decimal((due - start).days)


def _pct(value: Decimal) -> str:
    return f"{(value * 100).quantize(Decimal(1))}%"


def assess(target: Decimal, current: Decimal, start: date, due: date, today: date) -> Assessment:
    """The status of one objective on ``today``; ``target`` is positive (checked on entry)."""
    progress = current / target if target else Decimal(0)
    elapsed = elapsed_share(start, due, today)
    facts = f"{_pct(progress)} done with {_pct(elapsed)} of the time gone"
    if current >= target:
        return Assessment(ObjectiveStatus.ACHIEVED, progress, elapsed, "target reached")
    if today > due:
        return Assessment(ObjectiveStatus.MISSED, progress, elapsed, f"due date passed, {facts}")
    if elapsed == 0 or progress >= ON_TRACK_FROM * elapsed:
        return Assessment(ObjectiveStatus.ON_TRACK, progress, elapsed, facts)
    if progress >= AT_RISK_FROM * elapsed:
        return Assessment(ObjectiveStatus.AT_RISK, progress, elapsed, facts)
    return Assessment(ObjectiveStatus.OFF_TRACK, progress, elapsed, facts)


# Targets and values are exact decimals typed by the user; these bounds keep them readable.
MAX_VALUE = Decimal(10) ** 15
MAX_PLACES = 6


def parse_value(text: str, what: str = "value") -> Decimal:
    """``12``, ``2.5``, ``-3`` -> an exact Decimal; NaN, infinity and junk are refused."""
    raw = text.strip()
    try:
        value = Decimal(raw)
    except InvalidOperation:
        value = None
    if value is None or not raw or not value.is_finite():
        raise InvalidInput(f"{what} must be a number such as 12 or 2.5, not '{text}'")
    if abs(value) >= MAX_VALUE:
        raise InvalidInput(f"{what} '{text}' is too large")
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -MAX_PLACES:
        raise InvalidInput(f"{what} '{text}' has more than {MAX_PLACES} decimals")
    return value


def format_value(value: Decimal) -> str:
    """The plain text of a value, as stored and shown: ``2.5``, ``1000``, never ``1E+3``."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
