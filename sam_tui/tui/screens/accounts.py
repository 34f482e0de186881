"""Accounts: the portfolio as a sortable, filterable table; enter opens an account."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any, NamedTuple

from rich.text import Text
from textual.binding import Binding

from sam_tui import clock
from sam_tui.domain import dates
from sam_tui.domain.money import format_compact
from sam_tui.domain.text import one_line
from sam_tui.services import accounts
from sam_tui.tui.context import Selection
from sam_tui.tui.screens.base import RecordsScreen
from sam_tui.tui.widgets.table import HEALTH_STYLE, Cell, Column, Row, SamTable, lazy_row, literal

TIER_ORDER = {"strategic": 0, "key": 1, "growth": 2}
HEALTH_ORDER = {"red": 0, "amber": 1, "green": 2}


class Sort(NamedTuple):
    """A column of the table and how it sorts."""

    column: Column
    key: Callable[[accounts.AccountSummary], Any]
    # the order its key gives, as the header shows it: ▲ smallest first, ▼ largest first
    rising: bool = True


# the header's width leaves room for the arrow of the sort; at 80 columns the tier drops
# out first (the account view shows it), then the value; the name takes what is left
SORTS: dict[str, Sort] = {
    # by name: the order the book reads them in (``_place``), folded as names are matched
    "name": Sort(Column("name", "Account", least=18, grow=1), lambda s: 0),
    "tier": Sort(Column("tier", "Tier", 9, drop=1), lambda s: TIER_ORDER[s.tier.value]),
    "health": Sort(
        Column("health", "Health", 9),
        lambda s: (HEALTH_ORDER[s.health.health.value], s.health.score),
    ),
    "touch": Sort(
        Column("touch", "Touched", 8), lambda s: s.last_touch.timestamp() if s.last_touch else 0
    ),
    "next": Sort(
        Column("next", "Next f/u", 10),
        lambda s: s.next_follow_up.toordinal() if s.next_follow_up else 10**7,
    ),
    "complaints": Sort(
        Column("complaints", "Cmp", 4), lambda s: -len(s.open_complaints), rising=False
    ),
    "value": Sort(
        Column("value", "Value", 6, drop=2), lambda s: -(s.value_cents or 0), rising=False
    ),
    "renewal": Sort(
        Column("renewal", "Renewal", 10),
        lambda s: s.renewal_date.toordinal() if s.renewal_date else 10**7,
    ),
}


def short_day(value: date | None, today: date) -> str:
    return "—" if value is None else dates.short_day(value, today)


def header(key: str, sorted_by: str, reverse: bool) -> str:
    """The column's header, with ▲ or ▼ on the one the table is sorted by."""
    sort = SORTS[key]
    if key != sorted_by:
        return sort.column.label
    return sort.column.label + ("▲" if sort.rising != reverse else "▼")


KEEP = "accounts"


class Portfolio(NamedTuple):
    summaries: list[accounts.AccountSummary]
    # a row per account by id, its cells made when first drawn
    rows: dict[int, Row]


def read(conn: sqlite3.Connection) -> Portfolio:
    """What the screen shows, rows included (also read before its first visit:
    ``SamApp.WARM``)."""
    found = accounts.summaries(conn)
    today = clock.today()
    return Portfolio(found, {s.id: _row(s, today) for s in found})


def _row(s: accounts.AccountSummary, today: date) -> Row:
    texts = (
        dates.touched(s.last_touch_day, today),
        short_day(s.next_follow_up, today),
        str(len(s.open_complaints) or ""),
        format_compact(s.value_cents) if s.value_cents is not None else "",
        short_day(s.renewal_date, today),
    )
    health = f"{s.health.health.value} {s.health.score}"
    words = (one_line(s.name), s.tier.value, health, *texts)
    return lazy_row(str(s.id), " ".join(words), partial(_cells, s, texts))


def _cells(s: accounts.AccountSummary, texts: tuple[str, ...]) -> tuple[Cell, ...]:
    touched, next_follow_up, complaints, value, renewal = texts
    return (
        literal(s.name),
        s.tier.value,
        # the colour and the score it comes from
        Text(
            f"{s.health.health.value} {s.health.score}", style=HEALTH_STYLE[s.health.health.value]
        ),
        touched,
        Text(next_follow_up, style="bold red" if s.overdue_follow_ups else ""),
        Text(complaints, justify="right"),
        Text(value, justify="right"),
        renewal,
    )


class AccountsScreen(RecordsScreen[accounts.AccountSummary]):
    """Every live account with health, last touch and what is open."""

    BINDINGS = [
        Binding("o", "cycle_sort", "Sort", id="accounts.sort"),
        Binding("O", "reverse_sort", "Reverse sort", show=False, id="accounts.reverse-sort"),
    ]

    MODE, ID, TABLE, KEEP = "accounts", "accounts", "account-table", KEEP
    EMPTY_TABLE = "No accounts yet: a adds one (or `sam account add NAME`)"
    COLUMNS = tuple(sort.column for sort in SORTS.values())

    def __init__(self) -> None:
        super().__init__()
        self._sort = "health"
        self._reverse = False
        self._rows: dict[int, Row] = {}
        self._place: dict[int, int] = {}

    def load(self, conn: sqlite3.Connection) -> Portfolio:
        return read(conn)

    def show(self, data: Portfolio) -> None:
        self.records = {str(s.id): s for s in data.summaries}
        # the summaries come in the book's name order (folded: Øresund with the O's)
        self._place = {s.id: n for n, s in enumerate(data.summaries)}
        self._rows = data.rows
        self._render_table()

    def _render_table(self) -> None:
        sort_key, place = SORTS[self._sort].key, self._place
        ordered = sorted(
            self.records.values(),
            key=lambda s: (sort_key(s), place[s.id]),
            reverse=self._reverse,
        )
        rows = [self._rows[s.id] for s in ordered]
        table = self.query_one(SamTable)
        table.set_rows(rows)
        for key in SORTS:
            table.relabel(key, header(key, self._sort, self._reverse))
        label = SORTS[self._sort].column.label
        table.border_subtitle = f"{len(rows)} accounts · sorted by {label}" + (
            " (reversed)" if self._reverse else ""
        )

    def action_cycle_sort(self) -> None:
        keys = list(SORTS)
        self._sort = keys[(keys.index(self._sort) + 1) % len(keys)]
        self._reverse = False
        self._render_table()

    def action_reverse_sort(self) -> None:
        self._reverse = not self._reverse
        self._render_table()

    def on_sam_table_header_selected(self, event: SamTable.HeaderSelected) -> None:
        key = event.column_key.value or "name"
        if key == self._sort:
            self._reverse = not self._reverse
        else:
            self._sort, self._reverse = key, False
        self._render_table()

    def select(self, record: accounts.AccountSummary) -> Selection:
        return Selection(record.id, record.name, label=f"account {record.name}")
