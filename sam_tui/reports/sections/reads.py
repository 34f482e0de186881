"""Reads several sections share, made once per report build."""

from __future__ import annotations

from sam_tui.domain.periods import Period
from sam_tui.domain.sales import DealFacts, Forecast
from sam_tui.reports.base import ReportContext, weeks
from sam_tui.services import accounts, activity, deals, forecast, metrics
from sam_tui.services.accounts import AccountSummary
from sam_tui.services.metrics import MetricsReport


def metrics_of(ctx: ReportContext, period: Period) -> MetricsReport:
    """``sam metrics`` for ``period`` (the report's or the previous one)."""
    if period != ctx.period:
        return ctx.once(("metrics", period), lambda: metrics.load(ctx.conn, period))
    return ctx.once(
        ("metrics", period),
        # the report's own period: its deals are ``deal_facts``, its touches those of
        # its weeks (they partition it) when a section has read them; else counted
        # whole, with its prospect touches (the weeks' chart may be built apart)
        lambda: metrics.load(ctx.conn, period, facts=deal_facts(ctx), touches=_weeks_read(ctx)),
    )


def _weeks_read(ctx: ReportContext) -> int | None:
    """The period's touches, when ``week_touches`` has read them in this build."""
    if ctx.reads is None or "week touches" not in ctx.reads:
        return None
    return sum(week_touches(ctx))


def week_touches(ctx: ReportContext) -> list[int]:
    """Touches (``domain.figures``) in each week of the report's period (``weeks``: the
    first and last cut to it), begun or not: the touches-per-week chart's, and, added up,
    the period's own (one pass over a year's touches instead of two)."""
    return ctx.once(
        "week touches",
        lambda: activity.touches_in(ctx.conn, [(w.start, w.end) for w in weeks(ctx.period)]),
    )


def forecast_of(ctx: ReportContext) -> Forecast:
    """``sam forecast`` for the report's period."""
    return ctx.once("forecast", lambda: forecast.load(ctx.conn, ctx.period, facts=deal_facts(ctx)))


def deal_facts(ctx: ReportContext) -> list[DealFacts]:
    """The deals of the report's period as the metrics see them (every open deal too)."""
    return ctx.once("deal_facts", lambda: deals.facts(ctx.conn, ctx.period))


def complaint_events(ctx: ReportContext) -> list[activity.ComplaintEvent]:
    """Complaints opened, answered or resolved in the period, or open past SLA at its end."""
    return ctx.once(
        "complaints",
        lambda: activity.complaint_activity(ctx.conn, ctx.period.start, ctx.period.end, ctx.as_of),
    )


def active_accounts(ctx: ReportContext) -> list[AccountSummary]:
    """The live active accounts with their health (as measured now), by name: the health
    section's, whose movers and renewals are among them."""
    return ctx.once("active", lambda: accounts.summaries(ctx.conn, accounts.ACTIVE))
