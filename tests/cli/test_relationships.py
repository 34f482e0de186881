"""Relationship cadence and account health from the command line: own cadences, key people,
single-threaded accounts, and the health column with its filter."""

from __future__ import annotations

import pytest
from samcli import as_json, counts, fails, ok, query, seed


def items(sam, kind=None):
    found = as_json(sam("today", "--json"))["items"]
    return [i for i in found if kind is None or i["kind"] == kind]


def test_a_contact_cadence_is_set_and_cleared(sam, db_path):
    seed(sam)
    ok(sam("contact", "edit", "jane", "--cadence", "10"))
    assert query(db_path, "SELECT cadence_days FROM contact WHERE id = 1") == [(10,)]
    ok(sam("contact", "edit", "jane", "--clear", "cadence", "--clear", "role"))
    assert query(db_path, "SELECT cadence_days, role FROM contact WHERE id = 1") == [(None, None)]
    before = counts(db_path)
    assert fails(sam("contact", "edit", "jane", "--clear", "name")) == (
        "error: cannot clear name: choose from role, email, phone, influence, cadence, notes"
    )
    assert fails(sam("contact", "edit", "jane", "--cadence", "5", "--clear", "cadence")) == (
        "error: cadence is both given and cleared"
    )
    assert counts(db_path) == before


def test_a_contact_past_their_own_cadence_is_in_triage_and_logging_resets_it(sam, monkeypatch):
    seed(sam)
    ok(
        sam(
            "contact",
            "add",
            "acme corp",
            "Omar Haddad",
            "--cadence",
            "7",
            "--influence",
            "champion",
        )
    )
    monkeypatch.setenv("SAM_NOW", "2026-12-04T09:00")  # 8 days later
    ok(sam("log", "acme corp", "Status call", "--with", "jane"))  # the account stays warm
    [item] = items(sam, "contact-cold")
    assert item["ref"] == {"type": "contact", "id": 3}
    assert item["reasons"] == [
        "never contacted (added 8 days ago; cadence 7 days)",
        "key contact: champion (+5)",
        "strategic account (+10)",
    ]
    ok(sam("log", "acme corp", "Met Omar", "--with", "omar"))
    assert items(sam, "contact-cold") == []
    # the account's clock and the contact's both moved
    doc = as_json(sam("contact", "list", "acme corp", "--json"))
    assert {c["name"]: c["last_touch"] for c in doc}["Omar Haddad"] == "2026-12-04T09:00:00+00:00"


def test_a_strategic_account_talking_to_one_person_is_single_threaded(sam):
    seed(sam)
    ok(sam("contact", "add", "acme corp", "Omar Haddad"))
    ok(sam("log", "acme corp", "Call", "--with", "jane"))
    [item] = items(sam, "single-threaded")
    assert item["ref"] == {"type": "account", "id": 1}
    assert item["reasons"] == [
        "only Jane Doe of 2 contacts touched in the last 90 days",
        "strategic account (+10)",
    ]
    text = ok(sam("today"))
    assert "one thread" in text and "single-threaded" in text
    ok(sam("log", "acme corp", "Lunch", "--with", "omar"))
    assert items(sam, "single-threaded") == []


def test_key_and_growth_accounts_are_not_checked_for_threads(sam):
    seed(sam)
    ok(sam("contact", "add", "acme labs", "Omar Haddad"))  # Acme Labs is key
    assert items(sam, "single-threaded") == []


def test_account_list_filters_by_health(sam):
    seed(sam)
    ok(sam("complaint", "open", "globex", "Outage", "--severity", "critical"))
    ok(sam("complaint", "open", "globex", "Billing", "--severity", "critical"))
    ok(sam("complaint", "open", "globex", "Late", "--severity", "low"))
    red = as_json(sam("account", "list", "--health", "red", "--json"))
    assert [(a["name"], a["health"]["status"], a["health"]["score"]) for a in red] == [
        ("Globex", "red", 35)
    ]
    assert [a["name"] for a in as_json(sam("account", "list", "--health", "green", "--json"))] == [
        "Acme Corp",
        "Acme Labs",
    ]
    out = ok(sam("account", "list", "--health", "red"))
    assert "Globex" in out and "Acme" not in out
    assert ok(sam("account", "list", "--health", "amber")) == "No accounts match.\n"
    assert sam("account", "list", "--health", "purple").exit_code == 2


def test_archived_accounts_leave_the_health_filter_unless_asked(sam):
    seed(sam)
    ok(sam("complaint", "open", "globex", "Outage", "--severity", "critical"))
    ok(sam("complaint", "open", "globex", "Billing", "--severity", "critical"))
    ok(sam("complaint", "open", "globex", "Late", "--severity", "low"))
    ok(sam("account", "archive", "globex"))
    assert as_json(sam("account", "list", "--health", "red", "--json")) == []
    [globex] = as_json(sam("account", "list", "--health", "red", "--archived", "--json"))
    assert globex["archived"] is True
    assert globex["health"]["reasons"][0] == "open critical complaint (-30)"


def test_account_show_explains_health_and_each_contacts_cadence(sam, monkeypatch):
    seed(sam)
    ok(sam("contact", "add", "acme corp", "Omar Haddad", "--cadence", "7"))
    monkeypatch.setenv("SAM_NOW", "2026-12-20T09:00")  # 24 days later, nobody touched
    show = ok(sam("account", "show", "acme corp"))
    assert "Health    green (80): never contacted (added 24 days ago; cadence 14 days) (-20)" in (
        show
    )
    contacts = show.split("\nContacts\n")[1].split("\n\n")[0].splitlines()
    # Jane is a decision-maker: twice the account's 14 days, not yet overdue
    assert contacts[0].split() == [
        "#1",
        "Jane",
        "Doe",
        "CFO",
        "decision-maker",
        "never",
        "every",
        "28d",
    ]
    assert contacts[1].split() == ["#3", "Omar", "Haddad", "never", "every", "7d:", "overdue"]
    doc = as_json(sam("account", "show", "acme corp", "--json"))
    assert doc["health"]["reasons"] == [
        "never contacted (added 24 days ago; cadence 14 days) (-20)"
    ]


@pytest.mark.parametrize("group", ["prospect", "request", "idea"])
def test_every_new_command_and_parameter_has_help(sam, group):
    import typer.main

    from sam_tui.cli.main import COMMANDS

    module, attribute = COMMANDS[group]
    app = getattr(__import__(module, fromlist=[attribute]), attribute)
    command_group = typer.main.get_group(app)
    assert command_group.help
    for name, command in command_group.commands.items():
        assert command.help, name
        for param in command.params:
            assert getattr(param, "help", None), f"{group} {name} {param.name}"
        assert f"Usage: sam {group} {name}" in ok(sam(group, name, "--help"))
