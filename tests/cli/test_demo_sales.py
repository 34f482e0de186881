"""The demo's sales side: every stage, wins and losses this quarter and last, deals past
their close date, quotas, objectives in every state, and snapshots that show movement."""

from __future__ import annotations

from collections import Counter

from samcli import as_json, query


def test_the_demo_has_a_pipeline_worth_reading(sam, demo_db):
    deals = as_json(sam("deal", "list", "--json", db=demo_db))
    assert set(Counter(d["stage"] for d in deals)) == {
        "prospecting",
        "qualification",
        "proposal",
        "negotiation",
        "won",
        "lost",
    }
    closed_in = Counter((d["stage"], d["closed_at"][:7]) for d in deals if not d["open"])
    # this quarter (Oct-Nov 2026) and the last (Jul-Sep) each have wins and losses
    assert any(k[0] == "won" and k[1] in ("2026-10", "2026-11") for k in closed_in)
    assert any(k[0] == "lost" and k[1] in ("2026-10", "2026-11") for k in closed_in)
    assert any(k[0] == "won" and k[1] in ("2026-07", "2026-08", "2026-09") for k in closed_in)
    assert any(k[0] == "lost" and k[1] in ("2026-07", "2026-08", "2026-09") for k in closed_in)
    assert sum(d["overdue"] for d in deals) == 3
    assert sum(1 for d in deals if d["open"] and d["expected_close"] is None) == 2
    # every deal has a history, and the changes of this week are in it
    assert query(demo_db, "SELECT count(DISTINCT deal_id) FROM deal_stage_change") == [
        (len(deals),)
    ]


def test_the_demo_quarter_has_quota_attainment_coverage_and_triage(sam, demo_db):
    doc = as_json(sam("metrics", "--json", db=demo_db))
    assert doc["sales"]["quota"] and 0 < doc["sales"]["attainment"] < 1
    assert doc["sales"]["coverage"] > 1
    quotas = as_json(sam("quota", "list", "--json", db=demo_db))
    assert [q["kind"] for q in quotas].count("month") == 12
    assert [q["label"] for q in quotas if q["kind"] != "month"] == [
        "2026",
        "2026-Q1",
        "2026-Q2",
        "2026-Q3",
        "2026-Q4",
    ]
    today = as_json(sam("today", "--json", db=demo_db))
    kinds = Counter(i["kind"] for i in today["items"])
    assert kinds["deal"] == 3 and kinds["objective"] == 3
    assert today["kpis"]["attainment"] == doc["sales"]["attainment"]


def test_the_demo_objectives_and_what_moved_this_week(sam, demo_db):
    statuses = Counter(o["status"] for o in as_json(sam("objective", "list", "--json", db=demo_db)))
    assert statuses == {"on-track": 1, "at-risk": 2, "off-track": 1, "achieved": 1}
    diff = as_json(sam("forecast", "--since", "2026-11-19 09:00", "--json", db=demo_db))["diff"]
    assert diff["since"] == "2026-11-19T09:00:00+00:00"
    assert {c["change"] for c in diff["changes"]} >= {
        "won",
        "lost",
        "slipped",
        "amount",
        "category",
        "new",
    }
