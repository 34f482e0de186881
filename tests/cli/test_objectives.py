"""`sam objective ...`: per-account and portfolio objectives, progress, status; bad input."""

from __future__ import annotations

import pytest
from samcli import as_json, fails, ok, query, seed

OBJECTIVE_KEYS = {
    "id",
    "account_id",
    "account",
    "title",
    "target",
    "current",
    "unit",
    "measure",
    "start",
    "due",
    "closed",
    "status",
    "progress",
    "elapsed",
    "reason",
}


def _counts(db_path):
    return [
        query(db_path, f"SELECT count(*) FROM {t}")[0][0]
        for t in ("objective", "objective_progress", "change_log")
    ]


@pytest.fixture
def goals(sam):
    """Objective #1 for Acme Corp: 4 workshops, 1 Jul to 31 Dec; #2 portfolio-wide: 6 new
    logos over 2026."""
    seed(sam)
    ok(
        sam(
            "objective",
            "add",
            "acme corp",
            "Run executive workshops",
            "--target",
            "4",
            "--unit",
            "workshops",
            "--start",
            "Jul 1",
            "--due",
            "Dec 31",
        )
    )
    ok(
        sam(
            "objective",
            "add",
            "Sign new logos",
            "--target",
            "6",
            "--start",
            "2026-01-01",
            "--due",
            "2026-12-31",
        )
    )


def test_one_argument_is_a_portfolio_objective_two_are_account_and_title(sam, goals):
    doc = as_json(sam("objective", "list", "--json"))
    assert [(o["id"], o["account"], o["title"]) for o in doc] == [
        (1, "Acme Corp", "Run executive workshops"),
        (2, None, "Sign new logos"),
    ]
    assert all(set(o) == OBJECTIVE_KEYS for o in doc)
    first = doc[0]
    assert (first["target"], first["current"], first["unit"], first["start"], first["due"]) == (
        4,
        0,
        "workshops",
        "2026-07-01",
        "2026-12-31",
    )
    # 148 of 183 days gone, nothing done
    assert (first["status"], first["progress"], first["elapsed"]) == ("off-track", 0.0, 0.8087)
    assert first["reason"] == "0% done with 81% of the time gone"


def test_progress_sets_or_adds_and_the_status_follows(sam, goals):
    # 81% of the time gone: on track from 72.8% done, at risk from 56.6%
    assert ok(sam("objective", "progress", "1", "+2.5", "--note", "Two and a half")) == (
        "Objective #1 Run executive workshops: 0 → 2.5 of 4 workshops (62.5%): at-risk\n"
    )
    assert ok(sam("objective", "progress", "1", "3.5")) == (
        "Objective #1 Run executive workshops: 2.5 → 3.5 of 4 workshops (87.5%): on-track\n"
    )
    assert ok(sam("objective", "progress", "1", "--", "-0.5")).startswith(
        "Objective #1 Run executive workshops: 3.5 → 3 of 4"
    )
    ok(sam("objective", "progress", "1", "4"))
    show = ok(sam("objective", "show", "1"))
    assert "4 of 4 workshops: achieved, target reached" in show
    assert "Two and a half" in show
    doc = as_json(sam("objective", "show", "1", "--json"))
    assert [h["value"] for h in doc["history"]] == [2.5, 3.5, 3, 4]
    assert doc["history"][0]["note"] == "Two and a half"
    assert set(doc) == OBJECTIVE_KEYS | {"history"}


def test_edit_close_and_reopen(sam, goals):
    assert ok(sam("objective", "edit", "2", "--target", "5", "--title", "Five new logos")) == (
        "Updated objective #2 Five new logos: 0 of 5, off-track\n"
    )
    assert (
        ok(sam("objective", "close", "2")) == "Closed objective #2 Five new logos: 0 of 5, missed\n"
    )
    out = ok(sam("objective", "list"))
    assert "Five new logos" not in out and "Run executive workshops" in out
    assert "missed (closed)" in ok(sam("objective", "list", "--all"))
    assert ok(sam("objective", "reopen", "2")).endswith("off-track\n")
    assert [
        o["id"] for o in as_json(sam("objective", "list", "--account", "acme corp", "--json"))
    ] == [1]


BAD_INPUT = [
    pytest.param(
        ["objective", "add", "acme corp", "Run", "workshops", "--target", "3", "--due", "eoy"],
        "error: give at most two arguments, [ACCOUNT] and TITLE: quote a title of "
        'several words (sam objective add acme "Expand to 3 sites" --target 3 --due eoy)',
        id="unquoted-title",
    ),
    pytest.param(
        ["objective", "add", "Grow", "NRR", "--target", "3", "--due", "eoy"],
        "error: unknown account 'Grow'",
        id="first-of-two-is-not-an-account",
    ),
    pytest.param(
        ["objective", "add", "Sites", "--target", "NaN", "--due", "eoy"],
        "error: the target must be a number such as 12 or 2.5, not 'NaN'",
        id="nan",
    ),
    pytest.param(
        ["objective", "add", "Sites", "--target", "inf", "--due", "eoy"],
        "error: the target must be a number such as 12 or 2.5, not 'inf'",
        id="inf",
    ),
    pytest.param(
        ["objective", "add", "Sites", "--target", "-3", "--due", "eoy"],
        "error: the target must be a number above 0, not -3",
        id="negative-target",
    ),
    pytest.param(
        ["objective", "add", "Sites", "--target", "0", "--due", "eoy"],
        "error: the target must be a number above 0, not 0",
        id="zero-target",
    ),
    pytest.param(
        ["objective", "add", "Sites", "--target", "3", "--due", "whenever"],
        "error: cannot understand date 'whenever': try 2026-12-05, Dec 5, tomorrow, "
        "friday, next friday, in 3 days, +3d, eow, eom or eoq",
        id="bad-due",
    ),
    pytest.param(
        ["objective", "add", "Sites", "--target", "3", "--due", "Dec 1", "--start", "2026-12-20"],
        "error: the due date (2026-12-01) is before the start (2026-12-20)",
        id="due-before-start",
    ),
    pytest.param(
        ["objective", "add", "globex", "Sites", "--target", "3", "--due", "eoy"],
        "error: account 'Globex' is archived; run `sam account unarchive '#3'` first",
        id="archived-account",
    ),
    pytest.param(
        ["objective", "progress", "1", "lots"],
        "error: progress must be a number such as 12 or 2.5, not 'lots'",
        id="bad-progress",
    ),
    pytest.param(
        ["objective", "progress", "1", "--", "-1"],
        "error: progress cannot go below 0 (it would be -1)",
        id="below-zero",
    ),
    pytest.param(["objective", "progress", "7", "1"], "error: no objective #7", id="unknown-id"),
    pytest.param(
        ["objective", "progress", "one", "1"],
        "error: 'one' is not an objective ID (expected a number such as 12)",
        id="bad-id",
    ),
    pytest.param(
        ["objective", "edit", "1"],
        "error: nothing to change: give at least one option (see --help)",
        id="edit-nothing",
    ),
    pytest.param(
        ["objective", "close", "2"], "error: objective #2 is already closed", id="close-twice"
    ),
    pytest.param(
        ["objective", "progress", "2", "1"],
        "error: objective #2 is closed; reopen it first: sam objective reopen 2",
        id="progress-closed",
    ),
]


@pytest.mark.parametrize(("argv", "message"), BAD_INPUT)
def test_bad_input_is_one_line_and_writes_nothing(sam, goals, db_path, argv, message):
    ok(sam("account", "archive", "globex"))
    ok(sam("objective", "close", "2"))
    before = _counts(db_path)
    assert fails(sam(*argv)) == message
    assert _counts(db_path) == before


def test_every_objective_command_has_help(sam):
    assert "off-track" in ok(sam("objective", "--help"))
    for command in ("add", "progress", "list", "show", "edit", "close", "reopen"):
        assert f"Usage: sam objective {command}" in ok(sam("objective", command, "--help"))


def test_an_objective_tied_to_a_figure_tracks_itself(sam):
    """Net new ARR: won amount of new and expansion deals in its window, never typed."""
    seed(sam)
    out = ok(sam("objective", "add", "Net new ARR Q4", "--target", "200000", "--due",
                 "2026-12-31", "--start", "2026-10-01", "--measure", "won:new,expansion"))
    assert out.startswith("Objective #1 for portfolio: Net new ARR Q4, target 200,000")
    ok(sam("deal", "add", "globex", "Q4 add-on", "--amount", "75k", "--kind", "expansion",
           "--stage", "won", "--close", "Oct 15"))
    ok(sam("deal", "add", "globex", "Renewal", "--amount", "40k", "--kind", "renewal",
           "--stage", "won", "--close", "Oct 20"))
    shown = ok(sam("objective", "show", "1"))
    assert "75,000 of 200,000" in shown
    assert "Measured from the book: won amount of new and expansion deals" in shown
    doc = as_json(sam("objective", "show", "1", "--json"))
    assert doc["measure"] == "won:new,expansion" and doc["current"] == 75000
    line = fails(sam("objective", "progress", "1", "+45"))
    assert line.startswith("error: objective #1 measures itself (won amount of new and")
    line = fails(sam("objective", "add", "X", "--target", "1", "--due", "eoy", "--measure", "arr"))
    assert line.startswith("error: unknown measure 'arr'; use won, won:new,expansion")


def test_a_yearless_start_is_its_nearest_occurrence(sam, monkeypatch):
    # on 30 Nov, "Dec 1" is tomorrow; read as a year ago it counted a year of touches
    monkeypatch.setenv("SAM_NOW", "2026-11-30T08:30")
    ok(sam("account", "add", "Acme"))
    ok(sam("log", "acme", "call"))
    out = ok(sam(
        "objective", "add", "Touches in December", "--target", "40", "--start", "Dec 1",
        "--due", "Dec 31", "--measure", "touches",
    ))
    assert "from Tue 1 Dec to Thu 31 Dec" in out
    o = as_json(sam("objective", "show", "1", "--json"))
    assert (o["start"], o["current"]) == ("2026-12-01", 0)
