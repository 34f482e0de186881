"""`sam deal ...` as a user types it: add, move, win, lose, edit, list, show; bad input."""

from __future__ import annotations

import re

import pytest
from rich.cells import cell_len
from samcli import as_json, fails, ok, query, seed

DEAL_KEYS = {
    "id",
    "account_id",
    "account",
    "name",
    "amount",
    "kind",
    "stage",
    "open",
    "probability",
    "own_probability",
    "weighted_amount",
    "category",
    "expected_close",
    "overdue",
    "closed_at",
    "lost_reason",
    "created_at",
}
SALES_TABLES = ("deal", "deal_stage_change", "change_log")


def _counts(db_path):
    return {t: query(db_path, f"SELECT count(*) FROM {t}")[0][0] for t in SALES_TABLES}


@pytest.fixture
def pipeline(sam, monkeypatch):
    """Seed accounts; deal #1 Acme Corp 250k negotiation/commit closing Dec 18, added on
    Fri 20 Nov (a test wins it dated back); deal #2 Globex 12,500.50 prospecting, no date;
    Initech archived."""
    seed(sam)
    monkeypatch.setenv("SAM_NOW", "2026-11-20T09:00")
    ok(
        sam(
            "deal",
            "add",
            "acme corp",
            "Platform",
            "expansion",
            "--amount",
            "250k",
            "--stage",
            "neg",
            "--close",
            "Dec 18",
            "--category",
            "com",
            "--kind",
            "exp",
        )
    )
    monkeypatch.setenv("SAM_NOW", "2026-11-26T09:00")
    ok(sam("deal", "add", "globex", "Pilot", "--amount", "$12,500.50"))
    ok(sam("account", "add", "Initech"))
    ok(sam("account", "archive", "initech"))


def test_add_echoes_what_was_understood(sam, pipeline):
    out = ok(
        sam(
            "deal",
            "add",
            "acme labs",
            "Renewal 2027",
            "-a",
            "80k",
            "--kind",
            "ren",
            "--stage",
            "prop",
            "--close",
            "eoq",
            "--probability",
            "60%",
        )
    )
    assert out == (
        "Added deal #3 for Acme Labs: Renewal 2027, 80,000, proposal (60%), pipeline, "
        "closes Thu 31 Dec (in 5 weeks)\n"
    )


def test_list_and_json(sam, pipeline):
    out = ok(sam("deal", "list"))
    row = next(line for line in out.splitlines() if "Platform expansion" in line).split()
    assert "negotiation" in row and "75%" in row and "commit" in row
    assert out.splitlines()[-1] == "2 open: 262,500.50"
    doc = as_json(sam("deal", "list", "--json"))
    assert [d["id"] for d in doc] == [1, 2]
    assert all(set(d) == DEAL_KEYS for d in doc)
    first, second = doc
    assert (first["amount"], first["weighted_amount"], first["expected_close"]) == (
        250000,
        187500,
        "2026-12-18",
    )
    assert (first["kind"], first["category"], first["probability"]) == ("expansion", "commit", 75)
    assert (second["amount"], second["weighted_amount"], second["expected_close"]) == (
        12500.5,
        1250.05,
        None,
    )
    assert as_json(sam("deal", "list", "--account", "glob", "--json"))[0]["id"] == 2
    assert as_json(sam("deal", "list", "--stage", "neg", "--json"))[0]["id"] == 1
    assert ok(sam("deal", "list", "--stage", "won")) == "No deals.\n"


def test_win_lose_reopen_and_the_history_in_show(sam, pipeline, monkeypatch):
    assert ok(sam("deal", "won", "1", "--when", "yesterday")).startswith(
        "Won deal #1 for Acme Corp: Platform expansion, 250,000, won Wed 25 Nov 12:00"
    )
    out = ok(sam("deal", "lost", "#2", "--reason", "Went with a competitor"))
    assert out.endswith("lost Thu 26 Nov 09:00 (Went with a competitor)\n")
    assert ok(sam("deal", "list", "--open")) == "No open deals.\n"
    out = ok(sam("deal", "move", "2", "qual"))
    assert out == "Moved deal #2 Pilot: lost → qualification (20%), pipeline, no close date\n"
    monkeypatch.setenv("SAM_NOW", "2026-11-27T10:00")
    ok(sam("deal", "edit", "2", "--amount", "15k", "--close", "Jan 15", "--category", "best"))
    show = ok(sam("deal", "show", "2"))
    assert "Deal #2 Pilot" in show and "Globex · new · 15,000" in show
    history = show.split("History:\n")[1].splitlines()
    assert history == [
        "  Thu 26 Nov 09:00  created in prospecting: 12,500.50, pipeline, no close date",
        "  Thu 26 Nov 09:00  prospecting → lost",
        "  Thu 26 Nov 09:00  lost → qualification",
        "  Fri 27 Nov 10:00  amount 12,500.50 → 15,000",
        "                    close date none → 2027-01-15",
        "                    category pipeline → best-case",
    ]
    doc = as_json(sam("deal", "show", "2", "--json"))
    assert set(doc) == DEAL_KEYS | {"history"}
    assert [h["to_stage"] for h in doc["history"]] == [
        "prospecting",
        "lost",
        "qualification",
        "qualification",
    ]
    assert set(doc["history"][0]) == {
        "at",
        "from_stage",
        "to_stage",
        "amount",
        "expected_close",
        "category",
        "changes",
    }


def test_move_to_won_and_lost_closes_too(sam, pipeline, db_path):
    ok(sam("deal", "move", "1", "won"))
    assert query(db_path, "SELECT stage, closed_at FROM deal WHERE id = 1") == [
        ("won", "2026-11-26T09:00:00Z")
    ]
    line = fails(sam("deal", "move", "2", "lost"))
    assert line == "error: a lost deal needs a reason: sam deal lost 2 --reason TEXT"
    assert ok(sam("deal", "move", "2", "lost", "--reason", "No budget")).endswith("(No budget)\n")


BAD_INPUT = [
    pytest.param(
        ["deal", "add", "acme corp", "X", "--amount", "-5"],
        "error: deal amount cannot be negative: '-5'",
        id="negative-amount",
    ),
    pytest.param(
        ["deal", "add", "acme corp", "X", "--amount", "lots"],
        "error: cannot read deal amount 'lots': use a number like 120000, 120k or 1.2m",
        id="bad-amount",
    ),
    pytest.param(
        ["deal", "add", "acme corp", "X", "--amount", "5", "--probability", "140"],
        "error: probability must be a whole number from 0 to 100, not '140'",
        id="probability-over-100",
    ),
    pytest.param(
        ["deal", "add", "acme corp", "X", "--amount", "5", "--stage", "closing"],
        "error: unknown stage 'closing': choose one of prospecting, qualification, "
        "proposal, negotiation, won, lost",
        id="unknown-stage",
    ),
    pytest.param(
        ["deal", "add", "acme corp", "X", "--amount", "5", "--stage", "l"],
        "error: a deal added lost needs a reason: --reason TEXT",
        id="start-lost",
    ),
    pytest.param(
        ["deal", "add", "acme corp", "X", "--amount", "5", "--kind", "upsell"],
        "error: unknown deal kind 'upsell': choose one of new, expansion, renewal",
        id="unknown-kind",
    ),
    pytest.param(
        ["deal", "add", "acme corp", "X", "--amount", "5", "--category", "maybe"],
        "error: unknown forecast category 'maybe': choose one of pipeline, best-case, "
        "commit, omitted",
        id="unknown-category",
    ),
    pytest.param(
        ["deal", "add", "acme corp", "X", "--amount", "5", "--close", "someday"],
        "error: cannot understand date 'someday': try 2026-12-05, Dec 5, tomorrow, "
        "friday, next friday, in 3 days, +3d, eow, eom or eoq",
        id="bad-close-date",
    ),
    pytest.param(
        ["deal", "add", "initech", "X", "--amount", "5"],
        "error: account 'Initech' is archived; run `sam account unarchive '#4'` first",
        id="archived-account",
    ),
    pytest.param(
        ["deal", "add", "acme", "X", "--amount", "5"],
        "error: 'acme' matches several accounts: Acme Corp (#1), Acme Labs (#2); type "
        "more of the name or use #ID",
        id="ambiguous-account",
    ),
    pytest.param(
        ["deal", "add", "acme corp", " ", "--amount", "5"],
        "error: the deal name cannot be empty",
        id="empty-name",
    ),
    pytest.param(["deal", "move", "9", "won"], "error: no deal #9", id="unknown-deal"),
    pytest.param(
        ["deal", "move", "x1", "won"],
        "error: 'x1' is not a deal ID (expected a number such as 12)",
        id="bad-id",
    ),
    pytest.param(
        ["deal", "move", "1", "p"],
        "error: ambiguous stage 'p': could be prospecting, proposal",
        id="ambiguous-stage",
    ),
    pytest.param(
        ["deal", "move", "1", "negotiation"],
        "error: deal #1 is already in negotiation",
        id="same-stage",
    ),
    pytest.param(
        ["deal", "move", "1", "proposal", "--reason", "x"],
        "error: a reason (--reason) goes with losing a deal only",
        id="reason-on-open",
    ),
    pytest.param(
        ["deal", "won", "1", "--when", "tomorrow"],
        "error: a deal cannot close in the future ('tomorrow')",
        id="won-in-the-future",
    ),
    pytest.param(
        ["deal", "lost", "1", "--reason", "  "],
        "error: a lost deal needs a reason: sam deal lost 1 --reason TEXT",
        id="empty-reason",
    ),
    pytest.param(
        ["deal", "edit", "1"],
        "error: nothing to change: give at least one option (see --help)",
        id="edit-nothing",
    ),
    pytest.param(
        ["deal", "edit", "1", "--clear", "name"],
        "error: cannot clear 'name': only close or probability",
        id="edit-clear-name",
    ),
    pytest.param(
        ["deal", "edit", "1", "--probability", "-1"],
        "error: probability must be a whole number from 0 to 100, not '-1'",
        id="edit-bad-probability",
    ),
    pytest.param(
        ["deal", "edit", "1", "--amount", "1e5"],
        "error: cannot read deal amount '1e5': use a number like 120000, 120k or 1.2m",
        id="edit-bad-amount",
    ),
    pytest.param(
        ["deal", "list", "--account", "hooli"],
        "error: unknown account 'hooli'",
        id="list-unknown-account",
    ),
    pytest.param(
        ["deal", "list", "--stage", "x"],
        "error: unknown stage 'x': choose one of prospecting, qualification, proposal, "
        "negotiation, won, lost",
        id="list-unknown-stage",
    ),
    pytest.param(["deal", "show", "42"], "error: no deal #42", id="show-unknown"),
]


@pytest.mark.parametrize(("argv", "message"), BAD_INPUT)
def test_bad_input_is_one_line_and_writes_nothing(sam, pipeline, db_path, argv, message):
    before = _counts(db_path)
    assert fails(sam(*argv)) == message
    assert _counts(db_path) == before


def test_every_deal_command_has_help(sam):
    for command in ("add", "move", "won", "lost", "edit", "list", "show"):
        out = ok(sam("deal", command, "--help"))
        assert "Usage: sam deal " + command in out
    assert "negotiation 75%" in ok(sam("deal", "--help"))


# --- a deal added already closed; a renewal won moves the account's renewal date --------


def test_a_deal_added_won_closed_on_its_close_date(sam, db_path):
    """Last quarter's win entered truthfully: won on 15 Oct, not now and not next year."""
    seed(sam)
    out = ok(sam("deal", "add", "globex", "Q4 add-on", "--amount", "75k", "--stage", "won",
                 "--close", "Oct 15"))
    assert out == "Added deal #1 for Globex: Q4 add-on, 75,000, won Thu 15 Oct 12:00\n"
    d = as_json(sam("deal", "show", "1", "--json"))
    assert d["closed_at"].startswith("2026-10-15") and d["expected_close"] == "2026-10-15"
    assert "Thu 15 Oct 12:00  created in won" in ok(sam("deal", "show", "1"))
    line = fails(sam("deal", "add", "globex", "X", "--amount", "1k", "--stage", "won",
                     "--close", "2026-12-15"))
    assert line == "error: a deal cannot close in the future ('2026-12-15')"
    line = fails(sam("deal", "add", "globex", "X", "--amount", "1k", "--stage", "lost",
                     "--close", "Nov 2"))
    assert line == "error: a deal added lost needs a reason: --reason TEXT"
    out = ok(sam("deal", "add", "globex", "X", "--amount", "1k", "--stage", "lost",
                 "--close", "Nov 2", "--reason", "price"))
    assert out == "Added deal #2 for Globex: X, 1,000, lost Mon 2 Nov 12:00 (price)\n"
    assert query(db_path, "SELECT count(*) FROM deal")[0][0] == 2


def test_winning_a_renewal_moves_the_renewal_date_and_leaves_triage(sam, db_path):
    seed(sam)  # Acme Corp renews 31 Mar 2027
    ok(sam("account", "edit", "acme corp", "--renewal", "2026-12-10"))
    assert "renewal coming up" in ok(sam("today"))
    ok(sam("deal", "add", "acme corp", "Renewal 2027", "--amount", "100k", "--kind", "renewal",
           "--stage", "neg", "--close", "Dec 10"))
    out = ok(sam("deal", "won", "1"))
    assert out.splitlines()[-1] == "Acme Corp now renews Fri 10 Dec 2027 (was Thu 10 Dec)"
    assert query(db_path, "SELECT renewal_date FROM account WHERE id = 1") == [("2027-12-10",)]
    assert "renewal coming up" not in ok(sam("today"))
    # a date given wins; on a deal that is no renewal it is refused, nothing written
    ok(sam("deal", "add", "acme corp", "Renewal 2028", "--amount", "1k", "--kind", "renewal"))
    out = ok(sam("deal", "won", "2", "--renewal", "2028-01-31"))
    assert out.splitlines()[-1] == "Acme Corp now renews Mon 31 Jan 2028 (was Fri 10 Dec 2027)"
    ok(sam("deal", "add", "acme corp", "Upsell", "--amount", "1k"))
    line = fails(sam("deal", "won", "3", "--renewal", "2029-01-31"))
    assert line == ("error: deal #3 is a new deal: only winning a renewal moves the account's "
                    "renewal date")
    assert query(db_path, "SELECT stage FROM deal WHERE id = 3") == [("prospecting",)]
    # a renewal added already won moves it too
    out = ok(sam("deal", "add", "acme corp", "Renewal 2029", "--amount", "1k", "--kind",
                 "renewal", "--stage", "won", "--close", "yesterday"))
    assert out.splitlines()[-1] == "Acme Corp now renews Wed 31 Jan 2029 (was Mon 31 Jan 2028)"


def test_closed_deals_list_the_latest_closed_first(sam, monkeypatch):
    # expected close dates in one order, closing moments in another: the list follows
    # when they closed, as its help says
    monkeypatch.setenv("SAM_NOW", "2026-10-01T17:00")  # open before they closed
    ok(sam("account", "add", "Acme"))
    for name, close in (("Early", "2026-10-05"), ("Middle", "2026-11-20"), ("Late", "2026-12-02")):
        ok(sam("deal", "add", "acme", name, "--amount", "10k", "--close", close))
    monkeypatch.setenv("SAM_NOW", "2026-12-04T17:00")
    ok(sam("deal", "won", "1", "--when", "2026-11-01"))  # Early closed first
    ok(sam("deal", "lost", "3", "--reason", "budget", "--when", "2026-12-03"))
    ok(sam("deal", "won", "2", "--when", "2026-11-15"))
    rows = as_json(sam("deal", "list", "--json"))
    assert [d["name"] for d in rows] == ["Late", "Middle", "Early"]


def test_at_80_columns_a_won_or_lost_deal_still_says_so(sam, monkeypatch):
    # a new user's book: with a long account name the list used to drop Stage at 80
    # columns, and a won or a lost deal read as an open one past its close date
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("SAM_NOW", "2026-11-02T18:00")  # open before they closed
    ok(sam("account", "add", "Globex International Holdings"))
    ok(sam("account", "add", "Acme Corp"))
    for account, name, stage in (
        ("globex", "Warehouse automation pilot", "proposal"),
        ("acme", "Analytics add-on for the finance team", "negotiation"),
        ("acme", "Legacy migration", "proposal"),
    ):
        ok(sam("deal", "add", account, name, "--amount", "80k", "--stage", stage, "--close", "eom"))
    monkeypatch.setenv("SAM_NOW", "2026-12-04T18:00")
    ok(sam("deal", "won", "2", "--when", "Nov 30"))
    ok(sam("deal", "lost", "3", "--reason", "Budget frozen", "--when", "Dec 1 14:00"))
    out = ok(sam("deal", "list"))
    lines = out.splitlines()
    assert max(cell_len(line) for line in lines) <= 80, out
    assert "Stage" in lines[0].split(), out
    stage = {
        int(m.group(1)): line.split() for line in lines[1:-1] if (m := re.match(r"\s*(\d+) ", line))
    }
    assert "proposal" in stage[1], out
    assert "won" in stage[2] and "lost" in stage[3], out
    assert lines[-1] == "1 open: 80,000; 1 won, 1 lost"
    # the probability is what gives way, as --help says; --wide brings it back
    assert "Prob" not in lines[0] and "Prob" in ok(sam("deal", "list", "--wide")).splitlines()[0]
    help_text = " ".join(ok(sam("deal", "list", "--help")).split())
    assert "Category, then Prob" in help_text and "Stage stays" in help_text
