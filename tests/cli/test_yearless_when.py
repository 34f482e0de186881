"""`--when "Dec 3"` typed on 2 Dec: refused, not logged 52 weeks back (a user's find).

A month-day without a year whose next occurrence is under 31 days ahead cannot have
happened; last year's must be asked for with its year. Further ahead ("July 1" in
January) it still means last year's, and weekdays still mean the past one.
"""

from __future__ import annotations

import pytest
from samcli import counts, fails, ok, query, seed

DEC_2 = "2026-12-02T10:00"  # a Wednesday


@pytest.fixture
def book(sam, monkeypatch):
    seed(sam)
    monkeypatch.setenv("SAM_NOW", DEC_2)
    return sam


@pytest.mark.parametrize(
    ("when", "read", "past"),
    [
        ("Dec 3", "2026-12-03 (tomorrow)", "2025-12-03"),
        ("3 Dec", "2026-12-03 (tomorrow)", "2025-12-03"),
        ("Dec 3 3pm", "2026-12-03 (tomorrow)", "2025-12-03"),
        ("december 24th", "2026-12-24 (in 22 days)", "2025-12-24"),
        ("Jan 1", "2027-01-01 (in 30 days)", "2026-01-01"),
    ],
)
def test_log_refuses_a_yearless_day_just_ahead(book, db_path, when, read, past):
    before = counts(db_path)
    line = fails(book("log", "acme corp", "Call with Jane", "--when", when))
    assert line == (
        f"error: '{when}' reads as {read}, in the future; to mean the past one, "
        f"give the year: {past}"
    )
    assert counts(db_path) == before


@pytest.mark.parametrize(
    ("when", "stored", "echo"),
    [
        ("2025-12-03", "2025-12-03T12:00:00Z", "Wed 3 Dec 2025 12:00 (52 weeks ago)"),
        ("Jan 2", "2026-01-02T12:00:00Z", "Fri 2 Jan 12:00 (47 weeks ago)"),
        ("July 1", "2026-07-01T12:00:00Z", "Wed 1 Jul 12:00 (22 weeks ago)"),
        ("Dec 1 3pm", "2026-12-01T15:00:00Z", "Tue 1 Dec 15:00 (yesterday)"),
        ("friday", "2026-11-27T12:00:00Z", "Fri 27 Nov 12:00 (5 days ago)"),
        ("last friday", "2026-11-27T12:00:00Z", "Fri 27 Nov 12:00 (5 days ago)"),
    ],
)
def test_log_still_takes_past_days(book, db_path, when, stored, echo):
    out = ok(book("log", "acme corp", "Call with Jane", "--when", when))
    assert out == f"Logged note with Acme Corp, {echo} [#1]\n"
    assert query(db_path, "SELECT occurred_at FROM interaction") == [(stored,)]


def test_a_yearless_day_a_month_ahead_in_january_is_last_years(book, db_path, monkeypatch):
    monkeypatch.setenv("SAM_NOW", "2027-01-15T10:00")
    ok(book("log", "acme corp", "Kick-off", "--when", "Feb 15"))  # 31 days ahead
    assert query(db_path, "SELECT occurred_at FROM interaction") == [("2026-02-15T12:00:00Z",)]
    assert "reads as 2027-02-14" in fails(book("log", "acme corp", "x", "--when", "Feb 14"))


def _setup_all(sam):
    ok(sam("deal", "add", "acme corp", "Pilot", "--amount", "10k"))
    ok(sam("complaint", "open", "acme corp", "Invoices wrong", "--when", "Nov 20"))
    ok(sam("log", "acme corp", "Call", "--follow-up", "friday"))
    ok(sam("request", "add", "acme corp", "finance", "Credit note"))


@pytest.mark.parametrize(
    "argv",
    [
        ["deal", "won", "1", "--when", "Dec 3"],
        ["deal", "lost", "1", "--reason", "Price", "--when", "Dec 3 9am"],
        ["deal", "move", "1", "proposal", "--when", "3 Dec"],
        ["deal", "add", "globex", "Old", "--amount", "5k", "--stage", "won", "--close", "Dec 3"],
        ["complaint", "open", "globex", "Late", "--when", "Dec 3"],
        ["complaint", "update", "1", "Called back", "--when", "Dec 3"],
        ["complaint", "resolve", "1", "Fixed", "--when", "Dec 3"],
        ["follow-up", "done", "1", "--when", "Dec 3"],
        ["request", "done", "1", "Sent", "--when", "Dec 3"],
        ["forecast", "--as-of", "Dec 3"],
        ["forecast", "--since", "Dec 3"],
        ["forecast", "--as-of", "Dec 3 17:00"],
    ],
)
def test_every_when_it_happened_refuses_it_too(book, db_path, argv):
    _setup_all(book)
    before = counts(db_path)
    snapshots = query(db_path, "SELECT count(*) FROM forecast_snapshot")
    line = fails(book(*argv))
    assert "reads as 2026-12-03 (tomorrow), in the future" in line, line
    assert "give the year: 2025-12-03" in line
    assert counts(db_path) == before
    assert query(db_path, "SELECT count(*) FROM forecast_snapshot") == snapshots
