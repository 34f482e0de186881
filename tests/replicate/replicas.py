"""Real replicas for the replication tests: Litestream itself, started by the tests, never mocked.

``needs_litestream`` skips a test, with the reason, only when the binary is absent (CI
installs the ``replicate`` extra, so there it runs). A ``Replicator`` is `sam replicate
run` as a real process; every wait is on observable state (the lock, the replica's
listing, the wall clock passing a moment), bounded by a timeout.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import pytest

from sam_tui.interop import litestream, replication

T = TypeVar("T")


def _find() -> str | None:
    try:
        return litestream.binary()
    except litestream.ReplicaProblem:
        return None


LITESTREAM = _find()
needs_litestream = pytest.mark.skipif(
    LITESTREAM is None,
    reason="the litestream binary is absent: pip install -e '.[test,replicate]' (CI does)",
)

WAIT = 30.0  # seconds any one wait may take before the test fails


def wait_for(what: str, check: Callable[[], T | None], timeout: float = WAIT) -> T:
    """Poll ``check`` until it returns something truthy; fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.05)


def sam(
    *args: str, db: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`sam --db DB ...` as a real process, with the test's environment."""
    return subprocess.run(
        [sys.executable, "-m", "sam_tui", "--db", str(db), *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def ok(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 0, (proc.returncode, proc.stdout, proc.stderr)
    return proc.stdout


def replica_position(db: Path) -> litestream.Position | None:
    """What the replica of ``db`` holds now (its own listing, as status reads it)."""
    found = replication.require(db)
    assert LITESTREAM is not None
    return litestream.position(
        litestream.files(LITESTREAM, str(found.db_path), config=found.config)
    )


def shipped_past(db: Path, txid: int) -> litestream.Position | None:
    pos = replica_position(db)
    return pos if pos is not None and pos.txid > txid else None


def up_to_date(db: Path) -> bool:
    return replication.status(db).behind is None


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def wall() -> datetime:
    return datetime.now(UTC)


class Replicator:
    """`sam replicate run` for one book, as a real process (it becomes Litestream)."""

    def __init__(self, db: Path, log: Path) -> None:
        self.db = db
        self.log = log
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> Replicator:
        with open(self.log, "ab") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "sam_tui", "--db", str(self.db), "replicate", "run"],
                stdout=out,
                stderr=out,
                stdin=subprocess.DEVNULL,
            )
        proc = self.proc
        wait_for(
            "the replicator to take its lock",
            lambda: replication.running(self.db) == proc.pid or self._died(),
        )
        assert proc.poll() is None, self.log.read_text()
        return self

    def _died(self) -> bool:
        return self.proc is not None and self.proc.poll() is not None

    def kill9(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=WAIT)
        wait_for("the lock to go with the process", lambda: replication.running(self.db) is None)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=WAIT)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=WAIT)
        self.proc = None
