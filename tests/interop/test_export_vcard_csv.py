"""`sam export vcard` and `sam export csv`, read back with vobject and the csv module."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

import pytest
import vobject
from cli.samcli import fails, ok, query, seed
from conftest import Run

from sam_tui.interop.csv_export import guard, unguard
from sam_tui.interop.vcard import fold, phones


@pytest.fixture
def book(sam: Run, db_path: Path) -> Run:
    seed(sam)
    ok(sam("contact", "add", "acme corp", "Marie-Hélène de la Tour", "--role",
           "Head of Procurement, EMEA; interim", "--phone",
           "+33 1 23 45 67 89 / mobile: +33 6 12 34 56 78", "--email", "mh@acme.example",
           "--influence", "champion", "--cadence", "21"))
    # the CLI has no --notes for contacts; the cockpit's form writes this column
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE contact SET notes = 'Prefers calls\nbefore 10' WHERE id = 3")
    return sam


def cards(text: str) -> dict[str, vobject.base.Component]:
    return {c.fn.value: c for c in vobject.readComponents(text)}


def test_every_contact_becomes_a_card_a_parser_reads_back(book: Run, tmp_path: Path) -> None:
    path = tmp_path / "contacts.vcf"
    assert "Wrote 3 contacts" in ok(book("export", "vcard", str(path)))
    raw = path.read_bytes()
    assert b"\n" not in raw.replace(b"\r\n", b"") and raw.endswith(b"\r\n")
    assert max(len(line) for line in raw.split(b"\r\n")) <= 75
    found = cards(raw.decode("utf-8"))
    assert set(found) == {"Jane Doe", "Bob Smith", "Marie-Hélène de la Tour"}
    mh = found["Marie-Hélène de la Tour"]
    assert mh.version.value == "3.0"
    assert mh.n.value.family == "Tour" and mh.n.value.given == "Marie-Hélène de la"
    assert mh.org.value == ["Acme Corp"]
    assert mh.title.value == "Head of Procurement, EMEA; interim"
    assert mh.email.value == "mh@acme.example"
    tels = {t.value: t.params["TYPE"] for t in mh.contents["tel"]}
    assert tels == {"+33 1 23 45 67 89": ["WORK", "VOICE"], "+33 6 12 34 56 78": ["CELL", "VOICE"]}
    note = mh.note.value
    assert "Influence: champion" in note and "Cadence: every 21 days" in note
    assert note.endswith("Prefers calls\nbefore 10")
    jane = found["Jane Doe"]
    assert jane.title.value == "CFO" and "decision-maker" in jane.note.value
    assert jane.uid.value.startswith("contact-1@")


def test_account_limits_the_cards_and_stdout_works(book: Run) -> None:
    result = book("export", "vcard", "-", "--account", "acme labs")
    assert set(cards(ok(result))) == {"Bob Smith"}
    assert "unknown account" in fails(book("export", "vcard", "-", "--account", "nope"))
    assert "no contacts at Globex" in fails(book("export", "vcard", "-", "--account", "globex"))


def test_folding_and_phone_labels() -> None:
    line = "NOTE:" + "é" * 80
    folded = fold(line).encode("utf-8").split(b"\r\n")
    assert all(len(part) <= 75 for part in folded)
    assert b"".join(p[1:] if i else p for i, p in enumerate(folded)).decode() == line
    assert phones("home +1 555 0100; fax: +1 555 0199, 555 0123") == [
        ("HOME,VOICE", "+1 555 0100"),
        ("WORK,FAX", "+1 555 0199"),
        ("WORK,VOICE", "555 0123"),
    ]


# --- CSV --------------------------------------------------------------------------------


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_tables_export_one_row_per_record_with_iso_dates_and_plain_numbers(
    book: Run, tmp_path: Path
) -> None:
    ok(book("deal", "add", "acme corp", "Expansion", "--amount", "250000.50",
            "--close", "2026-12-18"))
    path = tmp_path / "accounts.csv"
    assert "Wrote 3 rows of accounts" in ok(book("export", "csv", "accounts", str(path)))
    rows = read(path)
    db = tmp_path / "sam.db"
    assert [r["Name"] for r in rows] == [n for (n,) in query(db, "SELECT name FROM account")]
    acme = rows[0]
    assert acme["Annual value"] == "1200000.00" and acme["Renewal date"] == "2027-03-31"
    assert acme["Tier"] == "strategic" and acme["Archived"] == "no"
    assert acme["Created"] == "2026-11-26 09:00"
    (deal,) = read(_export(book, tmp_path, "deals"))
    assert deal["Amount"] == "250000.50" and deal["Expected close"] == "2026-12-18"
    assert deal["Account"] == "Acme Corp" and deal["Account ID"] == "1"


def _export(sam: Run, tmp_path: Path, table: str, *args: str) -> Path:
    path = tmp_path / f"{table}.csv"
    ok(sam("export", "csv", table, str(path), "--force", *args))
    return path


@pytest.mark.parametrize("dangerous", ["=1+2", "+44 20", "-10% on renewal", "@SUM(A1)"])
def test_text_that_a_spreadsheet_would_run_gets_a_quote_and_reads_back(
    sam: Run, tmp_path: Path, dangerous: str
) -> None:
    ok(sam("account", "add", "Acme"))
    ok(sam("log", "acme", "--sentiment", "-", "--", dangerous))
    (row,) = read(_export(sam, tmp_path, "interactions"))
    assert row["Summary"] == "'" + dangerous
    assert row["Sentiment"] == "-1"  # a number column is never guarded
    assert unguard(row["Summary"]) == query(tmp_path / "sam.db",
                                            "SELECT summary FROM interaction")[0][0]


def test_guard_and_unguard_are_inverse() -> None:
    # tab and CR cannot reach a cell through the CLI (notes are stripped): checked here
    assert guard("\tx") == "'\tx" and guard("\rx") == "'\rx" and guard("a=b") == "a=b"
    for text in ("=x", "plain", "'quoted", "'=already", "", "-", "@", "\t", "\r\n"):
        assert unguard(guard(text)) == text


def test_every_table_exports_and_bom_is_optional(book: Run, tmp_path: Path) -> None:
    ok(book("log", "acme corp", "Called", "--follow-up", "friday"))
    ok(book("complaint", "open", "globex", "Late"))
    ok(book("request", "add", "globex", "finance", "Credit note"))
    for table in ("accounts", "contacts", "deals", "interactions", "follow-ups",
                  "complaints", "requests"):
        path = _export(book, tmp_path, table)
        assert not path.read_bytes().startswith(b"\xef\xbb\xbf")
        assert path.read_bytes().split(b"\r\n")[0].startswith(b"ID,")
    path = _export(book, tmp_path, "follow", "--bom")
    assert path.read_bytes().startswith(b"\xef\xbb\xbfID,")
    (row,) = read(path)
    assert row["Title"] == "Called" and row["Status"] == "open"


def test_an_unknown_table_is_one_line(book: Run, tmp_path: Path) -> None:
    assert "tables: accounts, contacts" in fails(book("export", "csv", "meetings", "-"))


def test_a_large_table_streams_to_stdout(sam: Run) -> None:
    ok(sam("account", "add", "Acme"))
    for i in range(3):
        ok(sam("log", "acme", f"touch {i}"))
    rows = list(csv.DictReader(io.StringIO(ok(sam("export", "csv", "interactions", "-")))))
    assert [r["Summary"] for r in rows] == ["touch 0", "touch 1", "touch 2"]
