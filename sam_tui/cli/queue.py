"""`sam today`'s queue, printed or as JSON; without Typer, which `sam today` skips."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from json.encoder import encode_basestring_ascii
from typing import Any

from sam_tui.cli.collector import paused
from sam_tui.cli.figures import pct, ratio_json, times
from sam_tui.cli.output import Encoded, emit_json
from sam_tui.cli.table import Cell, Column, Output, Span, cell_len, name_column, print_table
from sam_tui.domain.dates import format_day
from sam_tui.domain.sla import late_or_left
from sam_tui.domain.text import one_line
from sam_tui.domain.triage import TriageItem, TriageKind, item_label

# What each kind of item refers to, in --json: ``{"type": "account", "id": 12}``.
_REF_TYPE = {
    TriageKind.GOING_COLD: "account",
    TriageKind.RENEWAL: "account",
    TriageKind.CONTACT_COLD: "contact",
    TriageKind.SINGLE_THREADED: "account",
}
# An item of --json on one line, as json.dumps(..., separators=(", ", ": ")) writes it:
# {"rank": 1, "kind": "follow-up", "ref": {"type": "follow-up", "id": 12},
#  "account": {"id": 3, "name": "Acme"}, "title": "...", "due": "2026-11-24",
#  "due_at": null, "score": 95, "reasons": ["overdue by 2 days"]}
# Filled in by hand: the whole queue of a large book (10,000 items) is written, and
# json.dumps of a dict per item took a quarter of `sam today --json`. Strings go through
# json's own escaping (ASCII, as json.dumps); tests/cli/test_today_json.py holds each
# line to json.dumps of the same item.
_KIND_PART = {
    kind: f'"kind": "{kind.value}", "ref": {{"type": "{_REF_TYPE.get(kind, kind.value)}", '
    for kind in TriageKind
}


def item_line(rank: int, item: TriageItem) -> str:
    """One item of the queue as one line of JSON (keys and order as ``--json`` shows)."""
    esc = encode_basestring_ascii
    kind, ref_id, account_id, account_name, title, due, score, reasons, due_at = item
    return (
        f'{{"rank": {rank}, {_KIND_PART[kind]}"id": {ref_id}}}, '
        f'"account": {{"id": {account_id}, "name": {esc(account_name)}}}, '
        f'"title": {esc(title)}, "due": "{due.isoformat()}", '
        f'"due_at": {"null" if due_at is None else esc(due_at.isoformat())}, '
        f'"score": {score}, "reasons": [{", ".join(map(esc, reasons))}]}}'
    )


def _quota_text(k: Any) -> str:
    """``2026-Q4: 41.7% of quota won, pipeline coverage 1.80x``: the sales header line."""
    if k.quota_cents is None:
        return f"{k.quota_period}: no quota (sam quota set {k.quota_period} AMOUNT)"
    coverage = "quota met" if k.coverage is None else f"pipeline coverage {times(k.coverage)}"
    return f"{k.quota_period}: {pct(k.attainment)} of quota won, {coverage}"


# What a screen of `sam today` shows when output is not a terminal (a pipe, a file, cron).
NOT_A_TERMINAL = 30
# Lines around the table: the date, the KPIs, the quota (at least); below, the last line
# (how many more, or a hint) and the shell's prompt, which would push the date off the top.
_ABOVE, _BELOW = 3, 2

COLUMNS = (
    Column("Score", align="right"),
    Column("Item", drop=1),
    name_column("Account"),
    Column("What", flex=True, wrap=True, min_width=16),
    Column("Due", max_width=15),
)


def show(
    connect: Callable[[], sqlite3.Connection],
    explain: bool = False,
    limit: int | None = None,
    all_: bool = False,
    no_pager: bool = False,
    as_json: bool = False,
) -> None:
    """`sam today` with these options (``connect``: the book's connection, opened once)."""
    # the queue of a large book: ~200,000 objects, none in a cycle (30-50 ms of collections)
    with paused():
        _show(connect, explain, limit, all_, no_pager, as_json)


def _show(
    connect: Callable[[], sqlite3.Connection],
    explain: bool,
    limit: int | None,
    all_: bool,
    no_pager: bool,
    as_json: bool,
) -> None:
    from sam_tui.services import triage

    everything = all_ or limit == 0
    if as_json:
        wanted = None if everything or limit is None else limit
        _emit(triage.load(connect(), limit=wanted))
        return
    out = Output(paging=(everything or limit is not None) and not no_pager)
    screen = out.terminal and not everything and limit is None
    if everything:
        wanted = None
    elif limit is not None:
        wanted = limit
    elif screen:
        # each item takes a line at least, under three header lines and the table's own,
        # above the last line
        wanted = max(1, out.height - _ABOVE - 1 - _BELOW)
    else:
        wanted = NOT_A_TERMINAL
    with out:
        _print(out, triage.load(connect(), limit=wanted), explain, screen)


def _emit(t: Any) -> None:
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
            # every item of the queue; ``items`` holds them all, or the first --limit
            "total": t.total,
            "items": Encoded(item_line(n, i) for n, i in enumerate(t.items, start=1)),
        }
    )


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


def _row(item: Any, today_date: Any, now: Any, explain: bool) -> tuple[Cell, ...]:
    style = "bold red" if item.score >= 80 else "yellow" if item.score >= 60 else ""
    what: Cell = item.title
    if explain:
        what = (
            Span(item.title),
            *(Span("  · " + reason, "dim", newline=True) for reason in item.reasons),
        )
    return (
        Span(str(item.score), style),
        item_label(item),
        item.account_name,
        what,
        _due_text(
            item.kind.value,
            item.due,
            today_date,
            None if item.due_at is None else item.due_at - now,
        ),
    )


def _print(out: Output, t: Any, explain: bool, screen: bool) -> None:
    """The header, then the items; ``screen``: no more than fit the terminal's height."""
    today_date = t.now.date()
    k = t.kpis
    header = [
        (f"{today_date:%A %-d %B %Y}", "bold"),
        (
            f"{k.overdue_follow_ups} overdue · {k.due_today} due today · "
            f"{_plural(k.open_complaints, 'open complaint')} "
            f"({k.breached_complaints} past SLA) · "
            f"{k.going_cold} going cold",
            "dim",
        ),
        (one_line(_quota_text(k)), "dim"),
    ]
    for text, style in header:
        out.line(out.style(text, style))
    if not t.accounts:
        out.line(
            "No live accounts (none added, or all archived). Start with: sam account add "
            '"Acme Corp" --tier strategic  (or try: sam demo)'
        )
        return
    if not t.items and not t.total:
        out.line(
            "Nothing needs you today: no follow-up due, no complaint near its SLA, "
            "every account within cadence."
        )
        return
    fit = None
    if screen:
        # a header line wider than the terminal takes two of its lines
        above = sum(max(1, -(-cell_len(text) // max(out.width, 1))) for text, _ in header)
        fit = max(2, out.height - above - _BELOW)
    rows = (_row(i, today_date, t.now, explain) for i in t.items)
    shown = print_table(out, COLUMNS, rows, lines=fit)
    if shown < t.total:
        more = "sam today --all --explain" if explain else "sam today --all"
        out.line(f"and {t.total - shown:,} more: {more}")
    elif not explain:
        out.line(out.style("sam today --explain shows why each item ranks where it does", "dim"))
