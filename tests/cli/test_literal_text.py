"""User text is shown as typed: Rich markup is not interpreted, escape sequences are defused.

A client note is data, not a program for the terminal (CWE-150): `\\x1b[2J` would clear the
screen, `\\x9b` is a one-byte CSI, `[/]` would crash Rich, `[bold]` would restyle.
"""

from __future__ import annotations

import json

import pytest
from samcli import as_json, ok

NAME = "[bold]X[/]"
NOTE = "Mind the [/] and \x1b[2J and \x9b31m red"
FOLLOW_UP = "Reply [red]today[/red] \x1b]0;pwned\x07"
FOLLOW_UP_SHOWN = "Reply [red]today[/red] ^[]0;pwned^G"
CONTACT = "[@click=app.quit]Ann\x1b[31m"
CONTACT_SHOWN = "[@click=app.quit]Ann^[[31m"


@pytest.fixture
def hostile(sam):
    ok(sam("account", "add", NAME, "--notes", "Notes with [/] and \x1b[2J",
           "--industry", "[i]Retail[/i]"))
    ok(sam("contact", "add", "#1", CONTACT, "--role", "[b]CFO"))
    ok(sam("log", "#1", NOTE, "--with", "#1", "--follow-up", "today",
           "--follow-up-note", FOLLOW_UP))
    ok(sam("complaint", "open", "#1", "[blink]Outage[/] \x1b[5m", "--severity", "critical",
           "--team", "[x]ops"))


def _safe(out: str) -> str:
    assert "\x1b" not in out, "an ESC byte reached the terminal"
    assert "\x9b" not in out, "a C1 CSI reached the terminal"
    assert "\x07" not in out
    return out


def test_the_confirmation_lines_are_literal(sam):
    out = _safe(ok(sam("account", "add", NAME)))
    assert out == "Added account #1 [bold]X[/] (key, active, touch every 30 days)\n"
    out = _safe(ok(sam("log", "#1", NOTE, "-f", "friday", "--follow-up-note", FOLLOW_UP)))
    assert out.startswith("Logged note with [bold]X[/], today 09:00 [#1]")
    out = _safe(ok(sam("follow-up", "add", "#1", FOLLOW_UP, "--due", "friday")))
    assert out.endswith(f": {FOLLOW_UP_SHOWN}\n")


def test_account_list_and_show(sam, hostile):
    listing = _safe(ok(sam("account", "list")))
    assert NAME in listing
    show = _safe(ok(sam("account", "show", "#1")))
    assert show.startswith(f"{NAME}  #1")
    assert "[i]Retail[/i]" in show
    assert "Notes with [/] and ^[[2J" in show
    # the timeline may wrap the note: check both halves
    assert "Mind the [/] and ^[[2J and" in show and "<U+009B>31m red" in show
    assert CONTACT_SHOWN in show and "[b]CFO" in show
    assert FOLLOW_UP_SHOWN in show
    assert "[blink]Outage[/] ^[[5m" in show


def test_follow_up_complaint_and_contact_lists(sam, hostile):
    assert FOLLOW_UP_SHOWN in _safe(ok(sam("follow-up", "list")))
    complaints = _safe(ok(sam("complaint", "list")))
    assert "[blink]Outage[/] ^[[5m" in complaints and NAME in complaints
    show = _safe(ok(sam("complaint", "show", "1")))
    assert "team [x]ops" in show
    contacts = _safe(ok(sam("contact", "list")))
    assert CONTACT_SHOWN in contacts


def test_today_and_its_explanations(sam, hostile):
    out = _safe(ok(sam("today", "--explain")))
    assert NAME in out
    assert FOLLOW_UP_SHOWN in out
    assert "[blink]Outage[/] ^[[5m" in out


def test_json_escapes_control_characters_and_round_trips_the_text(sam, hostile):
    raw = sam("account", "show", "#1", "--json").stdout
    assert "\x1b" not in raw and "\x9b" not in raw
    assert "\\u001b[2J" in raw and "\\u009b31m" in raw
    doc = json.loads(raw)
    assert doc["name"] == NAME
    assert NOTE in [e["text"] for e in doc["timeline"]]
    assert doc["contacts"][0]["name"] == CONTACT
    assert doc["follow_ups"][0]["title"] == FOLLOW_UP
    for command in (("follow-up", "list", "--json"), ("complaint", "list", "--json"),
                    ("contact", "list", "--json"), ("today", "--json"),
                    ("account", "list", "--json")):
        out = sam(*command).stdout
        assert "\x1b" not in out and "\x07" not in out, command
        json.loads(out)
    assert as_json(sam("today", "--json"))["items"][0]["account"]["name"] == NAME


def test_the_database_keeps_exactly_what_was_typed(sam, hostile, db_path):
    import sqlite3

    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT summary FROM interaction").fetchone() == (NOTE,)
    assert conn.execute("SELECT name FROM account").fetchone() == (NAME,)
    conn.close()


def test_errors_quote_user_text_without_escape_sequences(sam, hostile):
    r = sam("log", "\x1b[2Jnobody", "x")
    assert r.exit_code == 1
    assert "\x1b" not in r.stderr
    assert "^[[2Jnobody" in r.stderr
    r = sam("log", "#1", "x", "--follow-up", "\x1b[2J")
    assert r.exit_code == 1 and "\x1b" not in r.stderr
