"""Metrics and forecasts read from a real database: a fixture portfolio computed by hand,
weekly snapshots, and the diff against the latest one."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from svc_support import at

from sam_tui.domain.enums import AccountStatus, DealStage, ForecastCategory, Severity, Tier
from sam_tui.domain.periods import parse_period
from sam_tui.domain.snapshots import ChangeKind
from sam_tui.services import accounts, complaints, deals, forecast, interactions, metrics, quotas

S, C = DealStage, ForecastCategory
Q4, Q3 = parse_period("2026-Q4"), parse_period("2026-Q3")


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone()


@pytest.fixture
def portfolio(conn, monkeypatch):
    """Accounts since 1 Jun 2026: Acme Corp (strategic, 14 d), Globex (key, 30 d), Initech
    (growth, 60 d), Hooli (key, archived at the end), Umbrella (a prospect); Late Co (key)
    added 20 Nov. Seen on Thu 26 Nov 2026 09:00."""
    at(monkeypatch, "2026-06-01T09:00")
    for name, tier, status in (
        ("Acme Corp", Tier.STRATEGIC, None),
        ("Globex", Tier.KEY, None),
        ("Initech", Tier.GROWTH, None),
        ("Hooli", Tier.KEY, None),
        ("Umbrella", Tier.KEY, AccountStatus.PROSPECT),
    ):
        accounts.add(conn, accounts.AccountInput(name=name, tier=tier, status=status))
    at(monkeypatch, "2026-11-20T09:00")
    accounts.add(conn, accounts.AccountInput(name="Late Co"))
    at(monkeypatch, "2026-11-26T09:00")
    for ref, when in (
        ("acme", "2026-09-20T10:00"),
        ("acme", "2026-11-20T10:00"),
        ("globex", "2026-10-01T00:30"),
        ("globex", "2026-10-15T10:00"),
        ("initech", "2026-09-30T23:30"),
        ("hooli", "2026-11-01T10:00"),
        ("umbrella", "2026-11-02T10:00"),
    ):
        interactions.log(conn, account_ref=ref, summary="call", occurred_at=_moment(when))
    # complaints: (account, severity, opened, first response, resolved)
    for ref, severity, opened, first, resolved in (
        ("acme", Severity.HIGH, "2026-10-05T09:00", "2026-10-05T11:00", "2026-10-06T15:00"),
        ("globex", Severity.CRITICAL, "2026-11-02T09:00", "2026-11-02T14:00", "2026-11-04T09:00"),
        ("initech", Severity.MEDIUM, "2026-11-16T09:00", None, None),
        ("acme", Severity.LOW, "2026-11-25T09:00", "2026-11-25T10:00", None),
        ("hooli", Severity.HIGH, "2026-09-28T09:00", "2026-09-28T12:00", "2026-10-08T09:00"),
    ):
        at(monkeypatch, opened)
        c = complaints.open_complaint(conn, account_ref=ref, title="issue", severity=severity)
        if first:
            at(monkeypatch, first)
            complaints.add_update(conn, c.id, "on it")
        if resolved:
            at(monkeypatch, resolved)
            complaints.resolve(conn, c.id, "fixed")
    # deals: won 100,000 (Sep 1 -> Oct 10) and 50,000.50 (Nov 1 -> Nov 20, Hooli), lost
    # 20,000 (Oct 1 -> Nov 5); open: 80,000 commit closing 15 Dec, 7,500 with no date
    at(monkeypatch, "2026-09-01T09:00")
    won1 = deals.add(conn, "acme", deals.NewDeal("Platform", 100_000_00))
    # open since September: a test wins it dated back into Q3 (not before it existed)
    open1 = deals.add(
        conn,
        "acme",
        deals.NewDeal(
            "Expansion",
            80_000_00,
            stage=S.NEGOTIATION,
            expected_close=date(2026, 12, 15),
            category=C.COMMIT,
        ),
    )
    at(monkeypatch, "2026-10-01T09:00")
    lost = deals.add(conn, "globex", deals.NewDeal("Pilot", 20_000_00))
    at(monkeypatch, "2026-11-01T09:00")
    won2 = deals.add(conn, "hooli", deals.NewDeal("Add-on", 50_000_50))
    deals.add(conn, "globex", deals.NewDeal("Someday", 7_500_00, stage=S.PROPOSAL))
    at(monkeypatch, "2026-11-26T09:00")
    deals.won(conn, won1.id, when=_moment("2026-10-10T12:00"))
    deals.lost(conn, lost.id, "price", when=_moment("2026-11-05T12:00"))
    deals.won(conn, won2.id, when=_moment("2026-11-20T12:00"))
    quotas.set_quota(conn, "2026-Q4", 400_000_00)
    accounts.set_archived(conn, "hooli", True)
    return {"open": open1.id, "won": won1.id}


def test_every_metric_of_the_fixture_quarter(conn, portfolio):
    r = metrics.load(conn, Q4)
    s, a, c = r.sales, r.activity, r.service
    assert (s.won_count, s.won_cents, s.lost_count, s.lost_cents) == (2, 150_000_50, 1, 20_000_00)
    assert s.attainment == Decimal("0.37500125")
    assert s.remaining_quota_cents == 249_999_50
    assert (s.pipeline_count, s.pipeline_cents) == (1, 80_000_00)
    assert s.coverage == Decimal(80_000_00) / Decimal(249_999_50)
    assert s.win_rate_count == Decimal(2) / 3
    assert s.win_rate_value == Decimal(150_000_50) / Decimal(170_000_50)
    assert s.average_won_cents == 75_000_25
    assert s.median_cycle_days == 29  # 39 and 19 days
    assert (s.undated_count, s.undated_cents) == (1, 7_500_00)
    # Acme (Nov 20) and Globex (Oct 1 00:30, Oct 15) on the 4 live accounts; Hooli is
    # archived and Umbrella a prospect
    assert (a.interactions, a.accounts, a.per_account) == (3, 4, Decimal("0.75"))
    # within cadence on Nov 26: Acme (6 d), Initech (57 d of 60), Late Co (never, 6 d old)
    assert (a.as_of, a.measured, a.within_cadence) == (date(2026, 11, 26), 4, 3)
    assert a.share_within_cadence == Decimal("0.75")
    assert c.first_response == (3, Decimal("2.7"), Decimal("2.0"))  # 2 h, 5 h, 1 h
    assert c.awaiting_first_response == 1
    assert c.resolution == (3, Decimal("106.0"), Decimal("48.0"))  # 30 h, 48 h, 240 h
    # SLA deadlines in Q4: Oct 8 met; Nov 3, Nov 23 (open) and Oct 1 (Hooli) breached
    assert (c.sla_met, c.sla_breached, c.sla_pending) == (1, 3, 1)
    assert c.sla_compliance == Decimal("0.25")


def test_the_quarter_before_is_read_on_its_last_day(conn, portfolio):
    r = metrics.load(conn, Q3)
    assert (r.sales.won_cents, r.sales.quota_cents, r.sales.attainment) == (0, None, None)
    a = r.activity
    # Acme Sep 20 and Initech Sep 30 23:30; Late Co did not exist yet
    assert (a.interactions, a.accounts) == (2, 3)
    # on Sep 30: Acme (10 d) and Initech (same day) within; Globex never touched in 121 d
    assert (a.as_of, a.measured, a.within_cadence) == (date(2026, 9, 30), 3, 2)
    assert r.service.first_response == (1, Decimal("3.0"), Decimal("3.0"))  # Hooli's


def test_the_kpi_strip_figures(conn, portfolio):
    k = metrics.quarter_kpis(conn, date(2026, 11, 26))
    assert (k.period.label, k.quota_cents, k.attainment) == (
        "2026-Q4",
        400_000_00,
        Decimal("0.37500125"),
    )
    assert k.coverage == Decimal(80_000_00) / Decimal(249_999_50)


def test_the_forecast_of_the_fixture_quarter(conn, portfolio):
    f = forecast.load(conn, Q4)
    assert f.figures() == [
        ("closed_won", 150_000_50),
        ("commit", 230_000_50),
        ("best_case", 230_000_50),
        ("weighted", 210_000_50),  # + 80,000 x 75%
        ("run_rate", 242_106_07),  # 150,000.50 / 57 x 92
    ]
    assert [d.name for d in f.undated] == ["Someday"]


def test_one_snapshot_per_week_for_the_quarter_and_the_year(conn, portfolio, monkeypatch):
    stored = forecast.ensure_weekly_snapshot(conn)
    assert [s.period_label for s in stored] == ["2026-Q4", "2026"]
    assert forecast.ensure_weekly_snapshot(conn) == []
    at(monkeypatch, "2026-11-29T22:00")  # Sunday: the same ISO week
    assert forecast.ensure_weekly_snapshot(conn) == []
    at(monkeypatch, "2026-11-30T08:00")  # Monday: a new week
    assert len(forecast.ensure_weekly_snapshot(conn)) == 2
    assert [s.period_label for s in forecast.snapshots(conn, Q4)] == ["2026-Q4", "2026-Q4"]
    # automatic snapshots stay out of the change log: `sam undo` undoes the user's changes
    logged = conn.execute(
        "SELECT count(*) FROM change_log WHERE entity = 'forecast_snapshot'"
    ).fetchone()[0]
    assert logged == 0


def test_what_moved_between_two_moments(conn, portfolio, monkeypatch):
    """The forecast then is rebuilt from the deals' history, not read from a snapshot."""
    then = _moment("2026-11-26T09:30")
    at(monkeypatch, "2026-11-27T09:00")
    deals.edit(conn, portfolio["open"], expected_close=date(2027, 1, 10))
    deals.edit(conn, portfolio["won"], amount_cents=110_000_00)
    new = deals.add(
        conn, "initech", deals.NewDeal("Fresh", 9_000_00, expected_close=date(2026, 12, 20))
    )
    d = forecast.change_between(conn, Q4, then, _moment("2026-11-27T09:00"))
    assert d.then.commit_cents == 230_000_50
    assert d.now.commit_cents == 160_000_50  # 110,000 + 50,000.50; the commit deal slipped
    assert [(c.deal_id, c.kind, c.before, c.after) for c in d.changes] == [
        (portfolio["won"], ChangeKind.AMOUNT, 100_000_00, 110_000_00),
        (portfolio["open"], ChangeKind.SLIPPED, "2026-12-15", "2027-01-10"),
        (new.id, ChangeKind.NEW, None, 9_000_00),
    ]
    assert forecast.as_of(conn, Q4, then).figures() == d.then.figures()


def test_a_win_dated_back_counts_from_when_it_was_recorded(conn, portfolio, monkeypatch):
    """As it stood at a moment is what the book said then: a win recorded today but dated
    back to September was not known on Thursday morning, and leaves the quarter today."""
    thursday = _moment("2026-11-26T09:30")
    at(monkeypatch, "2026-11-27T09:00")
    deals.won(conn, portfolio["open"], when=_moment("2026-09-30T12:00"))  # into Q3
    changes = forecast.change_between(conn, Q4, thursday, _moment("2026-11-27T09:05")).changes
    assert [(c.kind, c.in_period_before, c.in_period_after) for c in changes] == [
        (ChangeKind.WON, True, False)
    ]
    assert forecast.as_of(conn, Q4, thursday).commit_cents == 230_000_50
