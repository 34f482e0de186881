"""A working week scripted through the CLI under SAM_NOW, then every figure the week
report, the month reports, the quarter report, `sam metrics` and `sam forecast` share is
checked against the others and against the values worked out by hand (in the comments).

The week is 2026-W49, Mon 30 Nov to Sun 6 Dec: November's last day and December's first
six, so the month reports split it. The reports are run on Monday 7 Dec, 08:00.
"""

from __future__ import annotations

from typing import Any

import pytest
from samcli import as_json, ok

from sam_tui.domain.periods import parse_period
from sam_tui.services import forecast
from sam_tui.store import db

# (when, command): the portfolio, then the week day by day
SCRIPT: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("2026-11-02T09:00", ("account", "add", "Polar Freight", "--tier", "strategic")),
    ("2026-11-02T09:00", ("account", "add", "Nordic Rail")),
    ("2026-11-02T09:00", ("account", "add", "Baltic Ports", "--tier", "growth")),
    ("2026-11-02T09:00", ("prospect", "add", "Umbra Logistics", "--why", "ships a lot")),
    ("2026-11-02T09:00", ("quota", "set", "2026-Q4", "900k")),
    ("2026-11-02T09:00", ("quota", "set", "2026-12", "300k")),
    # 1 Fleet telematics 240k proposal (50%) best case, 18 Dec
    ("2026-11-02T09:00", ("deal", "add", "polar", "Fleet telematics", "--amount", "240k",
                          "--stage", "proposal", "--close", "2026-12-18", "--category", "best")),
    # 2 Depot rollout 120k negotiation (75%) commit, 11 Dec
    ("2026-11-02T09:00", ("deal", "add", "nordic", "Depot rollout", "--amount", "120k",
                          "--stage", "neg", "--close", "2026-12-11", "--category", "commit")),
    # 3 Crane sensors 60k qualification (20%) pipeline, 20 Jan 2027: outside Q4
    ("2026-11-02T09:00", ("deal", "add", "baltic", "Crane sensors", "--amount", "60k",
                          "--stage", "qual", "--close", "2027-01-20")),
    ("2026-11-20T10:00", ("log", "polar", "kickoff call")),
    # objectives: one measures itself (new and expansion deals won), one typed by hand
    ("2026-11-20T10:00", ("objective", "add", "Net new ARR Q4", "--target", "500000",
                          "--start", "2026-10-01", "--due", "2026-12-31",
                          "--measure", "won:new,expansion")),
    ("2026-11-20T10:00", ("objective", "add", "polar", "Roll out to 5 depots", "--target",
                          "5", "--start", "2026-10-01", "--due", "2026-12-31")),
    ("2026-11-20T10:00", ("objective", "progress", "2", "3")),
    # Monday 30 Nov (November): 2 account touches, 1 prospect touch, a complaint
    ("2026-11-30T09:00", ("log", "polar", "QBR prep call")),
    ("2026-11-30T09:05", ("log", "umbra", "intro call")),
    ("2026-11-30T09:10", ("complaint", "open", "nordic", "Invoice wrong", "--severity", "high")),
    ("2026-11-30T23:30", ("log", "baltic", "late email")),  # still Monday, still November
    ("2026-11-30T23:31", ("forecast",)),  # stores W49's snapshot: the check below
    # Tuesday 1 Dec: 1 touch, Depot rollout won, the complaint resolved after 25 h
    ("2026-12-01T10:00", ("log", "nordic", "invoice call")),
    ("2026-12-01T10:00", ("deal", "won", "2")),
    ("2026-12-01T10:00", ("complaint", "resolve", "1", "credit note issued")),
    # Wednesday 2 Dec: 2 touches, Fleet telematics 240k -> 300k
    ("2026-12-02T14:00", ("deal", "edit", "1", "--amount", "300k")),
    ("2026-12-02T14:00", ("log", "polar", "pricing workshop")),
    ("2026-12-02T14:30", ("log", "polar", "follow-up mail")),
    # Thursday 3 Dec: a prospect touch; Crane sensors pulled into Q4; September's win entered
    ("2026-12-03T11:00", ("deal", "edit", "3", "--close", "2026-12-30")),
    ("2026-12-03T11:00", ("log", "umbra", "demo")),
    ("2026-12-03T11:00", ("deal", "add", "baltic", "Q3 pilot", "--amount", "15k",
                          "--stage", "won", "--close", "2026-09-28")),
    ("2026-12-03T11:05", ("forecast", "snapshot")),
    # Friday 4 Dec: 1 touch, Crane sensors lost
    ("2026-12-04T16:00", ("log", "baltic", "site visit")),
    ("2026-12-04T16:00", ("deal", "lost", "3", "--reason", "budget frozen")),
)

MONDAY = "2026-12-07T08:00"


@pytest.fixture
def week(sam: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    for when, args in SCRIPT:
        monkeypatch.setenv("SAM_NOW", when)
        ok(sam(*args))
    monkeypatch.setenv("SAM_NOW", MONDAY)
    return sam


def _section(report: dict[str, Any], key: str) -> dict[str, Any]:
    return next(s for s in report["sections"] if s["key"] == key)


def _figure(report: dict[str, Any], section: str, key: str) -> Any:
    return next(f for f in _section(report, section)["figures"] if f["key"] == key)["value"]


def _block(report: dict[str, Any], section: str, key: str) -> dict[str, Any]:
    return next(b for b in _section(report, section)["blocks"] if b["key"] == key)


def _rows(report: dict[str, Any], section: str, key: str) -> dict[str, dict[str, Any]]:
    return {r["figure"]: r for r in _block(report, section, key)["rows"]}


def _report(sam: Any, kind: str, period: str) -> dict[str, Any]:
    return as_json(sam("report", kind, "--period", period, "--format", "json"))


def test_the_week_month_quarter_and_metrics_agree(week: Any) -> None:
    sam = week
    w = _report(sam, "week", "last")
    assert w["period"]["label"] == "2026-W49"
    assert as_json(sam("week", "--period", "last", "--format", "json")) == w
    nov, dec = _report(sam, "month", "2026-11"), _report(sam, "month", "2026-12")
    q4 = _report(sam, "quarter", "2026-Q4")
    m = {p: as_json(sam("metrics", "--period", p, "--json"))
         for p in ("2026-W49", "2026-11", "2026-12", "2026-Q4")}

    # touches with accounts, by hand: Mon 2 (Polar 09:00, Baltic 23:30), Tue 1, Wed 2, Fri 1
    per_day = _block(w, "touches", "per_day")["series"][0]["values"]
    assert per_day == [2, 1, 2, 0, 1, 0, 0]
    assert _figure(w, "touches", "touches") == sum(per_day) == 6
    assert m["2026-W49"]["relationships"]["touches"] == 6
    assert _figure(w, "touches", "accounts_touched") == 3  # of 3 active
    assert m["2026-W49"]["relationships"]["accounts_touched"] == 3
    # Umbra is a prospect: its 2 touches are their own figure, never an account's
    assert _figure(w, "touches", "prospect_touches") == 2
    assert m["2026-W49"]["relationships"]["prospect_touches"] == 2

    # the months split the week: 30 Nov in November (2), 1-6 Dec in December (4)
    for month, report, touches, accounts, prospect in (
        ("2026-11", nov, 3, 2, 1),  # + the 20 Nov kickoff
        ("2026-12", dec, 4, 3, 1),
    ):
        counts = _rows(report, "metrics", "counts")
        assert counts["Touches logged (with accounts)"]["this"] == touches, month
        assert _figure(report, "metrics", "touches") == touches, month
        assert m[month]["relationships"]["touches"] == touches, month
        bars = _block(report, "top_accounts", "touches_per_week")["series"][0]["values"]
        assert sum(bars) == touches, month
        assert counts["Accounts touched"]["this"] == accounts, month
        assert m[month]["relationships"]["accounts_touched"] == accounts, month
        assert counts["Prospect touches"]["this"] == prospect, month
        assert m[month]["relationships"]["prospect_touches"] == prospect, month
    assert 2 + 4 == 6  # November's Monday and December's six days make the week

    # the quarter: every touch since 1 Oct (1 + 6), the same in its chart
    q_counts = _rows(q4, "metrics", "counts")
    assert q_counts["Touches logged (with accounts)"]["this"] == 7
    assert m["2026-Q4"]["relationships"]["touches"] == 7

    # won: Depot rollout 120,000 on Tue 1 Dec; the Q3 pilot entered Thursday is September's
    assert _figure(w, "deals", "won_amount") == 120_000
    assert m["2026-W49"]["sales"]["won"] == {"count": 1, "amount": 120_000}
    assert m["2026-12"]["sales"]["won"] == {"count": 1, "amount": 120_000}
    assert m["2026-11"]["sales"]["won"] == {"count": 0, "amount": 0}
    assert m["2026-Q4"]["sales"]["won"] == {"count": 1, "amount": 120_000}
    assert _figure(dec, "metrics", "won") == 120_000
    q3 = as_json(sam("metrics", "--period", "2026-Q3", "--json"))
    assert q3["sales"]["won"] == {"count": 1, "amount": 15_000}
    # lost: Crane sensors 60,000 on Fri 4 Dec
    assert _figure(w, "deals", "deals_lost") == 1
    assert m["2026-W49"]["sales"]["lost"] == {"count": 1, "amount": 60_000}
    # attainment of December: 120,000 / 300,000
    assert _figure(dec, "quota_forecast", "attainment") == 0.4
    # complaints: opened Mon 09:10 (November), resolved Tue 10:00 within its 3-day SLA
    assert _figure(w, "complaints", "complaints_opened") == 1
    assert _figure(nov, "complaints", "complaints_opened") == 1
    assert _figure(dec, "complaints", "complaints_opened") == 0
    assert _figure(w, "complaints", "complaints_resolved") == 1
    assert m["2026-W49"]["complaints"]["sla"]["met"] == 1

    # objectives on Monday 7 Dec (67 of 92 days gone, 73%): Net new ARR measured itself,
    # 120,000 of 500,000 (24%, off track); the depots typed by hand, 3 of 5 (60%, at risk)
    arr = as_json(sam("objective", "show", "1", "--json"))
    assert (arr["current"], arr["status"]) == (120_000, "off-track")
    risks = _block(q4, "highlights", "risks")["items"]
    line = next(r for r in risks if r.startswith("Objectives behind"))
    assert line.endswith(": Net new ARR Q4 (off track), Roll out to 5 depots (at risk).")


def test_the_change_in_the_week_is_the_forecast_at_both_ends(week: Any, db_path: Any) -> None:
    """By hand, 2026-Q4 at Mon 30 Nov 00:00: commit 120,000 (Depot rollout), best case
    360,000 (+ Fleet 240,000), weighted 210,000 (90,000 + 120,000). At Sun 6 Dec 24:00:
    closed won 120,000, commit 120,000, best case 420,000 (Fleet now 300,000), weighted
    270,000 (120,000 + 150,000), run rate 120,000 / 67 days x 92 = 164,776.12."""
    sam = week
    w = _report(sam, "week", "last")
    rows = _rows(w, "deals", "forecast_change")
    then = as_json(sam("forecast", "--as-of", "2026-11-29", "--json"))["figures"]
    now = as_json(sam("forecast", "--as-of", "2026-12-06", "--json"))["figures"]
    expected = {
        "Closed won": ("closed_won", 0, 120_000),
        "Commit forecast": ("commit", 120_000, 120_000),
        "Best-case forecast": ("best_case", 360_000, 420_000),
        "Weighted forecast": ("weighted", 210_000, 270_000),
        "Run-rate projection": ("run_rate", 0, 164_776.12),
    }
    for label, (key, before, after) in expected.items():
        assert (rows[label]["then"], rows[label]["now"]) == (before, after), label
        assert (then[key]["amount"], now[key]["amount"]) == (before, after), label
    # --since names each deal that moved, and the change in the week agrees
    diff = as_json(sam("forecast", "--since", "2026-11-30", "--as-of", "2026-12-06", "--json"))
    moved = {(c["deal_id"], c["change"]) for c in diff["diff"]["changes"]}
    assert moved == {(1, "amount"), (2, "won"), (3, "lost")}
    # the snapshots stored during the week are what the history rebuilds
    conn = db.connect(db_path)
    try:
        stored = forecast.snapshots(conn, parse_period("2026-Q4"))
        assert len(stored) >= 2
        for info in stored:
            snapshot, rebuilt = forecast.check_snapshot(conn, info)
            assert (rebuilt.figures, rebuilt.deals) == (snapshot.figures, snapshot.deals)
    finally:
        conn.close()
