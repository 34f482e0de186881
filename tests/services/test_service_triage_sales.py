"""The triage read model with the sales side: late deals, objectives at risk, quarter KPIs."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from svc_support import account, at

from sam_tui.domain.enums import DealStage, Tier
from sam_tui.domain.triage import TriageKind
from sam_tui.services import accounts, deals, interactions, objectives, quotas, settings, triage


def test_late_deals_and_objectives_at_risk_reach_the_queue(conn, monkeypatch):
    at(monkeypatch, "2026-06-01T09:00")
    account(conn, "Acme Corp", Tier.STRATEGIC)
    account(conn, "Old Co")
    late = deals.add(
        conn,
        "acme",
        deals.NewDeal(
            "Renewal", 150_000_00, stage=DealStage.PROPOSAL, expected_close=date(2026, 11, 20)
        ),
    )
    deals.add(conn, "acme", deals.NewDeal("On time", 1_00, expected_close=date(2026, 11, 26)))
    gone = deals.add(conn, "old co", deals.NewDeal("Gone", 1_00, expected_close=date(2026, 10, 1)))
    won = deals.add(conn, "acme", deals.NewDeal("Won", 1_00, expected_close=date(2026, 10, 1)))
    goal = objectives.add(
        conn,
        objectives.NewObjective(
            title="Workshops", target=Decimal(10), due=date(2026, 12, 31), start=date(2026, 1, 1)
        ),
        account_ref="acme",
    )
    objectives.add(
        conn,
        objectives.NewObjective(
            title="Logos", target=Decimal(4), due=date(2026, 12, 31), start=date(2026, 1, 1)
        ),
    )
    at(monkeypatch, "2026-11-26T09:00")
    interactions.log(conn, account_ref="acme", summary="call")
    deals.won(conn, won.id)
    objectives.record_progress(conn, goal.id, "8")  # 80% done, 91% of the year gone: at risk
    accounts.set_archived(conn, "old co", True)
    settings.set_value(conn, "probability.proposal", "40")
    items = [
        i for i in triage.load(conn).items if i.kind in (TriageKind.DEAL, TriageKind.OBJECTIVE)
    ]
    # deal: 40 + 6 days late + 5 (150,000) + 10 (strategic) = 61; objectives: off-track
    # 45 + 9 (91% of the time gone), at-risk 35 + 9 + 10 (strategic): 54 each, by name
    assert [(i.kind, i.ref_id, i.account_name, i.score) for i in items] == [
        (TriageKind.DEAL, late.id, "Acme Corp", 61),
        (TriageKind.OBJECTIVE, goal.id, "Acme Corp", 54),
        (TriageKind.OBJECTIVE, 2, "portfolio", 54),
    ]
    deal = items[0]
    assert deal.reasons[-2] == "proposal, 40%"  # the probability in force, settings applied
    assert gone.id not in [i.ref_id for i in items if i.kind is TriageKind.DEAL]


def test_quarter_kpis(conn, monkeypatch):
    at(monkeypatch, "2026-11-26T09:00")
    account(conn, "Acme Corp")
    k = triage.load(conn).kpis
    assert (k.quota_period, k.quota_cents, k.attainment, k.coverage) == (
        "2026-Q4",
        None,
        None,
        None,
    )
    d = deals.add(conn, "acme", deals.NewDeal("A", 30_000_00, stage=DealStage.WON))
    deals.add(conn, "acme", deals.NewDeal("B", 35_000_00, expected_close=date(2026, 12, 1)))
    quotas.set_quota(conn, "2026-Q4", 100_000_00)
    k = triage.load(conn).kpis
    assert (k.quota_cents, k.attainment, k.coverage) == (100_000_00, Decimal("0.3"), Decimal("0.5"))
    deals.edit(conn, d.id, amount_cents=120_000_00)
    k = triage.load(conn).kpis
    assert (k.attainment, k.coverage) == (Decimal("1.2"), None)  # quota met
