"""Deals as they stood at any moment, rebuilt from their recorded history.

Every change to a deal records one history row: the deal's state after the change
(stage, amount, expected close date, forecast category, its own probability), when the
change took effect (``at``: a win dated back says the day it was won) and when it was
recorded (``recorded``). Nothing else is needed to know what the deal looked like, and
so what the forecast was, at any past moment.

**A deal at moment T, as known at moment K** (K >= T; reports and ``sam forecast
--as-of`` use K = now, a check against a stored snapshot uses K = T): of its rows recorded
by K that took effect by T, the last one recorded gives the deal's stage, amount, close
date, category and probability. It closed at the ``at`` of the row that moved it into its
closed stage (a later row that keeps it closed, an amount corrected after the win, keeps
that moment). A deal none of whose rows qualifies did not exist yet. With T = K = now this
is the deal as stored: the last row recorded is its current state.

A change dated back is applied with the state it recorded: a win recorded on Thursday
but dated Tuesday counts from Tuesday, with the amount the deal had on Thursday.

Everything else a figure needs (account, name, kind, created) is read as it is now; stage
probabilities come from the settings in force now.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import NamedTuple

from sam_tui.domain.dates import local_day
from sam_tui.domain.enums import CLOSED_STAGES, DealKind, DealStage, ForecastCategory
from sam_tui.domain.sales import DealFacts, effective_probability

# a change may be dated up to a minute after it was recorded (clocks drift): a row
# recorded more than this before T took effect by T
DRIFT = timedelta(minutes=1)


class HistoryRow(NamedTuple):
    """One recorded change of a deal: its state after it, and when."""

    seq: int  # the row's id: the order the changes were recorded in
    at: datetime  # when it took effect
    recorded: datetime  # when it was recorded
    stage: DealStage
    amount_cents: int
    expected_close: date | None
    category: ForecastCategory
    probability: int | None  # the deal's own; None: its stage's
    from_stage: DealStage | None = None  # the stage it moved from (None: it created the deal)


class DealState(NamedTuple):
    stage: DealStage
    amount_cents: int
    expected_close: date | None
    category: ForecastCategory
    probability: int | None  # own
    closed_at: datetime | None


def state_at(
    rows: Sequence[HistoryRow], at: datetime, known: datetime | None = None
) -> DealState | None:
    """One deal at ``at`` as known at ``known`` (default: now, all rows); ``rows`` in the
    order recorded. None: the deal did not exist yet."""
    last: HistoryRow | None = None
    closed_at: datetime | None = None
    for row in rows:
        if row.at > at or (known is not None and row.recorded > known):
            continue
        if row.stage not in CLOSED_STAGES:
            closed_at = None
        elif last is None or last.stage is not row.stage or closed_at is None:
            closed_at = row.at
        # else: still closed in the same stage, since the row that closed it
        last = row
    if last is None:
        return None
    return DealState(
        last.stage,
        last.amount_cents,
        last.expected_close,
        last.category,
        last.probability,
        closed_at,
    )


class DealInfo(NamedTuple):
    """What a deal's history does not hold: read as it is now."""

    id: int
    account_id: int
    account_name: str
    name: str
    created: date
    kind: DealKind


def facts_at(
    current: Iterable[DealFacts],
    histories: Mapping[int, Sequence[HistoryRow]],
    info: Mapping[int, DealInfo],
    at: datetime,
    probabilities: Mapping[DealStage, int],
    known: datetime | None = None,
) -> list[DealFacts]:
    """The deals as they stood at ``at`` (as known at ``known``), as the metrics see them.

    ``current``: the deals as they stand now (those that can count in the period asked
    about); ``histories``: the full history of every deal changed (or recorded) since
    ``at`` - the others stood then as they stand now. Dates are local."""
    # the rows' moments are UTC (as stored): compared with UTC moments, not through
    # utcoffset() at each of the ~60,000 comparisons a year's report makes
    at = at.astimezone(UTC)
    known = None if known is None else known.astimezone(UTC)
    out = [d for d in current if d.id not in histories]
    days: dict[datetime, date] = {}  # local close days, each moment converted once
    for deal_id, rows in histories.items():
        state = state_at(rows, at, known)
        meta = info.get(deal_id)
        if state is None or meta is None:
            continue
        out.append(
            # by position, in the order of the fields: a year's report rebuilds ~10,000
            DealFacts(
                deal_id,
                meta.account_id,
                meta.account_name,
                meta.name,
                state.amount_cents,
                state.stage,
                state.category,
                state.expected_close,
                effective_probability(state.stage, state.probability, probabilities),
                meta.created,
                None if state.closed_at is None else local_day(state.closed_at, days),
                meta.kind,
            )
        )
    out.sort(key=lambda d: d.id)
    return out



def day_before(moment: datetime) -> date:
    """The last local day a moment closes: local midnight ends the day before it (the
    forecast "as it stood at Monday 00:00" is Sunday's, for its run rate)."""
    return (moment.astimezone() - timedelta(microseconds=1)).date()
