"""Top accounts: by revenue won in the period, by annual value, and by touches; and the
touches per week (per month in a year) through the period."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from sam_tui.domain.dates import local_day
from sam_tui.domain.enums import DealStage
from sam_tui.domain.periods import PeriodKind
from sam_tui.reports.base import ReportContext, weeks
from sam_tui.reports.model import (
    BarChart,
    Block,
    Column,
    LineChart,
    Section,
    Series,
    Table,
    ValueType,
)
from sam_tui.reports.sections.quota_forecast import bucket_label
from sam_tui.reports.sections.reads import deal_facts, week_touches
from sam_tui.services import activity

N, M, D = ValueType.NUMBER, ValueType.MONEY, ValueType.DATE
TOP = 10


def top_accounts(ctx: ReportContext) -> Section:
    """The accounts that brought the revenue, the largest ones, and the most worked."""
    period = ctx.period
    won: dict[int, list[int]] = defaultdict(list)
    names: dict[int, str] = {}
    for d in deal_facts(ctx):
        if d.stage is DealStage.WON and d.in_period(period):
            won[d.account_id].append(d.amount_cents)
            names[d.account_id] = d.account_name
    by_revenue = sorted(won, key=lambda a: (-sum(won[a]), names[a].casefold()))
    touched = activity.touch_ranking(ctx.conn, period.start, period.end)
    largest = activity.largest_accounts(ctx.conn, TOP)
    days: dict[datetime, date] = {}
    blocks: list[Block] = [
        Table(
            "by_revenue",
            f"By revenue won in {ctx.span} (closed-won deals)",
            (
                Column("account", "Account"),
                Column("deals", "Deals won", N),
                Column("won", "Won", M),
            ),
            tuple((names[a], len(won[a]), sum(won[a])) for a in by_revenue),
            empty=f"No deal was won in {ctx.span}.",
            show=TOP,
            more="accounts",
        ),
        Table(
            "by_annual_value",
            "By annual value (active accounts, as recorded now)",
            (
                Column("account", "Account"),
                Column("tier", "Tier"),
                Column("annual_value", "Annual value", M),
                Column("renewal", "Renews", D),
            ),
            tuple((a.name, a.tier.value, a.value_cents, a.renewal_date) for a in largest),
            empty="No active account has an annual value recorded.",
        ),
        Table(
            "by_activity",
            f"By activity: touches logged in {ctx.span}",
            (
                Column("account", "Account"),
                Column("tier", "Tier"),
                Column("touches", "Touches", N),
                Column("last", "Last", D),
            ),
            tuple((t.name, t.tier.value, t.touches, local_day(t.last_at, days)) for t in touched),
            empty=f"No touches logged in {ctx.span}.",
            show=TOP,
            more="accounts",
        ),
    ]
    rhythm = activity_chart(ctx)
    if rhythm is not None:
        blocks.append(rhythm)
    return Section("top_accounts", "Top accounts and activity", tuple(blocks))



def activity_chart(ctx: ReportContext) -> BarChart | LineChart | None:
    """Touches per week through the period, weeks not yet begun left out (bars for a
    month's few weeks, a line for a quarter's or a year's); none when nothing was logged."""
    parts = [p for p in weeks(ctx.period) if p.start <= ctx.as_of.date()]
    counts = week_touches(ctx)[: len(parts)]  # the weeks begun come first
    if not any(counts):
        return None
    labels = tuple(bucket_label(p) for p in parts)
    keys = tuple(p.start.isoformat() for p in parts)
    series = (Series("touches", tuple(counts)),)
    title = "Touches per week (from Monday; the first and last weeks cut to the period)"
    if ctx.period.kind is PeriodKind.MONTH:
        return BarChart("touches_per_week", title, labels, series, keys=keys)
    return LineChart("touches_per_week", title, labels, series, keys=keys)
