"""Search as you type: ranked hits from every record (or one account's), enter opens the account."""

from __future__ import annotations

import sqlite3

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Input, Label

from sam_tui import clock
from sam_tui.domain import dates
from sam_tui.domain.errors import SamError
from sam_tui.domain.search import lead_to_match, printable
from sam_tui.domain.text import one_line
from sam_tui.services import search
from sam_tui.tui.cockpit import OpenAccount, cockpit_of
from sam_tui.tui.widgets.table import Column, SamTable, literal, row

# seconds of quiet typing before a search runs: one query per pause, not per key
DEBOUNCE = 0.2
LIMIT = 50
MATCH_STYLE = "bold underline"
COLUMNS = (
    Column("kind", "Kind", 11),
    Column("account", "Account", 18),
    Column("when", "When", 7),
    Column("match", "Match"),
)
HINT = "type to search · ↑↓ pick · enter opens the account · esc closes"


def snippet_text(hit: search.SearchHit) -> Text:
    """The matched passage, styled where it matched, cut to start near the first match;
    every part is literal text."""
    text = Text()
    for part, matched in printable(lead_to_match(hit.snippet)):
        text.append(part, style=MATCH_STYLE if matched else "")
    return text


def record_of(hit: search.SearchHit) -> tuple[str, int]:
    """Where the account view shows a hit: a complaint update shows as its complaint."""
    if hit.source == "complaint_update" and hit.parent_id is not None:
        return ("complaint", hit.parent_id)
    return (hit.source, hit.id)


class SearchScreen(ModalScreen[None]):
    """A search box over a result table; scoped to one account when opened from its view."""

    CSS_PATH = "search.tcss"

    BINDINGS = [
        Binding("escape", "close", "Close", id="search.close"),
        Binding("down", "move(1)", "Next hit", show=False, id="search.next"),
        Binding("up", "move(-1)", "Previous hit", show=False, id="search.previous"),
    ]

    def __init__(self, account_id: int | None = None, account_name: str | None = None) -> None:
        super().__init__()
        self.account_id = account_id
        self.account_name = account_name
        self._timer: Timer | None = None
        # every search gets a number; a result that arrives after a newer search started
        # is dropped (a cancelled thread worker still runs to its end)
        self._generation = 0
        self._shown = 0
        # enter pressed before the results of what was typed arrived: open the best one then
        self._open_first = False
        self._hits: dict[str, search.SearchHit] = {}
        # the connection a search is running on: a newer search interrupts it, since a
        # thread worker cannot be stopped and a broad query on a big file takes a while
        self._search_conn: sqlite3.Connection | None = None

    def compose(self) -> ComposeResult:
        scope = f"Search in {one_line(self.account_name or '')}" if self.account_id else "Search"
        with Vertical():
            yield Label(scope, classes="search-title", markup=False)
            field = Input(placeholder="words to find: names, notes, complaints, ideas, deals")
            field.cursor_blink = False
            yield field
            yield Label(HINT, id="search-status", markup=False)
            # scoped to one account, the account goes without saying
            columns = [c for c in COLUMNS if c.key != "account" or self.account_id is None]
            yield SamTable(columns, id="search-results")
            yield Label("", id="search-detail", markup=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    # --- searching -------------------------------------------------------------------

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE, self.run_search)

    def reload(self) -> None:
        """Another process wrote to the file: search again, keeping the selected hit."""
        if self.query_one(Input).value.strip() and self._timer is None:
            self.run_search(keep_cursor=True)

    def run_search(self, *, keep_cursor: bool = False) -> None:
        self._timer = None
        text = self.query_one(Input).value
        self._generation += 1
        generation = self._generation
        if not text.strip():
            self._shown = generation
            self._open_first = False
            self._show_hits([])
            self._status(HINT)
            return
        account_id = self.account_id
        self._interrupt()

        def job(conn: sqlite3.Connection) -> search.SearchResult | None:
            self._search_conn = conn
            try:
                return search.search(conn, text, account_id=account_id, limit=LIMIT)
            except sqlite3.OperationalError as exc:
                if "interrupt" not in str(exc):
                    raise
                return None
            finally:
                if self._search_conn is conn:
                    self._search_conn = None

        cockpit_of(self).db_call(
            job,
            done=lambda result: self._found(generation, result, keep_cursor),
            failed=lambda exc: self._failed(generation, exc),
            group="search",
            exclusive=True,
        )

    def _interrupt(self) -> None:
        running = self._search_conn
        if running is not None:
            try:
                running.interrupt()  # the one sqlite3 call made for other threads
            except sqlite3.ProgrammingError:
                pass  # it finished and closed meanwhile

    def _found(
        self, generation: int, result: search.SearchResult | None, keep_cursor: bool = False
    ) -> None:
        if generation != self._generation or result is None:
            return
        self._shown = generation
        self._show_hits(result.hits, keep_cursor=keep_cursor)
        if self._open_first:
            self._open_first = False
            if result.hits:
                self.open_hit(self.query_one(SamTable).current_key())
                return
        if not result.hits:
            where = "" if self.account_id is not None else " (archived accounts are left out)"
            self._status(f"No matches{where if result.archived_left_out else ''}")
        elif result.broad:
            self._status(
                f"Best {len(result.hits)} among the newest {result.ranked:,} matches and every "
                "matching name: add words to narrow it"
            )
        elif result.ranked > len(result.hits):
            self._status(f"Best {len(result.hits)} of {result.ranked} matches")
        else:
            self._status(f"{result.ranked} match{'es' if result.ranked != 1 else ''}")

    def _failed(self, generation: int, exc: SamError) -> None:
        if generation != self._generation:
            return
        self._shown = generation
        self._open_first = False
        self._show_hits([])
        self._status(str(exc), error=True)

    def _status(self, message: str, *, error: bool = False) -> None:
        label = self.query_one("#search-status", Label)
        label.update(one_line(message))
        label.set_class(error, "error")

    def _show_hits(self, hits: list[search.SearchHit], *, keep_cursor: bool = False) -> None:
        today = clock.today()
        self._hits = {}
        rows = []
        for hit in hits:
            key = f"{hit.source}:{hit.id}"
            self._hits[key] = hit
            when = dates.short_day(hit.at.astimezone().date(), today, narrow=True)
            account = [] if self.account_id is not None else [literal(hit.account_name)]
            rows.append(row(key, hit.kind.value, *account, when, snippet_text(hit)))
        table = self.query_one(SamTable)
        table.set_rows(rows)
        if rows and not keep_cursor:
            table.move_cursor(row=0, animate=False)
        self._describe(table.current_key())

    # --- moving and opening ------------------------------------------------------------

    def action_move(self, step: int) -> None:
        table = self.query_one(SamTable)
        if table.row_count:
            table.move_cursor(row=max(0, min(table.row_count - 1, table.cursor_row + step)))

    @on(SamTable.RowHighlighted)
    def _highlighted(self, event: SamTable.RowHighlighted) -> None:
        self._describe(event.row_key.value)

    def _describe(self, key: str | None) -> None:
        hit = self._hits.get(key or "")
        detail = "" if hit is None else f"{hit.account_name} · {hit.label}"
        self.query_one("#search-detail", Label).update(one_line(detail))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._timer is not None:
            # typed faster than the debounce: search now, open when the hits arrive
            self._timer.stop()
            self.run_search()
        if self._shown != self._generation:
            self._open_first = True
            return
        self.open_hit(self.query_one(SamTable).current_key())

    @on(SamTable.RowSelected)
    def _selected(self, event: SamTable.RowSelected) -> None:
        event.stop()
        self.open_hit(event.row_key.value)

    def open_hit(self, key: str | None) -> None:
        hit = self._hits.get(key or "")
        if hit is None:
            return
        self._interrupt()
        self.dismiss()
        self.app.post_message(OpenAccount(hit.account_id, record_of(hit)))

    def action_close(self) -> None:
        self._interrupt()
        self.dismiss()
