"""`sam search`: what a user types, what they see, and what a script reads from --json."""

from __future__ import annotations

import pytest
from conftest import run_sam
from samcli import as_json, digest, fails, ok, seed


@pytest.fixture
def portfolio(sam):
    seed(sam)
    ok(sam("account", "add", "Société Générale", "--industry", "Banking"))
    ok(sam("account", "add", "Müller GmbH", "--notes", "AT&T is their telco"))
    ok(sam("contact", "add", "müller", "Seán O'Brien", "--role", "Head of IT"))
    ok(
        sam(
            "log",
            "acme corp",
            "CFO agreed to a pilot in [bold]Q4[/] \x1b[2J",
            "-c",
            "call",
            "--with",
            "jane",
        )
    )
    ok(sam("log", "globex", "Pilot went live; e-mail sent", "--when", "yesterday"))
    ok(sam("complaint", "open", "globex", "Pilot invoices are wrong", "--severity", "high"))
    ok(sam("complaint", "update", "1", "Finance is reissuing the pilot invoices"))
    return sam


def test_the_result_list_shows_kind_account_label_date_and_snippet(portfolio):
    out = ok(portfolio("search", "pilot", "invoices"))
    assert out.splitlines() == [
        "complaint  Globex  #1 high · open  26 Nov",
        "    Pilot invoices are wrong",
        "complaint  Globex  update on #1 Pilot invoices are wrong  26 Nov",
        "    Finance is reissuing the pilot invoices",
    ]


def test_markup_and_escapes_in_stored_text_print_as_typed(portfolio):
    out = ok(portfolio("search", "q4"))
    assert "interaction  Acme Corp  call with Jane Doe  26 Nov" in out
    assert "    CFO agreed to a pilot in [bold]Q4[/] ^[[2J\n" in out
    assert "\x1b" not in out


@pytest.mark.parametrize(
    ("typed", "first_line"),
    [
        (["societe"], "account  Société Générale  key · active  26 Nov"),
        (["MULLER"], "account  Müller GmbH  key · active  26 Nov"),
        (["mül"], "account  Müller GmbH  key · active  26 Nov"),
        (["AT&T"], "account  Müller GmbH  key · active  26 Nov"),
        (["o'brien"], "contact  Müller GmbH  Seán O'Brien (Head of IT)  26 Nov"),
        (["sean", "obrien"], "contact  Müller GmbH  Seán O'Brien (Head of IT)  26 Nov"),
        (['"e-mail"'], "interaction  Globex  note  25 Nov"),
        (["NOT", "e-mail"], None),
        (["title:pilot"], None),
    ],
)
def test_punctuation_quotes_and_accents(portfolio, typed, first_line):
    out = ok(portfolio("search", *typed))
    if first_line is None:
        assert out.startswith("No matches for ")
    else:
        assert out.splitlines()[0] == first_line


def test_filters_by_kind_and_account(portfolio):
    out = ok(portfolio("search", "pilot", "--kind", "inter"))
    assert [line.split("  ")[:2] for line in out.splitlines()[::2]] == [
        ["interaction", "Globex"],
        ["interaction", "Acme Corp"],
    ]
    out = ok(portfolio("search", "pilot", "--account", "acme corp"))
    assert out.splitlines()[0].startswith("interaction  Acme Corp")
    assert len(out.splitlines()) == 2


def test_archived_accounts_only_with_all(portfolio):
    ok(portfolio("account", "archive", "globex", input="y\n"))
    out = ok(portfolio("search", "reissuing"))
    assert out.splitlines() == [
        "No matches for 'reissuing'.",
        "Hint: --all also searches archived accounts.",
    ]
    out = ok(portfolio("search", "reissuing", "--all"))
    assert (
        out.splitlines()[0]
        == "complaint  Globex (archived)  update on #1 Pilot invoices are wrong  26 Nov"
    )


def test_no_results_give_a_helpful_hint(portfolio):
    out = ok(portfolio("search", "pilot", "zebra", "--kind", "deal"))
    assert out.splitlines() == [
        "No matches for 'pilot zebra'.",
        "Hint: every word must appear in the same record: try fewer words; drop --kind or "
        "--account to search everything.",
    ]


def test_limit_says_how_many_more_there_are(portfolio):
    out = ok(portfolio("search", "pilot", "--limit", "2"))
    assert out.splitlines()[-1] == "Best 2 of 4 matches; --limit N shows more."


def test_json(portfolio):
    doc = as_json(portfolio("search", "q4", "--json"))
    assert doc["query"] == "q4" and doc["words"] == ["q4"] and doc["prefix"] is True
    assert (doc["ranked"], doc["broad"]) == (1, False)
    (hit,) = doc["hits"]
    assert hit["kind"] == "interaction" and hit["ref"] == {"type": "interaction", "id": 1}
    assert hit["account"] == {"id": 1, "name": "Acme Corp", "archived": False}
    assert hit["at"] == "2026-11-26T09:00:00+00:00"
    assert hit["label"] == "call with Jane Doe"
    assert hit["snippet"] == "CFO agreed to a pilot in [bold]Q4[/] \x1b[2J"
    start, end = hit["matches"][0]
    assert hit["snippet"][start:end] == "Q4"
    assert hit["score"] > 0
    empty = as_json(portfolio("search", "zebra", "--json"))
    assert empty["hits"] == [] and empty["ranked"] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["   "], "error: type something to search for"),
        (["--", "---"], "error: '---' has no letters or digits to search for"),
        (["pilot", "--kind", "memo"], "error: unknown kind 'memo': choose one of account, contact"),
        (["pilot", "--limit", "0"], "error: the limit must be between 1 and 500"),
        (["pilot", "--account", "nobody"], "error: unknown account 'nobody'"),
        (["x" * 301], "error: the search text is too long (at most 300 characters)"),
    ],
)
def test_bad_input_is_one_line_and_exit_1(portfolio, db_path, args, message):
    before = digest(db_path)
    assert fails(portfolio("search", *args)).startswith(message)
    assert digest(db_path) == before


def test_matches_are_highlighted_on_a_terminal(tmp_path):
    path = str(tmp_path / "sam.db")
    assert run_sam("--db", path, "account", "add", "Acme Corp").returncode == 0
    assert run_sam("--db", path, "log", "acme", "Pilot [b]agreed[/b] \x1b[2J").returncode == 0
    proc = run_sam("--db", path, "search", "pilot", env={"FORCE_COLOR": "1", "TERM": "xterm"})
    assert proc.returncode == 0, proc.stderr
    line = proc.stdout.splitlines()[1]
    assert line == "    \x1b[1;4mPilot\x1b[0m [b]agreed[/b] ^[[2J"
    plain = run_sam("--db", path, "search", "pilot", env={"NO_COLOR": "1"})
    assert plain.stdout.splitlines()[1] == "    Pilot [b]agreed[/b] ^[[2J"


def test_follow_ups_are_found_by_what_is_owed_and_what_came_of_it(portfolio):
    ok(portfolio("follow-up", "add", "globex", "Send the pricing sheet", "--due", "2026-11-30"))
    out = ok(portfolio("search", "pricing"))
    assert out.splitlines()[0] == "follow-up  Globex  #1 open · due 2026-11-30  26 Nov"
    ok(portfolio("log", "globex", "Sheet sent, they want a discount", "--done", "1"))
    out = ok(portfolio("search", "discount", "--kind", "follow-up"))
    assert out.splitlines() == [
        "follow-up  Globex  #1 done · due 2026-11-30  26 Nov",
        "    Sheet sent, they want a discount",
    ]
