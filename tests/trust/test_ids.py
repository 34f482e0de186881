"""Issue 12, §5: ids are never handed out twice, even after `sam undo` deleted the newest row.

Without AUTOINCREMENT SQLite gives a new row max(id) + 1, so undoing the newest touch gave
its id to the next one: a stale `sam follow-up done 7` typed in another terminal then acted
on a different record. The migration "ids are never reused" rebuilds every table with an
integer id (SQLite's 12-step procedure) and starts each sequence above the highest id in use
or recorded in the change log, so an id an undo freed before the upgrade is not reused
either. The upgrade is checked on a v2 book (the v1 fixture, upgraded to v2, then written
and undone at v2): every row, every reference, the triggers and the search index survive.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import run_sam
from trust_support import FIXTURE_DIR, assert_healthy, assert_rows_intact, snapshot

from sam_tui.services import history, interactions
from sam_tui.store import db, migrations, triggers

# the migration's number (the lead may renumber it); on a sam without it, past the last one
AUTOINCREMENT = next(
    (n for n, (title, _) in enumerate(migrations.MIGRATIONS, start=1) if "never reused" in title),
    migrations.LATEST_VERSION + 1,
)
ID_TABLES = sorted(t for t, columns in migrations.COLUMNS.items() if "id" in columns)


def _ids(path: Path, table: str) -> list[int]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute(f"SELECT id FROM {table} ORDER BY id")]
    finally:
        conn.close()


def test_every_table_with_an_integer_id_is_autoincrement(conn: sqlite3.Connection) -> None:
    for table in ID_TABLES:
        (sql,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()
        assert "AUTOINCREMENT" in sql, table


@pytest.mark.parametrize(
    ("table", "make", "left"),
    [
        ("interaction", ("log", "acme", "called"), 0),
        ("follow_up", ("follow-up", "add", "acme", "Send it", "--due", "friday"), 0),
        ("account", ("account", "add", "Globex"), 1),
        ("deal", ("deal", "add", "acme", "Pilot", "--amount", "10k"), 0),
    ],
)
def test_an_id_freed_by_undo_is_not_given_to_the_next_record(
    tmp_path: Path, table: str, make: tuple[str, ...], left: int
) -> None:
    path = tmp_path / "sam.db"
    assert run_sam("--db", str(path), "account", "add", "Acme").returncode == 0
    assert run_sam("--db", str(path), *make).returncode == 0
    (freed,) = _ids(path, table)[-1:]
    assert run_sam("--db", str(path), "undo", "--yes").returncode == 0
    assert len(_ids(path, table)) == left
    assert run_sam("--db", str(path), *make).returncode == 0
    assert _ids(path, table)[-1] == freed + 1


def _v2_book(folder: Path) -> Path:
    """The v1 fixture as a user of schema v2 has it: upgraded to v2, then written to at v2,
    the newest touch (and its follow-up) undone."""
    path = folder / "v2.db"
    shutil.copyfile(FIXTURE_DIR / "v1.db", path)
    raw = sqlite3.connect(path, isolation_level=None)
    try:
        raw.execute("BEGIN IMMEDIATE")
        for number in range(2, AUTOINCREMENT):
            for statement in db._statements(migrations.MIGRATIONS[number - 1][1]):
                raw.execute(statement)
        raw.execute(f"PRAGMA user_version = {AUTOINCREMENT - 1}")
        raw.execute("COMMIT")
    finally:
        raw.close()
    conn = db.connect(path, migrate=False)
    try:
        account = conn.execute("SELECT name FROM account ORDER BY id LIMIT 1").fetchone()[0]
        interactions.log(conn, account_ref=account, summary="kept at v2")
        interactions.log(
            conn,
            account_ref=account,
            summary="undone at v2",
            follow_up_due=db.opt_date("2026-12-04"),
        )
        history.undo(conn)
    finally:
        conn.close()
    return path


def test_the_upgrade_from_v2_keeps_every_row_and_never_reuses_an_undone_id(tmp_path: Path):
    from sam_tui.store import schema  # here: the other tests also run on a sam without it

    path = _v2_book(tmp_path)
    raw = sqlite3.connect(path)
    before = snapshot(raw)
    undone = dict(
        raw.execute(
            "SELECT entity, max(entity_id) FROM change_log WHERE command = 'log' GROUP BY entity"
        ).fetchall()
    )
    raw.close()
    # the undone rows are gone, and at v2 their ids would be handed out again
    assert undone["interaction"] > max(_ids(path, "interaction"))
    assert undone["follow_up"] > max(_ids(path, "follow_up"), default=0)

    conn = db.connect(path)
    try:
        assert db.schema_version(conn) == migrations.LATEST_VERSION
        after = snapshot(conn)
        assert_rows_intact(before, after)
        assert_healthy(conn)
        assert schema.objects(conn) == schema.expected(migrations.LATEST_VERSION)
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
        assert len(names) == len(triggers.TRIGGERS)
        sequences = dict(conn.execute("SELECT name, seq FROM sqlite_sequence").fetchall())
        for table in ID_TABLES:
            highest = conn.execute(
                f"SELECT max(coalesce((SELECT max(id) FROM {table}), 0), coalesce((SELECT "
                "max(entity_id) FROM change_log WHERE entity = ?), 0))",
                (table,),
            ).fetchone()[0]
            assert sequences.get(table, 0) == highest, table
        account = conn.execute("SELECT name FROM account ORDER BY id LIMIT 1").fetchone()[0]
        logged = interactions.log(
            conn, account_ref=account, summary="first after the upgrade zanzibar",
            follow_up_due=db.opt_date("2026-12-04"),
        )  # fmt: skip
        assert logged.interaction_id == undone["interaction"] + 1
        assert logged.follow_up_id == undone["follow_up"] + 1
        # the recreated triggers work: the search index and the last touch follow the write
        found = conn.execute(
            "SELECT rowid FROM search_index WHERE search_index MATCH 'zanzibar'"
        ).fetchall()
        # the touch, and the follow-up it promised (titled by its note)
        assert sorted(r[0] for r in found) == sorted(
            [
                logged.interaction_id * triggers.SEARCH_KINDS + 3,
                (logged.follow_up_id or 0) * triggers.SEARCH_KINDS + 9,
            ]
        )
        touched = conn.execute(
            "SELECT last_touch_at FROM account WHERE name = ?", (account,)
        ).fetchone()[0]
        assert touched is not None
    finally:
        conn.close()


def test_a_restore_continues_each_sequence_from_the_higher_of_the_two_books(tmp_path: Path):
    """Restoring an older backup gives back its rows, not its ids: an id the replaced book
    had handed out (kept in the before-restore copy) is not given to a new record."""
    path = tmp_path / "sam.db"
    backup = tmp_path / "monday.db"
    assert run_sam("--db", str(path), "account", "add", "Acme").returncode == 0
    assert run_sam("--db", str(path), "log", "acme", "one").returncode == 0
    assert run_sam("--db", str(path), "backup", str(backup)).returncode == 0
    for n in range(3):
        assert run_sam("--db", str(path), "log", "acme", f"after {n}").returncode == 0
    assert _ids(path, "interaction") == [1, 2, 3, 4]
    assert run_sam("--db", str(path), "restore", str(backup), "--yes").returncode == 0
    assert _ids(path, "interaction") == [1]
    proc = run_sam("--db", str(path), "log", "acme", "after the restore")
    assert proc.returncode == 0 and proc.stdout.rstrip().endswith("[#5]"), proc.stdout
