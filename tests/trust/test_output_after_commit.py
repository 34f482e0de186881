"""Issue 12, §1: once a write has committed, no failure to print turns it into "nothing was saved".

Every kind of write (``tests/writes.py``, plus undo, backup, restore and demo) runs as a real
`python -m sam_tui` process with its stdout on a full device (``/dev/full``), closed (``>&-``,
as under some cron setups), a pipe whose reader is gone (``| true``), or a narrow encoding
(``PYTHONIOENCODING=latin-1``, with records named in Greek and Japanese). Each time the record
must be in the file, and the exit code and stderr must agree with that: exit 0, and on a full
or closed stdout one ``warning: saved, but ...`` line; quiet on a broken pipe, as other Unix
tools are. A script that retries on the exit code then never makes a duplicate.

Before issue 12: `internal error (OSError 28); nothing was saved` and exit 1 on /dev/full, an
AttributeError with stdout closed, exit 1 on a broken pipe, a UnicodeEncodeError after the
commit in latin-1; the record was in the database every time.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from conftest import pinned_clock
from typer.testing import CliRunner
from writes import FOLLOW_UP, WRITES, write_commands

from sam_tui.store import db

UNPRINTABLE = "error: the output could not be printed (stdout: No space left on device)\n"
MODES = ("full-device", "closed-stdout", "broken-pipe", "latin-1")
FULL = "warning: saved, but its confirmation could not be printed (stdout: No space left on device)"
CLOSED = "warning: saved, but its confirmation could not be printed (stdout is closed)"

# The portfolio of tests/cli/samcli.seed, with names latin-1 cannot encode, so that the
# confirmations that name a record need the replacement.
SEED = (
    ("account", "add", "Acme Corp Ωmega", "--tier", "strategic", "--value", "1.2m",
     "--renewal", "2027-03-31"),
    ("account", "add", "Acme Labs 株式会社"),
    ("account", "add", "Globex Λtd", "--tier", "growth"),
    ("contact", "add", "acme corp", "Jane Δoe", "--role", "CFO", "--influence", "decision-maker"),
    ("contact", "add", "acme labs", "Bob Σmith"),
)  # fmt: skip


class Case(NamedTuple):
    name: str
    setup: tuple[tuple[str, ...], ...]
    args: tuple[str, ...]
    # (database, the case's other file, change_log's last id before) -> did it land?
    landed: Callable[[Path, Path, int], bool]


def _last_change(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT coalesce(max(id), 0) FROM change_log").fetchone()[0])
    finally:
        conn.close()


def _newest_batch(path: Path, after: int = 0) -> tuple[str, int] | None:
    conn = sqlite3.connect(path)
    try:
        row = conn.execute(
            "SELECT command, undone FROM change_log WHERE id = (SELECT max(id) FROM change_log) "
            "AND id > ?",
            (after,),
        ).fetchone()
    finally:
        conn.close()
    return None if row is None else (row[0], row[1])


def _logged(command: str) -> Callable[[Path, Path, int], bool]:
    return lambda path, _extra, after: _newest_batch(path, after) == (command, 0)


def _backed_up(path: Path, _extra: Path, _after: int) -> bool:
    made = (path.parent / "backups").glob("sam-*.db")
    return any(not p.name.startswith("sam-daily-") for p in made)


def _restored(path: Path, _extra: Path, _after: int) -> bool:
    conn = sqlite3.connect(path)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM account ORDER BY id")]
    finally:
        conn.close()
    safety = list((path.parent / "backups").glob("sam-before-restore-*.db"))
    return "Initech" not in names and len(names) == 3 and len(safety) == 1


def _demo_built(_path: Path, extra: Path, _after: int) -> bool:
    if not extra.exists():
        return False
    conn = sqlite3.connect(extra)
    try:
        return bool(conn.execute("SELECT count(*) FROM account").fetchone()[0])
    finally:
        conn.close()


def _cases() -> list[Case]:
    cases: list[Case] = []
    seen: set[str] = set()
    for write in WRITES:  # one of each kind; the cockpit-only ones have no command line
        if callable(write.action) or write.command in seen:
            continue
        if any(callable(step) for step in write.setup):
            continue
        seen.add(write.command)
        setup = tuple(s for s in write.setup if not callable(s))
        cases.append(Case(write.command, setup, write.action, _logged(write.command)))
    backup_file = ("backup", "BACKUP")  # BACKUP: a path in the test's folder
    cases += [
        Case("undo", (FOLLOW_UP,), ("undo", "--yes"), _logged("undo: follow-up add")),
        Case("backup", (), ("backup",), _backed_up),
        Case(
            "restore",
            (backup_file, ("account", "add", "Initech")),
            ("restore", "BACKUP", "--yes"),
            _restored,
        ),
        Case("demo", (), ("demo", "--db", "DEMO", "--scale", "1"), _demo_built),
    ]
    return cases


CASES = _cases()


def test_the_table_covers_every_command_that_writes() -> None:
    covered = {c.name for c in CASES}
    cockpit_only = {w.command for w in WRITES if callable(w.action)} - covered
    assert write_commands() - covered <= cockpit_only
    assert {"log", "account add", "undo", "backup", "restore", "config set"} <= covered


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The seeded portfolio, made once (module fixtures run before the pinned clock)."""
    from sam_tui.cli.main import app

    path = tmp_path_factory.mktemp("template") / "sam.db"
    runner = CliRunner()
    with pinned_clock():
        for args in SEED:
            result = runner.invoke(app, ["--db", str(path), *args])
            assert result.exit_code == 0, result.output
    yield path


def _prepare(case: Case, template: Path, folder: Path) -> tuple[Path, Path, int, list[str]]:
    from sam_tui.cli.main import app

    path = folder / "sam.db"
    shutil.copyfile(template, path)
    path.chmod(0o600)
    extra = folder / ("sam-copy.db" if case.name != "demo" else "demo.db")

    def fill(args: tuple[str, ...]) -> list[str]:
        return [str(extra) if a in ("BACKUP", "DEMO") else a for a in args]

    runner = CliRunner()
    for step in case.setup:
        result = runner.invoke(app, ["--db", str(path), *fill(step)])
        assert result.exit_code == 0, result.output
    after = _last_change(path)
    assert not case.landed(path, extra, after), "landed before it ran: the case tests nothing"
    return path, extra, after, fill(case.args)


def _run(mode: str, path: Path, args: list[str]) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "sam_tui", "--db", str(path), *args]
    env = dict(os.environ)
    options: dict[str, Any] = {}
    read_end = None
    if mode == "full-device":
        stdout: Any = open("/dev/full", "w")  # noqa: SIM115 (closed below)
    elif mode == "closed-stdout":
        stdout = subprocess.DEVNULL
        options["preexec_fn"] = lambda: os.close(1)
    elif mode == "broken-pipe":
        # the reader is gone before sam writes a byte: the same as `sam ... | true`
        read_end, stdout = os.pipe()
        os.close(read_end)
    else:
        env["PYTHONIOENCODING"] = "latin-1"
        stdout = subprocess.PIPE
    try:
        proc = subprocess.run(
            command, stdout=stdout, stderr=subprocess.PIPE, env=env, timeout=120, **options
        )
    finally:
        if mode == "full-device":
            stdout.close()
        elif mode == "broken-pipe":
            os.close(stdout)
    out = proc.stdout.decode("latin-1") if proc.stdout else ""
    return subprocess.CompletedProcess(command, proc.returncode, out, proc.stderr.decode())


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name.replace(" ", "-"))
def test_a_saved_write_is_never_reported_as_unsaved(
    case: Case, mode: str, template: Path, tmp_path: Path
) -> None:
    path, extra, after, args = _prepare(case, template, tmp_path)
    proc = _run(mode, path, args)
    assert case.landed(path, extra, after), f"the write did not happen: {proc.stderr}"
    assert "Traceback" not in proc.stderr
    assert "nothing was saved" not in proc.stderr
    assert proc.returncode == 0, proc.stderr
    expected = {"full-device": FULL + "\n", "closed-stdout": CLOSED + "\n"}.get(mode, "")
    assert proc.stderr == expected
    if mode == "latin-1":
        assert proc.stdout.strip(), "nothing printed"
        names = ("Ωmega", "株式会社", "Λtd", "Δoe")
        assert not any(n in proc.stdout for n in names)  # replaced, not garbled into bytes
    conn = db.connect(path)  # and the file is sound
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


# --- reading commands: the same failures are errors there, nothing having been saved ------


@pytest.mark.parametrize(
    ("mode", "code", "stderr"),
    [
        ("full-device", 1, UNPRINTABLE),
        ("closed-stdout", 1, "error: the output could not be printed (stdout is closed)\n"),
        ("broken-pipe", 0, ""),
        ("latin-1", 0, ""),
    ],
)  # fmt: skip
def test_a_read_that_cannot_print_says_so(
    mode: str, code: int, stderr: str, template: Path, tmp_path: Path
) -> None:
    path = tmp_path / "sam.db"
    shutil.copyfile(template, path)
    path.chmod(0o600)
    proc = _run(mode, path, ["account", "list"])
    assert (proc.returncode, proc.stderr) == (code, stderr)
    if mode == "latin-1":
        assert "Acme Corp ?mega" in proc.stdout


def test_stdout_and_stderr_both_closed_still_exit_0_after_a_commit(
    template: Path, tmp_path: Path
) -> None:
    path = tmp_path / "sam.db"
    shutil.copyfile(template, path)
    path.chmod(0o600)
    proc = subprocess.run(
        [sys.executable, "-m", "sam_tui", "--db", str(path), "log", "globex", "called"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=lambda: (os.close(1), os.close(2)),
        timeout=60,
    )
    assert proc.returncode == 0
    assert _newest_batch(path, _last_change(template)) == ("log", 0)
    # the descriptors sam started without were not reused for the database or its copies
    conn = db.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
