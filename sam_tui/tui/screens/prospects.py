"""Prospects: the pipeline of next strategic customers, grouped by stage."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from typing import NamedTuple

from rich.text import Text

from sam_tui import clock
from sam_tui.domain.dates import ago, format_day
from sam_tui.domain.enums import AccountStatus, ProspectStage
from sam_tui.domain.money import format_compact
from sam_tui.domain.prospects import PIPELINE, is_open
from sam_tui.services import prospects
from sam_tui.store import db
from sam_tui.tui.context import Selection
from sam_tui.tui.screens.stages import StagesScreen, stage_keys
from sam_tui.tui.widgets.table import Column, Row, group_row, grouped, literal, row, stamp

COLUMNS = (
    Column("name", "Prospect", 20),
    Column("value", "Value", 6),
    Column("days", "In stage", 8),
    Column("touch", "Touched", 7),
    Column("fit", "Why it fits"),
)
# moves shown under the selected prospect
HISTORY_LINES = 2

EMPTY = (
    "No prospects in the pipeline yet.\n\n"
    # one line a paragraph: the Static wraps it to the terminal
    "A prospect is a company you want as your next strategic customer. Add one with "
    "its name and why it fits; then advance it, stage by stage, from identified through "
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
    title = f" {stage.value.capitalize()} "
    return group_row(f"stage:{stage.value}", title, len(COLUMNS), {-1: Text(note, style="bold")})


def is_closed(p: prospects.ProspectRow) -> bool:
    return p.status is not AccountStatus.PROSPECT or not is_open(p.stage)


def total_value(members: list[prospects.ProspectRow]) -> str:
    cents = sum(p.value_cents or 0 for p in members)
    return f" · ~{format_compact(cents)}" if cents else ""


class ProspectsScreen(StagesScreen[prospects.ProspectRow]):
    """Open prospects by stage; a adds, m advances, enter opens, h shows closed ones."""

    MODE, ID, TABLE, COLUMNS = "prospects", "prospects-screen", "prospect-table", COLUMNS
    PREFIX, EMPTY = "prospect", EMPTY
    BINDINGS = stage_keys(
        "prospects", "add_prospect", "a prospect", "converted and disqualified prospects"
    )

    def load(self, conn: sqlite3.Connection) -> Pipeline:
        with db.read(conn):
            everyone = prospects.list_prospects(conn, include_closed=True)
            return Pipeline(everyone, {p.id: prospects.history(conn, p.id) for p in everyone})

    def everything(self, data: Pipeline) -> list[prospects.ProspectRow]:
        return data.prospects

    def is_closed(self, record: prospects.ProspectRow) -> bool:
        return is_closed(record)

    def rows(self, shown: list[prospects.ProspectRow]) -> Iterator[Row]:
        today = clock.today()
        for stage, members in grouped(shown, lambda p: p.stage, PIPELINE):
            count = f"{len(members)} prospect" + ("" if len(members) == 1 else "s")
            yield heading(stage, count + total_value(members))
            yield from (self._row(p, today) for p in members)

    def nothing_to_detail(self, shown: list[prospects.ProspectRow], closed: int) -> Text | None:
        if shown:
            return None
        return Text(
            f"No open prospects. a adds one; h shows the {closed} converted or disqualified.",
            style="green",
        )

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

    def detail(self, record: prospects.ProspectRow) -> Text:
        p, today = record, clock.today()
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
        moves = (self.data.history.get(p.id, []) if self.data else [])[-HISTORY_LINES:]
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
        return text

    def keys(self, closed: int) -> Text:
        toggle = "h hides closed ones" if self.show_closed else f"h shows {closed} closed"
        return Text(f"a add · m advance · enter open · l log a touch · {toggle}", style="dim")

    def toggled(self, closed: int) -> str:
        if self.show_closed:
            return f"Showing {closed} converted and disqualified too"
        return "Open prospects only"

    def select(self, p: prospects.ProspectRow) -> Selection:
        # a prospect is an account, in the prospect pipeline
        label = f"prospect {p.name}"
        return Selection(p.id, p.name, prospect_id=p.id, label=label)
