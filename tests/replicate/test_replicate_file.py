"""`sam replicate` against real folder (file://) replicas and a real Litestream.

Each test starts what it needs (the replicator is `sam replicate run` as a process) and
waits on what a user could observe: the lock, the replica's own listing, the clock.
"""

from __future__ import annotations

import json
import os
import stat
import threading
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from replicas import (
    Replicator,
    needs_litestream,
    ok,
    replica_position,
    rows,
    sam,
    shipped_past,
    up_to_date,
    wait_for,
    wall,
)

from sam_tui.interop import replication

pytestmark = needs_litestream


@pytest.fixture(autouse=True)
def real_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Litestream stamps its files with the real time: so must the book, here."""
    monkeypatch.delenv("SAM_NOW", raising=False)


@pytest.fixture
def book(tmp_path: Path) -> Path:
    folder = tmp_path / "laptop"
    folder.mkdir(mode=0o700)
    path = folder / "sam.db"
    ok(sam("account", "add", "Acme", "--tier", "strategic", db=path))
    return path


@pytest.fixture
def replica(tmp_path: Path) -> Path:
    return tmp_path / "replica"


def touches(path: Path) -> list[str]:
    return [str(r[0]) for r in rows(path, "SELECT summary FROM interaction ORDER BY id")]


def test_setup_ships_the_book_reads_it_back_and_keeps_no_secret(book: Path, replica: Path) -> None:
    ok(sam("log", "acme", "kick-off call", db=book))
    out = ok(sam("replicate", "setup", f"file://{replica}", db=book))
    lines = out.splitlines()
    assert lines[0] == f"Replica of {book}: file://{replica}"
    assert lines[1].startswith("Checked: the book was shipped (transaction 1) and read back")
    assert "integrity ok, 1 account, 1 interaction." in lines[1]
    found = replication.require(book)
    assert stat.S_IMODE(found.config.stat().st_mode) == 0o600
    assert stat.S_IMODE(found.config.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(replica.stat().st_mode) == 0o700  # made private by setup
    text = found.config.read_text()
    assert f'path: "{book}"' in text and f'url: "file://{replica}"' in text
    assert "key" not in text.replace("key-path", "")  # no secret of any kind
    status = ok(sam("replicate", "status", db=book))
    assert "Replicator:  not running; start it with: sam replicate run" in status
    assert "Behind:      up to date" in status
    # Litestream's bookkeeping tables are in the book now: sam still opens it, and writes
    names = {r[0] for r in rows(book, "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"_litestream_seq", "_litestream_lock"} <= names
    ok(sam("log", "acme", "after setup", db=book))
    ok(sam("today", db=book))


def test_status_says_how_far_behind_when_nothing_ships(book: Path, replica: Path) -> None:
    ok(sam("replicate", "setup", f"file://{replica}", db=book))
    pos = replica_position(book)
    assert pos is not None
    # stored changes carry whole seconds: one in the replica's last second counts as shipped
    wait_for("the next second", lambda: wall() > pos.at + timedelta(seconds=1))
    ok(sam("log", "acme", "not shipped yet", db=book))
    doc = json.loads(ok(sam("replicate", "status", "--json", db=book)))
    assert doc["running"] is False and doc["up_to_date"] is False
    assert doc["behind_seconds"] is not None and doc["behind_seconds"] >= 0
    assert doc["replica"] == {"url": f"file://{replica}"}


def test_one_replicator_per_book(book: Path, replica: Path, tmp_path: Path) -> None:
    ok(sam("replicate", "setup", f"file://{replica}", db=book))
    first = Replicator(book, tmp_path / "run.log").start()
    try:
        second = sam("replicate", "run", db=book)
        assert second.returncode == 1
        assert second.stderr == (
            f"error: the replicator of {book} is already running (pid {first.proc.pid})\n"  # type: ignore[union-attr]
        )
        # setting up again while it runs is refused too
        again = sam("replicate", "setup", f"file://{replica}", db=book)
        assert "stop it before changing its replica" in again.stderr
    finally:
        first.stop()
    assert replication.running(book) is None


def test_kill_9_in_a_burst_of_logs_loses_nothing_replicated(
    book: Path, replica: Path, tmp_path: Path
) -> None:
    ok(sam("replicate", "setup", f"file://{replica}", db=book))
    replicator = Replicator(book, tmp_path / "run.log").start()
    start = replica_position(book)
    assert start is not None
    burst = 24
    logged: list[str] = []
    halfway = threading.Event()

    def log_all() -> None:
        for n in range(burst):
            text = f"burst touch {n:02d}"
            ok(sam("log", "acme", text, db=book))
            logged.append(text)
            if n == burst // 2:
                halfway.set()

    writer = threading.Thread(target=log_all)
    try:
        writer.start()
        assert halfway.wait(timeout=120), "the burst never got halfway"
        replicator.kill9()  # in the middle of the burst: the logs go on without it
        writer.join(timeout=120)
        assert not writer.is_alive()
        assert logged == [f"burst touch {n:02d}" for n in range(burst)]
        # what the replica had when the replicator died is a consistent book
        killed_at = replica_position(book)
        assert killed_at is not None
        before_restart = tmp_path / "at-the-kill.db"
        ok(sam("replicate", "restore", "--to", str(before_restart), "--yes", db=book))
        assert rows(before_restart, "PRAGMA integrity_check") == [("ok",)]
        partial = touches(before_restart)
        assert partial == logged[: len(partial)]  # a prefix: no hole, nothing invented
        replicator = Replicator(book, tmp_path / "run.log").start()
        wait_for("the replica to catch up after the restart", lambda: up_to_date(book))
    finally:
        replicator.stop()
        writer.join(timeout=5)
    restored = tmp_path / "restored.db"
    out = ok(sam("replicate", "restore", "--to", str(restored), "--yes", db=book))
    assert "now:     no book there yet" in out
    assert touches(restored) == logged  # every committed touch, in order
    assert rows(restored, "PRAGMA integrity_check") == [("ok",)]
    assert "burst touch 23" in ok(sam("history", "acme", db=restored))  # sam opens it
    assert stat.S_IMODE(restored.stat().st_mode) == 0o600


def _replicated(book: Path, text: str, after: int) -> int:
    """Log ``text`` and wait until the replica holds it; returns the replica's txid."""
    ok(sam("log", "acme", text, db=book))
    found = wait_for(f"'{text}' to reach the replica", lambda: shipped_past(book, after))
    return found.txid


def _two_logs_apart(book: Path, first: str, second: str) -> tuple[datetime, int]:
    """Log ``first`` and ``second``, each shipped before the next step, with a moment
    between them that a restore can name; returns it and the replica's txid at the end.

    The listing has whole seconds: the first is shipped before pos.at + 1 s; the second is
    logged once the clock is past pos.at + 2 s, so pos.at + 1.5 s lies between."""
    base = replica_position(book)
    assert base is not None
    shipped = _replicated(book, first, base.txid)
    pos = replica_position(book)
    assert pos is not None
    between = pos.at + timedelta(seconds=1, milliseconds=500)
    wait_for("the clock to pass the moment", lambda: wall() > between + timedelta(seconds=0.5))
    return between, _replicated(book, second, shipped)


def test_point_in_time_restore_between_two_logs_returns_exactly_the_first(
    book: Path, replica: Path, tmp_path: Path
) -> None:
    ok(sam("replicate", "setup", f"file://{replica}", db=book))
    replicator = Replicator(book, tmp_path / "run.log").start()
    try:
        between, _txid = _two_logs_apart(
            book, "first: the CFO said yes", "second: procurement stalled"
        )
    finally:
        replicator.stop()
    then = tmp_path / "then.db"
    out = ok(
        sam(
            "replicate", "restore", "--to", str(then), "--at", between.isoformat(), "--yes", db=book
        )
    )
    assert "(replica as of " in out
    assert touches(then) == ["first: the CFO said yes"]
    latest = tmp_path / "latest.db"
    ok(sam("replicate", "restore", "--to", str(latest), "--yes", db=book))
    assert touches(latest) == ["first: the CFO said yes", "second: procurement stalled"]


def test_a_restore_while_replicating_is_shipped_not_forked(
    book: Path, replica: Path, tmp_path: Path
) -> None:
    ok(sam("replicate", "setup", f"file://{replica}", db=book))
    replicator = Replicator(book, tmp_path / "run.log").start()
    try:
        between, second = _two_logs_apart(book, "kept", "rolled back")
        # the live book goes back to the moment between, with the replicator running
        out = ok(sam("replicate", "restore", "--at", between.isoformat(), "--yes", db=book))
        assert f"The replicator (pid {replicator.proc.pid}) ships" in out  # type: ignore[union-attr]
        assert "What it replaced is saved in" in out
        assert touches(book) == ["kept"]
        shipped = wait_for("the restore to reach the replica", lambda: shipped_past(book, second))
        ok(sam("log", "acme", "after the restore", db=book))
        wait_for("the next log to reach the replica", lambda: shipped_past(book, shipped.txid))
        assert replication.running(book) == replicator.proc.pid  # type: ignore[union-attr]
    finally:
        replicator.stop()
    latest = tmp_path / "latest.db"
    ok(sam("replicate", "restore", "--to", str(latest), "--yes", db=book))
    assert touches(latest) == ["kept", "after the restore"]
    assert rows(latest, "PRAGMA integrity_check") == [("ok",)]


def test_a_second_machine_restores_first_and_never_forks(
    book: Path, replica: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok(sam("log", "acme", "from the old laptop", db=book))
    ok(sam("replicate", "setup", f"file://{replica}", db=book))
    shipped = replica_position(book)
    assert shipped is not None
    listing = sorted(str(p.relative_to(replica)) for p in replica.rglob("*"))
    old_config = os.environ["XDG_CONFIG_HOME"]
    # the new laptop: another user folder, another book path
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "new-config"))
    new = tmp_path / "new-laptop" / "sam.db"
    new.parent.mkdir(mode=0o700)
    ok(sam("account", "add", "Scratch", db=new))  # a book of its own, not the manager's
    out = ok(sam("replicate", "setup", f"file://{replica}", db=new))
    assert "It already holds a book" in out and "nothing was written to it" in out
    assert sorted(str(p.relative_to(replica)) for p in replica.rglob("*")) == listing
    refused = sam("replicate", "run", db=new)
    assert refused.returncode == 1
    assert "holds changes this book does not have" in refused.stderr
    assert "sam replicate restore" in refused.stderr
    ok(sam("replicate", "restore", "--yes", db=new))
    assert touches(new) == ["from the old laptop"]
    replicator = Replicator(new, tmp_path / "new.log").start()
    try:
        _replicated(new, "from the new laptop", shipped.txid)
    finally:
        replicator.stop()
    # back on the old laptop: its book is now behind the replica, and run says so
    monkeypatch.setenv("XDG_CONFIG_HOME", old_config)
    stale = sam("replicate", "run", db=book)
    assert stale.returncode == 1 and "another machine replicates to it" in stale.stderr
    doc = json.loads(ok(sam("replicate", "status", "--json", db=book)))
    assert doc["other_writer"] is True and doc["up_to_date"] is False


def test_pointing_a_replicated_book_at_another_book_s_replica_writes_nothing(
    book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Litestream's position beside the book is the book's, not the replica's: a book that
    shipped many changes to one replica must not ship over a younger book's replica."""
    own, theirs = tmp_path / "own", tmp_path / "theirs"
    ok(sam("replicate", "setup", f"file://{own}", db=book))
    for n in range(3):  # each setup ships once more: the book is at transaction 4 here
        ok(sam("log", "acme", f"touch {n}", db=book))
        ok(sam("replicate", "setup", f"file://{own}", db=book))
    other_config = os.environ["XDG_CONFIG_HOME"]
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "colleague"))
    colleague = tmp_path / "colleague.db"
    ok(sam("account", "add", "Globex", db=colleague))
    ok(sam("replicate", "setup", f"file://{theirs}", db=colleague))  # transaction 1 there
    listing = sorted(str(p.relative_to(theirs)) for p in theirs.rglob("*"))
    monkeypatch.setenv("XDG_CONFIG_HOME", other_config)
    out = ok(sam("replicate", "setup", f"file://{theirs}", db=book))
    assert "It already holds a book" in out
    refused = sam("replicate", "run", db=book)
    assert refused.returncode == 1 and "holds changes this book does not have" in refused.stderr
    assert sorted(str(p.relative_to(theirs)) for p in theirs.rglob("*")) == listing
