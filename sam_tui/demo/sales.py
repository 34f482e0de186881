"""The demo portfolio's sales side: deals with their histories, quotas, objectives, snapshots.

Deterministic for a seed and dated relative to the clock: deals in every stage, won and
lost this quarter and last, some past their close date, some with no close date; quotas
for the fiscal year, its quarters and months; objectives on track, at risk, off track and
achieved; and two weekly forecast snapshots, rebuilt from the deals' own histories, so
`sam forecast --diff` has something to show.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from sam_tui.demo.names import DEAL_NAMES, LOST_REASONS, OBJECTIVES
from sam_tui.demo.portfolio import DemoAccount
from sam_tui.domain.enums import DealKind, DealStage, ForecastCategory, Tier
from sam_tui.domain.periods import Period, PeriodKind, containing
from sam_tui.domain.sales import CLOSED_STAGES, DealFacts, effective_probability, forecast
from sam_tui.domain.snapshots import take, to_json
from sam_tui.store import db
from sam_tui.store.bulk import Loader

_AMOUNT = {
    Tier.STRATEGIC: (80_000, 400_000),
    Tier.KEY: (30_000, 150_000),
    Tier.GROWTH: (10_000, 60_000),
}
_S = DealStage
_C = ForecastCategory


class _State(NamedTuple):
    at: datetime
    stage: DealStage
    amount_cents: int
    close: date | None
    category: ForecastCategory


class _Deal:
    """One demo deal as the states it went through (each one a history row)."""

    def __init__(self, account_id: int, name: str, kind: DealKind, first: _State) -> None:
        self.account_id = account_id
        self.name = name
        self.kind = kind
        self.states = [first]
        self.lost_reason: str | None = None

    def then(self, at: datetime, **changes: object) -> _Deal:
        self.states.append(self.states[-1]._replace(at=at, **changes))  # type: ignore[arg-type]
        return self

    def state_at(self, moment: datetime) -> _State | None:
        seen = [s for s in self.states if s.at <= moment]
        return seen[-1] if seen else None


def _moment(day: date, now: datetime, hour: int = 10) -> datetime:
    return min(datetime.combine(day, time(hour)).astimezone(), now - timedelta(minutes=5))


class _Planner:
    def __init__(self, rng: random.Random, now: datetime, accounts: list[tuple[int, Tier]]):
        self.rng, self.now, self.accounts = rng, now, accounts
        self.deals: list[_Deal] = []

    def deal(
        self,
        path: list[tuple[int, DealStage]],
        *,
        close: date | None,
        category: ForecastCategory = _C.PIPELINE,
        kind: DealKind | None = None,
    ) -> _Deal:
        """A deal through ``path`` (days before now, stage), the first being its creation."""
        account_id, tier = self.rng.choice(self.accounts)
        low, high = _AMOUNT[tier]
        amount = self.rng.randrange(low, high, 500) * 100
        today = self.now.date()
        created = _moment(today - timedelta(days=path[0][0]), self.now, 9)
        first = _State(created, path[0][1], amount, close, _C.PIPELINE)
        d = _Deal(
            account_id,
            self.rng.choice(DEAL_NAMES),
            kind or self.rng.choice(list(DealKind)),
            first,
        )
        for days_ago, stage in path[1:]:
            d.then(_moment(today - timedelta(days=days_ago), self.now), stage=stage)
        if category is not _C.PIPELINE:
            d.states[-1] = d.states[-1]._replace(category=category)
        if d.states[-1].stage is _S.LOST:
            d.lost_reason = self.rng.choice(LOST_REASONS)
        self.deals.append(d)
        return d


def _closing_path(ago: int, stage: DealStage, rng: random.Random) -> list[tuple[int, DealStage]]:
    """Created 20-80 days before it closed, through proposal (and negotiation for a win)."""
    start = ago + rng.randint(20, 80)
    mid = ago + (start - ago) // 2
    path = [(start, _S.QUALIFICATION), (mid, _S.PROPOSAL)]
    if stage is _S.WON:
        path.append((ago + (mid - ago) // 2, _S.NEGOTIATION))
    return [*path, (ago, stage)]


def _days_ago(day: date, today: date) -> int:
    return max(0, (today - day).days)


def _plan(planner: _Planner, quarter: Period, today: date) -> None:
    rng = planner.rng
    elapsed = max(1, quarter.elapsed_days(today))
    last = quarter.previous()
    before = last.previous()
    for share in (0.1, 0.35, 0.6, 0.8, 0.97):  # won this quarter
        day = quarter.start + timedelta(days=int(share * (elapsed - 1)))
        planner.deal(_closing_path(_days_ago(day, today), _S.WON, rng), close=day)
    for share in (0.3, 0.9):  # lost this quarter
        day = quarter.start + timedelta(days=int(share * (elapsed - 1)))
        planner.deal(_closing_path(_days_ago(day, today), _S.LOST, rng), close=day)
    for period, wins, losses in (
        (last, (0.15, 0.4, 0.7, 0.95), (0.5, 0.8)),
        (before, (0.3, 0.6, 0.9), (0.45,)),
    ):
        for share in wins:
            day = period.start + timedelta(days=int(share * (period.days - 1)))
            planner.deal(_closing_path(_days_ago(day, today), _S.WON, rng), close=day)
        for share in losses:
            day = period.start + timedelta(days=int(share * (period.days - 1)))
            planner.deal(_closing_path(_days_ago(day, today), _S.LOST, rng), close=day)
    # the open pipeline, most of it expected this quarter
    ahead = max(1, (quarter.end - today).days)
    nxt = quarter.next()

    def this_q(share: float) -> date:
        return today + timedelta(days=max(1, int(share * ahead)))

    planner.deal(
        [(40, _S.QUALIFICATION), (25, _S.PROPOSAL), (12, _S.NEGOTIATION)],
        close=this_q(0.3),
        category=_C.COMMIT,
    )
    planner.deal(
        [(60, _S.QUALIFICATION), (30, _S.NEGOTIATION)],
        close=quarter.end - timedelta(days=2)
        if quarter.end - timedelta(days=2) > today
        else this_q(1),
        category=_C.COMMIT,
    )
    planner.deal(
        [(35, _S.PROSPECTING), (20, _S.PROPOSAL), (9, _S.NEGOTIATION)],
        close=this_q(0.6),
        category=_C.BEST_CASE,
    )
    planner.deal(
        [(50, _S.QUALIFICATION), (15, _S.PROPOSAL)], close=quarter.end, category=_C.BEST_CASE
    )
    planner.deal([(30, _S.QUALIFICATION), (10, _S.PROPOSAL)], close=this_q(0.8))
    planner.deal(
        [(45, _S.PROSPECTING), (20, _S.QUALIFICATION)], close=nxt.start + timedelta(days=20)
    )
    planner.deal([(25, _S.QUALIFICATION)], close=None)
    planner.deal([(12, _S.PROSPECTING)], close=None)
    planner.deal([(18, _S.PROSPECTING)], close=nxt.start + timedelta(days=45))
    planner.deal([(22, _S.PROSPECTING)], close=this_q(0.5), category=_C.OMITTED)
    # past their expected close date and still open: triage should flag them
    planner.deal([(70, _S.QUALIFICATION), (40, _S.PROPOSAL)], close=today - timedelta(days=6))
    planner.deal(
        [(90, _S.PROPOSAL), (45, _S.NEGOTIATION)],
        close=today - timedelta(days=12),
        category=_C.COMMIT,
    )
    planner.deal([(80, _S.QUALIFICATION)], close=today - timedelta(days=30))
    # what moved this week, for `sam forecast --diff`
    planner.deal(
        [(50, _S.QUALIFICATION), (30, _S.PROPOSAL), (20, _S.NEGOTIATION)],
        close=this_q(0.1),
        category=_C.COMMIT,
    ).then(
        _moment(today - timedelta(days=4), planner.now),
        close=nxt.start + timedelta(days=20),
        category=_C.BEST_CASE,
    )
    moved = planner.deal([(40, _S.QUALIFICATION), (20, _S.PROPOSAL)], close=this_q(0.7))
    moved.then(
        _moment(today - timedelta(days=2), planner.now),
        amount_cents=moved.states[-1].amount_cents * 5 // 4 // 100 * 100,
    )
    planner.deal([(33, _S.QUALIFICATION), (14, _S.PROPOSAL)], close=this_q(0.4)).then(
        _moment(today - timedelta(days=1), planner.now), category=_C.COMMIT
    )
    planner.deal([(2, _S.QUALIFICATION)], close=quarter.end, kind=DealKind.EXPANSION)


def _facts(deals: list[tuple[int, _Deal]], moment: datetime) -> list[DealFacts]:
    out = []
    for deal_id, d in deals:
        s = d.state_at(moment)
        if s is None:
            continue
        closed = s.at.date() if s.stage in CLOSED_STAGES else None
        out.append(
            DealFacts(
                deal_id,
                d.account_id,
                "",
                d.name,
                s.amount_cents,
                s.stage,
                s.category,
                s.close,
                effective_probability(s.stage, None),
                d.states[0].at.date(),
                closed,
                d.kind,
            )
        )
    return out


def _write_deals(load: Loader, planner: _Planner) -> list[tuple[int, _Deal]]:
    written = []
    for d in sorted(planner.deals, key=lambda d: d.states[0].at):
        final = d.states[-1]
        deal_id = load.add(
            "deal",
            {
                "account_id": d.account_id,
                "name": d.name,
                "amount_cents": final.amount_cents,
                "kind": d.kind,
                "stage": final.stage,
                "probability": None,
                "forecast_category": final.category,
                "expected_close": final.close,
                "lost_reason": d.lost_reason,
                "closed_at": final.at if final.stage in CLOSED_STAGES else None,
                "created_at": d.states[0].at,
                "updated_at": final.at,
            },
        )
        previous: DealStage | None = None
        for s in d.states:
            load.add(
                "deal_stage_change",
                {
                    "deal_id": deal_id,
                    "at": s.at,
                    "from_stage": previous,
                    "to_stage": s.stage,
                    "amount_cents": s.amount_cents,
                    "expected_close": s.close,
                    "forecast_category": s.category,
                    "probability": None,
                    # the demo's history as if each change was typed when it happened
                    "recorded_at": s.at,
                },
            )
            previous = s.stage
        written.append((deal_id, d))
    return written


def _round(cents: int, step: int = 15_000_000) -> int:
    """Up to the next 150,000: round quotas whose months are round too."""
    return max(step, -(-cents // step) * step)


def _quotas(load: Loader, year: Period, quarter_quota: int, stamp: str) -> int:
    rows = [(year.label, quarter_quota * 4)]
    for q in year.split(PeriodKind.QUARTER):
        rows.append((q.label, quarter_quota))
    for m in year.split(PeriodKind.MONTH):
        rows.append((m.label, quarter_quota // 3))
    return load.add_many(
        "quota",
        (
            {"period": label, "amount_cents": cents, "created_at": stamp, "updated_at": stamp}
            for label, cents in rows
        ),
    )


def _objectives(
    load: Loader,
    rng: random.Random,
    now: datetime,
    year: Period,
    accounts: list[tuple[int, Tier]],
    stamp: str,
) -> int:
    today = now.date()
    strategic = [a for a, tier in accounts if tier is Tier.STRATEGIC] or [a for a, _ in accounts]
    plans: list[tuple[int | None, str, str, int, float | None, date, date]] = [
        (None, "Grow net new ARR across the portfolio", "k ARR", 1200, 0.8, year.start, year.end)
    ]
    for n, (title, unit, target, pace, begin, end) in enumerate(OBJECTIVES):
        plans.append(
            (
                strategic[n % len(strategic)],
                title,
                unit,
                target,
                pace,
                today + timedelta(days=begin),
                today + timedelta(days=end),
            )
        )
    for account_id, title, unit, target, pace, start, due in plans:
        span = max(1, (due - start).days)
        gone = min(1.0, max(0.0, (today - start).days / span))
        current = target if pace is None else int(target * min(1.0, pace * gone))
        objective_id = load.add(
            "objective",
            {
                "account_id": account_id,
                "title": title,
                "target_value": str(target),
                "current_value": str(current),
                "unit": unit,
                "start_date": start,
                "due_date": due,
                "closed": False,
                "created_at": _moment(start, now, 9),
                "updated_at": stamp,
            },
        )
        steps = sorted({current * k // 3 for k in (1, 2, 3)} - {0})
        elapsed_days = max(1, (today - start).days)
        for k, value in enumerate(steps, start=1):
            when = _moment(start + timedelta(days=elapsed_days * k // (len(steps) + 1)), now)
            load.add(
                "objective_progress",
                {
                    "objective_id": objective_id,
                    "at": when,
                    "value": str(value),
                    "note": rng.choice(["Weekly review", "Confirmed with the client", None]),
                },
            )
    return len(plans)


def fill(load: Loader, *, seed: int, now: datetime, active: list[DemoAccount]) -> dict[str, int]:
    """The sales side of a freshly filled demo, on its ``active`` accounts (in id order)."""
    rng = random.Random(seed * 7919 + 4)
    today = now.date()
    if not active:
        return {}
    accounts = [(a.id, a.tier) for a in active]
    names = {a.id: a.name for a in active}
    quarter = containing(PeriodKind.QUARTER, today)
    year = containing(PeriodKind.YEAR, today)
    planner = _Planner(rng, now, accounts)
    _plan(planner, quarter, today)
    written = _write_deals(load, planner)
    won = sum(
        d.states[-1].amount_cents
        for _, d in written
        if d.states[-1].stage is _S.WON and d.states[-1].at.date() in quarter
    )
    quota = _round(won * 5 // 2)
    stamp = db.ts(now)
    quotas = _quotas(load, year, quota, stamp)
    objectives = _objectives(load, rng, now, year, accounts, stamp)
    for weeks in (2, 1):
        moment = now - timedelta(weeks=weeks)
        facts = [f._replace(account_name=names[f.account_id]) for f in _facts(written, moment)]
        figures = forecast(facts, quarter, quota, moment.date())
        snap = take(facts, quarter, moment, figures)
        load.add(
            "forecast_snapshot",
            {"period": quarter.label, "taken_at": moment, "data": to_json(snap)},
        )
    return {"deals": len(written), "quotas": quotas, "objectives": objectives, "snapshots": 2}
