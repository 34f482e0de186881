"""`sam account list` and `sam report KIND [--format F]` skip Typer (cli.entry), as `sam today`
does: the same bytes, exit code and files as when Typer parses them, on a book and on bad ones.

Each pair below is a real `python -m sam_tui` process against the same command line forced
through Typer (``run_sam(..., typer=True)``: ``cli.main.run``).
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from conftest import THROUGH_TYPER, run_sam
from trust_support import FIXTURE_DIR

from sam_tui.cli import entry, reports

QUICK = [
    ("account", "list"),
    ("report", "week"),
    ("report", "month", "--format", "md"),
    ("report", "quarter", "-f", "html"),
    ("report", "year", "--format=json"),
    ("report", "year", "--format", "text"),
    ("report", "month", "-f", "JSON"),  # case_sensitive=False, as Typer takes it
    ("week",),
    ("week", "--format", "md"),
]
# the same commands with anything more, or spelled otherwise: Typer parses them
PARSED = [
    ("account", "list", "--json"),
    ("account", "list", "--no-pager"),
    ("account", "list", "--wide"),
    ("account", "li"),
    ("acc", "list"),
    ("account", "list", "--help"),
    ("account", "list", "extra"),
    ("account",),
    ("report",),
    ("report", "ye"),
    ("report", "year", "--period", "2025"),
    ("report", "year", "-p", "last"),
    ("report", "year", "--output", "fy.html"),
    ("report", "year", "--help"),
    ("report", "year", "--format"),
    ("report", "year", "--format", "pdf"),
    ("report", "year", "--format="),
    ("report", "year", "-fjson"),
    ("report", "year", "-f=json"),
    ("report", "year", "--format", "json", "--format", "md"),
    ("report", "year", "--format", "json", "extra"),
    ("report", "year", "--force"),
    ("report", "--format", "json", "year"),
    ("week", "last"),
    ("week", "--period", "last"),
    ("today", "--explain"),
]


def _same(fast: subprocess.CompletedProcess[str], slow: subprocess.CompletedProcess[str]) -> None:
    assert (fast.returncode, fast.stdout, fast.stderr) == (
        slow.returncode,
        slow.stdout,
        slow.stderr,
    )


# --- which command lines skip Typer ---------------------------------------------------------


@pytest.mark.parametrize("args", QUICK + [("today",), ("today", "--json")])
def test_these_command_lines_skip_typer(args: tuple[str, ...], monkeypatch: pytest.MonkeyPatch):
    found = entry.quick_command(["--db", "/tmp/sam.db", *args])
    assert found is not None and found[:2] == (Path("/tmp/sam.db"), True)
    found = entry.quick_command(["--db=/tmp/sam.db", *args])
    assert found is not None and found[:2] == (Path("/tmp/sam.db"), True)
    monkeypatch.setenv("SAM_DB", "/tmp/env.db")
    found = entry.quick_command(list(args))
    assert found is not None and found[:2] == (Path("/tmp/env.db"), False)
    monkeypatch.delenv("SAM_DB")
    found = entry.quick_command(list(args))
    assert found is not None and found[:2] == (None, False)
    # shell completion runs `sam` with the words in the environment: Typer's alone
    monkeypatch.setenv("_SAM_COMPLETE", "complete_bash")
    assert entry.quick_command(list(args)) is None


@pytest.mark.parametrize("args", PARSED)
def test_anything_else_goes_to_typer(args: tuple[str, ...], tmp_path: Path):
    assert entry.quick_command(["--db", str(tmp_path / "sam.db"), *args]) is None
    assert entry.quick_command(list(args)) is None


def test_a_db_typer_would_refuse_goes_to_typer(tmp_path: Path):
    for db in (str(tmp_path), "", "-f"):  # a folder, nothing, an option
        assert entry.quick_command(["--db", db, "account", "list"]) is None
    assert entry.quick_command(["--db", "report", "year"]) is None  # no command after it


def test_the_report_kinds_taken_are_the_report_groups_commands():
    assert set(entry.REPORT_KINDS) == set(typer.main.get_group(reports.app).commands)


# --- the same output ------------------------------------------------------------------------


@pytest.mark.parametrize("args", QUICK, ids=" ".join)
def test_on_the_demo_book_the_output_is_typers(args: tuple[str, ...], demo_db: Path):
    fast = run_sam("--db", str(demo_db), *args)
    _same(fast, run_sam("--db", str(demo_db), *args, typer=True))
    assert fast.returncode == 0 and fast.stderr == "" and fast.stdout.count("\n") > 20


def test_sam_db_and_the_equals_spelling_are_the_same_too(demo_db: Path):
    env = {"SAM_DB": str(demo_db), "COLUMNS": "80"}
    for args in [("account", "list"), ("report", "week", "-f", "md")]:
        _same(run_sam(*args, env=env), run_sam(*args, env=env, typer=True))
        named = (f"--db={demo_db}", *args)
        _same(run_sam(*named, env=env), run_sam(*named, env=env, typer=True))


def test_a_new_book_is_made_and_said_to_be_empty_the_same_way(tmp_path: Path):
    for args in [("account", "list"), ("report", "year", "--format", "json")]:
        quick, parsed = tmp_path / "quick", tmp_path / "parsed"
        quick.mkdir()
        parsed.mkdir()
        fast = run_sam("--db", str(quick / "sam.db"), *args)
        slow = run_sam("--db", str(parsed / "sam.db"), *args, typer=True)
        assert fast.returncode == 0, fast.stderr
        _same(fast, slow)
        assert sorted(p.name for p in quick.iterdir()) == sorted(p.name for p in parsed.iterdir())
        shutil.rmtree(quick)
        shutil.rmtree(parsed)


def test_the_default_book_is_the_same_one():
    fast = run_sam("account", "list")
    assert fast.stdout.startswith("No accounts yet.")
    _same(fast, run_sam("account", "list", typer=True))


# --- the same errors ------------------------------------------------------------------------


@pytest.mark.parametrize("args", [("account", "list"), ("report", "year", "--format", "json")])
def test_a_missing_folder_is_the_same_one_line(args: tuple[str, ...], tmp_path: Path):
    path = tmp_path / "gone" / "away" / "sam.db"
    fast = run_sam("--db", str(path), *args)
    _same(fast, run_sam("--db", str(path), *args, typer=True))
    assert fast.returncode == 1
    assert fast.stderr == f"error: cannot create {path}: folder {path.parent} does not exist\n"
    assert not (tmp_path / "gone").exists()


# `db.LONG_UPGRADE_BYTES = 1`: the fixture stands for a large book, which says it upgrades
_UPGRADING = (
    "import sys; sys.argv[0] = 'sam'\n"
    "from sam_tui.store import db\n"
    "db.LONG_UPGRADE_BYTES = 1\n"
    "from sam_tui.cli.{module} import {function}\n"
    "{function}()\n"
)


@pytest.mark.parametrize("args", [("account", "list"), ("report", "quarter", "-f", "text")])
def test_an_old_book_is_upgraded_and_says_so_the_same_way(args: tuple[str, ...], tmp_path: Path):
    done = []
    for module, function in (("entry", "main"), ("main", "run")):
        folder = tmp_path / module
        folder.mkdir()
        book = folder / "book.db"
        shutil.copy2(FIXTURE_DIR / "v5.db", book)
        book.chmod(0o600)
        script = _UPGRADING.format(module=module, function=function)
        done.append(
            subprocess.run(
                [sys.executable, "-c", script, "--db", str(book), *args],
                capture_output=True,
                text=True,
                timeout=60,
            )
        )
        assert sorted(p.name for p in folder.iterdir()) == ["book.db", "book.db.v5.bak"]
    fast, slow = done
    _same(fast, slow)
    assert fast.returncode == 0 and fast.stdout
    assert fast.stderr.startswith("Upgrading book.db (")
    assert "the old file is kept as book.db.v5.bak" in fast.stderr


@pytest.mark.parametrize("args", [("account", "list"), ("report", "year", "--format", "json")])
def test_output_that_cannot_be_printed_ends_the_same_way(args: tuple[str, ...], demo_db: Path):
    # a full disk, a closed stdout, a reader that stops early (cli.streams)
    for shell in ("> /dev/full", ">&-", "| head -1 > /dev/null"):
        ends = []
        for program in (["-m", "sam_tui"], ["-c", THROUGH_TYPER]):
            line = shlex.join([sys.executable, *program, "--db", str(demo_db), *args])
            done = subprocess.run(
                f"set -o pipefail; {line} {shell}",
                shell=True,
                executable="/bin/bash",
                capture_output=True,
                text=True,
                timeout=60,
            )
            ends.append((done.returncode, done.stdout, done.stderr))
        assert ends[0] == ends[1], shell
        assert ends[0][0] == (0 if "head" in shell else 1)  # a reader that went: quiet
