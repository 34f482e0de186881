"""Pipeline: open deals grouped by stage with their totals; won and lost ones on demand."""

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
from sam_tui.domain.dates import format_day, humanize
from sam_tui.domain.enums import DealStage, ForecastCategory
from sam_tui.domain.money import format_compact, format_money
from sam_tui.services import deals
from sam_tui.store import db
from sam_tui.tui.cockpit import OpenAccount
from sam_tui.tui.context import Selection
from sam_tui.tui.keys import DEAL_KEYS
from sam_tui.tui.screens.account_tabs import deal_close
from sam_tui.tui.screens.base import SamScreen
from sam_tui.tui.widgets.nav import NavBar
from sam_tui.tui.widgets.table import Row, SamTable, literal, row, stamp

COLUMNS = 6
# changes shown under the selected deal
HISTORY_LINES = 2
# open stages in pipeline order, then the closed ones (shown with h)
ORDER = (
    DealStage.PROSPECTING,
    DealStage.QUALIFICATION,
    DealStage.PROPOSAL,
    DealStage.NEGOTIATION,
    DealStage.WON,
    DealStage.LOST,
)
CATEGORY_STYLE = {
    ForecastCategory.COMMIT: "bold",
    ForecastCategory.BEST_CASE: "",
    ForecastCategory.PIPELINE: "",
    ForecastCategory.OMITTED: "dim",
}

EMPTY = (
    "No deals yet.\n\n"
    "A deal is an opportunity with an account: an amount, a stage (prospecting,\n"
    "qualification, proposal, negotiation), an expected close date and a forecast\n"
    "category. Move it stage by stage until it is won or lost; the KPI strip and\n"
    "`sam forecast` follow it.\n\n"
    "  a        add a deal\n"
    "  ctrl+p   every action, by name\n"
    "  ?        all the keys"
)


class Pipeline(NamedTuple):
    # every deal, open ones first (by close date), then closed ones, latest first
    deals: list[deals.DealRow]


def stage_note(members: list[deals.DealRow]) -> str:
    count = f"{len(members)} deal" + ("" if len(members) == 1 else "s")
    if members and not members[0].is_open:
        return count
    weighted = sum(d.weighted_cents for d in members)
    # the Deal column is ~22 wide at 80 columns; the summary line spells "weighted" out
    return f"{count} · wtd {format_compact(weighted)}"


def heading(stage: DealStage, members: list[deals.DealRow]) -> Row:
    """A stage's heading row: its count and weighted amount, its total under Amount."""
    total = sum(d.amount_cents for d in members)
    cells = (
        Text(f" {stage.value.capitalize()} ", style="bold reverse"),
        Text(stage_note(members), style="bold"),
        Text(format_money(total), style="bold", justify="right"),
        *(Text("") for _ in range(COLUMNS - 3)),
    )
    return Row(f"stage:{stage.value}", cells, "", selectable=False)


class PipelineScreen(SamScreen):
    """Open deals by stage; a adds, m moves, w wins, L loses, e edits, h shows closed ones."""

    BINDINGS = [
        Binding("a", "app.add_deal", "Add", id="pipeline.add", tooltip="Add a deal"),
        Binding(
            "h",
            "toggle_closed",
            "Closed",
            id="pipeline.toggle-closed",
            tooltip="Show or hide the won and lost deals",
            # the footer is full at 80 columns: the hint line under the table says it
            show=False,
        ),
        *DEAL_KEYS,
    ]

    def __init__(self) -> None:
        super().__init__(id="pipeline-screen")
        self._rows: dict[str, deals.DealRow] = {}
        self._data: Pipeline | None = None
        self.show_closed = False

    def compose(self) -> ComposeResult:
        yield NavBar("pipeline")
        with Vertical(id="pipeline-box"):
            yield Static(id="pipeline-summary")
            table = SamTable(id="pipeline-table", flex="name")
            table.add_column("Account", key="account", width=14)
            table.add_column("Deal", key="name")
            table.add_column("Amount", key="amount", width=10)
            table.add_column("Prob", key="probability", width=4)
            table.add_column("Close", key="close", width=8)
            table.add_column("Category", key="category", width=9)
            yield table
            yield Static(id="pipeline-detail")
            yield Static(id="pipeline-keys", classes="tab-hint")
        yield Static(EMPTY, id="pipeline-empty", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#pipeline-empty").display = False
        self.query_one(SamTable).focus()

    def load(self, conn: sqlite3.Connection) -> Pipeline:
        with db.read(conn):
            everything = deals.list_deals(conn)
            return Pipeline([d._replace(history=deals.history(conn, d.id)) for d in everything])

    def show(self, data: Pipeline) -> None:
        self._data = data
        today = clock.today()
        shown = [d for d in data.deals if self.show_closed or d.is_open]
        closed = sum(1 for d in data.deals if not d.is_open)
        empty = not data.deals
        self.query_one("#pipeline-empty").display = empty
        self.query_one("#pipeline-box").display = not empty
        self._rows = {str(d.id): d for d in shown}
        groups: dict[DealStage, list[deals.DealRow]] = {}
        for d in shown:
            groups.setdefault(d.stage, []).append(d)
        rows: list[Row] = []
        for stage in ORDER:
            members = groups.get(stage, [])
            if stage in (DealStage.WON, DealStage.LOST):
                # the latest first: what just closed is what the user looks for
                members.sort(key=lambda d: d.closed_at or d.updated_at, reverse=True)
            if members:
                rows.append(heading(stage, members))
                rows.extend(self._row(d, today) for d in members)
        self.query_one(SamTable).set_rows(rows)
        self.query_one("#pipeline-summary", Static).update(self._summary(data, today))
        if not any(d.is_open for d in shown) and not empty:
            self.query_one("#pipeline-detail", Static).update(
                Text(
                    f"No open deals. a adds one; h shows the {closed} won or lost.",
                    style="green",
                )
            )
        else:
            self._show_detail(self.selected())
        self.query_one("#pipeline-keys", Static).update(self._keys(closed))

    def _summary(self, data: Pipeline, today: date) -> Text:
        live = [d for d in data.deals if d.is_open]
        total = sum(d.amount_cents for d in live)
        weighted = sum(d.weighted_cents for d in live)
        text = Text(" Open: ", style="bold")
        text.append(f"{len(live)} deal" + ("" if len(live) == 1 else "s"))
        text.append(f" · {format_money(total)} · weighted {format_money(weighted)}")
        late = sum(1 for d in live if d.overdue(today))
        if late:
            text.append(f" · {late} past close date", style="bold red")
        return text

    def _row(self, d: deals.DealRow, today: date) -> Row:
        dim = "" if d.is_open else "dim"
        name = literal(d.name, dim)
        if d.stage is DealStage.LOST and d.lost_reason:
            name.append(" ✗ ", style="red")
            name.append_text(literal(d.lost_reason, "dim"))
        own = "" if d.own_probability is None else "*"
        return row(
            str(d.id),
            literal(d.account_name, dim),
            name,
            Text(format_money(d.amount_cents), justify="right", style=dim),
            Text(f"{d.probability}%{own}", justify="right", style=dim),
            deal_close(d, today),
            Text(d.category.value, style=dim or CATEGORY_STYLE[d.category]),
        )

    def _show_detail(self, d: deals.DealRow | None) -> None:
        panel = self.query_one("#pipeline-detail", Static)
        if d is None:
            panel.update("")
            return
        today = clock.today()
        text = Text(f"#{d.id} ", style="bold")
        text.append_text(literal(d.name, "bold"))
        text.append(" · ", style="dim")
        text.append_text(literal(d.account_name, "dim"))
        text.append(f" · {d.kind.value}", style="dim")
        text.append("\n")
        if d.is_open:
            own = " (own)" if d.own_probability is not None else ""
            text.append(
                f"{d.stage.value} {d.probability}%{own} · "
                f"weighted {format_money(d.weighted_cents)} · "
            )
            if d.expected_close is None:
                text.append("no close date")
            else:
                text.append(
                    f"closes {format_day(d.expected_close, today)} "
                    f"({humanize(d.expected_close, today)})",
                    style="bold red" if d.overdue(today) else "",
                )
        else:
            text.append(d.stage.value, style="green" if d.stage is DealStage.WON else "red")
            if d.closed_at is not None:
                text.append(f" {stamp(d.closed_at)}")
            if d.lost_reason:
                text.append(": ")
                text.append_text(literal(d.lost_reason))
        for change in reversed(d.history[-HISTORY_LINES:]):
            text.append(f"\n{stamp(change.at)}  ", style="dim")
            text.append_text(literal("; ".join(change.changes), "dim"))
        panel.update(text)

    def _keys(self, closed: int) -> Text:
        toggle = "h hides closed" if self.show_closed else f"h shows {closed} closed"
        return Text(
            f"a add · m move · w won · L lost · e edit · enter account · {toggle}",
            style="dim",
        )

    def row_highlighted(self, table: DataTable[Any], key: str | None) -> None:
        if table.id == "pipeline-table":
            self._show_detail(self._rows.get(key or ""))

    def action_toggle_closed(self) -> None:
        self.show_closed = not self.show_closed
        if self._data is not None:
            self.show(self._data)
        closed = sum(1 for d in self._data.deals if not d.is_open) if self._data else 0
        self.app.notify(
            f"Showing {closed} won and lost deals too" if self.show_closed else "Open deals only",
            markup=False,
            timeout=3,
        )

    def selected(self) -> deals.DealRow | None:
        return self._rows.get(self.query_one(SamTable).current_key() or "")

    def selection(self) -> Selection:
        d = self.selected()
        if d is None:
            return Selection()
        return Selection(
            account_id=d.account_id,
            account_name=d.account_name,
            deal_id=d.id,
            label=f"deal #{d.id} {d.name}",
        )

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        d = self._rows.get(event.row_key.value or "")
        if d is not None:
            self.post_message(OpenAccount(d.account_id, ("deal", d.id)))
