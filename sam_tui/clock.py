"""The one clock: every "now" in sam comes from here, and ``SAM_NOW`` pins it."""

from __future__ import annotations

import os
import time as _time
from datetime import date, datetime, time

from sam_tui.domain.errors import InvalidInput

# A bare SAM_NOW date means the start of a working day, so "due today" and
# "SLA in 6 hours" read the way they would at a morning triage.
_PINNED_DATE_TIME = time(9, 0)


# the pinned moment, read once per (SAM_NOW, TZ): a list of 10,000 rows asks for "today"
# in every date cell, and parsing it each time cost more than printing the rows
_pinned: tuple[tuple[str, str | None], datetime] | None = None


def now() -> datetime:
    """The current moment, timezone-aware, in the machine's local zone."""
    global _pinned
    pinned = os.environ.get("SAM_NOW", "").strip()
    if not pinned:
        return datetime.now().astimezone()
    key = (pinned, os.environ.get("TZ"))
    if _pinned is not None and _pinned[0] == key:
        return _pinned[1]
    moment = _parse_pinned(pinned)
    _pinned = (key, moment)
    return moment


def _parse_pinned(pinned: str) -> datetime:
    try:
        if "T" in pinned or " " in pinned:
            moment = datetime.fromisoformat(pinned)
        else:
            moment = datetime.combine(date.fromisoformat(pinned), _PINNED_DATE_TIME)
    except ValueError:
        raise InvalidInput(
            f"SAM_NOW='{pinned}' is not an ISO date or datetime (e.g. 2026-11-26 or "
            "2026-11-26T09:30)"
        ) from None
    # At year 1 or 9999 the arithmetic around "now" left what Python's dates hold, and every
    # command ended in an internal error.
    from sam_tui.domain.dates import FIRST_YEAR, LAST_YEAR

    try:
        # astimezone() on a naive value reads it as local time, with the zone's own DST rules
        local = moment.astimezone()
    except (OverflowError, ValueError):
        local = None
    if local is None or not FIRST_YEAR <= local.year <= LAST_YEAR:
        raise InvalidInput(
            f"SAM_NOW='{pinned}' is outside the years sam can compute with "
            f"({FIRST_YEAR} to {LAST_YEAR}); pin the clock inside them, or unset SAM_NOW"
        )
    return local


def today() -> date:
    return now().date()


def wall() -> float:
    """The machine's clock in seconds since the epoch, never pinned: only for comparing with
    file times (how old a leftover file is), which SAM_NOW does not move."""
    return _time.time()
