"""Relationship services on real files: health inputs, triage facts, requests by team,
contact cadence, prospects, and the deal an idea becomes."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from svc_support import account, at, complaint

from sam_tui.domain.enums import (
    DealStage,
    Influence,
    ProspectStage,
    RequestStatus,
    Tier,
)
from sam_tui.domain.errors import Conflict, NotFound
from sam_tui.domain.health import DealFact, Health
from sam_tui.domain.objectives import ObjectiveStatus
from sam_tui.domain.triage import TriageKind
from sam_tui.services import (
    account_detail,
    accounts,
    contacts,
    deals,
    ideas,
    interactions,
    prospects,
    requests,
    triage,
)
from sam_tui.store import db


def contact(conn, account_name: str, name: str, **fields: object) -> int:
    return contacts.add(conn, account_name, contacts.ContactInput(name=name, **fields))[0]


def objective(conn, account_id: int, target: str, current: str, start: str, due: str) -> None:
    with db.write(conn, "test objective", db.parse_ts("2026-01-01T00:00:00+00:00")) as tx:
        tx.insert(
            "objective",
            {
                "account_id": account_id,
                "title": "Sites live",
                "target_value": target,
                "current_value": current,
                "start_date": start,
                "due_date": due,
                "closed": False,
            },
        )


def deal(conn, account_id: int, stage: DealStage, close: str | None) -> int:
    # a deal cannot start lost (losing needs a reason): it starts open and is lost at once
    lost = stage is DealStage.LOST
    with db.write(conn, "test deal", db.parse_ts("2026-11-26T09:00:00+00:00")) as tx:
        new = deals.NewDeal(
            "Expansion",
            100_00,
            stage=DealStage.PROSPECTING if lost else stage,
            expected_close=date.fromisoformat(close) if close else None,
        )
        deal_id = deals.insert_deal(tx, account_id, new)
        if lost:
            tx.update("deal", deal_id, {"stage": "lost", "closed_at": tx.now, "lost_reason": "x"})
        return deal_id


# --- health through the account summary ---------------------------------------------------


def test_objectives_and_deals_reach_the_summary_and_its_health(conn, monkeypatch):
    at(monkeypatch, "2026-11-20T09:00")
    acme = account(conn, "Acme", Tier.KEY)
    interactions.log(conn, account_ref="Acme", summary="Call")
    # half the time gone, 2 of 10 done: off-track
    objective(conn, acme, "10", "2", "2026-01-01", "2027-01-01")
    objective(conn, acme, "10", "10", "2026-01-01", "2027-01-01")  # achieved
    objective(conn, acme, "abc", "1", "2026-01-01", "2027-01-01")  # unreadable: skipped
    deal(conn, acme, DealStage.PROPOSAL, "2026-11-20")  # past its close by 6 days
    at(monkeypatch, "2026-11-26T09:00")
    s = accounts.summary(conn, acme)
    assert [(o.status, o.days_past_due) for o in s.objectives] == [
        (ObjectiveStatus.OFF_TRACK, -36),
        (ObjectiveStatus.ACHIEVED, -36),
    ]
    assert s.deals == (DealFact("Expansion", DealStage.PROPOSAL, -6, 0),)
    assert s.health.reasons == (
        "objective Sites live: off-track (-15)",
        "deal Expansion past its expected close by 6 days (-10)",
    )
    assert (s.health.score, s.health.health) == (75, Health.GREEN)


def test_a_deal_closed_long_ago_is_not_loaded(conn, monkeypatch):
    acme = account(conn, "Acme")
    won = deal(conn, acme, DealStage.WON, None)
    conn.execute("UPDATE deal SET closed_at = '2026-01-05T10:00:00Z' WHERE id = ?", (won,))
    lost = deal(conn, acme, DealStage.LOST, None)
    conn.execute("UPDATE deal SET closed_at = '2026-11-20T10:00:00Z' WHERE id = ?", (lost,))
    assert accounts.summary(conn, acme).deals == (DealFact("Expansion", DealStage.LOST, None, 6),)


def test_a_portfolio_loads_objectives_and_deals_in_one_pass(conn, monkeypatch):
    ids = [account(conn, f"Account {n:02d}") for n in range(60)]  # more than the per-id batch
    deal(conn, ids[-1], DealStage.WON, None)
    conn.execute("UPDATE deal SET closed_at = '2026-11-20T10:00:00Z'")
    found = {s.id: s for s in accounts.summaries(conn)}
    assert len(found) == 60
    assert found[ids[-1]].deals[0].stage is DealStage.WON
    assert found[ids[0]].deals == ()


def test_inactive_accounts_are_not_scored_on_cadence(conn, monkeypatch):
    at(monkeypatch, "2025-01-01T09:00")
    account(conn, "Gone", status=accounts.AccountStatus.CHURNED)
    account(conn, "Shelved")
    prospects.add(conn, accounts.AccountInput(name="Maybe"), why="fit")
    accounts.set_archived(conn, "Shelved", True)
    at(monkeypatch, "2026-11-26T09:00")
    everyone = accounts.summaries(conn, accounts.EVERY)
    calm = ("not an active account (cadence and renewal not scored), no open issues",)
    assert {s.name: s.health.reasons for s in everyone} == dict.fromkeys(
        ("Gone", "Shelved", "Maybe"), calm
    )


def test_the_default_portfolio_leaves_prospects_out(conn):
    account(conn, "Acme")
    prospects.add(conn, accounts.AccountInput(name="Initech"), why="fit")
    assert [s.name for s in accounts.summaries(conn)] == ["Acme"]
    assert [
        s.name for s in accounts.summaries(conn, replace(accounts.PORTFOLIO, health=Health.RED))
    ] == []


# --- triage facts -------------------------------------------------------------------------


def test_single_threaded_counts_live_contacts_of_active_strategic_accounts(conn, monkeypatch):
    at(monkeypatch, "2026-08-28T10:00")  # 90 days before the pinned clock
    account(conn, "Acme", Tier.STRATEGIC)
    contact(conn, "Acme", "Jane")
    contact(conn, "Acme", "Omar")
    interactions.log(conn, account_ref="Acme", summary="Lunch", contact_ref="omar")
    at(monkeypatch, "2026-11-26T09:00")
    interactions.log(conn, account_ref="Acme", summary="Call", contact_ref="jane")
    # Omar's touch is exactly 90 days old: still a thread
    assert [i.kind for i in triage.load(conn).items] == []
    at(monkeypatch, "2026-11-27T09:00")
    [item] = triage.load(conn).items
    assert (item.kind, item.reasons[0]) == (
        TriageKind.SINGLE_THREADED,
        "only Jane of 2 contacts touched in the last 90 days",
    )
    # an archived contact is not a thread to pull
    with db.write(conn, "test", db.parse_ts("2026-11-27T09:00:00+00:00")) as tx:
        tx.update("contact", 2, {"archived": True})
    assert triage.load(conn).items == ()


def test_a_strategic_prospect_is_never_single_threaded(conn):
    prospects.add(conn, accounts.AccountInput(name="Initech"), why="fit")
    contact(conn, "Initech", "Jane")
    contact(conn, "Initech", "Omar")
    assert triage.load(conn).items == ()


def test_overdue_requests_carry_their_open_complaint(conn, monkeypatch):
    at(monkeypatch, "2026-11-20T09:00")
    account(conn, "Acme")
    complaint(conn, "Acme", "Wrong invoices")
    requests.add(
        conn,
        "Acme",
        requests.NewRequest(
            team="finance", ask="Credit note", due=date(2026, 11, 24), complaint_id=1
        ),
    )
    requests.add(conn, "Acme", requests.NewRequest(team="legal", ask="DPA", due=date(2026, 11, 25)))
    requests.block(conn, 2, "Counsel away")
    at(monkeypatch, "2026-11-26T09:00")
    found = {i.ref_id: i for i in triage.load(conn).items if i.kind is TriageKind.REQUEST}
    assert found[1].reasons == (
        "overdue by 2 days",
        "for complaint #1, still open (+5)",
        "key account (+5)",
    )
    assert found[2].reasons == (
        "overdue by 1 day",
        "blocked: chase or escalate (+5)",
        "key account (+5)",
    )


# --- requests ----------------------------------------------------------------------------


def test_teams_group_without_regard_to_case_named_by_their_oldest_request(conn, monkeypatch):
    account(conn, "Acme")
    at(monkeypatch, "2026-11-20T09:00")
    requests.add(conn, "Acme", requests.NewRequest(team="Finance", ask="A"))
    at(monkeypatch, "2026-11-21T09:00")
    requests.add(conn, "Acme", requests.NewRequest(team="product", ask="B"))
    requests.add(conn, "Acme", requests.NewRequest(team="FINANCE", ask="C"))
    done = requests.add(conn, "Acme", requests.NewRequest(team="finance", ask="D"))
    requests.done(conn, done.id)
    owed = requests.owed_by_team(conn)
    assert [(t.team, [r.ask for r in t.requests]) for t in owed] == [
        ("Finance", ["A", "C"]),
        ("product", ["B"]),
    ]


def test_reopening_clears_the_outcome_but_the_change_log_keeps_it(conn):
    account(conn, "Acme")
    r = requests.add(conn, "Acme", requests.NewRequest(team="finance", ask="A"))
    requests.done(conn, r.id, "Sent")
    reopened = requests.reopen(conn, r.id)
    assert (reopened.status, reopened.outcome, reopened.done_at) == (RequestStatus.OPEN, None, None)
    logged = conn.execute(
        "SELECT before FROM change_log WHERE command = 'request reopen'"
    ).fetchone()[0]
    assert '"outcome": "Sent"' in logged


# --- contacts against their cadence --------------------------------------------------------


def test_cadence_status_per_contact(conn, monkeypatch):
    at(monkeypatch, "2026-10-01T09:00")
    acme = account(conn, "Acme", Tier.STRATEGIC)
    contact(conn, "Acme", "Jane", influence=Influence.DECISION_MAKER)
    contact(conn, "Acme", "Omar", cadence_days=60)
    contact(conn, "Acme", "Priya", influence=Influence.USER)
    at(monkeypatch, "2026-11-26T09:00")
    interactions.log(conn, account_ref="Acme", summary="Call", contact_ref="omar")
    found = {c.contact.name: c for c in contacts.cadence_status(conn, acme)}
    assert (found["Jane"].cadence_days, found["Jane"].key, found["Jane"].cold) == (28, True, True)
    assert (found["Jane"].days_since, found["Jane"].never) == (56, True)
    assert (found["Omar"].cadence_days, found["Omar"].own_cadence, found["Omar"].cold) == (
        60,
        True,
        False,
    )
    assert (found["Priya"].cadence_days, found["Priya"].cold) == (None, False)
    detail = account_detail.load(conn, "Acme")
    assert [c.contact.name for c in detail.contact_cadence] == ["Jane", "Omar", "Priya"]


def test_cadence_status_of_an_unknown_account(conn):
    with pytest.raises(NotFound):
        contacts.cadence_status(conn, 42)


# --- prospects ---------------------------------------------------------------------------


def test_account_add_as_prospect_starts_its_history(conn):
    account(conn, "Initech", status=accounts.AccountStatus.PROSPECT)
    [change] = prospects.history(conn, 1)
    assert (change.from_stage, change.to_stage) == (None, ProspectStage.IDENTIFIED)


def test_an_archived_prospect_is_found_by_exact_name_only_and_cannot_move(conn):
    prospects.add(conn, accounts.AccountInput(name="Initech"), why="fit")
    accounts.set_archived(conn, "Initech", True)
    assert prospects.find(conn, "initech").id == 1
    with pytest.raises(NotFound):
        prospects.find(conn, "init")
    with pytest.raises(Conflict, match="is archived"):
        prospects.advance(conn, "Initech")
    assert prospects.list_prospects(conn, include_closed=True) == []


def test_days_in_stage_counts_from_the_last_move(conn, monkeypatch):
    at(monkeypatch, "2026-11-01T09:00")
    prospects.add(conn, accounts.AccountInput(name="Initech"), why="fit")
    at(monkeypatch, "2026-11-10T09:00")
    moved = prospects.advance(conn, "Initech").prospect
    assert moved.stage is ProspectStage.RESEARCHING
    assert moved.days_in_stage(date(2026, 11, 26)) == 16


# --- ideas and their deals -----------------------------------------------------------------


def test_insert_deal_writes_the_deal_and_its_first_stage(conn):
    acme = account(conn, "Acme")
    deal_id = deal(conn, acme, DealStage.QUALIFICATION, "2027-01-15")
    row = conn.execute("SELECT * FROM deal WHERE id = ?", (deal_id,)).fetchone()
    assert (
        row["kind"],
        row["stage"],
        row["probability"],
        row["forecast_category"],
        row["closed_at"],
    ) == ("new", "qualification", None, "pipeline", None)
    change = conn.execute("SELECT * FROM deal_stage_change").fetchone()
    assert (
        change["deal_id"],
        change["from_stage"],
        change["to_stage"],
        change["amount_cents"],
        change["expected_close"],
    ) == (deal_id, None, "qualification", 100_00, "2027-01-15")


def test_promote_returns_the_deal_it_made(conn):
    account(conn, "Acme")
    idea = ideas.add(conn, account_ref="Acme", title="Bundle")
    made = ideas.promote(conn, idea.id, ideas.DealTerms(amount_cents=5_000_00))
    assert (made.deal_id, made.deal_name, made.stage, made.idea.deal_id) == (
        1,
        "Bundle",
        DealStage.PROSPECTING,
        1,
    )
    assert accounts.summary(conn, 1).deals == (DealFact("Bundle", DealStage.PROSPECTING, None, 0),)
