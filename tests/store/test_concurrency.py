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
LOGS_EACH = 50  # DESIGN.md / issue 7: 8 processes x 50 `sam log` against one file
COCKPIT_JOBS = 40

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

# `sam log` as `python -m sam_tui` runs it, saying on stderr when its write transaction
# starts (SQLite's trace hook fires as the statement starts, before it takes the lock).
_ANNOUNCED = "BEGIN IMMEDIATE started"
_ANNOUNCING_SAM = textwrap.dedent(
    f"""
    import runpy, sys
    from sam_tui.store import db
    plain = db.immediate

    def announcing(conn):
        def trace(sql):
            if sql.startswith("BEGIN IMMEDIATE"):
                sys.stderr.write("{_ANNOUNCED}\\n")
                sys.stderr.flush()
        conn.set_trace_callback(trace)
        return plain(conn)

    db.immediate = announcing
    sys.argv = ["sam", *sys.argv[1:]]
    runpy.run_module("sam_tui", run_name="__main__", alter_sys=True)
    """
)

# The cockpit's write path (SamApp.db_call): a fresh connection per job, a service call,
# close. Each job logs a touch with a follow-up, then completes it, as the keys l and d do.
_COCKPIT_WRITER = textwrap.dedent(
    """
    import sys, time
    from datetime import timedelta
    from pathlib import Path
    from sam_tui import clock
    from sam_tui.services import follow_ups, interactions
    from sam_tui.store import db
    path, count, start = Path(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
    time.sleep(max(0.0, start - time.time()))
    for j in range(count):
        conn = db.connect(path)
        try:
            logged = interactions.log(
                conn, account_ref="acme", summary=f"cockpit {j}",
                follow_up_due=clock.today() + timedelta(days=3),
            )
        finally:
            conn.close()
        conn = db.connect(path)
        try:
            follow_ups.done(conn, [logged.follow_up_id])
        finally:
            conn.close()
    """
)

# The cockpit's read side: the watcher polling data_version, and a triage load (the home
# screen) on a fresh connection every time it fires, until told to stop.
_COCKPIT_READER = textwrap.dedent(
    """
    import sys, threading, time
    from pathlib import Path
    from sam_tui.services import triage
    from sam_tui.store import db
    from sam_tui.tui.watch import DatabaseWatcher
    path, stop_file = Path(sys.argv[1]), Path(sys.argv[2])
    changed = threading.Event()
    seen = [0]
    def on_change():
        seen[0] += 1
        changed.set()
    watcher = DatabaseWatcher(path, 0.02, on_change)
    watcher.start()
    loads = 0
    while not stop_file.exists():
        changed.wait(0.2)
        changed.clear()
        conn = db.connect(path)
        try:
            triage.load(conn)
        finally:
            conn.close()
        loads += 1
    watcher.stop()
    print(f"loads={loads} changes={seen[0]}")
    """
)


def _setup(db_path: Path) -> None:
    added = run_sam("--db", str(db_path), "account", "add", "Acme")
    assert added.returncode == 0, added.stderr


def _spawn(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _finish(proc: subprocess.Popen[str], timeout: float = 120) -> tuple[int, str, str]:
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
    return proc.returncode, out, err


def test_parallel_sam_log_processes_and_the_cockpit_lose_nothing(db_path: Path) -> None:
    _setup(db_path)
    stop = db_path.with_name("stop-reading")
    start = time.time() + 2.0
    reader = _spawn(_COCKPIT_READER, str(db_path), str(stop))
    cockpit = _spawn(_COCKPIT_WRITER, str(db_path), str(COCKPIT_JOBS), str(start))
    procs = [
        _spawn(_WORKER, str(db_path), str(i), str(LOGS_EACH), str(start)) for i in range(PROCESSES)
    ]
    results = [_finish(proc) for proc in [*procs, cockpit]]
    stop.touch()
    read_code, read_out, read_err = _finish(reader)

    for code, out, err in [*results, (read_code, read_out, read_err)]:
        assert "locked" not in out + err
        assert code == 0, err
        assert err == ""
    for _code, out, _err in results[:PROCESSES]:
        assert out.count("Logged note with Acme") == LOGS_EACH
    loads, changes = (int(part.split("=")[1]) for part in read_out.split())
    assert loads >= 1 and changes >= 1  # it read while the writers wrote, and saw them

    check = sqlite3.connect(db_path)
    try:
        summaries = sorted(r[0] for r in check.execute("SELECT summary FROM interaction"))
        expected = sorted(
            [f"note {i}-{j}" for i in range(PROCESSES) for j in range(LOGS_EACH)]
            + [f"cockpit {j}" for j in range(COCKPIT_JOBS)]
        )
        assert summaries == expected
        assert check.execute(
            "SELECT count(*), count(interaction_id) FROM follow_up WHERE status = 'done'"
        ).fetchone() == (COCKPIT_JOBS, COCKPIT_JOBS)
        writes = PROCESSES * LOGS_EACH + COCKPIT_JOBS
        logged = check.execute(
            "SELECT count(*), count(DISTINCT batch) FROM change_log "
            "WHERE entity = 'interaction' AND action = 'create'"
        ).fetchone()
        assert logged == (writes, writes)
        # one batch per command: the cockpit's log + follow-up is one, its "done" another
        batches = check.execute("SELECT count(DISTINCT batch) FROM change_log").fetchone()[0]
        assert batches == 1 + writes + COCKPIT_JOBS  # + the account
        last = check.execute("SELECT last_touch_at FROM account").fetchone()[0]
        assert last == check.execute("SELECT max(occurred_at) FROM interaction").fetchone()[0]
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
            [sys.executable, "-c", _ANNOUNCING_SAM, "--db", str(db_path), "log", "Acme", "waited"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert proc.stderr is not None
        # the process has started its BEGIN IMMEDIATE on the lock this test holds
        assert proc.stderr.readline() == f"{_ANNOUNCED}\n"
        assert proc.poll() is None  # it cannot land while the lock is held...
        assert holder.execute("SELECT count(*) FROM interaction").fetchone()[0] == 0
        holder.execute("COMMIT")
        out, err = proc.communicate(timeout=30)
        assert proc.returncode == 0, err  # ...and it waited instead of failing
    finally:
        holder.close()
    assert conn.execute("SELECT summary FROM interaction").fetchall()[0][0] == "waited"
