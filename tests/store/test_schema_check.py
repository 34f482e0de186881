"""The schema check (``store.schema``): what it accepts, and its cache of digests.

The attacks it stops are in tests/trust/test_foreign_schema.py; here, that it never refuses a
book sam made, whichever version and however the SQL is spelled, and that it stays cheap.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from trust_support import FIXTURES, fixture_params

from sam_tui.domain.errors import DatabaseProblem
from sam_tui.store import db, migrations, schema


@pytest.mark.parametrize("version", range(1, migrations.LATEST_VERSION + 1))
def test_the_known_digests_are_current(version: int) -> None:
    assert schema.KNOWN_DIGESTS.get(version) == schema.expected_digest(version), (
        f"set KNOWN_DIGESTS[{version}] = {schema.expected_digest(version)!r} in store/schema.py"
    )


def test_a_book_sam_made_takes_the_fast_path(
    conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    def build(version: int) -> None:
        raise AssertionError("the expected schema was built: the digest missed")

    monkeypatch.setattr(schema, "_build", build)
    assert schema.check_schema(conn) == migrations.LATEST_VERSION


@pytest.mark.parametrize("fixture", fixture_params(FIXTURES))
def test_every_released_fixture_passes_at_its_own_version(fixture: Path, tmp_path: Path) -> None:
    copy = tmp_path / fixture.name
    shutil.copyfile(fixture, copy)
    assert schema.check_schema(copy) == int(fixture.stem.removeprefix("v"))
    db.connect(copy).close()  # and once upgraded


def test_the_same_definitions_spelled_differently_pass(db_path: Path) -> None:
    """Another SQLite may store a definition with other spaces or quotes (a RENAME quotes the
    table name): the slow path compares normalised SQL."""
    db.connect(db_path).close()
    raw = sqlite3.connect(db_path, isolation_level=None)
    raw.execute("PRAGMA writable_schema = ON")
    raw.execute(
        "UPDATE sqlite_master SET sql = 'CREATE  INDEX \"ix_deal_closed\"  ON deal ( closed_at )'"
        " WHERE name = 'ix_deal_closed'"
    )
    raw.execute("PRAGMA writable_schema = OFF")
    raw.close()
    assert schema.check_schema(db_path) == migrations.LATEST_VERSION
    db.connect(db_path).close()


def test_statistics_from_analyze_are_not_a_foreign_schema(db_path: Path) -> None:
    db.connect(db_path).close()
    raw = sqlite3.connect(db_path)
    raw.execute("ANALYZE")
    raw.close()
    db.connect(db_path).close()


def test_an_empty_new_file_passes_and_tables_without_a_version_do_not(db_path: Path) -> None:
    raw = sqlite3.connect(db_path)
    assert schema.check_schema(raw) == 0
    raw.execute("CREATE TABLE stray (x)")
    with pytest.raises(DatabaseProblem, match="an extra table stray"):
        schema.check_schema(raw, "stray.db")
    raw.close()


def test_a_long_list_of_differences_is_cut_short(db_path: Path) -> None:
    db.connect(db_path).close()
    raw = sqlite3.connect(db_path)
    for n in range(7):
        raw.execute(f"CREATE VIEW v{n} AS SELECT 1")
    with pytest.raises(DatabaseProblem) as refused:
        schema.check_schema(raw, db_path)
    raw.close()
    assert "an extra view v3, and 3 more)" in str(refused.value)
