"""`sam metrics`: the period's sales, relationship and complaint figures, with their formulas."""

from __future__ import annotations

from typing import Any

import typer

from sam_tui.cli.figures import (
    decimal_json,
    money,
    money_json,
    no_quota,
    pct,
    period_json,
    plain,
    ratio_json,
    span,
    tenth,
    times,
)
from sam_tui.cli.options import JsonOpt, PeriodOpt
from sam_tui.cli.output import Unbroken, console, emit_json, parts_line, warn
from sam_tui.cli.state import conn
from sam_tui.domain.dates import format_day
from sam_tui.domain.figures import hours


def metrics(
    ctx: typer.Context,
    period: PeriodOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Sales performance for a period, each figure with its formula (README has them all).

    Attainment = won in the period / quota (a year without its own quota: the sum of its quarters'). Coverage = open, non-omitted deals expected to close in the period / (quota - won). Win rate = won / (won + lost) closed in the period, by count and by value. Average won deal = won amount / won deals. Median sales cycle = median days from created to closed of the deals won in the period.

    Touches = interactions logged in the period with active accounts (not archived); accounts touched = active accounts with a touch; prospect touches are counted apart. Interactions per account = touches / active accounts. Touched within cadence = active accounts whose last touch is within their cadence on the period's last day (today while it runs).

    First response = opened to first response, complaints opened in the period. Resolution = opened to resolved, complaints resolved in the period. SLA compliance = met / (met + breached), complaints whose SLA deadline falls in the period. Periods run from local midnight to local midnight. Open deals with no close date belong to no period and are listed apart.
    """  # noqa: E501
    import sqlite3

    from sam_tui.services import forecast, metrics, quotas

    db = conn(ctx)
    report = metrics.load(db, quotas.resolve_period(db, period))
    try:
        forecast.ensure_weekly_snapshot(db)
    except sqlite3.Error as exc:  # a read-only file still shows its metrics
        warn(f"could not store this week's forecast snapshot ({exc})")
    if as_json:
        emit_json(metrics_json(report))
        return
    _print(report)


def _durations(d: Any) -> dict[str, Any]:
    return {
        "complaints": d.cases,
        "mean_hours": decimal_json(d.mean_hours),
        "median_hours": decimal_json(d.median_hours),
    }


def metrics_json(r: Any) -> dict[str, Any]:
    s, a, c = r.sales, r.activity, r.service
    notes = [] if s.quota_cents is not None else [no_quota(r.period)]
    if r.quota.derived:
        notes.append(r.quota.note(r.period))
    if s.quota_cents is not None and s.remaining_quota_cents == 0:
        notes.append(f"the quota for {r.period.label} is met: coverage has no meaning")
    return {
        "period": period_json(r.period, r.today),
        "as_of": r.today,
        "sales": {
            "quota": money_json(s.quota_cents),
            "won": {"count": s.won_count, "amount": money_json(s.won_cents)},
            "lost": {"count": s.lost_count, "amount": money_json(s.lost_cents)},
            "attainment": ratio_json(s.attainment),
            "remaining_quota": money_json(s.remaining_quota_cents),
            "pipeline": {"count": s.pipeline_count, "amount": money_json(s.pipeline_cents)},
            "coverage": ratio_json(s.coverage),
            "win_rate_count": ratio_json(s.win_rate_count),
            "win_rate_value": ratio_json(s.win_rate_value),
            "average_won_deal": money_json(s.average_won_cents),
            "median_sales_cycle_days": decimal_json(s.median_cycle_days),
            "no_close_date": {"count": s.undated_count, "amount": money_json(s.undated_cents)},
        },
        "relationships": {
            "touches": r.touches.touches,
            "accounts_touched": r.touches.accounts_touched,
            "prospect_touches": r.touches.prospect_touches,
            "interactions": a.interactions,
            "accounts": a.accounts,
            "interactions_per_account": ratio_json(a.per_account),
            "as_of": a.as_of,
            "accounts_measured": a.measured,
            "touched_within_cadence": a.within_cadence,
            "share_within_cadence": ratio_json(a.share_within_cadence),
        },
        "complaints": {
            "first_response": _durations(c.first_response),
            "awaiting_first_response": c.awaiting_first_response,
            "resolution": _durations(c.resolution),
            "sla": {
                "met": c.sla_met,
                "breached": c.sla_breached,
                "pending": c.sla_pending,
                "compliance": ratio_json(c.sla_compliance),
            },
        },
        "notes": notes,
    }


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _hours(d: Any) -> str:
    if not d.cases:
        return "no data"
    return (
        f"median {hours(d.median_hours)}, mean {hours(d.mean_hours)} "
        f"({_plural(d.cases, 'complaint')})"
    )


def _print(r: Any) -> None:
    from rich.table import Table
    from rich.text import Text

    s, a, c = r.sales, r.activity, r.service
    out = console()
    title = [f"Metrics for {span(r.period)}", f"as of {format_day(r.today, r.today)}"]
    out.print(parts_line(title, "bold", sep=", "))
    if s.quota_cents is None:
        out.print(Text(no_quota(r.period), style="yellow"))
    elif r.quota.derived:
        out.print(Text(r.quota.note(r.period), style="dim"))
    # below 60 columns the labels wrap too, and the gaps narrow: at 40 every word of a
    # label and every figure still fits; wider, a label keeps its line (the explanations wrap)
    narrow = out.width < 60
    gap = 1 if narrow else 2
    table = Table(box=None, pad_edge=False, show_header=False, padding=(0, gap, 0, 0))
    # a figure is never cut; on a narrow terminal the labels and explanations wrap, the
    # explanations never inside a day or a figure ("on Thu 31 Dec 2026", "10 h")
    table.add_column("Figure", overflow="fold", no_wrap=not narrow)
    table.add_column("Value", justify="right", no_wrap=True)
    table.add_column("How", style="dim", overflow="fold")

    def section(title: str) -> None:
        table.add_row(Text(title, style="bold"), "", "")

    def add_row(figure: str, value: str, how: str) -> None:
        table.add_row(Unbroken(figure) if narrow else figure, value, Unbroken(how))

    section("Sales")
    if s.quota_cents is not None:
        add_row("  Quota", money(s.quota_cents), "")
    add_row("  Won", money(s.won_cents), _plural(s.won_count, "deal"))
    add_row("  Lost", money(s.lost_cents), _plural(s.lost_count, "deal"))
    if s.quota_cents is not None:
        add_row("  Attainment", pct(s.attainment), "won / quota")
    add_row(
        "  Pipeline",
        money(s.pipeline_cents),
        f"{_plural(s.pipeline_count, 'open deal')} "
        "expected to close in the period (omitted ones left out)",
    )
    if s.quota_cents is not None:
        if s.remaining_quota_cents == 0:
            add_row("  Coverage", "—", "quota met")
        else:
            add_row(
                "  Coverage",
                times(s.coverage),
                f"pipeline / quota not yet met ({money(s.remaining_quota_cents)})",
            )
    closed = s.won_count + s.lost_count
    add_row(
        "  Win rate (count)", pct(s.win_rate_count), f"{s.won_count} won / {closed} closed"
    )
    add_row("  Win rate (value)", pct(s.win_rate_value), "won amount / closed amount")
    add_row("  Average won deal", money(s.average_won_cents), "won amount / won deals")
    days = s.median_cycle_days
    cycle = "—" if days is None else f"{plain(days)} day{'' if days == 1 else 's'}"
    add_row("  Median sales cycle", cycle, "created to won, deals won in the period")
    if s.undated_count:
        add_row(
            "  No close date",
            money(s.undated_cents),
            f"{_plural(s.undated_count, 'open deal')} in no period: sam deal edit ID --close DATE",
        )
    section("Relationships")
    t = r.touches
    add_row("  Touches logged", str(t.touches), "interactions with accounts")
    add_row(
        "  Accounts touched",
        str(t.accounts_touched),
        f"of {_plural(a.accounts, 'active account')}",
    )
    add_row("  Prospect touches", str(t.prospect_touches), "not counted as accounts")
    add_row(
        "  Interactions per account",
        tenth(a.per_account),
        ("1 touch" if a.interactions == 1 else f"{a.interactions} touches")
        + f" / {_plural(a.accounts, 'active account')}",
    )
    if a.as_of is None:
        add_row("  Touched within cadence", "—", "the period has not started")
    else:
        add_row(
            "  Touched within cadence",
            pct(a.share_within_cadence),
            f"{a.within_cadence} of {a.measured} accounts on {format_day(a.as_of, r.today)}",
        )
    section("Complaints")
    add_row(
        "  First response",
        "",
        _hours(c.first_response)
        + (f"; {c.awaiting_first_response} still waiting" if c.awaiting_first_response else ""),
    )
    add_row("  Resolution", "", _hours(c.resolution))
    add_row(
        "  SLA compliance",
        pct(c.sla_compliance),
        f"{c.sla_met} met, {c.sla_breached} breached"
        + (f", {c.sla_pending} not yet due" if c.sla_pending else ""),
    )
    out.print(table)
