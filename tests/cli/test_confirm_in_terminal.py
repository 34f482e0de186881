"""Restore and undo ask first when run in a terminal: a real process on a pseudo-terminal."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

from samcli import counts, ok, query, seed


def in_terminal(db_path: Path, *args: str, answer: str) -> subprocess.CompletedProcess[str]:
    """`sam ARGS` with stdin on a terminal, typing ``answer`` at the prompt."""
    leader, follower = pty.openpty()
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "sam_tui", "--db", str(db_path), *args],
            stdin=follower,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        os.write(leader, answer.encode())  # typed ahead: the prompt reads it
        out, err = proc.communicate(timeout=60)
    finally:
        os.close(follower)
        os.close(leader)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def test_undo_asks_and_a_yes_undoes(sam, db_path):
    seed(sam)
    ok(sam("account", "edit", "globex", "--tier", "strategic"))
    done = in_terminal(db_path, "undo", answer="y\n")
    assert done.returncode == 0, done.stderr
    assert "Undo: account edit (Thu 26 Nov 09:00)" in done.stdout
    assert "Undo it? [y/N]:" in done.stdout
    assert done.stdout.rstrip().endswith("Undone. `sam undo` again goes one command further back.")
    assert query(db_path, "SELECT tier FROM account WHERE id = 3") == [("growth",)]


def test_undo_declined_changes_nothing(sam, db_path):
    seed(sam)
    ok(sam("account", "edit", "globex", "--tier", "strategic"))
    log = query(db_path, "SELECT * FROM change_log")
    declined = in_terminal(db_path, "undo", answer="n\n")
    assert declined.returncode == 1
    assert declined.stderr == "Cancelled; nothing was changed.\n"
    assert query(db_path, "SELECT tier FROM account WHERE id = 3") == [("strategic",)]
    assert query(db_path, "SELECT * FROM change_log") == log


def test_restore_asks_and_shows_both_sides(sam, db_path):
    seed(sam)
    ok(sam("backup"))
    saved = db_path.parent / "backups" / "sam-2026-11-26-090000.db"
    ok(sam("account", "add", "Initech"))
    before = counts(db_path)
    declined = in_terminal(db_path, "restore", str(saved), answer="\n")  # the default is no
    assert declined.returncode == 1
    assert "  backup:  3 accounts, 2 contacts;" in declined.stdout
    assert "  now:     4 accounts, 2 contacts;" in declined.stdout
    assert "Replace the current data with the backup? [y/N]:" in declined.stdout
    assert counts(db_path) == before
    done = in_terminal(db_path, "restore", str(saved), answer="y\n")
    assert done.returncode == 0, done.stderr
    assert query(db_path, "SELECT count(*) FROM account") == [(3,)]
