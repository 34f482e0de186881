"""Deals at the service level: every change kept with its date, closing and reopening, and
``insert_deal`` inside another command's transaction."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

import pytest
from svc_support import account, at

from sam_tui import clock
from sam_tui.domain.enums import DealKind, DealStage, ForecastCategory
from sam_tui.domain.errors import Conflict, InvalidInput, NotFound
from sam_tui.domain.periods import parse_period
from sam_tui.domain.sales import sales_metrics
from sam_tui.services import accounts, deals, settings
from sam_tui.store import db

S, C = DealStage, ForecastCategory


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone()


def _rows(conn, sql, *params):
    return [tuple(r) for r in conn.execute(sql, params)]


def test_add_writes_the_deal_and_its_first_history_row(conn, monkeypatch):
    at(monkeypatch, "2026-11-02T10:00")
    account(conn, "Acme Corp")
    d = deals.add(
        conn,
        "acme",
        deals.NewDeal(
            "  Platform expansion ",
            250_000_00,
            kind=DealKind.EXPANSION,
            stage=S.PROPOSAL,
            expected_close=date(2026, 12, 18),
            category=C.COMMIT,
        ),
    )
    assert (d.name, d.amount_cents, d.kind, d.stage, d.probability, d.own_probability) == (
        "Platform expansion",
        250_000_00,
        DealKind.EXPANSION,
        S.PROPOSAL,
        50,
        None,
    )
    assert d.weighted_cents == 125_000_00 and d.is_open and d.closed_at is None
    [h] = d.history
    assert (h.from_stage, h.to_stage, h.amount_cents, h.expected_close, h.category) == (
        None,
        S.PROPOSAL,
        250_000_00,
        date(2026, 12, 18),
        C.COMMIT,
    )
    assert h.changes == ("created in proposal: 250,000, commit, 2026-12-18",)
    logged = _rows(conn, "SELECT command, entity, action FROM change_log ORDER BY id")
    assert logged == [
        ("account add", "account", "create"),
        ("deal add", "deal", "create"),
        ("deal add", "deal_stage_change", "create"),
    ]


def test_insert_deal_joins_the_callers_transaction(conn, monkeypatch):
    """How an idea is promoted: the deal, its history and the caller's own row in one batch."""
    at(monkeypatch, "2026-11-26T09:00")
    acme = account(conn, "Acme Corp")
    with db.write(conn, "idea promote", clock.now()) as tx:
        idea = deals.NewDeal("From an idea", 40_000_00, stage=S.QUALIFICATION)
        deal_id = deals.insert_deal(tx, acme, idea)
        tx.update("account", acme, {"notes": "promoted an idea"})
    batches = _rows(conn, "SELECT DISTINCT batch FROM change_log WHERE command = 'idea promote'")
    assert len(batches) == 1
    assert deals.get(conn, deal_id).history[0].to_stage is S.QUALIFICATION
    # a failure later in the caller's transaction leaves no deal behind
    with pytest.raises(RuntimeError), db.write(conn, "idea promote", clock.now()) as tx:
        deals.insert_deal(tx, acme, deals.NewDeal("Rolled back", 1_00))
        raise RuntimeError("the caller failed")
    assert _rows(conn, "SELECT count(*) FROM deal") == [(1,)]
    assert _rows(conn, "SELECT count(*) FROM deal_stage_change") == [(1,)]


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"name": " "}, InvalidInput, "the deal name cannot be empty"),
        ({"amount_cents": -1}, InvalidInput, "cannot be negative"),
        ({"probability": 101}, InvalidInput, "probability must be from 0 to 100"),
        ({"stage": S.LOST}, InvalidInput, "a deal added lost needs a reason"),
        ({"account_id": 99}, NotFound, "no account #99"),
        ({"account_id": 2}, Conflict, "is archived"),
    ],
)
def test_insert_deal_checks_before_writing(conn, monkeypatch, kwargs, error, message):
    at(monkeypatch, "2026-11-26T09:00")
    account(conn, "Acme Corp")
    account(conn, "Old Co")
    accounts.set_archived(conn, "old co", True)
    args = {"account_id": 1, "name": "Deal", "amount_cents": 10_00, **kwargs}
    with pytest.raises(error, match=message), db.write(conn, "deal add", clock.now()) as tx:
        deals.insert_deal(tx, args.pop("account_id"), deals.NewDeal(**args))
    assert _rows(conn, "SELECT count(*) FROM deal") == [(0,)]


def test_a_deal_may_start_won_and_is_closed_at_once(conn, monkeypatch):
    at(monkeypatch, "2026-11-26T09:00")
    account(conn, "Acme Corp")
    d = deals.add(conn, "acme", deals.NewDeal("Signed", 5_00, stage=S.WON))
    assert d.closed_at == _moment("2026-11-26T09:00") and d.probability == 100


def test_stage_moves_close_backdate_and_reopen(conn, monkeypatch):
    at(monkeypatch, "2026-11-01T09:00")
    account(conn, "Acme Corp")
    d = deals.add(conn, "acme", deals.NewDeal("Pilot", 10_000_00))
    at(monkeypatch, "2026-11-10T09:00")
    deals.move(conn, d.id, S.NEGOTIATION)
    at(monkeypatch, "2026-11-26T09:00")
    won = deals.won(conn, d.id, when=_moment("2026-11-20T15:00"))
    assert won.closed_at == _moment("2026-11-20T15:00") and won.lost_reason is None
    with pytest.raises(Conflict, match="already won"):
        deals.won(conn, d.id)
    lost = deals.lost(conn, d.id, "  Budget frozen ")
    assert (lost.stage, lost.lost_reason, lost.closed_at) == (
        S.LOST,
        "Budget frozen",
        _moment("2026-11-26T09:00"),
    )
    reopened = deals.move(conn, d.id, S.PROPOSAL)
    assert (reopened.stage, reopened.closed_at, reopened.lost_reason) == (S.PROPOSAL, None, None)
    assert [(h.at.date().isoformat(), h.from_stage, h.to_stage) for h in reopened.history] == [
        ("2026-11-01", None, S.PROSPECTING),
        ("2026-11-10", S.PROSPECTING, S.NEGOTIATION),
        ("2026-11-20", S.NEGOTIATION, S.WON),  # dated when it closed, kept in the order recorded
        ("2026-11-26", S.WON, S.LOST),
        ("2026-11-26", S.LOST, S.PROPOSAL),
    ]


@pytest.mark.parametrize(
    ("stage", "kwargs", "message"),
    [
        (S.LOST, {}, "a lost deal needs a reason: sam deal lost 1 --reason TEXT"),
        (S.LOST, {"reason": "  "}, "a lost deal needs a reason"),
        (S.PROPOSAL, {"reason": "x"}, "goes with losing a deal only"),
        (S.PROPOSAL, {"when": "2026-11-27T10:00"}, "cannot move in the future"),
        (S.WON, {"when": "2026-11-27T10:00"}, "cannot close in the future"),
        (S.WON, {"close": date(2026, 12, 1)}, "goes with an open stage only"),
    ],
)
def test_move_refuses_what_makes_no_sense(conn, monkeypatch, stage, kwargs, message):
    at(monkeypatch, "2026-11-26T09:00")
    account(conn, "Acme Corp")
    d = deals.add(conn, "acme", deals.NewDeal("Pilot", 10_00))
    if "when" in kwargs:
        kwargs["when"] = _moment(kwargs["when"])
    before = _rows(conn, "SELECT count(*) FROM change_log")
    with pytest.raises(InvalidInput, match=message):
        deals.move(conn, d.id, stage, **kwargs)
    assert _rows(conn, "SELECT count(*) FROM change_log") == before
    with pytest.raises(NotFound, match="no deal #42"):
        deals.move(conn, 42, S.WON)


def test_edit_records_amount_close_category_and_probability_changes_only(conn, monkeypatch):
    at(monkeypatch, "2026-11-02T09:00")
    account(conn, "Acme Corp")
    d = deals.add(
        conn,
        "acme",
        deals.NewDeal("Pilot", 10_000_00, expected_close=date(2026, 12, 1), probability=35),
    )
    at(monkeypatch, "2026-11-20T09:00")
    d = deals.edit(conn, d.id, name="Pilot, phase 1", kind=DealKind.RENEWAL)
    assert (d.name, d.kind, len(d.history)) == ("Pilot, phase 1", DealKind.RENEWAL, 1)
    # the probability feeds the forecast: its change is history, so a past forecast can
    # be rebuilt
    d = deals.edit(conn, d.id, probability=40)
    assert (d.probability, len(d.history)) == (40, 2)
    assert d.history[-1].changes == ("probability 35% → 40%",)
    d = deals.edit(
        conn, d.id, amount_cents=12_000_00, expected_close=date(2027, 1, 15), category=C.BEST_CASE
    )
    assert d.history[-1].changes == (
        "amount 10,000 → 12,000",
        "close date 2026-12-01 → 2027-01-15",
        "category pipeline → best-case",
    )
    d = deals.edit(conn, d.id, clear=("close", "probability"))
    assert (d.expected_close, d.own_probability, d.probability) == (None, None, 10)
    assert d.history[-1].changes == (
        "close date 2027-01-15 → none",
        "probability 40% → the stage's",
    )
    assert d.history[-1].at == _moment("2026-11-20T09:00")
    with pytest.raises(InvalidInput, match="nothing to change"):
        deals.edit(conn, d.id)
    with pytest.raises(InvalidInput, match="cannot clear 'name'"):
        deals.edit(conn, d.id, clear=("name",))
    with pytest.raises(InvalidInput, match="contradicts"):
        deals.edit(conn, d.id, probability=20, clear=("probability",))


def test_probability_defaults_come_from_settings(conn, monkeypatch):
    at(monkeypatch, "2026-11-26T09:00")
    account(conn, "Acme Corp")
    d = deals.add(conn, "acme", deals.NewDeal("Pilot", 10_00, stage=S.PROPOSAL))
    settings.set_value(conn, "probability.proposal", "40")
    assert deals.get(conn, d.id).probability == 40
    assert deals.facts(conn)[0].probability == 40
    deals.edit(conn, d.id, probability=65)
    assert deals.get(conn, d.id).probability == 65


def test_list_filters_and_order(conn, monkeypatch):
    at(monkeypatch, "2026-11-26T09:00")
    account(conn, "Acme Corp")
    account(conn, "Globex")
    a = deals.add(conn, "acme", deals.NewDeal("A", 1_00, expected_close=date(2026, 12, 5)))
    b = deals.add(conn, "globex", deals.NewDeal("B", 1_00))
    c = deals.add(conn, "globex", deals.NewDeal("C", 1_00, expected_close=date(2026, 12, 1)))
    w = deals.add(conn, "acme", deals.NewDeal("W", 1_00, stage=S.WON))
    assert [d.id for d in deals.list_deals(conn)] == [c.id, a.id, b.id, w.id]
    assert [d.id for d in deals.list_deals(conn, open_only=True)] == [c.id, a.id, b.id]
    assert [d.id for d in deals.list_deals(conn, account_ref="glob")] == [c.id, b.id]
    assert [d.id for d in deals.list_deals(conn, stage=S.WON)] == [w.id]


def test_the_quota_figures_read_only_the_deals_of_their_period(conn, monkeypatch):
    # `sam today`'s KPI strip: attainment and coverage count the deals closed in the
    # quarter and the open ones expected to close in it; the others need not be read
    at(monkeypatch, "2026-09-01T09:00")
    account(conn, "Acme Corp")

    def deal(name: str, cents: int, close: date | None, stage: DealStage = S.PROPOSAL) -> int:
        terms = deals.NewDeal(name, cents, stage=stage, expected_close=close)
        return deals.add(conn, "acme", terms).id

    inside = deal("in the quarter", 40_000_00, date(2026, 12, 31))
    first_day = deal("on its first day", 5_000_00, date(2026, 10, 1), S.NEGOTIATION)
    deal("next quarter", 70_000_00, date(2027, 1, 1))
    deal("last quarter, still open", 9_000_00, date(2026, 9, 30))
    deal("undated", 3_000_00, None)
    won = deal("won in it", 20_000_00, date(2026, 12, 1))
    lost = deal("lost in it", 8_000_00, date(2026, 12, 1))
    before = deal("won before it", 1_000_00, date(2026, 9, 15))
    at(monkeypatch, "2026-11-26T09:00")
    deals.won(conn, won, when=_moment("2026-10-01T00:10"))
    deals.lost(conn, lost, "price", when=_moment("2026-11-02T12:00"))
    deals.won(conn, before, when=_moment("2026-09-30T23:30"))
    q4 = parse_period("2026-Q4")
    quota = 100_000_00
    counted = deals.facts(conn, q4, quota_only=True)
    assert sorted(f.id for f in counted) == sorted([inside, first_day, won, lost])
    every, some = sales_metrics(deals.facts(conn, q4), q4, quota), sales_metrics(counted, q4, quota)
    assert (some.attainment, some.coverage) == (every.attainment, every.coverage)
    assert (some.attainment, some.coverage) == (Decimal("0.2"), Decimal("0.5625"))


def test_facts_of_a_period_hold_open_deals_and_those_closed_in_it(conn, monkeypatch):
    at(monkeypatch, "2026-09-01T09:00")
    account(conn, "Acme Corp")
    ids = [
        deals.add(conn, "acme", deals.NewDeal(f"D{n}", 1_00)).id for n in range(4)
    ]
    at(monkeypatch, "2026-11-26T09:00")
    deals.won(conn, ids[0], when=_moment("2026-09-30T23:30"))  # Q3, late evening
    deals.won(conn, ids[1], when=_moment("2026-10-01T00:10"))  # Q4, just after midnight
    deals.lost(conn, ids[2], "no budget", when=_moment("2026-11-02T12:00"))
    q4 = parse_period("2026-Q4")
    found = deals.facts(conn, q4)
    assert [(f.id, f.stage, f.closed) for f in found] == [
        (ids[1], S.WON, date(2026, 10, 1)),
        (ids[2], S.LOST, date(2026, 11, 2)),
        (ids[3], S.PROSPECTING, None),
    ]
    assert [f.id for f in deals.facts(conn, q4, keep=[ids[0]])] == ids
    assert found[0].created == date(2026, 9, 1)
    stored = json.loads(
        _rows(
            conn,
            "SELECT after FROM change_log WHERE entity = 'deal' "
            "AND action = 'update' ORDER BY id LIMIT 1",
        )[0][0]
    )
    assert stored["closed_at"] == "2026-09-30T23:30:00Z"


@pytest.mark.parametrize("zone", ["UTC", "Pacific/Kiritimati", "Pacific/Honolulu"])
def test_an_accounts_deals_count_days_from_the_local_day_of_their_last_change(
    conn, monkeypatch, zone
):
    # the accounts table reads each deal's last change as a local day worked out in SQLite
    # (+14 h and -10 h: a local day a day off UTC's); it is the day Python's clock gives
    import time

    monkeypatch.setenv("TZ", zone)
    time.tzset()
    today = date(2026, 11, 26)
    expected = {}
    won = []
    for n, moment in enumerate(("00:30", "23:30")):
        at(monkeypatch, f"2026-10-01T{moment}")
        account(conn, f"Acme {n}")
        won.append(deals.add(conn, f"acme {n}", deals.NewDeal(f"Won {n}", 1_000_00)).id)
        deals.add(conn, f"acme {n}", deals.NewDeal(f"Stalled {n}", 1_000_00))
        expected[f"Won {n}"] = (today - date(2026, 11, 20)).days
        expected[f"Stalled {n}"] = (today - date(2026, 10, 1)).days
    at(monkeypatch, "2026-11-26T09:00")
    for ident, moment in zip(won, ("00:30", "23:30"), strict=True):
        deals.won(conn, ident, when=_moment(f"2026-11-20T{moment}"))
    found = {
        d.name: d.days_since_change
        for summary in accounts.summaries(conn)
        for d in summary.deals
    }
    assert found == expected
