"""Follow-ups: everything open, grouped overdue / today / this week / later."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from sam_tui import clock
from sam_tui.domain.dates import end_of_week, format_day, humanize, short_day
from sam_tui.services import follow_ups
from sam_tui.tui.context import Selection
from sam_tui.tui.screens.base import RecordsScreen
from sam_tui.tui.widgets.table import (
    Column,
    Row,
    SamTable,
    fit,
    group_row,
    grouped,
    literal,
    noted,
    row,
)

DUE_WIDTH = 10
# the selected follow-up is shown whole under the table; a wider terminal gives the
# account a quarter of the room it adds (up to 30 cells), the title the rest
COLUMNS = (
    Column("due", "Due", DUE_WIDTH),
    Column("account", "Account", 18, grow=1, most=30),
    Column("title", "Follow-up", least=24, grow=3),
    Column("priority", "Pri", 4),
)


def bucket(due: date, today: date) -> str:
    if due < today:
        return "Overdue"
    if due == today:
        return "Today"
    # the rest of this week, through Sunday (on a Sunday: the coming week)
    week_end = end_of_week(today) + timedelta(days=2)
    if due <= week_end:
        return "This week"
    return "Later"


def relative(due: date, today: date) -> str:
    days = (due - today).days
    if days == 0:
        return "today"
    if days < 0:
        return f"{-days}d late"
    return fit(DUE_WIDTH, format_day(due, today), short_day(due, today))


def detail(f: follow_ups.FollowUpRow, today: date) -> Text:
    """The selected follow-up in full: what the columns cut short."""
    text = Text()
    text.append(f"#{f.id} ", style="bold")
    text.append_text(literal(f.title, "bold"))
    text.append("\n")
    text.append_text(literal(f.account_name))
    if f.contact_name:
        text.append(" · with ")
        text.append_text(literal(f.contact_name))
    facts = [f"due {format_day(f.due_date, today)} ({humanize(f.due_date, today)})"]
    if f.priority.value != "normal":
        facts.append(f"{f.priority.value} priority")
    if f.snooze_count:
        facts.append(f"snoozed {f.snooze_count}x")
    text.append(" · " + " · ".join(facts), style="dim")
    return text


class FollowUpsScreen(RecordsScreen[follow_ups.FollowUpRow]):
    """Open follow-ups; d marks done, s snoozes, e edits."""

    CSS_PATH = "lines.tcss"

    MODE, ID, TABLE, COLUMNS = "follow-ups", "follow-ups-screen", "follow-up-table", COLUMNS
    EMPTY_TABLE = "No open follow-ups: f adds one"

    def body(self) -> ComposeResult:
        yield from super().body()
        yield Static(id="follow-up-detail", classes="tab-detail")

    def load(self, conn: sqlite3.Connection) -> list[follow_ups.FollowUpRow]:
        return follow_ups.list_follow_ups(conn)

    def show(self, data: list[follow_ups.FollowUpRow]) -> None:
        today = clock.today()
        self.records = {str(f.id): f for f in data}
        rows: list[Row] = []
        buckets = ("Overdue", "Today", "This week", "Later")
        for name, members in grouped(data, lambda f: bucket(f.due_date, today), buckets):
            count = Text(f"{len(members)} follow-up" + ("" if len(members) == 1 else "s"), "bold")
            rows.append(group_row(f"group:{name}", f" {name} ", len(COLUMNS), {1: count}))
            style = "bold red" if name == "Overdue" else "yellow" if name == "Today" else ""
            rows.extend(self._row(f, today, style) for f in members)
        table = self.query_one(SamTable)
        table.set_rows(rows)
        table.border_subtitle = f"{len(data)} open"

    def _row(self, f: follow_ups.FollowUpRow, today: date, style: str) -> Row:
        title = noted(Text.assemble(f"#{f.id} ", literal(f.title)), f.contact_name)
        return row(
            str(f.id),
            Text(relative(f.due_date, today), style=style),
            literal(f.account_name),
            title,
            "" if f.priority.value == "normal" else f.priority.value,
        )

    def row_highlighted(self, table: SamTable, key: str | None) -> None:
        if table.id == self.TABLE:
            f = self.records.get(key or "")
            shown = Text("") if f is None else detail(f, clock.today())
            self.query_one("#follow-up-detail", Static).update(shown)

    def select(self, f: follow_ups.FollowUpRow) -> Selection:
        label = f"follow-up #{f.id} {f.title}"
        return Selection(f.account_id, f.account_name, follow_up_id=f.id, label=label)
