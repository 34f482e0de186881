"""Every figure of ``sam metrics`` for the period, beside the previous period's and the change.

The figures come from ``services.metrics.load``, the same read model as ``sam metrics``;
they are laid out in tables by kind (amounts, counts, rates) so that each reads exactly as
``sam metrics`` shows it: money to the cent, rates as percentages with their change in
points, coverage in times. Each is handed on unrounded (and its change worked out from the
exact values): the renderers round it once, with the readings of ``domain.figures``.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from sam_tui.reports.base import ReportContext
from sam_tui.reports.model import (
    Better,
    Cell,
    Column,
    Figure,
    Number,
    Section,
    Table,
    Typed,
    ValueType,
)
from sam_tui.reports.sections.reads import metrics_of
from sam_tui.services.metrics import MetricsReport

M, N, P = ValueType.MONEY, ValueType.NUMBER, ValueType.PERCENT

Getter = Callable[[MetricsReport], "int | Decimal | None"]


def ratio(value: Decimal | int | None) -> float | None:
    """A rate for the report model: its exact value as the nearest float, not rounded (a
    rate rounded here to four decimals, then to a tenth of a percent where it is shown,
    read 65% where ``sam metrics`` reads 64.9%)."""
    return None if value is None else float(value)


def exact(value: int | float | Decimal | None) -> Number | None:
    """A count or a decimal figure (days, hours) as ``sam metrics`` gives it."""
    if value is None or isinstance(value, int | float):
        return value
    return int(value) if value == value.to_integral_value() else float(value)


# (key, label, getter): the order of ``sam metrics``
AMOUNTS: tuple[tuple[str, str, Getter], ...] = (
    ("quota", "Quota", lambda r: r.sales.quota_cents),
    ("won", "Won", lambda r: r.sales.won_cents),
    ("lost", "Lost", lambda r: r.sales.lost_cents),
    ("remaining_quota", "Quota not yet met", lambda r: r.sales.remaining_quota_cents),
    ("pipeline", "Pipeline (open, closing in the period)", lambda r: r.sales.pipeline_cents),
    ("average_won_deal", "Average won deal", lambda r: r.sales.average_won_cents),
    ("no_close_date", "Open deals with no close date", lambda r: r.sales.undated_cents),
)
RATES: tuple[tuple[str, str, Getter], ...] = (
    ("attainment", "Attainment (won / quota)", lambda r: r.sales.attainment),
    ("win_rate_count", "Win rate by count", lambda r: r.sales.win_rate_count),
    ("win_rate_value", "Win rate by value", lambda r: r.sales.win_rate_value),
    (
        "share_within_cadence",
        "Accounts touched within cadence",
        lambda r: r.activity.share_within_cadence,
    ),
    ("sla_compliance", "Complaint SLA compliance", lambda r: r.service.sla_compliance),
)
COUNTS: tuple[tuple[str, str, Getter], ...] = (
    ("won_count", "Deals won", lambda r: r.sales.won_count),
    ("lost_count", "Deals lost", lambda r: r.sales.lost_count),
    ("pipeline_count", "Open deals in the pipeline", lambda r: r.sales.pipeline_count),
    (
        "coverage",
        "Coverage (pipeline / quota not yet met), times",
        lambda r: r.sales.coverage,
    ),
    ("median_sales_cycle_days", "Median sales cycle, days", lambda r: r.sales.median_cycle_days),
    ("no_close_date_count", "Open deals with no close date", lambda r: r.sales.undated_count),
    ("touches", "Touches logged (with accounts)", lambda r: r.touches.touches),
    ("accounts_touched", "Accounts touched", lambda r: r.touches.accounts_touched),
    ("prospect_touches", "Prospect touches", lambda r: r.touches.prospect_touches),
    ("accounts", "Active accounts", lambda r: r.activity.accounts),
    (
        "interactions_per_account",
        "Interactions per account",
        lambda r: r.activity.per_account,
    ),
    ("accounts_measured", "Accounts measured for cadence", lambda r: r.activity.measured),
    (
        "touched_within_cadence",
        "Accounts touched within cadence",
        lambda r: r.activity.within_cadence,
    ),
    (
        "first_response_median_hours",
        "First response, median hours",
        lambda r: r.service.first_response.median_hours,
    ),
    (
        "first_response_mean_hours",
        "First response, mean hours",
        lambda r: r.service.first_response.mean_hours,
    ),
    (
        "first_response_cases",
        "Complaints opened in the period and answered",
        lambda r: r.service.first_response.cases,
    ),
    (
        "awaiting_first_response",
        "Complaints awaiting a first response",
        lambda r: r.service.awaiting_first_response,
    ),
    (
        "resolution_median_hours",
        "Resolution, median hours",
        lambda r: r.service.resolution.median_hours,
    ),
    (
        "resolution_mean_hours",
        "Resolution, mean hours",
        lambda r: r.service.resolution.mean_hours,
    ),
    ("resolution_cases", "Complaints resolved", lambda r: r.service.resolution.cases),
    ("sla_met", "SLA met", lambda r: r.service.sla_met),
    ("sla_breached", "SLA breached", lambda r: r.service.sla_breached),
    ("sla_pending", "SLA not yet due", lambda r: r.service.sla_pending),
)


# the rows of the counts table that read otherwise than a count (the renderers and JSON
# round them as ``sam metrics`` does)
TYPED = {"coverage": ValueType.TIMES, "interactions_per_account": ValueType.RATIO}


def _change(now: int | Decimal | None, then: int | Decimal | None) -> int | Decimal | None:
    return None if now is None or then is None else now - then


def _table(
    key: str,
    title: str,
    kind: ValueType,
    spec: tuple[tuple[str, str, Getter], ...],
    now: MetricsReport,
    then: MetricsReport,
    ctx: ReportContext,
) -> Table:
    rows = []
    for name, label, get in spec:
        this, before = get(now), get(then)
        cells = (this, before, _change(this, before))
        typed = TYPED.get(name)
        shown: tuple[Cell, ...]
        if kind is P:
            shown = tuple(ratio(c) for c in cells)
        elif typed is not None:
            shown = tuple(Typed(ratio(c), typed) for c in cells)
        else:
            shown = tuple(exact(c) for c in cells)
        rows.append((label, *shown))
    change_type = ValueType.POINTS if kind is P else kind
    return Table(
        key,
        title,
        (
            Column("figure", "Figure"),
            Column("this", ctx.period.label, kind),
            Column("previous", ctx.previous.label, kind),
            Column("change", "Change", change_type, signed=True),
        ),
        tuple(rows),
    )


def load_pair(ctx: ReportContext) -> tuple[MetricsReport, MetricsReport]:
    """``sam metrics`` for the period and for the previous one."""
    return metrics_of(ctx, ctx.period), metrics_of(ctx, ctx.previous)


def period_metrics(ctx: ReportContext) -> Section:
    """The figures of ``sam metrics``, this period against the previous one."""
    now, then = load_pair(ctx)
    s, prev = now.sales, then.sales
    figures = (
        Figure(
            "won", "Won", s.won_cents, ValueType.MONEY, prev.won_cents, note=_deals(s.won_count)
        ),
        Figure(
            "pipeline",
            "Pipeline closing in the period",
            s.pipeline_cents,
            ValueType.MONEY,
            prev.pipeline_cents,
            better=Better.NEITHER,
            note=_deals(s.pipeline_count),
        ),
        Figure(
            "touches",
            "Touches logged",
            now.touches.touches,
            previous=then.touches.touches,
        ),
        Figure(
            "accounts_touched",
            "Accounts touched",
            now.touches.accounts_touched,
            previous=then.touches.accounts_touched,
            note=f"of {now.activity.accounts:,} active",
        ),
    )
    blocks = (
        _table("amounts", "Amounts", M, AMOUNTS, now, then, ctx),
        _table("rates", "Rates (change in percentage points)", P, RATES, now, then, ctx),
        _table("counts", "Counts, days and hours", N, COUNTS, now, then, ctx),
    )
    note = (
        f"The figures of sam metrics for {ctx.period.label} and for {ctx.previous.label} "
        "(sam metrics --help gives every formula)."
    )
    return Section("metrics", "Metrics against the previous period", blocks, figures, note)


def _deals(n: int) -> str:
    return "1 deal" if n == 1 else f"{n:,} deals"
