"""Quota attainment and the forecast to the end of the period, with how the won amount
built up against the quota and the period's open pipeline by stage.

Every figure is ``services.forecast.load``'s (the figures of ``sam forecast``) or
``services.metrics``' (attainment): nothing is computed a second way here.
"""

from __future__ import annotations

from sam_tui.domain.dates import format_day
from sam_tui.domain.enums import DealStage
from sam_tui.domain.figures import pace, whole_units
from sam_tui.domain.money import format_money
from sam_tui.domain.periods import Period, PeriodKind, containing
from sam_tui.domain.sales import OPEN_STAGES, DealFacts, Forecast
from sam_tui.reports.base import ReportContext, weeks
from sam_tui.reports.model import (
    BarChart,
    Better,
    Block,
    Column,
    Figure,
    LineChart,
    Paragraph,
    Section,
    Series,
    Table,
    Tone,
    ValueType,
)
from sam_tui.reports.render.values import percent
from sam_tui.reports.sections.period_metrics import ratio
from sam_tui.reports.sections.reads import deal_facts, forecast_of, metrics_of
from sam_tui.reports.sections.touches import short_label

M = ValueType.MONEY

# (key of ``sam forecast --json``'s figures, label)
FORECAST_ROWS = (
    ("closed_won", "Closed won"),
    ("commit", "Commit (won + open commit deals)"),
    ("best_case", "Best case (commit + open best-case deals)"),
    ("weighted", "Weighted forecast (won + weighted pipeline)"),
    ("run_rate", "Run rate (won / days elapsed x days)"),
)


def buckets(period: Period) -> list[Period]:
    """The parts a period's build-up is charted by: months in a year, weeks otherwise."""
    if period.kind is PeriodKind.YEAR:
        return period.split(PeriodKind.MONTH)
    return weeks(period)


def bucket_label(part: Period) -> str:
    """``Nov`` for a month, ``23 Nov`` for a week (its first day in the period)."""
    month = short_label(containing(PeriodKind.MONTH, part.start, part.fiscal_start))
    return month if part.kind is PeriodKind.MONTH else f"{part.start.day} {month}"


def quota_forecast(ctx: ReportContext) -> Section:
    """Attainment, the forecast to the end of the period and its gap to quota, charts."""
    period = ctx.period
    f = forecast_of(ctx)
    now = metrics_of(ctx, period).sales
    then = metrics_of(ctx, ctx.previous).sales
    facts = deal_facts(ctx)
    derived = metrics_of(ctx, period).quota.note(period)
    blocks: list[Block] = []
    if f.quota_cents is None:
        blocks.append(
            Paragraph(
                "no_quota",
                f"No quota is set for {period.label}, so there is no attainment and no gap "
                f"to quota (set one with: sam quota set {period.label} AMOUNT).",
            )
        )
    else:
        blocks.append(
            Paragraph(
                "attainment",
                f"Won {format_money(f.closed_won_cents)} of the "
                f"{format_money(f.quota_cents)} quota: "
                f"{_percent(now.attainment)} attained, with {_elapsed(ctx, f)} of the "
                f"{period.kind.value} gone." + (f" The quota: {derived}." if derived else ""),
            )
        )
    blocks.append(
        Table(
            "forecast",
            f"Forecast to the end of {period.label} ({format_day(period.end, ctx.today)})",
            (
                Column("figure", "Figure"),
                Column("amount", "Amount", M),
                Column("gap", "Against quota", ValueType.GAP),
            ),
            tuple((label, *_pair(f, key)) for key, label in FORECAST_ROWS)
            + (("Weighted pipeline (open deals)", f.weighted_pipeline_cents, None),),
        )
    )
    attainment = _attainment_chart(ctx, facts, f)
    if attainment is not None:
        blocks.append(attainment)
    elif f.quota_cents is None and not f.closed_won_cents:
        blocks.append(Paragraph("no_won", f"No deal was won in {ctx.span}."))
    blocks.append(_pipeline_chart(ctx, f))
    figures = (
        Figure(
            "attainment",
            "Quota attainment",
            ratio(now.attainment),
            ValueType.PERCENT,
            ratio(then.attainment),
            note="no quota set"
            if f.quota_cents is None
            else "won / the sum of its parts' quotas"
            if derived
            else "won / quota",
        ),
        Figure(
            "forecast_weighted",
            "Weighted forecast",
            f.weighted_cents,
            M,
            better=Better.UP,
            note=f"to the end of {period.label}",
        ),
    )
    note = "Closed won, commit, best case, weighted and run rate: the figures of sam forecast."
    return Section("quota_forecast", "Quota and forecast", tuple(blocks), figures, note)


def _pair(f: Forecast, key: str) -> tuple[int | None, int | None]:
    amount = dict(f.figures())[key]
    return amount, f.gap(amount)


def _percent(value: object) -> str:
    shown = ratio(value)  # type: ignore[arg-type]
    return "—" if shown is None else percent(shown)


def _elapsed(ctx: ReportContext, f: Forecast) -> str:
    share = f.elapsed_days / ctx.period.days
    return f"{percent(share)} ({f.elapsed_days} of {ctx.period.days} days)"


def _attainment_chart(ctx: ReportContext, facts: list[DealFacts], f: Forecast) -> LineChart | None:
    """Won to date at the end of each week (month in a year), against the quota's pace:
    the quota spread evenly over the period's days. Parts not yet begun are left out;
    with no quota and nothing won there is nothing to draw."""
    period = ctx.period
    parts = [p for p in buckets(period) if p.start <= ctx.as_of.date() and p.start <= ctx.today]
    if not parts or (f.quota_cents is None and not f.closed_won_cents):
        return None
    won = sorted(
        (d.closed, d.amount_cents)
        for d in facts
        if d.stage is DealStage.WON and d.closed is not None and d.in_period(period)
    )
    cumulative = []
    for part in parts:
        cumulative.append(whole_units(sum(amount for day, amount in won if day <= part.end)))
    # both lines on one chart, one scale, in whole units (``domain.figures``)
    series = [Series("won to date", tuple(cumulative), Tone.GOOD)]
    if f.quota_cents is not None:
        quota = f.quota_cents
        paced = tuple(
            pace(quota, (part.end - period.start).days + 1, period.days) for part in parts
        )
        series.append(Series("quota pace", paced, Tone.MUTED))
    per = "month" if period.kind is PeriodKind.YEAR else "week"
    return LineChart(
        "attainment_over_time",
        f"Won to date at the end of each {per}"
        + (" against the quota's even pace" if f.quota_cents is not None else ""),
        tuple(bucket_label(p) for p in parts),
        tuple(series),
        M,
        keys=tuple(p.end.isoformat() for p in parts),
    )


def _pipeline_chart(ctx: ReportContext, f: Forecast) -> BarChart | Paragraph:
    """The open, non-omitted deals expected to close in the period, by stage."""
    if not f.deals:
        return Paragraph("no_pipeline", f"No open deal is expected to close in {ctx.period.label}.")
    stages = [s for s in OPEN_STAGES if any(d.stage is s for d in f.deals)]
    return BarChart(
        "pipeline_by_stage",
        f"Open pipeline closing in {ctx.period.label}, by stage",
        tuple(s.value for s in stages),
        (
            Series(
                "open amount",
                tuple(
                    whole_units(sum(d.amount_cents for d in f.deals if d.stage is s))
                    for s in stages
                ),
            ),
        ),
        M,
        keys=tuple(s.value for s in stages),
    )
