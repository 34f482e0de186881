"""What every cockpit screen shares: the nav bar, a filterable main table, reloads in workers."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any

from textual import on
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Input

from sam_tui.tui.context import Selection
from sam_tui.tui.widgets.table import SamTable

if TYPE_CHECKING:
    from sam_tui.tui.app import SamApp


class SamScreen(Screen[None]):
    """A screen whose data comes from ``load`` (in a worker) and goes to ``show``."""

    BINDINGS = [
        Binding("escape", "clear_filter", "Clear filter", show=False, id="sam.clear-filter"),
    ]

    @property
    def sam(self) -> SamApp:
        from sam_tui.tui.app import SamApp

        assert isinstance(self.app, SamApp)
        return self.app

    # --- data ----------------------------------------------------------------------

    def load(self, conn: sqlite3.Connection) -> Any:
        """Runs in a worker thread; returns plain objects for ``show``."""
        raise NotImplementedError

    def show(self, data: Any) -> None:
        """Runs on the UI thread with what ``load`` returned."""
        raise NotImplementedError

    def reload(self) -> None:
        self.sam.db_call(self.load, done=self.show, group=f"load-{self.id or type(self).__name__}",
                         exclusive=True)

    def on_screen_resume(self) -> None:
        # back from a modal or another mode: the data may have moved meanwhile
        self.reload()

    def selection(self) -> Selection:
        return Selection()

    # --- filtering -----------------------------------------------------------------

    def main_table(self) -> SamTable | None:
        found = self.query(SamTable)
        return found.first() if found else None

    def start_filter(self) -> None:
        box = self.query("#filter")
        if not box:
            self.app.notify("Nothing to filter here", markup=False)
            return
        field = box.first(Input)
        field.display = True
        field.focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        table = self.main_table()
        if table is not None:
            table.set_filter(event.value)

    @on(Input.Submitted, "#filter")
    def _filter_done(self, event: Input.Submitted) -> None:
        event.stop()
        table = self.main_table()
        if table is not None:
            table.focus()

    def action_clear_filter(self) -> None:
        box = self.query("#filter")
        if not box:
            return
        field = box.first(Input)
        field.value = ""
        field.display = False
        table = self.main_table()
        if table is not None:
            table.set_filter("")
            table.focus()

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.row_highlighted(event.data_table, event.row_key.value)

    def row_highlighted(self, table: DataTable[Any], key: str | None) -> None:
        """Hook: the cursor moved to the row ``key``."""
