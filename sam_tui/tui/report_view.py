"""A report for the terminal: every model block as a Rich renderable, charts in block characters.

The same ``Report`` the CLI prints (``reports.base.build``) is laid out here for a screen of
any width: key figures and tables as Rich tables, bar charts as horizontal bars drawn in
eighths of a cell, line charts as a strip of vertical bars with their scale. Charts and
tables measure the width they are given when they are drawn, so a resize re-lays them out.
Every piece of user text goes through ``one_line`` into a ``Text``: never parsed as markup,
control characters shown (``^[``), never sent to the terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table as RichTable
from rich.text import Text

from sam_tui.domain.text import one_line
from sam_tui.reports import model
from sam_tui.reports.model import NUMERIC
from sam_tui.reports.render import values as fmt
from sam_tui.reports.render.text import fit_widths, sparkline
from sam_tui.reports.render.values import cut, width, wrap

EIGHTHS = " ▏▎▍▌▋▊▉█"
VERTICAL = " ▁▂▃▄▅▆▇█"
FULL = "█"
NEGATIVE = "░"  # a bar below zero: told apart without colour too
STACK_FILLS = ("█", "▒", "░", "▓")
INDENT = 2
LABEL_MAX = 24  # the widest a chart's category label gets
LINE_HEIGHT = 6
BAR_ROOM = 60  # the longest bar: on a wide terminal a chart stays readable at a glance

TONE_STYLE = {
    model.Tone.NEUTRAL: "cyan",
    model.Tone.GOOD: "green",
    model.Tone.WARN: "yellow",
    model.Tone.BAD: "red",
    model.Tone.MUTED: "bright_black",
}
# series without a meaning of their own still need telling apart
SERIES_STYLES = ("cyan", "magenta", "blue", "yellow")
VERDICT_STYLE = {"good": "green", "bad": "red", "same": "dim", "": ""}


def literal(text: str, style: str = "") -> Text:
    """User or report text on one line, shown exactly as typed (no markup, no escapes)."""
    return Text(one_line(text), style=style)


def _series_style(series: model.Series, index: int, count: int) -> str:
    if series.tone is model.Tone.NEUTRAL and count > 1:
        return SERIES_STYLES[index % len(SERIES_STYLES)]
    return TONE_STYLE[series.tone]


def _shown(value: model.Number, kind: model.ValueType) -> str:
    return fmt.chart_value(value, kind)


# --- the whole report -----------------------------------------------------------------------


def render_report(report: model.Report) -> Group:
    """Heading, the "at a glance" figures, then every section with its blocks."""
    parts: list[RenderableType] = [header(report)]
    if report.figures:
        parts.append(Text(""))
        parts.append(section_rule("At a glance"))
        parts.append(figures_table(report.figures, report))
    for section in report.sections:
        parts.append(Text(""))
        parts.append(section_rule(section.heading))
        if section.note:
            parts.append(literal(section.note, "dim"))
        for block in section.blocks:
            parts.append(Text(""))
            parts.append(block_view(block, report))
    return Group(*parts)


def header(report: model.Report) -> Text:
    text = Text()
    text.append(one_line(report.title), style="bold")
    text.append(f" · {report.period.label} · {fmt.period_span(report.period)}\n", style="bold")
    text.append(fmt.status_line(report), style="dim")
    text.append(
        f"\nCompared with {report.previous.label} ({fmt.period_span(report.previous)})",
        style="dim",
    )
    return text


def section_rule(heading: str) -> Rule:
    return Rule(literal(heading, "bold"), align="left", style="bright_black")


def block_view(block: model.Block, report: model.Report) -> RenderableType:
    """Any block of the model as something Rich can draw."""
    if isinstance(block, model.KeyFigures):
        figures = figures_table(block.figures, report)
        return Group(literal(block.title, "bold"), figures) if block.title else figures
    if isinstance(block, model.Table):
        return TableView(block, report.generated_at.date())
    if isinstance(block, model.Bullets):
        return bullets(block)
    if isinstance(block, model.Paragraph):
        return literal(block.text)
    return ChartView(block)  # a bar or a line chart


# --- key figures ----------------------------------------------------------------------------


def figures_table(figures: Sequence[model.Figure], report: model.Report) -> RichTable:
    """Label, recent trend, this period, the previous one, and the change coloured by
    whether it is good news."""
    trend_w = min(max((len(f.trend) for f in figures if any(f.trend)), default=0), 12)
    table = RichTable(box=None, padding=(0, 1), pad_edge=False, header_style="dim")
    table.add_column(Text(""), ratio=1, overflow="fold")
    if trend_w:
        table.add_column(Text(""), no_wrap=True, width=trend_w, style="cyan")
    # the numbers never give way: the label wraps instead
    values = [fmt.figure(f.value, f.type) for f in figures]
    previous = [fmt.figure(f.previous, f.type) for f in figures]
    changes = [fmt.change(f, compact=True) for f in figures]
    for heading, shown, style in (
        (report.period.label, values, ""),
        (report.previous.label, previous, "dim"),
        ("change", changes, ""),
    ):
        table.add_column(
            Text(heading),
            justify="right",
            no_wrap=True,
            style=style,
            min_width=max([width(heading)] + [width(x) for x in shown]),
        )
    for f in figures:
        label = literal(f.label)
        if f.note:
            label.append(" ")
            label.append_text(literal(f"({f.note})", "dim"))
        cells: list[RenderableType] = [label]
        if trend_w:
            cells.append(Text(sparkline(f.trend[-trend_w:])))
        cells.append(Text(fmt.figure(f.value, f.type), style="bold"))
        cells.append(Text(fmt.figure(f.previous, f.type)))
        cells.append(Text(fmt.change(f, compact=True), style=VERDICT_STYLE[fmt.verdict(f)]))
        table.add_row(*cells)
    return table


# --- tables, bullets ------------------------------------------------------------------------


class TableView:
    """A model table sized when drawn: optional columns are left out when they do not fit."""

    def __init__(self, block: model.Table, today: date) -> None:
        self.block = block
        self.today = today

    def natural(self) -> list[int]:
        """Each column's width with nothing wrapped."""
        return [
            max(
                [width(one_line(c.heading))]
                + [width(self.cell(r[i], c)) for r in self.block.shown_rows]
            )
            for i, c in enumerate(self.block.columns)
        ]

    def cell(self, value: model.Cell, column: model.Column) -> str:
        return fmt.value(value, column.type, self.today, column.signed)

    def columns_for(self, room: int, natural: list[int]) -> list[int]:
        """Indexes of the columns to show in ``room`` cells."""
        everything = list(range(len(self.block.columns)))
        needed = sum(natural) + 2 * (len(natural) - 1) + INDENT
        if needed <= room:
            return everything
        return [i for i in everything if not self.block.columns[i].optional]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        block = self.block
        if block.title:
            yield literal(block.title, "bold")
        if not block.rows:
            yield Text(" " * INDENT).append_text(literal(block.empty, "dim"))
            return
        natural = self.natural()
        keep = self.columns_for(options.max_width, natural)
        heads = [one_line(block.columns[i].heading) for i in keep]
        types = [block.columns[i].type for i in keep]
        room = options.max_width - INDENT - 2 * (len(keep) - 1)
        # as on paper: the widest text column gives way first, down to its heading's width
        widths = fit_widths([natural[i] for i in keep], types, heads, room)
        fixed = sum(widths) <= room  # else Rich shares out what there is
        table = RichTable(box=None, padding=(0, 1), pad_edge=False, header_style="dim bold")
        for n, i in enumerate(keep):
            column = block.columns[i]
            numeric = column.type in NUMERIC
            table.add_column(
                literal(column.heading),
                justify="right" if numeric else "left",
                no_wrap=column.type is not model.ValueType.TEXT,
                overflow="fold",
                width=widths[n] if fixed else None,
            )
        for r in block.shown_rows:
            table.add_row(
                *(literal(self.cell(r[i], block.columns[i])) for i in keep),
            )
        yield Padding(table, (0, 0, 0, INDENT))
        if block.hidden:
            yield Text(
                f"{' ' * INDENT}… and {one_line(block.hidden_label)} "
                "(the json export lists them all)",
                style="dim",
            )


def bullets(block: model.Bullets) -> RenderableType:
    grid = RichTable.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    for item in block.items:
        grid.add_row(Text(" •"), literal(item))
    return Group(literal(block.title, "bold"), grid) if block.title else grid


# --- charts -----------------------------------------------------------------------------


class ChartView:
    """A bar or line chart drawn for the width it is given."""

    def __init__(self, chart: model.BarChart | model.LineChart) -> None:
        self.chart = chart

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if isinstance(self.chart, model.BarChart):
            yield from bar_lines(self.chart, options.max_width)
        else:
            yield from line_lines(self.chart, options.max_width)


def bar(value: float, top: float, room: int) -> str:
    """A bar of ``value`` out of ``top`` in ``room`` cells, to an eighth of a cell; below
    zero the length is the size, drawn in a light shade."""
    if top <= 0 or room <= 0 or not value:
        return ""
    if value < 0:
        return NEGATIVE * max(1, round(-value / top * room))
    eighths = min(room * 8, round(value / top * room * 8))
    if not eighths:
        return EIGHTHS[1]  # above zero is never drawn as nothing
    full, part = divmod(eighths, 8)
    return FULL * full + (EIGHTHS[part] if part else "")


def _legend(
    series: Sequence[model.Series], fills: Sequence[str], indent: int, columns: int
) -> list[Text]:
    """Which fill is which series, under the bars: on as many lines as the width needs,
    moved left when narrow, never cut."""
    width_needed = sum(width(one_line(s.name)) + 5 for s in series)
    if indent + width_needed > columns:
        indent = INDENT
    lines: list[Text] = []
    legend = Text(" " * indent)
    for n, s in enumerate(series):
        entry = 2 + width(one_line(s.name))
        if n and legend.cell_len + 3 + entry > columns:
            lines.append(legend)
            legend = Text(" " * indent)
        elif n:
            legend.append("   ")
        legend.append(fills[n % len(fills)], style=_series_style(s, n, len(series)))
        legend.append(" ")
        legend.append_text(literal(cut(one_line(s.name), max(1, columns - indent - 2)), "dim"))
    lines.append(legend)
    return lines


def _title(text: str, columns: int) -> list[Text]:
    """A chart's title, wrapped (never cut) to the width."""
    return [Text(line, style="bold") for line in wrap(one_line(text), columns, max_lines=3)]


def bar_lines(chart: model.BarChart, columns: int) -> list[Text]:
    """The chart in lines of at most ``columns`` cells: a label, the bar, the value."""
    lines = _title(chart.title, columns)
    count = len(chart.categories)
    label_w = min(LABEL_MAX, max(4, columns // 3))
    labels = [cut(one_line(c), label_w) for c in chart.categories]
    label_w = max((width(c) for c in labels), default=0)
    many = len(chart.series)

    def value_of(s: model.Series, i: int) -> model.Number:
        return s.values[i] if i < len(s.values) else 0

    if chart.stacked and many > 1:
        totals = [sum(max(0, value_of(s, i)) for s in chart.series) for i in range(count)]
        shown = [
            " / ".join(_shown(value_of(s, i), chart.type) for s in chart.series)
            for i in range(count)
        ]
        value_w = max((width(v) for v in shown), default=1)
        room = max(1, min(BAR_ROOM, columns - INDENT - label_w - value_w - 3))
        top = max(totals, default=0)
        for i, label in enumerate(labels):
            line = Text(" " * INDENT + label + " " * (label_w - width(label) + 1))
            used = 0
            for n, s in enumerate(chart.series):
                cells = round(max(0, value_of(s, i)) / top * room) if top > 0 else 0
                cells = min(cells, room - used)
                used += cells
                line.append(
                    STACK_FILLS[n % len(STACK_FILLS)] * cells, style=_series_style(s, n, many)
                )
            line.append(" " * (room - used + 2))
            line.append(shown[i])
            lines.append(line)
        lines.extend(_legend(chart.series, STACK_FILLS, INDENT + label_w + 1, columns))
        return lines
    values = [value_of(s, i) for i in range(count) for s in chart.series]
    value_w = max((width(_shown(v, chart.type)) for v in values), default=1)
    room = max(1, min(BAR_ROOM, columns - INDENT - label_w - value_w - 2))
    top = max((abs(v) for v in values), default=0)
    for i, label in enumerate(labels):
        for n, s in enumerate(chart.series):
            v = value_of(s, i)
            name = label if n == 0 else ""
            drawn = bar(v, top, room)
            line = Text(" " * INDENT + name + " " * (label_w - width(name) + 1))
            line.append(drawn, style="red" if v < 0 else _series_style(s, n, many))
            line.append(" " * (room - len(drawn) + 1))
            amount = _shown(v, chart.type)
            line.append(" " * (value_w - width(amount)) + amount)
            lines.append(line)
    if many > 1:
        lines.extend(_legend(chart.series, [FULL], INDENT + label_w + 1, columns))
    return lines


def line_lines(chart: model.LineChart, columns: int) -> list[Text]:
    """Each series as a strip of vertical bars, one per category, with its scale, the
    first and last category under it, and the latest, highest and lowest values.

    Every series is drawn on ONE scale (the highest and lowest value of any), so lines
    that are compared read at their true sizes."""
    lines = _title(chart.title, columns)
    many = len(chart.series)
    cats = [one_line(c) for c in chart.categories]
    every = [v for s in chart.series for v in s.values]
    top = max(0, max(every, default=0))
    low = min(0, min(every, default=0))
    axis = [_shown(top, chart.type), _shown(low, chart.type)]
    axis_w = max(width(a) for a in axis)
    room = max(1, columns - INDENT - axis_w - 2)
    scale = top - low
    for n, s in enumerate(chart.series):
        style = _series_style(s, n, many)
        if many > 1:
            lines.append(Text(" " * INDENT).append_text(literal(s.name, style)))
        values = list(s.values)
        if not values:
            lines.append(Text(" " * INDENT + "no data", style="dim"))
            continue
        # too many points for the width: the most recent ones
        first = max(0, len(values) - room)
        values = values[first:]
        names = (cats[first : first + len(values)] + [""] * len(values))[: len(values)]
        step = max(1, min(4, room // len(values)))
        bar_w = max(1, step - 1)
        for row in range(LINE_HEIGHT - 1, -1, -1):
            label = axis[0] if row == LINE_HEIGHT - 1 else axis[1] if row == 0 else ""
            line = Text(" " * INDENT + " " * (axis_w - width(label)) + label + " │", style="dim")
            for v in values:
                level = round((v - low) / scale * LINE_HEIGHT * 8) - row * 8 if scale else 0
                ch = " " if level <= 0 else FULL if level >= 8 else VERTICAL[level]
                if row == 0 and v == low:
                    ch = "_"
                line.append(ch * bar_w, style="red" if v < 0 else style)
                line.append(" " * (step - bar_w))
            lines.append(line)
        left, right = (names[0], names[-1]) if names else ("", "")
        span = step * len(values)
        room_left = max(0, span - width(right) - 1)
        left = cut(left, room_left) if room_left else ""
        gap = max(1, span - width(left) - width(right))
        under = Text(" " * (INDENT + axis_w + 2) + left + " " * gap + right, style="dim")
        under.truncate(columns)
        lines.append(under)
        summary = fmt.extremes(values, names, chart.type)
        lines.append(Text(" " * (INDENT + axis_w + 2) + cut(summary, max(1, room)), style="dim"))
    return lines
