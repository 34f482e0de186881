"""A report counts what was recorded up to and including the moment it is made.

Stored moments have whole seconds, so what a script records just before `sam report week`
often shares the report's second (and with SAM_NOW pinned, always does). A running
period's report counts it in every section; a finished period ends at local midnight after
its last day, and what is recorded at that midnight belongs to the next one.
"""

from __future__ import annotations

import json
from typing import Any

from samcli import as_json, ok

MOMENT = "2027-01-03T09:00"  # a Sunday: the last day of ISO week 2026-W53
WEEK = "2026-W53"
CREATED = {"Big one": 400_000, "Renewal": 100_000, "Upsell": 50_000, "Pilot": 20_000}


def _section(doc: dict[str, Any], key: str) -> dict[str, Any]:
    return next(s for s in doc["sections"] if s["key"] == key)


def _block(section: dict[str, Any], key: str) -> dict[str, Any]:
    return next(b for b in section["blocks"] if b["key"] == key)


def _figure(section: dict[str, Any], key: str) -> Any:
    return next(f["value"] for f in section["figures"] if f["key"] == key)


def test_the_report_counts_what_was_recorded_in_its_own_second(sam, monkeypatch) -> None:
    monkeypatch.setenv("SAM_NOW", MOMENT)
    ok(sam("account", "add", "Acme Corp"))
    for name, amount in CREATED.items():
        ok(sam("deal", "add", "acme", name, "--amount", str(amount), "--close", "2027-02-15"))
    ok(sam("objective", "add", "3 exec workshops", "--target", "3", "--unit", "workshops",
           "--due", "2027-03-31"))
    ok(sam("objective", "progress", "1", "1"))
    ok(sam("log", "acme", "Kick-off call", "--channel", "call"))
    ok(sam("request", "add", "acme", "finance", "Credit note"))
    ok(sam("request", "done", "1", "Sent"))

    text = ok(sam("report", "week"))
    assert f"Week report · {WEEK}" in text
    # what the report says it was made at is unchanged: the moment itself
    assert "Generated Sun 3 Jan 2027 09:00" in text
    assert "No deal was created or changed in the week." not in text
    for name in CREATED:
        assert f"Sun 3 Jan  Acme Corp  {name}" in text
    assert "3 exec workshops  1 / 3 workshops  33.3%  +1" in text
    assert ok(sam("week")) == text

    doc = json.loads(ok(sam("report", "week", "--format", "json")))
    assert doc["generated_at"] == doc["as_of"] == "2027-01-03T09:00:00+00:00"
    deals = _section(doc, "deals")
    moves = _block(deals, "moves")["rows"]
    assert [(m["when"], m["deal"]) for m in moves] == [("2027-01-03", n) for n in CREATED]
    assert all(m["change"].startswith("created in prospecting") for m in moves)
    # the deal changes and the forecast's moves name the same deals
    moved = [r["deal"] for r in _block(deals, "forecast_moves")["rows"]]
    assert moved == [f"#{i} {n}" for i, n in enumerate(CREATED, 1)]
    (goal,) = _block(_section(doc, "objectives"), "objectives")["rows"]
    assert (goal["progress"], goal["moved"]) == ("1 / 3 workshops", "+1")
    touches = _section(doc, "touches")
    assert _figure(touches, "touches") == 1
    assert _block(touches, "per_day")["series"][0]["values"] == [0, 0, 0, 0, 0, 0, 1]
    (team,) = _block(_section(doc, "requests"), "by_team")["rows"]
    assert (team["team"], team["open"], team["done"]) == ("finance", 0, 1)

    # where the report and the lists and metrics overlap, they agree
    (listed,) = as_json(sam("objective", "list", "--json"))
    assert (listed["current"], listed["target"]) == (1, 3)
    assert listed["progress"] == goal["share"]
    assert "1 of 3 workshops" in ok(sam("objective", "list"))
    metrics = as_json(sam("metrics", "--period", WEEK, "--json"))
    assert metrics["period"]["label"] == doc["period"]["label"] == WEEK
    assert metrics["relationships"]["touches"] == _figure(touches, "touches")
    assert metrics["relationships"]["accounts_touched"] == _figure(touches, "accounts_touched")
    assert metrics["sales"]["won"]["count"] == 0 == len(_block(deals, "closed")["rows"])

    # the month, quarter and year reports of the running periods too
    for kind in ("month", "quarter", "year"):
        other = json.loads(ok(sam("report", kind, "--format", "json")))
        assert _block(_section(other, "deals"), "moves")["rows"] == moves, kind
        (row,) = _block(_section(other, "objectives"), "objectives")["rows"]
        assert row == goal, kind

    # a second later the report reads the same
    monkeypatch.setenv("SAM_NOW", "2027-01-03T09:00:01")
    later = json.loads(ok(sam("report", "week", "--format", "json")))
    assert _section(later, "deals") == deals
    assert _section(later, "objectives") == _section(doc, "objectives")


def test_a_finished_week_ends_at_midnight_and_the_next_one_starts_there(sam, monkeypatch) -> None:
    monkeypatch.setenv("SAM_NOW", "2027-01-02T10:00")  # Saturday of 2026-W53
    ok(sam("account", "add", "Acme Corp"))
    ok(sam("deal", "add", "acme", "Big one", "--amount", "400000", "--close", "2027-02-15"))
    ok(sam("objective", "add", "3 exec workshops", "--target", "3", "--unit", "workshops",
           "--due", "2027-03-31", "--start", "2027-01-01"))
    ok(sam("objective", "progress", "1", "1"))

    # exactly the local midnight that ends 2026-W53 and starts 2027-W01
    monkeypatch.setenv("SAM_NOW", "2027-01-04T00:00")
    ok(sam("deal", "add", "acme", "Pilot", "--amount", "20000", "--close", "2027-02-20"))
    ok(sam("objective", "progress", "1", "2"))

    def week(period: str) -> dict[str, Any]:
        return json.loads(ok(sam("report", "week", "--period", period, "--format", "json")))

    def seen(doc: dict[str, Any]) -> tuple[list[str], list[str], tuple[str, str]]:
        deals, goals = _section(doc, "deals"), _section(doc, "objectives")
        (goal,) = _block(goals, "objectives")["rows"]
        return (
            [m["deal"] for m in _block(deals, "moves")["rows"]],
            [r["deal"] for r in _block(deals, "forecast_moves")["rows"]],
            (goal["progress"], goal["moved"]),
        )

    last = (["Big one"], ["#1 Big one"], ("1 / 3 workshops", "+1"))
    this = (["Pilot"], ["#2 Pilot"], ("2 / 3 workshops", "+1"))
    # made at that midnight, and later: the finished week never holds what came at it
    assert seen(week("2026-W53")) == last
    assert seen(week("2027-W01")) == this
    monkeypatch.setenv("SAM_NOW", "2027-01-06T12:00")
    assert seen(week("2026-W53")) == last
    assert seen(week("2027-W01")) == this
