"""Issue 12, §3: a file whose schema is not sam's is refused before anything of it runs.

The attack: a "backup" with the deal tables dropped was restored and every command then
failed; one with a planted trigger (``AFTER INSERT ON interaction ... UPDATE interaction SET
summary = 'wiped'; DELETE FROM follow_up``) was restored, and the next `sam log` wiped every
summary and follow-up outside the change log, where undo could not help.

Each tampered file below is refused by `sam restore` (nothing replaced, no safety copy made
of nothing), by opening it as a book (the file stays byte-identical: the trigger never
fires), and by ``store.schema.check_schema``, the function `sam import json` calls too; the
message says what differs.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import run_sam

from sam_tui.domain.errors import DatabaseProblem
from sam_tui.store import db

WIPE = (
    "CREATE TRIGGER tr_wipe AFTER INSERT ON interaction BEGIN "
    "UPDATE interaction SET summary = 'wiped'; DELETE FROM follow_up; END"
)


def _edit_check(conn: sqlite3.Connection) -> None:
    """A CHECK changed in place (``writable_schema``): the rows and pages stay valid."""
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute(
        "UPDATE sqlite_master SET sql = replace(sql, 'amount_cents >= 0', 'amount_cents >= -1') "
        "WHERE name = 'deal'"
    )
    conn.execute("PRAGMA writable_schema = OFF")


TAMPERING: dict[str, tuple[Callable[[sqlite3.Connection], None], str]] = {
    "dropped-tables": (
        lambda c: c.executescript("DROP TABLE idea; DROP TABLE deal_stage_change; DROP TABLE deal"),
        "no table deal",
    ),
    "extra-column": (
        lambda c: c.execute("ALTER TABLE account ADD COLUMN backdoor VARCHAR"),
        "table account is defined differently",
    ),
    "planted-trigger": (lambda c: c.execute(WIPE), "an extra trigger tr_wipe on interaction"),
    "planted-view": (
        lambda c: c.execute("CREATE VIEW v_everything AS SELECT * FROM interaction"),
        "an extra view v_everything",
    ),
    "changed-check": (_edit_check, "table deal is defined differently"),
}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def sound(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A sam book with a touch, a follow-up and a deal, checkpointed into one file."""
    path = tmp_path_factory.mktemp("sound") / "book.db"
    for args in (
        ("account", "add", "Acme"),
        ("log", "acme", "CFO agreed", "--follow-up", "friday"),
        ("deal", "add", "acme", "Pilot", "--amount", "10k"),
    ):
        proc = run_sam("--db", str(path), *args, env={"SAM_NOW": "2026-11-26T09:00"})
        assert proc.returncode == 0, proc.stderr
    yield path


def _tampered(sound: Path, folder: Path, kind: str) -> Path:
    path = folder / f"{kind}.db"
    shutil.copyfile(sound, path)
    path.chmod(0o600)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        TAMPERING[kind][0](conn)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    return path


@pytest.mark.parametrize("kind", TAMPERING)
def test_restore_refuses_it_and_changes_nothing(sound: Path, tmp_path: Path, kind: str) -> None:
    live = tmp_path / "live" / "sam.db"
    live.parent.mkdir()
    shutil.copyfile(sound, live)
    live.chmod(0o600)
    before = _digest(live)
    bad = _tampered(sound, tmp_path, kind)
    proc = run_sam("--db", str(live), "restore", str(bad), "--yes")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    (line,) = proc.stderr.splitlines()
    assert line.startswith(f"error: {bad} has a schema sam did not make"), line
    assert TAMPERING[kind][1] in line
    assert proc.stdout == ""
    assert _digest(live) == before
    assert not list((live.parent / "backups").glob("sam-before-restore-*"))
    assert not list((live.parent / "backups").glob(".*"))  # its private copy is gone too


@pytest.mark.parametrize("kind", TAMPERING)
def test_opening_it_as_a_book_refuses_it_untouched(sound: Path, tmp_path: Path, kind: str) -> None:
    bad = _tampered(sound, tmp_path, kind)
    before = _digest(bad)
    proc = run_sam("--db", str(bad), "log", "acme", "this would fire the trigger")
    assert proc.returncode == 1
    (line,) = proc.stderr.splitlines()
    assert line.startswith(f"error: {bad} has a schema sam did not make"), line
    assert line.endswith("it was left untouched, and nothing in it runs")
    assert _digest(bad) == before
    conn = sqlite3.connect(bad)
    try:
        assert conn.execute("SELECT summary FROM interaction").fetchall() == [("CFO agreed",)]
        assert conn.execute("SELECT count(*) FROM follow_up").fetchone()[0] == 1
    finally:
        conn.close()


@pytest.mark.parametrize("kind", TAMPERING)
def test_check_schema_names_the_difference(sound: Path, tmp_path: Path, kind: str) -> None:
    from sam_tui.store import schema  # here: the other tests also run on a sam without it

    bad = _tampered(sound, tmp_path, kind)
    with pytest.raises(DatabaseProblem, match=TAMPERING[kind][1]):
        schema.check_schema(bad)
    assert schema.check_schema(sound) == db.LATEST_VERSION


def test_a_sound_book_restores_and_opens(sound: Path, tmp_path: Path) -> None:
    """Guard the guard: the same file untouched goes through every door."""
    live = tmp_path / "sam.db"
    proc = run_sam("--db", str(live), "restore", str(sound), "--yes")
    assert proc.returncode == 0, proc.stderr
    proc = run_sam("--db", str(live), "log", "acme", "after the restore")
    assert proc.returncode == 0, proc.stderr
