"""A DataTable declared by its columns, that keeps the cursor on its row across reloads and
filters, cuts long text with an ellipsis, and never parses markup."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import NamedTuple

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable

from sam_tui import clock
from sam_tui.domain.dates import format_moment, short_day
from sam_tui.domain.text import one_line

Cell = str | Text


# health colours, the same on every screen
HEALTH_STYLE = {"green": "green", "amber": "yellow", "red": "bold red"}


def stamp(value: datetime) -> str:
    """A stored UTC timestamp in local time: ``Thu 26 Nov 14:05``."""
    return format_moment(value.astimezone(), clock.today())


def literal(value: str | None, style: str = "") -> Text:
    """User text for a cell: a Rich Text is never parsed as markup; controls made visible."""
    return Text(one_line(value or ""), style=style)


def due_cell(due: date | None, today: date, *, narrow: bool = False) -> Text:
    """When something still open is due: "—", "3d late" in red, "today", or the day."""
    if due is None:
        return Text("—", style="dim")
    if due < today:
        return Text(f"{(today - due).days}d late", style="bold red")
    if due == today:
        return Text("today", style="yellow")
    return Text(short_day(due, today, narrow=narrow))


def noted(
    text: Text, note: str | None, sep: str = " · ", style: str = "dim", mark: str = "dim"
) -> Text:
    """``text``, then ``sep`` (in ``mark``) and the user text ``note`` (in ``style``) when
    there is one: a detail after a title, the reason after a lost deal's name."""
    if note:
        text.append(sep, style=mark)
        text.append_text(literal(note, style))
    return text


class Column(NamedTuple):
    """One column: its key, its header, its width in cells; without a width, the column
    that takes whatever the others leave (there is no horizontal scrolling)."""

    key: str
    label: str
    width: int | None = None


class Row(NamedTuple):
    key: str
    cells: tuple[Cell, ...]
    # lower-cased text the filter matches against; empty for group header rows
    search: str = ""
    selectable: bool = True


def fit(width: int, *texts: str) -> str:
    """The first of ``texts`` that fits ``width`` cells, else the last: the long form of a
    date where there is room, a shorter one rather than a date cut short."""
    return next((t for t in texts if cell_len(t) <= width), texts[-1])


def _cell(value: Cell | None) -> Text:
    text = value if isinstance(value, Text) else literal(value)
    # what does not fit its column ends in "…", as in the CLI's tables, not mid-word
    text.overflow = "ellipsis"
    return text


def row(key: str, *cells: Cell | None) -> Row:
    shown = tuple(_cell(c) for c in cells)
    return Row(key, shown, " ".join(c.plain for c in shown).casefold())


def group_row(key: str, title: str, width: int, notes: Mapping[int, Text] | None = None) -> Row:
    """A heading row (``Overdue``, a stage) between groups: ``title`` in the first column,
    ``notes`` (``3 follow-ups``) in the columns they are given for; actions skip it."""
    # a heading wider than its column loses its padding (" Qualification "), not a letter
    cells = [Text(title, style="bold reverse"), *(_cell(Text("")) for _ in range(width - 1))]
    for at, note in (notes or {}).items():
        cells[at] = _cell(note)
    return Row(key, tuple(cells), "", selectable=False)


class SamTable(DataTable[Cell]):
    """Rows by key; ``set_rows`` re-renders and puts the cursor back where it was."""

    DEFAULT_CSS = """
    SamTable { height: 1fr; scrollbar-size-vertical: 1; scrollbar-gutter: stable; }
    """

    def __init__(self, columns: Sequence[Column], *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)
        self._rows: list[Row] = []
        self._filter = ""
        self._flex = next((c.key for c in columns if c.width is None), None)
        for column in columns:
            self.add_column(column.label, key=column.key, width=column.width)

    def on_resize(self) -> None:
        self.fit_flex_column()

    def fit_flex_column(self) -> None:
        if self._flex is None:
            return
        flex = next((c for k, c in self.columns.items() if k.value == self._flex), None)
        if flex is None:
            return
        others = sum(c.get_render_width(self) for c in self.columns.values() if c is not flex)
        available = self.scrollable_content_region.width or self.size.width
        width = max(8, available - others - 2 * self.cell_padding)
        if flex.width != width or flex.auto_width:
            flex.auto_width = False
            flex.width = width
            self._require_update_dimensions = True
            self.refresh()

    def current_key(self) -> str | None:
        if self.row_count == 0:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return key

    def set_rows(self, rows: Sequence[Row]) -> None:
        self._rows = list(rows)
        self._render_rows()

    def set_filter(self, text: str) -> None:
        self._filter = text.casefold().strip()
        self._render_rows()

    def visible_rows(self) -> list[Row]:
        if not self._filter:
            return self._rows
        words = self._filter.split()
        return [r for r in self._rows if r.selectable and all(w in r.search for w in words)]

    def _render_rows(self) -> None:
        keep = self.current_key()
        keep_index = self.cursor_row
        with self.app.batch_update():
            self.clear()
            for r in self.visible_rows():
                self.add_row(*r.cells, key=r.key)
            if keep is not None and keep in self.rows:
                self.move_cursor(row=self.get_row_index(keep), animate=False)
            elif self.row_count:
                # the row went away (done, resolved): stay at the same place in the list,
                # but never on a group heading, where no action applies
                index = min(keep_index, self.row_count - 1)
                shown = self.visible_rows()
                while index + 1 < len(shown) and not shown[index].selectable:
                    index += 1
                self.move_cursor(row=index, animate=False)
        self.fit_flex_column()
