"""Backups: verified online copies, the daily automatic rotation, and restore.

Copies are made with SQLite's backup API (``store.db.copy_to``) inside one read
snapshot, then opened read-only and checked: integrity, identity, schema version and
the row count of every table. ``daily`` runs before the first write of each day
(``store.db.Connection.before_write``); on every other write it costs one ``stat``.
Each of them, and a restore, first removes the half-made copies a killed process left
(``store.db.remove_dead_partials``). Stdlib only at import time: it sits on ``sam log``'s
path.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, date, datetime
from pathlib import Path
from typing import NamedTuple

from sam_tui import clock
from sam_tui.domain.errors import DatabaseProblem, InvalidInput
from sam_tui.store import db, files, swap
from sam_tui.store.migrations import APPLICATION_ID, COLUMNS, LATEST_VERSION
from sam_tui.store.schema import check_schema

FOLDER = "backups"
KEEP_SETTING = "backup.keep"
DEFAULT_KEEP = 7
MAX_KEEP = 3650
# A daily backup is skipped unless the disk keeps this much free beyond two copies'
# worth: an automatic copy must never be what fills the disk.
_SPARE_BYTES = 64 * 2**20


class BackupInfo(NamedTuple):
    """A sam database file as checked read-only."""

    path: Path
    size: int
    version: int
    counts: dict[str, int]  # rows per table
    last_change: datetime | None  # the newest change recorded in it


class BackupFile(NamedTuple):
    """One file of the backups folder."""

    path: Path
    size: int
    modified: datetime
    kind: str  # daily, manual, before restore, or interrupted (removed by the next backup)


class RestoreResult(NamedTuple):
    restored: BackupInfo
    safety: BackupInfo | None  # the copy of what was replaced (None: it was empty)


def format_size(n: int) -> str:
    """``1.2 MB``: decimal units, as file managers show them."""
    size = float(n)
    for unit in ("bytes", "kB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{n} bytes" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1000
    raise AssertionError("unreachable")


def folder(db_path: Path) -> Path:
    """The ``backups`` folder beside the database file."""
    return db_path.parent / FOLDER


def _ensure_folder(db_path: Path) -> Path:
    found = folder(db_path)
    db.make_folders(found)
    return found


def clean(db_path: Path, *others: Path) -> list[Path]:
    """Remove the half-made copies of dead processes beside the database, in its backups
    folder and in ``others`` (a backup's target folder): a killed backup or restore left
    full-size hidden copies that nothing else ever removes."""
    return db.remove_dead_partials(clock.wall(), db_path.parent, folder(db_path), *others)


def default_target(db_path: Path, kind: str = "", base: Path | None = None) -> Path:
    """A free name in ``base`` (default: the backups folder): ``sam-2026-11-26-090000.db``
    (local time, so the names sort by date), ``sam-before-restore-...`` for ``kind``."""
    base = base or _ensure_folder(db_path)
    prefix = f"{db_path.stem}-{kind + '-' if kind else ''}{clock.now():%Y-%m-%d-%H%M%S}"
    target = base / f"{prefix}.db"
    n = 2
    while target.exists():
        target = base / f"{prefix}-{n}.db"
        n += 1
    return target


def daily_target(db_path: Path, today: date) -> Path:
    return folder(db_path) / f"{db_path.stem}-daily-{today.isoformat()}.db"


def describe(conn: sqlite3.Connection, path: Path) -> BackupInfo:
    """The live database, summarised like a backup (for restore's comparison)."""
    with db.read(conn):
        return BackupInfo(
            path=path,
            size=path.stat().st_size if path.exists() else 0,
            version=db.schema_version(conn),
            counts=files.table_counts(conn),
            last_change=files.last_change(conn),
        )


# --- making and checking a copy -----------------------------------------------------------


def make(conn: sqlite3.Connection, target: Path, *, thorough: bool = True) -> BackupInfo:
    """Copy the database into the new file ``target`` and verify the copy.

    The counts are read in the same snapshot as the copy, so a write landing meanwhile
    cannot make a good copy look wrong. Raises FileExistsError rather than overwrite,
    DatabaseProblem (and removes the copy) when the copy does not check out.
    ``thorough``: see ``inspect``.
    """
    with db.read(conn):
        counts = files.table_counts(conn)
        version = db.schema_version(conn)
        db.copy_to(conn, target)
    try:
        info = inspect(target, thorough=thorough)
        if info.version != version or info.counts != counts:
            differ = sorted(
                t for t in counts.keys() | info.counts.keys() if counts.get(t) != info.counts.get(t)
            )
            raise DatabaseProblem(
                f"the copy in {target} does not match the database "
                f"({', '.join(differ) or 'schema version'} differ); it was removed"
            )
    except BaseException:
        with suppress(OSError):  # never made (its folder is not one), or gone already
            target.unlink()
        raise
    return info


def _open_read_only(path: Path) -> sqlite3.Connection:
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise DatabaseProblem(f"cannot open {path}: {exc}") from None
    conn.row_factory = sqlite3.Row
    return conn


def inspect(path: Path, *, thorough: bool = True, name: Path | None = None) -> BackupInfo:
    """Check, read-only, that ``path`` is a whole sam database this sam can use.

    Raises DatabaseProblem with one line: missing, a folder, empty, not SQLite, another
    program's file, written by a newer sam, or damaged. ``thorough`` runs
    ``integrity_check`` (every index against its table: 4 s on a 240 MB portfolio);
    otherwise ``quick_check`` (the file's structure: 0.5 s), for the daily backup that a
    `sam log` waits for. ``name``: the file to name in messages (``path`` is a private
    copy of it).
    """
    label = name or path
    if not path.exists():
        raise DatabaseProblem(f"{label} does not exist")
    size = db.check_regular(path, "backup file").st_size
    if size == 0:
        raise DatabaseProblem(f"{label} is empty, not a sam database")
    db.check_header(path)
    conn = _open_read_only(path)
    try:
        if db.application_id(conn) != APPLICATION_ID:
            raise DatabaseProblem(f"{label} is not a sam database (another program's SQLite file)")
        version = db.schema_version(conn)
        if version > LATEST_VERSION:
            raise DatabaseProblem(
                f"{label} was written by a newer sam (schema v{version}; this sam knows up to "
                f"v{LATEST_VERSION}); upgrade sam to use it"
            )
        if version < 1:
            raise DatabaseProblem(f"{label} is not a complete sam database (no schema)")
        check_schema(conn, label)
        problems = files.problems(conn, thorough=thorough)
        if problems != ["ok"]:
            raise DatabaseProblem(f"{label} is damaged ({problems[0]}); use another backup")
        with db.read(conn):
            counts = files.table_counts(conn)
            last = files.last_change(conn)
    except sqlite3.DatabaseError as exc:
        raise DatabaseProblem(
            f"{label} is damaged or not a database ({exc}); use another backup"
        ) from None
    finally:
        conn.close()
    return BackupInfo(path=path, size=size, version=version, counts=counts, last_change=last)


# --- the daily automatic backup ----------------------------------------------------------


class _Skip(Exception):
    """The daily backup cannot be made now, for a reason the user should hear."""


def keep_setting(conn: sqlite3.Connection) -> int:
    """How many daily backups to keep (``backup.keep``; 0 turns them off)."""
    # here, not at the top: settings brings the sales rules, and `sam log` imports this
    # module on every run but reads the setting only on the day's first write
    from sam_tui.services import settings

    stored = settings.stored(conn, KEEP_SETTING)
    try:
        return max(0, int(stored)) if stored is not None else DEFAULT_KEEP
    except ValueError:
        return DEFAULT_KEEP


def _daily_keep(conn: sqlite3.Connection) -> int:
    """0 when there is nothing to do: the demo's scratch file, or a file with no data yet."""
    if files.is_demo(conn) or files.is_blank(conn):
        return 0
    return keep_setting(conn)


def daily(conn: sqlite3.Connection, db_path: Path) -> str | None:
    """Make today's backup if there is none yet, then drop the oldest beyond ``backup.keep``.

    Never raises: returns a one-line warning instead, and the caller's write goes on.
    """
    target = daily_target(db_path, clock.today())
    partial: Path | None = None
    try:
        if target.exists():  # the only cost on every write but the day's first
            return None
        keep = _daily_keep(conn)
        if keep == 0:
            return None
        _ensure_folder(db_path)
        clean(db_path)  # before the space check: what a killed copy left counts as free
        _check_space(db_path)
        # a name of our own: two processes racing here each make a whole copy, and the
        # rename makes one of them today's
        partial = db.partial_name(target)
        make(conn, partial, thorough=False)
        os.replace(partial, target)
        partial = None
        prune(db_path, keep)
        return None
    except Exception as exc:  # the user's command matters more than its backup
        if partial is not None:
            with suppress(OSError):
                partial.unlink()
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        where = f" in {exc.filename}" if isinstance(exc, OSError) and exc.filename else ""
        return f"daily backup skipped ({reason}{where}); your command goes ahead"


def _check_space(db_path: Path) -> None:
    import shutil  # only on the day's first write

    wal = db_path.with_name(db_path.name + "-wal")
    need = db_path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)
    free = shutil.disk_usage(folder(db_path)).free
    if free < 2 * need + _SPARE_BYTES:
        raise _Skip(
            f"only {format_size(free)} free on the disk of {folder(db_path)}, and the database "
            f"takes {format_size(need)}"
        )


def prune(db_path: Path, keep: int) -> list[Path]:
    """Delete daily backups beyond the newest ``keep``, and copies a killed process left
    half-made on another day. Manual and before-restore backups are never touched."""
    pattern = re.compile(
        rf"{re.escape(db_path.stem)}-daily-(\d{{4}}-\d\d-\d\d)\.db(\.partial-\d+)?"
    )
    today = clock.today().isoformat()
    dailies: list[tuple[str, Path]] = []
    removed: list[Path] = []
    base = folder(db_path)
    if not base.is_dir():
        return removed
    for entry in base.iterdir():
        found = pattern.fullmatch(entry.name)
        if found is None:
            continue
        if found.group(2) is None:
            dailies.append((found.group(1), entry))
        elif found.group(1) != today:
            removed.append(entry)
    removed.extend(path for _, path in sorted(dailies, reverse=True)[max(keep, 0) :])
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def set_keep(conn: sqlite3.Connection, db_path: Path, keep: int) -> list[Path]:
    """Store ``backup.keep`` (recorded in the change log) and apply it to the folder now.

    Returns the daily backups that went. With 0, the automatic backups stop and the
    ones already made stay.
    """
    if not 0 <= keep <= MAX_KEEP:
        raise InvalidInput(f"--keep must be between 0 and {MAX_KEEP}, not {keep}")
    from sam_tui.services import settings

    settings.set_value(conn, KEEP_SETTING, str(keep), command="backup --keep")
    return prune(db_path, keep) if keep else []


def list_backups(db_path: Path) -> list[BackupFile]:
    """The backups of this database in its backups folder, newest first."""
    base = folder(db_path)
    if not base.is_dir():
        return []
    stem = db_path.stem
    found: list[BackupFile] = []
    for entry in base.iterdir():
        name = entry.name
        if not (name.startswith(stem + "-") and name.endswith(".db")) or not entry.is_file():
            continue
        rest = name[len(stem) + 1 :]
        kind = (
            "daily"
            if rest.startswith("daily-")
            else "before restore"
            if rest.startswith("before-restore-")
            else "manual"
        )
        stat = entry.stat()
        modified = datetime.fromtimestamp(stat.st_mtime, tz=UTC)
        found.append(BackupFile(entry, stat.st_size, modified, kind))
    # what killed copies left: full-size, so shown until the next backup removes them
    for entry in db.dead_partials(base, clock.wall()):
        stat = entry.stat()
        modified = datetime.fromtimestamp(stat.st_mtime, tz=UTC)
        found.append(BackupFile(entry, stat.st_size, modified, "interrupted"))
    return sorted(found, key=lambda b: (b.modified, b.path.name), reverse=True)


# --- restore ------------------------------------------------------------------------------


class Incoming(NamedTuple):
    """A backup on its way in: checked, in a private copy that nothing else writes."""

    info: BackupInfo  # what the backup holds (``path``: the file the user named)
    staged: Path  # the private copy the restore reads


@contextmanager
def incoming(db_path: Path, source: Path) -> Iterator[Incoming]:
    """Copy ``source`` beside the backups and check the copy, before anything is locked.

    The copy is what gets checked and restored, so the file cannot change in between, a
    backup in WAL mode on a read-only disk (where SQLite cannot open it) works, and an
    older backup is upgraded here, in the copy. Checked: a sam database, undamaged
    (``integrity_check``), its schema exactly sam's for its version (a planted trigger or
    view never runs), no broken references, not from a newer sam. Raises DatabaseProblem
    in one line; the copy is removed whatever happens.
    """
    if not source.exists():
        raise DatabaseProblem(f"{source} does not exist")
    db.check_regular(source, "backup file")
    if db_path.exists() and os.path.samefile(source, db_path):
        raise DatabaseProblem(f"{source} is the database in use; pick a backup of it")
    if not db_path.parent.is_dir():  # as when opening it: a typo must not make folders
        raise DatabaseProblem(f"cannot create {db_path}: folder {db_path.parent} does not exist")
    base = _ensure_folder(db_path)
    clean(db_path)
    staged = db.partial_name(base / f"{db_path.stem}-incoming.db")
    try:
        _stage(source, staged)
        info = inspect(staged, name=source)._replace(path=source, size=source.stat().st_size)
        broken = swap.broken_references(staged)  # upgrades the copy: it is the backup
        if broken:
            raise DatabaseProblem(
                f"{source} has {broken} broken references (rows pointing at records "
                "that are not in it); use another backup"
            )
        yield Incoming(info, staged)
    finally:
        for suffix in ("", "-journal", "-wal", "-shm"):
            with suppress(OSError):
                staged.with_name(staged.name + suffix).unlink()


def _stage(source: Path, staged: Path) -> None:
    """The private copy: the file, and its ``-wal`` when it has one, folded into one file."""
    import shutil

    db.check_header(source)
    try:
        fd = os.open(staged, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
        shutil.copyfile(source, staged)
        wal = source.with_name(source.name + "-wal")
        if wal.is_file():
            shutil.copyfile(wal, staged.with_name(staged.name + "-wal"))
    except OSError as exc:
        raise DatabaseProblem(
            f"cannot copy {source} into {staged.parent} to check it: {exc.strerror or exc}"
        ) from None
    try:
        # switching another program's rollback-mode file would be harmless here (a private
        # copy), but its refusal comes from inspect, with the right words
        swap.fold_wal(staged)
    except sqlite3.DatabaseError as exc:
        raise DatabaseProblem(
            f"{source} is damaged or not a database ({exc}); use another backup"
        ) from None


def restore(db_path: Path, source: Incoming) -> RestoreResult:
    """Replace the database at ``db_path`` with the checked backup ``source``.

    The order keeps every acknowledged write (issue 12): the backup was checked first,
    without any lock (``incoming``); then the database's write lock is taken; only then is
    the current data saved to a verified ``before-restore`` backup, and the backup written
    into the live file, in that same transaction. A write acknowledged before the lock is
    in the safety copy; a write after it waits for the restore and lands in the restored
    book (or, past the busy timeout, is refused with "locked; try again"). Other processes
    (an open cockpit) see the old data or the new, never a mix. Ids are never handed out
    again: each table's sequence continues from the higher of the two books'.
    """
    db.connect(db_path).close()  # creates, checks or upgrades the live file first

    def save_current(conn: sqlite3.Connection) -> BackupInfo | None:
        # the tables sam writes: an index's bookkeeping rows do not make a file worth saving
        current = files.table_counts(conn)
        if not any(current.get(table) for table in COLUMNS):
            return None
        reader = _open_read_only(db_path)  # sees exactly what is committed: the caller
        try:  # holds the write lock, so nothing commits until the swap
            return make(reader, default_target(db_path, "before-restore"), thorough=False)
        finally:
            reader.close()

    try:
        safety = swap.replace_with(db_path, source.staged, save_current)
    except sqlite3.Error as exc:
        raise DatabaseProblem(db.describe_sqlite_error(exc, db_path)) from None
    return RestoreResult(restored=source.info, safety=safety)
