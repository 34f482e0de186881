"""`sam export json` and `sam import json`: the whole book as one JSON document, and back.

The document (format ``sam-book``, version 1) holds every table: its columns and its
rows, one row a line, tables by name and rows by id, so two exports of the same book are
the same text apart from ``exported_at``. It is checked whole before anything is
written: format and version, schema version, known tables and columns, and the type of
every cell (whole numbers, 0/1 flags, ISO dates, UTC timestamps, JSON text).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sam_tui import clock
from sam_tui.domain.errors import InvalidInput
from sam_tui.interop import files
from sam_tui.services import book
from sam_tui.services.book import ColumnInfo, Loaded, Progress, Table
from sam_tui.store import db
from sam_tui.store.migrations import LATEST_VERSION

FORMAT = "sam-book"
VERSION = 1
_KEYS = ("format", "version", "schema", "exported_at", "tables")
# Text columns that hold JSON documents.
_JSON_COLUMNS = {
    ("change_log", "before"),
    ("change_log", "after"),
    ("forecast_snapshot", "data"),
    ("external_ref", "imported_values"),
}
_INT64 = 2**63
_STORED = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", re.ASCII)


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def pieces(conn: sqlite3.Connection, counts: dict[str, int]) -> Iterator[str]:
    """The document, a table's row a piece; ``counts`` fills in as the rows go by."""
    head = {"format": FORMAT, "version": VERSION, "schema": db.schema_version(conn)}
    yield "{" + ", ".join(f"{_dump(k)}: {_dump(v)}" for k, v in head.items())
    yield f', "exported_at": {_dump(db.ts(clock.now()))},\n"tables": {{'
    for n, table in enumerate(sorted(book.schema(conn))):
        names = book.columns(table)
        yield ("," if n else "") + f'\n{_dump(table)}: {{"columns": {_dump(names)}, "rows": ['
        count = 0
        for row in book.rows(conn, table):
            yield ("," if count else "") + "\n" + _dump(list(row))
            count += 1
        counts[table] = count
        yield "\n]}"
    yield "\n}}\n"


def export(conn: sqlite3.Connection, path: Path, *, force: bool) -> dict[str, int]:
    """Write the whole book to ``path`` (atomically, readable by you only); rows per table."""
    target = files.check_target(path, force=force)
    counts: dict[str, int] = {}
    with book.snapshot(conn):
        files.write_chunks(target, pieces(conn, counts), force=force)
    return counts


# --- reading a document back --------------------------------------------------------------


def read(path: Path) -> Any:
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except FileNotFoundError:
        raise InvalidInput(f"{path} does not exist") from None
    except IsADirectoryError:
        raise InvalidInput(f"{path} is a folder, not a sam JSON document") from None
    except UnicodeDecodeError:
        raise InvalidInput(f"{path} is not a sam JSON document (not UTF-8 text)") from None
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            f"{path} is not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror or exc}") from None


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:39] + "…"


def _is_moment(column: ColumnInfo) -> bool:
    return column.type not in ("BOOLEAN", "INTEGER", "DATE") and (
        column.name == "at" or column.name.endswith("_at")
    )


def _as_stored(value: Any) -> Any:
    """A moment as sam stores every moment (UTC, seconds, ``Z``): the time indexes and the
    touches' quarter hours compare and cut that text, where "…+05:30" or "….5Z" would sort
    apart. Anything else as it is (``_cell_problem`` names what is wrong with it)."""
    if not isinstance(value, str) or _STORED.fullmatch(value):
        return value
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    return db.ts(moment) if moment.tzinfo is not None else value


def _cell_problem(table: str, column: ColumnInfo, value: Any) -> str | None:
    """Why ``value`` cannot go in ``column``, or None."""
    if value is None:
        return "is empty, and the column needs a value" if column.required else None
    name = column.name
    if column.type == "BOOLEAN":
        return None if type(value) is int and value in (0, 1) else "is not 0 or 1"
    if column.type == "INTEGER":
        ok = type(value) is int and -_INT64 <= value < _INT64
        return None if ok else "is not a whole number"
    if not isinstance(value, str):
        return "is not text"
    if column.type == "DATE":
        try:
            date.fromisoformat(value)
        except ValueError:
            return "is not a date (YYYY-MM-DD)"
        return None if len(value) == 10 else "is not a date (YYYY-MM-DD)"
    if _is_moment(column):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return "is not a timestamp (2026-11-26T09:00:00Z)"
        return None if moment.tzinfo is not None else "is a timestamp without its zone"
    if (table, name) in _JSON_COLUMNS:
        try:
            json.loads(value)
        except json.JSONDecodeError:
            return "is not JSON text"
    return None


def check(document: Any, schema: Mapping[str, list[ColumnInfo]]) -> dict[str, Table]:
    """The document's tables, every cell checked against ``schema``; InvalidInput naming
    the first problem (and how many there are) otherwise. Nothing is written here."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InvalidInput('not a sam book: no "format": "sam-book" (`sam export json` writes one)')
    extra = sorted(set(document) - set(_KEYS))
    missing = [k for k in _KEYS if k not in document]
    if extra or missing:
        what = f"unknown key {extra[0]!r}" if extra else f"no {missing[0]!r}"
        raise InvalidInput(f"not a sam book document: {what}")
    version, schema_version = document["version"], document["schema"]
    if type(version) is not int or type(schema_version) is not int:
        raise InvalidInput("not a sam book document: version and schema must be whole numbers")
    if version > VERSION or schema_version > LATEST_VERSION:
        raise InvalidInput(
            f"the document was written by a newer sam (format v{version}, schema "
            f"v{schema_version}; this sam reads format v{VERSION}, schema up to "
            f"v{LATEST_VERSION}); upgrade sam to import it"
        )
    if version < 1 or schema_version < 1:
        raise InvalidInput("not a sam book document: its version is not one sam wrote")
    tables = document["tables"]
    if not isinstance(tables, dict):
        raise InvalidInput('not a sam book document: "tables" is not an object')
    problems: list[str] = []
    found: dict[str, Table] = {}
    for table, body in tables.items():
        if table not in schema:
            problems.append(f"unknown table {_short(table)}")
            continue
        checked = _check_table(table, body, schema[table], problems)
        if checked is not None:
            found[table] = checked
        if len(problems) > 100:
            break
    if problems:
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        raise InvalidInput(f"{problems[0]}{more}; nothing was imported")
    return found


def _check_table(
    table: str, body: Any, known: list[ColumnInfo], problems: list[str]
) -> Table | None:
    if not isinstance(body, dict) or set(body) != {"columns", "rows"}:
        problems.append(f'table {table}: not {{"columns": [...], "rows": [...]}}')
        return None
    names, rows = body["columns"], body["rows"]
    by_name = {c.name: c for c in known}
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        problems.append(f"table {table}: columns is not a list of names")
        return None
    unknown = [n for n in names if n not in by_name]
    absent = [c.name for c in known if c.required and c.name not in names]
    if unknown or absent or len(set(names)) != len(names):
        why = (
            f"unknown column {_short(unknown[0])}"
            if unknown
            else f"no column {absent[0]}"
            if absent
            else "a column twice"
        )
        problems.append(f"table {table}: {why}")
        return None
    if not isinstance(rows, list):
        problems.append(f"table {table}: rows is not a list")
        return None
    columns = [by_name[n] for n in names]
    moments = [n for n, c in enumerate(columns) if _is_moment(c)]
    key = names.index("id" if "id" in names else "rowid")
    seen: set[int] = set()
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, list) or len(row) != len(columns):
            problems.append(f"table {table}, row {number}: not a list of {len(columns)} values")
            continue
        for column, value in zip(columns, row, strict=True):
            wrong = _cell_problem(table, column, value)
            if wrong is not None:
                problems.append(
                    f"table {table}, row {number}, column {column.name}: {_short(value)} {wrong}"
                )
        for n in moments:
            row[n] = _as_stored(row[n])
        ident = row[key]
        if ident in seen:
            problems.append(f"table {table}, row {number}: id {ident} twice")
        seen.add(ident)
        if len(problems) > 100:
            break
    return names, rows


def load(
    conn: sqlite3.Connection, path: Path, *, dry_run: bool, progress: Progress | None = None
) -> Loaded:
    """Check the document at ``path`` whole, then restore or merge it as one command."""
    document = read(path)
    tables = check(document, book.schema(conn))
    return book.load(conn, tables, dry_run=dry_run, progress=progress)
