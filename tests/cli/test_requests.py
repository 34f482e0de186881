"""`sam request ...`: the manager as the client's voice inside the company."""

from __future__ import annotations

import pytest
from samcli import as_json, counts, fails, ok, query, seed

REQUEST_KEYS = {
    "id",
    "account_id",
    "account",
    "complaint_id",
    "team",
    "ask",
    "asked_at",
    "due",
    "status",
    "outcome",
    "done_at",
    "overdue",
}


@pytest.fixture
def asked(sam):
    """#1 finance for Acme Corp due Mon 23 Nov (overdue), #2 product for Globex due Dec 4,
    #3 Finance for Acme Labs, undated."""
    seed(sam)
    ok(
        sam(
            "request",
            "add",
            "acme corp",
            "finance",
            "Reissue",
            "the",
            "invoices",
            "--due",
            "2026-11-23",
        )
    )
    ok(sam("request", "add", "globex", "product", "Export API date", "--due", "Dec 4"))
    ok(sam("request", "add", "acme labs", "Finance", "Credit note"))


def status_of(db_path, request_id):
    return query(
        db_path,
        "SELECT status, outcome, done_at IS NOT NULL FROM internal_request WHERE id = ?",
        (request_id,),
    )[0]


def test_add_echoes_team_account_due_and_lateness(sam, db_path):
    seed(sam)
    out = ok(
        sam(
            "request",
            "add",
            "acme corp",
            "  finance ",
            "Reissue the invoices",
            "--due",
            "yesterday",
        )
    )
    assert out == (
        "Request #1 to finance for Acme Corp, due Wed 25 Nov (yesterday), "
        "already overdue: Reissue the invoices\n"
    )
    assert query(db_path, "SELECT team, ask, due_date, status, asked_at FROM internal_request") == [
        ("finance", "Reissue the invoices", "2026-11-25", "open", "2026-11-26T09:00:00Z")
    ]


def test_a_request_raised_for_a_complaint_is_listed_by_it(sam, db_path):
    seed(sam)
    ok(sam("complaint", "open", "acme corp", "Wrong invoices", "--severity", "high"))
    out = ok(
        sam(
            "request",
            "add",
            "acme corp",
            "finance",
            "Credit note",
            "--complaint",
            "#1",
            "--due",
            "friday",
        )
    )
    assert out.endswith("(complaint #1): Credit note\n")
    ok(sam("request", "block", "1", "Controller", "on", "leave"))
    show = ok(sam("complaint", "show", "1"))
    assert "Requests raised for it:" in show
    assert "  #1 finance: blocked, due 27 Nov  Credit note (Controller on leave)" in show
    doc = as_json(sam("complaint", "show", "1", "--json"))
    assert doc["requests"] == [
        {"id": 1, "team": "finance", "ask": "Credit note", "due": "2026-11-27", "status": "blocked"}
    ]
    assert as_json(sam("complaint", "list", "--json"))[0]["requests"] == doc["requests"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("initech", "finance", "x"), "error: unknown account 'initech'"),
        (("acme", "finance", "x"), "error: 'acme' matches several accounts"),
        (("globex", " ", "x"), "error: team cannot be empty"),
        (("globex", "finance", " "), "error: the request cannot be empty"),
        (("globex", "finance", "x", "--due", "someday"), "error: cannot understand date 'someday'"),
        (
            ("globex", "finance", "x", "--complaint", "abc"),
            "error: 'abc' is not a complaint ID (expected a number such as 12)",
        ),
        (("globex", "finance", "x", "--complaint", "7"), "error: no complaint #7"),
    ],
)
def test_add_refuses_bad_input_and_writes_nothing(sam, db_path, args, message):
    seed(sam)
    before = counts(db_path)
    assert fails(sam("request", "add", *args)).startswith(message)
    assert counts(db_path) == before
    assert query(db_path, "SELECT count(*) FROM internal_request") == [(0,)]


def test_a_complaint_of_another_account_or_an_archived_account_is_refused(sam, db_path):
    seed(sam)
    ok(sam("complaint", "open", "globex", "Late delivery"))
    assert fails(sam("request", "add", "acme corp", "ops", "x", "--complaint", "1")) == (
        "error: complaint #1 belongs to Globex, not Acme Corp"
    )
    ok(sam("account", "archive", "globex"))
    assert "is archived" in fails(sam("request", "add", "#3", "ops", "x"))
    assert query(db_path, "SELECT count(*) FROM internal_request") == [(0,)]


def test_done_block_reopen_and_their_bad_transitions(sam, db_path, asked):
    assert ok(sam("request", "block", "1", "Waiting", "for", "the", "controller")) == (
        "Blocked: request #1 (finance for Acme Corp, due Mon 23 Nov (3 days ago)): "
        "Waiting for the controller\n"
    )
    assert status_of(db_path, 1) == ("blocked", "Waiting for the controller", 0)
    assert fails(sam("request", "block", "1", "Waiting for the controller")) == (
        "error: request #1 is already blocked for that reason"
    )
    ok(sam("request", "block", "1", "Controller back Monday"))
    assert status_of(db_path, 1) == ("blocked", "Controller back Monday", 0)
    assert ok(sam("request", "done", "#1", "Reissued", "on", "Friday")) == (
        "Done: request #1 (finance for Acme Corp): Reissued on Friday\n"
    )
    assert status_of(db_path, 1) == ("done", "Reissued on Friday", 1)
    before = counts(db_path)
    assert fails(sam("request", "done", "1")) == "error: request #1 is already done"
    assert fails(sam("request", "block", "1", "x")) == (
        "error: request #1 is done; reopen it first (sam request reopen 1)"
    )
    assert counts(db_path) == before
    assert ok(sam("request", "reopen", "1")).startswith("Reopened request #1 (finance for")
    assert status_of(db_path, 1) == ("open", None, 0)
    assert fails(sam("request", "reopen", "1")) == "error: request #1 is already open"
    assert ok(sam("request", "done", "2")) == "Done: request #2 (product for Globex)\n"
    assert status_of(db_path, 2) == ("done", None, 1)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("done", "9"), "error: no request #9"),
        (("done", "one"), "error: 'one' is not a request ID (expected a number such as 12)"),
        (("block", "1", "  "), "error: the reason cannot be empty"),
        (("done", "1", " "), "error: the outcome cannot be empty"),
        (("reopen", "#99"), "error: no request #99"),
    ],
)
def test_bad_ids_and_empty_texts(sam, db_path, asked, args, message):
    before = counts(db_path)
    assert fails(sam("request", *args)) == message
    assert counts(db_path) == before


def test_list_owed_first_by_due_date_then_done_ones(sam, asked):
    ok(sam("request", "done", "2"))
    doc = as_json(sam("request", "list", "--json"))
    assert [(r["id"], r["status"], r["overdue"]) for r in doc] == [
        (1, "open", True),
        (3, "open", False),
        (2, "done", False),
    ]
    assert all(set(r) == REQUEST_KEYS for r in doc)
    assert doc[0]["due"] == "2026-11-23" and doc[1]["due"] is None
    assert [r["id"] for r in as_json(sam("request", "list", "--open", "--json"))] == [1, 3]


def test_list_filters_by_team_in_any_case_and_by_account(sam, asked):
    assert [r["id"] for r in as_json(sam("request", "list", "--team", "FINANCE", "--json"))] == [
        1,
        3,
    ]
    assert as_json(sam("request", "list", "--team", "legal", "--json")) == []
    assert [r["id"] for r in as_json(sam("request", "list", "--account", "globex", "--json"))] == [
        2
    ]
    assert "unknown account 'nope'" in fails(sam("request", "list", "--account", "nope"))


def test_list_text(sam, asked):
    out = ok(sam("request", "list"))
    header, *rows = out.splitlines()
    assert header.split() == ["#", "Due", "Status", "Team", "Account", "Request"]
    assert rows[0].split()[:4] == ["1", "23", "Nov", "open"]
    assert "Reissue the invoices" in rows[0]


def test_empty_lists(sam):
    seed(sam)
    assert ok(sam("request", "list")) == "No requests.\n"
    assert ok(sam("request", "list", "--open")) == "No open requests.\n"
    assert as_json(sam("request", "list", "--json")) == []
    assert ok(sam("request", "owed")) == "No team owes your customers anything right now.\n"


def test_owed_groups_by_team_oldest_first(sam, monkeypatch, asked):
    monkeypatch.setenv("SAM_NOW", "2026-11-27T09:00")
    ok(sam("request", "add", "globex", "legal", "DPA redline", "--due", "2026-11-26"))
    ok(sam("request", "block", "4", "Counsel away"))
    doc = as_json(sam("request", "owed", "--json"))
    assert [
        (t["team"], [r["id"] for r in t["requests"]], t["overdue"], t["blocked"]) for t in doc
    ] == [
        ("finance", [1, 3], 1, 0),
        ("product", [2], 0, 0),
        ("legal", [4], 1, 1),
    ]
    out = ok(sam("request", "owed"))
    assert out.startswith("finance  2 owed, 1 overdue\n")
    assert "legal  1 owed, 1 overdue, 1 blocked" in out


def test_an_overdue_request_ranks_in_today(sam, asked):
    doc = as_json(sam("today", "--json"))
    [item] = [i for i in doc["items"] if i["kind"] == "request"]
    assert item["ref"] == {"type": "request", "id": 1}
    assert item["title"] == "finance: Reissue the invoices"
    assert item["reasons"] == ["overdue by 3 days", "strategic account (+10)"]
    assert item["score"] == 66
    ok(sam("request", "done", "1"))
    assert not [i for i in as_json(sam("today", "--json"))["items"] if i["kind"] == "request"]


def test_overdue_requests_cost_the_account_health(sam, asked):
    [acme] = [a for a in as_json(sam("account", "list", "--json")) if a["name"] == "Acme Corp"]
    assert "1 overdue internal request(s) (-5)" in acme["health"]["reasons"]
    show = ok(sam("account", "show", "acme corp"))
    assert "Requests to internal teams" in show and "Reissue the invoices" in show


def test_request_text_is_shown_literally(sam):
    seed(sam)
    ok(sam("request", "add", "globex", "[b]ops[/]", "Fix [/] now \x1b[2J", "--due", "today"))
    for out in (ok(sam("request", "list")), ok(sam("request", "owed"))):
        assert "\x1b" not in out
        assert "[b]ops[/]" in out and "Fix [/] now ^[[2J" in out
