"""A table declared by its columns that draws only the rows on screen, keeps the cursor on its
row across reloads and filters, cuts long text with an ellipsis, and never parses markup.

Over 450 lines on purpose: column layout, lazy rows, the cursor and drawing cells without
Rich's general layout are one widget's contract (tested against DataTable's look and keys);
split, each part would reach into the others' state.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from functools import lru_cache
from typing import ClassVar, NamedTuple, TypeVar

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions
from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size, Spacing
from textual.message import Message
from textual.renderables.styled import Styled
from textual.scroll_view import ScrollView
from textual.strip import Strip

from sam_tui import clock
from sam_tui.domain.dates import format_moment, short_day
from sam_tui.domain.text import one_line

Cell = str | Text
# a row's cells, or how to make them: a long list builds only the rows it draws
Cells = tuple[Cell, ...] | Callable[[], tuple[Cell, ...]]

Record = TypeVar("Record")
Group = TypeVar("Group", bound=Hashable)


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
    """One column: its key, its header, its width in cells (there is no horizontal
    scrolling, so the widths follow the table's).

    Without a width, a column takes what the others leave, never fewer than ``least``
    cells. With ``grow``, a column shares what is left over with the others that grow, in
    proportion (a name column gets its part of a wide terminal), up to ``most`` cells (a
    column wider than its longest name would only push the rest apart). With ``drop``, a column
    is left out where even ``least`` would not fit: the lowest ``drop`` first (the
    screen shows its value elsewhere, under the table).
    """

    key: str
    label: str
    width: int | None = None
    grow: int = 0
    drop: int = 0
    least: int = 8
    most: int | None = None


class Row(NamedTuple):
    key: str
    # the cells, or a function making them when the row is first drawn (``lazy_row``)
    cells: Cells
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


def lazy_row(key: str, search: str, cells: Callable[[], tuple[Cell, ...]]) -> Row:
    """A row of a long list: ``cells`` runs when the row is first drawn; ``search`` is
    what the filter matches (the words the row shows, plain)."""
    return Row(key, cells, search.casefold())


def grouped(
    records: Iterable[Record], group: Callable[[Record], Group], order: Iterable[Group]
) -> Iterator[tuple[Group, list[Record]]]:
    """The records of each group in ``order`` (``group`` says a record's), as listed under
    ``group_row`` headings; an empty group is left out."""
    found: dict[Group, list[Record]] = {}
    for record in records:
        found.setdefault(group(record), []).append(record)
    for name in order:
        members = found.get(name)
        if members:
            yield name, members


def group_row(key: str, title: str, width: int, notes: Mapping[int, Text] | None = None) -> Row:
    """A heading row (``Overdue``, a stage) between groups: ``title`` in the first column,
    ``notes`` (``3 follow-ups``) in the columns they are given for; actions skip it."""
    # a heading wider than its column loses its padding (" Qualification "), not a letter
    cells = [Text(title, style="bold reverse"), *(_cell(Text("")) for _ in range(width - 1))]
    for at, note in (notes or {}).items():
        cells[at] = _cell(note)
    return Row(key, tuple(cells), "", selectable=False)


_EMPTY = Text()
_NULL = Style.null()
_PAST_COLUMNS = Style.from_meta({"out_of_bounds": True})


@lru_cache(maxsize=64)
def _column_meta(column: int) -> Style:
    return Style.from_meta({"column": column})


_NEWLINE = Text("\n")


def draw_cell(
    console: Console,
    options: ConsoleOptions,
    cell: Text,
    width: int,
    padding: int,
    pre: Style,
    post: Style,
) -> list[Segment]:
    """One cell, ``width`` cells wide with ``padding`` on either side, as DataTable draws it:
    the same segments as ``rich_cell`` for a one-line cell, without Rich's general layout,
    which drawing thousands of cells a second made the cost of a keystroke."""
    text = cell.plain
    inner = width - 2 * padding
    justify = cell.justify or "default"
    overflow = cell.overflow or "fold"
    if (
        inner <= 0
        or "\n" in text
        or "\t" in text
        or cell.no_wrap is False
        or justify not in ("default", "left", "right")
        or overflow == "ignore"
    ):
        return rich_cell(console, options, cell, width, padding, pre, post)
    # Text.__rich_console__ with no_wrap, then console.render_lines(..., pad=True)
    line = cell.copy()
    if justify == "left":
        line.truncate(inner, overflow=overflow, pad=True)
    elif justify == "right":
        line.rstrip()
        line.truncate(inner, overflow=overflow)
        line.pad_left(inner - cell_len(line.plain))
    line.truncate(inner, overflow=overflow)
    # joined as Rich joins lines, which makes the text's own style a span that render uses
    drawn = list(_NEWLINE.join([line]).render(console, end=""))
    length = cell_len(line.plain)
    if length < inner:
        drawn.append(Segment(" " * (inner - length), _NULL))
    elif length > inner:
        drawn = Segment.adjust_line_length(drawn, inner, _NULL)
    space = Segment(" " * padding, _NULL)
    return list(Segment.apply_style([space, *drawn, space], pre, post))


def rich_cell(
    console: Console,
    options: ConsoleOptions,
    cell: Text,
    width: int,
    padding: int,
    pre: Style,
    post: Style,
) -> list[Segment]:
    """One cell through Rich's layout, exactly as Textual's DataTable draws it."""
    lines = console.render_lines(
        Styled(Padding(cell, (0, padding)), pre_style=pre, post_style=post),
        options.update_dimensions(width, 1).update(no_wrap=True),
    )
    return lines[0]


class RowKey(NamedTuple):
    """A row's key as a message carries it (``event.row_key.value``)."""

    value: str


class _Keys(Mapping[str, Row]):
    """The rows shown, by key, in order (what ``DataTable.rows`` offers its callers)."""

    def __init__(self, table: SamTable) -> None:
        self._table = table

    def __getitem__(self, key: object) -> Row:
        value = key.value if isinstance(key, RowKey) else key
        index = self._table.key_index().get(str(value))
        if index is None:
            raise KeyError(key)
        return self._table._shown[index]

    def __contains__(self, key: object) -> bool:
        value = key.value if isinstance(key, RowKey) else key
        return str(value) in self._table.key_index()

    def __iter__(self) -> Iterator[RowKey]:  # type: ignore[override]
        return (RowKey(r.key) for r in self._table._shown)

    def __len__(self) -> int:
        return len(self._table._shown)


class SamTable(ScrollView, can_focus=True):
    """Rows by key; ``set_rows`` shows a new list and puts the cursor back where it was.

    Only the lines on screen are drawn (toolong's way with long files): a list of 10,000
    rows costs what its visible twenty do, and a row whose cells are a function
    (``lazy_row``) is built when first drawn. It looks and answers keys as Textual's
    DataTable with a row cursor does (same component classes, same bindings).
    """

    DEFAULT_CSS = """
    SamTable {
        height: 1fr;
        scrollbar-size-vertical: 1;
        scrollbar-gutter: stable;
        background: $surface;
        color: $foreground;
        &:focus {
            background-tint: $foreground 5%;
            & > .datatable--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .datatable--header {
                background-tint: $foreground 5%;
            }
        }
        & > .datatable--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .datatable--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .datatable--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .datatable--header-hover {
            background: $accent 30%;
        }
        & > .datatable--hover {
            background: $block-hover-background;
        }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "datatable--header",
        "datatable--cursor",
        "datatable--hover",
        "datatable--header-hover",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Select", show=False),
        Binding("up", "cursor_up", "Cursor up", show=False),
        Binding("down", "cursor_down", "Cursor down", show=False),
        Binding("right", "scroll_right", "Scroll right", show=False),
        Binding("left", "scroll_left", "Scroll left", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("ctrl+home", "scroll_top", "Top", show=False),
        Binding("ctrl+end", "scroll_bottom", "Bottom", show=False),
        Binding("home", "scroll_home", "Home", show=False),
        Binding("end", "scroll_end", "End", show=False),
    ]

    CELL_PADDING = 1
    HEADER = 1  # lines
    # strips kept for lines drawn lately; a screenful is ~40
    LINE_CACHE = 400
    # drawn cells kept (``_drawn``); a screenful has ~300, most of them repeated
    CELL_CACHE = 4000

    class _RowMessage(Message):
        def __init__(self, table: SamTable, cursor_row: int, key: str) -> None:
            super().__init__()
            self.table = self.data_table = table
            self.cursor_row = cursor_row
            self.row_key = RowKey(key)

        @property
        def control(self) -> SamTable:
            return self.table

    class RowHighlighted(_RowMessage):
        """The cursor is on a new row (or the rows under it changed)."""

    class RowSelected(_RowMessage):
        """Enter (or a click on the cursor's row)."""

    class HeaderSelected(Message):
        """A click on a column's header."""

        def __init__(self, table: SamTable, key: str, column_index: int) -> None:
            super().__init__()
            self.table = self.data_table = table
            self.column_key = RowKey(key)
            self.column_index = column_index

        @property
        def control(self) -> SamTable:
            return self.table

    # the line under the header while no row is shown: before the first rows come (a
    # large book takes a moment), when the filter keeps none, when there are none
    READING = "Reading…"

    def __init__(
        self, columns: Sequence[Column], *, id: str | None = None, empty: str | None = None
    ) -> None:
        """``empty``: what the table says when it has no rows at all ("": nothing, its
        screen says it); None: no line at all, not even while reading (the screen speaks)."""
        super().__init__(id=id)
        self.empty = empty
        self._filled = False  # rows were given once
        self._unread = False  # the read of its rows failed (an error toast said why)
        self._columns = list(columns)
        self._labels = [Text(c.label) for c in columns]
        # (width available, [(column index, its width with its padding) of those shown])
        self._columns_at: tuple[int, list[tuple[int, int]]] | None = None
        self._rows: list[Row] = []
        self._filter = ""
        # what is shown: every row, or those the filter keeps; key -> index in it, made
        # when first asked for (a keystroke in the filter need not index 10,000 rows)
        self._shown: list[Row] = []
        self._index: dict[str, int] | None = {}
        self._cursor = 0
        self._hover: int | None = None
        self._built: dict[str, tuple[Text, ...]] = {}
        self._lines: dict[tuple[object, ...], Strip] = {}
        # drawn cells by what they show: rows share most values (a tier, "—", a date), so
        # the rows a keystroke brings on screen mostly draw only their names
        self._drawn: dict[tuple[object, ...], list[Segment]] = {}

    # --- the rows -------------------------------------------------------------------

    @property
    def rows(self) -> Mapping[str, Row]:
        return _Keys(self)

    @property
    def row_count(self) -> int:
        return len(self._shown)

    @property
    def cursor_row(self) -> int:
        return self._cursor

    def key_index(self) -> dict[str, int]:
        """Each row shown by key: its place."""
        if self._index is None:
            self._index = {r.key: n for n, r in enumerate(self._shown)}
        return self._index

    def get_row_index(self, key: str) -> int:
        return self.key_index()[key]

    def get_row(self, key: str) -> list[Text]:
        """The cells of the row ``key`` as drawn."""
        return list(self._cells(self._shown[self.key_index()[key]]))

    def current_key(self) -> str | None:
        if not self._shown:
            return None
        return self._shown[self._cursor].key

    def unread(self) -> None:
        """The read of the rows failed: the line says so instead of ``Reading…``."""
        self._unread = True
        self.refresh()

    def set_rows(self, rows: Sequence[Row]) -> None:
        self._filled = True
        self._unread = False
        self._rows = list(rows)
        self._built.clear()
        self._lines.clear()
        self._render_rows()

    def append_rows(self, rows: Sequence[Row]) -> None:
        """More rows after the last (the next page of a long list); the cursor stays put."""
        self._filled = True
        self._rows.extend(rows)
        self._render_rows()

    def set_filter(self, text: str) -> None:
        narrower = self._filter and text.casefold().strip().startswith(self._filter)
        # the same rows, filtered anew: only the lines showing something else are repainted
        before = self._on_screen()
        self._filter = text.casefold().strip()
        # typed on (``acm`` -> ``acme``): what the new filter keeps, the last one kept too
        self._render_rows(self._shown if narrower else None, before)

    def visible_rows(self, among: list[Row] | None = None) -> list[Row]:
        if not self._filter:
            return self._rows
        words = self._filter.split()
        rows = self._rows if among is None else among
        if len(words) == 1:  # as typed, mostly: one word, without a loop per row
            (word,) = words
            return [r for r in rows if r.selectable and word in r.search]
        return [r for r in rows if r.selectable and all(w in r.search for w in words)]

    def _render_rows(
        self, among: list[Row] | None = None, before: list[object] | None = None
    ) -> None:
        """Show the rows the filter keeps (of ``among``, else of all); ``before``: what the
        lines showed (``_on_screen``) when the rows themselves are unchanged, else None:
        every line is repainted."""
        keep = self.current_key()
        keep_index = self._cursor
        self._shown = self.visible_rows(among)
        self._index = None
        self._hover = None
        self._set_virtual_size(Size(self._table_width(), len(self._shown) + self.HEADER))
        # the row under the cursor, wherever it went (found without indexing every row)
        index = next((n for n, r in enumerate(self._shown) if r.key == keep), None)
        if index is None:
            # the row went away (done, resolved): stay at the same place in the list,
            # but never on a group heading, where no action applies
            index = min(keep_index, max(0, len(self._shown) - 1))
            while index + 1 < len(self._shown) and not self._shown[index].selectable:
                index += 1
        self._cursor = index
        self._repaint(before)
        if self._shown:
            if self.size:
                self._scroll_to_cursor()
            else:
                # not laid out yet: its height is not known until the next refresh
                self.call_after_refresh(self._scroll_to_cursor)
            self.post_message(self.RowHighlighted(self, index, self._shown[index].key))

    def _set_virtual_size(self, size: Size) -> None:
        """The rows' extent: ``virtual_size`` lays the whole screen out again, which only a
        vertical scrollbar coming or going needs (the table's own size does not follow its
        rows); otherwise the scrollbar is updated in place (``Widget._scroll_update``, as
        Textual's own resize does), and a keystroke repaints only the lines it changed."""
        height = self.container_size.height
        old = self.virtual_size
        if (
            not self.size
            or size.width != old.width
            or (size.height > height) != (old.height > height)
        ):
            self.virtual_size = size
            return
        if size != old:
            self.set_reactive(SamTable.virtual_size, size)
            self._scroll_update(size)

    def _on_screen(self) -> list[object] | None:
        """What each line under the header shows (a row and how, or the note), as far as
        the table is laid out; None before it is."""
        height = self.scrollable_content_region.height
        if not height:
            return None
        shown, top = self._shown, self.scroll_offset.y
        lines: list[object] = []
        for index in range(top, top + height - self.HEADER):
            if index < len(shown):
                lines.append((shown[index].key, index == self._cursor, index == self._hover))
            else:
                lines.append(self.note() if index == 0 else None)
        return lines

    def _repaint(self, before: list[object] | None) -> None:
        """Repaint the lines that show something else than ``before`` (all without it).

        A keystroke in the filter mostly keeps the rows at the top of the list (typing on,
        or a backspace, on a long list): those lines are neither drawn again nor composed
        again with the widget's styles, which with a screenful of them was most of what a
        keystroke cost."""
        after = self._on_screen()
        if before is None or after is None or len(before) != len(after):
            self.refresh()
            return
        width = self.size.width
        changed = [
            Region(0, y + self.HEADER, width, 1)
            for y, (old, new) in enumerate(zip(before, after, strict=True))
            if old != new
        ]
        if changed:
            self.refresh(*changed)

    def _cells(self, r: Row) -> tuple[Text, ...]:
        if not callable(r.cells):
            # made by ``row`` or ``group_row``, which chose each cell's overflow
            return tuple(c if isinstance(c, Text) else _cell(c) for c in r.cells)
        built = self._built.get(r.key)
        if built is None:
            built = tuple(_cell(c) for c in r.cells())
            if len(self._built) > 4 * self.LINE_CACHE:
                self._built.clear()
            self._built[r.key] = built
        return built

    # --- the cursor -----------------------------------------------------------------

    def move_cursor(
        self, *, row: int | None = None, animate: bool = False, scroll: bool = True
    ) -> None:
        if row is None or not self._shown:
            return
        row = max(0, min(row, len(self._shown) - 1))
        old, self._cursor = self._cursor, row
        if scroll:
            self._scroll_to_cursor(animate)
        if old != row:
            self._refresh_row(old)
        self._refresh_row(row)
        self.post_message(self.RowHighlighted(self, row, self._shown[row].key))

    def _scroll_to_cursor(self, animate: bool = False) -> None:
        region = Region(0, self._cursor + self.HEADER, max(self.size.width, 1), 1)
        self.scroll_to_region(
            region, animate=animate, spacing=Spacing(self.HEADER, 0, 0, 0), force=True
        )

    def _refresh_row(self, index: int) -> None:
        self.refresh_line(index + self.HEADER)

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height - self.HEADER)

    def action_cursor_up(self) -> None:
        self._set_hover(None)
        self.move_cursor(row=self._cursor - 1)

    def action_cursor_down(self) -> None:
        self._set_hover(None)
        self.move_cursor(row=self._cursor + 1)

    def action_page_down(self) -> None:
        self._set_hover(None)
        self.scroll_relative(y=self._page(), animate=False, force=True)
        self.move_cursor(row=self._cursor + self._page(), scroll=False)

    def action_page_up(self) -> None:
        self._set_hover(None)
        self.scroll_relative(y=-self._page(), animate=False)
        self.move_cursor(row=self._cursor - self._page(), scroll=False)

    def action_scroll_top(self) -> None:
        self.move_cursor(row=0)

    def action_scroll_bottom(self) -> None:
        self.move_cursor(row=len(self._shown) - 1)

    def action_scroll_home(self) -> None:
        self.scroll_x = 0

    def action_scroll_end(self) -> None:
        self.scroll_x = self.max_scroll_x

    def action_select_cursor(self) -> None:
        self._set_hover(None)
        if self._shown:
            self.post_message(self.RowSelected(self, self._cursor, self._shown[self._cursor].key))

    # --- the mouse ------------------------------------------------------------------

    def _set_hover(self, index: int | None) -> None:
        if index != self._hover:
            old, self._hover = self._hover, index
            for line in (old, index):
                if line is not None:
                    self._refresh_row(line)

    def _at(self, x: int, y: int) -> tuple[int, int]:
        """(row, column) under the point (``x``, ``y``) of the widget; row -1: the header,
        column -1: past the last one."""
        scroll_x, scroll_y = self.scroll_offset
        index = -1 if y < self.HEADER else y - self.HEADER + scroll_y
        edge = 0
        for column, width in self._layout():
            edge += width
            if x + scroll_x < edge:
                return index, column
        return index, -1

    def _on_mouse_move(self, event: events.MouseMove) -> None:
        index, _ = self._at(event.x, event.y)
        self._set_hover(index if 0 <= index < len(self._shown) else None)

    def _on_leave(self, _: events.Leave) -> None:
        self._set_hover(None)

    async def _on_click(self, event: events.Click) -> None:
        index, column = self._at(event.x, event.y)
        if index == -1:
            if 0 <= column < len(self._columns):
                self.post_message(self.HeaderSelected(self, self._columns[column].key, column))
            return
        if not 0 <= index < len(self._shown):
            return
        again = index == self._cursor
        self.move_cursor(row=index, animate=True)
        if again:
            self.post_message(self.RowSelected(self, index, self._shown[index].key))
        event.stop()

    # --- drawing --------------------------------------------------------------------

    def relabel(self, key: str, label: str) -> None:
        """A new header for the column ``key`` (the sort order it shows, say)."""
        for n, column in enumerate(self._columns):
            if column.key == key:
                self._labels[n] = Text(label)
        self._lines.clear()
        self.refresh()

    def shown_columns(self) -> list[str]:
        """The keys of the columns drawn at the table's width."""
        return [self._columns[n].key for n, _ in self._layout()]

    def _layout(self) -> list[tuple[int, int]]:
        """The columns drawn (index, width with padding): see ``Column``."""
        available = self.scrollable_content_region.width or self.size.width
        if self._columns_at is not None and self._columns_at[0] == available:
            return self._columns_at[1]
        pad = 2 * self.CELL_PADDING
        shown = list(range(len(self._columns)))
        while True:
            base = [self._base(n) for n in shown]
            spare = available - sum(base) - pad * len(shown)
            droppable = [n for n in shown if self._columns[n].drop]
            if spare >= 0 or not droppable:
                break
            shown.remove(min(droppable, key=lambda n: self._columns[n].drop))
        growing = [n for n in shown if self._grows(n)]
        shares = dict.fromkeys(shown, 0)
        while spare > 0 and growing:
            weight = sum(self._columns[n].grow or 1 for n in growing)
            offered = {n: spare * (self._columns[n].grow or 1) // weight for n in growing}
            # a column that would pass its ``most`` takes up to it; the others share the rest
            full = [n for n in growing if self._room(n, shares[n]) < offered[n]]
            if full:
                for n in full:
                    taken = max(0, self._room(n, shares[n]))
                    shares[n] += taken
                    spare -= taken
                    growing.remove(n)
                continue
            for n in growing:
                shares[n] += offered[n]
            # what rounding left goes to the column that takes the rest
            rest = next((n for n in growing if self._columns[n].width is None), growing[-1])
            shares[rest] += spare - sum(offered.values())
            break
        layout = [(n, self._base(n) + shares[n] + pad) for n in shown]
        self._columns_at = (available, layout)
        return layout

    def _base(self, n: int) -> int:
        column = self._columns[n]
        return column.least if column.width is None else column.width

    def _room(self, n: int, share: int) -> int:
        """How much more the column ``n`` may grow beyond ``share`` (up to its ``most``)."""
        most = self._columns[n].most
        return 10**6 if most is None else most - self._base(n) - share

    def _grows(self, n: int) -> bool:
        return self._columns[n].width is None or self._columns[n].grow > 0

    def _table_width(self) -> int:
        return sum(width for _, width in self._layout())

    def on_resize(self) -> None:
        # drawn lines are kept by width (their key says it): a new height alone (the filter
        # box shown above the table) leaves them good, and the first key typed in the box
        # then draws only the rows it brings on screen, not every line again
        self.virtual_size = Size(self._table_width(), len(self._shown) + self.HEADER)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines.clear()
        self._drawn.clear()

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = -1 if y < self.HEADER else y + scroll_y - self.HEADER
        width = self.size.width
        base = self.rich_style
        if index >= len(self._shown):
            if index == 0 and self.empty is not None:
                return self._note(width, base)
            return Strip.blank(width, base)
        cursor = index == self._cursor and index >= 0
        hover = index == self._hover and index >= 0
        # by the row's key, not its place: a filter moves rows up and keeps their lines
        row_key = self._shown[index].key if index >= 0 else None
        key = (row_key, cursor, hover, width, scroll_x, self.get_pseudo_class_state())
        strip = self._lines.get(key)
        if strip is None:
            if len(self._lines) > self.LINE_CACHE:
                self._lines.clear()
            strip = self._draw(index, cursor, hover, base, scroll_x, width)
            self._lines[key] = strip
        return strip

    def note(self) -> str:
        """What the line under the header says while no row is shown."""
        if self.empty is None:
            return ""
        if not self._filled:
            return "Could not be read · ctrl+r tries again" if self._unread else self.READING
        if self._rows and self._filter:
            return f"Nothing matches “{self._filter}” · esc clears the filter"
        return self.empty

    def _note(self, width: int, base: Style) -> Strip:
        text = Text(" " * self.CELL_PADDING + self.note(), style="dim", no_wrap=True)
        text.truncate(width, overflow="ellipsis")
        segments = list(text.render(self.app.console))
        return Strip(segments).adjust_cell_length(width, base).apply_style(base)

    def _draw(
        self, index: int, cursor: bool, hover: bool, base: Style, scroll_x: int, width: int
    ) -> Strip:
        """One line as DataTable draws it: padded cells, then the row's colour to the edge."""
        header = index < 0
        row_style = self.get_component_styles("datatable--header").rich_style if header else base
        extra = Style()
        if hover:
            extra += self.get_component_rich_style("datatable--hover")
            if header:
                extra += self.get_component_rich_style("datatable--header-hover")
        if cursor:
            extra += self.get_component_rich_style("datatable--cursor")
        # the cursor's colours win over a cell's own (DataTable's "css" priority)
        post = Style.from_color(extra.color) + Style.from_color(bgcolor=extra.bgcolor)
        cells = self._labels if header else self._cells(self._shown[index])
        # a click finds its cell by position; each column's cells carry the column (as
        # DataTable's carry row and column), so a line is cut into the same segments, and
        # the few styles made serve every line from Rich's cache of combined styles
        pre = row_style + extra
        console = self.app.console
        options = self.app.console_options
        segments: list[Segment] = []
        layout = self._layout()
        drawn = self._drawn
        for place, (column, cell_width) in enumerate(layout):
            cell = cells[column] if column < len(cells) else _EMPTY
            cell_style = pre + _column_meta(place)
            # everything draw_cell reads of the cell (rich_cell too), then where it goes
            key = (
                cell.plain,
                cell.style,
                tuple(cell.spans),
                cell.justify,
                cell.overflow,
                cell.no_wrap,
                cell.end,
                cell.tab_size,
                cell_width,
                cell_style,
                post,
            )
            found = drawn.get(key)
            if found is None:
                if len(drawn) > self.CELL_CACHE:
                    drawn.clear()
                found = drawn[key] = draw_cell(
                    console, options, cell, cell_width, self.CELL_PADDING, cell_style, post
                )
            segments += found
        remaining = max(0, width - sum(w for _, w in layout))
        segments.append(Segment(" " * remaining, pre + _PAST_COLUMNS))
        line = Strip(segments).crop(scroll_x, scroll_x + width)
        return line.adjust_cell_length(width, base).simplify()
