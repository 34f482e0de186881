"""Issue 12, §5: permissions, and failures that were slow or blamed the wrong thing.

- Under ``umask 000`` the folders sam creates above its own (``~/.local``, ``~/.local/share``,
  ``~/.cache``) came out 0777: each missing level is now made 0700.
- A book others can read is made 0600 when sam opens it, with one notice.
- ``SAM_DB`` on a FIFO or a device hung 16-18 s, then said "disk I/O error": refused at once.
- A WAL-mode backup on a read-only disk was "damaged or not a database": it restores (sam
  checks and restores a private copy).
- A full backup target was reported as a problem with the database: the target is named.
- ``SAM_NOW`` at year 1 or 9999 gave "internal error (ValueError ...)": one line naming the
  variable; the years sam computes with (1900 to 9998) work end to end.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_sam
from trust_support import read_only

QUICK = 10  # seconds: the refusals below are immediate; the old hang lasted 16-18 s


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _umask_000() -> None:
    os.umask(0)


def _run_in_home(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`sam ARGS` with umask 000 and a HOME where ~/.local and ~/.cache do not exist yet."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_") and k != "SAM_DB"}
    env["HOME"] = str(home)
    return subprocess.run(
        [sys.executable, "-m", "sam_tui", *args],
        capture_output=True,
        text=True,
        env=env,
        preexec_fn=_umask_000,
        timeout=120,
    )


def test_under_umask_000_every_folder_sam_creates_is_private(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    for args in (("account", "add", "Acme"), ("log", "acme", "called")):  # + a daily copy
        proc = _run_in_home(home, *args)
        assert proc.returncode == 0, proc.stderr
    for level in (".local", ".local/share", ".local/share/sam", ".local/share/sam/backups"):
        assert _mode(home / level) == 0o700, level
    assert _mode(home / ".local/share/sam/sam.db") == 0o600
    for made in (home / ".local/share/sam/backups").iterdir():
        assert _mode(made) == 0o600, made
    proc = _run_in_home(home, "demo", "--scale", "1")  # the scratch file, in ~/.cache
    assert proc.returncode == 0, proc.stderr
    for level in (".cache", ".cache/sam"):
        assert _mode(home / level) == 0o700, level
    assert _mode(home / ".cache/sam/demo.db") == 0o600


def test_a_book_others_can_read_is_made_private_with_one_notice(tmp_path: Path) -> None:
    path = tmp_path / "sam.db"
    assert run_sam("--db", str(path), "account", "add", "Acme").returncode == 0
    path.chmod(0o644)
    proc = run_sam("--db", str(path), "account", "list")
    assert proc.returncode == 0
    assert proc.stderr == (
        f"warning: {path} could be read by other users (mode 0644); it is now readable by "
        "you only (0600)\n"
    )
    assert _mode(path) == 0o600
    again = run_sam("--db", str(path), "log", "acme", "called")
    assert again.returncode == 0 and again.stderr == ""
    assert all(_mode(p) == 0o600 for p in tmp_path.glob("sam.db*"))


def test_a_foreign_file_others_can_read_is_not_touched(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE note (text)")
    other.commit()
    other.close()
    path.chmod(0o644)
    proc = run_sam("--db", str(path), "today")
    assert proc.returncode == 1 and "another program" in proc.stderr
    assert _mode(path) == 0o644


@pytest.mark.parametrize("kind", ["fifo", "char-device"])
def test_a_database_that_is_not_a_regular_file_is_refused_at_once(
    tmp_path: Path, kind: str
) -> None:
    if kind == "fifo":
        path = tmp_path / "pipe"
        os.mkfifo(path)
        what = "a named pipe (FIFO)"
    else:
        path = Path("/dev/zero")
        what = "a character device"
    for args in (("log", "acme", "x"), ("today",)):
        proc = run_sam("--db", str(path), *args, timeout=QUICK)
        assert proc.returncode == 1
        assert proc.stderr == (
            f"error: {path} is {what}, not a database file; sam reads only regular files\n"
        )
    proc = run_sam("--db", str(tmp_path / "sam.db"), "restore", str(path), "--yes", timeout=QUICK)
    assert proc.returncode == 1
    assert proc.stderr == (
        f"error: {path} is {what}, not a backup file; sam reads only regular files\n"
    )


@pytest.mark.parametrize("with_wal", [False, True], ids=["wal-header", "wal-file-with-commits"])
def test_a_wal_mode_backup_on_a_read_only_disk_restores(tmp_path: Path, with_wal: bool) -> None:
    source = tmp_path / "book.db"
    for args in (("account", "add", "Acme"), ("log", "acme", "in the main file")):
        assert run_sam("--db", str(source), *args).returncode == 0
    mount = tmp_path / "readonly"
    mount.mkdir()
    copy = mount / "backup.db"
    shutil.copyfile(source, copy)  # a WAL-mode file, as a copy of a live book is
    if with_wal:
        writer = sqlite3.connect(source, isolation_level=None)
        writer.execute("PRAGMA wal_autocheckpoint = 0")
        writer.execute("UPDATE account SET notes = 'only in the -wal'")
        shutil.copyfile(source, copy)
        shutil.copyfile(source.with_name("book.db-wal"), mount / "backup.db-wal")
        writer.close()
    live = tmp_path / "sam.db"
    with read_only(mount):
        proc = run_sam("--db", str(live), "restore", str(copy), "--yes")
    assert proc.returncode == 0, proc.stderr
    conn = sqlite3.connect(live)
    try:
        summaries = conn.execute("SELECT summary FROM interaction").fetchall()
        notes = conn.execute("SELECT notes FROM account").fetchall()
    finally:
        conn.close()
    assert summaries == [("in the main file",)]
    assert notes == [("only in the -wal" if with_wal else None,)]


def _limit_file_size(limit: int) -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_a_backup_target_that_cannot_take_the_copy_is_named(tmp_path: Path) -> None:
    path = tmp_path / "sam.db"
    for n in range(20):
        assert run_sam("--db", str(path), "log" if n else "account", *(
            ("acme", "x" * 2000) if n else ("add", "Acme"))).returncode == 0  # fmt: skip
    target = tmp_path / "usb"
    target.mkdir()
    size = path.stat().st_size
    proc = subprocess.run(
        [sys.executable, "-m", "sam_tui", "--db", str(path), "backup", str(target)],
        capture_output=True,
        text=True,
        preexec_fn=lambda: _limit_file_size(size - 4096),
        timeout=120,
    )
    assert proc.returncode == 1
    (line,) = proc.stderr.splitlines()
    assert line.startswith(f"error: cannot write {target}/sam-"), line
    assert str(path) + " " not in line and "database error" not in line
    assert list(target.iterdir()) == []  # nothing half-written is left


def test_a_full_backup_target_says_the_disk_is_full(tmp_path: Path) -> None:
    """A real full disk: a 64 kB tmpfs (root only; skipped elsewhere, the test above
    covers the naming with a file size limit)."""
    path = tmp_path / "sam.db"
    for args in (("account", "add", "Acme"), ("log", "acme", "x" * 100_000)):
        assert run_sam("--db", str(path), *args).returncode == 0
    target = tmp_path / "tiny"
    target.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(target)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        proc = run_sam("--db", str(path), "backup", str(target))
        leftovers = list(target.iterdir())
    finally:
        subprocess.run(["umount", str(target)], check=True)
    assert proc.returncode == 1
    (line,) = proc.stderr.splitlines()
    assert line.startswith(f"error: cannot write {target}/sam-"), line
    assert line.endswith(f": the disk holding {target} is full"), line
    assert leftovers == []


@pytest.mark.parametrize(
    "pinned",
    ["0001-01-01", "9999-12-31", "0001-01-01T00:00", "1899-12-31", "9998-12-31T23:59-14:00"],
)
def test_a_clock_sam_cannot_compute_with_is_refused_naming_the_variable(
    tmp_path: Path, pinned: str
) -> None:
    path = tmp_path / "sam.db"
    for args in (("account", "add", "Acme"), ("today",), ("report", "year")):
        proc = run_sam("--db", str(path), *args, env={"SAM_NOW": pinned})
        assert proc.returncode == 1
        assert proc.stderr == (
            f"error: SAM_NOW='{pinned}' is outside the years sam can compute with (1900 to "
            "9998); pin the clock inside them, or unset SAM_NOW\n"
        )
    assert not path.exists() or sqlite3.connect(path).execute(
        "SELECT count(*) FROM account"
    ).fetchone()[0] == 0


@pytest.mark.parametrize("pinned", ["1900-01-01T00:00", "9998-12-31T23:59"])
def test_the_first_and_last_moments_sam_accepts_work_end_to_end(
    tmp_path: Path, pinned: str
) -> None:
    path = tmp_path / "sam.db"
    env = {"SAM_NOW": pinned}
    for args in (
        ("account", "add", "Acme", "--renewal", "eoy"),
        ("log", "acme", "called", "--follow-up", "in 52 weeks"),
        ("deal", "add", "acme", "Pilot", "--amount", "10k", "--close", "eoy"),
        ("objective", "add", "acme", "Workshops", "--target", "3", "--due", "eoy"),
        ("quota", "set", pinned[:4], "1m"),
        ("today",),
        ("report", "year"),
        ("report", "quarter", "--format", "html"),
        ("metrics",),
        ("forecast", "--diff"),
        ("undo", "--yes"),
    ):
        proc = run_sam("--db", str(path), *args, env=env)
        assert proc.returncode == 0, (args, proc.stderr)
        assert proc.stderr == "", (args, proc.stderr)
