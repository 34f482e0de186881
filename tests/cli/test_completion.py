"""Shell completion as the shell runs it: `sam` with `_SAM_COMPLETE` and the words typed."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Run
from samcli import digest, ok, seed


def complete(db: Path | None, words: str, *, shell: str = "bash") -> list[str]:
    """What the shell would offer for the last word of ``words`` (a real process)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("_SAM")}
    if db is not None:
        env["SAM_DB"] = str(db)
    env["_SAM_COMPLETE"] = f"complete_{shell}"
    if shell == "bash":
        env["COMP_WORDS"] = words
        # bash's word index: "Acme\\ C" is one word, a trailing space starts a new one
        count = len(shlex.split(words))
        env["COMP_CWORD"] = str(count if words.endswith(" ") else count - 1)
    else:
        env["_TYPER_COMPLETE_ARGS"] = words
    done = subprocess.run(
        [sys.executable, "-m", "sam_tui"], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return [line for line in done.stdout.splitlines() if line]


@pytest.fixture
def book(sam: Run, db_path: Path) -> Path:
    seed(sam)
    ok(sam("follow-up", "add", "globex", "Send the deck", "--due", "friday"))
    ok(sam("follow-up", "add", "acme corp", "Call back", "--due", "monday"))
    ok(sam("follow-up", "done", "2"))
    ok(sam("complaint", "open", "globex", "Late invoice"))
    ok(sam("deal", "add", "acme labs", "Pilot", "--amount", "10k"))
    return db_path


def test_command_names_complete_without_a_database(tmp_path: Path) -> None:
    assert complete(tmp_path / "none.db", "sam fo") == ["follow-up", "forecast"]
    assert "export" in complete(tmp_path / "none.db", "sam ")
    assert not (tmp_path / "none.db").exists()  # a TAB never creates the book


def test_account_names_complete_in_any_case_escaped_for_bash(book: Path) -> None:
    assert complete(book, "sam log ac") == ["acme\\ Corp", "acme\\ Labs"]
    assert complete(book, "sam log Acme\\ C") == ["Acme\\ Corp"]
    assert complete(book, "sam follow-up add glo") == ["globex"]
    assert complete(book, "sam export vcard --account G") == ["Globex"]


def test_contacts_complete_within_the_account_on_the_line(book: Path) -> None:
    assert complete(book, "sam log acme\\ labs --with ") == ["Bob\\ Smith"]
    assert complete(book, "sam log x --with j") == ["jane\\ Doe"]


def test_ids_of_open_records_complete_with_what_they_are(book: Path) -> None:
    assert complete(book, "sam follow-up done ") == ["1"]  # #2 is done
    zsh = "\n".join(complete(book, "sam complaint resolve ", shell="zsh"))
    assert '"1":"Globex\\\\: Late invoice (medium)"' in zsh  # zsh escapes the colon
    assert complete(book, "sam deal won ") == ["1"]


def test_completion_is_read_only_and_quiet_on_a_bad_file(book: Path, tmp_path: Path) -> None:
    before = digest(book)
    complete(book, "sam log a")
    assert digest(book) == before
    junk = tmp_path / "junk.db"
    junk.write_text("not a database")
    assert complete(junk, "sam log a") == []
    assert junk.read_text() == "not a database"


def test_the_shell_script_is_typers(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "sam_tui", "--show-completion", "bash"],
        capture_output=True,
        text=True,
        env={**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"},
    )
    assert "_SAM_COMPLETE=complete_bash" in done.stdout
