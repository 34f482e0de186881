"""`sam metrics` and `sam forecast`: the figures a sales leader checks, in text and JSON."""

from __future__ import annotations

import json
import re

import pytest
from samcli import as_json, fails, ok, query, seed

METRICS_KEYS = {"period", "as_of", "sales", "relationships", "complaints", "notes"}
SALES_KEYS = {
    "quota",
    "won",
    "lost",
    "attainment",
    "remaining_quota",
    "pipeline",
    "coverage",
    "win_rate_count",
    "win_rate_value",
    "average_won_deal",
    "median_sales_cycle_days",
    "no_close_date",
}
PERIOD_KEYS = {"label", "kind", "start", "end", "days", "elapsed_days"}
FORECAST_KEYS = {
    "period",
    "as_of",
    "quota",
    "figures",
    "weighted_pipeline",
    "deals",
    "no_close_date",
    "notes",
}
LINE_KEYS = {
    "id",
    "account",
    "name",
    "stage",
    "category",
    "expected_close",
    "amount",
    "probability",
    "weighted_amount",
}


@pytest.fixture
def quarter(sam, monkeypatch):
    """Q4 2026 on Thu 26 Nov: won 100,000 (#1, created 1 Oct, won 21 Oct) and 20,000.50 (#2,
    created and won 26 Nov); lost 30,000 (#3); open: #4 60,000 commit 75% closing 15 Dec,
    #5 10,000.05 proposal 50% closing 20 Dec, #6 5,000 with no close date, #7 40,000
    omitted closing 10 Dec, #8 50,000 closing next quarter."""
    monkeypatch.setenv("SAM_NOW", "2026-10-01T09:00")
    seed(sam)
    ok(sam("deal", "add", "acme corp", "Platform", "--amount", "100k"))
    monkeypatch.setenv("SAM_NOW", "2026-11-26T09:00")
    ok(sam("deal", "won", "1", "--when", "2026-10-21"))
    ok(sam("deal", "add", "globex", "Add-on", "--amount", "20,000.50", "--stage", "won"))
    ok(sam("deal", "add", "acme labs", "Pilot", "--amount", "30k"))
    ok(sam("deal", "lost", "3", "--reason", "Budget"))
    ok(
        sam(
            "deal",
            "add",
            "acme corp",
            "Expansion",
            "--amount",
            "60k",
            "--stage",
            "neg",
            "--category",
            "commit",
            "--close",
            "2026-12-15",
        )
    )
    ok(
        sam(
            "deal",
            "add",
            "globex",
            "Support",
            "--amount",
            "10,000.05",
            "--stage",
            "prop",
            "--close",
            "2026-12-20",
        )
    )
    ok(sam("deal", "add", "globex", "Someday", "--amount", "5k"))
    ok(
        sam(
            "deal",
            "add",
            "acme labs",
            "Long shot",
            "--amount",
            "40k",
            "--category",
            "omit",
            "--close",
            "2026-12-10",
        )
    )
    ok(sam("deal", "add", "acme labs", "Next year", "--amount", "50k", "--close", "2027-02-01"))


def test_metrics_without_a_quota_say_so(sam, quarter):
    out = ok(sam("metrics"))
    assert out.startswith("Metrics for 2026-Q4 (1 Oct – 31 Dec 2026), as of Thu 26 Nov\n")
    assert "no quota for 2026-Q4 (set one with `sam quota set 2026-Q4 AMOUNT`)" in out
    assert "Attainment" not in out and "Coverage" not in out
    doc = as_json(sam("metrics", "--json"))
    assert set(doc) == METRICS_KEYS and set(doc["sales"]) == SALES_KEYS
    assert set(doc["period"]) == PERIOD_KEYS
    s = doc["sales"]
    assert (s["quota"], s["attainment"], s["coverage"], s["remaining_quota"]) == (
        None,
        None,
        None,
        None,
    )
    assert doc["notes"] == ["no quota for 2026-Q4 (set one with `sam quota set 2026-Q4 AMOUNT`)"]


def test_metrics_with_a_quota(sam, quarter):
    ok(sam("quota", "set", "2026-Q4", "400k"))
    doc = as_json(sam("metrics", "--json"))
    s = doc["sales"]
    assert s["won"] == {"count": 2, "amount": 120000.5}
    assert s["lost"] == {"count": 1, "amount": 30000}
    assert s["attainment"] == 0.3  # 120,000.50 / 400,000 = 0.30000125
    assert s["remaining_quota"] == 279999.5
    assert s["pipeline"] == {"count": 2, "amount": 70000.05}  # #4 and #5
    assert s["coverage"] == 0.25  # 70,000.05 / 279,999.50 = 0.2500004
    assert (s["win_rate_count"], s["win_rate_value"]) == (0.6667, 0.8)  # 120,000.5/150,000.5
    assert s["average_won_deal"] == 60000.25
    assert s["median_sales_cycle_days"] == 10  # 20 days and 0 days
    assert s["no_close_date"] == {"count": 1, "amount": 5000}
    assert doc["notes"] == []
    out = ok(sam("metrics"))
    assert re.search(r"\n  Attainment +30\.0% +won / quota", out)
    assert "0.25x" in out and "quota not yet met (279,999.50)" in out


def test_forecast_figures_and_gaps(sam, quarter):
    ok(sam("quota", "set", "2026-Q4", "400k"))
    doc = as_json(sam("forecast", "--json"))
    assert set(doc) == FORECAST_KEYS
    assert doc["quota"] == 400000
    assert doc["figures"] == {
        "closed_won": {"amount": 120000.5, "gap": 279999.5},
        "commit": {"amount": 180000.5, "gap": 219999.5},
        "best_case": {"amount": 180000.5, "gap": 219999.5},
        # 60,000 x 75% + 10,000.05 x 50% = 45,000 + 5,000.025 -> 5,000.02 (half-even)
        "weighted": {"amount": 170000.52, "gap": 229999.48},
        # 120,000.50 / 57 x 92 = 193,685.0175 -> 193,685.02
        "run_rate": {"amount": 193685.02, "gap": 206314.98},
    }
    assert doc["weighted_pipeline"] == 50000.02
    assert [d["id"] for d in doc["deals"]] == [4, 5]
    assert all(set(d) == LINE_KEYS for d in doc["deals"])
    assert [d["id"] for d in doc["no_close_date"]] == [6]
    out = ok(sam("forecast"))
    assert "Forecast for 2026-Q4 (1 Oct – 31 Dec 2026) · day 57 of 92 · quota 400,000" in out
    assert re.search(r"\nWeighted +170,000\.52 +229,999\.48 behind\n", out)
    assert "In no period (no close date): 1 open deal, 5,000" in out


def test_forecast_of_another_period_and_without_quota(sam, quarter):
    doc = as_json(sam("forecast", "--period", "2027-Q1", "--json"))
    assert doc["period"]["label"] == "2027-Q1" and doc["period"]["elapsed_days"] == 0
    assert doc["figures"]["run_rate"] == {"amount": None, "gap": None}
    assert doc["figures"]["closed_won"] == {"amount": 0, "gap": None}
    assert doc["notes"] == ["no quota for 2027-Q1 (set one with `sam quota set 2027-Q1 AMOUNT`)"]
    assert "not started" in ok(sam("forecast", "-p", "2027-Q1"))


def test_forecast_and_metrics_keep_a_weekly_snapshot_and_log_does_not(sam, quarter, db_path):
    def snapshots():
        return query(db_path, "SELECT period FROM forecast_snapshot ORDER BY id")

    ok(sam("log", "acme corp", "Call"))
    assert snapshots() == []
    ok(sam("metrics"))
    assert snapshots() == [("2026-Q4",), ("2026",)]
    ok(sam("forecast"))
    ok(sam("forecast", "--period", "2026-11"))
    assert len(snapshots()) == 2


def test_diff_since_any_moment_names_each_deal_that_moved(sam, quarter, monkeypatch):
    """The forecast then is rebuilt from the deals' history: no snapshot is needed."""
    monkeypatch.setenv("SAM_NOW", "2026-11-27T10:00")
    ok(sam("deal", "edit", "4", "--close", "2027-01-15"))
    ok(sam("deal", "won", "5"))
    ok(sam("deal", "add", "globex", "Fresh", "--amount", "8k", "--close", "2026-12-30"))
    out = ok(sam("forecast", "--since", "yesterday 12:00"))
    lines = out.split("Since ")[1].splitlines()
    assert lines == [
        "Thu 26 Nov 12:00:",
        "  Closed won: 120,000.50 → 130,000.55 (+10,000.05)",
        "  Commit: 180,000.50 → 130,000.55 (-49,999.95)",
        "  Best case: 180,000.50 → 130,000.55 (-49,999.95)",
        "  Weighted: 170,000.52 → 130,800.55 (-39,199.97)",  # + 8,000 x 10%
        "  Run rate: 193,685.02 → 206,207.77 (+12,522.75)",  # 130,000.55 / 58 x 92
        "  #4 Acme Corp · Expansion: slipped 2026-12-15 → 2027-01-15, out of 2026-Q4",
        "  #5 Globex · Support: won (was proposal)",
        "  #9 Globex · Fresh: new, 8,000",
    ]
    doc = as_json(sam("forecast", "--since", "yesterday 12:00", "--json"))
    assert set(doc["diff"]) == {"since", "until", "figures_then", "changes"}
    assert doc["diff"]["since"] == "2026-11-26T12:00:00+00:00"
    assert doc["diff"]["until"] == "2026-11-27T10:00:00+00:00"
    assert doc["diff"]["figures_then"]["commit"] == 180000.5
    assert doc["diff"]["changes"][0] == {
        "deal_id": 4,
        "account": "Acme Corp",
        "deal": "Expansion",
        "change": "slipped",
        "before": "2026-12-15",
        "after": "2027-01-15",
        "in_period_before": True,
        "in_period_after": False,
        "said": "slipped 2026-12-15 → 2027-01-15, out of 2026-Q4",
    }
    assert doc["diff"]["changes"][2]["after"] == 8000
    # a day alone means its start; --diff alone, since this Monday (23 Nov) 00:00
    assert "Since Thu 26 Nov 00:00:" in ok(sam("forecast", "--since", "yesterday"))
    assert "Since Mon 23 Nov 00:00:" in ok(sam("forecast", "--diff"))


def test_as_of_any_past_moment(sam, quarter, monkeypatch):
    monkeypatch.setenv("SAM_NOW", "2026-11-27T10:00")
    ok(sam("deal", "won", "5"))
    then = as_json(sam("forecast", "--as-of", "yesterday", "--json"))
    assert then["as_of"] == "2026-11-27T00:00:00+00:00"  # the end of Thursday
    assert then["figures"]["closed_won"]["amount"] == 120000.5
    assert [d["id"] for d in then["deals"]] == [4, 5]
    now = as_json(sam("forecast", "--json"))
    assert now["figures"]["closed_won"]["amount"] == 130000.55
    before = as_json(sam("forecast", "--as-of", "2026-10-20", "--json"))
    assert before["figures"]["closed_won"]["amount"] == 0  # #1 was won on 21 Oct
    assert "as it stood at the end of Thu 26 Nov" in ok(sam("forecast", "--as-of", "yesterday"))
    line = fails(sam("forecast", "--as-of", "tomorrow"))
    assert line == "error: --as-of cannot be in the future ('tomorrow')"


def test_a_manual_snapshot_is_logged(sam, quarter, monkeypatch):
    assert ok(sam("forecast", "snapshot")) == (
        "Stored forecast snapshots of 2026-Q4 and 2026 (Thu 26 Nov 09:00)\n"
    )
    assert ok(sam("forecast", "snapshot", "--period", "2026-11")).startswith(
        "Stored forecast snapshots of 2026-11 "
    )
    monkeypatch.setenv("SAM_NOW", "2026-11-26T11:00")
    assert "No deal of 2026-Q4 moved." in ok(sam("forecast", "--since", "today 10:00"))


def test_a_fiscal_quarter_across_the_new_year(sam, monkeypatch):
    """Fiscal year from February: on 20 Jan 2026 the current quarter is 2026-Q4."""
    monkeypatch.setenv("SAM_NOW", "2025-11-15T09:00")
    seed(sam)
    ok(sam("config", "fiscal-year-start", "feb"))
    ok(sam("deal", "add", "acme corp", "Winter deal", "--amount", "10k"))
    ok(sam("deal", "add", "globex", "Spring deal", "--amount", "8k", "--close", "2026-02-03"))
    monkeypatch.setenv("SAM_NOW", "2026-01-20T09:00")
    ok(sam("deal", "won", "1", "--when", "2025-12-20"))
    ok(sam("quota", "set", "2026-Q4", "60k"))
    doc = as_json(sam("metrics", "--json"))
    assert doc["period"] == {
        "label": "2026-Q4",
        "kind": "quarter",
        "start": "2025-11-01",
        "end": "2026-01-31",
        "days": 92,
        "elapsed_days": 81,
    }
    assert doc["sales"]["won"] == {"count": 1, "amount": 10000}
    assert doc["sales"]["attainment"] == 0.1667
    assert doc["sales"]["median_sales_cycle_days"] == 35
    f = as_json(sam("forecast", "--json"))
    assert f["figures"]["run_rate"]["amount"] == 11358.02  # 10,000 / 81 x 92
    assert [d["name"] for d in as_json(sam("forecast", "-p", "2027-Q1", "--json"))["deals"]] == [
        "Spring deal"
    ]


def test_an_empty_database_has_metrics_too(sam):
    doc = as_json(sam("metrics", "--json"))
    assert doc["sales"]["win_rate_count"] is None
    assert doc["relationships"]["interactions_per_account"] is None
    assert doc["complaints"]["sla"]["compliance"] is None
    assert "no data" in ok(sam("metrics"))
    assert "No open deal is expected to close in 2026-Q4." in ok(sam("forecast"))


@pytest.mark.parametrize(
    "argv",
    [
        ["metrics", "--period", "Q4"],
        ["forecast", "--period", "2026-Q5"],
        ["forecast", "snapshot", "--period", "last fortnight"],
    ],
)
def test_a_bad_period_is_one_line(sam, db_path, argv):
    assert fails(sam(*argv)).startswith("error: not a period: ")
    assert query(db_path, "SELECT count(*) FROM forecast_snapshot") == [(0,)]


def test_help_gives_the_formulas(sam):
    out = " ".join(ok(sam("metrics", "--help")).split())  # wherever the lines wrap
    for phrase in ("Attainment", "Coverage", "Win rate", "SLA compliance", "no close date"):
        assert phrase in out
    out = ok(sam("forecast", "--help"))
    assert "Run rate" in out and "half-even" in out and "snapshot" in out
    assert "Usage: sam forecast snapshot" in ok(sam("forecast", "snapshot", "--help"))


def test_json_is_one_document(sam, quarter):
    for argv in (("metrics", "--json"), ("forecast", "--json"), ("forecast", "--diff", "--json")):
        out = ok(sam(*argv))
        json.loads(out)
        assert out.endswith("}\n")


def test_today_shows_the_quarter_attainment_and_coverage(sam, quarter):
    assert ok(sam("today")).splitlines()[2] == "2026-Q4: no quota (sam quota set 2026-Q4 AMOUNT)"
    ok(sam("quota", "set", "2026-Q4", "400k"))
    assert ok(sam("today")).splitlines()[2] == (
        "2026-Q4: 30.0% of quota won, pipeline coverage 0.25x"
    )
    kpis = as_json(sam("today", "--json"))["kpis"]
    assert (kpis["quota_period"], kpis["attainment"], kpis["coverage"]) == ("2026-Q4", 0.3, 0.25)


def test_one_touch_is_one_touch_in_the_interactions_note(sam):
    ok(sam("account", "add", "Łódź Metals"))
    ok(sam("log", "lodz", "Intro call"))
    line = next(
        line for line in ok(sam("metrics", "--period", "2026-W48")).splitlines()
        if "per account" in line
    )
    assert "1 touch / 1 active account" in line
