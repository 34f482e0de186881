"""`sam complaint open|update|resolve|list|show`: complaints against their SLA clock."""

from __future__ import annotations

import pytest
from samcli import as_json, counts, fails, ok, query, seed


@pytest.mark.parametrize(
    ("severity", "due_text", "due_iso"),
    [
        ("critical", "Fri 27 Nov 09:00", "2026-11-27T09:00:00+00:00"),
        ("high", "Sun 29 Nov 09:00", "2026-11-29T09:00:00+00:00"),
        ("medium", "Thu 3 Dec 09:00", "2026-12-03T09:00:00+00:00"),
        ("low", "Thu 10 Dec 09:00", "2026-12-10T09:00:00+00:00"),
    ],
)
def test_sla_deadline_comes_from_severity(sam, severity, due_text, due_iso):
    seed(sam)
    out = ok(sam("complaint", "open", "acme corp", "Invoices", "sent", "to", "the", "wrong",
                 "cost", "centre", "--severity", severity, "--team", "finance"))
    assert out == f"Opened complaint #1 ({severity}) for Acme Corp; SLA due {due_text}\n"
    doc = as_json(sam("complaint", "show", "1", "--json"))
    assert (doc["title"], doc["sla_due_at"], doc["team"]) == (
        "Invoices sent to the wrong cost centre", due_iso, "finance")


def test_default_severity_is_medium(sam):
    seed(sam)
    assert "(medium)" in ok(sam("complaint", "open", "globex", "Late delivery"))


def test_the_first_update_is_the_first_response_and_only_the_first(sam, monkeypatch):
    seed(sam)
    ok(sam("complaint", "open", "acme corp", "Outage at month-end", "--severity", "high"))
    monkeypatch.setenv("SAM_NOW", "2026-11-26T11:30")
    assert ok(sam("complaint", "update", "1", "Raised with support", "--status",
                  "in-progress")) == (
        "Updated complaint #1 (first response): in-progress, SLA due in 2 days\n"
    )
    monkeypatch.setenv("SAM_NOW", "2026-11-27T10:00")
    assert ok(sam("complaint", "update", "#1", "Fix being tested")) == (
        "Updated complaint #1: in-progress, SLA due in 1 day 23h\n"
    )
    doc = as_json(sam("complaint", "show", "1", "--json"))
    assert doc["first_response_at"] == "2026-11-26T11:30:00+00:00"
    assert [(u["at"], u["text"], u["status"]) for u in doc["updates"]] == [
        ("2026-11-26T11:30:00+00:00", "Raised with support", "in-progress"),
        ("2026-11-27T10:00:00+00:00", "Fix being tested", None),
    ]


def test_show_tells_the_whole_story(sam, monkeypatch):
    seed(sam)
    ok(sam("complaint", "open", "acme corp", "Outage at month-end", "--severity", "high",
           "--team", "support", "--with", "jane"))
    monkeypatch.setenv("SAM_NOW", "2026-11-26T14:00")
    ok(sam("complaint", "update", "1", "Raised with support", "--status", "in-progress"))
    out = ok(sam("complaint", "show", "1"))
    assert out.splitlines()[:4] == [
        "Complaint #1 Outage at month-end",
        "Acme Corp · high · in-progress · team support",
        "Opened Thu 26 Nov 09:00; SLA due Sun 29 Nov 09:00: SLA due in 2 days",
        "First response: Thu 26 Nov 14:00",
    ]
    assert "Thu 26 Nov 14:00 [in-progress]  Raised with support" in out


def test_resolve_within_and_after_sla(sam, monkeypatch):
    seed(sam)
    ok(sam("complaint", "open", "acme corp", "Outage", "--severity", "critical"))
    ok(sam("complaint", "open", "globex", "Late delivery", "--severity", "critical"))
    assert ok(sam("complaint", "resolve", "1", "Restarted", "the", "service")) == (
        "Resolved complaint #1 for Acme Corp (within SLA)\n"
    )
    monkeypatch.setenv("SAM_NOW", "2026-11-28T09:00")
    assert ok(sam("complaint", "resolve", "2", "Shipped by air")) == (
        "Resolved complaint #2 for Globex (after SLA)\n"
    )
    doc = as_json(sam("complaint", "show", "2", "--json"))
    assert (doc["status"], doc["resolution"], doc["resolved_at"], doc["breached"]) == (
        "resolved", "Shipped by air", "2026-11-28T09:00:00+00:00", False)
    # resolving without an earlier update still counts as the (late) first response
    assert doc["first_response_at"] == "2026-11-28T09:00:00+00:00"


def test_resolving_twice_is_an_error_and_writes_nothing(sam, db_path):
    seed(sam)
    ok(sam("complaint", "open", "globex", "Late delivery"))
    ok(sam("complaint", "resolve", "1", "Delivered"))
    before = counts(db_path)
    assert fails(sam("complaint", "resolve", "1", "Delivered again")) == (
        "error: complaint #1 is already resolved"
    )
    assert counts(db_path) == before


def test_a_resolved_complaint_takes_updates_only_when_reopened(sam, db_path):
    seed(sam)
    ok(sam("complaint", "open", "globex", "Late delivery"))
    ok(sam("complaint", "resolve", "1", "Delivered"))
    assert fails(sam("complaint", "update", "1", "They say it is late again")) == (
        "error: complaint #1 is resolved; reopen it with --status open"
    )
    ok(sam("complaint", "update", "1", "They say it is late again", "--status", "open"))
    assert query(db_path, "SELECT status, resolved_at, resolution FROM complaint") == [
        ("open", None, None)
    ]


def test_update_cannot_resolve(sam):
    seed(sam)
    ok(sam("complaint", "open", "globex", "Late delivery"))
    assert fails(sam("complaint", "update", "1", "done", "--status", "resolved")) == (
        "error: use `sam complaint resolve 1 TEXT` to resolve: it records the resolution"
    )


def test_list_puts_the_nearest_deadline_first_and_resolved_last(sam, monkeypatch):
    seed(sam)
    ok(sam("complaint", "open", "acme corp", "Billing doubled", "--severity", "low"))
    ok(sam("complaint", "open", "acme labs", "Quality issue", "--severity", "critical"))
    ok(sam("complaint", "open", "globex", "Export missing fields", "--severity", "medium"))
    ok(sam("complaint", "resolve", "3", "Hotfix shipped"))
    monkeypatch.setenv("SAM_NOW", "2026-11-28T09:00")
    out = ok(sam("complaint", "list"))
    header, *rows = out.splitlines()
    assert header.split() == ["#", "Severity", "Status", "SLA", "Account", "Complaint"]
    assert [r.split()[0] for r in rows] == ["2", "1", "3"]
    assert "late by 1 day" in rows[0]
    assert "SLA due in 12 days" in rows[1]
    assert "resolved Thu 26 Nov 09:00" in rows[2]
    assert [c["id"] for c in as_json(sam("complaint", "list", "--open", "--json"))] == [2, 1]
    assert [c["breached"] for c in as_json(sam("complaint", "list", "--json"))] == [
        True, False, False]
    assert [c["id"] for c in as_json(sam("complaint", "list", "-a", "globex", "--json"))] == [3]


def test_empty_lists_say_so(sam):
    seed(sam)
    assert ok(sam("complaint", "list")) == "No complaints.\n"
    assert ok(sam("complaint", "list", "--open")) == "No open complaints.\n"


def test_bad_severity_is_a_usage_error(sam):
    seed(sam)
    r = sam("complaint", "open", "globex", "x", "--severity", "urgent")
    assert r.exit_code == 2
    assert "'urgent' is not one of" in r.stderr


def test_unknown_complaint(sam):
    seed(sam)
    assert fails(sam("complaint", "show", "7")) == "error: no complaint #7"
    assert fails(sam("complaint", "update", "7", "x")) == "error: no complaint #7"
