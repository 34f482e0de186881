"""Builders for the SQL that services write: bound ``IN`` lists and WHERE clauses from options.

Values always travel as bound parameters, never pasted into the SQL text: an enum set
becomes ``status IN (?, ?)`` plus its values, so the lists of open statuses come from
the enums in ``domain`` and a one-item set is still valid SQL.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from enum import Enum
from typing import Any, TypeVar

from sam_tui.domain.errors import NotFound
from sam_tui.store.migrations import COLUMNS

T = TypeVar("T")


def one_of(column: str, values: Iterable[object]) -> tuple[str, list[object]]:
    """``column IN (?, ?)`` and the values to bind (enum members by their value).

    No values gives ``column IN ()``, which SQLite reads as "matches nothing".
    """
    bound = [v.value if isinstance(v, Enum) else v for v in values]
    return f"{column} IN ({', '.join('?' * len(bound))})", bound


class Where:
    """Conditions ANDed together with the values they bind, built up from a list's options.

    Each condition must stand on its own: parenthesise one that contains ``OR``.
    """

    def __init__(self, *clauses: str) -> None:
        self.clauses = list(clauses)
        self.params: list[object] = []

    def add(self, clause: str, *params: object) -> Where:
        """``clause`` with one ``?`` per value of ``params``, in order."""
        self.clauses.append(clause)
        self.params.extend(params)
        return self

    def one_of(self, column: str, values: Iterable[object]) -> Where:
        clause, params = one_of(column, values)
        return self.add(clause, *params)

    @property
    def sql(self) -> str:
        """`` WHERE a AND b``, or nothing without conditions."""
        return " WHERE " + " AND ".join(self.clauses) if self.clauses else ""


def tuples(conn: sqlite3.Connection) -> sqlite3.Cursor:
    """A cursor whose rows are plain tuples: ``sqlite3.Row``'s lookups by name cost on the
    thousands of rows of a portfolio-wide read (unpack them by position)."""
    cursor = conn.cursor()
    cursor.row_factory = None
    return cursor


def reader(cls: Callable[..., T], **convert: Callable[[Any], object]) -> Callable[[sqlite3.Row], T]:
    """A function making ``cls`` (a NamedTuple) from a row with a column named after each
    field: the stored value, or what ``convert[field]`` makes of it (NULL stays None).

    Fields with a default are left to it unless ``convert`` names them (a detail's
    history, filled in afterwards). As fast as writing the constructor call out.
    """
    # a NamedTuple class, typed as its constructor so the result keeps its type
    fields: tuple[str, ...] = getattr(cls, "_fields")  # noqa: B009
    defaults: dict[str, object] = getattr(cls, "_field_defaults")  # noqa: B009
    unknown = set(convert) - set(fields)
    if unknown:
        raise TypeError(f"{getattr(cls, '__name__', cls)} has no fields {sorted(unknown)}")
    read_all = [f for f in fields if f not in defaults or f in convert]
    if read_all != list(fields[: len(read_all)]):
        raise TypeError("a field with a default is read while one before it is not")
    steps = [(i, convert[f]) for i, f in enumerate(read_all) if f in convert]

    def read(row: sqlite3.Row) -> T:
        values = [row[name] for name in read_all]
        for i, make in steps:
            if values[i] is not None:
                values[i] = make(values[i])
        return cls(*values)

    return read


def given(**values: object) -> dict[str, object]:
    """The columns an edit was given a value for: every one that is not None.

    Check a value on its way in: ``title=None if title is None else check(title)``.
    """
    return {column: value for column, value in values.items() if value is not None}


def by_id(
    select: str, make: Callable[[sqlite3.Row], T], what: str
) -> Callable[[sqlite3.Connection, int], T]:
    """``get(conn, id)`` for ``select`` (ending in ``WHERE x.id = ?``): the record made
    by ``make``, or NotFound ``no <what> #<id>``."""

    def get(conn: sqlite3.Connection, ident: int) -> T:
        return fetch_one(conn, select, (ident,), make, f"no {what} #{ident}")

    return get


def fetch_one(
    conn: sqlite3.Connection,
    sql: str,
    params: Sequence[object],
    make: Callable[[sqlite3.Row], T],
    missing: str,
) -> T:
    """The one row ``sql`` finds, made into a plain object; NotFound(``missing``) if none."""
    row = conn.execute(sql, params).fetchone()
    if row is None:
        raise NotFound(missing)
    return make(row)


def has_rows(conn: sqlite3.Connection, table: str) -> bool:
    """Whether ``table`` (one of sam's) holds any row at all."""
    if table not in COLUMNS:
        raise KeyError(f"unknown table {table}")
    return conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() is not None


def largest_id(conn: sqlite3.Connection, table: str) -> int:
    """The largest id ``table`` (one of sam's) holds, 0 when empty: how wide a list's id
    column must be before its rows are read (the rowid's b-tree answers at once)."""
    if table not in COLUMNS:
        raise KeyError(f"unknown table {table}")
    found = conn.execute(f"SELECT max(id) FROM {table}").fetchone()[0]
    return int(found or 0)
