"""Reporting periods: weeks, months, fiscal quarters and years."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sam_tui.domain.errors import InvalidInput
from sam_tui.domain.periods import (
    PeriodKind,
    containing,
    fiscal_year_of,
    parse_period,
    read_period,
    relative_period,
)


def test_calendar_periods() -> None:
    assert parse_period("2026").start == date(2026, 1, 1)
    assert parse_period("2026").end == date(2026, 12, 31)
    q4 = parse_period("2026-q4")
    assert (q4.label, q4.start, q4.end, q4.days) == (
        "2026-Q4",
        date(2026, 10, 1),
        date(2026, 12, 31),
        92,
    )
    nov = parse_period("2026-11")
    assert (nov.label, nov.start, nov.end) == ("2026-11", date(2026, 11, 1), date(2026, 11, 30))
    week = parse_period("2026-W48")
    assert (week.start, week.end) == (date(2026, 11, 23), date(2026, 11, 29))
    assert parse_period(" 2026-w8 ").label == "2026-W08"


def test_fiscal_year_named_by_the_year_it_ends_in() -> None:
    fy = parse_period("2026", fiscal_start=4)
    assert (fy.start, fy.end) == (date(2025, 4, 1), date(2026, 3, 31))
    assert fiscal_year_of(date(2026, 4, 1), 4) == 2027
    assert fiscal_year_of(date(2026, 3, 31), 4) == 2026


def test_a_fiscal_quarter_crossing_the_calendar_year() -> None:
    q4 = parse_period("2026-Q4", fiscal_start=2)
    assert (q4.start, q4.end) == (date(2025, 11, 1), date(2026, 1, 31))
    assert date(2026, 1, 15) in q4 and date(2026, 2, 1) not in q4
    assert q4.next().label == "2027-Q1"
    assert q4.previous().label == "2026-Q3"
    assert containing(PeriodKind.QUARTER, date(2026, 1, 31), 2) == q4


def test_previous_next_and_split() -> None:
    assert parse_period("2026-01").previous().label == "2025-12"
    assert parse_period("2026-W01").previous().label == "2025-W52"
    assert parse_period("2026-W53").next().label == "2027-W01"
    assert [p.label for p in parse_period("2026-Q4").split(PeriodKind.MONTH)] == [
        "2026-10",
        "2026-11",
        "2026-12",
    ]
    assert parse_period("2026-11").same_last_year().label == "2025-11"


def test_elapsed_days() -> None:
    nov = parse_period("2026-11")
    assert nov.elapsed_days(date(2026, 10, 31)) == 0
    assert nov.elapsed_days(date(2026, 11, 26)) == 26
    assert nov.elapsed_days(date(2027, 1, 1)) == 30


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-13", "no month 13"),
        ("2025-W53", "no ISO week 53"),
        ("2026-Q5", "not a period"),
        ("Q4", "not a period"),
        ("next month", "not a period"),
        ("0001", "between"),
        ("", "not a period"),
    ],
)
def test_bad_periods_are_refused_with_the_input_quoted(text: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        parse_period(text)


def test_fiscal_start_must_be_a_month() -> None:
    with pytest.raises(InvalidInput, match="month 1-12"):
        parse_period("2026", fiscal_start=13)


@given(
    day=st.dates(min_value=date(1950, 1, 1), max_value=date(9000, 12, 31)),
    kind=st.sampled_from(PeriodKind),
    fiscal_start=st.integers(1, 12),
)
def test_every_day_is_in_exactly_one_period_of_each_kind(
    day: date, kind: PeriodKind, fiscal_start: int
) -> None:
    period = containing(kind, day, fiscal_start)
    assert day in period
    assert parse_period(period.label, fiscal_start) == period
    assert period.previous().end.toordinal() + 1 == period.start.toordinal()
    assert period.next().start.toordinal() - 1 == period.end.toordinal()


# Thu 26 Nov 2026; with the fiscal year starting in April, it is in FY2027's Q3
# (Oct-Dec 2026), so a fiscal quarter or year is not the calendar's.
THURSDAY = date(2026, 11, 26)


@pytest.mark.parametrize(
    ("text", "label", "start", "end"),
    [
        ("this", "2027-Q3", date(2026, 10, 1), date(2026, 12, 31)),
        ("current", "2027-Q3", date(2026, 10, 1), date(2026, 12, 31)),
        ("now", "2027-Q3", date(2026, 10, 1), date(2026, 12, 31)),
        ("last", "2027-Q2", date(2026, 7, 1), date(2026, 9, 30)),
        ("previous", "2027-Q2", date(2026, 7, 1), date(2026, 9, 30)),
        ("prev", "2027-Q2", date(2026, 7, 1), date(2026, 9, 30)),
        ("next", "2027-Q4", date(2027, 1, 1), date(2027, 3, 31)),
        ("this quarter", "2027-Q3", date(2026, 10, 1), date(2026, 12, 31)),
        ("last quarter", "2027-Q2", date(2026, 7, 1), date(2026, 9, 30)),
        ("previous quarter", "2027-Q2", date(2026, 7, 1), date(2026, 9, 30)),
        ("next quarter", "2027-Q4", date(2027, 1, 1), date(2027, 3, 31)),
        ("this year", "2027", date(2026, 4, 1), date(2027, 3, 31)),
        ("current year", "2027", date(2026, 4, 1), date(2027, 3, 31)),
        ("last year", "2026", date(2025, 4, 1), date(2026, 3, 31)),
        ("next year", "2028", date(2027, 4, 1), date(2028, 3, 31)),
        ("this month", "2026-11", date(2026, 11, 1), date(2026, 11, 30)),
        ("last month", "2026-10", date(2026, 10, 1), date(2026, 10, 31)),
        ("next month", "2026-12", date(2026, 12, 1), date(2026, 12, 31)),
        ("this week", "2026-W48", date(2026, 11, 23), date(2026, 11, 29)),
        ("last week", "2026-W47", date(2026, 11, 16), date(2026, 11, 22)),
        ("next week", "2026-W49", date(2026, 11, 30), date(2026, 12, 6)),
    ],
)
def test_periods_relative_to_today_with_a_fiscal_year_from_april(
    text: str, label: str, start: date, end: date
) -> None:
    period = read_period(text, THURSDAY, fiscal_start=4)
    assert (period.label, period.start, period.end) == (label, start, end)
    assert period == parse_period(label, fiscal_start=4)
    assert relative_period(text, THURSDAY, fiscal_start=4) == period


@pytest.mark.parametrize("text", ["LAST", "  last  ", "Last Quarter", "  LAST \t  quarter "])
def test_relative_periods_ignore_case_and_extra_spaces(text: str) -> None:
    assert read_period(text, THURSDAY).label == "2026-Q3"


@pytest.mark.parametrize(
    ("today", "fiscal_start", "text", "label"),
    [
        # January: last quarter, month and year are the calendar's previous year
        (date(2026, 1, 15), 1, "last quarter", "2025-Q4"),
        (date(2026, 1, 15), 1, "last", "2025-Q4"),
        (date(2026, 1, 15), 1, "last month", "2025-12"),
        (date(2026, 1, 15), 1, "last year", "2025"),
        # ... and with an April fiscal year, January is the fiscal year's last quarter
        (date(2026, 1, 15), 4, "this", "2026-Q4"),
        (date(2026, 1, 15), 4, "last quarter", "2026-Q3"),
        (date(2026, 1, 15), 4, "next quarter", "2027-Q1"),
        (date(2026, 3, 31), 4, "next year", "2027"),
        (date(2026, 4, 1), 4, "last year", "2026"),
        (date(2026, 12, 31), 1, "next", "2027-Q1"),
        (date(2026, 12, 31), 1, "next month", "2027-01"),
        # on a Monday, this week has just begun: last week is the whole one before
        (date(2026, 11, 23), 1, "last week", "2026-W47"),
        (date(2026, 11, 23), 1, "this week", "2026-W48"),
        (date(2026, 1, 5), 1, "last week", "2026-W01"),  # 29 Dec 2025 - 4 Jan 2026
        (date(2024, 12, 30), 1, "last week", "2024-W52"),  # 30 Dec 2024 is in 2025-W01
        (date(2026, 12, 27), 1, "next week", "2026-W53"),  # 2026 has 53 ISO weeks
    ],
)
def test_relative_periods_across_year_boundaries(
    today: date, fiscal_start: int, text: str, label: str
) -> None:
    assert read_period(text, today, fiscal_start).label == label


@pytest.mark.parametrize("text", ["2026-Q4", "2026", "FY2026", "2026-11", "2026-w8", " 2026-q4 "])
def test_labels_read_as_before(text: str) -> None:
    assert read_period(text, THURSDAY, 4) == parse_period(text, 4)
    assert relative_period(text, THURSDAY, 4) is None


@pytest.mark.parametrize(
    "text", ["last fortnight", "next next", "now month", "last 2 months", "lastmonth", "", "Q4"]
)
def test_an_unknown_phrase_is_refused_naming_the_relative_forms(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        read_period(text, THURSDAY)
    message = str(caught.value)
    assert message.startswith(f"not a period: '{text.strip()}'; use 2026-W47 (week)")
    assert "this, last or next (quarter)" in message and "last month" in message
    assert "\n" not in message


def test_an_impossible_label_still_says_what_is_wrong() -> None:
    with pytest.raises(InvalidInput, match="no month 13"):
        read_period("2026-13", THURSDAY)


def test_parse_period_itself_reads_labels_only() -> None:
    # the reports' --period reads this/last/next itself and a phrase as a date in the period
    with pytest.raises(InvalidInput, match="not a period"):
        parse_period("last month")


def test_next_year_past_the_calendar_is_refused() -> None:
    with pytest.raises(InvalidInput, match="past the year 9999"):
        read_period("next year", date(9998, 12, 31), fiscal_start=4)
