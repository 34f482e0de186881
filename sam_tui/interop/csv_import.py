"""`sam import csv`: read the file, plan it against the book, write it whole or not at all.

The plan is made under the write lock (``services.imports.run``), so what the user is
told is what lands; a plan with any problem writes nothing. ``document`` gives the plan
as the JSON the CLI prints with ``--json``.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any, NamedTuple

from sam_tui.domain.money import cents_to_number
from sam_tui.interop import csvfile
from sam_tui.interop.columns import SOURCE_NAMES, detect_source
from sam_tui.interop.csvfile import DELIMITER_NAMES
from sam_tui.interop.plan import NEEDS, TABLES, Options, Plan, Progress, build
from sam_tui.services import imports
from sam_tui.services.imports import Create, NewAccount, Update, Written

# How many of each kind the plan shows.
FIRST = 5


class Outcome(NamedTuple):
    plan: Plan
    written: Written | None  # None: a dry run, or refused


def run(
    conn: sqlite3.Connection,
    path: Path,
    options: Options,
    *,
    dry_run: bool,
    checking: Progress | None = None,
    writing: Progress | None = None,
) -> Outcome:
    """Plan ``path`` and, unless ``dry_run`` or a problem, import it as one command."""
    table = csvfile.read(path, options.encoding)
    source = options.source
    if source == "auto":
        rows = [r.cells for r in table.records[:200]]
        source = detect_source(table.header, options.entity, rows)
    plan, written = imports.run(
        conn,
        source=source,
        tables=NEEDS[options.entity],
        plan=lambda book: build(table, path.name, options, book, checking),
        operations=lambda planned: None if planned.problems else planned.ops,
        dry_run=dry_run,
        progress=writing,
    )
    return Outcome(plan, written)


# --- the plan as one JSON document ------------------------------------------------------------


def _value(column: str, value: Any) -> tuple[str, Any]:
    if isinstance(value, NewAccount):
        return column, "(new account)"
    if column.endswith("_cents") and isinstance(value, int):
        return column.removesuffix("_cents"), cents_to_number(value)
    return column, value


def _values(values: dict[str, Any]) -> dict[str, Any]:
    return dict(
        _value(k, v) for k, v in values.items() if k not in ("name_key", "fold_key", "archived")
    )


def _pairs(pairs: dict[str, tuple[Any, Any]]) -> dict[str, list[Any]]:
    return {
        _value(k, a)[0]: [_value(k, a)[1], _value(k, b)[1]]
        for k, (a, b) in pairs.items()
        if k not in ("name_key", "fold_key")
    }


def _create(c: Create) -> dict[str, Any]:
    return {"line": c.line, "label": c.label, "values": _values(c.values)}


def _update(u: Update) -> dict[str, Any]:
    return {
        "line": u.line,
        "id": u.id,
        "label": u.label,
        "changes": _pairs(u.changes),
        "kept": _pairs(u.kept),
    }


def document(plan: Plan, written: Written | None, dry_run: bool) -> dict[str, Any]:
    """The plan as ``--json`` prints it: counts, the first few of each kind, problems."""
    return {
        "file": plan.file,
        "records": plan.entity.value,
        "table": TABLES[plan.entity],
        "source": plan.source,
        "source_detected": plan.detected,
        "encoding": plan.encoding,
        "delimiter": DELIMITER_NAMES.get(plan.delimiter, plan.delimiter),
        "rows": plan.rows,
        "columns": [
            {"column": u.header, "field": u.field, "note": u.why or None} for u in plan.columns
        ],
        "counts": {
            "create": len(plan.creates),
            "update": len(plan.updates),
            "unchanged": len(plan.unchanged),
            "skip": len(plan.skips),
            "new_accounts": len(plan.new_accounts),
        },
        "create": [_create(c) for c in plan.creates[:FIRST]],
        "update": [_update(u) for u in plan.updates[:FIRST]],
        "unchanged": [_update(u) for u in plan.unchanged[:FIRST]],
        "skip": [
            {"line": s.line, "label": s.label, "reason": s.reason} for s in plan.skips[:FIRST]
        ],
        "new_accounts": [_create(c) for c in plan.new_accounts[:FIRST]],
        "notices": plan.notices,
        "problems": [
            {"line": p.line, "column": p.column, "value": p.value, "message": p.message}
            for p in plan.problems
        ],
        "dry_run": dry_run,
        "written": written is not None,
    }


def source_words(plan: Plan) -> str:
    """``a Salesforce export (from its headers)``."""
    name = SOURCE_NAMES[plan.source]
    what = name if plan.source == "plain" else f"a {name} export"
    return f"{what} (from its headers)" if plan.detected else f"{what} (--source)"
