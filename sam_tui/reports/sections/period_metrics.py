"""Every figure of ``sam metrics`` for the period, beside the previous period's and the change.

The figures come from ``services.metrics.load``, the same read model as ``sam metrics``;
they are laid out in tables by kind (amounts, counts, rates) so that each reads exactly:
money to the cent, rates as percentages with their change in points.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_EVEN, Decimal

from sam_tui.reports.base import ReportContext
from sam_tui.reports.model import Better, Column, Figure, Number, Section, Table, ValueType
from sam_tui.reports.sections.reads import metrics_of
from sam_tui.services.metrics import MetricsReport

M, N, P = ValueType.MONEY, ValueType.NUMBER, ValueType.PERCENT
_PLACES = Decimal("0.0001")

Getter = Callable[[MetricsReport], "int | float | Decimal | None"]


def ratio(value: Decimal | None) -> float | None:
    """A rate as ``sam metrics --json`` gives it: four decimals, half-even."""
    return None if value is None else float(value.quantize(_PLACES, ROUND_HALF_EVEN))


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
        lambda r: ratio(r.sales.coverage),
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
        lambda r: ratio(r.activity.per_account),
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


def _change(now: Number | None, then: Number | None) -> Number | None:
    if now is None or then is None:
        return None
    delta = now - then
    return round(delta, 4) if isinstance(delta, float) else delta


def _table(
    key: str,
    title: str,
    kind: ValueType,
    spec: tuple[tuple[str, str, Getter], ...],
    now: MetricsReport,
    then: MetricsReport,
    ctx: ReportContext,
) -> Table:
    convert: Callable[[int | float | Decimal | None], Number | None]
    if kind is P:
        convert = ratio  # type: ignore[assignment]
    else:
        convert = exact
    rows = []
    for _, label, get in spec:
        this, before = convert(get(now)), convert(get(then))
        rows.append((label, this, before, _change(this, before)))
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
