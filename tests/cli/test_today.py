"""`sam today`: the morning printout, most urgent first, with `--explain` and `--json`."""

from __future__ import annotations

import json
import re

from samcli import as_json, ok, seed


def _morning(sam, monkeypatch):
    """A week of history, then Thursday 26 Nov 09:00.

    Complaint #1 (critical, Acme Labs) opened Fri 20 Nov: breached. Follow-ups on Acme Labs:
    #1 due 24 Nov (overdue), #2 due today, #3 due next week.
    """
    monkeypatch.setenv("SAM_NOW", "2026-11-20T09:00")
    seed(sam)
    ok(sam("complaint", "open", "acme labs", "Quality issue on the last batch",
           "--severity", "critical"))
    ok(sam("follow-up", "add", "acme labs", "Send the security documentation", "--due", "Nov 24"))
    ok(sam("follow-up", "add", "acme labs", "Book the QBR", "--due", "Nov 26"))
    ok(sam("follow-up", "add", "acme labs", "Prepare the business case", "--due", "Dec 3"))
    monkeypatch.setenv("SAM_NOW", "2026-11-26T09:00")


def _rows(out: str) -> list[str]:
    """The queue's item lines (score first), without the explanation lines."""
    kinds = "complaint|follow-up|renewal|going cold|contact"
    return [line for line in out.splitlines() if re.match(rf"^\s*\d+ ({kinds})", line)]


def test_breached_complaint_then_overdue_then_due_today(sam, monkeypatch):
    _morning(sam, monkeypatch)
    out = ok(sam("today"))
    lines = out.splitlines()
    assert lines[0] == "Thursday 26 November 2026"
    assert lines[1] == (
        "Follow-ups: 1 overdue, 1 due today · 1 open complaint (1 past SLA) · 0 going cold"
    )
    assert lines[2] == "2026-Q4: no quota (sam quota set 2026-Q4 AMOUNT)"
    rows = _rows(out)
    assert len(rows) == 3
    assert "complaint #1" in rows[0] and "Quality issue" in rows[0] and "5 days late" in rows[0]
    assert "follow-up #1" in rows[1] and "2 days late" in rows[1]
    assert "follow-up #2" in rows[2] and rows[2].rstrip().endswith("today")
    assert "Prepare the business case" not in out
    assert lines[-1] == "sam today --explain shows why each item ranks where it does"


def test_explain_gives_the_reasons_behind_each_score(sam, monkeypatch):
    _morning(sam, monkeypatch)
    out = ok(sam("today", "--explain"))
    assert "· SLA late by 5 days" in out
    assert "· critical severity (+10)" in out
    assert "· no first response yet (+5)" in out
    assert "· overdue by 2 days" in out
    assert "· due today" in out
    assert "· key account (+5)" in out
    assert "--explain shows why" not in out


def test_json_ranks_the_same_way(sam, monkeypatch):
    _morning(sam, monkeypatch)
    doc = as_json(sam("today", "--json"))
    assert doc["date"] == "2026-11-26"
    assert doc["kpis"] == {
        "overdue_follow_ups": 1, "due_today": 1, "open_complaints": 1,
        "breached_complaints": 1, "going_cold": 0, "renewals_90d": 0,
        "quota_period": "2026-Q4", "attainment": None, "coverage": None,
    }
    assert [(i["rank"], i["kind"], i["ref"]["id"]) for i in doc["items"]] == [
        (1, "complaint", 1), (2, "follow-up", 1), (3, "follow-up", 2)
    ]
    scores = [i["score"] for i in doc["items"]]
    assert scores == sorted(scores, reverse=True)


def test_limit_keeps_the_top_items(sam, monkeypatch):
    _morning(sam, monkeypatch)
    assert len(as_json(sam("today", "--json", "--limit", "2"))["items"]) == 2
    assert len(_rows(ok(sam("today", "--limit", "1")))) == 1


def test_a_first_response_and_waiting_on_the_customer_lower_a_complaint(sam, monkeypatch):
    _morning(sam, monkeypatch)
    before = as_json(sam("today", "--json"))["items"][0]["score"]
    ok(sam("complaint", "update", "1", "Asked for batch numbers", "--status", "waiting-customer"))
    after = as_json(sam("today", "--json"))["items"][0]
    assert after["kind"] == "complaint"
    assert before - after["score"] == 20
    assert "waiting on the customer (-15)" in after["reasons"]


def test_done_and_resolved_items_leave_the_queue(sam, monkeypatch):
    _morning(sam, monkeypatch)
    ok(sam("complaint", "resolve", "1", "Batch replaced"))
    ok(sam("follow-up", "done", "1"))
    ok(sam("follow-up", "snooze", "2", "monday"))
    out = ok(sam("today"))
    assert "Nothing needs you today" in out


def test_an_account_past_its_cadence_is_going_cold(sam, monkeypatch):
    monkeypatch.setenv("SAM_NOW", "2026-10-01T09:00")
    ok(sam("account", "add", "Globex", "--tier", "key"))
    ok(sam("log", "globex", "Kick-off call", "-c", "call"))
    monkeypatch.setenv("SAM_NOW", "2026-11-26T09:00")
    out = ok(sam("today", "--explain"))
    assert "1 going cold" in out
    assert "going cold" in _rows(out)[0] and "26 days over" in _rows(out)[0]
    assert "last touch 56 days ago (cadence 30 days)" in out
    ok(sam("log", "globex", "Caught up"))
    assert "Nothing needs you today" in ok(sam("today"))


def test_a_renewal_without_a_recent_touch_shows_up(sam, monkeypatch):
    monkeypatch.setenv("SAM_NOW", "2026-10-01T09:00")
    ok(sam("account", "add", "Globex", "--tier", "growth", "--renewal", "2026-12-15"))
    ok(sam("log", "globex", "Check-in"))
    monkeypatch.setenv("SAM_NOW", "2026-11-26T09:00")
    [item] = as_json(sam("today", "--json"))["items"]
    assert (item["kind"], item["title"], item["due"]) == (
        "renewal", "renewal coming up", "2026-12-15")
    assert item["reasons"][0] == "renews in 19 days"


def test_nothing_to_do(sam):
    seed(sam)
    out = ok(sam("today"))
    assert out.splitlines()[-1] == (
        "Nothing needs you today: no follow-up due, no complaint near its SLA, "
        "every account within cadence."
    )


def test_an_empty_database_points_at_the_first_steps(sam):
    out = ok(sam("today"))
    assert 'sam account add "Acme Corp" --tier strategic' in out and "sam demo" in out


def test_the_counts_say_what_they_count_and_break_between_parts(sam, monkeypatch):
    """"overdue" counts follow-ups only: it says so; at 60 columns the line breaks
    between its parts, never inside one, and the JSON keys keep their meaning."""
    _morning(sam, monkeypatch)
    monkeypatch.setenv("COLUMNS", "60")
    lines = ok(sam("today")).splitlines()
    assert lines[1:4] == [
        "Follow-ups: 1 overdue, 1 due today",
        "1 open complaint (1 past SLA) · 0 going cold",
        "2026-Q4: no quota (sam quota set 2026-Q4 AMOUNT)",
    ]
    kpis = json.loads(ok(sam("today", "--json")))["kpis"]
    assert (kpis["overdue_follow_ups"], kpis["due_today"]) == (1, 1)
