"""A backdated event (a deal's move, win or loss, a complaint's update or resolution, a
follow-up or request done) can't be dated before the record it belongs to existed; a day
given on the record's own day is taken, and kept after the record in its history."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Run
from samcli import digest, fails, ok, query


@pytest.fixture
def book(sam: Run, monkeypatch: pytest.MonkeyPatch) -> Run:
    # everything created on Mon 14 Sep 2026 at 15:00, looked at on Thu 26 Nov
    monkeypatch.setenv("SAM_NOW", "2026-09-14T15:00")
    ok(sam("account", "add", "Acme Corp"))
    ok(sam("deal", "add", "acme", "Pilot", "--amount", "10k", "--close", "Dec 20"))
    ok(sam("complaint", "open", "acme", "Late invoice"))
    ok(sam("follow-up", "add", "acme", "Send the deck", "--due", "Sep 30"))
    ok(sam("request", "add", "acme", "finance", "Credit note"))
    monkeypatch.setenv("SAM_NOW", "2026-11-26T09:00")
    return sam


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("deal", "move", "1", "proposal"),
            "deal #1 was created on Mon 14 Sep 2026; a move can't be dated before that",
        ),
        (
            ("deal", "won", "1"),
            "deal #1 was created on Mon 14 Sep 2026; a win can't be dated before that (to "
            "record an earlier win, add the deal won: sam deal add 'Acme Corp' Pilot --amount "
            "10,000 --stage won --close DAY)",
        ),
        (
            ("deal", "lost", "1", "--reason", "budget"),
            "deal #1 was created on Mon 14 Sep 2026; a loss can't be dated before that (to "
            "record an earlier loss, add the deal lost: sam deal add 'Acme Corp' Pilot --amount "
            "10,000 --stage lost --close DAY --reason TEXT)",
        ),
        (
            ("complaint", "update", "1", "Called them"),
            "complaint #1 was opened on Mon 14 Sep 2026; an update can't be dated before that",
        ),
        (
            ("complaint", "resolve", "1", "Fixed"),
            "complaint #1 was opened on Mon 14 Sep 2026; its resolution can't be dated before that",
        ),
        (
            ("follow-up", "done", "1"),
            "follow-up #1 was created on Mon 14 Sep 2026; its completion can't be dated "
            "before that",
        ),
        (
            ("request", "done", "1", "Sent"),
            "request #1 was asked on Mon 14 Sep 2026; its completion can't be dated before that",
        ),
    ],
)
@pytest.mark.parametrize("when", ["2020-01-01", "Sep 13", "2026-09-13 23:30"])
def test_an_event_before_its_record_is_refused_and_nothing_written(
    book: Run, db_path: Path, args: tuple[str, ...], message: str, when: str
) -> None:
    before = digest(db_path)
    day = "2020-01-01" if when.startswith("2020") else "2026-09-13"
    assert fails(book(*args, "--when", when)) == f"error: {message.replace('DAY', day)}"
    assert digest(db_path) == before


def test_the_sam_log_that_closes_a_follow_up_is_held_to_it_too(book: Run, db_path: Path) -> None:
    before = digest(db_path)
    line = fails(book("log", "acme", "Sent it", "--when", "Sep 1", "--done", "1"))
    assert line == (
        "error: follow-up #1 was created on Mon 14 Sep 2026; its completion can't be dated "
        "before that"
    )
    assert digest(db_path) == before


@pytest.mark.parametrize(
    "args",
    [
        ("deal", "move", "1", "proposal"),
        ("deal", "won", "1"),
        ("deal", "lost", "1", "--reason", "budget"),
        ("complaint", "update", "1", "Called them"),
        ("complaint", "resolve", "1", "Fixed"),
        ("follow-up", "done", "1"),
        ("request", "done", "1", "Sent"),
    ],
)
def test_the_creation_day_itself_is_taken(book: Run, args: tuple[str, ...]) -> None:
    # "2026-09-14" reads as noon, three hours before the records were created at 15:00
    ok(book(*args, "--when", "2026-09-14"))


def test_an_event_on_the_creation_day_stays_after_creation_in_the_history(
    book: Run, db_path: Path
) -> None:
    ok(book("deal", "move", "1", "proposal", "--when", "2026-09-14"))
    assert query(db_path, "SELECT at, to_stage FROM deal_stage_change ORDER BY at, id") == [
        ("2026-09-14T15:00:00Z", "prospecting"),
        ("2026-09-14T15:00:00Z", "proposal"),
    ]
    shown = ok(book("deal", "show", "1"))
    assert shown.index("created in prospecting") < shown.index("prospecting → proposal")
    ok(book("deal", "won", "1", "--when", "Sep 15"))
    assert query(db_path, "SELECT closed_at FROM deal") == [("2026-09-15T12:00:00Z",)]


def test_a_deal_added_won_in_the_past_reopens_from_the_day_it_closed(sam: Run) -> None:
    ok(sam("account", "add", "Acme Corp"))
    ok(
        sam(
            "deal", "add", "acme", "Old win", "--amount", "5k", "--stage", "won", "--close", "Mar 2"
        )
    )
    ok(sam("deal", "move", "1", "proposal", "--when", "Mar 3"))
    line = fails(sam("deal", "lost", "1", "--reason", "x", "--when", "Mar 1"))
    # its history now ends with the reopening, which a loss can't precede
    assert line == (
        "error: deal #1 last changed on Tue 3 Mar 2026;"
        " a loss can't be dated before that"
    )


def test_the_way_through_a_refused_win_runs_as_given(book: Run, db_path: Path) -> None:
    """The command a refused early win suggests records that win, amount and all."""
    import shlex

    said = fails(book("deal", "won", "1", "--when", "2026-09-10"))
    suggested = said.split("add the deal won: ", 1)[1].rstrip(")")
    ok(book(*shlex.split(suggested)[1:]))
    won = query(db_path, "SELECT amount_cents, stage FROM deal WHERE name = 'Pilot' ORDER BY id")
    assert won[-1] == (1_000_000, "won")
