"""HTML: one self-contained file to open, mail or print. Inline CSS (with print rules: each
section starts a page), inline SVG charts, no script, no fonts or images to fetch; a
Content-Security-Policy forbids any load. Every piece of text is HTML-escaped."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from html import escape

from sam_tui.domain.text import clean, one_line
from sam_tui.reports.model import (
    NUMERIC,
    BarChart,
    Block,
    Bullets,
    Figure,
    KeyFigures,
    LineChart,
    Number,
    Paragraph,
    Report,
    Section,
    Table,
    ValueType,
)
from sam_tui.reports.render import svg
from sam_tui.reports.render import values as fmt

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

CSS = """
:root { --ink: #1a202c; --soft: #4a5568; --rule: #e2e8f0; --band: #f7fafc;
        --good: #2f855a; --bad: #c53030; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 60rem; padding: 2rem 1.5rem 3rem; color: var(--ink);
       font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue",
       Arial, sans-serif; background: #fff; }
header { border-bottom: 3px solid var(--ink); margin-bottom: 1.5rem; padding-bottom: .75rem; }
h1 { font-size: 1.7rem; margin: 0 0 .25rem; }
h1 .period { color: var(--soft); font-weight: 400; }
.meta { color: var(--soft); margin: .15rem 0; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; padding-bottom: .2rem;
     border-bottom: 1px solid var(--rule); }
h3 { font-size: 1rem; margin: 1.25rem 0 .4rem; }
.note { color: var(--soft); font-style: italic; margin: 0 0 .5rem; }
table { border-collapse: collapse; width: 100%; margin: .25rem 0 .5rem; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid var(--rule);
         vertical-align: top; overflow-wrap: break-word; }
th { font-size: .8rem; text-transform: uppercase; letter-spacing: .03em; color: var(--soft);
     border-bottom: 2px solid var(--rule); white-space: nowrap; }
tbody tr:nth-child(even) { background: var(--band); }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.date { white-space: nowrap; }
.figures td.value { font-size: 1.15rem; font-weight: 600; }
.figures .label small { color: var(--soft); }
.good { color: var(--good); }
.bad { color: var(--bad); }
.more, .empty { color: var(--soft); font-style: italic; }
figure { margin: .5rem 0 1rem; }
figcaption { font-weight: 600; margin-bottom: .25rem; }
svg.chart { width: 100%; height: auto; max-height: 260px; }
svg text { font: 11px system-ui, sans-serif; fill: var(--soft); }
svg text.value { fill: var(--ink); font-weight: 600; }
svg .grid { stroke: var(--rule); stroke-width: 1; }
svg .line { stroke-width: 2; }
svg.spark { vertical-align: middle; }
footer { margin-top: 2rem; color: var(--soft); font-size: .8rem; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  section { break-before: page; }
  section.glance { break-before: avoid; }
  h2, h3, figcaption { break-after: avoid; }
  tr, figure, svg { break-inside: avoid; }
  thead { display: table-header-group; }
  tbody tr:nth-child(even) { background: none; }
  .good, .bad { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def _e(text: str) -> str:
    """User or our text as HTML: control characters visible, markup inert."""
    return escape(clean(text), quote=True)


def _e1(text: str) -> str:
    return escape(one_line(text), quote=True)


def _label(kind: ValueType) -> svg.Label:
    """How a chart labels its values (money in whole units)."""

    def label(v: Number) -> str:
        return fmt.chart_value(v, kind)

    return label


def render(report: Report, written: Mapping[str, list[str]] | None = None) -> str:
    """The report as one HTML page; ``written``: sections' blocks already laid out by
    ``blocks`` (a second process's, ``reports.apart``), by section key."""
    today = report.generated_at.date()
    title = f"{report.title} · {report.period.label}"
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="sam">',
        f"<title>{_e1(title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f'<h1>{_e1(report.title)} <span class="period">{_e1(report.period.label)}</span></h1>',
        f'<p class="meta"><strong>{_e1(fmt.period_span(report.period))}</strong> · '
        f"{_e1(fmt.status_line(report))}</p>",
        f'<p class="meta">Compared with {_e1(report.previous.label)} '
        f"({_e1(fmt.period_span(report.previous))})</p>",
        "</header>",
    ]
    if report.figures:
        out += [
            '<section class="glance" id="at-a-glance">',
            "<h2>At a glance</h2>",
            _figures(report.figures, report, today),
            "</section>",
        ]
    for section in report.sections:
        out.append(f'<section id="{_e1(section.key)}">')
        out.append(f"<h2>{_e1(section.heading)}</h2>")
        if section.note:
            out.append(f'<p class="note">{_e1(section.note)}</p>')
        done = written.get(section.key) if written else None
        out += blocks(section, report) if done is None else done
        out.append("</section>")
    out += [
        f"<footer>sam · {_e1(report.title)} {_e1(report.period.label)} · generated "
        f"{_e1(fmt.moment(report.generated_at))}</footer>",
        "</body>",
        "</html>",
    ]
    return "\n".join(out) + "\n"


def blocks(section: Section, report: Report) -> list[str]:
    """The HTML of each block of ``section``."""
    today = report.generated_at.date()
    return [_block(block, today) for block in section.blocks]


def _figures(figures: tuple[Figure, ...], report: Report, today: date) -> str:
    rows = [
        '<table class="figures">',
        "<thead><tr><th>Figure</th><th></th>"
        f'<th class="num">{_e1(report.period.label)}</th>'
        f'<th class="num">{_e1(report.previous.label)}</th>'
        '<th class="num">Change</th></tr></thead>',
        "<tbody>",
    ]
    for f in figures:
        note = f" <small>({_e1(f.note)})</small>" if f.note else ""
        spark = svg.sparkline(f.trend, f"{f.label}: trend") if any(f.trend) else ""
        verdict = fmt.verdict(f)
        klass = f' class="num {verdict}"' if verdict in ("good", "bad") else ' class="num"'
        previous = "" if f.previous is None else fmt.value(f.previous, f.type, today)
        rows.append(
            f'<tr><td class="label">{_e1(f.label)}{note}</td><td>{spark}</td>'
            f'<td class="num value">{_e1(fmt.value(f.value, f.type, today))}</td>'
            f'<td class="num">{_e1(previous)}</td>'
            f"<td{klass}>{_e1(fmt.change(f))}</td></tr>"
        )
    rows += ["</tbody>", "</table>"]
    return "\n".join(rows)


def _block(block: Block, today: date) -> str:
    if isinstance(block, Table):
        return table(block, today)
    if isinstance(block, KeyFigures):
        head = f"<h3>{_e1(block.title)}</h3>\n" if block.title else ""
        # a figures block inside a section: same table, without the report's period labels
        rows = "\n".join(
            f'<tr><td>{_e1(f.label)}</td><td class="num">'
            f"{_e1(fmt.value(f.value, f.type, today))}</td></tr>"
            for f in block.figures
        )
        return f'{head}<table class="figures"><tbody>\n{rows}\n</tbody></table>'
    if isinstance(block, Bullets):
        head = f"<h3>{_e1(block.title)}</h3>\n" if block.title else ""
        items = "\n".join(f"<li>{_e(item)}</li>" for item in block.items)
        return f"{head}<ul>\n{items}\n</ul>"
    if isinstance(block, Paragraph):
        return f"<p>{_e(block.text)}</p>"
    label = _label(block.type)
    drawing = (
        svg.bar_chart(block, label) if isinstance(block, BarChart) else svg.line_chart(block, label)
    )
    assert isinstance(block, BarChart | LineChart)
    return f"<figure>\n<figcaption>{_e1(block.title)}</figcaption>\n{drawing}\n</figure>"


def _cell_class(kind: ValueType) -> str:
    if kind in NUMERIC:
        return ' class="num"'
    if kind is ValueType.DATE:
        return ' class="date"'
    return ""


def table(block: Table, today: date) -> str:
    head = f"<h3>{_e1(block.title)}</h3>" if block.title else ""
    if not block.rows:
        return f'{head}\n<p class="empty">{_e1(block.empty)}</p>'
    lines = [head, "<table>", "<thead><tr>"]
    lines.append("".join(f"<th{_cell_class(c.type)}>{_e1(c.heading)}</th>" for c in block.columns))
    lines += ["</tr></thead>", "<tbody>"]
    for row in block.shown_rows:
        cells = "".join(
            f"<td{_cell_class(col.type)}>{_e1(fmt.value(cell, col.type, today, col.signed))}</td>"
            for cell, col in zip(row, block.columns, strict=True)
        )
        lines.append(f"<tr>{cells}</tr>")
    lines += ["</tbody>", "</table>"]
    if block.hidden:
        lines.append(
            f'<p class="more">… and {_e1(block.hidden_label)} (the json format lists them all)</p>'
        )
    return "\n".join(lines)
