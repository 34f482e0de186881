"""The whole book, table by table: read for `sam export json`, written back by `sam import json`.

Into an empty book the tables are restored exactly as they were (ids, timestamps, the
change log), so exporting again gives the same document. Into a book that holds
records, the document is merged by the records' stable ids: a row is the same record
when its table, id and creation moment agree (a book restored on another machine keeps
both), or when an earlier merge linked them (``external_ref``, source ``sam``), or when
it bears the same unique name (account, quota period, setting). Matched rows take the
document's values when its copy was updated later; the rest are added with new ids,
their references followed. The other book's change log is not merged (its commands are
not this book's); the merge itself is one command, undone whole by ``sam undo``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, NamedTuple

from sam_tui import clock
from sam_tui.domain import refs
from sam_tui.domain.errors import InvalidInput
from sam_tui.services import settings
from sam_tui.store import db
from sam_tui.store.migrations import COLUMNS

# The moment a row came into being, which with its id names it across copies of a book.
STAMPS = {
    "change_log": "at",
    "complaint_update": "at",
    "deal_stage_change": "at",
    "objective_progress": "at",
    "prospect_stage_change": "at",
    "forecast_snapshot": "taken_at",
    "external_ref": "imported_at",
}
# Unique names: a row bearing one is the record of that name, whatever its id.
NATURAL_KEYS = {
    "account": ("name_key",),
    "quota": ("period",),
    "setting": ("key",),
    "external_ref": ("source", "source_key", "entity"),
}
# Kept by triggers from other rows: never copied over a merged row.
DERIVED = {"last_touch_at", "recent_sentiments"}
# Named by their unique name only: a setting by its key, a source reference by its source.
NATURAL_ONLY = {"setting", "external_ref"}
# Not merged: the other book's history.
NOT_MERGED = {"change_log"}
MERGE_SOURCE = "sam"
Progress = Callable[[int, int], None]


class ColumnInfo(NamedTuple):
    name: str
    type: str  # INTEGER, VARCHAR, DATE, BOOLEAN
    required: bool  # NOT NULL


def columns(table: str) -> list[str]:
    """The columns a document holds for ``table``: a table keyed by rowid (setting) adds it
    first, since the change log names its rows by rowid."""
    return list(COLUMNS[table]) if db.key_column(table) == "id" else ["rowid", *COLUMNS[table]]


def schema(conn: sqlite3.Connection) -> dict[str, list[ColumnInfo]]:
    """Every table's columns with their declared types, as the document is checked."""
    found: dict[str, list[ColumnInfo]] = {}
    for table in COLUMNS:
        info = {
            # a column with a default (added later, say) may be absent from an older document
            r["name"]: ColumnInfo(
                r["name"], str(r["type"]).upper(), bool(r["notnull"]) and r["dflt_value"] is None
            )
            for r in conn.execute(f"PRAGMA table_info({table})")
        }
        found[table] = [info.get(c, ColumnInfo(c, "INTEGER", True)) for c in columns(table)]
    return found


def _parents(conn: sqlite3.Connection) -> dict[str, list[tuple[str, str]]]:
    """table -> (column, parent table) of each foreign key."""
    return {
        table: [(r["from"], r["table"]) for r in conn.execute(f"PRAGMA foreign_key_list({table})")]
        for table in COLUMNS
    }


def order(conn: sqlite3.Connection) -> list[str]:
    """Tables with every parent before its children."""
    parents = _parents(conn)
    done: list[str] = []
    pending = sorted(COLUMNS)
    while pending:
        ready = [t for t in pending if all(p in done or p == t for _, p in parents[t])]
        if not ready:  # a cycle: never in sam's schema
            raise AssertionError(f"foreign keys form a cycle among {pending}")
        done.extend(ready)
        pending = [t for t in pending if t not in ready]
    return done


@contextmanager
def snapshot(conn: sqlite3.Connection) -> Iterator[None]:
    """One consistent read of every table (an export)."""
    with db.read(conn):
        yield


def rows(conn: sqlite3.Connection, table: str) -> Iterator[tuple[Any, ...]]:
    """``table``'s rows by key, with the columns of ``columns(table)``."""
    key = db.key_column(table)
    picked = ", ".join(f'"{c}"' for c in columns(table))
    for row in conn.execute(f"SELECT {picked} FROM {table} ORDER BY {key}"):
        yield tuple(row)


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    return {t: int(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in COLUMNS}


class Loaded(NamedTuple):
    """What an import of a document did, or would do (``dry_run``)."""

    restored: bool  # into an empty book, exactly
    created: dict[str, int]
    updated: dict[str, int]
    kept: dict[str, int]  # matched, this book's copy newer or the same age: left as it is
    unchanged: dict[str, int]
    skipped: dict[str, int]  # tables not merged (the change log), by rows


Table = tuple[list[str], list[list[Any]]]  # (columns, rows)


class _Rollback(Exception):
    """Raised inside the write to leave a dry run's changes unmade."""


def load(
    conn: sqlite3.Connection,
    tables: Mapping[str, Table],
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> Loaded:
    """Restore ``tables`` into an empty book, or merge them into this one, as one command.

    ``tables`` were checked against ``schema`` already (``interop.book_json``); a row that
    still breaks a rule of the book (a CHECK, a reference) refuses the whole document.
    """
    result: Loaded | None = None
    # a dry run writes nothing: not even the day's automatic backup
    quiet = dry_run and isinstance(conn, db.Connection) and conn.before_write is not None
    hook = conn.before_write if quiet and isinstance(conn, db.Connection) else None
    if isinstance(conn, db.Connection) and quiet:
        conn.before_write = None
    try:
        with db.write(conn, "import json", clock.now()) as tx:
            try:
                if not any(counts(conn).values()):
                    result = _restore(tx, tables, progress)
                else:
                    _check_currency(conn, tables)
                    result = _Merge(tx, tables, progress).run()
            except sqlite3.IntegrityError as exc:
                raise InvalidInput(
                    f"the document breaks a rule of the book ({exc}); nothing was imported"
                ) from None
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass
    finally:
        if isinstance(conn, db.Connection) and quiet:
            conn.before_write = hook
    assert result is not None
    return result


def _check_currency(conn: sqlite3.Connection, tables: Mapping[str, Table]) -> None:
    """A merge adds the document's amounts to the book's: they must be in one currency."""
    theirs = settings.spec("currency").default
    names, values = tables.get("setting", ((), ()))
    if "key" in names and "value" in names:
        key, value = names.index("key"), names.index("value")
        theirs = next((str(r[value]).upper() for r in values if r[key] == "currency"), theirs)
    ours = settings.currency(conn)
    if theirs != ours:
        raise InvalidInput(
            f"the document's amounts are in {theirs} and this book's in {ours}; sam holds one "
            "currency per book, so the merge would add them up: nothing was imported"
        )


def _restore(tx: db.Tx, tables: Mapping[str, Table], progress: Progress | None) -> Loaded:
    """Every row as it was, ids included; the book's own change log comes with it, so
    nothing is logged again (re-exporting gives the same document)."""
    total = sum(len(t[1]) for t in tables.values())
    done = 0
    created: dict[str, int] = {}
    for table in order(tx.conn):
        if table not in tables:
            continue
        names, values = tables[table]
        if not values:
            continue
        quoted = ", ".join(f'"{c}"' for c in names)
        marks = ", ".join("?" for _ in names)
        for start in range(0, len(values), 10_000):
            chunk = values[start : start + 10_000]
            tx.conn.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({marks})", chunk)
            done += len(chunk)
            if progress:
                progress(done, total)
        created[table] = len(values)
    return Loaded(True, created, {}, {}, {}, {})


class _Merge:
    def __init__(self, tx: db.Tx, tables: Mapping[str, Table], progress: Progress | None):
        self.tx = tx
        self.conn = tx.conn
        self.tables = tables
        self.progress = progress
        self.parents = _parents(self.conn)
        self.maps: dict[str, dict[int, int]] = {}  # table -> document id -> book id
        self.result = Loaded(False, {}, {}, {}, {}, {})
        self.total = sum(len(t[1]) for t in tables.values())
        self.done = 0
        self.links: list[dict[str, Any]] = []
        # (table, document id) -> the change-log batch that created the row there
        self.created_in: dict[tuple[str, int], str] = {}
        if "change_log" in tables:
            names, values = tables["change_log"]
            at = {n: i for i, n in enumerate(names)}
            for row in values:
                if row[at["action"]] == "create":
                    self.created_in[(row[at["entity"]], row[at["entity_id"]])] = row[at["batch"]]

    def run(self) -> Loaded:
        for table in order(self.conn):
            if table not in self.tables:
                continue
            if table in NOT_MERGED:
                n = len(self.tables[table][1])
                if n:
                    self.result.skipped[table] = n
                continue
            self._table(table)
        # links made by this merge, for the next one
        self.tx.insert_many("external_ref", self.links)
        return self.result

    def _count(self, kind: dict[str, int], table: str) -> None:
        kind[table] = kind.get(table, 0) + 1

    def _remap(self, table: str, row: dict[str, Any]) -> dict[str, Any]:
        for column, parent in self.parents[table]:
            value = row.get(column)
            if value is not None:
                mapped = self.maps.get(parent, {}).get(value)
                if mapped is None:
                    raise InvalidInput(
                        f"the document's {table} row #{row.get('id')} refers to {parent} "
                        f"#{value}, which it does not hold; nothing was imported"
                    )
                row[column] = mapped
        if table == "account" and "name" in row:
            # derived from the name by this sam's rule, whatever the document says
            row["fold_key"] = refs.fold_key(str(row["name"]))
        if table == "external_ref":
            target = self.maps.get(str(row["entity"]), {}).get(row["entity_id"])
            if target is None:
                return {}  # points at nothing the document holds: not worth keeping
            row["entity_id"] = target
        return row

    def _token(self, table: str, doc_id: int, row: dict[str, Any]) -> str:
        """What names the document's row across copies of its book: the change-log batch
        that created it (random, so two books never share one), else its creation moment."""
        batch = self.created_in.get((table, doc_id))
        if batch is not None:
            return f"batch:{batch}"
        stamp = STAMPS.get(table, "created_at" if "created_at" in COLUMNS[table] else None)
        return f"at:{row.get(stamp) if stamp else ''}"

    def _local_token(self, table: str, local_id: int, local: dict[str, Any]) -> str:
        found = self.conn.execute(
            "SELECT batch FROM change_log WHERE entity = ? AND entity_id = ? AND action = 'create' "
            "ORDER BY id DESC LIMIT 1",
            (table, local_id),
        ).fetchone()
        if found is not None:
            return f"batch:{found[0]}"
        stamp = STAMPS.get(table, "created_at" if "created_at" in COLUMNS[table] else None)
        return f"at:{local.get(stamp) if stamp else ''}"

    def _row(self, table: str, ident: int) -> dict[str, Any] | None:
        found = self.conn.execute(
            f"SELECT rowid AS rowid_, * FROM {table} WHERE {db.key_column(table)} = ?", (ident,)
        ).fetchone()
        return None if found is None else dict(found)

    def _match(self, table: str, doc_id: int | None, row: dict[str, Any]) -> dict[str, Any] | None:
        """The book's copy of the document's row: the same id made by the same command (a
        book restored elsewhere), a row an earlier merge made from it, or the same unique
        name."""
        if doc_id is not None and table not in NATURAL_ONLY:
            token = self._token(table, doc_id, row)
            same = self._row(table, doc_id)
            if same is not None and self._local_token(table, doc_id, same) == token:
                return same
            link = self.conn.execute(
                "SELECT entity_id FROM external_ref WHERE source = ? AND source_key = ? "
                "AND entity = ?",
                (MERGE_SOURCE, f"{token}:{doc_id}", table),
            ).fetchone()
            if link is not None:
                linked = self._row(table, int(link[0]))
                if linked is not None:
                    return linked
        natural = NATURAL_KEYS.get(table)
        if natural:
            where = " AND ".join(f'"{c}" = ?' for c in natural)
            found = self.conn.execute(
                f"SELECT rowid AS rowid_, * FROM {table} WHERE {where}",
                [row.get(c) for c in natural],
            ).fetchone()
            if found is not None:
                return dict(found)
        return None

    def _table(self, table: str) -> None:
        names, values = self.tables[table]
        key = db.key_column(table)
        id_column = "id" if key == "id" else "rowid"
        mapping = self.maps.setdefault(table, {})
        fresh: list[tuple[int | None, dict[str, Any]]] = []
        for raw in values:
            row = dict(zip(names, raw, strict=True))
            doc_id = row.pop(id_column, None)
            row = self._remap(table, row)
            self.done += 1
            if self.progress and self.done % 5000 == 0:
                self.progress(self.done, self.total)
            if not row:
                continue
            local = self._match(table, doc_id, row)
            if local is None:
                fresh.append((doc_id, row))
                continue
            local_id = int(local["rowid_"] if key != "id" else local["id"])
            if doc_id is not None:
                mapping[doc_id] = local_id
            self._settle(table, local_id, local, row)
        for _, row in fresh:
            for column in DERIVED & set(row):
                row[column] = None  # the triggers fill it from the rows merged after
        ids = self.tx.insert_many(table, [row for _, row in fresh])
        for (doc_id, row), new_id in zip(fresh, ids, strict=True):
            self._count(self.result.created, table)
            if doc_id is None:
                continue
            mapping[doc_id] = new_id
            if table not in NATURAL_ONLY:
                self.links.append(
                    {
                        "source": MERGE_SOURCE,
                        "source_key": f"{self._token(table, doc_id, row)}:{doc_id}",
                        "entity": table,
                        "entity_id": new_id,
                        "imported_values": "{}",
                        "imported_at": db.ts(self.tx.now),
                    }
                )

    def _settle(
        self, table: str, local_id: int, local: dict[str, Any], row: dict[str, Any]
    ) -> None:
        # a record keeps the moment it came into this book (an account of the same name
        # from another book was made there at another time)
        differ = {
            c: v
            for c, v in row.items()
            if c not in DERIVED and c != "created_at" and c in local and local[c] != v
        }
        if not differ:
            self._count(self.result.unchanged, table)
            return
        newer = "updated_at" in row and str(row["updated_at"]) > str(local.get("updated_at"))
        if not newer:
            self._count(self.result.kept, table)
            return
        self.tx.update(table, local_id, differ, touch=False)
        self._count(self.result.updated, table)
