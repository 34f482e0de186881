"""One schema, not two: the SQL migrations must build exactly what ``store.models`` declares.

The runtime writes through the stdlib gateway (``store.db``) with hand-written SQL, and the
ORM (``store.orm``) reads the same file through the SQLModel classes. These tests pin the
two together (tables, columns, indexes, foreign keys, CHECK constraints, value formats) and
check that the triage queries stay on indexes (DESIGN.md, Budgets: large portfolio).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import SQLModel, create_engine, select

from sam_tui.services import accounts, triage
from sam_tui.store import db, migrations, models, orm, triggers

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
PARIS = timezone(timedelta(hours=1))


# --- the two databases -------------------------------------------------------------------


@pytest.fixture(scope="module")
def schema_dbs(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[sqlite3.Connection, sqlite3.Connection]]:
    """(built by the migrations, built by ``SQLModel.metadata.create_all``)."""
    folder = tmp_path_factory.mktemp("schema")
    migrated = folder / "migrated.db"
    db.connect(migrated).close()
    declared = folder / "declared.db"
    engine = create_engine(f"sqlite:///{declared}")
    SQLModel.metadata.create_all(engine)
    engine.dispose()
    a, b = sqlite3.connect(migrated), sqlite3.connect(declared)
    yield a, b
    a.close()
    b.close()


def _tables(conn: sqlite3.Connection) -> list[str]:
    return [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]


def _columns(conn: sqlite3.Connection, table: str) -> list[tuple[Any, ...]]:
    # (name, declared type, notnull, pk position); the default is compared too: a column
    # added by ALTER TABLE ... DEFAULT x needs the same server_default in the model.
    return [
        (r[1], r[2].upper(), r[3], r[5], r[4]) for r in conn.execute(f"PRAGMA table_info({table})")
    ]


def _indexes(conn: sqlite3.Connection, table: str) -> list[tuple[Any, ...]]:
    """Every index of ``table`` as (name, unique, origin, partial, key columns).

    Automatic indexes (UNIQUE/PRIMARY KEY constraints) are named by SQLite in creation
    order, so they are keyed by their columns instead of their name.
    """
    found = []
    for _seq, name, unique, origin, partial in conn.execute(f"PRAGMA index_list({table})"):
        keys = tuple(
            (r[2], r[3], r[4])  # column name, descending, collation
            for r in conn.execute(f"PRAGMA index_xinfo({name})")
            if r[5]  # key columns only (not the rowid tail)
        )
        label = "<auto>" if name.startswith("sqlite_autoindex_") else name
        found.append((label, unique, origin, partial, keys))
    return sorted(found)


def _index_sql(conn: sqlite3.Connection, table: str) -> dict[str, str]:
    """Normalised CREATE INDEX text (catches a partial index's WHERE clause)."""
    return {
        name: _normalise(sql)
        for name, sql in conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
            "AND sql IS NOT NULL",
            (table,),
        )
    }


def _foreign_keys(conn: sqlite3.Connection, table: str) -> list[tuple[Any, ...]]:
    # (id, seq, parent table, from, to, on_update, on_delete, match) without the id, which
    # only numbers the constraints
    return sorted(tuple(r[1:]) for r in conn.execute(f"PRAGMA foreign_key_list({table})"))


def _normalise(sql: str) -> str:
    sql = re.sub(r"\s+", " ", sql).strip()
    sql = re.sub(r"\s*([(),])\s*", r"\1", sql)
    return sql.replace('"', "")


def _checks(conn: sqlite3.Connection, table: str) -> list[str]:
    """The CHECK constraints in the table's CREATE statement, normalised, sorted."""
    (sql,) = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).fetchone()
    sql = _normalise(sql)
    found = []
    for match in re.finditer(r"(?:CONSTRAINT (\w+) )?CHECK\(", sql, re.IGNORECASE):
        depth, i = 1, match.end()
        while depth:
            depth += {"(": 1, ")": -1}.get(sql[i], 0)
            i += 1
        found.append(f"{match.group(1) or ''}:{sql[match.end() : i - 1]}")
    return sorted(found)


def _schema_objects(conn: sqlite3.Connection) -> list[tuple[str, str, str]]:
    return sorted(
        (r[0], r[1], r[2])
        for r in conn.execute(
            "SELECT type, name, tbl_name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        )
    )


TABLES = sorted(SQLModel.metadata.tables)
TOUCH_SLOTS = ("touch_slot", "touch_slot_aside")


def test_same_tables_indexes_triggers_and_views(schema_dbs: tuple[sqlite3.Connection, ...]) -> None:
    migrated, declared = schema_dbs
    assert _tables(migrated) == _tables(declared)
    # beyond the models: the FTS5 search index, its shadow tables and the text it shows,
    # and the touches by quarter hour, all and those set aside (store.triggers)
    derived = [
        t
        for t in _tables(migrated)
        if t.startswith("search_index") or t in ("search_text", *TOUCH_SLOTS)
    ]
    assert [t for t in _tables(migrated) if t not in derived] == TABLES
    assert _schema_objects(migrated) == _schema_objects(declared)


def test_same_trigger_and_search_index_sql(schema_dbs: tuple[sqlite3.Connection, ...]) -> None:
    def sql_of(conn: sqlite3.Connection) -> dict[str, str]:
        return {
            name: _normalise(sql)
            for name, sql in conn.execute(
                "SELECT name, sql FROM sqlite_master WHERE type IN ('trigger', 'view') "
                "OR name IN ('search_index', 'search_text', 'touch_slot', 'touch_slot_aside')"
            )
        }

    migrated, declared = schema_dbs
    assert sql_of(migrated) == sql_of(declared)
    assert len(sql_of(migrated)) == len(triggers.STATEMENTS)


@pytest.mark.parametrize("table", TABLES)
def test_table_matches_the_model(schema_dbs: tuple[sqlite3.Connection, ...], table: str) -> None:
    migrated, declared = schema_dbs
    assert _columns(migrated, table) == _columns(declared, table)
    assert _indexes(migrated, table) == _indexes(declared, table)
    assert _index_sql(migrated, table) == _index_sql(declared, table)
    assert _foreign_keys(migrated, table) == _foreign_keys(declared, table)
    assert _checks(migrated, table) == _checks(declared, table)


def test_the_check_comparison_sees_check_constraints(
    schema_dbs: tuple[sqlite3.Connection, ...],
) -> None:
    """Guard the guard: the extraction finds the constraints, so equality means something."""
    migrated, _ = schema_dbs
    assert "ck_tier:tier IN('strategic','key','growth')" in _checks(migrated, "account")
    assert len(_checks(migrated, "deal")) == 5
    assert _checks(migrated, "setting") == []


@pytest.mark.parametrize("table", TABLES)
def test_gateway_column_order_is_the_models(table: str) -> None:
    model_columns = tuple(c.name for c in SQLModel.metadata.tables[table].columns)
    assert migrations.COLUMNS[table] == model_columns


def test_gateway_knows_every_table() -> None:
    assert sorted(migrations.COLUMNS) == TABLES


def test_migrations_are_numbered_by_user_version(db_path: Path) -> None:
    conn = db.connect(db_path)
    try:
        assert migrations.LATEST_VERSION == len(migrations.MIGRATIONS)
        assert db.schema_version(conn) == migrations.LATEST_VERSION
        assert conn.execute("PRAGMA application_id").fetchone()[0] == migrations.APPLICATION_ID
    finally:
        conn.close()


# --- values written by one side read back by the other ---------------------------------------


def _account_values(name: str = "Acme") -> dict[str, object]:
    return {
        "name": name,
        "name_key": name.casefold(),
        "tier": "strategic",
        "status": "active",
        "archived": True,
        "annual_value_cents": 12_345_678_901,
        "renewal_date": date(2027, 3, 31),
        "cadence_days": 14,
        "notes": "Zoë; ünïcode [bold]",
        "created_at": datetime(2026, 11, 26, 10, 15, 30, tzinfo=PARIS),
    }


def test_gateway_rows_read_back_through_the_orm(db_path: Path) -> None:
    conn = db.connect(db_path)
    try:
        with db.write(conn, "test", NOW) as tx:
            account_id = tx.insert("account", _account_values())
            follow_up_id = tx.insert(
                "follow_up",
                {
                    "account_id": account_id,
                    "title": "send the deck",
                    "due_date": date(2026, 12, 4),
                    "due_time": "15:30",
                    "priority": "high",
                    "status": "done",
                    "done_at": datetime(2026, 11, 27, 18, 0, tzinfo=PARIS),
                    "snooze_count": 2,
                },
            )
    finally:
        conn.close()

    engine = orm.make_engine(db_path)
    try:
        with orm.session(engine) as session:
            account = session.get(models.Account, account_id)
            assert account is not None
            assert account.name == "Acme"
            assert account.notes == "Zoë; ünïcode [bold]"
            assert account.annual_value_cents == 12_345_678_901
            assert type(account.annual_value_cents) is int
            assert account.renewal_date == date(2027, 3, 31)
            assert type(account.renewal_date) is date
            assert account.archived is True
            assert account.created_at == datetime(2026, 11, 26, 9, 15, 30, tzinfo=UTC)
            assert account.created_at.utcoffset() == timedelta(0)
            assert account.updated_at == NOW  # filled in by the gateway
            assert account.updated_at.tzinfo is not None

            follow_up = session.get(models.FollowUp, follow_up_id)
            assert follow_up is not None
            assert follow_up.due_date == date(2026, 12, 4)
            assert follow_up.done_at == datetime(2026, 11, 27, 17, 0, tzinfo=UTC)
            assert follow_up.done_at is not None and follow_up.done_at.utcoffset() == timedelta(0)
            assert follow_up.snooze_count == 2
            assert follow_up.contact_id is None
    finally:
        engine.dispose()


def test_orm_rows_read_back_through_the_gateway(db_path: Path) -> None:
    engine = orm.make_engine(db_path)
    opened = datetime(2026, 11, 26, 10, 0, 5, tzinfo=PARIS)
    try:
        with orm.session(engine) as session:
            account = models.Account(
                name="Globex",
                name_key="globex",
                renewal_date=date(2027, 1, 15),
                annual_value_cents=990_000,
                created_at=NOW,
                updated_at=NOW,
            )
            session.add(account)
            session.flush()
            assert account.id is not None
            complaint = models.Complaint(
                account_id=account.id,
                title="invoice wrong",
                severity="high",
                opened_at=opened,
                sla_due_at=opened + timedelta(hours=24),
                created_at=NOW,
                updated_at=NOW,
            )
            follow_up = models.FollowUp(
                account_id=account.id,
                title="call back",
                due_date=date(2026, 11, 30),
                created_at=NOW,
                updated_at=NOW,
            )
            session.add_all([complaint, follow_up])
            session.commit()
            ids = account.id, complaint.id, follow_up.id
    finally:
        engine.dispose()

    conn = db.connect(db_path)
    try:
        with db.read(conn):
            a = conn.execute("SELECT * FROM account WHERE id = ?", (ids[0],)).fetchone()
            c = conn.execute("SELECT * FROM complaint WHERE id = ?", (ids[1],)).fetchone()
            f = conn.execute("SELECT * FROM follow_up WHERE id = ?", (ids[2],)).fetchone()
    finally:
        conn.close()
    # defaults declared in the models are the gateway's vocabulary
    assert (a["tier"], a["status"], a["archived"]) == ("key", "active", 0)
    assert db.opt_date(a["renewal_date"]) == date(2027, 1, 15)
    assert a["annual_value_cents"] == 990_000
    assert db.parse_ts(a["created_at"]) == NOW
    # stored text is byte-for-byte the gateway's format: SQL compares these as strings
    assert c["opened_at"] == db.ts(opened) == "2026-11-26T09:00:05Z"
    assert c["sla_due_at"] == db.ts(opened + timedelta(hours=24))
    assert db.parse_ts(c["opened_at"]) == opened
    assert db.parse_ts(c["opened_at"]).utcoffset() == timedelta(0)
    assert db.opt_ts(c["first_response_at"]) is None
    assert (c["status"], c["severity"]) == ("open", "high")
    assert db.opt_date(f["due_date"]) == date(2026, 11, 30)
    assert f["due_date"] == "2026-11-30"
    assert (f["priority"], f["status"], f["snooze_count"]) == ("normal", "open", 0)


def test_orm_refuses_naive_datetimes(db_path: Path) -> None:
    engine = orm.make_engine(db_path)
    try:
        with orm.session(engine) as session:
            session.add(
                models.Account(
                    name="Naive",
                    name_key="naive",
                    created_at=NOW.replace(tzinfo=None),
                    updated_at=NOW,
                )
            )
            with pytest.raises(Exception, match="naive"):
                session.commit()
            session.rollback()
            assert session.exec(select(models.Account)).all() == []
    finally:
        engine.dispose()


# --- the triage queries stay on indexes ------------------------------------------------------

# Tables that grow with the portfolio (1,000,000 interactions, 100,000 follow-ups): a full
# scan of any of them makes the dashboard miss its budget. Scanning account is expected.
# touch_slot(_aside): up to 35,040 quarter hours a year, read by a span's range of its key
BIG_TABLES = {"interaction", "follow_up", "complaint", *TOUCH_SLOTS}
_NOT_ALIASES = {
    "WHERE",
    "ORDER",
    "GROUP",
    "LIMIT",
    "JOIN",
    "LEFT",
    "INNER",
    "CROSS",
    "ON",
    "USING",
    "NATURAL",
    "UNION",
    "HAVING",
    "WINDOW",
}


class _Recorder:
    """Stands in for the connection and remembers every statement a read model runs."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.statements: list[tuple[str, Any]] = []

        self.row_factory: Any = None

    def execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        self.statements.append((sql, params))
        return self.conn.execute(sql, params)

    def cursor(self) -> _Recorder:
        # read models ask for a tuple cursor on hot queries; rows unpack the same way
        return self

    @property
    def in_transaction(self) -> bool:  # db.read joins a snapshot already open
        return self.conn.in_transaction


def _aliases(sql: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for table, alias in re.findall(
        r"\b(?:FROM|JOIN)\s+([A-Za-z_]\w*)(?:\s+(?:AS\s+)?([A-Za-z_]\w*))?", sql, re.IGNORECASE
    ):
        found[table] = table
        if alias and alias.upper() not in _NOT_ALIASES:
            assert found.get(alias, table) == table, f"alias {alias} names two tables"
            found[alias] = table
    return found


def _full_scans(conn: sqlite3.Connection, sql: str, params: Any) -> tuple[list[str], list[str]]:
    """(tables fully scanned, the plan as text)."""
    names = _aliases(sql)
    plan = [r[3] for r in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params)]
    scanned = []
    for detail in plan:
        match = re.match(r"SCAN (\w+)", detail)
        if match and match.group(1) in names:
            scanned.append(names[match.group(1)])
    return scanned, plan


@pytest.fixture
def read_model_sql(conn: sqlite3.Connection) -> list[tuple[str, Any]]:
    """Every SELECT run by the triage dashboard (its first frame too), the accounts table,
    the pipeline and an account's timeline read page by page, with its parameters."""
    from sam_tui.services import account_detail, deals

    recorder = _Recorder(conn)
    triage.load(recorder)  # type: ignore[arg-type]
    triage.head(recorder, 20)  # type: ignore[arg-type]
    accounts.summaries(recorder)  # type: ignore[arg-type]
    accounts.summaries(recorder, accounts.EVERY)  # type: ignore[arg-type]
    deals.list_deals(recorder)  # type: ignore[arg-type]
    account_detail.timeline(recorder, 1, 5)  # type: ignore[arg-type]
    older = account_detail.TimelineEntry(NOW, "call", "", step=0, seq=10**9)
    account_detail.timeline(recorder, 1, 5, before=older)  # type: ignore[arg-type]
    statements = [(s, p) for s, p in recorder.statements if s.lstrip().upper().startswith("SELECT")]
    assert len(statements) >= 5, "the read models ran fewer queries than expected"
    return statements


def test_triage_queries_never_scan_big_tables(
    conn: sqlite3.Connection, read_model_sql: list[tuple[str, Any]]
) -> None:
    for sql, params in read_model_sql:
        scanned, plan = _full_scans(conn, sql, params)
        assert not BIG_TABLES & set(scanned), (
            f"full scan of {sorted(BIG_TABLES & set(scanned))} in\n{sql}\nplan: {plan}"
        )


def test_summary_sql_is_index_backed(conn: sqlite3.Connection) -> None:
    sql, params = accounts._summary_query(accounts.PORTFOLIO)
    scanned, plan = _full_scans(conn, sql, params)
    assert not BIG_TABLES & set(scanned), plan
    # no lookup per account: the newest sentiments are kept on the account (store.triggers),
    # the open follow-ups read once for all (``_open_follow_ups``)
    assert "interaction" not in sql and "follow_up" not in sql, sql
    recorder = _Recorder(conn)
    accounts._open_follow_ups(recorder, date(2026, 11, 26), None)  # type: ignore[arg-type]
    ((pre_read, pre_params),) = recorder.statements
    _, plan = _full_scans(conn, pre_read, pre_params)
    assert any("ix_follow_up" in step for step in plan), plan


@pytest.fixture
def list_sql(conn: sqlite3.Connection) -> list[tuple[str, Any]]:
    """Every SELECT the CLI's lists and `sam today` run by default (issue 17)."""
    from sam_tui.services import (
        complaints,
        contacts,
        deals,
        follow_ups,
        ideas,
        objectives,
        prospects,
        requests,
    )
    from sam_tui.store import sql

    recorder = _Recorder(conn)
    r: Any = recorder
    triage.load(r, limit=30)
    list(accounts.each_summary(r))
    list(contacts.each_contact(r))
    list(follow_ups.each_follow_up(r))
    list(follow_ups.each_follow_up(r, overdue_only=True))
    complaints.list_complaints(r, open_only=True)
    deals.list_deals(r, open_only=True)
    requests.list_requests(r, open_only=True)
    ideas.list_ideas(r)
    objectives.list_objectives(r)
    prospects.list_prospects(r)
    for table in ("account", "contact", "follow_up"):
        sql.largest_id(r, table)
    statements = [(s, p) for s, p in recorder.statements if s.lstrip().upper().startswith("SELECT")]
    assert len(statements) >= 12, "the lists ran fewer queries than expected"
    return statements


def test_list_queries_never_scan_big_tables(
    conn: sqlite3.Connection, list_sql: list[tuple[str, Any]]
) -> None:
    for sql, params in list_sql:
        scanned, plan = _full_scans(conn, sql, params)
        assert not BIG_TABLES & set(scanned), (
            f"full scan of {sorted(BIG_TABLES & set(scanned))} in\n{sql}\nplan: {plan}"
        )


def test_the_accounts_list_streams_in_name_order_without_sorting_first(
    conn: sqlite3.Connection,
) -> None:
    # a sort (temp b-tree) would compute every account's figures before the first row
    # is printed; the name index gives them in order, one at a time
    sql, params = accounts._summary_query(accounts.PORTFOLIO)
    plan = [r[3] for r in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params)]
    assert not any("TEMP B-TREE" in step for step in plan if "ORDER BY" in step), plan
    assert any(step.startswith("SCAN a USING INDEX") for step in plan), plan


def test_scan_detection_works(conn: sqlite3.Connection) -> None:
    """Guard the guard: an unindexed filter is reported as a scan of its table."""
    scanned, _ = _full_scans(conn, "SELECT id FROM interaction i WHERE i.summary = ?", ("x",))
    assert scanned == ["interaction"]
    scanned, _ = _full_scans(conn, "SELECT count(*) FROM follow_up", ())
    assert scanned == ["follow_up"]  # a covering-index scan is still a full scan


def test_the_accounts_table_reads_open_complaints_requests_and_follow_ups_once(
    conn: sqlite3.Connection,
) -> None:
    # they are few: one read each from their (status, ...) index for the whole portfolio,
    # not a lookup per account (~60 ms of the accounts table on 9,000 accounts; the open
    # follow-ups, each account's next and overdue ones, ~70 ms). Looked up
    # per account, SQLite once preferred the (status, due_date) index anyway and read
    # every overdue request once per account: 5.8 s.
    recorder = _Recorder(conn)
    accounts.summaries(recorder)  # type: ignore[arg-type]
    for table, index in (
        ("complaint", "ix_complaint_status_sla"),
        ("internal_request", "ix_request_status_due"),
        ("follow_up", "ix_follow_up_status_due"),
    ):
        reads = [(s, p) for s, p in recorder.statements if re.search(rf"\b{table}\b", s)]
        assert len(reads) == 1, reads
        plan = [r[3] for r in conn.execute(f"EXPLAIN QUERY PLAN {reads[0][0]}", reads[0][1])]
        assert plan[0].startswith(f"SEARCH {table} USING INDEX {index} (status=?"), plan


@pytest.fixture
def report_sql(demo_db: Path) -> Iterator[tuple[sqlite3.Connection, list[tuple[str, Any]]]]:
    """Every SELECT the week, month, quarter and year reports run on the demo book (each
    section runs: the demo uses every feature), with its parameters."""
    from sam_tui.reports.base import build, resolve_period
    from sam_tui.reports.kinds import KINDS

    connection = db.connect(demo_db)
    recorder = _Recorder(connection)
    for kind in KINDS.values():
        period = resolve_period(kind.period_kind, None, NOW.date())
        build(kind, recorder, period, now=NOW)  # type: ignore[arg-type]
    statements = [
        (s, p) for s, p in recorder.statements if s.lstrip().upper().startswith(("SELECT", "WITH"))
    ]
    assert len(statements) >= 100, "the reports ran fewer queries than expected"
    yield connection, statements
    connection.close()


# What a report reads whole, on purpose: a span's follow-ups done or created (no index on
# done_at or created_at: one pass, ~13 ms per 100,000 follow-ups) and the complaints open
# at some moment of a span (an interval no single index serves; complaints are hundreds).
REPORT_SCANS = {"follow_up", "complaint"}


def test_report_queries_never_scan_big_tables(
    report_sql: tuple[sqlite3.Connection, list[tuple[str, Any]]],
) -> None:
    # a report on 10,000 accounts and 1,000,000 touches within 1 s (issue 17): whatever
    # the period's length, no report reads the touches whole
    connection, statements = report_sql
    for sql, params in statements:
        scanned, plan = _full_scans(connection, sql, params)
        assert not (BIG_TABLES - REPORT_SCANS) & set(scanned), (
            f"full scan of {sorted(BIG_TABLES & set(scanned))} in\n{sql}\nplan: {plan}"
        )
