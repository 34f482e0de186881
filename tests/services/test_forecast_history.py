"""The forecast rebuilt from the deals' history equals every snapshot stored along the way:
snapshots are only a check, and this test is that check over a month of deal changes."""

from __future__ import annotations

from datetime import date, datetime

from svc_support import account, at

from sam_tui.domain.enums import DealKind, DealStage, ForecastCategory
from sam_tui.domain.periods import parse_period
from sam_tui.services import deals, forecast, quotas

S, C = DealStage, ForecastCategory
Q4, FY = parse_period("2026-Q4"), parse_period("2026")


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone()


def test_the_rebuilt_forecast_equals_every_stored_snapshot(conn, monkeypatch):
    at(monkeypatch, "2026-10-01T09:00")
    account(conn, "Acme Corp")
    account(conn, "Globex")
    quotas.set_quota(conn, "2026-Q4", 300_000_00)
    big = deals.add(conn, "acme", deals.NewDeal(
        "Platform", 120_000_00, stage=S.PROPOSAL, expected_close=date(2026, 12, 10),
        category=C.BEST_CASE,
    )).id
    small = deals.add(conn, "globex", deals.NewDeal(
        "Pilot", 20_000_00, stage=S.QUALIFICATION, expected_close=date(2026, 11, 30),
    )).id
    renewal = deals.add(conn, "globex", deals.NewDeal(
        "Renewal", 60_000_00, kind=DealKind.RENEWAL, stage=S.NEGOTIATION,
        expected_close=date(2026, 12, 20), category=C.COMMIT,
    )).id
    # one change per step, with a snapshot of the quarter and the year after each
    steps = [
        ("2026-10-05T10:00", lambda: deals.edit(conn, big, amount_cents=150_000_00)),
        ("2026-10-12T16:30", lambda: deals.move(conn, small, S.PROPOSAL)),
        ("2026-10-19T11:00", lambda: deals.edit(conn, small, probability=70)),
        ("2026-10-26T09:15", lambda: deals.edit(conn, big, category=C.COMMIT)),
        # slips out of the quarter: it must still be named by the rebuild
        ("2026-11-02T14:00", lambda: deals.edit(conn, renewal, expected_close=date(2027, 1, 15))),
        # won, dated back to Friday: known only from Monday on
        ("2026-11-09T08:00", lambda: deals.won(conn, small, when=_moment("2026-11-06T17:00"))),
        ("2026-11-16T12:00", lambda: deals.lost(conn, big, "budget")),
        ("2026-11-23T10:00", lambda: deals.add(conn, "acme", deals.NewDeal(
            "Add-on", 9_999_99, stage=S.WON, closed_at=_moment("2026-11-20T12:00"),
        ))),
        ("2026-11-30T10:00", lambda: deals.move(conn, big, S.NEGOTIATION)),  # reopened
    ]
    at(monkeypatch, "2026-10-01T09:30")
    forecast.take_snapshots(conn, [Q4, FY])
    for moment, change in steps:
        at(monkeypatch, moment)
        change()
        forecast.take_snapshots(conn, [Q4, FY])
    stored = forecast.snapshots(conn)
    assert len(stored) == 2 * (len(steps) + 1)
    for info in stored:
        snapshot, rebuilt = forecast.check_snapshot(conn, info)
        where = f"{info.period_label} at {info.taken_at:%d %b %H:%M}"
        assert rebuilt.figures == snapshot.figures, where
        assert rebuilt.deals == snapshot.deals, where


def test_a_history_whose_deal_is_gone_is_left_out(conn, monkeypatch):
    """History rows left by a deal deleted behind sam's back (foreign keys off) rebuild no
    deal: the change names only the deals that exist."""
    at(monkeypatch, "2026-10-01T09:00")
    account(conn, "Acme Corp")
    kept = deals.add(conn, "acme", deals.NewDeal(
        "Platform", 100_00, stage=S.PROPOSAL, expected_close=date(2026, 12, 10),
    )).id
    gone = deals.add(conn, "acme", deals.NewDeal(
        "Pilot", 50_00, stage=S.PROPOSAL, expected_close=date(2026, 12, 1),
    )).id
    at(monkeypatch, "2026-10-05T10:00")
    deals.edit(conn, gone, amount_cents=60_00)
    deals.edit(conn, kept, amount_cents=120_00)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("DELETE FROM deal WHERE id = ?", (gone,))
    change = forecast.change_between(
        conn, Q4, _moment("2026-10-02T00:00"), _moment("2026-10-06T00:00")
    )
    assert [(c.deal_id, c.kind.value) for c in change.changes] == [(kept, "amount")]
    assert change.now.weighted_cents == 60_00  # the proposal's 50% of 120.00
