"""`sam import csv`: real export shapes land as the exact records a user expects, or not at all.

Each fixture under tests/fixtures/import/ is a shape a real CRM writes (see its name); the
tests run the CLI on real files in a temporary database and read the rows back.
The clock is Thu 26 Nov 2026 09:00 UTC (tests/conftest.py).
"""

from __future__ import annotations

import csv
import json
import os
import pty
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from samcli import digest, ok, query

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"


def fx(name: str) -> str:
    return str(FIXTURES / name)


def refused(result: Any) -> list[str]:
    """Exit 1, the problems one a line on stderr, then one ``error:`` line; nothing on
    stdout. Returns the stderr lines."""
    assert result.exit_code == 1, (result.exit_code, result.stdout, result.stderr)
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    lines = result.stderr.splitlines()
    assert lines[-1].startswith("error: ") and "nothing was imported" in lines[-1], lines
    assert not any(line.startswith("error: ") for line in lines[:-1])
    assert "Traceback" not in result.stderr
    return lines


def accounts(db_path: Path) -> list[tuple[Any, ...]]:
    return query(
        db_path,
        "SELECT name, tier, status, industry, region, annual_value_cents, renewal_date, "
        "notes, prospect_stage FROM account ORDER BY id",
    )


def deals(db_path: Path) -> list[tuple[Any, ...]]:
    return query(
        db_path,
        "SELECT d.name, a.name, d.amount_cents, d.kind, d.stage, d.probability, "
        "d.forecast_category, d.expected_close, d.closed_at, d.lost_reason "
        "FROM deal d JOIN account a ON a.id = d.account_id ORDER BY d.id",
    )


def refs(db_path: Path, entity: str) -> list[tuple[Any, ...]]:
    return query(
        db_path,
        "SELECT source, source_key, entity_id FROM external_ref WHERE entity = ? ORDER BY id",
        (entity,),
    )


def batches(db_path: Path) -> list[tuple[Any, ...]]:
    return query(
        db_path, "SELECT command, count(*) FROM change_log GROUP BY batch ORDER BY min(id)"
    )


# --- Salesforce ------------------------------------------------------------------------------


def test_a_salesforce_account_report_with_its_footer(sam, db_path):
    out = ok(sam("import", "csv", "accounts", fx("salesforce_accounts_report.csv")))
    assert out.splitlines()[:2] == [
        "salesforce_accounts_report.csv: 4 rows, UTF-8 with BOM, comma-separated",
        "Source: a Salesforce export (from its headers). Columns:",
    ]
    assert "  Account Owner             ignored: no such field in sam" in out
    assert "Created 4 accounts, updated 0, left 0 unchanged, skipped 0." in out
    assert "dropped the report footer under the data (line 8 on, 5 lines)" in out
    assert accounts(db_path) == [
        ("Acme, Inc.", "key", "active", "Logistics", "CA", None, None,
         "Two sites.\r\nCFO decides.", None),
        ("Globex Corporation", "key", "prospect", "Energy", "NY", None, None, None, "identified"),
        ("Société Générale", "key", "active", "Banking", "Île-de-France", None, None, None, None),
        ("Initech", "key", "churned", "Software", "TX", None, None, None, None),
    ]  # fmt: skip
    assert refs(db_path, "account") == [
        ("salesforce", "0015g00000AbCdE", 1),
        ("salesforce", "0015g00000XyZaB", 2),
        ("salesforce", "0015g00000QqQqQ", 3),
        ("salesforce", "0015g00000JkLmN", 4),
    ]
    # a prospect enters the pipeline as `prospect add` would put it there
    assert query(db_path, "SELECT account_id, to_stage FROM prospect_stage_change") == [
        (2, "identified")
    ]
    # one command, every row logged: 4 accounts, 1 prospect stage, 4 source references
    assert batches(db_path) == [("import csv", 9)]


def test_a_salesforce_opportunity_report_with_totals_and_us_dates(sam, db_path):
    ok(sam("import", "csv", "accounts", fx("salesforce_accounts_report.csv")))
    out = ok(sam("import", "csv", "deals", fx("salesforce_opportunities_report.csv")))
    assert "dropped 1 totals row" in out
    assert deals(db_path) == [
        ("Acme - Platform expansion", "Acme, Inc.", 25_000_000, "expansion", "negotiation", 90,
         "commit", "2027-01-13", None, None),
        ("Acme - Renewal 2027", "Acme, Inc.", 12_000_050, "renewal", "proposal", 75,
         "best-case", "2027-03-31", None, None),
        # 20% is the default of qualification, so the deal keeps no probability of its own
        ("Globex - Pilot", "Globex Corporation", 4_500_000, "new", "qualification", None,
         "pipeline", "2027-02-01", None, None),
        ("Société Générale - Analytics", "Société Générale", 8_000_000, "new", "won", None,
         "pipeline", "2026-10-15", "2026-10-15T12:00:00Z", None),
        ("Initech - Win-back", "Initech", 3_000_000, "new", "lost", None, "omitted",
         "2026-11-02", "2026-11-02T12:00:00Z", None),
    ]  # fmt: skip
    # each deal's history starts with it, as `deal add` starts it
    assert query(
        db_path, "SELECT deal_id, from_stage, to_stage, amount_cents FROM deal_stage_change"
    ) == [
        (1, None, "negotiation", 25_000_000),
        (2, None, "proposal", 12_000_050),
        (3, None, "qualification", 4_500_000),
        (4, None, "won", 8_000_000),
        (5, None, "lost", 3_000_000),
    ]


def test_data_loader_capitals_and_18_character_ids_find_the_reports_accounts(sam, db_path):
    ok(sam("import", "csv", "accounts", fx("salesforce_accounts_report.csv")))
    ok(sam("import", "csv", "deals", fx("salesforce_dataloader_opportunities.csv")))
    assert deals(db_path) == [
        ("Globex - Support add-on", "Globex Corporation", 950_000, "new", "proposal", None,
         "pipeline", "2027-01-31", None, None),
        # its AccountId was upper-cased by a tool: the 18th characters give the case back
        ("Acme - Analytics seats", "Acme, Inc.", 1_500_000, "new", "proposal", 60,
         "best-case", "2026-12-31", None, None),
    ]  # fmt: skip
    assert refs(db_path, "deal") == [
        ("salesforce", "0065g00000DlDl1", 1),
        ("salesforce", "0065g00000DlDl2", 2),
    ]


def test_data_loader_contacts_with_lower_case_headers(sam, db_path):
    ok(sam("import", "csv", "accounts", fx("salesforce_accounts_report.csv")))
    out = ok(sam("import", "csv", "contacts", fx("salesforce_dataloader_contacts.csv")))
    assert "  firstname   →  first-name" in out
    assert query(
        db_path,
        "SELECT c.name, a.name, c.role, c.email, c.phone FROM contact c "
        "JOIN account a ON a.id = c.account_id ORDER BY c.id",
    ) == [
        ("Jane Doe", "Acme, Inc.", "CFO", "jane@acme.example", "+1 555 0100"),
        ("Omar Haddad", "Globex Corporation", "Head of Operations", "omar@globex.example", None),
    ]


def test_activities_become_touches_that_reset_cadence_clocks(sam, db_path):
    ok(sam("import", "csv", "accounts", fx("salesforce_accounts_report.csv")))
    ok(sam("import", "csv", "contacts", fx("salesforce_dataloader_contacts.csv")))
    out = ok(sam("import", "csv", "activities", fx("salesforce_activities_report.csv")))
    assert "Created 4 activities, updated 0, left 0 unchanged, skipped 1." in out
    assert "line 7      call 2026-12-20 with Société Générale: Renewal call: in the future" in out
    assert query(
        db_path,
        "SELECT a.name, c.name, i.occurred_at, i.channel, i.direction, i.summary "
        "FROM interaction i JOIN account a ON a.id = i.account_id "
        "LEFT JOIN contact c ON c.id = i.contact_id ORDER BY i.id",
    ) == [
        ("Acme, Inc.", "Jane Doe", "2026-11-20T12:00:00Z", "call", "out",
         "Call: pricing\nAgreed to the pilot.\r\nSend the deck."),
        # a formula-looking cell is text, never run
        ("Acme, Inc.", None, "2026-11-18T12:00:00Z", "email", "out",
         '=HYPERLINK("http://evil.example","Open me")'),
        # a cell a CSV export guarded against formulas comes back without the guard
        ("Globex Corporation", None, "2026-11-17T12:00:00Z", "meeting", "out",
         "=SUM(A1:A9) quote\n-5% if they sign this month"),
        ("Société Générale", None, "2026-11-16T12:00:00Z", "note", "out", "QBR prep"),
    ]  # fmt: skip
    assert query(db_path, "SELECT name, last_touch_at FROM account ORDER BY id") == [
        ("Acme, Inc.", "2026-11-20T12:00:00Z"),
        ("Globex Corporation", "2026-11-17T12:00:00Z"),
        ("Société Générale", "2026-11-16T12:00:00Z"),
        ("Initech", None),
    ]
    assert query(db_path, "SELECT name, last_touch_at FROM contact ORDER BY id") == [
        ("Jane Doe", "2026-11-20T12:00:00Z"),
        ("Omar Haddad", None),
    ]
    # the same file again: every touch is already there
    again = ok(sam("import", "csv", "activities", fx("salesforce_activities_report.csv")))
    assert "Created 0 activities, updated 0, left 0 unchanged, skipped 5." in again
    assert "line 2      call 2026-11-20 with Acme, Inc.: Call: pricing: already in sam" in again


# --- a newer export of the same CRM -------------------------------------------------------------


def test_a_newer_export_updates_what_the_import_made_and_keeps_what_you_changed(sam, db_path):
    ok(sam("import", "csv", "accounts", fx("salesforce_accounts_report.csv")))
    ok(sam("import", "csv", "deals", fx("salesforce_opportunities_report.csv")))
    ok(sam("deal", "edit", "2", "--amount", "121k"))  # you changed it in sam since
    out = ok(sam("import", "csv", "deals", fx("salesforce_opportunities_report_later.csv")))
    assert "Created 1 deal, updated 2, left 3 unchanged, skipped 0." in out
    assert (
        "  line 3      #2 Acme - Renewal 2027 (Acme, Inc.): stage proposal → negotiation,\n"
        "              probability 75 → 90, forecast category best-case → commit\n"
        "              kept as changed in sam: amount 121,000 (the file: 125,000)\n"
    ) in out
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "1 record keeps sam's values (--overwrite takes the file's)." in out
    assert deals(db_path)[:2] == [
        ("Acme - Platform expansion", "Acme, Inc.", 26_000_000, "expansion", "won", None,
         "commit", "2026-11-20", "2026-11-20T12:00:00Z", None),
        ("Acme - Renewal 2027", "Acme, Inc.", 12_100_000, "renewal", "negotiation", 90,
         "commit", "2027-03-31", None, None),
    ]  # fmt: skip
    assert deals(db_path)[5][:2] == ("Acme - Training", "Acme, Inc.")
    assert query(db_path, "SELECT count(*) FROM deal") == [(6,)]  # never duplicated
    # the moves are in the deals' history, as `deal move` and `deal edit` record them
    assert query(
        db_path,
        "SELECT deal_id, at, from_stage, to_stage, amount_cents FROM deal_stage_change "
        "WHERE id > 5 AND deal_id < 3 ORDER BY id",
    ) == [
        (2, "2026-11-26T09:00:00Z", "proposal", "proposal", 12_100_000),  # the edit
        (1, "2026-11-20T12:00:00Z", "negotiation", "won", 26_000_000),
        (2, "2026-11-26T09:00:00Z", "proposal", "negotiation", 12_100_000),
    ]
    # --overwrite takes the file's value; the same file once more then changes nothing
    forced = ok(
        sam(
            "import", "csv", "deals", fx("salesforce_opportunities_report_later.csv"), "--overwrite"
        )
    )
    assert "#2 Acme - Renewal 2027 (Acme, Inc.): amount 121,000 → 125,000" in forced
    before = digest(db_path)
    same = ok(sam("import", "csv", "deals", fx("salesforce_opportunities_report_later.csv")))
    assert "Created 0 deals, updated 0, left 6 unchanged, skipped 0." in same
    assert digest(db_path) == before


def test_records_you_typed_are_matched_by_folded_name_not_duplicated(sam, db_path):
    ok(sam("account", "add", "ACME inc", "--tier", "strategic", "--industry", "Freight"))
    ok(sam("contact", "add", "acme", "J. Doe", "--email", "Jane@Acme.example"))
    out = ok(sam("import", "csv", "accounts", fx("salesforce_accounts_report.csv")))
    assert "Created 3 accounts, updated 1, left 0 unchanged, skipped 0." in out
    # empty fields are filled; values you gave are kept
    assert (
        "  line 2      #1 ACME inc: region — → 'CA', notes — → 'Two sites. ⏎ CFO\n"
        "              decides.'\n"
        # typed in sam, never imported: its values are sam's own, not changes since
        "              sam's values kept (not from an import): name 'ACME inc' (the file:\n"
        "              'Acme, Inc.'), industry 'Freight' (the file: 'Logistics')\n"
    ) in out
    assert accounts(db_path)[0] == (
        "ACME inc", "strategic", "active", "Freight", "CA", None, None,
        "Two sites.\r\nCFO decides.", None,
    )  # fmt: skip
    assert ("salesforce", "0015g00000AbCdE", 1) in refs(db_path, "account")
    out = ok(sam("import", "csv", "contacts", fx("salesforce_dataloader_contacts.csv")))
    # matched by email, whatever its case: one Jane, with the role and phone the export adds
    assert "  line 2      #1 J. Doe (ACME inc): role — → 'CFO', phone — → '+1 555 0100'\n" in out
    assert query(db_path, "SELECT name, role, email, phone FROM contact ORDER BY id") == [
        ("J. Doe", "CFO", "Jane@Acme.example", "+1 555 0100"),
        ("Omar Haddad", "Head of Operations", "omar@globex.example", None),
    ]


def test_a_plain_file_re_imported_finds_its_records_by_name(sam, db_path):
    ok(sam("import", "csv", "accounts", fx("plain_accounts_semicolon_cp1252.csv")))
    ok(sam("account", "edit", "café müller", "--tier", "key"))
    ok(sam("account", "edit", "bäckerei", "--name", "Bäckerei Groß & Söhne"))
    out = ok(sam("import", "csv", "accounts", fx("plain_accounts_semicolon_cp1252.csv")))
    assert "Created 0 accounts, updated 0, left 3 unchanged, skipped 0." in out
    assert "kept as changed in sam: tier key (the file: strategic)" in out
    assert query(db_path, "SELECT count(*) FROM account") == [(3,)]


# --- HubSpot, Pipedrive, spreadsheets --------------------------------------------------------


def test_hubspot_companies_contacts_in_utf16_and_deals_with_internal_stage_ids(sam, db_path):
    ok(sam("import", "csv", "accounts", fx("hubspot_companies.csv")))
    out = ok(sam("import", "csv", "contacts", fx("hubspot_contacts_utf16.csv")))
    assert out.startswith("hubspot_contacts_utf16.csv: 3 rows, UTF-16 (little-endian), tab-sep")
    ok(sam("import", "csv", "deals", fx("hubspot_deals.csv")))
    assert accounts(db_path) == [
        ("Umbrella Corp", "key", "active", "Biotechnology", "United Kingdom", None, None, None,
         None),
        ("Hooli", "key", "prospect", "Internet", "United States", None, None, None, "identified"),
        ("Vandelay Industries, LLC", "key", "active", "Import/Export", "United States", None,
         None, None, None),
    ]  # fmt: skip
    assert query(
        db_path,
        "SELECT c.name, a.name, c.role, c.email, c.phone FROM contact c "
        "JOIN account a ON a.id = c.account_id ORDER BY c.id",
    ) == [
        ("Zoë Ångström", "Umbrella Corp", "CTO", "zoe@umbrella.example", "+44 20 7946 0000"),
        ("Gavin Belson", "Hooli", "CEO", "gavin@hooli.example", None),
        ("J. Peterman", "Vandelay Industries, LLC", "Founder", "peterman@vandelay.example", None),
    ]
    assert deals(db_path) == [
        ("Umbrella renewal", "Umbrella Corp", 18_000_000, "new", "negotiation", 90, "pipeline",
         "2026-12-15", None, None),
        # HubSpot writes probabilities as fractions: 0.4 is 40%
        ("Hooli pilot", "Hooli", 2_500_050, "new", "qualification", 40, "pipeline",
         "2027-02-28", None, None),
        # its close date came with a time (midnight): that is when it closed
        ("Vandelay import tool", "Vandelay Industries, LLC", 6_000_000, "new", "won", None,
         "pipeline", "2026-09-30", "2026-09-30T00:00:00Z", None),
        ("Hooli expansion", "Hooli", 0, "new", "prospecting", None, "pipeline", None, None, None),
    ]  # fmt: skip
    assert refs(db_path, "deal") == [
        ("hubspot", "7301", 1), ("hubspot", "7302", 2), ("hubspot", "7303", 3),
        ("hubspot", "7304", 4),
    ]  # fmt: skip


def test_pipedrive_deals_with_entity_prefixed_headers_and_statuses(sam, db_path):
    ok(sam("import", "csv", "accounts", fx("hubspot_companies.csv")))
    out = ok(sam("import", "csv", "deals", fx("pipedrive_deals.csv")))
    assert "Source: a Pipedrive export (from its headers). Columns:" in out
    assert "  line 5      Old duplicate: deleted in the CRM" in out
    assert deals(db_path) == [
        ("Umbrella cold chain", "Umbrella Corp", 4_250_000, "new", "proposal", None, "pipeline",
         "2027-01-15", None, None),
        # won and lost come from the status; the won time is when it closed
        ("Hooli search deal", "Hooli", 990_000, "new", "won", None, "pipeline", "2026-12-20",
         "2026-11-20T14:05:00Z", None),
        ("Vandelay latex", "Vandelay Industries, LLC", 1_500_000, "new", "lost", None,
         "pipeline", "2026-10-01", "2026-10-01T12:00:00Z", "Went with a competitor"),
    ]  # fmt: skip
    assert refs(db_path, "deal") == [
        ("pipedrive", "11", 1), ("pipedrive", "12", 2), ("pipedrive", "13", 3)
    ]  # fmt: skip


def test_a_spreadsheet_with_semicolons_cp1252_and_decimal_commas(sam, db_path):
    out = ok(sam("import", "csv", "accounts", fx("plain_accounts_semicolon_cp1252.csv")))
    assert out.splitlines()[:2] == [
        "plain_accounts_semicolon_cp1252.csv: 3 rows, Windows-1252, semicolon-separated",
        "Source: a plain spreadsheet (from its headers). Columns:",
    ]
    assert "the file is not UTF-8: read as Windows-1252" in out
    assert accounts(db_path) == [
        ("Café Müller", "strategic", "active", None, None, 125_000_050, "2027-03-31", None, None),
        ("Bäckerei Groß", "key", "active", None, None, 8_500_000, "2027-01-15", None, None),
        ("Señor Pérez SL", "growth", "active", None, None, 999_999, "2026-12-01", None, None),
    ]
    assert refs(db_path, "account")[0] == ("plain", "name:cafe muller", 1)


def test_dates_that_read_two_ways_are_refused_until_date_format_says(sam, db_path):
    lines = refused(sam("import", "csv", "accounts", fx("plain_accounts_ambiguous_dates.csv")))
    assert lines[0] == (
        "plain_accounts_ambiguous_dates.csv column Renewal: dates like '5/12/2027' read two "
        "ways (day or month first) and no date settles it; give --date-format DMY or MDY"
    )
    assert query(db_path, "SELECT count(*) FROM account") == [(0,)]
    ok(
        sam("import", "csv", "accounts", fx("plain_accounts_ambiguous_dates.csv"),
            "--date-format", "DMY")
    )  # fmt: skip
    assert query(db_path, "SELECT name, renewal_date, annual_value_cents FROM account") == [
        ("Alpha GmbH", "2027-12-05", 120_000),
        ("Beta BV", "2027-11-06", 90_000),
    ]


def test_one_day_above_12_settles_the_whole_column(sam, db_path):
    ok(sam("import", "csv", "accounts", fx("plain_accounts_settled_dates.csv")))
    assert query(db_path, "SELECT name, renewal_date FROM account") == [
        ("Alpha GmbH", "2027-12-05"),
        ("Beta BV", "2027-11-13"),
    ]


def test_localised_headers_mapped_by_hand(sam, db_path, tmp_path):
    ok(sam("account", "add", "Müller AG"))
    path = tmp_path / "abschluesse.csv"
    path.write_text(
        "Titel;Firma;Phase;Betrag;Abschlussdatum;Besitzer\n"
        "Neue Linie;Müller AG;Angebot;12.500,00;31.01.2027;Eva\n",
        encoding="utf-8",
    )
    args = ["import", "csv", "deals", str(path), "--map", "Titel=name", "--map", "Firma=account",
            "--map", "Phase=stage", "--map", "Betrag=amount", "--map", "Abschlussdatum=close",
            "--map", "Besitzer=", "--stage-map", "Angebot=proposal"]  # fmt: skip
    out = ok(sam(*args))
    assert "  Besitzer          ignored: ignored by --map" in out
    assert deals(db_path) == [
        ("Neue Linie", "Müller AG", 1_250_000, "new", "proposal", None, "pipeline",
         "2027-01-31", None, None),
    ]  # fmt: skip


# --- refused whole, one line per problem -----------------------------------------------------


def test_every_bad_row_is_named_and_nothing_is_written(sam, db_path, tmp_path):
    ok(sam("account", "add", "Acme"))
    path = tmp_path / "deals.csv"
    path.write_text(
        "Name,Account,Stage,Amount,Currency,Close Date\n"
        "Good deal,Acme,Proposal,100,USD,2027-01-31\n"
        "Bad amount,Acme,Proposal,12abc,USD,2027-01-31\n"
        "Unknown stage,Acme,Discovery,100,USD,2027-01-31\n"
        "Unknown account,Wayne Enterprises,Proposal,100,USD,2027-01-31\n"
        "Other currency,Acme,Proposal,100,EUR,2027-01-31\n"
        "Bad date,Acme,Proposal,100,USD,2027-02-30\n",
        encoding="utf-8",
    )
    before = digest(db_path)
    lines = refused(sam("import", "csv", "deals", str(path)))
    assert lines == [
        "deals.csv line 3, column Amount: '12abc': is not an amount",
        "deals.csv line 4, column Stage: 'Discovery': unknown stage: map it with --stage-map "
        "'Discovery=STAGE' (STAGE: prospecting, qualification, proposal, negotiation, won, lost)",
        "deals.csv line 5, column Account: 'Wayne Enterprises': no such account in sam (import "
        "the accounts first, or add --create-accounts)",
        "deals.csv line 6, column Currency: 'EUR': not the book's currency (USD); sam holds one "
        "currency: if the whole book is in EUR, run `sam config currency EUR` first",
        "deals.csv line 7, column Close Date: '2027-02-30': is not a date",
        "error: deals.csv: 5 problems; nothing was imported (fix the file or use the options "
        "named above, then run the import again)",
    ]
    assert digest(db_path) == before
    # each one has its way out
    ok(sam("config", "currency", "USD"))
    fixed = path.read_text().replace("12abc", "12").replace("EUR", "USD").replace("02-30", "02-28")
    path.write_text(fixed, encoding="utf-8")
    out = ok(
        sam("import", "csv", "deals", str(path), "--stage-map", "Discovery=qualification",
            "--create-accounts")
    )  # fmt: skip
    assert "Created 6 deals, updated 0, left 0 unchanged, skipped 0; and 1 new account\n" in out
    assert "  line 5      Wayne Enterprises: key, active" in out


def test_another_currency_imports_once_the_book_is_in_it(sam, db_path, tmp_path):
    path = tmp_path / "accounts.csv"
    path.write_text('Name,Value\nAcme,"€1.200,50"\n', encoding="utf-8")
    lines = refused(sam("import", "csv", "accounts", str(path)))
    assert "'EUR': not the book's currency (USD)" in lines[0]
    ok(sam("config", "currency", "EUR"))
    ok(sam("import", "csv", "accounts", str(path)))
    assert query(db_path, "SELECT name, annual_value_cents FROM account") == [("Acme", 120_050)]


def test_more_than_20_problems_end_with_how_many_more(sam, db_path, tmp_path):
    path = tmp_path / "accounts.csv"
    path.write_text("Name,Tier\n" + "".join(f"A{i},platinum\n" for i in range(25)))
    lines = refused(sam("import", "csv", "accounts", str(path)))
    assert len(lines) == 22
    assert lines[0] == (
        "accounts.csv line 2, column Tier: 'platinum': unknown tier: choose one of strategic, "
        "key, growth"
    )
    assert lines[20] == "and 5 more"


def test_a_missing_column_says_what_was_looked_for(sam, db_path, tmp_path):
    path = tmp_path / "deals.csv"
    path.write_text("Deal,Value\nX,1\n")
    lines = refused(sam("import", "csv", "deals", str(path)))
    assert lines[:2] == [
        "deals.csv no column for the deal's account (looked for Account Name, Account, "
        "Company, Company Name); name one with --map 'COLUMN=account'",
        "deals.csv no column for the deal stage (looked for Stage, StageName, Deal Stage, "
        "Stage Name); name one with --map 'COLUMN=stage'",
    ]


def test_a_bad_row_in_the_middle_of_a_large_file_refuses_all_of_it(sam, db_path, tmp_path):
    path = tmp_path / "big.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["Account Name", "Industry", "Account ID", "Annual Value"])
        for i in range(10_000):
            value = "1O000" if i == 5_000 else str(i * 1000)  # a letter O for a zero
            out.writerow([f"Account {i}", "Retail", f"0015g0000{i:06d}", value])
    ok(sam("account", "add", "Already here"))
    before = digest(db_path)
    lines = refused(sam("import", "csv", "accounts", str(path)))
    assert lines == [
        "big.csv line 5002, column Annual Value: '1O000': is not an amount",
        "error: big.csv: 1 problem; nothing was imported (fix the file or use the options "
        "named above, then run the import again)",
    ]
    assert digest(db_path) == before
    assert query(db_path, "SELECT count(*) FROM account") == [(1,)]


# --- dry run, JSON, undo, progress -----------------------------------------------------------


def test_a_dry_run_shows_the_plan_and_writes_nothing(sam, db_path):
    ok(sam("account", "add", "Acme"))
    before = digest(db_path)
    out = ok(sam("import", "csv", "accounts", fx("salesforce_accounts_report.csv"), "--dry-run"))
    assert "Would create 4 accounts, update 0, leave 0 unchanged, skip 0." in out
    assert "  line 2      Acme, Inc.: key, active\n" in out
    assert out.endswith("Nothing was written (--dry-run).\n")
    assert digest(db_path) == before


def test_the_plan_as_one_json_document(sam, db_path):
    ok(sam("import", "csv", "accounts", fx("salesforce_accounts_report.csv")))
    ok(sam("deal", "add", "acme", "Side deal", "--amount", "5k"))
    doc = json.loads(
        ok(sam("import", "csv", "deals", fx("salesforce_opportunities_report.csv"), "--dry-run",
               "--json"))
    )  # fmt: skip
    assert doc["source"] == "salesforce" and doc["source_detected"] is True
    assert doc["encoding"] == "UTF-8 with BOM" and doc["delimiter"] == "comma"
    assert doc["counts"] == {"create": 5, "update": 0, "unchanged": 0, "skip": 0, "new_accounts": 0}
    assert doc["columns"][9] == {
        "column": "Next Step",
        "field": None,
        "note": "no such field in sam",
    }
    assert doc["create"][0] == {
        "line": 2,
        "label": "Acme - Platform expansion (Acme, Inc.)",
        "values": {
            "account_id": 1, "name": "Acme - Platform expansion", "stage": "negotiation",
            "closed_at": None, "lost_reason": None, "amount": 250000,
            "expected_close": "2027-01-13", "probability": 90, "forecast_category": "commit",
            "kind": "expansion",
        },
    }  # fmt: skip
    assert doc["notices"] == [
        "dropped the report footer under the data (line 9 on, 5 lines)",
        "dropped 1 totals row",
    ]
    assert doc["problems"] == [] and doc["dry_run"] is True and doc["written"] is False


def test_undo_reverts_a_whole_import_at_once(sam, db_path):
    ok(sam("import", "csv", "accounts", fx("salesforce_accounts_report.csv")))
    ok(sam("import", "csv", "contacts", fx("salesforce_dataloader_contacts.csv")))
    before = {t: query(db_path, f"SELECT * FROM {t}") for t in ("account", "contact")}
    ok(sam("import", "csv", "activities", fx("salesforce_activities_report.csv")))
    assert query(db_path, "SELECT count(*) FROM interaction") == [(4,)]
    out = ok(sam("undo", "--yes"))
    assert out.startswith("Undo: import csv (Thu 26 Nov 09:00)")
    assert query(db_path, "SELECT count(*) FROM interaction") == [(0,)]
    # the cadence clocks the touches reset are back where they were
    assert {t: query(db_path, f"SELECT * FROM {t}") for t in ("account", "contact")} == before


def test_no_progress_bar_when_stderr_is_not_a_terminal(sam, db_path, tmp_path):
    path = tmp_path / "big.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["Name", "Notes"])
        for i in range(12_000):
            out.writerow([f"Account {i}", "x" * 80])
    assert path.stat().st_size > 1_000_000
    result = sam("import", "csv", "accounts", str(path))
    ok(result)
    assert result.stderr == ""


def test_a_progress_bar_on_a_terminal_for_a_large_file(db_path, tmp_path):
    path = tmp_path / "big.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["Name", "Notes"])
        for i in range(12_000):
            out.writerow([f"Account {i}", "x" * 80])
    leader, follower = pty.openpty()
    chunks: list[bytes] = []

    def drain() -> None:
        # read while sam writes: a terminal holds a few KB, and a slow machine redraws the
        # bar more often than that before the import ends (sam would block on the write)
        try:
            while chunk := os.read(leader, 65536):
                chunks.append(chunk)
        except OSError:  # the terminal closed: all of it was read
            pass

    reader = threading.Thread(target=drain)
    reader.start()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "sam_tui", "--db", str(db_path), "import", "csv",
             "accounts", str(path)],
            stdout=subprocess.PIPE, stderr=follower, env={**os.environ, "COLUMNS": "80"},
            timeout=120,
        )  # fmt: skip
    finally:
        os.close(follower)
        reader.join(timeout=30)
        os.close(leader)
    seen = b"".join(chunks)
    assert done.returncode == 0, seen
    assert b"checking rows" in seen
    assert b"Created 12,000 accounts" in done.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("import", "csv", "widgets", "x.csv"), "error: unknown kind of records 'widgets'"),
        (("import", "csv", "accounts", "nope.csv"), "error: nope.csv: the file does not exist"),
        (
            ("import", "csv", "accounts", "x.csv", "--source", "zoho"),
            "error: unknown source 'zoho': choose auto, salesforce, hubspot, pipedrive, plain",
        ),
    ],
)
def test_bad_arguments_are_one_line(sam, args, message):
    result = sam(*args)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith(message)


def test_cells_are_stored_as_written_and_shown_without_driving_the_terminal(sam, db_path, tmp_path):
    path = tmp_path / "accounts.csv"
    names = [
        "\x1b[2J\x1b[H Wiped Ltd",
        "[bold]Markup[/] Inc",
        "Invoice \u202egnp.exe",
        "\x9b31m C1",
    ]
    with open(path, "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["Name", "Notes", "\x1b]52;c;ZXZpbA==\x07Clipboard"])
        for name in names:
            out.writerow([name, "price [/] x\nline two", "x"])
    shown = ok(sam("import", "csv", "accounts", str(path)))
    for raw in ("\x1b", "\x9b", "\u202e", "\x07"):
        assert raw not in shown
    assert "[bold]Markup[/] Inc" in shown and "^[[2J^[[H Wiped Ltd" in shown
    assert query(db_path, "SELECT name, notes FROM account ORDER BY id") == [
        (name, "price [/] x\nline two") for name in names
    ]


@pytest.mark.parametrize(
    "command", [("import", "--help"), ("import", "csv", "--help"), ("import", "json", "--help"),
                ("export", "json", "--help")]
)  # fmt: skip
def test_help_reads_at_80_columns(sam, monkeypatch, command):
    monkeypatch.setenv("COLUMNS", "80")
    out = ok(sam(*command))
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "…" not in out
    # docstring paragraphs are one source line each: no half-empty lines in the prose
    prose = [line.strip() for line in out.splitlines() if "│" not in line and "╭" not in line]
    ragged = [a for a, b in zip(prose, prose[1:], strict=False) if a and b and len(a) < 50]
    assert ragged == [], ragged


def test_a_date_column_borrows_the_order_another_date_column_settles(sam, db_path, tmp_path):
    ok(sam("account", "add", "Acme"))
    path = tmp_path / "deals.csv"
    path.write_text(
        "Name,Account,Stage,Amount,Close Date,Created Date\n"
        "One,Acme,Prospecting,1,5/12/2027,25/1/2026\n"
        "Two,Acme,Prospecting,1,6/11/2027,3/2/2026\n",
        encoding="utf-8",
    )
    out = ok(sam("import", "csv", "deals", str(path)))
    assert "column Close Date: dates read DMY like the file's other date columns" in out
    assert query(db_path, "SELECT name, expected_close, created_at FROM deal") == [
        ("One", "2027-12-05", "2026-01-25T12:00:00Z"),
        ("Two", "2027-11-06", "2026-02-03T12:00:00Z"),
    ]


def test_a_column_mixing_day_first_and_month_first_is_refused(sam, db_path, tmp_path):
    path = tmp_path / "accounts.csv"
    path.write_text("Name,Renewal\nA,13/1/2027\nB,1/13/2027\n", encoding="utf-8")
    lines = refused(sam("import", "csv", "accounts", str(path)))
    assert lines[0] == (
        "accounts.csv column Renewal: mixes day-first ('13/1/2027') and month-first "
        "('1/13/2027') dates; fix the file or give --date-format"
    )


def test_source_given_by_hand_wins_over_the_headers(sam, db_path):
    out = ok(sam("import", "csv", "accounts", fx("hubspot_companies.csv"), "--source", "plain"))
    assert "Source: a plain spreadsheet (--source). Columns:" in out
    assert refs(db_path, "account")[0] == ("plain", "5201", 1)
