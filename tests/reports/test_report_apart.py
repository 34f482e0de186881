"""A report built in two processes (``reports.apart``) is the report built in one: with a
real helper interpreter, a helper that died, a commit made while both read, and through
`sam report` as a subprocess."""

from __future__ import annotations

import os
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
    theirs = {s.key for s in together.sections if s.key in written}
    assert theirs and all(not s.blocks for s in together.sections if s.key in theirs)
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

    _, conn = book
    monkeypatch.setenv(apart.ENV, "2")
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    try:
        with apart.helper_for(db.file_and_size(conn)) as helper:
            assert helper is None
    finally:
        stop.set()
        worker.join()
    with apart.helper_for(db.file_and_size(conn)) as helper:
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
