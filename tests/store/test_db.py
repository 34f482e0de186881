"""The stdlib gateway: opening files safely, migrations with backups, logged transactions.

DESIGN.md, Data safety: WAL, foreign keys on, busy timeout >= 5 s, file mode 0600, versioned
migrations that back the file up first, and a corrupt or foreign file gets a clear error,
never a traceback and never an overwrite.
"""

from __future__ import annotations

import json
import os
import random
import re
import sqlite3
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from trust_support import read_only

from sam_tui.domain.errors import DatabaseProblem, NotFound
from sam_tui.store import db, migrations, triggers

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
LATEST = migrations.LATEST_VERSION


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _account(tx: db.Tx, name: str = "Acme", **extra: object) -> int:
    return tx.insert(
        "account",
        {
            "name": name,
            "name_key": name.casefold(),
            "tier": "key",
            "status": "active",
            "archived": False,
            **extra,
        },
    )


def _interaction(tx: db.Tx, account_id: int, summary: str = "called") -> int:
    return tx.insert(
        "interaction",
        {
            "account_id": account_id,
            "occurred_at": NOW,
            "channel": "call",
            "direction": "out",
            "summary": summary,
            "sentiment": 0,
        },
    )


def _count(conn: sqlite3.Connection, table: str) -> int:
    return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def _raw(path: Path, timeout: float = 5.0) -> sqlite3.Connection:
    """A plain connection, as another program (or another sam process) would open it."""
    return sqlite3.connect(path, isolation_level=None, timeout=timeout)


@pytest.fixture
def permissive_umask() -> Iterator[None]:
    old = os.umask(0)
    yield
    os.umask(old)


def _siblings(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


# --- creating and opening ---------------------------------------------------------------


@pytest.mark.usefixtures("permissive_umask")
def test_new_file_and_its_wal_are_private(db_path: Path) -> None:
    conn = db.connect(db_path)
    try:
        assert _mode(db_path) == 0o600
        with db.write(conn, "test", NOW) as tx:
            _account(tx)
        wal = db_path.with_name(db_path.name + "-wal")
        shm = db_path.with_name(db_path.name + "-shm")
        assert wal.exists() and wal.stat().st_size > 0
        assert _mode(wal) == 0o600
        assert _mode(shm) == 0o600
    finally:
        conn.close()
    assert _mode(db_path) == 0o600


def test_pragmas_in_effect(db_path: Path) -> None:
    db.connect(db_path).close()
    conn = db.connect(db_path)  # reopening an existing file configures it the same way
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
        assert not conn.in_transaction
    finally:
        conn.close()


def test_new_file_is_stamped(conn: sqlite3.Connection) -> None:
    assert conn.execute("PRAGMA application_id").fetchone()[0] == migrations.APPLICATION_ID
    assert db.schema_version(conn) == LATEST
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_empty_file_is_initialised(db_path: Path) -> None:
    db_path.touch()
    conn = db.connect(db_path)
    try:
        assert db.schema_version(conn) == LATEST
        assert conn.execute("PRAGMA application_id").fetchone()[0] == migrations.APPLICATION_ID
        assert _count(conn, "account") == 0
    finally:
        conn.close()


def _refused(path: Path, *fragments: str) -> str:
    """Opening ``path`` fails with a one-line DatabaseProblem; the file is left as it was."""
    before, files = path.read_bytes(), _siblings(path)
    with pytest.raises(DatabaseProblem) as info:
        db.connect(path)
    message = str(info.value)
    assert "\n" not in message
    assert str(path) in message
    for fragment in fragments:
        assert fragment in message
    assert path.read_bytes() == before
    assert _siblings(path) == files  # no -wal/-shm/-journal left next to it either
    return message


_rng = random.Random(20261126)


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(_rng.randbytes(8192), id="random-bytes"),
        pytest.param(b"name,email\nAcme,cfo@acme.example\n" * 50, id="csv-text"),
        pytest.param(b"SQLite", id="truncated-magic"),
        pytest.param(b"SQLite format 3\x00" + _rng.randbytes(4080), id="magic-then-garbage"),
        pytest.param(b"\x00" * 4096, id="zeros"),
    ],
)
def test_garbage_file_is_refused_and_untouched(db_path: Path, content: bytes) -> None:
    db_path.write_bytes(content)
    _refused(db_path)
    assert db_path.read_bytes() == content


def _foreign_sqlite(path: Path, application_id: int = 0, user_version: int = 0) -> None:
    other = sqlite3.connect(path)
    other.executescript(
        "CREATE TABLE photos (id INTEGER PRIMARY KEY, file TEXT);"
        "INSERT INTO photos (file) VALUES ('beach.jpg'), ('dog.jpg');"
        f"PRAGMA application_id = {application_id};"
        f"PRAGMA user_version = {user_version};"
    )
    other.close()


def test_other_programs_sqlite_file_is_refused_and_untouched(db_path: Path) -> None:
    _foreign_sqlite(db_path)
    _refused(db_path, "another program")
    other = sqlite3.connect(db_path)
    try:
        # not even switched to WAL: that rewrites the header of someone else's file
        assert other.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert other.execute("SELECT count(*) FROM photos").fetchone()[0] == 2
    finally:
        other.close()


@pytest.mark.parametrize("tables", [True, False], ids=["with-tables", "empty"])
def test_file_of_another_application_is_refused(db_path: Path, tables: bool) -> None:
    if tables:
        _foreign_sqlite(db_path, application_id=0x47504B47, user_version=3)  # a GeoPackage
    else:
        other = sqlite3.connect(db_path)
        other.execute("PRAGMA application_id = 1234")
        other.close()
    _refused(db_path, "another application")


def test_newer_sam_file_is_refused_naming_both_versions(db_path: Path) -> None:
    db.connect(db_path).close()
    raw = _raw(db_path)
    raw.execute(f"PRAGMA user_version = {LATEST + 1}")
    raw.close()
    message = _refused(db_path, f"v{LATEST + 1}", f"v{LATEST}")
    assert "newer" in message
    check = _raw(db_path)
    try:
        assert check.execute("PRAGMA user_version").fetchone()[0] == LATEST + 1
    finally:
        check.close()


@pytest.mark.parametrize("cut", [1, 100, 4095])
def test_a_file_cut_inside_its_last_page_is_refused_and_untouched(db_path: Path, cut: int) -> None:
    """SQLite opens it (the last page reads back zero-filled) and used to write to it, so the
    damage went unnoticed and was made permanent."""
    _seed(db_path)
    data = db_path.read_bytes()
    assert len(data) % 4096 == 0
    db_path.write_bytes(data[:-cut])
    _refused(db_path, "cut short", "restore it from a backup")


def test_a_read_only_folder_is_explained(db_path: Path) -> None:
    """WAL mode creates sam.db-wal and sam.db-shm next to the file; SQLite only said
    "unable to open database file"."""
    _seed(db_path)
    with read_only(db_path.parent):
        message = _refused(db_path, "read-only", "sam.db-wal")
    assert message == (
        f"cannot open {db_path}: its folder {db_path.parent} is read-only, and SQLite needs "
        "to create sam.db-wal and sam.db-shm there; make the folder writable"
    )


def test_missing_folder_is_refused_not_created(tmp_path: Path) -> None:
    path = tmp_path / "no" / "such" / "folder" / "sam.db"
    with pytest.raises(DatabaseProblem, match="does not exist"):
        db.connect(path)
    assert not (tmp_path / "no").exists()


def _in_another_process(code: str, path: Path) -> str:
    proc = subprocess.run(
        [sys.executable, "-c", f"import sqlite3; c = sqlite3.connect({str(path)!r}); {code}"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_opening_the_file_again_keeps_this_process_s_other_connections_safe(
    db_path: Path,
) -> None:
    """The cockpit has several connections at once (watcher, workers). Opening one more
    used to read the header with open()/close(), and closing a descriptor drops every POSIX
    lock the process holds on the file: another process then took itself for the last user
    and deleted the WAL under the live connection, whose next commit became invisible to
    every other process (and lost if it crashed)."""
    db.connect(db_path).close()
    live = _raw(db_path)  # e.g. the cockpit's watcher, or a worker writing
    try:
        live.execute("INSERT INTO setting (key, value) VALUES ('a', '1')")
        db.connect(db_path).close()  # another thread of the same process opens the file
        _in_another_process(
            "c.execute('SELECT count(*) FROM setting').fetchall(); c.close()", db_path
        )
        assert db_path.with_name(db_path.name + "-wal").exists()  # still shared, not deleted
        live.execute("INSERT INTO setting (key, value) VALUES ('b', '2')")
        seen = _in_another_process(
            "print(c.execute('SELECT count(*) FROM setting').fetchone()[0])", db_path
        )
        assert seen == "2\n"
    finally:
        live.close()


def test_directory_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "sam.db"
    folder.mkdir()
    with pytest.raises(DatabaseProblem, match="folder"):
        db.connect(folder)
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("exists", [False, True], ids=["new", "existing"])
def test_network_filesystem_is_refused(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, exists: bool
) -> None:
    """PITFALLS.md: WAL needs a local disk; a file later moved to a share is refused too."""
    if exists:
        db.connect(db_path).close()
    files = _siblings(db_path)
    before = db_path.read_bytes() if exists else None
    monkeypatch.setattr(db, "_filesystem_type", lambda _path: "nfs4")
    with pytest.raises(DatabaseProblem, match="network filesystem"):
        db.connect(db_path)
    assert _siblings(db_path) == files  # nothing created
    if exists:
        assert db_path.read_bytes() == before


def test_filesystem_type_is_found_on_linux(tmp_path: Path) -> None:
    if not Path("/proc/mounts").exists():
        pytest.skip("no /proc/mounts")
    assert db._filesystem_type(tmp_path) not in (None, "")


# --- migrations -----------------------------------------------------------------------


def _with_v2(monkeypatch: pytest.MonkeyPatch, script: str) -> None:
    monkeypatch.setattr(db, "MIGRATIONS", (*migrations.MIGRATIONS, ("test v2", script)))
    monkeypatch.setattr(db, "LATEST_VERSION", LATEST + 1)


def _seed(path: Path) -> None:
    conn = db.connect(path)
    try:
        with db.write(conn, "seed", NOW) as tx:
            acme = _account(tx, "Acme", renewal_date=date(2027, 1, 1))
            _account(tx, "Globex")
            tx.insert("contact", {"account_id": acme, "name": "Jane", "archived": False})
            _interaction(tx, acme)
    finally:
        conn.close()


def _columns_of(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]


def test_upgrade_backs_up_first(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _seed(db_path)
    _with_v2(monkeypatch, "ALTER TABLE account ADD COLUMN nickname VARCHAR")
    conn = db.connect(db_path)
    try:
        assert db.schema_version(conn) == LATEST + 1
        assert "nickname" in _columns_of(conn, "account")
        assert _count(conn, "account") == 2
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    finally:
        conn.close()

    backup = db_path.with_name(f"{db_path.name}.v{LATEST}.bak")
    assert backup.exists()
    assert _mode(backup) == 0o600
    copy = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("PRAGMA user_version").fetchone()[0] == LATEST
        assert copy.execute("PRAGMA application_id").fetchone()[0] == migrations.APPLICATION_ID
        assert "nickname" not in _columns_of(copy, "account")
        names = [r[0] for r in copy.execute("SELECT name FROM account ORDER BY name")]
        assert names == ["Acme", "Globex"]
        assert copy.execute("SELECT count(*) FROM interaction").fetchone()[0] == 1
    finally:
        copy.close()

    # the backup is a sam file this version of sam can open (restore = copy it back)
    monkeypatch.undo()
    restored = db.connect(backup, migrate=False)
    restored.close()


def test_no_backup_when_nothing_to_upgrade(db_path: Path) -> None:
    _seed(db_path)
    db.connect(db_path).close()
    assert not list(db_path.parent.glob("*.bak*"))


def test_a_file_another_process_upgrades_meanwhile_is_not_backed_up_again(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two processes opening an old file at once: only the one that upgrades it backs it up
    (the backup used to be taken before the write lock, so each of them made one)."""
    _seed(db_path)
    step = "ALTER TABLE account ADD COLUMN nickname VARCHAR"
    _with_v2(monkeypatch, step)
    other = _raw(db_path)
    other.execute("BEGIN IMMEDIATE")  # the other process, upgrading the file right now
    opened: list[int] = []
    seen: list[int] = []  # every version this process reads, in order
    read_old = threading.Event()
    real_version = db.schema_version

    def watched_version(conn: sqlite3.Connection) -> int:
        seen.append(real_version(conn))
        read_old.set()
        return seen[-1]

    monkeypatch.setattr(db, "schema_version", watched_version)

    def open_it() -> None:  # a connection belongs to the thread that made it
        conn = db.connect(db_path)
        opened.append(db.schema_version(conn))
        conn.close()

    thread = threading.Thread(target=open_it)
    thread.start()
    # this one has read the old version, and goes for the lock the other one holds
    assert read_old.wait(timeout=30)
    other.execute(step)
    other.execute(f"PRAGMA user_version = {LATEST + 1}")
    other.execute("COMMIT")
    other.close()
    thread.join(timeout=30)
    # it decided to upgrade on the old version, then found the work done under the lock
    assert seen[:2] == [LATEST, LATEST + 1]
    assert opened == [LATEST + 1]
    assert not list(db_path.parent.glob("*.bak*"))


def test_second_upgrade_keeps_the_first_backup(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _seed(db_path)
    first = db_path.with_name(f"{db_path.name}.v{LATEST}.bak")
    first.write_bytes(b"an older backup the user kept")
    _with_v2(monkeypatch, "ALTER TABLE account ADD COLUMN nickname VARCHAR")
    db.connect(db_path).close()
    assert first.read_bytes() == b"an older backup the user kept"
    assert first.with_name(first.name + ".1").exists()


def test_failed_upgrade_changes_nothing(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _seed(db_path)
    _with_v2(
        monkeypatch,
        "ALTER TABLE account ADD COLUMN nickname VARCHAR;\n"
        "UPDATE account SET nickname = name;\n"
        "CREATE INDEX ix_broken ON no_such_table (x)",
    )
    with pytest.raises(DatabaseProblem):
        db.connect(db_path)
    monkeypatch.undo()
    conn = db.connect(db_path)
    try:
        assert db.schema_version(conn) == LATEST
        assert "nickname" not in _columns_of(conn, "account")
        assert _count(conn, "account") == 2
    finally:
        conn.close()


def _rebuild_account_sql(path: Path, extra_column: str) -> str:
    """SQLite's documented way to change a table: create new, copy, drop old, rename."""
    raw = _raw(path)
    (sql,) = raw.execute("SELECT sql FROM sqlite_master WHERE name = 'account'").fetchone()
    raw.close()
    # a rebuilt table is named "account" (quoted) in sqlite_master since the AUTOINCREMENT one
    new_sql = re.sub(r'CREATE TABLE "?account"? \(', "CREATE TABLE account_new (", sql, count=1)
    new_sql = new_sql.replace("CONSTRAINT ck_tier", f"{extra_column},\n    CONSTRAINT ck_tier", 1)
    columns = ", ".join(migrations.COLUMNS["account"])
    return ";\n".join(
        [
            *triggers.drop_triggers(),
            new_sql,
            f"INSERT INTO account_new ({columns}) SELECT {columns} FROM account",
            "DROP TABLE account",
            "ALTER TABLE account_new RENAME TO account",
            "CREATE INDEX ix_account_renewal ON account (renewal_date)",
            "CREATE INDEX ix_account_status_archived ON account (archived, status)",
            *triggers.TRIGGERS,
        ]
    )


def test_table_rebuild_migration_keeps_child_rows(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PITFALLS.md: with foreign keys on, the DROP of a copied parent table fails or cascades."""
    _seed(db_path)
    _with_v2(monkeypatch, _rebuild_account_sql(db_path, "segment VARCHAR"))
    conn = db.connect(db_path)
    try:
        assert db.schema_version(conn) == LATEST + 1
        assert "segment" in _columns_of(conn, "account")
        assert _count(conn, "account") == 2
        assert _count(conn, "contact") == 1
        assert _count(conn, "interaction") == 1
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1  # back on afterwards
        with pytest.raises(sqlite3.IntegrityError), db.write(conn, "test", NOW) as tx:
            _interaction(tx, 999)
    finally:
        conn.close()


def test_upgrade_that_would_orphan_rows_is_refused(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _seed(db_path)
    _with_v2(monkeypatch, "DELETE FROM account WHERE name = 'Acme'")
    with pytest.raises(DatabaseProblem, match="references"):
        db.connect(db_path)
    monkeypatch.undo()
    conn = db.connect(db_path)
    try:
        assert db.schema_version(conn) == LATEST
        assert _count(conn, "account") == 2
    finally:
        conn.close()


# --- writing --------------------------------------------------------------------------


def test_foreign_key_violation_is_rejected(conn: sqlite3.Connection) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"), db.write(conn, "t", NOW) as tx:
        _interaction(tx, account_id=4242)
    assert _count(conn, "interaction") == 0
    assert _count(conn, "change_log") == 0


def test_check_constraints_are_enforced(conn: sqlite3.Connection) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"), db.write(conn, "t", NOW) as tx:
        _account(tx, tier="platinum")


class Boom(Exception):
    pass


def test_write_rolls_back_everything_when_the_body_raises(conn: sqlite3.Connection) -> None:
    with pytest.raises(Boom), db.write(conn, "test", NOW) as tx:
        acme = _account(tx)
        _interaction(tx, acme)
        tx.update("account", acme, {"notes": "x"})
        raise Boom
    assert not conn.in_transaction
    for table in ("account", "interaction", "change_log"):
        assert _count(conn, table) == 0
    with db.write(conn, "after", NOW) as tx:  # the connection is still usable
        _account(tx)
    assert _count(conn, "account") == 1


def test_failed_commit_releases_the_write_lock(conn: sqlite3.Connection, db_path: Path) -> None:
    """A COMMIT that fails (here: a deferred foreign key) must not leave the lock held."""
    with pytest.raises(sqlite3.IntegrityError), db.write(conn, "test", NOW) as tx:
        tx.execute("PRAGMA defer_foreign_keys = ON")
        _interaction(tx, account_id=4242)
    assert not conn.in_transaction
    other = _raw(db_path, timeout=0.1)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
    finally:
        other.close()
    assert _count(conn, "interaction") == 0


def _log_rows(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    return conn.execute("SELECT * FROM change_log ORDER BY id").fetchall()


def test_change_log_records_every_insert_and_update(conn: sqlite3.Connection) -> None:
    with db.write(conn, "account add", NOW) as tx:
        acme = _account(tx, "Acme", renewal_date=date(2027, 3, 31))
        note = _interaction(tx, acme, "kick-off")
    later = NOW + timedelta(hours=2)
    with db.write(conn, "account edit", later) as tx:
        before = tx.update("account", acme, {"tier": "strategic", "notes": "big one"})
    assert before["tier"] == "key"

    rows = _log_rows(conn)
    assert [(r["entity"], r["entity_id"], r["action"]) for r in rows] == [
        ("account", acme, "create"),
        ("interaction", note, "create"),
        ("account", acme, "update"),
    ]
    first, second, third = rows
    assert first["batch"] == second["batch"]
    assert third["batch"] != first["batch"]
    assert [r["command"] for r in rows] == ["account add", "account add", "account edit"]
    assert [r["at"] for r in rows] == [db.ts(NOW), db.ts(NOW), db.ts(later)]
    assert all(r["undone"] == 0 for r in rows)

    assert first["before"] is None
    created = json.loads(first["after"])
    assert created["id"] == acme
    assert created["name"] == "Acme"
    assert created["renewal_date"] == "2027-03-31"
    assert created["archived"] == 0
    assert created["created_at"] == created["updated_at"] == db.ts(NOW)
    assert json.loads(second["after"])["summary"] == "kick-off"

    assert json.loads(third["before"]) == {"tier": "key", "notes": None, "updated_at": db.ts(NOW)}
    assert json.loads(third["after"]) == {
        "tier": "strategic",
        "notes": "big one",
        "updated_at": db.ts(later),
    }
    row = conn.execute(
        "SELECT tier, notes, updated_at FROM account WHERE id = ?", (acme,)
    ).fetchone()
    assert tuple(row) == ("strategic", "big one", db.ts(later))


def test_batches_differ_across_transactions(conn: sqlite3.Connection) -> None:
    for name in ("A", "B", "C"):
        with db.write(conn, "account add", NOW) as tx:
            _account(tx, name)
    assert len({r["batch"] for r in _log_rows(conn)}) == 3


def test_update_of_missing_row_is_not_found(conn: sqlite3.Connection) -> None:
    with pytest.raises(NotFound, match="#77"), db.write(conn, "edit", NOW) as tx:
        _account(tx)
        tx.update("account", 77, {"notes": "x"})
    assert _count(conn, "account") == 0
    assert _count(conn, "change_log") == 0


def test_update_without_a_real_change_logs_nothing(conn: sqlite3.Connection) -> None:
    with db.write(conn, "add", NOW) as tx:
        acme = _account(tx, renewal_date=date(2027, 1, 1))
    later = NOW + timedelta(days=1)
    with db.write(conn, "edit", later) as tx:
        tx.update(
            "account", acme, {"tier": "key", "archived": False, "renewal_date": date(2027, 1, 1)}
        )
        tx.update("account", acme, {})
    assert len(_log_rows(conn)) == 1
    updated = conn.execute("SELECT updated_at FROM account WHERE id = ?", (acme,)).fetchone()[0]
    assert updated == db.ts(NOW)


def test_unknown_columns_are_refused(conn: sqlite3.Connection) -> None:
    with pytest.raises(KeyError), db.write(conn, "add", NOW) as tx:
        _account(tx, nickname="x")
    with pytest.raises(KeyError), db.write(conn, "add", NOW) as tx:
        tx.insert("no_such_table", {"x": 1})
    assert _count(conn, "account") == 0


def test_naive_datetimes_are_refused(conn: sqlite3.Connection) -> None:
    with pytest.raises(ValueError, match="naive"), db.write(conn, "add", NOW) as tx:
        _account(tx, created_at=NOW.replace(tzinfo=None))
    assert _count(conn, "account") == 0


# --- backups and change detection -----------------------------------------------------------


def test_backup_is_consistent_while_another_connection_writes(
    conn: sqlite3.Connection, db_path: Path
) -> None:
    with db.write(conn, "add", NOW) as tx:
        acme = _account(tx)
        for i in range(200):
            _interaction(tx, acme, f"note {i}")
    writer = _raw(db_path)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute(
            "INSERT INTO account (name, name_key, tier, status, archived, created_at, updated_at)"
            " VALUES ('Pending', 'pending', 'key', 'active', 0, 'x', 'x')"
        )
        writer.execute("DELETE FROM interaction WHERE summary LIKE 'note 1%'")
        target = db.backup(conn, db_path.with_name("copy.db"))
        writer.execute("COMMIT")
    finally:
        writer.close()

    assert _mode(target) == 0o600
    copy = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("PRAGMA application_id").fetchone()[0] == migrations.APPLICATION_ID
        assert copy.execute("PRAGMA user_version").fetchone()[0] == LATEST
        # the last committed state: none of the open transaction's work
        assert [r[0] for r in copy.execute("SELECT name FROM account")] == ["Acme"]
        assert copy.execute("SELECT count(*) FROM interaction").fetchone()[0] == 200
        assert copy.execute("SELECT count(*) FROM change_log").fetchone()[0] == 201
    finally:
        copy.close()
    assert _count(conn, "account") == 2  # and the writer's commit landed in the live file


def test_a_backup_that_fails_midway_leaves_no_file_that_looks_like_one(
    conn: sqlite3.Connection, db_path: Path
) -> None:
    """It used to create the target first and fill it after: a failure (or a kill, see
    test_crashes.py) left an empty database named like the backup."""
    target = db_path.with_name("copy.db")
    source = _raw(db_path)
    source.close()  # the copy fails once the target has been opened
    with pytest.raises(sqlite3.ProgrammingError):
        db.backup(source, target)
    assert _siblings(db_path) == ["sam.db", "sam.db-shm", "sam.db-wal"]


def test_backup_never_overwrites(conn: sqlite3.Connection, db_path: Path) -> None:
    target = db_path.with_name("copy.db")
    target.write_bytes(b"keep me")
    made = db.backup(conn, target)
    assert made != target
    assert target.read_bytes() == b"keep me"
    assert db.backup(conn, target) not in (target, made)


def test_data_version_sees_other_connections_commits_only(
    conn: sqlite3.Connection, db_path: Path
) -> None:
    other = db.connect(db_path)
    try:
        start = db.data_version(conn)
        with db.read(conn):
            conn.execute("SELECT count(*) FROM account").fetchone()
        assert db.data_version(conn) == start  # our own reads
        with db.write(conn, "add", NOW) as tx:
            _account(tx, "Ours")
        assert db.data_version(conn) == start  # and our own writes: not a change from outside

        with db.write(other, "add", NOW) as tx:
            _account(tx, "Theirs")
        after = db.data_version(conn)
        assert after != start
        assert db.data_version(conn) == after  # stable until the next outside commit
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        assert db.data_version(conn) == after  # a rolled-back write is no change
    finally:
        other.close()


def test_read_is_a_snapshot(conn: sqlite3.Connection, db_path: Path) -> None:
    other = db.connect(db_path)
    try:
        with db.read(conn):
            assert _count(conn, "account") == 0
            with db.write(other, "add", NOW) as tx:
                _account(tx)
            assert _count(conn, "account") == 0
        assert not conn.in_transaction
        assert _count(conn, "account") == 1
    finally:
        other.close()


def test_sqlite_errors_get_one_line_for_the_user(db_path: Path) -> None:
    for text, expected in (
        ("file is not a database", "damaged"),
        ("database is locked", "locked"),
        ("attempt to write a readonly database", "read-only"),
    ):
        message = db.describe_sqlite_error(sqlite3.OperationalError(text), db_path)
        assert expected in message and str(db_path) in message and "\n" not in message


def test_codecs_round_trip() -> None:
    moment = datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert db.ts(moment) == "2026-03-29T01:30:00Z"
    assert db.parse_ts(db.ts(moment)) == moment
    assert db.opt_ts(None) is None and db.opt_date(None) is None
    assert db.opt_date("2026-02-28") == date(2026, 2, 28)
    with pytest.raises(ValueError):
        db.ts(NOW.replace(tzinfo=None))


def test_timestamps_before_year_1000_keep_their_padding() -> None:
    """strftime's %Y gave '999-06-01T12:00:00Z': unreadable by parse_ts, and sorting after
    every later year (an account's last touch then stuck in year 999)."""
    early, late = datetime(999, 6, 1, 12, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC)
    assert db.ts(early) == "0999-06-01T12:00:00Z"
    assert db.ts(datetime(1, 1, 1, tzinfo=UTC)) == "0001-01-01T00:00:00Z"
    assert db.parse_ts(db.ts(early)) == early
    assert db.ts(early) < db.ts(late)
    assert db.ts(late.replace(microsecond=999_999)) == "2026-01-01T00:00:00Z"
