"""`sam forecast`: closed, commit, best case, weighted and run rate against quota; snapshots."""

from __future__ import annotations

import sqlite3
from typing import Annotated, Any

import typer

from sam_tui import clock
from sam_tui.cli.figures import money, money_json, no_quota, period_json, span
from sam_tui.cli.options import JsonOpt
from sam_tui.cli.output import console, emit_json, literal, moment, picked, say, short_day, warn
from sam_tui.cli.state import conn
from sam_tui.domain.snapshots import ChangeKind
from sam_tui.domain.text import one_line

PeriodOpt = Annotated[
    str | None,
    typer.Option(
        "--period",
        "-p",
        help="2026-Q4, 2026, 2026-11 or 2026-W47 (default: the current fiscal quarter).",
    ),
]

app = typer.Typer(
    add_completion=False,
    invoke_without_command=True,
    help=(
        "The forecast of a period against its quota. Closed won = deals won in the period. "
        "Commit = closed won + open commit deals expected to close in it. Best case = commit "
        "+ open best-case deals. Weighted = closed won + the sum of amount x probability of "
        "the period's open, non-omitted deals (each rounded half-even to the cent). Run rate "
        "= closed won / elapsed days x days in the period. Gap = quota - figure. Open deals "
        "with no close date are in no period: listed apart. A snapshot is stored on the "
        "first run each week (quarter and year); --diff lists what moved since the latest."
    ),
)

LABELS = {
    "closed_won": "Closed won",
    "commit": "Commit",
    "best_case": "Best case",
    "weighted": "Weighted",
    "run_rate": "Run rate",
}


def _auto_snapshot(db: sqlite3.Connection) -> None:
    from sam_tui.services import forecast

    try:
        forecast.ensure_weekly_snapshot(db)
    except sqlite3.Error as exc:  # a read-only file still shows its forecast
        warn(f"could not store this week's forecast snapshot ({exc})")


@app.callback()
def main(
    ctx: typer.Context,
    period: PeriodOpt = None,
    diff: Annotated[
        bool, typer.Option("--diff", help="Also list what moved since the latest snapshot.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """The forecast of a period (default: the current fiscal quarter) against its quota."""
    if ctx.invoked_subcommand is not None:
        return
    from sam_tui.services import forecast, quotas

    db = conn(ctx)
    chosen = quotas.resolve_period(db, period)
    # the comparison comes first: this run's own weekly snapshot is not "the last one"
    compared = forecast.compare(db, chosen) if diff else None
    f = compared.now if compared else forecast.load(db, chosen)
    _auto_snapshot(db)
    if as_json:
        doc = forecast_json(f)
        if compared is not None:
            doc["diff"] = diff_json(compared)
        emit_json(doc)
        return
    _print(f)
    if compared is not None:
        _print_diff(compared)


@app.command("snapshot")
def snapshot(ctx: typer.Context, period: PeriodOpt = None) -> None:
    """Store the forecast as it stands, for the current fiscal quarter and year (or
    --period), so a later `sam forecast --diff` shows what moved."""
    from sam_tui.services import forecast, quotas

    db = conn(ctx)
    periods = [quotas.resolve_period(db, period)] if period else forecast.current_periods(db)
    stored = forecast.take_snapshots(db, periods)
    labels = " and ".join(s.period_label for s in stored)
    say(f"Stored forecast snapshots of {labels} ({moment(stored[0].taken_at)})")


def _deal_json(d: Any) -> dict[str, Any]:
    return {
        **picked(d, "id account=account_name name stage category expected_close"),
        "amount": money_json(d.amount_cents),
        "probability": d.probability,
        "weighted_amount": money_json(d.weighted_cents),
    }


def forecast_json(f: Any) -> dict[str, Any]:
    today = clock.today()
    return {
        "period": period_json(f.period, today),
        "as_of": today,
        "quota": money_json(f.quota_cents),
        "figures": {
            key: {"amount": money_json(cents), "gap": money_json(f.gap(cents))}
            for key, cents in f.figures()
        },
        "weighted_pipeline": money_json(f.weighted_pipeline_cents),
        "deals": [_deal_json(d) for d in f.deals],
        "no_close_date": [_deal_json(d) for d in f.undated],
        "notes": [] if f.quota_cents is not None else [no_quota(f.period)],
    }


def _change_value(kind: str, value: Any) -> Any:
    return money_json(value) if kind in ("new", "removed", "amount") else value


def diff_json(d: Any) -> dict[str, Any]:
    return {
        "since": None
        if d.since is None
        else {"id": d.since.id, "period": d.since.period_label, "taken_at": d.since.taken_at},
        "figures_then": {key: money_json(d.then.get(key)) for key, _ in d.now.figures()}
        if d.since
        else None,
        "changes": [
            {
                "deal_id": c.deal_id,
                "account": c.account_name,
                "deal": c.deal_name,
                "change": c.kind.value,
                "before": _change_value(c.kind.value, c.before),
                "after": _change_value(c.kind.value, c.after),
                "in_period_before": c.in_period_before,
                "in_period_after": c.in_period_after,
            }
            for c in d.changes
        ],
    }


def _gap_text(gap: int | None) -> str:
    from sam_tui.domain.figures import gap_words

    return gap_words(gap)


def _print(f: Any) -> None:
    from rich.table import Table
    from rich.text import Text

    out = console()
    today = clock.today()
    elapsed = f"day {f.elapsed_days} of {f.period.days}" if f.elapsed_days else "not started"
    quota = f"quota {money(f.quota_cents)}" if f.quota_cents else no_quota(f.period)
    out.print(Text(f"Forecast for {span(f.period)} · {elapsed} · {quota}", style="bold"))
    table = Table(box=None, pad_edge=False, header_style="bold", padding=(0, 2, 0, 0))
    table.add_column("")
    table.add_column("Amount", justify="right")
    table.add_column("Gap to quota", justify="right")
    for key, cents in f.figures():
        table.add_row(LABELS[key], money(cents), _gap_text(f.gap(cents)))
    out.print(table)
    if f.deals:
        out.print(
            Text(
                f"Weighted pipeline {money(f.weighted_pipeline_cents)} from "
                f"{len(f.deals)} open deal{'s' if len(f.deals) != 1 else ''} "
                f"expected to close in {f.period.label}:"
            )
        )
        out.print(_deal_table(f.deals, today))
    else:
        say(f"No open deal is expected to close in {f.period.label}.")
    if f.undated:
        total = sum(d.amount_cents for d in f.undated)
        out.print(
            Text(
                f"In no period (no close date): {_deals(len(f.undated))}, {money(total)}; "
                "give them one with `sam deal edit ID --close DATE`:",
                style="yellow",
            )
        )
        out.print(_deal_table(f.undated, today))


def _deal_table(rows: Any, today: Any) -> Any:
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, pad_edge=False, header_style="bold", padding=(0, 1, 0, 0))
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Account", max_width=14, overflow="ellipsis", no_wrap=True)
    table.add_column("Deal", ratio=1, min_width=12, overflow="fold")
    for column in ("Stage", "Close"):
        table.add_column(column, no_wrap=True)
    for column in ("Amount", "Weighted"):
        table.add_column(column, justify="right", no_wrap=True)
    category = None
    for d in rows:
        if d.category is not category:
            category = d.category
            table.add_row("", Text(category.value, style="bold"))
        late = d.expected_close is not None and d.expected_close < today
        table.add_row(
            str(d.id),
            literal(d.account_name),
            literal(d.name),
            f"{d.stage.value} {d.probability}%",
            literal(short_day(d.expected_close), "bold red" if late else ""),
            money(d.amount_cents),
            money(d.weighted_cents),
        )
    return table


def _deals(count: int) -> str:
    return "1 open deal" if count == 1 else f"{count:,} open deals"


def _describe(c: Any, period: str) -> str:
    kind = c.kind.value
    if kind == "new":
        return f"new, {money(c.after)}"
    if kind == "removed":
        return f"removed (was {money(c.before)})"
    if kind == "amount":
        delta = c.after - c.before
        sign = "+" if delta > 0 else "-"
        return f"amount {money(c.before)} → {money(c.after)} ({sign}{money(abs(delta))})"
    if kind in ("slipped", "pulled-in"):
        moved = ""
        if c.in_period_before and not c.in_period_after:
            moved = f", out of {period}"
        elif c.in_period_after and not c.in_period_before:
            moved = f", into {period}"
        return f"{kind} {c.before or 'no date'} → {c.after or 'no date'}{moved}"
    if c.kind in (ChangeKind.WON, ChangeKind.LOST):
        return f"{kind} (was {c.before})" if c.before else kind
    return f"{kind} {c.before} → {c.after}"


def _print_diff(d: Any) -> None:
    from rich.text import Text

    out = console()
    if d.since is None:
        say(
            f"No earlier snapshot of {d.period.label} to compare with. One is stored each "
            "week (quarter and year), or now with `sam forecast snapshot`."
        )
        return
    out.print(
        Text(f"Since the snapshot of {moment(d.since.taken_at)} (#{d.since.id}):", style="bold")
    )
    for key, cents in d.now.figures():
        then = d.then.get(key)
        if then != cents:
            out.print(Text(f"  {LABELS[key]}: {money(then)} → {money(cents)}"))
    if not d.changes:
        say(f"  No deal of {d.period.label} moved.")
        return
    for c in d.changes:
        out.print(
            Text.assemble(
                f"  #{c.deal_id} ",
                literal(c.account_name),
                " · ",
                literal(c.deal_name),
                f": {one_line(_describe(c, d.period.label))}",
            )
        )
