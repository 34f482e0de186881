"""The query builders services write SQL with, and the bulk loader the demo writes through."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path
from typing import NamedTuple

import pytest

from sam_tui.domain.enums import ComplaintStatus, RequestStatus
from sam_tui.domain.errors import NotFound
from sam_tui.store import bulk, db, sql

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def test_an_enum_set_binds_as_in_with_one_mark_per_value() -> None:
    assert sql.one_of("r.status", [RequestStatus.OPEN, RequestStatus.BLOCKED]) == (
        "r.status IN (?, ?)",
        ["open", "blocked"],
    )


@pytest.mark.parametrize("values", [[ComplaintStatus.OPEN], []])
def test_one_value_and_no_value_are_still_valid_sql(values: list[ComplaintStatus]) -> None:
    """The defect it replaces: ``IN {tuple!r}`` gives ``IN ('open',)`` for one status."""
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (status TEXT)")
    conn.executemany("INSERT INTO t VALUES (?)", [("open",), ("resolved",)])
    clause, params = sql.one_of("status", values)
    found = conn.execute(f"SELECT status FROM t WHERE {clause}", params).fetchall()
    assert found == [(v.value,) for v in values]


def test_where_ands_its_conditions_and_keeps_their_values_in_order() -> None:
    where = sql.Where("a.archived = 0").add("a.tier = ?", "key").one_of("a.id", [3, 4])
    assert where.sql == " WHERE a.archived = 0 AND a.tier = ? AND a.id IN (?, ?)"
    assert where.params == ["key", 3, 4]
    assert sql.Where().sql == ""


class Row(NamedTuple):
    id: int
    when: date
    note: str | None
    extra: tuple[str, ...] = ()


def test_a_reader_parses_the_columns_it_is_told_and_leaves_null_alone() -> None:
    conn = sqlite3.connect(":memory:")
    conn.row_factory = sqlite3.Row
    read = sql.reader(Row, when=date.fromisoformat)
    row = conn.execute("SELECT 1 AS id, '2026-11-26' AS [when], NULL AS note").fetchone()
    assert read(row) == Row(1, date(2026, 11, 26), None)
    with pytest.raises(TypeError, match="no fields"):
        sql.reader(Row, wen=date.fromisoformat)


def test_given_keeps_only_the_values_an_edit_was_given() -> None:
    assert sql.given(title="x", due_date=None, priority=0) == {"title": "x", "priority": 0}


def test_by_id_finds_one_record_or_says_which_is_missing(db_path: Path) -> None:
    conn = db.connect(db_path)
    try:
        with db.write(conn, "test", NOW) as tx:
            tx.insert("quota", {"period": "2026", "amount_cents": 5})
        get = sql.by_id("SELECT id, period FROM quota WHERE id = ?", tuple, "quota")
        assert get(conn, 1) == (1, "2026")
        with pytest.raises(NotFound, match="no quota #9"):
            get(conn, 9)
        assert sql.has_rows(conn, "quota") and not sql.has_rows(conn, "deal")
        with pytest.raises(KeyError):
            sql.has_rows(conn, "sqlite_master")
    finally:
        conn.close()


def test_a_bulk_load_lands_whole_or_not_at_all(db_path: Path) -> None:
    conn = db.connect(db_path)
    try:
        with bulk.load(conn) as load:
            load.add_many(
                "quota",
                [
                    {"period": "2026", "amount_cents": 1, "created_at": NOW, "updated_at": NOW},
                    {"period": "2027", "amount_cents": 2, "created_at": NOW, "updated_at": NOW},
                ],
            )
        stamps = {"created_at": NOW, "updated_at": NOW}
        with pytest.raises(sqlite3.IntegrityError), bulk.load(conn) as load:
            load.add("quota", {"period": "2028", "amount_cents": 3, **stamps})
            load.add("quota", {"period": "2026", "amount_cents": 4, **stamps})  # taken
        periods = [r[0] for r in conn.execute("SELECT period FROM quota ORDER BY period")]
        assert periods == ["2026", "2027"]
        # stored as the gateway stores them, and not in the change log
        assert conn.execute("SELECT created_at FROM quota LIMIT 1").fetchone()[0] == db.ts(NOW)
        assert conn.execute("SELECT count(*) FROM change_log").fetchone()[0] == 0
    finally:
        conn.close()


def test_a_bulk_load_refuses_columns_the_schema_does_not_have(db_path: Path) -> None:
    conn = db.connect(db_path)
    try:
        with pytest.raises(KeyError, match="nickname"), bulk.load(conn) as load:
            load.add("account", {"name": "Acme", "nickname": "A"})
        with pytest.raises(KeyError), bulk.load(conn) as load:
            load.clear("no_such_table")
        assert not conn.in_transaction
    finally:
        conn.close()
