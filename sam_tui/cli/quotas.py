"""`sam quota ...`: what you must sell per year, quarter, month or week."""

from __future__ import annotations

from typing import Annotated

import typer

from sam_tui import clock
from sam_tui.cli import parsing
from sam_tui.cli.figures import money, money_json, period_json, span
from sam_tui.cli.options import JsonOpt, group
from sam_tui.cli.output import console, emit_json, say
from sam_tui.cli.state import conn

app = group(
    "Quotas per period: set, list, unset. Periods: 2026 (fiscal year), 2026-Q4 (fiscal "
    "quarter), 2026-11 (month), 2026-W47 (ISO week). Quarters and years follow the "
    "fiscal-year-start setting (`sam config fiscal-year-start`)."
)

PeriodArg = Annotated[str, typer.Argument(help="Period: 2026, 2026-Q4, 2026-11 or 2026-W47.")]


@app.command("set")
def set_(
    ctx: typer.Context,
    period: PeriodArg,
    amount: Annotated[str, typer.Argument(help="Quota: 1200000, 1.2m, 300k.")],
) -> None:
    """Set (or replace) the quota of a period."""
    from sam_tui.services import quotas

    row, before = quotas.set_quota(conn(ctx), period, parsing.amount(amount, "quota"))
    was = "" if before is None else f" (was {money(before)})"
    say(f"Quota for {span(row.period)}: {money(row.amount_cents)}{was}")


@app.command("unset")
def unset(ctx: typer.Context, period: PeriodArg) -> None:
    """Remove the quota of a period."""
    from sam_tui.services import quotas

    row = quotas.unset(conn(ctx), period)
    say(f"Removed the quota for {span(row.period)} (was {money(row.amount_cents)})")


@app.command("list")
def list_(
    ctx: typer.Context,
    as_json: JsonOpt = False,
) -> None:
    """List quotas by period start, each year before its quarters and months."""
    from rich.table import Table

    from sam_tui.services import quotas

    rows = quotas.list_quotas(conn(ctx))
    today = clock.today()
    if as_json:
        emit_json(
            [{**period_json(q.period, today), "amount": money_json(q.amount_cents)} for q in rows]
        )
        return
    if not rows:
        say("No quotas. Set one with: sam quota set 2026-Q4 300k")
        return
    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("Period")
    table.add_column("Kind")
    table.add_column("From")
    table.add_column("To")
    table.add_column("Quota", justify="right")
    for q in rows:
        current = q.period.start <= today <= q.period.end
        table.add_row(
            q.period.label,
            q.period.kind.value,
            q.period.start.isoformat(),
            q.period.end.isoformat(),
            money(q.amount_cents),
            style="bold" if current else "",
        )
    console().print(table)
