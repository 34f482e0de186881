"""Complaints: open ones ordered by time left to SLA, with the selected one's updates."""

from __future__ import annotations

import sqlite3

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from sam_tui import clock
from sam_tui.domain.sla import describe_remaining
from sam_tui.services import complaints
from sam_tui.tui.context import Selection
from sam_tui.tui.screens.base import RecordsScreen
from sam_tui.tui.widgets.table import Column, SamTable, literal, row, stamp

SEVERITY_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": ""}


COLUMNS = (
    Column("sla", "SLA", 16),
    Column("severity", "Severity", 8),
    Column("account", "Account", 18),
    Column("title", "Complaint"),
)


class ComplaintsScreen(RecordsScreen[complaints.ComplaintRow]):
    """Open complaints; u adds an update, r resolves, c opens a new one."""

    CSS_PATH = "complaints.tcss"

    MODE, ID, TABLE, COLUMNS = "complaints", "complaints-screen", "complaint-table", COLUMNS

    def body(self) -> ComposeResult:
        yield from super().body()
        yield Static(id="complaint-detail")

    def load(self, conn: sqlite3.Connection) -> list[complaints.ComplaintRow]:
        listed = complaints.list_complaints(conn, open_only=True)
        return [complaints.get(conn, c.id) for c in listed]

    def show(self, data: list[complaints.ComplaintRow]) -> None:
        now = clock.now()
        self.records = {str(c.id): c for c in data}
        rows = []
        for c in data:
            state = c.sla(now)
            rows.append(
                row(
                    str(c.id),
                    Text(
                        describe_remaining(state.remaining).replace("SLA ", ""),
                        style="bold red" if state.breached else "yellow" if state.near else "",
                    ),
                    Text(c.severity.value, style=SEVERITY_STYLE[c.severity.value]),
                    literal(c.account_name),
                    Text.assemble(f"#{c.id} ", literal(c.title)),
                )
            )
        table = self.query_one(SamTable)
        table.set_rows(rows)
        breached = sum(1 for c in data if c.sla(now).breached)
        table.border_subtitle = f"{len(data)} open · {breached} past SLA"
        if not data:
            self.query_one("#complaint-detail", Static).update(
                Text("No open complaints. c opens one for the selected account.", style="green")
            )
        else:
            self._show_detail(self.selected())

    def _show_detail(self, c: complaints.ComplaintRow | None) -> None:
        panel = self.query_one("#complaint-detail", Static)
        if c is None:
            panel.update("")
            return
        text = Text()
        text.append_text(literal(c.title, "bold"))
        text.append(f"  #{c.id} · {c.severity.value} · {c.status.value}", style="dim")
        text.append("\n")
        text.append_text(literal(c.account_name))
        if c.team:
            text.append(" · team ")
            text.append_text(literal(c.team))
        text.append(f" · opened {stamp(c.opened_at)} · SLA due {stamp(c.sla_due_at)}", style="dim")
        if c.first_response_at is None:
            text.append("\nno first response yet: u records one", style="bold red")
        for u in c.updates[-4:]:
            moved = f" [{u.status.value}]" if u.status else ""
            text.append(f"\n{stamp(u.at)}{moved}  ", style="dim")
            text.append_text(literal(u.text))
        panel.update(text)

    def row_highlighted(self, table: SamTable, key: str | None) -> None:
        if table.id == "complaint-table":
            self._show_detail(self.records.get(key or ""))

    def select(self, c: complaints.ComplaintRow) -> Selection:
        label = f"complaint #{c.id} {c.title}"
        return Selection(c.account_id, c.account_name, complaint_id=c.id, label=label)
