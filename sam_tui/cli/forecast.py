"""`sam forecast`: closed, commit, best case, weighted and run rate against quota; snapshots."""

from __future__ import annotations

import re
import sqlite3
from datetime import datetime
from typing import Annotated, Any

import typer

from sam_tui import clock
from sam_tui.cli.figures import money, money_json, no_quota, period_json, span
from sam_tui.cli.options import JsonOpt, PeriodOpt
from sam_tui.cli.output import (
    Unbroken,
    console,
    day,
    emit_json,
    moment,
    parts_line,
    picked,
    say,
    short_day,
    warn,
)
from sam_tui.cli.state import conn
from sam_tui.domain.snapshots import describe
from sam_tui.domain.text import one_line

app = typer.Typer(
    add_completion=False,
    invoke_without_command=True,
    help=(
        "The forecast of a period against its quota, now or as it stood at any past moment "
        "(rebuilt from the deals' recorded history). Closed won = deals won in the period. "
        "Commit = closed won + open commit deals expected to close in it. Best case = commit "
        "+ open best-case deals. Weighted = closed won + the sum of amount x probability of "
        "the period's open, non-omitted deals (each rounded half-even to the cent). Run rate "
        "= closed won / elapsed days x days in the period. Against quota: quota - figure, "
        "in words (behind or ahead). Open deals with no close date are in no period: listed "
        "apart. --diff (or --since) names every deal that moved and how."
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


def _moment(text: str, what: str, *, end_of_day: bool) -> datetime:
    """A past moment: a day alone means its start (``--since``) or its end (``--as-of``),
    capped at now; a time (``friday 17:00``) means that time."""
    from datetime import time, timedelta

    from sam_tui.cli import parsing
    from sam_tui.domain import dates
    from sam_tui.domain.errors import DateParseError, InvalidInput

    now = clock.now()
    if re.search(r"\d:\d\d|\d\s*[ap]m\b", text, re.IGNORECASE):  # a time of day
        try:
            return parsing.when(text)
        except DateParseError as exc:
            if "is in the future" in str(exc):
                raise InvalidInput(f"{what} cannot be in the future ('{text}')") from None
            raise
    # "happened", as parsing.when reads a day with a time: "Dec 3" on 2 Dec is refused
    chosen = dates.parse_date(text, now.date(), prefer="happened")
    if chosen > now.date():
        raise InvalidInput(f"{what} cannot be in the future ('{text}')")
    start = datetime.combine(chosen + timedelta(days=1 if end_of_day else 0), time()).astimezone()
    return min(start, now)


@app.callback()
def main(
    ctx: typer.Context,
    period: PeriodOpt = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="The forecast as it stood then: a day (its end), or a day and time "
            "(last friday, 2026-11-20 17:00).",
        ),
    ] = None,
    diff: Annotated[
        bool,
        typer.Option(
            "--diff",
            help="Also name every deal that moved since --since (default: this Monday 00:00).",
        ),
    ] = False,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="Compare with the forecast as it stood then: a day (its start) or a day and "
            'time ("last monday", yesterday 9:00); implies --diff.',
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """The forecast of a period (default: the current fiscal quarter) against its quota."""
    if ctx.invoked_subcommand is not None:
        return
    from sam_tui.domain.errors import InvalidInput
    from sam_tui.services import forecast, quotas

    db = conn(ctx)
    chosen = quotas.resolve_period(db, period)
    moment = None if as_of is None else _moment(as_of, "--as-of", end_of_day=True)
    compared = None
    if diff or since is not None:
        end = moment or clock.now()
        start = (
            forecast.week_start(end)
            if since is None
            else _moment(since, "--since", end_of_day=False)
        )
        if start > end:
            raise InvalidInput("--since is after the moment compared with it (--as-of)")
        compared = forecast.change_between(db, chosen, start, end)
    if compared is not None:
        f = compared.now
    elif moment is not None:
        f = forecast.as_of(db, chosen, moment)
    else:
        f = forecast.load(db, chosen)
    quota = quotas.quota_figure(db, chosen)
    _auto_snapshot(db)
    if as_json:
        doc = forecast_json(f, moment or clock.now())
        if quota.derived:
            doc["notes"].append(quota.note(chosen))
        if compared is not None:
            doc["diff"] = diff_json(compared)
        emit_json(doc)
        return
    _print(f, moment, quota.note(chosen))
    if compared is not None:
        _print_diff(compared)


@app.command("snapshot")
def snapshot(ctx: typer.Context, period: PeriodOpt = None) -> None:
    """Store the forecast as it stands, for the current fiscal quarter and year (or --period): a record to check the rebuilt forecast against (--as-of and --diff need none)."""  # noqa: E501
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


def forecast_json(f: Any, at: datetime) -> dict[str, Any]:
    today = at.astimezone().date()
    return {
        "period": period_json(f.period, today),
        "as_of": at,
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
        "since": d.start,
        "until": d.end,
        "figures_then": {key: money_json(cents) for key, cents in d.then.figures()},
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
                "said": describe(c, d.period.label),
            }
            for c in d.changes
        ],
    }


def _gap_text(gap: int | None) -> str:
    from sam_tui.domain.figures import gap_words

    return gap_words(gap)


def _print(f: Any, at: datetime | None, quota_note: str) -> None:
    from rich.table import Table
    from rich.text import Text

    out = console()
    today = (at or clock.now()).astimezone().date()
    elapsed = f"day {f.elapsed_days} of {f.period.days}" if f.elapsed_days else "not started"
    quota = f"quota {money(f.quota_cents)}" if f.quota_cents else no_quota(f.period)
    when = [f"as it stood {_stood(at)}"] if at is not None else []
    out.print(parts_line([f"Forecast for {span(f.period)}", *when, elapsed, quota], "bold"))
    if quota_note:
        out.print(Text(quota_note, style="dim"))
    table = Table(box=None, pad_edge=False, header_style="bold", padding=(0, 2, 0, 0))
    table.add_column("")
    table.add_column("Amount", justify="right")
    table.add_column("Against quota", justify="right")
    for key, cents in f.figures():
        table.add_row(LABELS[key], money(cents), _gap_text(f.gap(cents)))
    out.print(table)
    if f.deals:
        out.print(
            Unbroken(
                f"Weighted pipeline {money(f.weighted_pipeline_cents)} from "
                f"{len(f.deals)} open deal{'s' if len(f.deals) != 1 else ''} "
                f"expected to close in {f.period.label}:"
            )
        )
        _deal_table(f.deals, today)
    else:
        say(f"No open deal is expected to close in {f.period.label}.")
    if f.undated:
        total = sum(d.amount_cents for d in f.undated)
        out.print(
            Unbroken(
                f"In no period (no close date): {_deals(len(f.undated))}, {money(total)}; "
                "give them one with `sam deal edit ID --close DATE`:",
                style="yellow",
            )
        )
        _deal_table(f.undated, today)


def _deal_table(rows: Any, today: Any) -> None:
    """The deals under the figures, laid out as every CLI list is (``cli.table``): on a
    narrow terminal Stage, then Weighted, leave whole; an amount or a day is never cut."""
    from sam_tui.cli.table import Column, Output, Span, id_column, print_table

    lines: list[tuple[Any, ...]] = []
    category = None
    for d in rows:
        if d.category is not category:
            category = d.category
            lines.append(("", Span(category.value, "bold"), "", "", "", "", ""))
        late = d.expected_close is not None and d.expected_close < today
        lines.append(
            (
                str(d.id),
                d.account_name or "",
                d.name or "",
                f"{d.stage.value} {d.probability}%",
                Span(short_day(d.expected_close), "bold red" if late else ""),
                money(d.amount_cents),
                money(d.weighted_cents),
            )
        )

    def widest(n: int) -> int:
        # every row is here: a figure's column is as wide as its widest cell, whatever
        # the number of rows (the list's sample would size it from the first 200 only)
        return max(len(c.text if isinstance(c, Span) else c) for c in (r[n] for r in lines))

    columns = (
        id_column(),
        # a name wraps at its spaces, never cut (README: ids and names are never cut)
        Column("Account", max_width=24, cut=False),
        Column("Deal", flex=True, wrap=True, min_width=12),
        Column("Stage", wrap=True, cut=False, drop=2),
        Column("Close", min_width=widest(4), cut=False),
        Column("Amount", align="right", min_width=widest(5), cut=False),
        Column("Weighted", align="right", min_width=widest(6), cut=False, drop=1),
    )
    console().file.flush()  # Rich's lines first: the table is written to stdout directly
    with Output(paging=False) as out:
        print_table(out, columns, lines, ids=max(d.id for d in rows))


def _deals(count: int) -> str:
    return "1 open deal" if count == 1 else f"{count:,} open deals"


def _print_diff(d: Any) -> None:
    from rich.text import Text

    out = console()
    out.print(Text(f"Since {moment(d.start)}:", style="bold"))
    for key, cents in d.now.figures():
        then = dict(d.then.figures()).get(key)
        if then != cents:
            delta = "" if then is None or cents is None else f" ({_signed(cents - then)})"
            out.print(Unbroken(f"  {LABELS[key]}: {money(then)} → {money(cents)}{delta}"))
    if not d.changes:
        say(f"  No deal of {d.period.label} moved.")
        return
    for c in d.changes:
        # user text made one safe line; Unbroken never reads it as markup
        out.print(
            Unbroken(
                f"  #{c.deal_id} {one_line(c.account_name)} · {one_line(c.deal_name)}: "
                f"{one_line(describe(c, d.period.label))}"
            )
        )


def _stood(at: datetime) -> str:
    """``at the end of Tue 3 Nov 2026`` for a local midnight, else the moment."""
    from datetime import time

    from sam_tui.domain.history import day_before

    local = at.astimezone()
    if local.time() == time():
        return f"at the end of {day(day_before(local), relative=False)}"
    return moment(local)


def _signed(cents: int) -> str:
    return ("+" if cents > 0 else "-" if cents < 0 else "") + money(abs(cents))
