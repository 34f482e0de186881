"""`sam import csv` as a new user met it: Data Loader files, a mobile number, sam's own
exports, a Central European encoding, a bad --date-format, and plans that read right.

Real files in a temporary folder, the CLI in-process; the clock is Thu 26 Nov 2026 09:00 UTC.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from samcli import fails, ok, query
from test_import_csv import refused

# A Data Loader accounts export: API names in capitals, 18-character ids.
DATA_LOADER = (
    "ID,NAME,INDUSTRY,ANNUALREVENUE,TYPE\n0015g00000AbCdEAAV,Acme Inc,Logistics,5000000,Customer\n"
)


def _write(path: Path, text: str, encoding: str = "utf-8") -> str:
    path.write_bytes(text.encode(encoding))
    return str(path)


@pytest.mark.parametrize(
    "text",
    [
        DATA_LOADER,
        # no telling header at all: the ids alone say Salesforce
        "ID,NAME,TYPE\n0015g00000AbCdEAAV,Acme Inc,Customer\n0015g00000XyZaBAAV,Globex,\n",
    ],
)
def test_a_data_loader_file_is_salesforce_and_a_re_import_matches_by_its_id(
    sam, db_path, tmp_path, text
):
    path = _write(tmp_path / "Account.csv", text)
    out = ok(sam("import", "csv", "accounts", path))
    assert "Source: a Salesforce export (from its headers). Columns:" in out
    # renamed in the CRM since: still the same record, found by its id, not duplicated
    renamed = _write(tmp_path / "Account2.csv", text.replace("Acme Inc", "Acme Group"))
    again = ok(sam("import", "csv", "accounts", renamed))
    assert "Created 0 accounts, updated 1" in again
    rows = query(db_path, "SELECT name FROM account ORDER BY id")
    assert rows[0] == ("Acme Group",)
    assert query(db_path, "SELECT count(*) FROM account") == [(len(rows),)]
    assert ("salesforce", "0015g00000AbCdE") in query(
        db_path, "SELECT source, source_key FROM external_ref WHERE entity = 'account'"
    )


def test_numbers_and_short_codes_in_an_id_column_stay_a_plain_spreadsheet(sam, tmp_path):
    path = _write(tmp_path / "a.csv", "ID,Name\n1001,Acme\nACME-0002,Globex\n")
    assert "Source: a plain spreadsheet (from its headers)" in ok(
        sam("import", "csv", "accounts", path)
    )


def test_phone_and_mobile_are_both_kept_and_export_as_two_numbers(sam, db_path, tmp_path):
    ok(sam("account", "add", "Acme"))
    path = _write(
        tmp_path / "Contact.csv",
        "FirstName,LastName,Account.Name,Phone,MobilePhone\n"
        "Jane,Doe,Acme,+1 555 0100,+1 555 0199\n"
        "Omar,Haddad,Acme,,+1 555 0300\n",
    )
    out = ok(sam("import", "csv", "contacts", path))
    # the plan says what the second column is for: nothing is dropped unsaid
    assert "MobilePhone  →  phone (kept too, after Phone)" in out
    assert query(db_path, "SELECT name, phone FROM contact ORDER BY id") == [
        ("Jane Doe", "+1 555 0100 / mobile +1 555 0199"),
        ("Omar Haddad", "mobile +1 555 0300"),
    ]
    cards = ok(sam("export", "vcard", "-o", "-"))
    assert "TEL;TYPE=WORK,VOICE:+1 555 0100" in cards
    assert "TEL;TYPE=CELL,VOICE:+1 555 0199" in cards
    assert "TEL;TYPE=CELL,VOICE:+1 555 0300" in cards


def test_a_second_column_of_a_field_says_it_is_the_fallback(sam, tmp_path):
    path = _write(tmp_path / "a.csv", "Name,Billing State,Billing Country\nAcme,CA,USA\n")
    out = ok(sam("import", "csv", "accounts", path, "--dry-run"))
    assert "Billing Country →  region (used where Billing State is empty)" in out


def _book(sam) -> None:
    ok(sam("account", "add", "Acme", "--industry", "Logistics"))
    ok(sam("account", "add", "Old Co"))
    ok(sam("account", "archive", "Old Co"))
    ok(sam("contact", "add", "Acme", "Jane Doe", "--role", "CFO", "--phone", "+1 555 0100"))
    ok(sam("deal", "add", "Acme", "Platform", "--amount", "50k", "--close", "2027-01-31"))
    ok(sam("deal", "add", "Acme", "Pilot", "--amount", "10k", "--stage", "won"))
    ok(sam("log", "Acme", "CFO agreed to pilot", "--channel", "call", "--with", "jane"))


TABLES = (("accounts", "accounts"), ("contacts", "contacts"), ("deals", "deals"),
          ("interactions", "activities"))  # fmt: skip


def test_sams_own_csv_exports_import_back_into_a_new_book(sam, tmp_path):
    _book(sam)
    second = tmp_path / "second.db"
    for table, records in TABLES:
        exported = tmp_path / f"{table}.csv"
        ok(sam("export", "csv", table, "-o", str(exported)))
        out = ok(sam("import", "csv", records, str(exported), db=second))
        assert "Source: a plain spreadsheet (from its headers)" in out
    for table, _ in TABLES:
        again = tmp_path / f"again-{table}.csv"
        ok(sam("export", "csv", table, "-o", str(again), db=second))
        # the same book: every record, archived flag, closing moment and touch as it was
        assert again.read_text(encoding="utf-8") == (tmp_path / f"{table}.csv").read_text(
            encoding="utf-8"
        )
    with open(tmp_path / "accounts.csv", encoding="utf-8") as fh:
        archived = {row["Name"]: row["Archived"] for row in csv.DictReader(fh)}
    assert archived == {"Acme": "no", "Old Co": "yes"}
    # and once more changes nothing
    out = ok(sam("import", "csv", "activities", str(tmp_path / "interactions.csv"), db=second))
    assert "Created 0 activities, updated 0, left 1 unchanged, skipped 0." in out


def test_an_encoding_given_by_name_reads_polish_names(sam, db_path, tmp_path):
    text = "Name,Region\nŻabka,Łódź\n"
    path = _write(tmp_path / "pl.csv", text, "cp1250")
    guessed = ok(sam("import", "csv", "accounts", path, "--dry-run"))
    assert "Łódź" not in guessed
    assert "--encoding cp1250" in guessed  # the note says how to do better
    out = ok(sam("import", "csv", "accounts", path, "--encoding", "windows-1250"))
    assert "pl.csv: 1 row, cp1250, comma-separated" in out
    assert query(db_path, "SELECT name, region FROM account") == [("Żabka", "Łódź")]
    latin2 = _write(tmp_path / "pl2.csv", text.replace("Żabka", "Łomża"), "iso-8859-2")
    ok(sam("import", "csv", "accounts", latin2, "--encoding", "ISO-8859-2"))
    assert ("Łomża", "Łódź") in query(db_path, "SELECT name, region FROM account")


def test_an_unknown_encoding_is_one_line(sam, db_path, tmp_path):
    path = _write(tmp_path / "a.csv", "Name\nAcme\n")
    line = fails(sam("import", "csv", "accounts", path, "--encoding", "klingon"))
    assert line.startswith("error: unknown encoding 'klingon' (e.g. utf-8")
    assert not db_path.exists() or query(db_path, "SELECT count(*) FROM account") == [(0,)]


def test_a_file_that_is_not_the_encoding_given_is_one_line(sam, tmp_path):
    path = _write(tmp_path / "a.csv", "Name\nŻabka\n", "cp1250")
    line = fails(sam("import", "csv", "accounts", path, "--encoding", "utf-8"))
    assert line == "error: a.csv: byte 5 of the file is not utf-8 (--encoding): check the name"


@pytest.mark.parametrize("value", ["YMD", "yyyy-mm-dd", "banana"])
def test_a_date_format_sam_cannot_use_is_refused(sam, tmp_path, value):
    path = _write(tmp_path / "a.csv", "Name,Renewal\nAcme,2027-01-31\n")
    line = fails(sam("import", "csv", "accounts", path, "--date-format", value))
    assert line == (
        f"error: --date-format '{value}' is not accepted: use DMY (31/01/2026), MDY "
        "(01/31/2026) or a pattern such as %d.%m.%Y (year-first dates need none)"
    )


def test_one_record_is_said_in_the_singular(sam, tmp_path):
    ok(sam("account", "add", "Acme"))
    path = _write(tmp_path / "a.csv", "Subject,Date,Account,Contact\nCall,2026-11-20,Acme,Nobody\n")
    dry = ok(sam("import", "csv", "activities", path, "--dry-run"))
    assert "Would create 1 activity, update 0, leave 0 unchanged, skip 0." in dry
    assert "1 row names a contact sam does not know" in dry
    done = ok(sam("import", "csv", "activities", path))
    assert "Created 1 activity, updated 0" in done
    deals = _write(tmp_path / "d.csv", "Name,Account,Stage\nX,Wayne,Proposal\n")
    out = ok(sam("import", "csv", "deals", deals, "--create-accounts"))
    assert "Created 1 deal, updated 0, left 0 unchanged, skipped 0; and 1 new account" in out
    assert "new accounts" not in out


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "nosuch.csv", "error: nosuch.csv: the file does not exist"),
        (lambda d: Path(_write(d / "empty.csv", "")), "error: empty.csv: the file is empty"),
        (lambda d: d, "a folder, not a CSV file"),
    ],
)
def test_a_file_that_cannot_be_read_is_named_once(sam, tmp_path, make, message):
    path = make(tmp_path)
    line = fails(sam("import", "csv", "accounts", str(path)))
    assert line.endswith(message) and line.count(path.name) == 1, line


def test_values_of_a_record_typed_in_sam_are_not_said_to_be_changed(sam, tmp_path):
    ok(sam("account", "add", "Acme", "--industry", "Freight"))
    path = _write(tmp_path / "a.csv", "Name,Industry\nAcme,Logistics\n")
    out = ok(sam("import", "csv", "accounts", path))
    assert "sam's values kept (not from an import): industry 'Freight' (the\n" in out
    assert "kept as changed in sam" not in out
    # once imported, a value changed in sam since is said to be that
    ok(sam("account", "edit", "Acme", "--industry", "Rail"))
    again = ok(sam("import", "csv", "accounts", path))
    assert "kept as changed in sam: industry 'Rail' (the file: 'Logistics')" in again


def test_two_rows_named_but_for_accents_are_refused_by_line_and_nothing_is_imported(
    sam, db_path, tmp_path
):
    path = _write(
        tmp_path / "a.csv", "Name,Tier\nSociété Générale,key\nAcme,key\nSOCIETE GENERALE,key\n"
    )
    err = "\n".join(refused(sam("import", "csv", "accounts", path)))
    assert "line 4" in err and "is the account name of line 2 ('Société Générale')" in err
    assert "but for accents, case or punctuation" in err
    assert "database error" not in err and "Traceback" not in err
    assert query(db_path, "SELECT count(*) FROM account") == [(0,)]
    # with the CRM's ids too: two records sam could not tell apart by name
    with_ids = _write(tmp_path / "b.csv", "ID,Name\n1001,Société Générale\n1002,Societe-Generale\n")
    assert "is the account name of line 2" in refused(sam("import", "csv", "accounts", with_ids))[0]
    assert query(db_path, "SELECT count(*) FROM account") == [(0,)]


def test_spaces_and_punctuation_count_as_sam_account_add_counts_them(sam, db_path, tmp_path):
    path = _write(tmp_path / "a.csv", "Name\nAcme\nA.C.M.E.\n")
    assert (
        "is the account name of line 2 ('Acme')"
        in refused(sam("import", "csv", "accounts", path))[0]
    )
    # a name the book has, written with other spaces and punctuation, is that account
    ok(sam("account", "add", "O'Brien & Sons"))
    ok(sam("account", "add", "Müller-Thurgau Weinhandel"))
    again = _write(
        tmp_path / "b.csv", "Name,Tier\nOBrien & Sons,strategic\nMuller Thurgau Weinhandel,key\n"
    )
    out = ok(sam("import", "csv", "accounts", again))
    assert "Created 0 accounts" in out
    # matched, not duplicated; the names stay as sam spells them
    assert query(db_path, "SELECT name FROM account ORDER BY id") == [
        ("O'Brien & Sons",),
        ("Müller-Thurgau Weinhandel",),
    ]


def test_names_of_other_scripts_are_matched_as_written_not_as_transliterated(
    sam, db_path, tmp_path
):
    # 华为 and 华威 both read "huawei" in Latin letters: two companies all the same
    out = ok(sam("import", "csv", "accounts", _write(tmp_path / "a.csv", "Name\n华为\n华威\n")))
    assert "Created 2 accounts" in out
    assert query(db_path, "SELECT name FROM account ORDER BY id") == [("华为",), ("华威",)]
    # again, by names only, and with ids: each row is its own account, nothing renamed
    out = ok(
        sam(
            "import",
            "csv",
            "accounts",
            _write(tmp_path / "b.csv", "Name,Tier\n华威,strategic\n华为,key\n"),
        )
    )
    assert "Created 0 accounts" in out
    assert query(db_path, "SELECT name FROM account ORDER BY id") == [("华为",), ("华威",)]
    contacts = _write(
        tmp_path / "c.csv",
        "First Name,Last Name,Account Name,Email\n"
        "Li,Lei,华为,li@example.cn\nWang,Wei,华威,wang@example.cn\nZhao,Min,华星,zhao@example.cn\n",
    )
    ok(sam("import", "csv", "contacts", contacts, "--create-accounts"))
    assert query(
        db_path,
        "SELECT c.name, a.name FROM contact c JOIN account a ON a.id = c.account_id ORDER BY c.id",
    ) == [("Li Lei", "华为"), ("Wang Wei", "华威"), ("Zhao Min", "华星")]
