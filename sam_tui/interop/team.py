"""A team lead's copies of the managers' books: the list of replicas, and pulling them.

``team.json`` in sam's config folder lists each manager's name and replica (no
credentials: Litestream reads them from the environment). ``sam team pull`` restores each
replica's latest state with Litestream, in parallel, into the lead's cache
(``~/.cache/sam/team/NAME.db``, private): each copy is checked as a backup is before it
replaces the previous one (integrity, sam's stamp and schema, version, references), made
read-only (0400), and opened read-only by the roll-up. Nothing is ever written to a
manager's replica: only ``litestream ltx`` and ``litestream restore`` run against it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from sam_tui import clock
from sam_tui.domain.errors import Conflict, InvalidInput, NotFound, SamError
from sam_tui.domain.text import one_line
from sam_tui.interop import backup, litestream
from sam_tui.interop.litestream import Position, Replica
from sam_tui.services.team import Freshness, Member
from sam_tui.store import db, swap
from sam_tui.store.migrations import LATEST_VERSION

# a manager's name is also their copy's file name: letters of any script, digits and a
# few marks, never a path separator, never starting with a dot
NAME = re.compile(r"[^\W_][\w .'-]{0,38}[^\W_]|[^\W_]")
PULLS_AT_ONCE = 8  # restores run side by side: each is mostly waiting on storage


class Manager(NamedTuple):
    name: str
    replica: Replica


def _config_file() -> Path:
    import platformdirs

    return Path(platformdirs.user_config_dir("sam", appauthor=False)) / "team.json"


def cache_folder() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("sam", appauthor=False)) / "team"


def managers() -> list[Manager]:
    """The team, in the order the managers were added."""
    path = _config_file()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [
            Manager(str(m["name"]), litestream.replica_from_json(m["replica"]))
            for m in data["managers"]
        ]
    except FileNotFoundError:
        return []
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise SamError(f"{path} cannot be read ({exc}); fix or remove it") from None


def _save(team: Sequence[Manager]) -> None:
    path = _config_file()
    db.make_folders(path.parent)
    document = {"managers": [{"name": m.name, "replica": m.replica.as_json()} for m in team]}
    partial = db.partial_name(path)
    fd = os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(json.dumps(document, indent=2) + "\n")
    os.replace(partial, path)


def _find(team: Sequence[Manager], name: str) -> Manager | None:
    return next((m for m in team if m.name.casefold() == name.casefold()), None)


def _same_place(a: Replica, b: Replica) -> bool:
    """The same replica, however its URL was typed (a trailing slash, a folder's ``..``)."""
    if a.folder is not None and b.folder is not None:
        return os.path.normpath(a.folder) == os.path.normpath(b.folder)
    return (a.url.rstrip("/"), a.endpoint or "") == (b.url.rstrip("/"), b.endpoint or "")


def add(name: str, replica: Replica) -> tuple[Manager, Position | None]:
    """Register a manager's replica once it answers; returns what it holds (None: no book
    yet). Refuses a name in use and a replica that cannot be listed; nothing is saved then."""
    if not NAME.fullmatch(name):
        raise InvalidInput(
            f"'{one_line(name[:40])}' cannot name a manager: use letters, digits, spaces, "
            "'.', \"'\", '-' or '_' (up to 40), starting and ending with a letter or digit"
        )
    team = managers()
    if _find(team, name) is not None:
        raise Conflict(f"{name} is already in the team; `sam team remove {name}` first")
    twin = next((m for m in team if _same_place(m.replica, replica)), None)
    if twin is not None:
        raise Conflict(
            f"{twin.name} already reads {replica.shown()}: one replica is one manager's book "
            "(counted twice, the team's figures would double)"
        )
    exe = litestream.binary()
    litestream.version(exe)
    held = litestream.position(litestream.files(exe, replica.command_url()))
    manager = Manager(name, replica)
    _save([*team, manager])
    return manager, held


def remove(name: str) -> Manager:
    """Take a manager off the team and delete the lead's copy of the book."""
    team = managers()
    found = _find(team, name)
    if found is None:
        raise NotFound(f"no manager named {name} in the team")
    _save([m for m in team if m is not found])
    for path in _cached(found.name):
        path.unlink(missing_ok=True)
    return found


def _cached(name: str) -> tuple[Path, Path]:
    base = cache_folder()
    return base / f"{name}.db", base / f"{name}.json"


# --- pulling --------------------------------------------------------------------------------


class Pulled(NamedTuple):
    """How one manager's pull went."""

    name: str
    freshness: Freshness
    seconds: float
    accounts: int  # in the copy (0 when it failed)

    @property
    def ok(self) -> bool:
        return self.freshness.problem is None


def pull(
    team: Sequence[Manager],
    progress: Callable[[Pulled], None] | None = None,
    *,
    at_once: int = PULLS_AT_ONCE,
) -> list[Pulled]:
    """Restore every manager's latest state into the cache, several at a time.

    A failure is that manager's alone: it is recorded (with the older copy kept) and the
    others go on. ``progress`` hears of each as it finishes (from the pulling threads,
    one at a time). Returns the outcomes in the team's order.
    """
    exe = litestream.binary()
    litestream.version(exe)
    db.make_folders(cache_folder())
    lock = threading.Lock()

    def one(manager: Manager) -> Pulled:
        outcome = _pull_one(exe, manager)
        if progress is not None:
            with lock:
                progress(outcome)
        return outcome

    with ThreadPoolExecutor(max_workers=max(1, min(at_once, len(team)))) as pool:
        return list(pool.map(one, team))


def _pull_one(exe: str, manager: Manager) -> Pulled:
    started = time.monotonic()
    target, record = _cached(manager.name)
    previous = freshness(manager.name)
    partial = db.partial_name(target)
    try:
        url = manager.replica.command_url()
        held = litestream.position(litestream.files(exe, url))
        if held is None:
            raise NotFound(f"{manager.replica.shown()} holds no book yet")
        litestream.restore(exe, url, partial)
        info = backup.inspect(partial, name=Path(f"{manager.name}'s replica"))
        swap.broken_references(partial)  # upgrades a book from an older sam, in the copy
        swap.fold_wal(partial)  # one self-contained file: opened read-only without a -shm
        os.chmod(partial, 0o400)
        os.replace(partial, target)
        fresh = Freshness(held.at, clock.now(), info.last_change)
        _write_record(record, fresh)
        accounts = info.counts.get("account", 0)
    except (SamError, sqlite3.Error, OSError) as exc:
        reason = str(exc) if isinstance(exc, SamError) else f"{type(exc).__name__}: {exc}"
        fresh = previous._replace(problem=one_line(reason))
        accounts = 0
        with suppress(OSError):  # the roll-up says so until a pull succeeds
            _write_record(record, fresh)
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            with suppress(OSError):
                partial.with_name(partial.name + suffix).unlink()
    return Pulled(manager.name, fresh, time.monotonic() - started, accounts)


def _write_record(path: Path, fresh: Freshness) -> None:
    document = {
        k: v if v is None or isinstance(v, str) else v.isoformat()
        for k, v in fresh._asdict().items()
    }
    partial = db.partial_name(path)
    fd = os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(json.dumps(document) + "\n")
    os.replace(partial, path)


def freshness(name: str) -> Freshness:
    """What the last successful pull of ``name`` recorded (all None: never pulled)."""
    _target, record = _cached(name)
    try:
        data = json.loads(record.read_text(encoding="utf-8"))
        stamps = [data.get(k) for k in ("replicated_at", "pulled_at", "last_change")]
        replicated, pulled, last = (
            None if s is None else datetime.fromisoformat(s) for s in stamps
        )
        problem = data.get("problem")
        return Freshness(replicated, pulled, last, problem if isinstance(problem, str) else None)
    except (OSError, ValueError, TypeError, AttributeError):
        return Freshness(None, None, None)


# --- reading the copies ---------------------------------------------------------------------


def open_members(team: Sequence[Manager]) -> list[Member]:
    """Each manager's copy opened read-only (``conn`` None when there is none yet), with its
    freshness. Close them with ``close``."""
    members = []
    for manager in team:
        target, _record = _cached(manager.name)
        fresh = freshness(manager.name)
        try:
            _upgrade_copy(target)
        except (SamError, sqlite3.Error, OSError) as exc:
            reason = str(exc) if isinstance(exc, SamError) else f"{type(exc).__name__}: {exc}"
            members.append(Member(manager.name, None, fresh._replace(problem=one_line(reason))))
            continue
        conn = db.open_read_only(target)
        if conn is None and fresh.problem is None:
            fresh = fresh._replace(problem="not pulled yet: sam team pull")
        members.append(Member(manager.name, conn, fresh))
    return members


def _upgrade_copy(target: Path) -> None:
    """A copy pulled by an older sam, brought to this sam's schema as a pull does (in a
    private copy, then put in its place): the roll-up reads what this sam's queries need,
    and a manager whose next pull fails still counts with the copy the lead has."""
    if not target.is_file():
        return
    if db.file_version(target) >= LATEST_VERSION:
        return  # a newer one: refused by name when read, as any book from a newer sam
    partial = db.partial_name(target)
    try:
        shutil.copyfile(target, partial)
        os.chmod(partial, 0o600)
        db.connect(partial, backup_before_upgrade=False).close()  # migrates it
        swap.fold_wal(partial)
        os.chmod(partial, 0o400)
        os.replace(partial, target)
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            with suppress(OSError):
                partial.with_name(partial.name + suffix).unlink()


def close(members: Sequence[Member]) -> None:
    for m in members:
        if m.conn is not None:
            m.conn.close()
