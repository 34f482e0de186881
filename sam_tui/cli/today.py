"""`sam today`: the ranked triage queue, the morning printout."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from sam_tui.cli.figures import pct, ratio_json, times
from sam_tui.cli.options import JsonOpt
from sam_tui.cli.output import console, emit_json, literal, say
from sam_tui.cli.state import conn
from sam_tui.domain.dates import format_day
from sam_tui.domain.sla import late_or_left
from sam_tui.domain.triage import item_label


def item_json(rank: int, item: Any) -> dict[str, Any]:
    return {
        "rank": rank,
        "kind": item.kind.value,
        "ref": {"type": _ref_type(item.kind.value), "id": item.ref_id},
        "account": {"id": item.account_id, "name": item.account_name},
        "title": item.title,
        "due": item.due,
        "due_at": item.due_at,
        "score": item.score,
        "reasons": list(item.reasons),
    }


def _quota_text(k: Any) -> str:
    """``2026-Q4: 41.7% of quota won, pipeline coverage 1.80x``: the sales header line."""
    if k.quota_cents is None:
        return f"{k.quota_period}: no quota (sam quota set {k.quota_period} AMOUNT)"
    coverage = "quota met" if k.coverage is None else f"pipeline coverage {times(k.coverage)}"
    return f"{k.quota_period}: {pct(k.attainment)} of quota won, {coverage}"


def _ref_type(kind: str) -> str:
    return {
        "going-cold": "account",
        "renewal": "account",
        "contact-cold": "contact",
        "single-threaded": "account",
    }.get(kind, kind)


def today(
    ctx: typer.Context,
    explain: Annotated[
        bool, typer.Option("--explain", "-e", help="Show why each item scored what it did.")
    ] = False,
    limit: Annotated[int, typer.Option(help="Show at most this many items (0: all).", min=0)] = 0,
    as_json: JsonOpt = False,
) -> None:
    """What needs you today, most urgent first."""
    from sam_tui.services import triage

    t = triage.load(conn(ctx))
    items = t.items[:limit] if limit else t.items
    if as_json:
        k = t.kpis
        emit_json(
            {
                "date": t.now.date(),
                "kpis": {
                    "overdue_follow_ups": k.overdue_follow_ups,
                    "due_today": k.due_today,
                    "open_complaints": k.open_complaints,
                    "breached_complaints": k.breached_complaints,
                    "going_cold": k.going_cold,
                    "renewals_90d": k.renewals_90d,
                    "quota_period": k.quota_period,
                    "attainment": ratio_json(k.attainment),
                    "coverage": ratio_json(k.coverage),
                },
                "items": [item_json(n, i) for n, i in enumerate(items, start=1)],
            }
        )
        return
    _print(t, items, explain)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _due_text(kind: str, due: Any, today_date: Any, remaining: Any = None) -> str:
    """The Due column: a deadline to the minute (a complaint's SLA) reads ``1h 5m late``
    once passed and ``in 1h 30m`` under a day; other items count days."""
    if remaining is not None and (said := late_or_left(remaining)):
        return said
    if kind in ("going-cold", "contact-cold"):
        return _plural((today_date - due).days, "day") + " over"
    if due < today_date:
        return _plural((today_date - due).days, "day") + " late"
    if due == today_date:
        return "today"
    return f"{format_day(due, today_date)}"


def _print(t: Any, items: Any, explain: bool) -> None:
    from rich.table import Table
    from rich.text import Text

    today_date = t.now.date()
    k = t.kpis
    out = console()
    out.print(Text(f"{today_date:%A %-d %B %Y}", style="bold"))
    out.print(
        Text.assemble(
            (
                f"{k.overdue_follow_ups} overdue · {k.due_today} due today · "
                f"{_plural(k.open_complaints, 'open complaint')} "
                f"({k.breached_complaints} past SLA) · "
                f"{k.going_cold} going cold",
                "dim",
            ),
        )
    )
    out.print(Text(_quota_text(k), style="dim"))
    if not t.accounts:
        say(
            "No live accounts (none added, or all archived). Start with: sam account add "
            '"Acme Corp" --tier strategic  (or try: sam demo)'
        )
        return
    if not items:
        say(
            "Nothing needs you today: no follow-up due, no complaint near its SLA, "
            "every account within cadence."
        )
        return
    table = Table(box=None, pad_edge=False, header_style="bold", padding=(0, 1, 0, 0))
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("Item", no_wrap=True)
    table.add_column("Account", max_width=18, overflow="ellipsis", no_wrap=True)
    table.add_column("What", ratio=1, overflow="fold")
    table.add_column("Due", no_wrap=True, width=12)
    for item in items:
        style = "bold red" if item.score >= 80 else "yellow" if item.score >= 60 else ""
        what = literal(item.title)
        if explain:
            for reason in item.reasons:
                what.append("\n  · " + reason, style="dim")
        table.add_row(
            Text(str(item.score), style=style),
            item_label(item),
            literal(item.account_name),
            what,
            _due_text(
                item.kind.value,
                item.due,
                today_date,
                None if item.due_at is None else item.due_at - t.now,
            ),
        )
    out.print(table)
    if not explain:
        out.print(Text("sam today --explain shows why each item ranks where it does", style="dim"))
