"""The report model: plain data (title, period, sections of typed blocks) every renderer reads.

A report is built once from services (``reports.base.build``) and rendered by each format
(``reports.render``). Blocks are a small closed set so that every renderer understands
every block: key figures with a previous-period comparison, tables with typed columns,
bullet lists, paragraphs, bar charts and line charts.

Values are raw, never pre-formatted: money in integer cents, percentages and other ratios
as their exact value (0.25 is 25 %; 63/97 is 0.6494845..., never 0.6495), dates as
``date``. Each renderer formats them for its medium, rounding once with the readings of
``domain.figures`` (as ``sam metrics`` does); JSON keeps them as numbers (ratios to four
decimals, as ``sam metrics --json``) and ISO dates. Text is stored as typed by the user:
renderers make it literal for their format (escaping, control characters made visible).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from enum import StrEnum
from typing import NamedTuple

from sam_tui.domain.periods import Period


class ValueType(StrEnum):
    """How a value reads: table columns and key figures carry one."""

    TEXT = "text"
    NUMBER = "number"
    MONEY = "money"  # integer cents
    DATE = "date"
    PERCENT = "percent"  # a fraction: 0.25 is 25 %
    POINTS = "points"  # a change of a percentage: 0.05 is +5 points
    TIMES = "times"  # a ratio of amounts, coverage: 2.5 reads 2.50x
    RATIO = "ratio"  # a ratio of counts, interactions per account: 2.44 reads 2.4
    # quota minus a figure, integer cents: positive is behind, negative ahead; people read
    # it in words ("132,000 behind", "732,000 ahead"), JSON as the number
    GAP = "gap"


# the types that read as numbers: right-aligned in tables
NUMERIC = (
    ValueType.NUMBER,
    ValueType.MONEY,
    ValueType.PERCENT,
    ValueType.POINTS,
    ValueType.GAP,
    ValueType.TIMES,
    ValueType.RATIO,
)
# the types JSON gives as fractions to four decimals
RATIOS = (ValueType.PERCENT, ValueType.POINTS, ValueType.TIMES, ValueType.RATIO)


class Better(StrEnum):
    """Which way a figure should move; renderers colour or mark a change accordingly."""

    UP = "up"
    DOWN = "down"
    NEITHER = "neither"


class Tone(StrEnum):
    """A series' meaning, for colours (HTML) and fill patterns (text)."""

    NEUTRAL = "neutral"
    GOOD = "good"
    WARN = "warn"
    BAD = "bad"
    MUTED = "muted"


Number = int | float


class Typed(NamedTuple):
    """A cell that reads otherwise than its column: coverage (``TIMES``) in a table of
    counts. Renderers read it with its own type; JSON gives its number."""

    value: Number | None
    type: ValueType


Cell = str | int | float | date | Typed | None


class Figure(NamedTuple):
    """One key figure, with the same figure for the previous period when it is comparable."""

    key: str
    label: str
    value: Number | None
    type: ValueType = ValueType.NUMBER
    previous: Number | None = None
    better: Better = Better.UP
    note: str = ""  # a short qualifier shown next to the value: "of 23 active"
    trend: tuple[Number, ...] = ()  # recent history, oldest first, ending with ``value``

    @property
    def change(self) -> Number | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous


class KeyFigures(NamedTuple):
    key: str
    figures: tuple[Figure, ...]
    title: str = ""


class Column(NamedTuple):
    key: str
    heading: str
    type: ValueType = ValueType.TEXT
    # may be left out where space is short (the 80-column text); other formats keep it
    optional: bool = False
    signed: bool = False  # a change: positive values read "+5"


class Table(NamedTuple):
    """Rows of typed cells. ``show`` limits the rows printed (JSON always has them all)."""

    key: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    empty: str = "None."
    show: int | None = None
    more: str = "more"  # "12 more <more>" under a cut table: "accounts", "follow-ups"

    @property
    def hidden(self) -> int:
        return 0 if self.show is None else max(0, len(self.rows) - self.show)

    @property
    def hidden_label(self) -> str:
        """``12 more accounts``; ``1 more account``."""
        word = self.more[:-1] if self.hidden == 1 and self.more.endswith("s") else self.more
        return f"{self.hidden:,} more {word}"

    @property
    def shown_rows(self) -> tuple[tuple[Cell, ...], ...]:
        return self.rows if self.show is None else self.rows[: self.show]


class Bullets(NamedTuple):
    key: str
    items: tuple[str, ...]
    title: str = ""


class Paragraph(NamedTuple):
    key: str
    text: str


class Series(NamedTuple):
    name: str
    values: tuple[Number, ...]  # one per category
    tone: Tone = Tone.NEUTRAL


class BarChart(NamedTuple):
    """Bars per category; several series are stacked (``stacked``) or side by side."""

    key: str
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    type: ValueType = ValueType.NUMBER
    stacked: bool = False
    keys: tuple[str, ...] = ()  # the categories for machines (ISO dates, period labels)


class LineChart(NamedTuple):
    """Values over ordered categories (weeks, months), one line per series."""

    key: str
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    type: ValueType = ValueType.NUMBER
    keys: tuple[str, ...] = ()  # the categories for machines (ISO dates, period labels)


Block = KeyFigures | Table | Bullets | Paragraph | BarChart | LineChart


class Section(NamedTuple):
    """A heading and its blocks. ``figures`` are its headline numbers: renderers gather
    them from every section into the report's "at a glance" summary at the top."""

    key: str
    heading: str
    blocks: tuple[Block, ...] = ()
    figures: tuple[Figure, ...] = ()
    note: str = ""  # one line under the heading: "as of Thu 26 Nov 09:00"


class Report(NamedTuple):
    kind: str  # "week"
    title: str  # "Week report"
    period: Period
    previous: Period  # what the figures are compared with
    generated_at: datetime
    as_of: datetime  # the moment "still open" and "overdue" are measured at
    sections: tuple[Section, ...]

    @property
    def figures(self) -> tuple[Figure, ...]:
        return tuple(f for s in self.sections for f in s.figures)


def merge(key: str, heading: str, parts: Sequence[Section | None], note: str = "") -> Section:
    """One section from several builders' parts, blocks and figures in their order."""
    present = [p for p in parts if p is not None]
    return Section(
        key=key,
        heading=heading,
        blocks=tuple(b for p in present for b in p.blocks),
        figures=tuple(f for p in present for f in p.figures),
        note=note or next((p.note for p in present if p.note), ""),
    )
