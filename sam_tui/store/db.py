"""The stdlib sqlite3 gateway: open a sam file safely, read snapshots, write logged transactions.

Everything at runtime goes through here rather than SQLAlchemy, whose import alone
costs more than ``sam log``'s whole budget (DESIGN.md, Budgets). The SQL is pinned
to ``store.models`` by ``tests/store/test_schema.py``.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sam_tui.domain.errors import DatabaseProblem, NotFound
from sam_tui.store.migrations import APPLICATION_ID, COLUMNS, LATEST_VERSION, MIGRATIONS

_SQLITE_MAGIC = b"SQLite format 3\x00"
_NETWORK_FS = {"nfs", "nfs4", "cifs", "smb3", "smbfs", "fuse.sshfs", "afs", "9p", "ncpfs"}
BUSY_TIMEOUT_MS = 10_000

Row = sqlite3.Row


class Connection(sqlite3.Connection):
    """A connection that can run one hook just before its first write transaction.

    The daily automatic backup hangs here (``interop.backup``): it must happen before
    the first change of the day and cost nothing to commands that only read.
    """

    before_write: Callable[[sqlite3.Connection], None] | None = None


# --- value codecs shared by every query ------------------------------------------------


def ts(value: datetime) -> str:
    """An aware datetime as stored: UTC, seconds, ``Z``."""
    if value.tzinfo is None:
        raise ValueError("naive datetime")
    # not strftime: "%Y" drops the zero padding of years before 1000 ("999-06-01T..."),
    # which fromisoformat cannot read back and which sorts after every later year
    return value.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def parse_ts(value: str) -> datetime:
    return datetime.fromisoformat(value)


def opt_ts(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def opt_date(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _encode(value: object) -> object:
    if isinstance(value, datetime):
        return ts(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


# --- opening ------------------------------------------------------------------------


def _filesystem_type(path: Path) -> str | None:
    """The mount type holding ``path`` (Linux only; None where /proc is absent)."""
    try:
        with open("/proc/mounts", encoding="utf-8", errors="replace") as fh:
            mounts = [line.split()[1:3] for line in fh if len(line.split()) >= 3]
    except OSError:
        return None
    target = str(path.resolve())
    best, best_type = "", None
    for point, kind in mounts:
        point = point.replace("\\040", " ")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, best_type = point, kind
    return best_type


def _check_local(path: Path) -> None:
    kind = _filesystem_type(path.parent)
    if kind in _NETWORK_FS:
        raise DatabaseProblem(
            f"{path} is on a network filesystem ({kind}); SQLite's WAL mode needs a local "
            "disk, so keep the database on a local path (--db or SAM_DB)"
        )


def _create_file(path: Path) -> None:
    if not path.parent.is_dir():
        raise DatabaseProblem(f"cannot create {path}: folder {path.parent} does not exist")
    _check_local(path)
    try:
        # 0600 from the first byte: client data must not be world-readable even briefly
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    except OSError as exc:
        raise DatabaseProblem(f"cannot create {path}: {exc.strerror}") from None
    os.close(fd)


def _check_readable(path: Path) -> None:
    # stat() only: see connect for why the file itself is not opened here
    if path.is_dir():
        raise DatabaseProblem(f"{path} is a folder, not a database file")
    if not os.access(path, os.R_OK):
        raise DatabaseProblem(f"cannot read {path}: permission denied")


def check_header(path: Path) -> None:
    """Refuse a file that is not SQLite at all (garbage, a text file); empty is fine.

    For files no connection of this process has open (a backup to restore): it reads the
    file itself, which drops this process's SQLite locks on it (see connect).
    """
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(_SQLITE_MAGIC))
    except IsADirectoryError:
        raise DatabaseProblem(f"{path} is a folder, not a database file") from None
    except OSError as exc:
        raise DatabaseProblem(f"cannot read {path}: {exc.strerror}") from None
    if head and head != _SQLITE_MAGIC:
        raise DatabaseProblem(f"{path} is not a sam database (not an SQLite file); left untouched")


def _describe_refusal(exc: sqlite3.Error, path: Path) -> str:
    # Reading the file ourselves is safe only here: SQLite has refused it, so no
    # connection of this process can be using it (see connect).
    if "not a database" in str(exc):
        try:
            check_header(path)
        except DatabaseProblem as refused:
            return str(refused)
    if "unable to open" in str(exc) and not os.access(path.parent, os.W_OK):
        # WAL mode keeps two files next to the database: SQLite must be able to create them
        return (
            f"cannot open {path}: its folder {path.parent} is read-only, and SQLite needs to "
            f"create {path.name}-wal and {path.name}-shm there; make the folder writable"
        )
    return describe_sqlite_error(exc, path)


def _check_whole_pages(conn: sqlite3.Connection, path: Path) -> None:
    """A file cut inside its last page still opens, and a write would paper over the damage."""
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size:
        return  # SQLite recovers from the log first (an interrupted checkpoint)
    page = int(conn.execute("PRAGMA page_size").fetchone()[0])
    size = path.stat().st_size
    if size % page:
        raise DatabaseProblem(
            f"{path} is damaged (cut short: {size} bytes is not a whole number of "
            f"{page}-byte pages); restore it from a backup"
        )


def connect(
    path: Path,
    *,
    migrate: bool = True,
    before_write: Callable[[sqlite3.Connection], None] | None = None,
) -> sqlite3.Connection:
    """Open (creating if missing) the sam database at ``path``, migrated to this version.

    Raises DatabaseProblem, with one line for the user, for a foreign, corrupt or
    newer file; such a file is never modified. ``before_write`` runs once, before the
    first ``write`` on this connection.
    """
    if not path.exists():
        _create_file(path)
    else:
        # not only at creation: a file moved or pointed to on a network share later
        _check_local(path)
    # Never open() the database file here to sniff its header: closing any descriptor of a
    # file drops every POSIX lock this process holds on it, including the locks of the
    # cockpit's other connections (its watcher, a worker mid-write). Another process then
    # believes it is the last user, checkpoints and deletes the WAL, and this process's
    # next commits go to a deleted file ("How To Corrupt An SQLite Database File", 2.2).
    # SQLite itself reads the header below; a refusal is explained afterwards.
    _check_readable(path)
    try:
        conn = sqlite3.connect(
            path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, factory=Connection
        )
    except sqlite3.Error as exc:
        raise DatabaseProblem(f"cannot open {path}: {exc}") from None
    conn.row_factory = sqlite3.Row
    conn.before_write = before_write
    try:
        # Identify the file before configuring it: switching a foreign rollback-journal
        # file to WAL would rewrite its header, and such a file must stay untouched.
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        _check_identity(conn, path)
        _check_whole_pages(conn, path)
        _configure(conn)
        if migrate:
            _migrate(conn, path)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise DatabaseProblem(_describe_refusal(exc, path)) from None
    except BaseException:
        conn.close()
        raise
    return conn


def describe_sqlite_error(exc: sqlite3.Error, path: Path) -> str:
    text = str(exc)
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return f"{path} is damaged or not a database ({text}); restore it from a backup"
    if "locked" in text or "busy" in text:
        return f"{path} is locked by another program; try again in a moment"
    if "readonly" in text or "read-only" in text:
        return f"{path} is read-only; check the file's permissions"
    return f"database error on {path}: {text}"


def _configure(conn: sqlite3.Connection) -> None:
    # Pragmas must run outside any transaction: inside one, foreign_keys is a silent no-op.
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    if mode != "wal":
        conn.execute("PRAGMA journal_mode = WAL")
    # WAL + NORMAL can lose the last commits on power loss; our write rate is tiny.
    conn.execute("PRAGMA synchronous = FULL")


def _check_identity(conn: sqlite3.Connection, path: Path) -> None:
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    if app_id == APPLICATION_ID:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > LATEST_VERSION:
            raise DatabaseProblem(
                f"{path} was written by a newer sam (schema v{version}; this sam knows up to "
                f"v{LATEST_VERSION}); upgrade sam to open it"
            )
        return
    if app_id != 0:
        raise DatabaseProblem(f"{path} belongs to another application; left untouched")
    tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if tables:
        raise DatabaseProblem(f"{path} is an SQLite file of another program; left untouched")


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    version = schema_version(conn)
    if version == LATEST_VERSION:
        return
    # PITFALLS.md: a table copy + DROP (SQLite's way to alter a table) fails or cascades
    # with foreign keys on. The pragma is a no-op inside a transaction, so it is switched
    # off here, the references are checked before COMMIT, and it is back on afterwards.
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Re-read under the write lock: another process may have migrated meanwhile.
            start = version = schema_version(conn)
            upgrading = 0 < start < LATEST_VERSION  # existing rows whose references matter
            if upgrading:
                # a file sam may not write fails here, before a backup it could never use
                conn.execute(f"PRAGMA user_version = {start}")
                # DESIGN.md, Data safety: schema changes back the file up first. Only under
                # the lock: of several processes opening an old file at once, just the one
                # that upgrades it makes a backup.
                _backup_committed(path, path.with_name(f"{path.name}.v{start}.bak"))
            broken_before = _broken_references(conn) if upgrading else 0
            for number, (_title, script) in enumerate(MIGRATIONS, start=1):
                if number <= version:
                    continue
                for statement in _statements(script):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {number}")
            if upgrading and _broken_references(conn) > broken_before:
                raise DatabaseProblem(
                    f"upgrading {path} from v{start} to v{LATEST_VERSION} would leave broken "
                    "references; the file was left unchanged"
                )
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    finally:
        conn.execute("PRAGMA foreign_keys = ON")


def _backup_committed(path: Path, target: Path) -> None:
    """Back up what is committed in ``path`` through a second connection: the backup API
    cannot read through a connection that holds a write transaction (it never finishes)."""
    source = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        backup(source, target)
    finally:
        source.close()


def _broken_references(conn: sqlite3.Connection) -> int:
    return len(conn.execute("PRAGMA foreign_key_check").fetchall())


def _statements(script: str) -> Iterator[str]:
    """One statement at a time, so all stay inside our transaction (executescript would
    COMMIT first); a ``;`` inside a literal or a trigger body does not end a statement."""
    pending = ""
    for chunk in script.split(";"):
        pending += chunk + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n\t;"):
                yield pending
            pending = ""
    if pending.strip(" \n\t;"):
        yield pending


def backup(conn: sqlite3.Connection, target: Path) -> Path:
    """Copy the live database consistently (never a raw file copy during a write).

    An existing ``target`` is kept: the copy goes to the first free ``target.N``.
    """
    if target.exists():
        stem = target.name
        n = 1
        while target.with_name(f"{stem}.{n}").exists():
            n += 1
        target = target.with_name(f"{stem}.{n}")
    copy_to(conn, target)
    return target


def copy_to(conn: sqlite3.Connection, target: Path) -> None:
    """Write a consistent copy of ``conn``'s database into the new file ``target``.

    Raises FileExistsError rather than overwrite anything. Inside a ``read`` snapshot the
    copy is exactly that snapshot. The copy is a single self-contained file (rollback
    journal mode, no ``-wal`` beside it), readable by the owner only. It is written under
    a hidden temporary name and linked into place once complete: a failed copy, or a
    process killed midway, never leaves a file at ``target`` that looks like a backup.
    """
    partial = target.with_name(f".{target.name}.{os.urandom(4).hex()}.partial")
    # 0600 from the first byte
    fd = os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    try:
        dest = sqlite3.connect(partial, isolation_level=None)
        try:
            conn.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()
        os.link(partial, target)  # unlike a rename, FileExistsError if the name is taken
    finally:
        partial.unlink(missing_ok=True)


# --- reading and writing ----------------------------------------------------------------


class Tx:
    """One write transaction; every row it touches is recorded in ``change_log``."""

    def __init__(self, conn: sqlite3.Connection, command: str, now: datetime) -> None:
        self.conn = conn
        self.command = command
        self.now = now
        self.batch = os.urandom(8).hex()

    def execute(
        self, sql: str, params: tuple[object, ...] | Mapping[str, object] = ()
    ) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    def insert(self, table: str, values: Mapping[str, object]) -> int:
        _columns(table, values)
        row = {k: _encode(v) for k, v in values.items()}
        if "created_at" in COLUMNS[table] and "created_at" not in row:
            row["created_at"] = ts(self.now)
        if "updated_at" in COLUMNS[table] and "updated_at" not in row:
            row["updated_at"] = ts(self.now)
        columns = [c for c in COLUMNS[table] if c in row]
        sql = (
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
        )
        cursor = self.conn.execute(sql, [row[c] for c in columns])
        new_id = int(cursor.lastrowid or 0)
        keyed = {"id": new_id, **row} if "id" in COLUMNS[table] else row
        self._log(table, new_id, "create", None, keyed)
        return new_id

    def insert_many(self, table: str, rows: Sequence[Mapping[str, object]]) -> list[int]:
        """Insert ``rows`` (each as ``insert`` takes it) with one statement per set of
        columns, logging every row as ``insert`` does; returns the new ids in order.

        For imports: 100,000 rows through ``insert`` spend most of their time in Python,
        one statement and one log row at a time. Within our write lock SQLite gives a
        table without AUTOINCREMENT the ids max(id) + 1, + 2, ...; the count is checked
        afterwards, and where it cannot hold (ids given, a table keyed otherwise, the
        largest rowid taken) the rows go one by one.
        """
        ids: list[int] = []
        if not rows:
            return ids
        stamp = ts(self.now)
        auto: set[str] = {c for c in ("created_at", "updated_at") if c in COLUMNS.get(table, ())}
        start = 0
        while start < len(rows):
            keys = set(rows[start])
            end = start + 1
            while end < len(rows) and set(rows[end]) == keys:
                end += 1
            ids.extend(self._insert_run(table, rows[start:end], auto, stamp))
            start = end
        return ids

    def _insert_run(
        self, table: str, rows: Sequence[Mapping[str, object]], auto: set[str], stamp: str
    ) -> list[int]:
        _columns(table, rows[0])
        if "id" not in COLUMNS[table] or "id" in rows[0]:
            return [self.insert(table, row) for row in rows]
        base = int(self.conn.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0])
        if base + len(rows) >= 2**63 - 1:
            return [self.insert(table, row) for row in rows]
        columns = [c for c in COLUMNS[table] if c in rows[0] or c in auto]
        plain = (str, int, type(None))  # bool is an int: encoded below like a datetime
        values = [
            [
                v if type(v) in plain else _encode(v)
                for v in (row.get(c, stamp) if c in auto else row[c] for c in columns)
            ]
            for row in rows
        ]
        self.conn.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' for _ in columns)})",
            values,
        )
        last = int(self.conn.execute(f"SELECT max(id) FROM {table}").fetchone()[0])
        if last != base + len(rows):  # never expected: refuse rather than log wrong ids
            raise sqlite3.IntegrityError(f"{table}: ids were not given in sequence")
        ids = list(range(base + 1, last + 1))
        at = ts(self.now)
        self.conn.executemany(
            "INSERT INTO change_log (at, batch, command, entity, entity_id, action, before, "
            "after, undone) VALUES (?, ?, ?, ?, ?, 'create', NULL, ?, 0)",
            [
                (
                    at,
                    self.batch,
                    self.command,
                    table,
                    new_id,
                    json.dumps(
                        {"id": new_id, **dict(zip(columns, row, strict=True))}, sort_keys=True
                    ),
                )
                for new_id, row in zip(ids, values, strict=True)
            ],
        )
        return ids

    def update(
        self, table: str, row_id: int, changes: Mapping[str, object], *, touch: bool = True
    ) -> dict[str, Any]:
        """Apply ``changes`` to one row; returns the row as it was before.

        ``touch`` stamps ``updated_at`` with now; an undo passes False to put back
        exactly the values it was given.
        """
        _columns(table, changes)
        before = self._row(table, row_id)
        values = {k: _encode(v) for k, v in changes.items()}
        if touch and "updated_at" in COLUMNS[table] and "updated_at" not in values:
            values["updated_at"] = ts(self.now)
        changed = {k: v for k, v in values.items() if before.get(k) != v}
        if not changed or (touch and set(changed) == {"updated_at"}):
            return before
        assignments = ", ".join(f"{c} = ?" for c in changed)
        self.conn.execute(
            f"UPDATE {table} SET {assignments} WHERE {key_column(table)} = ?",
            [*changed.values(), row_id],
        )
        # a row without an ``id`` (setting) is named by its first column in the log, so
        # history can say which one changed
        name = {} if "id" in COLUMNS[table] else {COLUMNS[table][0]: before[COLUMNS[table][0]]}
        self._log(
            table, row_id, "update", {**name, **{k: before[k] for k in changed}}, changed | name
        )
        return before

    def delete(self, table: str, row_id: int) -> dict[str, Any]:
        """Delete one row, keeping all of it in the change log; returns it."""
        before = self._row(table, row_id)
        self.conn.execute(f"DELETE FROM {table} WHERE {key_column(table)} = ?", (row_id,))
        self._log(table, row_id, "delete", before, None)
        return before

    def _row(self, table: str, row_id: int) -> dict[str, Any]:
        if table not in COLUMNS:
            raise KeyError(f"unknown table {table}")
        row = self.conn.execute(
            f"SELECT * FROM {table} WHERE {key_column(table)} = ?", (row_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"no {table.replace('_', ' ')} #{row_id}")
        return dict(row)

    def _log(
        self,
        table: str,
        row_id: int,
        action: str,
        before: Mapping[str, object] | None,
        after: Mapping[str, object] | None,
    ) -> None:
        self.conn.execute(
            "INSERT INTO change_log (at, batch, command, entity, entity_id, action, before, "
            "after, undone) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)",
            (
                ts(self.now),
                self.batch,
                self.command,
                table,
                row_id,
                action,
                None if before is None else json.dumps(before, sort_keys=True),
                None if after is None else json.dumps(after, sort_keys=True),
            ),
        )


def key_column(table: str) -> str:
    """The column a change log ``entity_id`` refers to: ``id``, or ``rowid`` for a table
    keyed otherwise (``setting``)."""
    return "id" if "id" in COLUMNS[table] else "rowid"


def _columns(table: str, values: Mapping[str, object]) -> list[str]:
    known = COLUMNS.get(table)
    if known is None:
        raise KeyError(f"unknown table {table}")
    unknown = [c for c in values if c not in known]
    if unknown:
        raise KeyError(f"unknown columns for {table}: {unknown}")
    return list(values)


@contextmanager
def write(conn: sqlite3.Connection, command: str, now: datetime) -> Iterator[Tx]:
    """A ``BEGIN IMMEDIATE`` transaction: all of it lands or none of it does.

    IMMEDIATE takes the write lock up front; a deferred transaction that reads then
    writes fails with SQLITE_BUSY_SNAPSHOT when another process committed meanwhile.
    """
    if isinstance(conn, Connection) and conn.before_write is not None:
        hook, conn.before_write = conn.before_write, None  # once per connection
        hook(conn)
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield Tx(conn, command, now)
        conn.execute("COMMIT")
    except BaseException:
        # A failed COMMIT (deferred foreign key, I/O error) can leave the transaction
        # open: it would keep the write lock and block every other process.
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


@contextmanager
def read(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A read snapshot: several SELECTs that see the same committed state.

    Nested use joins the snapshot already open (a report reads every section in one
    snapshot, and a section may call a service that opens its own).
    """
    if conn.in_transaction:
        yield conn
        return
    conn.execute("BEGIN")
    try:
        yield conn
    finally:
        conn.execute("COMMIT")


def data_version(conn: sqlite3.Connection) -> int:
    """Changes whenever another connection commits (the cockpit polls it)."""
    return int(conn.execute("PRAGMA data_version").fetchone()[0])
