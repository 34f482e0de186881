"""`sam log`: one line from the shell records a client touch, and the follow-up it promised.

The clock is pinned at Thursday 26 November 2026, 09:00 UTC.
"""

from __future__ import annotations

import json
import stat

import pytest
from samcli import as_json, counts, fails, ok, query, seed


def test_a_plain_log_prints_one_confirmation_line(sam, db_path):
    seed(sam)
    out = ok(sam("log", "acme c", "CFO", "agreed", "to", "pilot", "--channel", "call",
                 "--with", "jane"))
    assert out == "Logged call with Acme Corp (Jane Doe), today 09:00 [#1]\n"
    assert query(db_path, "SELECT account_id, contact_id, channel, direction, summary, "
                          "sentiment, occurred_at FROM interaction") == [
        (1, 1, "call", "out", "CFO agreed to pilot", 0, "2026-11-26T09:00:00Z")
    ]


def test_log_with_a_follow_up_echoes_the_resolved_due_date(sam, db_path):
    seed(sam)
    out = ok(sam("log", "acme corp", "Sent the proposal", "--follow-up", "next friday",
                 "--follow-up-note", "Chase the signed order"))
    assert out == (
        "Logged note with Acme Corp, today 09:00 [#1]; "
        "follow-up #1 due Fri 27 Nov (tomorrow)\n"
    )
    assert query(db_path, "SELECT title, due_date, interaction_id, status FROM follow_up") == [
        ("Chase the signed order", "2026-11-27", 1, "open")
    ]


def test_the_follow_up_title_defaults_to_the_note(sam):
    seed(sam)
    ok(sam("log", "globex", "Promised the usage report", "-f", "+3d", "--high"))
    [f] = as_json(sam("follow-up", "list", "--json"))
    assert (f["title"], f["due"], f["priority"]) == ("Promised the usage report", "2026-11-29",
                                                     "high")


# today is Thursday 2026-11-26
DUE_PHRASES = [
    ("2026-12-05", "2026-12-05", "Sat 5 Dec (in 9 days)"),
    ("Dec 5", "2026-12-05", "Sat 5 Dec (in 9 days)"),
    ("5 Dec 2026", "2026-12-05", "Sat 5 Dec (in 9 days)"),
    ("today", "2026-11-26", "Thu 26 Nov (today)"),
    ("tomorrow", "2026-11-27", "Fri 27 Nov (tomorrow)"),
    ("monday", "2026-11-30", "Mon 30 Nov (in 4 days)"),
    ("Friday", "2026-11-27", "Fri 27 Nov (tomorrow)"),
    ("next friday", "2026-11-27", "Fri 27 Nov (tomorrow)"),
    ("next thursday", "2026-12-03", "Thu 3 Dec (in 7 days)"),
    ("in 3 days", "2026-11-29", "Sun 29 Nov (in 3 days)"),
    ("+3d", "2026-11-29", "Sun 29 Nov (in 3 days)"),
    ("2w", "2026-12-10", "Thu 10 Dec (in 2 weeks)"),
    ("eow", "2026-11-27", "Fri 27 Nov (tomorrow)"),
    ("eom", "2026-11-30", "Mon 30 Nov (in 4 days)"),
    ("eoq", "2026-12-31", "Thu 31 Dec (in 5 weeks)"),
    ("Jan 15", "2027-01-15", "Fri 15 Jan 2027 (in 7 weeks)"),
]


@pytest.mark.parametrize(("phrase", "iso", "shown"), DUE_PHRASES)
def test_natural_follow_up_dates(sam, db_path, phrase, iso, shown):
    ok(sam("account", "add", "Acme Corp"))
    out = ok(sam("log", "acme", "Promised a call back", "--follow-up", phrase))
    assert out.endswith(f"; follow-up #1 due {shown}\n")
    assert query(db_path, "SELECT due_date FROM follow_up") == [(iso,)]


@pytest.mark.parametrize("phrase", ["someday", "31/12", "12/25/2026", "32 Dec", "in 0 days", "3m"])
def test_an_unreadable_date_is_refused_quoting_the_input(sam, db_path, phrase):
    ok(sam("account", "add", "Acme Corp"))
    before = counts(db_path)
    line = fails(sam("log", "acme", "Promised a call back", "--follow-up", phrase))
    assert f"'{phrase}'" in line
    assert counts(db_path) == before


@pytest.mark.parametrize(
    ("when", "stamp", "stored"),
    [
        ("yesterday", "Wed 25 Nov 12:00 (yesterday)", "2026-11-25T12:00:00Z"),
        ("monday", "Mon 23 Nov 12:00 (3 days ago)", "2026-11-23T12:00:00Z"),
        ("Nov 20 15:00", "Fri 20 Nov 15:00 (6 days ago)", "2026-11-20T15:00:00Z"),
        ("2026-11-26T08:15", "today 08:15", "2026-11-26T08:15:00Z"),
    ],
)
def test_when_it_happened_looks_back(sam, db_path, when, stamp, stored):
    ok(sam("account", "add", "Acme Corp"))
    out = ok(sam("log", "acme", "Met at the trade fair", "--when", when, "-c", "visit"))
    assert out == f"Logged visit with Acme Corp, {stamp} [#1]\n"
    assert query(db_path, "SELECT occurred_at FROM interaction") == [(stored,)]


def test_a_touch_in_the_future_is_refused(sam, db_path):
    ok(sam("account", "add", "Acme Corp"))
    line = fails(sam("log", "acme", "Call", "--when", "tomorrow"))
    assert line == (
        "error: 'tomorrow' is in the future (2026-11-27 12:00); log follow-ups with --follow-up"
    )
    assert counts(db_path)["interaction"] == 0


@pytest.mark.parametrize(("typed", "stored"), [("+", 1), ("0", 0), ("-", -1), ("neg", -1)])
def test_sentiment(sam, db_path, typed, stored):
    ok(sam("account", "add", "Acme Corp"))
    ok(sam("log", "acme", "Pricing pushback", "--sentiment", typed))
    assert query(db_path, "SELECT sentiment FROM interaction") == [(stored,)]


def test_inbound_touches_are_recorded_as_such(sam, db_path):
    ok(sam("account", "add", "Acme Corp"))
    ok(sam("log", "acme", "They called about invoices", "--inbound", "-c", "call"))
    assert query(db_path, "SELECT direction FROM interaction") == [("in",)]


def test_a_follow_up_note_without_a_date_is_refused(sam, db_path):
    ok(sam("account", "add", "Acme Corp"))
    assert fails(sam("log", "acme", "x", "--follow-up-note", "y")) == (
        "error: --follow-up-note needs --follow-up DATE"
    )
    assert counts(db_path)["interaction"] == 0


def test_an_empty_follow_up_note_writes_neither_the_log_nor_the_follow_up(sam, db_path):
    # the interaction row is inserted before the follow-up title is checked: all or nothing
    ok(sam("account", "add", "Acme Corp"))
    before = counts(db_path)
    assert fails(sam("log", "acme", "Sent deck", "-f", "friday", "--follow-up-note", "  ")) == (
        "error: --follow-up-note cannot be empty"
    )
    assert counts(db_path) == before


def test_log_and_its_follow_up_are_one_change_log_batch(sam, db_path):
    ok(sam("account", "add", "Acme Corp"))
    ok(sam("log", "acme", "Sent deck", "-f", "friday"))
    rows = query(db_path, "SELECT command, entity, action, batch, after FROM change_log "
                          "WHERE command = 'log' ORDER BY id")
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("log", "interaction", "create"), ("log", "follow_up", "create")
    ]
    assert rows[0][3] == rows[1][3]
    assert json.loads(rows[0][4])["summary"] == "Sent deck"


def test_log_creates_a_private_database_file_on_first_use(sam, tmp_path):
    path = tmp_path / "fresh" / "sam.db"
    path.parent.mkdir()
    ok(sam("account", "add", "Acme Corp", db=path))
    ok(sam("log", "acme", "First touch", db=path))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
