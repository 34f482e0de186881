"""Lists printed as they are read: one column spec for every CLI table, rows streamed.

A Rich table lays out every row before it prints the first (10,000 rows: ~19 s,
PITFALLS.md). Here the widths come from each column's spec and from the first rows
(``SAMPLE``), then every row is written as soon as it is read; a cell that does not fit
ends in "…", or continues on the next line when its column wraps, and a column that
must never be cut (ids, names) wraps rather than lose a character.

When the table is wider than the terminal (80 columns when output is not one), the
columns with the highest ``drop`` leave it first, whole, until the rest fit: an id or a
name is never cut to make room for a date. ``--wide`` keeps every column.

Over 450 lines on purpose: widths, wrapping, dropping columns and the pager are one
layout decision for every CLI list; split, each part would need the others' rules.

``Output`` is where the lines go: stdout, or on a terminal a pager once they outgrow the
screen (``SAM_PAGER``, then ``PAGER``, else ``less``; ``LESS=FRX`` unless set, as git
does). Stdlib only: printing 10,000 rows must not pay for Rich.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterable, Iterator, Sequence
from enum import StrEnum
from itertools import chain, islice
from types import TracebackType
from typing import IO, Literal, NamedTuple, TypeVar

from sam_tui.domain.text import SHOWN_LIMIT, one_line

# rows measured before the first is printed: enough to size the columns, small enough
# that the first line appears at once whatever the length of the list
SAMPLE = 200
# lines written at once (the first batch leaves as soon as the first rows are laid out)
_BATCH = 100
ELLIPSIS = "…"

_SGR = {
    "bold": "1",
    "dim": "2",
    "italic": "3",
    "underline": "4",
    "reverse": "7",
    "red": "31",
    "green": "32",
    "yellow": "33",
    "blue": "34",
    "magenta": "35",
    "cyan": "36",
}


class Span(NamedTuple):
    """A piece of a cell in one style (``"bold red"``); ``newline`` starts a new line."""

    text: str
    style: str = ""
    newline: bool = False


# A cell: plain text, one styled piece, or several pieces.
Cell = str | Span | tuple[Span, ...]
# A piece of a laid-out line, (text, style): a plain tuple, not a Span, because wrapping
# 100,000 rows makes and cuts millions of them (a NamedTuple's constructor and
# ``_replace`` run in Python).
Piece = tuple[str, str]
Row = TypeVar("Row")


class Column(NamedTuple):
    """One column of a list.

    ``width``: always this wide; otherwise as wide as its header and the widest cell of
    the first rows, between ``min_width`` and ``max_width``. ``flex``: takes the room the
    others leave (shrinking to ``min_width``). ``wrap``: a cell too long continues on the
    next lines, at spaces; otherwise it ends in "…". ``cut=False``: never "…" (ids and
    names), it wraps instead. ``drop``: 0, always shown; otherwise the column leaves a
    table too wide for the terminal, the highest ``drop`` first. ``hang``: where a wrapped
    line that starts at the column's edge continues (an indented one continues two cells
    further in than it starts).
    """

    header: str
    align: Literal["left", "right"] = "left"
    width: int | None = None
    min_width: int = 1
    max_width: int | None = None
    flex: bool = False
    wrap: bool = False
    cut: bool = True
    drop: int = 0
    hang: int = 0


# A name is never cut: it takes its own width, up to this, before any lower column stays;
# a longer one wraps.
NAME_WIDTH = 40


# The widest text some columns can hold. A column sized from its first rows only would cut
# a longer cell further down ("str…" for strategic, "31 Mar…" for a date next year).
DAY = len("15 Jan '27")  # output.short_day
AGO = len("11mo ago")  # output.ago
COMPACT = len("999.99k")  # money.format_compact
MONEY = len("999,999.99")  # output.money; a larger amount wraps, never loses a digit


def widest(values: Iterable[StrEnum]) -> int:
    """The longest value of an enum: a column of them is never cut."""
    return max(len(v.value) for v in values)


def name_column(header: str) -> Column:
    """An account's, a person's or a prospect's name: as wide as the names, never cut."""
    return Column(header, max_width=NAME_WIDTH, cut=False)


def id_column() -> Column:
    return Column("#", align="right", cut=False)


def peek(rows: Iterable[Row]) -> tuple[Row | None, Iterator[Row]]:
    """The first row (None: there is none) and every row, the first included."""
    source = iter(rows)
    first = next(source, None)
    return first, source if first is None else chain((first,), source)


def dropped_first(columns: Sequence[Column]) -> list[str]:
    """The headers of the columns a narrow terminal drops, in the order they go."""
    return [c.header for c in sorted((c for c in columns if c.drop), key=lambda c: -c.drop)]


# --- where the lines go ---------------------------------------------------------------


_COLOURS = frozenset({"red", "green", "yellow", "blue", "magenta", "cyan"})


def _colour(stream: IO[str]) -> bool:
    """Styles on a terminal, as Rich decides: FORCE_COLOR forces them, TERM=dumb turns them
    off (NO_COLOR keeps bold and dim, without colours: ``Output.style``)."""
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    return stream.isatty()


def _pager_command() -> str | None:
    """The pager to run, as git chooses one; None for none (empty, or ``cat``)."""
    for name in ("SAM_PAGER", "PAGER"):
        value = os.environ.get(name)
        if value is not None:
            value = value.strip()
            return None if value in ("", "cat") else value
    return "less" if shutil.which("less") else None


class Output:
    """The lines of one command: written to stdout as they come, or, on a terminal and
    once they outgrow the screen, through a pager (``paging=False``: never)."""

    def __init__(self, *, paging: bool = True) -> None:
        self._stdout = sys.stdout
        self.terminal = self._stdout.isatty()
        self.colour = _colour(self._stdout)
        self.plain_colours = bool(os.environ.get("NO_COLOR"))
        size = shutil.get_terminal_size((80, 24))
        # as Rich sizes its console: COLUMNS, else the terminal, else 80
        self.width = size.columns if (self.terminal or "COLUMNS" in os.environ) else 80
        self.height = size.lines if self.terminal else 0
        self._held: list[str] | None = [] if paging and self.terminal else None
        self._pending: list[str] = []
        self._pager: subprocess.Popen[str] | None = None
        self._sigint: object = None
        self.closed = False  # the reader went away (a pager quit, a broken pipe)

    def __enter__(self) -> Output:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def style(self, text: str, style: str) -> str:
        if not style or not self.colour:
            return text
        words = style.split()
        if self.plain_colours:
            words = [w for w in words if w not in _COLOURS]
        codes = ";".join(_SGR[word] for word in words if word in _SGR)
        return f"\x1b[{codes}m{text}\x1b[0m" if codes else text

    def line(self, text: str = "") -> None:
        """One line (styles already applied)."""
        if self.closed:
            return
        if self._held is not None:
            self._held.append(text)
            if len(self._held) >= self.height:
                self._start_pager()
            return
        self._pending.append(text)
        if len(self._pending) >= _BATCH:
            self.flush()

    def text(self, spans: Sequence[Span], *, fold: bool = True) -> None:
        """User text in styled pieces, made safe, folded at the terminal's width (as Rich
        folds a printed line) unless ``fold`` is False."""
        line = [(_plain(s.text), s.style) for s in spans if s.text]
        pieces = _fold(line, max(self.width, 1)) if fold else [line]
        for piece in pieces:
            self.line("".join(self.style(text, style) for text, style in piece))

    def flush(self) -> None:
        """Write what is pending: lines go out in batches, not one system call each (with
        PYTHONUNBUFFERED a write per line cost more than the rest of a 10,000-row list)."""
        if self._pending:
            text = "\n".join(self._pending) + "\n"
            self._pending.clear()
            self._write(text)

    def _write(self, text: str) -> None:
        if self._pager is not None:
            stdin = self._pager.stdin
            assert stdin is not None
            try:
                stdin.write(text)
            except (BrokenPipeError, OSError, ValueError):
                self.closed = True  # the user quit the pager: stop reading rows
            return
        self._stdout.write(text)
        if getattr(self._stdout, "broken_pipe", False) or getattr(self._stdout, "failure", None):
            self.closed = True  # `| head` has read its lines (cli.streams keeps it quiet)

    def _start_pager(self) -> None:
        held, self._held = self._held or [], None
        command = _pager_command()
        if command is not None:
            env = dict(os.environ)
            env.setdefault("LESS", "FRX")  # quit if one screen, colours, no screen clearing
            env.setdefault("LV", "-c")
            try:
                self._pager = subprocess.Popen(
                    command,
                    shell=True,
                    stdin=subprocess.PIPE,
                    stdout=self._stdout.fileno() if self._fileno() else None,
                    env=env,
                    text=True,
                    encoding="utf-8",
                    errors="replace",
                )
                # ctrl-c belongs to the pager while it runs (git does the same)
                self._sigint = signal.signal(signal.SIGINT, signal.SIG_IGN)
            except OSError:
                self._pager = None
        self._pending[:0] = held
        self.flush()

    def _fileno(self) -> bool:
        try:
            self._stdout.fileno()
        except (OSError, ValueError, AttributeError):
            return False
        return True

    def close(self) -> None:
        """Everything written: the lines held back for a short list, or the pager's end."""
        if self._held is not None:
            self._pending[:0], self._held = self._held, None
        self.flush()
        if self._pager is not None:
            pager, self._pager = self._pager, None
            try:
                assert pager.stdin is not None
                pager.stdin.close()
            except (BrokenPipeError, OSError):
                pass
            pager.wait()
            if self._sigint is not None:
                signal.signal(signal.SIGINT, self._sigint)  # type: ignore[arg-type]


# --- cells ----------------------------------------------------------------------------


def _plain(text: str) -> str:
    """User text made safe to print on one line (``domain.text.one_line``), fast when
    it already is (most cells: short printable ASCII)."""
    if text.isascii() and text.isprintable() and len(text) <= SHOWN_LIMIT:
        return text
    return one_line(text, strip=False)


def cell_len(text: str) -> int:
    """Terminal cells ``text`` takes (wide characters count two)."""
    if text.isascii():
        return len(text)
    from rich.cells import cell_len as measure  # only for non-ASCII text

    return measure(text)


def _chop(text: str, width: int) -> tuple[str, str]:
    """The head of ``text`` that fits ``width`` cells, and the rest."""
    if text.isascii():
        return text[:width], text[width:]
    used = 0
    for n, char in enumerate(text):
        size = cell_len(char)
        if used + size > width:
            return text[:n], text[n:]
        used += size
    return text, ""


def _hard_lines(cell: Cell) -> list[list[Piece]]:
    """The cell's lines (a span with ``newline`` starts one), its text made safe."""
    if isinstance(cell, str):
        text = _plain(cell)
        return [[(text, "")]] if text else [[]]
    lines: list[list[Piece]] = [[]]
    for span in (cell,) if isinstance(cell, Span) else cell:
        text = _plain(span.text)
        if span.newline and lines[-1]:
            lines.append([])
        if text:
            lines[-1].append((text, span.style))
    return lines


def _length(line: list[Piece]) -> int:
    return sum(cell_len(text) for text, _ in line)


def natural_width(cell: Cell) -> int:
    return max(_length(line) for line in _hard_lines(cell))


def _wrap(
    line: list[Piece], width: int, *, split_words: bool = True, hang: int = 0
) -> list[list[Piece]]:
    """``line`` folded into lines of at most ``width`` cells, at spaces where it can; an
    indented line (``  · a reason``) continues under its first word, one that starts at
    the edge ``hang`` cells in. A word longer than the column is split, unless
    ``split_words`` is False (an id, a word of a name): then it is kept whole and pushes the
    rest of its line right."""
    first, style = line[0] if line else ("", "")
    indent = len(first) - len(first.lstrip(" "))
    under = indent + 2 if indent else hang
    if under and width - under >= 8:
        body = [(first[indent:], style), *line[1:]]
        folded = _fold(body, width - under, split_words, first=width - indent)
        head = [(" " * indent, style), *folded[0]] if indent else folded[0]
        pad = (" " * under, style)
        return [head, *([pad, *rest] for rest in folded[1:])]
    return _fold(line, width, split_words)


def _fold(
    line: list[Piece], width: int, split_words: bool = True, first: int | None = None
) -> list[list[Piece]]:
    """``line`` in lines of ``width`` cells; ``first``: the first line's, when it differs
    (the continuation lines of a hanging indent are narrower than the line they follow)."""
    out: list[list[Piece]] = []
    current: list[Piece] = []
    used = 0
    room = width if first is None else first
    words: list[Piece] = []
    for whole, style in line:
        parts = whole.split(" ")
        last = parts.pop()
        words.extend((part + " ", style) for part in parts)
        words.append((last, style))
    # ASCII (most text): a character is a cell, and len() measures without a call to ours
    measure = len if all(text.isascii() for text, _ in line) else cell_len
    for text, style in words:
        size = measure(text)
        bare = measure(text.rstrip(" ")) if text[-1:] == " " else size
        if used + bare > room and used:
            out.append(current)
            current, used, room = [], 0, width
            if not text.strip():
                continue
        while bare > room and split_words:  # a word longer than the column: folded
            head, text = _chop(text, room - used)
            current.append((head, style))
            out.append(current)
            current, used, room = [], 0, width
            size = measure(text)
            bare = measure(text.rstrip(" "))
        current.append((text, style))
        used += size
    out.append(current)
    return [_rstrip(x) for x in out]


def _fold_ascii(texts: list[str], width: int, split_words: bool) -> list[str]:
    """``_fold`` of the pieces of a line of printable ASCII whose styles do not show (no
    colours, or none given), line by line as text: the cells a list wraps most (a title in
    a narrow column), 100,000 of them in a long list.

    The same steps as ``_fold``, words split piece by piece: printable ASCII has no blank
    but the space, so a word (what ``split(" ")`` leaves) is blank only when empty, a
    character takes one cell, and a line stripped piece by piece is the line stripped of
    its trailing spaces."""
    out: list[str] = []
    current: list[str] = []
    used = 0
    words: list[str] = []
    for text in texts:
        parts = text.split(" ")
        last = parts.pop()
        words.extend(part + " " for part in parts)
        words.append(last)
    for word in words:
        bare = len(word) - 1 if word[-1:] == " " else len(word)
        if used + bare > width and used:
            out.append("".join(current).rstrip(" "))
            current, used = [], 0
            if not bare:
                continue
        while bare > width and split_words:  # a word longer than the column: folded
            current.append(word[: width - used])
            out.append("".join(current).rstrip(" "))
            word = word[width - used :]
            current, used = [], 0
            bare = len(word.rstrip(" "))
        current.append(word)
        used += len(word)
    out.append("".join(current).rstrip(" "))
    return out


def _rstrip(line: list[Piece]) -> list[Piece]:
    while line and not line[-1][0].strip():
        line = line[:-1]
    if line:
        text, style = line[-1]
        line = [*line[:-1], (text.rstrip(" "), style)]
    return line


def _ellipsis(line: list[Piece], width: int) -> list[Piece]:
    if _length(line) <= width:
        return line
    out: list[Piece] = []
    room = width - 1
    for text, style in line:
        head, rest = _chop(text, room)
        if head:
            out.append((head, style))
        room -= cell_len(head)
        if rest or room <= 0:
            break
    if out:
        text, style = out[-1]
        out[-1] = (text.rstrip(" ") + ELLIPSIS, style)
    else:
        out.append((ELLIPSIS, ""))
    return out


# --- the table -------------------------------------------------------------------------


def layout(
    columns: Sequence[Column],
    sample: Sequence[Sequence[Cell]],
    width: int,
    *,
    gap: int = 1,
    wide: bool = False,
    complete: bool = True,
) -> list[tuple[int, int]]:
    """(index, width) of each column shown, in order, for a terminal ``width`` wide.

    ``complete``: the sample is every row. When it is not, the room left over goes to the
    names (up to their ``max_width``, else ``NAME_WIDTH``): a longer name further down
    then still fits on its line.
    """
    natural = []
    for n, column in enumerate(columns):
        if column.width is not None:
            natural.append(column.width)
            continue
        widest = max(
            [cell_len(column.header), *(natural_width(row[n]) for row in sample)], default=1
        )
        if column.max_width is not None:
            widest = min(widest, column.max_width)
        natural.append(max(column.min_width, cell_len(column.header), widest))
    shown = list(range(len(columns)))
    if wide:
        return [(n, natural[n]) for n in shown]

    def needed(indexes: list[int]) -> int:
        # a flex column may shrink to its minimum; a name (cut=False) to its natural width
        # where it can have it, else it wraps, never cut
        total = gap * (len(indexes) - 1)
        for n in indexes:
            column = columns[n]
            if column.flex:
                total += _least(column) if column.cut else natural[n]
            else:
                total += natural[n]
        return total

    by_drop = sorted((n for n in shown if columns[n].drop), key=lambda n: -columns[n].drop)
    while needed(shown) > width and by_drop:
        shown.remove(by_drop.pop(0))
    fixed = sum(natural[n] for n in shown if not columns[n].flex) + gap * (len(shown) - 1)
    flexible = [n for n in shown if columns[n].flex]
    widths = {n: natural[n] for n in shown}
    room = width - fixed
    for n in flexible:
        share = max(_least(columns[n]), room // len(flexible))
        widths[n] = min(natural[n], share) if columns[n].width is None else natural[n]
    # Still too wide with every column that may go gone: the names give way too, the widest
    # first, down to their headers; they wrap, at spaces. Ids never shrink.
    over = sum(widths.values()) + gap * (len(shown) - 1) - width
    names = [n for n in shown if not columns[n].cut and columns[n].align == "left"]
    while over > 0 and names:
        widest = max(names, key=lambda n: widths[n] - _least(columns[n]))
        spare = widths[widest] - _least(columns[widest])
        if spare <= 0:
            break
        take = min(over, spare, max(1, spare // 2))
        widths[widest] -= take
        over -= take
    if not complete:
        for n in names:
            room = width - sum(widths.values()) - gap * (len(shown) - 1)
            if room <= 0:
                break
            widest_name = columns[n].max_width or NAME_WIDTH
            widths[n] += max(0, min(room, widest_name - widths[n]))
    return [(n, widths[n]) for n in shown]


def _least(column: Column) -> int:
    """How narrow a column may become: its minimum, and never narrower than its header."""
    return max(column.min_width, cell_len(column.header))


def _cell_lines(out: Output, cell: Cell, column: Column, width: int) -> list[str]:
    """The cell as printed: one string per line, each exactly ``width`` cells wide."""
    # the common cases, kept cheap: 10,000 rows of ten cells
    if isinstance(cell, str):
        text = _plain(cell)
        size = cell_len(text)
        if size <= width:
            pad = " " * (width - size)
            return [pad + text if column.align == "right" else text + pad]
    elif isinstance(cell, Span):
        text = _plain(cell.text)
        size = cell_len(text)
        if size <= width:
            pad = " " * (width - size)
            text = out.style(text, cell.style)
            return [pad + text if column.align == "right" else text + pad]
    lines: list[str] = []
    for line in _hard_lines(cell):
        if _length(line) <= width:
            lines.append(_pad(out, line, width, column.align))
        elif column.wrap or not column.cut:
            lines.extend(_wrapped(out, line, width, column))
        else:
            lines.append(_pad(out, _ellipsis(line, width), width, column.align))
    return lines


def _wrapped(out: Output, line: list[Piece], width: int, column: Column) -> list[str]:
    """``line`` wrapped in ``column``, one string per line, each ``width`` cells wide."""
    texts = [text for text, _ in line]
    if (
        not column.hang
        and texts[0][0] != " "  # not indented: no hanging indent (``_wrap``)
        and (not out.colour or not any(style for _, style in line))  # no style shows
        and all(text.isascii() and text.isprintable() for text in texts)
    ):
        folded = _fold_ascii(texts, width, column.cut)
        if column.align == "right":
            return [" " * (width - len(text)) + text for text in folded]
        return [text + " " * (width - len(text)) for text in folded]
    folded_pieces = _wrap(line, width, split_words=column.cut, hang=column.hang)
    return [_pad(out, pieces, width, column.align) for pieces in folded_pieces]


def _pad(out: Output, line: list[Piece], width: int, align: str) -> str:
    if out.colour:
        text = "".join(out.style(text, style) for text, style in line)
    else:
        text = "".join(text for text, _ in line)
    room = width - _length(line)
    if room <= 0:
        return text
    return " " * room + text if align == "right" else text + " " * room


def print_table(
    out: Output,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Cell]],
    *,
    gap: int = 1,
    wide: bool = False,
    header: bool = True,
    lines: int | None = None,
    ids: int = 0,
) -> int:
    """Print ``rows`` under ``columns`` as they come; returns how many were printed.

    ``lines``: stop before the row that would take the table past that many lines (its
    header included); None: every row. ``ids``: the largest id the rows may hold (the id
    columns are made that wide: the first rows may all have short ones).
    """
    source: Iterator[Sequence[Cell]] = iter(rows)
    sample = list(islice(source, SAMPLE + 1))
    complete = len(sample) <= SAMPLE
    if ids:
        columns = [
            c._replace(min_width=max(c.min_width, len(str(ids)))) if c.header == "#" else c
            for c in columns
        ]
    shown = layout(columns, sample, out.width, gap=gap, wide=wide, complete=complete)
    space = " " * gap
    used = 0
    if header:
        out.line(
            space.join(
                _pad(out, [(columns[n].header, "bold")], w, columns[n].align) for n, w in shown
            ).rstrip()
        )
        used = 1
    printed = 0
    blank = [" " * w for _, w in shown]
    for row in chain(sample, source):
        if out.closed:
            break
        cells = [_cell_lines(out, row[n], columns[n], w) for n, w in shown]
        height = max(len(c) for c in cells)
        if lines is not None and used + height > lines:
            break
        used += height
        printed += 1
        if height == 1:
            out.line(space.join(c[0] for c in cells).rstrip())
            continue
        for k in range(height):
            out.line(
                space.join(c[k] if k < len(c) else blank[i] for i, c in enumerate(cells)).rstrip()
            )
    return printed


def print_list(
    columns: Sequence[Column],
    rows: Iterable[Sequence[Cell]],
    *,
    no_pager: bool,
    wide: bool,
    gap: int = 1,
    ids: int = 0,
) -> None:
    """A whole list on stdout: through the pager on a terminal unless ``no_pager``."""
    with Output(paging=not no_pager) as out:
        print_table(out, columns, rows, gap=gap, wide=wide, ids=ids)
