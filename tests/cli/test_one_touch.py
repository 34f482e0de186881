"""One client touch, one command: `sam log` closes follow-ups and answers complaints in the
same change `sam undo` reverts; history entered after the fact keeps its real times."""

from __future__ import annotations

import pytest
from samcli import as_json, counts, fails, ok, query


@pytest.fixture
def acme(sam, monkeypatch):
    # the follow-ups were promised a week ago: a touch may close them backdated
    monkeypatch.setenv("SAM_NOW", "2026-11-19T09:00")
    ok(sam("account", "add", "Acme Corp", "--tier", "strategic"))
    ok(sam("account", "add", "Globex"))
    ok(sam("contact", "add", "acme", "Jane Doe", "--role", "CFO"))
    ok(sam("follow-up", "add", "acme", "Send the deck", "--due", "2026-11-20"))
    ok(sam("follow-up", "add", "acme", "Book the QBR", "--due", "2026-11-30"))
    ok(sam("follow-up", "add", "globex", "Call back", "--due", "2026-11-30"))
    monkeypatch.setenv("SAM_NOW", "2026-11-26T09:00")
    ok(sam("complaint", "open", "acme", "Invoices wrong", "--severity", "high"))
    return sam


def test_log_closes_follow_ups_and_answers_a_complaint_in_one_undoable_change(
    acme, db_path
) -> None:
    before = counts(db_path)
    out = ok(
        acme(
            "log", "acme", "Called Jane: invoices reissued, deck sent", "--with", "jane",
            "--done", "1", "--done", "2", "--complaint", "1", "--status", "waiting-customer",
        )
    )  # fmt: skip
    assert "done: follow-up #1 Send the deck; done: follow-up #2 Book the QBR" in out
    assert "answered complaint #1 Invoices wrong (first response, waiting-customer)" in out
    note = "Called Jane: invoices reissued, deck sent"
    assert query(db_path, "SELECT id, status, outcome, done_at FROM follow_up ORDER BY id") == [
        (1, "done", note, "2026-11-26T09:00:00Z"),
        (2, "done", note, "2026-11-26T09:00:00Z"),
        (3, "open", None, None),
    ]
    assert query(db_path, "SELECT status, first_response_at FROM complaint") == [
        ("waiting-customer", "2026-11-26T09:00:00Z")
    ]
    assert query(db_path, "SELECT text, status FROM complaint_update") == [
        (note, "waiting-customer")
    ]
    # one command in the history, one undo for all of it
    assert query(db_path, "SELECT count(DISTINCT batch) FROM change_log WHERE command = 'log'") == [
        (1,)
    ]
    ok(acme("undo", "--yes"))
    assert counts(db_path) | {"change_log": 0} == before | {"change_log": 0}
    assert query(db_path, "SELECT status FROM follow_up ORDER BY id") == [("open",)] * 3
    assert query(db_path, "SELECT status, first_response_at FROM complaint") == [("open", None)]


def test_log_resolving_a_complaint_makes_the_note_its_resolution(acme, db_path) -> None:
    ok(acme("log", "acme", "Credit note sent", "--complaint", "1", "--status", "resolved"))
    assert query(db_path, "SELECT status, resolution, resolved_at IS NOT NULL FROM complaint") == [
        ("resolved", "Credit note sent", 1)
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--done", "3"), "error: follow-up #3 is for Globex, not Acme Corp"),
        (("--done", "9"), "error: no follow-up #9"),
        (("--status", "resolved"), "--status goes with --complaint ID"),
        (("--done", "1", "--complaint", "7"), "error: no complaint #7"),
    ],
)
def test_log_refuses_what_is_not_the_account_s_and_writes_nothing(
    acme, db_path, args, message
) -> None:
    before = counts(db_path)
    assert message in fails(acme("log", "acme", "Called", *args))
    assert counts(db_path) == before


def test_a_closed_follow_up_cannot_be_closed_again(acme) -> None:
    ok(acme("log", "acme", "Sent", "--done", "1"))
    assert "follow-up #1 is already done" in fails(acme("log", "acme", "Sent", "--done", "1"))


def test_a_backdated_touch_closes_at_its_own_time(acme, db_path) -> None:
    ok(acme("log", "acme", "Sent it", "--when", "yesterday 16:00", "--done", "1"))
    assert query(db_path, "SELECT done_at FROM follow_up WHERE id = 1") == [
        ("2026-11-25T16:00:00Z",)
    ]


def test_follow_up_done_takes_several_ids_an_outcome_and_a_date(acme, db_path) -> None:
    out = ok(acme("follow-up", "done", "1", "2", "--outcome", "Both sent", "--when", "yesterday"))
    assert out.splitlines() == [
        "Done: follow-up #1 for Acme Corp: Send the deck (Wed 25 Nov 12:00)",
        "Done: follow-up #2 for Acme Corp: Book the QBR (Wed 25 Nov 12:00)",
    ]
    assert query(db_path, "SELECT outcome, done_at FROM follow_up WHERE id < 3") == [
        ("Both sent", "2026-11-25T12:00:00Z")
    ] * 2
    assert "in the future" in fails(acme("follow-up", "done", "3", "--when", "tomorrow"))
    ok(acme("undo", "--yes"))
    assert query(db_path, "SELECT status FROM follow_up ORDER BY id") == [("open",)] * 3


def test_backdated_complaints_keep_their_sla_clocks_from_the_real_times(sam, db_path) -> None:
    ok(sam("account", "add", "Acme Corp"))
    out = ok(
        sam("complaint", "open", "acme", "Outage", "--severity", "high", "--when", "3 days ago")
    )
    assert "SLA due Sun 26 Nov 12:00" not in out and "SLA due Thu 26 Nov 12:00" in out
    ok(sam("complaint", "update", "1", "Looking into it", "--when", "2 days ago"))
    ok(sam("complaint", "resolve", "1", "Fixed", "--when", "yesterday 10:00"))
    assert query(
        db_path, "SELECT opened_at, sla_due_at, first_response_at, resolved_at FROM complaint"
    ) == [
        (
            "2026-11-23T12:00:00Z",
            "2026-11-26T12:00:00Z",
            "2026-11-24T12:00:00Z",
            "2026-11-25T10:00:00Z",
        )
    ]
    figures = as_json(sam("metrics", "--period", "2026-11", "--json"))
    assert figures["complaints"]["first_response"]["mean_hours"] == 24.0
    assert figures["complaints"]["resolution"]["mean_hours"] == 46.0
    before = fails(
        sam("complaint", "update", "1", "Too early", "--when", "Nov 1", "--status", "open")
    )
    # its latest update (the resolution) is the floor now, not its opening
    assert before == (
        "error: complaint #1 last changed on Wed 25 Nov 2026; an update can't be dated "
        "before that"
    )


def test_request_done_and_deal_moves_take_when(sam, db_path, monkeypatch) -> None:
    monkeypatch.setenv("SAM_NOW", "2026-11-24T09:00")
    ok(sam("account", "add", "Acme Corp"))
    ok(sam("request", "add", "acme", "finance", "Credit note"))
    monkeypatch.setenv("SAM_NOW", "2026-11-26T09:00")
    assert "request #1 was asked on Tue 24 Nov 2026" in fails(
        sam("request", "done", "1", "--when", "Nov 23")
    )
    ok(sam("request", "done", "1", "Sent", "--when", "today 08:00"))
    assert query(db_path, "SELECT done_at FROM internal_request") == [("2026-11-26T08:00:00Z",)]
    monkeypatch.setenv("SAM_NOW", "2026-11-26T08:00")  # the deal before the move
    ok(sam("deal", "add", "acme", "Pilot", "--amount", "10k", "--close", "Dec 20"))
    monkeypatch.setenv("SAM_NOW", "2026-11-26T09:00")
    out = ok(sam("deal", "move", "1", "proposal", "--when", "today 08:30", "--close", "Jan 15"))
    assert "closes Fri 15 Jan 2027" in out
    assert query(db_path, "SELECT expected_close FROM deal") == [("2027-01-15",)]
    assert query(db_path, "SELECT at FROM deal_stage_change ORDER BY id DESC LIMIT 1") == [
        ("2026-11-26T08:30:00Z",)
    ]
    assert "cannot move in the future" in fails(
        sam("deal", "move", "1", "neg", "--when", "tomorrow")
    )
    assert "--close" in fails(sam("deal", "move", "1", "won", "--close", "Jan 20"))
