"""`services.triage.load` on a hand-made database: what ranks where, and what stays out."""

from __future__ import annotations

from datetime import date

import pytest
from svc_support import account, at, complaint, follow_up

from sam_tui.domain.enums import Priority, Severity, Tier
from sam_tui.domain.triage import TriageKind
from sam_tui.services import accounts, complaints, follow_ups, interactions, triage


@pytest.fixture
def week(conn, monkeypatch):
    """Built Fri 20 Nov - Mon 23 Nov; read on Thu 26 Nov 09:00."""
    at(monkeypatch, "2026-11-20T09:00")
    account(conn, "Acme Corp")
    account(conn, "Globex")
    complaint(conn, "Acme Corp", "Outage at month-end", Severity.CRITICAL)  # due 21 Nov: breached
    fu_overdue = follow_up(conn, "Globex", "Send the deck", "2026-11-24")
    fu_today = follow_up(conn, "Globex", "Book the QBR", "2026-11-26")
    follow_up(conn, "Globex", "Prepare the business case", "2026-12-01")
    at(monkeypatch, "2026-11-23T17:00")
    complaint(conn, "Globex", "Invoice disputed", Severity.HIGH)  # due 26 Nov 17:00: near
    at(monkeypatch, "2026-11-26T09:00")
    return {"overdue": fu_overdue, "today": fu_today}


def _ranked(t: triage.Triage) -> list[tuple[str, int]]:
    return [(i.kind.value, i.ref_id) for i in t.items]


def test_breached_complaint_and_overdue_follow_up_rank_above_one_due_today(conn, week):
    t = triage.load(conn)
    assert _ranked(t) == [
        ("complaint", 1),  # past SLA by 5 days
        ("complaint", 2),  # 8 hours left
        ("follow-up", week["overdue"]),
        ("follow-up", week["today"]),
    ]
    scores = [i.score for i in t.items]
    assert scores == sorted(scores, reverse=True)
    breached, near, overdue, today = t.items
    assert breached.reasons[0] == "SLA late by 5 days"
    assert near.reasons[0] == "SLA due in 8h"
    assert overdue.reasons[0] == "overdue by 2 days"
    assert today.reasons[0] == "due today"
    assert (breached.account_name, breached.due) == ("Acme Corp", date(2026, 11, 21))


def test_kpis_count_what_the_queue_shows(conn, week):
    k = triage.load(conn).kpis
    assert (k.overdue_follow_ups, k.due_today, k.open_complaints, k.breached_complaints) == (
        1, 1, 2, 1)
    assert (k.going_cold, k.renewals_90d) == (0, 0)


def test_closed_items_and_archived_accounts_leave_the_queue(conn, week):
    follow_ups.done(conn, [week["overdue"]])
    complaints.resolve(conn, 1, "Restarted the service")
    accounts.set_archived(conn, "Globex", True)
    t = triage.load(conn)
    assert t.items == ()
    assert t.accounts == 1
    assert (t.kpis.open_complaints, t.kpis.due_today) == (0, 0)


def test_tier_and_priority_move_items_within_their_kind(conn, monkeypatch):
    at(monkeypatch, "2026-11-26T09:00")
    account(conn, "Growth Co", Tier.GROWTH)
    account(conn, "Strategic Co", Tier.STRATEGIC)
    low = follow_up(conn, "Growth Co", "Low", "2026-11-26", Priority.LOW)
    plain = follow_up(conn, "Growth Co", "Plain", "2026-11-26")
    strategic = follow_up(conn, "Strategic Co", "Strategic", "2026-11-26")
    high = follow_up(conn, "Growth Co", "High", "2026-11-26", Priority.HIGH)
    items = triage.load(conn).items
    # equal scores and due dates: by account name
    assert [(i.ref_id, i.score) for i in items] == [
        (high, 55), (strategic, 55), (plain, 45), (low, 35)]
    assert items[0].reasons == ("due today", "high priority (+10)")
    assert items[1].reasons == ("due today", "strategic account (+10)")


def test_an_account_past_its_cadence_and_a_renewal_without_a_touch(conn, monkeypatch):
    at(monkeypatch, "2026-09-01T09:00")
    account(conn, "Quiet Co", Tier.STRATEGIC)
    account(conn, "Renewing Co", Tier.GROWTH, renewal_date=date(2026, 12, 20))
    interactions.log(conn, account_ref="Quiet Co", summary="Kick-off")
    interactions.log(conn, account_ref="Renewing Co", summary="Kick-off")
    at(monkeypatch, "2026-11-26T09:00")
    t = triage.load(conn)
    kinds = {i.account_name: i for i in t.items}
    assert kinds["Quiet Co"].kind is TriageKind.GOING_COLD
    assert kinds["Quiet Co"].reasons[0] == "last touch 86 days ago (cadence 14 days)"
    renewal = kinds["Renewing Co"]
    assert (renewal.kind, renewal.due) == (TriageKind.RENEWAL, date(2026, 12, 20))
    assert renewal.reasons[:2] == ("renews in 24 days", "no touch in 86 days (wanted: 30)")
    # Renewing Co is growth (cadence 60) and so past it too: one renewal item, not two
    assert sum(1 for i in t.items if i.account_name == "Renewing Co") == 1
    assert (t.kpis.going_cold, t.kpis.renewals_90d) == (2, 1)
    assert [r.account_name for r in t.renewals] == ["Renewing Co"]
    assert [c.account_name for c in t.cold][0] == "Quiet Co"


def test_an_empty_database(conn):
    t = triage.load(conn)
    assert (t.items, t.accounts) == ((), 0)
