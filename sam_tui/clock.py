"""The one clock: every "now" in sam comes from here, and ``SAM_NOW`` pins it."""

from __future__ import annotations

import os
from datetime import date, datetime, time

from sam_tui.domain.errors import InvalidInput

# A bare SAM_NOW date means the start of a working day, so "due today" and
# "SLA in 6 hours" read the way they would at a morning triage.
_PINNED_DATE_TIME = time(9, 0)


def now() -> datetime:
    """The current moment, timezone-aware, in the machine's local zone."""
    pinned = os.environ.get("SAM_NOW", "").strip()
    if not pinned:
        return datetime.now().astimezone()
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
    # astimezone() on a naive value reads it as local time, with the zone's own DST rules
    return moment.astimezone()


def today() -> date:
    return now().date()
