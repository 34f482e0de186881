"""Automatic backups: the first write of each day saves a copy first, the newest N are kept,
and a backup that cannot be made never costs the user their command."""

from __future__ import annotations

from pathlib import Path

import pytest
from samcli import counts, ok, query, seed

from sam_tui.interop import backup as backups


def _backups(db_path: Path) -> list[str]:
    folder = db_path.parent / "backups"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def test_the_days_first_write_saves_the_state_before_it(sam, db_path):
    ok(sam("account", "add", "Acme"))
    assert _backups(db_path) == []  # an empty file has nothing worth keeping
    ok(sam("account", "add", "Globex"))
    daily = db_path.parent / "backups" / "sam-daily-2026-11-26.db"
    assert _backups(db_path) == [daily.name]
    assert query(daily, "SELECT name FROM account") == [("Acme",)]
    assert daily.stat().st_mode & 0o777 == 0o600
    ok(sam("account", "add", "Initech"))  # later writes that day: just a stat
    assert query(daily, "SELECT name FROM account") == [("Acme",)]


def test_reading_commands_never_back_up(sam, db_path, monkeypatch):
    seed(sam)
    monkeypatch.setenv("SAM_NOW", "2026-11-27T09:00")
    for args in (("today",), ("account", "list"), ("history",), ("backup", "--list")):
        ok(sam(*args))
    assert "sam-daily-2026-11-27.db" not in _backups(db_path)


def test_the_newest_n_are_kept(sam, db_path, monkeypatch):
    seed(sam)
    ok(sam("backup", "--keep", "3"))
    ok(sam("backup"))  # a manual backup is never rotated away
    for day in range(27, 31):
        monkeypatch.setenv("SAM_NOW", f"2026-11-{day}T09:00")
        ok(sam("log", "acme corp", f"touch on the {day}th"))
    assert _backups(db_path) == [
        "sam-2026-11-26-090000.db",
        "sam-daily-2026-11-28.db",
        "sam-daily-2026-11-29.db",
        "sam-daily-2026-11-30.db",
    ]
    # each holds that morning's state: the touches of the days before
    assert query(
        db_path.parent / "backups" / "sam-daily-2026-11-30.db", "SELECT count(*) FROM interaction"
    ) == [(3,)]


def test_lowering_keep_prunes_at_once(sam, db_path, monkeypatch):
    seed(sam)
    for day in range(27, 30):
        monkeypatch.setenv("SAM_NOW", f"2026-11-{day}T09:00")
        ok(sam("log", "acme corp", "touch"))
    assert len(_backups(db_path)) == 4
    out = ok(sam("backup", "--keep", "2"))
    assert out.endswith("; removed 2 older.\n")
    assert _backups(db_path) == ["sam-daily-2026-11-28.db", "sam-daily-2026-11-29.db"]


def test_keep_zero_turns_them_off(sam, db_path, monkeypatch):
    ok(sam("account", "add", "Acme"))
    ok(sam("backup", "--keep", "0"))  # a write too: today's backup came first
    for day in range(27, 29):
        monkeypatch.setenv("SAM_NOW", f"2026-11-{day}T09:00")
        ok(sam("log", "acme", "touch"))
    assert _backups(db_path) == ["sam-daily-2026-11-26.db"]


def test_never_for_the_demo_database(sam, demo_db, monkeypatch):
    name = query(demo_db, "SELECT name FROM account ORDER BY id LIMIT 1")[0][0]
    for day in range(26, 28):
        monkeypatch.setenv("SAM_NOW", f"2026-11-{day}T09:00")
        ok(sam("log", name, "touch", db=demo_db))
    assert _backups(demo_db) == []


def test_a_failing_backup_warns_once_and_the_command_goes_ahead(sam, db_path):
    seed(sam)
    # the backups folder cannot be made: a file sits where it should be
    (db_path.parent / "backups").rename(db_path.parent / "old-backups")
    (db_path.parent / "backups").write_text("not a folder")
    result = sam("log", "acme corp", "called")
    assert result.exit_code == 0
    assert result.stdout.startswith("Logged note with Acme Corp")
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("warning: daily backup skipped (")
    assert lines[0].endswith("); your command goes ahead")
    assert query(db_path, "SELECT count(*) FROM interaction") == [(1,)]


def test_a_full_disk_skips_the_backup_not_the_command(sam, db_path, monkeypatch):
    seed(sam)
    monkeypatch.setattr(backups, "_SPARE_BYTES", 2**62)  # as if the disk were nearly full
    monkeypatch.setenv("SAM_NOW", "2026-11-27T09:00")
    result = sam("log", "acme corp", "called")
    assert result.exit_code == 0
    assert "warning: daily backup skipped (only " in result.stderr
    assert "free on the disk" in result.stderr
    assert "sam-daily-2026-11-27.db" not in _backups(db_path)
    assert query(db_path, "SELECT count(*) FROM interaction") == [(1,)]


def test_half_made_copies_from_a_killed_process_are_cleared(sam, db_path, monkeypatch):
    seed(sam)
    folder = db_path.parent / "backups"
    (folder / "sam-daily-2026-11-20.db.partial-4242").write_bytes(b"half a copy")
    (folder / "other-daily-2026-11-20.db").write_bytes(b"another database's backup")
    monkeypatch.setenv("SAM_NOW", "2026-11-27T09:00")
    ok(sam("log", "acme corp", "called"))
    assert _backups(db_path) == [
        "other-daily-2026-11-20.db",
        "sam-daily-2026-11-26.db",
        "sam-daily-2026-11-27.db",
    ]


def test_the_daily_backup_is_verified_like_a_manual_one(sam, db_path):
    seed(sam)
    daily = db_path.parent / "backups" / "sam-daily-2026-11-26.db"
    info = backups.inspect(daily)
    assert info.counts["account"] == 1  # made before the second write of the seed
    assert query(daily, "PRAGMA integrity_check") == [("ok",)]
    assert counts(daily)["change_log"] == 1


@pytest.mark.parametrize("value", ["abc", "-4"])
def test_a_bad_keep_setting_falls_back_to_the_default(conn, value):
    conn.execute("INSERT INTO setting (key, value) VALUES ('backup.keep', ?)", (value,))
    assert backups.keep_setting(conn) == (7 if value == "abc" else 0)
