"""Issue 12, §2: a restore never drops a write that was acknowledged.

The attack: three loggers running during `sam restore` of a 100 MB book; 29 of 97
acknowledged logs were in neither the restored book nor the before-restore safety copy,
because the safety copy was taken before the write lock and everything committed between
the two was replaced. Now the restore takes the lock first, then makes the safety copy and
swaps under it: a write acknowledged before is in the safety copy, one after waits and lands
in the restored book (or is refused as locked, never acknowledged and lost).

The interleaving is forced, not hoped for: the restoring process (real, `python -m sam_tui
restore`) stops right after its safety copy until the test lets it go; real logger processes
start in that moment. If the test can take the write lock itself, nothing stops the loggers,
so it waits for them to finish before letting the restore go (the old order loses them all
here); if it cannot, the restore holds the lock and the loggers queue behind it.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

from conftest import run_sam

LOGGERS = 3
LOGS_EACH = 4

# `sam ARGS` in this process, after patching interop.backup.make so that the restore stops
# once its safety copy exists and waits for a line on stdin.
_RESTORER = textwrap.dedent(
    """
    import runpy, sys
    import sam_tui.interop.backup as backups

    original = backups.make

    def make(*args, **kwargs):
        info = original(*args, **kwargs)
        if "before-restore" in str(args[1]):
            print("safety copy made", flush=True)
            sys.stdin.readline()
        return info

    backups.make = make
    sys.argv = ["sam", *sys.argv[1:]]
    runpy.run_module("sam_tui", run_name="__main__", alter_sys=True)
    """
)
# LOGS_EACH `sam log` runs in one process; prints "ACK tag" for each that exited 0.
_LOGGER = textwrap.dedent(
    """
    import runpy, sys

    def sam(*args):
        sys.argv = ["sam", *args]
        try:
            runpy.run_module("sam_tui", run_name="__main__", alter_sys=True)
        except SystemExit as exc:
            return exc.code or 0
        return 0

    import sam_tui.cli.main, sam_tui.cli.log  # noqa: F401
    path, tag, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    print("ready", file=sys.stderr, flush=True)
    for i in range(n):
        if sam("--db", path, "log", "acme", f"{tag}-{i}") == 0:
            print(f"ACK {tag}-{i}", file=sys.stderr, flush=True)
    """
)


def _start_restore(path: Path, backup: Path) -> subprocess.Popen[str]:
    """`sam restore BACKUP --yes`, returned once it has made its safety copy and waits."""
    restorer = subprocess.Popen(
        [sys.executable, "-c", _RESTORER, "--db", str(path), "restore", str(backup), "--yes"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert restorer.stdout is not None
    for line in restorer.stdout:  # the plan it prints first, then the marker
        if line == "safety copy made\n":
            return restorer
    raise AssertionError(f"the restore ended first: {restorer.communicate()[1]}")


def _go(restorer: subprocess.Popen[str]) -> None:
    assert restorer.stdin is not None
    restorer.stdin.write("\n")
    restorer.stdin.flush()


def _summaries(path: Path) -> set[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {r[0] for r in conn.execute("SELECT summary FROM interaction")}
    finally:
        conn.close()


def _write_lock_is_free(path: Path) -> bool:
    probe = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError as exc:
        assert "locked" in str(exc), exc
        return False
    finally:
        probe.close()


def test_every_acknowledged_log_is_in_the_restored_book_or_the_safety_copy(tmp_path: Path):
    path = tmp_path / "sam.db"
    backup = tmp_path / "monday.db"
    for args in (("account", "add", "Acme"), ("log", "acme", "in the backup")):
        assert run_sam("--db", str(path), *args).returncode == 0
    assert run_sam("--db", str(path), "backup", str(backup)).returncode == 0
    assert run_sam("--db", str(path), "log", "acme", "after the backup").returncode == 0

    restorer = _start_restore(path, backup)

    loggers = [
        subprocess.Popen(
            [sys.executable, "-c", _LOGGER, str(path), f"logger{n}", str(LOGS_EACH)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(LOGGERS)
    ]
    for logger in loggers:  # each has paid its imports and is logging now
        assert logger.stderr is not None and logger.stderr.readline() == "ready\n"
    lock_was_free = _write_lock_is_free(path)
    outputs: list[str] = []
    if lock_was_free:  # nothing holds the loggers back: let them all finish first
        outputs = [logger.communicate(timeout=120)[1] for logger in loggers]
    _go(restorer)
    _out, err = restorer.communicate(timeout=120)
    assert restorer.returncode == 0, err
    if not lock_was_free:
        outputs = [logger.communicate(timeout=120)[1] for logger in loggers]

    acknowledged = {
        line.removeprefix("ACK ") for text in outputs for line in text.splitlines()
        if line.startswith("ACK ")
    }  # fmt: skip
    refused = [line for text in outputs for line in text.splitlines() if line.startswith("error")]
    assert all("locked" in line for line in refused), refused
    assert acknowledged, "no log was acknowledged: the test exercised nothing"
    (safety,) = (tmp_path / "backups").glob("sam-before-restore-*.db")
    restored, saved = _summaries(path), _summaries(safety)
    lost = sorted(acknowledged - restored - saved)
    assert not lost, f"acknowledged, then lost by the restore: {lost}"
    # the restore really replaced the data, and kept what it replaced
    assert "after the backup" in saved and "after the backup" not in restored
    assert "in the backup" in restored
    assert not lock_was_free, "the safety copy was made without holding the write lock"


def test_a_write_waiting_for_the_restore_lands_in_the_restored_book(tmp_path: Path):
    """The other side of the lock: the restore holds it from before the safety copy to the
    swap, so a log started meanwhile is neither in the safety copy nor lost."""
    path = tmp_path / "sam.db"
    backup = tmp_path / "monday.db"
    assert run_sam("--db", str(path), "account", "add", "Acme").returncode == 0
    assert run_sam("--db", str(path), "backup", str(backup)).returncode == 0
    assert run_sam("--db", str(path), "log", "acme", "replaced").returncode == 0
    restorer = _start_restore(path, backup)
    logger = subprocess.Popen(
        [sys.executable, "-c", _LOGGER, str(path), "waiting", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert logger.stderr is not None and logger.stderr.readline() == "ready\n"
    assert not _write_lock_is_free(path)
    _go(restorer)
    assert restorer.communicate(timeout=120)[0] is not None and restorer.returncode == 0
    _out, err = logger.communicate(timeout=120)
    assert "ACK waiting-0" in err, err
    (safety,) = (tmp_path / "backups").glob("sam-before-restore-*.db")
    assert "waiting-0" in _summaries(path)
    assert _summaries(safety) == {"replaced"}
