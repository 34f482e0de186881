"""Portfolio health for a month, quarter or year: the active accounts by health and tier
(the week report's health section), and the movers.

Health is not stored over time, so no account's earlier score can be compared with its
score now. The movers are therefore the accounts whose health inputs changed in the
period, by an explicit rule: down for a complaint opened, a deal lost, or a cadence run
out (the account's last touch, as of the period's end, went past its cadence during the
period); up for a deal won or a complaint resolved.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from sam_tui.domain.dates import format_day
from sam_tui.domain.enums import DealStage
from sam_tui.reports.base import ReportContext
from sam_tui.reports.model import (
    Better,
    Column,
    Figure,
    Paragraph,
    Section,
    Table,
    ValueType,
    merge,
)
from sam_tui.reports.sections.health import health
from sam_tui.reports.sections.reads import active_accounts, complaint_events, deal_facts
from sam_tui.services import activity

N = ValueType.NUMBER

MOVERS_RULE = (
    "Movers: health is not kept over time, so these are the active accounts whose health "
    "inputs changed in the period - down for a complaint opened, a deal lost or a cadence "
    "run out in it with no touch since; up for a deal won or a complaint resolved."
)


def movers(ctx: ReportContext) -> Section:
    """Active accounts that gained or lost health inputs in the period, by the rule above."""
    period = ctx.period
    down: dict[int, list[str]] = defaultdict(list)
    up: dict[int, list[str]] = defaultdict(list)
    events = complaint_events(ctx)
    opened: dict[int, int] = defaultdict(int)
    resolved: dict[int, int] = defaultdict(int)
    for e in events:
        opened[e.account_id] += e.opened
        resolved[e.account_id] += e.resolved
    for account_id, n in opened.items():
        if n:
            down[account_id].append(_count(n, "complaint opened", "complaints opened"))
    for account_id, n in resolved.items():
        if n:
            up[account_id].append(_count(n, "complaint resolved", "complaints resolved"))
    won, lost = DealStage.WON, DealStage.LOST  # read off the enum once, not once per deal
    for d in deal_facts(ctx):
        if d.closed is None or not d.in_period(period):
            continue
        if d.stage is won:
            up[d.account_id].append(f"won {d.name}")
        elif d.stage is lost:
            down[d.account_id].append(f"lost {d.name}")
    last_day = min(period.end, ctx.today)
    for a in activity.cadence_lapses(ctx.conn, period.start, last_day):
        since = a.last_touch.astimezone().date() if a.last_touch else a.created
        ran_out = since + timedelta(days=a.cadence_days + 1)
        down[a.account_id].append(
            f"past its {a.cadence_days}-day cadence on {format_day(ran_out, ctx.today)}"
        )
    moved = down.keys() | up.keys()
    found = [s for s in active_accounts(ctx) if s.id in moved]
    rows = []
    for s in found:
        worse, better = down.get(s.id, []), up.get(s.id, [])
        direction = "down" if len(worse) > len(better) else "up" if better else "mixed"
        if worse and better and len(worse) == len(better):
            direction = "mixed"
        rows.append(
            (
                -len(worse) + len(better),
                (
                    s.name,
                    s.tier.value,
                    direction,
                    s.health.health.value,
                    s.health.score,
                    "; ".join([*worse, *better]),
                ),
            )
        )
    rows.sort(key=lambda r: (r[0], str(r[1][0]).casefold()))
    fell = sum(1 for _, r in rows if r[2] == "down")
    table = Table(
        "movers",
        f"Movers in {ctx.span}",
        (
            Column("account", "Account"),
            Column("tier", "Tier"),
            Column("direction", "Moved"),
            Column("health", "Health now"),
            Column("score", "Score", N),
            Column("what", "What changed"),
        ),
        tuple(r for _, r in rows),
        empty=f"No active account gained or lost a health input in {ctx.span}.",
        show=15,
        more="accounts",
    )
    return Section(
        "movers",
        "",
        (Paragraph("movers_rule", MOVERS_RULE), table),
        (
            Figure(
                "accounts_moved_down",
                "Accounts that moved down",
                fell,
                better=Better.DOWN,
                note="by the movers rule",
            ),
        ),
    )


def _count(n: int, one: str, many: str) -> str:
    return f"1 {one}" if n == 1 else f"{n} {many}"


def portfolio(ctx: ReportContext) -> Section:
    """Health by band and tier, the accounts needing attention, and the period's movers."""
    now = health(ctx)
    return merge("portfolio", "Portfolio health", [now, movers(ctx)])
