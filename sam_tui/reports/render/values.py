"""Formatting shared by the human formats: values by type, changes, spans of days, widths."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

from sam_tui.domain import figures
from sam_tui.domain.dates import format_day, format_moment
from sam_tui.domain.figures import gap_words, whole_units
from sam_tui.domain.money import format_compact, format_money
from sam_tui.domain.periods import Period
from sam_tui.domain.text import one_line
from sam_tui.reports.model import Better, Cell, Figure, Number, Report, Typed, ValueType

MISSING = "—"
_TENTH = Decimal("0.1")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def number(value: Number) -> str:
    """A count, or days or hours to a tenth as ``sam metrics`` reads them: ``1,234``, ``64.5``."""
    if isinstance(value, float) and not value.is_integer():
        return figures.tenth(value)
    return f"{int(value):,}"


def percent(fraction: float) -> str:
    """``0.325`` -> ``32.5%``; ``0.2`` -> ``20.0%`` (``domain.figures``, as ``sam metrics``)."""
    return figures.percent(fraction)


def points(delta: float) -> str:
    """A change of a percentage: ``+12.5 pts``, ``-3 pts``, ``0 pts``."""
    shown = figures.rounded(delta, _TENTH, 100)
    text = f"{shown:f}".removesuffix(".0")
    if text in ("0", "-0"):
        return "0 pts"
    return f"{text if text.startswith('-') else '+' + text} pts"


def value(cell: Cell, kind: ValueType, today: date, signed: bool = False) -> str:
    """One cell for people: money with thousands separators, ``Mon 23 Nov``, ``25.0%``,
    ``+5 pts``; text made safe for one line (control characters visible, line breaks
    folded). ``signed``: a change, so a positive value reads ``+1,200.00``."""
    if isinstance(cell, Typed):
        return value(cell.value, cell.type, today, signed)
    if cell is None:
        return MISSING
    if isinstance(cell, date):
        return format_day(cell, today)
    if isinstance(cell, str):
        return one_line(cell)
    if kind is ValueType.POINTS:
        return points(cell)
    if kind is ValueType.GAP:
        return gap_words(int(cell))
    if kind is ValueType.MONEY:
        text = format_money(int(cell))
    elif kind is ValueType.PERCENT:
        text = percent(cell)
    elif kind is ValueType.TIMES:
        text = figures.times(cell)
    elif kind is ValueType.RATIO:
        text = figures.tenth(cell)
    else:
        text = number(cell)
    return f"+{text}" if signed and cell > 0 else text


def chart_value(amount: Number, kind: ValueType) -> str:
    """A value on a chart: money in whole units (``978,261``), never cents."""
    if kind is ValueType.MONEY:
        return format_money(whole_units(int(amount)))
    return value(amount, kind, date.min)


def figure(amount: Number | None, kind: ValueType) -> str:
    """A key figure's value in a narrow column: money compact (``1.2M``); blank if absent."""
    if amount is None:
        return ""
    if kind is ValueType.MONEY:
        return format_compact(int(amount))
    return value(amount, kind, date.min)


def change(figure: Figure, *, compact: bool = False) -> str:
    """``+7``, ``-2``, ``0``; percentages in points (``+5 pts``)."""
    delta = figure.change
    if delta is None:
        return ""
    if figure.type is ValueType.PERCENT:
        shown = points(delta)
        return shown.replace(" pts", "pt") if compact else shown
    if figure.type is ValueType.MONEY:
        text = (format_compact if compact else format_money)(abs(int(delta)))
    else:
        text = number(abs(delta))
    if not delta:
        return "0"
    return ("+" if delta > 0 else "-") + text


def extremes(values: Sequence[Number], categories: Sequence[str], kind: ValueType) -> str:
    """``latest 5 · high 7 (W45) · low 1 (W40)``: a line chart told in one line (of equal
    values, the most recent category is named)."""
    hi = max(range(len(values)), key=lambda i: (values[i], i))
    lo = min(range(len(values)), key=lambda i: (values[i], -i))
    return (
        f"latest {chart_value(values[-1], kind)} · "
        f"high {chart_value(values[hi], kind)} ({categories[hi]}) · "
        f"low {chart_value(values[lo], kind)} ({categories[lo]})"
    )


def verdict(figure: Figure) -> str:
    """``good``, ``bad`` or ``same``/``""``: how the change reads, for colours and marks."""
    delta = figure.change
    if delta is None or figure.better is Better.NEITHER:
        return ""
    if not delta:
        return "same"
    improved = delta > 0 if figure.better is Better.UP else delta < 0
    return "good" if improved else "bad"


def span(first: date, last: date) -> str:
    """``23–29 Nov 2026``, ``30 Nov – 6 Dec 2026``, ``28 Dec 2026 – 3 Jan 2027``."""
    if first == last:
        return f"{first.day} {_MONTHS[first.month - 1]} {first.year}"
    if first.year != last.year:
        return (
            f"{first.day} {_MONTHS[first.month - 1]} {first.year} – "
            f"{last.day} {_MONTHS[last.month - 1]} {last.year}"
        )
    if first.month != last.month:
        return (
            f"{first.day} {_MONTHS[first.month - 1]} – "
            f"{last.day} {_MONTHS[last.month - 1]} {last.year}"
        )
    return f"{first.day}–{last.day} {_MONTHS[last.month - 1]} {last.year}"


def period_span(period: Period) -> str:
    return span(period.start, period.end)


def moment(at: datetime) -> str:
    """``Thu 26 Nov 2026 09:00`` in local time (always with the year: reports are filed)."""
    local = at.astimezone()
    return f"{format_moment(local, date.min)}"


def status_line(report: Report) -> str:
    """When the figures stand: the period is over, running, or not started yet."""
    today = report.generated_at.date()
    period = report.period
    if today > period.end:
        return f"Generated {moment(report.generated_at)}"
    if today < period.start:
        return f"Generated {moment(report.generated_at)}; this {period.kind.value} has not begun"
    day = period.elapsed_days(today)
    return (
        f"Generated {moment(report.generated_at)}; {period.kind.value} in progress "
        f"(day {day} of {period.days}), figures to now"
    )


# --- terminal/paper widths ------------------------------------------------------------------


def width(text: str) -> int:
    """Columns ``text`` takes in a monospaced font: wide East Asian characters take two,
    combining marks none."""
    total = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        total += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return total


def cut(text: str, columns: int) -> str:
    """``text`` within ``columns``, ending in an ellipsis when it had to be cut."""
    if width(text) <= columns:
        return text
    out, used = [], 0
    for ch in text:
        w = 0 if unicodedata.combining(ch) else width(ch)
        if used + w > columns - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def pad(text: str, columns: int, right: bool = False) -> str:
    gap = " " * max(0, columns - width(text))
    return gap + text if right else text + gap


def _take(text: str, columns: int) -> str:
    """The longest prefix of ``text`` within ``columns`` (at least one character)."""
    used = 0
    for n, ch in enumerate(text):
        used += width(ch)
        if used > columns:
            return text[: max(1, n)]
    return text


def wrap(text: str, columns: int, max_lines: int = 3) -> list[str]:
    """Word-wrap to ``columns`` (overlong words are split), at most ``max_lines`` lines,
    the last one cut with an ellipsis when text remains."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        while width(word) > columns:
            if line:
                lines.append(line)
                line = ""
            head = _take(word, columns)
            lines.append(head)
            word = word[len(head) :]
        if not line:
            line = word
        elif width(line) + 1 + width(word) <= columns:
            line = f"{line} {word}"
        else:
            lines.append(line)
            line = word
    if line or not lines:
        lines.append(line)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], cut(" ".join(lines[max_lines - 1 :]), columns)]
    return lines
