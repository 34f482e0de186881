"""Home: the KPI strip, the ranked triage queue with its reasons, renewals and cold accounts."""

from __future__ import annotations

import re
import sqlite3
from decimal import Decimal
from functools import partial
from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from sam_tui.domain.dates import format_day, humanize, short_day
from sam_tui.domain.money import format_compact
from sam_tui.domain.sla import late_or_left
from sam_tui.domain.text import one_line
from sam_tui.domain.triage import KIND_LABEL, TriageItem, TriageKind, item_label
from sam_tui.services import triage
from sam_tui.tui.cockpit import OpenAccount, QueueRead
from sam_tui.tui.context import Selection
from sam_tui.tui.prefetch import HOME, Prefetch, whole
from sam_tui.tui.screens.base import SamScreen
from sam_tui.tui.widgets.keybar import KeyBar
from sam_tui.tui.widgets.nav import NavBar
from sam_tui.tui.widgets.table import Cell, Column, SamTable, fit, lazy_row, literal

# the tab of the account view where a triage item's record lives, when the overview
# does not show it
OPEN_ON = {
    TriageKind.REQUEST: "requests",
    TriageKind.CONTACT_COLD: "contacts",
    TriageKind.SINGLE_THREADED: "contacts",
    TriageKind.DEAL: "deals",
    TriageKind.OBJECTIVE: "objectives",
}

DUE_WIDTH = 10  # "15 Feb '27"; an SLA to the minute gives way to the hour: "23h late"
COLUMNS = (
    Column("score", "Score", 5),
    Column("item", "Item", 14),
    # a wider terminal gives the names room: a third to the account (up to 30), the rest to what
    Column("account", "Account", 18, grow=1, most=30),
    Column("what", "What", least=22, grow=2),
    Column("due", "Due", DUE_WIDTH),
)
MAX_ROWS = 300
# the bottom panels show a handful of lines; rendering thousands would cost seconds
PANEL_ROWS = 30

WELCOME = (
    "Welcome to sam, your key-account cockpit.\n\n"
    "There are no accounts in this database yet.\n\n"
    "  a        add your first account\n"
    "  ctrl+p   every action, by name\n"
    "  ?        all the keys\n"
    "  q        quit\n\n"
    # one line a paragraph: the Static wraps it to the terminal (a hard newline left
    # "believable" alone on its line at 80 columns)
    "To look around first, quit and run `sam demo`: it opens the cockpit on a believable "
    "demo portfolio in a scratch file and never touches this database."
)


def score_style(score: int) -> str:
    return "bold red" if score >= 80 else "yellow" if score >= 60 else ""


def due_text(item: TriageItem, today: Any, now: Any = None) -> str:
    """Days for most items; a deadline to the minute (a complaint's SLA) reads
    ``1h 5m late`` once passed and ``in 1h 30m`` under a day."""
    if item.due_at is not None and now is not None:
        said = late_or_left(item.due_at - now)
        if said:
            short = said.replace(" days", "d").replace("1 day", "1d")
            compact = re.sub(r"(\d+[dh]) (\d+[hm])", r"\1\2", short)
            coarse = re.sub(r"(\d+[dh])\d+[hm]", r"\1", compact)
            return fit(DUE_WIDTH, said, compact, coarse)
    if item.kind in (TriageKind.GOING_COLD, TriageKind.CONTACT_COLD):
        return f"{(today - item.due).days}d over"
    if item.due < today:
        return f"{(today - item.due).days}d late"
    if item.due == today:
        return "today"
    return fit(DUE_WIDTH, format_day(item.due, today), short_day(item.due, today))


def _cells(item: TriageItem, label: str, due: str) -> tuple[Cell, ...]:
    """A triage row's cells, made when the row is first drawn."""
    return (
        Text(str(item.score), style=score_style(item.score), justify="right"),
        label,
        literal(item.account_name),
        literal(item.title),
        due,
    )


class HomeScreen(SamScreen):
    """The morning view: what needs the manager, most urgent first."""

    KEEP = HOME

    def __init__(self, prefetch: Prefetch | None = None) -> None:
        super().__init__(id="home")
        self._items: dict[str, TriageItem] = {}
        self._data: triage.Triage | None = None
        self._prefetch = prefetch
        # until the cockpit's first reload: the prefetched data is on screen already
        self._holding = prefetch is not None

    def compose(self) -> ComposeResult:
        yield NavBar("home")
        yield Static(id="kpis")
        with Vertical(id="triage-box"):
            yield SamTable(COLUMNS, id="triage")
            yield Static(id="reasons")
        with Horizontal(id="bottom"):
            # read-only panels: a Rich table in a Static is far cheaper than a DataTable
            renewals = Static(id="renewals")
            renewals.border_title = "Renewals ≤ 90 days"
            yield renewals
            cold = Static(id="cold")
            cold.border_title = "Going cold"
            yield cold
        yield Static(WELCOME, id="welcome", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#welcome").display = False
        self.query_one("#triage", SamTable).focus()
        prefetch, self._prefetch = self._prefetch, None
        if prefetch is not None:
            data = prefetch.take(timeout=1.0)
            if data is not None:
                self._on_screen = data
                self.show(data)

    def resumed(self) -> None:
        # at start-up with the prefetched data, the cockpit reloads once the first frame is
        # out (a large book's first frame shows only the top of the queue): not before
        if not self._holding:
            self.reload()

    def reload(self) -> None:
        self._holding = False
        super().reload()

    def load(self, conn: sqlite3.Connection) -> triage.Triage:
        found: triage.Triage = whole(conn)
        return found

    def show(self, data: triage.Triage) -> None:
        self._data = data
        if data.complete:
            self.post_message(QueueRead())
        today = data.now.date()
        empty = data.accounts == 0
        self.query_one("#welcome").display = empty
        for widget_id in ("#triage-box", "#bottom", "#kpis"):
            self.query_one(widget_id).display = not empty
        self.query_one("#kpis", Static).update(self._kpi_text(data))
        # the top of the queue is what a morning needs; a huge backlog stays in `sam today`
        shown = data.items[:MAX_ROWS]
        self._items = {f"{i.kind.value}:{i.ref_id}": i for i in shown}
        rows = []
        for key, item in self._items.items():
            label, due = item_label(item), due_text(item, today, data.now)
            words = (str(item.score), label, one_line(item.account_name), one_line(item.title), due)
            rows.append(lazy_row(key, " ".join(words), partial(_cells, item, label, due)))
        table = self.query_one("#triage", SamTable)
        table.set_rows(rows)
        hidden = len(data.items) - len(shown)
        table.border_subtitle = (
            f"top {len(shown)} of {len(data.items)}: `sam today` lists all"
            if hidden and data.complete
            else ""
        )
        if not rows:
            self.query_one("#reasons", Static).update(
                Text(
                    "Nothing needs you today: no follow-up due, no complaint near its SLA, "
                    "every account within cadence.",
                    style="green",
                )
            )
        self._fill_bottom(data, today)

    def on_resize(self) -> None:
        if self._data is not None:
            self.query_one("#kpis", Static).update(self._kpi_text(self._data))

    def _kpi_text(self, data: triage.Triage) -> Text:
        k = data.kpis
        quarter = k.quota_period.rpartition("-")[2] or k.quota_period
        if not data.complete:
            # the first frame of a large book: the quota comes a moment later
            sales = (" quota … ", "quota …")
        elif k.quota_cents is None:
            sales = (f" {quarter}: no quota ", f"{quarter} no quota")
        else:
            won = f"{(k.attainment or Decimal(0)) * 100:.0f}%"
            if k.coverage is None:  # nothing left to cover: the quota is met
                sales = (f" {quarter} {won} of quota · quota met ", f"{quarter} {won} met")
            else:
                cover = f"{k.coverage:.1f}x"
                sales = (
                    f" {quarter} {won} of quota · {cover} coverage ",
                    f"{quarter} {won} {cover} cov",
                )
        red, yellow = "bold white on red", "bold black on yellow"

        def count(n: int, wide: str, narrow: str, alarm: str = "") -> tuple[str, str, str]:
            return (f" {n} {wide} ", f"{n} {narrow}", alarm if n else "")

        def later(n: int, wide: str, narrow: str, alarm: str = "") -> tuple[str, str, str]:
            # counted over every account: known once the whole queue is read
            if data.complete:
                return count(n, wide, narrow, alarm)
            return (f" … {wide} ", f"… {narrow}", "")

        # (wide label, narrow label, style): the narrow set keeps the strip on one 80-column line
        parts = [
            count(k.overdue_follow_ups, "overdue", "overdue", red),
            count(k.due_today, "due today", "today", yellow),
            (
                f" {k.open_complaints} complaints, {k.breached_complaints} past SLA ",
                f"{k.open_complaints} complaints {k.breached_complaints} late",
                red if k.breached_complaints else "",
            ),
            later(k.going_cold, "cold", "cold", yellow),
            later(k.renewals_90d, "renewing", "renew"),
            (*sales, "bold"),
        ]
        wide = sum(len(w) for w, _, _ in parts) + len(parts) - 1 <= self.app.size.width
        text = Text()
        for n, (long, short, style) in enumerate(parts):
            if n:
                text.append("│", style="dim")
            text.append(long if wide else short, style=style)
        return text

    def _fill_bottom(self, data: triage.Triage, today: Any) -> None:
        renewals_panel = self.query_one("#renewals", Static)
        cold_panel = self.query_one("#cold", Static)
        if not data.complete:
            # the first frame of a large book: these come with the whole queue
            renewals_panel.border_title = "Renewals ≤ 90 days (…)"
            cold_panel.border_title = "Going cold (…)"
            return
        renewals = Table(box=None, expand=True, padding=(0, 1), header_style="bold")
        renewals.add_column("Account", ratio=1, no_wrap=True, overflow="ellipsis")
        renewals.add_column("Renews", no_wrap=True)
        renewals.add_column("Value", justify="right", no_wrap=True)
        for r in data.renewals[:PANEL_ROWS]:
            renewals.add_row(
                literal(r.account_name),
                short_day(r.renewal_date, today),
                format_compact(r.value_cents) if r.value_cents is not None else "",
            )
        cold = Table(box=None, expand=True, padding=(0, 1), header_style="bold")
        cold.add_column("Account", ratio=1, no_wrap=True, overflow="ellipsis")
        cold.add_column("Last touch / cadence", no_wrap=True)
        for c in data.cold[:PANEL_ROWS]:
            last = "never" if c.never else f"{c.days_since}d ago"
            cold.add_row(literal(c.account_name), f"{last} / {c.cadence_days}d")
        renewals_panel.update(renewals)
        renewals_panel.border_title = f"Renewals ≤ 90 days ({len(data.renewals)})"
        cold_panel.update(cold)
        cold_panel.border_title = f"Going cold ({len(data.cold)})"

    def row_highlighted(self, table: SamTable, key: str | None) -> None:
        if table.id != "triage" or key is None:
            return
        item = self._items.get(key)
        if item is None or self._data is None:
            return
        today = self._data.now.date()
        # the selected item in full: what the columns cut short, then why it is here
        text = Text()
        text.append(f"{item_label(item)} ", style="bold")
        if item.account_id:
            text.append_text(literal(item.account_name, "bold"))
            text.append(": ")
        text.append_text(literal(item.title))
        text.append("\nWhy: ", style="bold")
        text.append(" · ".join(item.reasons))
        text.append(
            f"  (due {format_day(item.due, today)}, {humanize(item.due, today)})", style="dim"
        )
        self.query_one("#reasons", Static).update(text)

    def selection(self) -> Selection:
        key = self.query_one("#triage", SamTable).current_key()
        item = self._items.get(key or "")
        if item is None:
            return Selection()
        if not item.account_id:
            return Selection(label=f"{KIND_LABEL[item.kind]} #{item.ref_id} {item.title}")
        return Selection(
            account_id=item.account_id,
            account_name=item.account_name,
            follow_up_id=item.ref_id if item.kind is TriageKind.FOLLOW_UP else None,
            complaint_id=item.ref_id if item.kind is TriageKind.COMPLAINT else None,
            contact_id=item.ref_id if item.kind is TriageKind.CONTACT_COLD else None,
            request_id=item.ref_id if item.kind is TriageKind.REQUEST else None,
            deal_id=item.ref_id if item.kind is TriageKind.DEAL else None,
            objective_id=item.ref_id if item.kind is TriageKind.OBJECTIVE else None,
            label=f"{KIND_LABEL[item.kind]} #{item.ref_id} {item.title}",
        )

    def on_sam_table_row_selected(self, event: SamTable.RowSelected) -> None:
        key = event.row_key.value or ""
        if event.table.id == "triage":
            item = self._items.get(key)
            # account 0: a portfolio-wide objective, which has no account view
            if item is not None and item.account_id:
                self.post_message(OpenAccount(item.account_id, tab=OPEN_ON.get(item.kind)))
