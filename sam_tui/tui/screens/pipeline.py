"""Pipeline: open deals grouped by stage with their totals; won and lost ones on demand."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from functools import partial
from typing import NamedTuple

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from sam_tui import clock
from sam_tui.domain.dates import format_day, humanize
from sam_tui.domain.enums import DealStage, ForecastCategory
from sam_tui.domain.money import format_compact, format_money
from sam_tui.domain.text import one_line
from sam_tui.services import deals
from sam_tui.tui.cockpit import OpenAccount
from sam_tui.tui.context import Selection
from sam_tui.tui.keys import DEAL_KEYS
from sam_tui.tui.screens.account_sales import deal_close
from sam_tui.tui.screens.stages import StagesScreen, stage_keys
from sam_tui.tui.widgets.table import (
    Cell,
    Column,
    Row,
    fit,
    group_row,
    grouped,
    lazy_row,
    literal,
    noted,
    stamp,
)

# a date of another year keeps its day (``15 Jan '27``); at 80 columns the category drops
# out (the line under the table shows the selected deal's); a wider terminal gives the
# account a fifth of the room it adds (up to 24 cells), the deal's name the rest
AMOUNT_WIDTH = 10  # "999,999.99"; a larger amount is shown compact ("1.54M"), never cut
COLUMNS = (
    Column("account", "Account", 14, grow=1, most=24),
    Column("name", "Deal", least=24, grow=4),
    Column("amount", "Amount", AMOUNT_WIDTH),
    Column("probability", "Prob", 4),
    Column("close", "Close", 10),
    Column("category", "Category", 9, drop=1),
)
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
    # every deal, open ones first (by close date), then closed ones, latest first; their
    # histories are read for the one selected (``PipelineScreen.history``)
    deals: list[deals.DealRow]
    # a row per deal by id (made in the worker), its cells made when first drawn
    rows: dict[int, Row]


KEEP = "pipeline"


def read(conn: sqlite3.Connection) -> Pipeline:
    """What the screen shows (also read before its first visit: ``SamApp.WARM``)."""
    found = deals.list_deals(conn)
    today = clock.today()
    return Pipeline(found, {d.id: deal_row(d, today) for d in found})


def deal_row(d: deals.DealRow, today: date) -> Row:
    lost = d.lost_reason if d.stage is DealStage.LOST else None
    own = "" if d.own_probability is None else "*"
    amount = fit(AMOUNT_WIDTH, format_money(d.amount_cents), format_compact(d.amount_cents))
    chance = f"{d.probability}%{own}"
    words = [one_line(d.account_name), one_line(d.name)]
    if lost:
        words += ["✗", one_line(lost)]
    words += [amount, chance, deal_close(d, today).plain, d.category.value]
    return lazy_row(str(d.id), " ".join(words), partial(_cells, d, today, amount, chance))


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
    notes = {
        1: Text(stage_note(members), style="bold"),
        2: Text(
            fit(AMOUNT_WIDTH, format_money(total), format_compact(total)),
            style="bold",
            justify="right",
        ),
    }
    return group_row(f"stage:{stage.value}", f" {stage.value.capitalize()} ", len(COLUMNS), notes)


def _cells(d: deals.DealRow, today: date, amount: str, chance: str) -> tuple[Cell, ...]:
    """A deal's row, made when it is first drawn."""
    dim = "" if d.is_open else "dim"
    lost = d.lost_reason if d.stage is DealStage.LOST else None
    return (
        literal(d.account_name, dim),
        noted(literal(d.name, dim), lost, " ✗ ", mark="red"),
        Text(amount, justify="right", style=dim),
        Text(chance, justify="right", style=dim),
        deal_close(d, today),
        Text(d.category.value, style=dim or CATEGORY_STYLE[d.category]),
    )


class PipelineScreen(StagesScreen[deals.DealRow]):
    """Open deals by stage; a adds, m moves, w wins, L loses, e edits, h shows closed ones."""

    MODE, ID, TABLE, COLUMNS = "pipeline", "pipeline-screen", "pipeline-table", COLUMNS
    PREFIX, EMPTY, KEEP = "pipeline", EMPTY, KEEP
    BINDINGS = [*stage_keys("pipeline", "add_deal", "a deal", "won and lost deals"), *DEAL_KEYS]

    def __init__(self) -> None:
        super().__init__()
        # deal id -> its changes, read when it is first selected
        self._histories: dict[int, tuple[deals.StageChangeRow, ...]] = {}

    def above_table(self) -> ComposeResult:
        yield Static(id="pipeline-summary")

    def load(self, conn: sqlite3.Connection) -> Pipeline:
        return read(conn)

    def everything(self, data: Pipeline) -> list[deals.DealRow]:
        return data.deals

    def is_closed(self, record: deals.DealRow) -> bool:
        return not record.is_open

    def rows(self, shown: list[deals.DealRow]) -> Iterator[Row]:
        today = clock.today()
        for stage, members in grouped(shown, lambda d: d.stage, ORDER):
            if stage in (DealStage.WON, DealStage.LOST):
                # the latest first: what just closed is what the user looks for
                members.sort(key=lambda d: d.closed_at or d.updated_at, reverse=True)
            yield heading(stage, members)
            made = self.data.rows if self.data is not None else {}
            yield from (made.get(d.id) or deal_row(d, today) for d in members)

    def show(self, data: Pipeline) -> None:
        # a reload may follow a change to any deal: its history is read again
        self._histories.clear()
        super().show(data)
        self.query_one("#pipeline-summary", Static).update(self._summary(data, clock.today()))

    def nothing_to_detail(self, shown: list[deals.DealRow], closed: int) -> Text | None:
        if any(d.is_open for d in shown):
            return None
        return Text(f"No open deals. a adds one; h shows the {closed} won or lost.", style="green")

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

    def detail(self, record: deals.DealRow) -> Text:
        d, today = record, clock.today()
        text = Text()
        text.append(f"#{d.id} ", style="bold")
        text.append_text(literal(d.name, "bold"))
        text.append(" · ", style="dim")
        text.append_text(literal(d.account_name, "dim"))
        text.append(f" · {d.kind.value}", style="dim")
        text.append("\n")
        if d.is_open:
            own = " (own)" if d.own_probability is not None else ""
            text.append(
                f"{d.stage.value} {d.probability}%{own} · {d.category.value} · "
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
        for change in reversed(self.history(d)[-HISTORY_LINES:]):
            text.append(f"\n{stamp(change.at)}  ", style="dim")
            text.append_text(literal("; ".join(change.changes), "dim"))
        return text

    def history(self, d: deals.DealRow) -> tuple[deals.StageChangeRow, ...]:
        """The deal's changes once read; the first time, read them in a worker and show the
        detail again when they arrive (thousands of deals: only the selected one's)."""
        found = self._histories.get(d.id)
        if found is None:
            self.cockpit.db_call(
                partial(deals.history, deal_id=d.id),
                done=partial(self._history_read, d.id),
                group="pipeline-history",
            )
            return ()
        return found

    def _history_read(self, deal_id: int, changes: tuple[deals.StageChangeRow, ...]) -> None:
        self._histories[deal_id] = changes
        selected = self.selected()
        if selected is not None and selected.id == deal_id:
            self._show_detail(selected)

    def keys(self, closed: int) -> Text:
        toggle = "h hides closed" if self.show_closed else f"h shows {closed} closed"
        return Text(
            f"a add · m move · w won · L lost · e edit · enter account · {toggle}",
            style="dim",
        )

    def toggled(self, closed: int) -> str:
        return f"Showing {closed} won and lost deals too" if self.show_closed else "Open deals only"

    def select(self, d: deals.DealRow) -> Selection:
        label = f"deal #{d.id} {d.name}"
        return Selection(d.account_id, d.account_name, deal_id=d.id, label=label)

    def opens(self, record: deals.DealRow) -> OpenAccount:
        return OpenAccount(record.account_id, ("deal", record.id))
