"""`sam account add|list|show|edit|archive|unarchive` as a key-account manager uses them."""

from __future__ import annotations

import re

import pytest
from samcli import as_json, counts, fails, ok, query, seed


def test_add_confirms_what_was_stored_with_tier_defaults(sam):
    out = ok(sam("account", "add", "Acme Corp", "--tier", "strategic", "--value", "250k",
                 "--renewal", "Mar 31"))
    assert out == (
        "Added account #1 Acme Corp (strategic, active, touch every 14 days, "
        "renews Wed 31 Mar 2027 (in 17 weeks))\n"
    )


@pytest.mark.parametrize(("tier", "cadence"), [("strategic", 14), ("key", 30), ("growth", 60)])
def test_cadence_defaults_by_tier(sam, tier, cadence):
    out = ok(sam("account", "add", "Initech", "--tier", tier))
    assert f"({tier}, active, touch every {cadence} days)" in out


def test_default_tier_is_key_and_own_cadence_wins(sam):
    assert "(key, active, touch every 30 days)" in ok(sam("account", "add", "Initech"))
    assert "touch every 7 days" in ok(sam("account", "add", "Hooli", "--cadence", "7"))


def test_names_are_unique_ignoring_case_and_spacing(sam, db_path):
    seed(sam)
    before = counts(db_path)
    line = fails(sam("account", "add", "  acme   CORP "))
    assert line == "error: an account named 'Acme Corp' already exists (#1)"
    assert counts(db_path) == before


def test_list_shows_the_portfolio_sorted_by_name(sam):
    seed(sam)
    out = ok(sam("account", "list"))
    header, *rows = out.splitlines()
    assert header.split()[:4] == ["#", "Account", "Tier", "Health"]
    assert [r.split()[1] for r in rows] == ["Acme", "Acme", "Globex"]
    acme = rows[0]
    assert "Acme Corp" in acme and "strategic" in acme and "1.2M" in acme and "31 Mar '27" in acme


def test_accented_names_sort_with_their_letters(sam):
    # by code point Åkesson and Łódź would come after Zeta
    for name in ("Zeta", "Łódź Logistics", "Acme", "Åkesson AB", "Société Générale", "Lindqvist"):
        ok(sam("account", "add", name))
    names = [a["name"] for a in as_json(sam("account", "list", "--json"))]
    assert names == [
        "Acme", "Åkesson AB", "Lindqvist", "Łódź Logistics", "Société Générale", "Zeta"
    ]


def test_list_filters_by_tier(sam):
    seed(sam)
    out = ok(sam("account", "list", "--tier", "growth"))
    assert "Globex" in out and "Acme" not in out


def test_list_on_an_empty_portfolio_says_how_to_start(sam):
    assert ok(sam("account", "list")) == (
        'No accounts yet. Add one: sam account add "Acme Corp" --tier strategic\n'
    )


@pytest.mark.parametrize("ref", ["Acme Corp", "acme corp", "ACME C", "#1"])
def test_show_finds_an_account_by_name_prefix_or_id(sam, ref):
    seed(sam)
    out = ok(sam("account", "show", ref))
    assert out.splitlines()[0].startswith("Acme Corp  #1  strategic · active")


def test_show_prints_profile_contacts_follow_ups_and_timeline(sam):
    seed(sam)
    ok(sam("log", "acme corp", "CFO agreed to a pilot", "--channel", "call", "--with", "jane",
           "--follow-up", "Dec 4", "--follow-up-note", "Send pilot criteria"))
    ok(sam("complaint", "open", "acme corp", "Invoices wrong", "--severity", "high"))
    out = ok(sam("account", "show", "acme corp"))
    assert "Region    EMEA" in out
    assert "Value     1,200,000" in out
    assert "Renewal   Wed 31 Mar 2027" in out
    assert "Jane Doe" in out and "CFO" in out and "decision-maker" in out
    assert "Fri 4 Dec (in 8 days)  Send pilot criteria" in out
    assert "high" in out and "Invoices wrong" in out
    assert re.search(r"Thu 26 Nov 09:00 +call +Jane Doe +CFO agreed to a pilot", out)


def test_show_of_an_account_with_nothing_yet_points_at_the_next_step(sam):
    ok(sam("account", "add", "Initech"))
    out = ok(sam("account", "show", "initech"))
    assert "none yet: sam contact add ..." in out
    assert "nothing logged yet: sam log ..." in out


def test_edit_changes_fields_and_clears_others(sam):
    seed(sam)
    assert ok(sam("account", "edit", "globex", "--tier", "key", "--value", "300k",
                  "--region", "APAC")) == "Updated account Globex\n"
    doc = as_json(sam("account", "show", "globex", "--json"))
    assert (doc["tier"], doc["annual_value"], doc["region"], doc["cadence_days"]) == (
        "key", 300000, "APAC", 30)
    ok(sam("account", "edit", "globex", "--clear", "region", "--clear", "value"))
    doc = as_json(sam("account", "show", "globex", "--json"))
    assert (doc["region"], doc["annual_value"]) == (None, None)


def test_edit_renames_and_the_new_name_resolves(sam):
    seed(sam)
    assert ok(sam("account", "edit", "globex", "--name", "Globex International")) == (
        "Updated account Globex International\n"
    )
    assert "Globex International  #3" in ok(sam("account", "show", "globex int"))


def test_edit_refuses_a_rename_onto_another_account(sam, db_path):
    seed(sam)
    before = counts(db_path)
    assert "already exists (#1)" in fails(sam("account", "edit", "globex", "--name", "ACME CORP"))
    assert counts(db_path) == before
    assert query(db_path, "SELECT name FROM account WHERE id = 3") == [("Globex",)]


def test_edit_without_options_says_nothing_to_change(sam):
    seed(sam)
    assert "nothing to change" in fails(sam("account", "edit", "globex"))


def test_archive_hides_the_account_but_keeps_its_history(sam, db_path):
    seed(sam)
    ok(sam("log", "globex", "Quarterly call"))
    assert ok(sam("account", "archive", "globex")) == (
        "Archived account #3 Globex (undo with: sam account unarchive '#3')\n"
    )
    assert "Globex" not in ok(sam("account", "list"))
    assert "Globex (archived)" in ok(sam("account", "list", "--archived"))
    # still visible on demand, with its timeline
    show = ok(sam("account", "show", "#3"))
    assert "(archived)" in show and "Quarterly call" in show
    assert query(db_path, "SELECT count(*) FROM interaction WHERE account_id = 3") == [(1,)]


def test_an_archived_account_refuses_new_logs_and_says_how_to_bring_it_back(sam, db_path):
    seed(sam)
    ok(sam("account", "archive", "globex"))
    before = counts(db_path)
    line = fails(sam("log", "globex", "hello"))
    assert "archived" in line and "sam account unarchive '#3'" in line
    assert counts(db_path) == before
    assert ok(sam("account", "unarchive", "#3")) == "Unarchived account #3 Globex\n"
    ok(sam("log", "globex", "hello again"))


def test_archiving_twice_or_unarchiving_a_live_account_is_an_error(sam):
    seed(sam)
    ok(sam("account", "archive", "globex"))
    assert fails(sam("account", "archive", "globex")) == (
        "error: account 'Globex' is already archived"
    )
    assert fails(sam("account", "unarchive", "acme corp")) == (
        "error: account 'Acme Corp' is not archived"
    )


def test_archived_accounts_leave_today(sam, monkeypatch):
    seed(sam)
    ok(sam("follow-up", "add", "globex", "Send the deck", "--due", "today"))
    assert "Send the deck" in ok(sam("today"))
    ok(sam("account", "archive", "globex"))
    assert "Send the deck" not in ok(sam("today"))


def test_a_touch_just_after_local_midnight_counts_from_that_local_day(sam, monkeypatch):
    # Tokyo is UTC+9: 00:30 there is 15:30 UTC the day before
    import time

    monkeypatch.setenv("TZ", "Asia/Tokyo")
    monkeypatch.setenv("SAM_NOW", "2026-11-26T18:00")
    time.tzset()
    ok(sam("account", "add", "Early Bird", "--tier", "strategic"))
    ok(sam("account", "add", "Late Riser", "--tier", "strategic"))
    ok(sam("log", "early", "Called before dawn", "--when", "2026-11-26 00:30"))
    ok(sam("log", "late", "Called at ten", "--when", "2026-11-26 10:00"))

    def cadence(name: str) -> str:
        shown = ok(sam("account", "show", name)).splitlines()
        return next(line for line in shown if "every" in line)

    # both were touched today, in the manager's own day: show and list agree
    assert cadence("early").replace("Early Bird", "") == cadence("late").replace("Late Riser", "")
    rows = [line for line in ok(sam("account", "list")).splitlines() if "Early" in line]
    assert "today" in rows[0]


def test_the_accounts_list_prints_before_it_has_assessed_every_account(sam, demo_db, monkeypatch):
    # streamed: the widths come from the first rows (table.SAMPLE), then each account is
    # assessed as it is printed; a list of 10,000 shows its first rows at once and never
    # holds every summary (the collector walked them over and over: ~40 ms)
    from sam_tui.cli import table
    from sam_tui.services import accounts

    made: list[int] = []
    assess = accounts._to_summary
    monkeypatch.setattr(accounts, "_to_summary", lambda *a: made.append(1) or assess(*a))
    monkeypatch.setattr(table, "SAMPLE", 5)
    first_line: list[int] = []
    line = table.Output.line

    def counted(self, text: str = "") -> None:
        first_line.append(len(made))
        line(self, text)

    monkeypatch.setattr(table.Output, "line", counted)
    rows = ok(sam("account", "list", db=demo_db)).splitlines()
    assert first_line[0] == 6 < len(made) == len(rows) - 1
