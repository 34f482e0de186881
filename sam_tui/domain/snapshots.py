"""Forecast snapshots: the pipeline frozen at a moment, and what moved between two of them.

A snapshot of a period holds every open deal (whatever its close date, so a deal that
slips out of the period is still seen) and every deal closed in the period, with its
amount, stage, category, expected close date and probability at that moment, plus the
period's forecast figures then.

The diff of two snapshots, deal by deal (``diff``):
- **new**: in the later snapshot only; **removed**: in the earlier one only (deleted);
- **won** / **lost**: moved to that stage; **reopened**: closed before, open now; any other
  stage move is a **stage** change;
- **slipped**: expected close moved later, or cleared; **pulled-in**: moved earlier, or set;
- **category** and **amount** changes.
A won or lost deal reports no close-date or category change (they no longer matter).
Each change says whether the deal was in the period before and after, so a forecast diff
can keep what touches its period.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from enum import StrEnum
from typing import Any, NamedTuple

from sam_tui.domain.enums import DealStage, ForecastCategory
from sam_tui.domain.money import format_money
from sam_tui.domain.periods import Period
from sam_tui.domain.sales import CLOSED_STAGES, DealFacts, Forecast, in_period

FORMAT_VERSION = 1


class SnapshotDeal(NamedTuple):
    id: int
    account_name: str
    name: str
    amount_cents: int
    stage: DealStage
    category: ForecastCategory
    expected_close: date | None
    probability: int
    closed: date | None

    @property
    def is_open(self) -> bool:
        return self.stage not in CLOSED_STAGES

    def in_period(self, period: Period) -> bool:
        return in_period(self.stage, self.expected_close, self.closed, period)


class Snapshot(NamedTuple):
    period_label: str
    taken_at: datetime
    deals: tuple[SnapshotDeal, ...]
    # forecast figures then, by Forecast.figures() key (cents; None: no figure)
    figures: Mapping[str, int | None]


def _deal(d: DealFacts) -> SnapshotDeal:
    # by position, in the order of the fields: a year's report takes ~10,000
    return SnapshotDeal(
        d.id,
        d.account_name,
        d.name,
        d.amount_cents,
        d.stage,
        d.category,
        d.expected_close,
        d.probability,
        d.closed,
    )


def take(
    deals: Iterable[DealFacts],
    period: Period,
    taken_at: datetime,
    figures: Forecast,
    *,
    keep: Iterable[int] = (),
) -> Snapshot:
    """The snapshot of ``period``: open deals, deals closed in it, and the ids in ``keep``."""
    kept = set(keep)
    chosen = [d for d in deals if d.is_open or d.in_period(period) or d.id in kept]
    return Snapshot(
        period_label=period.label,
        taken_at=taken_at,
        deals=tuple(_deal(d) for d in sorted(chosen, key=lambda d: d.id)),
        figures=dict(figures.figures()),
    )


def to_json(snapshot: Snapshot) -> str:
    """The stored document (``forecast_snapshot.data``)."""
    return json.dumps(
        {
            "version": FORMAT_VERSION,
            "period": snapshot.period_label,
            "figures": dict(snapshot.figures),
            "deals": [
                {
                    "id": d.id,
                    "account": d.account_name,
                    "name": d.name,
                    "amount_cents": d.amount_cents,
                    "stage": d.stage.value,
                    "category": d.category.value,
                    "expected_close": d.expected_close and d.expected_close.isoformat(),
                    "probability": d.probability,
                    "closed": d.closed and d.closed.isoformat(),
                }
                for d in snapshot.deals
            ],
        },
        sort_keys=True,
    )


def _opt_date(value: Any) -> date | None:
    return None if value is None else date.fromisoformat(value)


def from_json(text: str, taken_at: datetime) -> Snapshot:
    doc = json.loads(text)
    return Snapshot(
        period_label=doc["period"],
        taken_at=taken_at,
        deals=tuple(
            SnapshotDeal(
                id=d["id"],
                account_name=d["account"],
                name=d["name"],
                amount_cents=d["amount_cents"],
                stage=DealStage(d["stage"]),
                category=ForecastCategory(d["category"]),
                expected_close=_opt_date(d["expected_close"]),
                probability=d["probability"],
                closed=_opt_date(d["closed"]),
            )
            for d in doc["deals"]
        ),
        figures=doc.get("figures", {}),
    )


class ChangeKind(StrEnum):
    NEW = "new"
    REMOVED = "removed"
    WON = "won"
    LOST = "lost"
    REOPENED = "reopened"
    STAGE = "stage"
    SLIPPED = "slipped"
    PULLED_IN = "pulled-in"
    CATEGORY = "category"
    AMOUNT = "amount"


# before / after: the changed value (cents, ISO date, stage or category), None when absent
Value = int | str | None


class DealChange(NamedTuple):
    deal_id: int
    account_name: str
    deal_name: str
    kind: ChangeKind
    before: Value
    after: Value
    in_period_before: bool
    in_period_after: bool

    @property
    def touches_period(self) -> bool:
        return self.in_period_before or self.in_period_after


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _deal_changes(old: SnapshotDeal, new: SnapshotDeal) -> list[tuple[ChangeKind, Value, Value]]:
    found: list[tuple[ChangeKind, Value, Value]] = []
    if old.stage is not new.stage:
        if new.stage is DealStage.WON:
            kind = ChangeKind.WON
        elif new.stage is DealStage.LOST:
            kind = ChangeKind.LOST
        elif not old.is_open:
            kind = ChangeKind.REOPENED
        else:
            kind = ChangeKind.STAGE
        found.append((kind, old.stage.value, new.stage.value))
    if new.is_open:
        if old.expected_close != new.expected_close:
            later = new.expected_close is None or (
                old.expected_close is not None and new.expected_close > old.expected_close
            )
            kind = ChangeKind.SLIPPED if later else ChangeKind.PULLED_IN
            found.append((kind, _iso(old.expected_close), _iso(new.expected_close)))
        if old.category is not new.category:
            found.append((ChangeKind.CATEGORY, old.category.value, new.category.value))
    if old.amount_cents != new.amount_cents:
        found.append((ChangeKind.AMOUNT, old.amount_cents, new.amount_cents))
    return found


def diff(old: Snapshot, new: Snapshot, period: Period) -> list[DealChange]:
    """What moved from ``old`` to ``new``, deal by deal in id order (see module docstring)."""
    before = {d.id: d for d in old.deals}
    after = {d.id: d for d in new.deals}
    changes: list[DealChange] = []
    for deal_id in sorted(before.keys() | after.keys()):
        was, now = before.get(deal_id), after.get(deal_id)
        found: list[tuple[ChangeKind, Value, Value]]
        if was is None and now is not None:
            found = [(ChangeKind.NEW, None, now.amount_cents)]
            # created and closed between the snapshots: say how it ended too
            if now.stage is DealStage.WON:
                found.append((ChangeKind.WON, None, now.stage.value))
            elif now.stage is DealStage.LOST:
                found.append((ChangeKind.LOST, None, now.stage.value))
        elif now is None and was is not None:
            found = [(ChangeKind.REMOVED, was.amount_cents, None)]
        elif was is not None and now is not None:
            # most deals did not move: no field compared by field
            if was == now:
                continue
            found = _deal_changes(was, now)
        if not found:
            continue
        shown = now or was
        assert shown is not None
        in_before = was is not None and was.in_period(period)
        in_after = now is not None and now.in_period(period)
        changes.extend(
            DealChange(deal_id, shown.account_name, shown.name, kind, a, b, in_before, in_after)
            for kind, a, b in found
        )
    return changes


def describe(change: DealChange, period_label: str) -> str:
    """What happened to the deal, in words: ``won (was negotiation)``, ``amount 10,000 →
    12,000 (+2,000)``, ``slipped 2026-12-15 → 2027-01-10, out of 2026-Q4``."""
    kind = change.kind.value
    before, after = change.before, change.after
    if change.kind is ChangeKind.NEW:
        return f"new, {format_money(int(after or 0))}"
    if change.kind is ChangeKind.REMOVED:
        return f"removed (was {format_money(int(before or 0))})"
    if change.kind is ChangeKind.AMOUNT:
        delta = int(after or 0) - int(before or 0)
        sign = "+" if delta > 0 else "-"
        return (
            f"amount {format_money(int(before or 0))} → {format_money(int(after or 0))} "
            f"({sign}{format_money(abs(delta))})"
        )
    if change.kind in (ChangeKind.SLIPPED, ChangeKind.PULLED_IN):
        moved = ""
        if change.in_period_before and not change.in_period_after:
            moved = f", out of {period_label}"
        elif change.in_period_after and not change.in_period_before:
            moved = f", into {period_label}"
        return f"{kind} {before or 'no date'} → {after or 'no date'}{moved}"
    if change.kind in (ChangeKind.WON, ChangeKind.LOST):
        return f"{kind} (was {before})" if before else kind
    return f"{kind} {before} → {after}"
