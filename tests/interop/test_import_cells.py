"""Reading CRM cells without a database: names folded, Salesforce ids, amounts, dates, stages."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from sam_tui.domain.enums import Channel, DealKind, DealStage, ForecastCategory
from sam_tui.domain.errors import InvalidInput
from sam_tui.interop import cells, vocab
from sam_tui.interop.cells import Amount

# --- names ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "exported"),
    [
        ("acme inc", "Acme, Inc."),
        ("societe generale", "Société Générale"),
        ("Muller", "MÜLLER"),
        ("oresund", "Øresund"),
        ("grosse", "GROSSE"),
        ("Gross", "Groß"),  # ß folds to ss
        ("lodz", "Łódź"),
        ("O Brien", "O'Brien"),
        ("at t", "AT&T"),
    ],
)
def test_names_match_with_case_accents_and_punctuation_folded(typed: str, exported: str) -> None:
    assert cells.fold(typed) == cells.fold(exported)


def test_folding_keeps_words_apart() -> None:
    assert cells.fold("Acme Labs") != cells.fold("Acme")
    assert cells.fold("  Acme\t Labs ") == "acme labs"


# --- Salesforce ids ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "given",
    [
        "0015g00000AbCdE",  # the 15-character form (reports)
        "0015g00000AbCdEAAV",  # the 18-character form (API, Data Loader)
        "0015G00000ABCDEAAV",  # ...after a tool upper-cased it: the suffix gives the case back
        "0015g00000abcdeaav",  # ...or lower-cased it
        " 0015g00000AbCdEAAV ",
    ],
)
def test_salesforce_ids_of_15_and_18_characters_compare_equal(given: str) -> None:
    assert cells.source_key(given, "salesforce") == "0015g00000AbCdE"


def test_a_15_character_id_stays_case_sensitive() -> None:
    assert cells.salesforce_id("0015g00000abcde") != cells.salesforce_id("0015g00000AbCdE")


def test_an_18_character_value_with_a_wrong_suffix_keeps_its_case() -> None:
    assert cells.salesforce_id("0015g00000AbCdEAAA") == "0015g00000AbCdE"
    assert cells.salesforce_id("not-an-id-at-all!!") == "not-an-id-at-all!!"


def test_other_sources_ids_are_kept_as_given() -> None:
    assert cells.source_key(" 5201 ", "hubspot") == "5201"
    assert cells.source_key("5201.0", "hubspot") == "5201"  # a spreadsheet's number
    assert cells.source_key("0015g00000AbCdEAAV", "pipedrive") == "0015g00000AbCdEAAV"


# --- amounts -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "mark", "expected"),
    [
        ("250000", None, Amount(25_000_000, None)),
        ("$250,000.00", None, Amount(25_000_000, "$")),
        ("120,000.50", None, Amount(12_000_050, None)),
        ("1.250.000,50", ",", Amount(125_000_050, None)),
        ("85.000", ",", Amount(8_500_000, None)),
        ("85.000", None, Amount(8_500_000, None)),  # three digits after one mark: thousands
        ("9.999,99", None, Amount(999_999, None)),
        ("1,25", None, Amount(125, None)),
        ("1 250 000,00 €", None, Amount(125_000_000, "EUR")),
        ("EUR 1\u00a0250", None, Amount(125_000, "EUR")),
        ("CHF 1'250.50", None, Amount(125_050, "CHF")),
        ("25000.5", None, Amount(2_500_050, None)),
        ("9500.0", ".", Amount(950_000, None)),
        ("1,200", ".", Amount(120_000, None)),
        ("£99", None, Amount(9_900, "GBP")),
        ("12,50,000.00", None, Amount(125_000_000, None)),  # India's grouping
        ("1500 usd", None, Amount(150_000, "USD")),
        # as typed in a spreadsheet by hand, and as the CLI takes them
        ("2m", None, Amount(200_000_000, None)),
        ("1.5M", None, Amount(150_000_000, None)),
        ("120k", None, Amount(12_000_000, None)),
        ("€2,5m", ",", Amount(250_000_000, "EUR")),
        ("$3.2bn", None, Amount(320_000_000_000, "$")),
    ],
)
def test_amounts_read_exactly_in_cents(text: str, mark: str | None, expected: Amount) -> None:
    assert cells.parse_amount(text, mark) == expected


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("-5", "negative"),
        ("(1,250.00)", "negative"),
        ("12.345", "more than two decimals"),  # a point as the decimal mark of the column
        ("abc", "not an amount"),
        ("=SUM(A1:A9)", "not an amount"),
        ("1.2.3", "digit groups do not fit"),
        ("1,25,0", "digit groups do not fit"),
        ("99999999999999999", "too large"),
        ("m", "not an amount"),
        ("-2m", "negative"),
        ("1.234567k", "more than two decimals"),
    ],
)
def test_bad_amounts_are_refused_with_the_reason(text: str, why: str) -> None:
    with pytest.raises(InvalidInput, match=why):
        cells.parse_amount(text, "." if text == "12.345" else None)


def test_a_columns_decimal_mark_comes_from_the_values_that_show_it() -> None:
    assert cells.decimal_mark(["1.250,50", "100", "85.000"]) == ","
    assert cells.decimal_mark(["1,250.50", "100"]) == "."
    assert cells.decimal_mark(["1.250.000", "3"]) == ","  # several points: they group
    assert cells.decimal_mark(["1,250", "1,000"]) is None  # nothing says
    assert cells.decimal_mark(["1,5", "2.5"]) is None  # contradictory: each value alone


def test_a_dollar_matches_any_dollar_book_and_codes_compare() -> None:
    assert cells.same_currency("$", "USD") and cells.same_currency("$", "CAD")
    assert not cells.same_currency("$", "EUR")
    assert cells.same_currency("usd", "USD") and not cells.same_currency("EUR", "USD")


# --- dates ---------------------------------------------------------------------------------

LOCAL = datetime(2026, 1, 12, 3, 54).astimezone().tzinfo


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("2026-01-12", None, date(2026, 1, 12)),
        ("1/12/2026", "MDY", date(2026, 1, 12)),
        ("1/12/2026", "DMY", date(2026, 12, 1)),
        ("13/1/2026", None, date(2026, 1, 13)),  # 13 can only be a day
        ("1/13/2026", None, date(2026, 1, 13)),
        ("12.01.2026", None, date(2026, 1, 12)),  # dotted dates are day-first everywhere
        ("5/5/26", None, date(2026, 5, 5)),  # the same either way; two-digit year
        ("Jan 12, 2026", None, date(2026, 1, 12)),
        ("12 January 2026", None, date(2026, 1, 12)),
        ("12-Jan-2026", None, date(2026, 1, 12)),
        ("2022-07-27T17:40:52.000+0000", None, datetime(2022, 7, 27, 17, 40, 52, tzinfo=UTC)),
        ("2026-01-12T10:00:00Z", None, datetime(2026, 1, 12, 10, 0, tzinfo=UTC)),
        ("2020-01-10 10:00", None, datetime(2020, 1, 10, 10, 0, tzinfo=LOCAL)),
        ("1/12/2026 3:54 AM", "MDY", datetime(2026, 1, 12, 3, 54, tzinfo=LOCAL)),
        ("1/12/2026 3:54 PM", "MDY", datetime(2026, 1, 12, 15, 54, tzinfo=LOCAL)),
        ("12/1/2026 12:05 AM", "DMY", datetime(2026, 1, 12, 0, 5, tzinfo=LOCAL)),
        ("12.01.2026 14:30", None, datetime(2026, 1, 12, 14, 30, tzinfo=LOCAL)),
    ],
)
def test_dates_and_moments_as_exports_write_them(
    text: str, order: str | None, expected: date | datetime
) -> None:
    found = cells.parse_date(text, order)
    assert found == expected
    assert type(found) is type(expected)
    if isinstance(found, datetime):
        assert found.tzinfo is not None


def test_a_date_that_reads_two_ways_is_refused_without_an_order() -> None:
    with pytest.raises(InvalidInput, match=r"could be 5/12 or 12/5 \(day or month first\)"):
        cells.parse_date("5/12/2026", None)


@pytest.mark.parametrize(
    "text", ["2/30/2026", "13/13/2026", "yesterday", "Smarch 3, 2026", "24:61"]
)
def test_impossible_dates_are_refused(text: str) -> None:
    with pytest.raises(InvalidInput, match="not a date|could be"):
        cells.parse_date(text, "MDY")


def test_a_pattern_given_by_date_format_reads_dates_and_moments() -> None:
    order, pattern = cells.parse_date_format("%d.%m.%Y")
    assert (order, pattern) == (None, "%d.%m.%Y")
    assert cells.parse_date("31.01.2026", order, pattern) == date(2026, 1, 31)
    moment = cells.parse_date("31.01.2026 14:30", order, pattern)
    assert moment == datetime(2026, 1, 31, 14, 30).astimezone()


@pytest.mark.parametrize(
    ("text", "order"), [("DMY", "DMY"), ("mdy", "MDY"), ("dd/mm/yyyy", "DMY")]
)
def test_date_format_orders(text: str, order: str) -> None:
    assert cells.parse_date_format(text) == (order, None)


@pytest.mark.parametrize("text", ["", "banana", "%Q", "DD", "YMD", "yyyy-mm-dd"])
def test_bad_date_formats_are_explained(text: str) -> None:
    with pytest.raises(InvalidInput, match="--date-format"):
        cells.parse_date_format(text)


def test_a_day_above_12_anywhere_in_the_column_settles_its_order() -> None:
    assert cells.date_evidence(["1/12/2026", "13/1/2026", ""]).order == "DMY"
    assert cells.date_evidence(["1/12/2026", "1/13/2026"]).order == "MDY"
    ambiguous = cells.date_evidence(["1/12/2026", "2/11/2026", "5/5/2026", "2026-03-01"])
    assert (ambiguous.order, ambiguous.ambiguous) == (None, "1/12/2026")
    mixed = cells.date_evidence(["13/1/2026", "1/13/2026"])
    assert mixed.conflict == ("13/1/2026", "1/13/2026")
    assert cells.date_evidence(["2026-01-12", "12.01.2026"]) == (None, None, None)


def test_a_bare_date_becomes_noon_local_time_as_sam_log_reads_it() -> None:
    assert cells.at_noon(date(2026, 11, 20)) == datetime(2026, 11, 20, 12, 0).astimezone()
    paris = timezone(timedelta(hours=1))
    assert cells.as_day(datetime(2026, 11, 20, 23, 30, tzinfo=paris)) == (
        datetime(2026, 11, 20, 23, 30, tzinfo=paris).astimezone().date()
    )


# --- vocabularies --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("theirs", "ours"),
    [
        # Salesforce's default opportunity stages
        ("Prospecting", DealStage.PROSPECTING),
        ("Qualification", DealStage.QUALIFICATION),
        ("Needs Analysis", DealStage.QUALIFICATION),
        ("Value Proposition", DealStage.PROPOSAL),
        ("Id. Decision Makers", DealStage.PROPOSAL),
        ("Perception Analysis", DealStage.PROPOSAL),
        ("Proposal/Price Quote", DealStage.PROPOSAL),
        ("Negotiation/Review", DealStage.NEGOTIATION),
        ("Closed Won", DealStage.WON),
        ("Closed Lost", DealStage.LOST),
        # HubSpot's, by internal id and label
        ("appointmentscheduled", DealStage.PROSPECTING),
        ("qualifiedtobuy", DealStage.QUALIFICATION),
        ("Presentation Scheduled", DealStage.PROPOSAL),
        ("decisionmakerboughtin", DealStage.PROPOSAL),
        ("contractsent", DealStage.NEGOTIATION),
        ("closedwon", DealStage.WON),
        ("closedlost", DealStage.LOST),
        # Pipedrive's
        ("Lead In", DealStage.PROSPECTING),
        ("Contact Made", DealStage.PROSPECTING),
        ("Qualified", DealStage.QUALIFICATION),
        ("Needs Defined", DealStage.QUALIFICATION),
        ("Demo Scheduled", DealStage.QUALIFICATION),
        ("Proposal Made", DealStage.PROPOSAL),
        ("Negotiations Started", DealStage.NEGOTIATION),
        # sam's own, any case
        ("NEGOTIATION", DealStage.NEGOTIATION),
        ("won", DealStage.WON),
    ],
)
def test_default_pipelines_map_to_sams_stages(theirs: str, ours: DealStage) -> None:
    assert vocab.stage(theirs, {}) is ours


def test_a_custom_stage_needs_a_stage_map() -> None:
    assert vocab.stage("Discovery", {}) is None
    extra = vocab.parse_stage_map(["Discovery=qual", "Legal review=negotiation"])
    assert vocab.stage("discovery", extra) is DealStage.QUALIFICATION
    assert vocab.stage("Legal Review", extra) is DealStage.NEGOTIATION
    with pytest.raises(InvalidInput, match="THEIR STAGE=OUR STAGE"):
        vocab.parse_stage_map(["Discovery"])
    with pytest.raises(InvalidInput, match="unknown stage in --stage-map 'closing'"):
        vocab.parse_stage_map(["Discovery=closing"])


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Pipeline", ForecastCategory.PIPELINE),
        ("Best Case", ForecastCategory.BEST_CASE),
        ("Commit", ForecastCategory.COMMIT),
        ("Omitted", ForecastCategory.OMITTED),
        ("Closed", None),  # derived from the stage in sam
    ],
)
def test_forecast_categories(text: str, category: ForecastCategory | None) -> None:
    assert vocab.category(text) is category


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("New Customer", DealKind.NEW),
        ("New Business", DealKind.NEW),
        ("newbusiness", DealKind.NEW),
        ("Existing Customer - Upgrade", DealKind.EXPANSION),
        ("existingbusiness", DealKind.EXPANSION),
        ("Renewal", DealKind.RENEWAL),
    ],
)
def test_deal_types(text: str, kind: DealKind) -> None:
    assert vocab.kind(text) is kind


@pytest.mark.parametrize(
    ("text", "channel"),
    [
        ("Call", Channel.CALL),
        ("Email", Channel.EMAIL),
        ("Meeting", Channel.MEETING),
        ("Task", Channel.NOTE),
        ("LinkedIn message", Channel.CHAT),
        ("Carrier pigeon", None),
    ],
)
def test_activity_types_become_channels(text: str, channel: Channel | None) -> None:
    assert vocab.channel(text) is channel
