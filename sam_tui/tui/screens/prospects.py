"""Prospects: the pipeline of next strategic customers, grouped by stage."""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any, NamedTuple

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Static

from sam_tui import clock
from sam_tui.domain.dates import ago, format_day
from sam_tui.domain.enums import AccountStatus, ProspectStage
from sam_tui.domain.money import format_compact
from sam_tui.domain.prospects import PIPELINE, is_open
from sam_tui.services import prospects
from sam_tui.store import db
from sam_tui.tui.cockpit import OpenAccount
from sam_tui.tui.context import Selection
from sam_tui.tui.screens.base import SamScreen
from sam_tui.tui.widgets.nav import NavBar
from sam_tui.tui.widgets.table import Row, SamTable, literal, row, stamp

COLUMNS = 5
# moves shown under the selected prospect
HISTORY_LINES = 2

EMPTY = (
    "No prospects in the pipeline yet.\n\n"
    "A prospect is a company you want as your next strategic customer. Add one with\n"
    "its name and why it fits; then advance it, stage by stage, from identified through\n"
    "researching, contacted, meeting and qualified, to converted (an active account).\n\n"
    "  a        add a prospect\n"
    "  ctrl+p   every action, by name\n"
    "  ?        all the keys"
)


class Pipeline(NamedTuple):
    # every prospect, open and closed, in pipeline order; the screen hides closed ones
    prospects: list[prospects.ProspectRow]
    history: dict[int, list[prospects.StageChange]]


def touched(p: prospects.ProspectRow, today: date) -> str:
    if p.last_touch is None:
        return "never"
    return ago((today - p.last_touch.astimezone().date()).days)


def heading(stage: ProspectStage, note: str) -> Row:
    """A stage's heading row; its count and value go in the wide column."""
    cells = (
        Text(f" {stage.value.capitalize()} ", style="bold reverse"),
        *(Text("") for _ in range(COLUMNS - 2)),
        Text(note, style="bold"),
    )
    return Row(f"stage:{stage.value}", cells, "", selectable=False)


def is_closed(p: prospects.ProspectRow) -> bool:
    return p.status is not AccountStatus.PROSPECT or not is_open(p.stage)


def total_value(members: list[prospects.ProspectRow]) -> str:
    cents = sum(p.value_cents or 0 for p in members)
    return f" · ~{format_compact(cents)}" if cents else ""


class ProspectsScreen(SamScreen):
    """Open prospects by stage; a adds, m advances, enter opens, h shows closed ones."""

    BINDINGS = [
        Binding("a", "app.add_prospect", "Add", id="prospects.add", tooltip="Add a prospect"),
        Binding(
            "h",
            "toggle_closed",
            "Closed",
            id="prospects.toggle-closed",
            tooltip="Show or hide the converted and disqualified prospects",
            # the footer is full at 80 columns: the hint line under the table says it
            show=False,
        ),
    ]

    def __init__(self) -> None:
        super().__init__(id="prospects-screen")
        self._rows: dict[str, prospects.ProspectRow] = {}
        self._data: Pipeline | None = None
        self.show_closed = False

    def compose(self) -> ComposeResult:
        yield NavBar("prospects")
        with Vertical(id="prospect-box"):
            table = SamTable(id="prospect-table", flex="fit")
            table.add_column("Prospect", key="name", width=20)
            table.add_column("Value", key="value", width=6)
            table.add_column("In stage", key="days", width=8)
            table.add_column("Touched", key="touch", width=7)
            table.add_column("Why it fits", key="fit")
            yield table
            yield Static(id="prospect-detail")
            yield Static(id="prospect-keys", classes="tab-hint")
        yield Static(EMPTY, id="prospect-empty", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#prospect-empty").display = False
        self.query_one(SamTable).focus()

    def load(self, conn: sqlite3.Connection) -> Pipeline:
        with db.read(conn):
            everyone = prospects.list_prospects(conn, include_closed=True)
            return Pipeline(everyone, {p.id: prospects.history(conn, p.id) for p in everyone})

    def show(self, data: Pipeline) -> None:
        self._data = data
        today = clock.today()
        shown = [p for p in data.prospects if self.show_closed or not is_closed(p)]
        closed = sum(1 for p in data.prospects if is_closed(p))
        empty = not data.prospects
        self.query_one("#prospect-empty").display = empty
        self.query_one("#prospect-box").display = not empty
        self._rows = {str(p.id): p for p in shown}
        groups: dict[ProspectStage, list[prospects.ProspectRow]] = {}
        for p in shown:
            groups.setdefault(p.stage, []).append(p)
        rows: list[Row] = []
        for stage in PIPELINE:
            members = groups.get(stage, [])
            if not members:
                continue
            count = f"{len(members)} prospect" + ("" if len(members) == 1 else "s")
            rows.append(heading(stage, count + total_value(members)))
            for p in members:
                rows.append(self._row(p, today))
        table = self.query_one(SamTable)
        table.set_rows(rows)
        if not shown and not empty:
            self.query_one("#prospect-detail", Static).update(
                Text(
                    f"No open prospects. a adds one; h shows the {closed} converted or "
                    "disqualified.",
                    style="green",
                )
            )
        else:
            self._show_detail(self.selected())
        self.query_one("#prospect-keys", Static).update(self._keys(closed))

    def _row(self, p: prospects.ProspectRow, today: date) -> Row:
        dim = "dim" if is_closed(p) else ""
        if p.stage is ProspectStage.DISQUALIFIED:
            why = Text("✗ ", style="red")
            why.append_text(literal(p.disqualified_reason, "dim"))
        else:
            why = literal(p.fit_reason, dim)
        return row(
            str(p.id),
            literal(p.name, dim),
            Text(
                format_compact(p.value_cents) if p.value_cents is not None else "",
                justify="right",
            ),
            Text(f"{p.days_in_stage(today)}d", justify="right"),
            touched(p, today),
            why,
        )

    def _show_detail(self, p: prospects.ProspectRow | None) -> None:
        panel = self.query_one("#prospect-detail", Static)
        if p is None:
            panel.update("")
            return
        today = clock.today()
        text = literal(p.name, "bold")
        facts = [f"#{p.id}", p.tier.value]
        if p.industry:
            facts.append(p.industry)
        if p.value_cents is not None:
            facts.append(f"worth ~{format_compact(p.value_cents)}")
        text.append("  ")
        text.append_text(literal(" · ".join(facts), "dim"))
        text.append("\n")
        if p.status is not AccountStatus.PROSPECT:
            text.append(f"converted: an {p.status.value} account now", style="green")
        else:
            text.append(
                f"{p.stage.value} since {format_day(p.stage_since.astimezone().date(), today)} "
                f"({p.days_in_stage(today)} days)"
            )
        text.append(" · last touch ")
        text.append(stamp(p.last_touch) if p.last_touch else "never")
        text.append("\n")
        if p.stage is ProspectStage.DISQUALIFIED:
            text.append("Not a fit: ", style="bold red")
            text.append_text(literal(p.disqualified_reason))
        else:
            text.append("Fit: ", style="bold")
            text.append_text(literal(p.fit_reason))
        moves = (self._data.history.get(p.id, []) if self._data else [])[-HISTORY_LINES:]
        for move in reversed(moves):
            text.append(f"\n{stamp(move.at)}  ", style="dim")
            text.append(
                f"{move.from_stage.value} → {move.to_stage.value}"
                if move.from_stage
                else f"added at {move.to_stage.value}",
                style="dim",
            )
            if move.note:
                text.append("  ")
                text.append_text(literal(move.note, "dim"))
        panel.update(text)

    def _keys(self, closed: int) -> Text:
        toggle = "h hides closed ones" if self.show_closed else f"h shows {closed} closed"
        return Text(
            f"a add · m advance · enter open · l log a touch · {toggle}", style="dim"
        )

    def row_highlighted(self, table: DataTable[Any], key: str | None) -> None:
        if table.id == "prospect-table":
            self._show_detail(self._rows.get(key or ""))

    def action_toggle_closed(self) -> None:
        self.show_closed = not self.show_closed
        if self._data is not None:
            self.show(self._data)
        closed = sum(1 for p in self._data.prospects if is_closed(p)) if self._data else 0
        self.app.notify(
            f"Showing {closed} converted and disqualified too"
            if self.show_closed
            else "Open prospects only",
            markup=False,
            timeout=3,
        )

    def selected(self) -> prospects.ProspectRow | None:
        return self._rows.get(self.query_one(SamTable).current_key() or "")

    def selection(self) -> Selection:
        p = self.selected()
        if p is None:
            return Selection()
        return Selection(
            account_id=p.id,
            account_name=p.name,
            prospect_id=p.id,
            label=f"prospect {p.name}",
        )

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        p = self._rows.get(event.row_key.value or "")
        if p is not None:
            self.post_message(OpenAccount(p.id))
