"""`sam idea ...`: solutions suggested to clients, and the deals they become."""

from __future__ import annotations

import pytest
from samcli import as_json, counts, fails, ok, query, seed

IDEA_KEYS = {
    "id",
    "account_id",
    "account",
    "title",
    "detail",
    "status",
    "deal_id",
    "created_at",
    "updated_at",
}


@pytest.fixture
def ideas(sam):
    """#1 Acme Corp "Consolidate contracts", #2 Globex "Analytics pilot"."""
    seed(sam)
    ok(sam("idea", "add", "acme corp", "Consolidate", "contracts", "--detail", "Three renewals"))
    ok(sam("idea", "add", "globex", "Analytics pilot"))


def deals(db_path):
    return query(
        db_path,
        "SELECT account_id, name, amount_cents, kind, stage, probability, "
        "forecast_category, expected_close FROM deal",
    )


def stage_changes(db_path):
    return query(
        db_path,
        "SELECT deal_id, from_stage, to_stage, amount_cents, expected_close, "
        "forecast_category FROM deal_stage_change",
    )


def test_add_and_list(sam, db_path, ideas):
    assert query(db_path, "SELECT title, detail, status FROM idea ORDER BY id") == [
        ("Consolidate contracts", "Three renewals", "proposed"),
        ("Analytics pilot", None, "proposed"),
    ]
    doc = as_json(sam("idea", "list", "--json"))
    assert [i["id"] for i in doc] == [2, 1]  # newest first
    assert all(set(i) == IDEA_KEYS for i in doc)
    out = ok(sam("idea", "list"))
    assert out.splitlines()[0].split() == ["#", "Added", "Status", "Account", "Idea"]
    assert "Consolidate contracts" in out


def test_add_output(sam):
    seed(sam)
    assert ok(sam("idea", "add", "globex", "Analytics pilot")) == (
        "Idea #1 for Globex: Analytics pilot\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("initech", "x"), "error: unknown account 'initech'"),
        (("acme", "x"), "error: 'acme' matches several accounts"),
        (("globex", "  "), "error: the idea cannot be empty"),
    ],
)
def test_add_refuses_bad_input(sam, db_path, args, message):
    seed(sam)
    before = counts(db_path)
    assert fails(sam("idea", "add", *args)).startswith(message)
    assert counts(db_path) == before


def test_set_moves_freely_except_into_and_out_of_converted(sam, db_path, ideas):
    assert ok(sam("idea", "set", "1", "disc")) == ("Idea #1 for Acme Corp is now discussed\n")
    ok(sam("idea", "set", "1", "rejected"))
    assert [i["id"] for i in as_json(sam("idea", "list", "--json"))] == [2]
    assert [i["id"] for i in as_json(sam("idea", "list", "--status", "rej", "--json"))] == [1]
    assert [i["id"] for i in as_json(sam("idea", "list", "--all", "--json"))] == [2, 1]
    ok(sam("idea", "set", "1", "proposed"))  # reconsidered
    assert query(db_path, "SELECT status FROM idea WHERE id = 1") == [("proposed",)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("1", "proposed"), "error: idea #1 is already proposed"),
        (
            ("1", "converted"),
            "error: an idea becomes converted when it is promoted to a deal: "
            "sam idea promote 1 --amount X",
        ),
        (
            ("1", "maybe"),
            "error: unknown status 'maybe': choose one of proposed, discussed, "
            "accepted, rejected, converted",
        ),
        (("9", "accepted"), "error: no idea #9"),
        (("x", "accepted"), "error: 'x' is not an idea ID (expected a number such as 12)"),
    ],
)
def test_set_refuses_bad_transitions(sam, db_path, ideas, args, message):
    before = counts(db_path)
    assert fails(sam("idea", "set", *args)) == message
    assert counts(db_path) == before


def test_list_filters_and_bad_status(sam, ideas):
    assert [i["id"] for i in as_json(sam("idea", "list", "--account", "acme corp", "--json"))] == [
        1
    ]
    assert fails(sam("idea", "list", "--status", "nope")).startswith("error: unknown status")
    assert "unknown account" in fails(sam("idea", "list", "--account", "zzz"))


def test_promote_creates_an_expansion_deal_and_links_it(sam, db_path, ideas):
    out = ok(sam("idea", "promote", "1", "--amount", "50k", "--close", "eoq"))
    assert out == (
        "Promoted idea #1 to deal #1 Consolidate contracts for Acme Corp: 50,000, "
        "prospecting, closes Thu 31 Dec (in 5 weeks)\n"
    )
    assert deals(db_path) == [
        (
            1,
            "Consolidate contracts",
            5_000_000,
            "expansion",
            "prospecting",
            None,
            "pipeline",
            "2026-12-31",
        )
    ]
    assert stage_changes(db_path) == [(1, None, "prospecting", 5_000_000, "2026-12-31", "pipeline")]
    assert query(db_path, "SELECT status, deal_id FROM idea WHERE id = 1") == [("converted", 1)]
    # one command, one batch in the change log: idea, deal and its first stage together
    assert query(
        db_path,
        "SELECT count(DISTINCT batch), group_concat(entity) FROM change_log "
        "WHERE command = 'idea promote'",
    ) == [(1, "deal,deal_stage_change,idea")]
    [idea] = as_json(sam("idea", "list", "--status", "converted", "--json"))
    assert idea["deal_id"] == 1
    assert "→ deal #1" in ok(sam("idea", "list", "--all"))


def test_promote_with_a_name_and_stage(sam, db_path, ideas):
    ok(
        sam(
            "idea",
            "promote",
            "2",
            "--amount",
            "120000",
            "--name",
            "Analytics 2027",
            "--stage",
            "prop",
        )
    )
    assert deals(db_path) == [
        (3, "Analytics 2027", 12_000_000, "expansion", "proposal", None, "pipeline", None)
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--amount", "lots"), "error: cannot read amount 'lots'"),
        (("--amount", "0"), "error: a deal needs an amount above 0 (--amount 50k)"),
        (("--amount", "-5k"), "error: amount cannot be negative: '-5k'"),
        (
            ("--amount", "5k", "--stage", "won"),
            "error: a promoted idea starts as an open deal, not won",
        ),
        (("--amount", "5k", "--stage", "bogus"), "error: unknown stage 'bogus'"),
        (("--amount", "5k", "--close", "someday"), "error: cannot understand date 'someday'"),
        (("--amount", "5k", "--name", " "), "error: the deal name cannot be empty"),
    ],
)
def test_promote_refuses_bad_input_and_writes_nothing(sam, db_path, ideas, args, message):
    before = counts(db_path)
    assert fails(sam("idea", "promote", "1", *args)).startswith(message)
    assert counts(db_path) == before
    assert deals(db_path) == [] and stage_changes(db_path) == []


def test_promote_twice_or_a_rejected_idea_is_refused(sam, db_path, ideas):
    ok(sam("idea", "promote", "1", "--amount", "5k"))
    assert fails(sam("idea", "promote", "1", "--amount", "5k")) == (
        "error: idea #1 already became deal #1"
    )
    assert fails(sam("idea", "set", "1", "accepted")) == (
        "error: idea #1 became deal #1; it no longer changes"
    )
    ok(sam("idea", "set", "2", "rejected"))
    assert fails(sam("idea", "promote", "2", "--amount", "5k")) == (
        "error: idea #2 was rejected; set it back first (sam idea set 2 accepted)"
    )
    assert fails(sam("idea", "promote", "7", "--amount", "5k")) == "error: no idea #7"
    assert len(deals(db_path)) == 1


def test_promote_on_an_archived_account_leaves_nothing_half_written(sam, db_path, ideas):
    ok(sam("account", "archive", "globex"))
    before = counts(db_path)
    assert "is archived" in fails(sam("idea", "promote", "2", "--amount", "5k"))
    assert counts(db_path) == before
    assert deals(db_path) == []
    assert query(db_path, "SELECT status FROM idea WHERE id = 2") == [("proposed",)]


def test_account_show_lists_live_ideas(sam, ideas):
    show = ok(sam("account", "show", "acme corp"))
    assert "Ideas" in show and "Consolidate contracts" in show
    doc = as_json(sam("account", "show", "acme corp", "--json"))
    assert doc["ideas"] == [
        {"id": 1, "title": "Consolidate contracts", "status": "proposed", "deal_id": None}
    ]


def test_idea_text_is_literal(sam):
    seed(sam)
    ok(sam("idea", "add", "globex", "[bold]Bundle[/] \x1b[2J"))
    out = ok(sam("idea", "list"))
    assert "\x1b" not in out and "[bold]Bundle[/] ^[[2J" in out
