"""Markdown (GitHub-flavoured) for pasting into documents: pipe tables, charts as text in
fenced blocks. User text is escaped so that it reads literally: no emphasis, links,
HTML, math or table breaks come out of a note."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from sam_tui.domain.text import one_line
from sam_tui.reports.model import (
    NUMERIC,
    BarChart,
    Block,
    Bullets,
    Figure,
    KeyFigures,
    Paragraph,
    Report,
    Section,
    Table,
)
from sam_tui.reports.render import text as plain
from sam_tui.reports.render import values as fmt

# Characters with a meaning somewhere in GFM inline text; a backslash makes any ASCII
# punctuation literal (CommonMark 2.4). "&" too: "&lt;" would otherwise become "<".
_INLINE = re.compile(r"([\\`*_\[\]<>|~&$!])")
# At the start of a line these open a heading, a list, a quote or a rule.
_LEADING = re.compile(r"^(\s*)([#+\-=>])")
_ORDERED = re.compile(r"^(\s*\d+)([.)])")


def escape(text: str) -> str:
    """``text`` on one line, made literal inline (table cells, headings)."""
    return _INLINE.sub(r"\\\1", one_line(text))


def escape_line(text: str) -> str:
    """``text`` made literal where it starts a line (paragraphs, list items)."""
    line = escape(text)
    if _ORDERED.match(line):
        return _ORDERED.sub(lambda m: m.group(1) + "\\" + m.group(2), line)
    return _LEADING.sub(lambda m: m.group(1) + "\\" + m.group(2), line)


def render(report: Report, written: Mapping[str, list[str]] | None = None) -> str:
    """The report as Markdown; ``written``: sections' blocks already laid out by
    ``blocks`` (a second process's, ``reports.apart``), by section key."""
    today = report.generated_at.date()
    out = [
        f"# {escape(report.title)} · {escape(report.period.label)}",
        "",
        f"**{escape(fmt.period_span(report.period))}** · {escape(fmt.status_line(report))}. "
        f"Compared with {escape(report.previous.label)} "
        f"({escape(fmt.period_span(report.previous))}).",
    ]
    if report.figures:
        out += ["", "## At a glance", ""]
        out += _figures(report.figures, report, today)
    for section in report.sections:
        out += ["", f"## {escape(section.heading)}"]
        if section.note:
            out += ["", f"_{escape(section.note)}_"]
        done = written.get(section.key) if written else None
        out += blocks(section, report) if done is None else done
    return "\n".join(out) + "\n"


def blocks(section: Section, report: Report) -> list[str]:
    """The lines of ``section`` under its heading and note."""
    today = report.generated_at.date()
    out: list[str] = []
    for block in section.blocks:
        out.append("")
        out += _block(block, report, today)
    return out


def _figures(figures: tuple[Figure, ...], report: Report, today: date) -> list[str]:
    lines = [
        f"| Figure | {escape(report.period.label)} | {escape(report.previous.label)} | Change |",
        "| --- | ---: | ---: | ---: |",
    ]
    for f in figures:
        label = escape(f.label) + (f" ({escape(f.note)})" if f.note else "")
        previous = "" if f.previous is None else fmt.value(f.previous, f.type, today)
        lines.append(
            f"| {label} | {escape(fmt.value(f.value, f.type, today))} | {escape(previous)} "
            f"| {escape(fmt.change(f))} |"
        )
    return lines


def _block(block: Block, report: Report, today: date) -> list[str]:
    if isinstance(block, Table):
        return table(block, today)
    if isinstance(block, KeyFigures):
        head = [f"### {escape(block.title)}", ""] if block.title else []
        return head + _figures(block.figures, report, today)
    if isinstance(block, Bullets):
        head = [f"### {escape(block.title)}", ""] if block.title else []
        return head + [f"- {escape_line(item)}" for item in block.items]
    if isinstance(block, Paragraph):
        return [escape_line(block.text)]
    # charts: the text renderer's drawing, in a fence longer than any backtick run inside
    drawing = (
        plain.bar_chart(block, plain.WIDTH)
        if isinstance(block, BarChart)
        else plain.line_chart(block, plain.WIDTH)
    )
    title, body = drawing[0], drawing[1:]
    longest = max((len(run) for line in body for run in re.findall(r"`+", line)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"### {escape(title)}", "", fence + "text", *body, fence]


def table(block: Table, today: date) -> list[str]:
    lines = [f"### {escape(block.title)}", ""] if block.title else []
    if not block.rows:
        return lines + [f"_{escape(block.empty)}_"]
    lines.append("| " + " | ".join(escape(c.heading) for c in block.columns) + " |")
    lines.append(
        "| " + " | ".join("---:" if c.type in NUMERIC else "---" for c in block.columns) + " |"
    )
    for row in block.shown_rows:
        cells = (
            escape(fmt.value(cell, col.type, today, col.signed))
            for cell, col in zip(row, block.columns, strict=True)
        )
        lines.append("| " + " | ".join(cells) + " |")
    if block.hidden:
        lines += [
            "",
            f"_… and {escape(block.hidden_label)} (the json format lists them all)._",
        ]
    return lines
