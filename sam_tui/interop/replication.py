"""One book replicated off the machine: its setup, the replicator's lock, status, restore.

What sam keeps per book lives in the config folder's ``replicate/`` (private, like every
folder sam makes): ``NAME-HASH.json`` (the replica, and the last restore from it),
``NAME-HASH.yml`` (Litestream's config, made from the JSON) and ``NAME-HASH.lock``, held
by the running replicator. ``sam replicate run`` takes that lock and then *becomes*
Litestream (``exec``), so the lock lives exactly as long as the replicator: a second one
for the same book is refused, and a killed one leaves no stale claim.

A replica must have one writer. Litestream 0.5, started on a book that is behind its
replica, adopts the replica's position and ships this book over it: the replica's latest
state silently becomes another book. So ``run`` (and ``setup``) refuse a replica holding
transactions this machine never shipped, unless this book was restored from exactly that
state (``sam replicate restore``). sam's own restore writes through SQLite in one
transaction, so a running replicator ships it as one more change (README, "Several
machines and teams").
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime, timedelta
from pathlib import Path
from typing import NamedTuple

from sam_tui import clock
from sam_tui.domain.errors import Conflict, InvalidInput, NotFound
from sam_tui.interop import backup, litestream
from sam_tui.interop.litestream import Position, Replica, ReplicaProblem
from sam_tui.store import db, files

FOLDER = "replicate"
WARN_SETTING = "replicate.warn-after"  # minutes (services.settings registers it)


def config_folder() -> Path:
    import platformdirs

    return Path(platformdirs.user_config_dir("sam", appauthor=False)) / FOLDER


def _stem(db_path: Path) -> Path:
    import hashlib  # off sam log's path: only replication commands and the cockpit

    resolved = str(db_path.expanduser().resolve())
    digest = hashlib.sha256(resolved.encode("utf-8", "surrogateescape")).hexdigest()[:12]
    return config_folder() / f"{db_path.stem}-{digest}"


class Restored(NamedTuple):
    """The last ``sam replicate restore`` of this book from its replica."""

    txid: int  # the transaction the book was restored to
    replica_txid: int  # how far the replica went at that moment


class Setup(NamedTuple):
    db_path: Path
    replica: Replica
    config: Path  # Litestream's config for this book
    set_up_at: datetime
    restored: Restored | None = None
    # this machine ships to the replica: setup found it empty (or ours), or `run` started
    # on it; Litestream's position beside the book counts only for such a replica
    owned: bool = False


def _paths(db_path: Path) -> tuple[Path, Path, Path]:
    stem = _stem(db_path)
    return stem.with_suffix(".json"), stem.with_suffix(".yml"), stem.with_suffix(".lock")


def load(db_path: Path) -> Setup | None:
    """This book's replication, or None when it was never set up."""
    record, config, _lock = _paths(db_path)
    try:
        data = json.loads(record.read_text(encoding="utf-8"))
        replica = litestream.replica_from_json(data["replica"])
        restored = data.get("restored")
        return Setup(
            db_path=Path(data["db"]),
            replica=replica,
            config=config,
            set_up_at=datetime.fromisoformat(data["set_up_at"]),
            restored=None if restored is None else Restored(*restored),
            owned=data.get("owned") is True,
        )
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ReplicaProblem(
            f"{record} cannot be read ({exc}); run `sam replicate setup URL` again"
        ) from None


def require(db_path: Path) -> Setup:
    found = load(db_path)
    if found is None:
        raise NotFound(
            f"no replica is set up for {db_path}; first: sam replicate setup URL "
            "(s3://BUCKET/PATH, gcs://, abs://, sftp:// or file:///FOLDER)"
        )
    return found


def _write_private(path: Path, text: str) -> None:
    """All or nothing, readable by you only."""
    db.make_folders(path.parent)
    partial = db.partial_name(path)
    fd = os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def _save(setup: Setup) -> None:
    record, config, _lock = _paths(setup.db_path)
    document = {
        "db": str(setup.db_path),
        "replica": setup.replica.as_json(),
        "set_up_at": setup.set_up_at.isoformat(),
        "restored": None if setup.restored is None else list(setup.restored),
        "owned": setup.owned,
    }
    _write_private(config, litestream.config_text(setup.db_path, setup.replica))
    _write_private(record, json.dumps(document, indent=2) + "\n")


# --- the replicator's lock ------------------------------------------------------------------


def running(db_path: Path) -> int | None:
    """The process id of this book's running replicator, or None."""
    import fcntl

    _record, _config, lock = _paths(db_path)
    try:
        fd = os.open(lock, os.O_RDONLY)
    except OSError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            text = os.read(fd, 64).decode("ascii", "replace").strip()
            return int(text) if text.isdigit() else 0
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)


def _refuse_if_running(db_path: Path, doing: str) -> None:
    pid = running(db_path)
    if pid is not None:
        raise Conflict(
            f"the replicator of {db_path} is running (pid {pid}); stop it before {doing}"
        )


# --- one writer per replica -----------------------------------------------------------------


def _foreign(setup: Setup, pos: Position | None) -> Position | None:
    """The replica's position when it holds transactions this machine never shipped and
    this book was not restored from exactly that state; else None. Litestream's position
    beside the book is the book's, whatever the replica: it counts only for a replica this
    machine ships to (``owned``), never for one it has just been pointed at."""
    if pos is None:
        return None
    if setup.restored is not None and setup.restored.replica_txid == pos.txid:
        return None
    if setup.owned and litestream.local_txid(setup.db_path) >= pos.txid:
        return None
    return pos


def _forking(setup: Setup, pos: Position) -> Conflict:
    return Conflict(
        f"the replica {setup.replica.shown()} holds changes this book does not have (up to "
        f"{_moment(pos.at)}): another machine replicates to it, or this book was replaced. "
        "To continue that book here: sam replicate restore, then sam replicate run; to keep "
        "this one: sam replicate setup with a new URL"
    )


def _moment(at: datetime) -> str:
    from sam_tui.domain.dates import format_moment

    return format_moment(at.astimezone(), clock.today())


# --- setup ----------------------------------------------------------------------------------


class SetupResult(NamedTuple):
    setup: Setup
    # what the replica holds once the check shipped this book (None: not shipped, see other)
    shipped: Position | None
    # the replica already held a book this one did not come from: nothing was written to it
    other: Position | None
    # the round trip: the replica restored into a scratch file and checked
    checked: backup.BackupInfo | None


def setup(db_path: Path, replica: Replica) -> SetupResult:
    """Check the replica with a real round trip, then write the config (nothing on failure).

    An empty replica (or this machine's own) gets the book shipped once
    (``replicate -once``), and what arrives is restored into a scratch file and checked
    (integrity, sam's stamp and schema). A replica that holds another book is only listed
    (reachable, readable) and left untouched: ``restore`` brings that book here.
    """
    exe = litestream.binary()
    litestream.version(exe)
    _refuse_if_running(db_path, "changing its replica")
    db_path = db_path.expanduser().resolve()
    if replica.folder is not None:
        db.make_folders(replica.folder)  # private, and every missing folder above it
    trial = Setup(db_path, replica, _paths(db_path)[1], clock.now())
    previous = load(db_path)
    if previous is not None and previous.replica == replica:
        trial = trial._replace(restored=previous.restored, owned=previous.owned)
    # the check runs on a scratch config: a failed setup leaves the old one in place
    scratch = db.partial_name(trial.config)
    _write_private(scratch, litestream.config_text(db_path, replica))
    try:
        pos = litestream.position(litestream.files(exe, str(db_path), config=scratch))
        other = _foreign(trial, pos)
        shipped: Position | None = None
        checked: backup.BackupInfo | None = None
        if other is None:
            db.connect(db_path).close()  # the book exists and is sam's: Litestream never makes it
            litestream.replicate_once(exe, scratch)
            shipped = litestream.position(litestream.files(exe, str(db_path), config=scratch))
            if shipped is None:
                raise ReplicaProblem(
                    f"nothing arrived at {replica.shown()}; check the URL and your credentials"
                )
            checked = _round_trip(exe, db_path, scratch)
            trial = trial._replace(owned=True)
    finally:
        scratch.unlink(missing_ok=True)
    _save(trial)
    return SetupResult(trial, shipped, other, checked)


@contextmanager
def _scratch(db_path: Path, label: str) -> Iterator[Path]:
    """A new file name in the backups folder (private), removed with its -wal and -shm."""
    base = backup.folder(db_path)
    db.make_folders(base)
    path = db.partial_name(base / f"{db_path.stem}-{label}.db")
    try:
        yield path
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            with suppress(OSError):
                path.with_name(path.name + suffix).unlink()


def _round_trip(exe: str, db_path: Path, config: Path) -> backup.BackupInfo:
    with _scratch(db_path, "replica-check") as out:
        litestream.restore(exe, str(db_path), out, config=config)
        return backup.inspect(out, thorough=False, name=out)


# --- run ------------------------------------------------------------------------------------


def prepare_run(db_path: Path) -> tuple[Setup, list[str]]:
    """Everything before the replicator starts; returns the command line it becomes.

    Takes this book's replicator lock (kept across ``exec`` through an inheritable file
    descriptor) and refuses to start a second replicator or to fork the replica.
    """
    import fcntl

    found = require(db_path)
    exe = litestream.binary()
    litestream.version(exe)
    db.connect(found.db_path).close()  # there, sam's and migrated before Litestream opens it
    _record, config, lock = _paths(db_path)
    if not config.is_file():  # removed by hand: made again from the record
        _save(found)
    db.make_folders(lock.parent)
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid = running(db_path)
            raise Conflict(
                f"the replicator of {found.db_path} is already running (pid {pid})"
            ) from None
        listed = litestream.files(exe, str(found.db_path), config=config)
        other = _foreign(found, litestream.position(listed))
        if other is not None:
            raise _forking(found, other)
        if not found.owned:  # from now on this machine ships to it
            _save(found._replace(owned=True))
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        os.set_inheritable(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return found, litestream.replicate_argv(exe, config)


def become(argv: list[str]) -> None:
    """Replace this process with the replicator (same pid: a service manager's signals and
    the lock go straight to it)."""
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(argv[0], argv)


# --- status ---------------------------------------------------------------------------------


class Status(NamedTuple):
    setup: Setup
    running: int | None  # the replicator's pid
    last_change: datetime | None  # the newest change recorded in the book
    replica: Position | None  # what the replica holds
    # how long the book's newest changes have waited for the replica (None: up to date)
    behind: timedelta | None
    # the replica holds transactions this machine never shipped
    other_writer: bool


def status(db_path: Path) -> Status:
    """Where the replica stands against the book (lists the replica: network)."""
    found = require(db_path)
    exe = litestream.binary()
    conn = db.open_read_only(found.db_path)
    try:
        last = None if conn is None else _last_change(conn)
    finally:
        if conn is not None:
            conn.close()
    pos = litestream.position(litestream.files(exe, str(found.db_path), config=found.config))
    return Status(
        setup=found,
        running=running(db_path),
        last_change=last,
        replica=pos,
        behind=lag(last, pos, clock.now()),
        other_writer=_foreign(found, pos) is not None,
    )


def _last_change(conn: sqlite3.Connection) -> datetime | None:
    try:
        return files.last_change(conn)
    except sqlite3.Error:
        return None


def lag(last: datetime | None, pos: Position | None, now: datetime) -> timedelta | None:
    """How long the book's changes have been waiting for the replica, or None when the
    replica has them all. Stored changes carry whole seconds, the replica milliseconds: a
    change in the same second as the replica's newest file counts as shipped."""
    if last is None:
        return None
    if pos is None:
        return max(timedelta(0), now - last)
    shipped = pos.at.replace(microsecond=0)
    if last <= shipped:
        return None
    return max(timedelta(0), now - pos.at)


def warn_after(conn: sqlite3.Connection) -> timedelta:
    from sam_tui.services import settings

    return timedelta(minutes=int(settings.value_of(conn, WARN_SETTING)))


def lag_warning(db_path: Path) -> str | None:
    """The cockpit's line when this book's replica is behind more than the setting (or
    cannot be reached); None when replication is not set up or all is well."""
    try:
        if load(db_path) is None:
            return None
        found = status(db_path)
    except ReplicaProblem as exc:
        return f"replica: {exc}"
    conn = db.open_read_only(db_path)
    try:
        limit = warn_after(conn) if conn is not None else timedelta(minutes=15)
    except Exception:  # an unusable setting: the default
        limit = timedelta(minutes=15)
    finally:
        if conn is not None:
            conn.close()
    if found.other_writer:
        return "replica: another machine writes to it"
    if found.behind is None or found.behind <= limit:
        return None
    return f"replica {duration(found.behind)} behind"


def duration(span: timedelta) -> str:
    """``45 s``, ``12 min``, ``3 h 05 min``, ``2 days``."""
    seconds = int(span.total_seconds())
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min"
    if seconds < 2 * 86400:
        return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"
    return f"{seconds // 86400} days"


# --- restore --------------------------------------------------------------------------------


class Fetched(NamedTuple):
    """A book brought back from the replica into a scratch file, not checked yet."""

    path: Path
    txid: int  # the transaction it was restored to
    replica: Position  # how far the replica went
    at: datetime | None  # the moment asked for (None: the latest)


@contextmanager
def fetched(setup: Setup, at: datetime | None) -> Iterator[Fetched]:
    """The replica's book as of ``at`` (else its latest) in a scratch file beside the
    backups; removed when the block ends. Raises NotFound for an empty replica and
    InvalidInput for a moment before the replica's first."""
    exe = litestream.binary()
    found = litestream.files(exe, str(setup.db_path), config=setup.config)
    pos = litestream.position(found)
    if pos is None:
        raise NotFound(f"the replica {setup.replica.shown()} holds no book yet")
    first = min(f.created for f in found)
    too_early = InvalidInput(
        f"the replica goes back to {_moment(first)}; {_moment(at or first)} is before it"
    )
    if at is not None and at < first:
        raise too_early
    if at is not None and at >= pos.at + timedelta(seconds=1):
        at = None  # after its newest change: the latest state is that moment's
    with _scratch(setup.db_path, "replica") as out:
        try:
            txid = litestream.restore(exe, str(setup.db_path), out, config=setup.config, at=at)
        except ReplicaProblem as exc:
            # the listing has whole seconds, Litestream milliseconds: a moment in the first
            # or the last second may fall just outside what it holds
            if at is None or "timestamp does not exist" not in str(exc):
                raise
            if at < pos.at:
                raise too_early from None
            at = None
            for leftover in out.parent.glob(out.name + "*"):
                leftover.unlink()
            txid = litestream.restore(exe, str(setup.db_path), out, config=setup.config)
        yield Fetched(out, txid, pos, at)


def mark_restored(setup: Setup, got: Fetched) -> None:
    """Remember that this book now holds the replica's state (``run`` may then continue
    the replica from here)."""
    _save(setup._replace(restored=Restored(got.txid, got.replica.txid)))
