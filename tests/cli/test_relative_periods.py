"""`--period last`, "last month", "next quarter": the period counted from today, for
`sam metrics`, `sam forecast` and the quota commands (users typed them and got an error)."""

from __future__ import annotations

import pytest
from samcli import fails, ok, query, seed


@pytest.fixture
def book(sam):
    """The seeded portfolio with a deal won in Q3 2026, one in October and one open for
    next quarter; today is Thu 26 Nov 2026 (2026-Q4)."""
    seed(sam)
    ok(sam("deal", "add", "acme corp", "Summer", "--amount", "40k", "--stage", "won",
           "--close", "2026-08-14"))  # fmt: skip
    ok(sam("deal", "add", "globex", "Autumn", "--amount", "25k", "--stage", "won",
           "--close", "2026-10-09"))  # fmt: skip
    ok(sam("deal", "add", "acme labs", "Spring", "--amount", "60k", "--stage", "proposal",
           "--close", "2027-02-10"))  # fmt: skip
    ok(sam("quota", "set", "2026-Q3", "100k"))
    return sam


@pytest.mark.parametrize(
    ("phrase", "label"),
    [
        ("last", "2026-Q3"),
        ("previous", "2026-Q3"),
        ("LAST  quarter", "2026-Q3"),
        ("this", "2026-Q4"),
        ("last month", "2026-10"),
        ("this year", "2026"),
        ("last week", "2026-W47"),
        ("next", "2027-Q1"),
    ],
)
def test_metrics_for_a_relative_period_are_the_labelled_ones(book, phrase, label):
    for extra in ((), ("--json",)):
        assert ok(book("metrics", "--period", phrase, *extra)) == ok(
            book("metrics", "--period", label, *extra)
        )
    assert f"Metrics for {label} (" in ok(book("metrics", "-p", phrase))


def test_metrics_last_is_the_previous_quarter(book):
    out = ok(book("metrics", "--period", "last"))
    assert out.startswith("Metrics for 2026-Q3 (1 Jul – 30 Sep 2026), as of Thu 26 Nov\n")
    assert "40,000" in out


def test_relative_periods_follow_the_fiscal_year(book):
    ok(book("config", "fiscal-year-start", "april"))
    # FY2027 runs April 2026 to March 2027: today is in its Q3
    assert ok(book("metrics", "-p", "last")) == ok(book("metrics", "-p", "2027-Q2"))
    out = ok(book("metrics", "-p", "this year"))
    assert out.startswith("Metrics for 2027 (1 Apr 2026 – 31 Mar 2027)")


def test_forecast_next_quarter(book):
    out = ok(book("forecast", "--period", "next quarter"))
    assert out.startswith("Forecast for 2027-Q1 (1 Jan – 31 Mar 2027)")
    assert "Spring" in out
    assert out == ok(book("forecast", "--period", "2027-Q1"))


def test_forecast_snapshot_of_last_month(book, db_path):
    ok(book("forecast", "snapshot", "--period", "last month"))
    assert ("2026-10",) in query(db_path, "SELECT period FROM forecast_snapshot")


def test_quota_set_and_unset_take_relative_periods(book, db_path):
    assert ok(book("quota", "set", "next quarter", "300k")) == (
        "Quota for 2027-Q1 (1 Jan – 31 Mar 2027): 300,000\n"
    )
    assert ok(book("quota", "unset", "Next")) == (
        "Removed the quota for 2027-Q1 (1 Jan – 31 Mar 2027) (was 300,000)\n"
    )
    assert query(db_path, "SELECT period FROM quota ORDER BY period") == [("2026-Q3",)]


@pytest.mark.parametrize(
    "argv",
    [
        ["metrics", "--period", "last fortnight"],
        ["forecast", "--period", "last fortnight"],
        ["forecast", "snapshot", "--period", "next next"],
        ["quota", "set", "last fortnight", "100k"],
    ],
)
def test_an_unknown_phrase_is_one_line_naming_the_forms(book, db_path, argv):
    before = query(db_path, "SELECT count(*) FROM change_log")
    line = fails(book(*argv))
    assert line.startswith(f"error: not a period: '{argv[-2 if argv[0] == 'quota' else -1]}'; ")
    assert "this, last or next (quarter)" in line and "last month" in line
    assert query(db_path, "SELECT count(*) FROM change_log") == before
    assert query(db_path, "SELECT count(*) FROM forecast_snapshot") == [(0,)]
