"""DESIGN.md, Data safety: "several `sam log` processes at once and the cockpit open at the
same time lose nothing". Real processes on a real file; WAL lets readers and a writer overlap.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime
from pathlib import Path

from conftest import run_sam

from sam_tui.store import db

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
PROCESSES = 8
LOGS_EACH = 5

# One process = one interpreter start, then LOGS_EACH `sam log` runs exactly as
# `python -m sam_tui` would do them (runpy, so a rename of the entry point does not matter).
# Every process waits for the same start instant so that their writes really collide.
_WORKER = textwrap.dedent(
    """
    import runpy, sys, time
    path, worker, count, start = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    import sam_tui.cli.main  # pay the imports before the start line
    time.sleep(max(0.0, start - time.time()))
    failed = []
    for j in range(count):
        sys.argv = ["sam", "--db", path, "log", "Acme", f"note {worker}-{j}"]
        try:
            runpy.run_module("sam_tui", run_name="__main__", alter_sys=True)
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if code:
            failed.append((j, code))
    sys.stderr.write(f"failed: {failed}\\n" if failed else "")
    sys.exit(1 if failed else 0)
    """
)


def _setup(db_path: Path) -> None:
    added = run_sam("--db", str(db_path), "account", "add", "Acme")
    assert added.returncode == 0, added.stderr


def test_parallel_sam_log_processes_lose_nothing(db_path: Path) -> None:
    _setup(db_path)
    start = time.time() + 2.0
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _WORKER, str(db_path), str(i), str(LOGS_EACH), str(start)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(PROCESSES)
    ]
    results = []
    for proc in procs:
        try:
            out, err = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
        results.append((proc.returncode, out, err))

    for code, out, err in results:
        assert code == 0, err
        assert err == ""
        assert out.count("Logged note with Acme") == LOGS_EACH

    check = sqlite3.connect(db_path)
    try:
        summaries = sorted(r[0] for r in check.execute("SELECT summary FROM interaction"))
        expected = sorted(f"note {i}-{j}" for i in range(PROCESSES) for j in range(LOGS_EACH))
        assert summaries == expected
        logged = check.execute(
            "SELECT count(*), count(DISTINCT batch) FROM change_log "
            "WHERE entity = 'interaction' AND action = 'create'"
        ).fetchone()
        assert logged == (PROCESSES * LOGS_EACH, PROCESSES * LOGS_EACH)
        assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert check.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        check.close()


def test_open_reader_does_not_block_a_writer(conn: sqlite3.Connection, db_path: Path) -> None:
    """The cockpit holding a read snapshot must not make `sam log` wait or fail."""
    _setup(db_path)
    conn_path = db_path
    writer = db.connect(conn_path)
    writer.execute("PRAGMA busy_timeout = 100")  # any wait on the reader would fail fast
    try:
        with db.read(conn):
            assert conn.execute("SELECT count(*) FROM interaction").fetchone()[0] == 0
            with db.write(writer, "log", NOW) as tx:
                tx.insert(
                    "interaction",
                    {
                        "account_id": 1,
                        "occurred_at": NOW,
                        "channel": "note",
                        "direction": "out",
                        "summary": "in-process",
                        "sentiment": 0,
                    },
                )
            began = time.monotonic()
            logged = run_sam("--db", str(conn_path), "log", "Acme", "from another process")
            assert logged.returncode == 0, logged.stderr
            assert time.monotonic() - began < 5  # far below the 10 s busy timeout
            # the reader keeps its consistent snapshot meanwhile
            assert conn.execute("SELECT count(*) FROM interaction").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM interaction").fetchone()[0] == 2
    finally:
        writer.close()


def test_a_second_writer_waits_instead_of_failing(conn: sqlite3.Connection, db_path: Path) -> None:
    """busy_timeout: a writer arriving while another holds the lock waits, then lands."""
    _setup(db_path)
    holder = db.connect(db_path)
    try:
        holder.execute("BEGIN IMMEDIATE")
        proc = subprocess.Popen(
            [sys.executable, "-m", "sam_tui", "--db", str(db_path), "log", "Acme", "waited"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(1.0)  # the process is up and blocked on the lock by now
        assert proc.poll() is None
        holder.execute("COMMIT")
        out, err = proc.communicate(timeout=30)
        assert proc.returncode == 0, err
    finally:
        holder.close()
    assert conn.execute("SELECT summary FROM interaction").fetchall()[0][0] == "waited"
