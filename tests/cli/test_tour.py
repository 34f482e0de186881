"""The five-minute tour, typed as a new user would, on one real database file.

Thursday 26 Nov 2026: set up the portfolio, log the week's touches with their follow-ups,
open a complaint. Tuesday 1 Dec: `sam today` puts the breached complaint first, then the
overdue follow-ups, then what is due today; the user works through it.
"""

from __future__ import annotations

import re

from samcli import as_json, ok


def _queue(out: str) -> list[str]:
    """``kind #id`` of each ranked line of `sam today`, top first."""
    return re.findall(r"^\s*\d+ ((?:complaint|follow-up) #\d+)", out, flags=re.M)


def test_five_minute_tour(sam, monkeypatch):
    # --- Thursday: the portfolio ---------------------------------------------------------
    assert ok(sam("account", "add", "Acme Corp", "--tier", "strategic", "--value", "1.2m",
                  "--renewal", "Mar 31")).startswith("Added account #1 Acme Corp (strategic")
    ok(sam("account", "add", "Globex", "--tier", "key", "--value", "300k"))
    ok(sam("account", "add", "Initech", "--tier", "key"))
    ok(sam("contact", "add", "acme", "Jane Doe", "--role", "CFO", "--influence", "decision-maker"))
    ok(sam("contact", "add", "globex", "Omar Haddad", "--role", "IT Director",
           "--influence", "champion"))

    # --- the week's touches, one line each -------------------------------------------------
    assert ok(sam("log", "acme", "CFO agreed to a pilot in the new region", "--channel", "call",
                  "--with", "jane", "--sentiment", "+", "--follow-up", "next friday",
                  "--follow-up-note", "Send the pilot success criteria")) == (
        "Logged call with Acme Corp (Jane Doe), today 09:00 [#1]; "
        "follow-up #1 due Fri 27 Nov (tomorrow)\n"
    )
    assert ok(sam("log", "glob", "Sent the usage report", "-c", "email", "-w", "omar",
                  "-f", "in 3 days")).endswith("follow-up #2 due Sun 29 Nov (in 3 days)\n")
    assert ok(sam("log", "initech", "Met at the trade fair", "-c", "visit", "--when",
                  "yesterday")) == (
        "Logged visit with Initech, Wed 25 Nov 12:00 (yesterday) [#3]\n"
    )
    assert ok(sam("follow-up", "add", "initech", "Book the QBR", "--due", "tuesday")) == (
        "Follow-up #3 for Initech due Tue 1 Dec (in 5 days): Book the QBR\n"
    )
    assert ok(sam("complaint", "open", "acme", "Invoices sent to the wrong cost centre",
                  "--severity", "high", "--team", "finance")) == (
        "Opened complaint #1 (high) for Acme Corp; SLA due Sun 29 Nov 09:00\n"
    )
    assert "Nothing needs you today" in ok(sam("today"))

    # --- Tuesday morning -------------------------------------------------------------------
    monkeypatch.setenv("SAM_NOW", "2026-12-01T08:30")
    out = ok(sam("today"))
    assert out.splitlines()[0] == "Tuesday 1 December 2026"
    assert "Follow-ups: 2 overdue, 1 due today · 1 open complaint (1 past SLA)" in out
    assert _queue(out) == ["complaint #1", "follow-up #1", "follow-up #2", "follow-up #3"]
    explained = ok(sam("today", "--explain"))
    assert "· SLA late by 1 day 23h" in explained and "· no first response yet (+5)" in explained
    assert "· overdue by 4 days" in explained and "· due today" in explained

    # --- working through the queue ---------------------------------------------------------
    assert ok(sam("complaint", "update", "1", "Raised with finance, credit note coming",
                  "--status", "in-progress")).startswith("Updated complaint #1 (first response)")
    assert ok(sam("follow-up", "done", "1")).startswith("Done: follow-up #1 for Acme Corp")
    assert ok(sam("follow-up", "snooze", "2", "friday")) == (
        "Snoozed follow-up #2 for Globex to Fri 4 Dec (in 3 days)\n"
    )
    ok(sam("log", "acme", "Sent the pilot success criteria", "-c", "email", "-w", "jane"))
    assert _queue(ok(sam("today"))) == ["complaint #1", "follow-up #3"]

    assert ok(sam("complaint", "resolve", "1", "Credit note issued")) == (
        "Resolved complaint #1 for Acme Corp (after SLA)\n"
    )
    ok(sam("follow-up", "done", "3"))
    assert "Nothing needs you today" in ok(sam("today"))

    # --- the account tells the story -------------------------------------------------------
    show = ok(sam("account", "show", "acme"))
    for text in ("Sent the pilot success criteria", "complaint resolved", "Credit note issued",
                 "follow-up done", "CFO agreed to a pilot in the new region"):
        assert text in show, text
    detail = as_json(sam("account", "show", "acme", "--json"))
    stamps = [e["at"] for e in detail["timeline"]]
    assert stamps == sorted(stamps, reverse=True)
    assert detail["open_complaints"] == 0 and detail["follow_ups"] == []
