"""`sam quota ...`: what you must sell per year, quarter, month or week."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from sam_tui import clock
from sam_tui.cli import parsing
from sam_tui.cli.figures import money, money_json, period_json, span
from sam_tui.cli.lists import json_or_none
from sam_tui.cli.options import JsonOpt, NoPagerOpt, WideOpt, group
from sam_tui.cli.output import say
from sam_tui.cli.state import conn
from sam_tui.cli.table import Cell, Column, Span, print_list
from sam_tui.domain.errors import InvalidInput

app = group(
    "Quotas per period: set, list, unset. Periods: 2026 (fiscal year), 2026-Q4 (fiscal "
    "quarter), 2026-11 (month), 2026-W47 (ISO week), or from today: this, last, next "
    "(fiscal quarter), next month, this year... Quarters and years follow the "
    "fiscal-year-start setting (`sam config fiscal-year-start`)."
)

_PERIOD_HELP = (
    "Period: 2026, 2026-Q4, 2026-11, 2026-W47, or from today in words, quotes not needed: "
    "next (fiscal quarter), this year, last quarter, next month..."
)
PeriodArg = Annotated[list[str], typer.Argument(help=_PERIOD_HELP)]


# a negative amount ("-2m") is an argument, refused by the domain in its own words, not
# an unknown option in Click's usage box
@app.command("set", context_settings={"ignore_unknown_options": True})
def set_(
    ctx: typer.Context,
    words: Annotated[
        list[str],
        typer.Argument(
            help=f"{_PERIOD_HELP} Then the quota: 1200000, 1.2m, 300k.",
            metavar="period... amount",
        ),
    ],
) -> None:
    """Set (or replace) the quota of a period: sam quota set 2026-Q4 300k, sam quota set this year 2m."""  # noqa: E501
    from sam_tui.services import quotas

    if unknown := next((w for w in words if w.startswith("--")), None):
        raise InvalidInput(f"no such option: {unknown} (see sam quota set --help)")
    *period, amount = words
    shown = " ".join(words)
    if _is_period(ctx, shown):
        # "this year", "next quarter", "2026-Q4": the period was typed, the amount wasn't
        raise InvalidInput(f"give an amount after the period: sam quota set {shown} 2m")
    if not period:
        raise InvalidInput(
            f"give a period before the quota: sam quota set 2026-Q4 {amount} "
            f"(or this year {amount}, next quarter {amount}...)"
        )
    cents = parsing.amount(amount, "quota", conn(ctx))
    row, before = quotas.set_quota(conn(ctx), " ".join(period), cents)
    was = "" if before is None else f" (was {money(before)})"
    say(f"Quota for {span(row.period)}: {money(row.amount_cents)}{was}")


def _is_period(ctx: typer.Context, text: str) -> bool:
    """Whether ``text`` names a period (2026-Q4, 2026-11, 2026-W47) rather than an amount;
    a bare year reads as an amount."""
    from sam_tui.services import quotas

    if text.strip().isdigit():
        return False
    try:
        quotas.resolve_period(conn(ctx), text)
    except InvalidInput:
        return False
    return True


@app.command("unset")
def unset(ctx: typer.Context, period: PeriodArg) -> None:
    """Remove the quota of a period."""
    from sam_tui.services import quotas

    row = quotas.unset(conn(ctx), " ".join(period))
    say(f"Removed the quota for {span(row.period)} (was {money(row.amount_cents)})")


# on a narrow terminal Kind leaves first (the period's label says it), then From; a day
# or an amount is never cut
LIST_COLUMNS = (
    Column("Period", cut=False),
    Column("Kind", drop=2),
    Column("From", cut=False, drop=1),
    Column("To", cut=False),
    Column("Quota", align="right", cut=False),
)


@app.command("list")
def list_(
    ctx: typer.Context,
    wide: WideOpt = False,
    no_pager: NoPagerOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """List quotas by period start, each year before its quarters and months.

    On a terminal a long list opens in your pager (PAGER; --no-pager prints it straight).
    """
    from sam_tui.services import quotas

    rows = quotas.list_quotas(conn(ctx))
    today = clock.today()

    def quota_json(q: Any) -> dict[str, Any]:
        return {**period_json(q.period, today), "amount": money_json(q.amount_cents)}

    empty = "No quotas. Set one with: sam quota set 2026-Q4 300k"
    if json_or_none(rows, as_json, quota_json, empty):
        return

    def row(q: Any) -> tuple[Cell, ...]:
        style = "bold" if q.period.start <= today <= q.period.end else ""
        return (
            Span(q.period.label, style),
            Span(q.period.kind.value, style),
            Span(q.period.start.isoformat(), style),
            Span(q.period.end.isoformat(), style),
            Span(money(q.amount_cents), style),
        )

    print_list(LIST_COLUMNS, map(row, rows), no_pager=no_pager, gap=2, wide=wide)
