"""Derived data kept by SQL triggers: last-touch columns, touches by quarter hour and the
FTS5 search index."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sam_tui.domain.refs import fold
from sam_tui.domain.search import SEARCH_FOLDS
from sam_tui.store import db, migrations, triggers

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def _account(tx: db.Tx, name: str, **extra: object) -> int:
    row = {"name": name, "name_key": name.casefold(), "tier": "key", "status": "active"}
    return tx.insert("account", {**row, "archived": False, **extra})


def _touch(tx: db.Tx, account: int, when: str, contact: int | None = None, text: str = "x") -> int:
    return tx.insert(
        "interaction",
        {
            "account_id": account,
            "contact_id": contact,
            "occurred_at": datetime.fromisoformat(when),
            "summary": text,
            "channel": "call",
            "direction": "out",
            "sentiment": 0,
        },
    )


def _last(conn: sqlite3.Connection, table: str, row_id: int) -> str | None:
    value: str | None = conn.execute(
        f"SELECT last_touch_at FROM {table} WHERE id = ?", (row_id,)
    ).fetchone()[0]
    return value


def _search(conn: sqlite3.Connection, query: str) -> list[int]:
    return [
        r[0]
        for r in conn.execute(
            "SELECT rowid FROM search_index WHERE search_index MATCH ? ORDER BY rowid", (query,)
        )
    ]


def test_last_touch_follows_inserts_edits_and_deletes(conn: sqlite3.Connection) -> None:
    with db.write(conn, "test", NOW) as tx:
        acme = _account(tx, "Acme")
        globex = _account(tx, "Globex")
        ann = tx.insert("contact", {"account_id": acme, "name": "Ann", "archived": False})
    assert _last(conn, "account", acme) is None

    with db.write(conn, "test", NOW) as tx:
        newest = _touch(tx, acme, "2026-11-20T10:00:00+00:00", ann)
        _touch(tx, acme, "2026-11-01T10:00:00+00:00")  # logged late: must not move it back
    assert _last(conn, "account", acme) == "2026-11-20T10:00:00Z"
    assert _last(conn, "contact", ann) == "2026-11-20T10:00:00Z"

    with db.write(conn, "test", NOW) as tx:
        tx.update("interaction", newest, {"account_id": globex, "contact_id": None})
    assert _last(conn, "account", acme) == "2026-11-01T10:00:00Z"
    assert _last(conn, "account", globex) == "2026-11-20T10:00:00Z"
    assert _last(conn, "contact", ann) is None

    conn.execute("DELETE FROM interaction WHERE id = ?", (newest,))
    assert _last(conn, "account", globex) is None


def _kept(conn: sqlite3.Connection, account: int) -> str | None:
    value: str | None = conn.execute(
        "SELECT recent_sentiments FROM account WHERE id = ?", (account,)
    ).fetchone()[0]
    return value


def _recounted(conn: sqlite3.Connection, account: int) -> str | None:
    """The six newest sentiments read from the interactions themselves, newest first."""
    rows = conn.execute(
        "SELECT sentiment FROM interaction WHERE account_id = ? ORDER BY occurred_at DESC, id",
        (account,),
    ).fetchall()
    return ",".join(str(r[0]) for r in rows[:6]) or None


def test_recent_sentiments_follow_inserts_edits_and_deletes(conn: sqlite3.Connection) -> None:
    with db.write(conn, "test", NOW) as tx:
        acme = _account(tx, "Acme")
        globex = _account(tx, "Globex")
    assert _kept(conn, acme) is None
    ids = []
    with db.write(conn, "test", NOW) as tx:
        # eight touches on distinct days, logged out of order, with every sentiment
        for day, sentiment in [(3, 1), (9, -1), (1, 0), (7, 1), (5, -1), (8, 0), (2, 1), (6, 1)]:
            ids.append(_touch(tx, acme, f"2026-11-{day:02d}T10:00:00+00:00"))
            tx.update("interaction", ids[-1], {"sentiment": sentiment})
    # the six newest, newest first: days 9, 8, 7, 6, 5, 3
    assert _kept(conn, acme) == "-1,0,1,1,-1,1" == _recounted(conn, acme)

    with db.write(conn, "test", NOW) as tx:
        tx.update("interaction", ids[1], {"sentiment": 1})  # day 9 now positive
        tx.update("interaction", ids[0], {"occurred_at": datetime(2026, 11, 30, tzinfo=UTC)})
        tx.update("interaction", ids[3], {"account_id": globex})  # day 7 moves to Globex
    assert _kept(conn, acme) == _recounted(conn, acme) == "1,1,0,1,-1,1"
    assert _kept(conn, globex) == _recounted(conn, globex) == "1"

    conn.execute("DELETE FROM interaction WHERE account_id = ?", (acme,))
    assert _kept(conn, acme) is None
    assert _kept(conn, globex) == "1"


def _slots(conn: sqlite3.Connection) -> dict[str, int]:
    return dict(conn.execute("SELECT slot, touches FROM touch_slot ORDER BY slot").fetchall())


def _slots_recounted(conn: sqlite3.Connection) -> dict[str, int]:
    """Each quarter hour's interactions counted from the interactions themselves."""
    found: dict[str, int] = {}
    for (stamp,) in conn.execute("SELECT occurred_at FROM interaction"):
        at = datetime.fromisoformat(stamp)
        key = f"{at:%Y-%m-%dT%H}:{at.minute // 15 * 15:02d}"
        found[key] = found.get(key, 0) + 1
    return dict(sorted(found.items()))


def test_touches_by_quarter_hour_follow_inserts_edits_and_deletes(
    conn: sqlite3.Connection,
) -> None:
    with db.write(conn, "test", NOW) as tx:
        acme = _account(tx, "Acme")
    assert _slots(conn) == {}
    with db.write(conn, "test", NOW) as tx:
        # each edge of a quarter hour, two in one, and midnight
        first = _touch(tx, acme, "2026-11-20T10:14:59+00:00")
        second = _touch(tx, acme, "2026-11-20T10:15:00+00:00")
        _touch(tx, acme, "2026-11-20T10:29:30+00:00")
        _touch(tx, acme, "2026-11-20T23:59:59+00:00")
        last = _touch(tx, acme, "2026-11-21T00:00:00+00:00")
    assert _slots(conn) == _slots_recounted(conn)
    assert _slots(conn) == {
        "2026-11-20T10:00": 1,
        "2026-11-20T10:15": 2,
        "2026-11-20T23:45": 1,
        "2026-11-21T00:00": 1,
    }
    with db.write(conn, "test", NOW) as tx:
        tx.update("interaction", first, {"occurred_at": datetime(2026, 11, 20, 10, 44, tzinfo=UTC)})
        tx.update("interaction", second, {"summary": "no move"})
    assert _slots(conn) == _slots_recounted(conn)
    assert _slots(conn)["2026-11-20T10:15"] == 2
    assert _slots(conn)["2026-11-20T10:30"] == 1
    assert "2026-11-20T10:00" not in _slots(conn)  # an emptied quarter hour goes
    conn.execute("DELETE FROM interaction WHERE id IN (?, ?)", (last, second))
    assert _slots(conn) == _slots_recounted(conn)
    assert "2026-11-21T00:00" not in _slots(conn)
    conn.execute("DELETE FROM interaction")
    assert _slots(conn) == {}


def _aside(conn: sqlite3.Connection) -> dict[str, tuple[int, int]]:
    rows = conn.execute("SELECT slot, touches, prospects FROM touch_slot_aside ORDER BY slot")
    return {slot: (touches, prospects) for slot, touches, prospects in rows}


def _aside_recounted(conn: sqlite3.Connection) -> dict[str, tuple[int, int]]:
    """Each quarter hour's touches of the accounts that do not count (and of those the
    prospects'), counted from the interactions and the accounts as they are now."""
    found: dict[str, tuple[int, int]] = {}
    rows = conn.execute(
        "SELECT i.occurred_at, a.status, a.archived FROM interaction i"
        " JOIN account a ON a.id = i.account_id"
    )
    for stamp, status, archived in rows:
        if status == "active" and not archived:
            continue
        at = datetime.fromisoformat(stamp)
        key = f"{at:%Y-%m-%dT%H}:{at.minute // 15 * 15:02d}"
        touches, prospects = found.get(key, (0, 0))
        found[key] = (touches + 1, prospects + (status == "prospect" and not archived))
    return dict(sorted(found.items()))


def test_touches_set_aside_follow_touches_and_accounts(conn: sqlite3.Connection) -> None:
    with db.write(conn, "test", NOW) as tx:
        acme = _account(tx, "Acme")
        lead = _account(tx, "Lead", status="prospect", prospect_stage="qualified")
        gone = _account(tx, "Gone", status="churned")
    with db.write(conn, "test", NOW) as tx:
        counted = _touch(tx, acme, "2026-11-20T10:14:59+00:00")
        first = _touch(tx, lead, "2026-11-20T10:14:59+00:00")
        _touch(tx, lead, "2026-11-20T10:00:00+00:00")
        churned = _touch(tx, gone, "2026-11-20T10:05:00+00:00")
        _touch(tx, gone, "2026-11-21T00:00:00+00:00")
    assert _aside(conn) == _aside_recounted(conn)
    assert _aside(conn) == {"2026-11-20T10:00": (3, 2), "2026-11-21T00:00": (1, 0)}

    # a touch moved in time, to another account, or both; an edit that moves nothing
    with db.write(conn, "test", NOW) as tx:
        tx.update("interaction", first, {"occurred_at": datetime(2026, 11, 20, 10, 44, tzinfo=UTC)})
        tx.update("interaction", counted, {"account_id": gone})
        tx.update(
            "interaction",
            churned,
            {"account_id": acme, "occurred_at": datetime(2026, 11, 22, tzinfo=UTC)},
        )
        tx.update("interaction", first, {"summary": "no move"})
    assert _aside(conn) == _aside_recounted(conn)
    assert _aside(conn) == {
        "2026-11-20T10:00": (2, 1),
        "2026-11-20T10:30": (1, 1),
        "2026-11-21T00:00": (1, 0),
    }

    # accounts that start and stop counting take their touches with them
    with db.write(conn, "test", NOW) as tx:
        tx.update("account", lead, {"status": "active", "prospect_stage": None})
    assert _aside(conn) == _aside_recounted(conn)
    with db.write(conn, "test", NOW) as tx:
        tx.update("account", acme, {"archived": True})
        tx.update("account", gone, {"status": "prospect", "prospect_stage": "qualified"})
    assert _aside(conn) == _aside_recounted(conn)
    with db.write(conn, "test", NOW) as tx:
        tx.update("account", gone, {"archived": True})  # a prospect archived: no prospect
        tx.update("account", acme, {"name": "Acme Ltd"})  # neither moves anything
    assert _aside(conn) == _aside_recounted(conn)
    with db.write(conn, "test", NOW) as tx:
        tx.update("account", acme, {"archived": False})
        tx.update("account", gone, {"archived": False, "status": "churned"})
    assert _aside(conn) == _aside_recounted(conn)
    assert _aside(conn)  # the comparisons say something

    conn.execute("DELETE FROM interaction WHERE id = ?", (first,))
    assert _aside(conn) == _aside_recounted(conn)
    # an account deleted with its touches (foreign keys off): they are set aside no more
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("DELETE FROM account WHERE id = ?", (gone,))
    conn.execute("PRAGMA foreign_keys = ON")
    assert _aside(conn) == _aside_recounted(conn) == {}
    conn.execute("DELETE FROM interaction")
    assert _aside(conn) == {}


def test_touches_set_aside_follow_a_bulk_load(conn: sqlite3.Connection) -> None:
    from sam_tui.store import bulk

    made = "2026-01-01T00:00:00Z"
    with bulk.load(conn) as load:
        ids = [
            load.add(
                "account",
                {
                    "name": f"Account {n}",
                    "name_key": f"account {n}",
                    "fold_key": f"account {n}",
                    "tier": "key",
                    "status": status,
                    "archived": archived,
                    "created_at": made,
                    "updated_at": made,
                },
            )
            for n, (status, archived) in enumerate(
                [("active", 0), ("prospect", 0), ("churned", 0), ("active", 1), ("prospect", 1)]
            )
        ]
        load.add_many(
            "interaction",
            (
                {
                    "account_id": ids[n % len(ids)],
                    "occurred_at": f"2026-11-{1 + n % 20:02d}T{n % 24:02d}:{n % 60:02d}:00Z",
                    "channel": "call",
                    "direction": "out",
                    "summary": "x",
                    "sentiment": 0,
                    "created_at": made,
                }
                for n in range(500)
            ),
        )
    assert _aside(conn) == _aside_recounted(conn)
    assert sum(t for t, _ in _aside(conn).values()) == 400
    assert sum(p for _, p in _aside(conn).values()) == 100


def test_search_index_follows_every_write(conn: sqlite3.Connection) -> None:
    with db.write(conn, "test", NOW) as tx:
        acme = _account(tx, "Société Générale", notes="pilot in Lyon")
        note = _touch(tx, acme, "2026-11-20T10:00:00+00:00", text="Müller signed the NDA")
    code = triggers.SEARCH_SOURCES
    account_row = acme * triggers.SEARCH_KINDS + code["account"][0]
    note_row = note * triggers.SEARCH_KINDS + code["interaction"][0]
    assert _search(conn, "societe") == [account_row]  # accents folded
    assert _search(conn, "lyon") == [account_row]
    assert _search(conn, "muller") == [note_row]

    with db.write(conn, "test", NOW) as tx:
        tx.update("account", acme, {"name": "SocGen"})
        tx.update("interaction", note, {"summary": "NDA countersigned"})
    assert _search(conn, "societe") == []
    assert _search(conn, "socgen") == [account_row]
    assert _search(conn, "muller") == []
    assert _search(conn, "countersigned") == [note_row]

    conn.execute("DELETE FROM interaction WHERE id = ?", (note,))
    assert _search(conn, "countersigned") == []
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.execute("INSERT INTO search_index (search_index) VALUES ('integrity-check')")


def _v1_database(path: Path) -> None:
    """A file as the released v1 left it (only the first migration applied)."""
    raw = sqlite3.connect(path, isolation_level=None)
    for statement in db._statements(migrations.MIGRATIONS[0][1]):
        raw.execute(statement)
    raw.execute("PRAGMA user_version = 1")
    raw.execute(f"PRAGMA application_id = {migrations.APPLICATION_ID}")
    raw.executescript(
        """
        INSERT INTO account (id, name, name_key, tier, status, archived, created_at, updated_at)
        VALUES (1, 'Müller GmbH', 'müller gmbh', 'key', 'active', 0, '2026-01-01T00:00:00Z',
                '2026-01-01T00:00:00Z');
        INSERT INTO contact (id, account_id, name, archived, created_at, updated_at)
        VALUES (1, 1, 'Jörg', 0, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
        INSERT INTO interaction (account_id, contact_id, occurred_at, channel, direction,
                                 summary, sentiment, created_at)
        VALUES (1, 1, '2026-10-02T08:00:00Z', 'call', 'out', 'renewal terms', 0,
                '2026-10-02T08:00:00Z'),
               (1, NULL, '2026-11-02T08:00:00Z', 'email', 'out', 'sent the quote', 0,
                '2026-11-02T08:00:00Z');
        """
    )
    raw.close()


def test_upgrade_from_v1_fills_the_derived_data(db_path: Path) -> None:
    _v1_database(db_path)
    conn = db.connect(db_path)
    try:
        assert db.schema_version(conn) == migrations.LATEST_VERSION
        assert _last(conn, "account", 1) == "2026-11-02T08:00:00Z"
        assert _last(conn, "contact", 1) == "2026-10-02T08:00:00Z"
        assert _search(conn, "muller") == [1 * triggers.SEARCH_KINDS + 1]
        assert len(_search(conn, "quote OR terms")) == 2
        assert _search(conn, "jorg") == [1 * triggers.SEARCH_KINDS + 2]
        assert _kept(conn, 1) == "0,0"  # filled by the upgrade, newest first
        assert _slots(conn) == {"2026-10-02T08:00": 1, "2026-11-02T08:00": 1}
    finally:
        conn.close()
    assert db_path.with_name(f"{db_path.name}.v1.bak").exists()


# --- the search index folds what names are matched without -----------------------------------


def test_the_sql_fold_and_the_python_fold_agree_on_every_letter(conn: sqlite3.Connection) -> None:
    """The index folds through the view ``search_folded`` (plain SQL), the query through
    ``SEARCH_FOLDS`` (Python); names are matched with ``refs.fold``: all three agree."""
    letters = list(SEARCH_FOLDS)
    with db.write(conn, "test", NOW) as tx:
        for n, letter in enumerate(letters, start=1):
            tx.conn.execute(
                "INSERT INTO search_text (id, title, body) VALUES (?, ?, ?)",
                (-n, letter, f"x{letter}x {letter.upper()} Jürgen"),
            )
    rows = conn.execute("SELECT -id, title, body FROM search_folded WHERE id < 0")
    folded = {r[0]: (r[1], r[2]) for r in rows}
    for n, letter in enumerate(letters, start=1):
        ascii_ = SEARCH_FOLDS[letter]
        assert ascii_ == fold(letter), letter
        assert ascii_.isascii() and ascii_.isalpha() and ascii_.islower(), letter
        title, body = folded[n]
        assert title == ascii_, letter
        # the rest of the text is left to the tokenizer (ü), case included
        capital = letter.upper()
        shown = SEARCH_FOLDS.get(capital, capital) if len(capital) == 1 else capital
        assert body == f"x{ascii_}x {shown} Jürgen", letter


def test_search_triggers_call_no_function_sam_registers(db_path: Path) -> None:
    """Another program writing the file (the sqlite3 shell, a restore) has none of sam's SQL
    functions: each write still keeps the index, folded."""
    db.connect(db_path).close()
    raw = sqlite3.connect(db_path, isolation_level=None)
    try:
        raw.execute(
            "INSERT INTO account (id, name, name_key, tier, status, archived, created_at, "
            "updated_at) VALUES (1, 'Øresund Energi', 'øresund energi', 'key', 'active', 0, "
            "'2026-11-26T09:00:00Z', '2026-11-26T09:00:00Z')"
        )
        raw.execute(
            "INSERT INTO interaction (account_id, occurred_at, channel, direction, summary, "
            "sentiment, created_at) VALUES (1, '2026-11-26T09:00:00Z', 'call', 'out', "
            "'Met Søren about the ﬁnal pricing', 0, '2026-11-26T09:00:00Z')"
        )
        assert _search(raw, "oresund") == [1 * triggers.SEARCH_KINDS + 1]
        assert _search(raw, "soren final") == [1 * triggers.SEARCH_KINDS + 3]
        raw.execute("UPDATE interaction SET summary = 'Straße closed' WHERE id = 1")
        raw.execute("UPDATE account SET name = 'Kattegat' WHERE id = 1")
        assert _search(raw, "soren OR oresund") == []
        assert _search(raw, "strasse") == [1 * triggers.SEARCH_KINDS + 3]
        raw.execute("DELETE FROM interaction")
        assert _search(raw, "strasse") == []
        raw.execute("INSERT INTO search_index (search_index) VALUES ('integrity-check')")
    finally:
        raw.close()
    conn = db.connect(db_path)  # and sam still opens it: nothing foreign was added
    conn.close()


def _at_version(path: Path, version: int) -> None:
    """A book made by a sam whose last migration was ``version``."""
    raw = sqlite3.connect(path, isolation_level=None)
    db.migration_functions(raw)
    for _title, script in migrations.MIGRATIONS[:version]:
        for statement in db._statements(script):
            raw.execute(statement)
    raw.execute(f"PRAGMA user_version = {version}")
    raw.execute(f"PRAGMA application_id = {migrations.APPLICATION_ID}")
    raw.close()


def test_rows_written_before_the_upgrade_are_found_folded(db_path: Path) -> None:
    folds = next(
        n for n, (title, _) in enumerate(migrations.MIGRATIONS, start=1) if "search folds" in title
    )
    _at_version(db_path, folds - 1)
    raw = sqlite3.connect(db_path, isolation_level=None)
    raw.executescript(
        """
        INSERT INTO account (id, name, name_key, tier, status, archived, created_at, updated_at)
        VALUES (1, 'Øresund Energi', 'øresund energi', 'key', 'active', 0,
                '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
        INSERT INTO interaction (account_id, occurred_at, channel, direction, summary,
                                 sentiment, created_at)
        VALUES (1, '2026-11-02T08:00:00Z', 'call', 'out', 'Met Søren about the ﬁnal pricing',
                0, '2026-11-02T08:00:00Z');
        """
    )
    assert _search(raw, "oresund OR soren OR final") == []  # the old index kept them whole
    raw.close()
    conn = db.connect(db_path)
    try:
        assert db.schema_version(conn) == migrations.LATEST_VERSION
        assert _search(conn, "oresund") == [1 * triggers.SEARCH_KINDS + 1]
        assert _search(conn, "soren final") == [1 * triggers.SEARCH_KINDS + 3]
        # the text is shown as written
        shown = conn.execute(
            "SELECT title, body FROM search_index WHERE rowid = ?", (triggers.SEARCH_KINDS + 3,)
        ).fetchone()
        assert tuple(shown) == ("", "Met Søren about the ﬁnal pricing")
    finally:
        conn.close()
