"""`sam export json` / `sam import json`: a whole book out and back, exactly; merged, never doubled.

The full book is the schema fixture's (tests/fixtures/schema/make_fixture.py: rows in every
table, child rows included), so every table takes the round trip.
"""

from __future__ import annotations

import importlib.util
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from samcli import digest, fails, ok, query, seed

from sam_tui.store import db
from sam_tui.store.migrations import COLUMNS, LATEST_VERSION

MAKE_FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "schema" / "make_fixture.py"


def full_book(path: Path) -> Path:
    """A book with rows in every table (the schema fixture's content)."""
    spec = importlib.util.spec_from_file_location("make_fixture", MAKE_FIXTURE)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    conn = db.connect(path)
    try:
        module.build(conn)
    finally:
        conn.close()
    return path


def tables(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, ``rowid`` first, plus what the search index holds."""
    conn = sqlite3.connect(path)
    try:
        found = {
            t: conn.execute(f"SELECT rowid, * FROM {t} ORDER BY rowid").fetchall() for t in COLUMNS
        }
        found["search_index"] = conn.execute(
            "SELECT rowid, title, body FROM search_index ORDER BY rowid"
        ).fetchall()
        return found
    finally:
        conn.close()


def without_stamp(text: str) -> str:
    head, _, rest = text.partition("\n")
    assert '"exported_at": "' in head
    return head.split('"exported_at"')[0] + "\n" + rest


def test_a_book_goes_out_and_comes_back_exactly(sam, tmp_path):
    original = full_book(tmp_path / "a.db")
    assert all(tables(original)[t] for t in COLUMNS), "the fixture fills every table"
    first = tmp_path / "book.json"
    out = ok(sam("export", "json", str(first), db=original))
    assert out.startswith(f"Wrote {first}: 5 accounts, 2 complaints, ")
    assert ", 4 contacts, " in out and "change log" not in out
    restored = tmp_path / "b.db"
    out = ok(sam("import", "json", str(first), db=restored))
    assert out.splitlines()[0] == "book.json: restored into an empty book"
    assert tables(restored) == tables(original)
    second = tmp_path / "again.json"
    ok(sam("export", "json", str(second), db=restored))
    assert without_stamp(second.read_text()) == without_stamp(first.read_text())
    # and the restored book works: search, history, undo of its latest command
    assert "Acme Corp" in ok(sam("search", "pilot", db=restored))
    assert "The next undo reverts: fixture (Tue 10 Mar 08:00)" in ok(
        sam("undo", "--list", db=restored)
    )


def test_the_document_says_what_it_is_one_row_a_line(sam, tmp_path):
    seed(sam)
    path = tmp_path / "book.json"
    ok(sam("export", "json", str(path)))
    text = path.read_text(encoding="utf-8")
    doc = json.loads(text)
    assert list(doc) == ["format", "version", "schema", "exported_at", "tables"]
    assert (doc["format"], doc["version"], doc["schema"]) == ("sam-book", 1, LATEST_VERSION)
    assert doc["exported_at"] == "2026-11-26T09:00:00Z"
    assert sorted(doc["tables"]) == sorted(COLUMNS)
    assert doc["tables"]["setting"]["columns"] == ["rowid", "key", "value"]
    assert doc["tables"]["account"]["rows"][0][:3] == [1, "Acme Corp", "acme corp"]
    assert '\n[1, "Acme Corp", "acme corp", "strategic", ' in text
    assert path.stat().st_mode & 0o777 == 0o600


def test_export_never_replaces_a_file_without_force(sam, tmp_path):
    path = tmp_path / "book.json"
    path.write_text("mine")
    assert fails(sam("export", "json", str(path))) == (
        f"error: {path} already exists; add --force to replace it"
    )
    assert path.read_text() == "mine"
    ok(sam("export", "json", str(path), "--force"))
    assert json.loads(path.read_text())["format"] == "sam-book"


def test_a_dry_run_into_an_empty_book_writes_nothing(sam, tmp_path):
    seed(sam)
    doc = tmp_path / "book.json"
    ok(sam("export", "json", str(doc)))
    target = tmp_path / "new.db"
    out = ok(sam("import", "json", str(doc), "--dry-run", db=target))
    assert out.endswith("Nothing was written (--dry-run).\n")
    assert all(rows == [] for rows in tables(target).values())


def test_merging_the_same_book_again_changes_nothing(sam, db_path, tmp_path):
    seed(sam)
    doc = tmp_path / "book.json"
    ok(sam("export", "json", str(doc)))
    before = tables(db_path)
    out = ok(sam("import", "json", str(doc)))
    assert "  added: nothing\n" in out
    assert "  already the same: 3 accounts, 2 contacts\n" in out
    assert "not merged: the other book's history (5 recorded changes)" in out
    assert tables(db_path) == before


def test_another_book_merges_by_name_and_stable_ids_and_undo_takes_it_back(
    sam, db_path, tmp_path, monkeypatch
):
    seed(sam)  # Acme Corp, Acme Labs, Globex; Jane Doe, Bob Smith
    other = tmp_path / "other.db"
    ok(sam("account", "add", "Acme Corp", "--tier", "key", db=other))
    ok(sam("account", "add", "Acme Labs", "--notes", "Theirs", db=other))
    ok(sam("account", "add", "Initech", "--industry", "Software", db=other))
    ok(sam("contact", "add", "initech", "Peter Gibbons", db=other))
    ok(sam("log", "initech", "Kick-off call", "--with", "peter", db=other))
    monkeypatch.setenv("SAM_NOW", "2026-11-27T10:00")
    ok(sam("account", "edit", "acme labs", "--industry", "Robotics", db=other))
    doc = tmp_path / "other.json"
    ok(sam("export", "json", str(doc), db=other))
    before = tables(db_path)

    out = ok(sam("import", "json", str(doc)))
    assert "  added: 1 account, 1 contact, 1 interaction\n" in out
    assert "  updated (changed later in the document): 1 account\n" in out
    assert "  kept (this book's copy is as new or newer): 1 account\n" in out
    assert query(
        db_path, "SELECT name, tier, industry, notes, created_at FROM account ORDER BY id"
    ) == [
        # the same name: one account; this book's copy is as new, so it stays
        ("Acme Corp", "strategic", "Logistics", None, "2026-11-26T09:00:00Z"),
        # theirs was changed later: its values, but its creation here stays
        ("Acme Labs", "key", "Robotics", "Theirs", "2026-11-26T09:00:00Z"),
        ("Globex", "growth", None, None, "2026-11-26T09:00:00Z"),
        ("Initech", "key", "Software", None, "2026-11-26T09:00:00Z"),
    ]
    assert query(
        db_path,
        "SELECT c.name, a.name FROM contact c JOIN account a ON a.id = c.account_id "
        "WHERE c.name = 'Peter Gibbons'",
    ) == [("Peter Gibbons", "Initech")]
    assert query(
        db_path,
        "SELECT a.name, i.summary, a.last_touch_at FROM interaction i "
        "JOIN account a ON a.id = i.account_id",
    ) == [("Initech", "Kick-off call", "2026-11-26T09:00:00Z")]

    # merged again: everything is found, nothing doubles
    merged = tables(db_path)
    again = ok(sam("import", "json", str(doc)))
    assert "  added: nothing\n" in again
    assert tables(db_path) == merged

    # the first merge is one command: undo it (the second wrote nothing)
    ok(sam("undo", "--yes"))
    assert tables(db_path) == {**before, "change_log": tables(db_path)["change_log"]}


def test_a_book_moved_to_another_machine_merges_back_both_ways(sam, tmp_path, monkeypatch):
    laptop, desktop = tmp_path / "laptop.db", tmp_path / "desktop.db"
    seed(lambda *a, **k: sam(*a, db=laptop))
    moved = tmp_path / "moved.json"
    ok(sam("export", "json", str(moved), db=laptop))
    ok(sam("import", "json", str(moved), db=desktop))
    # both go on living, the same day and the next
    ok(sam("account", "add", "From the laptop", db=laptop))  # #4 on both, made apart
    monkeypatch.setenv("SAM_NOW", "2026-11-27T10:00")
    ok(sam("account", "edit", "globex", "--tier", "strategic", db=laptop))
    ok(sam("account", "add", "From the desktop", db=desktop))
    back = tmp_path / "back.json"
    ok(sam("export", "json", str(back), db=laptop))
    out = ok(sam("import", "json", str(back), db=desktop))
    assert "  added: 1 account\n" in out
    assert "  updated (changed later in the document): 1 account\n" in out
    assert query(desktop, "SELECT name, tier FROM account ORDER BY name") == [
        ("Acme Corp", "strategic"),
        ("Acme Labs", "key"),
        ("From the desktop", "key"),
        ("From the laptop", "key"),
        ("Globex", "strategic"),
    ]


# --- a document is checked whole before anything is written ----------------------------------


def _doc(sam: Any, tmp_path: Path) -> dict[str, Any]:
    seed(sam)
    path = tmp_path / "good.json"
    ok(sam("export", "json", str(path)))
    loaded: dict[str, Any] = json.loads(path.read_text())
    return loaded


def _broken(doc: dict[str, Any], change: str) -> Any:
    t = doc["tables"]
    if change == "format":
        doc["format"] = "sam-backup"
    elif change == "version":
        doc["version"] = 2
    elif change == "schema":
        doc["schema"] = LATEST_VERSION + 1
    elif change == "key":
        doc["comment"] = "hi"
    elif change == "table":
        t["widgets"] = {"columns": ["id"], "rows": []}
    elif change == "column":
        t["account"]["columns"][1] = "title"
    elif change == "missing":
        t["account"] = {"columns": t["account"]["columns"][1:], "rows": []}
    elif change == "integer":
        t["account"]["rows"][0][8] = "12.5"
    elif change == "flag":
        t["account"]["rows"][0][5] = 2
    elif change == "date":
        t["account"]["rows"][0][9] = "31/03/2027"
    elif change == "stamp":
        t["account"]["rows"][0][14] = "2026-11-26T09:00:00"
    elif change == "json":
        t["change_log"]["rows"][0][8] = "{not json"
    elif change == "twice":
        t["account"]["rows"].append(list(t["account"]["rows"][0]))
    elif change == "short":
        t["account"]["rows"][0] = t["account"]["rows"][0][:3]
    elif change == "empty":
        t["account"]["rows"][0][1] = None
    return doc


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("format", 'not a sam book: no "format": "sam-book" (`sam export json` writes one)'),
        ("version", "the document was written by a newer sam (format v2, schema"),
        (
            "schema",
            f"the document was written by a newer sam (format v1, schema v{LATEST_VERSION + 1}",
        ),
        ("key", "not a sam book document: unknown key 'comment'"),
        ("table", 'unknown table "widgets"; nothing was imported'),
        ("column", 'table account: unknown column "title"'),
        ("missing", "table account: no column id"),
        ("integer", 'column annual_value_cents: "12.5" is not a whole number'),
        ("flag", "table account, row 1, column archived: 2 is not 0 or 1"),
        ("date", 'table account, row 1, column renewal_date: "31/03/2027" is not a date'),
        ("stamp", 'column created_at: "2026-11-26T09:00:00" is a timestamp without its zone'),
        ("json", 'table change_log, row 1, column after: "{not json" is not JSON text'),
        ("twice", "table account, row 4: id 1 twice"),
        ("short", f"table account, row 1: not a list of {len(COLUMNS['account'])} values"),
        ("empty", "table account, row 1, column name: null is empty, and the column needs a value"),
    ],
)
def test_a_wrong_document_is_refused_in_one_line_and_nothing_is_written(
    sam, db_path, tmp_path, change, message
):
    doc = _broken(_doc(sam, tmp_path), change)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc))
    for target in (db_path, tmp_path / "empty.db"):
        before = digest(target) if target.exists() else None
        line = fails(sam("import", "json", str(path), db=target))
        assert line.startswith("error: bad.json: "), line
        assert message in line, line
        assert (digest(target) if before else None) == before


def test_a_row_that_breaks_a_rule_of_the_book_refuses_the_document(sam, tmp_path):
    doc = _doc(sam, tmp_path)
    rows = doc["tables"]["contact"]["rows"]
    rows[0][1] = 99  # an account the document does not hold
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc))
    target = tmp_path / "empty.db"
    line = fails(sam("import", "json", str(path), db=target))
    assert line == (
        "error: bad.json: the document breaks a rule of the book (FOREIGN KEY constraint "
        "failed); nothing was imported"
    )
    assert all(rows == [] for rows in tables(target).values())


def test_a_book_in_another_currency_is_not_merged_into_this_one(sam, db_path, tmp_path):
    seed(sam)
    ok(sam("deal", "add", "acme corp", "Licences", "--amount", "100k"))
    other = tmp_path / "euro.db"
    ok(sam("config", "currency", "eur", db=other))
    ok(sam("account", "add", "Müller & Söhne GmbH", db=other))
    ok(sam("deal", "add", "müller", "Wartung", "--amount", "1234.56", db=other))
    doc = tmp_path / "euro.json"
    ok(sam("export", "json", str(doc), db=other))
    before = tables(db_path)
    line = fails(sam("import", "json", str(doc)))
    assert line == (
        "error: euro.json: the document's amounts are in EUR and this book's in USD; sam holds "
        "one currency per book, so the merge would add them up: nothing was imported"
    )
    assert tables(db_path) == before
    # into an empty book it is a restore: the book takes the document's currency whole
    fresh = tmp_path / "fresh.db"
    ok(sam("import", "json", str(doc), db=fresh))
    assert ok(sam("config", "currency", db=fresh)).strip().endswith("EUR")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "is not JSON (line 1, column 1: Expecting value)"),
        ("[1, 2]", 'not a sam book: no "format"'),
        ('{"format": "sam-book"}', "not a sam book document: no 'version'"),
    ],
)
def test_files_that_are_not_documents(sam, tmp_path, content, message):
    path = tmp_path / "x.json"
    path.write_text(content)
    assert message in fails(sam("import", "json", str(path)))


def test_moments_written_another_way_are_stored_as_sam_stores_them(sam, tmp_path, monkeypatch):
    """A document edited by hand or written by another tool may give a moment with an
    offset or a fraction: it is stored in sam's own form (UTC, seconds, Z), so a touch at
    local midnight counts on its own day in every figure (the week report's touches and
    accounts touched agree)."""
    import time

    monkeypatch.setenv("TZ", "Asia/Kolkata")
    time.tzset()
    source = tmp_path / "source.db"
    ok(sam("account", "add", "Tata Ōkami", db=source))
    monkeypatch.setenv("SAM_NOW", "2026-11-25T09:00")
    ok(sam("log", "tata", "late call", "--when", "2026-11-22 23:30", db=source))
    document = tmp_path / "book.json"
    ok(sam("export", "json", str(document), db=source))
    text = document.read_text()
    assert '"2026-11-22T18:00:00Z"' in text
    # midnight in Kolkata, 23 Nov: in week 48, written with an offset and a fraction
    document.write_text(text.replace('"2026-11-22T18:00:00Z"', '"2026-11-23T00:00:00.5+05:30"'))
    book = tmp_path / "imported.db"
    ok(sam("import", "json", str(document), db=book))
    assert query(book, "SELECT occurred_at FROM interaction") == [("2026-11-22T18:30:00Z",)]
    for week, touches in (("2026-W47", 0), ("2026-W48", 1)):
        doc = json.loads(ok(sam("report", "week", "--period", week, "--format", "json", db=book)))
        figures = {f["key"]: f["value"] for s in doc["sections"] for f in s["figures"]}
        assert (figures["touches"], figures["accounts_touched"]) == (touches, touches)
