"""Objectives that measure themselves: their value is a figure read from the book over
their own window, everywhere an objective shows (list, show, triage, account health,
reports); hand-entered objectives stay as they were."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from svc_support import account, at

from sam_tui.domain.enums import AccountStatus, DealKind, DealStage, Severity, Tier
from sam_tui.domain.errors import Conflict, InvalidInput
from sam_tui.domain.triage import TriageKind
from sam_tui.services import complaints, deals, interactions, objectives, triage


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone()


def _won(conn, ref: str, name: str, cents: int, kind: DealKind, when: str) -> None:
    deals.add(
        conn,
        ref,
        deals.NewDeal(name, cents, kind=kind, stage=DealStage.WON, closed_at=_moment(when)),
    )


def _measured(conn, title: str, target: int, measure: str, start: date, due: date, **kw):
    """An objective that measures itself, from ``start`` to ``due``."""
    data = objectives.NewObjective(title, Decimal(target), due, start=start, measure=measure)
    return objectives.add(conn, data, **kw)


def _flagged(conn) -> list[str]:
    return [i.title for i in triage.load(conn).items if i.kind is TriageKind.OBJECTIVE]


@pytest.fixture
def book(conn, monkeypatch):
    """Polar and Nordic (active), Umbrella (a prospect); seen on Thu 26 Nov 2026 10:00."""
    at(monkeypatch, "2026-09-01T09:00")
    account(conn, "Polar")
    account(conn, "Nordic", tier=Tier.STRATEGIC)
    account(conn, "Umbrella", status=AccountStatus.PROSPECT)
    at(monkeypatch, "2026-11-26T10:00")
    return conn


def test_net_new_arr_moves_when_deals_are_won(book):
    conn = book
    q4 = (date(2026, 10, 1), date(2026, 12, 31))
    arr = _measured(conn, "Net new ARR Q4", 200_000, "won:new,expansion", *q4)
    assert arr.current == 0 and arr.measure is not None
    assert _flagged(conn) == ["Net new ARR Q4"]  # nothing won with 62% of the time gone
    _won(conn, "polar", "Add-on", 75_000_00, DealKind.EXPANSION, "2026-10-15T12:00")
    _won(conn, "nordic", "Platform", 50_000_50, DealKind.NEW, "2026-11-02T12:00")
    _won(conn, "nordic", "Renewal", 90_000_00, DealKind.RENEWAL, "2026-11-03T12:00")  # not new
    _won(conn, "polar", "Old", 10_000_00, DealKind.NEW, "2026-09-30T23:00")  # before its window
    assert objectives.get(conn, arr.id).current == Decimal("125000.50")
    [listed] = objectives.list_objectives(conn)
    assert listed.current == Decimal("125000.50")
    assert _flagged(conn) == []  # on track now: it leaves triage by itself
    with pytest.raises(Conflict, match="measures itself"):
        objectives.record_progress(conn, arr.id, "+45")
    # a hand-entered objective is as before
    typed = objectives.add(
        conn,
        objectives.NewObjective(title="Workshops", target=Decimal(4), due=date(2026, 12, 31)),
        account_ref="polar",
    )
    assert objectives.record_progress(conn, typed.id, "+3")[0].current == 3


def test_touches_accounts_touched_and_complaints_in_sla(book, monkeypatch):
    conn = book
    november = (date(2026, 11, 1), date(2026, 11, 30))
    touches = _measured(conn, "Touches", 10, "touches", *november)
    reach = _measured(conn, "Reach", 2, "accounts-touched", *november)
    polar = _measured(conn, "Polar touches", 3, "touches", *november, account_ref="polar")
    sla = _measured(conn, "In SLA", 2, "complaints-in-sla", *november)
    for ref, when in (
        ("polar", "2026-11-02T10:00"),
        ("polar", "2026-11-20T10:00"),
        ("umbrella", "2026-11-03T10:00"),  # a prospect's touch: not the portfolio's
        ("nordic", "2026-10-31T23:59"),  # before the window
    ):
        interactions.log(conn, account_ref=ref, summary="call", occurred_at=_moment(when))
    for opened, resolved in (("2026-11-10T09:00", "2026-11-10T15:00"),
                             ("2026-11-11T09:00", "2026-11-25T09:00")):  # high: 3 days SLA
        at(monkeypatch, opened)
        c = complaints.open_complaint(
            conn, account_ref="nordic", title="issue", severity=Severity.HIGH
        )
        at(monkeypatch, resolved)
        complaints.resolve(conn, c.id, "fixed")
    at(monkeypatch, "2026-11-26T10:00")
    got = {o.title: o.current for o in objectives.list_objectives(conn)}
    assert got == {"Touches": 2, "Reach": 1, "Polar touches": 2, "In SLA": 1}
    assert {touches.id, reach.id, polar.id, sla.id} == {
        o.id for o in objectives.list_objectives(conn)
    }


def test_an_unknown_measure_is_refused_and_nothing_written(book):
    with pytest.raises(InvalidInput, match="unknown measure 'net'"):
        _measured(book, "X", 1, "net", date(2026, 11, 1), date(2026, 12, 31))
    with pytest.raises(InvalidInput, match="unknown deal kind 'upsell'"):
        _measured(book, "X", 1, "won:upsell", date(2026, 11, 1), date(2026, 12, 31))
    assert objectives.list_objectives(book) == []


def test_a_report_period_sees_a_measured_objective_move(book):
    conn = book
    arr = _measured(conn, "Net new ARR Q4", 200_000, "won", date(2026, 10, 1), date(2026, 12, 31))
    _won(conn, "polar", "Oct", 40_000_00, DealKind.NEW, "2026-10-15T12:00")
    _won(conn, "polar", "Nov", 60_000_00, DealKind.NEW, "2026-11-16T12:00")
    [found] = objectives.during(
        conn, date(2026, 11, 16), date(2026, 11, 22), _moment("2026-11-16T00:00"),
        _moment("2026-11-23T00:00"),
    )
    assert found.objective.id == arr.id
    assert (found.before, found.objective.current, found.moved) == (40_000, 100_000, 60_000)
