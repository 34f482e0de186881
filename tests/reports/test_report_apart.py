"""A report built in two processes (``reports.apart``) is the report built in one: with a
helper forked before the book is open (as `sam report` starts it) and with a fresh
interpreter (a book already open here), a helper that died, a commit made while both
read, and through `sam report` in process and as a subprocess."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import periodic_fixture
import pytest
import report_fixture
from report_fixture import pinned

from sam_tui.domain.errors import InvalidInput
from sam_tui.domain.periods import parse_period
from sam_tui.reports import apart
from sam_tui.reports.base import build
from sam_tui.reports.kinds import KINDS
from sam_tui.reports.model import Report
from sam_tui.reports.render import Format, render
from sam_tui.services import interactions
from sam_tui.store import db

periodic_db = periodic_fixture.periodic_db
periodic_template = periodic_fixture.periodic_template

PERIODS = {"week": "2026-W48", "month": "2026-11", "quarter": "2026-Q4", "year": "2026"}


@pytest.fixture
def book(periodic_db: Path) -> Iterator[tuple[Path, sqlite3.Connection]]:
    with pinned():
        conn = db.connect(periodic_db)
        try:
            yield periodic_db, conn
        finally:
            conn.close()


def _alone(conn: sqlite3.Connection, kind: str) -> Report:
    return build(KINDS[kind], conn, parse_period(PERIODS[kind]))


@pytest.mark.parametrize("kind", sorted(PERIODS))
def test_two_processes_build_the_report_one_does(
    book: tuple[Path, sqlite3.Connection], kind: str
) -> None:
    path, conn = book
    assert KINDS[kind].apart, "every kind hands some sections to the helper"
    helper = apart.Helper(str(path))
    try:
        together = build(KINDS[kind], conn, parse_period(PERIODS[kind]), helper=helper)
    finally:
        helper.close()
    assert helper.answered, "the helper's own sections were used, not rebuilt here"
    alone = _alone(conn, kind)
    assert together == alone
    # and what a reader gets, byte for byte
    for fmt in Format:
        assert render(together, fmt) == render(alone, fmt)


@pytest.mark.parametrize("kind", sorted(PERIODS))
@pytest.mark.parametrize("fmt", list(Format))
def test_sections_laid_out_by_the_helper_print_as_if_laid_out_here(
    book: tuple[Path, sqlite3.Connection], kind: str, fmt: Format
) -> None:
    """The helper sends its sections laid out in the printed format (no rows pickled):
    the document is the one-process document, byte for byte."""
    path, conn = book
    helper = apart.Helper(str(path), fmt)
    try:
        together = build(KINDS[kind], conn, parse_period(PERIODS[kind]), helper=helper)
    finally:
        helper.close()
    assert helper.answered
    written = helper.written(together)
    theirs = {s.key for s in together.sections if not s.blocks}
    assert theirs, "the helper's sections came without their blocks"
    # the helper's laid out there, this process's own laid out while it waited
    assert set(written) == {s.key for s in together.sections}
    alone = _alone(conn, kind)
    assert together.figures == alone.figures, "the helper's figures still lead the report"
    assert render(together, fmt, written) == render(alone, fmt)
    if fmt is Format.TEXT:
        from sam_tui.reports.render import text

        def bold(line: str) -> str:
            return f"<b>{line}</b>"

        shown = text.render(together, emphasis=bold, written=written)
        assert shown == text.render(alone, emphasis=bold)


def test_a_helper_that_died_costs_time_not_output(
    book: tuple[Path, sqlite3.Connection],
) -> None:
    path, conn = book
    helper = apart.Helper(str(path))
    process = helper._process
    assert process is not None
    process.kill()
    process.wait()
    try:
        together = build(KINDS["year"], conn, parse_period("2026"), helper=helper)
    finally:
        helper.close()
    assert not helper.answered
    assert together == _alone(conn, "year")


def test_a_helper_on_another_file_is_not_believed(
    book: tuple[Path, sqlite3.Connection], tmp_path: Path
) -> None:
    _, conn = book
    # a helper that cannot open its book exits with an error: nothing of it is used
    helper = apart.Helper(str(tmp_path / "missing" / "book.db"))
    try:
        together = build(KINDS["week"], conn, parse_period(PERIODS["week"]), helper=helper)
    finally:
        helper.close()
    assert not helper.answered
    assert together == _alone(conn, "week")
    assert not (tmp_path / "missing").exists(), "the helper creates no book"


def test_a_commit_while_both_read_rebuilds_the_report_in_one_process(
    book: tuple[Path, sqlite3.Connection],
) -> None:
    path, conn = book
    before = _alone(conn, "week")
    other = db.connect(path)
    done: list[bool] = []

    def commit_once() -> int:
        # another connection logs a touch while this one reads the report's snapshot
        if conn.in_transaction and not done:
            done.append(True)
            interactions.log(other, account_ref="Acme Corp", summary="Call during the report")
        return 0

    conn.set_progress_handler(commit_once, 1000)
    helper = apart.Helper(str(path), Format.TEXT)
    try:
        together = build(KINDS["week"], conn, parse_period(PERIODS["week"]), helper=helper)
    finally:
        helper.close()
        conn.set_progress_handler(None, 0)
        other.close()
    assert done, "the touch was logged during the build"
    after = _alone(conn, "week")
    assert after != before, "the touch shows in the week report"
    # built again after the commit: every section sees the touch, none is from before it
    assert together == after
    assert helper.written(together) == {}, "nothing laid out before the commit is printed"


def test_who_gets_a_helper(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(apart.ENV, raising=False)
    assert not apart.wanted(apart.LARGE_BYTES - 1)
    assert apart.wanted(apart.LARGE_BYTES) is ((os.cpu_count() or 1) >= 2)
    monkeypatch.setenv(apart.ENV, "1")
    assert not apart.wanted(10 * apart.LARGE_BYTES)
    monkeypatch.setenv(apart.ENV, "2")
    assert apart.wanted(4096) is ((os.cpu_count() or 1) >= 2)
    monkeypatch.setenv(apart.ENV, " OFF ")
    assert not apart.wanted(10 * apart.LARGE_BYTES)
    for typo in ("3", "twice", "1x"):
        monkeypatch.setenv(apart.ENV, typo)
        with pytest.raises(InvalidInput, match="SAM_REPORT_PROCESSES is"):
            apart.wanted(10 * apart.LARGE_BYTES)


def test_a_bad_setting_is_one_line_and_exit_1(periodic_db: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "sam_tui", "--db", str(periodic_db), "report", "week"],
        capture_output=True,
        text=True,
        env={**os.environ, apart.ENV: "twice"},
        timeout=120,
    )
    assert run.returncode == 1
    assert run.stdout == ""
    assert run.stderr.splitlines() == [
        "error: SAM_REPORT_PROCESSES is 'twice': use 1 (one process), 2 (two) or leave it "
        "unset (two on a large book)"
    ]


def test_the_cockpit_never_starts_a_helper(
    book: tuple[Path, sqlite3.Connection], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With other threads running (the cockpit's workers), reports stay in one process."""
    import threading

    path, _ = book
    monkeypatch.setenv(apart.ENV, "2")
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    try:
        with apart.helper_for(path) as helper:
            assert helper is None
    finally:
        stop.set()
        worker.join()
    with apart.helper_for(path) as helper:
        assert helper is not None
    with apart.helper_for(None) as helper:
        assert helper is None, "an in-memory book has no file to share"


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_sam_report_prints_the_same_with_a_helper(periodic_db: Path, fmt: str) -> None:
    env = {**os.environ, "SAM_NOW": report_fixture.NOW, "TZ": "UTC", "NO_COLOR": "1"}
    out = {}
    for processes in ("1", "2"):
        run = subprocess.run(
            [sys.executable, "-m", "sam_tui", "--db", str(periodic_db), "report", "year"]
            + ["--format", fmt],
            capture_output=True,
            text=True,
            env={**env, apart.ENV: processes},
            timeout=120,
        )
        assert run.returncode == 0, run.stderr
        assert run.stderr == ""
        out[processes] = run.stdout
    assert out["1"] == out["2"]
    assert "Year report" in out["1"] or '"report": "year"' in out["1"]


# --- a forked helper: started before this process opens the book ------------------------


def _forked_week(path: Path) -> apart.Helper:
    """The week report in text built as `sam report week` builds it: the helper forked
    before this process opens the book, stopped once the report is built."""
    with pinned():
        helper = apart.Helper(str(path), Format.TEXT)
        try:
            assert helper.forked
            conn = db.connect(path)
            try:
                build(KINDS["week"], conn, parse_period(PERIODS["week"]), helper=helper)
            finally:
                conn.close()
        finally:
            helper.close()
    return helper


@pytest.mark.parametrize("kind", sorted(PERIODS))
@pytest.mark.parametrize("fmt", [None, Format.TEXT, Format.JSON])
def test_a_helper_forked_before_the_book_opens_builds_what_one_process_does(
    periodic_db: Path, kind: str, fmt: Format | None
) -> None:
    with pinned():
        helper = apart.Helper(str(periodic_db), fmt)
        try:
            assert helper.forked, "nothing here holds the book open: the helper is a fork"
            conn = db.connect(periodic_db)
            try:
                together = build(KINDS[kind], conn, parse_period(PERIODS[kind]), helper=helper)
                alone = _alone(conn, kind)
            finally:
                conn.close()
        finally:
            helper.close()
    assert helper.answered
    written = None if fmt is None else helper.written(together)
    for shown in [fmt] if fmt is not None else list(Format):
        assert render(together, shown, written) == render(alone, shown)


def test_no_fork_while_this_process_holds_the_book_open(
    book: tuple[Path, sqlite3.Connection],
) -> None:
    """A child would believe it holds the locks its parent's connection took: with the
    book open here (its file, WAL or shared memory), the helper is a fresh interpreter."""
    path, conn = book
    conn.execute("SELECT count(*) FROM account").fetchone()
    assert (path.parent / f"{path.name}-wal").exists(), "the WAL is open too"
    assert not apart.may_fork(str(path))
    helper = apart.Helper(str(path), Format.TEXT)
    try:
        assert not helper.forked
        together = build(KINDS["week"], conn, parse_period(PERIODS["week"]), helper=helper)
    finally:
        helper.close()
    assert helper.answered
    assert render(together, Format.TEXT, helper.written(together)) == render(
        _alone(conn, "week"), Format.TEXT
    )


def test_a_forked_helper_that_died_costs_time_not_output_and_is_reaped(
    periodic_db: Path,
) -> None:
    with pinned():
        helper = apart.Helper(str(periodic_db), Format.JSON)
        assert helper.forked
        process = helper._process
        assert isinstance(process, apart._Forked)
        os.kill(process.pid, signal.SIGKILL)
        conn = db.connect(periodic_db)
        try:
            together = build(KINDS["year"], conn, parse_period("2026"), helper=helper)
            alone = _alone(conn, "year")
        finally:
            helper.close()
            conn.close()
    assert not helper.answered
    assert all(s.blocks for s in together.sections), "every section whole, built here"
    assert render(together, Format.JSON, helper.written(together)) == render(alone, Format.JSON)
    with pytest.raises(ChildProcessError):
        os.waitpid(process.pid, os.WNOHANG)  # no zombie left behind


def test_nothing_a_forked_helper_prints_reaches_this_output(
    periodic_db: Path, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The child shares this process's terminal and output: whatever it writes (a warning,
    a traceback) must not land in the report a user prints or pipes."""

    def noisy(path: str, stdin: object, stdout: object) -> int:
        print("printed by the helper", flush=True)
        os.write(1, b"written by the helper\n")
        os.write(2, b"error from the helper\n")
        raise RuntimeError("the helper failed")

    monkeypatch.setattr(apart, "serve", noisy)
    helper = _forked_week(periodic_db)
    out, err = capfd.readouterr()
    assert "helper" not in out and "helper" not in err
    assert not helper.answered


def test_sam_report_forks_its_helper_before_it_opens_the_book(
    periodic_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from sam_tui.cli.main import app

    asked: list[bool] = []
    may_fork = apart.may_fork

    def spy(path: str) -> bool:
        asked.append(may_fork(path))
        return asked[-1]

    monkeypatch.setattr(apart, "may_fork", spy)
    out = {}
    with pinned():
        for processes in ("1", "2"):
            monkeypatch.setenv(apart.ENV, processes)
            args = ["--db", str(periodic_db), "report", "year", "--format", "json"]
            result = CliRunner().invoke(app, args)
            assert result.exit_code == 0, (result.stderr, result.exception)
            out[processes] = result.stdout
    assert asked == [True], "one helper, forked: the book was not open yet"
    assert out["1"] == out["2"]


def test_a_child_of_this_process_printed_nothing_twice(
    periodic_db: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """What this process wrote but had not flushed yet is printed once, by this process
    (the child has a copy of that buffer and must never flush it)."""
    sys.stdout.write("written before the fork\n")  # still in the buffer
    _forked_week(periodic_db)
    sys.stdout.flush()
    out, _ = capfd.readouterr()
    assert out.count("written before the fork") == 1


def test_a_helper_stopped_before_it_was_asked_is_reaped(periodic_db: Path) -> None:
    """The command failed before the report was built (a corrupt book, ctrl-c): the child
    is stopped and reaped, no zombie left."""
    helper = apart.Helper(str(periodic_db), Format.TEXT)
    process = helper._process
    assert isinstance(process, apart._Forked)
    helper.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(process.pid, os.WNOHANG)


def test_a_child_reaped_elsewhere_counts_as_ended() -> None:
    """SIGCHLD ignored, or ctrl-c between reaping the child and noting it: waiting,
    polling and stopping it again do not fail."""
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)
    read, write = os.pipe()
    with os.fdopen(write, "wb") as stdin, os.fdopen(read, "rb") as stdout:
        gone = apart._Forked(pid, stdin, stdout)
        gone.kill()
        assert gone.poll() == 0
        assert gone.wait() == 0


@pytest.fixture
def children_unseen() -> Iterator[None]:
    """SIGCHLD ignored, as a supervisor or a `trap '' CHLD` may leave it: the kernel
    reaps every child, and waiting for one fails."""
    before = signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGCHLD, before)


def test_with_children_reaped_unseen_the_helper_is_a_fresh_interpreter(
    periodic_db: Path, children_unseen: None
) -> None:
    assert not apart.may_fork(str(periodic_db))
    with pinned():
        helper = apart.Helper(str(periodic_db), Format.TEXT)
        conn = db.connect(periodic_db)
        try:
            assert not helper.forked
            together = build(KINDS["week"], conn, parse_period(PERIODS["week"]), helper=helper)
            alone = _alone(conn, "week")
        finally:
            helper.close()
            conn.close()
    assert helper.answered
    assert render(together, Format.TEXT, helper.written(together)) == render(alone, Format.TEXT)


def test_sam_report_with_children_reaped_unseen(periodic_db: Path) -> None:
    env = {**os.environ, "SAM_NOW": report_fixture.NOW, "TZ": "UTC", "NO_COLOR": "1"}
    args = [sys.executable, "-m", "sam_tui", "--db", str(periodic_db), "report", "week"]
    out = {}
    for processes in ("1", "2"):
        run = subprocess.run(
            args,
            capture_output=True,
            text=True,
            env={**env, apart.ENV: processes},
            timeout=120,
            preexec_fn=lambda: signal.signal(signal.SIGCHLD, signal.SIG_IGN),  # noqa: PLW1509
        )
        assert run.returncode == 0, run.stderr
        assert run.stderr == ""
        out[processes] = run.stdout
    assert out["1"] == out["2"]
    assert "Week report" in out["1"]
