"""Bad files through every door: the CLI in-process, a real `sam` process, and the cockpit.

Each file below gets one clear `error:` line naming it, exit 1, no traceback, and keeps
every byte (hashed before and after). test_errors.py and store/test_db.py already cover
garbage, damaged, foreign and newer files for many commands; this adds files cut short
at several offsets, read-only files and folders, another application's file, and the
cockpit's own entry (`sam --db FILE`, which must not start the full-screen app).

A 0-byte file is deliberately not refused: sam's own first start creates the file empty
before SQLite fills it (and a second process starting at that moment sees it so), and it
holds nothing that could be lost. It is initialised as a new database.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import pytest
from conftest import run_sam
from samcli import digest, fails, ok
from trust_support import Cockpit, read_only

from sam_tui.store.migrations import APPLICATION_ID, LATEST_VERSION

READ = ["account", "list", "--json"]
WRITE = ["log", "#1", "Call"]


def _garbage(folder: Path, _template: Path) -> Path:
    path = folder / "notes.db"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 16)
    return path


def _cut(at: int) -> Callable[[Path, Path], Path]:
    def make(folder: Path, template: Path) -> Path:
        data = template.read_bytes()
        path = folder / "cut.db"
        path.write_bytes(data[: at if at > 0 else len(data) + at])
        return path

    return make


def _sqlite(application_id: int, user_version: int, table: str) -> Callable[[Path, Path], Path]:
    def make(folder: Path, _template: Path) -> Path:
        path = folder / "other.db"
        conn = sqlite3.connect(path)
        conn.execute(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY, body TEXT)")
        conn.execute(f"INSERT INTO {table} (body) VALUES ('not yours')")
        conn.execute(f"PRAGMA application_id = {application_id}")
        conn.execute(f"PRAGMA user_version = {user_version}")
        conn.commit()
        conn.close()
        return path

    return make


def _newer(folder: Path, template: Path) -> Path:
    path = Path(shutil.copy(template, folder / "sam.db"))
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    conn.commit()
    conn.close()
    return path


def _copy(folder: Path, template: Path) -> Path:
    return Path(shutil.copy(template, folder / "sam.db"))


def _folder(folder: Path, _template: Path) -> Path:
    path = folder / "sam.db"
    path.mkdir()
    return path


class BadFile(NamedTuple):
    make: Callable[[Path, Path], Path]
    says: str  # what the one line must say
    lock: str = ""  # "file" or "folder": made read-only while sam runs


BAD_FILES = {
    "garbage": BadFile(_garbage, "is not a sam database (not an SQLite file); left untouched"),
    "cut-at-100-bytes": BadFile(_cut(100), "is damaged or not a database"),
    "cut-at-one-page": BadFile(_cut(4096), "is damaged or not a database"),
    "cut-in-the-middle": BadFile(_cut(4096 * 40 + 1234), "is damaged"),
    "cut-last-page": BadFile(_cut(-4096), "is damaged or not a database"),
    "cut-last-byte": BadFile(_cut(-1), "is damaged (cut short"),
    "other-programs-sqlite": BadFile(_sqlite(0, 0, "photos"), "an SQLite file of another program"),
    "other-application-id": BadFile(_sqlite(0x47504B47, 3, "gpkg"), "another application"),
    "newer-sam": BadFile(_newer, "was written by a newer sam"),
    "read-only-folder": BadFile(_copy, "is read-only, and SQLite needs to create", lock="folder"),
    "folder-as-path": BadFile(_folder, "is a folder, not a database file"),
}


@contextmanager
def bad_file(name: str, folder: Path, template: Path) -> Iterator[Path]:
    """The bad file, read-only while in use if it is meant to be; its bytes unchanged after."""
    case = BAD_FILES[name]
    path = case.make(folder, template)
    before = _fingerprint(path)
    if case.lock:
        with read_only(path if case.lock == "file" else path.parent):
            yield path
    else:
        yield path
    assert _fingerprint(path) == before


def _fingerprint(path: Path) -> tuple[str, list[str]]:
    content = "folder" if path.is_dir() else digest(path)
    return content, sorted(p.name for p in path.parent.iterdir())


def _the_line(path: Path, case: BadFile, line: str) -> None:
    assert line.startswith(f"error: {path} ") or line.startswith(f"error: cannot open {path}:")
    assert case.says in line


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real sam database of ~60 pages, closed (WAL folded in), at the pinned clock."""
    path = tmp_path_factory.mktemp("bad-files") / "template.db"
    made = run_sam("demo", "--db", str(path), env={"SAM_NOW": "2026-11-26T09:00", "TZ": "UTC"})
    assert made.returncode == 0, made.stderr
    assert path.stat().st_size > 4096 * 41 and not path.with_name("template.db-wal").exists()
    return path


# --- in-process (CliRunner) --------------------------------------------------------------

IN_PROCESS = [n for n in BAD_FILES if n != "folder-as-path"]  # Typer's own check: exit 2


@pytest.mark.parametrize("args", [READ, WRITE], ids=["read", "write"])
@pytest.mark.parametrize("name", IN_PROCESS)
def test_bad_file_in_process(sam, tmp_path: Path, template: Path, name: str, args: list[str]):
    with bad_file(name, tmp_path, template) as path:
        _the_line(path, BAD_FILES[name], fails(sam(*args, db=path)))


# --- real processes ------------------------------------------------------------------------

AS_PROCESS = ["garbage", "cut-last-byte", "newer-sam", "read-only-folder", "folder-as-path"]


@pytest.mark.parametrize("name", AS_PROCESS)
def test_bad_file_as_a_real_process(tmp_path: Path, template: Path, name: str):
    with bad_file(name, tmp_path, template) as path:
        proc = run_sam("--db", str(path), *WRITE)
    assert "Traceback" not in proc.stdout + proc.stderr
    if name == "folder-as-path":  # Typer's --db check (dir_okay=False): a usage error
        assert proc.returncode == 2 and "Invalid value for '--db'" in proc.stderr
        return
    assert proc.returncode == 1 and proc.stdout == ""
    assert len(proc.stderr.splitlines()) == 1, proc.stderr
    _the_line(path, BAD_FILES[name], proc.stderr.rstrip("\n"))


# --- the cockpit's entry: `sam --db FILE` in a terminal ------------------------------------


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_bad_file_through_the_cockpit_entry(tmp_path: Path, template: Path, name: str):
    """One line and exit 1 before the full-screen app starts (no traceback, no TUI)."""
    with bad_file(name, tmp_path, template) as path:
        cockpit = Cockpit([sys.executable, "-m", "sam_tui", "--db", str(path)])
        try:
            code = cockpit.wait(60)
            if code is None:
                cockpit.quit()
                pytest.fail(f"the cockpit started on a bad file: {cockpit.text()[-300:]!r}")
        finally:
            cockpit.close()
    assert code == 1
    lines = cockpit.text().splitlines()
    assert len(lines) == 1, cockpit.text()
    _the_line(path, BAD_FILES[name], lines[0])


# --- read-only sam files: reading works, writing is refused in one line --------------------


def test_a_read_only_file_can_be_read_but_not_written(sam, tmp_path: Path, template: Path):
    path = _copy(tmp_path, template)
    before = digest(path)
    with read_only(path):
        accounts = json.loads(ok(sam(*READ, db=path)))
        line = fails(sam(*WRITE, db=path))
        proc = run_sam("--db", str(path), *WRITE)
    assert len(accounts) == 25
    assert line == f"error: {path} is read-only; check the file's permissions"
    assert proc.returncode == 1 and proc.stderr == line + "\n"
    assert digest(path) == before


def test_a_read_only_old_file_is_not_half_upgraded(sam, tmp_path: Path):
    """An old file sam may not write: the upgrade cannot happen, and says so (it used to
    leave one more backup copy behind on every attempt)."""
    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "schema" / "v1.db"
    if LATEST_VERSION == 1:
        pytest.skip("no schema newer than the v1 fixture to upgrade to")
    path = Path(shutil.copy(fixture, tmp_path / "sam.db"))
    before = digest(path)
    with read_only(path):
        line = fails(sam(*READ, db=path))
    assert line == f"error: {path} is read-only; check the file's permissions"
    assert digest(path) == before
    assert not list(tmp_path.glob("sam.db.v1.bak*"))


# --- 0 bytes: a new database (see the module docstring) --------------------------------------


def test_a_zero_byte_file_becomes_a_new_sam_database(sam, tmp_path: Path):
    path = tmp_path / "sam.db"
    path.touch()
    assert json.loads(ok(sam(*READ, db=path))) == []
    proc = run_sam("--db", str(path), "account", "add", "Acme")
    assert proc.returncode == 0, proc.stderr
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert conn.execute("SELECT name FROM account").fetchall() == [("Acme",)]
    finally:
        conn.close()


# the command lines cli.entry runs without Typer (`sam today`, `sam account list`, `sam report
# KIND [--format F]`; test_without_typer.py lists them)
QUICK = [("today",), ("today", "--json"), ("account", "list"), ("report", "year", "-f", "json")]


@pytest.mark.parametrize("args", QUICK, ids=" ".join)
@pytest.mark.parametrize("name", AS_PROCESS)
def test_commands_without_typer_say_what_typer_would_on_a_bad_file(
    tmp_path: Path, template: Path, name: str, args: tuple[str, ...]
):
    # the same line, the same exit code as when Typer parses the same command line (a
    # folder: Typer's own usage error, exit 2)
    with bad_file(name, tmp_path, template) as path:
        quick = run_sam("--db", str(path), *args)
        parsed = run_sam("--db", str(path), *args, typer=True)
    assert (quick.returncode, quick.stdout, quick.stderr) == (
        parsed.returncode,
        parsed.stdout,
        parsed.stderr,
    )
    assert parsed.returncode in (1, 2)
