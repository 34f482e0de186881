"""`sam prospect add|advance|list|show`: finding the next strategic customers."""

from __future__ import annotations

import pytest
from samcli import as_json, counts, fails, ok, query, usage_error


@pytest.fixture
def initech(sam):
    ok(
        sam(
            "prospect",
            "add",
            "Initech",
            "--why",
            "Same profile as Acme",
            "--industry",
            "Software",
            "--value-estimate",
            "400k",
        )
    )


def history(db_path, account_id=1):
    return query(
        db_path,
        "SELECT from_stage, to_stage, note FROM prospect_stage_change "
        "WHERE account_id = ? ORDER BY id",
        (account_id,),
    )


def test_add_starts_at_identified_with_its_fit_and_estimate(sam, db_path):
    out = ok(
        sam(
            "prospect",
            "add",
            "Initech",
            "--why",
            "Same profile as Acme",
            "--value-estimate",
            "400k",
        )
    )
    assert out == "Added prospect #1 Initech (strategic, identified, worth ~400k)\n"
    assert query(
        db_path, "SELECT status, tier, prospect_stage, fit_reason, annual_value_cents FROM account"
    ) == [("prospect", "strategic", "identified", "Same profile as Acme", 40_000_000)]
    assert history(db_path) == [(None, "identified", None)]


def test_add_takes_a_tier(sam, db_path):
    ok(sam("prospect", "add", "Initech", "--why", "fit", "--tier", "key"))
    assert query(db_path, "SELECT tier FROM account") == [("key",)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("Initech", "--why", "  "), "error: --why (why this prospect fits) cannot be empty"),
        (("  ", "--why", "fit"), "error: account name cannot be empty"),
        (("#3", "--why", "fit"), "error: account names cannot start with '#'"),
        (
            ("Initech", "--why", "fit", "--value-estimate", "lots"),
            "error: cannot read value estimate 'lots'",
        ),
    ],
)
def test_add_refuses_bad_input_and_writes_nothing(sam, db_path, args, message):
    line = fails(sam("prospect", "add", *args))
    assert line.startswith(message)
    # an amount is checked before the database is even opened
    assert not db_path.exists() or counts(db_path)["account"] == 0


def test_why_is_required(sam):
    assert "--why" in usage_error(sam("prospect", "add", "Initech"))


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (("account", "add", "Initech Corp"), "an active account (#1)"),
        (("prospect", "add", "INITECH corp", "--why", "x"), "a prospect (#1)"),
    ],
)
def test_a_name_taken_by_an_account_or_prospect_is_refused(sam, db_path, setup, message):
    ok(sam(*setup))
    line = fails(sam("prospect", "add", "initech  CORP", "--why", "fit"))
    assert message in line and "share names" in line
    assert counts(db_path)["account"] == 1


def test_advance_walks_the_stages_and_records_each_move(sam, db_path, initech):
    assert ok(sam("prospect", "advance", "initech")) == (
        "Advanced prospect #1 Initech: identified -> researching\n"
    )
    assert ok(sam("prospect", "advance", "init", "meet", "--note", "Booked for Dec 3")) == (
        "Advanced prospect #1 Initech: researching -> meeting\n"
    )
    ok(sam("prospect", "advance", "#1"))
    assert history(db_path) == [
        (None, "identified", None),
        ("identified", "researching", None),
        ("researching", "meeting", "Booked for Dec 3"),
        ("meeting", "qualified", None),
    ]


def test_qualified_converts_into_an_active_account_keeping_its_history(sam, db_path, initech):
    ok(sam("prospect", "advance", "initech", "qualified"))
    out = ok(sam("prospect", "advance", "initech"))
    assert out == (
        "Converted prospect #1 Initech into an active strategic account "
        "(was qualified); its history is kept\n"
    )
    assert query(db_path, "SELECT status, prospect_stage, annual_value_cents FROM account") == [
        ("active", "converted", 40_000_000)
    ]
    assert [a["name"] for a in as_json(sam("account", "list", "--json"))] == ["Initech"]
    assert as_json(sam("prospect", "list", "--json")) == []
    [converted] = as_json(sam("prospect", "list", "--all", "--json"))
    assert (converted["stage"], converted["status"]) == ("converted", "active")
    line = fails(sam("prospect", "advance", "initech"))
    assert line == "error: already converted: it is an account now"
    assert len(history(db_path)) == 3


def test_moving_back_needs_a_note(sam, db_path, initech):
    ok(sam("prospect", "advance", "initech", "meeting"))
    before = counts(db_path)
    assert fails(sam("prospect", "advance", "initech", "contacted")) == (
        "error: moving back from meeting to contacted needs --note saying why"
    )
    assert counts(db_path) == before
    out = ok(sam("prospect", "advance", "initech", "contacted", "--note", "Meeting cancelled"))
    assert out == "Moved back prospect #1 Initech: meeting -> contacted\n"
    assert history(db_path)[-1] == ("meeting", "contacted", "Meeting cancelled")


def test_disqualify_needs_a_reason_which_is_kept(sam, db_path, initech):
    assert fails(sam("prospect", "advance", "initech", "disqualified")) == (
        "error: disqualifying needs --reason (why it is not a fit)"
    )
    out = ok(sam("prospect", "advance", "initech", "disq", "--reason", "No budget until 2028"))
    assert out == "Disqualified prospect #1 Initech: No budget until 2028\n"
    assert query(db_path, "SELECT status, prospect_stage, disqualified_reason FROM account") == [
        ("prospect", "disqualified", "No budget until 2028")
    ]
    assert history(db_path)[-1] == ("identified", "disqualified", "No budget until 2028")
    assert as_json(sam("prospect", "list", "--json")) == []
    # disqualified prospects are not accounts either
    assert as_json(sam("account", "list", "--json")) == []


def test_a_disqualified_prospect_is_reopened_at_a_stage_with_a_note(sam, db_path, initech):
    ok(sam("prospect", "advance", "initech", "disqualified", "--reason", "No budget"))
    assert "has no next stage" in fails(sam("prospect", "advance", "initech"))
    assert "cannot be converted directly" in fails(
        sam("prospect", "advance", "initech", "converted")
    )
    assert "needs --note" in fails(sam("prospect", "advance", "initech", "contacted"))
    out = ok(sam("prospect", "advance", "initech", "contacted", "--note", "New CFO, new budget"))
    assert out == "Reopened prospect #1 Initech: disqualified -> contacted\n"
    assert query(db_path, "SELECT prospect_stage, disqualified_reason FROM account") == [
        ("contacted", None)
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("initech", "won"),
            "error: unknown stage 'won': choose one of identified, "
            "researching, contacted, meeting, qualified, converted, "
            "disqualified",
        ),
        (("initech", "c"), "error: ambiguous stage 'c': could be contacted, converted"),
        (("initech", "identified"), "error: already at stage identified"),
        (
            ("initech", "meeting", "--reason", "x"),
            "error: --reason is for disqualifying; use --note to say why it moves",
        ),
        (("initech", "meeting", "--note", " "), "error: --note cannot be empty"),
        (("globex",), "error: unknown prospect 'globex'"),
        (("#9",), "error: no prospect #9"),
        (("",), "error: prospect reference is empty"),
    ],
)
def test_advance_refuses_bad_input_and_writes_nothing(sam, db_path, initech, args, message):
    before = counts(db_path)
    assert fails(sam("prospect", "advance", *args)) == message
    assert counts(db_path) == before
    assert history(db_path) == [(None, "identified", None)]


def test_an_account_is_not_a_prospect_and_a_prefix_can_be_ambiguous(sam, initech):
    ok(sam("account", "add", "Globex"))
    assert fails(sam("prospect", "advance", "globex")) == (
        "error: 'Globex' (#2) is an active account, not a prospect"
    )
    assert fails(sam("prospect", "advance", "#2")) == (
        "error: 'Globex' (#2) is an active account, not a prospect"
    )
    ok(sam("prospect", "add", "Initrode", "--why", "x"))
    line = fails(sam("prospect", "advance", "init"))
    assert line.startswith("error: 'init' matches several prospects: Initech (#1), Initrode (#3)")
    assert fails(sam("prospect", "advance", "initeck")) == (
        "error: unknown prospect 'initeck'; did you mean Initech (#1), Initrode (#3)?"
    )


def test_list_shows_stage_age_last_touch_and_fit(sam, monkeypatch, initech):
    ok(sam("prospect", "add", "Umbrella", "--why", "Expanding to EMEA"))
    monkeypatch.setenv("SAM_NOW", "2026-12-01T09:00")
    ok(sam("prospect", "advance", "umbrella", "contacted"))
    ok(sam("contact", "add", "umbrella", "Ann Lee", "--role", "COO"))
    ok(sam("log", "umbrella", "Intro call", "--with", "ann", "--channel", "call"))
    monkeypatch.setenv("SAM_NOW", "2026-12-04T09:00")
    doc = as_json(sam("prospect", "list", "--json"))
    assert [(p["name"], p["stage"], p["days_in_stage"]) for p in doc] == [
        ("Initech", "identified", 8),
        ("Umbrella", "contacted", 3),
    ]
    assert doc[1]["last_touch"] == "2026-12-01T09:00:00+00:00"
    assert doc[0]["value_estimate"] == 400000 and doc[1]["value_estimate"] is None
    assert set(doc[0]) == {
        "id",
        "name",
        "tier",
        "status",
        "stage",
        "fit_reason",
        "industry",
        "value_estimate",
        "stage_since",
        "days_in_stage",
        "last_touch",
        "disqualified_reason",
        "created_at",
    }
    out = ok(sam("prospect", "list"))
    header, first, second = out.splitlines()
    assert header.split() == ["#", "Prospect", "Stage", "In", "stage", "Touched", "Value", "Fit"]
    assert "Initech" in first and "identified" in first and "8d" in first and "never" in first
    assert "Umbrella" in second and "3d ago" in second and "Expanding to EMEA" in second


def test_empty_list(sam):
    assert "No prospects." in ok(sam("prospect", "list"))
    assert as_json(sam("prospect", "list", "--json")) == []


def test_show_text_is_literal_and_json_has_the_history(sam):
    ok(sam("prospect", "add", "[bold]Hooli[/]", "--why", "Mind [/] and \x1b[2J"))
    ok(sam("prospect", "advance", "#1", "researching", "--note", "[red]x\x9b31m"))
    out = ok(sam("prospect", "show", "#1"))
    assert "\x1b" not in out and "\x9b" not in out
    assert out.startswith("[bold]Hooli[/]  #1  prospect · researching for 0 days")
    assert "Mind [/] and ^[[2J" in out
    assert "identified -> researching  [red]x<U+009B>31m" in out
    doc = as_json(sam("prospect", "show", "[bold]hooli[/]", "--json"))
    assert [(h["from"], h["to"]) for h in doc["history"]] == [
        (None, "identified"),
        ("identified", "researching"),
    ]
    assert doc["contacts"] == [] and doc["recent"] == []


def test_prospects_stay_out_of_the_account_list_and_of_cold_triage(sam, monkeypatch, initech):
    ok(sam("account", "add", "Acme Corp"))
    assert [a["name"] for a in as_json(sam("account", "list", "--json"))] == ["Acme Corp"]
    assert [
        a["name"] for a in as_json(sam("account", "list", "--status", "prospect", "--json"))
    ] == ["Initech"]
    monkeypatch.setenv("SAM_NOW", "2027-06-01T09:00")
    kinds = {(i["kind"], i["account"]["name"]) for i in as_json(sam("today", "--json"))["items"]}
    assert kinds == {("going-cold", "Acme Corp")}


def test_log_and_follow_ups_work_on_a_prospect(sam, db_path, initech):
    assert ok(sam("log", "initech", "Met at the fair", "-f", "friday")).startswith(
        "Logged note with Initech"
    )
    assert query(db_path, "SELECT count(*) FROM follow_up") == [(1,)]


def test_account_edit_does_not_bypass_the_pipeline(sam, db_path, initech):
    assert fails(sam("account", "edit", "initech", "--status", "active")) == (
        "error: 'Initech' is a prospect: convert it with `sam prospect advance '#1' "
        "converted`, or disqualify it with --reason"
    )
    ok(sam("account", "add", "Globex", "--status", "churned"))
    ok(sam("account", "edit", "globex", "--status", "prospect"))
    assert query(db_path, "SELECT status, prospect_stage FROM account WHERE id = 2") == [
        ("prospect", "identified")
    ]
    assert history(db_path, 2) == [(None, "identified", "back to prospect (was churned)")]


def test_a_converted_prospect_still_shows_its_path(sam, initech):
    ok(sam("prospect", "advance", "initech", "converted"))
    out = ok(sam("prospect", "show", "initech"))
    assert out.startswith("Initech  #1  active account · converted for 0 days")
    assert "identified -> converted" in out
