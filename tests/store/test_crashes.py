"""Crashes: a process killed with SIGKILL at random moments never leaves a half-done write.

Issue 7: a kill in the middle of a write, a migration or a backup leaves a file that
opens, passes ``integrity_check`` and holds either all or none of that operation. Each
kind below kills real processes at seeded random moments inside the operation's window
(measured first on this machine), then checks the file. There is no import command yet:
when one exists it gets a kind of its own here (all or none of the imported rows).

Run with ``-s`` to see how many kills landed and what each left.
"""

from __future__ import annotations

import hashlib
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections import Counter
from pathlib import Path

import pytest
from conftest import run_sam
from trust_support import (
    FIXTURES,
    OLD_FIXTURES,
    Layout,
    assert_healthy,
    fixture_params,
    layout_of,
    rows_digest,
    snapshot,
)

from sam_tui.cli.main import COMMANDS
from sam_tui.store import db, migrations

SEED = 20261126
# Kills wanted per kind, and how many runs may be spent on them: a run that ends before its
# kill moment (the machine got faster than when the window was measured) does not count.
KILLS = 8
ATTEMPTS = 16
LATEST = migrations.LATEST_VERSION

# Each victim imports what it needs, says "ready", then does the operation (forever, for
# writes). The test kills it at a random moment after "ready".
_SAM = textwrap.dedent(
    """
    import runpy, sys

    def sam(*args):
        sys.argv = ["sam", *args]
        try:
            runpy.run_module("sam_tui", run_name="__main__", alter_sys=True)
        except SystemExit as exc:
            if exc.code:  # a failure is a finding: stop, the test reports it
                sys.exit(exc.code)

    import sam_tui.cli.main, sam_tui.cli.log, sam_tui.cli.accounts  # noqa
    """
)
_WRITER = _SAM + textwrap.dedent(
    """
    path, tag = sys.argv[1], sys.argv[2]
    print("ready", flush=True)
    j = 0
    while True:
        sam("--db", path, "log", "acme", f"crash {tag}-{j}", "--follow-up", "friday")
        j += 1
    """
)
_MIGRATOR = _SAM + textwrap.dedent(
    """
    path = sys.argv[1]
    print("ready", flush=True)
    sam("--db", path, "account", "list", "--json")
    """
)
# `sam backup TARGET` is killed; without that command (a build of sam before it existed) the
# gateway's backup, which the migration uses too, is the operation instead.
_BACKUP = _SAM + textwrap.dedent(
    """
    from pathlib import Path
    from sam_tui.store import db
    path, target, command = sys.argv[1], sys.argv[2], sys.argv[3] == "command"
    print("ready", flush=True)
    if command:
        sam("--db", path, "backup", target)
    else:
        conn = db.connect(Path(path))
        db.backup(conn, Path(target))
        conn.close()
    """
)
BACKUP_BY_COMMAND = "backup" in COMMANDS


class Victim:
    """A process running ``script``; killed (or finished) once."""

    def __init__(self, script: str, *args: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", script, *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        assert line == "ready\n", line + self.proc.communicate()[1]
        self.ready = time.perf_counter()

    def kill_after(self, delay: float) -> bool:
        """SIGKILL ``delay`` seconds after "ready"; True if the kill ended it (False: it had
        finished by then, or finished in the instant before the signal landed)."""
        time.sleep(max(0.0, self.ready + delay - time.perf_counter()))
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        _out, err = self.proc.communicate(timeout=60)
        killed = self.proc.returncode == -signal.SIGKILL
        assert killed or self.proc.returncode == 0, (self.proc.returncode, err)
        assert "Traceback" not in err and "locked" not in err, err
        return killed

    def run_to_end(self) -> float:
        """Let it finish; the seconds it took after "ready"."""
        _out, err = self.proc.communicate(timeout=120)
        assert self.proc.returncode == 0, err
        return time.perf_counter() - self.ready


def _raw_version(path: Path) -> int:
    conn = sqlite3.connect(path)  # plain: no migration, but WAL recovery like any opener
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def _report(kind: str, outcomes: Counter[str]) -> None:
    print(f"\ncrash harness, {kind}: " + ", ".join(f"{n} {what}" for what, n in outcomes.items()))


# --- (a) writes: `sam log --follow-up` is an interaction and a follow-up, both or neither ---


def _check_logs(path: Path) -> int:
    conn = db.connect(path)
    try:
        assert_healthy(conn)
        pairs = conn.execute(
            "SELECT i.id, count(f.id) FROM interaction i "
            "LEFT JOIN follow_up f ON f.interaction_id = i.id "
            "WHERE i.summary LIKE 'crash %' GROUP BY i.id"
        ).fetchall()
        assert all(n == 1 for _id, n in pairs), pairs
        follow_ups = conn.execute(
            "SELECT count(*) FROM follow_up WHERE title LIKE 'crash %'"
        ).fetchone()[0]
        assert follow_ups == len(pairs)
        batches = conn.execute(
            "SELECT group_concat(entity || ':' || action) FROM "
            "(SELECT * FROM change_log WHERE command = 'log' ORDER BY entity) GROUP BY batch"
        ).fetchall()
        assert all(b[0] == "follow_up:create,interaction:create" for b in batches), batches
        assert len(batches) == len(pairs)
        return len(pairs)
    finally:
        conn.close()


def test_sigkill_during_sam_log_leaves_both_records_or_neither(db_path: Path) -> None:
    rng = random.Random(SEED)
    conn = db.connect(db_path)
    conn.close()
    assert run_sam("--db", str(db_path), "account", "add", "Acme").returncode == 0
    outcomes: Counter[str] = Counter()
    logged = 0
    for i in range(10):
        victim = Victim(_WRITER, str(db_path), str(i))
        assert victim.kill_after(rng.uniform(0.05, 0.6))
        now = _check_logs(db_path)
        outcomes["kills"] += 1
        outcomes["logs landed"] += now - logged
        logged = now
    _report("sam log", outcomes)
    assert logged > 0  # the kills did not all land before the first write


# --- (b) migrations: an old file is either untouched or fully upgraded --------------------


def _fattened(fixture: Path, folder: Path) -> Path:
    """A copy of ``fixture`` with 12,000 more interactions, so the upgrade takes a while."""
    path = folder / "fat.db"
    shutil.copyfile(fixture, path)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("BEGIN")
        conn.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12000) "
            "INSERT INTO interaction (account_id, occurred_at, channel, direction, summary, "
            "sentiment, created_at) SELECT 1 + i % 3, "
            "printf('2025-%02d-%02dT10:00:00Z', 1 + i % 12, 1 + i % 28), 'note', 'out', "
            "'bulk note ' || i || ' about pallets and invoices', 0, '2026-01-01T00:00:00Z' FROM n"
        )
        conn.execute("COMMIT")
    finally:
        conn.close()
    return path


@pytest.mark.parametrize("fixture", fixture_params(OLD_FIXTURES))
def test_sigkill_during_a_migration_leaves_the_old_file_or_the_upgraded_one(
    fixture: Path, tmp_path: Path
) -> None:
    rng = random.Random(SEED)
    version = int(fixture.stem.removeprefix("v"))
    template = _fattened(fixture, tmp_path)
    reader = sqlite3.connect(f"file:{template}?mode=ro&immutable=1", uri=True)
    old_tables = {n for (n,) in reader.execute("SELECT name FROM sqlite_master")}
    layout = layout_of(snapshot(reader))
    before = rows_digest(reader, layout)
    reader.close()

    calibration = tmp_path / "calibration"
    calibration.mkdir()
    window = Victim(_MIGRATOR, str(shutil.copy(template, calibration / "sam.db"))).run_to_end()

    outcomes: Counter[str] = Counter()
    for i in range(ATTEMPTS):
        if outcomes["kills"] == KILLS:
            break
        folder = tmp_path / f"kill{i}"
        folder.mkdir()
        path = Path(shutil.copy(template, folder / "sam.db"))
        if not Victim(_MIGRATOR, str(path)).kill_after(rng.uniform(0, window)):
            outcomes["finished before the kill"] += 1
            window *= 0.8  # this machine is faster right now than when measured
            continue
        outcomes["kills"] += 1
        found = _raw_version(path)
        assert found in (version, LATEST)
        conn = sqlite3.connect(path)
        try:
            assert_healthy(conn)
            # every row and column the old file had, whichever state it is in
            assert rows_digest(conn, layout) == before
            tables = {n for (n,) in conn.execute("SELECT name FROM sqlite_master")}
            if found == version:  # untouched: not one table or index of the upgrade
                assert tables == old_tables
                outcomes["left at the old version"] += 1
            else:
                outcomes["fully upgraded"] += 1
        finally:
            conn.close()
        for backup in folder.glob("sam.db.v*.bak*"):
            _check_backup_or_leftover(backup, layout, before, outcomes)
        if found == version and outcomes["left at the old version"] <= 2:
            conn = db.connect(path)  # and sam still upgrades it
            try:
                assert db.schema_version(conn) == LATEST
                assert rows_digest(conn, layout) == before
            finally:
                conn.close()
    _report(f"migration v{version}->v{LATEST} (window {window:.2f} s)", outcomes)
    assert outcomes["kills"] >= KILLS // 2, outcomes


# --- (c) backups: the source is never harmed; a backup file is whole or absent --------------


def _check_backup_or_leftover(
    path: Path, layout: Layout, source: dict[str, str], outcomes: Counter[str]
) -> None:
    """A backup file left by a killed process is a complete copy, never a partial one."""
    if path.name.endswith(("-journal", "-wal", "-shm")):
        return
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        assert_healthy(conn)
        assert rows_digest(conn, layout) == source, f"{path.name} is not a complete copy"
        outcomes["complete backups"] += 1
    finally:
        conn.close()


def test_sigkill_during_a_backup_harms_nothing(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    source = _fattened(FIXTURES[-1], tmp_path)
    db.connect(source).close()  # at the newest schema, as a backup sees it
    for leftover in tmp_path.glob("fat.db.v*.bak*"):
        leftover.unlink()
    conn = sqlite3.connect(source)
    layout = layout_of(snapshot(conn))
    before = rows_digest(conn, layout)
    conn.close()
    source_bytes = hashlib.sha256(source.read_bytes()).hexdigest()
    mode = "command" if BACKUP_BY_COMMAND else "gateway"
    window = Victim(_BACKUP, str(source), str(tmp_path / "calibration.db"), mode).run_to_end()

    outcomes: Counter[str] = Counter()
    for i in range(ATTEMPTS):
        if outcomes["kills"] == KILLS:
            break
        target = tmp_path / f"backup{i}.db"
        if not Victim(_BACKUP, str(source), str(target), mode).kill_after(rng.uniform(0, window)):
            outcomes["finished before the kill"] += 1
            window *= 0.8
        else:
            outcomes["kills"] += 1
        # a backup only reads: the source keeps every byte, and opens
        assert hashlib.sha256(source.read_bytes()).hexdigest() == source_bytes
        db.connect(source).close()
        for made in tmp_path.glob(f"backup{i}.db*"):
            _check_backup_or_leftover(made, layout, before, outcomes)
    conn = db.connect(source)
    try:
        assert_healthy(conn)
    finally:
        conn.close()
    _report(f"backup by {mode} (window {window:.2f} s)", outcomes)
    assert outcomes["kills"] >= KILLS // 2, outcomes
