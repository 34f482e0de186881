"""Deals: won and lost in the period, every recorded move, and the forecast change.

The forecast change compares the forecast of the quarter the period ends in (the report's
own period for quarter and year reports) as it stood at the start of the period with the
same forecast at its end (now, while the period runs), both rebuilt from the deals'
recorded history (``services.forecast.change_in``), and names every deal that moved it
and how: over the span the deal changes cover (``ReportContext.until``), so both name the
same changes.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sam_tui.domain.dates import format_day, local_day
from sam_tui.domain.enums import DealStage
from sam_tui.domain.money import format_compact
from sam_tui.domain.periods import Period, PeriodKind, containing
from sam_tui.domain.snapshots import describe
from sam_tui.reports.base import ReportContext
from sam_tui.reports.model import (
    Better,
    Block,
    Cell,
    Column,
    Figure,
    Section,
    Table,
    ValueType,
)
from sam_tui.reports.sections.reads import deal_facts
from sam_tui.services import activity, deals, forecast, settings

T, M, D = ValueType.TEXT, ValueType.MONEY, ValueType.DATE

_FIGURE_NAMES = {
    "closed_won": "Closed won",
    "commit": "Commit forecast",
    "best_case": "Best-case forecast",
    "weighted": "Weighted forecast",
    "run_rate": "Run-rate projection",
}


def forecast_period(ctx: ReportContext) -> Period:
    """Whose forecast the report follows: its own period from a quarter up, else the
    fiscal quarter the period ends in (or holds today, while it runs)."""
    if ctx.period.kind in (PeriodKind.QUARTER, PeriodKind.YEAR):
        return ctx.period
    day = min(ctx.as_of.date(), ctx.period.end)
    return containing(PeriodKind.QUARTER, day, settings.fiscal_start(ctx.conn))


def deals_section(ctx: ReportContext) -> Section | None:
    """Deals won, lost and moved in the period, and how the forecast changed.

    Left out of the report while no deal has ever been recorded."""
    if not ctx.uses("deal"):
        return None
    start = activity.local_midnight(ctx.period.start)
    end = ctx.until
    prev_start = activity.local_midnight(ctx.previous.start)
    closed = deals.closed_between(ctx.conn, start, end)
    # the previous period's only as totals: its deals are not listed
    before = deals.closed_totals(ctx.conn, prev_start, start)
    # the history of the deals changed since the start, read once for both
    changed = deals.changed_since(ctx.conn, start)
    moves = deals.moves_between(ctx.conn, start, end, changed=changed)
    days: dict[datetime, date] = {}
    won = [d for d in closed if d.stage is DealStage.WON]
    lost = [d for d in closed if d.stage is DealStage.LOST]
    won_cents = sum(d.amount_cents for d in won)
    figures = (
        Figure(
            "won_amount",
            "Won",
            won_cents,
            ValueType.MONEY,
            previous=before[DealStage.WON].amount_cents,
            note=_deal_count(len(won)),
        ),
        Figure(
            "deals_lost",
            "Deals lost",
            len(lost),
            previous=before[DealStage.LOST].deals,
            better=Better.DOWN,
            note=format_compact(sum(d.amount_cents for d in lost)) if lost else "",
        ),
    )
    blocks: list[Block] = [
        Table(
            "closed",
            f"Won and lost in {ctx.span}",
            (
                Column("closed", "Closed", D),
                Column("account", "Account"),
                Column("deal", "Deal"),
                Column("amount", "Amount", M),
                Column("result", "Result"),
                Column("reason", "Reason", optional=True),
            ),
            tuple(
                (
                    d.closed_at.astimezone().date() if d.closed_at else None,
                    d.account_name,
                    d.name,
                    d.amount_cents,
                    d.stage.value,
                    d.lost_reason or "",
                )
                for d in closed
            ),
            empty=f"No deal was won or lost in {ctx.span}.",
            show=15,
            more="deals",
        ),
        Table(
            "moves",
            f"Deal changes in {ctx.span}",
            (
                Column("when", "When", D),
                Column("account", "Account"),
                Column("deal", "Deal"),
                Column("change", "Change"),
            ),
            tuple(
                (local_day(m.at, days), m.account_name, m.deal_name, "; ".join(m.changes))
                for m in moves
            ),
            empty=f"No deal was created or changed in {ctx.span}.",
            show=20,
            more="changes",
        ),
    ]
    blocks.extend(_forecast_change(ctx, start, end, changed))
    return Section("deals", "Deals and forecast", tuple(blocks), figures)


def _day(ctx: ReportContext, at: datetime) -> str:
    return format_day(at.astimezone().date(), ctx.today)



def _deal_count(count: int) -> str:
    return "1 deal" if count == 1 else f"{count:,} deals"


def _forecast_change(
    ctx: ReportContext, start: datetime, end: datetime, changed: deals.ChangedDeals
) -> list[Block]:
    period = forecast_period(ctx)
    current = deal_facts(ctx) if period == ctx.period else None
    change = forecast.change_in(ctx.conn, period, start, end, current=current, changed=changed)
    title = f"Forecast for {period.label}: change in {ctx.span}"
    then_label = f"Start ({_day(ctx, start)})"
    last = ctx.as_of - timedelta(microseconds=1)
    now_label = "Now" if ctx.running else f"End ({_day(ctx, last)})"
    rows: list[tuple[Cell, ...]] = []
    old, new = dict(change.then.figures()), dict(change.now.figures())
    for key, name in _FIGURE_NAMES.items():
        before, after = old.get(key), new.get(key)
        delta = None if before is None or after is None else after - before
        rows.append((name, before, after, delta))
    if change.now.quota_cents is not None:
        quota = change.now.quota_cents
        rows.append(("Quota", quota, quota, 0))
    blocks: list[Block] = [
        Table(
            "forecast_change",
            title,
            (
                Column("figure", "Figure", T),
                Column("then", then_label, M),
                Column("now", now_label, M),
                Column("change", "Change", M, signed=True),
            ),
            tuple(rows),
        )
    ]
    blocks.append(
        Table(
            "forecast_moves",
            f"What moved the {period.label} forecast in {ctx.span}",
            (
                Column("deal", "Deal"),
                Column("account", "Account"),
                Column("change", "Change"),
            ),
            tuple(
                (f"#{c.deal_id} {c.deal_name}", c.account_name, describe(c, period.label))
                for c in change.changes
            ),
            empty=f"No deal of {period.label} moved in {ctx.span}.",
            show=20,
            more="changes",
        )
    )
    return blocks
