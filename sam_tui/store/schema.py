"""The schema check: a file's tables, columns, indexes, triggers and views must be exactly what
the migrations build for the version it declares.

A trigger or a view in a file runs on *our* writes: a planted ``AFTER INSERT ON interaction``
trigger that wipes summaries would fire on the next ``sam log``, outside the change log, so
undo could not help (issue 12). So before a file is opened read-write, restored or imported,
its ``sqlite_master`` is compared with a fresh in-memory database migrated to the same
version; anything extra, missing or different refuses the file and says what.

Cheap on ``sam log``'s path (0.3 ms): the file's ``sqlite_master`` rows are hashed as they
are and compared with ``KNOWN_DIGESTS``; only when that differs (another SQLite library
spelled a definition differently, a stale digest, a foreign schema) is the expected schema
built in memory (~60 ms) and compared, normalised, object by object.
"""

from __future__ import annotations

import importlib
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sam_tui.domain.errors import DatabaseProblem
from sam_tui.store.migrations import LATEST_VERSION, MIGRATIONS

# Per schema version, the digest of what its migrations build (``expected_digest(n)``).
# A cache, not a definition: a stale value costs one in-memory build per open, never a
# wrong refusal. tests/store/test_schema_check.py says when one needs updating.
KNOWN_DIGESTS: dict[int, str] = {
    1: "8fc6b428e06004fbbcda0c2e1916f7c812435e4f1713fae2955d639db2859276",
    2: "8ef65b5c74073a789de9179b38957c2d252a271eab3ebe735353069e490ff28e",
    3: "5c507eda4dab1adc6db96a83e17f626a3c44275d78c30d6988e4e61ccc967fbe",
    4: "4cfb1e55abc43a76c5d473b08438a422c2d4623e277b1591100d8d7115b527dd",
    5: "505c0fa3177ea6ac1a1b478a5cac0d651bb71f0033448aef7d598875affb1d9e",
    6: "40868f8e57b3a1cea59e329b74ac338b4f4c24834212a9c396f3cc3833005a3f",
    7: "13c2869435bffceb124c677c6f1906f0270e0e48ca4e3044c47d07f4fe33abc3",
    8: "6b97db9c8939cf124f86e8e365040b8b969a6c62614583e869cf497af6e5ff18",
    9: "779c7c20139d503e00c02840f63743f81cb00041ddeaf60b6614a15b6b9cac81",
    10: "1e1a23a8a35e414c5d991a7df5e03d28757dc2423fa6e1d2a92df7772890353c",
    11: "62fc3663a865fa1a561d0e661b8ef5a7ea224f8bc982854080fd66de553ec957",
    12: "e1fdd7c4e27cee4575b90ca15bd7b514e1be43094510dd7ef0452c88ebf044ad",
    13: "ccc90da1bc3a72572fde8513049ddbaf96ed480fefe8e507587bfbb7e80fceb0",
    14: "6a9c07e3e7877a4e8d9caba0e21d186498c61d8f3010cb65f91c3ec3c4f2f155",
    15: "ea2eb446f76899a75ecd2a56861925de4f8c4c438f5db8ad1ca8259a14da0747",
}

SchemaObject = tuple[str, str, str, str]  # type, name, table, normalised SQL

# How much of a difference one line names before "and N more".
_SHOWN = 4


def _normalise(sql: str | None) -> str:
    """The same definition written another way compares equal: whitespace, and the quotes a
    table RENAME adds around a name (``CREATE TABLE "account"``)."""
    if sql is None:
        return ""
    sql = re.sub(r"\s+", " ", sql).strip()
    return re.sub(r"\s*([(),;=])\s*", r"\1", sql).replace('"', "").replace("`", "")


def objects(conn: sqlite3.Connection) -> list[SchemaObject]:
    """Every schema object of the file, normalised and sorted.

    Left out: ``sqlite_stat*`` (statistics a user's ANALYZE may add; they steer the query
    planner, run nothing) and Litestream's two tables (``REPLICATOR_TABLES``). A virtual
    table's shadow tables are compared by name only: their SQL is the FTS5 module's, which
    may change with the SQLite library, not with sam.
    """
    rows = _rows(conn)
    virtual = {
        name
        for kind, name, _table, sql in rows
        if kind == "table" and sql and sql.upper().startswith("CREATE VIRTUAL")
    }
    found: list[SchemaObject] = []
    for kind, name, table, sql in rows:
        shadow = kind == "table" and any(name.startswith(v + "_") for v in virtual)
        found.append((kind, name, table, "" if shadow else _normalise(sql)))
    return sorted(found)


# Litestream's bookkeeping in a book it replicates (0.5.x, db.go ``init``): two tables it
# creates and writes in transactions of its own (a sequence bumped after checkpoints, a row
# inserted and rolled back to take the write lock). Nothing in them runs on our writes: no
# trigger, no view. Allowed with exactly this SQL (normalised); any other definition, or
# anything else of that name (a trigger, an index), is refused as any foreign object is.
REPLICATOR_TABLES: dict[str, str] = {
    "_litestream_seq": "CREATE TABLE _litestream_seq(id INTEGER PRIMARY KEY,seq INTEGER)",
    "_litestream_lock": "CREATE TABLE _litestream_lock(id INTEGER)",
}


def replicator_table(kind: str, name: str, sql: str | None) -> bool:
    """Whether a ``sqlite_master`` row is one of Litestream's own tables, as it makes them."""
    return kind == "table" and REPLICATOR_TABLES.get(name) == _normalise(sql)


def _rows(conn: sqlite3.Connection) -> list[tuple[str, str, str, str | None]]:
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    return sorted(
        tuple(r)
        for r in rows
        if not r[1].startswith("sqlite_stat")
        and not (r[1].startswith("_litestream_") and replicator_table(r[0], r[1], r[3]))
    )


def _sha256() -> Callable[[bytes], Any]:
    """SHA-256 from CPython's own module (~0.1 ms to import) rather than ``hashlib``, whose
    OpenSSL import costs ~2.5 ms on every `sam log`; the digests are the same."""
    for module in ("_sha2", "_sha256"):  # 3.12+, 3.11
        try:
            found: Callable[[bytes], Any] = importlib.import_module(module).sha256
            return found
        except (ImportError, AttributeError):
            continue
    import hashlib

    return hashlib.sha256


def digest(conn: sqlite3.Connection) -> str:
    """The hash of ``sqlite_master`` as stored (the fast path's key). A cryptographic hash:
    a foreign schema must not be able to pass for sam's by matching it."""
    return str(_sha256()(repr(_rows(conn)).encode()).hexdigest())


_built: dict[tuple[tuple[str, str], ...], tuple[list[SchemaObject], str]] = {}


def _build(version: int) -> tuple[list[SchemaObject], str]:
    """What the migrations build up to ``version`` in a fresh in-memory database: its
    objects and its digest (cached per list of migrations: a test that adds one gets its
    own)."""
    scripts = MIGRATIONS[:version]
    if scripts not in _built:
        memory = sqlite3.connect(":memory:")
        try:
            from sam_tui.store.db import migration_functions

            migration_functions(memory)
            for _title, script in scripts:
                memory.executescript(script)
            _built[scripts] = (objects(memory), digest(memory))
        finally:
            memory.close()
    return _built[scripts]


def expected(version: int) -> list[SchemaObject]:
    return _build(version)[0]


def expected_digest(version: int) -> str:
    return _build(version)[1]


_ORDER = {"table": 0, "view": 1, "trigger": 2, "index": 3}


def _differences(found: list[SchemaObject], wanted: list[SchemaObject]) -> list[str]:
    """What differs, tables first; what goes with a missing table is not listed again."""
    have = {(o[0], o[1]): o for o in found}
    want = {(o[0], o[1]): o for o in wanted}
    gone = {name for kind, name in want.keys() - have.keys() if kind == "table"}
    virtual = {n for n in gone if want[("table", n)][3].upper().startswith("CREATE VIRTUAL")}
    lines = []
    for key in sorted(have.keys() | want.keys(), key=lambda k: (_ORDER.get(k[0], 9), k[1])):
        kind, name = key
        if key not in want:
            on = f" on {have[key][2]}" if kind in ("trigger", "index") else ""
            lines.append(f"an extra {kind} {name}{on}")
        elif key not in have:
            if kind == "table" and any(name.startswith(t + "_") for t in virtual):
                continue  # a virtual table's shadow table
            if kind != "table" and want[key][2] in gone:
                continue
            lines.append(f"no {kind} {name}")
        elif have[key] != want[key]:
            lines.append(f"{kind} {name} is defined differently")
    return lines


def check_schema(source: sqlite3.Connection | Path, name: str | Path | None = None) -> int:
    """Refuse a file whose schema is not exactly what its declared version should be.

    ``source`` is an open connection to the file, or its path (then opened read-only).
    Returns the file's schema version. Raises DatabaseProblem, with one line naming the
    file and what differs (an extra trigger, a missing table, a changed CHECK...).
    Nothing of the file runs: only ``sqlite_master`` is read.
    """
    if isinstance(source, Path):
        conn = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return check_schema(conn, name or source)
        finally:
            conn.close()
    label = name if name is not None else "the database"
    version = int(source.execute("PRAGMA user_version").fetchone()[0])
    if version > LATEST_VERSION:
        raise DatabaseProblem(
            f"{label} was written by a newer sam (schema v{version}; this sam knows up to "
            f"v{LATEST_VERSION}); upgrade sam to open it"
        )
    if KNOWN_DIGESTS.get(version) == digest(source):
        return version
    found = objects(source)
    if version == 0 and not found:
        return version  # a new, empty file: nothing in it yet
    wanted = expected(version) if version > 0 else []
    if found == wanted:
        return version
    differ = _differences(found, wanted)
    more = f", and {len(differ) - _SHOWN} more" if len(differ) > _SHOWN else ""
    raise DatabaseProblem(
        f"{label} has a schema sam did not make (compared with sam's schema v{version}: "
        f"{', '.join(differ[:_SHOWN])}{more}); it was left untouched, and nothing in it runs"
    )
