"""Reporting periods: weeks, months, fiscal quarters and years."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sam_tui.domain.errors import InvalidInput
from sam_tui.domain.periods import PeriodKind, containing, fiscal_year_of, parse_period


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
