"""Deals, quotas and forecasts: stage probabilities, sales metrics and forecast math, exact.

Money is integer cents. A probability-weighted amount is ``amount x probability / 100``
rounded half-even to the cent, per deal, and totals add those rounded amounts (so the
lines of a forecast add up to its total). Ratios are exact ``Decimal`` values, or None
when there is nothing to divide by.

**Stages and probabilities.** Open stages carry a default probability: prospecting 10%,
qualification 20%, proposal 50%, negotiation 75% (settings ``probability.<stage>``
override them per database). A deal's own probability, when set, wins over its stage's.
Won is always 100% and lost 0%: a closed deal is certain. Closed means won or lost.

**Which deals belong to a period.** A closed deal belongs to the period holding the
local date it closed. An open deal belongs to the period holding its expected close
date; an open deal with NO expected close date belongs to no period: it is left out of
every period figure and listed apart ("no close date"). Open deals in the ``omitted``
forecast category are left out of pipeline, coverage and every forecast figure.

**Metrics** for a period:
- won = amount of deals won in the period; lost likewise;
- attainment = won / quota; remaining quota = max(0, quota - won);
- pipeline = open, non-omitted deals expected to close in the period;
- coverage = pipeline amount / remaining quota (none when the quota is met);
- win rate by count = won deals / (won + lost deals), closed in the period;
- win rate by value = won amount / (won + lost amount), closed in the period;
- average won deal = won amount / won deals, half-even to the cent;
- median sales cycle = median of (closed date - created date) in days over the deals
  won in the period (a deal recorded as closed before it was created counts 0 days).

**Forecast** for a period (each with its gap to quota = quota - figure; negative: ahead):
- closed won = won in the period;
- commit = closed won + open ``commit`` deals of the period;
- best case = commit + open ``best-case`` deals of the period;
- weighted pipeline = sum of the weighted amounts of the period's open, non-omitted
  deals (any category); weighted forecast = closed won + weighted pipeline;
- run rate = closed won / elapsed days x days in the period, half-even to the cent
  (elapsed counts today; none before the period starts; a past period's run rate is
  its closed won).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from typing import NamedTuple

from sam_tui.domain.dates import add_months
from sam_tui.domain.enums import CLOSED_STAGES as CLOSED_STAGES  # (defined with the enum)
from sam_tui.domain.enums import OPEN_STAGES as OPEN_STAGES
from sam_tui.domain.enums import DealKind, DealStage, ForecastCategory
from sam_tui.domain.errors import InvalidInput
from sam_tui.domain.metrics import median, ratio
from sam_tui.domain.periods import Period

DEFAULT_PROBABILITY: Mapping[DealStage, int] = {
    DealStage.PROSPECTING: 10,
    DealStage.QUALIFICATION: 20,
    DealStage.PROPOSAL: 50,
    DealStage.NEGOTIATION: 75,
    DealStage.WON: 100,
    DealStage.LOST: 0,
}


def next_renewal(current: date | None, won_on: date, term_months: int) -> date:
    """Where winning a renewal moves the account's renewal date: one term after the
    current one (after the day it was won when there is none), and after the win, so a
    renewal won late does not land on a date already past."""
    renewal = add_months(current or won_on, term_months)
    while renewal <= won_on:
        renewal = add_months(renewal, term_months)
    return renewal


def is_closed(stage: DealStage) -> bool:
    return stage in CLOSED_STAGES


def stage_probabilities(overrides: Mapping[DealStage, int] | None = None) -> dict[DealStage, int]:
    """The default probability of every stage, with the open stages' overrides applied."""
    table = dict(DEFAULT_PROBABILITY)
    for stage, value in (overrides or {}).items():
        if stage not in CLOSED_STAGES:
            table[stage] = value
    return table


def effective_probability(
    stage: DealStage, own: int | None, table: Mapping[DealStage, int] | None = None
) -> int:
    """The deal's own probability, else its stage's; always 100 when won and 0 when lost."""
    if stage is DealStage.WON:
        return 100
    if stage is DealStage.LOST:
        return 0
    if own is not None:
        return own
    return (table or DEFAULT_PROBABILITY)[stage]


def parse_probability(text: str) -> int:
    """``40`` or ``40%`` -> 40; a whole number from 0 to 100."""
    raw = text.strip().removesuffix("%").strip()
    if not (raw.isascii() and raw.isdigit()) or int(raw) > 100:
        raise InvalidInput(f"probability must be a whole number from 0 to 100, not '{text}'")
    return int(raw)


def weighted(amount_cents: int, probability: int) -> int:
    """``amount x probability / 100``, rounded half-even to the cent."""
    # in integers (no Decimal): a forecast weighs thousands of deals
    whole, rest = divmod(amount_cents * probability, 100)
    if rest > 50 or (rest == 50 and whole % 2):
        return whole + 1
    return whole


def _cents(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), ROUND_HALF_EVEN))


def in_period(
    stage: DealStage, expected_close: date | None, closed: date | None, period: Period
) -> bool:
    """Closed in the period, or open and expected to close in it (undated: in none)."""
    day = closed if stage in CLOSED_STAGES else expected_close
    return day is not None and day in period


class DealFacts(NamedTuple):
    """What the metrics need of one deal; dates are local."""

    id: int
    account_id: int
    account_name: str
    name: str
    amount_cents: int
    stage: DealStage
    category: ForecastCategory
    expected_close: date | None
    # the effective probability (see effective_probability)
    probability: int
    created: date
    closed: date | None = None
    kind: DealKind = DealKind.NEW

    @property
    def is_open(self) -> bool:
        return self.stage not in CLOSED_STAGES

    @property
    def counts_forward(self) -> bool:
        """Open and not omitted: it counts in pipeline, coverage and forecasts."""
        return self.is_open and self.category is not ForecastCategory.OMITTED

    def in_period(self, period: Period) -> bool:
        return in_period(self.stage, self.expected_close, self.closed, period)

    @property
    def weighted_cents(self) -> int:
        return weighted(self.amount_cents, self.probability)


def _won(deals: Iterable[DealFacts], period: Period) -> list[DealFacts]:
    return [d for d in deals if d.stage is DealStage.WON and d.in_period(period)]


def forward(deals: Iterable[DealFacts], period: Period) -> list[DealFacts]:
    """The open, non-omitted deals expected to close in the period."""
    return [d for d in deals if d.counts_forward and d.in_period(period)]


def undated(deals: Iterable[DealFacts]) -> list[DealFacts]:
    """Open, non-omitted deals with no expected close date: in no period."""
    return [d for d in deals if d.counts_forward and d.expected_close is None]


def slipped(deals: Iterable[DealFacts], period: Period, day: date) -> list[DealFacts]:
    """Open deals expected to close in ``period`` whose expected close is before ``day``
    (the report's moment): they slipped past it and are still open."""
    return [
        d
        for d in deals
        if d.is_open
        and d.expected_close is not None
        and d.expected_close in period
        and d.expected_close < day
    ]


class SalesMetrics(NamedTuple):
    period: Period
    quota_cents: int | None
    won_count: int
    won_cents: int
    lost_count: int
    lost_cents: int
    attainment: Decimal | None
    remaining_quota_cents: int | None
    pipeline_count: int
    pipeline_cents: int
    coverage: Decimal | None
    win_rate_count: Decimal | None
    win_rate_value: Decimal | None
    average_won_cents: int | None
    median_cycle_days: Decimal | None
    undated_count: int
    undated_cents: int


def sales_metrics(
    deals: Iterable[DealFacts], period: Period, quota_cents: int | None
) -> SalesMetrics:
    """The sales figures of ``period`` (see the module docstring for each formula)."""
    facts = list(deals)
    won = _won(facts, period)
    lost = [d for d in facts if d.stage is DealStage.LOST and d.in_period(period)]
    won_cents = sum(d.amount_cents for d in won)
    lost_cents = sum(d.amount_cents for d in lost)
    pipeline = forward(facts, period)
    pipeline_cents = sum(d.amount_cents for d in pipeline)
    quota = quota_cents if quota_cents else None
    remaining = None if quota is None else max(0, quota - won_cents)
    no_date = undated(facts)
    cycles = [max(0, (d.closed - d.created).days) for d in won if d.closed is not None]
    return SalesMetrics(
        period=period,
        quota_cents=quota,
        won_count=len(won),
        won_cents=won_cents,
        lost_count=len(lost),
        lost_cents=lost_cents,
        attainment=None if quota is None else ratio(won_cents, quota),
        remaining_quota_cents=remaining,
        pipeline_count=len(pipeline),
        pipeline_cents=pipeline_cents,
        coverage=None if remaining is None else ratio(pipeline_cents, remaining),
        win_rate_count=ratio(len(won), len(won) + len(lost)),
        win_rate_value=ratio(won_cents, won_cents + lost_cents),
        average_won_cents=_cents(Decimal(won_cents) / len(won)) if won else None,
        median_cycle_days=median(cycles),
        undated_count=len(no_date),
        undated_cents=sum(d.amount_cents for d in no_date),
    )


class Forecast(NamedTuple):
    period: Period
    quota_cents: int | None
    closed_won_cents: int
    commit_cents: int
    best_case_cents: int
    weighted_pipeline_cents: int
    weighted_cents: int  # closed won + weighted pipeline
    run_rate_cents: int | None
    elapsed_days: int
    # the period's open, non-omitted deals, and the open ones with no close date
    deals: tuple[DealFacts, ...]
    undated: tuple[DealFacts, ...]

    def gap(self, cents: int | None) -> int | None:
        """Quota minus a figure: what is still missing (negative: ahead of quota)."""
        if self.quota_cents is None or cents is None:
            return None
        return self.quota_cents - cents

    def figures(self) -> list[tuple[str, int | None]]:
        """Every headline figure by its stable key, in reading order."""
        return [
            ("closed_won", self.closed_won_cents),
            ("commit", self.commit_cents),
            ("best_case", self.best_case_cents),
            ("weighted", self.weighted_cents),
            ("run_rate", self.run_rate_cents),
        ]


def forecast(
    deals: Iterable[DealFacts], period: Period, quota_cents: int | None, today: date
) -> Forecast:
    """The forecast of ``period`` seen on ``today`` (see the module docstring)."""
    facts = list(deals)
    closed = sum(d.amount_cents for d in _won(facts, period))
    ahead = forward(facts, period)
    commit = closed + sum(d.amount_cents for d in ahead if d.category is ForecastCategory.COMMIT)
    best = commit + sum(d.amount_cents for d in ahead if d.category is ForecastCategory.BEST_CASE)
    weighted_pipeline = sum(d.weighted_cents for d in ahead)
    elapsed = period.elapsed_days(today)
    run_rate = _cents(Decimal(closed) * period.days / elapsed) if elapsed else None
    return Forecast(
        period=period,
        quota_cents=quota_cents if quota_cents else None,
        closed_won_cents=closed,
        commit_cents=commit,
        best_case_cents=best,
        weighted_pipeline_cents=weighted_pipeline,
        weighted_cents=closed + weighted_pipeline,
        run_rate_cents=run_rate,
        elapsed_days=elapsed,
        deals=tuple(sorted(ahead, key=_forecast_order)),
        undated=tuple(sorted(undated(facts), key=lambda d: (-d.amount_cents, d.id))),
    )


_CATEGORY_ORDER = {
    ForecastCategory.COMMIT: 0,
    ForecastCategory.BEST_CASE: 1,
    ForecastCategory.PIPELINE: 2,
    ForecastCategory.OMITTED: 3,
}


def _forecast_order(d: DealFacts) -> tuple[int, date, int, int]:
    return (_CATEGORY_ORDER[d.category], d.expected_close or date.max, -d.amount_cents, d.id)
