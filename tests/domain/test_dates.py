"""Date phrases: what each form means on a given day, what is refused, and how dates read back."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from sam_tui.domain.dates import (
    Prefer,
    end_of_month,
    end_of_quarter,
    end_of_week,
    format_day,
    humanize,
    parse_date,
    parse_when,
)
from sam_tui.domain.errors import DateParseError

D = date
MON = D(2026, 11, 23)
WED = D(2026, 11, 25)
THU = D(2026, 11, 26)
FRI = D(2026, 11, 27)
SAT = D(2026, 11, 28)
SUN = D(2026, 11, 29)
NYE = D(2026, 12, 31)
F: Prefer = "future"
P: Prefer = "past"

CASES: list[tuple[str, date, Prefer, date]] = [
    # ISO, and ISO datetimes reduced to their date as written
    ("2026-12-05", FRI, F, D(2026, 12, 5)),
    ("2026-12-05", FRI, P, D(2026, 12, 5)),
    ("2020-01-01", FRI, F, D(2020, 1, 1)),
    ("2024-02-29", FRI, F, D(2024, 2, 29)),
    ("  2026-12-05\t", FRI, F, D(2026, 12, 5)),
    ("2026-12-05T10:00", FRI, F, D(2026, 12, 5)),
    ("2026-12-05t10:00", FRI, F, D(2026, 12, 5)),
    ("2026-12-05 10:00", FRI, F, D(2026, 12, 5)),
    ("2026-12-05T23:30:15Z", FRI, F, D(2026, 12, 5)),
    ("2026-12-05T23:30+05:00", FRI, F, D(2026, 12, 5)),
    # month names, every order and spelling
    ("Dec 5", FRI, F, D(2026, 12, 5)),
    ("Dec 5", FRI, P, D(2025, 12, 5)),
    ("December 5", FRI, F, D(2026, 12, 5)),
    ("dec 5th", FRI, F, D(2026, 12, 5)),
    ("Dec. 5", FRI, F, D(2026, 12, 5)),
    ("5 Dec", FRI, F, D(2026, 12, 5)),
    ("5 Dec", FRI, P, D(2025, 12, 5)),
    ("5th December", FRI, F, D(2026, 12, 5)),
    ("5th of December", FRI, F, D(2026, 12, 5)),
    ("5 Dec 2026", FRI, P, D(2026, 12, 5)),
    ("5 Dec 2030", FRI, F, D(2030, 12, 5)),
    ("Dec 5 2026", FRI, P, D(2026, 12, 5)),
    ("Dec 5, 2026", FRI, P, D(2026, 12, 5)),
    ("dec 5,2026", FRI, F, D(2026, 12, 5)),
    ("  DEC   5 ,  2026 ", FRI, F, D(2026, 12, 5)),
    ("Dec 5 2020", FRI, F, D(2020, 12, 5)),
    # a yearless due date is its nearest occurrence, six months back at most (issue 14)
    ("Sept 3", FRI, F, D(2026, 9, 3)),
    ("Sept 3", FRI, P, D(2026, 9, 3)),
    ("sep 3", FRI, F, D(2026, 9, 3)),
    ("Nov 19", D(2026, 11, 20), F, D(2026, 11, 19)),
    ("May 20", D(2026, 11, 20), F, D(2027, 5, 20)),
    ("Jan 5", D(2026, 12, 30), F, D(2027, 1, 5)),
    ("Dec 28", D(2027, 1, 3), F, D(2026, 12, 28)),
    ("September 3rd", FRI, P, D(2026, 9, 3)),
    ("1st jan", FRI, F, D(2027, 1, 1)),
    ("2nd Feb", FRI, F, D(2027, 2, 2)),
    ("21st june", FRI, P, D(2026, 6, 21)),
    ("Jun 1", FRI, F, D(2026, 6, 1)),
    ("Jun 1", D(2026, 12, 2), F, D(2027, 6, 1)),
    ("oct 31", FRI, P, D(2026, 10, 31)),
    ("Nov 27", FRI, F, FRI),  # today counts as "coming" and as "gone"
    ("Nov 27", FRI, P, FRI),
    ("Nov 26", FRI, F, D(2026, 11, 26)),  # yesterday: already overdue
    ("Nov 26", FRI, P, D(2026, 11, 26)),
    ("Nov 28", FRI, F, D(2026, 11, 28)),
    ("Nov 28", FRI, P, D(2025, 11, 28)),
    # year rollover
    ("Jan 5", THU, F, D(2027, 1, 5)),
    ("Jan 5", THU, P, D(2026, 1, 5)),
    ("Jan 1", NYE, F, D(2027, 1, 1)),
    ("Dec 31", D(2027, 1, 1), P, NYE),
    ("Dec 31", D(2027, 1, 1), F, NYE),
    # Feb 29 without a year: the nearest leap year in the preferred direction
    ("Feb 29", FRI, F, D(2028, 2, 29)),
    ("Feb 29", FRI, P, D(2024, 2, 29)),
    ("Feb 29", D(2028, 2, 29), F, D(2028, 2, 29)),
    ("Feb 29", D(2028, 2, 29), P, D(2028, 2, 29)),
    ("Feb 29", D(2028, 3, 1), F, D(2028, 2, 29)),
    ("Feb 29", D(2028, 9, 1), F, D(2032, 2, 29)),
    ("Feb 29", D(2024, 2, 28), P, D(2020, 2, 29)),
    ("29 february", D(2097, 6, 1), F, D(2104, 2, 29)),  # 2100 is not a leap year
    ("feb 29", D(2101, 1, 1), P, D(2096, 2, 29)),
    ("Feb 29 2028", FRI, F, D(2028, 2, 29)),
    ("Feb 28", D(2028, 2, 29), F, D(2028, 2, 28)),
    # fixed words
    ("today", FRI, F, FRI),
    ("tod", FRI, P, FRI),
    ("TODAY", FRI, F, FRI),
    ("tomorrow", FRI, F, SAT),
    ("tom", FRI, P, SAT),
    ("Tomorrow", NYE, F, D(2027, 1, 1)),
    ("tomorrow", D(2028, 2, 28), F, D(2028, 2, 29)),
    ("tomorrow", D(2027, 2, 28), F, D(2027, 3, 1)),
    ("yesterday", FRI, F, THU),
    ("yesterday", D(2027, 1, 1), F, NYE),
    ("yesterday", D(2028, 3, 1), P, D(2028, 2, 29)),
    # weekdays, today a Friday
    ("friday", FRI, F, FRI),
    ("friday", FRI, P, FRI),
    ("fri", FRI, F, FRI),
    ("FRIDAY", FRI, F, FRI),
    ("this friday", FRI, F, FRI),
    ("next friday", FRI, F, D(2026, 12, 4)),
    ("next friday", FRI, P, D(2026, 12, 4)),
    ("  Next   Friday ", FRI, F, D(2026, 12, 4)),
    ("last friday", FRI, F, D(2026, 11, 20)),
    ("last fri", FRI, P, D(2026, 11, 20)),
    ("monday", FRI, F, D(2026, 11, 30)),
    ("monday", FRI, P, MON),
    ("mon", FRI, F, D(2026, 11, 30)),
    ("tuesday", FRI, F, D(2026, 12, 1)),
    ("tues", FRI, P, D(2026, 11, 24)),
    ("tue", FRI, F, D(2026, 12, 1)),
    ("wednesday", FRI, F, D(2026, 12, 2)),
    ("wed", FRI, P, WED),
    ("thursday", FRI, P, THU),
    ("thur", FRI, F, D(2026, 12, 3)),
    ("thurs", FRI, F, D(2026, 12, 3)),
    ("thu", FRI, P, THU),
    ("saturday", FRI, F, SAT),
    ("sat", FRI, P, D(2026, 11, 21)),
    ("sunday", FRI, F, SUN),
    ("sun", FRI, P, D(2026, 11, 22)),
    ("next monday", FRI, F, D(2026, 11, 30)),
    ("next saturday", FRI, F, SAT),
    ("last monday", FRI, F, MON),
    ("last thursday", FRI, F, THU),
    ("last saturday", FRI, F, D(2026, 11, 21)),
    # weekdays, today a Wednesday: "next" is the very next one, not the one a week later
    ("friday", WED, F, FRI),
    ("friday", WED, P, D(2026, 11, 20)),
    ("this friday", WED, P, D(2026, 11, 20)),
    ("next friday", WED, F, FRI),
    ("last friday", WED, F, D(2026, 11, 20)),
    ("next wednesday", WED, F, D(2026, 12, 2)),
    ("last wednesday", WED, F, D(2026, 11, 18)),
    ("next thu", NYE, F, D(2027, 1, 7)),
    ("fri", NYE, F, D(2027, 1, 1)),
    # counted offsets
    ("in 3 days", FRI, F, D(2026, 11, 30)),
    ("in 3 days", FRI, P, D(2026, 11, 30)),
    ("in 1 day", FRI, F, SAT),
    ("in a day", FRI, F, SAT),
    ("In  3  Days", FRI, F, D(2026, 11, 30)),
    ("in 2 weeks", FRI, F, D(2026, 12, 11)),
    ("in 1 week", FRI, F, D(2026, 12, 4)),
    ("in a week", FRI, F, D(2026, 12, 4)),
    ("in 1 month", FRI, F, D(2026, 12, 27)),
    ("in a month", FRI, F, D(2026, 12, 27)),
    ("in 3 months", FRI, F, D(2027, 2, 27)),
    ("in 3 months", D(2026, 11, 30), F, D(2027, 2, 28)),
    ("in 1 month", D(2027, 1, 31), F, D(2027, 2, 28)),
    ("in 1 month", D(2028, 1, 31), F, D(2028, 2, 29)),
    ("in 12 months", D(2028, 2, 29), F, D(2029, 2, 28)),
    ("in 400 days", FRI, F, D(2028, 1, 1)),
    ("in 99999 days", FRI, F, FRI + timedelta(days=99999)),
    ("3 days ago", FRI, F, D(2026, 11, 24)),
    ("1 day ago", FRI, F, THU),
    ("a day ago", FRI, F, THU),
    ("2 weeks ago", FRI, F, D(2026, 11, 13)),
    ("a week ago", FRI, F, D(2026, 11, 20)),
    ("1 month ago", FRI, F, D(2026, 10, 27)),
    ("a month ago", D(2026, 3, 31), F, D(2026, 2, 28)),
    ("13 months ago", FRI, F, D(2025, 10, 27)),
    ("next week", FRI, F, D(2026, 12, 4)),
    ("last week", FRI, F, D(2026, 11, 20)),
    ("next week", NYE, F, D(2027, 1, 7)),
    ("next month", FRI, F, D(2026, 12, 27)),
    ("next month", D(2027, 1, 31), F, D(2027, 2, 28)),
    ("next month", NYE, F, D(2027, 1, 31)),
    ("last month", D(2026, 3, 31), F, D(2026, 2, 28)),
    ("last month", D(2027, 1, 15), F, D(2026, 12, 15)),
    # short offsets
    ("+3d", FRI, F, D(2026, 11, 30)),
    ("3d", FRI, F, D(2026, 11, 30)),
    ("+3D", FRI, F, D(2026, 11, 30)),
    ("+3 d", FRI, F, D(2026, 11, 30)),
    ("+2w", FRI, F, D(2026, 12, 11)),
    ("2w", FRI, P, D(2026, 12, 11)),
    ("-3d", FRI, F, D(2026, 11, 24)),
    ("-1w", FRI, F, D(2026, 11, 20)),
    ("+1d", NYE, F, D(2027, 1, 1)),
    ("+365d", D(2026, 1, 1), F, D(2027, 1, 1)),
    ("+366d", D(2028, 1, 1), F, D(2029, 1, 1)),
    # end of week / month / quarter / year
    ("eow", FRI, F, FRI),
    ("eow", SAT, F, D(2026, 12, 4)),
    ("eow", SUN, F, D(2026, 12, 4)),
    ("eow", MON, F, FRI),
    ("eow", THU, P, FRI),
    ("EOW", NYE, F, D(2027, 1, 1)),
    ("eom", FRI, F, D(2026, 11, 30)),
    ("eom", D(2026, 11, 30), F, D(2026, 11, 30)),
    ("eom", D(2026, 2, 3), F, D(2026, 2, 28)),
    ("eom", D(2028, 2, 3), F, D(2028, 2, 29)),
    ("eom", NYE, F, NYE),
    ("eoq", D(2026, 1, 1), F, D(2026, 3, 31)),
    ("eoq", D(2026, 3, 31), F, D(2026, 3, 31)),
    ("eoq", D(2026, 4, 1), F, D(2026, 6, 30)),
    ("eoq", D(2026, 5, 15), F, D(2026, 6, 30)),
    ("eoq", D(2026, 8, 31), F, D(2026, 9, 30)),
    ("eoq", D(2026, 10, 1), F, NYE),
    ("eoq", FRI, P, NYE),
    ("eoy", FRI, F, NYE),
    ("eoy", D(2027, 1, 1), F, D(2027, 12, 31)),
    # the same spelled out, as people write due and close dates
    ("end of week", MON, F, FRI),
    ("end of the month", FRI, F, D(2026, 11, 30)),
    ("End of Quarter", FRI, F, NYE),
    ("end of this year", FRI, F, NYE),
    ("end of next week", MON, F, D(2026, 12, 4)),
    ("end of next month", D(2027, 1, 31), F, D(2027, 2, 28)),
    ("end of next quarter", FRI, F, D(2027, 3, 31)),
    ("end of next year", FRI, F, D(2027, 12, 31)),
]


@pytest.mark.parametrize(("text", "today", "prefer", "expected"), CASES)
def test_parse_date(text: str, today: date, prefer: Prefer, expected: date) -> None:
    assert parse_date(text, today, prefer=prefer) == expected


def test_prefer_defaults_to_future() -> None:
    assert parse_date("Dec 5", FRI) == D(2026, 12, 5)
    assert parse_date("monday", FRI) == D(2026, 11, 30)


BAD = [
    "",
    "   ",
    "blursday",
    "someday",
    "dec",
    "5",
    "2026",
    "fri 5",
    "next",
    "last",
    "this",
    "next fri day",
    "next year",
    "tomorrow tomorrow",
    "in three days",
    "in -3 days",
    "3 days",
    "in 3",
    "in 3 years",
    "+3",
    "+3y",
    "++3d",
    "3dd",
    "dec 5 26",
    "13th smarch",
    "now",
    "20261205",
    "2026-W49-5",
    "2026-12-05Tfoo",
    "2026-12-05T25:00",
    "2026-12-05 noon",
]

REFUSED_WITH_REASON = [
    ("feb 30", "no day 30"),
    ("Feb 30", "February"),
    ("apr 31", "April has no day 31"),
    ("dec 0", "no day 0"),
    ("dec 32", "no day 32"),
    ("31st june", "June"),
    ("Feb 29 2027", "February 2027 has 28 days"),
    ("2027-02-29", "February 2027 has 28 days"),
    ("2026-13-01", "no month 13"),
    ("2026-00-10", "no month 0"),
    ("0000-01-01", "out of range"),
    ("2026-2-5", "YYYY-MM-DD"),
    ("5/12/2026", "ambiguous"),
    ("5/12/2026", "2026-12-05"),
    ("12/5", "ambiguous"),
    ("12/5", "2026-12-05"),
    ("05/12/26", "ambiguous"),
    ("5.12.2026", "ambiguous"),
    ("5-12-2026", "ambiguous"),
    ("3m", "in 3 months"),
    ("+3mo", "in 3 months"),
    ("-2m", "2 months ago"),
    ("+1 month", "write 'in 1 month'"),
    ("-6 months", "write '6 months ago'"),
    ("in 0 days", "1 or more"),
    ("0 weeks ago", "1 or more"),
    ("+0d", "1 or more"),
    ("in 9999999 days", "out of range"),
    ("in 99999 months", "out of range"),
    ("in 999999999999 weeks", "out of range"),
    ("-99999999999999999999999d", "out of range"),
    ("9999999 days ago", "out of range"),
]


@pytest.mark.parametrize("text", BAD + [t for t, _ in REFUSED_WITH_REASON])
def test_refused_input_is_quoted_as_typed(text: str) -> None:
    with pytest.raises(DateParseError) as caught:
        parse_date(text, FRI)
    message = str(caught.value)
    assert f"'{text}'" in message
    assert "\n" not in message


@pytest.mark.parametrize(("text", "reason"), REFUSED_WITH_REASON)
def test_refusals_say_why(text: str, reason: str) -> None:
    with pytest.raises(DateParseError, match=reason):
        parse_date(text, FRI)


def test_unknown_phrase_lists_what_works() -> None:
    with pytest.raises(DateParseError) as caught:
        parse_date("blursday", FRI)
    assert str(caught.value) == (
        "cannot understand date 'blursday': try 2026-12-05, Dec 5, tomorrow, friday, "
        "next friday, in 3 days, +3d, eow, eom or eoq"
    )


def test_slashed_date_suggests_both_readings() -> None:
    with pytest.raises(DateParseError, match="2026-12-05 or 2026-05-12"):
        parse_date("5/12/2026", FRI)


def test_control_characters_are_escaped_in_the_message() -> None:
    with pytest.raises(DateParseError) as caught:
        parse_date("fri\x1b[2J\nday", FRI)
    message = str(caught.value)
    assert "\x1b" not in message and "\n" not in message
    assert r"'fri\x1b[2J\nday'" in message


def test_end_of_period_functions() -> None:
    assert end_of_week(FRI) == FRI
    assert end_of_week(SAT) == end_of_week(SUN) == D(2026, 12, 4)
    assert end_of_week(date.max) == date.max  # 9999-12-31 is a Friday
    assert end_of_month(D(2100, 2, 1)) == D(2100, 2, 28)
    assert end_of_month(D(2000, 2, 1)) == D(2000, 2, 29)
    assert end_of_quarter(D(2026, 7, 1)) == D(2026, 9, 30)


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        (FRI, "today"),
        (SAT, "tomorrow"),
        (THU, "yesterday"),
        (FRI + timedelta(days=2), "in 2 days"),
        (FRI + timedelta(days=3), "in 3 days"),
        (FRI - timedelta(days=3), "3 days ago"),
        (FRI + timedelta(days=13), "in 13 days"),
        (FRI - timedelta(days=13), "13 days ago"),
        (FRI + timedelta(days=14), "in 2 weeks"),
        (FRI + timedelta(days=20), "in 2 weeks"),
        (FRI + timedelta(days=21), "in 3 weeks"),
        (FRI - timedelta(days=35), "5 weeks ago"),
        (FRI - timedelta(days=41), "5 weeks ago"),
        (FRI + timedelta(days=365), "in 52 weeks"),
    ],
)
def test_humanize(target: date, expected: str) -> None:
    assert humanize(target, FRI) == expected


@pytest.mark.parametrize(
    ("day", "today", "expected"),
    [
        (D(2026, 12, 4), FRI, "Fri 4 Dec"),
        (D(2026, 1, 1), FRI, "Thu 1 Jan"),
        (D(2027, 12, 3), FRI, "Fri 3 Dec 2027"),
        (D(2025, 9, 15), FRI, "Mon 15 Sep 2025"),
        (D(2027, 1, 1), NYE, "Fri 1 Jan 2027"),
    ],
)
def test_format_day(day: date, today: date, expected: str) -> None:
    assert format_day(day, today) == expected


def test_importing_dates_does_not_import_dateutil_parser() -> None:
    # dateutil.parser costs ~60 ms of startup on the `sam log` path
    code = "import sys, sam_tui.domain.dates; print('dateutil.parser' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --- parse_when -------------------------------------------------------------------------

CET = timezone(timedelta(hours=1))
NOW = datetime(2026, 11, 27, 10, 30, 45, tzinfo=CET)  # a Friday morning
NOW_UTC = datetime(2026, 11, 27, 0, 30, tzinfo=UTC)


def cet(year: int, month: int, day: int, hour: int, minute: int, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=CET)


WHEN_CASES = [
    ("9:30", NOW, cet(2026, 11, 27, 9, 30)),
    ("09:30", NOW, cet(2026, 11, 27, 9, 30)),
    ("at 9:30", NOW, cet(2026, 11, 27, 9, 30)),
    ("9am", NOW, cet(2026, 11, 27, 9, 0)),
    ("9 AM", NOW, cet(2026, 11, 27, 9, 0)),
    ("12am", NOW, cet(2026, 11, 27, 0, 0)),
    ("0:00", NOW, cet(2026, 11, 27, 0, 0)),
    ("10:31", NOW, cet(2026, 11, 27, 10, 31)),  # within the minute of slack
    ("today 8:00", NOW, cet(2026, 11, 27, 8, 0)),
    ("yesterday", NOW, cet(2026, 11, 26, 12, 0)),
    ("yesterday 15:00", NOW, cet(2026, 11, 26, 15, 0)),
    ("yesterday at 3pm", NOW, cet(2026, 11, 26, 15, 0)),
    ("Yesterday 3:30pm", NOW, cet(2026, 11, 26, 15, 30)),
    ("yesterday 12pm", NOW, cet(2026, 11, 26, 12, 0)),
    ("yesterday 11:59 pm", NOW, cet(2026, 11, 26, 23, 59)),
    ("tuesday", NOW, cet(2026, 11, 24, 12, 0)),
    ("monday 9:00", NOW, cet(2026, 11, 23, 9, 0)),
    ("fri 9:15", NOW, cet(2026, 11, 27, 9, 15)),
    ("sat", NOW, cet(2026, 11, 21, 12, 0)),  # a weekday name means the last one
    ("last friday", NOW, cet(2026, 11, 20, 12, 0)),
    ("jan 5", NOW, cet(2026, 1, 5, 12, 0)),  # no year, over a month ahead: the last Jan 5
    ("Nov 20 14:00", NOW, cet(2026, 11, 20, 14, 0)),
    ("5 Nov 2026 at 9am", NOW, cet(2026, 11, 5, 9, 0)),
    ("2026-11-20", NOW, cet(2026, 11, 20, 12, 0)),
    ("2026-11-20 15:00", NOW, cet(2026, 11, 20, 15, 0)),
    ("2026-11-20 3pm", NOW, cet(2026, 11, 20, 15, 0)),
    ("2026-11-20T15:00", NOW, cet(2026, 11, 20, 15, 0)),
    ("2026-11-20T15:00:30", NOW, cet(2026, 11, 20, 15, 0, 30)),
    ("2026-11-20T15:00Z", NOW, cet(2026, 11, 20, 16, 0)),
    ("2026-11-20T15:00+05:00", NOW, cet(2026, 11, 20, 11, 0)),
    ("-3d", NOW, cet(2026, 11, 24, 12, 0)),
    ("3 days ago 8:15", NOW, cet(2026, 11, 24, 8, 15)),
    ("last week", NOW, cet(2026, 11, 20, 12, 0)),
    ("a month ago", NOW, cet(2026, 10, 27, 12, 0)),
    # in UTC, just after midnight
    ("0:15", NOW_UTC, datetime(2026, 11, 27, 0, 15, tzinfo=UTC)),
    ("yesterday 23:00", NOW_UTC, datetime(2026, 11, 26, 23, 0, tzinfo=UTC)),
    ("2026-11-27T01:00+01:00", NOW_UTC, datetime(2026, 11, 27, 0, 0, tzinfo=UTC)),
    ("2026-11-20T15:00", NOW_UTC, datetime(2026, 11, 20, 15, 0, tzinfo=UTC)),
]


@pytest.mark.parametrize(("text", "now", "expected"), WHEN_CASES)
def test_parse_when(text: str, now: datetime, expected: datetime) -> None:
    got = parse_when(text, now)
    assert got == expected
    assert got.tzinfo is now.tzinfo


@pytest.mark.parametrize("text", ["today", "TODAY", "tod", "friday", "nov 27", "2026-11-27", "now"])
def test_when_today_without_time_is_now(text: str) -> None:
    assert parse_when(text, NOW) == NOW


def test_when_end_of_week_on_a_friday_is_now() -> None:
    assert parse_when("eow", NOW) == NOW


@pytest.mark.parametrize(
    "text",
    [
        "15:00",
        "10:32",
        "at 11am",
        "12pm",
        "today 23:59",
        "tomorrow",
        "in 3 days",
        "+1d",
        "next friday",
        "next week",
        "eom",
        "2026-11-27T11:00",
        "2026-11-27T11:00+01:00",
        "2026-11-27T10:00Z",
        "2030-01-01",
    ],
)
def test_when_in_the_future_is_refused(text: str) -> None:
    with pytest.raises(DateParseError) as caught:
        parse_when(text, NOW)
    message = str(caught.value)
    assert f"'{text}' is in the future" in message
    assert "--follow-up" in message


@pytest.mark.parametrize(
    "text",
    [
        "",
        "blursday",
        "25:00",
        "24:00",
        "9:60",
        "13pm",
        "0am",
        "yesterday 25:00",
        "yesterday at",
        "at",
        "at 15",
        "3pm yesterday",
        "yesterday 3",
        "5/12/2026 10:00",
        "2026-11-20T15:00+25:00",
        "0001-01-01T00:00+05:00",
    ],
)
def test_when_refuses_bad_input_quoting_it(text: str) -> None:
    with pytest.raises(DateParseError) as caught:
        parse_when(text, NOW)
    assert f"'{text}'" in str(caught.value)


# --- properties ---------------------------------------------------------------------------

TODAYS = st.dates(min_value=D(1990, 1, 1), max_value=D(2100, 12, 31))
WEEKDAY_NAMES = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}  # fmt: skip
MONTH_ABBR = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
COUNTS = st.integers(min_value=1, max_value=20_000)


@given(TODAYS, st.sampled_from(sorted(WEEKDAY_NAMES)))
def test_weekday_names_land_on_that_weekday_in_the_right_window(today: date, name: str) -> None:
    weekday = WEEKDAY_NAMES[name]

    def days(text: str, prefer: Prefer = "future") -> int:
        got = parse_date(text, today, prefer=prefer)
        assert got.weekday() == weekday
        return (got - today).days

    assert 0 <= days(name) <= 6
    assert days(f"this {name}") == days(name)
    assert 1 <= days(f"next {name}") <= 7
    assert -6 <= days(name, "past") <= 0
    assert -7 <= days(f"last {name}") <= -1


@given(TODAYS, st.integers(min_value=1, max_value=12), st.integers(min_value=1, max_value=28))
def test_a_yearless_due_date_is_its_nearest_occurrence(today: date, month: int, day: int) -> None:
    got = parse_date(f"{MONTH_ABBR[month - 1]} {day}", today)
    assert (got.month, got.day) == (month, day)
    assert -183 <= (got - today).days <= 183
    for other in (got.replace(year=got.year - 1), got.replace(year=got.year + 1)):
        assert abs((got - today).days) <= abs((other - today).days)


@given(TODAYS, COUNTS)
def test_counted_offsets_agree(today: date, n: int) -> None:
    later = today + timedelta(days=n)
    assert parse_date(f"in {n} days", today) == later
    assert parse_date(f"+{n}d", today) == parse_date(f"{n}d", today) == later
    assert parse_date(f"-{n}d", today) == parse_date(f"{n} days ago", today) == today - timedelta(n)
    assert parse_date(f"in {n} weeks", today) == parse_date(f"+{n}w", today)
    assert parse_date(f"{n} weeks ago", today) == today - timedelta(weeks=n)


@given(TODAYS, st.integers(min_value=1, max_value=1200))
def test_months_clamp_like_relativedelta(today: date, n: int) -> None:
    assert parse_date(f"in {n} months", today) == today + relativedelta(months=n)
    assert parse_date(f"{n} months ago", today) == today - relativedelta(months=n)


@given(st.dates(max_value=D(9999, 11, 30)))
def test_end_of_month(d: date) -> None:
    eom = end_of_month(d)
    assert eom >= d
    assert (eom.year, eom.month) == (d.year, d.month)
    assert (eom + timedelta(days=1)).day == 1


@given(st.dates())
def test_end_of_quarter_and_week(d: date) -> None:
    eoq = end_of_quarter(d)
    assert eoq >= end_of_month(d)
    assert eoq.year == d.year and eoq.month in (3, 6, 9, 12)
    assert (eoq - d).days < 92
    if d <= D(9999, 12, 24):
        eow = end_of_week(d)
        assert eow.weekday() == 4 and 0 <= (eow - d).days <= 6


@given(st.dates(), TODAYS, st.sampled_from(["future", "past"]))
def test_iso_round_trips(d: date, today: date, prefer: Prefer) -> None:
    assert parse_date(d.isoformat(), today, prefer=prefer) == d


@given(st.dates(min_value=D(1000, 1, 1)), TODAYS)
def test_month_name_with_year_round_trips(d: date, today: date) -> None:
    month = MONTH_ABBR[d.month - 1]
    assert parse_date(f"{month} {d.day} {d.year}", today) == d
    assert parse_date(f"{d.day} {month}, {d.year}", today, prefer="past") == d


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2004, 12, 31)), TODAYS)
def test_month_name_without_year_is_the_nearest_in_the_preferred_direction(
    d: date, today: date
) -> None:
    text = f"{MONTH_ABBR[d.month - 1]} {d.day}"
    ahead = parse_date(text, today)
    behind = parse_date(text, today, prefer="past")
    for got in (ahead, behind):
        assert (got.month, got.day) == (d.month, d.day)
    # Feb 29 can be up to 8 years away (across 2100); any other day is within a year
    limit = 8 * 366 if (d.month, d.day) == (2, 29) else 366
    # a due date may be up to six months back (the nearest occurrence, already overdue)
    assert -183 <= (ahead - today).days < limit
    assert 0 <= (today - behind).days < limit


@given(TODAYS, st.integers(min_value=-5000, max_value=5000))
def test_humanize_keeps_the_sign(today: date, offset: int) -> None:
    text = humanize(today + timedelta(days=offset), today)
    if offset > 0:
        assert "ago" not in text and (text == "tomorrow" or text.startswith("in "))
    elif offset < 0:
        assert not text.startswith("in ") and (text == "yesterday" or text.endswith(" ago"))
    else:
        assert text == "today"


PHRASE_TOKENS = st.sampled_from(
    ["in", "a", "ago", "next", "last", "this", "at", "of", "dec", "feb", "fri", "thurs", "day",
     "days", "weeks", "months", "0", "5", "29", "31", "2026", "9999", "99999999", "+3d", "-2w",
     "3m", "15:00", "3pm", "25:00", "12/5", "2026-12-05", "2026-02-30t10:00", "eow", ",", "th",
     "tomorrow", "5th", "", " ", "\t", "\n", "\x1b"]
)  # fmt: skip
PHRASES = st.lists(PHRASE_TOKENS, max_size=5).map(" ".join) | st.text()
ANY_DAY = st.dates(min_value=D(1, 1, 8), max_value=D(9999, 12, 24))


@given(PHRASES, ANY_DAY, st.sampled_from(["future", "past"]))
def test_parse_date_raises_nothing_but_date_parse_error(
    text: str, today: date, prefer: Prefer
) -> None:
    try:
        parse_date(text, today, prefer=prefer)
    except DateParseError as e:
        assert "\n" not in str(e)


@given(PHRASES, st.sampled_from([NOW, NOW_UTC]))
def test_parse_when_raises_nothing_but_date_parse_error_and_never_returns_the_future(
    text: str, now: datetime
) -> None:
    try:
        got = parse_when(text, now)
    except DateParseError as e:
        assert "\n" not in str(e)
    else:
        assert got.tzinfo is now.tzinfo
        assert got <= now + timedelta(minutes=1)


# --- more properties (issue 7) --------------------------------------------------------------


@settings(max_examples=150)
@given(st.dates(min_value=D(2, 1, 1), max_value=D(9998, 12, 31)))
def test_fixed_words_land_where_they_say(today: date) -> None:
    def on(text: str, prefer: Prefer = "future") -> date:
        return parse_date(text, today, prefer=prefer)

    for prefer in ("future", "past"):  # words that name their day ignore the preference
        assert on("today", prefer) == on("tod", prefer) == today
        assert on("tomorrow", prefer) == on("tom", prefer) == today + timedelta(days=1)
        assert on("yesterday", prefer) == today - timedelta(days=1)
    assert on("next week") == today + timedelta(weeks=1)
    assert on("last week") == today - timedelta(weeks=1)
    assert on("next month") == today + relativedelta(months=1)
    assert on("last month") == today - relativedelta(months=1)
    eom, eoq, eoy = on("eom"), on("eoq"), on("eoy")
    assert (eom.year, eom.month) == (today.year, today.month) and eom >= today
    assert eom.month == 12 or (eom + timedelta(days=1)).day == 1
    assert eom <= eoq <= eoy == D(today.year, 12, 31)
    assert eoq.month % 3 == 0 and eoq.year == today.year
    if today <= D(9998, 12, 24):
        eow = on("eow")
        assert eow.weekday() == 4 and 0 <= (eow - today).days <= 6
    # the same words in any case and spacing
    assert on("  ToMoRRoW ") == on("tomorrow") and on("EOQ") == eoq


@settings(max_examples=150)
@given(
    st.dates(min_value=D(1000, 1, 1)), st.dates(min_value=D(1990, 1, 1), max_value=D(2100, 1, 1))
)
def test_dates_as_iso_and_in_words_read_back(d: date, today: date) -> None:
    month = format_day(d, today).split()[2]  # "Fri 4 Dec 2027" -> "Dec"
    for text in (
        d.isoformat(),
        f"{d.day} {month} {d.year}",
        f"{month} {d.day}, {d.year}",
        f"{d.day} {d.strftime('%B')} {d.year}".upper(),
        f"{d.isoformat()}T10:30",
    ):
        assert parse_date(text, today) == d, text


@pytest.mark.xfail(
    strict=True,
    reason="sam echoes due dates as 'Fri 4 Dec' (format_day), which the grammar does not take "
    "back: a copied date is refused. Reported in issue 7's closing note; remove this mark once "
    "a leading weekday is accepted (and checked against the date).",
)
@settings(max_examples=20)
@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 1, 1)), TODAYS)
def test_what_sam_prints_for_a_date_reads_back(d: date, today: date) -> None:
    assert parse_date(format_day(d, today), today) == d


# When it happened: a yearless month-day whose next occurrence is under 31 days ahead is
# refused (on 2 Dec, "Dec 3" was read as 3 Dec of last year, 52 weeks back, silently).
H: Prefer = "happened"
DEC_2 = D(2026, 12, 2)


@pytest.mark.parametrize(
    ("text", "today", "read", "past"),
    [
        ("Dec 3", DEC_2, "2026-12-03 (tomorrow)", "2025-12-03"),
        ("3 Dec", DEC_2, "2026-12-03 (tomorrow)", "2025-12-03"),
        ("December 3rd", DEC_2, "2026-12-03 (tomorrow)", "2025-12-03"),
        ("dec. 25", DEC_2, "2026-12-25 (in 23 days)", "2025-12-25"),
        # 30 days ahead: the last day refused
        ("Jan 1", DEC_2, "2027-01-01 (in 30 days)", "2026-01-01"),
        ("Jul 1", D(2026, 6, 1), "2026-07-01 (in 30 days)", "2025-07-01"),
        # across the new year: the next one is next year's
        ("Jan 1", NYE, "2027-01-01 (tomorrow)", "2026-01-01"),
        ("Jan 20", D(2026, 12, 25), "2027-01-20 (in 26 days)", "2026-01-20"),
        # a leap day: the past one is the last leap year's, not the year before
        ("Feb 29", D(2028, 2, 10), "2028-02-29 (in 19 days)", "2024-02-29"),
        ("Mar 1", D(2028, 2, 10), "2028-03-01 (in 20 days)", "2027-03-01"),
    ],
)
def test_a_yearless_day_just_ahead_did_not_happen(
    text: str, today: date, read: str, past: str
) -> None:
    with pytest.raises(DateParseError) as caught:
        parse_date(text, today, prefer=H)
    assert str(caught.value) == (
        f"'{text}' reads as {read}, in the future; to mean the past one, give the year: {past}"
    )


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("Jan 2", DEC_2, D(2026, 1, 2)),  # 31 days ahead: far enough, last year's
        ("Jul 2", D(2026, 6, 1), D(2025, 7, 2)),
        ("July 1", D(2026, 1, 15), D(2025, 7, 1)),  # months ahead: last year's, as before
        ("Dec 2", DEC_2, DEC_2),  # today
        ("Dec 1", DEC_2, D(2026, 12, 1)),
        ("Dec 31", D(2027, 1, 1), NYE),  # yesterday, across the new year
        ("Jan 31", D(2026, 12, 31), D(2026, 1, 31)),  # 31 days ahead
        ("Feb 29", D(2028, 3, 1), D(2028, 2, 29)),  # yesterday
        ("Feb 29", D(2028, 1, 29), D(2024, 2, 29)),  # 31 days ahead
        ("Feb 29", D(2027, 2, 10), D(2024, 2, 29)),  # none this year, the next in 2028
        ("Dec 3, 2025", DEC_2, D(2025, 12, 3)),  # the year given
        ("2025-12-03", DEC_2, D(2025, 12, 3)),
        ("friday", DEC_2, D(2026, 11, 27)),  # weekdays: the past one, unchanged
        ("last friday", DEC_2, D(2026, 11, 27)),
        ("thursday", DEC_2, D(2026, 11, 26)),
    ],
)
def test_when_it_happened_otherwise_reads_as_the_past(
    text: str, today: date, expected: date
) -> None:
    assert parse_date(text, today, prefer=H) == expected


def test_past_and_future_days_are_unchanged() -> None:
    # the reports' dates in a period and the cockpit's start dates still look back
    assert parse_date("Dec 3", DEC_2, prefer=P) == D(2025, 12, 3)
    assert parse_date("Dec 3", DEC_2, prefer=F) == D(2026, 12, 3)


@pytest.mark.parametrize("text", ["Dec 3", "3 Dec 3pm", "dec 3 at 9:00", "Jan 1 8am"])
def test_when_refuses_a_yearless_day_just_ahead_with_or_without_a_time(text: str) -> None:
    now = datetime(2026, 12, 2, 10, 0, tzinfo=CET)
    with pytest.raises(DateParseError, match=r"in the future; to mean the past one, give the"):
        parse_when(text, now)


def test_when_reads_a_yearless_day_a_month_ahead_as_last_years() -> None:
    now = datetime(2026, 12, 2, 10, 0, tzinfo=CET)
    assert parse_when("Jan 2 3pm", now) == cet(2026, 1, 2, 15, 0)
