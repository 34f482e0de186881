"""Loading generated rows (the demo portfolio, benchmark fixtures) straight into a sam file.

Rows go in as they are, column names checked against ``COLUMNS``, without the change
log: a generated portfolio has no history to undo. The whole load is one ``BEGIN
IMMEDIATE`` transaction, so a failed load leaves the file as it was.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from itertools import chain

from sam_tui.store.db import encode, immediate
from sam_tui.store.migrations import COLUMNS


def _insert_sql(table: str, given: Iterable[str]) -> tuple[str, list[str]]:
    known = COLUMNS.get(table)
    if known is None:
        raise KeyError(f"unknown table {table}")
    names = set(given)
    unknown = sorted(names - set(known))
    if unknown:
        raise KeyError(f"unknown columns for {table}: {unknown}")
    columns = [c for c in known if c in names]
    marks = ", ".join("?" * len(columns))
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", columns


class Loader:
    """Inserts rows into one open load transaction (see ``load``)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def add(self, table: str, values: Mapping[str, object]) -> int:
        """One row; returns its id (rowid)."""
        sql, columns = _insert_sql(table, values)
        cursor = self.conn.execute(sql, [encode(values[c]) for c in columns])
        return int(cursor.lastrowid or 0)

    def add_many(self, table: str, rows: Iterable[Mapping[str, object]]) -> int:
        """Many rows with the same columns (those of the first); returns how many."""
        found = iter(rows)
        first = next(found, None)
        if first is None:
            return 0
        sql, columns = _insert_sql(table, first)
        cursor = self.conn.executemany(
            sql, ([encode(row[c]) for c in columns] for row in chain((first,), found))
        )
        return cursor.rowcount

    def clear(self, *tables: str) -> None:
        """Delete every row of ``tables``, in the order given (children before parents)."""
        for table in tables:
            if table not in COLUMNS:
                raise KeyError(f"unknown table {table}")
            self.conn.execute(f"DELETE FROM {table}")


@contextmanager
def load(conn: sqlite3.Connection) -> Iterator[Loader]:
    """One write transaction for a whole load: all of it lands or none of it does."""
    with immediate(conn):
        yield Loader(conn)
