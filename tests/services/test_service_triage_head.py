"""`services.triage.head`: the cockpit's first frame lists exactly the top of the queue.

On a book with a long backlog the first frame reads only complaints, due follow-ups and
overdue requests; whatever it shows must be what `load` (and `sam today`) put first,
row for row, with the same follow-up and complaint counts.
"""

from __future__ import annotations

import random
import sqlite3
from datetime import date, timedelta

import pytest
from svc_support import account, at, follow_up

from sam_tui import demo
from sam_tui.domain.enums import AccountStatus, Priority, Tier
from sam_tui.domain.triage import CEILING
from sam_tui.services import accounts, follow_ups, requests, triage


@pytest.fixture
def backlog(conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch) -> sqlite3.Connection:
    """The demo portfolio after a month away: six overdue follow-ups (mostly urgent ones)
    and two overdue requests on every account, due on a handful of days, so many tie."""
    at(monkeypatch, "2026-11-26T09:00")
    demo.fill(conn, seed=5)
    rng = random.Random(5)
    live = [s for s in accounts.summaries(conn) if s.status is AccountStatus.ACTIVE]
    at(monkeypatch, "2026-10-20T09:00")
    for s in live:
        for n in range(6):
            due = date(2026, 10, 26) + timedelta(days=rng.choice([0, 7, 14, 21, 28]))
            follow_ups.add(
                conn,
                account_ref=f"#{s.id}",
                title=f"chase {n}",
                due=due,
                priority=rng.choice([Priority.HIGH, Priority.HIGH, Priority.NORMAL, Priority.LOW]),
            )
        for n in range(2):
            due = date(2026, 10, 26) + timedelta(days=rng.choice([0, 10, 20]))
            requests.add(
                conn, f"#{s.id}", requests.NewRequest(team="finance", ask=f"credit {n}", due=due)
            )
    at(monkeypatch, "2026-11-26T09:00")
    return conn


@pytest.mark.parametrize("rows", [1, 7, 24, 40, 500])
def test_the_first_frame_is_the_top_of_the_whole_queue(backlog: sqlite3.Connection, rows: int):
    whole = triage.load(backlog)
    # the items no other kind can reach: the first frame lists up to as many as there are
    urgent = sum(1 for i in whole.items if i.score > triage.HEAD_CUT)
    assert urgent >= 24, "the backlog is urgent enough for most terminals' first frame"
    first = triage.head(backlog, rows)
    if rows > urgent:
        assert first is None  # the cockpit reads the whole queue for its first frame
        return
    assert first is not None
    assert first.items == whole.items[:rows]
    assert first.kpis[:4] == whole.kpis[:4]  # overdue, due today, complaints, past SLA
    assert first.accounts == whole.accounts
    assert (first.complete, whole.complete) == (False, True)


def test_ties_on_the_same_day_keep_the_order_by_account_name(conn, monkeypatch):
    """Many strategic accounts, one overdue high-priority follow-up each, all due the same
    day: every one scores the ceiling, and the first frame picks by name as `load` does."""
    at(monkeypatch, "2026-11-01T09:00")
    for n in range(30):
        account(conn, f"Account {30 - n:02d}", Tier.STRATEGIC)
        follow_up(conn, f"Account {30 - n:02d}", "call back", "2026-11-10", Priority.HIGH)
    at(monkeypatch, "2026-11-26T09:00")
    whole = triage.load(conn)
    assert whole.items[0].score == CEILING[whole.items[0].kind]
    first = triage.head(conn, 10)
    assert first is not None
    assert [i.account_name for i in first.items] == [f"Account {n:02d}" for n in range(1, 11)]
    assert first.items == whole.items[:10]


def test_archived_accounts_count_in_neither(backlog: sqlite3.Connection):
    some = next(s for s in accounts.summaries(backlog) if s.overdue_follow_ups)
    accounts.set_archived(backlog, f"#{some.id}", True)
    whole = triage.load(backlog)
    first = triage.head(backlog, 24)
    assert first is not None
    assert first.kpis[:4] == whole.kpis[:4]
    assert first.items == whole.items[:24]
    assert some.id not in {i.account_id for i in first.items}


def test_without_a_backlog_the_first_frame_needs_the_whole_queue(conn, monkeypatch):
    """A follow-up due today scores below what a renewal or a late deal may reach: the top
    cannot be known from the records alone."""
    at(monkeypatch, "2026-11-26T09:00")
    account(conn, "Acme Corp")
    follow_up(conn, "Acme Corp", "Book the QBR", "2026-11-26")
    assert triage.head(conn, 1) is None
    assert triage.head(conn, 5) is None  # and asked for more items than there are
