"""`sam backup` and `sam restore`: verified copies, never an overwrite, and a way back."""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path

import pytest
from samcli import as_json, counts, digest, fails, ok, query, seed

from sam_tui.store import db, migrations


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def _unwritable(tmp_path: Path) -> Path:
    """A folder this process cannot create files in (root ignores modes: use /sys)."""
    if os.geteuid() == 0:
        return Path("/sys")
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    return folder


# --- sam backup ---------------------------------------------------------------------------


def test_backup_goes_to_the_backups_folder_and_is_verified(sam, db_path):
    seed(sam)
    out = ok(sam("backup"))
    target = db_path.parent / "backups" / "sam-2026-11-26-090000.db"
    assert re.fullmatch(
        rf"Backup saved: {re.escape(str(target))} \(\d+\.\d kB; verified: integrity ok, "
        r"\d+ rows in \d+ tables\)\n",
        out,
    )
    assert target.stat().st_mode & 0o777 == 0o600
    assert counts(target) == counts(db_path)
    # one self-contained file: usable as is, no -wal beside it
    assert query(target, "PRAGMA journal_mode") == [("delete",)]
    assert [n for n in _files(target.parent) if n.startswith("sam-2026")] == [target.name]


def test_a_second_backup_in_the_same_second_gets_its_own_name(sam, db_path):
    seed(sam)
    ok(sam("backup"))
    out = ok(sam("backup"))
    assert "sam-2026-11-26-090000-2.db" in out


def test_backup_into_a_folder_or_a_new_file(sam, db_path, tmp_path):
    seed(sam)
    elsewhere = tmp_path / "usb"
    elsewhere.mkdir()
    ok(sam("backup", str(elsewhere)))
    assert _files(elsewhere) == ["sam-2026-11-26-090000.db"]
    ok(sam("backup", str(elsewhere / "before-the-merger.db")))
    assert counts(elsewhere / "before-the-merger.db") == counts(db_path)


def test_backup_never_overwrites(sam, db_path, tmp_path):
    seed(sam)
    target = tmp_path / "keep.db"
    target.write_bytes(b"an older copy")
    line = fails(sam("backup", str(target)))
    assert line == f"error: {target} already exists; nothing was overwritten (name a new file)"
    assert target.read_bytes() == b"an older copy"


def test_backup_into_a_missing_folder(sam, db_path, tmp_path):
    seed(sam)
    missing = tmp_path / "nope"
    line = fails(sam("backup", str(missing / "x.db")))
    assert line == f"error: cannot write {missing / 'x.db'}: folder {missing} does not exist"
    assert not (tmp_path / "nope").exists()


def test_backup_into_a_folder_that_is_not_writable(sam, db_path, tmp_path):
    seed(sam)
    folder = _unwritable(tmp_path)
    line = fails(sam("backup", str(folder / "x.db")))
    assert line == f"error: cannot write {folder / 'x.db'}: Permission denied"
    assert not (folder / "x.db").exists()


def test_backup_of_a_database_that_does_not_exist_yet(sam, db_path):
    line = fails(sam("backup"))
    assert line == f"error: no database at {db_path} yet: nothing to back up"
    assert not db_path.exists() and not (db_path.parent / "backups").exists()


def test_backup_list_and_json(sam, db_path):
    ok(sam("account", "add", "Acme"))  # the first write to an empty file: no daily yet
    assert ok(sam("backup", "--list")) == (
        f"No backups yet in {db_path.parent / 'backups'} (daily: keeping the newest 7).\n"
    )
    ok(sam("log", "acme", "called"))  # the day's first write to a file with data: a daily
    ok(sam("backup"))
    out = ok(sam("backup", "--list")).splitlines()
    assert out[0] == (
        f"Backups in {db_path.parent / 'backups'} (daily: keeping the newest 7), newest first:"
    )
    assert sorted(line.split()[:2] for line in out[1:]) == [
        ["sam-2026-11-26-090000.db", "manual"],
        ["sam-daily-2026-11-26.db", "daily"],
    ]
    doc = as_json(sam("backup", "--list", "--json"))
    assert doc["keep"] == 7 and doc["folder"] == str(db_path.parent / "backups")
    assert sorted(b["kind"] for b in doc["backups"]) == ["daily", "manual"]


def test_keep_sets_the_rotation_and_zero_turns_it_off(sam, db_path):
    seed(sam)
    assert ok(sam("backup", "--keep", "3")) == (
        f"Daily automatic backups: keeping the newest 3 in {db_path.parent / 'backups'}.\n"
    )
    assert query(db_path, "SELECT value FROM setting WHERE key = 'backup.keep'") == [("3",)]
    assert "keeping the newest 3" in ok(sam("backup", "--list"))
    assert ok(sam("backup", "--keep", "0")).startswith("Daily automatic backups are off")
    assert "daily backups off" in ok(sam("backup", "--list"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--keep", "-1"), "error: --keep must be between 0 and 3650, not -1"),
        (("--keep", "5000"), "error: --keep must be between 0 and 3650, not 5000"),
        (("x.db", "--list"), "error: give a PATH, --list or --keep, not several"),
    ],
)
def test_backup_option_errors(sam, db_path, args, message):
    seed(sam)
    before = counts(db_path)
    assert fails(sam("backup", *args)) == message
    assert counts(db_path) == before


# --- sam restore ----------------------------------------------------------------------------


def _backup(sam, db_path) -> Path:
    ok(sam("backup"))
    return db_path.parent / "backups" / "sam-2026-11-26-090000.db"


def test_restore_puts_the_backup_back_and_saves_what_it_replaced(sam, db_path):
    seed(sam)
    saved = _backup(sam, db_path)
    before = counts(db_path)
    ok(sam("account", "add", "Initech"))
    ok(sam("log", "initech", "first call"))
    replaced = counts(db_path)

    out = ok(sam("restore", str(saved), "--yes"))
    lines = out.splitlines()
    assert lines[0] == f"Restore {saved} into {db_path}?"
    assert lines[1].startswith("  backup:  3 accounts, 2 contacts; last change Thu 26 Nov 09:00")
    assert lines[2] == (
        "  now:     4 accounts, 2 contacts, 1 interaction; last change Thu 26 Nov 09:00"
    )
    assert lines[3] == "Restored: 3 accounts, 2 contacts."
    safety = db_path.parent / "backups" / "sam-before-restore-2026-11-26-090000.db"
    assert lines[4] == (
        f"What it replaced is saved in {safety}; `sam restore {safety}` brings it back."
    )
    assert counts(db_path) == before
    assert counts(safety) == replaced
    assert query(db_path, "PRAGMA integrity_check") == [("ok",)]
    assert query(db_path, "PRAGMA journal_mode") == [("wal",)]
    # and the way back works
    ok(sam("restore", str(safety), "--yes"))
    assert counts(db_path) == replaced


def test_restore_is_seen_by_a_connection_that_stays_open(sam, db_path):
    seed(sam)
    saved = _backup(sam, db_path)
    ok(sam("account", "add", "Initech"))
    cockpit = db.connect(db_path)  # an open cockpit's connection
    try:
        assert cockpit.execute("SELECT count(*) FROM account").fetchone()[0] == 4
        ok(sam("restore", str(saved), "--yes"))
        assert cockpit.execute("SELECT count(*) FROM account").fetchone()[0] == 3
    finally:
        cockpit.close()


def test_restore_into_a_new_database(sam, db_path, tmp_path):
    seed(sam)
    saved = _backup(sam, db_path)
    fresh = tmp_path / "new" / "sam.db"
    fresh.parent.mkdir()
    out = ok(sam("restore", str(saved), "--yes", db=fresh))
    assert "What it replaced" not in out  # nothing to save: it was empty
    assert counts(fresh) == counts(saved)


def test_without_a_terminal_restore_needs_yes(sam, db_path):
    seed(sam)
    saved = _backup(sam, db_path)
    ok(sam("account", "add", "Initech"))
    before = digest(db_path)
    line = fails(sam("restore", str(saved)))
    assert "restore asks for confirmation, but input is not a terminal" in line
    assert digest(db_path) == before


def _newer(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {migrations.LATEST_VERSION + 1}")
    conn.commit()
    conn.close()


def _foreign(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (x)")
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("missing.db", None, "{p} does not exist"),
        ("empty.db", lambda p: p.write_bytes(b""), "{p} is empty, not a sam database"),
        (
            "garbage.db",
            lambda p: p.write_bytes(b"PK\x03\x04 not sqlite" * 100),
            "{p} is not a sam database (not an SQLite file); left untouched",
        ),
        ("other.db", _foreign, "{p} is not a sam database (another program's SQLite file)"),
        ("folder", lambda p: p.mkdir(), "{p} is a folder, not a backup file"),
    ],
)
def test_restore_refuses_what_is_not_a_sam_backup(sam, db_path, tmp_path, name, make, message):
    seed(sam)
    bad = tmp_path / name
    if make:
        make(bad)
    before = digest(db_path)
    assert fails(sam("restore", str(bad), "--yes")) == "error: " + message.format(p=bad)
    assert digest(db_path) == before
    assert not [n for n in _files(db_path.parent / "backups") if "before-restore" in n]


def test_restore_refuses_a_backup_from_a_newer_sam(sam, db_path):
    seed(sam)
    saved = _backup(sam, db_path)
    _newer(saved)
    before = digest(db_path)
    line = fails(sam("restore", str(saved), "--yes"))
    assert line == (
        f"error: {saved} was written by a newer sam (schema v{migrations.LATEST_VERSION + 1}; "
        f"this sam knows up to v{migrations.LATEST_VERSION}); upgrade sam to use it"
    )
    assert digest(db_path) == before


def test_restore_refuses_a_damaged_backup(sam, db_path):
    seed(sam)
    for n in range(40):
        ok(sam("log", "acme corp", f"note {n} " + "x" * 400))
    saved = _backup(sam, db_path)
    data = bytearray(saved.read_bytes())
    data[4096 * 3 : 4096 * 3 + 200] = b"\xff" * 200  # scribble over a page
    saved.write_bytes(bytes(data))
    before = digest(db_path)
    line = fails(sam("restore", str(saved), "--yes"))
    assert line.startswith(f"error: {saved} is damaged") and "use another backup" in line
    assert digest(db_path) == before


def test_restore_refuses_a_truncated_backup(sam, db_path):
    seed(sam)
    saved = _backup(sam, db_path)
    saved.write_bytes(saved.read_bytes()[: 4096 * 2])
    before = digest(db_path)
    assert "is damaged" in fails(sam("restore", str(saved), "--yes"))
    assert digest(db_path) == before


def test_restore_refuses_the_database_itself(sam, db_path):
    seed(sam)
    assert fails(sam("restore", str(db_path), "--yes")) == (
        f"error: {db_path} is the database in use; pick a backup of it"
    )


def _v1_file(path: Path) -> None:
    """A backup made by a sam of schema v1, with a touch its upgrade must carry over."""
    conn = sqlite3.connect(path, isolation_level=None)
    for statement in db._statements(migrations.MIGRATIONS[0][1]):
        conn.execute(statement)
    conn.execute(
        "INSERT INTO account (id, name, name_key, tier, status, archived, created_at, "
        "updated_at) VALUES (1, 'Acme', 'acme', 'key', 'active', 0, 'x', 'x')"
    )
    conn.execute(
        "INSERT INTO interaction (account_id, occurred_at, channel, direction, summary, "
        "sentiment, created_at) VALUES (1, '2026-11-20T10:00:00Z', 'call', 'out', 'pilot', 0, 'x')"
    )
    conn.execute("PRAGMA user_version = 1")
    conn.execute(f"PRAGMA application_id = {migrations.APPLICATION_ID}")
    conn.close()


def test_an_older_backup_is_upgraded_on_the_way_in(sam, db_path, tmp_path):
    seed(sam)
    old = tmp_path / "from-last-year.db"
    _v1_file(old)
    untouched = digest(old)
    out = ok(sam("restore", str(old), "--yes"))
    assert "  backup:  1 account, 1 interaction;" in out
    assert query(db_path, "PRAGMA user_version") == [(migrations.LATEST_VERSION,)]
    # the upgrade filled what the newer schema derives; it ran on a private copy of the
    # backup, which is itself the v1 file to go back to (no .v1.bak needed)
    assert query(db_path, "SELECT last_touch_at FROM account") == [("2026-11-20T10:00:00Z",)]
    assert query(db_path, "SELECT rowid FROM search_index WHERE search_index MATCH 'pilot'")
    assert not list(db_path.parent.glob("*.bak")) and not list(db_path.parent.rglob(".*"))
    assert digest(old) == untouched  # the backup itself is never written to
    assert ok(sam("log", "acme", "called after the restore")).startswith("Logged")
