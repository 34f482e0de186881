"""`sam` as a real process in a pseudo-terminal: its first frames carry the queue and the key
bar, and `q` quits cleanly (the start-up path the Pilot tests do not take: cli.entry,
cli.cockpit, the prefetch and the collector started before Textual is imported)."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

from sam_tui.services import triage
from sam_tui.store import db


def _top_account(path: Path) -> str:
    conn = db.connect(path)
    try:
        return triage.load(conn).items[0].account_name
    finally:
        conn.close()


def test_sam_draws_the_queue_and_its_keys_then_q_quits(demo_db: Path) -> None:
    top = _top_account(demo_db).encode()
    leader, follower = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "sam_tui", "--db", str(demo_db)],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
        start_new_session=True,
    )
    os.close(follower)
    seen = b""
    try:
        deadline = time.monotonic() + 60
        while not (top in seen and b"palette" in seen and b"Help" in seen):
            assert time.monotonic() < deadline, f"no first frame with {top!r}: {seen[-400:]!r}"
            ready, _, _ = select.select([leader], [], [], 0.1)
            if ready:
                try:
                    seen += os.read(leader, 65536)
                except OSError:  # the terminal closed: the process is gone
                    raise AssertionError(f"sam exited before its first frame: {seen!r}") from None
        os.write(leader, b"q")
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        os.close(leader)
    assert b"Traceback" not in seen
