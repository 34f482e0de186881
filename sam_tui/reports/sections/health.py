"""Portfolio health: the active accounts by tier and health, and those that need attention.

Health is not kept over time: it is measured when the report is made."""

from __future__ import annotations

from collections import Counter

from sam_tui.domain.dates import format_day
from sam_tui.domain.enums import Tier
from sam_tui.domain.health import Health
from sam_tui.reports.base import ReportContext
from sam_tui.reports.model import (
    BarChart,
    Better,
    Column,
    Figure,
    Paragraph,
    Section,
    Series,
    Table,
    Tone,
    ValueType,
)
from sam_tui.reports.sections.reads import active_accounts

N = ValueType.NUMBER

_HEALTH_TONE = {Health.GREEN: Tone.GOOD, Health.AMBER: Tone.WARN, Health.RED: Tone.BAD}


def health(ctx: ReportContext) -> Section:
    """The active portfolio by health and tier, and the accounts that need attention."""
    live = active_accounts(ctx)
    # one pass over the portfolio for the figure and the chart
    by_tier = Counter((s.tier, s.health.health) for s in live)
    counts = {h: sum(by_tier[t, h] for t in Tier) for h in Health}
    figures = (
        Figure(
            "accounts_red",
            "Accounts in the red",
            counts[Health.RED],
            better=Better.DOWN,
            note=f"{counts[Health.AMBER]:,} amber, {counts[Health.GREEN]:,} green",
        ),
    )
    note = (
        f"As of {format_day(ctx.today, ctx.today)}: health is measured now, not kept per "
        f"{ctx.period.kind.value}."
        if not ctx.running
        else ""
    )
    if not live:
        return Section(
            "health",
            "Portfolio health",
            (Paragraph("no_accounts", "No active accounts."),),
            figures,
            note,
        )
    tiers = [t for t in Tier if any(by_tier[t, h] for h in Health)]
    chart = BarChart(
        "by_tier",
        "Active accounts by tier and health",
        tuple(t.value for t in tiers),
        tuple(
            Series(
                h.value,
                tuple(by_tier[t, h] for t in tiers),
                _HEALTH_TONE[h],
            )
            for h in Health
        ),
        stacked=True,
    )
    green = Health.GREEN  # read off the enum once, not once per account
    attention = sorted(
        (s for s in live if s.health.health is not green),
        key=lambda s: (s.health.score, s.name.casefold()),
    )
    table = Table(
        "attention",
        "Accounts in the red or amber",
        (
            Column("account", "Account"),
            Column("tier", "Tier"),
            Column("health", "Health"),
            Column("score", "Score", N),
            Column("why", "Why"),
        ),
        tuple(
            (
                s.name,
                s.tier.value,
                s.health.health.value,
                s.health.score,
                "; ".join(s.health.reasons),
            )
            for s in attention
        ),
        empty="Every active account is green.",
        show=12,
        more="accounts",
    )
    return Section("health", "Portfolio health", (chart, table), figures, note)
