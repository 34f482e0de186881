"""What every cockpit screen shares: the nav bar, a filterable main table, reloads in workers."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

from sam_tui.domain.errors import SamError
from sam_tui.tui.cockpit import Cockpit, OpenAccount, cockpit_of
from sam_tui.tui.context import Selection
from sam_tui.tui.widgets.keybar import KeyBar
from sam_tui.tui.widgets.nav import NavBar
from sam_tui.tui.widgets.table import Column, SamTable

if TYPE_CHECKING:
    from textual.widgets import Input

R = TypeVar("R")  # a record a row shows


class SamScreen(Screen[None]):
    """A screen whose data comes from ``load`` (in a worker) and goes to ``show``.

    It answers what the cockpit asks of a screen (``tui.cockpit.View``).
    """

    BINDINGS = [
        Binding("escape", "clear_filter", "Clear filter", show=False, id="sam.clear-filter"),
    ]
    # the name its reads are kept under while nothing is committed (``tui.kept``); None:
    # read afresh on every reload
    KEEP: ClassVar[str | None] = None
    _opened = False  # shown once already
    _on_screen: Any = None  # what ``load`` returned last

    @property
    def cockpit(self) -> Cockpit:
        return cockpit_of(self)

    # --- data ----------------------------------------------------------------------

    def load(self, conn: sqlite3.Connection) -> Any:
        """Runs in a worker thread; returns plain objects for ``show``."""
        raise NotImplementedError

    def show(self, data: Any) -> None:
        """Runs on the UI thread with what ``load`` returned."""
        raise NotImplementedError

    def reload(self) -> None:
        self.cockpit.db_call(
            self.load,
            done=self._loaded,
            failed=self._unread,
            group=f"load-{self.id or type(self).__name__}",
            exclusive=True,
            keep=self.KEEP,
        )

    def _unread(self, exc: SamError) -> None:
        self.cockpit.show_error(exc)
        table = self.main_table()
        if table is not None:
            table.unread()

    def _loaded(self, data: Any) -> None:
        # a kept read comes back as the very object on screen: nothing to redraw
        if data is not self._on_screen:
            self._on_screen = data
            self.show(data)

    def on_screen_resume(self) -> None:
        # back from a modal or another mode: the data may have moved meanwhile
        self.resumed()

    def resumed(self) -> None:
        if self.KEEP is not None and not self._opened:
            # first shown: what was last read (before the first visit, on a large book)
            # at once, while the reload below reads afresh if the book moved since
            self._opened = True
            kept = self.cockpit.kept(self.KEEP)
            if kept is not None:
                self._loaded(kept)
        self.reload()

    def selection(self) -> Selection:
        return Selection()

    # --- filtering -----------------------------------------------------------------

    def main_table(self) -> SamTable | None:
        found = self.query(SamTable)
        return found.first() if found else None

    def start_filter(self) -> None:
        table = self.main_table()
        if table is None:
            self.app.notify("Nothing to filter here", markup=False)
            return
        found = self.query("#filter")
        if found:
            field = found.first()
        else:
            # made on first use: Input is not needed to show the screen
            from textual.widgets import Input

            field = Input(placeholder="filter: type words, enter keeps, esc clears", id="filter")
            field.cursor_blink = False
            parent = table.parent
            assert isinstance(parent, Widget)
            parent.mount(field, before=table)
        field.display = True
        field.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        table = self._filtering(event)
        if table is not None:
            table.set_filter(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        table = self._filtering(event)
        if table is not None:
            table.focus()

    def _filtering(self, event: Input.Changed | Input.Submitted) -> SamTable | None:
        """The table to filter when the event is the filter box's (it goes no further)."""
        if event.input.id != "filter":
            return None
        event.stop()
        return self.main_table()

    def action_clear_filter(self) -> None:
        box = self.query("#filter")
        if not box:
            return
        field = box.first()
        field.value = ""  # type: ignore[attr-defined]
        field.display = False
        table = self.main_table()
        if table is not None:
            table.set_filter("")
            table.focus()

    def on_sam_table_row_highlighted(self, event: SamTable.RowHighlighted) -> None:
        self.row_highlighted(event.table, event.row_key.value)

    def row_highlighted(self, table: SamTable, key: str | None) -> None:
        """Hook: the cursor moved to the row ``key``."""


class RecordsScreen(SamScreen, Generic[R]):
    """A screen whose main table shows one record a row, keyed by its id: the record
    under the cursor is the selection, enter opens its account."""

    MODE: ClassVar[str]  # the cockpit mode it is (the nav bar shows it)
    ID: ClassVar[str]
    TABLE: ClassVar[str]  # the main table's id
    COLUMNS: ClassVar[tuple[Column, ...]]
    # what the main table says with no record at all ("": the screen says it elsewhere)
    EMPTY_TABLE: ClassVar[str] = ""

    def __init__(self) -> None:
        super().__init__(id=self.ID)
        self.records: dict[str, R] = {}

    def compose(self) -> ComposeResult:
        yield NavBar(self.MODE)
        yield from self.body()
        yield KeyBar()

    def body(self) -> ComposeResult:
        yield SamTable(self.COLUMNS, id=self.TABLE, empty=self.EMPTY_TABLE)

    def on_mount(self) -> None:
        table = self.main_table()
        if table is not None:
            table.focus()

    def selected(self) -> R | None:
        table = self.main_table()
        return self.records.get((table.current_key() if table else None) or "")

    def selection(self) -> Selection:
        record = self.selected()
        return Selection() if record is None else self.select(record)

    def select(self, record: R) -> Selection:
        """What actions work on when ``record`` is under the cursor."""
        raise NotImplementedError

    def opens(self, record: R) -> OpenAccount:
        """The account view enter opens on ``record``: its account's."""
        account_id = self.select(record).account_id
        assert account_id is not None
        return OpenAccount(account_id)

    def on_sam_table_row_selected(self, event: SamTable.RowSelected) -> None:
        record = self.records.get(event.row_key.value or "")
        if record is not None:
            self.post_message(self.opens(record))
