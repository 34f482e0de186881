"""What the pipeline and the prospects screens share: records grouped by stage, the selected
one in full under the table, the closed ones shown on demand (`h`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static

from sam_tui.tui.screens.base import R, RecordsScreen
from sam_tui.tui.widgets.table import Row, SamTable


def stage_keys(screen: str, add: str, what: str, closed: str) -> list[BindingType]:
    """``a`` adds one (the app's action ``add``), ``h`` shows or hides the closed ones."""
    return [
        Binding("a", f"app.{add}", "Add", id=f"{screen}.add", tooltip=f"Add {what}"),
        Binding(
            "h",
            "toggle_closed",
            "Closed",
            id=f"{screen}.toggle-closed",
            tooltip=f"Show or hide the {closed}",
            # the footer is full at 80 columns: the hint line under the table says it
            show=False,
        ),
    ]


class StagesScreen(RecordsScreen[R]):
    """Its widgets are named after ``PREFIX``: ``#{PREFIX}-box`` holds the table, the selected
    record's detail and a line of keys; ``#{PREFIX}-empty`` (``EMPTY``) says what the screen
    is for while there is nothing in it."""

    CSS_PATH = ["lines.tcss", "stages.tcss"]  # next to each subclass: screens/
    PREFIX: ClassVar[str]
    EMPTY: ClassVar[str]

    def __init__(self) -> None:
        super().__init__()
        self.data: Any = None
        self.show_closed = False

    def body(self) -> ComposeResult:
        with Vertical(id=f"{self.PREFIX}-box"):
            yield from self.above_table()
            yield SamTable(self.COLUMNS, id=self.TABLE, empty="")
            yield Static(id=f"{self.PREFIX}-detail")
            yield Static(id=f"{self.PREFIX}-keys", classes="tab-hint")
        yield Static(self.EMPTY, id=f"{self.PREFIX}-empty", markup=False)

    def above_table(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.query_one(f"#{self.PREFIX}-empty").display = False
        super().on_mount()

    # --- what each screen says -------------------------------------------------------

    def everything(self, data: Any) -> list[R]:
        """Every record ``load`` read, open and closed, in the order they are listed."""
        raise NotImplementedError

    def is_closed(self, record: R) -> bool:
        raise NotImplementedError

    def rows(self, shown: list[R]) -> Iterable[Row]:
        """The table: a heading row a stage, then its records."""
        raise NotImplementedError

    def detail(self, record: R) -> Text:
        raise NotImplementedError

    def nothing_to_detail(self, shown: list[R], closed: int) -> Text | None:
        """What the detail panel says when there is no record to show in it."""
        raise NotImplementedError

    def keys(self, closed: int) -> Text:
        raise NotImplementedError

    def toggled(self, closed: int) -> str:
        """What ``h`` says it did."""
        raise NotImplementedError

    # --- the common part ---------------------------------------------------------------

    def show(self, data: Any) -> None:
        self.data = data
        everything = self.everything(data)
        shown = [r for r in everything if self.show_closed or not self.is_closed(r)]
        closed = sum(1 for r in everything if self.is_closed(r))
        empty = not everything
        self.query_one(f"#{self.PREFIX}-empty").display = empty
        self.query_one(f"#{self.PREFIX}-box").display = not empty
        self.records = {str(r.id): r for r in shown}  # type: ignore[attr-defined]
        self.query_one(SamTable).set_rows(list(self.rows(shown)))
        idle = None if empty else self.nothing_to_detail(shown, closed)
        if idle is not None:
            self.query_one(f"#{self.PREFIX}-detail", Static).update(idle)
        else:
            self._show_detail(self.selected())
        self.query_one(f"#{self.PREFIX}-keys", Static).update(self.keys(closed))

    def _show_detail(self, record: R | None) -> None:
        panel = self.query_one(f"#{self.PREFIX}-detail", Static)
        panel.update("" if record is None else self.detail(record))

    def row_highlighted(self, table: SamTable, key: str | None) -> None:
        if table.id == self.TABLE:
            self._show_detail(self.records.get(key or ""))

    def action_toggle_closed(self) -> None:
        self.show_closed = not self.show_closed
        if self.data is not None:
            self.show(self.data)
        closed = sum(1 for r in self.everything(self.data) if self.is_closed(r)) if self.data else 0
        self.app.notify(self.toggled(closed), markup=False, timeout=3)
