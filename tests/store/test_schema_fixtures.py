"""Every released schema's fixture file upgrades to the newest schema with every row intact.

The fixtures (``tests/fixtures/schema/vN.db``, made by ``make_fixture.py`` with the sam that
shipped schema N) hold rows in every table. A copy of each is opened the way sam opens a
file; afterwards every row of every table it had is still there, column by column, the file
passes SQLite's checks, and a ``.vN.bak`` copy of the original was made first. A new fixture
dropped in that folder is picked up without touching this file.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from trust_support import (
    FIXTURE_DIR,
    FIXTURES,
    OLD_FIXTURES,
    Cockpit,
    Table,
    assert_healthy,
    assert_rows_intact,
    fixture_params,
    open_readonly,
    schema_of,
    snapshot,
    synced,
)
from trust_support import version_of as _version_of

from sam_tui.domain.errors import DatabaseProblem
from sam_tui.store import db, migrations

LATEST = migrations.LATEST_VERSION
# migrations on main (or a branch) that no user has yet: no fixture for them
UNRELEASED = 2


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def copy_fixture(fixture: Path, folder: Path) -> Path:
    target = folder / "sam.db"
    shutil.copyfile(fixture, target)
    return target


def backups_of(path: Path) -> list[Path]:
    return sorted(path.parent.glob(f"{path.name}.v*.bak*"))


def fixture_state(fixture: Path) -> tuple[dict[str, Table], list[tuple[Any, ...]]]:
    conn = open_readonly(fixture)
    try:
        return snapshot(conn), schema_of(conn)
    finally:
        conn.close()


# --- the fixtures themselves ------------------------------------------------------------


def test_there_is_a_fixture_for_every_released_schema_version() -> None:
    versions = [_version_of(f) for f in FIXTURES]
    assert versions, f"no fixtures in {FIXTURE_DIR}"
    # the schemas that reached users, each with the landing that shipped it: v1 (stop 9)
    # and v5 (stop 19, which shipped v2 to v5 at once); a released one without its
    # fixture is a gap
    assert versions == [1, 5]
    # several migrations may wait for the next release (one per feature branch), so the
    # newest fixture is this schema or any before it, never one this sam cannot read
    assert versions[-1] <= LATEST, "a fixture newer than this schema"


@pytest.mark.parametrize("fixture", fixture_params(FIXTURES))
def test_every_fixture_has_rows_in_every_table(fixture: Path) -> None:
    conn = open_readonly(fixture)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == _version_of(fixture)
        assert conn.execute("PRAGMA application_id").fetchone()[0] == migrations.APPLICATION_ID
        assert_healthy(conn)
        empty = [name for name, table in snapshot(conn).items() if not table.rows]
        assert empty == []
        # child rows: the references a migration most easily breaks are all exercised
        linked = conn.execute(
            "SELECT count(interaction_id), count(complaint_id), count(request_id) FROM follow_up"
        ).fetchone()
        assert all(linked), linked
        assert conn.execute("SELECT count(contact_id) FROM interaction").fetchone()[0]
        assert conn.execute("SELECT count(deal_id) FROM idea").fetchone()[0]
    finally:
        conn.close()


def test_the_generator_fills_every_table_at_this_schema(tmp_path: Path) -> None:
    """So the next release's fixture can be made the day it ships; and it is reproducible."""
    out = tmp_path / "fixture.db"
    script = FIXTURE_DIR / "make_fixture.py"
    made = subprocess.run(
        [sys.executable, str(script), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert made.returncode == 0, made.stderr
    assert made.stdout == f"wrote {out} (schema v{LATEST})\n"
    again = subprocess.run(
        [sys.executable, str(script), "--out", str(out)], capture_output=True, text=True
    )
    assert again.returncode != 0 and "never regenerated" in again.stderr
    tables, schema = fixture_state(out)
    assert [name for name, table in tables.items() if not table.rows] == []
    newest = FIXTURE_DIR / f"v{LATEST}.db"
    if newest.exists():  # the committed file is what the generator makes
        assert (tables, schema) == fixture_state(newest)


# --- upgrading ----------------------------------------------------------------------------


@pytest.mark.parametrize("fixture", fixture_params(FIXTURES))
def test_a_fixture_opens_at_the_newest_schema_with_every_row_intact(
    fixture: Path, tmp_path: Path
) -> None:
    version = _version_of(fixture)
    before, schema = fixture_state(fixture)
    path = copy_fixture(fixture, tmp_path)

    conn = db.connect(path)
    try:
        assert db.schema_version(conn) == LATEST
        assert conn.execute("PRAGMA application_id").fetchone()[0] == migrations.APPLICATION_ID
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert_healthy(conn)
        assert_rows_intact(before, snapshot(conn))
    finally:
        conn.close()

    if version == LATEST:
        assert backups_of(path) == []  # nothing to upgrade, nothing to back up
        return
    assert backups_of(path) == [path.with_name(f"sam.db.v{version}.bak")]
    backup = open_readonly(backups_of(path)[0])
    try:
        # the backup is the original: same schema, same rows, same stamps
        assert backup.execute("PRAGMA user_version").fetchone()[0] == version
        assert backup.execute("PRAGMA application_id").fetchone()[0] == migrations.APPLICATION_ID
        assert_healthy(backup)
        assert schema_of(backup) == schema
        assert snapshot(backup) == before
    finally:
        backup.close()


@pytest.mark.parametrize("fixture", fixture_params(FIXTURES))
def test_an_upgraded_fixture_reopens_without_another_upgrade(fixture: Path, tmp_path: Path) -> None:
    path = copy_fixture(fixture, tmp_path)
    db.connect(path).close()
    made = backups_of(path)
    first, _ = fixture_state(path)
    db.connect(path).close()
    assert backups_of(path) == made
    assert fixture_state(path)[0] == first


BROKEN_STEPS = [
    pytest.param(
        "ALTER TABLE account ADD COLUMN nickname VARCHAR;\n"
        "UPDATE account SET nickname = name;\n"
        "DELETE FROM interaction;\n"
        "CREATE INDEX ix_broken ON no_such_table (x)",
        "no such table",
        id="sql-error-after-real-changes",
    ),
    pytest.param(
        "UPDATE contact SET account_id = account_id + 1000",
        "broken references",
        id="breaks-references",
    ),
]


@pytest.mark.parametrize(("step", "expected"), BROKEN_STEPS)
@pytest.mark.parametrize("fixture", fixture_params(FIXTURES))
def test_a_migration_failing_midway_leaves_the_fixture_byte_identical(
    fixture: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str, expected: str
) -> None:
    """The real migrations up to the newest schema run, then a broken step after them."""
    path = copy_fixture(fixture, tmp_path)
    original = digest(path)
    monkeypatch.setattr(db, "MIGRATIONS", (*migrations.MIGRATIONS, ("broken", step)))
    monkeypatch.setattr(db, "LATEST_VERSION", LATEST + 1)
    with pytest.raises(DatabaseProblem) as info:
        db.connect(path)
    assert "\n" not in str(info.value) and str(path) in str(info.value)
    assert expected in str(info.value)
    assert digest(path) == original
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("sam.db.v")) == [
        "sam.db"
    ]
    monkeypatch.undo()
    conn = db.connect(path)  # and the sam of today still opens (and upgrades) it
    try:
        assert db.schema_version(conn) == LATEST
        assert_rows_intact(fixture_state(fixture)[0], snapshot(conn))
    finally:
        conn.close()


# --- the CLI and the cockpit opening an old file at the same moment ----------------------


@pytest.mark.parametrize("fixture", fixture_params(OLD_FIXTURES))
def test_cli_and_cockpit_starting_together_on_an_old_file_migrate_once(
    fixture: Path, tmp_path: Path
) -> None:
    """Two cockpits and three commands, released at the same instant on a copy of an old
    file: one of them upgrades it (one backup), the others wait and find it done."""
    before, _ = fixture_state(fixture)
    version = _version_of(fixture)
    for round_ in range(2):
        folder = tmp_path / f"round{round_}"
        folder.mkdir()
        path = copy_fixture(fixture, folder)
        start = time.time() + 1.5
        commands = [
            ["--db", str(path), "log", "acme", f"race {round_} a"],
            ["--db", str(path), "log", "globex", f"race {round_} b", "-f", "friday"],
            ["--db", str(path), "account", "list", "--json"],
        ]
        clis = [
            subprocess.Popen(
                synced(args, start), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
            )
            for args in commands
        ]
        cockpits = [Cockpit(synced(["--db", str(path)], start)) for _ in range(2)]
        try:
            for proc in clis:
                out, err = proc.communicate(timeout=60)
                assert proc.returncode == 0, err
                assert err == "" and "locked" not in out
            for cockpit in cockpits:
                assert cockpit.quit() == 0
        finally:
            for cockpit in cockpits:
                cockpit.close()
        for cockpit in cockpits:
            assert "Traceback" not in cockpit.text() and "error:" not in cockpit.text()

        assert backups_of(path) == [path.with_name(f"sam.db.v{version}.bak")]
        backup = open_readonly(backups_of(path)[0])
        try:
            assert backup.execute("PRAGMA user_version").fetchone()[0] == version
            assert snapshot(backup) == before
        finally:
            backup.close()
        conn = db.connect(path)
        try:
            assert db.schema_version(conn) == LATEST
            assert_healthy(conn)
            after = snapshot(conn)
            # the cockpit stores this week's forecast snapshot once it is up
            grown = {"interaction", "follow_up", "change_log", "forecast_snapshot"}
            # the two logs touch acme and globex: their last touch moves (schema v2 on)
            touched = {("account", "last_touch_at")}
            assert_rows_intact(before, after, grown=grown, moving=touched)
            summaries = conn.execute("SELECT summary FROM interaction WHERE summary LIKE 'race%'")
            assert sorted(r[0] for r in summaries) == [f"race {round_} a", f"race {round_} b"]
        finally:
            conn.close()
