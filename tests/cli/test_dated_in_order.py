"""A backdated event can't be dated before the record's latest recorded event either (a
deal's last stage change or edit, a complaint's last update): its history reads in the
order it happened. A day-before is refused; an earlier time that same day is put at the
latest event's moment. A win or loss dated before a deal that has no other change is
refused with the way through (add the deal closed), and adding a second open deal of the
same name on an account says which one exists."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Run
from samcli import digest, fails, ok, query


@pytest.fixture
def book(sam: Run, monkeypatch: pytest.MonkeyPatch) -> Run:
    monkeypatch.setenv("SAM_NOW", "2026-09-14T15:00")
    ok(sam("account", "add", "Acme Corp"))
    ok(sam("deal", "add", "acme", "Pilot", "--amount", "10k", "--close", "Dec 20"))
    ok(sam("complaint", "open", "acme", "Late invoice"))
    monkeypatch.setenv("SAM_NOW", "2026-12-08T10:45")
    ok(sam("deal", "move", "1", "proposal"))
    ok(sam("complaint", "update", "1", "Called them"))
    return sam


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("deal", "move", "1", "negotiation"),
            "deal #1 last changed on Tue 8 Dec 2026; a move can't be dated before that",
        ),
        (
            ("deal", "won", "1"),
            "deal #1 last changed on Tue 8 Dec 2026; a win can't be dated before that",
        ),
        (
            ("deal", "lost", "1", "--reason", "budget"),
            "deal #1 last changed on Tue 8 Dec 2026; a loss can't be dated before that",
        ),
        (
            ("complaint", "update", "1", "Again"),
            "complaint #1 last changed on Tue 8 Dec 2026; an update can't be dated before that",
        ),
        (
            ("complaint", "resolve", "1", "Fixed"),
            "complaint #1 last changed on Tue 8 Dec 2026; its resolution can't be dated "
            "before that",
        ),
    ],
)
@pytest.mark.parametrize("when", ["yesterday 10:00", "Dec 1", "2026-12-07 23:59"])
def test_an_event_before_the_latest_one_is_refused_and_nothing_written(
    book: Run, db_path: Path, args: tuple[str, ...], message: str, when: str
) -> None:
    before = digest(db_path)
    assert fails(book(*args, "--when", when)) == f"error: {message}"
    assert digest(db_path) == before


def test_an_earlier_time_the_same_day_is_put_at_the_latest_event(
    book: Run, db_path: Path
) -> None:
    ok(book("deal", "move", "1", "negotiation", "--when", "today 09:00"))
    assert query(db_path, "SELECT at, to_stage FROM deal_stage_change ORDER BY id") == [
        ("2026-09-14T15:00:00Z", "prospecting"),
        ("2026-12-08T10:45:00Z", "proposal"),
        ("2026-12-08T10:45:00Z", "negotiation"),
    ]
    ok(book("complaint", "resolve", "1", "Fixed", "--when", "today 08:00"))
    assert query(db_path, "SELECT at, text FROM complaint_update ORDER BY id") == [
        ("2026-12-08T10:45:00Z", "Called them"),
        ("2026-12-08T10:45:00Z", "Fixed"),
    ]
    shown = ok(book("complaint", "show", "1"))
    assert shown.index("Called them") < shown.index("Fixed")


def test_an_edit_counts_as_a_change(book: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAM_NOW", "2026-12-10T09:00")
    ok(book("deal", "edit", "1", "--amount", "12k"))
    line = fails(book("deal", "won", "1", "--when", "Dec 9"))
    assert line == (
        "error: deal #1 last changed on Thu 10 Dec 2026;"
        " a win can't be dated before that"
    )


def test_a_win_earlier_that_day_closes_at_the_latest_change(book: Run, db_path: Path) -> None:
    ok(book("deal", "won", "1", "--when", "today 09:00"))
    assert query(db_path, "SELECT closed_at FROM deal") == [("2026-12-08T10:45:00Z",)]


@pytest.fixture
def entered_today(sam: Run, monkeypatch: pytest.MonkeyPatch) -> Run:
    monkeypatch.setenv("SAM_NOW", "2027-01-04T09:00")
    ok(sam("account", "add", "Acme Corp"))
    ok(sam("deal", "add", "acme", "Big Pilot", "--amount", "10k", "--close", "Jan 20"))
    return sam


def test_a_win_before_a_fresh_deal_says_the_way_through(
    entered_today: Run, db_path: Path
) -> None:
    before = digest(db_path)
    line = fails(entered_today("deal", "won", "1", "--when", "Dec 31 17:00"))
    assert line == (
        "error: deal #1 was created on Mon 4 Jan 2027; a win can't be dated before that "
        "(to record an earlier win, add the deal won: "
        "sam deal add 'Acme Corp' 'Big Pilot' --amount 10,000 --stage won --close 2026-12-31)"
    )
    line = fails(entered_today("deal", "lost", "1", "--reason", "x", "--when", "Dec 31"))
    assert line.endswith(
        "(to record an earlier loss, add the deal lost: "
        "sam deal add 'Acme Corp' 'Big Pilot' --amount 10,000 --stage lost --close 2026-12-31 "
        "--reason TEXT)"
    )
    assert digest(db_path) == before


def test_a_second_open_deal_of_the_same_name_is_noted(
    entered_today: Run, db_path: Path
) -> None:
    added = entered_today(
        "deal", "add", "acme", "big pilot", "--stage", "won", "--close", "Dec 31", "--amount", "10k"
    )
    ok(added)
    assert added.stderr == (
        "warning: Acme Corp already has an open deal named Big Pilot: #1\n"
    )
    other = entered_today("deal", "add", "acme", "Other", "--amount", "1k")
    ok(other)
    assert other.stderr == ""
