"""Released migrations are frozen SQL, and a file upgraded step by step equals a new one.

A migration that already ran on users' files must never change: a file migrated with the
old text and one migrated with the new would differ for ever, silently. So each released
migration's text is pinned here by its sha256, and ``store/migrations.py`` imports
nothing a later change could move under it.
"""

from __future__ import annotations

import ast
import hashlib
import re
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from trust_support import FIXTURES, fixture_params

from sam_tui.store import db, migrations

# title -> sha256 of its SQL text, in release order.
# APPEND a line when you add a migration (the failure message gives it). NEVER EDIT one:
# a released migration has already run on users' files. To change the schema again,
# append a new migration that takes the file from there.
FROZEN = {
    "initial schema": "8589c8a8eaed9c6ca8c080d1708c7953fc4ebf418ffb1b3899e4862ce364fa0a",
    "schema v2: last touch, search index, objective progress, prospect history": (
        "87824b2cb9f940e2115479e7d9cb427b960e5a858dd7abf3635ae1c2047d972c"
    ),
    "ids are never reused: AUTOINCREMENT on every table with an integer id": (
        "22ba96a0ac85c95e7785d9b8c9bbcfff9af4be68d3658e779daa80cb949c6a03"
    ),
    "e-mail Message-ID on interactions": (
        "71343c4a8e78d068b1a1183f339f45acce23efaf15f3e08ec19a4da11ce8ec1b"
    ),
    "external references: the source and source id of imported records": (
        "ec52a95878999bfe99c82505f5f3686c0ee82c02b36a56f8f21bc1d3147cc9c1"
    ),
    "each account's newest sentiments read from the index alone": (
        "8bb9a1747c08366c143da7e01a885ca3e522ba123d994178ee31345589dc4619"
    ),
    "folded account names: fold_key, indexed": (
        "746a03ce4bf9c5541ead6ddce0bc36188c3b217a0d49390d345e0a2529ab9d4c"
    ),
    "an outcome on follow-ups": (
        "e3f7b0313e72bd5f43e5bd8b9b954c3975bbcb68b8ed47482cab7de7ffaa2e97"
    ),
    "follow-ups in the search index": (
        "f04fb23dab2e1d3754b77de4d84dc649e706733a35474732aeff877fab69f6e8"
    ),
    "deal history complete: own probability and the moment recorded": (
        "c7706eaef2edc79e4ccc565244ec2ec78cc137883c7544991d3d68ae993b5ce3"
    ),
    "objectives that measure themselves": (
        "9179300c0c0ab7226aec16939537fe1aa478f248684af53f2e8e25ccafa860b4"
    ),
    "search folds the letters Unicode does not decompose, and ligatures": (
        "f63fb5ed5133efd2f7dfaa81ede6991485b910cca0add29c461133ddd41d8214"
    ),
    "each account's newest sentiments kept on it": (
        "e89162dfc8980cf0dcd53b572f5eaccc43809935c323a82aec500525f88856fb"
    ),
    "touches counted by the quarter hour": (
        "8369490c2b5db6dd3d0752bccb1ed43bbb6c413033bae543bdc7629b0c13f280"
    ),
    "the touches of accounts that do not count, by the quarter hour": (
        "3f8bb642ca1967c859462ce3178602a7fb47e26c450c24a48c40c08e234876a2"
    ),
}


def _digest(sql: str) -> str:
    return hashlib.sha256(sql.encode("utf-8")).hexdigest()


def test_released_migrations_never_change() -> None:
    found = {title: _digest(sql) for title, sql in migrations.MIGRATIONS}
    for title, digest in FROZEN.items():
        assert title in found, f"the released migration {title!r} is gone"
        assert found[title] == digest, (
            f"the released migration {title!r} was edited: put its text back and append a "
            "new migration instead"
        )
    titles = [title for title, _ in migrations.MIGRATIONS]
    # released ones keep their order, ahead of any added since
    assert titles[: len(FROZEN)] == list(FROZEN)


def test_every_migration_is_recorded_as_it_is_added() -> None:
    unrecorded = [
        f"{title!r}: {_digest(sql)!r},"
        for title, sql in migrations.MIGRATIONS
        if title not in FROZEN
    ]
    assert unrecorded == [], "append to FROZEN in this file:\n" + "\n".join(unrecorded)


def test_migrations_are_literal_text_that_imports_nothing() -> None:
    """Built from live code (``store.triggers``), a migration would change under files that
    already ran it."""
    tree = ast.parse(Path(migrations.__file__).read_text(encoding="utf-8"))
    imports = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        and not (isinstance(node, ast.ImportFrom) and node.module == "__future__")
    ]
    assert imports == []
    for title, sql in migrations.MIGRATIONS:
        assert isinstance(sql, str) and sql.strip(), title


# --- upgraded step by step == made new ---------------------------------------------------


def _normalise(sql: str | None) -> str | None:
    if sql is None:
        return None
    sql = re.sub(r"\s+", " ", sql).strip()
    return re.sub(r"\s*([(),;])\s*", r"\1", sql).replace('"', "")


def schema(conn: sqlite3.Connection) -> dict[str, Any]:
    """Everything that makes the schema: sqlite_master (normalised SQL), each table's
    columns, the version and the application id."""
    objects = sorted(
        (r[0], r[1], r[2], _normalise(r[3]))
        for r in conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master")
    )
    columns = {
        name: [tuple(r) for r in conn.execute(f'PRAGMA table_info("{name}")')]
        for kind, name, _, _ in objects
        if kind == "table"
    }
    return {
        "objects": objects,
        "columns": columns,
        "version": db.schema_version(conn),
        "application_id": db.application_id(conn),
    }


def _schema_of(path: Path) -> dict[str, Any]:
    conn = db.connect(path)
    try:
        return schema(conn)
    finally:
        conn.close()


@pytest.fixture(scope="module")
def new_schema(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return _schema_of(tmp_path_factory.mktemp("new") / "new.db")


@pytest.mark.parametrize("version", range(1, migrations.LATEST_VERSION))
def test_a_file_left_at_each_version_upgrades_to_what_a_new_file_is(
    version: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    new_schema: dict[str, Any],
) -> None:
    """Made by a sam that stopped at ``version``, then opened by this one."""
    path = tmp_path / "old.db"
    with monkeypatch.context() as patch:
        patch.setattr(db, "MIGRATIONS", migrations.MIGRATIONS[:version])
        patch.setattr(db, "LATEST_VERSION", version)
        conn = db.connect(path)
        assert db.schema_version(conn) == version
        conn.close()
    assert _schema_of(path) == new_schema


@pytest.mark.parametrize("fixture", fixture_params(FIXTURES))
def test_a_released_file_with_rows_upgrades_to_what_a_new_file_is(
    fixture: Path, tmp_path: Path, new_schema: dict[str, Any]
) -> None:
    """The files of ``tests/fixtures/schema`` were made by the sam that released them."""
    path = tmp_path / "sam.db"
    shutil.copyfile(fixture, path)
    assert _schema_of(path) == new_schema


def test_the_comparison_sees_a_difference(tmp_path: Path, new_schema: dict[str, Any]) -> None:
    """Guard the guard: a column or an index more is a different schema."""
    for change in (
        "ALTER TABLE account ADD COLUMN nickname VARCHAR",
        "CREATE INDEX ix_extra ON account (region)",
    ):
        path = tmp_path / f"{len(change)}.db"
        conn = db.connect(path)
        conn.execute(change)
        conn.close()
        # plain sqlite3: sam itself now refuses to open a file with a foreign schema
        raw = sqlite3.connect(path)
        try:
            assert schema(raw) != new_schema
        finally:
            raw.close()
