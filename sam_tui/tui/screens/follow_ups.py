"""Follow-ups: everything open, grouped overdue / today / this week / later."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Footer

from sam_tui import clock
from sam_tui.domain.dates import end_of_week, format_day
from sam_tui.services import follow_ups
from sam_tui.tui.cockpit import OpenAccount
from sam_tui.tui.context import Selection
from sam_tui.tui.screens.base import SamScreen
from sam_tui.tui.widgets.nav import NavBar
from sam_tui.tui.widgets.table import Row, SamTable, group_row, literal, row

COLUMNS = 4


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
    return f"{-days}d late" if days < 0 else format_day(due, today)


class FollowUpsScreen(SamScreen):
    """Open follow-ups; d marks done, s snoozes, e edits."""

    def __init__(self) -> None:
        super().__init__(id="follow-ups-screen")
        self._rows: dict[str, follow_ups.FollowUpRow] = {}

    def compose(self) -> ComposeResult:
        yield NavBar("follow-ups")
        table = SamTable(id="follow-up-table", flex="title")
        table.add_column("Due", key="due", width=10)
        table.add_column("Account", key="account", width=18)
        table.add_column("Follow-up", key="title")
        table.add_column("Pri", key="priority", width=4)
        yield table
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(SamTable).focus()

    def load(self, conn: sqlite3.Connection) -> list[follow_ups.FollowUpRow]:
        return follow_ups.list_follow_ups(conn)

    def show(self, data: list[follow_ups.FollowUpRow]) -> None:
        today = clock.today()
        self._rows = {str(f.id): f for f in data}
        groups: dict[str, list[follow_ups.FollowUpRow]] = {}
        for f in data:
            groups.setdefault(bucket(f.due_date, today), []).append(f)
        rows: list[Row] = []
        for name in ("Overdue", "Today", "This week", "Later"):
            members = groups.get(name, [])
            if not members:
                continue
            count = f"{len(members)} follow-up" + ("" if len(members) == 1 else "s")
            rows.append(group_row(f"group:{name}", f" {name} ", COLUMNS, count))
            for f in members:
                style = "bold red" if name == "Overdue" else "yellow" if name == "Today" else ""
                title = Text.assemble(f"#{f.id} ", literal(f.title))
                if f.contact_name:
                    title.append(" · ", style="dim")
                    title.append_text(literal(f.contact_name, "dim"))
                rows.append(
                    row(
                        str(f.id),
                        Text(relative(f.due_date, today), style=style),
                        literal(f.account_name),
                        title,
                        "" if f.priority.value == "normal" else f.priority.value,
                    )
                )
        table = self.query_one(SamTable)
        table.set_rows(rows)
        table.border_subtitle = f"{len(data)} open"
        if not data:
            self.app.notify("No open follow-ups. f adds one.", markup=False)

    def selected(self) -> follow_ups.FollowUpRow | None:
        return self._rows.get(self.query_one(SamTable).current_key() or "")

    def selection(self) -> Selection:
        f = self.selected()
        if f is None:
            return Selection()
        return Selection(
            account_id=f.account_id,
            account_name=f.account_name,
            follow_up_id=f.id,
            label=f"follow-up #{f.id} {f.title}",
        )

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        f = self._rows.get(event.row_key.value or "")
        if f is not None:
            self.post_message(OpenAccount(f.account_id))
