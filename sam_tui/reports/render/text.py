"""Plain text for the terminal and for paper: 80 columns, no colour codes, charts in block
characters. User text is made literal (control characters shown as ``^[``, line breaks
folded); ``emphasis`` may wrap headings (the CLI passes ANSI bold on a colour terminal)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from sam_tui.domain.dates import short_day
from sam_tui.domain.text import one_line
from sam_tui.reports.model import (
    NUMERIC,
    BarChart,
    Block,
    Bullets,
    Cell,
    Column,
    Figure,
    KeyFigures,
    LineChart,
    Paragraph,
    Report,
    Section,
    Table,
    ValueType,
)
from sam_tui.reports.render import values as fmt
from sam_tui.reports.render.values import cut, pad, width, wrap

WIDTH = 80
INDENT = "  "
GAP = "  "
SPARKS = "▁▂▃▄▅▆▇█"
EIGHTHS = " ▏▎▍▌▋▊▉█"
VERTICAL = " ▁▂▃▄▅▆▇█"
STACK_FILLS = ("█", "▒", "░", "▓")
CHART_HEIGHT = 6
BAR_ROOM = 48  # the longest bar: charts stay compact on paper

Style = Callable[[str], str]


def _plain(text: str) -> str:
    return text


def render(
    report: Report,
    *,
    columns: int = WIDTH,
    emphasis: Style = _plain,
    written: Mapping[str, list[str]] | None = None,
) -> str:
    """The report in ``columns``; ``written``: sections' blocks already laid out by
    ``blocks`` (a second process's, ``reports.apart``), by section key."""
    out: list[str] = []
    title = f"{report.title} · {report.period.label} · {fmt.period_span(report.period)}"
    out.append(emphasis(cut(title, columns)))
    out.extend(wrap(fmt.status_line(report), columns))
    out.append(
        cut(
            f"Compared with {report.previous.label} ({fmt.period_span(report.previous)})",
            columns,
        )
    )
    out.append("=" * columns)
    if report.figures:
        out.extend(_heading("At a glance", "", columns, emphasis))
        out.extend(_figures(report.figures, report, columns))
    for section in report.sections:
        out.extend(_heading(section.heading, section.note, columns, emphasis))
        done = written.get(section.key) if written else None
        out.extend(blocks(section, report, columns) if done is None else done)
    return "\n".join(line.rstrip() for line in out) + "\n"


def blocks(section: Section, report: Report, columns: int = WIDTH) -> list[str]:
    """The lines of ``section`` under its heading."""
    out: list[str] = []
    for block in section.blocks:
        out.append("")
        out.extend(_block(block, report, columns))
    return out


def _heading(text: str, note: str, columns: int, emphasis: Style) -> list[str]:
    head = cut(one_line(text).upper(), columns)
    lines = ["", emphasis(head), "-" * width(head)]
    if note:
        lines.extend(wrap(one_line(note), columns))
    return lines


def _block(block: Block, report: Report, columns: int) -> list[str]:
    today = report.generated_at.date()
    if isinstance(block, Table):
        return table(block, today, columns)
    if isinstance(block, KeyFigures):
        lines = [cut(one_line(block.title), columns)] if block.title else []
        return lines + _figures(block.figures, report, columns)
    if isinstance(block, Bullets):
        lines = [cut(one_line(block.title), columns)] if block.title else []
        for item in block.items:
            wrapped = wrap(one_line(item), columns - 4, max_lines=6)
            lines.append(f"{INDENT}- {wrapped[0]}")
            lines.extend(f"{INDENT}  {rest}" for rest in wrapped[1:])
        return lines
    if isinstance(block, Paragraph):
        return wrap(one_line(block.text), columns, max_lines=20)
    if isinstance(block, BarChart):
        return bar_chart(block, columns)
    return line_chart(block, columns)


# --- key figures ------------------------------------------------------------------------


def sparkline(values: tuple[float | int, ...]) -> str:
    """``▁▃▅█``: a trend in one line; nothing for an all-zero (empty) history."""
    if not any(values):
        return ""
    top = max(values)
    low = min(0, min(values))
    if top == low:
        return SPARKS[0] * len(values)
    return "".join(SPARKS[round((v - low) / (top - low) * (len(SPARKS) - 1))] for v in values)


def _figures(figures: tuple[Figure, ...], report: Report, columns: int) -> list[str]:
    value_w, prev_w, change_w = 9, 9, 8
    spark_w = min(max((len(f.trend) for f in figures if any(f.trend)), default=0), 12)
    label_w = columns - len(INDENT) - value_w - prev_w - change_w - (spark_w + 1 if spark_w else 0)
    head = (
        INDENT
        + pad("", label_w)
        + (pad("", spark_w + 1) if spark_w else "")
        + pad(report.period.label, value_w, right=True)
        + pad(report.previous.label, prev_w, right=True)
        + pad("change", change_w, right=True)
    )
    lines = [head]
    for f in figures:
        label = one_line(f.label) + (f" ({one_line(f.note)})" if f.note else "")
        label_lines = wrap(label, label_w - 1, max_lines=2)
        spark = pad(sparkline(f.trend[-spark_w:]), spark_w) + " " if spark_w else ""
        lines.append(
            INDENT
            + pad(label_lines[0], label_w)
            + spark
            + pad(cut(fmt.figure(f.value, f.type), value_w - 1), value_w, right=True)
            + pad(cut(fmt.figure(f.previous, f.type), prev_w - 1), prev_w, right=True)
            + pad(cut(fmt.change(f, compact=True), change_w - 1), change_w, right=True)
        )
        lines.extend(INDENT + "  " + more for more in label_lines[1:])
    return lines


# --- tables -----------------------------------------------------------------------------

CELL_LINES = 12  # a longer cell ends in "…" (the json format has it whole)


def table(block: Table, today: date, columns: int) -> list[str]:
    """Columns sized to their content. When the table is too wide, dates drop their
    weekday (``23 Nov``), then optional columns are left out, and the widest text columns
    give way evenly and wrap."""
    lines = [cut(one_line(block.title), columns)] if block.title else []
    if not block.rows:
        lines.extend(INDENT + line for line in wrap(one_line(block.empty), columns - 2))
        return lines
    for keep_optional, short in ((True, False), (True, True), (False, False), (False, True)):
        keep = [i for i, c in enumerate(block.columns) if keep_optional or not c.optional]
        heads = [one_line(block.columns[i].heading) for i in keep]
        types = [block.columns[i].type for i in keep]
        room = columns - len(INDENT) - len(GAP) * (len(keep) - 1)
        cells = [
            [_cell(row[i], block.columns[i], today, short) for i in keep]
            for row in block.shown_rows
        ]
        natural = [max([width(h)] + [width(row[n]) for row in cells]) for n, h in enumerate(heads)]
        widths = fit_widths(natural, types, heads, room)
        comfortable = all(
            widths[n] >= min(natural[n], 16) for n, t in enumerate(types) if t is ValueType.TEXT
        )
        if comfortable:
            break
    right = [t in NUMERIC for t in types]
    lines.append(
        INDENT
        + GAP.join(pad(cut(h, w), w, r) for h, w, r in zip(heads, widths, right, strict=True))
    )
    lines.append(INDENT + GAP.join("-" * w for w in widths))
    for row in cells:
        stacks = [
            # a cell's text is read whole, on as many lines as it takes (a deal's change
            # names every field that moved)
            wrap(text, w, max_lines=CELL_LINES) if kind is ValueType.TEXT else [cut(text, w)]
            for text, w, kind in zip(row, widths, types, strict=True)
        ]
        for n in range(max(len(s) for s in stacks)):
            parts = (
                pad(stack[n] if n < len(stack) else "", w, r)
                for stack, w, r in zip(stacks, widths, right, strict=True)
            )
            lines.append(INDENT + GAP.join(parts))
    if block.hidden:
        lines.append(f"{INDENT}… and {block.hidden_label} (the json format lists them all)")
    return lines


def _cell(cell: Cell, column: Column, today: date, short: bool) -> str:
    if short and isinstance(cell, date):
        return short_day(cell, today)
    return fmt.value(cell, column.type, today, column.signed)


def fit_widths(
    natural: list[int], types: list[ValueType], heads: list[str], room: int
) -> list[int]:
    """Widths within ``room``: text columns give way one column at a time, the widest
    first, down to their heading's width (at least 6); other columns keep theirs."""
    widths = list(natural)
    floors = [
        min(natural[i], max(6, width(heads[i]))) if t is ValueType.TEXT else natural[i]
        for i, t in enumerate(types)
    ]
    while sum(widths) > room:
        candidates = [
            i for i, t in enumerate(types) if t is ValueType.TEXT and widths[i] > floors[i]
        ]
        if not candidates:
            break
        widest = max(candidates, key=lambda i: (widths[i], -i))
        widths[widest] -= 1
    while sum(widths) > room and max(widths) > 3:  # a table of many columns: cut any
        widths[max(range(len(widths)), key=lambda i: (widths[i], -i))] -= 1
    return widths


# --- charts -----------------------------------------------------------------------------


def _bar(value: float, top: float, room: int) -> str:
    if top <= 0 or value <= 0:
        return ""
    eighths = round(value / top * room * 8)
    full, part = divmod(eighths, 8)
    return "█" * full + (EIGHTHS[part] if part else "")


def _title(text: str, columns: int) -> list[str]:
    """A chart's title, wrapped (never cut) to the width."""
    return wrap(one_line(text), columns, max_lines=3)


def _legend(names: list[str], indent: str, columns: int) -> list[str]:
    """Legend entries on as many lines as the width needs, never cut."""
    lines: list[str] = []
    line = indent
    for entry in names:
        gap = "   " if line.strip() else ""
        if line.strip() and width(line + gap + entry) > columns:
            lines.append(line)
            line = indent
            gap = ""
        line += gap + cut(entry, columns - width(indent))
    if line.strip():
        lines.append(line)
    return lines


def _shown(value: float | int, chart: BarChart | LineChart) -> str:
    return fmt.chart_value(value, chart.type)


def bar_chart(chart: BarChart, columns: int) -> list[str]:
    """Horizontal bars on one scale for every series; money in whole units."""
    lines = _title(chart.title, columns)
    cats = [cut(one_line(c), 20) for c in chart.categories]
    label_w = max((width(c) for c in cats), default=0)
    stacked = chart.stacked and len(chart.series) > 1
    if stacked:
        totals = [sum(s.values[i] for s in chart.series) for i in range(len(cats))]
        shown = [
            " / ".join(_shown(s.values[i], chart) for s in chart.series) for i in range(len(cats))
        ]
        value_w = max((width(v) for v in shown), default=1)
        room = min(BAR_ROOM, max(10, columns - len(INDENT) - label_w - value_w - 3))
        top = max(totals, default=0)
        for i, cat in enumerate(cats):
            bar = ""
            for n, s in enumerate(chart.series):
                cells = round(s.values[i] / top * room) if top else 0
                bar += STACK_FILLS[n % len(STACK_FILLS)] * cells
            lines.append(f"{INDENT}{pad(cat, label_w)} {pad(bar, room)}  {shown[i]}")
        names = [
            f"{STACK_FILLS[n % len(STACK_FILLS)]} {one_line(s.name)}"
            for n, s in enumerate(chart.series)
        ]
        lines.extend(_legend(names, INDENT + " " * (label_w + 1), columns))
        return lines
    rows = [
        (cat if len(chart.series) == 1 else f"{cat} {one_line(s.name)}", s.values[i])
        for i, cat in enumerate(cats)
        for s in chart.series
    ]
    label_w = max((width(r[0]) for r in rows), default=0)
    value_w = max((width(_shown(v, chart)) for _, v in rows), default=1)
    room = min(BAR_ROOM, max(10, columns - len(INDENT) - label_w - value_w - 2))
    top = max((v for _, v in rows), default=0)
    for label, v in rows:
        bar = _bar(v, top, room)
        lines.append(
            f"{INDENT}{pad(label, label_w)} {pad(bar, room)} "
            f"{pad(_shown(v, chart), value_w, right=True)}"
        )
    return lines


def line_chart(chart: LineChart, columns: int) -> list[str]:
    """Columns of block characters, one per category, with the scale and the extremes.

    Several series are drawn one under the other on ONE scale (the highest value of any),
    so that the lines compared read at their true sizes."""
    lines = _title(chart.title, columns)
    top = max((v for s in chart.series for v in s.values), default=0)
    labels = [_shown(top, chart), _shown(0, chart)]
    axis_w = max(width(x) for x in labels)
    room = columns - len(INDENT) - axis_w - 2
    for s in chart.series:
        if len(chart.series) > 1:
            lines.append(f"{INDENT}{cut(one_line(s.name), columns - len(INDENT))}")
        values = list(s.values)
        step = max(1, min(4, room // max(1, len(values))))
        bar_w = max(1, step - 1)
        for row in range(CHART_HEIGHT - 1, -1, -1):
            cells = []
            for v in values:
                level = (v / top * CHART_HEIGHT * 8 if top > 0 else 0) - row * 8
                level = round(level)
                ch = " " if level <= 0 else "█" if level >= 8 else VERTICAL[level]
                if row == 0 and v == 0:
                    ch = "_"
                cells.append(ch * bar_w + " " * (step - bar_w))
            axis = labels[0] if row == CHART_HEIGHT - 1 else labels[1] if row == 0 else ""
            lines.append(f"{INDENT}{pad(axis, axis_w, right=True)} │{''.join(cells)}".rstrip())
        cats = [one_line(c) for c in chart.categories]
        first, last = (cats[0], cats[-1]) if cats else ("", "")
        span_w = step * len(values)
        gap = max(1, span_w - width(first) - width(last))
        lines.append(f"{INDENT}{' ' * axis_w}  {first}{' ' * gap}{last}".rstrip())
        if values:
            summary = fmt.extremes(values, cats, chart.type)
            lines.append(f"{INDENT}{' ' * axis_w}  {cut(summary, room)}")
    return lines
