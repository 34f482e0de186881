"""JSON: the full data behind a report, with stable keys, ISO dates and money as numbers.

Every table row is an object keyed by its columns' keys, and cut tables come whole.
Money is in currency units (``cents_to_number``), percentages and other ratios are
fractions to four decimals (0.25, 0.6495), as ``sam metrics --json`` gives them.
Text is kept exactly as stored; ``json.dumps`` escapes control characters.

The text is ``json.dumps(document, indent=2)`` byte for byte, but written by ``indented``:
Python encodes indented JSON in Python, ten times slower than its C encoder (a year report
on 10,000 accounts holds ~40,000 table rows, 8 MB: 0.3 s of a budget of 1 s, now 0.06 s).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime
from itertools import chain
from typing import Any, NamedTuple

from sam_tui.domain.figures import json_ratio
from sam_tui.domain.money import cents_to_number
from sam_tui.domain.periods import Period
from sam_tui.reports.model import (
    RATIOS,
    BarChart,
    Block,
    Bullets,
    Cell,
    Figure,
    KeyFigures,
    LineChart,
    Number,
    Paragraph,
    Report,
    Section,
    Series,
    Table,
    Typed,
    ValueType,
)

VERSION = 1


def _number(value: Number | None, kind: ValueType) -> Any:
    if value is None:
        return None
    if kind in (ValueType.MONEY, ValueType.GAP):
        return cents_to_number(int(value))
    if kind in RATIOS:
        return json_ratio(value)
    return value


def _cell(value: Cell, kind: ValueType) -> Any:
    if isinstance(value, Typed):
        return _number(value.value, value.type)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, str) or value is None:
        return value
    return _number(value, kind)


# cells of these types in these columns are written as they are (``_cell`` would return
# them unchanged): most of the ~170,000 cells of a year report on 10,000 accounts
_AS_IS_TYPES = frozenset({str, int, float, type(None)})
_AS_IS_COLUMNS = frozenset({ValueType.TEXT, ValueType.NUMBER})


def _column(values: tuple[Cell, ...], kind: ValueType) -> list[Any]:
    """``_cell`` of each value of one column, the common cases without the call."""
    if kind in _AS_IS_COLUMNS:
        return [v if type(v) in _AS_IS_TYPES else _cell(v, kind) for v in values]
    if kind is ValueType.DATE:
        return [v.isoformat() if type(v) is date else _cell(v, kind) for v in values]
    if kind in (ValueType.MONEY, ValueType.GAP):
        return [cents_to_number(v) if type(v) is int else _cell(v, kind) for v in values]
    return [_cell(v, kind) for v in values]


class Rows(NamedTuple):
    """A table's rows in ``document``: an object per row, keyed by the columns' keys.
    ``indented`` writes them straight from the cells (``_rows_text``)."""

    table: Table


def _rows_text(table: Table, pad: str) -> str:
    """``json.dumps(rows, indent=2)`` of a table's rows as objects, without making them:
    the cells converted a column at a time, all encoded by one call of C's encoder, and
    poured into one template per row (half the time, on a year report's 40,000 rows)."""
    if not table.rows or not table.columns:
        return indented([{} for _ in table.rows], pad)
    inner, deeper = pad + "  ", pad + "    "
    columns = [
        _column(values, c.type)
        for values, c in zip(zip(*table.rows, strict=True), table.columns, strict=True)
    ]
    cells = json.dumps(
        list(chain.from_iterable(zip(*columns, strict=True))), separators=(_MARK, ": ")
    )
    keys = ",\n".join(f"{deeper}{json.dumps(c.key).replace('%', '%%')}: %s" for c in table.columns)
    row = f"{{\n{keys}\n{inner}}}"
    filled = (",\n" + inner).join([row] * len(table.rows)) % tuple(cells[1:-1].split(_MARK))
    return f"[\n{inner}{filled}\n{pad}]"


def _period(period: Period) -> dict[str, Any]:
    return {
        "label": period.label,
        "kind": period.kind.value,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
    }


def figure(f: Figure) -> dict[str, Any]:
    return {
        "key": f.key,
        "label": f.label,
        "type": f.type.value,
        "value": _number(f.value, f.type),
        "previous": _number(f.previous, f.type),
        "change": _number(f.change, f.type),
        "better": f.better.value,
        "note": f.note,
        "trend": [_number(v, f.type) for v in f.trend],
    }


def _series(s: Series, kind: ValueType) -> dict[str, Any]:
    return {"name": s.name, "tone": s.tone.value, "values": [_number(v, kind) for v in s.values]}


def block(b: Block) -> dict[str, Any]:
    if isinstance(b, Table):
        return {
            "type": "table",
            "key": b.key,
            "title": b.title,
            "columns": [
                {"key": c.key, "heading": c.heading, "type": c.type.value} for c in b.columns
            ],
            "rows": Rows(b),
        }
    if isinstance(b, KeyFigures):
        return {
            "type": "figures",
            "key": b.key,
            "title": b.title,
            "figures": [figure(f) for f in b.figures],
        }
    if isinstance(b, Bullets):
        return {"type": "bullets", "key": b.key, "title": b.title, "items": list(b.items)}
    if isinstance(b, Paragraph):
        return {"type": "paragraph", "key": b.key, "text": b.text}
    kind = "bar_chart" if isinstance(b, BarChart) else "line_chart"
    doc: dict[str, Any] = {
        "type": kind,
        "key": b.key,
        "title": b.title,
        "value_type": b.type.value,
        "categories": list(b.keys or b.categories),
        "labels": list(b.categories),
        "series": [_series(s, b.type) for s in b.series],
    }
    if isinstance(b, BarChart):
        doc["stacked"] = b.stacked
    assert isinstance(b, BarChart | LineChart)
    return doc


class Written(NamedTuple):
    """A section's ``blocks`` already written (``blocks``), put in the document as is."""

    text: str


# where a section's "blocks" list starts: in the "sections" list of the document
_BLOCKS_PAD = " " * 6


def blocks(section: Section, report: Report) -> list[str]:
    """``section``'s "blocks" list as it stands in the document (one text)."""
    return [indented([block(b) for b in section.blocks], _BLOCKS_PAD)]


def document(report: Report, written: Mapping[str, list[str]] | None = None) -> dict[str, Any]:
    """The report as JSON values; ``written``: sections' blocks already written by
    ``blocks`` (a second process's, ``reports.apart``), by section key."""
    return {
        "format_version": VERSION,
        "report": report.kind,
        "title": report.title,
        "period": _period(report.period),
        "previous_period": _period(report.previous),
        "generated_at": report.generated_at.isoformat(),
        "as_of": report.as_of.isoformat(),
        "sections": [
            {
                "key": s.key,
                "heading": s.heading,
                "note": s.note,
                "figures": [figure(f) for f in s.figures],
                "blocks": _blocks(s, written),
            }
            for s in report.sections
        ],
    }


def _blocks(section: Section, written: Mapping[str, list[str]] | None) -> Any:
    done = written.get(section.key) if written else None
    return [block(b) for b in section.blocks] if done is None else Written("".join(done))


def render(report: Report, written: Mapping[str, list[str]] | None = None) -> str:
    out: list[str] = []
    _write(document(report, written), "", out)
    out.append("\n")
    return "".join(out)


_CONTAINERS = (dict, list, tuple)
# between two values when many are encoded in one go: C's encoder escapes every control
# character inside strings, so a raw NUL in its output is only ever this separator
_MARK = "\x00"


def _flat(value: dict[str, Any] | list[Any] | tuple[Any, ...]) -> bool:
    """Whether ``value`` holds no list or object (one level of brackets)."""
    items = value.values() if isinstance(value, dict) else value
    return not any(isinstance(v, _CONTAINERS) for v in items)


def indented(value: Any, pad: str = "") -> str:
    """``json.dumps(value, indent=2)`` (``pad``: the indent of the line ``value`` starts on),
    each run of scalars and each list of flat objects (a table's rows) through the C encoder
    with the separators indentation wants (a table's ``Rows`` by ``_rows_text``)."""
    out: list[str] = []
    _write(value, pad, out)
    return "".join(out)


def _write(value: Any, pad: str, out: list[str]) -> None:
    """``indented(value, pad)`` in pieces onto ``out``: joined once at the end (joined at
    every level, a year report's 8 MB were copied once per level of nesting)."""
    if isinstance(value, Rows):
        out.append(_rows_text(value.table, pad))
        return
    if isinstance(value, Written):
        assert pad == _BLOCKS_PAD, "a section's blocks are written where the document has them"
        out.append(value.text)
        return
    if not isinstance(value, dict | list | tuple) or not value:
        out.append(json.dumps(value))  # a scalar, [] or {}
        return
    if isinstance(value, dict) and not all(isinstance(k, str) for k in value):
        # keys that are not text (never in a report): json's own rules turn them into text
        out.append(json.dumps(value, indent=2).replace("\n", "\n" + pad))
        return
    inner = pad + "  "
    opening, closing = ("{", "}") if isinstance(value, dict) else ("[", "]")
    if _flat(value):
        body = json.dumps(value, separators=(",\n" + inner, ": "))[1:-1]
    elif isinstance(value, dict):
        out.append(f"{opening}\n")
        for n, (k, v) in enumerate(value.items()):
            if n:
                out.append(",\n")
            out.append(f"{inner}{json.dumps(k)}: ")
            _write(v, inner, out)
        out.append(f"\n{pad}{closing}")
        return
    elif all(isinstance(v, dict) and v and _flat(v) for v in value):
        deeper = inner + "  "
        body = (
            json.dumps(value, separators=(_MARK, ": "))[2:-2]
            .replace("}" + _MARK + "{", f"\n{inner}}},\n{inner}{{\n{deeper}")
            .replace(_MARK, ",\n" + deeper)
        )
        body = f"{{\n{deeper}{body}\n{inner}}}"
    else:
        out.append(f"{opening}\n{inner}")
        for n, v in enumerate(value):
            if n:
                out.append(f",\n{inner}")
            _write(v, inner, out)
        out.append(f"\n{pad}{closing}")
        return
    out.append(f"{opening}\n{inner}{body}\n{pad}{closing}")
