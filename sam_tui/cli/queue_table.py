"""`sam today`'s queue as a table: the header, the rows and the last line (``cli.queue``
prints through it). Apart from ``cli.queue`` so that `sam today --json`, which prints none
of it, does not import the table code (``cli.table``: Rich's widths, the pager)."""

from __future__ import annotations

from typing import Any

from sam_tui.cli.figures import pct, times
from sam_tui.cli.table import Cell, Column, Output, Span, cell_len, name_column, print_table
from sam_tui.domain.dates import format_day
from sam_tui.domain.sla import late_or_left
from sam_tui.domain.text import one_line
from sam_tui.domain.triage import item_label


def _quota_text(k: Any) -> str:
    """``2026-Q4: 41.7% of quota won, pipeline coverage 1.80x``: the sales header line."""
    if k.quota_cents is None:
        return f"{k.quota_period}: no quota (sam quota set {k.quota_period} AMOUNT)"
    coverage = "quota met" if k.coverage is None else f"pipeline coverage {times(k.coverage)}"
    return f"{k.quota_period}: {pct(k.attainment)} of quota won, {coverage}"


# Lines around the table: the date, the KPIs, the quota (at least); below, the last line
# (how many more, or a hint) and the shell's prompt, which would push the date off the top.
ABOVE, BELOW = 3, 2

COLUMNS = (
    Column("Score", align="right"),
    Column("Item", drop=1),
    name_column("Account"),
    Column("What", flex=True, wrap=True, min_width=16),
    Column("Due", max_width=15),
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


def _between_parts(parts: list[str], width: int, sep: str = " · ") -> list[str]:
    """``parts`` joined by ``sep``, in lines broken between parts (the separator dropped)
    when they are wider than ``width``: a count is never parted from its words. Our own
    text, one cell a character: ``len`` (``cell_len`` would import Rich into `sam today`)."""
    lines: list[str] = []
    for part in parts:
        if lines and len(lines[-1] + sep + part) <= width:
            lines[-1] += sep + part
        else:
            lines.append(part)
    return lines


def print_queue(out: Output, t: Any, explain: bool, screen: bool) -> None:
    """The header, then the items; ``screen``: no more than fit the terminal's height."""
    today_date = t.now.date()
    k = t.kpis
    # "overdue" and "due today" count follow-ups only (late requests and deals past their
    # close are in the list, not in these counts): the words say so
    counts = [
        f"Follow-ups: {k.overdue_follow_ups} overdue, {k.due_today} due today",
        f"{_plural(k.open_complaints, 'open complaint')} ({k.breached_complaints} past SLA)",
        f"{k.going_cold} going cold",
    ]
    header = [
        (f"{today_date:%A %-d %B %Y}", "bold"),
        *((line, "dim") for line in _between_parts(counts, out.width)),
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
        fit = max(2, out.height - above - BELOW)
    rows = (_row(i, today_date, t.now, explain) for i in t.items)
    shown = print_table(out, COLUMNS, rows, lines=fit)
    if shown < t.total:
        more = "sam today --all --explain" if explain else "sam today --all"
        out.line(f"and {t.total - shown:,} more: {more}")
    elif not explain:
        out.line(out.style("sam today --explain shows why each item ranks where it does", "dim"))
