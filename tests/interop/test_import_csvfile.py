"""Taking a CSV export apart as it comes, and matching its headers to sam's fields."""

from __future__ import annotations

from pathlib import Path

import pytest

from sam_tui.domain.errors import InvalidInput
from sam_tui.interop import csvfile
from sam_tui.interop.columns import Entity, detect_source, header_key, map_columns, parse_map

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"


# --- encodings -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "label"),
    [
        (b"\xef\xbb\xbfName\nZo\xc3\xab\n", "UTF-8 with BOM"),
        ("\ufeffName\nZoë\n".encode("utf-16-le"), "UTF-16 (little-endian)"),
        ("\ufeffName\nZoë\n".encode("utf-16-be"), "UTF-16 (big-endian)"),
        ("Name\nZoë\n".encode("utf-16-le"), "UTF-16 (little-endian)"),  # no BOM
        ("Name\nZoë\n".encode("utf-16-be"), "UTF-16 (big-endian)"),
        (b"Name\nZo\xc3\xab\n", "UTF-8"),
        (b"Name\nZo\xeb\n", "Windows-1252"),
    ],
)
def test_the_encoding_is_worked_out(data: bytes, label: str) -> None:
    text, found, notice = csvfile.decode(data)
    assert found == label
    assert text.lstrip("\ufeff") == "Name\nZoë\n"
    assert (notice is not None) == (label == "Windows-1252")


def test_cp1252_is_said_in_a_notice_and_its_quotes_read_right() -> None:
    text, label, notice = csvfile.decode("Name\nCafé “Müller”\n".encode("cp1252"))
    assert text == "Name\nCafé “Müller”\n"
    assert label == "Windows-1252"
    assert notice is not None and "not UTF-8: read as Windows-1252" in notice


def test_a_bom_that_lies_is_refused() -> None:
    with pytest.raises(InvalidInput, match="says it is UTF-8 with BOM but byte"):
        csvfile.decode(b"\xef\xbb\xbfName\n\xff\n")


# --- delimiters, quotes, lines ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ('Name,Tier,Value\nAcme,key,"1,5"\n', ","),
        ("Name;Tier;Value\nAcme;key;1,5\nGlobex;growth;2\n", ";"),
        ("Name\tTier\tValue\nAcme, Inc.\tkey\t1,5\n", "\t"),
        ("Name|Tier\nAcme;Ltd|key\n", "|"),
    ],
)
def test_the_delimiter_is_sniffed(text: str, delimiter: str) -> None:
    assert csvfile.parse(text).delimiter == delimiter


def test_excels_sep_line_names_the_delimiter() -> None:
    table = csvfile.parse("sep=;\nName;Value\nAcme;1,5\n")
    assert table.header == ["Name", "Value"]
    assert table.records == [csvfile.Record(3, ["Acme", "1,5"])]


def test_quoted_commas_and_line_breaks_stay_in_their_cell_and_lines_are_counted() -> None:
    table = csvfile.parse(
        'Name,Notes\r\n"Acme, Inc.","Two sites.\r\nCFO decides."\r\n\r\nGlobex,""\r\n'
    )
    assert table.records == [
        csvfile.Record(2, ["Acme, Inc.", "Two sites.\r\nCFO decides."]),
        csvfile.Record(5, ["Globex", ""]),
    ]


def test_a_guarded_cell_loses_its_guard_and_a_formula_stays_text() -> None:
    table = csvfile.parse(
        "A,B,C,D\n'=SUM(A1),'+1 555 0100,'@home,'plain quote\n"
        '"=HYPERLINK(""http://x.example"",""x"")",\'-5%,\'\tx,it\'s\n'
    )
    assert [r.cells for r in table.records] == [
        ["=SUM(A1)", "+1 555 0100", "@home", "'plain quote"],
        ['=HYPERLINK("http://x.example","x")', "-5%", "\tx", "it's"],
    ]


def test_a_row_with_more_cells_than_the_header_is_a_problem_of_its_line() -> None:
    table = csvfile.parse("Name,Value\nAcme,1\nGlobex,2,oops\nInitech,3,\n")
    assert table.problems == [(3, "3 cells where the header has 2 (a quote may be missing)")]


def test_the_salesforce_report_footer_and_totals_are_dropped() -> None:
    table = csvfile.read(FIXTURES / "salesforce_opportunities_report.csv")
    assert [r.cells[0] for r in table.records] == [
        "Acme - Platform expansion",
        "Acme - Renewal 2027",
        "Globex - Pilot",
        "Société Générale - Analytics",
        "Initech - Win-back",
    ]
    assert table.notices == [
        "dropped the report footer under the data (line 9 on, 5 lines)",
        "dropped 1 totals row",
    ]


def test_a_one_column_file_keeps_rows_after_a_blank_line() -> None:
    table = csvfile.parse("Name\nAcme\n\nGlobex\n")
    assert [r.cells for r in table.records] == [["Acme"], ["Globex"]]


def test_data_after_a_blank_line_is_not_a_footer() -> None:
    table = csvfile.parse("Name,Tier,Value\nAcme,key,1\n\nGlobex,growth,2\n")
    assert [r.line for r in table.records] == [2, 4]
    assert table.notices == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty"),
        (b"\n\n  \n", "is empty"),
        (b"Name\x00,Tier\n", "NUL bytes"),
    ],
)
def test_files_that_are_not_csv_are_refused(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(data)
    with pytest.raises(InvalidInput, match=message):
        csvfile.read(path)


def test_a_missing_file_or_a_folder_is_said_plainly(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="does not exist"):
        csvfile.read(tmp_path / "nope.csv")
    with pytest.raises(InvalidInput, match="a folder, not a CSV file"):
        csvfile.read(tmp_path)


# --- headers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        "Account ID",
        "AccountId",
        "ACCOUNTID",
        "accountid",
        "account_id",
        " Account ID* ",
        "account id",
    ],
)
def test_headers_match_whatever_the_case_spacing_or_required_star(header: str) -> None:
    assert header_key(header, Entity.DEALS) == "accountid"


def test_the_files_own_entity_prefix_is_ignored_and_others_kept() -> None:
    assert header_key("Deal - Expected close date", Entity.DEALS) == "expectedclosedate"
    assert header_key("Organization - Name", Entity.DEALS) == "organization-name"
    assert header_key("Organization - Name", Entity.ACCOUNTS) == "name"
    assert header_key("Person - Email - Work", Entity.CONTACTS) == "email-work"


def _header(name: str) -> list[str]:
    return csvfile.read(FIXTURES / name).header


@pytest.mark.parametrize(
    ("name", "entity", "source"),
    [
        ("salesforce_accounts_report.csv", Entity.ACCOUNTS, "salesforce"),
        ("salesforce_opportunities_report.csv", Entity.DEALS, "salesforce"),
        ("salesforce_dataloader_opportunities.csv", Entity.DEALS, "salesforce"),
        ("salesforce_dataloader_contacts.csv", Entity.CONTACTS, "salesforce"),
        ("salesforce_activities_report.csv", Entity.ACTIVITIES, "salesforce"),
        ("hubspot_companies.csv", Entity.ACCOUNTS, "hubspot"),
        ("hubspot_contacts_utf16.csv", Entity.CONTACTS, "hubspot"),
        ("hubspot_deals.csv", Entity.DEALS, "hubspot"),
        ("pipedrive_deals.csv", Entity.DEALS, "pipedrive"),
        ("plain_accounts_semicolon_cp1252.csv", Entity.ACCOUNTS, "plain"),
    ],
)
def test_the_source_is_read_from_the_headers(name: str, entity: Entity, source: str) -> None:
    assert detect_source(_header(name), entity) == source


def test_every_column_of_a_pipedrive_export_finds_its_field() -> None:
    uses = map_columns(_header("pipedrive_deals.csv"), Entity.DEALS).uses
    assert [(u.header, u.field) for u in uses] == [
        ("Deal - Title", "name"),
        ("Deal - Value", "amount"),
        ("Deal - Currency of value", "currency"),
        ("Organization", "account"),
        ("Contact person", None),
        ("Deal - Stage", "stage"),
        ("Deal - Expected close date", "close"),
        ("Deal - Status", "status"),
        ("Deal - Won time", "won-time"),
        ("Deal - Lost reason", "lost-reason"),
        ("Deal - Pipedrive System ID", "id"),
    ]


def test_several_columns_may_feed_one_field_most_specific_first() -> None:
    found = map_columns(["Name", "Country", "Billing State/Province"], Entity.ACCOUNTS)
    assert found.fields["region"] == [2, 1]


def test_map_names_a_localised_header_and_can_ignore_a_column() -> None:
    header = ["Firma", "Name", "Stufe", "Betrag", "Type"]
    found = map_columns(
        header,
        Entity.DEALS,
        parse_map(["Firma=account", "stufe=stage", "Betrag=amount", "Type="], Entity.DEALS),
    )
    assert found.fields == {"account": [0], "stage": [2], "amount": [3], "name": [1]}
    assert found.uses[4].field is None and found.uses[4].why == "ignored by --map"
    assert found.uses[0].why == "--map"


@pytest.mark.parametrize(
    ("items", "message"),
    [
        (["Firma"], "is not CSV COLUMN=FIELD"),
        (["Firma=company"], "deals have no field 'company'; fields: name, id, account"),
    ],
)
def test_bad_maps_are_explained(items: list[str], message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        parse_map(items, Entity.DEALS)


def test_a_map_for_a_column_the_file_lacks_lists_its_columns() -> None:
    with pytest.raises(InvalidInput, match="its columns: 'Name', 'Stage'"):
        map_columns(["Name", "Stage"], Entity.DEALS, parse_map(["Firma=account"], Entity.DEALS))
