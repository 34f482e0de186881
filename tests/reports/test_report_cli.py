"""`sam report week` and `sam week`: periods, formats, and writing a file safely."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
import report_fixture
from conftest import run_sam
from report_fixture import GOLDEN
from typer.testing import CliRunner

# the shared fixtures (pytest finds fixtures among a module's globals)
report_db = report_fixture.report_db
report_template = report_fixture.report_template


@pytest.fixture
def week(report_db: Path):
    from sam_tui.cli.main import app

    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(app, ["--db", str(report_db), *args])

    return run


def _ok(result) -> str:
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    return result.stdout


def _fails(result) -> str:
    assert result.exit_code == 1, (result.stdout, result.stderr, result.exception)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), lines
    assert result.stdout == ""
    return lines[0]


def test_sam_week_is_the_current_week_as_text(week) -> None:
    out = _ok(week("week"))
    assert out == (GOLDEN / "week.txt").read_text(encoding="utf-8")
    assert _ok(week("report", "week")) == out
    assert _ok(week("report", "week", "--period", "this")) == out


@pytest.mark.parametrize(("fmt", "ending"), [("md", "md"), ("html", "html"), ("json", "json")])
def test_each_format_on_stdout(week, fmt: str, ending: str) -> None:
    out = _ok(week("report", "week", "--period", "2026-W48", "--format", fmt))
    assert out == (GOLDEN / f"week.{ending}").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "period",
    ["2026-W47", "2026-w47", "last", "2026-11-18", "last week", "Last  Week", "2026-W47 "],
)
def test_the_period_can_be_named_many_ways(week, period: str) -> None:
    doc = json.loads(_ok(week("week", "-p", period, "-f", "json")))
    assert doc["period"]["label"] == "2026-W47"


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("2026-11", "'2026-11' is a month; the week report takes a week"),
        ("2026", "'2026' is a year"),
        ("2026-W60", "2026 has no ISO week 60"),
        ("2026-11-31", "November 2026 has 30 days"),
        ("soon", "not a week: 'soon'; use 2026-W47, this, last, next (week)"),
        # read as the day a month ago before, and its week printed
        ("last month", "'last month' is a month; the week report takes a week"),
    ],
)
def test_a_bad_period_is_one_line_and_writes_nothing(
    week, tmp_path: Path, period: str, message: str
) -> None:
    target = tmp_path / "out.html"
    line = _fails(week("week", "--period", period, "--output", str(target)))
    assert message in line
    assert not target.exists()
    assert list(tmp_path.iterdir()) == [tmp_path / "report.db"]


@pytest.mark.parametrize(
    ("kind", "phrase", "label"),
    [
        ("month", "last month", "2026-10"),
        ("quarter", "last quarter", "2026-Q3"),
        ("quarter", "next quarter", "2027-Q1"),
        ("year", "this year", "2026"),
        ("year", "last year", "2025"),
    ],
)
def test_a_period_from_today_in_the_words_of_sam_metrics(
    week, kind: str, phrase: str, label: str
) -> None:
    """`sam report quarter --period "last quarter"` is `--period 2026-Q3`, as `sam metrics
    --period "last quarter"` is (it was refused)."""
    said = _ok(week("report", kind, "--period", phrase, "--format", "json"))
    assert said == _ok(week("report", kind, "--period", label, "--format", "json"))
    assert json.loads(said)["period"]["label"] == label
    metrics = json.loads(_ok(week("metrics", "--period", phrase, "--json")))
    assert metrics["period"]["label"] == label


def test_output_writes_the_file_its_ending_names(week, tmp_path: Path) -> None:
    target = tmp_path / "week.html"
    out = _ok(week("week", "--output", str(target)))
    assert out == f"Wrote the week report for 2026-W48 (html) to {target}\n"
    assert target.read_text(encoding="utf-8") == (GOLDEN / "week.html").read_text(encoding="utf-8")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600  # client data: yours only
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp left


def test_an_explicit_format_wins_over_the_ending(week, tmp_path: Path) -> None:
    target = tmp_path / "week.txt"
    _ok(week("week", "-o", str(target), "-f", "json"))
    assert json.loads(target.read_text(encoding="utf-8"))["report"] == "week"
    other = tmp_path / "week.report"
    _ok(week("week", "-o", str(other)))
    assert other.read_text(encoding="utf-8").startswith("Week report · 2026-W48")


def test_an_existing_file_is_replaced_only_with_force(week, tmp_path: Path) -> None:
    target = tmp_path / "week.md"
    target.write_text("mine", encoding="utf-8")
    line = _fails(week("week", "-o", str(target)))
    assert line == f"error: {target} already exists; add --force to replace it"
    assert target.read_text(encoding="utf-8") == "mine"
    _ok(week("week", "-o", str(target), "--force"))
    assert target.read_text(encoding="utf-8").startswith("# Week report")


def test_output_into_a_missing_folder_or_onto_a_folder(week, tmp_path: Path) -> None:
    line = _fails(week("week", "-o", str(tmp_path / "nope" / "week.md")))
    assert "folder" in line and "does not exist" in line
    assert not (tmp_path / "nope").exists()
    folder = tmp_path / "reports"
    folder.mkdir()
    assert "is a folder" in _fails(week("week", "-o", str(folder), "--force"))


def test_unknown_format_is_a_usage_error(week) -> None:
    result = week("week", "--format", "pdf")
    assert result.exit_code == 2


def test_report_alone_lists_its_reports(week) -> None:
    result = week("report")
    assert "week" in result.stdout + result.stderr
    assert "The week in review" in result.stdout + result.stderr


def test_a_real_process_prints_plain_text_to_a_pipe(report_db: Path) -> None:
    done = run_sam("--db", str(report_db), "week", env={"TERM": "xterm-256color"})
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stdout  # a pipe, a file, a printer: never colour codes
    assert done.stdout == (GOLDEN / "week.txt").read_text(encoding="utf-8")


def test_headings_are_bold_only_on_a_colour_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from sam_tui.cli import reporting

    monkeypatch.setattr("sys.stdout.isatty", lambda: True, raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert reporting._bold_headings()
    monkeypatch.setenv("NO_COLOR", "1")
    assert not reporting._bold_headings()
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "dumb")
    assert not reporting._bold_headings()


def test_a_bad_fiscal_year_setting_is_reported(week, report_db: Path) -> None:
    import sqlite3

    conn = sqlite3.connect(report_db)
    with conn:
        conn.execute("INSERT INTO setting (key, value) VALUES ('fiscal-year-start', '13')")
    conn.close()
    assert "fiscal-year-start is '13'" in _fails(week("week"))


def test_the_collector_runs_again_after_a_report(week, tmp_path: Path) -> None:
    # a report pauses the cyclic garbage collector while it builds (speed on a large
    # book); run in-process, as these tests do, it must come back on afterwards
    import gc

    assert gc.isenabled()
    _ok(week("report", "week", "--format", "json"))
    _ok(week("report", "year", "--output", str(tmp_path / "year.md")))
    assert gc.isenabled()
