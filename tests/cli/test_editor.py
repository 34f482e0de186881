"""`-e`: a long note written in the user's editor, found and run the way git does it."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from conftest import Run
from samcli import counts, fails, ok, query, seed, usage_error

SCRIPT = """#!/bin/sh
# a stand-in editor: keeps what sam wrote for the test to read, then writes the note
cp "$1" "{seen}"
{action}
"""


def editor(folder: Path, action: str, name: str = "ed.sh") -> Path:
    """An executable editor script; ``action`` is shell run with the file as $1."""
    path = folder / name
    path.write_text(SCRIPT.format(seen=folder / "seen.txt", action=action))
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.fixture
def book(sam: Run, monkeypatch: pytest.MonkeyPatch) -> Run:
    seed(sam)
    for var in ("VISUAL", "EDITOR"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    return sam


WRITE = (
    "printf 'Long call with the CFO.\\nPilot in January, three sites.\\n' "
    '| cat - "$1" > "$1.x" && mv "$1.x" "$1"'
)


def test_the_editor_writes_the_note_and_the_comment_header_is_stripped(
    book: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, db_path: Path
) -> None:
    monkeypatch.setenv("EDITOR", str(editor(tmp_path, WRITE)))
    out = ok(book("log", "acme corp", "-e", "--channel", "call"))
    assert out.startswith("Logged call with Acme Corp")
    assert query(db_path, "SELECT summary FROM interaction") == [
        ("Long call with the CFO.\nPilot in January, three sites.",)
    ]
    seen = (tmp_path / "seen.txt").read_text()
    assert "# What happened with acme corp (sam log)?" in seen
    assert "an empty note cancels" in seen


def test_text_given_with_e_is_where_the_note_starts(
    book: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, db_path: Path
) -> None:
    monkeypatch.setenv("EDITOR", str(editor(tmp_path, 'echo "and more" >> "$1"')))
    ok(book("log", "acme corp", "First", "line", "-e"))
    assert (tmp_path / "seen.txt").read_text().startswith("First line\n# ")
    assert query(db_path, "SELECT summary FROM interaction") == [("First line\nand more",)]


def test_an_empty_note_cancels_and_writes_nothing(
    book: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, db_path: Path
) -> None:
    monkeypatch.setenv("EDITOR", str(editor(tmp_path, 'echo "# only a comment" > "$1"')))
    before = counts(db_path)
    assert "the note is empty; nothing was saved" in fails(book("log", "acme corp", "-e"))
    assert counts(db_path) == before


def test_an_editor_that_fails_writes_nothing(
    book: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, db_path: Path
) -> None:
    monkeypatch.setenv("EDITOR", str(editor(tmp_path, "exit 3")))
    before = counts(db_path)
    assert "exited with status 3" in fails(book("log", "acme corp", "-e"))
    monkeypatch.setenv("EDITOR", str(tmp_path / "no-such-editor"))
    assert "cannot run the editor" in fails(book("log", "acme corp", "-e"))
    assert counts(db_path) == before


def test_visual_wins_unless_the_terminal_is_dumb(
    book: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, db_path: Path
) -> None:
    visual = tmp_path / "v"
    visual.mkdir()
    monkeypatch.setenv("VISUAL", str(editor(visual, 'echo "from visual" > "$1"')))
    monkeypatch.setenv("EDITOR", str(editor(tmp_path, 'echo "from editor" > "$1"')))
    ok(book("log", "acme corp", "-e"))
    monkeypatch.setenv("TERM", "dumb")
    ok(book("log", "acme corp", "-e"))
    monkeypatch.delenv("TERM")  # git: no TERM is a dumb terminal too
    ok(book("log", "acme corp", "-e"))
    assert [s for (s,) in query(db_path, "SELECT summary FROM interaction ORDER BY id")] == [
        "from visual", "from editor", "from editor"
    ]
    monkeypatch.delenv("EDITOR")
    assert "TERM=dumb" in fails(book("log", "acme corp", "-e"))


def test_an_editor_with_arguments_and_spaces_runs_through_the_shell(
    book: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, db_path: Path
) -> None:
    folder = tmp_path / "my editors"
    folder.mkdir()
    script = folder / "ed.sh"
    script.write_text('#!/bin/sh\necho "flag=$1 file=${2##*/}" > "$2"\n')
    script.chmod(0o700)
    # as `code --wait`: the value is a command line; the file comes last, as one argument
    monkeypatch.setenv("EDITOR", f"'{script}' --wait")
    ok(book("log", "acme corp", "-e"))
    assert query(db_path, "SELECT summary FROM interaction") == [("flag=--wait file=NOTE.md",)]


def test_complaint_and_request_notes_take_e_too(
    book: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, db_path: Path
) -> None:
    monkeypatch.setenv("EDITOR", str(editor(tmp_path, 'echo "Credited in full" > "$1"')))
    ok(book("complaint", "open", "acme corp", "Wrong invoices"))
    ok(book("complaint", "update", "1", "-e"))
    ok(book("complaint", "resolve", "1", "-e"))
    ok(book("request", "add", "acme corp", "finance", "Credit note"))
    ok(book("request", "done", "1", "-e"))
    # the update, then the resolution (which is recorded as an update too)
    assert query(db_path, "SELECT text FROM complaint_update") == [("Credited in full",)] * 2
    assert query(db_path, "SELECT resolution FROM complaint") == [("Credited in full",)]
    assert query(db_path, "SELECT outcome FROM internal_request") == [("Credited in full",)]
    assert "TEXT" in usage_error(book("complaint", "resolve", "1"))
