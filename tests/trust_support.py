"""Helpers for the trust harnesses: schema fixtures and whole-database comparisons, real
processes started together, and the cockpit in a pty."""

from __future__ import annotations

import fcntl
import hashlib
import os
import pty
import shutil
import sqlite3
import struct
import subprocess
import sys
import termios
import textwrap
import threading
import time
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from sam_tui.store import migrations

# --- schema fixtures and comparing whole databases ----------------------------------------

FIXTURE_DIR = Path(__file__).resolve().parent / "fixtures" / "schema"


def version_of(path: Path) -> int:
    return int(path.stem.removeprefix("v"))


FIXTURES = sorted(FIXTURE_DIR.glob("v*.db"), key=version_of)
# Fixtures a migration has to carry forward (the ones below the newest schema).
OLD_FIXTURES = [f for f in FIXTURES if version_of(f) < migrations.LATEST_VERSION]


def fixture_params(paths: list[Path]) -> list[Any]:
    return [pytest.param(p, id=p.stem) for p in paths]


class Table(NamedTuple):
    columns: tuple[str, ...]
    key: tuple[str, ...]  # the primary key columns (or rowid)
    rows: dict[tuple[Any, ...], dict[str, Any]]


def open_readonly(path: Path) -> sqlite3.Connection:
    """Read a file without creating -wal/-shm next to it or changing a byte of it."""
    return sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)


def user_tables(conn: sqlite3.Connection) -> list[str]:
    """Tables holding data: not SQLite's own, not the shadow tables of a virtual table."""
    rows = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall()
    virtual = [name for name, sql in rows if sql and sql.upper().startswith("CREATE VIRTUAL")]
    return sorted(
        name
        for name, sql in rows
        if not name.startswith("sqlite_")
        and name not in virtual
        and not any(name.startswith(v + "_") for v in virtual)
    )


def snapshot(conn: sqlite3.Connection) -> dict[str, Table]:
    """Every row of every data table, keyed by primary key."""
    tables: dict[str, Table] = {}
    for name in user_tables(conn):
        info = conn.execute(f'PRAGMA table_info("{name}")').fetchall()
        columns = tuple(r[1] for r in info)
        key = tuple(r[1] for r in sorted(info, key=lambda r: r[5]) if r[5]) or ("rowid",)
        select = ", ".join(f'"{c}"' for c in (*key, *columns))
        rows: dict[tuple[Any, ...], dict[str, Any]] = {}
        for row in map(tuple, conn.execute(f'SELECT {select} FROM "{name}"')):
            rows[tuple(row[: len(key)])] = dict(zip(columns, row[len(key) :], strict=True))
        tables[name] = Table(columns, key, rows)
    return tables


def schema_of(conn: sqlite3.Connection) -> list[tuple[Any, ...]]:
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")
    return [tuple(r) for r in rows]


def assert_rows_intact(
    before: dict[str, Table],
    after: dict[str, Table],
    *,
    grown: Collection[str] = (),
    moving: Collection[tuple[str, str]] = (),
) -> None:
    """Each table, row and column of ``before`` is in ``after`` with the same value.

    Only the tables named in ``grown`` may have gained rows meanwhile, and only the
    ``(table, column)`` pairs in ``moving`` may have changed value (what a command run
    meanwhile keeps up to date, such as an account's last touch).
    """
    for name, old in before.items():
        assert name in after, f"table {name} is gone"
        new = after[name]
        dropped = [c for c in old.columns if c not in new.columns]
        assert not dropped, f"{name}: columns {dropped} are gone"
        lost = [key for key in old.rows if key not in new.rows]
        assert not lost, f"{name}: rows {lost} are gone"
        if name not in grown:
            assert len(new.rows) == len(old.rows), f"{name}: rows were added"
        for key, row in old.rows.items():
            changed = {
                c: (v, new.rows[key][c])
                for c, v in row.items()
                if new.rows[key][c] != v and (name, c) not in moving
            }
            assert not changed, f"{name} {key}: {changed}"


Layout = dict[str, tuple[tuple[str, ...], tuple[str, ...]]]  # table: (columns, key)


def layout_of(tables: dict[str, Table]) -> Layout:
    return {name: (t.columns, t.key) for name, t in tables.items()}


def rows_digest(conn: sqlite3.Connection, layout: Layout) -> dict[str, str]:
    """One hash per table over the rows' ``layout`` columns, in key order: equal digests
    mean every row and column of the layout is as it was (cheaper than a snapshot)."""
    digests = {}
    for table, (columns, key) in layout.items():
        select = ", ".join(f'"{c}"' for c in columns)
        order = ", ".join(f'"{c}"' for c in key)
        hashed = hashlib.sha256()
        for row in conn.execute(f'SELECT {select} FROM "{table}" ORDER BY {order}'):
            hashed.update(repr(tuple(row)).encode())
        digests[table] = hashed.hexdigest()
    return digests


def assert_healthy(conn: sqlite3.Connection) -> None:
    assert [tuple(r) for r in conn.execute("PRAGMA integrity_check")] == [("ok",)]
    assert [tuple(r) for r in conn.execute("PRAGMA foreign_key_check")] == []


# --- processes -----------------------------------------------------------------------------

# One process: pay the imports, wait for a shared start instant (so that processes really
# collide), then run `sam ARGS...` exactly as `python -m sam_tui` would.
SYNC_START = textwrap.dedent(
    """
    import runpy, sys, time
    start, args = float(sys.argv[1]), sys.argv[2:]
    import sam_tui.cli.entry, sam_tui.store.db  # noqa: F401
    time.sleep(max(0.0, start - time.time()))
    sys.argv = ["sam", *args]
    runpy.run_module("sam_tui", run_name="__main__", alter_sys=True)
    """
)


def synced(args: Sequence[str], start: float) -> list[str]:
    """The command line of a process that runs ``sam ARGS`` at ``start`` (a time.time())."""
    return [sys.executable, "-c", SYNC_START, repr(start), *args]


class Cockpit:
    """A process on a pseudo-terminal (80x24): stdin, stdout and stderr are the terminal,
    as when the user types ``sam`` (the cockpit refuses to start without one)."""

    def __init__(self, command: Sequence[str], env: dict[str, str] | None = None) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.master = master
        self._output = bytearray()
        self.proc = subprocess.Popen(
            list(command),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env={**os.environ, "TERM": "xterm-256color", **(env or {})},
            start_new_session=True,
        )
        os.close(slave)
        # the pty's buffer is small: an undrained terminal would block the app's output
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:  # EIO once the process side is closed
                return
            if not data:
                return
            self._output.extend(data)

    def wait(self, timeout: float) -> int | None:
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    def quit(self, timeout: float = 30) -> int:
        """Press ``q`` until the app exits (keys typed before it is ready are dropped)."""
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None and time.monotonic() < deadline:
            try:
                os.write(self.master, b"q")
            except OSError:
                break
            self.wait(0.5)
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError(f"the cockpit did not quit on q: {self.text()[-500:]!r}")
        return self.proc.returncode

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self._reader.join(timeout=5)
        os.close(self.master)

    def text(self) -> str:
        """Everything the process wrote to the terminal (line ends as the pty made them)."""
        return self._output.decode("utf-8", "replace").replace("\r\n", "\n")


# --- read-only files and folders --------------------------------------------------------------


@contextmanager
def read_only(path: Path) -> Iterator[str]:
    """Make a file or folder read-only for this process; yields how it was done.

    chmod is no obstacle to root (tests may run as root in containers), so as root the
    immutable attribute is used instead (chattr +i, which binds root too). Where neither
    applies (root without chattr, or a filesystem without attributes) the test is skipped,
    saying why, rather than passing without testing anything.
    """
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield "chmod"
        finally:
            path.chmod(mode)
        return
    chattr = shutil.which("chattr")
    if chattr is None:
        pytest.skip("running as root, where chmod does not stop writes, and chattr is missing")
    made = subprocess.run([chattr, "+i", str(path)], capture_output=True, text=True)
    if made.returncode != 0:
        pytest.skip(f"running as root, where chmod does not stop writes, and {made.stderr}")
    try:
        yield "chattr +i"
    finally:
        subprocess.run([chattr, "-i", str(path)], check=True)
