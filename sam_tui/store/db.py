"""The stdlib sqlite3 gateway: open a sam file safely, read snapshots, write logged transactions.

Everything at runtime goes through here rather than SQLAlchemy, whose import alone
costs more than ``sam log``'s whole budget (DESIGN.md, Budgets). The SQL is pinned
to ``store.models`` by ``tests/store/test_schema.py``.

Over 450 lines on purpose: opening, identifying, migrating and writing a file are one
safety story (locks, the write hook, rollback on every path), read best in one place.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import stat
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, date, datetime, timedelta
from enum import Enum
from pathlib import Path
from typing import Any

from sam_tui.domain.errors import DatabaseProblem, NotFound
from sam_tui.store.migrations import APPLICATION_ID, COLUMNS, LATEST_VERSION, MIGRATIONS
from sam_tui.store.schema import check_schema

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
    # one-line notices for the user about what opening the file did (the CLI prints them)
    notices: tuple[str, ...] = ()


# --- value codecs shared by every query ------------------------------------------------


def ts(value: datetime) -> str:
    """An aware datetime as stored: UTC, seconds, ``Z``."""
    if value.tzinfo is None:
        raise ValueError("naive datetime")
    # not strftime: "%Y" drops the zero padding of years before 1000 ("999-06-01T..."),
    # which fromisoformat cannot read back and which sorts after every later year
    return value.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def moment_after(value: datetime) -> datetime:
    """The first moment after ``value`` that ``ts`` keeps apart from it: moments are stored
    to the second, so all that is stored at ``value`` (its second) is before this one."""
    return value.replace(microsecond=0) + timedelta(seconds=1)


def parse_ts(value: str) -> datetime:
    return datetime.fromisoformat(value)


def parse_ts_once(value: str, moments: dict[str, datetime]) -> datetime:
    """``parse_ts``, each stored text parsed once through ``moments`` (a report's
    thousands of rows share far fewer moments)."""
    found = moments.get(value)
    if found is None:
        found = moments[value] = datetime.fromisoformat(value)
    return found


def opt_ts(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def opt_date(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


_STORED_AS_IS = frozenset({str, int, float, bytes, type(None)})


def encode(value: object) -> object:
    """A Python value as stored: datetimes as ``ts``, dates ISO, booleans 0/1, enum members
    by their value."""
    if type(value) in _STORED_AS_IS:  # most values; bulk loads encode millions of them
        return value
    if isinstance(value, datetime):
        return ts(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Enum):
        return value.value
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


_NOT_REGULAR = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def check_regular(path: Path, what: str = "database file") -> os.stat_result:
    """Refuse at once anything that is not a regular file: SQLite on a FIFO or a device
    hangs for seconds, then says "disk I/O error". stat() only, never open()."""
    try:
        found = path.stat()
    except OSError as exc:
        raise DatabaseProblem(f"cannot read {path}: {exc.strerror}") from None
    if stat.S_ISDIR(found.st_mode):
        raise DatabaseProblem(f"{path} is a folder, not a {what}")
    for test, kind in _NOT_REGULAR:
        if test(found.st_mode):
            raise DatabaseProblem(f"{path} is {kind}, not a {what}; sam reads only regular files")
    return found


def _check_readable(path: Path) -> os.stat_result:
    # stat() only: see connect for why the file itself is not opened here
    found = check_regular(path)
    if not os.access(path, os.R_OK):
        raise DatabaseProblem(f"cannot read {path}: permission denied")
    return found


def _make_private(path: Path, mode: int) -> str | None:
    """A database others can read is made 0600 (with its -wal and -shm); returns the notice."""
    if not mode & 0o077:
        return None
    try:
        for name in (path.name, f"{path.name}-wal", f"{path.name}-shm"):
            part = path.with_name(name)
            if part.exists():
                part.chmod(0o600)
    except OSError as exc:
        return (
            f"{path} can be read by other users (mode {stat.S_IMODE(mode):04o}) and sam could "
            f"not change that ({exc.strerror}); run: chmod 600 {path}"
        )
    return (
        f"{path} could be read by other users (mode {stat.S_IMODE(mode):04o}); it is now "
        "readable by you only (0600)"
    )


def _companions_writable(path: Path, mode: int) -> None:
    """A book writable again (``chmod 600`` after a ``chmod 400``) gets writable -wal and
    -shm too: SQLite made them with the book's mode while it was read-only, and every write
    then failed with "read-only" though the book itself was not. Only files this user owns,
    only when the book is writable by its owner; chmod, never open (see ``connect``)."""
    if not mode & stat.S_IWUSR:
        return
    for name in (f"{path.name}-wal", f"{path.name}-shm"):
        part = path.with_name(name)
        try:
            found = part.stat()
            if found.st_uid == os.getuid() and not found.st_mode & stat.S_IWUSR:
                part.chmod(stat.S_IMODE(found.st_mode) | stat.S_IWUSR)
        except OSError:
            continue  # absent, or not ours to change: SQLite says what it cannot do


def make_folders(folder: Path) -> None:
    """Create ``folder`` and each missing folder above it, readable by you only.

    ``Path.mkdir(parents=True, mode=0o700)`` applies the mode to the last folder only: the
    ones above it (``~/.local``, ``~/.local/share``) got the umask's default, 0777 under
    ``umask 000``.
    """
    missing: list[Path] = []
    level = folder
    while not level.exists() and level != level.parent:
        missing.append(level)
        level = level.parent
    for level in reversed(missing):
        try:
            os.mkdir(level, 0o700)
        except FileExistsError:  # another process made it meanwhile
            if not level.is_dir():
                raise


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
    backup_before_upgrade: bool = True,
    on_upgrade: Callable[[str], None] | None = None,
) -> sqlite3.Connection:
    """Open (creating if missing) the sam database at ``path``, migrated to this version.

    Raises DatabaseProblem, with one line for the user, for a foreign, corrupt or
    newer file, or one whose schema is not sam's; such a file is never modified.
    ``before_write`` runs once, before the first ``write`` on this connection. An upgrade
    saves ``NAME.vN.bak`` first unless ``backup_before_upgrade`` is False (a private copy
    that is itself the backup); ``on_upgrade`` is told, in a line for the user, when an
    upgrade of a large file starts (it takes seconds). A file others can read is made
    private; the connection's ``notices`` say so.
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
    found = _check_readable(path)
    _companions_writable(path, found.st_mode)
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
        # before anything writes: a trigger planted in the file would fire on our writes
        # (the migrations' included), outside the change log
        check_schema(conn, path)
        # only once the file is known to be sam's: another program's file is never touched
        notice = _make_private(path, found.st_mode)
        conn.notices = (notice,) if notice else ()
        _configure(conn)
        if migrate:
            _migrate(conn, path, backup_first=backup_before_upgrade, on_upgrade=on_upgrade)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise DatabaseProblem(_describe_refusal(exc, path)) from None
    except BaseException:
        conn.close()
        raise
    return conn


def open_read_only(path: Path) -> sqlite3.Connection | None:
    """A read-only connection for a glance (shell completion): no migration, no creation,
    no write lock; None when there is no sam database of this schema at ``path``."""
    if not path.is_file():
        return None
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, timeout=0.2)
        conn.row_factory = sqlite3.Row
        if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            conn.close()
            return None
    except sqlite3.Error:
        return None
    return conn


def file_version(path: Path) -> int:
    """The schema version a sam file at ``path`` stands at, read without a lock and
    leaving no ``-wal`` or ``-shm`` beside it (immutable): for a private copy no one
    writes, such as a team lead's pulled copy."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


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


def application_id(conn: sqlite3.Connection) -> int:
    """The file's stamp: ``APPLICATION_ID`` on a sam file, 0 on a new or plain SQLite one."""
    return int(conn.execute("PRAGMA application_id").fetchone()[0])


def _check_identity(conn: sqlite3.Connection, path: Path) -> None:
    app_id = application_id(conn)
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


# an upgrade of a file this large says so first: it may take a while (a book with a
# million touches re-indexed for search takes ~10 s), and a silent wait looks like a hang
LONG_UPGRADE_BYTES = 50 * 1024 * 1024


def _migrate(
    conn: sqlite3.Connection,
    path: Path,
    *,
    backup_first: bool = True,
    on_upgrade: Callable[[str], None] | None = None,
) -> None:
    version = schema_version(conn)
    if version == LATEST_VERSION:
        return
    # PITFALLS.md: a table copy + DROP (SQLite's way to alter a table) fails or cascades
    # with foreign keys on. The pragma is a no-op inside a transaction, so it is switched
    # off here, the references are checked before COMMIT, and it is back on afterwards.
    conn.execute("PRAGMA foreign_keys = OFF")
    migration_functions(conn)
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Re-read under the write lock: another process may have migrated meanwhile.
            start = version = schema_version(conn)
            upgrading = 0 < start < LATEST_VERSION  # existing rows whose references matter
            if upgrading:
                # a file sam may not write fails here, before a backup it could never use
                conn.execute(f"PRAGMA user_version = {start}")
                size = path.stat().st_size
                if on_upgrade is not None and size >= LONG_UPGRADE_BYTES:
                    kept = (
                        f"; the old file is kept as {path.name}.v{start}.bak"
                        if backup_first
                        else ""
                    )
                    on_upgrade(
                        f"Upgrading {path.name} ({size / 2**20:,.0f} MB) for this version of "
                        f"sam, once: this may take a minute{kept}"
                    )
                # DESIGN.md, Data safety: schema changes back the file up first. Only under
                # the lock: of several processes opening an old file at once, just the one
                # that upgrades it makes a backup.
                if backup_first:
                    _backup_committed(path, path.with_name(f"{path.name}.v{start}.bak"))
            broken_before = broken_references(conn) if upgrading else 0
            for number, (_title, script) in enumerate(MIGRATIONS, start=1):
                if number <= version:
                    continue
                for statement in _statements(script):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {number}")
            if upgrading and broken_references(conn) > broken_before:
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


def migration_functions(conn: sqlite3.Connection) -> None:
    """The SQL functions migrations call to recompute what SQL cannot (a folded name).

    Registered only while migrating: no trigger or view uses them, so another program
    writing to the file never needs them."""
    from sam_tui.domain.refs import fold_key

    conn.create_function("sam_fold_key", 1, fold_key, deterministic=True)


def _backup_committed(path: Path, target: Path) -> None:
    """Back up what is committed in ``path`` through a second connection: the backup API
    cannot read through a connection that holds a write transaction (it never finishes)."""
    source = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        backup(source, target)
    finally:
        source.close()


def broken_references(conn: sqlite3.Connection) -> int:
    """Rows pointing at records that are not there (PRAGMA foreign_key_check)."""
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
    a hidden temporary name (``partial_name``) and linked into place once complete: a
    failed copy, or a process killed midway, never leaves a file at ``target`` that looks
    like a backup, and ``remove_dead_partials`` clears what a killed one left. A target
    that cannot be written (a full disk, a read-only folder) is a DatabaseProblem naming
    the target, not the database.
    """
    partial = partial_name(target)
    try:
        # 0600 from the first byte
        fd = os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except OSError as exc:
        raise DatabaseProblem(f"cannot write {target}: {exc.strerror}") from None
    os.close(fd)
    try:
        dest = sqlite3.connect(partial, isolation_level=None)
        try:
            conn.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()
        os.link(partial, target)  # unlike a rename, FileExistsError if the name is taken
    except sqlite3.Error as exc:
        code = getattr(exc, "sqlite_errorcode", None)
        if code is None or code & 0xFF not in _TARGET_ERRORS:
            raise
        full = code == sqlite3.SQLITE_FULL
        reason = f"the disk holding {target.parent} is full" if full else str(exc)
        raise DatabaseProblem(f"cannot write {target}: {reason}") from None
    except OSError as exc:
        if isinstance(exc, FileExistsError):
            raise
        raise DatabaseProblem(f"cannot write {target}: {exc.strerror or exc}") from None
    finally:
        for leftover in _partial_files(partial):
            with suppress(OSError):  # never there, or its folder is gone: nothing to clear
                leftover.unlink()


# Errors of the backup API that are about where the copy goes (the source was readable).
_TARGET_ERRORS = {
    sqlite3.SQLITE_FULL,
    sqlite3.SQLITE_IOERR,
    sqlite3.SQLITE_CANTOPEN,
    sqlite3.SQLITE_READONLY,
    sqlite3.SQLITE_PERM,
}

# ``.NAME.PID-HEX.partial`` (and the -journal SQLite keeps beside it while writing): the
# process id says whether its writer is still alive.
# (patterns, not compiled: only a backup or a restore reads them, never `sam log`)
_PARTIAL = r"\.(?P<name>.+)\.(?P<pid>\d+)-[0-9a-f]{8}\.partial(?:-journal|-wal|-shm)?"
# Names an older sam used, without the process id: removed once an hour old (a copy is
# written in one go; nothing writes one for an hour).
_OLD_PARTIAL = (
    r"(?:\..+\.[0-9a-f]{8}\.partial|.+-daily-\d{4}-\d\d-\d\d\.db\.partial-\d+)(?:-journal)?"
)
_OLD_PARTIAL_AGE = 3600


def partial_name(target: Path) -> Path:
    """Where a copy to ``target`` is written until it is complete: hidden, named after
    this process so that a later one can tell a dead writer's leftovers from a live copy."""
    return target.with_name(f".{target.name}.{os.getpid()}-{os.urandom(4).hex()}.partial")


def _partial_files(partial: Path) -> list[Path]:
    return [partial.with_name(partial.name + suffix) for suffix in ("", "-journal", "-wal", "-shm")]


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    except (OverflowError, ValueError):
        return False
    return True


def dead_partials(folder: Path, now: float) -> list[Path]:
    """Half-made copies in ``folder`` whose writer is gone (killed, or the machine
    stopped): never one that a live process is still writing. ``now``: the machine's
    clock in seconds (``clock.wall()``), to age the names of an older sam."""
    found: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return found
    for entry in entries:
        match = re.fullmatch(_PARTIAL, entry.name)
        if match is not None:
            if not _alive(int(match.group("pid"))):
                found.append(Path(entry.path))
        elif re.fullmatch(_OLD_PARTIAL, entry.name):
            try:
                if now - entry.stat(follow_symlinks=False).st_mtime > _OLD_PARTIAL_AGE:
                    found.append(Path(entry.path))
            except OSError:
                continue
    return sorted(found)


def remove_dead_partials(now: float, *folders: Path) -> list[Path]:
    """Delete what ``dead_partials`` finds in each folder; returns what went."""
    removed = []
    for folder in dict.fromkeys(folders):
        for path in dead_partials(folder, now):
            try:
                path.unlink()
            except OSError:  # gone already (another process cleaned it), or not ours to delete
                continue
            removed.append(path)
    return removed


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
        row = {k: encode(v) for k, v in values.items()}
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
        one statement and one log row at a time. Within our write lock SQLite gives the
        ids above the larger of max(id) and the sequence, in order; the count is checked
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
        # AUTOINCREMENT: SQLite hands out ids above both max(id) and the table's sequence
        base = int(
            self.conn.execute(
                f"SELECT max(coalesce((SELECT max(id) FROM {table}), 0), coalesce("
                "(SELECT seq FROM sqlite_sequence WHERE name = ?), 0))",
                (table,),
            ).fetchone()[0]
        )
        if base + len(rows) >= 2**63 - 1:
            return [self.insert(table, row) for row in rows]
        columns = [c for c in COLUMNS[table] if c in rows[0] or c in auto]
        plain = (str, int, type(None))  # bool is an int: encoded below like a datetime
        values = [
            [
                v if type(v) in plain else encode(v)
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
        values = {k: encode(v) for k, v in changes.items()}
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


_commits = 0


def note_commit() -> None:
    """Count a change this process committed (``write`` does; so does a restore)."""
    global _commits
    _commits += 1


def committed_writes() -> int:
    """How many changes this process has committed: once one has, a later failure (to
    print its confirmation, say) must not be reported as "nothing was saved"."""
    return _commits


@contextmanager
def immediate(conn: sqlite3.Connection) -> Iterator[None]:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``, rolled back on any error.

    IMMEDIATE takes the write lock up front; a deferred transaction that reads then
    writes fails with SQLITE_BUSY_SNAPSHOT when another process committed meanwhile.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        conn.execute("COMMIT")
        note_commit()
    except BaseException:
        # A failed COMMIT (deferred foreign key, I/O error) can leave the transaction
        # open: it would keep the write lock and block every other process.
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


@contextmanager
def write(conn: sqlite3.Connection, command: str, now: datetime) -> Iterator[Tx]:
    """A change-logged write transaction (``immediate``): all of it lands or none of it."""
    if isinstance(conn, Connection) and conn.before_write is not None:
        hook, conn.before_write = conn.before_write, None  # once per connection
        hook(conn)
    with immediate(conn):
        yield Tx(conn, command, now)


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
