"""Every `--json` output: one document, stable keys, ISO dates, money as numbers."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from samcli import ok, seed

LONG_NOTE = "Long call notes: " + " ".join(f"point {n} agreed with procurement" for n in range(20))


@pytest.fixture
def busy(sam, monkeypatch):
    monkeypatch.setenv("SAM_NOW", "2026-11-20T09:00")
    seed(sam)
    ok(sam("account", "edit", "globex", "--value", "1,250.50", "--renewal", "2027-01-31"))
    ok(sam("log", "acme corp", LONG_NOTE, "-c", "meeting", "--with", "jane", "-s", "+",
           "-f", "Nov 24", "--follow-up-note", "Send the minutes"))
    ok(sam("follow-up", "add", "globex", "Book the QBR", "--due", "Dec 2", "--priority", "high"))
    ok(sam("complaint", "open", "acme labs", "Quality issue", "--severity", "high",
           "--team", "operations", "--with", "bob"))
    ok(sam("complaint", "update", "1", "Batch recalled", "--status", "in-progress"))
    ok(sam("complaint", "open", "globex", "Invoice typo", "--severity", "low"))
    ok(sam("complaint", "resolve", "2", "Reissued"))
    monkeypatch.setenv("SAM_NOW", "2026-11-26T09:00")


def _doc(sam, *args):
    out = ok(sam(*args))
    assert out.endswith("\n") and out.count("\n") == len(out.splitlines())
    return json.loads(out)  # the whole stdout is one document


def _iso_date(value):
    if value is not None:
        assert isinstance(value, str) and date.fromisoformat(value).isoformat() == value


def _iso_moment(value):
    if value is not None:
        assert isinstance(value, str)
        assert datetime.fromisoformat(value).tzinfo is not None, value


def _money(value):
    if value is not None:
        assert isinstance(value, int | float) and not isinstance(value, bool)


SUMMARY_KEYS = {
    "id", "name", "tier", "status", "archived", "industry", "region", "annual_value",
    "renewal_date", "cadence_days", "last_touch", "next_follow_up", "overdue_follow_ups",
    "open_complaints", "health",
}
COMPLAINT_KEYS = {
    "id", "account_id", "account", "contact", "title", "severity", "status", "team",
    "opened_at", "sla_due_at", "first_response_at", "resolved_at", "resolution", "breached",
    "updates", "requests",
}


def test_account_list(sam, busy):
    doc = _doc(sam, "account", "list", "--json")
    assert [a["name"] for a in doc] == ["Acme Corp", "Acme Labs", "Globex"]
    for a in doc:
        assert set(a) == SUMMARY_KEYS
        assert set(a["health"]) == {"status", "score", "reasons"}
        _money(a["annual_value"])
        _iso_date(a["renewal_date"])
        _iso_date(a["next_follow_up"])
        _iso_moment(a["last_touch"])
    acme, labs, globex = doc
    assert acme["annual_value"] == 1200000 and isinstance(acme["annual_value"], int)
    assert globex["annual_value"] == 1250.5
    assert labs["annual_value"] is None
    assert acme["last_touch"] == "2026-11-20T09:00:00+00:00"
    assert (acme["next_follow_up"], acme["overdue_follow_ups"]) == ("2026-11-24", 1)
    assert labs["open_complaints"] == 1 and globex["open_complaints"] == 0
    assert globex["renewal_date"] == "2027-01-31"


def test_account_show(sam, busy):
    doc = _doc(sam, "account", "show", "acme corp", "--json")
    assert set(doc) == SUMMARY_KEYS | {
        "notes", "prospect_stage", "fit_reason", "contacts", "timeline", "follow_ups",
        "complaints", "requests", "ideas"}
    assert set(doc["contacts"][0]) == {
        "id", "name", "role", "email", "phone", "influence", "cadence_days", "last_touch"}
    [entry] = doc["timeline"]
    assert entry == {"at": "2026-11-20T09:00:00+00:00", "kind": "meeting", "text": LONG_NOTE,
                     "who": "Jane Doe", "sentiment": 1}
    assert doc["follow_ups"] == [
        {"id": 1, "title": "Send the minutes", "due": "2026-11-24", "priority": "normal"}]
    labs = _doc(sam, "account", "show", "acme labs", "--json")
    assert labs["complaints"] == [{
        "id": 1, "title": "Quality issue", "severity": "high", "status": "in-progress",
        "sla_due_at": "2026-11-23T09:00:00+00:00"}]


def test_contact_list(sam, busy):
    doc = _doc(sam, "contact", "list", "--json")
    assert [c["name"] for c in doc] == ["Jane Doe", "Bob Smith"]
    for c in doc:
        assert set(c) == {"id", "account_id", "account", "name", "role", "email", "phone",
                          "influence", "cadence_days", "last_touch"}
        _iso_moment(c["last_touch"])
    assert doc[0]["influence"] == "decision-maker" and doc[1]["influence"] is None


def test_follow_up_list(sam, busy):
    doc = _doc(sam, "follow-up", "list", "--json")
    assert [(f["id"], f["due"], f["overdue"]) for f in doc] == [
        (1, "2026-11-24", True), (2, "2026-12-02", False)]
    for f in doc:
        assert set(f) == {"id", "account_id", "account", "contact", "title", "due", "priority",
                          "status", "overdue", "done_at", "snoozed"}
        _iso_date(f["due"])
        _iso_moment(f["done_at"])


def test_complaint_list_and_show(sam, busy):
    doc = _doc(sam, "complaint", "list", "--json")
    assert [c["id"] for c in doc] == [1, 2]
    for c in doc:
        assert set(c) == COMPLAINT_KEYS
        for key in ("opened_at", "sla_due_at", "first_response_at", "resolved_at"):
            _iso_moment(c[key])
        for u in c["updates"]:
            assert set(u) == {"at", "text", "status"}
            _iso_moment(u["at"])
    assert doc[0]["breached"] is True and doc[1]["breached"] is False
    assert _doc(sam, "complaint", "show", "2", "--json") == doc[1]


def test_today(sam, busy):
    doc = _doc(sam, "today", "--json")
    assert set(doc) == {"date", "kpis", "total", "items"}
    assert doc["total"] == len(doc["items"])
    assert set(doc["kpis"]) == {"overdue_follow_ups", "due_today", "open_complaints",
                                "breached_complaints", "going_cold", "renewals_90d",
                                "quota_period", "attainment", "coverage"}
    assert doc["items"], "the busy portfolio has something to do"
    for n, item in enumerate(doc["items"], start=1):
        assert set(item) == {"rank", "kind", "ref", "account", "title", "due", "due_at",
                             "score", "reasons"}
        assert item["rank"] == n
        assert set(item["ref"]) == {"type", "id"} and set(item["account"]) == {"id", "name"}
        _iso_date(item["due"])
        assert isinstance(item["score"], int)
        assert all(isinstance(r, str) for r in item["reasons"])


@pytest.mark.parametrize(
    "args",
    [("account", "list"), ("contact", "list"), ("follow-up", "list"), ("complaint", "list")],
)
def test_empty_lists_are_empty_arrays(sam, args):
    assert _doc(sam, *args, "--json") == []


def test_json_is_never_wrapped_and_is_stable(sam, busy):
    first = sam("account", "show", "acme corp", "--json").stdout
    assert LONG_NOTE in json.loads(first)["timeline"][0]["text"]
    assert sam("account", "show", "acme corp", "--json").stdout == first


def test_a_list_holds_one_record_a_line(sam, busy):
    # each record on its own line: `grep`, `head` and `wc -l` work on a long list, and the
    # whole stays one document (it is encoded a line at a time, at the C encoder's speed)
    out = ok(sam("today", "--json"))
    doc = json.loads(out)
    lines = out.splitlines()
    start = lines.index('  "items": [')
    items = lines[start + 1 : start + 1 + len(doc["items"])]
    assert [json.loads(line.strip().rstrip(",")) for line in items] == doc["items"]
    assert lines[start + 1 + len(doc["items"])] == "  ]"
    listed = ok(sam("account", "list", "--json")).splitlines()
    assert listed[0] == "[" and listed[-1] == "]"
    assert [json.loads(line.strip().rstrip(",")) for line in listed[1:-1]] == json.loads(
        "\n".join(listed)
    )
