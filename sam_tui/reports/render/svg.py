"""Inline SVG charts drawn by our own code: bar chart, line chart, sparkline.

Meant for inline use in HTML, where the parser puts <svg> in the SVG namespace: no
xmlns, so the page holds no URL at all.

Plain SVG elements only (no script, no external references); every label is escaped.
Sizes are in user units with a viewBox, so a chart scales to its container and prints
sharply at any size.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from html import escape

from sam_tui.reports.model import BarChart, LineChart, Number, Tone

TONE_COLOURS = {
    Tone.GOOD: "#2f855a",
    Tone.WARN: "#c98a00",
    Tone.BAD: "#c53030",
    Tone.MUTED: "#a0aec0",
}
PALETTE = ("#2b6cb0", "#805ad5", "#d53f8c", "#dd6b20", "#319795")
WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 14, 40

Label = Callable[[Number], str]


def _colour(tone: Tone, index: int) -> str:
    return TONE_COLOURS.get(tone, PALETTE[index % len(PALETTE)])


def nice_top(value: float) -> float:
    """The axis maximum: ``value`` rounded up to a round number whose half (the middle
    grid line) is round too: 2, 4, 6, 8, 10, 20, 30, 40, 50, 60, 80, 100, ..."""
    if value <= 0:
        return 1
    exponent = math.floor(math.log10(value))
    # counts below ten: even tops, so the middle line is a whole number
    steps = (2, 4, 6, 8, 10) if exponent == 0 else (1, 2, 3, 4, 5, 6, 8, 10)
    return next(
        round(step * 10.0**exponent, 12) for step in steps if value <= step * 10.0**exponent
    )


def _n(value: float) -> str:
    """A coordinate: short and stable (golden files compare the text)."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _text(x: float, y: float, body: str, anchor: str = "middle", cls: str = "") -> str:
    klass = f' class="{cls}"' if cls else ""
    return f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}"{klass}>{escape(body)}</text>'


def _open(title: str, width: int = WIDTH, height: int = HEIGHT) -> list[str]:
    return [
        f'<svg viewBox="0 0 {width} {height}" '
        f'class="chart" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]


def _grid(top: float, label: Label) -> list[str]:
    """Horizontal grid lines at 0, half and the top, with their values."""
    parts = []
    plot_h = HEIGHT - TOP - BOTTOM
    for frac in (0.0, 0.5, 1.0):
        y = TOP + plot_h * (1 - frac)
        parts.append(
            f'<line x1="{LEFT}" y1="{_n(y)}" x2="{WIDTH - RIGHT}" y2="{_n(y)}" class="grid"/>'
        )
        parts.append(_text(LEFT - 6, y + 4, label(top * frac), anchor="end", cls="axis"))
    return parts


def _legend(names: Sequence[tuple[str, str]]) -> list[str]:
    parts = []
    x = LEFT
    y = HEIGHT - 8
    for name, colour in names:
        parts.append(f'<rect x="{_n(x)}" y="{_n(y - 9)}" width="10" height="10" fill="{colour}"/>')
        parts.append(_text(x + 14, y, name, anchor="start", cls="legend"))
        x += 24 + 7 * len(name)
    return parts


def bar_chart(chart: BarChart, label: Label) -> str:
    cats = list(chart.categories)
    series = list(chart.series)
    stacked = chart.stacked and len(series) > 1
    totals = [
        sum(s.values[i] for s in series)
        if stacked
        else max((s.values[i] for s in series), default=0)
        for i in range(len(cats))
    ]
    top = nice_top(max(totals, default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(1, len(cats))
    parts = _open(chart.title) + _grid(top, label)
    bottom = TOP + plot_h
    for i, cat in enumerate(cats):
        x0 = LEFT + slot * i
        if stacked:
            bar_w = slot * 0.6
            y: float = bottom
            for n, s in enumerate(series):
                h = plot_h * s.values[i] / top
                if h > 0:
                    y -= h
                    parts.append(
                        f'<rect x="{_n(x0 + (slot - bar_w) / 2)}" y="{_n(y)}" '
                        f'width="{_n(bar_w)}" height="{_n(h)}" fill="{_colour(s.tone, n)}">'
                        f"<title>{escape(f'{cat}, {s.name}: {label(s.values[i])}')}</title>"
                        "</rect>"
                    )
            parts.append(_text(x0 + slot / 2, y - 4, label(totals[i]), cls="value"))
        else:
            group_w = slot * 0.7
            bar_w = group_w / max(1, len(series))
            for n, s in enumerate(series):
                v = s.values[i]
                h = plot_h * v / top
                x = x0 + (slot - group_w) / 2 + bar_w * n
                parts.append(
                    f'<rect x="{_n(x + 1)}" y="{_n(bottom - h)}" width="{_n(max(1, bar_w - 2))}" '
                    f'height="{_n(h)}" fill="{_colour(s.tone, n)}">'
                    f"<title>{escape(f'{cat}, {s.name}: {label(v)}')}</title></rect>"
                )
                parts.append(_text(x + bar_w / 2, bottom - h - 4, label(v), cls="value"))
        parts.append(_text(x0 + slot / 2, bottom + 16, cat, cls="axis"))
    if len(series) > 1:
        parts += _legend([(s.name, _colour(s.tone, n)) for n, s in enumerate(series)])
    parts.append("</svg>")
    return "\n".join(parts)


def line_chart(chart: LineChart, label: Label) -> str:
    cats = list(chart.categories)
    top = nice_top(max((v for s in chart.series for v in s.values), default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(1, len(cats))
    parts = _open(chart.title) + _grid(top, label)
    bottom = TOP + plot_h

    def x_of(i: int) -> float:
        return LEFT + step * (i + 0.5)

    every = max(1, math.ceil(len(cats) / 12))  # no more than a dozen labels on the axis
    for i, cat in enumerate(cats):
        if i % every == 0 or i == len(cats) - 1:
            parts.append(_text(x_of(i), bottom + 16, cat, cls="axis"))
    for n, s in enumerate(chart.series):
        colour = _colour(s.tone, n)
        points = [(x_of(i), bottom - plot_h * v / top) for i, v in enumerate(s.values)]
        path = " ".join(f"{_n(x)},{_n(y)}" for x, y in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" class="line"/>')
        for i, (x, y) in enumerate(points):
            parts.append(
                f'<circle cx="{_n(x)}" cy="{_n(y)}" r="3" fill="{colour}">'
                f"<title>{escape(f'{cats[i]}: {label(s.values[i])}')}</title></circle>"
            )
        if points:
            x, y = points[-1]
            parts.append(_text(x, y - 8, label(s.values[-1]), cls="value"))
    if len(chart.series) > 1:
        parts += _legend([(s.name, _colour(s.tone, n)) for n, s in enumerate(chart.series)])
    parts.append("</svg>")
    return "\n".join(parts)


def sparkline(values: Sequence[Number], title: str, width: int = 96, height: int = 22) -> str:
    if not values:
        return ""
    low = min(0, min(values))
    high = max(values)
    span = (high - low) or 1
    step = (width - 4) / max(1, len(values) - 1)
    points = [
        (2 + step * i, height - 2 - (height - 4) * (v - low) / span) for i, v in enumerate(values)
    ]
    path = " ".join(f"{_n(x)},{_n(y)}" for x, y in points)
    x, y = points[-1]
    return (
        f'<svg viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" class="spark" role="img" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>'
        f'<polyline points="{path}" fill="none" stroke="{PALETTE[0]}" stroke-width="1.5"/>'
        f'<circle cx="{_n(x)}" cy="{_n(y)}" r="2" fill="{PALETTE[0]}"/></svg>'
    )
