"""Touches: how often the manager reached each account, the rhythm, the trend, and who was
missed (active accounts with no touch in the period, most overdue against cadence first).

Every count is ``domain.figures``' touches (interactions with an account; prospects apart),
read through ``services.activity``, so the day, week and month bars add up to the total."""

from __future__ import annotations

from sam_tui.domain.dates import format_day
from sam_tui.domain.figures import PROSPECTS
from sam_tui.domain.periods import Period, PeriodKind, containing
from sam_tui.reports.base import ReportContext
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
    ValueType,
)
from sam_tui.services import activity

N, D = ValueType.NUMBER, ValueType.DATE
TREND_PERIODS = 12  # the trend line: this period and the eleven before it


def short_label(period: Period) -> str:
    """``W47``, ``Nov``, ``Q4``, ``2026``: a period named for a chart axis."""
    if period.kind is PeriodKind.MONTH:
        return format_day(period.start, period.start)[-3:]
    if period.kind in (PeriodKind.WEEK, PeriodKind.QUARTER):
        return period.label.split("-")[1]
    return period.label


def _rhythm(ctx: ReportContext) -> BarChart | None:
    """Touches per day in a week; per week in a month; per month in a quarter or year."""
    period = ctx.period
    if period.kind is PeriodKind.WEEK:
        days = activity.days_of(period.start, period.end)
        per_day = activity.touches_in(ctx.conn, days)
        return BarChart(
            "per_day",
            "Touches per day",
            tuple(format_day(d, ctx.today) for d, _ in days),
            (Series("touches", tuple(per_day)),),
            keys=tuple(d.isoformat() for d, _ in days),
        )
    part = PeriodKind.WEEK if period.kind is PeriodKind.MONTH else PeriodKind.MONTH
    parts = period.split(part) if part is PeriodKind.MONTH else _weeks_touching(period)
    counts = activity.touches_in(
        ctx.conn, [(max(p.start, period.start), min(p.end, period.end)) for p in parts]
    )
    return BarChart(
        f"per_{part.value}",
        f"Touches per {part.value}",
        tuple(short_label(p) for p in parts),
        (Series("touches", tuple(counts)),),
        keys=tuple(p.label for p in parts),
    )


def _weeks_touching(period: Period) -> list[Period]:
    week = containing(PeriodKind.WEEK, period.start, period.fiscal_start)
    weeks = []
    while week.start <= period.end:
        weeks.append(week)
        week = week.next()
    return weeks


def touches(ctx: ReportContext) -> Section:
    """Touches logged per account, the rhythm within the period, the trend over the last
    twelve periods, and the active accounts nobody touched."""
    period, previous = ctx.period, ctx.previous
    by_account = activity.touches_by_account(ctx.conn, period.start, period.end)
    now = activity.touch_figures(ctx.conn, period.start, period.end)
    then = activity.touch_figures(ctx.conn, previous.start, previous.end)
    total = now.touches
    periods = [period]
    for _ in range(TREND_PERIODS - 1):
        periods.insert(0, periods[0].previous())
    trend = activity.touches_in(ctx.conn, [(p.start, p.end) for p in periods])
    active = activity.active_accounts(ctx.conn, period.end)
    figures = (
        Figure("touches", "Touches logged", total, previous=then.touches, trend=tuple(trend)),
        Figure(
            "accounts_touched",
            "Accounts touched",
            now.accounts_touched,
            previous=then.accounts_touched,
            note=f"of {active:,} active",
        ),
        Figure(
            "prospect_touches",
            "Prospect touches",
            now.prospect_touches,
            previous=then.prospect_touches,
            better=Better.NEITHER,
        ),
    )
    blocks: list[Block] = []
    rhythm = _rhythm(ctx) if total else None
    if rhythm is not None:
        blocks.append(rhythm)
    if any(trend):
        kind = period.kind.value
        blocks.append(
            LineChart(
                f"per_{kind}",
                f"Touches per {kind}, last {TREND_PERIODS} {kind}s",
                tuple(short_label(p) for p in periods),
                (Series("touches", tuple(trend)),),
                keys=tuple(p.label for p in periods),
            )
        )
    if by_account:
        blocks.append(
            Table(
                "by_account",
                "Touches by account",
                (
                    Column("account", "Account"),
                    Column("tier", "Tier"),
                    Column("touches", "Touches", N),
                    Column("channels", "Channels"),
                    Column("last", "Last", D),
                    Column("sentiment", "Sentiment", N),
                ),
                tuple(
                    (
                        t.name,
                        t.tier.value,
                        t.touches,
                        ", ".join(f"{n} {c.value}" for c, n in t.channels),
                        t.last_at.astimezone().date(),
                        t.net_sentiment,
                    )
                    for t in by_account
                ),
                show=20,
                more="accounts",
            )
        )
    else:
        blocks.append(Paragraph("no_touches", f"No touches logged in {ctx.span}."))
    if now.prospect_touches:
        blocks.append(_prospects(ctx))
    blocks.append(_untouched(ctx, active))
    return Section("touches", "Touches", tuple(blocks), figures)


def _prospects(ctx: ReportContext) -> Table:
    """The prospects touched in the period: their own figure, never counted as accounts."""
    touched = activity.touches_by_account(ctx.conn, ctx.period.start, ctx.period.end, PROSPECTS)
    return Table(
        "prospects_touched",
        "Prospects touched (not counted as accounts)",
        (
            Column("prospect", "Prospect"),
            Column("touches", "Touches", N),
            Column("channels", "Channels"),
            Column("last", "Last", D),
        ),
        tuple(
            (
                t.name,
                t.touches,
                ", ".join(f"{n} {c.value}" for c, n in t.channels),
                t.last_at.astimezone().date(),
            )
            for t in touched
        ),
        show=10,
        more="prospects",
    )


def _untouched(ctx: ReportContext, active: int) -> Table:
    # days since counted to the period's last day (today while it runs), the day `sam
    # metrics` reads "touched within cadence" on: one cadence rule on both
    day = min(ctx.as_of.date(), ctx.period.end)
    rows = []
    for a in activity.untouched_accounts(ctx.conn, ctx.period.start, ctx.period.end):
        last = a.last_touch.astimezone().date() if a.last_touch else None
        since = (day - (last or a.created)).days
        over = since - a.cadence_days
        rows.append(
            (
                over / a.cadence_days,
                (a.name, a.tier.value, last, since, a.cadence_days, over if over > 0 else None),
            )
        )
    rows.sort(key=lambda r: (-r[0], str(r[1][0]).casefold()))
    return Table(
        "not_touched",
        f"Active accounts not touched in {ctx.span}",
        (
            Column("account", "Account"),
            Column("tier", "Tier"),
            Column("last_touch", "Last touch", D),
            Column("days_since", "Days", N),
            Column("cadence_days", "Cadence", N),
            Column("days_over", "Over by", N),
        ),
        tuple(r for _, r in rows),
        empty="Every active account was touched." if active else "No active accounts.",
        show=15,
        more="accounts",
    )
